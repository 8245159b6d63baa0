/* Operators: the attention family (kernels in runtime/attention.c,
   parameters in runtime/attention.h).

   RotaryEmbedding (opset 23) on 4-D [batch, heads, seq, head_size] or 3-D
   [batch, seq, heads * head_size] inputs, with or without position_ids,
   interleaved or split halves, and partial rotation (rotary_embedding_dim).
   One kernel call.

   Attention (opset 23, 24): scaled dot-product attention on 4-D [B, heads,
   seq, head_size] or 3-D [B, seq, heads * head_size] Q, K, V (3-D needs
   q_num_heads and kv_num_heads), grouped-query attention (q heads a
   multiple of kv heads), a bool or float attn_mask broadcast to [B,
   q_heads, q_seq, total_seq] (shorter last dim padded as masked),
   is_causal, past_key/past_value with present_key/present_value,
   nonpad_kv_seqlen (opset 24), softcap, scale, and qk_matmul_output in its
   four modes. One rt_attention_* call reads Q, K and V where they are;
   each requested present output is one rt_kv_cache_x* call. The kernel
   computes in float: softmax_precision (float, float16, bfloat16 or
   double) is accepted and changes nothing for float inputs.

   LinearAttention (opset 27): the recurrent linear attention of packed 3-D
   [B, T, heads * size] inputs with the four update rules (linear, gated,
   delta, gated_delta), per-key or per-head decay, per-head or shared beta,
   grouped query heads and an optional past_state; one
   rt_linear_attention_* call, the state in float. The state's type S must
   be the activations' type T. */
#include "op.h"

#include <math.h>
#include <string.h>

static const int32_t rotary_types[] = {DT_FLOAT, DT_FLOAT16, DT_BFLOAT16, 0};

/* The input seen as batch x heads x seq rows of head_size, and the rotated
   part of a row; false after an error. */
static bool rotary_geometry(const ir_node *n, rt_rotary_params *p)
{
    const ir_value *x = n->inputs[0];
    int64_t num_heads = attr_int(n, "num_heads", 0), dim = attr_int(n, "rotary_embedding_dim", 0);
    if (x->rank == 4) {
        if (num_heads != 0 && num_heads != x->dims[1])
            return diag_node(n, DIAG_INVALID, "num_heads %lld does not match the input's %lld heads",
                             (long long)num_heads, (long long)x->dims[1]);
        *p = (rt_rotary_params){.batch = x->dims[0], .heads = x->dims[1], .seq = x->dims[2], .head_size = x->dims[3]};
        p->head_stride = p->seq * p->head_size, p->seq_stride = p->head_size;
    } else if (x->rank == 3) {
        if (num_heads <= 0) return diag_node(n, DIAG_INVALID, "num_heads is required for a 3-D input");
        if (x->dims[2] % num_heads != 0)
            return diag_node(n, DIAG_INVALID, "hidden size %lld is not a multiple of num_heads %lld",
                             (long long)x->dims[2], (long long)num_heads);
        *p = (rt_rotary_params){.batch = x->dims[0], .heads = num_heads, .seq = x->dims[1],
                                .head_size = x->dims[2] / num_heads};
        p->head_stride = p->head_size, p->seq_stride = x->dims[2];
    } else {
        return diag_node(n, DIAG_INVALID, "input must have rank 3 or 4, got rank %d", x->rank);
    }
    p->rotary_dim = dim != 0 ? dim : p->head_size;
    if (p->rotary_dim < 0 || p->rotary_dim > p->head_size || p->rotary_dim % 2 != 0)
        return diag_node(n, DIAG_INVALID, "rotary dimension %lld must be even and at most the head size %lld",
                         (long long)p->rotary_dim, (long long)p->head_size);
    p->interleaved = attr_int(n, "interleaved", 0) != 0;
    return true;
}

/* cos_cache and sin_cache: [cache_rows, rotary_dim / 2] with position_ids
   ([batch, seq], int64), [batch, seq, rotary_dim / 2] without. */
