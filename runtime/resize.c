/* Resize kernels (parameters and tables: runtime/resize.h). Nearest moves
   elements of any type by size; interpolation sums weighted taps for the
   float types. */
#include "resize.h"

//@section rt_resize_macros needs rt_half
/* indices: for each axis d, out_dims[d] source indices. */
#define RT_RESIZE_NEAREST(name, T)                                                 \
    static void name(const rt_resize_nearest_params *p, const void *in, const void *extrapolation, \
                     const int64_t *indices, void *out)                            \
    {                                                                              \
        const T *x = (const T *)in, *ext = (const T *)extrapolation;               \
        T *y = (T *)out;                                                           \
        int64_t batch = p->batch, in_block = p->in_block, out_block = 1;           \
        int rank = (int)p->rank;                                                   \
        const int64_t *od = p->out_dims, *is = p->in_strides;                      \
        const int64_t *tab[RT_MAX_RANK];                                           \
        tab[0] = indices;                                                          \
        for (int d = 0; d < rank; d++) {                                           \
            out_block *= od[d];                                                    \
            if (d + 1 < rank) tab[d + 1] = tab[d] + od[d];                         \
        }                                                                          \
        for (int64_t b = 0; b < batch; b++) {                                      \
            const T *xb = x + b * in_block;                                        \
            T *yb = y + b * out_block;                                             \
            int64_t idx[RT_MAX_RANK] = {0};                                        \
            int64_t last = od[rank - 1];                                           \
            const int64_t *lt = tab[rank - 1];                                     \
            int64_t ls = is[rank - 1];                                             \
            for (int64_t o = 0; o < out_block; o += last) {                        \
                int64_t off = 0;                                                   \
                int oob = 0;                                                       \
                for (int d = 0; d < rank - 1; d++) {                               \
                    int64_t s = tab[d][idx[d]];                                    \
                    if (s < 0) oob = 1;                                            \
                    off += s * is[d];                                              \
                }                                                                  \
                for (int64_t i = 0; i < last; i++)                                 \
                    yb[o + i] = oob || lt[i] < 0 ? ext[0] : xb[off + lt[i] * ls];  \
                for (int d = rank - 2; d >= 0; d--) {                              \
                    if (++idx[d] < od[d]) break;                                   \
                    idx[d] = 0;                                                    \
                }                                                                  \
            }                                                                      \
        }                                                                          \
    }

/* indices and weights: for each axis d, out_dims[d] * taps[d] of them. T is
   stored, TC the type it converts from (float for float16). */
#define RT_RESIZE_INTERP(name, T, TC, LOAD, STORE)                                 \
    static void name(const rt_resize_interp_params *p, const T *x, const int64_t *indices, \
                     const float *weights, T *y)                                   \
    {                                                                              \
        int64_t batch = p->batch, in_block = p->in_block, out_block = 1;           \
        int rank = (int)p->rank;                                                   \
        const int64_t *od = p->out_dims, *is = p->in_strides, *taps = p->taps;     \
        const int64_t *itab[RT_MAX_RANK];                                          \
        const float *wtab[RT_MAX_RANK];                                            \
        int64_t combos = 1;                                                        \
        itab[0] = indices;                                                         \
        wtab[0] = weights;                                                         \
        for (int d = 0; d < rank; d++) {                                           \
            out_block *= od[d];                                                    \
            combos *= taps[d];                                                     \
            if (d + 1 < rank) {                                                    \
                itab[d + 1] = itab[d] + od[d] * taps[d];                           \
                wtab[d + 1] = wtab[d] + od[d] * taps[d];                           \
            }                                                                      \
        }                                                                          \
        for (int64_t b = 0; b < batch; b++) {                                      \
            const T *xb = x + b * in_block;                                        \
            T *yb = y + b * out_block;                                             \
            int64_t idx[RT_MAX_RANK] = {0};                                        \
            for (int64_t o = 0; o < out_block; o++) {                              \
                const int64_t *ip[RT_MAX_RANK];                                    \
                const float *wp[RT_MAX_RANK];                                      \
                int oob = 0;                                                       \
                for (int d = 0; d < rank; d++) {                                   \
                    ip[d] = itab[d] + idx[d] * taps[d];                            \
                    wp[d] = wtab[d] + idx[d] * taps[d];                            \
                    if (ip[d][0] < 0) oob = 1;                                     \
                }                                                                  \
                if (oob) {                                                         \
                    yb[o] = STORE((TC)(double)p->extrapolation);                   \
                } else {                                                           \
                    double acc = 0;                                                \
                    int64_t k[RT_MAX_RANK] = {0};                                  \
                    for (int64_t c = 0; c < combos; c++) {                         \
                        int64_t off = 0;                                           \
                        double w = 1;                                              \
                        for (int d = 0; d < rank; d++) {                           \
                            off += ip[d][k[d]] * is[d];                            \
                            w *= (double)wp[d][k[d]];                              \
                        }                                                          \
                        acc += w * (double)LOAD(xb[off]);                          \
                        for (int d = rank - 1; d >= 0; d--) {                      \
                            if (++k[d] < taps[d]) break;                           \
                            k[d] = 0;                                              \
                        }                                                          \
                    }                                                              \
                    yb[o] = STORE((TC)acc);                                        \
                }                                                                  \
                for (int d = rank - 1; d >= 0; d--) {                              \
                    if (++idx[d] < od[d]) break;                                   \
                    idx[d] = 0;                                                    \
                }                                                                  \
            }                                                                      \
        }                                                                          \
    }
//@end

/* instances: x8 x16 x32 x64
   @kernel rt_resize_nearest_$s(rt_resize_nearest_params, x, extrapolation, indices, y) needs rt_resize_macros
   RT_RESIZE_NEAREST(rt_resize_nearest_$s, $t)
*/
//@kernel rt_resize_nearest_x8(rt_resize_nearest_params, x, extrapolation, indices, y) needs rt_resize_macros
RT_RESIZE_NEAREST(rt_resize_nearest_x8, uint8_t)
//@end
//@kernel rt_resize_nearest_x16(rt_resize_nearest_params, x, extrapolation, indices, y) needs rt_resize_macros
RT_RESIZE_NEAREST(rt_resize_nearest_x16, uint16_t)
//@end
//@kernel rt_resize_nearest_x32(rt_resize_nearest_params, x, extrapolation, indices, y) needs rt_resize_macros
RT_RESIZE_NEAREST(rt_resize_nearest_x32, uint32_t)
//@end
//@kernel rt_resize_nearest_x64(rt_resize_nearest_params, x, extrapolation, indices, y) needs rt_resize_macros
RT_RESIZE_NEAREST(rt_resize_nearest_x64, uint64_t)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_resize_interp_$s(rt_resize_interp_params, x, indices, weights, y) needs rt_resize_macros
   RT_RESIZE_INTERP(rt_resize_interp_$s, $t, $c, $load, $store)
*/
//@kernel rt_resize_interp_f32(rt_resize_interp_params, x, indices, weights, y) needs rt_resize_macros
RT_RESIZE_INTERP(rt_resize_interp_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_resize_interp_f64(rt_resize_interp_params, x, indices, weights, y) needs rt_resize_macros
RT_RESIZE_INTERP(rt_resize_interp_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_resize_interp_f16(rt_resize_interp_params, x, indices, weights, y) needs rt_resize_macros
RT_RESIZE_INTERP(rt_resize_interp_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_resize_interp_bf16(rt_resize_interp_params, x, indices, weights, y) needs rt_resize_macros
RT_RESIZE_INTERP(rt_resize_interp_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */
