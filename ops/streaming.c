/* Operators: the state a streaming sequence model carries from one call to
   the next. CausalConvWithState (opset 27): a depthwise causal 1-D conv
   over the past state followed by the input, with an optional SiLU, and
   the new state; computed in float (other float types are cast in and
   out). TensorScatter (24): a KV cache with a chunk of rows written at
   per-batch positions, linear or circular; any element type, the cache
   copied when the planner cannot write in place. */
#include "op.h"

#include <string.h>

static const int32_t float_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, 0};

/* ---- CausalConvWithState ---------------------------------------------------- */

static bool causal_conv_params(const ir_node *n, rt_causal_conv_params *p)
{
    if (!node_check_arity(n, 2, 4) || !node_check_dtype(n, 0, float_types)) return false;
    const ir_value *x = n->inputs[0], *w = n->inputs[1], *bias = node_input(n, 2), *state = node_input(n, 3);
    if (x->rank != 3) return diag_node(n, DIAG_INVALID, "input must be [batch, channels, length]");
    int64_t c = x->dims[1];
    if (w->rank != 3 || w->dims[0] != c || w->dims[1] != 1 || w->dims[2] < 1)
        return diag_node(n, DIAG_INVALID, "weight must be [%lld, 1, kernel]", (long long)c);
    int64_t keep = w->dims[2] - 1;
    if (bias && (bias->rank != 1 || bias->dims[0] != c))
        return diag_node(n, DIAG_INVALID, "bias must be [%lld]", (long long)c);
    if (state && (state->rank != 3 || state->dims[0] != x->dims[0] || state->dims[1] != c || state->dims[2] != keep))
        return diag_node(n, DIAG_INVALID, "past_state must be [%lld, %lld, %lld]", (long long)x->dims[0], (long long)c,
                         (long long)keep);
    for (int k = 1; k < n->num_inputs; k++)
        if (n->inputs[k] && n->inputs[k]->dtype != x->dtype)
            return diag_node(n, DIAG_INVALID, "input %d is %s, the input %s", k, dtype_name(n->inputs[k]->dtype),
                             dtype_name(x->dtype));
    const char *act = attr_string(n, "activation", "none");
    bool silu = strcmp(act, "silu") == 0 || strcmp(act, "swish") == 0;
    if (!silu && strcmp(act, "none") != 0)
        return diag_node(n, DIAG_INVALID, "activation must be none, silu or swish, not '%s'", act);
    *p = (rt_causal_conv_params){.batch = x->dims[0], .channels = c, .length = x->dims[2], .kernel = keep + 1,
                                 .activation = silu ? RT_ACT_SILU : RT_ACT_NONE};
    return true;
}

static bool infer_causal_conv(ir_node *n)
{
    rt_causal_conv_params p = {0};
    if (!causal_conv_params(n, &p)) return false;
    int64_t state[3] = {p.batch, p.channels, p.kernel - 1};
    node_set_output(n, 0, n->inputs[0]->dtype, 3, n->inputs[0]->dims);
    node_set_output(n, 1, n->inputs[0]->dtype, 3, state);
    return true;
}

static bool lower_causal_conv(ir_node *n, lir_program *c)
{
    rt_causal_conv_params p = {0};
    if (!causal_conv_params(n, &p)) return false;
    ir_value *in[4], *out[2];
    for (int k = 0; k < 4; k++) {
        in[k] = lower_as_type(c, n, node_input(n, k), DT_FLOAT);
        if (node_input(n, k) && !in[k]) return false;
    }
    for (int k = 0; k < 2; k++) {
        ir_value *y = n->outputs[k];
        out[k] = !y ? lower_temp(c, DT_FLOAT, 3, k ? (int64_t[]){p.batch, p.channels, p.kernel - 1} : n->inputs[0]->dims)
                 : y->dtype == DT_FLOAT ? y : lower_temp(c, DT_FLOAT, y->rank, y->dims);
    }
    lir_call *k = lower_kernel(c, n, KERNEL_rt_causal_conv_f32, &p);
    if (!k) return false;
    for (int i = 0; i < 4; i++) call_tensor(k, in[i]);
    call_tensor(k, out[0]);
    call_tensor(k, out[1]);
    for (int i = 0; i < 2; i++)
        if (n->outputs[i] && out[i] != n->outputs[i] && !lower_cast(c, n, out[i], n->outputs[i])) return false;
    return true;
}

