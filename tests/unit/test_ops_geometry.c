/* Unit tests for the image-geometry operators (ops/geometry.c,
   runtime/geometry.c): each kernel against a plain loop written from the
   ONNX reference implementation (onnx/reference/ops/op_*.py) on odd shapes
   (sizes 1 and primes), with grid points and RoIs far outside the image;
   and the attribute values dlc rejects. The graphs are built in the IR with
   constant inputs, so inference folds every node and the kernels run inside
   the test. The node cases cover the float32 2-D and 3-D GridSample modes
   one padding mode at a time; these tests cover every combination, 1-D,
   double and float16. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fold_graph.h"

TestSuite(geometry_ops, .init = setup, .fini = teardown);

static void attr_str_set(ir_node *n, const char *name, const char *v)
{
    add_attr(n, name, IR_ATTR_STRING)->s = ir_strdup(g, v);
}

/* A deterministic pseudo-random value in [lo, hi). */
static double rnd(unsigned *state, double lo, double hi)
{
    *state = *state * 1103515245u + 12345u;
    return lo + (hi - lo) * (double)((*state >> 8) & 0xffff) / 65536.0;
}

static void expect_close(const double *got, const double *want, int64_t count, double tol)
{
    for (int64_t i = 0; i < count; i++)
        cr_assert(fabs(got[i] - want[i]) <= tol * (1 + fabs(want[i])), "element %lld is %.9g, expected %.9g",
                  (long long)i, got[i], want[i]);
}

/* ---- GridSample: the reference's 2-D algorithm ------------------------------------ */

typedef struct gs_ref {
    int mode;      /* 0 linear, 1 nearest, 2 cubic */
    int padding;   /* 0 zeros, 1 border, 2 reflection */
    int ac;        /* align_corners */
    int single;    /* coordinates rounded to float (float32 data) */
} gs_ref;

/* _gs_reflect, with the reference's truncating int(). */
static double ref_reflect(double x, double lo, double hi)
{
    double rng = hi - lo;
    if (rng <= 0) return lo;
    if (x < lo) {
        double dx = lo - x, n = trunc(dx / rng), r = dx - n * rng;
        return fmod(n, 2) == 0 ? lo + r : hi - r;
    }
    if (x > hi) {
        double dx = x - hi, n = trunc(dx / rng), r = dx - n * rng;
        return fmod(n, 2) == 0 ? hi - r : lo + r;
    }
    return x;
}

/* The reference's borders: pixel centres of the edge pixels, or their outer edges. */
static double ref_lo(const gs_ref *m) { return m->ac ? 0 : -0.5; }
static double ref_hi(const gs_ref *m, int64_t len) { return m->ac ? (double)len - 1 : (double)len - 0.5; }

/* _pixel_at_array on one axis: the index after padding, -1 for zero. */
static int64_t ref_index(const gs_ref *m, int64_t i, int64_t len)
{
    if (m->padding == 0) return i >= 0 && i < len ? i : -1;
    if (m->padding == 1) return i < 0 ? 0 : i >= len ? len - 1 : i;
    return (int64_t)ref_reflect((double)i, ref_lo(m), ref_hi(m, len));
}

static double ref_pixel(const gs_ref *m, const double *plane, int64_t H, int64_t W, int64_t i, int64_t j)
{
    i = ref_index(m, i, H);
    j = ref_index(m, j, W);
    return i < 0 || j < 0 ? 0 : plane[i * W + j];
}

/* The denormalised, rounded and padded coordinate of one axis. */
static double ref_coord(const gs_ref *m, double gv, int64_t len)
{
    double x = m->ac ? (gv + 1) / 2.0 * (double)(len - 1) : ((gv + 1) * (double)len - 1) / 2.0;
    if (m->single) x = (float)x;
    if (m->mode == 1) x = nearbyint(x);
    double lo = ref_lo(m), hi = ref_hi(m, len);
    if (x < lo || x > hi) {
        if (m->padding == 1) x = x < 0 ? 0 : x > (double)len - 1 ? (double)len - 1 : x;
        if (m->padding == 2) x = ref_reflect(x, lo, hi);
        if (m->single) x = (float)x;
    }
    return x;
}

static void ref_cubic(double t, double *c)
{
    const double a = -0.75;
    t = fabs(t);
    c[0] = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a;
    c[1] = ((a + 2) * t - (a + 3)) * t * t + 1;
    c[2] = ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1;
    c[3] = ((a * (2 - t) - 5 * a) * (2 - t) + 8 * a) * (2 - t) - 4 * a;
}

/* One output value: interpolate each row along x, then the rows along y
   (the reference's recursion, innermost axis first). */
static double ref_sample_2d(const gs_ref *m, const double *plane, int64_t H, int64_t W, double gx, double gy)
{
    double x = ref_coord(m, gx, W), y = ref_coord(m, gy, H);
    if (m->mode == 1) return ref_pixel(m, plane, H, W, (int64_t)y, (int64_t)x);
    int taps = m->mode == 0 ? 2 : 4, first = m->mode == 0 ? 0 : -1;
    double x0 = floor(x), y0 = floor(y), cx[4], cy[4], rows[4], v = 0;
    if (m->mode == 0) cx[0] = 1 - (x - x0), cx[1] = x - x0, cy[0] = 1 - (y - y0), cy[1] = y - y0;
    else ref_cubic(x - x0, cx), ref_cubic(y - y0, cy);
    for (int r = 0; r < taps; r++) {
        rows[r] = 0;
        for (int k = 0; k < taps; k++)
            rows[r] += cx[k] * ref_pixel(m, plane, H, W, (int64_t)y0 + first + r, (int64_t)x0 + first + k);
        v += cy[r] * rows[r];
    }
    return v;
}

/* Runs GridSample on X [N, C, H, W] and a grid [N, Ho, Wo, 2] of type dtype
   (float or double) and compares every output with ref_sample_2d. */
static void check_grid_sample_2d(int32_t dtype, const gs_ref *m, int64_t N, int64_t C, int64_t H, int64_t W,
                                 int64_t Ho, int64_t Wo, unsigned seed)
{
    static const char *const modes[] = {"linear", "nearest", "cubic"};
    static const char *const pads[] = {"zeros", "border", "reflection"};
    int64_t xd[4] = {N, C, H, W}, gd[4] = {N, Ho, Wo, 2}, nx = N * C * H * W, ng = N * Ho * Wo * 2;
    double *x = ir_alloc(g, sizeof(double) * (size_t)nx), *grid = ir_alloc(g, sizeof(double) * (size_t)ng);
    float *xf = ir_alloc(g, sizeof(float) * (size_t)nx), *gf = ir_alloc(g, sizeof(float) * (size_t)ng);
    for (int64_t i = 0; i < nx; i++) xf[i] = (float)(x[i] = rnd(&seed, -2, 2));
    for (int64_t i = 0; i < ng; i++) {
        grid[i] = rnd(&seed, -2.5, 2.5);
        if (i % 7 == 0) grid[i] = round(grid[i] * 4) / 4; /* exact halves and quarters */
        if (i % 23 == 0) grid[i] = i % 2 ? 40.25 : -17.5; /* far outside: many reflections */
        if (dtype == DT_FLOAT) grid[i] = gf[i] = (float)grid[i];
    }
    bool f32 = dtype == DT_FLOAT;
    ir_value *in[2] = {tensor(dtype, 4, xd, f32 ? (void *)xf : x), tensor(dtype, 4, gd, f32 ? (void *)gf : grid)};
    ir_node *n = node("GridSample", 22, 2, in, 1);
    attr_str_set(n, "mode", modes[m->mode]);
    attr_str_set(n, "padding_mode", pads[m->padding]);
    attr_int_set(n, "align_corners", m->ac);
    cr_assert(infer());
    int64_t ny = N * C * Ho * Wo;
    double *got = ir_alloc(g, sizeof(double) * (size_t)ny), *want = ir_alloc(g, sizeof(double) * (size_t)ny);
    for (int64_t i = 0; i < ny; i++) {
        int64_t pt = i % (Ho * Wo), nc = i / (Ho * Wo), b = nc / C;
        const double *gp = grid + (b * Ho * Wo + pt) * 2;
        want[i] = ref_sample_2d(m, x + nc * H * W, H, W, gp[0], gp[1]);
        got[i] = f32 ? ((const float *)n->outputs[0]->data)[i] : ((const double *)n->outputs[0]->data)[i];
    }
    expect_close(got, want, ny, f32 ? 2e-6 : 1e-12);
}

