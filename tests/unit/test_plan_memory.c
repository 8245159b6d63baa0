/* Memory planning's sharing: views (Reshape and its kin, Concat written in
   place by its producers) and in-place elementwise calls. Each graph is
   lowered and planned twice, without sharing and with it; both plans are run
   here the way a generated NAME_run runs (every tensor at its planned place
   in an arena, a weights blob and the caller's buffers, by the same runtime
   kernels) and must give the same bytes. The tests also check that the
   sharing happened, or did not where it must not. */
#include "plan_runner.h"

/* The graph's outputs from both plans, for inputs counting up from -7.3. */
typedef struct two_runs {
    lir_program plain, shared;
} two_runs;

static void run_both(ir_graph *g, two_runs *r)
{
    cr_assert(pipeline_optimize(g, true), "%s", diag_message());
    static const plan_options none = {false, false};
    cr_assert(lower_graph(g, 1, NULL, &r->plain) && plan_memory_with(&r->plain, &none), "%s", diag_message());
    cr_assert(lower_graph(g, 1, NULL, &r->shared) && plan_memory(&r->shared), "%s", diag_message());
    void *in[8], *out_plain[8], *out_shared[8];
    make_inputs(g, in);
    make_outputs(g, out_plain);
    make_outputs(g, out_shared);
    run_plan(&r->plain, in, out_plain);
    run_plan(&r->shared, in, out_shared);
    assert_same_outputs(g, out_plain, out_shared);
    free_buffers(g->num_inputs, in);
    free_buffers(g->num_outputs, out_plain);
    free_buffers(g->num_outputs, out_shared);
}

static void free_runs(two_runs *r)
{
    lir_program_free(&r->plain);
    lir_program_free(&r->shared);
}

static const lir_loc *loc(const two_runs *r, const ir_value *v)
{
    return &r->shared.locs[v->id];
}

/* v lives at `delta` bytes into w's memory in the shared plan. */
static bool inside(const two_runs *r, const ir_value *v, const ir_value *w, size_t delta)
{
    const lir_loc *a = loc(r, v), *b = loc(r, w);
    return a->kind == b->kind && a->index == b->index && a->offset == b->offset + delta;
}

/* ---- views ---------------------------------------------------------------- */

/* Relu -> Reshape -> Add: the reshaped value is the Relu's memory. */
Test(plan_memory, reshape_of_a_computed_value_is_a_view)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {2, 3, 5}, d2[] = {5, 6}, one = 1;
    ir_value *x = input(g, "x", 3, d);
    ir_value *r = unary(g, "Relu", x, "r");
    ir_value *s = reshape(g, r, 2, d2, "s");
    float bias = 0.5f;
    ir_value *y = binary(g, "Add", s, constant(g, "b", DT_FLOAT, 1, &one, &bias), "y");
    output(g, y);
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(count_calls(&runs.plain, "rt_copy"), 1);
    cr_assert_eq(count_calls(&runs.shared, "rt_copy"), 0);
    cr_assert_eq(runs.shared.copies_removed, 1);
    cr_assert(inside(&runs, s, r, 0));
    cr_assert_eq(loc(&runs, r)->kind, LIR_LOC_OUTPUT, "then Add writes over it: %d", runs.shared.in_place);
    free_runs(&runs);
    free_graph(g);
}

/* A Reshape of a graph input reads the caller's buffer. */
Test(plan_memory, reshape_of_a_graph_input_is_a_view)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {7}, d2[] = {7, 1};
    ir_value *x = input(g, "x", 1, d);
    ir_value *s = reshape(g, x, 2, d2, "s");
    output(g, binary(g, "Mul", unary(g, "Relu", s, "r"), s, "y"));
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(count_calls(&runs.shared, "rt_copy"), 0);
    cr_assert_eq(loc(&runs, s)->kind, LIR_LOC_INPUT);
    cr_assert_eq(loc(&runs, s)->within, x);
    free_runs(&runs);
    free_graph(g);
}

/* A Transpose that only moves dimensions of size 1 keeps the elements'
   order: a view. One that moves data stays a strided copy. */
