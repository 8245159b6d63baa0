/* Attention-family kernels: RotaryEmbedding (rt_rotary_*, rt_rotary_params),
   Attention (rt_attention_*, rt_attention_params) and its key/value cache
   (rt_kv_cache_x*, rt_kv_cache_params), LinearAttention
   (rt_linear_attention_*, rt_linear_attention_params); parameters in runtime/attention.h,
   lowering in ops/attention.c. Half types compute in float.

   RotaryEmbedding:
   For each row (b, h, s) and i < rotary_dim / 2, with c = cos[row][i],
   z = sin[row][i] and the pair (x1, x2) = (x[i], x[i + rotary_dim / 2]), or
   (x[2i], x[2i + 1]) when interleaved:
       y1 = c * x1 - z * x2,  y2 = z * x1 + c * x2
   written back to the pair's places; elements from rotary_dim on are
   copied. A position id outside [-cache_rows, cache_rows) (ONNX leaves
   that undefined) reads cos = sin = 0 instead of memory out of bounds; a
   negative one counts from the end, as the reference's numpy indexing does. */
#include "attention.h"

//@section rt_rotary_macros needs rt_half
/* The cache row of token (b, s), or -1 when its position id is out of range. */
static inline int64_t rt_rotary_cache_row(const rt_rotary_params *p, const int64_t *pos, int64_t b, int64_t s)
{
    if (!pos) return b * p->seq + s;
    int64_t r = pos[b * p->seq + s];
    if (r < 0) r += p->cache_rows;
    return r >= 0 && r < p->cache_rows ? r : -1;
}

#define RT_ROTARY(name, T, TC, LOAD, STORE)                                                       \
    static void name(const rt_rotary_params *p, const T *x, const T *cos_cache, const T *sin_cache, \
                     const int64_t *pos, T *y)                                                    \
    {                                                                                             \
        const int64_t half = p->rotary_dim / 2, D = p->head_size;                                 \
        /* element distance within a pair, and from one pair to the next */                       \
        const int64_t gap = p->interleaved ? 1 : half, step = p->interleaved ? 2 : 1;             \
        for (int64_t b = 0; b < p->batch; b++)                                                    \
            for (int64_t s = 0; s < p->seq; s++) {                                                \
                int64_t row = rt_rotary_cache_row(p, pos, b, s);                                  \
                const T *cr = row < 0 ? NULL : cos_cache + row * half;                            \
                const T *sr = row < 0 ? NULL : sin_cache + row * half;                            \
                for (int64_t h = 0; h < p->heads; h++) {                                          \
                    int64_t at = b * p->heads * p->seq * D + h * p->head_stride + s * p->seq_stride; \
                    const T *xs = x + at;                                                         \
                    T *ys = y + at;                                                               \
                    for (int64_t i = 0; i < half; i++) {                                          \
                        TC c = cr ? LOAD(cr[i]) : 0, z = sr ? LOAD(sr[i]) : 0;                    \
                        TC x1 = LOAD(xs[i * step]), x2 = LOAD(xs[i * step + gap]);                \
                        ys[i * step] = STORE(c * x1 - z * x2);                                    \
                        ys[i * step + gap] = STORE(z * x1 + c * x2);                              \
                    }                                                                             \
                    for (int64_t d = p->rotary_dim; d < D; d++) ys[d] = xs[d];                    \
                }                                                                                 \
            }                                                                                     \
    }
//@end

