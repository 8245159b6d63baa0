/* Differential tests of the dense kernels (runtime/gemm.c, runtime/conv.c):
   the blocked sgemm against a double-precision loop, and the im2col/sgemm
   Conv, the depthwise Conv and the sgemm/col2im ConvTranspose against the
   direct reference loops, on shapes that cross every blocking boundary
   (MC, KC, NC, the im2col chunk, the micro-tile edges). Chunk, scratch and
   weight packing come from runtime/gemm.h and conv.h, as lowering's do.

   The runtime files are included directly, so this file also builds by hand
   with other flags to test the SIMD paths:
     cc -O2 -march=native -DDENSE_STANDALONE -Iruntime tests/unit/test_ops_dense.c -lm */
#ifndef DENSE_STANDALONE
#include <criterion/criterion.h>
#define CHECK(cond, ...) cr_assert(cond, __VA_ARGS__)
#else
#include <stdio.h>
#include <stdlib.h>
static int failures;
#define CHECK(cond, ...) do { if (!(cond)) { printf(__VA_ARGS__); printf("\n"); failures++; } } while (0)
#endif
#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Every kernel of the two files is compiled here; most are unused. */
#pragma GCC diagnostic ignored "-Wunused-function"
#include "../../runtime/rt.h"
#include "../../runtime/gemm.h"
#include "../../runtime/conv.c"
#include "../../runtime/gemm.c"
#include "../../runtime/winograd.h"
#include "../../runtime/winograd.c"

static uint32_t rng = 12345;
static float frand(void)
{
    rng = rng * 1664525u + 1013904223u;
    return (float)((rng >> 8) & 0xffff) / 32768.0f - 1.0f;
}

static float *rand_buf(int64_t n)
{
    float *p = malloc((size_t)(n ? n : 1) * sizeof *p);
    for (int64_t i = 0; i < n; i++) p[i] = frand();
    return p;
}

static void close_all(const float *got, const float *want, int64_t n, double tol, const char *what)
{
    for (int64_t i = 0; i < n; i++) {
        double d = fabs((double)got[i] - (double)want[i]);
        if (d > tol * (1.0 + fabs((double)want[i]))) {
            CHECK(0, "%s: element %lld is %g, expected %g", what, (long long)i, got[i], want[i]);
            return;
        }
    }
}

/* Cache blockings (MC x NC) the products run with: the defaults, the
   smallest, odd multiples of MR and 32, and the largest the cost model
   picks (ops/tiling.c, an AVX-512 target). */
static const rt_sgemm_blocking sgemm_blockings[] = {{0, 0}, {6, 32}, {18, 96}, {510, 2048}};
#define NUM_BLOCKINGS (sizeof sgemm_blockings / sizeof sgemm_blockings[0])

/* sgemm with every transpose and alpha/beta against a double loop, with
   each blocking: results within tolerance, and bit-identical to the default
   blocking's (the blocking must change no sum's order). */
