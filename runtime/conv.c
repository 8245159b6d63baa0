/* Convolution kernels that need no matrix multiply: the shared geometry,
   im2col / col2im helpers (used by the sgemm-based kernels in gemm.c, which
   sorts after this file), a direct depthwise kernel for float, and direct
   reference loops for Conv / ConvTranspose in the other float types.

   Every conv kernel sees 1-D and 2-D convolutions as 3-D ones (missing
   leading spatial dims are 1, kernel 1, stride 1, dilation 1, pad 0) and
   takes the same integer parameters:
     p = {N, C, M, G, ID, IH, IW, OD, OH, OW, KD, KH, KW, SD, SH, SW,
          DD, DH, DW, PD, PH, PW, ...kernel-specific extras}
   N batch, C input channels, M output channels, G groups, I* input and O*
   output spatial sizes, K* kernel, S* strides, D* dilations, P* begin pads
   (end pads are implied by the output size). For ConvTranspose, "input" is
   X (C channels) and "output" is Y (M channels), with W of shape
   [C, M/G, K...]; for Conv, W is [M, C/G, K...]. */
#include "rt.h"

//@section rt_conv_geom
typedef struct rt_conv_geom {
    int64_t n, c, m, g;
    int64_t id, ih, iw, od, oh, ow, kd, kh, kw, sd, sh, sw, dd, dh, dw, pd, ph, pw;
} rt_conv_geom;

RT_HELPER rt_conv_geom rt_conv_unpack(const int64_t *p)
{
    rt_conv_geom g;
    g.n = p[0], g.c = p[1], g.m = p[2], g.g = p[3];
    g.id = p[4], g.ih = p[5], g.iw = p[6], g.od = p[7], g.oh = p[8], g.ow = p[9];
    g.kd = p[10], g.kh = p[11], g.kw = p[12], g.sd = p[13], g.sh = p[14], g.sw = p[15];
    g.dd = p[16], g.dh = p[17], g.dw = p[18], g.pd = p[19], g.ph = p[20], g.pw = p[21];
    return g;
}
//@end

//@section rt_conv_range needs rt_conv_geom
/* First output index o in [0, out) with 0 <= o*s - pad + k*dil, and one past
   the last with o*s - pad + k*dil < in: the outputs a kernel tap touches. */
RT_HELPER int64_t rt_conv_lo(int64_t pad, int64_t koff, int64_t s, int64_t out)
{
    int64_t num = pad - koff; /* need o*s >= num */
    int64_t o = num <= 0 ? 0 : (num + s - 1) / s;
    return o < out ? o : out;
}
RT_HELPER int64_t rt_conv_hi(int64_t pad, int64_t koff, int64_t s, int64_t in, int64_t out)
{
    int64_t num = in - 1 + pad - koff; /* need o*s <= num */
    if (num < 0) return 0;
    int64_t o = num / s + 1;
    return o < out ? o : out;
}
//@end

//@section rt_im2col_f32 needs rt_conv_range
/* col[r][j] for r = ((c*KD + kd)*KH + kh)*KW + kw over cg channels of x
   (x points at the group's first channel of one image) and j over output
   positions [col0, col0 + ncols) in (od, oh, ow) order. */
RT_HELPER void rt_im2col_f32(const float *x, const rt_conv_geom *g, int64_t cg, int64_t col0, int64_t ncols,
                                 float *col)
{
    int64_t isz = g->id * g->ih * g->iw, ohw = g->oh * g->ow;
    float *dst = col;
    for (int64_t c = 0; c < cg; c++)
        for (int64_t kd = 0; kd < g->kd; kd++)
            for (int64_t kh = 0; kh < g->kh; kh++)
                for (int64_t kw = 0; kw < g->kw; kw++) {
                    const float *xc = x + c * isz;
                    int64_t j = 0, o = col0;
                    int64_t ow_lo = rt_conv_lo(g->pw, kw * g->dw, g->sw, g->ow);
                    int64_t ow_hi = rt_conv_hi(g->pw, kw * g->dw, g->sw, g->iw, g->ow);
                    while (j < ncols) {
                        int64_t od = o / ohw, oh = (o / g->ow) % g->oh, ow0 = o % g->ow;
                        int64_t run = g->ow - ow0;
                        if (run > ncols - j) run = ncols - j;
                        int64_t id = od * g->sd - g->pd + kd * g->dd, ih = oh * g->sh - g->ph + kh * g->dh;
                        float *d = dst + j;
                        if (id < 0 || id >= g->id || ih < 0 || ih >= g->ih || ow_lo >= ow_hi) {
                            for (int64_t q = 0; q < run; q++) d[q] = 0.0f;
                        } else {
                            const float *xr = xc + (id * g->ih + ih) * g->iw;
                            int64_t off = kw * g->dw - g->pw;
                            int64_t a = ow_lo > ow0 ? ow_lo : ow0, b = ow_hi < ow0 + run ? ow_hi : ow0 + run;
                            int64_t q = ow0;
                            if (a > b) a = b;
                            for (; q < a; q++) d[q - ow0] = 0.0f;
                            if (g->sw == 1)
                                for (; q < b; q++) d[q - ow0] = xr[q + off];
                            else
                                for (; q < b; q++) d[q - ow0] = xr[q * g->sw + off];
                            for (; q < ow0 + run; q++) d[q - ow0] = 0.0f;
                        }
                        j += run;
                        o += run;
                    }
                    dst += ncols;
                }
}
//@end