Test(geometry_ops, grid_sample_2d_every_mode_padding_and_alignment)
{
    /* X [2, 3, 5, 7] and [1, 1, 1, 2] (size 1: a reflection range of 0
       when aligned to corners), grids of 11 and 3 x 2 points */
    for (int mode = 0; mode < 3; mode++)
        for (int pad = 0; pad < 3; pad++)
            for (int ac = 0; ac < 2; ac++) {
                gs_ref m = {mode, pad, ac, 1};
                check_grid_sample_2d(DT_FLOAT, &m, 2, 3, 5, 7, 1, 11, 17u + (unsigned)(mode * 6 + pad * 2 + ac));
                check_grid_sample_2d(DT_FLOAT, &m, 1, 1, 1, 2, 3, 2, 5u + (unsigned)mode);
            }
}

Test(geometry_ops, grid_sample_double_keeps_double_coordinates)
{
    for (int mode = 0; mode < 3; mode++) {
        gs_ref m = {mode, 2, mode == 1, 0};
        check_grid_sample_2d(DT_DOUBLE, &m, 1, 2, 3, 5, 2, 3, 99u);
    }
}

Test(geometry_ops, grid_sample_1d_linear)
{
    /* W = 3, not aligned: g = -1, 0, 0.5, 1.4 -> x = -0.5, 1, 1.75, 3.1 */
    float x[3] = {1, 2, 4}, grid[4] = {-1, 0, 0.5f, 1.4f};
    int64_t xd[3] = {1, 1, 3}, gd[3] = {1, 4, 1};
    ir_value *in[2] = {tensor(DT_FLOAT, 3, xd, x), tensor(DT_FLOAT, 3, gd, grid)};
    ir_node *n = node("GridSample", 20, 2, in, 1);
    cr_assert(infer());
    float want[4] = {0.5f, 2, 3.5f, 0};
    expect_f32(n->outputs[0], 4, want);
}

Test(geometry_ops, grid_sample_float16_bilinear_opset16)
{
    /* [[1, 2], [3, 4]] at its centre (0, 0) and at pixel (1, 0): 2.5 and 3 */
    uint16_t x[4] = {0x3c00, 0x4000, 0x4200, 0x4400}, grid[4] = {0, 0, 0xb800, 0x3800}; /* (0, 0), (-0.5, 0.5) */
    int64_t xd[4] = {1, 1, 2, 2}, gd[4] = {1, 1, 2, 2};
    ir_value *in[2] = {tensor(DT_FLOAT16, 4, xd, x), tensor(DT_FLOAT16, 4, gd, grid)};
    ir_node *n = node("GridSample", 16, 2, in, 1);
    attr_str_set(n, "mode", "bilinear");
    cr_assert(infer());
    const uint16_t *y = n->outputs[0]->data;
    cr_expect(y[0] == 0x4100 && y[1] == 0x4200, "got %04x %04x", y[0], y[1]); /* 2.5, 3 */
}

Test(geometry_ops, grid_sample_rejects_what_it_does_not_know)
{
    int64_t xd[4] = {1, 1, 2, 2}, gd[4] = {1, 1, 1, 2}, x6[6] = {1, 1, 2, 2, 2, 2}, g6[6] = {1, 1, 1, 1, 1, 4};
    const char *cases[][3] = {{"16", "mode", "linear"}, {"20", "mode", "bicubic"}, {"22", "padding_mode", "wrap"}};
    for (int i = 0; i < 3; i++) {
        teardown();
        setup();
        ir_value *in[2] = {tensor(DT_FLOAT, 4, xd, NULL), tensor(DT_FLOAT, 4, gd, NULL)};
        ir_node *n = node("GridSample", atoi(cases[i][0]), 2, in, 1);
        attr_str_set(n, cases[i][1], cases[i][2]);
        cr_assert(!infer());
        cr_expect_eq(diag_last_kind(), DIAG_UNSUPPORTED);
        cr_expect(strstr(diag_message(), cases[i][2]), "%s", diag_message());
    }
    teardown();
    setup();
    ir_value *ints[2] = {tensor(DT_INT32, 4, xd, NULL), tensor(DT_FLOAT, 4, gd, NULL)};
    node("GridSample", 22, 2, ints, 1);
    cr_assert(!infer());
    cr_expect_eq(diag_last_kind(), DIAG_UNSUPPORTED);
    teardown();
    setup();
    ir_value *four[2] = {tensor(DT_FLOAT, 6, x6, NULL), tensor(DT_FLOAT, 6, g6, NULL)};
    node("GridSample", 22, 2, four, 1);
    cr_assert(!infer());
    cr_expect(strstr(diag_message(), "4 spatial axes"), "%s", diag_message());
}

