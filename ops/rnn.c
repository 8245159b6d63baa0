/* Operators: the recurrent layers LSTM, GRU and RNN. Each node lowers to
   one kernel (rt_lstm/rt_gru/rt_rnn, runtime/rnn.c) that runs the whole
   recurrence over every direction; the layout attribute (opset 14) becomes
   strides, activations become ids (RT_RNN_ACT_*) with their alpha/beta,
   all in rt_rnn_params (runtime/rnn.h), and the input projection's scratch
   comes from call_scratch.
   Omitted outputs are passed as NULL (the kernel keeps its state in
   scratch and skips them). output_sequence (opset 1-6) is ignored: Y is
   computed whenever the model asks for it. */
#include "op.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { KIND_LSTM, KIND_GRU, KIND_RNN };

/* The activations by id (RT_RNN_ACT_*, runtime/rnn.h). */
typedef struct act_row {
    const char *name;
    int uses_alpha, uses_beta;
    float alpha, beta;           /* defaults when activation_alpha/beta run out */
} act_row;

static const act_row act_rows[RT_RNN_NUM_ACTS] = {
    [RT_RNN_ACT_RELU] = {"Relu", 0, 0, 0, 0},
    [RT_RNN_ACT_TANH] = {"Tanh", 0, 0, 0, 0},
    [RT_RNN_ACT_SIGMOID] = {"Sigmoid", 0, 0, 0, 0},
    [RT_RNN_ACT_AFFINE] = {"Affine", 1, 1, 1.0f, 0.0f},
    [RT_RNN_ACT_LEAKY_RELU] = {"LeakyRelu", 1, 0, 0.01f, 0},
    [RT_RNN_ACT_THRESHOLDED_RELU] = {"ThresholdedRelu", 1, 0, 1.0f, 0},
    [RT_RNN_ACT_SCALED_TANH] = {"ScaledTanh", 1, 1, 1.0f, 1.0f},
    [RT_RNN_ACT_HARD_SIGMOID] = {"HardSigmoid", 1, 1, 0.2f, 0.5f},
    [RT_RNN_ACT_ELU] = {"Elu", 1, 0, 1.0f, 0},
    [RT_RNN_ACT_SOFTSIGN] = {"Softsign", 0, 0, 0, 0},
    [RT_RNN_ACT_SOFTPLUS] = {"Softplus", 0, 0, 0, 0},
};

typedef struct rnn_info {
    int kind, gates;             /* gates per direction: 4, 3, 1 */
    int dirmode, dirs;           /* 0 forward, 1 reverse, 2 bidirectional; 1 or 2 */
    int layout;
    int64_t S, N, I, H;
    int num_acts;                /* dirs * acts per direction */
    int64_t act[RT_RNN_MAX_ACTS];
    float alpha[RT_RNN_MAX_ACTS], beta[RT_RNN_MAX_ACTS];
    int has_clip;
    float clip;
    int64_t flag;                /* input_forget / linear_before_reset */
} rnn_info;

static int kind_of(const ir_node *n)
{
    if (strcmp(n->op_type, "LSTM") == 0) return KIND_LSTM;
    if (strcmp(n->op_type, "GRU") == 0) return KIND_GRU;
    return KIND_RNN;
}

static bool same_name_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y) return false;
    }
    return *a == *b;
}

static bool known_dims(const ir_value *v)
{
    for (int i = 0; i < v->rank; i++)
        if (v->dims[i] < 0) return false;
    return v->rank >= 0;
}

/* Checks a tensor input's rank and dims (-1 in want = any). */
static bool check_shape(const ir_node *n, int k, const char *what, int rank, const int64_t *want)
{
    const ir_value *v = node_input(n, k);
    if (!v) return true;
    if (!known_dims(v)) return diag_node(n, DIAG_UNSUPPORTED, "input %s has an unknown shape", what);
    bool ok = v->rank == rank;
    for (int i = 0; ok && i < rank; i++)
        if (want[i] >= 0 && v->dims[i] != want[i]) ok = false;
    if (ok) return true;
    char buf[128];
    int len = 0;
    for (int i = 0; i < rank && len < 100; i++)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%lld", i ? ", " : "", (long long)want[i]);
    buf[len < 100 ? len : 100] = 0;
    return diag_node(n, DIAG_INVALID, "input %s must have shape [%s] (rank %d), got rank %d", what, buf, rank,
                     v->rank);
}

/* Activations: G per direction (LSTM f g h, GRU f g, RNN f); a list for
   one direction is used for both directions of a bidirectional layer. */
