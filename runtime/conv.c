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

//@section rt_conv_depthwise_parts needs rt_conv_range rt_conv_params
/* Depthwise 3-D (a depth dimension; 2-D ones use rt_conv_dw_plane_f32),
   any kernel: per output row, kernel tap by tap over the valid output
   columns. */
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

//@section rt_conv_pad_plane
/* An h x w plane x into rows x row_stride floats of xp, zero around it, its
   first value at (top, left): the zero-padded copies the conv kernels read. */
RT_HELPER void rt_conv_pad_plane_f32(const float *x, int64_t h, int64_t w, int64_t top, int64_t left, int64_t rows,
                                     int64_t row_stride, float *xp)
{
    memset(xp, 0, sizeof(float) * (size_t)(rows * row_stride));
    for (int64_t i = 0; i < h; i++) memcpy(xp + (top + i) * row_stride + left, x + i * w, sizeof(float) * (size_t)w);
}
//@end

//@section rt_conv_dw_padded needs rt_conv_dw_layout rt_conv_pad_plane
/* Depthwise 2-D conv of one plane (kernel_d, in_d, out_d 1), from a
   zero-padded copy of the plane in scratch: with every tap of every output
   inside the copy, a row of outputs is a sum of KH*KW shifted input rows
   times a weight, 16 columns per vector (strides 1 and 2; a scalar loop for
   other strides) and four output rows at a time, so that four independent
   sums hide the FMA latency. The padded row is long enough for whole
   16-column blocks: the columns past out_w are computed, never stored. */
#if defined(__AVX512F__)
#include <immintrin.h>
#endif
/* 16 outputs from the padded row r (column block start already applied):
   lane j reads r[j * sw]. */
#if defined(__AVX512F__)
RT_HELPER __m512 rt_conv_dw_load16(const float *r, int64_t sw)
{
    if (sw == 1) return _mm512_loadu_ps(r);
    const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
    return _mm512_permutex2var_ps(_mm512_loadu_ps(r), even, _mm512_loadu_ps(r + 16));
}
#endif

RT_HELPER void rt_conv_dw_plane_f32(const rt_conv_params *g, const float *xc, const float *wc, float b0, float *yc,
                                    float *pad)
{
    rt_conv_dw_layout l = rt_conv_dw_layout_of(g);
    int64_t kh_n = g->kernel_h, kw_n = g->kernel_w, sh = g->stride_h, sw = g->stride_w;
    int64_t dh = g->dilation_h, dw = g->dilation_w, ow_n = g->out_w, oh_n = g->out_h;
    rt_conv_pad_plane_f32(xc, g->in_h, g->in_w, g->pad_top, g->pad_left, l.rows, l.row_stride, pad);
#if defined(__AVX512F__)
    if (sw <= 2) {
        int64_t oh = 0;
        for (; oh + 4 <= oh_n; oh += 4)
            for (int64_t ow = 0; ow < ow_n; ow += 16) {
                __m512 a0 = _mm512_set1_ps(b0), a1 = a0, a2 = a0, a3 = a0;
                for (int64_t kh = 0; kh < kh_n; kh++) {
                    const float *r = pad + (oh * sh + kh * dh) * l.row_stride + ow * sw;
                    int64_t down = sh * l.row_stride;
                    for (int64_t kw = 0; kw < kw_n; kw++) {
                        __m512 wv = _mm512_set1_ps(wc[kh * kw_n + kw]);
                        const float *t = r + kw * dw;
                        a0 = _mm512_fmadd_ps(wv, rt_conv_dw_load16(t, sw), a0);
                        a1 = _mm512_fmadd_ps(wv, rt_conv_dw_load16(t + down, sw), a1);
                        a2 = _mm512_fmadd_ps(wv, rt_conv_dw_load16(t + 2 * down, sw), a2);
                        a3 = _mm512_fmadd_ps(wv, rt_conv_dw_load16(t + 3 * down, sw), a3);
                    }
                }
                __mmask16 m = ow_n - ow >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (ow_n - ow)) - 1);
                float *y = yc + oh * ow_n + ow;
                _mm512_mask_storeu_ps(y, m, a0);
                _mm512_mask_storeu_ps(y + ow_n, m, a1);
                _mm512_mask_storeu_ps(y + 2 * ow_n, m, a2);
                _mm512_mask_storeu_ps(y + 3 * ow_n, m, a3);
            }
        for (; oh < oh_n; oh++)
            for (int64_t ow = 0; ow < ow_n; ow += 16) {
                __m512 a0 = _mm512_set1_ps(b0);
                for (int64_t kh = 0; kh < kh_n; kh++) {
                    const float *r = pad + (oh * sh + kh * dh) * l.row_stride + ow * sw;
                    for (int64_t kw = 0; kw < kw_n; kw++)
                        a0 = _mm512_fmadd_ps(_mm512_set1_ps(wc[kh * kw_n + kw]), rt_conv_dw_load16(r + kw * dw, sw), a0);
                }
                __mmask16 m = ow_n - ow >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (ow_n - ow)) - 1);
                _mm512_mask_storeu_ps(yc + oh * ow_n + ow, m, a0);
            }
        return;
    }