/* ---- AffineGrid ------------------------------------------------------------------------ */

/* np.arange as the reference builds the base grid. */
static double ref_base(int64_t i, int64_t n, int ac)
{
    if (ac) return n > 1 ? -1 + (double)i * (2.0 / (double)(n - 1)) : -1;
    return -1 + 1.0 / (double)n + (double)i * (2.0 / (double)n);
}

static void check_affine_grid(int s, const int64_t *size, int ac, unsigned seed)
{
    int64_t N = size[0], td[3] = {N, s, s + 1}, sd = s + 2, points = 1;
    float theta[3 * 12];
    for (int i = 0; i < N * s * (s + 1); i++) theta[i] = (float)rnd(&seed, -2, 2);
    ir_value *in[2] = {tensor(DT_FLOAT, 3, td, theta), tensor(DT_INT64, 1, &sd, size)};
    ir_node *n = node("AffineGrid", 20, 2, in, 1);
    attr_int_set(n, "align_corners", ac);
    cr_assert(infer());
    for (int d = 0; d < s; d++) points *= size[2 + d];
    const float *y = n->outputs[0]->data;
    for (int64_t b = 0; b < N; b++)
        for (int64_t pt = 0; pt < points; pt++) {
            int64_t rest = pt;
            double v[4] = {0, 0, 0, 1};
            for (int d = s - 1; d >= 0; d--) { /* v[0] walks the innermost axis */
                v[s - 1 - d] = ref_base(rest % size[2 + d], size[2 + d], ac);
                rest /= size[2 + d];
            }
            v[s] = 1;
            for (int r = 0; r < s; r++) {
                double want = 0;
                for (int j = 0; j <= s; j++) want += theta[(b * s + r) * (s + 1) + j] * v[j];
                double got = y[(b * points + pt) * s + r];
                cr_assert(fabs(got - want) <= 1e-6 * (1 + fabs(want)), "grid %lld, point %lld, %d: %g, expected %g",
                          (long long)b, (long long)pt, r, got, want);
            }
        }
}

Test(geometry_ops, affine_grid_2d_and_3d_odd_sizes)
{
    int64_t s2[4] = {3, 2, 5, 1}, s3[5] = {2, 1, 1, 3, 7};
    for (int ac = 0; ac < 2; ac++) {
        check_affine_grid(2, s2, ac, 3u);
        check_affine_grid(3, s3, ac, 4u);
    }
}

Test(geometry_ops, affine_grid_size_must_be_known)
{
    int64_t td[3] = {1, 2, 3}, sd = 4;
    ir_value *in[2] = {tensor(DT_FLOAT, 3, td, NULL), tensor(DT_INT64, 1, &sd, NULL)};
    node("AffineGrid", 20, 2, in, 1);
    cr_assert(!infer());
    cr_expect(strstr(diag_message(), "compile time"), "%s", diag_message());
}

/* ---- Col2Im ----------------------------------------------------------------------------- */

/* _col2im_naive_implementation_2d for one image of one channel. */
static void ref_col2im_2d(const float *col, const int64_t *image, const int64_t *block, const int64_t *dil,
                          const int64_t *pads, const int64_t *stride, double *im)
{
    int64_t hc = (image[0] + pads[0] + pads[2] - (dil[0] * (block[0] - 1) + 1)) / stride[0] + 1;
    int64_t wc = (image[1] + pads[1] + pads[3] - (dil[1] * (block[1] - 1) + 1)) / stride[1] + 1;
    for (int64_t i = 0; i < image[0] * image[1]; i++) im[i] = 0;
    for (int64_t c = 0; c < block[0] * block[1]; c++) {
        int64_t w_off = c % block[1], h_off = c / block[1];
        for (int64_t h = 0; h < hc; h++)
            for (int64_t w = 0; w < wc; w++) {
                int64_t hi = h * stride[0] - pads[0] + h_off * dil[0], wi = w * stride[1] - pads[1] + w_off * dil[1];
                if (hi >= 0 && hi < image[0] && wi >= 0 && wi < image[1])
                    im[hi * image[1] + wi] += col[(c * hc + h) * wc + w];
            }
    }
}

