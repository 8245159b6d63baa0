/* Operators: elementwise functions of one tensor (activations, math,
   logic), Clip, and the Gelu that newer opsets name directly. Output has
   the input's type and shape; each op maps to a family of kernels
   rt_<kernel>_<type> (runtime/elementwise.c), whose parameter struct
   (runtime/elementwise.h) carries the op's attributes by name. */
#include "op.h"

#include <string.h>

typedef struct unary_row {
    const char *op_type;
    rt_kernel_family kernels;
    /* Defaults of the op's float attributes, in the order of its parameter
       struct's fields after count (alpha, then gamma/beta/bias). */
    float defaults[2];
} unary_row;

static const char *const no_attrs[] = {NULL};
static const char *const alpha_attrs[] = {"alpha", NULL};
static const char *const shrink_attrs[] = {"lambd", "bias", NULL};
static const char *const clip_attrs[] = {"min", "max", NULL};
static const char *const gelu_attrs[] = {"approximate", NULL};
static const char *const isinf_attrs[] = {"detect_positive", "detect_negative", NULL};
/* Opset 1-5 versions of many activations carried consumed_inputs (ignored by inference). */
static const char *const legacy_attrs[] = {"consumed_inputs", NULL};
static const char *const legacy_alpha_attrs[] = {"alpha", "consumed_inputs", NULL};
static const char *const legacy_alpha_beta_attrs[] = {"alpha", "beta", "consumed_inputs", NULL};
static const char *const legacy_selu_attrs[] = {"alpha", "gamma", "consumed_inputs", NULL};

/* Every elementwise function of one tensor, one line each: the ONNX name,
   the kernel family, the attributes it has at any opset, and the defaults
   of its float attributes in the order of its parameter struct's fields
   after count (alpha, then gamma/beta/bias). Expanded into unary_rows (for
   lowering) and ops_unary (the op table). */
#define UNARY_OPS(X) \
    X("Relu", KERNELS_rt_relu, legacy_attrs, 0, 0)                                                        \
    X("LeakyRelu", KERNELS_rt_leaky_relu, legacy_alpha_attrs, 0.01f, 0)                                   \
    X("Elu", KERNELS_rt_elu, legacy_alpha_attrs, 1.0f, 0)                                                 \
    X("Selu", KERNELS_rt_selu, legacy_selu_attrs, 1.67326319217681884765625f, 1.05070102214813232421875f) \
    X("Celu", KERNELS_rt_celu, alpha_attrs, 1.0f, 0)                                                      \
    X("ThresholdedRelu", KERNELS_rt_thresholded_relu, alpha_attrs, 1.0f, 0)                               \
    X("Sigmoid", KERNELS_rt_sigmoid, legacy_attrs, 0, 0)                                                  \
    X("HardSigmoid", KERNELS_rt_hard_sigmoid, legacy_alpha_beta_attrs, 0.2f, 0.5f)                        \
    X("HardSwish", KERNELS_rt_hard_swish, no_attrs, 0, 0)                                                 \
    X("Swish", KERNELS_rt_swish, alpha_attrs, 1.0f, 0)                                                    \
    X("Tanh", KERNELS_rt_tanh, legacy_attrs, 0, 0)                                                        \
    X("Softplus", KERNELS_rt_softplus, no_attrs, 0, 0)                                                    \
    X("Softsign", KERNELS_rt_softsign, no_attrs, 0, 0)                                                    \
    X("Mish", KERNELS_rt_mish, no_attrs, 0, 0)                                                            \
    X("Erf", KERNELS_rt_erf, no_attrs, 0, 0)                                                              \
    X("Sqrt", KERNELS_rt_sqrt, legacy_attrs, 0, 0)                                                        \
    X("Exp", KERNELS_rt_exp, legacy_attrs, 0, 0)                                                          \
    X("Log", KERNELS_rt_log, legacy_attrs, 0, 0)                                                          \
    X("Sin", KERNELS_rt_sin, no_attrs, 0, 0)                                                              \
    X("Cos", KERNELS_rt_cos, no_attrs, 0, 0)                                                              \
    X("Tan", KERNELS_rt_tan, no_attrs, 0, 0)                                                              \
    X("Asin", KERNELS_rt_asin, no_attrs, 0, 0)                                                            \
    X("Acos", KERNELS_rt_acos, no_attrs, 0, 0)                                                            \
    X("Atan", KERNELS_rt_atan, no_attrs, 0, 0)                                                            \
    X("Sinh", KERNELS_rt_sinh, no_attrs, 0, 0)                                                            \
    X("Cosh", KERNELS_rt_cosh, no_attrs, 0, 0)                                                            \
    X("Asinh", KERNELS_rt_asinh, no_attrs, 0, 0)                                                          \
    X("Acosh", KERNELS_rt_acosh, no_attrs, 0, 0)                                                          \
    X("Atanh", KERNELS_rt_atanh, no_attrs, 0, 0)                                                          \
    X("Floor", KERNELS_rt_floor, legacy_attrs, 0, 0)                                                      \
    X("Ceil", KERNELS_rt_ceil, legacy_attrs, 0, 0)                                                        \
    X("Round", KERNELS_rt_round, no_attrs, 0, 0)                                                          \
    X("Reciprocal", KERNELS_rt_reciprocal, legacy_attrs, 0, 0)                                            \
    X("Neg", KERNELS_rt_neg, legacy_attrs, 0, 0)                                                          \
    X("Abs", KERNELS_rt_abs, legacy_attrs, 0, 0)                                                          \
    X("Sign", KERNELS_rt_sign, no_attrs, 0, 0)                                                            \
    X("Not", KERNELS_rt_not, no_attrs, 0, 0)                                                              \
    X("BitwiseNot", KERNELS_rt_bitwise_not, no_attrs, 0, 0)                                               \
    X("Shrink", KERNELS_rt_shrink, shrink_attrs, 0.5f, 0.0f)

#define UNARY_ROW(op, kernels, attrs, default0, default1) {op, kernels, {default0, default1}},
static const unary_row unary_rows[] = {UNARY_OPS(UNARY_ROW){0}};

static const unary_row *find_row(const char *op_type)
{
    for (const unary_row *r = unary_rows; r->op_type; r++)
        if (strcmp(r->op_type, op_type) == 0) return r;
    return NULL;
}

static bool infer_same(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool infer_bool(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    node_set_output(n, 0, DT_BOOL, x->rank, x->dims);
    return true;
}

/* One call of kernel with the parameter struct it takes, filled from n's
   attributes (defaults from r). */
static lir_call *unary_call(lir_program *c, ir_node *n, rt_kernel_id kernel, const unary_row *r, int64_t count)
{
    switch (rt_kernel(kernel)->params) {
    case PARAMS_rt_unary_alpha_params: {
        rt_unary_alpha_params p = {.count = count, .alpha = attr_float(n, "alpha", r->defaults[0])};
        return lower_kernel(c, n, kernel, &p);
    }
    case PARAMS_rt_selu_params: {
        rt_selu_params p = {.count = count, .alpha = attr_float(n, "alpha", r->defaults[0]),
                            .gamma = attr_float(n, "gamma", r->defaults[1])};
        return lower_kernel(c, n, kernel, &p);
    }
    case PARAMS_rt_hard_sigmoid_params: {
        rt_hard_sigmoid_params p = {.count = count, .alpha = attr_float(n, "alpha", r->defaults[0]),
                                    .beta = attr_float(n, "beta", r->defaults[1])};
        return lower_kernel(c, n, kernel, &p);
    }
    case PARAMS_rt_shrink_params: {
        rt_shrink_params p = {.count = count, .lambd = attr_float(n, "lambd", r->defaults[0]),
                              .bias = attr_float(n, "bias", r->defaults[1])};
        return lower_kernel(c, n, kernel, &p);
    }
    default: { /* rt_unary_params; another struct is reported by lower_kernel */
        rt_unary_params p = {.count = count};
        return lower_kernel(c, n, kernel, &p);
    }
    }
}

static bool lower_unary(ir_node *n, lir_program *c)
{
    const unary_row *r = find_row(n->op_type);
    if (!r) return diag_node(n, DIAG_INVALID, "internal: no unary kernel for %s", n->op_type);
    ir_value *x = n->inputs[0];
    rt_kernel_id kernel = lower_pick_typed(n, r->kernels, x->dtype);
    if (kernel == RT_KERNEL_NONE) return false;
    lir_call *k = unary_call(c, n, kernel, r, ir_value_numel(x));
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    return true;
}

static bool lower_gelu(ir_node *n, lir_program *c)
{
    const char *approx = attr_string(n, "approximate", "none");
    if (strcmp(approx, "none") && strcmp(approx, "tanh"))
        return diag_node(n, DIAG_INVALID, "approximate='%s' is not 'none' or 'tanh'", approx);
    ir_value *x = n->inputs[0];
    rt_unary_params p = {.count = ir_value_numel(x)};
    rt_kernel_family kernels = strcmp(approx, "tanh") ? KERNELS_rt_gelu : KERNELS_rt_gelu_tanh;
    lir_call *k = lower_kernel_typed(c, n, kernels, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    return true;
}

static bool lower_isnan(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    rt_unary_params p = {.count = ir_value_numel(x)};
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_isnan, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    return true;
}

static bool lower_isinf(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    rt_isinf_params p = {.count = ir_value_numel(x),
                         .detect_positive = attr_int(n, "detect_positive", 1),
                         .detect_negative = attr_int(n, "detect_negative", 1)};
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_isinf, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    return true;
}

/* Clip: min/max are attributes before opset 11, optional inputs after. */
static bool infer_clip(ir_node *n)
{
    if (!node_check_arity(n, 1, 3)) return false;
    const ir_value *x = n->inputs[0];
    for (int i = 1; i < 3; i++) {
        const ir_value *b = node_input(n, i);
        if (b && (b->dtype != x->dtype || ir_value_numel(b) != 1))
            return diag_node(n, DIAG_INVALID, "input %d must be a scalar of the input's type", i);
    }
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_clip(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *lo = node_input(n, 1), *hi = node_input(n, 2);
    if (n->opset < 11) {
        lo = ir_node_attr(n, "min") ? lower_const_scalar(c, x->dtype, attr_float(n, "min", 0)) : NULL;
        hi = ir_node_attr(n, "max") ? lower_const_scalar(c, x->dtype, attr_float(n, "max", 0)) : NULL;
    }
    rt_unary_params p = {.count = ir_value_numel(x)};
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_clip, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, lo);
    call_tensor(k, hi);
    call_tensor(k, n->outputs[0]);
    return true;
}

#define UNARY_DEF(op, kernels, attrs, default0, default1) {op, "", attrs, infer_same, lower_unary},

const op_def ops_unary[] = {
    UNARY_OPS(UNARY_DEF)
    {"Gelu", "", gelu_attrs, infer_same, lower_gelu},
    {"IsNaN", "", no_attrs, infer_bool, lower_isnan},
    {"IsInf", "", isinf_attrs, infer_bool, lower_isinf},
    {"Clip", "", clip_attrs, infer_clip, lower_clip},
    {0},
};
