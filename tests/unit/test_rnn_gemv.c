/* The product at the heart of every recurrent step (runtime/rnn.c,
   rt_rnn_gemv_SFX: y += x m over the gate outputs) against a double loop,
   on sizes around its register blocks (16-lane vectors, blocks of 64 and
   32 outputs, even and odd k), with row strides wider than the rows.

   The runtime file is included directly; tests/CMakeLists.txt also builds
   this file with -march=native (the AVX-512 blocks where the machine has
   them) and with -mavx2 -mfma. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#pragma GCC diagnostic ignored "-Wunused-function"
#include "../../runtime/rt.h"
#include "../../runtime/rnn.h"
#include "../../runtime/vmath.h"
#include "../../runtime/rnn.c"

static uint32_t rng = 2024;
static double drand(void)
{
    rng = rng * 1664525u + 1013904223u;
    return (double)((rng >> 8) & 0xffff) / 32768.0 - 1.0;
}

static void check_gemv(int64_t rows, int64_t K, int64_t ld)
{
    float *y = malloc((size_t)(rows + 1) * sizeof *y), *x = malloc((size_t)(K + 1) * sizeof *x);
    float *m = malloc((size_t)(K * ld + 1) * sizeof *m);
    double *yd = malloc((size_t)(rows + 1) * sizeof *yd), *xd = malloc((size_t)(K + 1) * sizeof *xd);
    double *md = malloc((size_t)(K * ld + 1) * sizeof *md), *want = malloc((size_t)(rows + 1) * sizeof *want);
    for (int64_t g = 0; g < rows; g++) want[g] = yd[g] = y[g] = (float)drand();
    for (int64_t k = 0; k < K; k++) xd[k] = x[k] = (float)drand();
    for (int64_t i = 0; i < K * ld; i++) md[i] = m[i] = (float)drand();
    for (int64_t k = 0; k < K; k++)
        for (int64_t g = 0; g < rows; g++) want[g] += (double)x[k] * m[k * ld + g];
    rt_rnn_gemv_f32(y, x, m, K, ld, rows);
    rt_rnn_gemv_f64(yd, xd, md, K, ld, rows);
    for (int64_t g = 0; g < rows; g++) {
        cr_assert(fabs(y[g] - want[g]) <= 1e-5 * (1 + (double)K), "f32 rows %lld K %lld ld %lld: y[%lld] = %.9g, want %.9g",
                  (long long)rows, (long long)K, (long long)ld, (long long)g, y[g], want[g]);
        cr_assert(fabs(yd[g] - want[g]) <= 1e-12 * (1 + (double)K), "f64 rows %lld K %lld: y[%lld] = %.17g, want %.17g",
                  (long long)rows, (long long)K, (long long)g, yd[g], want[g]);
    }
    free(y), free(x), free(m), free(yd), free(xd), free(md), free(want);
}

Test(rnn_gemv, matches_double_loop)
{
    static const int64_t rows[] = {1, 15, 16, 17, 32, 33, 48, 63, 64, 65, 100, 128, 148, 257};
    static const int64_t ks[] = {0, 1, 2, 3, 16, 31, 32, 33};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        for (size_t k = 0; k < sizeof ks / sizeof ks[0]; k++) {
            check_gemv(rows[r], ks[k], rows[r]);
            check_gemv(rows[r], ks[k], rows[r] + 5);
        }
}