static bool rotary_check_caches(const ir_node *n, const rt_rotary_params *p)
{
    const ir_value *pos = node_input(n, 3);
    if (pos && (pos->dtype != DT_INT64 || pos->rank != 2 || pos->dims[0] != p->batch || pos->dims[1] != p->seq))
        return diag_node(n, DIAG_INVALID, "position_ids must be an int64 tensor of shape [%lld, %lld]",
                         (long long)p->batch, (long long)p->seq);
    for (int i = 1; i < 3; i++) {
        const ir_value *v = n->inputs[i];
        bool ok = v->dtype == n->inputs[0]->dtype && v->rank == (pos ? 2 : 3) &&
                  v->dims[v->rank - 1] == p->rotary_dim / 2;
        if (ok && !pos) ok = v->dims[0] == p->batch && v->dims[1] == p->seq;
        if (ok && pos) ok = v->dims[0] == n->inputs[3 - i]->dims[0];
        if (!ok)
            return diag_node(n, DIAG_INVALID, "input %d must be %s of the input's type with %lld elements a row", i,
                             pos ? "[max_position_id_plus_1, rotary_dim / 2] (the same rows for cos and sin)"
                                 : "[batch, seq, rotary_dim / 2]",
                             (long long)(p->rotary_dim / 2));
    }
    return true;
}

static bool infer_rotary(ir_node *n)
{
    if (!node_check_arity(n, 3, 4) || !node_check_dtype(n, 0, rotary_types)) return false;
    rt_rotary_params p = {0};
    if (!rotary_geometry(n, &p) || !rotary_check_caches(n, &p)) return false;
    const ir_value *x = n->inputs[0];
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_rotary(ir_node *n, lir_program *c)
{
    rt_rotary_params p = {0};
    if (!rotary_geometry(n, &p)) return false;
    ir_value *pos = node_input(n, 3);
    p.cache_rows = pos ? n->inputs[1]->dims[0] : 0;
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_rotary, n->inputs[0]->dtype, &p);
    if (!k) return false;
    for (int i = 0; i < 3; i++) call_tensor(k, n->inputs[i]);
    call_tensor(k, pos);
    call_tensor(k, n->outputs[0]);
    return true;
}

static const char *const rotary_attrs[] = {"interleaved", "num_heads", "rotary_embedding_dim", NULL};

/* ---- Attention ------------------------------------------------------------ */

enum { ATT_Q, ATT_K, ATT_V, ATT_MASK, ATT_PAST_KEY, ATT_PAST_VALUE, ATT_NONPAD };
enum { ATT_Y, ATT_PRESENT_KEY, ATT_PRESENT_VALUE, ATT_QK };

static const int32_t attention_types[] = {DT_FLOAT, DT_FLOAT16, DT_BFLOAT16, 0};

/* Element types: Q's a float type of the kernels; K, V and the caches the
   same (the spec allows V another float type: not supported); attn_mask
   bool or Q's type; nonpad_kv_seqlen int64. */
static bool attention_check_types(const ir_node *n)
{
    if (!node_check_dtype(n, ATT_Q, attention_types)) return false;
    int32_t t = n->inputs[ATT_Q]->dtype;
    for (int k = ATT_K; k <= ATT_PAST_VALUE; k++) {
        const ir_value *v = node_input(n, k);
        if (!v || k == ATT_MASK) continue;
        if (v->dtype != t)
            return diag_node(n, DIAG_UNSUPPORTED, "input %d has type %s with Q of type %s (only equal types are supported)",
                             k, dtype_name(v->dtype), dtype_name(t));
    }
    const ir_value *mask = node_input(n, ATT_MASK), *nonpad = node_input(n, ATT_NONPAD);
    if (mask && mask->dtype != DT_BOOL && mask->dtype != t)
        return diag_node(n, DIAG_UNSUPPORTED, "attn_mask of type %s (only bool or Q's type %s are supported)",
                         dtype_name(mask->dtype), dtype_name(t));
    if (nonpad && nonpad->dtype != DT_INT64)
        return diag_node(n, DIAG_INVALID, "nonpad_kv_seqlen must be int64, got %s", dtype_name(nonpad->dtype));
    return true;
}

