/* Control flow resolved at compile time (passes/expand_control_flow.c): If
   with a constant condition inlined, Loop and Scan unrolled, bodies that
   read outer-scope values (nested too), and the errors when something is
   only known at run time. Graphs and bodies are built in the IR; inference
   folds the constants, so results are checked as values. */
#include "fold_graph.h"
#include "ops/op.h"

TestSuite(control_flow, .init = setup, .fini = teardown);

/* A body of parent with formal inputs of the given types (scalars when rank 0). */
static ir_graph *body(int num_inputs, const int32_t *dtypes)
{
    ir_graph *b = ir_subgraph_new(g);
    b->inputs = ir_alloc(b, sizeof(ir_value *) * (size_t)(num_inputs + 1));
    for (int i = 0; i < num_inputs; i++) {
        char name[16];
        snprintf(name, sizeof name, "in%d", i);
        ir_value *v = ir_value_new(b, name);
        v->dtype = dtypes[i];
        v->is_input = true;
        b->inputs[b->num_inputs++] = v;
    }
    return b;
}

/* A node of body b (the fold_graph.h node() builds in g). */
static ir_node *body_node(ir_graph *b, const char *op, int nin, ir_value *const *in)
{
    ir_node *n = ir_node_new(b, op, nin, 1);
    n->opset = 13;
    for (int i = 0; i < nin; i++) n->inputs[i] = in[i];
    char name[32];
    snprintf(name, sizeof name, "%s%d", op, b->num_values);
    n->outputs[0] = ir_value_new(b, name);
    n->outputs[0]->producer = n;
    return n;
}

static ir_value *body_const(ir_graph *b, float value)
{
    ir_value *v = ir_value_new(b, "k");
    int64_t one = 1;
    ir_value_set_shape(v, DT_FLOAT, 1, &one);
    v->data = ir_alloc(b, sizeof(float));
    *(float *)v->data = value;
    return v;
}

static void body_outputs(ir_graph *b, int count, ir_value *const *outs)
{
    b->outputs = ir_alloc(b, sizeof(ir_value *) * (size_t)(count + 1));
    for (int i = 0; i < count; i++) b->outputs[b->num_outputs++] = outs[i];
}

static void attr_graph_set(ir_node *n, const char *name, ir_graph *body_graph)
{
    add_attr(n, name, IR_ATTR_GRAPH)->graph = body_graph;
}

static int live_nodes(const char *op)
{
    int count = 0;
    for (int i = 0; i < g->num_nodes; i++)
        if (!g->nodes[i]->dead && (!op || strcmp(g->nodes[i]->op_type, op) == 0)) count++;
    return count;
}

/* y = If(cond) then Neg(x) else x + 1, x an outer-scope value of the main graph. */
static ir_node *if_node(ir_value *cond, ir_value *x)
{
    ir_graph *then_b = body(0, NULL), *else_b = body(0, NULL);
    ir_value *neg = body_node(then_b, "Neg", 1, &x)->outputs[0];
    body_outputs(then_b, 1, &neg);
    ir_value *add_in[2] = {x, body_const(else_b, 1.0f)};
    ir_value *add = body_node(else_b, "Add", 2, add_in)->outputs[0];
    body_outputs(else_b, 1, &add);
    ir_node *n = node("If", 13, 1, &cond, 1);
    attr_graph_set(n, "then_branch", then_b);
    attr_graph_set(n, "else_branch", else_b);
    return n;
}

Test(control_flow, constant_if_becomes_its_taken_branch)
{
    int64_t d3 = 3;
    float xs[3] = {1, 2, 5};
    for (int taken = 0; taken < 2; taken++) {
        bool c = taken;
        ir_value *cond = tensor(DT_BOOL, 0, NULL, &c), *x = tensor(DT_FLOAT, 1, &d3, xs);
        ir_node *n = if_node(cond, x);
        cr_assert(infer(), "%s", diag_message());
        cr_assert(n->dead, "the If is gone");
        if (taken) expect_f32(n->outputs[0], 3, (float[]){-1, -2, -5});
        else expect_f32(n->outputs[0], 3, (float[]){2, 3, 6});
    }
    cr_assert_eq(live_nodes("If"), 0);
    cr_assert_eq(live_nodes("Neg"), 1, "one copy of the then branch");
    cr_assert_eq(live_nodes("Add"), 1, "one copy of the else branch");
}

