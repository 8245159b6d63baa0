/* Image/geometry kernels: GridSample (sampling an image at the normalised
   positions of a grid), AffineGrid (the grid an affine matrix makes),
   Col2Im (summing column blocks back into an image), RoiAlign (bilinear
   pooling over regions of interest) and DeformConv (a 2-D convolution whose
   taps are moved by per-position offsets and scaled by a mask). Each
   follows the ONNX reference implementation (onnx/reference/ops/op_*.py);
   coordinates and weights are computed in double, values are summed in
   double and rounded once (Col2Im rounds each sum, as the reference).
   Parameters: runtime/geometry.h; lowering: ops/geometry.c. */
#include "geometry.h"

//@section rt_grid_sample_taps needs rt_geometry_modes
/* Rounds a coordinate to float when the kernel's element type computes in
   float: the reference keeps GridSample's coordinates in a float32 array,
   and rounding and floor decide on that value. */
#define RT_GS_COORD(single, v) ((single) ? (double)(float)(v) : (v))

/* Reflects x into [lo, hi] by the nearer border until it is inside (the
   reference's _gs_reflect; the count of reflections is kept in double so
   that a far-away x cannot overflow an integer). */
RT_HELPER double rt_gs_reflect(double x, double lo, double hi)
{
    double range = hi - lo;
    if (!(range > 0)) return lo;
    if (x < lo) {
        double dx = lo - x, k = floor(dx / range), r = dx - k * range;
        return fmod(k, 2.0) == 0 ? lo + r : hi - r;
    }
    if (x > hi) {
        double dx = x - hi, k = floor(dx / range), r = dx - k * range;
        return fmod(k, 2.0) == 0 ? hi - r : lo + r;
    }
    return x;
}

/* The source index of tap i of an axis of length len after padding; -1
   when it reads zero. */
RT_HELPER int64_t rt_gs_pixel(int64_t padding, int64_t i, int64_t len, double lo, double hi)
{
    if (padding == RT_GRID_SAMPLE_ZEROS) return i >= 0 && i < len ? i : -1;
    if (padding == RT_GRID_SAMPLE_REFLECTION) i = (int64_t)rt_gs_reflect((double)i, lo, hi);
    return i < 0 ? 0 : i >= len ? len - 1 : i;
}

/* Keys' cubic convolution weights (a = -0.75) of the 4 taps around a point
   at distance t in [0, 1) after the second one. */
RT_HELPER void rt_gs_cubic_weights(double t, double *w)
{
    const double a = -0.75;
    double t1 = t + 1, t2 = 1 - t, t3 = 2 - t;
    w[0] = ((a * t1 - 5 * a) * t1 + 8 * a) * t1 - 4 * a;
    w[1] = ((a + 2) * t - (a + 3)) * t * t + 1;
    w[2] = ((a + 2) * t2 - (a + 3)) * t2 * t2 + 1;
    w[3] = ((a * t3 - 5 * a) * t3 + 8 * a) * t3 - 4 * a;
}

/* The taps (1, 2 or 4 source indices, -1 for zero, and their weights) of
   one axis of length len for the normalised coordinate g. */
