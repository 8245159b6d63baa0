/* Operators: normalisation. BatchNormalization (inference; training with
   running statistics), InstanceNormalization, LayerNormalization,
   RMSNormalization, GroupNormalization, LpNormalization,
   MeanVarianceNormalization, LRN. Kernels in runtime/normalization.c. */
#include "op.h"

#include <stdio.h>
#include <string.h>

static const int32_t float_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, 0};

static int64_t prod(const int64_t *dims, int from, int to)
{
    int64_t p = 1;
    for (int i = from; i < to; i++) p *= dims[i];
    return p;
}

/* v converted to dtype by a cast kernel into a temporary (v itself if it already has it). */
static ir_value *as_dtype(lir_program *c, ir_node *n, ir_value *v, int32_t dtype)
{
    if (!v || v->dtype == dtype) return v;
    ir_value *tmp = lower_temp(c, dtype, v->rank, v->dims);
    return lower_cast(c, n, v, tmp) ? tmp : NULL;
}

/* x (N x C x ...) seen as batch x channels x inner, and the node's epsilon:
   the shape every per-channel normalisation kernel takes. */
static rt_channel_norm_params channel_norm_params(const ir_node *n)
{
    const ir_value *x = n->inputs[0];
    return (rt_channel_norm_params){.batch = x->dims[0], .channels = x->dims[1], .inner = prod(x->dims, 2, x->rank),
                                    .epsilon = attr_float(n, "epsilon", 1e-5f)};
}

/* The tensors InstanceNormalization, LayerNormalization and
   GroupNormalization kernels take first: x, scale, B (NULL when absent),
   y. k is NULL when lowering could not make the call (already reported). */
static bool call_affine_tensors(lir_call *k, ir_node *n)
{
    if (!k) return false;
    call_tensor(k, n->inputs[0]);
    call_tensor(k, node_input(n, 1));
    call_tensor(k, node_input(n, 2));
    call_tensor(k, n->outputs[0]);
    return true;
}

/* ---- BatchNormalization -------------------------------------------------- */

static const char *const bn_param_names[4] = {"scale", "B", "mean", "var"};

/* Training mode: training_mode = 1 from opset 14; before, the presence of
   the extra outputs (mean, var, saved_mean, saved_var) selects it. */
static bool bn_training(const ir_node *n)
{
    if (n->opset >= 14) return attr_int(n, "training_mode", 0) != 0;
    for (int i = 1; i < n->num_outputs; i++)
        if (n->outputs[i]) return true;
    return false;
}

static bool bn_per_activation(const ir_node *n)
{
    return n->opset < 9 && attr_int(n, "spatial", 1) == 0;
}