static void check_sgemm(int64_t m, int64_t n, int64_t k, int ta, int tb, float alpha, float beta)
{
    float *a = rand_buf(m * k), *b = rand_buf(k * n), *c = rand_buf(m * n), *want = malloc((size_t)(m * n + 1) * 4);
    int64_t rsa = ta ? 1 : k, csa = ta ? m : 1, rsb = tb ? 1 : n, csb = tb ? k : 1;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = 0;
            for (int64_t q = 0; q < k; q++) s += (double)a[i * rsa + q * csa] * b[q * rsb + j * csb];
            want[i * n + j] = (float)(alpha * s + (beta == 0.0f ? 0.0 : (double)beta * c[i * n + j]));
        }
    float *c0 = malloc((size_t)(m * n + 1) * 4), *bp = malloc((size_t)(k * RT_SGEMM_NPAD(n) + 1) * 4);
    float *first = malloc((size_t)(m * n + 1) * 4);
    memcpy(c0, c, (size_t)(m * n) * 4);
    rt_sgemm_pack_b_matrix(b, k, n, rsb, csb, bp);
    for (size_t bl = 0; bl < NUM_BLOCKINGS; bl++) {
        rt_sgemm_blocking blk = rt_sgemm_blocking_of(sgemm_blockings[bl].mc, sgemm_blockings[bl].nc);
        float *work = malloc((size_t)RT_SGEMM_WORK_BLOCKED(m, n, k, blk.mc, blk.nc) * sizeof(float));
        char what[128];
        snprintf(what, sizeof what, "sgemm %lldx%lldx%lld ta=%d tb=%d blocks %lldx%lld", (long long)m, (long long)n,
                 (long long)k, ta, tb, (long long)blk.mc, (long long)blk.nc);
        memcpy(c, c0, (size_t)(m * n) * 4);
        rt_sgemm(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, n, work, NULL, blk);
        close_all(c, want, m * n, 1e-4, what);
        if (bl == 0) memcpy(first, c, (size_t)(m * n) * 4);
        else CHECK(memcmp(first, c, (size_t)(m * n) * 4) == 0, "%s: differs from the default blocking's", what);
        /* B packed as lowering packs constant weights: the whole product, and
           the columns from 32 on alone (a thread's block of columns) */
        memcpy(c, c0, (size_t)(m * n) * 4);
        rt_sgemm_bpacked(m, n, k, alpha, a, rsa, csa, bp, RT_SGEMM_NPAD(n), 0, beta, c, n, work, NULL, blk);
        close_all(c, want, m * n, 1e-4, "sgemm_bpacked");
        if (n > 32) {
            memcpy(c, c0, (size_t)(m * n) * 4);
            rt_sgemm_bpacked(m, n - 32, k, alpha, a, rsa, csa, bp, RT_SGEMM_NPAD(n), 32, beta, c + 32, n, work, NULL,
                             blk);
            for (int64_t i = 0; i < m; i++)
                close_all(c + i * n + 32, want + i * n + 32, n - 32, 1e-4, "sgemm_bpacked j0");
        }
        free(work);
    }
    free(a), free(b), free(c), free(c0), free(bp), free(want), free(first);
}

/* The last two are single rows wider than rt_sgemm_row's block of columns,
   with K not a multiple of its four rows at a time. */
static void run_sgemm_cases(void)
{
    static const int64_t sizes[][3] = {{1, 1, 1}, {5, 7, 3}, {6, 16, 1}, {7, 17, 9}, {13, 33, 300},
                                       {150, 40, 20}, {30, 1100, 17}, {145, 1030, 513}, {64, 3136, 576},
                                       {1, 97, 300}, {1, 128, 64}, {1, 5000, 3}, {1, 4100, 301}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int t = 0; t < 4; t++)
            check_sgemm(sizes[s][0], sizes[s][1], sizes[s][2], t & 1, t >> 1, t == 3 ? 0.5f : 1.0f,
                        t == 1 ? 0.0f : t == 2 ? -2.0f : 1.0f);
}

/* sgemm with an epilogue (runtime/epilogue.h): a per-row or per-column
   bias, a residual with its own row stride, and an activation, against a
   double loop; the shapes cross the KC, NC and micro-tile edges, so the
   epilogue must run once, after the last KC block of each tile. */
static void check_sgemm_epilogue(int64_t m, int64_t n, int64_t k, int per_row, int64_t activation)
{
    int64_t ldr = n + 3;
    float *a = rand_buf(m * k), *b = rand_buf(k * n), *bias = rand_buf(per_row ? m : n), *res = rand_buf(m * ldr);
    float *c = malloc((size_t)(m * n + 1) * 4), *want = malloc((size_t)(m * n + 1) * 4);
    float *work = malloc((size_t)RT_SGEMM_WORK(m, n, k) * sizeof(float));
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = 0;
            for (int64_t q = 0; q < k; q++) s += (double)a[i * k + q] * b[q * n + j];
            s += 0.5 * (per_row ? bias[i] : bias[j]) + res[i * ldr + j];
            want[i * n + j] = (float)s;
        }
    rt_activation_f32(want, m * n, activation, 0.05f, 0.5f);
    rt_epilogue e = {.bias = bias, .bias_row_stride = per_row ? 1 : 0, .bias_col_stride = per_row ? 0 : 1,
                     .bias_scale = 0.5f, .residual = res, .residual_row_stride = ldr, .activation = activation,
                     .alpha = 0.05f, .beta = 0.5f};
    rt_sgemm(m, n, k, 1.0f, a, k, 1, b, n, 1, 0.0f, c, n, work, &e, rt_sgemm_blocking_of(0, 0));
    char what[96];
    snprintf(what, sizeof what, "sgemm+epilogue %lldx%lldx%lld act %lld", (long long)m, (long long)n, (long long)k,
             (long long)activation);
    close_all(c, want, m * n, 1e-4, what);
    float *bp = malloc((size_t)(k * RT_SGEMM_NPAD(n) + 1) * 4);
    rt_sgemm_pack_b_matrix(b, k, n, n, 1, bp);
    for (int64_t i = 0; i < m * n; i++) c[i] = NAN;
    rt_sgemm_bpacked(m, n, k, 1.0f, a, k, 1, bp, RT_SGEMM_NPAD(n), 0, 0.0f, c, n, work, &e, rt_sgemm_blocking_of(18, 96));
    close_all(c, want, m * n, 1e-4, "sgemm_bpacked+epilogue");
    free(a), free(b), free(bp), free(bias), free(res), free(c), free(want), free(work);
}