static bool rnn_activations(const ir_node *n, rnn_info *r)
{
    int per_dir = r->kind == KIND_LSTM ? 3 : r->kind == KIND_GRU ? 2 : 1;
    static const int defaults[3][3] = {{RT_RNN_ACT_SIGMOID, RT_RNN_ACT_TANH, RT_RNN_ACT_TANH},
                                       {RT_RNN_ACT_SIGMOID, RT_RNN_ACT_TANH, 0},
                                       {RT_RNN_ACT_TANH, 0, 0}};
    r->num_acts = per_dir * r->dirs;
    const ir_attr *acts = ir_node_attr(n, "activations");
    int ids[RT_RNN_MAX_ACTS];
    if (acts && acts->type == IR_ATTR_STRINGS && acts->count > 0) {
        if (acts->count != r->num_acts && !(acts->count == per_dir && r->dirs == 2))
            return diag_node(n, DIAG_INVALID, "activations has %d entries, expected %d", acts->count, r->num_acts);
        for (int i = 0; i < r->num_acts; i++) {
            const char *name = acts->strings[i % acts->count];
            int id = -1;
            for (int k = 0; k < RT_RNN_NUM_ACTS; k++)
                if (same_name_nocase(name, act_rows[k].name)) id = k;
            if (id < 0)
                return diag_node(n, DIAG_UNSUPPORTED,
                                 "activation '%s' is not one of Relu, Tanh, Sigmoid, Affine, LeakyRelu, "
                                 "ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, Softplus",
                                 name);
            ids[i] = id;
        }
    } else {
        for (int i = 0; i < r->num_acts; i++) ids[i] = defaults[r->kind][i % per_dir];
    }
    /* activation_alpha/beta are consumed in order by the activations that
       take them (as ONNX Runtime does); missing ones take the defaults. */
    float alphas[16], betas[16];
    int na = attr_floats(n, "activation_alpha", alphas, 16), nb = attr_floats(n, "activation_beta", betas, 16);
    int ia = 0, ib = 0;
    for (int i = 0; i < r->num_acts; i++) {
        const act_row *row = &act_rows[ids[i]];
        r->act[i] = ids[i];
        r->alpha[i] = row->alpha;
        r->beta[i] = row->beta;
        if (row->uses_alpha && ia < na && ia < 16) r->alpha[i] = alphas[ia++];
        if (row->uses_beta && ib < nb && ib < 16) r->beta[i] = betas[ib++];
    }
    return true;
}

/* Reads and checks everything about the node; used by infer and lower. */
static bool rnn_parse(const ir_node *n, rnn_info *r)
{
    memset(r, 0, sizeof *r);
    r->kind = kind_of(n);
    r->gates = r->kind == KIND_LSTM ? 4 : r->kind == KIND_GRU ? 3 : 1;
    if (!node_check_arity(n, 3, r->kind == KIND_LSTM ? 8 : 6)) return false;
    const ir_value *x = n->inputs[0], *w = n->inputs[1], *rw = n->inputs[2];
    static const int32_t float_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, 0};
    if (!node_check_dtype(n, 0, float_types)) return false;
    for (int k = 1; k < n->num_inputs; k++) {
        const ir_value *v = n->inputs[k];
        if (!v || k == 4) continue;
        if (v->dtype != x->dtype)
            return diag_node(n, DIAG_INVALID, "input %d has element type %s, expected %s like X", k,
                             dtype_name(v->dtype), dtype_name(x->dtype));
    }
    const ir_value *lens = node_input(n, 4);
    if (lens && lens->dtype != DT_INT32 && lens->dtype != DT_INT64)
        return diag_node(n, DIAG_INVALID, "sequence_lens must be int32, not %s", dtype_name(lens->dtype));

    const char *dir = attr_string(n, "direction", "forward");
    if (strcmp(dir, "forward") == 0) r->dirmode = RT_RNN_FORWARD;
    else if (strcmp(dir, "reverse") == 0) r->dirmode = RT_RNN_REVERSE;
    else if (strcmp(dir, "bidirectional") == 0) r->dirmode = RT_RNN_BIDIRECTIONAL;
    else return diag_node(n, DIAG_INVALID, "direction '%s' is not forward, reverse or bidirectional", dir);
    r->dirs = r->dirmode == RT_RNN_BIDIRECTIONAL ? 2 : 1;
    int64_t layout = n->opset >= 14 ? attr_int(n, "layout", 0) : 0;
    if (layout != 0 && layout != 1)
        return diag_node(n, DIAG_INVALID, "layout must be 0 or 1, got %lld", (long long)layout);
    r->layout = (int)layout;

    if (x->rank != 3) return diag_node(n, DIAG_INVALID, "input X must have rank 3, got %d", x->rank);
    if (!known_dims(x) || !known_dims(w) || !known_dims(rw))
        return diag_node(n, DIAG_UNSUPPORTED, "inputs X, W and R must have known shapes");
    r->S = r->layout ? x->dims[1] : x->dims[0];
    r->N = r->layout ? x->dims[0] : x->dims[1];
    r->I = x->dims[2];
    if (rw->rank != 3) return diag_node(n, DIAG_INVALID, "input R must have rank 3, got %d", rw->rank);
    r->H = attr_int(n, "hidden_size", rw->dims[2]);
    if (r->H <= 0) return diag_node(n, DIAG_INVALID, "hidden_size must be positive, got %lld", (long long)r->H);
    int64_t D = r->dirs, G = r->gates, H = r->H, N = r->N;
    int64_t wdims[3] = {D, G * H, r->I}, rdims[3] = {D, G * H, H}, bdims[2] = {D, 2 * G * H};
    int64_t sdims[3] = {D, N, H}, ldims[1] = {N}, pdims[2] = {D, 3 * H};
    if (r->layout) { sdims[0] = N; sdims[1] = D; }
    if (!check_shape(n, 1, "W", 3, wdims) || !check_shape(n, 2, "R", 3, rdims) || !check_shape(n, 3, "B", 2, bdims) ||
        !check_shape(n, 4, "sequence_lens", 1, ldims) || !check_shape(n, 5, "initial_h", 3, sdims))
        return false;
    if (r->kind == KIND_LSTM && (!check_shape(n, 6, "initial_c", 3, sdims) || !check_shape(n, 7, "P", 2, pdims)))
        return false;

    if (!rnn_activations(n, r)) return false;
    r->has_clip = ir_node_attr(n, "clip") != NULL;
    r->clip = attr_float(n, "clip", 0);
    if (r->has_clip && !(r->clip >= 0))
        return diag_node(n, DIAG_INVALID, "clip must be non-negative, got %g", (double)r->clip);
    if (r->kind == KIND_LSTM) r->flag = attr_int(n, "input_forget", 0) != 0;
    if (r->kind == KIND_GRU) r->flag = attr_int(n, "linear_before_reset", 0) != 0;
    return true;
}

