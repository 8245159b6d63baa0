/* LSTM, GRU, RNN (ops/rnn.c, runtime/rnn.c): values computed by constant
   folding (the compiler runs the runtime kernels) against hand-computed
   recurrences, and the diagnostics for malformed nodes. Graphs are built
   directly in the IR. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ir/diag.h"
#include "driver/pipeline.h"
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
    bool ok = pipeline_optimize(g, true);
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
    bool ok = pipeline_optimize(g, true);
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
    bool ok = pipeline_optimize(g, true);
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
    bool ok = pipeline_optimize(g, true);
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

/* Bidirectional layers with H = 3, I = 2, S = 3, N = 2 and constant weights
   (which the lowering transposes at compile time), against a recurrence
   computed here in double; f32 and f64. */
static double sigm(double v) { return 1.0 / (1.0 + exp(-v)); }

static void check_bidirectional(const char *op, int lbr, int32_t dtype)
{
    enum { S = 3, N = 2, I = 2, H = 3, D = 2 };
    const int lstm = strcmp(op, "LSTM") == 0, G = lstm ? 4 : 3;
    double x[S * N * I], w[D * 4 * H * I], r[D * 4 * H * H], b[D * 8 * H], p[D * 3 * H];
    for (int i = 0; i < S * N * I; i++) x[i] = sin(0.7 * i + 0.3);
    for (int i = 0; i < D * G * H * I; i++) w[i] = 0.6 * cos(1.3 * i + 0.1);
    for (int i = 0; i < D * G * H * H; i++) r[i] = 0.5 * sin(0.9 * i + 0.2);
    for (int i = 0; i < D * 2 * G * H; i++) b[i] = 0.3 * cos(2.1 * i);
    for (int i = 0; i < D * 3 * H; i++) p[i] = 0.4 * sin(1.7 * i + 1.0);
    /* reference Y_h [D][N][H] */
    double want[D * N * H];
    for (int d = 0; d < D; d++)
        for (int n = 0; n < N; n++) {
            double h[H] = {0}, c[H] = {0};
            for (int step = 0; step < S; step++) {
                int s = d ? S - 1 - step : step;
                double xg[4 * H], hg[4 * H];
                for (int g = 0; g < G * H; g++) {
                    xg[g] = b[d * 2 * G * H + g];
                    hg[g] = b[d * 2 * G * H + G * H + g];
                    for (int i = 0; i < I; i++) xg[g] += x[(s * N + n) * I + i] * w[(d * G * H + g) * I + i];
                    for (int k = 0; k < H; k++) hg[g] += h[k] * r[(d * G * H + g) * H + k];
                }
                double nh[H];
                for (int j = 0; j < H; j++) {
                    if (lstm) {
                        const double *pp = p + d * 3 * H;
                        double ig = sigm(xg[j] + hg[j] + pp[j] * c[j]);
                        double fg = sigm(xg[2 * H + j] + hg[2 * H + j] + pp[2 * H + j] * c[j]);
                        double cc = fg * c[j] + ig * tanh(xg[3 * H + j] + hg[3 * H + j]);
                        double og = sigm(xg[H + j] + hg[H + j] + pp[H + j] * cc);
                        c[j] = cc;
                        nh[j] = og * tanh(cc);
                    } else {
                        double z = sigm(xg[j] + hg[j]), rr = sigm(xg[H + j] + hg[H + j]), ht;
                        if (lbr) ht = tanh(xg[2 * H + j] + rr * hg[2 * H + j]);
                        else {
                            double acc = xg[2 * H + j] + b[d * 2 * G * H + G * H + 2 * H + j];
                            for (int k = 0; k < H; k++)
                                acc += sigm(xg[H + k] + hg[H + k]) * h[k] * r[(d * G * H + 2 * H + j) * H + k];
                            ht = tanh(acc);
                        }
                        (void)rr;
                        nh[j] = (1 - z) * ht + z * h[j];
                    }
                }
                memcpy(h, nh, sizeof h);
            }
            for (int j = 0; j < H; j++) want[(d * N + n) * H + j] = h[j];
        }
    /* the graph */
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    int64_t xd[3] = {S, N, I}, wd[3] = {D, G * H, I}, rd[3] = {D, G * H, H}, bd[2] = {D, 2 * G * H}, pd[2] = {D, 3 * H};
    size_t es = dtype == DT_DOUBLE ? 8 : 4;
    const double *src[5] = {x, w, r, b, p};
    const int counts[5] = {S * N * I, D * G * H * I, D * G * H * H, D * 2 * G * H, D * 3 * H};
    void *bufs[5];
    for (int t = 0; t < 5; t++) {
        bufs[t] = malloc((size_t)counts[t] * es);
        for (int i = 0; i < counts[t]; i++) {
            if (dtype == DT_DOUBLE) ((double *)bufs[t])[i] = src[t][i];
            else ((float *)bufs[t])[i] = (float)src[t][i];
        }
    }
    ir_node *n = rnn_node(g, op, lstm ? 8 : 4, 2);
    n->inputs[0] = make_const(g, "x", dtype, 3, xd, bufs[0]);
    n->inputs[1] = make_const(g, "w", dtype, 3, wd, bufs[1]);
    n->inputs[2] = make_const(g, "r", dtype, 3, rd, bufs[2]);
    n->inputs[3] = make_const(g, "b", dtype, 2, bd, bufs[3]);
    if (lstm) n->inputs[7] = make_const(g, "p", dtype, 2, pd, bufs[4]);
    for (int t = 0; t < 5; t++) free(bufs[t]);
    n->outputs[1] = ir_value_new(g, "y_h");
    attr_i(g, n, "hidden_size", H);
    attr_s(g, n, "direction", "bidirectional");
    if (!lstm) attr_i(g, n, "linear_before_reset", lbr);
    set_output(g, n->outputs[1]);
    bool ok = pipeline_optimize(g, true);
    cr_assert(ok, "%s", diag_message());
    const void *yh = g->outputs[0]->data;
    cr_assert(yh);
    for (int i = 0; i < D * N * H; i++) {
        double got = dtype == DT_DOUBLE ? ((const double *)yh)[i] : ((const float *)yh)[i];
        cr_assert(fabs(got - want[i]) <= (dtype == DT_DOUBLE ? 1e-12 : 1e-5), "%s Y_h[%d] = %.9g, want %.9g", op,
                  i, got, want[i]);
    }
    free_graph(g);
}

Test(ops_rnn, lstm_bidirectional_peepholes_f32) { check_bidirectional("LSTM", 0, DT_FLOAT); }
Test(ops_rnn, lstm_bidirectional_peepholes_f64) { check_bidirectional("LSTM", 0, DT_DOUBLE); }
Test(ops_rnn, gru_bidirectional_f32) { check_bidirectional("GRU", 0, DT_FLOAT); }
Test(ops_rnn, gru_bidirectional_linear_before_reset_f64) { check_bidirectional("GRU", 1, DT_DOUBLE); }