static void run_sgemm_epilogue_cases(void)
{
    static const int64_t sizes[][3] = {{1, 1, 1}, {7, 17, 9}, {13, 33, 300}, {145, 1030, 513}, {1, 97, 300}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int64_t act = RT_ACT_NONE; act <= RT_ACT_GELU_TANH; act++)
            check_sgemm_epilogue(sizes[s][0], sizes[s][1], sizes[s][2], (int)(act & 1), act);
}

/* Conv: compares a fast kernel with the reference loops. */
static void check_conv(rt_conv_params p, bool transpose, bool bias)
{
    int64_t n = p.batch, c = p.in_channels, m = p.out_channels, g = p.groups;
    int64_t isz = p.in_d * p.in_h * p.in_w, osz = p.out_d * p.out_h * p.out_w;
    int64_t ksz = p.kernel_d * p.kernel_h * p.kernel_w;
    int64_t wsz = transpose ? c * (m / g) * ksz : m * (c / g) * ksz;
    float *x = rand_buf(n * c * isz), *w = rand_buf(wsz), *b = bias ? rand_buf(m) : NULL;
    float *y = malloc((size_t)(n * m * osz) * 4), *want = malloc((size_t)(n * m * osz) * 4);
    if (transpose) rt_conv_transpose_ref_f32(&p, x, w, b, want);
    else rt_conv_ref_f32(&p, x, w, b, want);
    float *scratch = NULL;
    if (transpose) {
        scratch = malloc((size_t)rt_conv_transpose_scratch(&p) * sizeof(float));
        rt_conv_transpose_f32(&p, x, w, b, y, scratch);
    } else if (g == c && g == m && g > 1) {
        scratch = aligned_alloc(64, (size_t)rt_conv_depthwise_scratch(&p, 1) * sizeof(float));
        rt_conv_depthwise_f32(&p, x, w, b, NULL, y, scratch);
    } else {
        /* the chunk and scratch as ops/conv.c chooses them by default, then
           with small blocks: 32 positions a task, 12 x 64 sgemm blocks */
        int64_t kk = c / g * ksz, mg = m / g, mpad = RT_SGEMM_MPAD(mg);
        float *wp = malloc((size_t)(g * mpad * kk) * sizeof *wp);
        for (int64_t gi = 0; gi < g; gi++) rt_sgemm_pack_matrix(w + gi * mg * kk, mg, kk, wp + gi * mpad * kk);
        for (int small = 0; small < 2; small++) {
            p.col_chunk = rt_conv_direct_1x1(&p) ? osz : small ? RT_SGEMM_MIN(32, osz) : rt_conv_col_chunk(kk, osz);
            p.block_rows = small ? 12 : 0, p.block_cols = small ? 64 : 0;
            free(scratch);
            scratch = malloc((size_t)rt_conv_scratch_floats(&p, 0, 1) * sizeof(float));
            rt_conv_f32(&p, x, w, b, NULL, y, scratch);
            close_all(y, want, n * m * osz, 1e-4, small ? "conv, small blocks" : "conv");
            /* The same with the weights packed as ops/conv.c packs constants. */
            for (int64_t i = 0; i < n * m * osz; i++) y[i] = NAN;
            rt_conv_packed_f32(&p, x, wp, b, NULL, y, scratch);
            close_all(y, want, n * m * osz, 1e-4, small ? "conv_packed, small blocks" : "conv_packed");
        }
        free(wp);
    }
    close_all(y, want, n * m * osz, 1e-4, transpose ? "conv_transpose" : "conv");
    free(x), free(w), free(b), free(y), free(want), free(scratch);
}

/* Fills the parameters from a compact description (output size computed;
   {depth, height, width} triples). */