static bool infer_rnn(ir_node *n)
{
    rnn_info r;
    if (!rnn_parse(n, &r)) return false;
    int32_t dt = n->inputs[0]->dtype;
    int64_t D = r.dirs;
    int64_t y_dims[4] = {r.S, D, r.N, r.H}, s_dims[3] = {D, r.N, r.H};
    if (r.layout) {
        int64_t y1[4] = {r.N, r.S, D, r.H}, s1[3] = {r.N, D, r.H};
        memcpy(y_dims, y1, sizeof y1);
        memcpy(s_dims, s1, sizeof s1);
    }
    int max_out = r.kind == KIND_LSTM ? 3 : 2;
    if (n->num_outputs > max_out)
        return diag_node(n, DIAG_INVALID, "has %d outputs, at most %d expected", n->num_outputs, max_out);
    node_set_output(n, 0, dt, 4, y_dims);
    node_set_output(n, 1, dt, 3, s_dims);
    node_set_output(n, 2, dt, 3, s_dims);
    return true;
}

/* dst[d][j][g] = src[d][g][j] for d < D, g < rows, j < cols (es-byte elements). */
static void transpose_rows(char *dst, const char *src, int64_t D, int64_t rows, int64_t cols, size_t es)
{
    for (int64_t d = 0; d < D; d++)
        for (int64_t g = 0; g < rows; g++)
            for (int64_t j = 0; j < cols; j++)
                memcpy(dst + (size_t)((d * cols + j) * rows + g) * es, src + (size_t)((d * rows + g) * cols + j) * es,
                       es);
}

/* Constant weights are transposed now (W [D][I][G*H], R [D][H][G*H]) so
   the kernel's products run contiguously over the gate outputs; *wp, *rp
   stay W and R otherwise. */
static bool transpose_weights(ir_node *n, lir_program *c, const rnn_info *r, ir_value **wp, ir_value **rp)
{
    ir_value *x = n->inputs[0], *w = n->inputs[1], *rw = n->inputs[2];
    int64_t D = r->dirs, GH = r->gates * r->H, I = r->I, H = r->H;
    *wp = w, *rp = rw;
    if (!(ir_value_is_const(w) && w->data && ir_value_is_const(rw) && rw->data)) return true;
    size_t es = dtype_size(x->dtype);
    int64_t wdims[3] = {D, I, GH}, rdims[3] = {D, H, GH};
    char *buf = malloc((size_t)(D * GH * (I > H ? I : H)) * es);
    if (!buf) return diag_node(n, DIAG_UNSUPPORTED, "out of memory packing the weights");
    transpose_rows(buf, (const char *)w->data, D, GH, I, es);
    *wp = lower_const(c, x->dtype, 3, wdims, buf);
    lower_name_after(c, *wp, w, "transposed");
    transpose_rows(buf, (const char *)rw->data, D, GH, H, es);
    *rp = lower_const(c, x->dtype, 3, rdims, buf);
    lower_name_after(c, *rp, rw, "transposed");
    free(buf);
    return true;
}

