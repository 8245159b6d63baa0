/* Operators: signal processing. HannWindow, HammingWindow and
   BlackmanWindow (opset 17). The window's size decides the output shape,
   so it must be known at compile time; the window is then computed by
   constant folding (runtime/signal.c, in double) and cast to
   output_datatype. DFT (17, 20) and STFT (17): direct sums in double
   (runtime/signal.c), their lengths, axis and frame step known at compile
   time; MelWeightMatrix (17) from constant inputs, folded. */
#include "op.h"

/* The window's size: a constant int32 or int64 scalar (or one element). */
static bool window_size(const ir_node *n, int64_t *size)
{
    const ir_value *x = n->inputs[0];
    if (x->dtype != DT_INT32 && x->dtype != DT_INT64)
        return diag_node(n, DIAG_INVALID, "size must be int32 or int64, not %s", dtype_name(x->dtype));
    if (x->rank > 1) return diag_node(n, DIAG_INVALID, "size must be a scalar");
    int count = node_const_ints(n, 0, size, 1);
    if (count < 0) return false;
    if (count != 1) return diag_node(n, DIAG_INVALID, "size must have exactly one element");
    if (*size < 0) return diag_node(n, DIAG_INVALID, "size is negative (%lld)", (long long)*size);
    return true;
}

static bool infer_window(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    int64_t size = 0;
    if (!window_size(n, &size)) return false;
    int32_t dt = (int32_t)attr_int(n, "output_datatype", DT_FLOAT);
    if (dtype_size(dt) == 0 || !(dtype_is_int(dt) || dtype_is_float(dt)))
        return diag_node(n, DIAG_UNSUPPORTED, "output element type %s is not supported", dtype_name(dt));
    node_set_output(n, 0, dt, 1, &size);
    return true;
}

static bool lower_window(ir_node *n, lir_program *c, int kind)
{
    ir_value *y = n->outputs[0];
    int64_t size = 0;
    if (!window_size(n, &size)) return false;
    if (size == 0) return true;
    rt_window_params p = {
        .kind = kind,
        .size = size,
        .period = attr_int(n, "periodic", 1) ? size : size - 1,
    };
    ir_value *w = y->dtype == DT_DOUBLE ? y : lower_temp(c, DT_DOUBLE, 1, &size);
    lir_call *k = lower_kernel(c, n, KERNEL_rt_window_f64, &p);
    if (!k) return false;
    call_tensor(k, w);
    return w == y || lower_cast(c, n, w, y);
}

static bool lower_hann(ir_node *n, lir_program *c)
{
    return lower_window(n, c, RT_WINDOW_HANN);
}

static bool lower_hamming(ir_node *n, lir_program *c)
{
    return lower_window(n, c, RT_WINDOW_HAMMING);
}

static bool lower_blackman(ir_node *n, lir_program *c)
{
    return lower_window(n, c, RT_WINDOW_BLACKMAN);
}

/* ---- DFT ----------------------------------------------------------------- */

static const int32_t signal_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, 0};

/* An optional scalar integer input k, known at compile time; dflt when absent. */
static bool const_scalar(const ir_node *n, int k, int64_t dflt, int64_t *out)
{
    *out = dflt;
    if (!node_input(n, k)) return true;
    int count = node_const_ints(n, k, out, 1);
    if (count < 0) return false;
    return count == 1 || diag_node(n, DIAG_INVALID, "input %d must have exactly one element", k);
}

/* The DFT's parameters from X's shape, the axis (normalised into *axis_out)
   and the length. */