/* Strides (batch, head, sequence) of a 4-D [B, H, S, D] or 3-D [B, S, H * D] tensor. */
static void attention_strides(bool is_3d, int64_t heads, int64_t seq, int64_t size, int64_t *strides)
{
    strides[0] = heads * seq * size;
    strides[1] = is_3d ? size : seq * size;
    strides[2] = is_3d ? heads * size : size;
}

/* Heads and head size of a 3-D input of hidden size `hidden` split in `heads`. */
static bool attention_split(const ir_node *n, const char *what, int64_t hidden, int64_t heads, int64_t *size)
{
    if (heads <= 0 || hidden % heads != 0)
        return diag_node(n, DIAG_INVALID, "%s hidden size %lld is not a multiple of its %lld heads", what,
                         (long long)hidden, (long long)heads);
    *size = hidden / heads;
    return true;
}

/* Batch, heads, sequence lengths and head sizes from Q, K and V. */
static bool attention_heads(const ir_node *n, rt_attention_params *p, bool *is_3d)
{
    const ir_value *q = n->inputs[ATT_Q], *k = n->inputs[ATT_K], *v = n->inputs[ATT_V];
    if (q->rank != k->rank || q->rank != v->rank || (q->rank != 3 && q->rank != 4))
        return diag_node(n, DIAG_INVALID, "Q, K and V must all be 3-D or all 4-D, got ranks %d, %d, %d", q->rank,
                         k->rank, v->rank);
    int64_t qh = attr_int(n, "q_num_heads", 0), kvh = attr_int(n, "kv_num_heads", 0), k_size = 0;
    *is_3d = q->rank == 3;
    p->batch = q->dims[0];
    if (*is_3d) {
        if (qh <= 0 || kvh <= 0) return diag_node(n, DIAG_INVALID, "3-D inputs need q_num_heads and kv_num_heads");
        if (!attention_split(n, "Q's", q->dims[2], qh, &p->head_size) ||
            !attention_split(n, "K's", k->dims[2], kvh, &k_size) ||
            !attention_split(n, "V's", v->dims[2], kvh, &p->v_head_size))
            return false;
        if (k_size != p->head_size)
            return diag_node(n, DIAG_INVALID, "K's head size %lld differs from Q's %lld", (long long)k_size,
                             (long long)p->head_size);
        p->q_heads = qh, p->kv_heads = kvh, p->q_seq = q->dims[1], p->kv_seq = k->dims[1];
    } else {
        if ((qh && qh != q->dims[1]) || (kvh && kvh != k->dims[1]))
            return diag_node(n, DIAG_INVALID, "q_num_heads/kv_num_heads do not match the 4-D inputs' heads");
        p->q_heads = q->dims[1], p->kv_heads = k->dims[1], p->q_seq = q->dims[2], p->kv_seq = k->dims[2];
        p->head_size = q->dims[3], p->v_head_size = v->dims[3];
        if (k->dims[3] != p->head_size || v->dims[1] != p->kv_heads)
            return diag_node(n, DIAG_INVALID, "K must be [%lld, kv_heads, kv_seq, %lld] and V have K's heads",
                             (long long)p->batch, (long long)p->head_size);
    }
    if (k->dims[0] != p->batch || v->dims[0] != p->batch || v->dims[*is_3d ? 1 : 2] != p->kv_seq)
        return diag_node(n, DIAG_INVALID, "K and V must have Q's batch and the same sequence length");
    if (p->kv_heads <= 0 || p->q_heads % p->kv_heads != 0)
        return diag_node(n, DIAG_INVALID, "q heads %lld are not a multiple of kv heads %lld", (long long)p->q_heads,
                         (long long)p->kv_heads);
    attention_strides(*is_3d, p->q_heads, p->q_seq, p->head_size, p->q_strides);
    attention_strides(*is_3d, p->kv_heads, p->kv_seq, p->head_size, p->k_strides);
    attention_strides(*is_3d, p->kv_heads, p->kv_seq, p->v_head_size, p->v_strides);
    attention_strides(*is_3d, p->q_heads, p->q_seq, p->v_head_size, p->y_strides);
    return true;
}

/* past_key [B, kv_heads, past, head_size] and past_value [B, kv_heads, past,
   v_head_size], both or neither; nonpad_kv_seqlen [B], not with them. */
static bool attention_cache(const ir_node *n, rt_attention_params *p)
{
    const ir_value *pk = node_input(n, ATT_PAST_KEY), *pv = node_input(n, ATT_PAST_VALUE);
    const ir_value *nonpad = node_input(n, ATT_NONPAD);
    p->past_seq = 0;
    if (!pk != !pv) return diag_node(n, DIAG_INVALID, "past_key and past_value must be given together");
    if (pk) {
        p->past_seq = pk->dims[2];
        int64_t want_k[4] = {p->batch, p->kv_heads, p->past_seq, p->head_size};
        int64_t want_v[4] = {p->batch, p->kv_heads, p->past_seq, p->v_head_size};
        if (pk->rank != 4 || pv->rank != 4 || memcmp(pk->dims, want_k, sizeof want_k) ||
            memcmp(pv->dims, want_v, sizeof want_v))
            return diag_node(n, DIAG_INVALID, "past_key/past_value must be [%lld, %lld, past, %lld/%lld]",
                             (long long)p->batch, (long long)p->kv_heads, (long long)p->head_size,
                             (long long)p->v_head_size);
    }
    if (nonpad && pk) return diag_node(n, DIAG_INVALID, "nonpad_kv_seqlen cannot be combined with past_key/past_value");
    if (nonpad && (nonpad->rank != 1 || nonpad->dims[0] != p->batch))
        return diag_node(n, DIAG_INVALID, "nonpad_kv_seqlen must have shape [%lld]", (long long)p->batch);
    return true;
}

/* attn_mask broadcast (right-aligned) to [B, q_heads, q_seq, total]; its
   last dim may be shorter than total (the rest is masked). */
static bool attention_mask(const ir_node *n, rt_attention_params *p)
{
    const ir_value *mask = node_input(n, ATT_MASK);
    memset(p->mask_strides, 0, sizeof p->mask_strides);
    p->mask = RT_ATTENTION_MASK_NONE, p->mask_len = 0;
    if (!mask) return true;
    const int64_t want[4] = {p->batch, p->q_heads, p->q_seq, p->past_seq + p->kv_seq};
    int r = mask->rank;
    if (r < 1 || r > 4) return diag_node(n, DIAG_INVALID, "attn_mask must have rank 1 to 4, got %d", r);
    p->mask_len = mask->dims[r - 1];
    int64_t stride = p->mask_len;
    for (int i = r - 2; i >= 0; i--) {
        int at = 4 - r + i;
        if (mask->dims[i] != 1 && mask->dims[i] != want[at])
            return diag_node(n, DIAG_INVALID, "attn_mask dim %d is %lld, expected 1 or %lld", i,
                             (long long)mask->dims[i], (long long)want[at]);
        p->mask_strides[at] = mask->dims[i] == 1 ? 0 : stride;
        stride *= mask->dims[i];
    }
    if (p->mask_len > want[3])
        return diag_node(n, DIAG_INVALID, "attn_mask's last dim %lld exceeds the total sequence length %lld",
                         (long long)p->mask_len, (long long)want[3]);
    p->mask = mask->dtype == DT_BOOL ? RT_ATTENTION_MASK_BOOL : RT_ATTENTION_MASK_ADD;
    return true;
}

