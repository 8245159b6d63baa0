/* Operators: losses. NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss
   over [N, C] or [N, C, d1, ..., dk] inputs, with optional per-class
   weights, ignore_index, reduction none / sum / mean and (SCE) the optional
   log_prob output. One kernel call each (runtime/loss.c, parameters in
   runtime/loss.h); int32 targets are cast to int64 first. */
#include "op.h"

#include <stdio.h>
#include <string.h>

static bool loss_reduction(const ir_node *n, int *out)
{
    const char *r = attr_string(n, "reduction", "mean");
    if (strcmp(r, "none") == 0) *out = RT_LOSS_NONE;
    else if (strcmp(r, "sum") == 0) *out = RT_LOSS_SUM;
    else if (strcmp(r, "mean") == 0) *out = RT_LOSS_MEAN;
    else return diag_node(n, DIAG_INVALID, "unknown reduction '%s'", r);
    return true;
}

/* Input 0 is [N, C, d...], input 1 (targets) [N, d...], input 2 (weights) [C]. */
static bool infer_loss(ir_node *n)
{
    if (!node_check_arity(n, 2, 3)) return false;
    const ir_value *x = n->inputs[0], *tg = n->inputs[1], *w = node_input(n, 2);
    int red = 0;
    if (!loss_reduction(n, &red)) return false;
    if (!dtype_is_float(x->dtype))
        return diag_node(n, DIAG_INVALID, "input 0 must be a float tensor, not %s", dtype_name(x->dtype));
    if (tg->dtype != DT_INT32 && tg->dtype != DT_INT64)
        return diag_node(n, DIAG_INVALID, "the targets must be int32 or int64, not %s", dtype_name(tg->dtype));
    if (x->rank < 2) return diag_node(n, DIAG_INVALID, "input 0 must have rank 2 or more");
    bool ok = tg->rank == x->rank - 1 && tg->dims[0] == x->dims[0];
    for (int d = 1; ok && d < tg->rank; d++) ok = tg->dims[d] == x->dims[d + 1];
    if (!ok) return diag_node(n, DIAG_INVALID, "the targets must have shape [N, d1, ...] of input 0 [N, C, d1, ...]");
    if (w && (w->dtype != x->dtype || w->rank != 1 || w->dims[0] != x->dims[1]))
        return diag_node(n, DIAG_INVALID, "the weights must be a 1-D tensor of C elements of the input's type");
    if (red == RT_LOSS_NONE) node_set_output(n, 0, x->dtype, tg->rank, tg->dims);
    else node_set_output(n, 0, x->dtype, 0, NULL);
    if (n->num_outputs > 2) return diag_node(n, DIAG_INVALID, "at most %d outputs", 2);
    if (n->num_outputs > 1 && strcmp(n->op_type, "NegativeLogLikelihoodLoss") == 0)
        return diag_node(n, DIAG_INVALID, "NegativeLogLikelihoodLoss has one output");
    node_set_output(n, 1, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_loss(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *w = node_input(n, 2);
    int red = 0;
    if (!loss_reduction(n, &red)) return false;
    bool sce = strcmp(n->op_type, "SoftmaxCrossEntropyLoss") == 0;
    ir_value *tg = n->inputs[1];
    if (tg->dtype != DT_INT64) { /* the cast kernels have not moved to a parameter struct yet */
        ir_value *tmp = lower_temp(c, DT_INT64, tg->rank, tg->dims);
        if (!lower_cast(c, n, tg, tmp)) return false;
        tg = tmp;
    }
    rt_loss_params p = {
        .batch = x->dims[0],
        .classes = x->dims[1],
        .inner = 1,
        .reduction = red,
        .ignore_index = attr_int(n, "ignore_index", INT64_MIN), /* none: no target is ignored */
    };
    for (int d = 2; d < x->rank; d++) p.inner *= x->dims[d];
    lir_call *k = lower_kernel_typed(c, n, sce ? KERNELS_rt_sce_loss : KERNELS_rt_nll_loss, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, tg);
    call_tensor(k, w);
    call_tensor(k, node_output(n, 0));
    if (sce) call_tensor(k, node_output(n, 1));
    return true;
}

static const char *const loss_attrs[] = {"reduction", "ignore_index", NULL};

const op_def ops_loss[] = {
    {"NegativeLogLikelihoodLoss", "", loss_attrs, infer_loss, lower_loss},
    {"SoftmaxCrossEntropyLoss", "", loss_attrs, infer_loss, lower_loss},
    {0},
};