Test(plan_memory, transpose_of_size_one_dimensions_is_a_view)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {3, 1, 5};
    ir_value *a = unary(g, "Exp", input(g, "x", 3, d), "a");
    ir_node *t = node(g, "Transpose", 1, &a, "t");
    ir_node *u = node(g, "Transpose", 1, &a, "u");
    ir_node *nodes[] = {t, u};
    static const int64_t moves_one[] = {1, 0, 2}, moves_data[] = {2, 1, 0};
    for (int i = 0; i < 2; i++) {
        nodes[i]->attrs = ir_alloc(g, sizeof(ir_attr));
        nodes[i]->attrs[0] = (ir_attr){.name = ir_strdup(g, "perm"), .type = IR_ATTR_INTS, .count = 3,
                                       .ints = ir_alloc(g, 3 * sizeof(int64_t))};
        memcpy(nodes[i]->attrs[0].ints, i ? moves_data : moves_one, 3 * sizeof(int64_t));
        nodes[i]->num_attrs = 1;
    }
    output(g, binary(g, "Add", unary(g, "Neg", t->outputs[0], "n"), t->outputs[0], "y"));
    output(g, u->outputs[0]);
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(count_calls(&runs.plain, "rt_transpose"), 1);
    cr_assert_eq(count_calls(&runs.shared, "rt_transpose"), 1);
    cr_assert_eq(count_calls(&runs.shared, "rt_copy"), 0);
    cr_assert(inside(&runs, t->outputs[0], a, 0));
    free_runs(&runs);
    free_graph(g);
}

/* A Reshape whose result is a graph output: the producer writes into the
   caller's buffer, and nothing is copied. */
Test(plan_memory, view_that_is_a_graph_output_is_written_there)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {3, 1, 5}, d2[] = {15};
    ir_value *x = input(g, "x", 3, d);
    ir_value *e = unary(g, "Exp", x, "e");
    ir_value *y = reshape(g, e, 1, d2, "y");
    output(g, y);
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(runs.shared.num_calls, 1);
    cr_assert_eq(runs.shared.num_copies, 0);
    cr_assert_eq(loc(&runs, e)->kind, LIR_LOC_OUTPUT);
    cr_assert_eq(runs.shared.arena_bytes, 0);
    free_runs(&runs);
    free_graph(g);
}

/* Copies that must stay: a graph output that reshapes a graph input, and
   one that reshapes another graph output; the same value as two outputs. */
Test(plan_memory, views_between_caller_buffers_are_copied)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {2, 3}, d2[] = {3, 2}, d3[] = {6};
    ir_value *x = input(g, "x", 2, d);
    ir_value *y0 = reshape(g, x, 2, d2, "y0");
    ir_value *e = unary(g, "Exp", x, "e");
    ir_value *y1 = reshape(g, e, 1, d3, "y1");
    ir_value *n = unary(g, "Neg", y1, "n");
    output(g, y0);
    output(g, e);
    output(g, y1);
    output(g, n);
    output(g, y1);
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(count_calls(&runs.shared, "rt_copy"), 2, "y0 and y1 keep their copies");
    cr_assert_eq(loc(&runs, e)->kind, LIR_LOC_OUTPUT);
    cr_assert_eq(loc(&runs, y1)->kind, LIR_LOC_OUTPUT);
    cr_assert_eq(runs.shared.num_copies, 1, "y1 listed twice");
    free_runs(&runs);
    free_graph(g);
}

/* A chain of views ending in a graph output: all of it lands in the
   caller's buffer. A view read after its source was overwritten would show
   as a difference: the source is read again after the views. */
Test(plan_memory, chain_of_views_and_later_readers)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {1, 4, 3}, d2[] = {12}, d3[] = {3, 4};
    ir_value *x = input(g, "x", 3, d);
    ir_value *a = unary(g, "Sigmoid", x, "a");
    ir_value *b = reshape(g, a, 1, d2, "b");
    ir_value *c = unary(g, "Flatten", b, "c");
    ir_value *y = reshape(g, c, 2, d3, "y");
    ir_value *z = binary(g, "Add", a, a, "z");
    output(g, y);
    output(g, z);
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(count_calls(&runs.shared, "rt_copy"), 0);
    cr_assert_eq(loc(&runs, a)->kind, LIR_LOC_OUTPUT);
    cr_assert_eq(loc(&runs, a)->index, 0);
    free_runs(&runs);
    free_graph(g);
}