//@section rt_col2im_f32 needs rt_conv_range
/* The reverse scatter for ConvTranspose: y (one group's mg channels of one
   image, spatial size OD*OH*OW) += col[r][i], r = ((m*KD + kd)*KH + kh)*KW + kw,
   i over the input positions (ID*IH*IW), where y position = i*S - P + k*D. */
RT_HELPER void rt_col2im_f32(const float *col, const rt_conv_geom *g, int64_t mg, float *y)
{
    int64_t osz = g->od * g->oh * g->ow, isz = g->id * g->ih * g->iw;
    const float *src = col;
    for (int64_t m = 0; m < mg; m++)
        for (int64_t kd = 0; kd < g->kd; kd++)
            for (int64_t kh = 0; kh < g->kh; kh++)
                for (int64_t kw = 0; kw < g->kw; kw++) {
                    float *ym = y + m * osz;
                    /* input positions i with 0 <= i*s - p + k*d < out */
                    int64_t id_lo = rt_conv_lo(g->pd, kd * g->dd, g->sd, g->id);
                    int64_t id_hi = rt_conv_hi(g->pd, kd * g->dd, g->sd, g->od, g->id);
                    int64_t ih_lo = rt_conv_lo(g->ph, kh * g->dh, g->sh, g->ih);
                    int64_t ih_hi = rt_conv_hi(g->ph, kh * g->dh, g->sh, g->oh, g->ih);
                    int64_t iw_lo = rt_conv_lo(g->pw, kw * g->dw, g->sw, g->iw);
                    int64_t iw_hi = rt_conv_hi(g->pw, kw * g->dw, g->sw, g->ow, g->iw);
                    for (int64_t id = id_lo; id < id_hi; id++)
                        for (int64_t ih = ih_lo; ih < ih_hi; ih++) {
                            int64_t od = id * g->sd - g->pd + kd * g->dd, oh = ih * g->sh - g->ph + kh * g->dh;
                            float *yr = ym + (od * g->oh + oh) * g->ow;
                            const float *sr = src + (id * g->ih + ih) * g->iw;
                            int64_t off = kw * g->dw - g->pw;
                            for (int64_t iw = iw_lo; iw < iw_hi; iw++) yr[iw * g->sw + off] += sr[iw];
                        }
                    src += isz;
                }
}
//@end

//@section rt_conv_dw3 needs rt_conv_range
/* One output row of a depthwise 3x3 conv (dilation 1, stride sw 1 or 2):
   yr[ow] = b0 + sum over the nr (0..3) valid input rows r[k] (weights
   wr[k][0..2]) and the in-bounds taps iw = ow*sw - pw + kw, kw = 0..2, added in
   (row, kw) order: the same order as the generic loops, so the results match.
   Columns [a, b) have all three taps in bounds (a straight loop the compiler
   vectorises over ow); the rest check each tap. */
