/* Passes: inference with constant folding, identity removal, dead code,
   and memory planning. Graphs are built directly in the IR. */
#include <criterion/criterion.h>
#include <string.h>

#include "ops/op.h"
#include "ir/diag.h"
#include "driver/pipeline.h"
#include "passes/passes.h"

static ir_value *make_input(ir_graph *g, const char *name, int64_t n)
{
    ir_value *v = ir_value_new(g, name);
    ir_value_set_shape(v, DT_FLOAT, 1, &n);
    v->is_input = true;
    g->inputs = realloc(g->inputs, sizeof(ir_value *) * (size_t)(g->num_inputs + 1));
    g->inputs[g->num_inputs++] = v;
    return v;
}

static ir_value *make_const(ir_graph *g, const char *name, int64_t n, float value)
{
    ir_value *v = ir_value_new(g, name);
    ir_value_set_shape(v, DT_FLOAT, 1, &n);
    float *d = ir_alloc(g, sizeof(float) * (size_t)n);
    for (int64_t i = 0; i < n; i++) d[i] = value;
    v->data = d;
    return v;
}

static ir_value *add_node(ir_graph *g, const char *op, ir_value *a, ir_value *b, const char *out)
{
    ir_node *n = ir_node_new(g, op, b ? 2 : 1, 1);
    n->opset = 13;
    n->inputs[0] = a;
    if (b) n->inputs[1] = b;
    n->outputs[0] = ir_value_new(g, out);
    return n->outputs[0];
}

static void set_output(ir_graph *g, ir_value *v)
{
    v->is_output = true;
    g->outputs = realloc(g->outputs, sizeof(ir_value *) * (size_t)(g->num_outputs + 1));
    g->outputs[g->num_outputs++] = v;
}

static void free_graph(ir_graph *g)
{
    free(g->inputs);
    free(g->outputs);
    ir_graph_free(g);
}

Test(passes, constant_subgraph_folds_away)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_value *x = make_input(g, "x", 4);
    ir_value *c = add_node(g, "Mul", make_const(g, "a", 4, 2.0f), make_const(g, "b", 4, 3.0f), "c");
    ir_value *y = add_node(g, "Add", x, c, "y");
    set_output(g, y);
    cr_assert(pipeline_optimize(g, true), "%s", diag_message());
    cr_assert_eq(g->num_nodes, 1, "the Mul of two constants is folded");
    cr_assert(ir_value_is_const(c));
    for (int i = 0; i < 4; i++) cr_assert_float_eq(((float *)c->data)[i], 6.0f, 0);
    cr_assert_eq(y->rank, 1);
    cr_assert_eq(y->dims[0], 4);
    free_graph(g);
}

/* Expand of a one-element constant to n floats, added to an input of n. */
static ir_graph *expand_graph(int64_t n, ir_value **expanded)
{
    ir_graph *g = ir_graph_new("t.onnx");
    ir_value *x = make_input(g, "x", n);
    ir_value *shape = ir_value_new(g, "shape");
    int64_t one = 1;
    ir_value_set_shape(shape, DT_INT64, 1, &one);
    int64_t *d = ir_alloc(g, sizeof *d);
    d[0] = n;
    shape->data = d;
    *expanded = add_node(g, "Expand", make_const(g, "c", 1, 2.5f), shape, "e");
    set_output(g, add_node(g, "Add", x, *expanded, "y"));
    return g;
}

/* A fold whose output is over 64 KiB and larger than its inputs would put
   those bytes in the generated C: it stays a run-time call. */
Test(passes, large_fill_is_not_folded)
{
    diag_clear();
    ir_value *e;
    ir_graph *g = expand_graph(16384, &e); /* 64 KiB: folds */
    cr_assert(pipeline_optimize(g, true), "%s", diag_message());
    cr_assert(ir_value_is_const(e));
    cr_assert_float_eq(((float *)e->data)[16383], 2.5f, 0);
    free_graph(g);

    g = expand_graph(16385, &e); /* one float more: a run-time Expand */
    cr_assert(pipeline_optimize(g, true), "%s", diag_message());
    cr_assert(!ir_value_is_const(e));
    cr_assert_eq(e->dims[0], 16385);
    free_graph(g);
}