/* ---- Concat --------------------------------------------------------------- */

/* Channel concat at batch 1: each part is written into its range of the
   result (odd sizes), and the Concat's copies disappear. */
Test(plan_memory, concat_parts_are_written_in_place)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d1[] = {1, 3, 5}, d2[] = {1, 2, 5};
    ir_value *a = unary(g, "Relu", input(g, "x1", 3, d1), "a");
    ir_value *b = unary(g, "Tanh", input(g, "x2", 3, d2), "b");
    ir_value *c = unary(g, "Neg", a, "c");
    ir_value *cat = concat(g, 1, 3, (ir_value *[]){a, b, c}, "cat");
    output(g, unary(g, "Exp", cat, "y"));
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(count_calls(&runs.plain, "rt_copy_blocks"), 3);
    cr_assert_eq(count_calls(&runs.shared, "rt_copy_blocks"), 0);
    cr_assert(inside(&runs, a, cat, 0));
    cr_assert(inside(&runs, b, cat, 15 * sizeof(float)));
    cr_assert(inside(&runs, c, cat, 25 * sizeof(float)));
    free_runs(&runs);
    free_graph(g);
}

/* Parts that cannot move: a graph input, a constant, a value taken twice,
   a value two Concats take; and a Concat along an inner axis (not one
   contiguous range per part). Every result must still be right. */
Test(plan_memory, concat_parts_that_stay_copies)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {1, 2, 3};
    float w[6] = {1, 2, 3, 4, 5, 6};
    ir_value *x = input(g, "x", 3, d);
    ir_value *a = unary(g, "Relu", x, "a");
    ir_value *k = constant(g, "k", DT_FLOAT, 3, d, w);
    ir_value *c1 = concat(g, 1, 4, (ir_value *[]){x, a, k, a}, "c1");
    ir_value *c2 = concat(g, 0, 2, (ir_value *[]){a, a}, "c2");
    ir_value *c3 = concat(g, 2, 2, (ir_value *[]){a, x}, "c3");
    output(g, unary(g, "Neg", c1, "y1"));
    output(g, c2);
    output(g, c3);
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(runs.shared.copies_removed, 1, "only the first a of c1 moves");
    cr_assert(inside(&runs, a, c1, 6 * sizeof(float)));
    free_runs(&runs);
    free_graph(g);
}

/* DenseNet's dense block: every layer takes the Concat of all earlier
   outputs, computes a new part from it, and the next Concat repeats the
   earlier parts. Each Concat moves into the next as its prefix, so every
   part is written once, in the last Concat, and no copy is left. */
Test(plan_memory, concat_chain_shares_one_buffer)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {1, 2, 5};
    ir_value *a = unary(g, "Relu", input(g, "x", 3, d), "a");
    ir_value *b = unary(g, "Neg", a, "b");
    ir_value *c1 = concat(g, 1, 2, (ir_value *[]){a, b}, "c1");
    ir_value *e = unary(g, "Tanh", c1, "e");
    ir_value *c2 = concat(g, 1, 3, (ir_value *[]){a, b, e}, "c2");
    ir_value *f = unary(g, "Abs", c2, "f");
    ir_value *c3 = concat(g, 1, 4, (ir_value *[]){a, b, e, f}, "c3");
    output(g, unary(g, "Exp", c3, "y"));
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(count_calls(&runs.plain, "rt_copy_blocks"), 9);
    cr_assert_eq(count_calls(&runs.shared, "rt_copy_blocks"), 0);
    cr_assert(inside(&runs, c1, c3, 0) && inside(&runs, c2, c3, 0));
    cr_assert(inside(&runs, e, c3, 20 * sizeof(float)) && inside(&runs, f, c3, 40 * sizeof(float)));
    free_runs(&runs);
    free_graph(g);
}

/* The same chain where a later Concat puts the parts in another order: the
   earlier Concat cannot be its prefix, so those copies stay (and the
   results are still right). */
