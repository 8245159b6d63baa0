/* Pooling kernels: MaxPool (with optional argmax Indices), AveragePool,
   LpPool, GlobalMaxPool, GlobalAveragePool, GlobalLpPool and MaxUnpool
   (at the end of the file). The lowering (ops/pool.c) turns 1-D
   and 2-D pooling into 3-D pooling by adding leading spatial dimensions of
   size 1 (kernel 1, stride 1, no padding, dilation 1), so one kernel serves
   every case; the batch and channel dimensions are merged into `outer`.

   MaxPool / AveragePool:
     t = {x, y, indices}      x: outer x D x H x W, y: outer x OD x OH x OW,
                              indices (int64, MaxPool only, may be NULL):
                              like y.
     p = {outer,
          in[3]     (D, H, W),
          out[3]    (OD, OH, OW),
          kernel[3],
          strides[3],
          pads_begin[3],
          pads_end[3],
          dilations[3],
          mode}     MaxPool: storage_order (0 row major, 1 column major
                    indices); AveragePool: count_include_pad.
     f = {}
   Window of output o along one dimension: positions o*stride - pad_begin +
   k*dilation for k in [0, kernel). MaxPool ignores positions outside the
   input; AveragePool divides by the positions inside the input, or with
   count_include_pad by the positions inside [-pad_begin, in + pad_end)
   (the extra end padding that ceil_mode adds is never counted).
   Indices hold the flat index of the maximum in x (including the outer
   offset), row major or, for storage_order 1, with the spatial dimensions
   in column-major order (the first one varying fastest). The first maximum
   wins.

   GlobalMaxPool / GlobalAveragePool:
     t = {x, y}   x: outer x inner, y: outer
     p = {outer, inner}
   half types compute in float. */
#include "rt.h"

//@section rt_pool_window
/* Window arithmetic of MaxPool and AveragePool. */
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
//@end

//@section rt_pool_common needs rt_half
#define RT_POOL_ID(x) (x)

RT_HELPER double rt_pool_powabs(double v, double pw)
{
    v = fabs(v);
    return pw == 1 ? v : pw == 2 ? v * v : pow(v, pw);
}

RT_HELPER double rt_pool_root(double sum, double pw)
{
    return pw == 1 ? sum : pw == 2 ? sqrt(sum) : pow(sum, 1 / pw);
}

#define RT_MAXPOOL(name, T, TC, LOAD, STORE, LOWEST)                                                  \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        int64_t *ind = (int64_t *)t[2];                                                              \
        const int64_t outer = p[0], *in = p + 1, *out = p + 4, *ks = p + 7, *st = p + 10, *pb = p + 13; \
        const int64_t *dl = p + 19, order = p[22];                                                   \
        const int64_t isz = in[0] * in[1] * in[2];                                                   \
        RT_UNUSED(f);                                                                                \
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
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t outer = p[0], *in = p + 1, *out = p + 4, *ks = p + 7, *st = p + 10, *pb = p + 13; \
        const int64_t *pe = p + 16, *dl = p + 19, include_pad = p[22];                               \
        const int64_t isz = in[0] * in[1] * in[2];                                                   \
        RT_UNUSED(f);                                                                                \
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

/* Fast MaxPool / AveragePool for the common case, chosen at lowering time:
   at most 2 spatial dimensions (slot 0 of the 3-D geometry is trivial:
   in[0] = out[0] = kernel[0] = 1), dilation 1 everywhere and no Indices
   output. t = {x, y} (x: outer x H x W, y: outer x OH x OW), p and f as for
   rt_maxpool / rt_avgpool (slot 0 and the dilations are not read). The window
   of output (oh, ow) clamps to [max(0, s), min(in, s + kernel)) with
   s = o * stride - pad_begin, no divisions; the taps are visited in the same
   order with the same comparisons / sums as the generic kernels, so the
   results are identical (first maximum wins, NaN only when the first tap is
   NaN, empty window gives LOWEST / 0). */