Test(geometry_ops, col2im_2d_pads_strides_dilations)
{
    /* N 2, C 3, image 5 x 7, block 2 x 3, pads (1, 0, 0, 2), strides (2, 1),
       dilations (1, 2): 3 x 5 = 15 blocks */
    int64_t image[2] = {5, 7}, block[2] = {2, 3}, pads[4] = {1, 0, 0, 2}, strides[2] = {2, 1}, dil[2] = {1, 2};
    int64_t xd[3] = {2, 3 * 6, 15};
    float x[2 * 18 * 15];
    unsigned seed = 11;
    for (int i = 0; i < 2 * 18 * 15; i++) x[i] = (float)rnd(&seed, -1, 1);
    ir_value *in[3] = {tensor(DT_FLOAT, 3, xd, x), ints1(2, image), ints1(2, block)};
    ir_node *n = node("Col2Im", 18, 3, in, 1);
    attr_ints_set(n, "pads", 4, pads);
    attr_ints_set(n, "strides", 2, strides);
    attr_ints_set(n, "dilations", 2, dil);
    cr_assert(infer());
    int64_t yd[4] = {2, 3, 5, 7};
    expect_shape(n->outputs[0], 4, yd);
    double want[35], got[35];
    for (int nc = 0; nc < 6; nc++) {
        ref_col2im_2d(x + nc * 6 * 15, image, block, dil, pads, strides, want);
        for (int i = 0; i < 35; i++) got[i] = ((const float *)n->outputs[0]->data)[nc * 35 + i];
        expect_close(got, want, 35, 1e-6);
    }
}

Test(geometry_ops, col2im_1d_and_bad_block_count)
{
    /* image 7, block 3, stride 2: blocks at 0, 2, 4; x [1, 3, 3] = offset k of block b is 10 k + b */
    float x[9] = {0, 1, 2, 10, 11, 12, 20, 21, 22};
    int64_t xd[3] = {1, 3, 3}, image = 7, block = 3, stride = 2;
    ir_value *in[3] = {tensor(DT_FLOAT, 3, xd, x), ints1(1, &image), ints1(1, &block)};
    ir_node *n = node("Col2Im", 18, 3, in, 1);
    attr_ints_set(n, "strides", 1, &stride);
    cr_assert(infer());
    float want[7] = {0, 10, 20 + 1, 11, 21 + 2, 12, 22};
    expect_f32(n->outputs[0], 7, want);
    teardown();
    setup();
    int64_t bad[3] = {1, 3, 4};
    ir_value *in2[3] = {tensor(DT_FLOAT, 3, bad, NULL), ints1(1, &image), ints1(1, &block)};
    ir_node *m = node("Col2Im", 18, 3, in2, 1);
    attr_ints_set(m, "strides", 1, &stride);
    cr_assert(!infer());
    cr_expect(strstr(diag_message(), "[N, C * 3, 3]"), "%s", diag_message());
}

/* ---- RoiAlign ----------------------------------------------------------------------------- */

typedef struct roi_ref {
    int64_t N, C, H, W, R, oh, ow, sr;
    int max, half;
    double scale;
} roi_ref;

/* roi_align_forward for one RoI, channel and bin. */
static double ref_roi_bin(const roi_ref *q, const float *plane, const float *roi, int64_t ph, int64_t pw)
{
    double off = q->half ? 0.5 : 0, sw = roi[0] * q->scale - off, sh = roi[1] * q->scale - off;
    double rw = roi[2] * q->scale - off - sw, rh = roi[3] * q->scale - off - sh;
    if (!q->half) rw = fmax(rw, 1), rh = fmax(rh, 1);
    double bh = rh / (double)q->oh, bw = rw / (double)q->ow;
    int64_t gh = q->sr > 0 ? q->sr : (int64_t)ceil(rh / (double)q->oh);
    int64_t gw = q->sr > 0 ? q->sr : (int64_t)ceil(rw / (double)q->ow);
    double out = 0;
    int first = 1;
    for (int64_t iy = 0; iy < gh; iy++)
        for (int64_t ix = 0; ix < gw; ix++) {
            double y = sh + (double)ph * bh + ((double)iy + 0.5) * bh / (double)gh;
            double x = sw + (double)pw * bw + ((double)ix + 0.5) * bw / (double)gw, v[4] = {0, 0, 0, 0};
            if (!(y < -1.0 || y > (double)q->H || x < -1.0 || x > (double)q->W)) {
                y = fmax(y, 0), x = fmax(x, 0);
                int64_t yl = (int64_t)y, xl = (int64_t)x, yh = yl + 1, xh = xl + 1;
                if (yl >= q->H - 1) yh = yl = q->H - 1, y = (double)yl;
                if (xl >= q->W - 1) xh = xl = q->W - 1, x = (double)xl;
                double ly = y - (double)yl, lx = x - (double)xl;
                v[0] = (1 - ly) * (1 - lx) * plane[yl * q->W + xl];
                v[1] = (1 - ly) * lx * plane[yl * q->W + xh];
                v[2] = ly * (1 - lx) * plane[yh * q->W + xl];
                v[3] = ly * lx * plane[yh * q->W + xh];
            }
            double m = fmax(fmax(v[0], v[1]), fmax(v[2], v[3]));
            if (!q->max) out += v[0] + v[1] + v[2] + v[3];
            else out = first ? m : fmax(out, m);
            first = 0;
        }
    return q->max ? out : out / (double)(gh * gw > 1 ? gh * gw : 1);
}

static void check_roi_align(const roi_ref *q, unsigned seed)
{
    int64_t xd[4] = {q->N, q->C, q->H, q->W}, rd[2] = {q->R, 4}, nx = q->N * q->C * q->H * q->W;
    float *x = ir_alloc(g, sizeof(float) * (size_t)nx), rois[4 * 8];
    int64_t idx[8];
    for (int64_t i = 0; i < nx; i++) x[i] = (float)rnd(&seed, -3, 3);
    for (int64_t r = 0; r < q->R; r++) {
        rois[r * 4] = (float)rnd(&seed, -3, (double)q->W + 2);
        rois[r * 4 + 1] = (float)rnd(&seed, -3, (double)q->H + 2);
        rois[r * 4 + 2] = rois[r * 4] + (float)rnd(&seed, -1, 9); /* some inverted */
        rois[r * 4 + 3] = rois[r * 4 + 1] + (float)rnd(&seed, -1, 9);
        idx[r] = r % q->N;
    }
    ir_value *in[3] = {tensor(DT_FLOAT, 4, xd, x), tensor(DT_FLOAT, 2, rd, rois), ints1((int)q->R, idx)};
    ir_node *n = node("RoiAlign", 16, 3, in, 1);
    attr_int_set(n, "output_height", q->oh);
    attr_int_set(n, "output_width", q->ow);
    attr_int_set(n, "sampling_ratio", q->sr);
    add_attr(n, "spatial_scale", IR_ATTR_FLOAT)->f = (float)q->scale;
    attr_str_set(n, "mode", q->max ? "max" : "avg");
    attr_str_set(n, "coordinate_transformation_mode", q->half ? "half_pixel" : "output_half_pixel");
    cr_assert(infer());
    const float *y = n->outputs[0]->data;
    for (int64_t r = 0; r < q->R; r++)
        for (int64_t c = 0; c < q->C; c++)
            for (int64_t b = 0; b < q->oh * q->ow; b++) {
                double want = ref_roi_bin(q, x + (idx[r] * q->C + c) * q->H * q->W, rois + r * 4, b / q->ow, b % q->ow);
                double got = y[(r * q->C + c) * q->oh * q->ow + b];
                cr_assert(fabs(got - want) <= 1e-5 * (1 + fabs(want)),
                          "roi %lld channel %lld bin %lld: %g, expected %g", (long long)r, (long long)c,
                          (long long)b, got, want);
            }
}

