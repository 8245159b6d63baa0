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

//@section rt_conv_dw_masked needs rt_conv_params rt_epilogue
/* Depthwise 2-D conv of one plane straight from the input, AVX-512, strides
   1 and 2: 16 output columns per vector, each tap a masked load whose mask
   drops the input columns outside the row (they read as the zero padding),
   rows outside the plane read from a constant zero row, eight output rows
   at a time (eight independent sums hide the FMA latency). No padded copy
   of the plane; bias, residual and Relu or Clip are applied in the
   registers, other activations on the stored rows while they are in L1. */
#if defined(__AVX512F__)
#include <immintrin.h>
/* Inlined even where the compiler would not (a call per load costs more
   than the load), so constant shapes fold into them. */
#if defined(__GNUC__)
#define RT_CONV_DW_INLINE __attribute__((always_inline))
#else
#define RT_CONV_DW_INLINE
#endif

/* The lanes of a window of `width` input columns starting at column `base`
   that lie in [0, in_w). */
RT_HELPER RT_CONV_DW_INLINE uint32_t rt_conv_dw_window_mask(int64_t base, int64_t width, int64_t in_w)
{
    int64_t lo = base < 0 ? -base : 0, hi = in_w - base < width ? in_w - base : width;
    if (hi <= lo) return 0;
    return (uint32_t)((((uint64_t)1 << hi) - 1) & ~(((uint64_t)1 << lo) - 1));
}

/* 16 outputs' inputs from row `row`, lane j reading column base + j * sw
   (sw 1 or 2), zero where mask (one bit per window column) is clear. The
   address is formed in integers: a window at the row's left edge starts
   before the row, and the masked load reads none of those lanes. */
RT_HELPER RT_CONV_DW_INLINE __m512 rt_conv_dw_window16(const float *row, int64_t base, uint32_t mask, int64_t sw)
{
    const float *at = (const float *)((uintptr_t)row + (uintptr_t)(base * (int64_t)sizeof(float)));
    __m512 lo = _mm512_maskz_loadu_ps((__mmask16)mask, at);
    if (sw == 1) return lo;
    const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
    return _mm512_permutex2var_ps(lo, even, _mm512_maskz_loadu_ps((__mmask16)(mask >> 16), at + 16));
}

/* acc + residual, then Relu or Clip, stored to the lanes of m. */
RT_HELPER RT_CONV_DW_INLINE void rt_conv_dw_store16(float *y, const float *residual, __mmask16 m, __m512 acc, const rt_epilogue *e)
{
    if (residual) acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(m, residual));
    if (e->activation == RT_ACT_RELU) acc = _mm512_max_ps(acc, _mm512_setzero_ps());
    else if (e->activation == RT_ACT_CLIP)
        acc = _mm512_min_ps(_mm512_set1_ps(e->beta), _mm512_max_ps(_mm512_set1_ps(e->alpha), acc));
    _mm512_mask_storeu_ps(y, m, acc);
}

/* What a row outside the plane reads (never written: loads right after a
   store to the same lines, a zero row set per plane, ran 7x slower on Zen 4). */
#define RT_CONV_DW_MAX_WIDTH 1024
static const float rt_conv_dw_zero_row[RT_CONV_DW_MAX_WIDTH];

/* Can rt_conv_dw_plane_masked_f32 run this conv (2-D, stride_w 1 or 2, rows
   no wider than the zero row)? */
RT_HELPER int rt_conv_dw_masked_applies(const rt_conv_params *g)
{
    return g->kernel_d == 1 && g->in_d == 1 && g->out_d == 1 && g->stride_w >= 1 && g->stride_w <= 2 &&
           g->kernel_w <= 64 && g->in_w <= RT_CONV_DW_MAX_WIDTH;
}