RT_HELPER void rt_conv_dw3_row_f32(float *restrict yr, float b0, const float *const *r, const float *const *wr,
                                   int64_t nr, int64_t sw, int64_t pw, int64_t iw, int64_t ow, int64_t a,
                                   int64_t b)
{
    const float *r0 = r[0], *r1 = r[1], *r2 = r[2];
    float w00 = 0, w01 = 0, w02 = 0, w10 = 0, w11 = 0, w12 = 0, w20 = 0, w21 = 0, w22 = 0;
    if (nr > 0) w00 = wr[0][0], w01 = wr[0][1], w02 = wr[0][2];
    if (nr > 1) w10 = wr[1][0], w11 = wr[1][1], w12 = wr[1][2];
    if (nr > 2) w20 = wr[2][0], w21 = wr[2][1], w22 = wr[2][2];
    /* the border columns, tap by tap */
    for (int64_t o = 0; o < ow; o++) {
        if (o == a) o = b;
        if (o >= ow) break;
        float acc = b0;
        int64_t i = o * sw - pw;
#define RT_DW3_TAP(rk, wk, kw) \
    if (i + (kw) >= 0 && i + (kw) < iw) acc += (wk) * (rk)[i + (kw)]
        if (nr > 0) { RT_DW3_TAP(r0, w00, 0); RT_DW3_TAP(r0, w01, 1); RT_DW3_TAP(r0, w02, 2); }
        if (nr > 1) { RT_DW3_TAP(r1, w10, 0); RT_DW3_TAP(r1, w11, 1); RT_DW3_TAP(r1, w12, 2); }
        if (nr > 2) { RT_DW3_TAP(r2, w20, 0); RT_DW3_TAP(r2, w21, 1); RT_DW3_TAP(r2, w22, 2); }
#undef RT_DW3_TAP
        yr[o] = acc;
    }
    /* the interior: i = o*sw - pw >= 0 and i + 2 < iw */
#define RT_DW3_LOOP(S, BODY)                                                                      \
    for (int64_t o = a; o < b; o++) {                                                             \
        int64_t i = o * (S) - pw;                                                                 \
        float acc = b0;                                                                           \
        BODY;                                                                                     \
        yr[o] = acc;                                                                              \
    }
#define RT_DW3_R0 acc += w00 * r0[i], acc += w01 * r0[i + 1], acc += w02 * r0[i + 2]
#define RT_DW3_R1 acc += w10 * r1[i], acc += w11 * r1[i + 1], acc += w12 * r1[i + 2]
#define RT_DW3_R2 acc += w20 * r2[i], acc += w21 * r2[i + 1], acc += w22 * r2[i + 2]
    if (sw == 1) {
        if (nr == 3) RT_DW3_LOOP(1, (RT_DW3_R0, RT_DW3_R1, RT_DW3_R2))
        else if (nr == 2) RT_DW3_LOOP(1, (RT_DW3_R0, RT_DW3_R1))
        else if (nr == 1) RT_DW3_LOOP(1, RT_DW3_R0)
        else RT_DW3_LOOP(1, (void)i)
    } else {
        if (nr == 3) RT_DW3_LOOP(2, (RT_DW3_R0, RT_DW3_R1, RT_DW3_R2))
        else if (nr == 2) RT_DW3_LOOP(2, (RT_DW3_R0, RT_DW3_R1))
        else if (nr == 1) RT_DW3_LOOP(2, RT_DW3_R0)
        else RT_DW3_LOOP(2, (void)i)
    }
#undef RT_DW3_LOOP
#undef RT_DW3_R0
#undef RT_DW3_R1
#undef RT_DW3_R2
}
//@end

//@kernel rt_conv_depthwise_f32 needs rt_conv_range rt_conv_dw3
/* Depthwise Conv (G == C == M), direct loops; 3x3 kernels (dilation 1,
   width stride 1 or 2) go row by row through rt_conv_dw3_row_f32.
   t = {x [N,C,ID,IH,IW], w [C,1,KD,KH,KW], bias [C] or NULL, y [N,C,OD,OH,OW]};
   p = conv geometry (see the top of runtime/conv.c). */