/* scale, softcap, is_causal, qk_matmul_output_mode, softmax_precision. */
static bool attention_options(const ir_node *n, rt_attention_params *p)
{
    double scale = ir_node_attr(n, "scale") ? attr_float(n, "scale", 1) : 1 / sqrt((double)p->head_size);
    if (!(scale >= 0)) return diag_node(n, DIAG_UNSUPPORTED, "a negative or NaN scale (%g)", scale);
    p->scale_sqrt = (float)sqrt(scale);
    p->softcap = attr_float(n, "softcap", 0);
    p->is_causal = attr_int(n, "is_causal", 0) != 0;
    p->qk_mode = attr_int(n, "qk_matmul_output_mode", 0);
    if (p->qk_mode < 0 || p->qk_mode > 3)
        return diag_node(n, DIAG_INVALID, "qk_matmul_output_mode %lld is not 0 to 3", (long long)p->qk_mode);
    int64_t precision = attr_int(n, "softmax_precision", DT_FLOAT);
    if (precision != DT_FLOAT && precision != DT_FLOAT16 && precision != DT_BFLOAT16 && precision != DT_DOUBLE)
        return diag_node(n, DIAG_INVALID, "softmax_precision %lld is not a float type", (long long)precision);
    return true;
}

/* Everything rt_attention_* needs, checked; false after an error. */
static bool attention_geometry(const ir_node *n, rt_attention_params *p, bool *is_3d)
{
    if (n->opset > 24)
        return diag_node(n, DIAG_UNSUPPORTED, "Attention of opset %d (only opsets 23 and 24 are supported)", n->opset);
    if (!node_check_arity(n, 3, n->opset >= 24 ? 7 : 6) || !attention_check_types(n)) return false;
    memset(p, 0, sizeof *p);
    return attention_heads(n, p, is_3d) && attention_cache(n, p) && attention_mask(n, p) && attention_options(n, p);
}

static bool infer_attention(ir_node *n)
{
    rt_attention_params p = {0};
    bool is_3d;
    if (!attention_geometry(n, &p, &is_3d)) return false;
    int32_t t = n->inputs[ATT_Q]->dtype;
    int64_t total = p.past_seq + p.kv_seq;
    int64_t y4[4] = {p.batch, p.q_heads, p.q_seq, p.v_head_size}, y3[3] = {p.batch, p.q_seq, p.q_heads * p.v_head_size};
    int64_t pk[4] = {p.batch, p.kv_heads, total, p.head_size}, pv[4] = {p.batch, p.kv_heads, total, p.v_head_size};
    int64_t qk[4] = {p.batch, p.q_heads, p.q_seq, total};
    node_set_output(n, ATT_Y, t, is_3d ? 3 : 4, is_3d ? y3 : y4);
    node_set_output(n, ATT_PRESENT_KEY, t, 4, pk);
    node_set_output(n, ATT_PRESENT_VALUE, t, 4, pv);
    node_set_output(n, ATT_QK, t, 4, qk);
    return true;
}

/* present = Concat(past, x) along the sequence (x 3-D or 4-D, read through strides). */
static bool lower_kv_cache(lir_program *c, ir_node *n, const rt_attention_params *a, ir_value *past, ir_value *x,
                           const int64_t *x_strides, int64_t size, ir_value *present)
{
    rt_kv_cache_params p = {.batch = a->batch, .heads = a->kv_heads, .past_seq = a->past_seq, .seq = a->kv_seq,
                            .head_size = size};
    memcpy(p.x_strides, x_strides, sizeof p.x_strides);
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_kv_cache, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, past);
    call_tensor(k, x);
    call_tensor(k, present);
    return true;
}

