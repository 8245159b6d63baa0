/* Operators: signal processing. HannWindow, HammingWindow and
   BlackmanWindow (opset 17). The window's size decides the output shape,
   so it must be known at compile time; the window is then computed by
   constant folding (runtime/signal.c, in double) and cast to
   output_datatype. */
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

static const char *const window_attrs[] = {"output_datatype", "periodic", NULL};

const op_def ops_signal[] = {
    {"HannWindow", "", window_attrs, infer_window, lower_hann},
    {"HammingWindow", "", window_attrs, infer_window, lower_hamming},
    {"BlackmanWindow", "", window_attrs, infer_window, lower_blackman},
    {0},
};