RT_KERNEL(rt_conv_depthwise_f32)
{
    const float *x = (const float *)t[0], *w = (const float *)t[1], *bias = (const float *)t[2];
    float *y = (float *)t[3];
    rt_conv_geom g = rt_conv_unpack(p);
    int64_t isz = g.id * g.ih * g.iw, osz = g.od * g.oh * g.ow, ksz = g.kd * g.kh * g.kw;
    RT_UNUSED(f);
    if (g.kd == 1 && g.kh == 3 && g.kw == 3 && g.dh == 1 && g.dw == 1 && (g.sw == 1 || g.sw == 2)) {
        /* 3x3: row by row, the valid taps found once per row */
        int64_t a = rt_conv_lo(g.pw, 0, g.sw, g.ow), b = rt_conv_hi(g.pw, 2, g.sw, g.iw, g.ow);
        if (b < a) b = a;
        int flat_ok = g.sh == 1 && g.sw == 1 && g.ph == 1 && g.pw == 1 && g.ih == g.oh && g.iw == g.ow && g.ih >= 3 &&
                      g.iw >= 3;
        for (int64_t n = 0; n < g.n; n++)
            for (int64_t c = 0; c < g.c; c++) {
                const float *xc = x + (n * g.c + c) * isz, *wc = w + c * ksz;
                float *yc = y + (n * g.c + c) * osz;
                float b0 = bias ? bias[c] : 0.0f;
                for (int64_t od = 0; od < g.od; od++) {
                    int64_t id = od * g.sd - g.pd;
                    /* Stride 1, pad 1, same size: the rows with all three input
                       rows in bounds (1 .. OH-2) are one flat run over the plane,
                       so short rows vectorise too (output j reads x[j - iw - 1 ..
                       j + iw + 1]); their first and last columns, wrong in that
                       run, are redone after it. The row code does rows 0, OH-1. */
                    int flat = flat_ok && id >= 0 && id < g.id;
                    if (flat) {
                        const float *xp = xc + id * g.ih * g.iw;
                        float *yp = yc + od * g.oh * g.ow;
                        int64_t W = g.iw;
                        float w00 = wc[0], w01 = wc[1], w02 = wc[2], w10 = wc[3], w11 = wc[4], w12 = wc[5];
                        float w20 = wc[6], w21 = wc[7], w22 = wc[8];
                        for (int64_t j = W + 1; j < (g.oh - 1) * W - 1; j++) {
                            float acc = b0;
                            acc += w00 * xp[j - W - 1], acc += w01 * xp[j - W], acc += w02 * xp[j - W + 1];
                            acc += w10 * xp[j - 1], acc += w11 * xp[j], acc += w12 * xp[j + 1];
                            acc += w20 * xp[j + W - 1], acc += w21 * xp[j + W], acc += w22 * xp[j + W + 1];
                            yp[j] = acc;
                        }
                        /* the first and last column of those rows, in the same order */
                        for (int64_t oh = 1; oh < g.oh - 1; oh++) {
                            int64_t j = oh * W, e = j + W - 1;
                            float acc = b0;
                            acc += w01 * xp[j - W], acc += w02 * xp[j - W + 1];
                            acc += w11 * xp[j], acc += w12 * xp[j + 1];
                            acc += w21 * xp[j + W], acc += w22 * xp[j + W + 1];
                            yp[j] = acc;
                            acc = b0;
                            acc += w00 * xp[e - W - 1], acc += w01 * xp[e - W];
                            acc += w10 * xp[e - 1], acc += w11 * xp[e];
                            acc += w20 * xp[e + W - 1], acc += w21 * xp[e + W];
                            yp[e] = acc;
                        }
                    }
                    for (int64_t oh = 0; oh < g.oh; oh++) {
                        if (flat && oh > 0 && oh < g.oh - 1) continue; /* done above */
                        const float *rows[3] = {xc, xc, xc}, *wrs[3] = {wc, wc, wc};
                        int64_t nr = 0;
                        for (int64_t kh = 0; kh < 3 && id >= 0 && id < g.id; kh++) {
                            int64_t ih = oh * g.sh - g.ph + kh;
                            if (ih < 0 || ih >= g.ih) continue;
                            rows[nr] = xc + (id * g.ih + ih) * g.iw;
                            wrs[nr++] = wc + kh * 3;
                        }
                        rt_conv_dw3_row_f32(yc + (od * g.oh + oh) * g.ow, b0, rows, wrs, nr, g.sw, g.pw, g.iw,
                                            g.ow, a, b);
                    }
                }
            }
        return;
    }
    for (int64_t n = 0; n < g.n; n++)
        for (int64_t c = 0; c < g.c; c++) {
            const float *xc = x + (n * g.c + c) * isz, *wc = w + c * ksz;
            float *yc = y + (n * g.c + c) * osz;
            float b0 = bias ? bias[c] : 0.0f;
            for (int64_t i = 0; i < osz; i++) yc[i] = b0;
            for (int64_t od = 0; od < g.od; od++)
                for (int64_t oh = 0; oh < g.oh; oh++) {
                    float *yr = yc + (od * g.oh + oh) * g.ow;
                    for (int64_t kd = 0; kd < g.kd; kd++) {
                        int64_t id = od * g.sd - g.pd + kd * g.dd;
                        if (id < 0 || id >= g.id) continue;
                        for (int64_t kh = 0; kh < g.kh; kh++) {
                            int64_t ih = oh * g.sh - g.ph + kh * g.dh;
                            if (ih < 0 || ih >= g.ih) continue;
                            for (int64_t kw = 0; kw < g.kw; kw++) {
                                float wv = wc[(kd * g.kh + kh) * g.kw + kw];
                                int64_t lo = rt_conv_lo(g.pw, kw * g.dw, g.sw, g.ow);
                                int64_t hi = rt_conv_hi(g.pw, kw * g.dw, g.sw, g.iw, g.ow);
                                const float *xr = xc + (id * g.ih + ih) * g.iw;
                                int64_t off = kw * g.dw - g.pw;
                                if (g.sw == 1)
                                    for (int64_t ow = lo; ow < hi; ow++) yr[ow] += wv * xr[ow + off];
                                else
                                    for (int64_t ow = lo; ow < hi; ow++) yr[ow] += wv * xr[ow * g.sw + off];
                            }
                        }
                    }
                }
        }
}
//@end

