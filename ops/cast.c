/* Operators: Cast and CastLike, between every numeric type and bool, and
   BitCast (opset 26), which keeps the bits of each element and only
   renames their type (a copy, or a view memory planning may remove). */
#include "op.h"

#include <string.h>

static bool infer_cast(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    const ir_attr *to = ir_node_attr(n, "to");
    if (!to) return diag_node(n, DIAG_INVALID, "attribute 'to' is required");
    int32_t dtype = (int32_t)to->i;
    if (to->type == IR_ATTR_STRING) return diag_node(n, DIAG_UNSUPPORTED, "'to' given as a string (opset 1) is not supported");
    if (dtype_size(dtype) == 0)
        return diag_node(n, DIAG_UNSUPPORTED, "cast to %s is not supported", dtype_name(dtype));
    node_set_output(n, 0, dtype, x->rank, x->dims);
    return true;
}

static bool infer_cast_like(ir_node *n)
{
    if (!node_check_arity(n, 2, 2)) return false;
    const ir_value *x = n->inputs[0];
    node_set_output(n, 0, n->inputs[1]->dtype, x->rank, x->dims);
    return true;
}

bool lower_cast(lir_program *c, ir_node *n, ir_value *x, ir_value *y)
{
    rt_unary_params p = {.count = ir_value_numel(x)};
    lir_call *k = lower_kernel(c, n, lower_pick_typed2(n, KERNELS2_rt_cast, x->dtype, y->dtype), &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    return true;
}

static bool lower_cast_op(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    if (x->dtype == y->dtype) return lower_view(c, n, x, y);
    return lower_cast(c, n, x, y);
}

/* BitCast: 'to' must have the input type's size; the output has the
   input's shape. Types dlc lacks (4- and 8-bit floats, 2- and 4-bit
   integers, complex) have no size here and are reported unsupported. */
static bool infer_bitcast(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    const ir_attr *to = ir_node_attr(n, "to");
    if (!to) return diag_node(n, DIAG_INVALID, "attribute 'to' is required");
    int32_t dtype = (int32_t)to->i;
    if (dtype_size(dtype) == 0 || dtype == DT_STRING)
        return diag_node(n, DIAG_UNSUPPORTED, "bitcast to %s is not supported", dtype_name(dtype));
    if (dtype_size(x->dtype) == 0 || x->dtype == DT_STRING)
        return diag_node(n, DIAG_UNSUPPORTED, "bitcast from %s is not supported", dtype_name(x->dtype));
    if (dtype_size(dtype) != dtype_size(x->dtype))
        return diag_node(n, DIAG_INVALID, "bitcast from %s to %s: the sizes differ", dtype_name(x->dtype),
                         dtype_name(dtype));
    node_set_output(n, 0, dtype, x->rank, x->dims);
    return true;
}

static bool lower_bitcast(ir_node *n, lir_program *c)
{
    return lower_view(c, n, n->inputs[0], n->outputs[0]);
}

static const char *const cast_attrs[] = {"to", "saturate", "round_mode", NULL};
static const char *const cast_like_attrs[] = {"saturate", "round_mode", NULL};
static const char *const bitcast_attrs[] = {"to", NULL};

const op_def ops_cast[] = {
    {"Cast", "", cast_attrs, infer_cast, lower_cast_op},
    {"CastLike", "", cast_like_attrs, infer_cast_like, lower_cast_op},
    {"BitCast", "", bitcast_attrs, infer_bitcast, lower_bitcast},
    {0},
};