#endif
    for (int64_t oh = 0; oh < oh_n; oh++) {
        float *yr = yc + oh * ow_n;
        for (int64_t ow = 0; ow < ow_n; ow++) yr[ow] = b0;
        for (int64_t kh = 0; kh < kh_n; kh++) {
            const float *r = pad + (oh * sh + kh * dh) * l.row_stride;
            for (int64_t kw = 0; kw < kw_n; kw++) {
                float wv = wc[kh * kw_n + kw];
                const float *t = r + kw * dw;
                if (sw == 1)
                    for (int64_t ow = 0; ow < ow_n; ow++) yr[ow] += wv * t[ow];
                else
                    for (int64_t ow = 0; ow < ow_n; ow++) yr[ow] += wv * t[ow * sw];
            }
        }
    }
}
//@end

//@section rt_conv_depthwise_task needs rt_conv_depthwise_parts rt_conv_dw_padded rt_epilogue rt_parallel
/* One channel plane of a depthwise Conv, with its epilogue (residual,
   activation) applied right after, while the plane is in cache. */
typedef struct rt_conv_depthwise_job {
    rt_conv_params one;                     /* the conv of one plane: batch, channels and groups 1 */
    const float *x, *w, *bias, *residual;
    float *y, *scratch;                     /* rt_conv_depthwise_scratch(&one) floats per thread */
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
    if (p->kernel_d == 1 && p->in_d == 1 && p->out_d == 1)
        rt_conv_dw_plane_f32(p, xc, wc, bc ? *bc : 0.0f, yc, j->scratch + thread * rt_conv_depthwise_scratch(p));
    else
        rt_conv_dw_any_f32(p, xc, wc, bc, yc);
    rt_epilogue e = {.residual = j->residual ? j->residual + plane * osz : NULL, .residual_row_stride = osz,
                     .activation = j->activation, .alpha = j->alpha, .beta = j->beta};
    if (rt_epilogue_or_null(&e)) rt_epilogue_apply_f32(&e, yc, osz, 1, osz, 0, 0);
}
//@end

//@kernel rt_conv_depthwise_f32(rt_conv_params, x, w, bias, residual, y, scratch) needs rt_conv_depthwise_task
/* Depthwise Conv (groups == in_channels == out_channels), direct loops, one
   task per channel plane (rt_conv_depthwise_task): x [N,C,ID,IH,IW],
   w [C,1,KD,KH,KW], bias [C] or NULL, residual as y or NULL, y [N,C,OD,OH,OW];
   scratch: rt_conv_depthwise_scratch(p) floats per thread. */
static void rt_conv_depthwise_f32(const rt_conv_params *p, const float *x, const float *w, const float *bias,
                                  const float *residual, float *y, void *scratch)
{
    rt_conv_depthwise_job j = {*p, x, w, bias, residual, y, (float *)scratch, p->in_channels, p->activation,
                               p->activation_alpha, p->activation_beta};
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
