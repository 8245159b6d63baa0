/* Operators: Softmax, LogSoftmax, Hardmax. Output has the input's type and
   shape. Before opset 13 the input is coerced to 2-D at `axis` (default 1)
   and each row of the flattened trailing dimensions is normalised; from
   opset 13 the normalisation runs along `axis` alone (default -1). */
#include "op.h"

#include <string.h>

static const int32_t float_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, 0};

static bool softmax_axis(const ir_node *n, int *axis)
{
    const ir_value *x = n->inputs[0];
    bool legacy = n->opset < 13;
    int64_t a = attr_int(n, "axis", legacy ? 1 : -1);
    if (legacy) {
        /* Flatten-style axis: [-r, r]; axis r leaves a 1-element row. */
        int64_t r = x->rank;
        if (a < -r || a > r)
            return diag_node(n, DIAG_INVALID, "axis %lld is out of range for rank %d", (long long)a, x->rank);
        *axis = (int)(a < 0 ? a + r : a);
        return true;
    }
    if (x->rank == 0) return diag_node(n, DIAG_INVALID, "input must have rank 1 or more");
    return node_axis(n, a, x->rank, axis);
}

static bool infer_softmax(ir_node *n)
{
    if (!node_check_arity(n, 1, 1) || !node_check_dtype(n, 0, float_types)) return false;
    int axis;
    if (!softmax_axis(n, &axis)) return false;
    const ir_value *x = n->inputs[0];
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_softmax(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    int axis;
    if (!softmax_axis(n, &axis)) return false;
    rt_kernel_family family = strcmp(n->op_type, "Softmax") == 0      ? KERNELS_rt_softmax
                              : strcmp(n->op_type, "LogSoftmax") == 0 ? KERNELS_rt_logsoftmax
                                                                      : KERNELS_rt_hardmax;
    int64_t outer = 1, len = 1, inner = 1;
    for (int i = 0; i < axis; i++) outer *= x->dims[i];
    if (n->opset < 13) {
        for (int i = axis; i < x->rank; i++) len *= x->dims[i];
    } else {
        len = x->dims[axis];
        for (int i = axis + 1; i < x->rank; i++) inner *= x->dims[i];
    }
    rt_softmax_params p = {.outer = outer, .axis_size = len, .inner = inner};
    lir_call *k = lower_kernel_typed(c, n, family, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    return true;
}

static const char *const axis_attrs[] = {"axis", NULL};

const op_def ops_softmax[] = {
    {"Softmax", "", axis_attrs, infer_softmax, lower_softmax},
    {"LogSoftmax", "", axis_attrs, infer_softmax, lower_softmax},
    {"Hardmax", "", axis_attrs, infer_softmax, lower_softmax},
    {0},
};