Test(passes, identity_is_removed_and_dead_nodes_go)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_value *x = make_input(g, "x", 4);
    ir_value *i = add_node(g, "Identity", x, NULL, "i");
    add_node(g, "Relu", x, NULL, "unused");
    ir_value *y = add_node(g, "Relu", i, NULL, "y");
    set_output(g, y);
    cr_assert(pipeline_optimize(g, true), "%s", diag_message());
    cr_assert_eq(g->num_nodes, 1);
    cr_assert_str_eq(g->nodes[0]->op_type, "Relu");
    cr_assert_eq(g->nodes[0]->inputs[0], x);
    free_graph(g);
}

Test(passes, unknown_op_and_attribute_are_reported)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_value *x = make_input(g, "x", 4);
    set_output(g, add_node(g, "NoSuchOp", x, NULL, "y"));
    cr_assert_not(pipeline_optimize(g, true));
    cr_assert(strstr(diag_message(), "t.onnx") && strstr(diag_message(), "NoSuchOp") &&
              strstr(diag_message(), "not supported"), "%s", diag_message());
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
    free_graph(g);

    diag_clear();
    g = ir_graph_new("t.onnx");
    x = make_input(g, "x", 4);
    ir_value *y = add_node(g, "Relu", x, NULL, "y");
    ir_node *n = g->nodes[0];
    n->attrs = ir_alloc(g, sizeof(ir_attr));
    n->attrs[0].name = ir_strdup(g, "bogus");
    n->attrs[0].type = IR_ATTR_INT;
    n->num_attrs = 1;
    set_output(g, y);
    cr_assert_not(pipeline_optimize(g, true));
    cr_assert(strstr(diag_message(), "bogus"), "%s", diag_message());
    free_graph(g);
    diag_clear();
}

/* A chain x -> r1 -> r2 -> r3 -> r4 -> y: intermediates live one step each,
   so two arena buffers suffice, and neighbours never share one. */
Test(passes, memory_plan_reuses_dead_buffers)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_value *v = make_input(g, "x", 1000);
    ir_value *chain[4];
    for (int i = 0; i < 4; i++) {
        char name[8];
        snprintf(name, sizeof name, "r%d", i);
        v = chain[i] = add_node(g, "Relu", v, NULL, name);
    }
    ir_value *y = add_node(g, "Relu", v, NULL, "y");
    set_output(g, y);
    cr_assert(pipeline_optimize(g, true), "%s", diag_message());
    lir_program s;
    /* Without in-place reuse, which would put the whole chain in the output (test_plan_memory.c). */
    static const plan_options no_in_place = {true, false};
    cr_assert(lower_graph(g, 1, NULL, &s) && plan_memory_with(&s, &no_in_place), "%s", diag_message());
    cr_assert_eq(s.num_calls, 5);
    cr_assert_eq(s.arena_bytes, 2 * 4032, "two buffers of 4000 bytes rounded to 64: %zu", s.arena_bytes);
    for (int i = 0; i < 3; i++)
        cr_assert_neq(s.locs[chain[i]->id].offset, s.locs[chain[i + 1]->id].offset);
    cr_assert_eq(s.locs[chain[0]->id].offset, s.locs[chain[2]->id].offset);
    cr_assert_eq(s.locs[y->id].kind, LIR_LOC_OUTPUT);
    cr_assert_eq(s.locs[g->inputs[0]->id].kind, LIR_LOC_INPUT);
    lir_program_free(&s);
    free_graph(g);
}

Test(passes, broadcast_mismatch_is_invalid)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_value *a = make_input(g, "a", 3), *b = make_input(g, "b", 4);
    set_output(g, add_node(g, "Add", a, b, "y"));
    cr_assert_not(pipeline_optimize(g, true));
    cr_assert(strstr(diag_message(), "broadcast"), "%s", diag_message());
    cr_assert_eq(diag_last_kind(), DIAG_INVALID);
    free_graph(g);
    diag_clear();
}