/* One plane: xc [in_h, in_w], wc [KH, KW], b0 its bias, yc [out_h, out_w];
   e holds the residual plane (row stride out_w) and the activation. Blocks
   of RT_CONV_DW_ROWS output rows: a tap of a row whose input row is outside
   the plane (or of a row past the last) loads nothing, so the rows of a
   block stay independent sums however the padding falls. kh_n, kw_n, sw and
   dw are the conv's; inlined with constants for them, the tap loops unroll
   and the stride test goes (rt_conv_dw_plane_masked_f32), which halves the
   time of a 7x7 plane. */
#define RT_CONV_DW_ROWS 8
RT_HELPER RT_CONV_DW_INLINE void rt_conv_dw_masked_body(const rt_conv_params *g, const float *xc, const float *wc,
                                                        float b0, const rt_epilogue *e, float *yc, const float *zero_row,
                                                        int64_t kh_n, int64_t kw_n, int64_t sw, int64_t dw)
{
    int64_t sh = g->stride_h, dh = g->dilation_h, ow_n = g->out_w, oh_n = g->out_h;
    int64_t in_h = g->in_h, in_w = g->in_w, pl = g->pad_left;
    int in_regs = e->activation == RT_ACT_NONE || e->activation == RT_ACT_RELU || e->activation == RT_ACT_CLIP;
    uint32_t mask[64];
    for (int64_t oh = 0; oh < oh_n; oh += RT_CONV_DW_ROWS) {
        int64_t rows = oh_n - oh < RT_CONV_DW_ROWS ? oh_n - oh : RT_CONV_DW_ROWS;
        for (int64_t ow = 0; ow < ow_n; ow += 16) {
            for (int64_t kw = 0; kw < kw_n; kw++) mask[kw] = rt_conv_dw_window_mask(ow * sw - pl + kw * dw, 16 * sw, in_w);
            __m512 a0 = _mm512_set1_ps(b0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int64_t kh = 0; kh < kh_n; kh++) {
                /* the input row of each output row, or the zero row where there is none */
                int64_t ih0 = oh * sh - g->pad_top + kh * dh;
                const float *x[RT_CONV_DW_ROWS];
                for (int64_t i = 0; i < RT_CONV_DW_ROWS; i++) {
                    int64_t ih = ih0 + i * sh;
                    x[i] = i < rows && ih >= 0 && ih < in_h ? xc + ih * in_w : zero_row;
                }
                for (int64_t kw = 0; kw < kw_n; kw++) {
                    __m512 wv = _mm512_set1_ps(wc[kh * kw_n + kw]);
                    int64_t base = ow * sw - pl + kw * dw;
                    uint32_t mk = mask[kw];
                    a0 = _mm512_fmadd_ps(wv, rt_conv_dw_window16(x[0], base, mk, sw), a0);
                    a1 = _mm512_fmadd_ps(wv, rt_conv_dw_window16(x[1], base, mk, sw), a1);
                    a2 = _mm512_fmadd_ps(wv, rt_conv_dw_window16(x[2], base, mk, sw), a2);
                    a3 = _mm512_fmadd_ps(wv, rt_conv_dw_window16(x[3], base, mk, sw), a3);
                    a4 = _mm512_fmadd_ps(wv, rt_conv_dw_window16(x[4], base, mk, sw), a4);
                    a5 = _mm512_fmadd_ps(wv, rt_conv_dw_window16(x[5], base, mk, sw), a5);
                    a6 = _mm512_fmadd_ps(wv, rt_conv_dw_window16(x[6], base, mk, sw), a6);
                    a7 = _mm512_fmadd_ps(wv, rt_conv_dw_window16(x[7], base, mk, sw), a7);
                }
            }
            __mmask16 m = ow_n - ow >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (ow_n - ow)) - 1);
            __m512 acc[RT_CONV_DW_ROWS] = {a0, a1, a2, a3, a4, a5, a6, a7};
            for (int64_t i = 0; i < rows; i++)
                rt_conv_dw_store16(yc + (oh + i) * ow_n + ow, e->residual ? e->residual + (oh + i) * ow_n + ow : NULL, m,
                                   acc[i], e);
        }
        /* the other activations, on the rows just stored, still in L1 */
        if (!in_regs) rt_activation_f32(yc + oh * ow_n, rows * ow_n, e->activation, e->alpha, e->beta);
    }
}