static void conv_case(int64_t n, int64_t c, int64_t m, int64_t g, const int64_t in[3], const int64_t k[3],
                      const int64_t s[3], const int64_t d[3], const int64_t pb[3], const int64_t pe[3], bool transpose,
                      bool bias)
{
    int64_t out[3];
    for (int i = 0; i < 3; i++) {
        int64_t kext = (k[i] - 1) * d[i] + 1;
        out[i] = transpose ? s[i] * (in[i] - 1) + kext - pb[i] - pe[i] : (in[i] + pb[i] + pe[i] - kext) / s[i] + 1;
    }
    rt_conv_params p = {
        .batch = n, .in_channels = c, .out_channels = m, .groups = g,
        .in_d = in[0], .in_h = in[1], .in_w = in[2],
        .out_d = out[0], .out_h = out[1], .out_w = out[2],
        .kernel_d = k[0], .kernel_h = k[1], .kernel_w = k[2],
        .stride_d = s[0], .stride_h = s[1], .stride_w = s[2],
        .dilation_d = d[0], .dilation_h = d[1], .dilation_w = d[2],
        .pad_front = pb[0], .pad_top = pb[1], .pad_left = pb[2],
    };
    check_conv(p, transpose, bias);
}

static void run_conv_cases(void)
{
    static const int64_t one[3] = {1, 1, 1}, zero[3] = {0, 0, 0};
    /* ResNet-like 3x3, a large-K conv crossing KC, chunked im2col. */
    conv_case(1, 64, 64, 1, (int64_t[]){1, 28, 28}, (int64_t[]){1, 3, 3}, one, one, (int64_t[]){0, 1, 1},
              (int64_t[]){0, 1, 1}, false, true);
    /* Packing from the padded copy: a 7x7 stride-2 stem on odd sizes (the
       stride-2 vector path), rows wider than a panel with asymmetric pads,
       7-wide rows (five runs per panel), dilation 2 along the rows, and a
       stride-2 conv without padding (no copy). */
    conv_case(1, 3, 10, 1, (int64_t[]){1, 23, 29}, (int64_t[]){1, 7, 7}, (int64_t[]){1, 2, 2}, one,
              (int64_t[]){0, 3, 3}, (int64_t[]){0, 3, 2}, false, true);
    conv_case(1, 5, 7, 1, (int64_t[]){1, 6, 45}, (int64_t[]){1, 3, 3}, one, one, (int64_t[]){0, 0, 2},
              (int64_t[]){0, 1, 1}, false, true);
    conv_case(2, 9, 13, 1, (int64_t[]){1, 7, 7}, (int64_t[]){1, 3, 3}, one, one, (int64_t[]){0, 1, 1},
              (int64_t[]){0, 1, 1}, false, false);
    conv_case(1, 4, 6, 1, (int64_t[]){1, 9, 37}, (int64_t[]){1, 3, 3}, one, (int64_t[]){1, 1, 2},
              (int64_t[]){0, 1, 2}, (int64_t[]){0, 1, 2}, false, true);
    conv_case(1, 6, 5, 1, (int64_t[]){1, 12, 67}, (int64_t[]){1, 3, 3}, (int64_t[]){1, 2, 2}, one, zero, zero, false,
              true);
    conv_case(2, 6, 10, 2, (int64_t[]){1, 17, 13}, (int64_t[]){1, 3, 5}, (int64_t[]){1, 2, 3}, (int64_t[]){1, 2, 1},
              (int64_t[]){0, 2, 1}, (int64_t[]){0, 0, 3}, false, true);
    conv_case(1, 3, 8, 1, (int64_t[]){5, 6, 7}, (int64_t[]){2, 3, 2}, (int64_t[]){2, 1, 2}, one, one, zero, false,
              false);
    /* 1x1 direct path, and 1x1 with stride (im2col). */
    conv_case(2, 40, 24, 1, (int64_t[]){1, 9, 11}, one, one, one, zero, zero, false, true);
    conv_case(1, 16, 8, 1, (int64_t[]){1, 9, 11}, one, (int64_t[]){1, 2, 2}, one, zero, zero, false, false);
    /* Small outputs (the last layers of a CNN): 7x7 with more rows than
       one KC block and channels not a multiple of the micro-tile, a
       stride-2 3x3 down to 7x7, a 1x1 conv of 1x1 planes, 8x8. */
    conv_case(1, 300, 70, 1, (int64_t[]){1, 7, 7}, (int64_t[]){1, 3, 3}, one, one, (int64_t[]){0, 1, 1},
              (int64_t[]){0, 1, 1}, false, true);
    conv_case(2, 33, 37, 1, (int64_t[]){1, 14, 14}, (int64_t[]){1, 3, 3}, (int64_t[]){1, 2, 2}, one,
              (int64_t[]){0, 1, 1}, (int64_t[]){0, 0, 0}, false, true);
    conv_case(1, 64, 40, 1, (int64_t[]){1, 1, 1}, one, one, one, zero, zero, false, false);
    conv_case(1, 520, 33, 1, (int64_t[]){1, 8, 8}, one, one, one, zero, zero, false, true);
    /* depthwise, strided and padded, and with a multiplier (im2col). */
    conv_case(2, 12, 12, 12, (int64_t[]){1, 15, 14}, (int64_t[]){1, 3, 3}, (int64_t[]){1, 2, 2}, one,
              (int64_t[]){0, 1, 1}, (int64_t[]){0, 1, 0}, false, true);
    conv_case(1, 4, 8, 4, (int64_t[]){1, 9, 9}, (int64_t[]){1, 5, 5}, one, (int64_t[]){1, 2, 1}, (int64_t[]){0, 4, 2},
              (int64_t[]){0, 4, 2}, false, true);
    /* 1-D long sequence. */
    conv_case(1, 8, 8, 1, (int64_t[]){1, 1, 3000}, (int64_t[]){1, 1, 7}, one, one, (int64_t[]){0, 0, 3},
              (int64_t[]){0, 0, 3}, false, true);
    /* More depthwise shapes: wide rows, strides with dilation, 3-D, a 9x9 kernel. */
    conv_case(2, 8, 8, 8, (int64_t[]){1, 13, 45}, (int64_t[]){1, 3, 3}, one, one, (int64_t[]){0, 1, 1},
              (int64_t[]){0, 1, 1}, false, true);
    conv_case(1, 4, 4, 4, (int64_t[]){1, 12, 70}, (int64_t[]){1, 3, 5}, (int64_t[]){1, 2, 2}, (int64_t[]){1, 1, 2},
              (int64_t[]){0, 2, 3}, (int64_t[]){0, 0, 1}, false, false);
    conv_case(1, 3, 3, 3, (int64_t[]){2, 11, 40}, (int64_t[]){2, 3, 3}, one, one, (int64_t[]){1, 0, 1},
              (int64_t[]){0, 1, 1}, false, true);
    conv_case(1, 2, 2, 2, (int64_t[]){1, 20, 37}, (int64_t[]){1, 9, 9}, one, one, (int64_t[]){0, 4, 4},
              (int64_t[]){0, 4, 4}, false, true);
    /* 5x5, strides 1 and 2 (EfficientNet's), rows wider than one 16-column block. */
    conv_case(1, 5, 5, 5, (int64_t[]){1, 14, 14}, (int64_t[]){1, 5, 5}, one, one, (int64_t[]){0, 2, 2},
              (int64_t[]){0, 2, 2}, false, true);
    conv_case(2, 3, 3, 3, (int64_t[]){1, 19, 37}, (int64_t[]){1, 5, 5}, (int64_t[]){1, 2, 2}, one,
              (int64_t[]){0, 2, 2}, (int64_t[]){0, 2, 1}, false, false);
    /* Depthwise 3x3 (the row kernel): strides 1 and 2 in either direction,
       pads 0..2 (asymmetric too), rows narrower than the kernel, odd widths,
       3x3 and 4x3 planes (the smallest flat runs), and a 3-D input with KD = 1
       whose depth padding leaves rows of bias only. */
    {
        static const int64_t dw[][8] = {
            /* ih, iw, sh, sw, ph0, pw0, ph1, pw1 */
            {112, 112, 1, 1, 1, 1, 1, 1}, {112, 112, 2, 2, 1, 1, 1, 1}, {7, 7, 1, 1, 1, 1, 1, 1},
            {14, 14, 2, 2, 1, 1, 1, 1},   {15, 17, 2, 2, 1, 1, 1, 1},   {9, 33, 1, 2, 0, 1, 2, 0},
            {10, 31, 2, 1, 2, 2, 0, 1},   {1, 1, 1, 1, 1, 1, 1, 1},     {2, 2, 2, 2, 1, 1, 1, 1},
            {3, 1, 1, 1, 1, 1, 1, 1},     {1, 3, 1, 2, 1, 1, 1, 1},     {6, 40, 1, 1, 0, 0, 0, 0},
            {5, 9, 3, 3, 1, 1, 1, 1},     {4, 2, 1, 1, 2, 2, 2, 2},     {3, 3, 1, 1, 1, 1, 1, 1},
            {4, 3, 1, 1, 1, 1, 1, 1},
        };
        for (size_t i = 0; i < sizeof dw / sizeof dw[0]; i++)
            conv_case(1 + (int64_t)(i % 2), 5, 5, 5, (int64_t[]){1, dw[i][0], dw[i][1]}, (int64_t[]){1, 3, 3},
                      (int64_t[]){1, dw[i][2], dw[i][3]}, one, (int64_t[]){0, dw[i][4], dw[i][5]},
                      (int64_t[]){0, dw[i][6], dw[i][7]}, false, i % 3 != 0);
        conv_case(1, 3, 3, 3, (int64_t[]){2, 8, 9}, (int64_t[]){1, 3, 3}, (int64_t[]){2, 1, 2}, one,
                  (int64_t[]){1, 1, 1}, (int64_t[]){2, 1, 1}, false, true);
    }
    /* ConvTranspose. */
    conv_case(2, 6, 4, 2, (int64_t[]){1, 5, 6}, (int64_t[]){1, 3, 3}, (int64_t[]){1, 2, 3}, (int64_t[]){1, 1, 2},
              (int64_t[]){0, 1, 0}, (int64_t[]){0, 0, 2}, true, true);
    conv_case(1, 16, 8, 1, (int64_t[]){3, 4, 5}, (int64_t[]){2, 2, 3}, (int64_t[]){2, 2, 1}, one, zero, zero, true,
              false);
    conv_case(1, 32, 16, 1, (int64_t[]){1, 16, 16}, (int64_t[]){1, 4, 4}, (int64_t[]){1, 2, 2}, one,
              (int64_t[]){0, 1, 1}, (int64_t[]){0, 1, 1}, true, true);
}

