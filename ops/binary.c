/* Operators: elementwise functions of two or more tensors with numpy
   broadcasting (arithmetic, comparison, logic, bitwise, PRelu), the
   variadic Sum/Mean/Max/Min, Where, and SwiGLU (Swish of one tensor times
   another of the same shape). Before opset 7 the binary ops
   broadcast only with broadcast=1, aligning b at `axis`; inference turns
   that into numpy broadcasting by padding b's shape. */
#include "op.h"

#include <string.h>

typedef struct binary_row { const char *op_type; rt_kernel_family kernels; bool compare; } binary_row;

static const binary_row binary_rows[] = {
    {"Add", KERNELS_rt_add, false}, {"Sub", KERNELS_rt_sub, false}, {"Mul", KERNELS_rt_mul, false},
    {"Div", KERNELS_rt_div, false}, {"Pow", KERNELS_rt_pow, false}, {"Max", KERNELS_rt_max, false},
    {"Min", KERNELS_rt_min, false}, {"Sum", KERNELS_rt_add, false}, {"Mean", KERNELS_rt_add, false},
    {"Equal", KERNELS_rt_equal, true}, {"Less", KERNELS_rt_less, true}, {"Greater", KERNELS_rt_greater, true},
    {"LessOrEqual", KERNELS_rt_less_equal, true}, {"GreaterOrEqual", KERNELS_rt_greater_equal, true},
    {"And", KERNELS_rt_and, true}, {"Or", KERNELS_rt_or, true}, {"Xor", KERNELS_rt_xor, true},
    {"BitwiseAnd", KERNELS_rt_bitwise_and, false}, {"BitwiseOr", KERNELS_rt_bitwise_or, false},
    {"BitwiseXor", KERNELS_rt_bitwise_xor, false}, {"PRelu", KERNELS_rt_prelu, false},
    {"Mod", KERNELS_rt_mod, false}, {"BitShift", KERNELS_rt_shift_left, false},
    {0},
};

/* The kernels' parameter structs hold IR shapes. */
_Static_assert(RT_MAX_RANK >= IR_MAX_RANK, "runtime ranks must hold every IR rank");

static const binary_row *find_row(const char *op_type)
{
    for (const binary_row *r = binary_rows; r->op_type; r++)
        if (strcmp(r->op_type, op_type) == 0) return r;
    return NULL;
}

/* The shape input k takes part in broadcasting with (legacy rules applied). */
static void effective_shape(const ir_node *n, int k, int *rank, int64_t *dims)
{
    const ir_value *v = n->inputs[k];
    *rank = v->rank;
    memcpy(dims, v->dims, sizeof(int64_t) * (size_t)v->rank);
    const ir_value *a = n->inputs[0];
    if (k == 1 && n->opset < 7 && attr_int(n, "broadcast", 0) && ir_node_attr(n, "axis")) {
        int64_t axis = attr_int(n, "axis", 0);
        if (axis < 0) axis += a->rank;
        int trailing = a->rank - (int)axis - v->rank;
        for (int i = 0; i < trailing && *rank < IR_MAX_RANK; i++) dims[(*rank)++] = 1;
    }
    /* PRelu's slope of [C] on [N,C,...] means per channel (older exporters). */
    if (k == 1 && strcmp(n->op_type, "PRelu") == 0 && v->rank == 1 && a->rank > 2 && v->dims[0] == a->dims[1] &&
        a->dims[a->rank - 1] != v->dims[0]) {
        *rank = a->rank - 1;
        dims[0] = v->dims[0];
        for (int i = 1; i < *rank; i++) dims[i] = 1;
    }
}

static bool infer_binary(ir_node *n)
{
    const binary_row *r = find_row(n->op_type);
    if (!r) return diag_node(n, DIAG_INVALID, "internal: no binary kernel for %s", n->op_type);
    bool variadic = !strcmp(n->op_type, "Sum") || !strcmp(n->op_type, "Mean") || !strcmp(n->op_type, "Max") ||
                    !strcmp(n->op_type, "Min");
    if (!node_check_arity(n, variadic ? 1 : 2, variadic ? -1 : 2)) return false;
    const ir_value *a = n->inputs[0];
    int rank = a->rank;
    int64_t dims[IR_MAX_RANK];
    memcpy(dims, a->dims, sizeof(int64_t) * (size_t)a->rank);
    for (int i = 1; i < n->num_inputs; i++) {
        const ir_value *b = n->inputs[i];
        if (!b) return diag_node(n, DIAG_INVALID, "input %d is missing", i);
        bool pow_mixed = !strcmp(n->op_type, "Pow");
        if (b->dtype != a->dtype && !pow_mixed)
            return diag_node(n, DIAG_INVALID, "inputs have different element types (%s and %s)", dtype_name(a->dtype),
                             dtype_name(b->dtype));
        int rb;
        int64_t db[IR_MAX_RANK];
        effective_shape(n, i, &rb, db);
        if (!node_broadcast(n, rank, dims, rb, db, &rank, dims)) return false;
    }
    if (!strcmp(n->op_type, "PRelu") && (rank != a->rank || memcmp(dims, a->dims, sizeof(int64_t) * (size_t)rank)))
        return diag_node(n, DIAG_INVALID, "slope does not broadcast to the input's shape");
    node_set_output(n, 0, r->compare ? DT_BOOL : a->dtype, rank, dims);
    return true;
}