/* The 3x3 and 5x5 kernels at strides 1 and 2 (MobileNet's, EfficientNet's)
   as their own copies of the loops; other shapes run the general one. */
RT_HELPER void rt_conv_dw_plane_masked_f32(const rt_conv_params *g, const float *xc, const float *wc, float b0,
                                           const rt_epilogue *e, float *yc, const float *zero_row)
{
    int64_t kh = g->kernel_h, kw = g->kernel_w, sw = g->stride_w, dw = g->dilation_w;
    int square = kh == kw && dw == 1;
    if (square && kw == 3 && sw == 1) rt_conv_dw_masked_body(g, xc, wc, b0, e, yc, zero_row, 3, 3, 1, 1);
    else if (square && kw == 3 && sw == 2) rt_conv_dw_masked_body(g, xc, wc, b0, e, yc, zero_row, 3, 3, 2, 1);
    else if (square && kw == 5 && sw == 1) rt_conv_dw_masked_body(g, xc, wc, b0, e, yc, zero_row, 5, 5, 1, 1);
    else if (square && kw == 5 && sw == 2) rt_conv_dw_masked_body(g, xc, wc, b0, e, yc, zero_row, 5, 5, 2, 1);
    else rt_conv_dw_masked_body(g, xc, wc, b0, e, yc, zero_row, kh, kw, sw, dw);
}
#endif
//@end

//@section rt_conv_dw_phases needs rt_conv_dw_masked rt_conv_dw_phase_layout
/* The four phases of a plane for a stride-2 depthwise conv: phase (a, b)
   holds x[2r + a][2c + b] at row r, column c of a plane of `rows` rows of
   row_stride floats, at out + (2a + b) * rows * row_stride; entries past
   the phase's own rows and columns are left as they are (the conv's masks
   never read them). Even and odd columns come out of one 32-column window
   by two permutes. */
#if defined(__AVX512F__)
RT_HELPER void rt_conv_dw_split_phases(const float *x, int64_t h, int64_t w, int64_t rows, int64_t row_stride,
                                       float *out)
{
    const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
    const __m512i odd = _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1);
    int64_t even_cols = rt_conv_dw_phase_cols(w), odd_cols = rt_conv_dw_phase_cols(w - 1);
    for (int64_t i = 0; i < h; i++) {
        const float *xr = x + i * w;
        float *pe = out + (i & 1) * 2 * rows * row_stride + (i >> 1) * row_stride, *po = pe + rows * row_stride;
        for (int64_t c = 0; c < even_cols; c += 16) {
            uint32_t m = rt_conv_dw_window_mask(2 * c, 32, w);
            const float *at = xr + 2 * c;
            __m512 lo = _mm512_maskz_loadu_ps((__mmask16)m, at);
            __m512 hi = _mm512_maskz_loadu_ps((__mmask16)(m >> 16),
                                              (const float *)((uintptr_t)at + 16 * sizeof(float)));
            int64_t ne = even_cols - c, no = odd_cols - c;
            _mm512_mask_storeu_ps(pe + c, ne >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << ne) - 1),
                                  _mm512_permutex2var_ps(lo, even, hi));
            if (no > 0)
                _mm512_mask_storeu_ps(po + c, no >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << no) - 1),
                                      _mm512_permutex2var_ps(lo, odd, hi));
        }
    }
}
#endif
//@end

