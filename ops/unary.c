/* Operators: elementwise functions of one tensor (activations, math,
   logic), Clip, and the Gelu that newer opsets name directly. Output has
   the input's type and shape; each op maps to a kernel rt_<kernel>_<type>
   with its attributes as float parameters. */
#include "op.h"

#include <string.h>

typedef struct unary_row {
    const char *op_type;
    const char *kernel;
    const char *param_names[2];   /* attributes passed as f[0], f[1] */
    float param_defaults[2];
} unary_row;

static const unary_row unary_rows[] = {
    {"Relu", "rt_relu", {0}, {0}},
    {"LeakyRelu", "rt_leaky_relu", {"alpha"}, {0.01f}},
    {"Elu", "rt_elu", {"alpha"}, {1.0f}},
    {"Selu", "rt_selu", {"alpha", "gamma"}, {1.67326319217681884765625f, 1.05070102214813232421875f}},
    {"Celu", "rt_celu", {"alpha"}, {1.0f}},
    {"ThresholdedRelu", "rt_thresholded_relu", {"alpha"}, {1.0f}},
    {"Sigmoid", "rt_sigmoid", {0}, {0}},
    {"HardSigmoid", "rt_hard_sigmoid", {"alpha", "beta"}, {0.2f, 0.5f}},
    {"HardSwish", "rt_hard_swish", {0}, {0}},
    {"Tanh", "rt_tanh", {0}, {0}},
    {"Softplus", "rt_softplus", {0}, {0}},
    {"Softsign", "rt_softsign", {0}, {0}},
    {"Mish", "rt_mish", {0}, {0}},
    {"Erf", "rt_erf", {0}, {0}},
    {"Sqrt", "rt_sqrt", {0}, {0}},
    {"Exp", "rt_exp", {0}, {0}},
    {"Log", "rt_log", {0}, {0}},
    {"Sin", "rt_sin", {0}, {0}},
    {"Cos", "rt_cos", {0}, {0}},
    {"Tan", "rt_tan", {0}, {0}},
    {"Asin", "rt_asin", {0}, {0}},
    {"Acos", "rt_acos", {0}, {0}},
    {"Atan", "rt_atan", {0}, {0}},
    {"Sinh", "rt_sinh", {0}, {0}},
    {"Cosh", "rt_cosh", {0}, {0}},
    {"Asinh", "rt_asinh", {0}, {0}},
    {"Acosh", "rt_acosh", {0}, {0}},
    {"Atanh", "rt_atanh", {0}, {0}},
    {"Floor", "rt_floor", {0}, {0}},
    {"Ceil", "rt_ceil", {0}, {0}},
    {"Round", "rt_round", {0}, {0}},
    {"Reciprocal", "rt_reciprocal", {0}, {0}},
    {"Neg", "rt_neg", {0}, {0}},
    {"Abs", "rt_abs", {0}, {0}},
    {"Sign", "rt_sign", {0}, {0}},
    {"Not", "rt_not", {0}, {0}},
    {"BitwiseNot", "rt_bitwise_not", {0}, {0}},
    {"Shrink", "rt_shrink", {"lambd", "bias"}, {0.5f, 0.0f}},
    {0},
};

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

static bool lower_unary(ir_node *n, lir_program *c)
{
    const unary_row *r = find_row(n->op_type);
    ir_value *x = n->inputs[0];
    lir_call *k = lower_call_typed(c, n, r->kernel, x->dtype);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    call_int(k, ir_value_numel(x));
    for (int i = 0; i < 2 && r->param_names[i]; i++) call_float(k, attr_float(n, r->param_names[i], r->param_defaults[i]));
    return true;
}

static bool lower_gelu(ir_node *n, lir_program *c)
{
    const char *approx = attr_string(n, "approximate", "none");
    if (strcmp(approx, "none") && strcmp(approx, "tanh"))
        return diag_node(n, DIAG_INVALID, "approximate='%s' is not 'none' or 'tanh'", approx);
    ir_value *x = n->inputs[0];
    lir_call *k = lower_call_typed(c, n, strcmp(approx, "tanh") ? "rt_gelu" : "rt_gelu_tanh", x->dtype);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    call_int(k, ir_value_numel(x));
    return true;
}

static bool lower_isnan(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    lir_call *k = lower_call_typed(c, n, "rt_isnan", x->dtype);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    call_int(k, ir_value_numel(x));
    return true;
}

static bool lower_isinf(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    lir_call *k = lower_call_typed(c, n, "rt_isinf", x->dtype);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    call_int(k, ir_value_numel(x));
    call_int(k, attr_int(n, "detect_positive", 1));
    call_int(k, attr_int(n, "detect_negative", 1));
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
    lir_call *k = lower_call_typed(c, n, "rt_clip", x->dtype);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, lo);
    call_tensor(k, hi);
    call_tensor(k, n->outputs[0]);
    call_int(k, ir_value_numel(x));
    return true;
}

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

#define UNARY(op, attrs) {op, "", attrs, infer_same, lower_unary}

const op_def ops_unary[] = {
    UNARY("Relu", legacy_attrs),
    UNARY("LeakyRelu", legacy_alpha_attrs),
    UNARY("Elu", legacy_alpha_attrs),
    UNARY("Selu", legacy_selu_attrs),
    UNARY("Celu", alpha_attrs),
    UNARY("ThresholdedRelu", alpha_attrs),
    UNARY("Sigmoid", legacy_attrs),
    UNARY("HardSigmoid", legacy_alpha_beta_attrs),
    UNARY("HardSwish", no_attrs),
    UNARY("Tanh", legacy_attrs),
    UNARY("Softplus", no_attrs),
    UNARY("Softsign", no_attrs),
    UNARY("Mish", no_attrs),
    UNARY("Erf", no_attrs),
    UNARY("Sqrt", legacy_attrs),
    UNARY("Exp", legacy_attrs),
    UNARY("Log", legacy_attrs),
    UNARY("Sin", no_attrs),
    UNARY("Cos", no_attrs),
    UNARY("Tan", no_attrs),
    UNARY("Asin", no_attrs),
    UNARY("Acos", no_attrs),
    UNARY("Atan", no_attrs),
    UNARY("Sinh", no_attrs),
    UNARY("Cosh", no_attrs),
    UNARY("Asinh", no_attrs),
    UNARY("Acosh", no_attrs),
    UNARY("Atanh", no_attrs),
    UNARY("Floor", legacy_attrs),
    UNARY("Ceil", legacy_attrs),
    UNARY("Round", no_attrs),
    UNARY("Reciprocal", legacy_attrs),
    UNARY("Neg", legacy_attrs),
    UNARY("Abs", legacy_attrs),
    UNARY("Sign", no_attrs),
    UNARY("Not", no_attrs),
    UNARY("BitwiseNot", no_attrs),
    UNARY("Shrink", shrink_attrs),
    {"Gelu", "", gelu_attrs, infer_same, lower_gelu},
    {"IsNaN", "", no_attrs, infer_bool, lower_isnan},
    {"IsInf", "", isinf_attrs, infer_bool, lower_isinf},
    {"Clip", "", clip_attrs, infer_clip, lower_clip},
    {0},
};