/* Winograd F(4x4, 3x3) against the reference loops plus the epilogue
   (bias, residual, activation) applied after them, with the weights
   transformed as ops/conv.c transforms constants. Its rounding differs from
   the direct sum's: on these uniform [-1, 1) data the largest difference
   seen was 2.3e-5 times (rms + |y|), rms that of the output before the
   activation; the bound is 1e-4. */
static void check_winograd(int64_t n, int64_t c, int64_t k, int64_t h, int64_t w, const int64_t pads[4],
                           bool residual, int64_t activation)
{
    rt_conv_params cp = {.batch = n, .in_channels = c, .out_channels = k, .groups = 1, .in_d = 1, .in_h = h,
                         .in_w = w, .out_d = 1, .out_h = h + pads[0] + pads[2] - 2, .out_w = w + pads[1] + pads[3] - 2,
                         .kernel_d = 1, .kernel_h = 3, .kernel_w = 3, .stride_d = 1, .stride_h = 1, .stride_w = 1,
                         .dilation_d = 1, .dilation_h = 1, .dilation_w = 1, .pad_top = pads[0], .pad_left = pads[1]};
    rt_winograd_params p = {.batch = n, .in_channels = c, .out_channels = k, .in_h = h, .in_w = w,
                            .out_h = cp.out_h, .out_w = cp.out_w, .pad_top = pads[0], .pad_left = pads[1],
                            .tile_block = 32, .activation = activation, .activation_alpha = -0.5f,
                            .activation_beta = 0.75f};
    int64_t osz = cp.out_h * cp.out_w, mpad = RT_SGEMM_MPAD(k);
    float *x = rand_buf(n * c * h * w), *wt = rand_buf(k * c * 9), *b = rand_buf(k);
    float *res = residual ? rand_buf(n * k * osz) : NULL;
    float *y = malloc((size_t)(n * k * osz) * 4), *want = malloc((size_t)(n * k * osz) * 4);
    float *u = malloc((size_t)(36 * mpad * c) * 4), *row = malloc((size_t)(k * c) * 4);
    float *scratch = malloc((size_t)rt_winograd_scratch_floats(&p, 1) * 4);
    rt_conv_ref_f32(&cp, x, wt, b, want);
    for (int64_t i = 0; i < n * k * osz; i++) want[i] += res ? res[i] : 0.0f;
    double rms = 0; /* of the output before the activation: the scale of the rounding errors */
    for (int64_t i = 0; i < n * k * osz; i++) rms += (double)want[i] * want[i];
    rms = sqrt(rms / (double)(n * k * osz));
    rt_activation_f32(want, n * k * osz, activation, p.activation_alpha, p.activation_beta);
    rt_winograd_transform_weights(wt, k, c, u, row);
    for (int64_t i = 0; i < n * k * osz; i++) y[i] = NAN;
    rt_conv_winograd_f32(&p, x, u, b, res, y, scratch);
    char what[96];
    snprintf(what, sizeof what, "winograd n%lld c%lld k%lld %lldx%lld", (long long)n, (long long)c, (long long)k,
             (long long)h, (long long)w);
    for (int64_t i = 0; i < n * k * osz; i++) {
        double e = fabs((double)y[i] - want[i]);
        if (!(e <= 1e-4 * (rms + fabs((double)want[i])))) {
            CHECK(0, "%s: element %lld is %g, expected %g", what, (long long)i, y[i], want[i]);
            break;
        }
    }
    free(x), free(wt), free(b), free(res), free(y), free(want), free(u), free(row), free(scratch);
}

