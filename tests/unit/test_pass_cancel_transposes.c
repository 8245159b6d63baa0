/* pass_cancel_transposes: Transpose pairs that cancel, pairs merged into one
   Transpose, and pairs left alone. Each graph runs twice, with the pass and
   without it (the other passes and memory planning the same), and must give
   the same bytes. */
#include "plan_runner.h"

static ir_value *transpose(ir_graph *g, ir_value *x, int rank, const int64_t *perm, const char *out)
{
    ir_node *n = node(g, "Transpose", 1, &x, out);
    if (!perm) return n->outputs[0]; /* the default: axes reversed */
    n->attrs = ir_alloc(g, sizeof(ir_attr));
    n->attrs[0].name = ir_strdup(g, "perm");
    n->attrs[0].type = IR_ATTR_INTS;
    n->attrs[0].count = rank;
    n->attrs[0].ints = ir_alloc(g, sizeof(int64_t) * (size_t)rank);
    memcpy(n->attrs[0].ints, perm, sizeof(int64_t) * (size_t)rank);
    n->num_attrs = 1;
    return n->outputs[0];
}

static int live_nodes(const ir_graph *g, const char *op)
{
    int n = 0;
    for (int i = 0; i < g->num_nodes; i++) n += !g->nodes[i]->dead && !strcmp(g->nodes[i]->op_type, op);
    return n;
}

/* Lowers, plans and runs g into out. */
static void run_graph(ir_graph *g, void **in, void **out)
{
    lir_program s;
    cr_assert(lower_graph(g, 1, NULL, &s) && plan_memory(&s), "%s", diag_message());
    make_outputs(g, out);
    run_plan(&s, in, out);
    lir_program_free(&s);
}

/* Runs build(g) without and with the pass; returns the Transposes left. */
static int check_pass(void (*build)(ir_graph *g))
{
    diag_clear();
    ir_graph *plain = ir_graph_new("t.onnx"), *g = ir_graph_new("t.onnx");
    build(plain);
    build(g);
    cr_assert(pass_infer_shapes(plain) && pass_infer_shapes(g), "%s", diag_message());
    bool changed = false;
    cr_assert(pass_cancel_transposes(g, &changed) && ir_verify(g), "%s", diag_message());
    cr_assert(pass_dead_code(g, &changed) && pass_dead_code(plain, &changed) && ir_verify(g));
    void *in[4], *out_plain[4], *out[4];
    make_inputs(plain, in);
    run_graph(plain, in, out_plain);
    run_graph(g, in, out);
    assert_same_outputs(g, out_plain, out);
    free_buffers(plain->num_inputs, in);
    free_buffers(plain->num_outputs, out_plain);
    free_buffers(g->num_outputs, out);
    int left = live_nodes(g, "Transpose");
    free_graph(plain);
    free_graph(g);
    return left;
}

/* NCHW -> NHWC -> NCHW around nothing: both go; a default-perm pair too. */
static void build_cancelling(ir_graph *g)
{
    int64_t d[] = {1, 3, 5, 2}, to_nhwc[] = {0, 2, 3, 1}, to_nchw[] = {0, 3, 1, 2}, d2[] = {3, 7};
    ir_value *x = input(g, "x", 4, d);
    ir_value *t = transpose(g, transpose(g, x, 4, to_nhwc, "nhwc"), 4, to_nchw, "nchw");
    output(g, unary(g, "Relu", t, "y"));
    ir_value *z = input(g, "z", 2, d2);
    output(g, unary(g, "Neg", transpose(g, transpose(g, z, 2, NULL, "zt"), 2, NULL, "ztt"), "y2"));
}

Test(pass_cancel_transposes, inverse_pairs_cancel)
{
    cr_assert_eq(check_pass(build_cancelling), 0);
}

/* Two permutations that do not cancel become one (rank 5, odd sizes). */
static void build_merging(ir_graph *g)
{
    int64_t d[] = {2, 3, 1, 5, 7}, p1[] = {4, 0, 3, 1, 2}, p2[] = {1, 3, 0, 4, 2};
    ir_value *x = unary(g, "Exp", input(g, "x", 5, d), "e");
    output(g, transpose(g, transpose(g, x, 5, p1, "t1"), 5, p2, "t2"));
}

Test(pass_cancel_transposes, other_pairs_merge)
{
    cr_assert_eq(check_pass(build_merging), 1);
}

/* The inner result has another user: the pair stays (a merge would copy
   twice as much); a cancelling pair whose result is a graph output leaves
   one Transpose (the output keeps its name), merged. */
static void build_shared(ir_graph *g)
{
    int64_t d[] = {4, 3, 2}, p1[] = {2, 0, 1}, p2[] = {0, 2, 1}, inv[] = {1, 2, 0};
    ir_value *x = input(g, "x", 3, d);
    ir_value *t1 = transpose(g, x, 3, p1, "t1");
    output(g, transpose(g, t1, 3, p2, "t2"));
    output(g, unary(g, "Relu", t1, "r"));
    ir_value *u = transpose(g, unary(g, "Neg", x, "n"), 3, p1, "u1");
    output(g, transpose(g, u, 3, inv, "u2"));
}

Test(pass_cancel_transposes, shared_intermediates_stay)
{
    cr_assert_eq(check_pass(build_shared), 3);
}