//@section rt_conv_dw_flat needs rt_conv_params rt_epilogue rt_conv_dw_masked rt_conv_dw_phases rt_conv_dw_flat_plan
/* Depthwise 2-D conv of a plane of at most 1024 outputs read as one flat
   run: 16 outputs per vector whatever the row width, since with rows as
   wide as the output's, output o's tap reads source element o + offset[tap].
   At stride 1 the source is the input itself (its rows must be as wide as
   the output's); at stride 2 it is the input's four phases (even and odd
   rows and columns, rt_conv_dw_split_phases), where every tap is a stride-1
   tap of one phase. Lanes whose tap falls in the padding load nothing: one
   mask per (vector, tap), the same for every channel, made once per call.
   A 7x7 plane takes 4 vectors a tap where the row kernel takes 7 rows of
   7 lanes, and no permutes at stride 2. */
#if defined(__AVX512F__)
/* Tap displacement d (input index - stride * output index) along one
   dimension: the source row or column shift and, at stride 2, the phase. */
RT_HELPER void rt_conv_dw_flat_shift(int64_t d, int64_t stride, int64_t *phase, int64_t *shift)
{
    *phase = stride == 2 ? d & 1 : 0;
    *shift = stride == 2 ? (d - *phase) / 2 : d;
}

RT_HELPER void rt_conv_dw_flat_init(rt_conv_dw_flat *f, const rt_conv_params *g)
{
    int64_t ow_n = g->out_w, n = g->out_h * ow_n, s = g->stride_w;
    f->vectors = (n + 63) / 64 * 4;
    f->taps = g->kernel_h * g->kernel_w;
    f->stride = s;
    f->phase_rows = rt_conv_dw_phase_rows(g->in_h);
    f->phase_cols = ow_n;
    for (int64_t v = 0; v < f->vectors; v++) {
        int64_t left = n - v * 16;
        f->store_mask[v] = left >= 16 ? 0xffff : left > 0 ? (uint16_t)((1u << left) - 1) : 0;
    }
    /* each tap's source shift and the source's rows and columns */
    int32_t dys[RT_CONV_DW_FLAT_TAPS], dxs[RT_CONV_DW_FLAT_TAPS], rows[RT_CONV_DW_FLAT_TAPS], cols[RT_CONV_DW_FLAT_TAPS];
    for (int64_t kh = 0; kh < g->kernel_h; kh++)
        for (int64_t kw = 0; kw < g->kernel_w; kw++) {
            int64_t t = kh * g->kernel_w + kw, a, b, dy, dx;
            rt_conv_dw_flat_shift(kh * g->dilation_h - g->pad_top, s, &a, &dy);
            rt_conv_dw_flat_shift(kw * g->dilation_w - g->pad_left, s, &b, &dx);
            f->offset[t] = (s == 2 ? (2 * a + b) * f->phase_rows * ow_n : 0) + dy * ow_n + dx;
            dys[t] = (int32_t)dy, dxs[t] = (int32_t)dx;
            rows[t] = (int32_t)(s == 2 ? rt_conv_dw_phase_rows(g->in_h - a) : g->in_h);
            cols[t] = (int32_t)(s == 2 ? rt_conv_dw_phase_cols(g->in_w - b) : g->in_w);
        }
    /* per vector, its lanes' output rows and columns (past the last output:
       a row no tap reaches), then the lanes with 0 <= row + dy < rows and
       0 <= col + dx < cols for each tap */
    for (int64_t v = 0, r = 0, c = 0; v < f->vectors; v++) {
        int32_t lane_row[16], lane_col[16];
        for (int64_t j = 0; j < 16; j++) {
            lane_row[j] = v * 16 + j < n ? (int32_t)r : INT32_MIN / 2, lane_col[j] = (int32_t)c;
            if (++c == ow_n) c = 0, r++;
        }
        __m512i lr = _mm512_loadu_si512(lane_row), lc = _mm512_loadu_si512(lane_col);
        for (int64_t t = 0; t < f->taps; t++) {
            __m512i rr = _mm512_add_epi32(lr, _mm512_set1_epi32(dys[t])), cc = _mm512_add_epi32(lc, _mm512_set1_epi32(dxs[t]));
            __mmask16 m = _mm512_cmpge_epi32_mask(rr, _mm512_setzero_si512()) &
                          _mm512_cmplt_epi32_mask(rr, _mm512_set1_epi32(rows[t])) &
                          _mm512_cmpge_epi32_mask(cc, _mm512_setzero_si512()) &
                          _mm512_cmplt_epi32_mask(cc, _mm512_set1_epi32(cols[t]));
            f->mask[v * f->taps + t] = (uint16_t)m;
        }
    }
}