#define RT_MAXPOOL2D(name, T, TC, LOAD, STORE, LOWEST)                                                \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t outer = p[0], H = p[2], W = p[3], OH = p[5], OW = p[6];                        \
        const int64_t KH = p[8], KW = p[9], SH = p[11], SW = p[12], PH = p[14], PW = p[15];          \
        RT_UNUSED(f);                                                                                \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * H * W;                                                             \
            for (int64_t oh = 0; oh < OH; oh++) {                                                    \
                const int64_t sh = oh * SH - PH;                                                     \
                const int64_t h0 = sh < 0 ? 0 : sh, h1 = sh + KH > H ? H : sh + KH;                  \
                for (int64_t ow = 0; ow < OW; ow++) {                                                \
                    const int64_t sw = ow * SW - PW;                                                 \
                    const int64_t w0 = sw < 0 ? 0 : sw, w1 = sw + KW > W ? W : sw + KW;              \
                    TC best = LOWEST;                                                                \
                    if (h0 < h1 && w0 < w1) {                                                        \
                        const T *r = xc + h0 * W;                                                    \
                        best = LOAD(r[w0]);                                                          \
                        if (w1 - w0 == 3) {                                                          \
                            for (int64_t h = h0; h < h1; h++, r += W) {                              \
                                TC v0 = LOAD(r[w0]), v1 = LOAD(r[w0 + 1]), v2 = LOAD(r[w0 + 2]);     \
                                if (v0 > best) best = v0;                                            \
                                if (v1 > best) best = v1;                                            \
                                if (v2 > best) best = v2;                                            \
                            }                                                                        \
                        } else {                                                                     \
                            for (int64_t h = h0; h < h1; h++, r += W)                                \
                                for (int64_t w = w0; w < w1; w++) {                                  \
                                    TC v = LOAD(r[w]);                                               \
                                    if (v > best) best = v;                                          \
                                }                                                                    \
                        }                                                                            \
                    }                                                                                \
                    *y++ = STORE(best);                                                              \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_AVGPOOL2D(name, T, LOAD, STORE)                                                            \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t outer = p[0], H = p[2], W = p[3], OH = p[5], OW = p[6];                        \
        const int64_t KH = p[8], KW = p[9], SH = p[11], SW = p[12], PH = p[14], PW = p[15];          \
        const int64_t EH = p[17], EW = p[18], include_pad = p[22];                                   \
        RT_UNUSED(f);                                                                                \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * H * W;                                                             \
            for (int64_t oh = 0; oh < OH; oh++) {                                                    \
                const int64_t sh = oh * SH - PH;                                                     \
                const int64_t h0 = sh < 0 ? 0 : sh, h1 = sh + KH > H ? H : sh + KH;                  \
                const int64_t q0 = sh < -PH ? -PH : sh, q1 = sh + KH > H + EH ? H + EH : sh + KH;    \
                const int64_t nh = h1 > h0 ? h1 - h0 : 0, qh = q1 > q0 ? q1 - q0 : 0;                \
                for (int64_t ow = 0; ow < OW; ow++) {                                                \
                    const int64_t sw = ow * SW - PW;                                                 \
                    const int64_t w0 = sw < 0 ? 0 : sw, w1 = sw + KW > W ? W : sw + KW;              \
                    const int64_t r0 = sw < -PW ? -PW : sw, r1 = sw + KW > W + EW ? W + EW : sw + KW; \
                    const int64_t nw = w1 > w0 ? w1 - w0 : 0, qw = r1 > r0 ? r1 - r0 : 0;            \
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
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t outer = p[0], inner = p[1];                                                    \
        RT_UNUSED(f);                                                                                \
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
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t outer = p[0], inner = p[1];                                                    \
        RT_UNUSED(f);                                                                                \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * inner;                                                             \
            double sum = 0;                                                                          \
            for (int64_t i = 0; i < inner; i++) sum += (double)LOAD(xc[i]);                          \
            y[c] = STORE(inner > 0 ? sum / (double)inner : 0.0);                                     \
        }                                                                                            \
    }

/* LpPool: (sum over the window of |x|^p)^(1/p); padding adds nothing.
   Same t and p as AveragePool (mode unused); f = {p}. */
#define RT_LPPOOL(name, T, LOAD, STORE)                                                               \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t outer = p[0], *in = p + 1, *out = p + 4, *ks = p + 7, *st = p + 10, *pb = p + 13; \
        const int64_t *dl = p + 19;                                                                  \
        const int64_t isz = in[0] * in[1] * in[2];                                                   \
        const double pw_ = (double)f[0];                                                             \
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

/* GlobalLpPool: t = {x, y}; p = {outer, inner}; f = {p}. */
#define RT_GLOBAL_LPPOOL(name, T, LOAD, STORE)                                                        \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t outer = p[0], inner = p[1];                                                    \
        const double pw_ = (double)f[0];                                                             \
        for (int64_t c = 0; c < outer; c++) {                                                        \
            const T *xc = x + c * inner;                                                             \
            double sum = 0;                                                                          \
            for (int64_t i = 0; i < inner; i++) sum += rt_pool_powabs((double)LOAD(xc[i]), pw_);     \
            y[c] = STORE(rt_pool_root(sum, pw_));                                                    \
        }                                                                                            \
    }

#define RT_POOL_F16_STORE(v) rt_f32_to_f16((float)(v))
#define RT_POOL_BF16_STORE(v) rt_f32_to_bf16((float)(v))
#define RT_POOL_F32_STORE(v) ((float)(v))
#define RT_POOL_F64_STORE(v) ((double)(v))
//@end

//@kernel rt_maxpool_f32 needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_f32, float, float, RT_POOL_ID, RT_POOL_F32_STORE, -INFINITY)
//@end
//@kernel rt_maxpool_f64 needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_f64, double, double, RT_POOL_ID, RT_POOL_F64_STORE, -INFINITY)
//@end
//@kernel rt_maxpool_f16 needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_f16, uint16_t, float, rt_f16_to_f32, RT_POOL_F16_STORE, -INFINITY)
//@end
//@kernel rt_maxpool_bf16 needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_bf16, uint16_t, float, rt_bf16_to_f32, RT_POOL_BF16_STORE, -INFINITY)
//@end
//@kernel rt_maxpool_i8 needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_i8, int8_t, int8_t, RT_POOL_ID, RT_POOL_ID, INT8_MIN)
//@end
//@kernel rt_maxpool_u8 needs rt_pool_window rt_pool_common
RT_MAXPOOL(rt_maxpool_u8, uint8_t, uint8_t, RT_POOL_ID, RT_POOL_ID, 0)
//@end

//@kernel rt_avgpool_f32 needs rt_pool_window rt_pool_common
RT_AVGPOOL(rt_avgpool_f32, float, RT_POOL_ID, RT_POOL_F32_STORE)
//@end
//@kernel rt_avgpool_f64 needs rt_pool_window rt_pool_common
RT_AVGPOOL(rt_avgpool_f64, double, RT_POOL_ID, RT_POOL_F64_STORE)
//@end
//@kernel rt_avgpool_f16 needs rt_pool_window rt_pool_common
RT_AVGPOOL(rt_avgpool_f16, uint16_t, rt_f16_to_f32, RT_POOL_F16_STORE)
//@end
//@kernel rt_avgpool_bf16 needs rt_pool_window rt_pool_common
RT_AVGPOOL(rt_avgpool_bf16, uint16_t, rt_bf16_to_f32, RT_POOL_BF16_STORE)
//@end

//@kernel rt_maxpool2d_f32 needs rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_f32, float, float, RT_POOL_ID, RT_POOL_F32_STORE, -INFINITY)
//@end
//@kernel rt_maxpool2d_f64 needs rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_f64, double, double, RT_POOL_ID, RT_POOL_F64_STORE, -INFINITY)
//@end
//@kernel rt_maxpool2d_f16 needs rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_f16, uint16_t, float, rt_f16_to_f32, RT_POOL_F16_STORE, -INFINITY)
//@end
//@kernel rt_maxpool2d_bf16 needs rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_bf16, uint16_t, float, rt_bf16_to_f32, RT_POOL_BF16_STORE, -INFINITY)
//@end
//@kernel rt_maxpool2d_i8 needs rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_i8, int8_t, int8_t, RT_POOL_ID, RT_POOL_ID, INT8_MIN)
//@end
//@kernel rt_maxpool2d_u8 needs rt_pool_common
RT_MAXPOOL2D(rt_maxpool2d_u8, uint8_t, uint8_t, RT_POOL_ID, RT_POOL_ID, 0)
//@end

//@kernel rt_avgpool2d_f32 needs rt_pool_common
RT_AVGPOOL2D(rt_avgpool2d_f32, float, RT_POOL_ID, RT_POOL_F32_STORE)
//@end
//@kernel rt_avgpool2d_f64 needs rt_pool_common
RT_AVGPOOL2D(rt_avgpool2d_f64, double, RT_POOL_ID, RT_POOL_F64_STORE)
//@end
//@kernel rt_avgpool2d_f16 needs rt_pool_common
RT_AVGPOOL2D(rt_avgpool2d_f16, uint16_t, rt_f16_to_f32, RT_POOL_F16_STORE)
//@end
//@kernel rt_avgpool2d_bf16 needs rt_pool_common
RT_AVGPOOL2D(rt_avgpool2d_bf16, uint16_t, rt_bf16_to_f32, RT_POOL_BF16_STORE)
//@end

//@kernel rt_global_maxpool_f32 needs rt_pool_common
RT_GLOBAL_MAXPOOL(rt_global_maxpool_f32, float, float, RT_POOL_ID, RT_POOL_F32_STORE, -INFINITY)
//@end
//@kernel rt_global_maxpool_f64 needs rt_pool_common
RT_GLOBAL_MAXPOOL(rt_global_maxpool_f64, double, double, RT_POOL_ID, RT_POOL_F64_STORE, -INFINITY)
//@end
//@kernel rt_global_maxpool_f16 needs rt_pool_common
RT_GLOBAL_MAXPOOL(rt_global_maxpool_f16, uint16_t, float, rt_f16_to_f32, RT_POOL_F16_STORE, -INFINITY)
//@end
//@kernel rt_global_maxpool_bf16 needs rt_pool_common
RT_GLOBAL_MAXPOOL(rt_global_maxpool_bf16, uint16_t, float, rt_bf16_to_f32, RT_POOL_BF16_STORE, -INFINITY)
//@end

//@kernel rt_global_avgpool_f32 needs rt_pool_common
RT_GLOBAL_AVGPOOL(rt_global_avgpool_f32, float, RT_POOL_ID, RT_POOL_F32_STORE)
//@end
//@kernel rt_global_avgpool_f64 needs rt_pool_common
RT_GLOBAL_AVGPOOL(rt_global_avgpool_f64, double, RT_POOL_ID, RT_POOL_F64_STORE)
//@end
//@kernel rt_global_avgpool_f16 needs rt_pool_common
RT_GLOBAL_AVGPOOL(rt_global_avgpool_f16, uint16_t, rt_f16_to_f32, RT_POOL_F16_STORE)
//@end
//@kernel rt_global_avgpool_bf16 needs rt_pool_common
RT_GLOBAL_AVGPOOL(rt_global_avgpool_bf16, uint16_t, rt_bf16_to_f32, RT_POOL_BF16_STORE)
//@end

//@kernel rt_lppool_f32 needs rt_pool_window rt_pool_common
RT_LPPOOL(rt_lppool_f32, float, RT_POOL_ID, RT_POOL_F32_STORE)
//@end
//@kernel rt_lppool_f64 needs rt_pool_window rt_pool_common
RT_LPPOOL(rt_lppool_f64, double, RT_POOL_ID, RT_POOL_F64_STORE)
//@end
//@kernel rt_lppool_f16 needs rt_pool_window rt_pool_common
RT_LPPOOL(rt_lppool_f16, uint16_t, rt_f16_to_f32, RT_POOL_F16_STORE)
//@end
//@kernel rt_lppool_bf16 needs rt_pool_window rt_pool_common
RT_LPPOOL(rt_lppool_bf16, uint16_t, rt_bf16_to_f32, RT_POOL_BF16_STORE)
//@end
//@kernel rt_global_lppool_f32 needs rt_pool_common
RT_GLOBAL_LPPOOL(rt_global_lppool_f32, float, RT_POOL_ID, RT_POOL_F32_STORE)
//@end
//@kernel rt_global_lppool_f64 needs rt_pool_common
RT_GLOBAL_LPPOOL(rt_global_lppool_f64, double, RT_POOL_ID, RT_POOL_F64_STORE)
//@end
//@kernel rt_global_lppool_f16 needs rt_pool_common
RT_GLOBAL_LPPOOL(rt_global_lppool_f16, uint16_t, rt_f16_to_f32, RT_POOL_F16_STORE)
//@end
//@kernel rt_global_lppool_bf16 needs rt_pool_common
RT_GLOBAL_LPPOOL(rt_global_lppool_bf16, uint16_t, rt_bf16_to_f32, RT_POOL_BF16_STORE)
//@end

/* MaxUnpool, by element size:
     t = {x, indices (int64), y}
     p = {count_in, rank, inferred[rank], y_strides[rank], count_out}
   indices are flat positions in the inferred unpooled shape (the shape
   without output_shape); that block sits at the start of every dimension
   of y, the rest of y is zero. Indices outside the inferred shape are
   skipped. */
//@section rt_maxunpool_macro
#define RT_MAXUNPOOL(name, T)                                                                         \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        const int64_t *ind = (const int64_t *)t[1];                                                  \
        T *y = (T *)t[2];                                                                            \
        const int64_t count_in = p[0];                                                               \
        const int rank = (int)p[1];                                                                  \
        const int64_t *inferred = p + 2, *ys = p + 2 + rank;                                         \
        const int64_t count_out = p[2 + 2 * rank];                                                   \
        int64_t total = 1;                                                                           \
        RT_UNUSED(f);                                                                                \
        for (int d = 0; d < rank; d++) total *= inferred[d];                                         \
        memset(y, 0, (size_t)count_out * sizeof(T));                                                 \
        for (int64_t k = 0; k < count_in; k++) {                                                     \
            int64_t idx = ind[k], off = 0;                                                           \
            if (idx < 0 || idx >= total) continue;                                                   \
            for (int d = rank - 1; d >= 0; d--) {                                                    \
                off += (idx % inferred[d]) * ys[d];                                                  \
                idx /= inferred[d];                                                                  \
            }                                                                                        \
            y[off] = x[k];                                                                           \
        }                                                                                            \
    }
//@end
//@kernel rt_maxunpool_x16 needs rt_maxunpool_macro
RT_MAXUNPOOL(rt_maxunpool_x16, uint16_t)
//@end
//@kernel rt_maxunpool_x32 needs rt_maxunpool_macro
RT_MAXUNPOOL(rt_maxunpool_x32, uint32_t)
//@end
//@kernel rt_maxunpool_x64 needs rt_maxunpool_macro
RT_MAXUNPOOL(rt_maxunpool_x64, uint64_t)
//@end
