/* Convolution kernels that need no matrix multiply: the range helpers and
   col2im (used by the sgemm-based kernels in gemm.c, which sorts after this
   file), a direct depthwise kernel for float, and direct
   reference loops for Conv / ConvTranspose in the other float types.

   Every kernel takes rt_conv_params (runtime/conv.h: 1-D and 2-D convs as
   3-D ones) and the tensors x, w, bias (NULL when absent), y. For Conv, w is
   [out_channels, in_channels/groups, K...]; for ConvTranspose, x has the
   in_channels and y the out_channels, w is [in_channels,
   out_channels/groups, K...]. */
#include "conv.h"
#include "epilogue.h"
#include "parallel.h"

//@section rt_conv_range
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

//@section rt_col2im_f32 needs rt_conv_range rt_conv_params
/* The reverse scatter for ConvTranspose: y (one group's mg channels of one
   image, spatial size OD*OH*OW) += col[r][i], r = ((m*KD + kd)*KH + kh)*KW + kw,
   i over the input positions (ID*IH*IW), where y position = i*S - P + k*D. */
RT_HELPER void rt_col2im_f32(const float *col, const rt_conv_params *g, int64_t mg, float *y)
{
    int64_t in_h = g->in_h, in_w = g->in_w, out_h = g->out_h, out_w = g->out_w, sw = g->stride_w;
    int64_t osz = g->out_d * out_h * out_w, isz = g->in_d * in_h * in_w;
    const float *src = col;
    for (int64_t m = 0; m < mg; m++)
        for (int64_t kd = 0; kd < g->kernel_d; kd++)
            for (int64_t kh = 0; kh < g->kernel_h; kh++)
                for (int64_t kw = 0; kw < g->kernel_w; kw++) {
                    float *ym = y + m * osz;
                    int64_t kd_off = kd * g->dilation_d, kh_off = kh * g->dilation_h, kw_off = kw * g->dilation_w;
                    /* input positions i with 0 <= i*s - p + k*d < out */
                    int64_t id_lo = rt_conv_lo(g->pad_front, kd_off, g->stride_d, g->in_d);
                    int64_t id_hi = rt_conv_hi(g->pad_front, kd_off, g->stride_d, g->out_d, g->in_d);
                    int64_t ih_lo = rt_conv_lo(g->pad_top, kh_off, g->stride_h, in_h);
                    int64_t ih_hi = rt_conv_hi(g->pad_top, kh_off, g->stride_h, out_h, in_h);
                    int64_t iw_lo = rt_conv_lo(g->pad_left, kw_off, sw, in_w);
                    int64_t iw_hi = rt_conv_hi(g->pad_left, kw_off, sw, out_w, in_w);
                    int64_t off = kw_off - g->pad_left;
                    for (int64_t id = id_lo; id < id_hi; id++)
                        for (int64_t ih = ih_lo; ih < ih_hi; ih++) {
                            int64_t od = id * g->stride_d - g->pad_front + kd_off;
                            int64_t oh = ih * g->stride_h - g->pad_top + kh_off;
                            float *yr = ym + (od * out_h + oh) * out_w;
                            const float *sr = src + (id * in_h + ih) * in_w;
                            for (int64_t iw = iw_lo; iw < iw_hi; iw++) yr[iw * sw + off] += sr[iw];
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

//@section rt_conv_depthwise_parts needs rt_conv_dw3 rt_conv_params
/* Depthwise 3x3, stride 1, pad 1, same size, one plane xp -> yp (W wide,
   OH rows): the rows with all three input rows in bounds (1 .. OH-2) are
   one flat run over the plane, so short rows vectorise too (output j reads
   x[j - W - 1 .. j + W + 1]); their first and last columns, wrong in that
   run, are redone after it, in the same tap order. Rows 0 and OH-1 are left
   to the row code. */
RT_HELPER void rt_conv_dw3_flat_f32(const float *xp, const float *wc, float b0, float *yp, int64_t out_h, int64_t W)
{
    float w00 = wc[0], w01 = wc[1], w02 = wc[2], w10 = wc[3], w11 = wc[4], w12 = wc[5];
    float w20 = wc[6], w21 = wc[7], w22 = wc[8];
    for (int64_t j = W + 1; j < (out_h - 1) * W - 1; j++) {
        float acc = b0;
        acc += w00 * xp[j - W - 1], acc += w01 * xp[j - W], acc += w02 * xp[j - W + 1];
        acc += w10 * xp[j - 1], acc += w11 * xp[j], acc += w12 * xp[j + 1];
        acc += w20 * xp[j + W - 1], acc += w21 * xp[j + W], acc += w22 * xp[j + W + 1];
        yp[j] = acc;
    }
    for (int64_t oh = 1; oh < out_h - 1; oh++) {
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

/* Depthwise 3x3 (kernel_d 1, dilation 1, stride_w 1 or 2): row by row, the
   valid taps found once per row (rt_conv_dw3_row_f32), with the flat run
   above where it applies. */
RT_HELPER void rt_conv_dw3_f32(const rt_conv_params *p, const float *x, const float *w, const float *bias, float *y)
{
    const rt_conv_params g = *p;
    int64_t isz = g.in_d * g.in_h * g.in_w, osz = g.out_d * g.out_h * g.out_w;
    int64_t a = rt_conv_lo(g.pad_left, 0, g.stride_w, g.out_w);
    int64_t b = rt_conv_hi(g.pad_left, 2, g.stride_w, g.in_w, g.out_w);
    if (b < a) b = a;
    int flat_ok = g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 1 && g.pad_left == 1 && g.in_h == g.out_h &&
                  g.in_w == g.out_w && g.in_h >= 3 && g.in_w >= 3;
    for (int64_t n = 0; n < g.batch; n++)
        for (int64_t c = 0; c < g.in_channels; c++) {
            const float *xc = x + (n * g.in_channels + c) * isz, *wc = w + c * 9;
            float *yc = y + (n * g.in_channels + c) * osz;
            float b0 = bias ? bias[c] : 0.0f;
            for (int64_t od = 0; od < g.out_d; od++) {
                int64_t id = od * g.stride_d - g.pad_front;
                int flat = flat_ok && id >= 0 && id < g.in_d;
                if (flat)
                    rt_conv_dw3_flat_f32(xc + id * g.in_h * g.in_w, wc, b0, yc + od * g.out_h * g.out_w, g.out_h,
                                         g.in_w);
                for (int64_t oh = 0; oh < g.out_h; oh++) {
                    if (flat && oh > 0 && oh < g.out_h - 1) continue; /* done above */
                    const float *rows[3] = {xc, xc, xc}, *wrs[3] = {wc, wc, wc};
                    int64_t nr = 0;
                    for (int64_t kh = 0; kh < 3 && id >= 0 && id < g.in_d; kh++) {
                        int64_t ih = oh * g.stride_h - g.pad_top + kh;
                        if (ih < 0 || ih >= g.in_h) continue;
                        rows[nr] = xc + (id * g.in_h + ih) * g.in_w;
                        wrs[nr++] = wc + kh * 3;
                    }
                    rt_conv_dw3_row_f32(yc + (od * g.out_h + oh) * g.out_w, b0, rows, wrs, nr, g.stride_w, g.pad_left,
                                        g.in_w, g.out_w, a, b);
                }
            }
        }
}

/* Depthwise, any kernel: per output row, kernel tap by tap over the valid
   output columns. */
RT_HELPER void rt_conv_dw_any_f32(const rt_conv_params *p, const float *x, const float *w, const float *bias, float *y)
{
    const rt_conv_params g = *p;
    int64_t isz = g.in_d * g.in_h * g.in_w, osz = g.out_d * g.out_h * g.out_w;
    int64_t ksz = g.kernel_d * g.kernel_h * g.kernel_w, sw = g.stride_w;
    for (int64_t n = 0; n < g.batch; n++)
        for (int64_t c = 0; c < g.in_channels; c++) {
            const float *xc = x + (n * g.in_channels + c) * isz, *wc = w + c * ksz;
            float *yc = y + (n * g.in_channels + c) * osz;
            float b0 = bias ? bias[c] : 0.0f;
            for (int64_t i = 0; i < osz; i++) yc[i] = b0;
            for (int64_t od = 0; od < g.out_d; od++)
                for (int64_t oh = 0; oh < g.out_h; oh++) {
                    float *yr = yc + (od * g.out_h + oh) * g.out_w;
                    for (int64_t kd = 0; kd < g.kernel_d; kd++) {
                        int64_t id = od * g.stride_d - g.pad_front + kd * g.dilation_d;
                        if (id < 0 || id >= g.in_d) continue;
                        for (int64_t kh = 0; kh < g.kernel_h; kh++) {
                            int64_t ih = oh * g.stride_h - g.pad_top + kh * g.dilation_h;
                            if (ih < 0 || ih >= g.in_h) continue;
                            const float *xr = xc + (id * g.in_h + ih) * g.in_w;
                            for (int64_t kw = 0; kw < g.kernel_w; kw++) {
                                float wv = wc[(kd * g.kernel_h + kh) * g.kernel_w + kw];
                                int64_t lo = rt_conv_lo(g.pad_left, kw * g.dilation_w, sw, g.out_w);
                                int64_t hi = rt_conv_hi(g.pad_left, kw * g.dilation_w, sw, g.in_w, g.out_w);
                                int64_t off = kw * g.dilation_w - g.pad_left;
                                if (sw == 1)
                                    for (int64_t ow = lo; ow < hi; ow++) yr[ow] += wv * xr[ow + off];
                                else
                                    for (int64_t ow = lo; ow < hi; ow++) yr[ow] += wv * xr[ow * sw + off];
                            }
                        }
                    }
                }
        }
}
//@end

//@section rt_conv_depthwise_task needs rt_conv_depthwise_parts rt_epilogue rt_parallel
/* One channel plane of a depthwise Conv, with its epilogue (residual,
   activation) applied right after, while the plane is in cache. */
typedef struct rt_conv_depthwise_job {
    rt_conv_params one;                     /* the conv of one plane: batch, channels and groups 1 */
    const float *x, *w, *bias, *residual;
    float *y;
    int64_t channels, activation;
    float alpha, beta;
} rt_conv_depthwise_job;

static void rt_conv_depthwise_task(void *ctx, int64_t plane, int thread)
{
    const rt_conv_depthwise_job *j = (const rt_conv_depthwise_job *)ctx;
    const rt_conv_params *p = &j->one;
    int64_t isz = p->in_d * p->in_h * p->in_w, osz = p->out_d * p->out_h * p->out_w;
    int64_t c = plane % j->channels, ksz = p->kernel_d * p->kernel_h * p->kernel_w;
    const float *xc = j->x + plane * isz, *wc = j->w + c * ksz, *bc = j->bias ? j->bias + c : NULL;
    float *yc = j->y + plane * osz;
    (void)thread;
    if (p->kernel_d == 1 && p->kernel_h == 3 && p->kernel_w == 3 && p->dilation_h == 1 && p->dilation_w == 1 &&
        (p->stride_w == 1 || p->stride_w == 2))
        rt_conv_dw3_f32(p, xc, wc, bc, yc);
    else
        rt_conv_dw_any_f32(p, xc, wc, bc, yc);
    rt_epilogue e = {.residual = j->residual ? j->residual + plane * osz : NULL, .residual_row_stride = osz,
                     .activation = j->activation, .alpha = j->alpha, .beta = j->beta};
    if (rt_epilogue_or_null(&e)) rt_epilogue_apply_f32(&e, yc, osz, 1, osz, 0, 0);
}
//@end

//@kernel rt_conv_depthwise_f32(rt_conv_params, x, w, bias, residual, y) needs rt_conv_depthwise_task
/* Depthwise Conv (groups == in_channels == out_channels), direct loops, one
   task per channel plane (rt_conv_depthwise_task): x [N,C,ID,IH,IW],
   w [C,1,KD,KH,KW], bias [C] or NULL, residual as y or NULL, y [N,C,OD,OH,OW]. */
static void rt_conv_depthwise_f32(const rt_conv_params *p, const float *x, const float *w, const float *bias,
                                  const float *residual, float *y)
{
    rt_conv_depthwise_job j = {*p, x, w, bias, residual, y, p->in_channels, p->activation, p->activation_alpha,
                               p->activation_beta};
    j.one.batch = j.one.in_channels = j.one.out_channels = j.one.groups = 1;
    rt_parallel_for(p->batch * p->in_channels, rt_conv_depthwise_task, &j);
}
//@end

//@section rt_conv_direct_macros needs rt_conv_params
/* Direct Conv, any group, accumulating in ACC: the kernel NAME for element
   type T (LOAD / STORE convert to and from ACC). */
#define RT_CONV_DIRECT(NAME, T, ACC, LOAD, STORE)                                                               \
    static void NAME(const rt_conv_params *p, const T *x, const T *w, const T *bias, T *y)                      \
    {                                                                                                           \
        const rt_conv_params g = *p;                                                                            \
        int64_t cg = g.in_channels / g.groups, mg = g.out_channels / g.groups;                                  \
        int64_t isz = g.in_d * g.in_h * g.in_w, ksz = g.kernel_d * g.kernel_h * g.kernel_w;                     \
        for (int64_t n = 0; n < g.batch; n++)                                                                   \
            for (int64_t m = 0; m < g.out_channels; m++) {                                                      \
                const T *xg = x + (n * g.in_channels + (m / mg) * cg) * isz;                                    \
                T *ym = y + (n * g.out_channels + m) * g.out_d * g.out_h * g.out_w;                             \
                for (int64_t od = 0; od < g.out_d; od++)                                                        \
                    for (int64_t oh = 0; oh < g.out_h; oh++)                                                    \
                        for (int64_t ow = 0; ow < g.out_w; ow++) {                                              \
                            ACC acc = bias ? (ACC)LOAD(bias[m]) : (ACC)0;                                       \
                            for (int64_t c = 0; c < cg; c++)                                                    \
                                for (int64_t kd = 0; kd < g.kernel_d; kd++) {                                   \
                                    int64_t id = od * g.stride_d - g.pad_front + kd * g.dilation_d;             \
                                    if (id < 0 || id >= g.in_d) continue;                                       \
                                    for (int64_t kh = 0; kh < g.kernel_h; kh++) {                               \
                                        int64_t ih = oh * g.stride_h - g.pad_top + kh * g.dilation_h;           \
                                        if (ih < 0 || ih >= g.in_h) continue;                                   \
                                        for (int64_t kw = 0; kw < g.kernel_w; kw++) {                           \
                                            int64_t iw = ow * g.stride_w - g.pad_left + kw * g.dilation_w;      \
                                            if (iw < 0 || iw >= g.in_w) continue;                               \
                                            acc += (ACC)LOAD(xg[c * isz + (id * g.in_h + ih) * g.in_w + iw]) *  \
                                                   (ACC)LOAD(w[(m * cg + c) * ksz +                             \
                                                               (kd * g.kernel_h + kh) * g.kernel_w + kw]);      \
                                        }                                                                       \
                                    }                                                                           \
                                }                                                                               \
                            ym[(od * g.out_h + oh) * g.out_w + ow] = STORE(acc);                                \
                        }                                                                                       \
            }                                                                                                   \
    }

/* Direct ConvTranspose (gather form), likewise: x [N,C,I...],
   w [C, M/G, K...], bias [M] or NULL, y [N,M,O...]. */
#define RT_CONV_TRANSPOSE_DIRECT(NAME, T, ACC, LOAD, STORE)                                                     \
    static void NAME(const rt_conv_params *p, const T *x, const T *w, const T *bias, T *y)                      \
    {                                                                                                           \
        const rt_conv_params g = *p;                                                                            \
        int64_t cg = g.in_channels / g.groups, mg = g.out_channels / g.groups;                                  \
        int64_t isz = g.in_d * g.in_h * g.in_w, ksz = g.kernel_d * g.kernel_h * g.kernel_w;                     \
        for (int64_t n = 0; n < g.batch; n++)                                                                   \
            for (int64_t m = 0; m < g.out_channels; m++) {                                                      \
                int64_t grp = m / mg, mi = m % mg;                                                              \
                T *ym = y + (n * g.out_channels + m) * g.out_d * g.out_h * g.out_w;                             \
                for (int64_t od = 0; od < g.out_d; od++)                                                        \
                    for (int64_t oh = 0; oh < g.out_h; oh++)                                                    \
                        for (int64_t ow = 0; ow < g.out_w; ow++) {                                              \
                            ACC acc = bias ? (ACC)LOAD(bias[m]) : (ACC)0;                                       \
                            for (int64_t c = 0; c < cg; c++)                                                    \
                                for (int64_t kd = 0; kd < g.kernel_d; kd++) {                                   \
                                    int64_t td = od + g.pad_front - kd * g.dilation_d;                          \
                                    if (td < 0 || td % g.stride_d || td / g.stride_d >= g.in_d) continue;       \
                                    for (int64_t kh = 0; kh < g.kernel_h; kh++) {                               \
                                        int64_t th = oh + g.pad_top - kh * g.dilation_h;                        \
                                        if (th < 0 || th % g.stride_h || th / g.stride_h >= g.in_h) continue;   \
                                        for (int64_t kw = 0; kw < g.kernel_w; kw++) {                           \
                                            int64_t tw = ow + g.pad_left - kw * g.dilation_w;                   \
                                            if (tw < 0 || tw % g.stride_w || tw / g.stride_w >= g.in_w)         \
                                                continue;                                                       \
                                            int64_t ci = grp * cg + c;                                          \
                                            int64_t xi = ((td / g.stride_d) * g.in_h + th / g.stride_h) *       \
                                                             g.in_w + tw / g.stride_w;                          \
                                            acc += (ACC)LOAD(x[(n * g.in_channels + ci) * isz + xi]) *          \
                                                   (ACC)LOAD(w[(ci * mg + mi) * ksz +                           \
                                                               (kd * g.kernel_h + kh) * g.kernel_w + kw]);      \
                                        }                                                                       \
                                    }                                                                           \
                                }                                                                               \
                            ym[(od * g.out_h + oh) * g.out_w + ow] = STORE(acc);                                \
                        }                                                                                       \
            }                                                                                                   \
    }
//@end

/* instances: f64 f16 bf16
   @kernel rt_conv_$s(rt_conv_params, x, w, bias, y) needs rt_conv_direct_macros rt_half
   RT_CONV_DIRECT(rt_conv_$s, $t, $c, $load, $store)
*/
//@kernel rt_conv_f64(rt_conv_params, x, w, bias, y) needs rt_conv_direct_macros rt_half
RT_CONV_DIRECT(rt_conv_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_conv_f16(rt_conv_params, x, w, bias, y) needs rt_conv_direct_macros rt_half
RT_CONV_DIRECT(rt_conv_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_conv_bf16(rt_conv_params, x, w, bias, y) needs rt_conv_direct_macros rt_half
RT_CONV_DIRECT(rt_conv_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */
//@kernel rt_conv_ref_f32(rt_conv_params, x, w, bias, y) needs rt_conv_direct_macros
RT_CONV_DIRECT(rt_conv_ref_f32, float, float, RT_ID, RT_ID)
//@end

/* instances: f64 f16 bf16
   @kernel rt_conv_transpose_$s(rt_conv_params, x, w, bias, y) needs rt_conv_direct_macros rt_half
   RT_CONV_TRANSPOSE_DIRECT(rt_conv_transpose_$s, $t, $c, $load, $store)
*/
//@kernel rt_conv_transpose_f64(rt_conv_params, x, w, bias, y) needs rt_conv_direct_macros rt_half
RT_CONV_TRANSPOSE_DIRECT(rt_conv_transpose_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_conv_transpose_f16(rt_conv_params, x, w, bias, y) needs rt_conv_direct_macros rt_half
RT_CONV_TRANSPOSE_DIRECT(rt_conv_transpose_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_conv_transpose_bf16(rt_conv_params, x, w, bias, y) needs rt_conv_direct_macros rt_half
RT_CONV_TRANSPOSE_DIRECT(rt_conv_transpose_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */
//@kernel rt_conv_transpose_ref_f32(rt_conv_params, x, w, bias, y) needs rt_conv_direct_macros
RT_CONV_TRANSPOSE_DIRECT(rt_conv_transpose_ref_f32, float, float, RT_ID, RT_ID)
//@end