/* One plane from its source src (the input, or its phases): wc [taps],
   yc [out_h, out_w]; e as in rt_conv_dw_plane_masked_f32. taps is f->taps,
   a constant where inlined. */
RT_HELPER RT_CONV_DW_INLINE void rt_conv_dw_flat_body(const rt_conv_dw_flat *f, const float *src, const float *wc,
                                                      float b0, const rt_epilogue *e, float *yc, int64_t taps)
{
    for (int64_t v = 0; v < f->vectors; v += 4) {
        __m512 a0 = _mm512_set1_ps(b0), a1 = a0, a2 = a0, a3 = a0;
        const uint16_t *m = f->mask + v * taps;
        for (int64_t t = 0; t < taps; t++) {
            __m512 wv = _mm512_set1_ps(wc[t]);
            /* formed in integers: the first taps start before the plane, in lanes the mask drops */
            const float *at = (const float *)((uintptr_t)(src + v * 16) + (uintptr_t)(f->offset[t] * (int64_t)sizeof(float)));
            a0 = _mm512_fmadd_ps(wv, _mm512_maskz_loadu_ps(m[t], at), a0);
            a1 = _mm512_fmadd_ps(wv, _mm512_maskz_loadu_ps(m[taps + t], at + 16), a1);
            a2 = _mm512_fmadd_ps(wv, _mm512_maskz_loadu_ps(m[2 * taps + t], at + 32), a2);
            a3 = _mm512_fmadd_ps(wv, _mm512_maskz_loadu_ps(m[3 * taps + t], at + 48), a3);
        }
        float *y = yc + v * 16;
        const float *r = e->residual ? e->residual + v * 16 : NULL;
        rt_conv_dw_store16(y, r, f->store_mask[v], a0, e);
        rt_conv_dw_store16(y + 16, r ? r + 16 : NULL, f->store_mask[v + 1], a1, e);
        rt_conv_dw_store16(y + 32, r ? r + 32 : NULL, f->store_mask[v + 2], a2, e);
        rt_conv_dw_store16(y + 48, r ? r + 48 : NULL, f->store_mask[v + 3], a3, e);
    }
}

/* xc [in_h, in_w]; phases: rt_conv_dw_phases_floats(g) floats of scratch
   (stride 2). */
RT_HELPER void rt_conv_dw_plane_flat_f32(const rt_conv_dw_flat *f, const rt_conv_params *g, const float *xc,
                                         const float *wc, float b0, const rt_epilogue *e, float *yc, float *phases)
{
    const float *src = xc;
    if (f->stride == 2) {
        rt_conv_dw_split_phases(xc, g->in_h, g->in_w, f->phase_rows, f->phase_cols, phases);
        src = phases;
    }
    if (f->taps == 9) rt_conv_dw_flat_body(f, src, wc, b0, e, yc, 9);
    else if (f->taps == 25) rt_conv_dw_flat_body(f, src, wc, b0, e, yc, 25);
    else rt_conv_dw_flat_body(f, src, wc, b0, e, yc, f->taps);
    if (e->activation != RT_ACT_NONE && e->activation != RT_ACT_RELU && e->activation != RT_ACT_CLIP)
        rt_activation_f32(yc, g->out_h * g->out_w, e->activation, e->alpha, e->beta);
}
#endif
//@end

//@section rt_conv_depthwise_task needs rt_conv_depthwise_parts rt_conv_dw_padded rt_conv_dw_masked rt_conv_dw_flat rt_conv_depthwise_scratch_size rt_epilogue rt_parallel
/* One channel plane of a depthwise Conv, with its epilogue (residual,
   activation) applied right after, while the plane is in cache. */