/* One broadcasting kernel call: out = a op b. */
static bool emit_binary(lir_program *c, ir_node *n, rt_kernel_family kernels, ir_value *a, ir_value *b,
                        ir_value *out, int b_rank, const int64_t *b_dims)
{
    ir_value shaped_b = *b; /* b with its broadcast shape (legacy axis rules) */
    ir_value_set_shape(&shaped_b, b->dtype, b_rank, b_dims);
    ir_value *ins[2] = {a, &shaped_b};
    rt_binary_params p = {0};
    int64_t *strides[2] = {p.a_strides, p.b_strides};
    p.rank = shape_broadcast_walk(out->rank, out->dims, 2, ins, p.dims, strides);
    lir_call *k = lower_kernel_typed(c, n, kernels, a->dtype, &p);
    if (!k) return false;
    call_tensor(k, a);
    call_tensor(k, b);
    call_tensor(k, out);
    return true;
}

static rt_kernel_family kernels_of(const ir_node *n, const binary_row *r)
{
    if (!strcmp(n->op_type, "Mod")) return attr_int(n, "fmod", 0) ? KERNELS_rt_fmod : KERNELS_rt_mod;
    if (!strcmp(n->op_type, "BitShift"))
        return !strcmp(attr_string(n, "direction", ""), "RIGHT") ? KERNELS_rt_shift_right : KERNELS_rt_shift_left;
    return r->kernels;
}

static bool lower_binary(ir_node *n, lir_program *c)
{
    const binary_row *r = find_row(n->op_type);
    if (!r) return diag_node(n, DIAG_INVALID, "internal: no binary kernel for %s", n->op_type);
    rt_kernel_family kernels = kernels_of(n, r);
    ir_value *out = n->outputs[0];
    if (!strcmp(n->op_type, "BitShift")) {
        const char *dir = attr_string(n, "direction", "");
        if (strcmp(dir, "LEFT") && strcmp(dir, "RIGHT"))
            return diag_node(n, DIAG_INVALID, "direction must be LEFT or RIGHT, not '%s'", dir);
    }
    if (!strcmp(n->op_type, "Mod") && !attr_int(n, "fmod", 0) && dtype_is_float(n->inputs[0]->dtype))
        return diag_node(n, DIAG_INVALID, "fmod=0 is not defined for floating-point inputs");
    ir_value *acc = n->inputs[0];
    int count = n->num_inputs;
    if (count == 1) {
        /* Sum/Mean/Max/Min of one tensor: a copy (x op nothing). */
        return lower_view(c, n, acc, out);
    }
    bool mean = !strcmp(n->op_type, "Mean");
    for (int i = 1; i < count; i++) {
        ir_value *b = n->inputs[i];
        if (b->dtype != acc->dtype) { /* Pow with an exponent of another type */
            ir_value *cast = lower_temp(c, acc->dtype, b->rank, b->dims);
            if (!lower_cast(c, n, b, cast)) return false;
            b = cast;
        }
        int rb, rank;
        int64_t db[IR_MAX_RANK], dims[IR_MAX_RANK];
        effective_shape(n, i, &rb, db);
        if (!node_broadcast(n, acc->rank, acc->dims, rb, db, &rank, dims)) return false;
        ir_value *dst = (i == count - 1 && !mean) ? out : lower_temp(c, out->dtype, rank, dims);
        if (!emit_binary(c, n, kernels, acc, b, dst, rb, db)) return false;
        acc = dst;
    }
    if (mean) {
        ir_value *divisor = lower_const_scalar(c, acc->dtype, count);
        if (!emit_binary(c, n, KERNELS_rt_div, acc, divisor, out, 0, NULL)) return false;
    }
    return true;
}