Test(plan_memory, concat_chain_out_of_order_keeps_copies)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {1, 2, 5};
    ir_value *a = unary(g, "Relu", input(g, "x", 3, d), "a");
    ir_value *b = unary(g, "Neg", a, "b");
    ir_value *c1 = concat(g, 1, 2, (ir_value *[]){a, b}, "c1");
    ir_value *e = unary(g, "Tanh", c1, "e");
    ir_value *c2 = concat(g, 1, 3, (ir_value *[]){b, a, e}, "c2");
    output(g, unary(g, "Exp", c2, "y"));
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(count_calls(&runs.shared, "rt_copy_blocks"), 2, "b and a of c2 stay copies");
    cr_assert(inside(&runs, e, c2, 20 * sizeof(float)));
    free_runs(&runs);
    free_graph(g);
}

/* A Concat that is a graph output: its parts are written into the caller's
   buffer; a Reshape of it is a view of that buffer. */
Test(plan_memory, concat_into_a_graph_output)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {2, 3}, d2[] = {3, 3}, d3[] = {15};
    ir_value *a = unary(g, "Abs", input(g, "x", 2, d), "a");
    ir_value *b = unary(g, "Sqrt", input(g, "z", 2, d2), "b");
    ir_value *cat = concat(g, 0, 2, (ir_value *[]){a, b}, "cat");
    output(g, cat);
    output(g, unary(g, "Neg", reshape(g, cat, 1, d3, "flat"), "y"));
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(runs.shared.num_calls, 3);
    cr_assert_eq(loc(&runs, a)->kind, LIR_LOC_OUTPUT);
    cr_assert_eq(loc(&runs, b)->offset, 6 * sizeof(float));
    free_runs(&runs);
    free_graph(g);
}

/* ---- in place ------------------------------------------------------------- */

/* Unary and binary elementwise calls write over an input nobody reads
   later; a broadcast operand and an input still needed are left alone. */
Test(plan_memory, elementwise_calls_write_over_dying_inputs)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d[] = {3, 7}, d1[] = {7};
    ir_value *x = input(g, "x", 2, d), *bias = input(g, "bias", 1, d1);
    ir_value *a = unary(g, "Exp", x, "a");
    ir_value *b = binary(g, "Add", bias, a, "b");       /* over a: the broadcast bias is smaller */
    ir_value *c = unary(g, "Sigmoid", b, "c");          /* over b */
    ir_value *e = unary(g, "Neg", c, "e");              /* c is read again below: not over c */
    ir_value *f = binary(g, "Mul", c, e, "f");          /* over c or e */
    ir_value *small = binary(g, "Sub", bias, bias, "s"); /* not the output's size: in the arena */
    output(g, binary(g, "Add", f, small, "y"));
    two_runs runs;
    run_both(g, &runs);
    cr_assert_eq(loc(&runs, a)->kind, LIR_LOC_OUTPUT, "the chain ends in the caller's buffer");
    cr_assert_eq(loc(&runs, e)->kind, LIR_LOC_ARENA, "Neg must not overwrite c, which Mul reads");
    cr_assert_eq(runs.shared.in_place, 4);
    free_runs(&runs);
    free_graph(g);
}

/* Relu writing over a Conv's result that feeds a Concat part: the Conv
   writes straight into the Concat's range, the Relu works in place there. */
Test(plan_memory, in_place_inside_a_concat)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t d1[] = {1, 2, 3}, d2[] = {1, 3, 3};
    ir_value *a = unary(g, "Exp", input(g, "x1", 3, d1), "a");
    ir_value *ra = unary(g, "Relu", a, "ra");
    ir_value *b = unary(g, "Exp", input(g, "x2", 3, d2), "b");
    ir_value *rb = unary(g, "Relu", b, "rb");
    ir_value *cat = concat(g, 1, 2, (ir_value *[]){ra, rb}, "cat");
    output(g, unary(g, "Neg", cat, "y"));
    two_runs runs;
    run_both(g, &runs);
    cr_assert(inside(&runs, a, cat, 0));
    cr_assert(inside(&runs, b, cat, 6 * sizeof(float)));
    cr_assert_eq(runs.shared.num_calls, 5);
    free_runs(&runs);
    free_graph(g);
}