/* ---- TensorScatter ----------------------------------------------------------- */

static bool tensor_scatter_params(const ir_node *n, rt_tensor_scatter_params *p)
{
    if (!node_check_arity(n, 2, 3)) return false;
    const ir_value *past = n->inputs[0], *update = n->inputs[1], *index = node_input(n, 2);
    if (update->dtype != past->dtype || update->rank != past->rank)
        return diag_node(n, DIAG_INVALID, "update must have past_cache's element type and rank");
    int axis;
    if (!node_axis(n, attr_int(n, "axis", -2), past->rank, &axis)) return false;
    if (axis == 0) return diag_node(n, DIAG_INVALID, "axis must not be the batch axis 0");
    for (int d = 0; d < past->rank; d++)
        if (d == axis ? update->dims[d] > past->dims[d] : update->dims[d] != past->dims[d])
            return diag_node(n, DIAG_INVALID, "update's dimension %d (%lld) does not fit past_cache's (%lld)", d,
                             (long long)update->dims[d], (long long)past->dims[d]);
    if (index && (index->dtype != DT_INT64 || index->rank != 1 || index->dims[0] != past->dims[0]))
        return diag_node(n, DIAG_INVALID, "write_indices must be int64 [%lld]", (long long)past->dims[0]);
    const char *mode = attr_string(n, "mode", "linear");
    if (strcmp(mode, "linear") != 0 && strcmp(mode, "circular") != 0)
        return diag_node(n, DIAG_INVALID, "mode must be linear or circular, not '%s'", mode);
    *p = (rt_tensor_scatter_params){.outer = 1, .per_batch = 1, .max_rows = past->dims[axis],
                                    .rows = update->dims[axis], .inner = 1,
                                    .element_bytes = (int64_t)dtype_size(past->dtype),
                                    .circular = strcmp(mode, "circular") == 0};
    for (int d = 0; d < axis; d++) p->outer *= past->dims[d];
    for (int d = 1; d < axis; d++) p->per_batch *= past->dims[d];
    for (int d = axis + 1; d < past->rank; d++) p->inner *= past->dims[d];
    return true;
}

static bool infer_tensor_scatter(ir_node *n)
{
    rt_tensor_scatter_params p = {0};
    if (!tensor_scatter_params(n, &p)) return false;
    node_set_output(n, 0, n->inputs[0]->dtype, n->inputs[0]->rank, n->inputs[0]->dims);
    return true;
}

static bool lower_tensor_scatter(ir_node *n, lir_program *c)
{
    rt_tensor_scatter_params p = {0};
    if (!tensor_scatter_params(n, &p)) return false;
    if (ir_value_numel(n->outputs[0]) == 0) return true;
    lir_call *k = lower_kernel(c, n, KERNEL_rt_tensor_scatter, &p);
    if (!k) return false;
    call_tensor(k, n->inputs[0]);
    call_tensor(k, n->inputs[1]);
    call_tensor(k, node_input(n, 2));
    call_tensor(k, n->outputs[0]);
    return true;
}

static const char *const causal_conv_attrs[] = {"activation", NULL};
static const char *const tensor_scatter_attrs[] = {"axis", "mode", NULL};

const op_def ops_streaming[] = {
    {"CausalConvWithState", "", causal_conv_attrs, infer_causal_conv, lower_causal_conv},
    {"TensorScatter", "", tensor_scatter_attrs, infer_tensor_scatter, lower_tensor_scatter},
    {0},
};