static bool infer_where(ir_node *n)
{
    if (!node_check_arity(n, 3, 3)) return false;
    const ir_value *cond = n->inputs[0], *x = n->inputs[1], *y = n->inputs[2];
    if (cond->dtype != DT_BOOL) return diag_node(n, DIAG_INVALID, "condition must be bool");
    if (x->dtype != y->dtype) return diag_node(n, DIAG_INVALID, "X and Y have different element types");
    int rank;
    int64_t dims[IR_MAX_RANK];
    if (!node_broadcast(n, cond->rank, cond->dims, x->rank, x->dims, &rank, dims)) return false;
    if (!node_broadcast(n, rank, dims, y->rank, y->dims, &rank, dims)) return false;
    node_set_output(n, 0, x->dtype, rank, dims);
    return true;
}

static bool lower_where(ir_node *n, lir_program *c)
{
    ir_value *out = n->outputs[0];
    rt_where_params p = {0};
    int64_t *strides[3] = {p.condition_strides, p.x_strides, p.y_strides};
    p.rank = shape_broadcast_walk(out->rank, out->dims, 3, n->inputs, p.dims, strides);
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_where, out->dtype, &p);
    if (!k) return false;
    for (int i = 0; i < 3; i++) call_tensor(k, n->inputs[i]);
    call_tensor(k, out);
    return true;
}

/* SwiGLU (opset 28): Y = Swish_alpha(A) * B. A and B have the same type
   and shape; ONNX does not broadcast them. */
static bool infer_swiglu(ir_node *n)
{
    static const int32_t float_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, 0};
    if (!node_check_arity(n, 2, 2) || !node_check_dtype(n, 0, float_types)) return false;
    const ir_value *a = n->inputs[0], *b = n->inputs[1];
    if (b->dtype != a->dtype)
        return diag_node(n, DIAG_INVALID, "B has type %s, expected %s like A", dtype_name(b->dtype),
                         dtype_name(a->dtype));
    if (b->rank != a->rank || memcmp(a->dims, b->dims, sizeof(int64_t) * (size_t)a->rank))
        return diag_node(n, DIAG_INVALID, "A and B must have the same shape (SwiGLU does not broadcast)");
    node_set_output(n, 0, a->dtype, a->rank, a->dims);
    return true;
}

/* The Swish kernel into a temporary, then Mul: each step rounds to the
   element type, as the ONNX function body (Swish, Mul) does. */
static bool lower_swiglu(ir_node *n, lir_program *c)
{
    ir_value *a = n->inputs[0], *b = n->inputs[1], *out = n->outputs[0];
    ir_value *gate = lower_temp(c, a->dtype, a->rank, a->dims);
    rt_unary_alpha_params p = {.count = ir_value_numel(a), .alpha = attr_float(n, "alpha", 1.0f)};
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_swish, a->dtype, &p);
    if (!k) return false;
    call_tensor(k, a);
    call_tensor(k, gate);
    return emit_binary(c, n, KERNELS_rt_mul, gate, b, out, b->rank, b->dims);
}

static const char *const no_attrs[] = {NULL};
static const char *const alpha_attrs[] = {"alpha", NULL};
static const char *const legacy_attrs[] = {"broadcast", "axis", "consumed_inputs", NULL};
static const char *const mod_attrs[] = {"fmod", NULL};
static const char *const shift_attrs[] = {"direction", NULL};

#define BINARY(op, attrs) {op, "", attrs, infer_binary, lower_binary}

const op_def ops_binary[] = {
    BINARY("Add", legacy_attrs), BINARY("Sub", legacy_attrs), BINARY("Mul", legacy_attrs),
    BINARY("Div", legacy_attrs), BINARY("Pow", legacy_attrs), BINARY("Max", legacy_attrs),
    BINARY("Min", legacy_attrs), BINARY("Sum", legacy_attrs), BINARY("Mean", legacy_attrs),
    BINARY("Equal", legacy_attrs), BINARY("Less", legacy_attrs), BINARY("Greater", legacy_attrs),
    BINARY("LessOrEqual", no_attrs), BINARY("GreaterOrEqual", no_attrs),
    BINARY("And", legacy_attrs), BINARY("Or", legacy_attrs), BINARY("Xor", legacy_attrs),
    BINARY("BitwiseAnd", no_attrs), BINARY("BitwiseOr", no_attrs), BINARY("BitwiseXor", no_attrs),
    BINARY("PRelu", legacy_attrs), BINARY("Mod", mod_attrs), BINARY("BitShift", shift_attrs),
    {"Where", "", no_attrs, infer_where, lower_where},
    {"SwiGLU", "", alpha_attrs, infer_swiglu, lower_swiglu},
    {0},
};