static bool dft_params(const ir_node *n, rt_dft_params *p, int *axis_out)
{
    const ir_value *x = n->inputs[0];
    if (!node_check_arity(n, 1, 3) || !node_check_dtype(n, 0, signal_types)) return false;
    int rank = x->rank;
    if (rank < 2 || (x->dims[rank - 1] != 1 && x->dims[rank - 1] != 2))
        return diag_node(n, DIAG_INVALID, "input must end in a dimension of 1 (real) or 2 (complex)");
    int64_t axis = attr_int(n, "axis", 1), length;
    if (n->opset >= 20 && !const_scalar(n, 2, -2, &axis)) return false;
    if (axis < -rank || axis >= rank - 1)
        return diag_node(n, DIAG_INVALID, "axis %lld is out of range for rank %d", (long long)axis, rank);
    if (axis < 0) axis += rank;
    *axis_out = (int)axis;
    int64_t inverse = attr_int(n, "inverse", 0), onesided = attr_int(n, "onesided", 0);
    int64_t in_len = x->dims[axis];
    int64_t dflt = inverse && onesided ? 2 * (in_len - 1) : in_len;
    if (!const_scalar(n, 1, dflt, &length)) return false;
    if (length < 1) return diag_node(n, DIAG_INVALID, "dft_length must be positive, not %lld", (long long)length);
    *p = (rt_dft_params){.outer = 1, .inner = 1, .in_len = in_len, .in_parts = x->dims[rank - 1], .n = length,
                         .inverse = inverse != 0, .real_output = inverse && onesided};
    for (int d = 0; d < axis; d++) p->outer *= x->dims[d];
    for (int d = (int)axis + 1; d < rank - 1; d++) p->inner *= x->dims[d];
    p->out_len = onesided && !inverse ? length / 2 + 1 : length;
    p->out_parts = p->real_output ? 1 : 2;
    return true;
}

static bool infer_dft(ir_node *n)
{
    rt_dft_params p = {0};
    int axis = 0;
    if (!dft_params(n, &p, &axis)) return false;
    const ir_value *x = n->inputs[0];
    int64_t dims[IR_MAX_RANK];
    for (int d = 0; d < x->rank; d++) dims[d] = x->dims[d];
    dims[axis] = p.out_len;
    dims[x->rank - 1] = p.out_parts;
    node_set_output(n, 0, x->dtype, x->rank, dims);
    return true;
}

static bool lower_dft(ir_node *n, lir_program *c)
{
    rt_dft_params p = {0};
    int axis = 0;
    if (!dft_params(n, &p, &axis)) return false;
    ir_value *y = n->outputs[0];
    if (ir_value_numel(y) == 0) return true;
    ir_value *x = lower_as_type(c, n, n->inputs[0], DT_DOUBLE);
    ir_value *t = y->dtype == DT_DOUBLE ? y : lower_temp(c, DT_DOUBLE, y->rank, y->dims);
    lir_call *k = x ? lower_kernel(c, n, KERNEL_rt_dft_f64, &p) : NULL;
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, t);
    return t == y || lower_cast(c, n, t, y);
}

/* ---- STFT ---------------------------------------------------------------- */

static bool stft_params(const ir_node *n, rt_stft_params *p)
{
    const ir_value *x = n->inputs[0], *window = node_input(n, 2);
    if (!node_check_arity(n, 2, 4) || !node_check_dtype(n, 0, signal_types)) return false;
    if (x->rank != 3 || (x->dims[2] != 1 && x->dims[2] != 2))
        return diag_node(n, DIAG_INVALID, "signal must be [batch, length, 1 or 2]");
    if (window && (window->rank != 1 || !node_check_dtype(n, 2, signal_types)))
        return diag_node(n, DIAG_INVALID, "window must be a 1-D float tensor");
    int64_t step, frame_length;
    if (!const_scalar(n, 1, 0, &step) || !const_scalar(n, 3, window ? window->dims[0] : x->dims[1], &frame_length))
        return false;
    if (step < 1) return diag_node(n, DIAG_INVALID, "frame_step must be positive, not %lld", (long long)step);
    if (frame_length < 1 || frame_length > x->dims[1])
        return diag_node(n, DIAG_INVALID, "frame_length %lld is not within the signal's %lld samples",
                         (long long)frame_length, (long long)x->dims[1]);
    if (window && window->dims[0] != frame_length)
        return diag_node(n, DIAG_INVALID, "the window has %lld values for frames of %lld", (long long)window->dims[0],
                         (long long)frame_length);
    int64_t onesided = attr_int(n, "onesided", 1);
    if (onesided && x->dims[2] == 2) return diag_node(n, DIAG_INVALID, "onesided needs a real signal");
    *p = (rt_stft_params){.batch = x->dims[0], .length = x->dims[1], .in_parts = x->dims[2], .step = step,
                          .frame_length = frame_length, .frames = (x->dims[1] - frame_length) / step + 1,
                          .bins = onesided ? frame_length / 2 + 1 : frame_length};
    return true;
}

static bool infer_stft(ir_node *n)
{
    rt_stft_params p = {0};
    if (!stft_params(n, &p)) return false;
    int64_t dims[4] = {p.batch, p.frames, p.bins, 2};
    node_set_output(n, 0, n->inputs[0]->dtype, 4, dims);
    return true;
}

