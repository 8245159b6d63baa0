/* Operators: linear algebra. Det (opset 11): the determinant of every
   square matrix in the last two dimensions, for the float types. The
   kernel (runtime/linalg.c) factorises a double copy of each matrix in
   scratch memory. */
#include "op.h"

static bool infer_det(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    if (!dtype_is_float(x->dtype))
        return diag_node(n, DIAG_INVALID, "input must be a float type, not %s", dtype_name(x->dtype));
    if (x->rank < 2) return diag_node(n, DIAG_INVALID, "input must have rank 2 or more, not %d", x->rank);
    if (x->dims[x->rank - 1] != x->dims[x->rank - 2])
        return diag_node(n, DIAG_INVALID, "matrices must be square, not %lld x %lld",
                         (long long)x->dims[x->rank - 2], (long long)x->dims[x->rank - 1]);
    node_set_output(n, 0, x->dtype, x->rank - 2, x->dims);
    return true;
}

static bool lower_det(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int64_t size = x->dims[x->rank - 1];
    if (ir_value_numel(y) == 0) return true;
    rt_det_params p = {.batch = ir_value_numel(y), .n = size};
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_det, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    /* at least one double, so that a 0 x 0 matrix (determinant 1) has scratch too */
    call_scratch(k, (size_t)(size * size + 1) * sizeof(double));
    return true;
}

const op_def ops_linalg[] = {
    {"Det", "", NULL, infer_det, lower_det},
    {0},
};
