/* Pooling kernels: MaxPool (with optional argmax indices), AveragePool,
   LpPool, GlobalMaxPool, GlobalAveragePool, GlobalLpPool and MaxUnpool
   (at the end of the file); parameters in runtime/pool.h. The lowering
   (ops/pool.c) turns 1-D and 2-D pooling into 3-D pooling by adding leading
   spatial dimensions of size 1, so one generic kernel serves every case;
   the batch and channel dimensions are merged into `outer`.

   MaxPool / AveragePool / LpPool (rt_pool_params):
     x: outer x D x H x W, y: outer x OD x OH x OW, indices (int64, MaxPool
     only, may be NULL): like y.
   MaxPool ignores positions outside the input; AveragePool divides by the
   positions inside the input, or with count_include_pad by the positions
   inside [-pad_begin, in + pad_end) (the extra end padding that ceil_mode
   adds is never counted); LpPool's padding adds nothing.
   Indices hold the flat index of the maximum in x (including the outer
   offset), row major or, for storage_order 1, with the spatial dimensions
   in column-major order (the first one varying fastest). The first maximum
   wins.

   GlobalMaxPool / GlobalAveragePool (rt_global_pool_params), GlobalLpPool
   (rt_global_lppool_params):
     x: outer x inner, y: outer.
   half types compute in float. */
#include "pool.h"