//@section rt_conv_direct_macros needs rt_conv_geom
#define RT_LOAD_ID(x) (x)
/* Direct Conv, any group: t = {x, w [M, C/G, K...], bias [M] or NULL, y};
   p = conv geometry. Accumulates in ACC. */
#define RT_CONV_DIRECT(name, T, ACC, LOAD, STORE)                                                   \
    RT_KERNEL(name)                                                                               \
    {                                                                                             \
        const T *x = (const T *)t[0], *w = (const T *)t[1], *bias = (const T *)t[2];              \
        T *y = (T *)t[3];                                                                         \
        rt_conv_geom g = rt_conv_unpack(p);                                                       \
        int64_t cg = g.c / g.g, mg = g.m / g.g, isz = g.id * g.ih * g.iw;                         \
        int64_t ksz = g.kd * g.kh * g.kw;                                                         \
        RT_UNUSED(f);                                                                             \
        for (int64_t n = 0; n < g.n; n++)                                                         \
            for (int64_t m = 0; m < g.m; m++) {                                                   \
                int64_t c0 = (m / mg) * cg;                                                       \
                for (int64_t od = 0; od < g.od; od++)                                             \
                    for (int64_t oh = 0; oh < g.oh; oh++)                                         \
                        for (int64_t ow = 0; ow < g.ow; ow++) {                                   \
                            ACC acc = bias ? (ACC)LOAD(bias[m]) : (ACC)0;                         \
                            for (int64_t c = 0; c < cg; c++)                                      \
                                for (int64_t kd = 0; kd < g.kd; kd++) {                           \
                                    int64_t id = od * g.sd - g.pd + kd * g.dd;                    \
                                    if (id < 0 || id >= g.id) continue;                           \
                                    for (int64_t kh = 0; kh < g.kh; kh++) {                       \
                                        int64_t ih = oh * g.sh - g.ph + kh * g.dh;                \
                                        if (ih < 0 || ih >= g.ih) continue;                       \
                                        for (int64_t kw = 0; kw < g.kw; kw++) {                   \
                                            int64_t iw = ow * g.sw - g.pw + kw * g.dw;            \
                                            if (iw < 0 || iw >= g.iw) continue;                   \
                                            acc += (ACC)LOAD(x[(n * g.c + c0 + c) * isz +         \
                                                               (id * g.ih + ih) * g.iw + iw]) *   \
                                                   (ACC)LOAD(w[(m * cg + c) * ksz +               \
                                                               (kd * g.kh + kh) * g.kw + kw]);    \
                                        }                                                         \
                                    }                                                             \
                                }                                                                 \
                            y[((n * g.m + m) * g.od + od) * g.oh * g.ow + oh * g.ow + ow] =       \
                                STORE(acc);                                                       \
                        }                                                                         \
            }                                                                                     \
    }

/* Direct ConvTranspose (gather form): t = {x [N,C,I...], w [C, M/G, K...],
   bias [M] or NULL, y [N,M,O...]}; p = conv geometry. */