static bool lower_attention(ir_node *n, lir_program *c)
{
    rt_attention_params p = {0};
    bool is_3d;
    if (!attention_geometry(n, &p, &is_3d)) return false;
    ir_value *present_key = node_output(n, ATT_PRESENT_KEY), *present_value = node_output(n, ATT_PRESENT_VALUE);
    if (present_key && !lower_kv_cache(c, n, &p, node_input(n, ATT_PAST_KEY), n->inputs[ATT_K], p.k_strides,
                                       p.head_size, present_key))
        return false;
    if (present_value && !lower_kv_cache(c, n, &p, node_input(n, ATT_PAST_VALUE), n->inputs[ATT_V], p.v_strides,
                                         p.v_head_size, present_value))
        return false;
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_attention, n->inputs[ATT_Q]->dtype, &p);
    if (!k) return false;
    for (int i = ATT_Q; i <= ATT_NONPAD; i++) call_tensor(k, node_input(n, i));
    call_tensor(k, n->outputs[ATT_Y]);
    call_tensor(k, node_output(n, ATT_QK));
    call_scratch(k, (size_t)rt_attention_scratch_floats(&p) * sizeof(float));
    return true;
}

/* ---- LinearAttention -------------------------------------------------------- */

enum { LA_QUERY, LA_KEY, LA_VALUE, LA_PAST, LA_DECAY, LA_BETA };

/* update_rule into the gated and delta flags. */
static bool linear_attention_rule(const ir_node *n, rt_linear_attention_params *p)
{
    static const char *const rules[] = {"linear", "gated", "delta", "gated_delta"};
    const char *rule = attr_string(n, "update_rule", "gated_delta");
    for (int i = 0; i < 4; i++)
        if (!strcmp(rule, rules[i])) {
            p->gated = i & 1, p->delta = i >> 1;
            return true;
        }
    return diag_node(n, DIAG_INVALID, "update_rule '%s' is not linear, gated, delta or gated_delta", rule);
}

/* Heads and sizes from the packed query, key and value. */
static bool linear_attention_heads(const ir_node *n, rt_linear_attention_params *p)
{
    const ir_value *q = n->inputs[LA_QUERY], *k = n->inputs[LA_KEY], *v = n->inputs[LA_VALUE];
    p->q_heads = attr_int(n, "q_num_heads", 0), p->kv_heads = attr_int(n, "kv_num_heads", 0);
    if (p->q_heads <= 0 || p->kv_heads <= 0 || p->q_heads % p->kv_heads != 0)
        return diag_node(n, DIAG_INVALID, "q_num_heads (%lld) must be a positive multiple of kv_num_heads (%lld)",
                         (long long)p->q_heads, (long long)p->kv_heads);
    if (q->rank != 3 || k->rank != 3 || v->rank != 3)
        return diag_node(n, DIAG_INVALID, "query, key and value must be 3-D [B, T, heads * size]");
    p->batch = q->dims[0], p->seq = q->dims[1];
    if (k->dims[0] != p->batch || v->dims[0] != p->batch || k->dims[1] != p->seq || v->dims[1] != p->seq)
        return diag_node(n, DIAG_INVALID, "query, key and value must have the same batch and sequence length");
    int64_t k_size = 0; /* set by attention_split; gcc -O2 cannot see it */
    if (!attention_split(n, "query's", q->dims[2], p->q_heads, &p->key_size) ||
        !attention_split(n, "key's", k->dims[2], p->kv_heads, &k_size) ||
        !attention_split(n, "value's", v->dims[2], p->kv_heads, &p->value_size))
        return false;
    if (k_size != p->key_size)
        return diag_node(n, DIAG_INVALID, "key's head size %lld differs from query's %lld", (long long)k_size,
                         (long long)p->key_size);
    return true;
}

/* decay and beta: present exactly when the rule uses them, of their two shapes. */
static bool linear_attention_gates(const ir_node *n, rt_linear_attention_params *p)
{
    const ir_value *decay = node_input(n, LA_DECAY), *beta = node_input(n, LA_BETA);
    if (!decay != !p->gated || !beta != !p->delta)
        return diag_node(n, DIAG_INVALID, "update_rule needs decay %s and beta %s", p->gated ? "given" : "absent",
                         p->delta ? "given" : "absent");
    if (decay) {
        int64_t last = decay->rank == 3 ? decay->dims[2] : -1;
        if (decay->rank != 3 || decay->dims[0] != p->batch || decay->dims[1] != p->seq ||
            (last != p->kv_heads && last != p->kv_heads * p->key_size))
            return diag_node(n, DIAG_INVALID, "decay must be [B, T, kv_num_heads] or [B, T, kv_num_heads * d_k]");
        p->decay_per_key = last != p->kv_heads;
    }
    if (beta) {
        int64_t last = beta->rank == 3 ? beta->dims[2] : -1;
        if (beta->rank != 3 || beta->dims[0] != p->batch || beta->dims[1] != p->seq ||
            (last != p->kv_heads && last != 1))
            return diag_node(n, DIAG_INVALID, "beta must be [B, T, kv_num_heads] or [B, T, 1]");
        p->beta_per_head = last == p->kv_heads && p->kv_heads != 1;
    }
    return true;
}