static bool infer_batchnorm(ir_node *n)
{
    if (!node_check_arity(n, 5, 5)) return false;
    for (int i = 0; i < 5; i++)
        if (!node_check_dtype(n, i, float_types)) return false;
    const ir_value *x = n->inputs[0];
    if (x->rank < 2)
        return diag_node(n, DIAG_INVALID, "input must have rank 2 or more (N x C x ...), got rank %d", x->rank);
    bool per_act = bn_per_activation(n), training = bn_training(n);
    int64_t want = per_act ? prod(x->dims, 1, x->rank) : x->dims[1];
    for (int i = 1; i < 5; i++)
        if (ir_value_numel(n->inputs[i]) != want)
            return diag_node(n, DIAG_INVALID, "input %d (%s) has %lld elements, expected %lld", i,
                             bn_param_names[i - 1], (long long)ir_value_numel(n->inputs[i]), (long long)want);
    if (training) {
        if (per_act)
            return diag_node(n, DIAG_UNSUPPORTED, "training mode with spatial=0 (per-activation statistics) is not supported");
        if (node_output(n, 3) || node_output(n, 4))
            return diag_node(n, DIAG_UNSUPPORTED, "the saved_mean and saved_var outputs of training mode are not supported");
        /* running_mean and running_var: the type and shape of input_mean and input_var. */
        for (int i = 1; i < 3; i++)
            node_set_output(n, i, n->inputs[2 + i]->dtype, n->inputs[2 + i]->rank, n->inputs[2 + i]->dims);
    } else {
        for (int i = 1; i < n->num_outputs; i++)
            if (n->outputs[i])
                return diag_node(n, DIAG_INVALID, "output %d is only produced in training mode", i);
    }
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

/* The kernels take the parameters (and write the running statistics) as
   double for a double input, float otherwise; other types are cast. */
static bool lower_batchnorm(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *params[4], *running[2] = {NULL, NULL};
    bool training = bn_training(n);
    int32_t ptype = x->dtype == DT_DOUBLE ? DT_DOUBLE : DT_FLOAT;
    for (int i = 0; i < 4; i++)
        if (!(params[i] = as_dtype(c, n, n->inputs[i + 1], ptype))) return false;
    if (training)
        for (int i = 0; i < 2; i++) {
            ir_value *out = node_output(n, i + 1);
            running[i] = out && out->dtype != ptype ? lower_temp(c, ptype, out->rank, out->dims) : out;
        }
    rt_channel_norm_params p = channel_norm_params(n);
    if (bn_per_activation(n)) p.channels *= p.inner, p.inner = 1;
    lower_epilogue_params(&p, n);
    lir_call *k;
    if (training) {
        rt_batchnorm_train_params q = {.batch = p.batch, .channels = p.channels, .inner = p.inner,
                                       .epsilon = p.epsilon, .momentum = attr_float(n, "momentum", 0.9f)};
        k = lower_kernel_typed(c, n, KERNELS_rt_batchnorm_train, x->dtype, &q);
    } else {
        k = lower_kernel_typed(c, n, KERNELS_rt_batchnorm, x->dtype, &p);
    }
    if (!k) return false;
    call_tensor(k, x);
    for (int i = 0; i < 4; i++) call_tensor(k, params[i]);
    call_tensor(k, n->outputs[0]);
    if (training) {
        call_tensor(k, running[0]);
        call_tensor(k, running[1]);
    }
    /* Running statistics of another type than the kernel's: cast them. */
    for (int i = 0; training && i < 2; i++) {
        ir_value *out = node_output(n, i + 1);
        if (!out || running[i] == out) continue;
        if (!lower_cast(c, n, running[i], out)) return false;
    }
    return true;
}

/* ---- InstanceNormalization ----------------------------------------------- */

static bool infer_instancenorm(ir_node *n)
{
    if (!node_check_arity(n, 3, 3) || !node_check_dtype(n, 0, float_types)) return false;
    const ir_value *x = n->inputs[0];
    if (x->rank < 2)
        return diag_node(n, DIAG_INVALID, "input must have rank 2 or more (N x C x ...), got rank %d", x->rank);
    for (int i = 1; i < 3; i++) {
        const ir_value *v = n->inputs[i];
        if (v->dtype != x->dtype)
            return diag_node(n, DIAG_INVALID, "input %d has type %s, expected %s like the input", i,
                             dtype_name(v->dtype), dtype_name(x->dtype));
        if (ir_value_numel(v) != x->dims[1])
            return diag_node(n, DIAG_INVALID, "input %d has %lld elements, expected C = %lld", i,
                             (long long)ir_value_numel(v), (long long)x->dims[1]);
    }
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_instancenorm(ir_node *n, lir_program *c)
{
    rt_channel_norm_params p = channel_norm_params(n);
    return call_affine_tensors(lower_kernel_typed(c, n, KERNELS_rt_instancenorm, n->inputs[0]->dtype, &p), n);
}

/* ---- LayerNormalization -------------------------------------------------- */

/* Strides of v (Scale or B) broadcast to the normalised dims[r]; false when
   v's shape does not broadcast to them (leading 1s beyond r are allowed). */
static bool ln_param_strides(const ir_node *n, const ir_value *v, int r, const int64_t *dims, int64_t *strides)
{
    int vr = v->rank;
    const int64_t *vd = v->dims;
    while (vr > r && vd[0] == 1) vr--, vd++;
    if (vr > r) return diag_node(n, DIAG_INVALID, "Scale/B of rank %d cannot broadcast to the %d normalised dimensions", v->rank, r);
    for (int i = 0; i < vr; i++) {
        int64_t d = vd[i], want = dims[r - vr + i];
        if (d != want && d != 1)
            return diag_node(n, DIAG_INVALID, "Scale/B dimension %d is %lld, expected %lld or 1", i, (long long)d,
                             (long long)want);
    }
    shape_broadcast_strides(vr, vd, r, dims, strides);
    return true;
}

static bool ln_axis(const ir_node *n, int *axis)
{
    const ir_value *x = n->inputs[0];
    if (x->rank == 0) return diag_node(n, DIAG_INVALID, "input must have rank 1 or more");
    return node_axis(n, attr_int(n, "axis", -1), x->rank, axis);
}

static bool infer_layernorm(ir_node *n)
{
    if (!node_check_arity(n, 2, 3) || !node_check_dtype(n, 0, float_types)) return false;
    const ir_value *x = n->inputs[0];
    int axis;
    if (!ln_axis(n, &axis)) return false;
    int r = x->rank - axis;
    int64_t strides[IR_MAX_RANK];
    for (int i = 1; i < 3; i++) {
        const ir_value *v = node_input(n, i);
        if (!v) continue;
        if (v->dtype != x->dtype)
            return diag_node(n, DIAG_INVALID, "input %d has type %s, expected %s like X", i, dtype_name(v->dtype),
                             dtype_name(x->dtype));
        if (!ln_param_strides(n, v, r, x->dims + axis, strides)) return false;
    }
    int64_t stash = attr_int(n, "stash_type", 1);
    if ((node_output(n, 1) || node_output(n, 2)) && stash != DT_FLOAT)
        return diag_node(n, DIAG_UNSUPPORTED, "stash_type %lld with Mean/InvStdDev outputs (only 1, float, is supported)",
                         (long long)stash);
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    int64_t dims[IR_MAX_RANK];
    for (int i = 0; i < x->rank; i++) dims[i] = i < axis ? x->dims[i] : 1;
    node_set_output(n, 1, DT_FLOAT, x->rank, dims);
    node_set_output(n, 2, DT_FLOAT, x->rank, dims);
    return true;
}

/* RMSNormalization (opset 23): LayerNormalization without centring or B,
   by the same kernel (rms = 1). Y has X's type: a scale of another type
   (the spec's V) is not supported. stash_type only names the least
   precision of the statistics; the kernel keeps them in double. */
static bool infer_rmsnorm(ir_node *n)
{
    if (!node_check_arity(n, 2, 2) || !node_check_dtype(n, 0, float_types)) return false;
    const ir_value *x = n->inputs[0], *scale = n->inputs[1];
    int axis;
    if (!ln_axis(n, &axis)) return false;
    if (scale->dtype != x->dtype)
        return diag_node(n, DIAG_UNSUPPORTED, "scale of type %s with X of type %s (only equal types are supported)",
                         dtype_name(scale->dtype), dtype_name(x->dtype));
    int r = x->rank - axis, sr = scale->rank;
    const int64_t *sd = scale->dims;
    while (sr > r && sd[0] == 1) sr--, sd++;
    if (sr > r)
        return diag_node(n, DIAG_UNSUPPORTED, "a scale that varies along the dimensions before axis %d", axis);
    int64_t strides[IR_MAX_RANK];
    if (!ln_param_strides(n, scale, r, x->dims + axis, strides)) return false;
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

/* LayerNormalization and RMSNormalization (which has no B and one output). */
static bool lower_layernorm(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *scale = n->inputs[1], *bias = node_input(n, 2);
    int axis;
    if (!ln_axis(n, &axis)) return false;
    int r = x->rank - axis;
    const int64_t *dims = x->dims + axis;
    int64_t inner = prod(dims, 0, r), ss[IR_MAX_RANK], bs[IR_MAX_RANK], dense[IR_MAX_RANK];
    if (!ln_param_strides(n, scale, r, dims, ss)) return false;
    if (bias && !ln_param_strides(n, bias, r, dims, bs)) return false;
    if (!bias) memcpy(bs, ss, sizeof bs);
    shape_strides(r, dims, dense);
    bool is_dense = true;
    for (int i = 0; i < r; i++)
        if (dims[i] != 1 && (ss[i] != dense[i] || bs[i] != dense[i])) is_dense = false;
    rt_layernorm_params p = {.outer = prod(x->dims, 0, axis), .inner = inner,
                             .rms = strcmp(n->op_type, "RMSNormalization") == 0,
                             .epsilon = attr_float(n, "epsilon", 1e-5f)};
    if (!is_dense) {
        /* Scale or B broadcast: the kernel walks them by these strides. */
        p.rank = r;
        memcpy(p.dims, dims, sizeof(int64_t) * (size_t)r);
        memcpy(p.scale_strides, ss, sizeof(int64_t) * (size_t)r);
        memcpy(p.bias_strides, bs, sizeof(int64_t) * (size_t)r);
    }
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_layernorm, x->dtype, &p);
    if (!call_affine_tensors(k, n)) return false;
    call_tensor(k, node_output(n, 1));
    call_tensor(k, node_output(n, 2));
    return true;
}

/* ---- GroupNormalization -------------------------------------------------- */

static bool infer_groupnorm(ir_node *n)
{
    if (!node_check_arity(n, 3, 3) || !node_check_dtype(n, 0, float_types)) return false;
    const ir_value *x = n->inputs[0];
    if (x->rank < 2)
        return diag_node(n, DIAG_INVALID, "input must have rank 2 or more (N x C x ...), got rank %d", x->rank);
    if (!ir_node_attr(n, "num_groups")) return diag_node(n, DIAG_INVALID, "attribute num_groups is required");
    int64_t groups = attr_int(n, "num_groups", 0), channels = x->dims[1];
    if (groups < 1 || channels % groups != 0)
        return diag_node(n, DIAG_INVALID, "num_groups %lld does not divide the %lld channels", (long long)groups,
                         (long long)channels);
    /* Opset 18: one scale and bias per group; 21: per channel. */
    int64_t want = n->opset >= 21 ? channels : groups;
    for (int i = 1; i < 3; i++) {
        const ir_value *v = n->inputs[i];
        if (v->dtype != x->dtype)
            return diag_node(n, DIAG_INVALID, "input %d has type %s, expected %s like X", i, dtype_name(v->dtype),
                             dtype_name(x->dtype));
        if (ir_value_numel(v) != want)
            return diag_node(n, DIAG_INVALID, "input %d has %lld elements, expected %lld", i,
                             (long long)ir_value_numel(v), (long long)want);
    }
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_groupnorm(ir_node *n, lir_program *c)
{
    rt_channel_norm_params q = channel_norm_params(n);
    rt_groupnorm_params p = {.batch = q.batch, .channels = q.channels, .groups = attr_int(n, "num_groups", 1),
                             .inner = q.inner, .per_channel_affine = n->opset >= 21, .epsilon = q.epsilon};
    return call_affine_tensors(lower_kernel_typed(c, n, KERNELS_rt_groupnorm, n->inputs[0]->dtype, &p), n);
}

/* ---- LpNormalization ------------------------------------------------------ */

static bool infer_lpnorm(ir_node *n)
{
    if (!node_check_arity(n, 1, 1) || !node_check_dtype(n, 0, float_types)) return false;
    const ir_value *x = n->inputs[0];
    int axis;
    if (x->rank == 0) return diag_node(n, DIAG_INVALID, "input must have rank 1 or more");
    if (!node_axis(n, attr_int(n, "axis", -1), x->rank, &axis)) return false;
    int64_t pw = attr_int(n, "p", 2);
    if (pw != 1 && pw != 2) return diag_node(n, DIAG_INVALID, "p = %lld is not 1 or 2", (long long)pw);
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_lpnorm(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    int axis;
    if (!node_axis(n, attr_int(n, "axis", -1), x->rank, &axis)) return false;
    rt_lpnorm_params p = {.outer = prod(x->dims, 0, axis), .axis_size = x->dims[axis],
                          .inner = prod(x->dims, axis + 1, x->rank), .order = attr_int(n, "p", 2)};
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_lpnorm, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    return true;
}

/* ---- MeanVarianceNormalization -------------------------------------------- */

/* Marks the reduced axes (default {0, 2, 3}); false after an error. */
static bool mvn_axes(const ir_node *n, bool *reduced)
{
    const ir_value *x = n->inputs[0];
    int64_t axes[IR_MAX_RANK + 1] = {0, 2, 3};
    int count = attr_ints(n, "axes", axes, IR_MAX_RANK + 1);
    if (count < 0) count = 3;
    if (count > x->rank) return diag_node(n, DIAG_INVALID, "%d axes for an input of rank %d", count, x->rank);
    for (int i = 0; i < x->rank; i++) reduced[i] = false;
    for (int i = 0; i < count; i++) {
        int a;
        if (!node_axis(n, axes[i], x->rank, &a)) return false;
        if (reduced[a]) return diag_node(n, DIAG_INVALID, "axis %lld is listed twice", (long long)axes[i]);
        reduced[a] = true;
    }
    return true;
}

static bool infer_mvn(ir_node *n)
{
    if (!node_check_arity(n, 1, 1) || !node_check_dtype(n, 0, float_types)) return false;
    const ir_value *x = n->inputs[0];
    bool reduced[IR_MAX_RANK];
    if (!mvn_axes(n, reduced)) return false;
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_mvn(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    bool reduced[IR_MAX_RANK];
    if (!mvn_axes(n, reduced)) return false;
    int64_t strides[IR_MAX_RANK];
    rt_mvn_params p = {0};
    shape_strides(x->rank, x->dims, strides);
    for (int i = 0; i < x->rank; i++) {
        if (reduced[i]) {
            p.reduced_dims[p.reduced_rank] = x->dims[i];
            p.reduced_strides[p.reduced_rank++] = strides[i];
        } else {
            p.kept_dims[p.kept_rank] = x->dims[i];
            p.kept_strides[p.kept_rank++] = strides[i];
        }
    }
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_mvn, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    return true;
}

/* ---- LRN ------------------------------------------------------------------ */

static bool infer_lrn(ir_node *n)
{
    if (!node_check_arity(n, 1, 1) || !node_check_dtype(n, 0, float_types)) return false;
    const ir_value *x = n->inputs[0];
    if (x->rank < 2)
        return diag_node(n, DIAG_INVALID, "input must have rank 2 or more (N x C x ...), got rank %d", x->rank);
    if (!ir_node_attr(n, "size")) return diag_node(n, DIAG_INVALID, "attribute size is required");
    if (attr_int(n, "size", 0) < 1)
        return diag_node(n, DIAG_INVALID, "size %lld must be positive", (long long)attr_int(n, "size", 0));
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_lrn(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    rt_lrn_params p = {.batch = x->dims[0], .channels = x->dims[1], .inner = prod(x->dims, 2, x->rank),
                       .size = attr_int(n, "size", 1), .alpha = attr_float(n, "alpha", 1e-4f),
                       .beta = attr_float(n, "beta", 0.75f), .bias = attr_float(n, "bias", 1.0f)};
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_lrn, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    return true;
}

static const char *const bn_attrs[] = {"epsilon", "momentum", "training_mode", "spatial", "is_test",
                                       "consumed_inputs", NULL};
static const char *const in_attrs[] = {"epsilon", "consumed_inputs", NULL};
static const char *const ln_attrs[] = {"axis", "epsilon", "stash_type", NULL};
static const char *const lrn_attrs[] = {"alpha", "beta", "bias", "size", NULL};
static const char *const gn_attrs[] = {"epsilon", "num_groups", "stash_type", NULL};
static const char *const lpn_attrs[] = {"axis", "p", NULL};
static const char *const mvn_attrs[] = {"axes", NULL};

const op_def ops_normalization[] = {
    {"BatchNormalization", "", bn_attrs, infer_batchnorm, lower_batchnorm},
    {"InstanceNormalization", "", in_attrs, infer_instancenorm, lower_instancenorm},
    {"LayerNormalization", "", ln_attrs, infer_layernorm, lower_layernorm},
    {"RMSNormalization", "", ln_attrs, infer_rmsnorm, lower_layernorm},
    {"GroupNormalization", "", gn_attrs, infer_groupnorm, lower_groupnorm},
    {"LpNormalization", "", lpn_attrs, infer_lpnorm, lower_lpnorm},
    {"MeanVarianceNormalization", "", mvn_attrs, infer_mvn, lower_mvn},
    {"LRN", "", lrn_attrs, infer_lrn, lower_lrn},
    {0},
};