Test(control_flow, inlined_branch_reads_run_time_values)
{
    int64_t d3 = 3;
    bool c = true;
    ir_value *x = tensor(DT_FLOAT, 1, &d3, NULL);
    ir_node *n = if_node(tensor(DT_BOOL, 0, NULL, &c), x);
    cr_assert(infer(), "%s", diag_message());
    ir_node *neg = NULL;
    for (int i = 0; i < g->num_nodes; i++)
        if (strcmp(g->nodes[i]->op_type, "Neg") == 0) neg = g->nodes[i];
    cr_assert(neg && neg->inputs[0] == x, "the copy reads the main graph's x");
    expect_shape(n->outputs[0], 1, &d3);
    cr_assert(ir_verify(g), "%s", diag_message());
}

/* A run-time condition: both branches, their nodes guarded, Where picks. */
Test(control_flow, run_time_if_guards_both_branches)
{
    int64_t d3 = 3;
    ir_value *cond = tensor(DT_BOOL, 0, NULL, NULL), *x = tensor(DT_FLOAT, 1, &d3, NULL);
    ir_node *n = if_node(cond, x);
    cr_assert(infer(), "%s", diag_message());
    expect_shape(n->outputs[0], 1, &d3);
    const ir_value *guard = NULL;
    int guarded = 0;
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *m = g->nodes[i];
        if (strcmp(m->op_type, "Cast") == 0) guard = m->outputs[0];
        if (strcmp(m->op_type, "Neg") == 0) cr_assert(m->guard == guard && m->guard_when, "then: runs when true");
        if (strcmp(m->op_type, "Add") == 0) cr_assert(m->guard == guard && !m->guard_when, "else: when false");
        if (strcmp(m->op_type, "Where") == 0) cr_assert(!m->guard && n->outputs[0] == m->outputs[0]);
        guarded += m->guard != NULL;
    }
    cr_assert(guard && guarded == 2, "%d guarded", guarded);
    lir_program p;
    cr_assert(lower_graph(g, 1, NULL, &p), "%s", diag_message());
    int guarded_calls = 0;
    for (int c = 0; c < p.num_calls; c++) guarded_calls += p.calls[c]->guard == guard;
    cr_assert_eq(guarded_calls, 2, "the calls keep their node's guard");
    lir_program_free(&p);
}

Test(control_flow, run_time_condition_with_unequal_branches_names_the_graph_input)
{
    int64_t d3 = 3;
    ir_value *cond = tensor(DT_BOOL, 0, NULL, NULL), *x = tensor(DT_FLOAT, 1, &d3, NULL);
    cond->name = ir_strdup(g, "flag");
    ir_node *n = if_node(cond, x);
    ir_graph *else_b = ir_node_attr(n, "else_branch")->graph;
    else_b->outputs[0] = body_const(else_b, 4.0f); /* [1], the then branch [3] */
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
    cr_assert(strstr(diag_message(), "must be known at compile time"), "%s", diag_message());
    cr_assert(strstr(diag_message(), "graph input 'flag'"), "%s", diag_message());
}

/* Loop(M, cond, y0): body y = 2 * y + float(iteration); cond_out = iteration < stop; scan output y. */
static ir_node *loop_node(ir_value *trip, ir_value *cond, int64_t stop)
{
    ir_graph *b = body(3, (const int32_t[]){DT_INT64, DT_BOOL, DT_FLOAT});
    ir_node *cast = body_node(b, "Cast", 1, &b->inputs[0]);
    add_attr(cast, "to", IR_ATTR_INT)->i = DT_FLOAT;
    ir_value *two_y[2] = {b->inputs[2], body_const(b, 2.0f)};
    ir_value *doubled = body_node(b, "Mul", 2, two_y)->outputs[0];
    ir_value *sum_in[2] = {doubled, cast->outputs[0]};
    ir_value *y = body_node(b, "Add", 2, sum_in)->outputs[0];
    ir_value *stop_v = ir_value_new(b, "stop");
    ir_value_set_shape(stop_v, DT_INT64, 0, NULL);
    stop_v->data = ir_alloc(b, sizeof(int64_t));
    *(int64_t *)stop_v->data = stop;
    ir_value *less_in[2] = {b->inputs[0], stop_v};
    ir_value *cond_out = stop < 0 ? b->inputs[1] : body_node(b, "Less", 2, less_in)->outputs[0];
    body_outputs(b, 3, (ir_value *[]){cond_out, y, y});
    int64_t one = 1;
    float y0 = 1;
    ir_node *n = node("Loop", 13, 3, (ir_value *[]){trip, cond, tensor(DT_FLOAT, 1, &one, &y0)}, 2);
    attr_graph_set(n, "body", b);
    return n;
}