typedef struct rt_conv_depthwise_job {
    rt_conv_params one;                     /* the conv of one plane: batch, channels and groups 1 */
    const float *x, *w, *bias, *residual;
    float *y, *scratch;                     /* rt_conv_depthwise_thread_scratch(&one) floats per thread */
    int64_t channels, activation;
    float alpha, beta;
    const rt_conv_dw_flat *flat;            /* the flat path's plan (AVX-512), or NULL */
} rt_conv_depthwise_job;

static void rt_conv_depthwise_task(void *ctx, int64_t plane, int thread)
{
    const rt_conv_depthwise_job *j = (const rt_conv_depthwise_job *)ctx;
    const rt_conv_params *p = &j->one;
    int64_t isz = p->in_d * p->in_h * p->in_w, osz = p->out_d * p->out_h * p->out_w;
    int64_t c = plane % j->channels, ksz = p->kernel_d * p->kernel_h * p->kernel_w;
    const float *xc = j->x + plane * isz, *wc = j->w + c * ksz, *bc = j->bias ? j->bias + c : NULL;
    float *yc = j->y + plane * osz;
    rt_epilogue e = {.residual = j->residual ? j->residual + plane * osz : NULL, .residual_row_stride = osz,
                     .activation = j->activation, .alpha = j->alpha, .beta = j->beta};
#if defined(__AVX512F__)
    if (j->flat) {
        rt_conv_dw_plane_flat_f32(j->flat, p, xc, wc, bc ? *bc : 0.0f, &e, yc,
                                  j->scratch + thread * rt_conv_depthwise_thread_scratch(p));
        return;
    }
    if (rt_conv_dw_masked_applies(p)) {
        rt_conv_dw_plane_masked_f32(p, xc, wc, bc ? *bc : 0.0f, &e, yc, rt_conv_dw_zero_row);
        return;
    }
#endif
    if (p->kernel_d == 1 && p->in_d == 1 && p->out_d == 1)
        rt_conv_dw_plane_f32(p, xc, wc, bc ? *bc : 0.0f, yc, j->scratch + thread * rt_conv_depthwise_thread_scratch(p));
    else
        rt_conv_dw_any_f32(p, xc, wc, bc, yc);
    if (rt_epilogue_or_null(&e)) rt_epilogue_apply_f32(&e, yc, osz, 1, osz, 0, 0);
}
//@end

//@kernel rt_conv_depthwise_f32(rt_conv_params, x, w, bias, residual, y, scratch) needs rt_conv_depthwise_task
/* Depthwise Conv (groups == in_channels == out_channels), direct loops, one
   task per channel plane (rt_conv_depthwise_task): x [N,C,ID,IH,IW],
   w [C,1,KD,KH,KW], bias [C] or NULL, residual as y or NULL, y [N,C,OD,OH,OW];
   scratch: rt_conv_depthwise_scratch(p, threads) floats (64-byte aligned),
   the part the threads share first. */
static void rt_conv_depthwise_f32(const rt_conv_params *p, const float *x, const float *w, const float *bias,
                                  const float *residual, float *y, void *scratch)
{
    rt_conv_depthwise_job j = {.one = *p, .x = x, .w = w, .bias = bias, .residual = residual, .y = y,
                               .scratch = (float *)scratch + rt_conv_depthwise_shared_scratch(p),
                               .channels = p->in_channels, .activation = p->activation,
                               .alpha = p->activation_alpha, .beta = p->activation_beta};
    j.one.batch = j.one.in_channels = j.one.out_channels = j.one.groups = 1;
#if defined(__AVX512F__)
    if (rt_conv_dw_flat_applies(p)) {
        rt_conv_dw_flat *flat = (rt_conv_dw_flat *)scratch;
        rt_conv_dw_flat_init(flat, p);
        j.flat = flat;
    }
#endif
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
