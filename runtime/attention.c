/* Attention-family kernels: RotaryEmbedding (rt_rotary_*, rt_rotary_params,
   runtime/attention.h). Lowering is in ops/attention.c. Half types compute
   in float.

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