static ir_value *i64_scalar(int64_t v) { return tensor(DT_INT64, 0, NULL, &v); }

Test(control_flow, loop_unrolls_chaining_carried_values_and_stacking_scan_outputs)
{
    bool t = true;
    ir_node *n = loop_node(i64_scalar(4), tensor(DT_BOOL, 0, NULL, &t), -1);
    cr_assert(infer(), "%s", diag_message());
    expect_f32(n->outputs[0], 1, (float[]){27});
    expect_shape(n->outputs[1], 2, (int64_t[]){4, 1});
    expect_f32(n->outputs[1], 4, (float[]){2, 5, 12, 27});
    cr_assert_eq(live_nodes("Loop"), 0);
}

Test(control_flow, loop_stops_when_the_body_condition_turns_false)
{
    /* No trip count: the condition iteration < 1 is false after the second iteration. */
    bool t = true;
    ir_node *n = loop_node(NULL, tensor(DT_BOOL, 0, NULL, &t), 1);
    cr_assert(infer(), "%s", diag_message());
    expect_f32(n->outputs[1], 2, (float[]){2, 5});
}

Test(control_flow, loop_limits_and_run_time_trip_count)
{
    bool t = true;
    loop_node(i64_scalar(1000), tensor(DT_BOOL, 0, NULL, &t), -1);
    cr_assert(!infer());
    cr_assert(strstr(diag_message(), "more than 64 iterations"), "%s", diag_message());

    teardown();
    setup();
    ir_value *trip = tensor(DT_INT64, 0, NULL, NULL);
    trip->name = ir_strdup(g, "M");
    loop_node(trip, tensor(DT_BOOL, 0, NULL, &t), -1);
    cr_assert(!infer());
    cr_assert(strstr(diag_message(), "input 0 ('M') must be known at compile time"), "%s", diag_message());
    cr_assert(strstr(diag_message(), "graph input 'M'"), "%s", diag_message());
}

Test(control_flow, nested_if_in_loop_reads_each_iterations_value)
{
    /* Loop 3 times: y = If(c) then y_in + 1 else y_in, the If's branches
       reading the body's y_in (their outer scope) and the main graph's c. */
    bool t = true;
    ir_value *c = tensor(DT_BOOL, 0, NULL, &t);
    ir_graph *b = body(3, (const int32_t[]){DT_INT64, DT_BOOL, DT_FLOAT});
    ir_graph *then_b = ir_subgraph_new(b), *else_b = ir_subgraph_new(b);
    ir_value *add_in[2] = {b->inputs[2], body_const(then_b, 1.0f)};
    body_outputs(then_b, 1, &body_node(then_b, "Add", 2, add_in)->outputs[0]);
    body_outputs(else_b, 1, &b->inputs[2]);
    ir_node *iff = body_node(b, "If", 1, &c);
    iff->attrs = ir_alloc(b, sizeof(ir_attr) * 2);
    iff->attrs[0] = (ir_attr){.name = "then_branch", .type = IR_ATTR_GRAPH, .graph = then_b};
    iff->attrs[1] = (ir_attr){.name = "else_branch", .type = IR_ATTR_GRAPH, .graph = else_b};
    iff->num_attrs = 2;
    body_outputs(b, 2, (ir_value *[]){b->inputs[1], iff->outputs[0]});
    int64_t one = 1;
    float y0 = 10;
    ir_node *n = node("Loop", 13, 3, (ir_value *[]){i64_scalar(3), c, tensor(DT_FLOAT, 1, &one, &y0)}, 1);
    attr_graph_set(n, "body", b);
    cr_assert(infer(), "%s", diag_message());
    expect_f32(n->outputs[0], 1, (float[]){13});
    cr_assert_eq(live_nodes("If"), 0);
}

/* Scan 9+: state s [2] = 0, x [2, 3] scanned along axis 1 backwards;
   body s = s + x_t, scan output s along axis -1, prepended. */
Test(control_flow, scan_honours_axes_and_directions)
{
    int64_t d2 = 2, d23[2] = {2, 3};
    float zero[2] = {0, 0}, xs[6] = {1, 2, 3, 4, 5, 6};
    ir_graph *b = body(2, (const int32_t[]){DT_FLOAT, DT_FLOAT});
    ir_value *s = body_node(b, "Add", 2, b->inputs)->outputs[0];
    body_outputs(b, 2, (ir_value *[]){s, s});
    ir_node *n = node("Scan", 11, 2, (ir_value *[]){tensor(DT_FLOAT, 1, &d2, zero), tensor(DT_FLOAT, 2, d23, xs)}, 2);
    attr_graph_set(n, "body", b);
    attr_int_set(n, "num_scan_inputs", 1);
    attr_ints_set(n, "scan_input_axes", 1, (int64_t[]){1});
    attr_ints_set(n, "scan_input_directions", 1, (int64_t[]){1});
    attr_ints_set(n, "scan_output_axes", 1, (int64_t[]){-1});
    attr_ints_set(n, "scan_output_directions", 1, (int64_t[]){1});
    cr_assert(infer(), "%s", diag_message());
    expect_f32(n->outputs[0], 2, (float[]){6, 15});
    /* steps read columns 2, 1, 0: sums [3,6], [5,11], [6,15]; prepended along the last axis */
    expect_shape(n->outputs[1], 2, d23);
    expect_f32(n->outputs[1], 6, (float[]){6, 5, 3, 15, 11, 6});
}

Test(control_flow, scan8_scans_each_batch_entry)
{
    /* Batch 2, sequence 2, state [1]: per batch a running sum. */
    int64_t ds[2] = {2, 1}, dx[3] = {2, 2, 1};
    float zero[2] = {0, 0}, xs[4] = {1, 2, 10, 20};
    ir_graph *b = body(2, (const int32_t[]){DT_FLOAT, DT_FLOAT});
    ir_value *s = body_node(b, "Add", 2, b->inputs)->outputs[0];
    body_outputs(b, 2, (ir_value *[]){s, s});
    ir_node *n = node("Scan", 8, 3, (ir_value *[]){NULL, tensor(DT_FLOAT, 2, ds, zero), tensor(DT_FLOAT, 3, dx, xs)}, 2);
    n->opset = 8;
    attr_graph_set(n, "body", b);
    attr_int_set(n, "num_scan_inputs", 1);
    cr_assert(infer(), "%s", diag_message());
    expect_f32(n->outputs[0], 2, (float[]){3, 30});
    expect_shape(n->outputs[1], 3, dx);
    expect_f32(n->outputs[1], 4, (float[]){1, 3, 10, 30});
}

/* A node has one guard: a run-time If inside a branch of a run-time If
   would run its branches when the outer one is not taken. */
Test(control_flow, run_time_if_nested_in_a_run_time_branch_is_refused)
{
    int64_t d3 = 3;
    ir_value *cond = tensor(DT_BOOL, 0, NULL, NULL), *x = tensor(DT_FLOAT, 1, &d3, NULL);
    cond->name = ir_strdup(g, "flag");
    ir_node *outer = if_node(cond, x);
    ir_graph *then_b = ir_node_attr(outer, "then_branch")->graph;
    ir_graph *inner_then = ir_subgraph_new(then_b), *inner_else = ir_subgraph_new(then_b);
    body_outputs(inner_then, 1, &body_node(inner_then, "Abs", 1, &then_b->outputs[0])->outputs[0]);
    body_outputs(inner_else, 1, &x);
    ir_node *inner = body_node(then_b, "If", 1, &cond);
    inner->attrs = ir_alloc(then_b, sizeof(ir_attr) * 2);
    inner->attrs[0] = (ir_attr){.name = "then_branch", .type = IR_ATTR_GRAPH, .graph = inner_then};
    inner->attrs[1] = (ir_attr){.name = "else_branch", .type = IR_ATTR_GRAPH, .graph = inner_else};
    inner->num_attrs = 2;
    then_b->outputs[0] = inner->outputs[0];
    cr_assert(!infer());
    cr_assert(strstr(diag_message(), "must be known at compile time"), "%s", diag_message());
    cr_assert(strstr(diag_message(), "graph input 'flag'"), "%s", diag_message());
}