/* Everything rt_linear_attention_* needs, checked; false after an error. */
static bool linear_attention_geometry(const ir_node *n, rt_linear_attention_params *p)
{
    if (!node_check_arity(n, 3, 6) || !node_check_dtype(n, LA_QUERY, attention_types)) return false;
    for (int k = LA_KEY; k <= LA_BETA; k++) {
        const ir_value *v = node_input(n, k);
        if (v && v->dtype != n->inputs[LA_QUERY]->dtype)
            return diag_node(n, DIAG_UNSUPPORTED, "input %d has type %s with query of type %s (only equal types are supported)",
                             k, dtype_name(v->dtype), dtype_name(n->inputs[LA_QUERY]->dtype));
    }
    memset(p, 0, sizeof *p);
    if (!linear_attention_rule(n, p) || !linear_attention_heads(n, p) || !linear_attention_gates(n, p)) return false;
    const ir_value *past = node_input(n, LA_PAST);
    int64_t state[4] = {p->batch, p->kv_heads, p->key_size, p->value_size};
    if (past && (past->rank != 4 || memcmp(past->dims, state, sizeof state)))
        return diag_node(n, DIAG_INVALID, "past_state must be [%lld, %lld, %lld, %lld]", (long long)state[0],
                         (long long)state[1], (long long)state[2], (long long)state[3]);
    float scale = attr_float(n, "scale", 0);
    p->scale = scale != 0 ? scale : (float)(1 / sqrt((double)p->key_size));
    return true;
}

static bool infer_linear_attention(ir_node *n)
{
    rt_linear_attention_params p = {0};
    if (!linear_attention_geometry(n, &p)) return false;
    int32_t t = n->inputs[LA_QUERY]->dtype;
    int64_t y[3] = {p.batch, p.seq, p.q_heads * p.value_size}, state[4] = {p.batch, p.kv_heads, p.key_size, p.value_size};
    node_set_output(n, 0, t, 3, y);
    node_set_output(n, 1, t, 4, state);
    return true;
}

static bool lower_linear_attention(ir_node *n, lir_program *c)
{
    rt_linear_attention_params p = {0};
    if (!linear_attention_geometry(n, &p)) return false;
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_linear_attention, n->inputs[LA_QUERY]->dtype, &p);
    if (!k) return false;
    for (int i = LA_QUERY; i <= LA_BETA; i++) call_tensor(k, node_input(n, i));
    call_tensor(k, n->outputs[0]);
    call_tensor(k, node_output(n, 1));
    call_scratch(k, (size_t)rt_linear_attention_scratch_floats(&p) * sizeof(float));
    return true;
}

static const char *const linear_attention_attrs[] = {"chunk_size", "kv_num_heads", "q_num_heads", "scale",
                                                     "update_rule", NULL};

static const char *const attention_attrs[] = {"is_causal", "kv_num_heads", "q_num_heads", "qk_matmul_output_mode",
                                              "scale", "softcap", "softmax_precision", NULL};

const op_def ops_attention[] = {
    {"RotaryEmbedding", "", rotary_attrs, infer_rotary, lower_rotary},
    {"Attention", "", attention_attrs, infer_attention, lower_attention},
    {"LinearAttention", "", linear_attention_attrs, infer_linear_attention, lower_linear_attention},
    {0},
};