Test(geometry_ops, roi_align_modes_and_coordinates_on_odd_shapes)
{
    for (int max = 0; max < 2; max++)
        for (int half = 0; half < 2; half++)
            for (int sr = 0; sr < 3; sr += 2) {
                roi_ref a = {2, 3, 7, 5, 5, 3, 2, sr, max, half, 0.5};
                check_roi_align(&a, 31u + (unsigned)(max * 4 + half * 2 + sr));
                roi_ref b = {1, 1, 1, 1, 3, 1, 3, sr, max, half, 1.0}; /* a 1 x 1 feature map */
                check_roi_align(&b, 7u);
            }
}

Test(geometry_ops, roi_align_batch_index_out_of_range_gives_zeros)
{
    float x[4] = {1, 2, 3, 4}, rois[8] = {0, 0, 1, 1, 0, 0, 1, 1};
    int64_t xd[4] = {1, 1, 2, 2}, rd[2] = {2, 4}, idx[2] = {0, 5};
    ir_value *in[3] = {tensor(DT_FLOAT, 4, xd, x), tensor(DT_FLOAT, 2, rd, rois), ints1(2, idx)};
    ir_node *n = node("RoiAlign", 10, 3, in, 1); /* opset 10: output_half_pixel */
    cr_assert(infer());
    const float *y = n->outputs[0]->data;
    cr_expect(fabs(y[0] - 2.5f) < 1e-6, "%g", y[0]); /* the 1 x 1 RoI's centre (0.5, 0.5) */
    cr_expect(y[1] == 0, "%g", y[1]);
}

Test(geometry_ops, roi_align_rejects_unknown_mode)
{
    int64_t xd[4] = {1, 1, 2, 2}, rd[2] = {1, 4}, id = 1;
    ir_value *in[3] = {tensor(DT_FLOAT, 4, xd, NULL), tensor(DT_FLOAT, 2, rd, NULL), tensor(DT_INT64, 1, &id, NULL)};
    ir_node *n = node("RoiAlign", 22, 3, in, 1);
    attr_str_set(n, "coordinate_transformation_mode", "align_corners");
    cr_assert(!infer());
    cr_expect_eq(diag_last_kind(), DIAG_UNSUPPORTED);
    cr_expect(strstr(diag_message(), "align_corners"), "%s", diag_message());
}

/* ---- DeformConv ------------------------------------------------------------------------------ */

/* GridSample's bilinear sample (align_corners 1, zeros padding) of an h x w plane. */
static double ref_bilinear_zeros(const float *plane, int64_t h, int64_t w, double y, double x)
{
    double y0 = floor(y), x0 = floor(x), v = 0;
    for (int dy = 0; dy < 2; dy++)
        for (int dx = 0; dx < 2; dx++) {
            double yi = y0 + dy, xi = x0 + dx;
            if (yi < 0 || yi >= (double)h || xi < 0 || xi >= (double)w) continue;
            v += (dy ? y - y0 : 1 - (y - y0)) * (dx ? x - x0 : 1 - (x - x0)) * plane[(int64_t)yi * w + (int64_t)xi];
        }
    return v;
}

