/* Operators of the ai.onnx.preview.training domain: the optimizers
   Adagrad, Adam and Momentum (opset 1), which update several tensors in one
   node: inputs R (learning rate), T (update count), then the n tensors X,
   their gradients G and their accumulators (Adagrad: H; Momentum: V; Adam:
   V then H); outputs the n new X, then the new accumulators in the same
   order. float only. */
#include "op.h"

#include <string.h>

/* Accumulators per tensor: Adagrad's H, Momentum's V, Adam's V and H. */
static int accumulators(const ir_node *n)
{
    return strcmp(n->op_type, "Adam") == 0 ? 2 : 1;
}

/* The number of tensors the node updates, its inputs checked. */
static bool optimizer_tensors(const ir_node *n, int *count)
{
    int per = 2 + accumulators(n); /* X, G and the accumulators */
    if (n->num_inputs < 2 + per || (n->num_inputs - 2) % per != 0 ||
        n->num_outputs != (n->num_inputs - 2) / per * (per - 1))
        return diag_node(n, DIAG_INVALID, "expects R, T and %d inputs per tensor, and %d outputs per tensor", per,
                         per - 1);
    *count = (n->num_inputs - 2) / per;
    const char *mode = attr_string(n, "mode", "standard");
    if (strcmp(n->op_type, "Momentum") == 0 && strcmp(mode, "standard") != 0 && strcmp(mode, "nesterov") != 0)
        return diag_node(n, DIAG_INVALID, "mode must be standard or nesterov, not '%s'", mode);
    const ir_value *r = n->inputs[0], *t = n->inputs[1];
    if (!r || r->dtype != DT_FLOAT || ir_value_numel(r) != 1 || !t || t->dtype != DT_INT64 || ir_value_numel(t) != 1)
        return diag_node(n, DIAG_UNSUPPORTED, "R must be a float scalar and T an int64 scalar");
    for (int i = 2; i < n->num_inputs; i++) {
        const ir_value *v = n->inputs[i], *x = n->inputs[2 + (i - 2) % *count];
        if (!v || v->dtype != DT_FLOAT)
            return diag_node(n, DIAG_UNSUPPORTED, "input %d must be float (dlc supports float optimizers)", i);
        if (ir_value_numel(v) != ir_value_numel(x) || v->rank != x->rank)
            return diag_node(n, DIAG_INVALID, "input %d's shape differs from its tensor's", i);
    }
    return true;
}

static bool infer_optimizer(ir_node *n)
{
    int count;
    if (!optimizer_tensors(n, &count)) return false;
    for (int o = 0; o < n->num_outputs; o++) {
        const ir_value *x = n->inputs[2 + o % count];
        node_set_output(n, o, DT_FLOAT, x->rank, x->dims);
    }
    return true;
}

static int64_t optimizer_kind(const ir_node *n)
{
    if (strcmp(n->op_type, "Adagrad") == 0) return RT_OPTIMIZER_ADAGRAD;
    if (strcmp(n->op_type, "Adam") == 0) return RT_OPTIMIZER_ADAM;
    return strcmp(attr_string(n, "mode", "standard"), "nesterov") == 0 ? RT_OPTIMIZER_NESTEROV
                                                                       : RT_OPTIMIZER_MOMENTUM;
}

static bool lower_optimizer(ir_node *n, lir_program *c)
{
    int count;
    if (!optimizer_tensors(n, &count)) return false;
    int64_t kind = optimizer_kind(n);
    bool adam = kind == RT_OPTIMIZER_ADAM;
    for (int i = 0; i < count; i++) {
        rt_optimizer_params p = {
            .count = ir_value_numel(n->inputs[2 + i]), .kind = kind,
            .alpha = attr_float(n, "alpha", adam ? 0.9f : 0.0f), .beta = attr_float(n, "beta", adam ? 0.999f : 0.0f),
            .epsilon = attr_float(n, "epsilon", 0.0f), .decay_factor = attr_float(n, "decay_factor", 0.0f),
            .norm_coefficient = attr_float(n, "norm_coefficient", 0.0f),
            .norm_coefficient_post = attr_float(n, "norm_coefficient_post", 0.0f)};
        lir_call *k = lower_kernel(c, n, KERNEL_rt_optimizer_f32, &p);
        if (!k) return false;
        ir_value *first = n->inputs[2 + 2 * count + i], *second = adam ? n->inputs[2 + 3 * count + i] : NULL;
        call_tensor(k, n->inputs[0]);
        call_tensor(k, n->inputs[1]);
        call_tensor(k, n->inputs[2 + i]);
        call_tensor(k, n->inputs[2 + count + i]);
        call_tensor(k, kind == RT_OPTIMIZER_ADAGRAD ? NULL : first);                /* v */
        call_tensor(k, kind == RT_OPTIMIZER_ADAGRAD ? first : second);              /* h */
        ir_value *acc_first = node_output(n, count + i), *acc_second = adam ? node_output(n, 2 * count + i) : NULL;
        call_tensor(k, node_output(n, i));
        call_tensor(k, kind == RT_OPTIMIZER_ADAGRAD ? NULL : acc_first);
        call_tensor(k, kind == RT_OPTIMIZER_ADAGRAD ? acc_first : acc_second);
    }
    return true;
}

static const char *const adagrad_attrs[] = {"decay_factor", "epsilon", "norm_coefficient", NULL};
static const char *const adam_attrs[] = {"alpha", "beta", "epsilon", "norm_coefficient", "norm_coefficient_post",
                                         NULL};
static const char *const momentum_attrs[] = {"alpha", "beta", "mode", "norm_coefficient", NULL};

const op_def ops_training[] = {
    {"Adagrad", "ai.onnx.preview.training", adagrad_attrs, infer_optimizer, lower_optimizer},
    {"Adam", "ai.onnx.preview.training", adam_attrs, infer_optimizer, lower_optimizer},
    {"Momentum", "ai.onnx.preview.training", momentum_attrs, infer_optimizer, lower_optimizer},
    {0},
};
