/* Operators: Cast and CastLike, between every numeric type and bool, the
   8-bit floats, float4e2m1 and the 4- and 2-bit integers (saturate and
   round_mode as the spec's tables say: runtime/dtypes.h), and BitCast
   (opset 26), which keeps the bits of each element and only renames their
   type (a copy, or a view memory planning may remove). */
#include "op.h"

#include <string.h>

/* round_mode (opset 24 and later; only a cast to float8e8m0 reads it) as
   enum rt_round_mode, or -1 after an error. */
static int round_mode_of(const ir_node *n)
{
    const char *mode = attr_string(n, "round_mode", "up");
    if (!strcmp(mode, "up")) return RT_ROUND_UP;
    if (!strcmp(mode, "down")) return RT_ROUND_DOWN;
    if (!strcmp(mode, "nearest")) return RT_ROUND_NEAREST;
    diag_node(n, DIAG_INVALID, "round_mode '%s' is not one of up, down, nearest", mode);
    return -1;
}

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
    if (round_mode_of(n) < 0) return false;
    node_set_output(n, 0, dtype, x->rank, x->dims);
    return true;
}

static bool infer_cast_like(ir_node *n)
{
    if (!node_check_arity(n, 2, 2)) return false;
    const ir_value *x = n->inputs[0];
    if (round_mode_of(n) < 0) return false;
    node_set_output(n, 0, n->inputs[1]->dtype, x->rank, x->dims);
    return true;
}

/* The type whose Cast kernels read a source of this type: int4 and int2
   are held as int8, uint4 and uint2 as uint8 (runtime/dtypes.h). */
static int32_t cast_source_type(int32_t dtype)
{
    if (dtype == DT_INT4 || dtype == DT_INT2) return DT_INT8;
    if (dtype == DT_UINT4 || dtype == DT_UINT2) return DT_UINT8;
    return dtype;
}

bool lower_cast_mode(lir_program *c, ir_node *n, ir_value *x, ir_value *y, bool saturate, int round_mode)
{
    rt_kernel_id id = lower_pick_typed2(n, KERNELS2_rt_cast, cast_source_type(x->dtype), y->dtype);
    if (id == RT_KERNEL_NONE) return false;
    lir_call *k;
    if (rt_kernel(id)->params == PARAMS_rt_cast_params) { /* to an 8-bit float */
        rt_cast_params p = {.count = ir_value_numel(x), .saturate = saturate, .round_mode = round_mode};
        k = lower_kernel(c, n, id, &p);
    } else {
        rt_unary_params p = {.count = ir_value_numel(x)};
        k = lower_kernel(c, n, id, &p);
    }
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    return true;
}

ir_value *lower_as_type(lir_program *c, ir_node *n, ir_value *x, int32_t dtype)
{
    if (!x || x->dtype == dtype) return x;
    ir_value *t = lower_temp(c, dtype, x->rank, x->dims);
    return lower_cast(c, n, x, t) ? t : NULL;
}

bool lower_cast(lir_program *c, ir_node *n, ir_value *x, ir_value *y)
{
    return lower_cast_mode(c, n, x, y, true, RT_ROUND_UP);
}

static bool lower_cast_op(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    if (x->dtype == y->dtype) return lower_view(c, n, x, y);
    return lower_cast_mode(c, n, x, y, attr_int(n, "saturate", 1) != 0, round_mode_of(n));
}

/* BitCast: 'to' must have the input type's size; the output has the
   input's shape. The 8-bit floats are bit patterns like uint8; the 4- and
   2-bit types (a byte each inside, int4 sign-extended) and complex are
   reported unsupported. */
static bool infer_bitcast(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    const ir_attr *to = ir_node_attr(n, "to");
    if (!to) return diag_node(n, DIAG_INVALID, "attribute 'to' is required");
    int32_t dtype = (int32_t)to->i;
    if (dtype_size(dtype) == 0 || dtype == DT_STRING || dtype_is_packed(dtype))
        return diag_node(n, DIAG_UNSUPPORTED, "bitcast to %s is not supported", dtype_name(dtype));
    if (dtype_size(x->dtype) == 0 || x->dtype == DT_STRING || dtype_is_packed(x->dtype))
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