RT_HELPER int rt_gs_axis_taps(const rt_grid_sample_params *p, int64_t len, double g, int single, int64_t *index,
                              double *weight)
{
    double lo = p->align_corners ? 0.0 : -0.5, hi = p->align_corners ? (double)len - 1 : (double)len - 0.5;
    double x = p->align_corners ? (g + 1) / 2.0 * (double)(len - 1) : ((g + 1) * (double)len - 1) / 2.0;
    x = RT_GS_COORD(single, x);
    if (p->mode == RT_GRID_SAMPLE_NEAREST) x = nearbyint(x); /* halfway rounds to even */
    if (x < lo || x > hi) {
        if (p->padding == RT_GRID_SAMPLE_BORDER) x = fmin(fmax(x, 0.0), (double)len - 1);
        else if (p->padding == RT_GRID_SAMPLE_REFLECTION) x = RT_GS_COORD(single, rt_gs_reflect(x, lo, hi));
    }
    /* Beyond a few pixels outside every tap reads the same (zero or the
       clamped edge); clamping here also turns NaN into a number. */
    x = fmin(fmax(x, -8.0), (double)len + 8);
    int count = 1;
    if (p->mode == RT_GRID_SAMPLE_NEAREST) {
        index[0] = (int64_t)x;
        weight[0] = 1;
    } else {
        double x0 = floor(x), t = x - x0;
        if (p->mode == RT_GRID_SAMPLE_LINEAR) {
            count = 2;
            index[0] = (int64_t)x0;
            weight[0] = 1 - t;
            weight[1] = t;
        } else {
            count = 4;
            index[0] = (int64_t)x0 - 1;
            rt_gs_cubic_weights(t, weight);
        }
        for (int k = 1; k < count; k++) index[k] = index[0] + k;
    }
    for (int k = 0; k < count; k++) index[k] = rt_gs_pixel(p->padding, index[k], len, lo, hi);
    return count;
}

/* The element offsets (in one channel of x) and weights of every
   combination of one tap per axis for the grid point g (coordinates
   innermost axis first); combinations that read zero are left out.
   Returns how many there are, at most RT_GRID_SAMPLE_MAX_TAPS. */
RT_HELPER int rt_gs_point_taps(const rt_grid_sample_params *p, const double *g, int single, int64_t *offset,
                               double *weight)
{
    int64_t index[RT_GRID_SAMPLE_MAX_SPATIAL][4], stride[RT_GRID_SAMPLE_MAX_SPATIAL];
    double w[RT_GRID_SAMPLE_MAX_SPATIAL][4];
    int count[RT_GRID_SAMPLE_MAX_SPATIAL], r = (int)p->spatial, total = 1, kept = 0;
    int64_t s = 1;
    for (int d = r - 1; d >= 0; d--) {
        count[d] = rt_gs_axis_taps(p, p->in_dims[d], g[r - 1 - d], single, index[d], w[d]);
        stride[d] = s;
        s *= p->in_dims[d];
        total *= count[d];
    }
    for (int c = 0; c < total; c++) {
        int rest = c, inside = 1;
        int64_t off = 0;
        double wt = 1;
        for (int d = r - 1; d >= 0; d--) {
            int k = rest % count[d];
            rest /= count[d];
            inside &= index[d][k] >= 0;
            off += index[d][k] * stride[d];
            wt *= w[d][k];
        }
        if (!inside) continue;
        offset[kept] = off;
        weight[kept++] = wt;
    }
    return kept;
}

/* GridSample (rt_grid_sample_params) for element type T computed as C. */
#define RT_GRID_SAMPLE(name, T, C, LOAD, STORE)                                                            \
    static void name(const rt_grid_sample_params *p, const T *x, const T *grid, T *y)                      \
    {                                                                                                      \
        int64_t plane = 1, offset[RT_GRID_SAMPLE_MAX_TAPS];                                                \
        double weight[RT_GRID_SAMPLE_MAX_TAPS], g[RT_GRID_SAMPLE_MAX_SPATIAL];                             \
        for (int64_t d = 0; d < p->spatial; d++) plane *= p->in_dims[d];                                   \
        for (int64_t n = 0; n < p->batch; n++)                                                             \
            for (int64_t pt = 0; pt < p->out_points; pt++) {                                               \
                const T *gp = grid + (n * p->out_points + pt) * p->spatial;                                \
                for (int64_t d = 0; d < p->spatial; d++) g[d] = (double)LOAD(gp[d]);                       \
                int taps = rt_gs_point_taps(p, g, sizeof(C) < sizeof(double), offset, weight);             \
                for (int64_t c = 0; c < p->channels; c++) {                                                \
                    const T *xc = x + (n * p->channels + c) * plane;                                       \
                    double acc = 0;                                                                        \
                    for (int t = 0; t < taps; t++) acc += weight[t] * (double)LOAD(xc[offset[t]]);         \
                    y[(n * p->channels + c) * p->out_points + pt] = STORE((C)acc);                         \
                }                                                                                          \
            }                                                                                              \
    }