Test(geometry_ops, deform_conv_groups_offset_groups_mask_against_direct_loop)
{
    /* X [2, 4, 5, 7], W [6, 2, 3, 2] (group 2), offset_group 2, strides (2, 1),
       dilations (1, 2), pads (1, 0, 2, 1): out 3 x 6; offsets up to +-3 move
       taps outside; integer ones land on pixel centres */
    enum { N = 2, C = 4, H = 5, Wd = 7, OC = 6, G = 2, OG = 2, KH = 3, KW = 2, OH = 3, OW = 6 };
    int64_t strides[2] = {2, 1}, dil[2] = {1, 2}, pads[4] = {1, 0, 2, 1};
    static float x[N * C * H * Wd], w[OC * (C / G) * KH * KW], off[N * OG * KH * KW * 2 * OH * OW],
        mask[N * OG * KH * KW * OH * OW], bias[OC];
    unsigned seed = 5;
    for (size_t i = 0; i < sizeof x / sizeof *x; i++) x[i] = (float)rnd(&seed, -1, 1);
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) w[i] = (float)rnd(&seed, -1, 1);
    for (size_t i = 0; i < sizeof off / sizeof *off; i++) /* every 5th an integer */
        off[i] = (float)(i % 5 ? rnd(&seed, -3, 3) : (double)(i % 7) - 3);
    for (size_t i = 0; i < sizeof mask / sizeof *mask; i++) mask[i] = (float)rnd(&seed, 0, 1);
    for (int i = 0; i < OC; i++) bias[i] = (float)i - 2;
    int64_t xd[4] = {N, C, H, Wd}, wd[4] = {OC, C / G, KH, KW}, od[4] = {N, OG * KH * KW * 2, OH, OW},
            md[4] = {N, OG * KH * KW, OH, OW}, bd = OC;
    ir_value *in[5] = {tensor(DT_FLOAT, 4, xd, x), tensor(DT_FLOAT, 4, wd, w), tensor(DT_FLOAT, 4, od, off),
                       tensor(DT_FLOAT, 1, &bd, bias), tensor(DT_FLOAT, 4, md, mask)};
    ir_node *n = node("DeformConv", 19, 5, in, 1);
    attr_ints_set(n, "strides", 2, strides);
    attr_ints_set(n, "dilations", 2, dil);
    attr_ints_set(n, "pads", 4, pads);
    attr_int_set(n, "group", G);
    attr_int_set(n, "offset_group", OG);
    cr_assert(infer());
    int64_t yd[4] = {N, OC, OH, OW};
    expect_shape(n->outputs[0], 4, yd);
    const float *y = n->outputs[0]->data;
    for (int b = 0; b < N; b++)
        for (int oc = 0; oc < OC; oc++)
            for (int i = 0; i < OH; i++)
                for (int j = 0; j < OW; j++) {
                    double want = bias[oc];
                    for (int ic = oc / (OC / G) * (C / G); ic < (oc / (OC / G) + 1) * (C / G); ic++) {
                        int og = ic / (C / OG);
                        for (int kh = 0; kh < KH; kh++)
                            for (int kw = 0; kw < KW; kw++) {
                                int t = (og * KH + kh) * KW + kw;
                                int at = (b * OG * KH * KW * 2 + 2 * t) * OH * OW + i * OW + j; /* dy; dx next */
                                double sy = i * strides[0] - pads[0] + kh * dil[0] + off[at];
                                double sx = j * strides[1] - pads[1] + kw * dil[1] + off[at + OH * OW];
                                want += w[((oc * (C / G) + ic % (C / G)) * KH + kh) * KW + kw] *
                                        mask[((b * OG * KH * KW + t) * OH + i) * OW + j] *
                                        ref_bilinear_zeros(x + (b * C + ic) * H * Wd, H, Wd, sy, sx);
                            }
                    }
                    double got = y[((b * OC + oc) * OH + i) * OW + j];
                    cr_assert(fabs(got - want) <= 1e-5 * (1 + fabs(want)), "y[%d, %d, %d, %d] = %g, expected %g",
                              b, oc, i, j, got, want);
                }
}

Test(geometry_ops, deform_conv_rejects_3d_and_bad_offsets)
{
    int64_t xd[5] = {1, 1, 3, 3, 3}, wd[5] = {1, 1, 2, 2, 2}, od[5] = {1, 24, 2, 2, 2};
    ir_value *in[3] = {tensor(DT_FLOAT, 5, xd, NULL), tensor(DT_FLOAT, 5, wd, NULL), tensor(DT_FLOAT, 5, od, NULL)};
    node("DeformConv", 19, 3, in, 1);
    cr_assert(!infer());
    cr_expect_eq(diag_last_kind(), DIAG_UNSUPPORTED);
    teardown();
    setup();
    int64_t x2[4] = {1, 1, 3, 3}, w2[4] = {1, 1, 2, 2}, o2[4] = {1, 4, 2, 2}; /* 8 offset channels needed */
    ir_value *in2[3] = {tensor(DT_FLOAT, 4, x2, NULL), tensor(DT_FLOAT, 4, w2, NULL), tensor(DT_FLOAT, 4, o2, NULL)};
    node("DeformConv", 22, 3, in2, 1);
    cr_assert(!infer());
    cr_expect(strstr(diag_message(), "offset must be a float tensor of shape [1, 8, 2, 2]"), "%s", diag_message());
}