#define RT_CONV_TRANSPOSE_DIRECT(name, T, ACC, LOAD, STORE)                                         \
    RT_KERNEL(name)                                                                               \
    {                                                                                             \
        const T *x = (const T *)t[0], *w = (const T *)t[1], *bias = (const T *)t[2];              \
        T *y = (T *)t[3];                                                                         \
        rt_conv_geom g = rt_conv_unpack(p);                                                       \
        int64_t cg = g.c / g.g, mg = g.m / g.g, isz = g.id * g.ih * g.iw;                         \
        int64_t ksz = g.kd * g.kh * g.kw;                                                         \
        RT_UNUSED(f);                                                                             \
        for (int64_t n = 0; n < g.n; n++)                                                         \
            for (int64_t m = 0; m < g.m; m++) {                                                   \
                int64_t grp = m / mg, mi = m % mg;                                                \
                for (int64_t od = 0; od < g.od; od++)                                             \
                    for (int64_t oh = 0; oh < g.oh; oh++)                                         \
                        for (int64_t ow = 0; ow < g.ow; ow++) {                                   \
                            ACC acc = bias ? (ACC)LOAD(bias[m]) : (ACC)0;                         \
                            for (int64_t c = 0; c < cg; c++)                                      \
                                for (int64_t kd = 0; kd < g.kd; kd++) {                           \
                                    int64_t td = od + g.pd - kd * g.dd;                           \
                                    if (td < 0 || td % g.sd || td / g.sd >= g.id) continue;       \
                                    for (int64_t kh = 0; kh < g.kh; kh++) {                       \
                                        int64_t th = oh + g.ph - kh * g.dh;                       \
                                        if (th < 0 || th % g.sh || th / g.sh >= g.ih) continue;   \
                                        for (int64_t kw = 0; kw < g.kw; kw++) {                   \
                                            int64_t tw = ow + g.pw - kw * g.dw;                   \
                                            if (tw < 0 || tw % g.sw || tw / g.sw >= g.iw)         \
                                                continue;                                         \
                                            int64_t ci = grp * cg + c;                            \
                                            acc += (ACC)LOAD(x[(n * g.c + ci) * isz +             \
                                                               ((td / g.sd) * g.ih + th / g.sh) * \
                                                                   g.iw + tw / g.sw]) *           \
                                                   (ACC)LOAD(w[(ci * mg + mi) * ksz +             \
                                                               (kd * g.kh + kh) * g.kw + kw]);    \
                                        }                                                         \
                                    }                                                             \
                                }                                                                 \
                            y[((n * g.m + m) * g.od + od) * g.oh * g.ow + oh * g.ow + ow] =       \
                                STORE(acc);                                                       \
                        }                                                                         \
            }                                                                                     \
    }
//@end

//@kernel rt_conv_f64 needs rt_conv_direct_macros
RT_CONV_DIRECT(rt_conv_f64, double, double, RT_LOAD_ID, RT_LOAD_ID)
//@end
//@kernel rt_conv_f16 needs rt_conv_direct_macros rt_half
RT_CONV_DIRECT(rt_conv_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_conv_bf16 needs rt_conv_direct_macros rt_half
RT_CONV_DIRECT(rt_conv_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
//@kernel rt_conv_ref_f32 needs rt_conv_direct_macros
RT_CONV_DIRECT(rt_conv_ref_f32, float, float, RT_LOAD_ID, RT_LOAD_ID)
//@end
//@kernel rt_conv_transpose_f64 needs rt_conv_direct_macros
RT_CONV_TRANSPOSE_DIRECT(rt_conv_transpose_f64, double, double, RT_LOAD_ID, RT_LOAD_ID)
//@end
//@kernel rt_conv_transpose_f16 needs rt_conv_direct_macros rt_half
RT_CONV_TRANSPOSE_DIRECT(rt_conv_transpose_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_conv_transpose_bf16 needs rt_conv_direct_macros rt_half
RT_CONV_TRANSPOSE_DIRECT(rt_conv_transpose_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
//@kernel rt_conv_transpose_ref_f32 needs rt_conv_direct_macros
RT_CONV_TRANSPOSE_DIRECT(rt_conv_transpose_ref_f32, float, float, RT_LOAD_ID, RT_LOAD_ID)
//@end