//@end

/* instances: f32 f64 f16 bf16
   @kernel rt_grid_sample_$s(rt_grid_sample_params, x, grid, y) needs rt_grid_sample_taps rt_half
   RT_GRID_SAMPLE(rt_grid_sample_$s, $t, $c, $load, $store)
*/
//@kernel rt_grid_sample_f32(rt_grid_sample_params, x, grid, y) needs rt_grid_sample_taps rt_half
RT_GRID_SAMPLE(rt_grid_sample_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_grid_sample_f64(rt_grid_sample_params, x, grid, y) needs rt_grid_sample_taps rt_half
RT_GRID_SAMPLE(rt_grid_sample_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_grid_sample_f16(rt_grid_sample_params, x, grid, y) needs rt_grid_sample_taps rt_half
RT_GRID_SAMPLE(rt_grid_sample_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_grid_sample_bf16(rt_grid_sample_params, x, grid, y) needs rt_grid_sample_taps rt_half
RT_GRID_SAMPLE(rt_grid_sample_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */

//@section rt_affine_grid_macros
/* Position i of n evenly spaced in [-1, 1]: the pixel centres (align_corners
   0) or the corner pixels' centres (1), as the reference's np.arange. */
RT_HELPER double rt_affine_base(int64_t i, int64_t n, int64_t align_corners)
{
    if (align_corners) return n > 1 ? -1 + (double)i * (2.0 / (double)(n - 1)) : -1;
    double step = 2.0 / (double)n;
    return (-1 + step / 2) + (double)i * step;
}

/* AffineGrid (rt_affine_grid_params): y = theta [x, y, (z,) 1] per point. */
#define RT_AFFINE_GRID(name, T, C, LOAD, STORE)                                                            \
    static void name(const rt_affine_grid_params *p, const T *theta, T *y)                                 \
    {                                                                                                      \
        int64_t s = p->spatial, D = p->out_dims[0], H = p->out_dims[1], W = p->out_dims[2];                \
        for (int64_t n = 0; n < p->batch; n++) {                                                           \
            const T *th = theta + n * s * (s + 1);                                                         \
            for (int64_t i = 0; i < D * H * W; i++) {                                                      \
                /* homogeneous position: innermost axis first, then 1 */                                   \
                double v[4] = {rt_affine_base(i % W, W, p->align_corners),                                 \
                               rt_affine_base(i / W % H, H, p->align_corners),                             \
                               rt_affine_base(i / (W * H), D, p->align_corners), 1};                       \
                if (s == 2) v[2] = 1;                                                                      \
                for (int64_t r = 0; r < s; r++) {                                                          \
                    double acc = 0;                                                                        \
                    for (int64_t j = 0; j <= s; j++) acc += (double)LOAD(th[r * (s + 1) + j]) * v[j];      \
                    y[(n * D * H * W + i) * s + r] = STORE((C)acc);                                        \
                }                                                                                          \
            }                                                                                              \
        }                                                                                                  \
    }
//@end

/* instances: f32 f64 f16 bf16
   @kernel rt_affine_grid_$s(rt_affine_grid_params, theta, y) needs rt_affine_grid_macros rt_half
   RT_AFFINE_GRID(rt_affine_grid_$s, $t, $c, $load, $store)
*/
//@kernel rt_affine_grid_f32(rt_affine_grid_params, theta, y) needs rt_affine_grid_macros rt_half
RT_AFFINE_GRID(rt_affine_grid_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_affine_grid_f64(rt_affine_grid_params, theta, y) needs rt_affine_grid_macros rt_half
RT_AFFINE_GRID(rt_affine_grid_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_affine_grid_f16(rt_affine_grid_params, theta, y) needs rt_affine_grid_macros rt_half
RT_AFFINE_GRID(rt_affine_grid_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_affine_grid_bf16(rt_affine_grid_params, theta, y) needs rt_affine_grid_macros rt_half
RT_AFFINE_GRID(rt_affine_grid_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */

//@section rt_col2im_macros
/* The image offset (in one channel) that column position col of kernel
   offset k adds to, or -1 when it falls in the padding. */
RT_HELPER int64_t rt_col2im_target(const rt_col2im_params *p, int64_t k, int64_t col)
{
    int64_t off = 0, stride = 1;
    for (int64_t d = p->spatial - 1; d >= 0; d--) {
        int64_t kd = k % p->block[d], cd = col % p->cols[d];
        k /= p->block[d];
        col /= p->cols[d];
        int64_t at = cd * p->strides[d] - p->pads_begin[d] + kd * p->dilations[d];
        if (at < 0 || at >= p->image[d]) return -1;
        off += at * stride;
        stride *= p->image[d];
    }
    return off;
}

/* Col2Im (rt_col2im_params): the sums run in the reference's order (kernel
   offset, then column), each rounded to T as the reference's image is. */
#define RT_COL2IM(name, T, C, LOAD, STORE)                                                                 \
    static void name(const rt_col2im_params *p, const T *x, T *y)                                          \
    {                                                                                                      \
        int64_t image = 1, block = 1, cols = 1;                                                            \
        for (int64_t d = 0; d < p->spatial; d++) {                                                         \
            image *= p->image[d];                                                                          \
            block *= p->block[d];                                                                          \
            cols *= p->cols[d];                                                                            \
        }                                                                                                  \
        for (int64_t i = 0; i < p->batch * p->channels * image; i++) y[i] = STORE((C)0);                   \
        for (int64_t nc = 0; nc < p->batch * p->channels; nc++) {                                          \
            const T *xc = x + nc * block * cols;                                                           \
            T *yc = y + nc * image;                                                                        \
            for (int64_t k = 0; k < block; k++)                                                            \
                for (int64_t col = 0; col < cols; col++) {                                                 \
                    int64_t at = rt_col2im_target(p, k, col);                                              \
                    if (at >= 0) yc[at] = STORE((C)(LOAD(yc[at]) + LOAD(xc[k * cols + col])));             \
                }                                                                                          \
        }                                                                                                  \
    }
//@end

/* instances: f32 f64 f16 bf16
   @kernel rt_col2im_blocks_$s(rt_col2im_params, x, y) needs rt_col2im_macros rt_half
   RT_COL2IM(rt_col2im_blocks_$s, $t, $c, $load, $store)
*/
//@kernel rt_col2im_blocks_f32(rt_col2im_params, x, y) needs rt_col2im_macros rt_half
RT_COL2IM(rt_col2im_blocks_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_col2im_blocks_f64(rt_col2im_params, x, y) needs rt_col2im_macros rt_half
RT_COL2IM(rt_col2im_blocks_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_col2im_blocks_f16(rt_col2im_params, x, y) needs rt_col2im_macros rt_half
RT_COL2IM(rt_col2im_blocks_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_col2im_blocks_bf16(rt_col2im_params, x, y) needs rt_col2im_macros rt_half
RT_COL2IM(rt_col2im_blocks_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */

//@section rt_roi_align_macros needs rt_geometry_modes
/* The 4 offsets and weights of the bilinear sample at (y, x) of a height x
   width plane, as the reference's pre_calc_for_bilinear_interpolate: zero
   weights beyond one pixel outside, the edge repeated up to there. */
RT_HELPER void rt_roi_bilinear(double y, double x, int64_t height, int64_t width, int64_t *pos, double *w)
{
    if (y < -1.0 || y > (double)height || x < -1.0 || x > (double)width) {
        for (int i = 0; i < 4; i++) pos[i] = 0, w[i] = 0;
        return;
    }
    y = fmax(y, 0);
    x = fmax(x, 0);
    int64_t y_low = (int64_t)y, x_low = (int64_t)x, y_high = y_low + 1, x_high = x_low + 1;
    if (y_low >= height - 1) y = (double)(y_high = y_low = height - 1);
    if (x_low >= width - 1) x = (double)(x_high = x_low = width - 1);
    double ly = y - (double)y_low, lx = x - (double)x_low, hy = 1 - ly, hx = 1 - lx;
    pos[0] = y_low * width + x_low;
    pos[1] = y_low * width + x_high;
    pos[2] = y_high * width + x_low;
    pos[3] = y_high * width + x_high;
    w[0] = hy * hx;
    w[1] = hy * lx;
    w[2] = ly * hx;
    w[3] = ly * lx;
}

/* Samples per bin along an axis: the attribute, or ceil(roi / bins). */
RT_HELPER int64_t rt_roi_samples(int64_t sampling_ratio, double roi_size, int64_t bins)
{
    if (sampling_ratio > 0) return sampling_ratio;
    return (int64_t)fmin(fmax(ceil(roi_size / (double)bins), 0.0), 65536.0);
}

/* One RoiAlign output bin of channel plane xc: the average (or the maximum
   of the largest weighted corner) of grid_h x grid_w bilinear samples. */
#define RT_ROI_ALIGN_BIN(T, LOAD, acc)                                                                     \
    do {                                                                                                   \
        int first = 1;                                                                                     \
        acc = 0;                                                                                           \
        for (int64_t iy = 0; iy < grid_h; iy++)                                                            \
            for (int64_t ix = 0; ix < grid_w; ix++) {                                                      \
                double yy = start_h + (double)ph * bin_h + ((double)iy + 0.5) * bin_h / (double)grid_h;    \
                double xx = start_w + (double)pw * bin_w + ((double)ix + 0.5) * bin_w / (double)grid_w;    \
                int64_t pos[4];                                                                            \
                double w[4], v[4];                                                                         \
                rt_roi_bilinear(yy, xx, p->height, p->width, pos, w);                                      \
                for (int i = 0; i < 4; i++) v[i] = w[i] * (double)LOAD(xc[pos[i]]);                        \
                if (p->mode == RT_ROI_ALIGN_AVG) {                                                         \
                    acc += v[0] + v[1] + v[2] + v[3];                                                      \
                } else {                                                                                   \
                    double m = fmax(fmax(v[0], v[1]), fmax(v[2], v[3]));                                   \
                    acc = first ? m : fmax(acc, m);                                                        \
                    first = 0;                                                                             \
                }                                                                                          \
            }                                                                                              \
        if (p->mode == RT_ROI_ALIGN_AVG) acc /= (double)(grid_h * grid_w > 1 ? grid_h * grid_w : 1);       \
    } while (0)

/* RoiAlign (rt_roi_align_params); an RoI whose batch index is out of range
   gives zeros. */
#define RT_ROI_ALIGN(name, T, C, LOAD, STORE)                                                              \
    static void name(const rt_roi_align_params *p, const T *x, const T *rois, const int64_t *batch_indices, \
                     T *y)                                                                                 \
    {                                                                                                      \
        double shift = p->half_pixel ? 0.5 : 0.0;                                                          \
        for (int64_t r = 0; r < p->num_rois; r++) {                                                        \
            const T *roi = rois + r * 4;                                                                   \
            double start_w = (double)LOAD(roi[0]) * p->spatial_scale - shift;                              \
            double start_h = (double)LOAD(roi[1]) * p->spatial_scale - shift;                              \
            double roi_w = (double)LOAD(roi[2]) * p->spatial_scale - shift - start_w;                      \
            double roi_h = (double)LOAD(roi[3]) * p->spatial_scale - shift - start_h;                      \
            if (!p->half_pixel) roi_w = fmax(roi_w, 1.0), roi_h = fmax(roi_h, 1.0); /* at least 1 x 1 */   \
            double bin_h = roi_h / (double)p->out_h, bin_w = roi_w / (double)p->out_w;                     \
            int64_t grid_h = rt_roi_samples(p->sampling_ratio, roi_h, p->out_h);                           \
            int64_t grid_w = rt_roi_samples(p->sampling_ratio, roi_w, p->out_w);                           \
            int64_t b = batch_indices[r];                                                                  \
            for (int64_t c = 0; c < p->channels; c++) {                                                    \
                T *yc = y + (r * p->channels + c) * p->out_h * p->out_w;                                   \
                int inside = b >= 0 && b < p->batch;                                                       \
                const T *xc = inside ? x + (b * p->channels + c) * p->height * p->width : x;               \
                for (int64_t ph = 0; ph < p->out_h; ph++)                                                  \
                    for (int64_t pw = 0; pw < p->out_w; pw++) {                                            \
                        double acc = 0;                                                                    \
                        if (inside) RT_ROI_ALIGN_BIN(T, LOAD, acc);                        \
                        yc[ph * p->out_w + pw] = STORE((C)acc);                                            \
                    }                                                                                      \
            }                                                                                              \
        }                                                                                                  \
    }
//@end

/* instances: f32 f64 f16 bf16
   @kernel rt_roi_align_$s(rt_roi_align_params, x, rois, batch_indices, y) needs rt_roi_align_macros rt_half
   RT_ROI_ALIGN(rt_roi_align_$s, $t, $c, $load, $store)
*/
//@kernel rt_roi_align_f32(rt_roi_align_params, x, rois, batch_indices, y) needs rt_roi_align_macros rt_half
RT_ROI_ALIGN(rt_roi_align_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_roi_align_f64(rt_roi_align_params, x, rois, batch_indices, y) needs rt_roi_align_macros rt_half
RT_ROI_ALIGN(rt_roi_align_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_roi_align_f16(rt_roi_align_params, x, rois, batch_indices, y) needs rt_roi_align_macros rt_half
RT_ROI_ALIGN(rt_roi_align_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_roi_align_bf16(rt_roi_align_params, x, rois, batch_indices, y) needs rt_roi_align_macros rt_half
RT_ROI_ALIGN(rt_roi_align_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */

//@section rt_deform_conv_macros
/* The bilinear sample of an h x w plane at (y, x), zero outside (the ONNX
   reference samples with GridSample: align_corners 1, zeros padding),
   LOAD converting an element of T to float or double. */
#define RT_DEFORM_SAMPLE(T, LOAD, plane, h, w, y, x, out)                                                  \
    do {                                                                                                   \
        out = 0;                                                                                           \
        if ((y) > -1 && (y) < (double)(h) && (x) > -1 && (x) < (double)(w)) {                             \
            double y0_ = floor(y), x0_ = floor(x), ly_ = (y) - y0_, lx_ = (x) - x0_;                       \
            int64_t yi_ = (int64_t)y0_, xi_ = (int64_t)x0_;                                                \
            if (yi_ >= 0 && xi_ >= 0) out += (1 - ly_) * (1 - lx_) * (double)LOAD(plane[yi_ * (w) + xi_]); \
            if (yi_ >= 0 && xi_ + 1 < (w)) out += (1 - ly_) * lx_ * (double)LOAD(plane[yi_ * (w) + xi_ + 1]); \
            if (yi_ + 1 < (h) && xi_ >= 0) out += ly_ * (1 - lx_) * (double)LOAD(plane[(yi_ + 1) * (w) + xi_]); \
            if (yi_ + 1 < (h) && xi_ + 1 < (w))                                                            \
                out += ly_ * lx_ * (double)LOAD(plane[(yi_ + 1) * (w) + xi_ + 1]);                         \
        }                                                                                                  \
    } while (0)

/* The masked samples of every input channel and kernel tap for output
   position (oy, ox) of image b into col [in_channels * kernel_h * kernel_w]. */
#define RT_DEFORM_COLUMN(T, LOAD)                                                                          \
    do {                                                                                                   \
        int64_t taps = p->kernel_h * p->kernel_w, per_group = p->in_channels / p->offset_group;            \
        int64_t opos = oy * p->out_w + ox, oplane = p->out_h * p->out_w;                                   \
        for (int64_t ci = 0; ci < p->in_channels; ci++) {                                                  \
            int64_t og = ci / per_group;                                                                   \
            const T *plane = x + (b * p->in_channels + ci) * p->in_h * p->in_w;                            \
            for (int64_t t = 0; t < taps; t++) {                                                           \
                int64_t ot = (b * p->offset_group + og) * taps + t; /* mask channel; offsets at 2 ot */    \
                double dy = (double)LOAD(offset[(2 * ot) * oplane + opos]);                                \
                double dx = (double)LOAD(offset[(2 * ot + 1) * oplane + opos]);                            \
                double sy = (double)(oy * p->stride_h - p->pad_h + t / p->kernel_w * p->dilation_h) + dy;  \
                double sx = (double)(ox * p->stride_w - p->pad_w + t % p->kernel_w * p->dilation_w) + dx;  \
                double v;                                                                                  \
                RT_DEFORM_SAMPLE(T, LOAD, plane, p->in_h, p->in_w, sy, sx, v);                             \
                col[ci * taps + t] = mask ? v * (double)LOAD(mask[ot * oplane + opos]) : v;                \
            }                                                                                              \
        }                                                                                                  \
    } while (0)

/* DeformConv (rt_deform_conv_params): per output position, the sampled
   column, then each output channel's dot product with its group's part. */
#define RT_DEFORM_CONV(name, T, C, LOAD, STORE)                                                            \
    static void name(const rt_deform_conv_params *p, const T *x, const T *w, const T *offset, const T *bias, \
                     const T *mask, T *y, void *scratch)                                                   \
    {                                                                                                      \
        double *col = (double *)scratch;                                                                   \
        int64_t taps = p->kernel_h * p->kernel_w, cig = p->in_channels / p->group;                         \
        int64_t cog = p->out_channels / p->group;                                                          \
        for (int64_t b = 0; b < p->batch; b++)                                                             \
            for (int64_t oy = 0; oy < p->out_h; oy++)                                                      \
                for (int64_t ox = 0; ox < p->out_w; ox++) {                                                \
                    RT_DEFORM_COLUMN(T, LOAD);                                                             \
                    for (int64_t co = 0; co < p->out_channels; co++) {                                     \
                        const double *cg = col + co / cog * cig * taps;                                    \
                        const T *wc = w + co * cig * taps;                                                 \
                        double acc = bias ? (double)LOAD(bias[co]) : 0;                                    \
                        for (int64_t k = 0; k < cig * taps; k++) acc += (double)LOAD(wc[k]) * cg[k];       \
                        y[((b * p->out_channels + co) * p->out_h + oy) * p->out_w + ox] = STORE((C)acc);   \
                    }                                                                                      \
                }                                                                                          \
    }
//@end

/* instances: f32 f64 f16 bf16
   @kernel rt_deform_conv_$s(rt_deform_conv_params, x, w, offset, bias, mask, y, scratch) needs rt_deform_conv_macros rt_half
   RT_DEFORM_CONV(rt_deform_conv_$s, $t, $c, $load, $store)
*/
//@kernel rt_deform_conv_f32(rt_deform_conv_params, x, w, offset, bias, mask, y, scratch) needs rt_deform_conv_macros rt_half
RT_DEFORM_CONV(rt_deform_conv_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_deform_conv_f64(rt_deform_conv_params, x, w, offset, bias, mask, y, scratch) needs rt_deform_conv_macros rt_half
RT_DEFORM_CONV(rt_deform_conv_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_deform_conv_f16(rt_deform_conv_params, x, w, offset, bias, mask, y, scratch) needs rt_deform_conv_macros rt_half
RT_DEFORM_CONV(rt_deform_conv_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_deform_conv_bf16(rt_deform_conv_params, x, w, offset, bias, mask, y, scratch) needs rt_deform_conv_macros rt_half
RT_DEFORM_CONV(rt_deform_conv_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */
