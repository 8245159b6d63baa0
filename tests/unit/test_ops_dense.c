/* Differential tests of the dense kernels (runtime/gemm.c, runtime/conv.c):
   the blocked sgemm against a double-precision loop, and the im2col/sgemm
   Conv, the depthwise Conv and the sgemm/col2im ConvTranspose against the
   direct reference loops, on shapes that cross every blocking boundary
   (MC, KC, NC, the im2col chunk, the micro-tile edges).

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

/* Every kernel of the two files is compiled here; most are unused. */
#pragma GCC diagnostic ignored "-Wunused-function"
#include "../../runtime/rt.h"
#include "../../runtime/conv.c"
#include "../../runtime/gemm.c"

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

/* sgemm with every transpose and alpha/beta against a double loop. */
static void check_sgemm(int64_t m, int64_t n, int64_t k, int ta, int tb, float alpha, float beta)
{
    float *a = rand_buf(m * k), *b = rand_buf(k * n), *c = rand_buf(m * n), *want = malloc((size_t)(m * n + 1) * 4);
    float *work = malloc((size_t)RT_SGEMM_WORK(m, n, k) * sizeof(float));
    int64_t rsa = ta ? 1 : k, csa = ta ? m : 1, rsb = tb ? 1 : n, csb = tb ? k : 1;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = 0;
            for (int64_t q = 0; q < k; q++) s += (double)a[i * rsa + q * csa] * b[q * rsb + j * csb];
            want[i * n + j] = (float)(alpha * s + (beta == 0.0f ? 0.0 : (double)beta * c[i * n + j]));
        }
    rt_sgemm(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, n, work);
    char what[96];
    snprintf(what, sizeof what, "sgemm %lldx%lldx%lld ta=%d tb=%d", (long long)m, (long long)n, (long long)k, ta, tb);
    close_all(c, want, m * n, 1e-4, what);
    free(a), free(b), free(c), free(want), free(work);
}

static void run_sgemm_cases(void)
{
    static const int64_t sizes[][3] = {{1, 1, 1}, {5, 7, 3}, {6, 16, 1}, {7, 17, 9}, {13, 33, 300},
                                       {150, 40, 20}, {30, 1100, 17}, {145, 1030, 513}, {64, 3136, 576}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int t = 0; t < 4; t++)
            check_sgemm(sizes[s][0], sizes[s][1], sizes[s][2], t & 1, t >> 1, t == 3 ? 0.5f : 1.0f,
                        t == 1 ? 0.0f : t == 2 ? -2.0f : 1.0f);
}

/* Conv: p = geometry, nd padded to 3; compares a fast kernel with the ref. */
static void check_conv(const int64_t *p, bool transpose, bool bias)
{
    int64_t n = p[0], c = p[1], m = p[2], g = p[3];
    int64_t isz = p[4] * p[5] * p[6], osz = p[7] * p[8] * p[9], ksz = p[10] * p[11] * p[12];
    int64_t wsz = transpose ? c * (m / g) * ksz : m * (c / g) * ksz;
    float *x = rand_buf(n * c * isz), *w = rand_buf(wsz), *b = bias ? rand_buf(m) : NULL;
    float *y = malloc((size_t)(n * m * osz) * 4), *want = malloc((size_t)(n * m * osz) * 4);
    int64_t pp[23];
    memcpy(pp, p, 22 * sizeof *pp);
    void *tr[4] = {x, w, b, want};
    if (transpose) rt_conv_transpose_ref_f32(tr, pp, NULL);
    else rt_conv_ref_f32(tr, pp, NULL);
    float *scratch;
    if (transpose) {
        int64_t rows = m / g * ksz;
        scratch = malloc((size_t)((rows * isz + 15) / 16 * 16 + RT_SGEMM_WORK(rows, isz, c / g)) * 4);
        void *tt[5] = {x, w, b, y, scratch};
        rt_conv_transpose_f32(tt, pp, NULL);
    } else if (g == c && g == m && g > 1) {
        scratch = NULL;
        void *tt[4] = {x, w, b, y};
        rt_conv_depthwise_f32(tt, pp, NULL);
    } else {
        int64_t kk = c / g * ksz, chunk = (128 * 1024) / kk;
        chunk = chunk < 32 ? 32 : chunk;
        chunk = chunk > osz ? osz : chunk;
        pp[22] = chunk;
        scratch = malloc((size_t)((kk * chunk + 15) / 16 * 16 + RT_SGEMM_WORK(m / g, chunk > osz ? osz : chunk, kk) +
                                  RT_SGEMM_WORK(m / g, osz, kk)) * 4);
        void *tt[5] = {x, w, b, y, scratch};
        rt_conv_f32(tt, pp, NULL);
        close_all(y, want, n * m * osz, 1e-4, "conv");
        /* The same with the weights packed as ops/conv.c packs constants. */
        int64_t mg = m / g, mpad = rt_sgemm_mpad(mg);
        float *wp = calloc((size_t)(g * mpad * kk), sizeof *wp);
        for (int64_t gi = 0; gi < g; gi++)
            for (int64_t pc = 0; pc < kk; pc += RT_SGEMM_KC) {
                int64_t kc = kk - pc < RT_SGEMM_KC ? kk - pc : RT_SGEMM_KC;
                for (int64_t i = 0; i < mg; i++)
                    for (int64_t q = 0; q < kc; q++)
                        wp[gi * mpad * kk + pc * mpad + (i / RT_SGEMM_MR) * kc * RT_SGEMM_MR + q * RT_SGEMM_MR +
                           i % RT_SGEMM_MR] = w[(gi * mg + i) * kk + pc + q];
            }
        void *tp[5] = {x, wp, b, y, scratch};
        for (int64_t i = 0; i < n * m * osz; i++) y[i] = NAN;
        rt_conv_packed_f32(tp, pp, NULL);
        close_all(y, want, n * m * osz, 1e-4, "conv_packed");
        free(wp);
    }
    close_all(y, want, n * m * osz, 1e-4, transpose ? "conv_transpose" : "conv");
    free(x), free(w), free(b), free(y), free(want), free(scratch);
}

/* Fills the geometry from a compact description (output size computed). */
static void conv_case(int64_t n, int64_t c, int64_t m, int64_t g, const int64_t in[3], const int64_t k[3],
                      const int64_t s[3], const int64_t d[3], const int64_t pb[3], const int64_t pe[3], bool transpose,
                      bool bias)
{
    int64_t p[22] = {n, c, m, g};
    for (int i = 0; i < 3; i++) {
        int64_t kext = (k[i] - 1) * d[i] + 1;
        p[4 + i] = in[i];
        p[7 + i] = transpose ? s[i] * (in[i] - 1) + kext - pb[i] - pe[i] : (in[i] + pb[i] + pe[i] - kext) / s[i] + 1;
        p[10 + i] = k[i], p[13 + i] = s[i], p[16 + i] = d[i], p[19 + i] = pb[i];
    }
    check_conv(p, transpose, bias);
}

static void run_conv_cases(void)
{
    static const int64_t one[3] = {1, 1, 1}, zero[3] = {0, 0, 0};
    /* ResNet-like 3x3, a large-K conv crossing KC, chunked im2col. */
    conv_case(1, 64, 64, 1, (int64_t[]){1, 28, 28}, (int64_t[]){1, 3, 3}, one, one, (int64_t[]){0, 1, 1},
              (int64_t[]){0, 1, 1}, false, true);
    conv_case(2, 6, 10, 2, (int64_t[]){1, 17, 13}, (int64_t[]){1, 3, 5}, (int64_t[]){1, 2, 3}, (int64_t[]){1, 2, 1},
              (int64_t[]){0, 2, 1}, (int64_t[]){0, 0, 3}, false, true);
    conv_case(1, 3, 8, 1, (int64_t[]){5, 6, 7}, (int64_t[]){2, 3, 2}, (int64_t[]){2, 1, 2}, one, one, zero, false,
              false);
    /* 1x1 direct path, and 1x1 with stride (im2col). */
    conv_case(2, 40, 24, 1, (int64_t[]){1, 9, 11}, one, one, one, zero, zero, false, true);
    conv_case(1, 16, 8, 1, (int64_t[]){1, 9, 11}, one, (int64_t[]){1, 2, 2}, one, zero, zero, false, false);
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

#ifndef DENSE_STANDALONE
Test(dense, sgemm_matches_double_loop) { run_sgemm_cases(); }
Test(dense, conv_kernels_match_reference) { run_conv_cases(); }
#else
int main(void)
{
    run_sgemm_cases();
    run_conv_cases();
    printf("%s (%d failures)\n", failures ? "FAIL" : "ok", failures);
    return failures != 0;
}
#endif