static bool lower_stft(ir_node *n, lir_program *c)
{
    rt_stft_params p = {0};
    if (!stft_params(n, &p)) return false;
    ir_value *y = n->outputs[0];
    if (ir_value_numel(y) == 0) return true;
    ir_value *x = lower_as_type(c, n, n->inputs[0], DT_DOUBLE);
    ir_value *window = lower_as_type(c, n, node_input(n, 2), DT_DOUBLE);
    ir_value *t = y->dtype == DT_DOUBLE ? y : lower_temp(c, DT_DOUBLE, y->rank, y->dims);
    if (!x || (node_input(n, 2) && !window)) return false;
    lir_call *k = lower_kernel(c, n, KERNEL_rt_stft_f64, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, window);
    call_tensor(k, t);
    return t == y || lower_cast(c, n, t, y);
}

/* ---- MelWeightMatrix -------------------------------------------------------- */

static bool mel_params(const ir_node *n, rt_mel_params *p)
{
    if (!node_check_arity(n, 5, 5)) return false;
    int64_t mel_bins, dft_length, sample_rate;
    if (!const_scalar(n, 0, 0, &mel_bins) || !const_scalar(n, 1, 0, &dft_length) ||
        !const_scalar(n, 2, 0, &sample_rate) || !node_require_const(n, 3) || !node_require_const(n, 4))
        return false;
    if (ir_value_numel(n->inputs[3]) != 1 || ir_value_numel(n->inputs[4]) != 1)
        return diag_node(n, DIAG_INVALID, "the edge frequencies must be scalars");
    *p = (rt_mel_params){.mel_bins = mel_bins, .dft_length = dft_length, .sample_rate = sample_rate,
                         .lower_hertz = ir_const_double(n->inputs[3], 0),
                         .upper_hertz = ir_const_double(n->inputs[4], 0)};
    if (mel_bins < 1 || dft_length < 1 || sample_rate < 1)
        return diag_node(n, DIAG_INVALID, "num_mel_bins, dft_length and sample_rate must be positive");
    if (!(p->lower_hertz >= 0 && p->lower_hertz < p->upper_hertz && p->upper_hertz <= sample_rate / 2.0))
        return diag_node(n, DIAG_INVALID, "edge frequencies must satisfy 0 <= lower < upper <= sample_rate / 2");
    return true;
}

static bool infer_mel(ir_node *n)
{
    rt_mel_params p = {0};
    if (!mel_params(n, &p)) return false;
    int32_t dt = (int32_t)attr_int(n, "output_datatype", DT_FLOAT);
    if (dtype_size(dt) == 0 || !(dtype_is_int(dt) || dtype_is_float(dt)))
        return diag_node(n, DIAG_UNSUPPORTED, "output element type %s is not supported", dtype_name(dt));
    int64_t dims[2] = {p.dft_length / 2 + 1, p.mel_bins};
    node_set_output(n, 0, dt, 2, dims);
    return true;
}

static bool lower_mel(ir_node *n, lir_program *c)
{
    rt_mel_params p = {0};
    if (!mel_params(n, &p)) return false;
    ir_value *y = n->outputs[0];
    ir_value *t = y->dtype == DT_DOUBLE ? y : lower_temp(c, DT_DOUBLE, y->rank, y->dims);
    lir_call *k = lower_kernel(c, n, KERNEL_rt_mel_weight_matrix_f64, &p);
    if (!k) return false;
    call_tensor(k, t);
    return t == y || lower_cast(c, n, t, y);
}

static const char *const window_attrs[] = {"output_datatype", "periodic", NULL};
static const char *const dft_attrs[] = {"axis", "inverse", "onesided", NULL};
static const char *const stft_attrs[] = {"onesided", NULL};
static const char *const mel_attrs[] = {"output_datatype", NULL};

const op_def ops_signal[] = {
    {"HannWindow", "", window_attrs, infer_window, lower_hann},
    {"HammingWindow", "", window_attrs, infer_window, lower_hamming},
    {"BlackmanWindow", "", window_attrs, infer_window, lower_blackman},
    {"DFT", "", dft_attrs, infer_dft, lower_dft},
    {"STFT", "", stft_attrs, infer_stft, lower_stft},
    {"MelWeightMatrix", "", mel_attrs, infer_mel, lower_mel},
    {0},
};