/* A Dropout in training mode changes its input: identity removal keeps it. */
Test(passes, training_dropout_is_not_removed)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_value *x = make_input(g, "x", 8);
    ir_value *ratio = make_const(g, "ratio", 1, 0.5f);
    ratio->rank = 0;
    ir_value *training = ir_value_new(g, "training");
    ir_value_set_shape(training, DT_BOOL, 0, NULL);
    training->data = ir_alloc(g, 1);
    *(unsigned char *)training->data = 1;
    ir_node *d = ir_node_new(g, "Dropout", 3, 1);
    d->opset = 13;
    d->inputs[0] = x;
    d->inputs[1] = ratio;
    d->inputs[2] = training;
    d->outputs[0] = ir_value_new(g, "dropped");
    ir_value *y = add_node(g, "Relu", d->outputs[0], NULL, "y");
    set_output(g, y);
    cr_assert(pipeline_optimize(g, true), "%s", diag_message());
    cr_assert_eq(g->num_nodes, 2);
    cr_assert_str_eq(g->nodes[0]->op_type, "Dropout");
    free_graph(g);
}

static ir_value *make_const_values(ir_graph *g, const char *name, int rank, const int64_t *dims, const float *values)
{
    ir_value *v = ir_value_new(g, name);
    ir_value_set_shape(v, DT_FLOAT, rank, dims);
    v->data = ir_alloc(g, ir_value_bytes(v));
    memcpy(v->data, values, ir_value_bytes(v));
    return v;
}

/* Conv followed by BatchNormalization becomes one Conv with folded
   constants: s = scale / sqrt(var + eps), W' = W * s, b' = (b - mean) * s + B. */
Test(passes, batchnorm_folds_into_conv)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_value *x = ir_value_new(g, "x");
    int64_t xd[] = {1, 2, 1, 1}, wd[] = {2, 2, 1, 1}, cd[] = {2};
    ir_value_set_shape(x, DT_FLOAT, 4, xd);
    x->is_input = true;
    ir_value *inputs[] = {x};
    g->inputs = malloc(sizeof inputs);
    memcpy(g->inputs, inputs, sizeof inputs);
    g->num_inputs = 1;
    const float w[] = {1, 0, 0, 2}, b[] = {1, 2}, scale[] = {2, 3}, shift[] = {0.5f, 0.5f}, mean[] = {1, 1},
                var[] = {3, 8};
    ir_node *conv = ir_node_new(g, "Conv", 3, 1);
    conv->opset = 13;
    conv->inputs[0] = x;
    conv->inputs[1] = make_const_values(g, "w", 4, wd, w);
    conv->inputs[2] = make_const_values(g, "b", 1, cd, b);
    conv->outputs[0] = ir_value_new(g, "c");
    ir_node *bn = ir_node_new(g, "BatchNormalization", 5, 1);
    bn->opset = 15;
    bn->inputs[0] = conv->outputs[0];
    bn->inputs[1] = make_const_values(g, "scale", 1, cd, scale);
    bn->inputs[2] = make_const_values(g, "shift", 1, cd, shift);
    bn->inputs[3] = make_const_values(g, "mean", 1, cd, mean);
    bn->inputs[4] = make_const_values(g, "var", 1, cd, var);
    bn->outputs[0] = ir_value_new(g, "y");
    bn->attrs = ir_alloc(g, sizeof(ir_attr));
    bn->attrs[0] = (ir_attr){.name = ir_strdup(g, "epsilon"), .type = IR_ATTR_FLOAT, .f = 1.0f};
    bn->num_attrs = 1;
    set_output(g, bn->outputs[0]);
    cr_assert(pipeline_optimize(g, true), "%s", diag_message());
    cr_assert_eq(g->num_nodes, 1);
    ir_node *only = g->nodes[0];
    cr_assert_str_eq(only->op_type, "Conv");
    cr_assert_eq(only->outputs[0], bn->outputs[0]);
    const float *w2 = only->inputs[1]->data, *b2 = only->inputs[2]->data;
    /* s = [2 / sqrt(4), 3 / sqrt(9)] = [1, 1] */
    for (int i = 0; i < 4; i++) cr_assert_float_eq(w2[i], w[i], 1e-6);
    cr_assert_float_eq(b2[0], 0.5f, 1e-6);  /* (1 - 1) * 1 + 0.5 */
    cr_assert_float_eq(b2[1], 1.5f, 1e-6);  /* (2 - 1) * 1 + 0.5 */
    free_graph(g);
}