/* instances: f32 f16 bf16
   @kernel rt_rotary_$s(rt_rotary_params, x, cos_cache, sin_cache, position_ids, y) needs rt_rotary_macros
   RT_ROTARY(rt_rotary_$s, $t, $c, $load, $store)
*/
//@kernel rt_rotary_f32(rt_rotary_params, x, cos_cache, sin_cache, position_ids, y) needs rt_rotary_macros
RT_ROTARY(rt_rotary_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_rotary_f16(rt_rotary_params, x, cos_cache, sin_cache, position_ids, y) needs rt_rotary_macros
RT_ROTARY(rt_rotary_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_rotary_bf16(rt_rotary_params, x, cos_cache, sin_cache, position_ids, y) needs rt_rotary_macros
RT_ROTARY(rt_rotary_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */

/* Attention, one query row (b, h, i) at a time, as the ONNX reference
   (onnx/reference/ops/op_attention.py) and the function body compute it:

       s[j]  = (q * sqrt(scale)) . (k_j * sqrt(scale))          (mode 0)
       s[j]  = softcap * tanh(s[j] / softcap)  when softcap != 0  (mode 1)
       s[j] += bias[j]                                            (mode 2)
       p     = softmax(s), or 0 when every bias[j] is -inf       (mode 3)
       y     = sum_j p[j] v_j

   bias[j] is the mask's value (bool: 0 or -inf; -inf beyond mask_len) plus
   -inf where is_causal or nonpad_kv_seqlen excludes key j: added, not
   selected, so that a float mask of +inf gives NaN there as in the
   reference. The softmax subtracts the row maximum (NaN if any score is
   NaN, 0 instead of -inf), sums in double, and a row whose bias is all -inf
   ("fully masked") gets probabilities 0, so Y's row is 0 (unless V holds
   inf or NaN, as with the reference's matrix product). Everything is
   computed in float; half types are converted on load and store. */
//@section rt_attention_helpers needs rt_vmath rt_attention_params
/* Key j <= i + offset is allowed by is_causal: offset is what precedes the
   query block (the past cache, or the valid keys of an external cache). */
RT_HELPER int64_t rt_attention_causal_offset(const rt_attention_params *p, const int64_t *nonpad, int64_t b)
{
    return nonpad ? nonpad[b] - p->q_seq : p->past_seq;
}

/* mask_bias plus -inf for each of is_causal and nonpad_kv_seqlen that excludes key j. */
RT_HELPER float rt_attention_add_structure(const rt_attention_params *p, const int64_t *nonpad, int64_t b,
                                           int64_t i, int64_t j, int64_t offset, float mask_bias)
{
    if (p->is_causal && j > i + offset) mask_bias += -INFINITY;
    if (nonpad && j >= nonpad[b]) mask_bias += -INFINITY;
    return mask_bias;
}

/* The scores s[0..n) become probabilities in place (all 0 when all_masked). */
RT_HELPER void rt_attention_softmax(float *s, int64_t n, int all_masked)
{
    float mx = -INFINITY;
    for (int64_t j = 0; j < n; j++)
        if (s[j] > mx || s[j] != s[j]) mx = s[j];
    if (mx == -INFINITY) mx = 0; /* no finite score: exp gives 0 everywhere */
    double sum = 0;
    for (int64_t j = 0; j < n; j++) {
        s[j] = rt_vmath_exp_f32(s[j] - mx);
        sum += s[j];
    }
    if (sum == 0) sum = 1;
    for (int64_t j = 0; j < n; j++) s[j] = all_masked ? 0.0f : (float)(s[j] / sum);
}

/* The dot products of query and key rows run in this many partial sums,
   which the compiler keeps in one vector register. */
#define RT_ATTENTION_LANES 8

/* Row j of the keys (or values) of kv head kvh: from the past cache when
   j < past_seq, else from the new tensor x through its strides. */
#define RT_ATTENTION_KV_ROW(p, past, x, strides, size, b, kvh, j)                                  \
    ((j) < (p)->past_seq ? (past) + (((b) * (p)->kv_heads + (kvh)) * (p)->past_seq + (j)) * (size) \
                         : (x) + (b) * (strides)[0] + (kvh) * (strides)[1] + ((j) - (p)->past_seq) * (strides)[2])

/* The mask's value for key j of a mask row starting at element row: bool
   true 0, false -inf; a float mask as it is; -inf beyond mask_len. */
#define RT_ATTENTION_MASK_VALUE(p, T, LOAD, mask, row, j)                                \
    ((p)->mask == RT_ATTENTION_MASK_NONE ? 0.0f                                        \
     : (j) >= (p)->mask_len              ? -INFINITY                                   \
     : (p)->mask == RT_ATTENTION_MASK_BOOL                                             \
         ? (((const uint8_t *)(mask))[(row) + (j)] ? 0.0f : -INFINITY)                 \
         : (float)LOAD(((const T *)(mask))[(row) + (j)]))

/* NAME_scores: the biased scores of query row (b, h, i) into s, the chosen
   qk_matmul_output row into qk (when not NULL); returns whether the row is
   fully masked. qs holds the scaled query row. */
#define RT_ATTENTION_SCORES(NAME, T, LOAD, STORE)                                                      \
    static int NAME##_scores(const rt_attention_params *p, const float *qs, const T *k, const void *mask, \
                             const T *past_key, const int64_t *nonpad, T *qk, float *s, int64_t b,     \
                             int64_t h, int64_t i)                                                     \
    {                                                                                                  \
        const int64_t total = p->past_seq + p->kv_seq, D = p->head_size;                              \
        const int64_t kvh = h / (p->q_heads / p->kv_heads), offset = rt_attention_causal_offset(p, nonpad, b); \
        const int64_t mrow = b * p->mask_strides[0] + h * p->mask_strides[1] + i * p->mask_strides[2]; \
        const int64_t whole = D - D % RT_ATTENTION_LANES; /* gcc -O3 bounds this form */              \
        int all_masked = 1;                                                                            \
        for (int64_t j = 0; j < total; j++) {                                                          \
            const T *kr = RT_ATTENTION_KV_ROW(p, past_key, k, p->k_strides, D, b, kvh, j);             \
            float part[RT_ATTENTION_LANES] = {0}, dot = 0;                                             \
            for (int64_t d = 0; d < whole; d += RT_ATTENTION_LANES)                                    \
                for (int l = 0; l < RT_ATTENTION_LANES; l++)                                           \
                    part[l] += qs[d + l] * ((float)LOAD(kr[d + l]) * p->scale_sqrt);                   \
            for (int64_t d = whole; d < D; d++) dot += qs[d] * ((float)LOAD(kr[d]) * p->scale_sqrt);   \
            for (int l = 0; l < RT_ATTENTION_LANES; l++) dot += part[l];                               \
            if (qk && p->qk_mode == RT_ATTENTION_QK_RAW) qk[j] = STORE(dot);                           \
            if (p->softcap != 0) dot = p->softcap * rt_vmath_tanh_f32(dot / p->softcap);               \
            if (qk && p->qk_mode == RT_ATTENTION_QK_SOFTCAP) qk[j] = STORE(dot);                       \
            float bias = rt_attention_add_structure(p, nonpad, b, i, j, offset,                        \
                                                    RT_ATTENTION_MASK_VALUE(p, T, LOAD, mask, mrow, j)); \
            if (bias != -INFINITY) all_masked = 0;                                                     \
            s[j] = dot + bias;                                                                         \
            if (qk && p->qk_mode == RT_ATTENTION_QK_BIAS) qk[j] = STORE(s[j]);                         \
        }                                                                                              \
        return all_masked;                                                                             \
    }

/* The kernel NAME for element type T (float compute, LOAD/STORE convert):
   scratch holds rt_attention_scratch_floats(p) floats. */
#define RT_ATTENTION(NAME, T, LOAD, STORE)                                                             \
    RT_ATTENTION_SCORES(NAME, T, LOAD, STORE)                                                          \
    static void NAME(const rt_attention_params *p, const T *q, const T *k, const T *v, const void *mask, \
                     const T *past_key, const T *past_value, const int64_t *nonpad, T *y, T *qk,       \
                     void *scratch)                                                                    \
    {                                                                                                  \
        const int64_t total = p->past_seq + p->kv_seq, D = p->head_size, DV = p->v_head_size;         \
        float *s = (float *)scratch, *qs = s + total, *acc = qs + D;                                   \
        for (int64_t b = 0; b < p->batch; b++)                                                         \
            for (int64_t h = 0; h < p->q_heads; h++)                                                   \
                for (int64_t i = 0; i < p->q_seq; i++) {                                               \
                    const T *qr = q + b * p->q_strides[0] + h * p->q_strides[1] + i * p->q_strides[2]; \
                    T *qkr = qk ? qk + ((b * p->q_heads + h) * p->q_seq + i) * total : NULL;           \
                    const int64_t kvh = h / (p->q_heads / p->kv_heads);                                \
                    for (int64_t d = 0; d < D; d++) qs[d] = (float)LOAD(qr[d]) * p->scale_sqrt;        \
                    int all_masked = NAME##_scores(p, qs, k, mask, past_key, nonpad, qkr, s, b, h, i); \
                    rt_attention_softmax(s, total, all_masked);                                        \
                    if (qkr && p->qk_mode == RT_ATTENTION_QK_SOFTMAX)                                  \
                        for (int64_t j = 0; j < total; j++) qkr[j] = STORE(s[j]);                      \
                    for (int64_t d = 0; d < DV; d++) acc[d] = 0;                                       \
                    for (int64_t j = 0; j < total; j++) {                                              \
                        const T *vr = RT_ATTENTION_KV_ROW(p, past_value, v, p->v_strides, DV, b, kvh, j); \
                        for (int64_t d = 0; d < DV; d++) acc[d] += s[j] * (float)LOAD(vr[d]);          \
                    }                                                                                  \
                    T *yr = y + b * p->y_strides[0] + h * p->y_strides[1] + i * p->y_strides[2];       \
                    for (int64_t d = 0; d < DV; d++) yr[d] = STORE(acc[d]);                            \
                }                                                                                      \
    }
//@end

/* instances: f32 f16 bf16
   @kernel rt_attention_$s(rt_attention_params, q, k, v, attn_mask, past_key, past_value, nonpad_kv_seqlen, y, qk_matmul_output, scratch) needs rt_half rt_attention_helpers
   RT_ATTENTION(rt_attention_$s, $t, $load, $store)
*/
//@kernel rt_attention_f32(rt_attention_params, q, k, v, attn_mask, past_key, past_value, nonpad_kv_seqlen, y, qk_matmul_output, scratch) needs rt_half rt_attention_helpers
RT_ATTENTION(rt_attention_f32, float, RT_ID, RT_ID)
//@end
//@kernel rt_attention_f16(rt_attention_params, q, k, v, attn_mask, past_key, past_value, nonpad_kv_seqlen, y, qk_matmul_output, scratch) needs rt_half rt_attention_helpers
RT_ATTENTION(rt_attention_f16, uint16_t, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_attention_bf16(rt_attention_params, q, k, v, attn_mask, past_key, past_value, nonpad_kv_seqlen, y, qk_matmul_output, scratch) needs rt_half rt_attention_helpers
RT_ATTENTION(rt_attention_bf16, uint16_t, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */

/* present = Concat(past, x) on the sequence axis, elements moved as they are. */
//@section rt_kv_cache_macros needs rt_kv_cache_params
#define RT_KV_CACHE(NAME, T)                                                                           \
    static void NAME(const rt_kv_cache_params *p, const void *past, const void *x, void *present)      \
    {                                                                                                  \
        const int64_t D = p->head_size, total = p->past_seq + p->seq;                                  \
        const size_t row = (size_t)D * sizeof(T), past_bytes = (size_t)p->past_seq * row;             \
        for (int64_t b = 0; b < p->batch; b++)                                                         \
            for (int64_t h = 0; h < p->heads; h++) {                                                   \
                T *out = (T *)present + (b * p->heads + h) * total * D;                                \
                if (past) /* absent when past_seq is 0 */                                              \
                    memcpy(out, (const T *)past + (b * p->heads + h) * p->past_seq * D, past_bytes);   \
                out += p->past_seq * D;                                                                \
                for (int64_t s = 0; s < p->seq; s++)                                                   \
                    memcpy(out + s * D,                                                                \
                           (const T *)x + b * p->x_strides[0] + h * p->x_strides[1] + s * p->x_strides[2], row); \
            }                                                                                          \
    }
//@end

/* instances: x16 x32 x64
   @kernel rt_kv_cache_$s(rt_kv_cache_params, past, x, present) needs rt_kv_cache_macros
   RT_KV_CACHE(rt_kv_cache_$s, $t)
*/
//@kernel rt_kv_cache_x16(rt_kv_cache_params, past, x, present) needs rt_kv_cache_macros
RT_KV_CACHE(rt_kv_cache_x16, uint16_t)
//@end
//@kernel rt_kv_cache_x32(rt_kv_cache_params, past, x, present) needs rt_kv_cache_macros
RT_KV_CACHE(rt_kv_cache_x32, uint32_t)
//@end
//@kernel rt_kv_cache_x64(rt_kv_cache_params, past, x, present) needs rt_kv_cache_macros
RT_KV_CACHE(rt_kv_cache_x64, uint64_t)
//@end
/* end of instances */

/* LinearAttention, kv head by kv head, token by token, as the reference
   (onnx/reference/ops/op_linear_attention.py) runs its recurrence in float:
   with S the state [key_size, value_size] of kv head g,

       S *= exp(decay_t)                         (gated: per key row, or one per head)
       v' = beta_t * (v_t - S^T k_t)             (delta; else v' = v_t)
       S += k_t v'^T
       o_t[h] = scale * q_t[h]^T S               for each query head h of the group */
//@section rt_linear_attention_macros needs rt_vmath rt_half rt_linear_attention_params
/* One step of the state of kv head (b, g) at token t: decay, delta correction, write. */
#define RT_LINEAR_ATTENTION_STEP(NAME, T, LOAD)                                                         \
    static void NAME##_step(const rt_linear_attention_params *p, const T *key, const T *value, const T *decay, \
                            const T *beta, float *state, float *kr, float *vr, int64_t b, int64_t g, int64_t t) \
    {                                                                                                  \
        const int64_t DK = p->key_size, DV = p->value_size, token = b * p->seq + t;                   \
        for (int64_t d = 0; d < DK; d++) kr[d] = (float)LOAD(key[(token * p->kv_heads + g) * DK + d]);  \
        for (int64_t m = 0; m < DV; m++) vr[m] = (float)LOAD(value[(token * p->kv_heads + g) * DV + m]); \
        if (p->gated)                                                                                  \
            for (int64_t d = 0; d < DK; d++) {                                                         \
                int64_t at = p->decay_per_key ? (token * p->kv_heads + g) * DK + d : token * p->kv_heads + g; \
                float f = rt_vmath_exp_f32((float)LOAD(decay[at]));                                    \
                for (int64_t m = 0; m < DV; m++) state[d * DV + m] *= f;                               \
            }                                                                                          \
        if (p->delta) {                                                                                \
            float bt = (float)LOAD(beta[p->beta_per_head ? token * p->kv_heads + g : token]);          \
            for (int64_t m = 0; m < DV; m++) {                                                         \
                float got = 0;                                                                         \
                for (int64_t d = 0; d < DK; d++) got += state[d * DV + m] * kr[d];                     \
                vr[m] = bt * (vr[m] - got);                                                            \
            }                                                                                          \
        }                                                                                              \
        for (int64_t d = 0; d < DK; d++)                                                               \
            for (int64_t m = 0; m < DV; m++) state[d * DV + m] += kr[d] * vr[m];                       \
    }

/* The kernel NAME for element type T (state and arithmetic in float). */
#define RT_LINEAR_ATTENTION(NAME, T, LOAD, STORE)                                                      \
    RT_LINEAR_ATTENTION_STEP(NAME, T, LOAD)                                                            \
    static void NAME(const rt_linear_attention_params *p, const T *query, const T *key, const T *value, \
                     const T *past_state, const T *decay, const T *beta, T *output, T *present_state,  \
                     void *scratch)                                                                    \
    {                                                                                                  \
        const int64_t DK = p->key_size, DV = p->value_size, group = p->q_heads / p->kv_heads;         \
        float *state = (float *)scratch, *kr = state + DK * DV, *vr = kr + DK;                         \
        for (int64_t b = 0; b < p->batch; b++)                                                         \
            for (int64_t g = 0; g < p->kv_heads; g++) {                                                \
                const int64_t at = (b * p->kv_heads + g) * DK * DV;                                    \
                for (int64_t e = 0; e < DK * DV; e++) state[e] = past_state ? (float)LOAD(past_state[at + e]) : 0.0f; \
                for (int64_t t = 0; t < p->seq; t++) {                                                 \
                    NAME##_step(p, key, value, decay, beta, state, kr, vr, b, g, t);                   \
                    for (int64_t h = g * group; h < (g + 1) * group; h++) {                            \
                        const T *qr = query + ((b * p->seq + t) * p->q_heads + h) * DK;                \
                        T *yr = output + ((b * p->seq + t) * p->q_heads + h) * DV;                     \
                        for (int64_t m = 0; m < DV; m++) {                                             \
                            float o = 0;                                                               \
                            for (int64_t d = 0; d < DK; d++) o += (float)LOAD(qr[d]) * state[d * DV + m]; \
                            yr[m] = STORE(p->scale * o);                                               \
                        }                                                                              \
                    }                                                                                  \
                }                                                                                      \
                if (present_state)                                                                     \
                    for (int64_t e = 0; e < DK * DV; e++) present_state[at + e] = STORE(state[e]);     \
            }                                                                                          \
    }
//@end

/* instances: f32 f16 bf16
   @kernel rt_linear_attention_$s(rt_linear_attention_params, query, key, value, past_state, decay, beta, output, present_state, scratch) needs rt_linear_attention_macros
   RT_LINEAR_ATTENTION(rt_linear_attention_$s, $t, $load, $store)
*/
//@kernel rt_linear_attention_f32(rt_linear_attention_params, query, key, value, past_state, decay, beta, output, present_state, scratch) needs rt_linear_attention_macros
RT_LINEAR_ATTENTION(rt_linear_attention_f32, float, RT_ID, RT_ID)
//@end
//@kernel rt_linear_attention_f16(rt_linear_attention_params, query, key, value, past_state, decay, beta, output, present_state, scratch) needs rt_linear_attention_macros
RT_LINEAR_ATTENTION(rt_linear_attention_f16, uint16_t, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_linear_attention_bf16(rt_linear_attention_params, query, key, value, past_state, decay, beta, output, present_state, scratch) needs rt_linear_attention_macros
RT_LINEAR_ATTENTION(rt_linear_attention_bf16, uint16_t, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */
