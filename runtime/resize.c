/* Resize kernels. Lowering (ops/resize.c) precomputes, for every resized
   axis and output index, which source indices contribute and with what
   weight; these kernels walk the tables.

   Leading axes that Resize leaves alone are merged into `batch` items of
   in_block input elements each (an item's output is the product of out_dims).

   rt_resize_nearest_x<bits>: any element type, moved by size.
     t = {x, extrapolation (one element of x's type), y}
     p = {batch, in_block, rank, out_dims[rank], in_strides[rank],
          then for each axis d, out_dims[d] source indices (-1: the output
          takes the extrapolation value)}
   rt_resize_interp_<type>: weighted sums of taps (linear, cubic, antialias).
     t = {x, y}
     p = {batch, in_block, rank, out_dims[rank], in_strides[rank], taps[rank],
          then for each axis d, out_dims[d] * taps[d] source indices (a first
          index of -1: extrapolate)}
     f = {extrapolation_value, then for each axis d, out_dims[d] * taps[d] weights}
     The output is the sum, over every combination of one tap per axis, of
     the product of the taps' weights times the source element; computed in
     double. */
#include "rt.h"

//@section rt_resize_macros needs rt_half
#define RT_RESIZE_NEAREST(name, T)                                                 \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0], *ext = (const T *)t[1];                      \
        T *y = (T *)t[2];                                                          \
        int64_t batch = p[0], in_block = p[1], out_block = 1;                      \
        int rank = (int)p[2];                                                      \
        const int64_t *od = p + 3, *is = od + rank;                                \
        const int64_t *tab[RT_MAX_RANK];                                           \
        RT_UNUSED(f);                                                              \
        tab[0] = is + rank;                                                        \
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

#define RT_RESIZE_INTERP(name, T, LOAD, STORE)                                     \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        T *y = (T *)t[1];                                                          \
        int64_t batch = p[0], in_block = p[1], out_block = 1;                      \
        int rank = (int)p[2];                                                      \
        const int64_t *od = p + 3, *is = od + rank, *taps = is + rank;             \
        const int64_t *itab[RT_MAX_RANK];                                          \
        const float *wtab[RT_MAX_RANK];                                            \
        int64_t combos = 1;                                                        \
        itab[0] = taps + rank;                                                     \
        wtab[0] = f + 1;                                                           \
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
                    yb[o] = STORE((double)f[0]);                                   \
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
                        acc += w * LOAD(xb[off]);                                  \
                        for (int d = rank - 1; d >= 0; d--) {                      \
                            if (++k[d] < taps[d]) break;                           \
                            k[d] = 0;                                              \
                        }                                                          \
                    }                                                              \
                    yb[o] = STORE(acc);                                            \
                }                                                                  \
                for (int d = rank - 1; d >= 0; d--) {                              \
                    if (++idx[d] < od[d]) break;                                   \
                    idx[d] = 0;                                                    \
                }                                                                  \
            }                                                                      \
        }                                                                          \
    }

#define RT_RSZ_ID(x) ((double)(x))
#define RT_RSZ_F16(x) ((double)rt_f16_to_f32(x))
#define RT_RSZ_BF16(x) ((double)rt_bf16_to_f32(x))
#define RT_RSZ_WF16(x) rt_f32_to_f16((float)(x))
#define RT_RSZ_WBF16(x) rt_f32_to_bf16((float)(x))
//@end

//@kernel rt_resize_nearest_x8 needs rt_resize_macros
RT_RESIZE_NEAREST(rt_resize_nearest_x8, uint8_t)
//@end

//@kernel rt_resize_nearest_x16 needs rt_resize_macros
RT_RESIZE_NEAREST(rt_resize_nearest_x16, uint16_t)
//@end

//@kernel rt_resize_nearest_x32 needs rt_resize_macros
RT_RESIZE_NEAREST(rt_resize_nearest_x32, uint32_t)
//@end

//@kernel rt_resize_nearest_x64 needs rt_resize_macros
RT_RESIZE_NEAREST(rt_resize_nearest_x64, uint64_t)
//@end

//@kernel rt_resize_interp_f32 needs rt_resize_macros
RT_RESIZE_INTERP(rt_resize_interp_f32, float, RT_RSZ_ID, (float))
//@end

//@kernel rt_resize_interp_f64 needs rt_resize_macros
RT_RESIZE_INTERP(rt_resize_interp_f64, double, RT_RSZ_ID, (double))
//@end

//@kernel rt_resize_interp_f16 needs rt_resize_macros
RT_RESIZE_INTERP(rt_resize_interp_f16, uint16_t, RT_RSZ_F16, RT_RSZ_WF16)
//@end

//@kernel rt_resize_interp_bf16 needs rt_resize_macros
RT_RESIZE_INTERP(rt_resize_interp_bf16, uint16_t, RT_RSZ_BF16, RT_RSZ_WBF16)
//@end