static rt_rnn_params rnn_params(const rnn_info *r, const ir_value *lens, bool transposed)
{
    int64_t S = r->S, N = r->N, I = r->I, H = r->H, D = r->dirs;
    rt_rnn_params p = {
        .seq_length = S, .batch = N, .input_size = I, .hidden_size = H,
        .direction = r->dirmode,
        .input_forget = r->kind == KIND_LSTM ? r->flag : 0,
        .linear_before_reset = r->kind == KIND_GRU ? r->flag : 0,
        .has_clip = r->has_clip, .clip = r->clip,
        .seq_lens_bytes = lens ? (int64_t)dtype_size(lens->dtype) : 4,
        .weights_transposed = transposed,
    };
    if (r->layout == 0) { /* X [S][N][I], Y [S][D][N][H], states [D][N][H] */
        p.x_seq_stride = N * I, p.x_batch_stride = I;
        p.y_seq_stride = D * N * H, p.y_dir_stride = N * H, p.y_batch_stride = H;
        p.state_dir_stride = N * H, p.state_batch_stride = H;
    } else {              /* X [N][S][I], Y [N][S][D][H], states [N][D][H] */
        p.x_seq_stride = I, p.x_batch_stride = S * I;
        p.y_seq_stride = D * H, p.y_dir_stride = H, p.y_batch_stride = S * D * H;
        p.state_dir_stride = H, p.state_batch_stride = D * H;
    }
    for (int i = 0; i < r->num_acts; i++)
        p.activations[i] = r->act[i], p.activation_alpha[i] = r->alpha[i], p.activation_beta[i] = r->beta[i];
    return p;
}

static const rt_kernel_family kernel_family[] = {KERNELS_rt_lstm, KERNELS_rt_gru, KERNELS_rt_rnn};

static bool lower_rnn(ir_node *n, lir_program *c)
{
    rnn_info r;
    if (!rnn_parse(n, &r)) return false;
    ir_value *x = n->inputs[0], *lens = node_input(n, 4), *wp, *rp;
    rt_kernel_id id = lower_pick_typed(n, kernel_family[r.kind], x->dtype);
    if (id == RT_KERNEL_NONE || !transpose_weights(n, c, &r, &wp, &rp)) return false;
    rt_rnn_params p = rnn_params(&r, lens, wp != n->inputs[1]);
    lir_call *k = lower_kernel(c, n, id, &p);
    if (!k) return false;
    bool lstm = r.kind == KIND_LSTM;
    call_tensor(k, x);
    call_tensor(k, wp);
    call_tensor(k, rp);
    for (int i = 3; i < (lstm ? 8 : 6); i++) call_tensor(k, node_input(n, i)); /* B .. initial_h (c, P) */
    call_tensor(k, node_output(n, 0));
    call_tensor(k, node_output(n, 1));
    if (lstm) call_tensor(k, node_output(n, 2));
    int64_t S = r.S, N = r.N, G = r.gates, H = r.H, I = r.I;
    size_t elems = (size_t)(S * N * G * H + 2 * N * H + G * H + H + (p.weights_transposed ? 0 : (I + H) * G * H));
    call_scratch(k, elems * dtype_size(x->dtype));
    return true;
}

static const char *const lstm_attrs[] = {"activation_alpha", "activation_beta", "activations", "clip", "direction",
                                         "hidden_size", "input_forget", "layout", "output_sequence", NULL};
static const char *const gru_attrs[] = {"activation_alpha", "activation_beta", "activations", "clip", "direction",
                                        "hidden_size", "linear_before_reset", "layout", "output_sequence", NULL};
static const char *const rnn_attrs[] = {"activation_alpha", "activation_beta", "activations", "clip", "direction",
                                        "hidden_size", "layout", "output_sequence", NULL};

const op_def ops_rnn[] = {
    {"LSTM", "", lstm_attrs, infer_rnn, lower_rnn},
    {"GRU", "", gru_attrs, infer_rnn, lower_rnn},
    {"RNN", "", rnn_attrs, infer_rnn, lower_rnn},
    {0},
};