/* Sizes 1 and primes, widths and heights not multiples of 4 (partial
   tiles), pads 0 to 2 and asymmetric, more channels than one KC block, more
   output channels than one pass (RT_WINOGRAD_ROWS) and more tiles than one
   block; ResNet's 56/28/14 shapes at small channel counts. */
static void run_winograd_cases(void)
{
    static const int64_t same[4] = {1, 1, 1, 1}, none[4] = {0, 0, 0, 0}, odd[4] = {2, 0, 1, 2};
    check_winograd(1, 1, 1, 1, 1, same, false, RT_ACT_NONE);
    check_winograd(2, 3, 5, 5, 7, same, true, RT_ACT_RELU);
    check_winograd(1, 17, 37, 13, 11, none, false, RT_ACT_NONE);
    check_winograd(1, 7, 2, 3, 3, odd, true, RT_ACT_CLIP);
    check_winograd(1, 16, 16, 14, 14, same, true, RT_ACT_RELU);
    check_winograd(1, 300, 13, 9, 10, odd, false, RT_ACT_SIGMOID);
    check_winograd(2, 19, 97, 30, 31, same, true, RT_ACT_SILU);
    check_winograd(1, 32, 53, 56, 56, same, false, RT_ACT_LEAKY_RELU);
    check_winograd(1, 64, 64, 28, 28, same, true, RT_ACT_RELU);
}

