/* LSTM, GRU, RNN (ops/rnn.c, runtime/rnn.c): values computed by constant
   folding (the compiler runs the runtime kernels) against hand-computed
   recurrences, and the diagnostics for malformed nodes. Graphs are built
   directly in the IR. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ir/diag.h"
#include "passes/passes.h"

static ir_value *make_const(ir_graph *g, const char *name, int32_t dtype, int rank, const int64_t *dims,
                            const void *data)
{
    ir_value *v = ir_value_new(g, name);
    ir_value_set_shape(v, dtype, rank, dims);
    v->data = ir_alloc(g, ir_value_bytes(v));
    memcpy(v->data, data, ir_value_bytes(v));
    return v;
}

static ir_value *make_input(ir_graph *g, const char *name, int rank, const int64_t *dims)
{
    ir_value *v = ir_value_new(g, name);
    ir_value_set_shape(v, DT_FLOAT, rank, dims);
    v->is_input = true;
    g->inputs = realloc(g->inputs, sizeof(ir_value *) * (size_t)(g->num_inputs + 1));
    g->inputs[g->num_inputs++] = v;
    return v;
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

static ir_attr *add_attr(ir_graph *g, ir_node *n, const char *name, int type)
{
    cr_assert(n->num_attrs < 8);
    ir_attr *a = &n->attrs[n->num_attrs++];
    memset(a, 0, sizeof *a);
    a->name = ir_strdup(g, name);
    a->type = type;
    return a;
}

static void attr_i(ir_graph *g, ir_node *n, const char *name, int64_t v) { add_attr(g, n, name, IR_ATTR_INT)->i = v; }
static void attr_f(ir_graph *g, ir_node *n, const char *name, float v) { add_attr(g, n, name, IR_ATTR_FLOAT)->f = v; }
static void attr_s(ir_graph *g, ir_node *n, const char *name, const char *v)
{
    add_attr(g, n, name, IR_ATTR_STRING)->s = ir_strdup(g, v);
}
static void attr_ss(ir_graph *g, ir_node *n, const char *name, const char *const *v, int count)
{
    ir_attr *a = add_attr(g, n, name, IR_ATTR_STRINGS);
    a->count = count;
    a->strings = ir_alloc(g, sizeof(char *) * (size_t)count);
    for (int i = 0; i < count; i++) a->strings[i] = ir_strdup(g, v[i]);
}

/* A node with room for 8 attributes, all owned by the graph. */
static ir_node *rnn_node(ir_graph *g, const char *op, int num_inputs, int num_outputs)
{
    ir_node *n = ir_node_new(g, op, num_inputs, num_outputs);
    n->opset = 14;
    n->attrs = ir_alloc(g, 8 * sizeof *n->attrs);
    n->num_attrs = 0;
    return n;
}

/* RNN, one unit, tanh, all constant: Y_h folds to tanh(w x2 + r tanh(w x1)). */
Test(ops_rnn, rnn_folds_to_the_recurrence)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t xd[3] = {2, 1, 1}, wd[3] = {1, 1, 1};
    float x[2] = {1.0f, 2.0f}, w = 0.5f, r = -0.75f;
    ir_node *n = rnn_node(g, "RNN", 3, 2);
    n->inputs[0] = make_const(g, "x", DT_FLOAT, 3, xd, x);
    n->inputs[1] = make_const(g, "w", DT_FLOAT, 3, wd, &w);
    n->inputs[2] = make_const(g, "r", DT_FLOAT, 3, wd, &r);
    n->outputs[1] = ir_value_new(g, "y_h");
    attr_i(g, n, "hidden_size", 1);
    set_output(g, n->outputs[1]);
    bool ok = pipeline_run(g, true);
    cr_assert(ok, "%s", diag_message());
    ir_value *yh = g->outputs[0];
    cr_assert(ir_value_is_const(yh));
    float h1 = tanhf(0.5f), h2 = tanhf(1.0f - 0.75f * h1);
    cr_assert_float_eq(((float *)yh->data)[0], h2, 1e-6);
    free_graph(g);
}

/* Reverse GRU with sequence_lens {0, 2}: batch 0 keeps initial_h and has
   zeros in Y; batch 1 starts at its step 1. Weights are zero so z = r = 0.5
   and h~ = tanh(0) = 0: each step halves the state. */
Test(ops_rnn, gru_reverse_sequence_lens)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t xd[3] = {3, 2, 1}, wd[3] = {1, 3, 1}, ld[1] = {2}, hd[3] = {1, 2, 1};
    float x[6] = {1, 2, 3, 4, 5, 6}, w[3] = {0}, h0[2] = {4.0f, 8.0f};
    int32_t lens[2] = {0, 2};
    ir_node *n = rnn_node(g, "GRU", 6, 2);
    n->inputs[0] = make_const(g, "x", DT_FLOAT, 3, xd, x);
    n->inputs[1] = make_const(g, "w", DT_FLOAT, 3, wd, w);
    n->inputs[2] = make_const(g, "r", DT_FLOAT, 3, wd, w);
    n->inputs[4] = make_const(g, "lens", DT_INT32, 1, ld, lens);
    n->inputs[5] = make_const(g, "h0", DT_FLOAT, 3, hd, h0);
    n->outputs[0] = ir_value_new(g, "y");
    n->outputs[1] = ir_value_new(g, "y_h");
    attr_i(g, n, "hidden_size", 1);
    attr_s(g, n, "direction", "reverse");
    set_output(g, n->outputs[0]);
    set_output(g, n->outputs[1]);
    bool ok = pipeline_run(g, true);
    cr_assert(ok, "%s", diag_message());
    const float *y = g->outputs[0]->data, *yh = g->outputs[1]->data;
    cr_assert(y && yh);
    /* Y [3][1][2][1]: step 2 is past both lengths; batch 1: step 1 = 4, step 0 = 2. */
    float want_y[6] = {0, 2, 0, 4, 0, 0};
    for (int i = 0; i < 6; i++) cr_assert_float_eq(y[i], want_y[i], 1e-6, "Y[%d] = %g", i, (double)y[i]);
    cr_assert_float_eq(yh[0], 4.0f, 1e-6);
    cr_assert_float_eq(yh[1], 2.0f, 1e-6);
    free_graph(g);
}

/* LSTM with input_forget and clip: W = R = 0, B gives pre-activations
   i = 3 (clipped to 1), c = -5 (clipped to -1), o = 0; f = 1 - i. */
Test(ops_rnn, lstm_clip_and_input_forget)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t xd[3] = {1, 1, 1}, wd[3] = {1, 4, 1}, bd[2] = {1, 8}, hd[3] = {1, 1, 1};
    float x = 1, w[4] = {0}, b[8] = {3, 0, 100, -5, 0, 0, 0, 0}, c0 = 2.0f;
    ir_node *n = rnn_node(g, "LSTM", 7, 3);
    n->inputs[0] = make_const(g, "x", DT_FLOAT, 3, xd, &x);
    n->inputs[1] = make_const(g, "w", DT_FLOAT, 3, wd, w);
    n->inputs[2] = make_const(g, "r", DT_FLOAT, 3, wd, w);
    n->inputs[3] = make_const(g, "b", DT_FLOAT, 2, bd, b);
    n->inputs[6] = make_const(g, "c0", DT_FLOAT, 3, hd, &c0);
    n->outputs[1] = ir_value_new(g, "y_h");
    n->outputs[2] = ir_value_new(g, "y_c");
    attr_i(g, n, "hidden_size", 1);
    attr_i(g, n, "input_forget", 1);
    attr_f(g, n, "clip", 1.0f);
    set_output(g, n->outputs[1]);
    set_output(g, n->outputs[2]);
    bool ok = pipeline_run(g, true);
    cr_assert(ok, "%s", diag_message());
    float i = 1.0f / (1.0f + expf(-1.0f)), f = 1.0f - i, c = f * 2.0f + i * tanhf(-1.0f);
    float h = 0.5f * tanhf(c);
    cr_assert_float_eq(((float *)g->outputs[0]->data)[0], h, 1e-6);
    cr_assert_float_eq(((float *)g->outputs[1]->data)[0], c, 1e-6);
    free_graph(g);
}

static void expect_error(const char *op, int64_t w_rows, const char *const *acts, int num_acts, diag_kind kind,
                         const char *text)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t xd[3] = {2, 1, 3}, wd[3] = {1, w_rows, 3}, rd[3] = {1, w_rows, 2};
    ir_node *n = rnn_node(g, op, 3, 2);
    n->inputs[0] = make_input(g, "x", 3, xd);
    n->inputs[1] = make_input(g, "w", 3, wd);
    n->inputs[2] = make_input(g, "r", 3, rd);
    n->outputs[1] = ir_value_new(g, "y_h");
    attr_i(g, n, "hidden_size", 2);
    if (acts) attr_ss(g, n, "activations", acts, num_acts);
    set_output(g, n->outputs[1]);
    bool ok = pipeline_run(g, true);
    cr_assert(!ok);
    cr_assert_eq(diag_last_kind(), kind, "%s", diag_message());
    cr_assert(strstr(diag_message(), text), "%s", diag_message());
    free_graph(g);
}

Test(ops_rnn, wrong_weight_shape_is_invalid)
{
    expect_error("GRU", 4, NULL, 0, DIAG_INVALID, "input W must have shape [1, 6, 3]");
}

Test(ops_rnn, unknown_activation_is_unsupported)
{
    static const char *const acts[] = {"Swish"};
    expect_error("RNN", 2, acts, 1, DIAG_UNSUPPORTED, "activation 'Swish'");
}

Test(ops_rnn, wrong_activation_count_is_invalid)
{
    static const char *const acts[] = {"Sigmoid", "Tanh", "Tanh"};
    expect_error("GRU", 6, acts, 3, DIAG_INVALID, "activations has 3 entries, expected 2");
}