//@section rt_pool_window
/* Window arithmetic of the pooling kernels. */
RT_HELPER int64_t rt_pool_ceil_div(int64_t a, int64_t b)
{
    return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

/* Range [*lo, *hi) of kernel taps k whose position start + k*dil lies in [0, limit). */
RT_HELPER void rt_pool_taps(int64_t start, int64_t kernel, int64_t dil, int64_t limit, int64_t *lo, int64_t *hi)
{
    int64_t l = start >= 0 ? 0 : rt_pool_ceil_div(-start, dil);
    int64_t h = limit - start <= 0 ? 0 : rt_pool_ceil_div(limit - start, dil);
    if (h > kernel) h = kernel;
    if (l > h) l = h;
    *lo = l;
    *hi = h;
}

/* Dilation 1: the window [start, start + kernel) clamped to [begin, end),
   as positions [*lo, *hi); returns their count (0 for an empty window). */
RT_HELPER int64_t rt_pool_clamp(int64_t start, int64_t kernel, int64_t begin, int64_t end, int64_t *lo, int64_t *hi)
{
    *lo = start < begin ? begin : start;
    *hi = start + kernel > end ? end : start + kernel;
    return *hi > *lo ? *hi - *lo : 0;
}
//@end

//@section rt_pool_common needs rt_half
RT_HELPER double rt_pool_powabs(double v, double pw)
{
    v = fabs(v);
    return pw == 1 ? v : pw == 2 ? v * v : pow(v, pw);
}

RT_HELPER double rt_pool_root(double sum, double pw)
{
    return pw == 1 ? sum : pw == 2 ? sqrt(sum) : pow(sum, 1 / pw);
}

/* Per element type: the result (a compute-type maximum or a double
   average) stored back, and the identity of max. */
#define RT_POOL_STORE_f32(v) ((float)(v))
#define RT_POOL_STORE_f64(v) ((double)(v))
#define RT_POOL_STORE_f16(v) rt_f32_to_f16((float)(v))
#define RT_POOL_STORE_bf16(v) rt_f32_to_bf16((float)(v))
#define RT_POOL_STORE_i8(v) (v)
#define RT_POOL_STORE_u8(v) (v)
#define RT_POOL_LOWEST_f32 (-INFINITY)
#define RT_POOL_LOWEST_f64 (-INFINITY)
#define RT_POOL_LOWEST_f16 (-INFINITY)
#define RT_POOL_LOWEST_bf16 (-INFINITY)
#define RT_POOL_LOWEST_i8 INT8_MIN
#define RT_POOL_LOWEST_u8 0

#define RT_MAXPOOL(name, T, TC, LOAD, STORE, LOWEST)                                                  \
    static void name(const rt_pool_params *p, const T *x, T *y, int64_t *indices)                    \
    {                                                                                                \
        const int64_t outer = p->outer, *in = p->in_size, *out = p->out_size, *ks = p->kernel;       \
        const int64_t *st = p->stride, *pb = p->pad_begin, *dl = p->dilation, order = p->storage_order; \
        const int64_t isz = in[0] * in[1] * in[2];                                                   \
        int64_t *ind = indices;                                                                      \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * isz;                                                               \
            for (int64_t od = 0; od < out[0]; od++) {                                                \
                int64_t sd = od * st[0] - pb[0], lod, hid;                                           \
                rt_pool_taps(sd, ks[0], dl[0], in[0], &lod, &hid);                                   \
                for (int64_t oh = 0; oh < out[1]; oh++) {                                            \
                    int64_t sh = oh * st[1] - pb[1], loh, hih;                                       \
                    rt_pool_taps(sh, ks[1], dl[1], in[1], &loh, &hih);                               \
                    for (int64_t ow = 0; ow < out[2]; ow++) {                                        \
                        int64_t sw = ow * st[2] - pb[2], low, hiw;                                   \
                        int64_t bd = -1, bh = -1, bw = -1;                                           \
                        TC best = LOWEST;                                                            \
                        rt_pool_taps(sw, ks[2], dl[2], in[2], &low, &hiw);                           \
                        for (int64_t a = lod; a < hid; a++) {                                        \
                            int64_t pd = sd + a * dl[0];                                             \
                            for (int64_t b = loh; b < hih; b++) {                                    \
                                int64_t ph = sh + b * dl[1];                                         \
                                const T *row = xc + (pd * in[1] + ph) * in[2];                       \
                                for (int64_t e = low; e < hiw; e++) {                                \
                                    int64_t pw = sw + e * dl[2];                                     \
                                    TC v = LOAD(row[pw]);                                            \
                                    if (bd < 0 || v > best) {                                        \
                                        best = v;                                                    \
                                        bd = pd, bh = ph, bw = pw;                                   \
                                    }                                                                \
                                }                                                                    \
                            }                                                                        \
                        }                                                                            \
                        *y++ = STORE(best);                                                          \
                        if (ind) {                                                                   \
                            if (bd < 0) *ind = -1;                                                   \
                            else if (order)                                                          \
                                *ind = c * isz + bd + bh * in[0] + bw * in[0] * in[1];               \
                            else                                                                     \
                                *ind = c * isz + (bd * in[1] + bh) * in[2] + bw;                     \
                            ind++;                                                                   \
                        }                                                                            \
                    }                                                                                \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_AVGPOOL(name, T, LOAD, STORE)                                                              \
    static void name(const rt_pool_params *p, const T *x, T *y)                                      \
    {                                                                                                \
        const int64_t outer = p->outer, *in = p->in_size, *out = p->out_size, *ks = p->kernel;       \
        const int64_t *st = p->stride, *pb = p->pad_begin, *pe = p->pad_end, *dl = p->dilation;      \
        const int64_t include_pad = p->count_include_pad;                                            \
        const int64_t isz = in[0] * in[1] * in[2];                                                   \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * isz;                                                               \
            for (int64_t od = 0; od < out[0]; od++) {                                                \
                int64_t sd = od * st[0] - pb[0], lod, hid, qd0, qd1;                                 \
                rt_pool_taps(sd, ks[0], dl[0], in[0], &lod, &hid);                                   \
                rt_pool_taps(sd + pb[0], ks[0], dl[0], in[0] + pb[0] + pe[0], &qd0, &qd1);           \
                for (int64_t oh = 0; oh < out[1]; oh++) {                                            \
                    int64_t sh = oh * st[1] - pb[1], loh, hih, qh0, qh1;                             \
                    rt_pool_taps(sh, ks[1], dl[1], in[1], &loh, &hih);                               \
                    rt_pool_taps(sh + pb[1], ks[1], dl[1], in[1] + pb[1] + pe[1], &qh0, &qh1);       \
                    for (int64_t ow = 0; ow < out[2]; ow++) {                                        \
                        int64_t sw = ow * st[2] - pb[2], low, hiw, qw0, qw1, count;                  \
                        double sum = 0;                                                              \
                        rt_pool_taps(sw, ks[2], dl[2], in[2], &low, &hiw);                           \
                        rt_pool_taps(sw + pb[2], ks[2], dl[2], in[2] + pb[2] + pe[2], &qw0, &qw1);   \
                        for (int64_t a = lod; a < hid; a++) {                                        \
                            int64_t pd = sd + a * dl[0];                                             \
                            for (int64_t b = loh; b < hih; b++) {                                    \
                                int64_t ph = sh + b * dl[1];                                         \
                                const T *row = xc + (pd * in[1] + ph) * in[2];                       \
                                for (int64_t e = low; e < hiw; e++) sum += (double)LOAD(row[sw + e * dl[2]]); \
                            }                                                                        \
                        }                                                                            \
                        if (include_pad) count = (qd1 - qd0) * (qh1 - qh0) * (qw1 - qw0);            \
                        else count = (hid - lod) * (hih - loh) * (hiw - low);                        \
                        *y++ = STORE(count > 0 ? sum / (double)count : 0.0);                         \
                    }                                                                                \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }

/* Fast MaxPool / AveragePool for the common case, chosen at lowering time
   (rt_pool2d_params): x is outer x H x W, y outer x OH x OW. The window of
   output (oh, ow) clamps to [max(0, s), min(in, s + kernel)) with
   s = o * stride - pad_begin, no divisions; the taps are visited in the same
   order with the same comparisons / sums as the generic kernels, so the
   results are identical (first maximum wins, NaN only when the first tap is
   NaN, empty window gives LOWEST / 0). The fields are copied to locals:
   with 8-bit y the stores could alias *p and force reloads.

   MaxPool's outputs whose window is inside the row (all but a few at the
   edges) are computed RT_MAXPOOL2D_RUN at a time, tap after tap over the
   run (rt_maxpool2d_run): the same comparisons in the same order per
   output, in loops the compiler vectorises. */
#define RT_MAXPOOL2D_RUN 64
#define RT_MAXPOOL2D_TAPS(T, TC, LOAD, SW)                                                              \
    do {                                                                                             \
        for (int64_t j = 0; j < n; j++) acc[j] = LOAD(r0[j * (SW)]);                                 \
        for (int64_t h = 0; h < nh; h++)                                                             \
            for (int64_t kw = h == 0 ? 1 : 0; kw < KW; kw++) {                                       \
                const T *r = r0 + h * W + kw;                                                        \
                for (int64_t j = 0; j < n; j++) {                                                    \
                    TC v = LOAD(r[j * (SW)]);                                                        \
                    acc[j] = v > acc[j] ? v : acc[j];                                                \
                }                                                                                    \
            }                                                                                        \
    } while (0)
#define RT_MAXPOOL2D(name, T, TC, LOAD, STORE, LOWEST)                                                \
    static void name(const rt_pool2d_params *p, const T *x, T *y)                                    \
    {                                                                                                \
        const int64_t outer = p->outer, H = p->in_h, W = p->in_w, OH = p->out_h, OW = p->out_w;      \
        const int64_t KH = p->kernel_h, KW = p->kernel_w, SH = p->stride_h, SW = p->stride_w;        \
        const int64_t PH = p->pad_top, PW = p->pad_left;                                             \
        /* outputs [in0, in1) have their whole window inside the row */                              \
        int64_t in0 = (PW + SW - 1) / SW, in1 = W >= KW ? (W - KW + PW) / SW + 1 : 0;                \
        if (in1 > OW) in1 = OW;                                                                      \
        if (in1 < in0) in1 = in0;                                                                    \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * H * W;                                                             \
            for (int64_t oh = 0; oh < OH; oh++) {                                                    \
                int64_t h0, h1;                                                                      \
                const int64_t nh = rt_pool_clamp(oh * SH - PH, KH, 0, H, &h0, &h1);                  \
                for (int64_t ow = 0; ow < OW; ow++) {                                                \
                    if (ow == in0 && nh > 0 && in1 > in0) { /* the inside outputs, a run at a time */ \
                        for (; ow < in1; ow += RT_MAXPOOL2D_RUN) {                                   \
                            const int64_t n = in1 - ow < RT_MAXPOOL2D_RUN ? in1 - ow : RT_MAXPOOL2D_RUN; \
                            const T *r0 = xc + h0 * W + ow * SW - PW;                                \
                            TC acc[RT_MAXPOOL2D_RUN];                                                \
                            if (SW == 1) RT_MAXPOOL2D_TAPS(T, TC, LOAD, 1);                             \
                            else if (SW == 2) RT_MAXPOOL2D_TAPS(T, TC, LOAD, 2);                        \
                            else RT_MAXPOOL2D_TAPS(T, TC, LOAD, SW);                                    \
                            for (int64_t j = 0; j < n; j++) *y++ = STORE(acc[j]);                    \
                        }                                                                            \
                        ow = in1 - 1;                                                                \
                        continue;                                                                    \
                    }                                                                                \
                    int64_t w0, w1;                                                                  \
                    const int64_t nw = rt_pool_clamp(ow * SW - PW, KW, 0, W, &w0, &w1);              \
                    TC best = LOWEST;                                                                \
                    if (nh > 0 && nw > 0) {                                                          \
                        const T *r = xc + h0 * W;                                                    \
                        best = LOAD(r[w0]);                                                          \
                        for (int64_t h = h0; h < h1; h++, r += W)                                    \
                            for (int64_t w = w0; w < w1; w++) {                                      \
                                TC v = LOAD(r[w]);                                                   \
                                if (v > best) best = v;                                              \
                            }                                                                        \
                    }                                                                                \
                    *y++ = STORE(best);                                                              \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }

/* The divisor counts the window inside the input, or with
   count_include_pad inside [-pad_begin, in + pad_end). */
#define RT_AVGPOOL2D(name, T, LOAD, STORE)                                                            \
    static void name(const rt_pool2d_params *p, const T *x, T *y)                                    \
    {                                                                                                \
        const int64_t outer = p->outer, H = p->in_h, W = p->in_w, OH = p->out_h, OW = p->out_w;      \
        const int64_t KH = p->kernel_h, KW = p->kernel_w, SH = p->stride_h, SW = p->stride_w;        \
        const int64_t PH = p->pad_top, PW = p->pad_left, EH = p->pad_bottom, EW = p->pad_right;      \
        const int64_t include_pad = p->count_include_pad;                                            \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * H * W;                                                             \
            for (int64_t oh = 0; oh < OH; oh++) {                                                    \
                const int64_t sh = oh * SH - PH;                                                     \
                int64_t h0, h1, q0, q1;                                                              \
                const int64_t nh = rt_pool_clamp(sh, KH, 0, H, &h0, &h1);                            \
                const int64_t qh = rt_pool_clamp(sh, KH, -PH, H + EH, &q0, &q1);                     \
                for (int64_t ow = 0; ow < OW; ow++) {                                                \
                    const int64_t sw = ow * SW - PW;                                                 \
                    int64_t w0, w1, r0, r1;                                                          \
                    const int64_t nw = rt_pool_clamp(sw, KW, 0, W, &w0, &w1);                        \
                    const int64_t qw = rt_pool_clamp(sw, KW, -PW, W + EW, &r0, &r1);                 \
                    const int64_t count = include_pad ? qh * qw : nh * nw;                           \
                    double sum = 0;                                                                  \
                    if (nh > 0 && nw > 0) {                                                          \
                        const T *r = xc + h0 * W;                                                    \
                        for (int64_t h = h0; h < h1; h++, r += W)                                    \
                            for (int64_t w = w0; w < w1; w++) sum += (double)LOAD(r[w]);             \
                    }                                                                                \
                    *y++ = STORE(count > 0 ? sum / (double)count : 0.0);                             \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_GLOBAL_MAXPOOL(name, T, TC, LOAD, STORE, LOWEST)                                           \
    static void name(const rt_global_pool_params *p, const T *x, T *y)                               \
    {                                                                                                \
        const int64_t outer = p->outer, inner = p->inner;                                            \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * inner;                                                             \
            TC best = LOWEST;                                                                        \
            for (int64_t i = 0; i < inner; i++) {                                                    \
                TC v = LOAD(xc[i]);                                                                  \
                if (i == 0 || v > best) best = v;                                                    \
            }                                                                                        \
            y[c] = STORE(best);                                                                      \
        }                                                                                            \
    }

#define RT_GLOBAL_AVGPOOL(name, T, LOAD, STORE)                                                       \
    static void name(const rt_global_pool_params *p, const T *x, T *y)                               \
    {                                                                                                \
        const int64_t outer = p->outer, inner = p->inner, whole = inner - inner % 16;                \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * inner;                                                             \
            double s[16] = {0};  /* 16 partial sums: a chain of adds per lane, vectorised */         \
            for (int64_t i = 0; i < whole; i += 16)                                                  \
                for (int q = 0; q < 16; q++) s[q] += (double)LOAD(xc[i + q]);                        \
            for (int64_t i = whole; i < inner; i++) s[0] += (double)LOAD(xc[i]);                     \
            for (int w = 8; w > 0; w /= 2)                                                           \
                for (int q = 0; q < w; q++) s[q] += s[q + w];                                        \
            y[c] = STORE(inner > 0 ? s[0] / (double)inner : 0.0);                                    \
        }                                                                                            \
    }

/* LpPool: (sum over the window of |x|^p)^(1/p); padding adds nothing. */
#define RT_LPPOOL(name, T, LOAD, STORE)                                                               \
    static void name(const rt_pool_params *p, const T *x, T *y)                                      \
    {                                                                                                \
        const int64_t outer = p->outer, *in = p->in_size, *out = p->out_size, *ks = p->kernel;       \
        const int64_t *st = p->stride, *pb = p->pad_begin, *dl = p->dilation;                        \
        const int64_t isz = in[0] * in[1] * in[2];                                                   \
        const double pw_ = (double)p->power;                                                         \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * isz;                                                               \
            for (int64_t od = 0; od < out[0]; od++) {                                                \
                int64_t sd = od * st[0] - pb[0], lod, hid;                                           \
                rt_pool_taps(sd, ks[0], dl[0], in[0], &lod, &hid);                                   \
                for (int64_t oh = 0; oh < out[1]; oh++) {                                            \
                    int64_t sh = oh * st[1] - pb[1], loh, hih;                                       \
                    rt_pool_taps(sh, ks[1], dl[1], in[1], &loh, &hih);                               \
                    for (int64_t ow = 0; ow < out[2]; ow++) {                                        \
                        int64_t sw = ow * st[2] - pb[2], low, hiw;                                   \
                        double sum = 0;                                                              \
                        rt_pool_taps(sw, ks[2], dl[2], in[2], &low, &hiw);                           \
                        for (int64_t a = lod; a < hid; a++) {                                        \
                            int64_t pd = sd + a * dl[0];                                             \
                            for (int64_t b = loh; b < hih; b++) {                                    \
                                int64_t ph = sh + b * dl[1];                                         \
                                const T *row = xc + (pd * in[1] + ph) * in[2];                       \
                                for (int64_t e = low; e < hiw; e++)                                  \
                                    sum += rt_pool_powabs((double)LOAD(row[sw + e * dl[2]]), pw_);   \
                            }                                                                        \
                        }                                                                            \
                        *y++ = STORE(rt_pool_root(sum, pw_));                                        \
                    }                                                                                \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_GLOBAL_LPPOOL(name, T, LOAD, STORE)                                                        \
    static void name(const rt_global_lppool_params *p, const T *x, T *y)                               \
    {                                                                                                \
        const int64_t outer = p->outer, inner = p->inner;                                            \
        const double pw_ = (double)p->power;                                                         \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * inner;                                                             \
            double sum = 0;                                                                          \
            for (int64_t i = 0; i < inner; i++) sum += rt_pool_powabs((double)LOAD(xc[i]), pw_);     \
            y[c] = STORE(rt_pool_root(sum, pw_));                                                    \
        }                                                                                            \
    }
//@end

/* instances: f32 f64 f16 bf16 i8 u8
   @kernel rt_maxpool_$s(rt_pool_params, x, y, indices) needs rt_pool_window rt_pool_common
   RT_MAXPOOL(rt_maxpool_$s, $t, $c, $load, RT_POOL_STORE_$s, RT_POOL_LOWEST_$s)
*/
//@kernel rt_maxpool_f32(rt_pool_params, x, y, indices) needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_f32, float, float, RT_ID, RT_POOL_STORE_f32, RT_POOL_LOWEST_f32)
//@end
//@kernel rt_maxpool_f64(rt_pool_params, x, y, indices) needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_f64, double, double, RT_ID, RT_POOL_STORE_f64, RT_POOL_LOWEST_f64)
//@end
//@kernel rt_maxpool_f16(rt_pool_params, x, y, indices) needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_f16, uint16_t, float, rt_f16_to_f32, RT_POOL_STORE_f16, RT_POOL_LOWEST_f16)
//@end
//@kernel rt_maxpool_bf16(rt_pool_params, x, y, indices) needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_bf16, uint16_t, float, rt_bf16_to_f32, RT_POOL_STORE_bf16, RT_POOL_LOWEST_bf16)
//@end
//@kernel rt_maxpool_i8(rt_pool_params, x, y, indices) needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_i8, int8_t, int8_t, RT_ID, RT_POOL_STORE_i8, RT_POOL_LOWEST_i8)
//@end
//@kernel rt_maxpool_u8(rt_pool_params, x, y, indices) needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_u8, uint8_t, uint8_t, RT_ID, RT_POOL_STORE_u8, RT_POOL_LOWEST_u8)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_avgpool_$s(rt_pool_params, x, y) needs rt_pool_window rt_pool_common
   RT_AVGPOOL(rt_avgpool_$s, $t, $load, RT_POOL_STORE_$s)
*/
//@kernel rt_avgpool_f32(rt_pool_params, x, y) needs rt_pool_window rt_pool_common
RT_AVGPOOL(rt_avgpool_f32, float, RT_ID, RT_POOL_STORE_f32)
//@end
//@kernel rt_avgpool_f64(rt_pool_params, x, y) needs rt_pool_window rt_pool_common
RT_AVGPOOL(rt_avgpool_f64, double, RT_ID, RT_POOL_STORE_f64)
//@end
//@kernel rt_avgpool_f16(rt_pool_params, x, y) needs rt_pool_window rt_pool_common
RT_AVGPOOL(rt_avgpool_f16, uint16_t, rt_f16_to_f32, RT_POOL_STORE_f16)
//@end
//@kernel rt_avgpool_bf16(rt_pool_params, x, y) needs rt_pool_window rt_pool_common
RT_AVGPOOL(rt_avgpool_bf16, uint16_t, rt_bf16_to_f32, RT_POOL_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16 i8 u8
   @kernel rt_maxpool2d_$s(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
   RT_MAXPOOL2D(rt_maxpool2d_$s, $t, $c, $load, RT_POOL_STORE_$s, RT_POOL_LOWEST_$s)
*/
//@kernel rt_maxpool2d_f32(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_f32, float, float, RT_ID, RT_POOL_STORE_f32, RT_POOL_LOWEST_f32)
//@end
//@kernel rt_maxpool2d_f64(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_f64, double, double, RT_ID, RT_POOL_STORE_f64, RT_POOL_LOWEST_f64)
//@end
//@kernel rt_maxpool2d_f16(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_f16, uint16_t, float, rt_f16_to_f32, RT_POOL_STORE_f16, RT_POOL_LOWEST_f16)
//@end
//@kernel rt_maxpool2d_bf16(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_bf16, uint16_t, float, rt_bf16_to_f32, RT_POOL_STORE_bf16, RT_POOL_LOWEST_bf16)
//@end
//@kernel rt_maxpool2d_i8(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_i8, int8_t, int8_t, RT_ID, RT_POOL_STORE_i8, RT_POOL_LOWEST_i8)
//@end
//@kernel rt_maxpool2d_u8(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_u8, uint8_t, uint8_t, RT_ID, RT_POOL_STORE_u8, RT_POOL_LOWEST_u8)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_avgpool2d_$s(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
   RT_AVGPOOL2D(rt_avgpool2d_$s, $t, $load, RT_POOL_STORE_$s)
*/
//@kernel rt_avgpool2d_f32(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
RT_AVGPOOL2D(rt_avgpool2d_f32, float, RT_ID, RT_POOL_STORE_f32)
//@end
//@kernel rt_avgpool2d_f64(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
RT_AVGPOOL2D(rt_avgpool2d_f64, double, RT_ID, RT_POOL_STORE_f64)
//@end
//@kernel rt_avgpool2d_f16(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
RT_AVGPOOL2D(rt_avgpool2d_f16, uint16_t, rt_f16_to_f32, RT_POOL_STORE_f16)
//@end
//@kernel rt_avgpool2d_bf16(rt_pool2d_params, x, y) needs rt_pool_window rt_pool_common
RT_AVGPOOL2D(rt_avgpool2d_bf16, uint16_t, rt_bf16_to_f32, RT_POOL_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_global_maxpool_$s(rt_global_pool_params, x, y) needs rt_pool_common
   RT_GLOBAL_MAXPOOL(rt_global_maxpool_$s, $t, $c, $load, RT_POOL_STORE_$s, RT_POOL_LOWEST_$s)
*/
//@kernel rt_global_maxpool_f32(rt_global_pool_params, x, y) needs rt_pool_common
RT_GLOBAL_MAXPOOL(rt_global_maxpool_f32, float, float, RT_ID, RT_POOL_STORE_f32, RT_POOL_LOWEST_f32)
//@end
//@kernel rt_global_maxpool_f64(rt_global_pool_params, x, y) needs rt_pool_common
RT_GLOBAL_MAXPOOL(rt_global_maxpool_f64, double, double, RT_ID, RT_POOL_STORE_f64, RT_POOL_LOWEST_f64)
//@end
//@kernel rt_global_maxpool_f16(rt_global_pool_params, x, y) needs rt_pool_common
RT_GLOBAL_MAXPOOL(rt_global_maxpool_f16, uint16_t, float, rt_f16_to_f32, RT_POOL_STORE_f16, RT_POOL_LOWEST_f16)
//@end
//@kernel rt_global_maxpool_bf16(rt_global_pool_params, x, y) needs rt_pool_common
RT_GLOBAL_MAXPOOL(rt_global_maxpool_bf16, uint16_t, float, rt_bf16_to_f32, RT_POOL_STORE_bf16, RT_POOL_LOWEST_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_global_avgpool_$s(rt_global_pool_params, x, y) needs rt_pool_common
   RT_GLOBAL_AVGPOOL(rt_global_avgpool_$s, $t, $load, RT_POOL_STORE_$s)
*/
//@kernel rt_global_avgpool_f32(rt_global_pool_params, x, y) needs rt_pool_common
RT_GLOBAL_AVGPOOL(rt_global_avgpool_f32, float, RT_ID, RT_POOL_STORE_f32)
//@end
//@kernel rt_global_avgpool_f64(rt_global_pool_params, x, y) needs rt_pool_common
RT_GLOBAL_AVGPOOL(rt_global_avgpool_f64, double, RT_ID, RT_POOL_STORE_f64)
//@end
//@kernel rt_global_avgpool_f16(rt_global_pool_params, x, y) needs rt_pool_common
RT_GLOBAL_AVGPOOL(rt_global_avgpool_f16, uint16_t, rt_f16_to_f32, RT_POOL_STORE_f16)
//@end
//@kernel rt_global_avgpool_bf16(rt_global_pool_params, x, y) needs rt_pool_common
RT_GLOBAL_AVGPOOL(rt_global_avgpool_bf16, uint16_t, rt_bf16_to_f32, RT_POOL_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_lppool_$s(rt_pool_params, x, y) needs rt_pool_window rt_pool_common
   RT_LPPOOL(rt_lppool_$s, $t, $load, RT_POOL_STORE_$s)
*/
//@kernel rt_lppool_f32(rt_pool_params, x, y) needs rt_pool_window rt_pool_common
RT_LPPOOL(rt_lppool_f32, float, RT_ID, RT_POOL_STORE_f32)
//@end
//@kernel rt_lppool_f64(rt_pool_params, x, y) needs rt_pool_window rt_pool_common
RT_LPPOOL(rt_lppool_f64, double, RT_ID, RT_POOL_STORE_f64)
//@end
//@kernel rt_lppool_f16(rt_pool_params, x, y) needs rt_pool_window rt_pool_common
RT_LPPOOL(rt_lppool_f16, uint16_t, rt_f16_to_f32, RT_POOL_STORE_f16)
//@end
//@kernel rt_lppool_bf16(rt_pool_params, x, y) needs rt_pool_window rt_pool_common
RT_LPPOOL(rt_lppool_bf16, uint16_t, rt_bf16_to_f32, RT_POOL_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_global_lppool_$s(rt_global_lppool_params, x, y) needs rt_pool_common
   RT_GLOBAL_LPPOOL(rt_global_lppool_$s, $t, $load, RT_POOL_STORE_$s)
*/
//@kernel rt_global_lppool_f32(rt_global_lppool_params, x, y) needs rt_pool_common
RT_GLOBAL_LPPOOL(rt_global_lppool_f32, float, RT_ID, RT_POOL_STORE_f32)
//@end
//@kernel rt_global_lppool_f64(rt_global_lppool_params, x, y) needs rt_pool_common
RT_GLOBAL_LPPOOL(rt_global_lppool_f64, double, RT_ID, RT_POOL_STORE_f64)
//@end
//@kernel rt_global_lppool_f16(rt_global_lppool_params, x, y) needs rt_pool_common
RT_GLOBAL_LPPOOL(rt_global_lppool_f16, uint16_t, rt_f16_to_f32, RT_POOL_STORE_f16)
//@end
//@kernel rt_global_lppool_bf16(rt_global_lppool_params, x, y) needs rt_pool_common
RT_GLOBAL_LPPOOL(rt_global_lppool_bf16, uint16_t, rt_bf16_to_f32, RT_POOL_STORE_bf16)
//@end
/* end of instances */

/* MaxUnpool, by element size (rt_maxunpool_params): x and indices (int64)
   scatter into y, which is zero elsewhere. Indices outside the unpooled
   shape are skipped. */
//@section rt_maxunpool_macro
#define RT_MAXUNPOOL(name, T)                                                                         \
    static void name(const rt_maxunpool_params *p, const void *x, const int64_t *indices, void *y)   \
    {                                                                                                \
        const T *xs = (const T *)x;                                                                  \
        T *ys = (T *)y;                                                                              \
        const int rank = (int)p->rank;                                                               \
        const int64_t *unpooled = p->unpooled_dims, *strides = p->out_strides;                       \
        int64_t total = 1;                                                                           \
        for (int d = 0; d < rank; d++) total *= unpooled[d];                                         \
        memset(ys, 0, (size_t)p->out_count * sizeof(T));                                             \
        for (int64_t k = 0; k < p->in_count; k++) {                                                  \
            int64_t idx = indices[k], off = 0;                                                       \
            if (idx < 0 || idx >= total) continue;                                                   \
            for (int d = rank - 1; d >= 0; d--) {                                                    \
                off += (idx % unpooled[d]) * strides[d];                                             \
                idx /= unpooled[d];                                                                  \
            }                                                                                        \
            ys[off] = xs[k];                                                                         \
        }                                                                                            \
    }
//@end

/* instances: x16 x32 x64
   @kernel rt_maxunpool_$s(rt_maxunpool_params, x, indices, y) needs rt_maxunpool_macro
   RT_MAXUNPOOL(rt_maxunpool_$s, $t)
*/
//@kernel rt_maxunpool_x16(rt_maxunpool_params, x, indices, y) needs rt_maxunpool_macro
RT_MAXUNPOOL(rt_maxunpool_x16, uint16_t)
//@end
//@kernel rt_maxunpool_x32(rt_maxunpool_params, x, indices, y) needs rt_maxunpool_macro
RT_MAXUNPOOL(rt_maxunpool_x32, uint32_t)
//@end
//@kernel rt_maxunpool_x64(rt_maxunpool_params, x, indices, y) needs rt_maxunpool_macro
RT_MAXUNPOOL(rt_maxunpool_x64, uint64_t)
//@end
/* end of instances */