/* The depthwise kernel with its fused epilogue (residual, activation)
   against the reference loops followed by the same epilogue: every path of
   rt_conv_depthwise_f32 (on AVX-512: the flat one for planes of at most 1024
   outputs, at stride 1 with rows as wide as the input's or at stride 2 on
   the input's phases, the masked row one for the rest; elsewhere the padded
   copy), with the activations applied in
   registers (Relu, Clip) and after the store (SiLU, Sigmoid). */
static void check_depthwise_epilogue(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k, int64_t stride,
                                     int64_t dilation, const int64_t pads[4], bool residual, int64_t activation)
{
    int64_t kext = (k - 1) * dilation + 1;
    rt_conv_params p = {.batch = n, .in_channels = c, .out_channels = c, .groups = c, .in_d = 1, .in_h = h, .in_w = w,
                        .out_d = 1, .out_h = (h + pads[0] + pads[2] - kext) / stride + 1,
                        .out_w = (w + pads[1] + pads[3] - kext) / stride + 1, .kernel_d = 1, .kernel_h = k,
                        .kernel_w = k, .stride_d = 1, .stride_h = stride, .stride_w = stride, .dilation_d = 1,
                        .dilation_h = dilation, .dilation_w = dilation, .pad_top = pads[0], .pad_left = pads[1],
                        .activation = activation, .activation_alpha = -0.25f, .activation_beta = 0.5f};
    int64_t osz = p.out_h * p.out_w, total = n * c * osz;
    float *x = rand_buf(n * c * h * w), *wt = rand_buf(c * k * k), *b = rand_buf(c);
    float *res = residual ? rand_buf(total) : NULL;
    float *y = malloc((size_t)total * 4), *want = malloc((size_t)total * 4);
    float *scratch = aligned_alloc(64, (size_t)rt_conv_depthwise_scratch(&p, 1) * sizeof(float));
    rt_conv_ref_f32(&p, x, wt, b, want);
    for (int64_t i = 0; i < total; i++) want[i] += res ? res[i] : 0.0f;
    rt_activation_f32(want, total, activation, p.activation_alpha, p.activation_beta);
    for (int64_t i = 0; i < total; i++) y[i] = NAN;
    rt_conv_depthwise_f32(&p, x, wt, b, res, y, scratch);
    char what[128];
    snprintf(what, sizeof what, "depthwise n%lld c%lld %lldx%lld k%lld s%lld d%lld act %lld%s", (long long)n,
             (long long)c, (long long)h, (long long)w, (long long)k, (long long)stride, (long long)dilation,
             (long long)activation, residual ? " +residual" : "");
    close_all(y, want, total, 1e-5, what);
    free(x), free(wt), free(b), free(res), free(y), free(want), free(scratch);
}

/* Planes of 1, 7x7, 32x32 (1024 outputs: the largest flat plane) and
   25x41 (1025: the row kernel), prime sizes, asymmetric pads that keep the
   width, dilation, 5x5 and 7x7 kernels (49 taps), strides 2 through the
   phases (odd sizes, dilation, lopsided pads) and through the row kernel
   (23x41 unpadded: the phases' 21 columns exceed the output's 20). */
static void run_depthwise_epilogue_cases(void)
{
    static const int64_t p1[4] = {1, 1, 1, 1}, p2[4] = {2, 2, 2, 2}, p3[4] = {3, 3, 3, 3}, none[4] = {0, 0, 0, 0};
    static const int64_t left[4] = {2, 2, 0, 0}, lopsided[4] = {0, 1, 2, 1};
    check_depthwise_epilogue(1, 3, 1, 1, 3, 1, 1, p1, true, RT_ACT_RELU);
    check_depthwise_epilogue(2, 5, 7, 7, 3, 1, 1, p1, true, RT_ACT_CLIP);
    check_depthwise_epilogue(1, 4, 16, 16, 3, 1, 1, p1, false, RT_ACT_SILU);
    check_depthwise_epilogue(1, 3, 17, 15, 3, 1, 1, p1, true, RT_ACT_SIGMOID);
    check_depthwise_epilogue(1, 3, 13, 20, 3, 1, 1, p1, true, RT_ACT_CLIP);
    check_depthwise_epilogue(1, 2, 11, 13, 3, 1, 1, left, true, RT_ACT_NONE);
    check_depthwise_epilogue(1, 2, 9, 10, 3, 1, 1, lopsided, false, RT_ACT_RELU);
    check_depthwise_epilogue(1, 3, 13, 5, 3, 1, 2, p2, true, RT_ACT_SILU);
    check_depthwise_epilogue(2, 3, 14, 14, 5, 1, 1, p2, true, RT_ACT_SILU);
    check_depthwise_epilogue(1, 2, 9, 9, 7, 1, 1, p3, false, RT_ACT_CLIP);
    check_depthwise_epilogue(1, 3, 29, 31, 5, 1, 1, p2, false, RT_ACT_NONE);
    check_depthwise_epilogue(1, 3, 14, 14, 3, 2, 1, p1, true, RT_ACT_CLIP);
    check_depthwise_epilogue(1, 3, 15, 37, 5, 2, 1, p2, false, RT_ACT_SILU);
    check_depthwise_epilogue(1, 2, 23, 41, 3, 2, 1, none, true, RT_ACT_RELU);
    check_depthwise_epilogue(1, 2, 16, 16, 3, 2, 2, (const int64_t[4]){2, 2, 1, 1}, true, RT_ACT_CLIP);
    check_depthwise_epilogue(1, 2, 17, 13, 5, 2, 1, lopsided, false, RT_ACT_NONE);
    check_depthwise_epilogue(1, 2, 32, 32, 3, 1, 1, p1, true, RT_ACT_RELU);
    check_depthwise_epilogue(1, 2, 25, 41, 3, 1, 1, p1, false, RT_ACT_SILU);
}

#ifndef DENSE_STANDALONE
Test(dense, sgemm_matches_double_loop) { run_sgemm_cases(); }
Test(dense, conv_kernels_match_reference) { run_conv_cases(); }
Test(dense, sgemm_epilogue_matches_double_loop) { run_sgemm_epilogue_cases(); }
Test(dense, winograd_matches_reference) { run_winograd_cases(); }
Test(dense, depthwise_epilogue_matches_reference) { run_depthwise_epilogue_cases(); }
#else
int main(void)
{
    run_sgemm_cases();
    run_conv_cases();
    run_sgemm_epilogue_cases();
    run_winograd_cases();
    run_depthwise_epilogue_cases();
    printf("%s (%d failures)\n", failures ? "FAIL" : "ok", failures);
    return failures != 0;
}
#endif
