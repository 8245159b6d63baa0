/* The optimizer kernels (runtime/training.c) at a step count above 0, which
   the official node cases (all at T = 0) leave out: Adagrad's decayed rate,
   Adam's bias correction and post-regularisation, Momentum's full beta,
   Nesterov; against the ONNX reference's formulas in double. And
   ArrayFeatureExtractor's (runtime/ml.c) negative and outside indices. The
   runtime files are included directly. */
#include <criterion/criterion.h>
#include <math.h>

#pragma GCC diagnostic ignored "-Wunused-function"
#include "../../runtime/rt.h"
#include "../../runtime/training.h"
#include "../../runtime/training.c"
#include "../../runtime/ml.h"
#include "../../runtime/ml.c"

enum { N = 5 };
static const float x[N] = {1.0f, -2.0f, 0.5f, 3.0f, -0.25f}, g[N] = {-1.0f, 0.5f, 2.0f, -3.0f, 0.125f};
static const float v[N] = {0.5f, 1.0f, -1.0f, 0.25f, 2.0f}, h[N] = {2.0f, 0.5f, 1.0f, 4.0f, 0.125f};

static void run(rt_optimizer_params p, float *xn, float *vn, float *hn)
{
    float r = 0.1f;
    int64_t t = 3;
    p.count = N;
    rt_optimizer_f32(&p, &r, &t, x, g, v, h, xn, vn, hn);
}

Test(training, steps_after_the_first)
{
    float xn[N], vn[N], hn[N];
    double r = 0.1f, t = 3, norm = 0.01, eps = 1e-3;
    run((rt_optimizer_params){.kind = RT_OPTIMIZER_ADAGRAD, .epsilon = eps, .decay_factor = 0.5,
                              .norm_coefficient = norm}, xn, vn, hn);
    for (int i = 0; i < N; i++) {
        double gr = norm * x[i] + g[i], hw = h[i] + gr * gr;
        cr_expect_float_eq(hn[i], hw, 1e-5);
        cr_expect_float_eq(xn[i], x[i] - r / (1 + t * 0.5) * gr / (sqrt(hw) + eps), 1e-5, "adagrad %d", i);
    }
    run((rt_optimizer_params){.kind = RT_OPTIMIZER_ADAM, .alpha = 0.9, .beta = 0.99, .epsilon = eps,
                              .norm_coefficient = norm, .norm_coefficient_post = 0.05}, xn, vn, hn);
    for (int i = 0; i < N; i++) {
        double gr = norm * x[i] + g[i], vw = 0.9 * v[i] + 0.1 * gr, hw = 0.99 * h[i] + 0.01 * gr * gr;
        double rate = r * sqrt(1 - pow(0.99, t)) / (1 - pow(0.9, t));
        cr_expect_float_eq(vn[i], vw, 1e-5);
        cr_expect_float_eq(hn[i], hw, 1e-5);
        cr_expect_float_eq(xn[i], 0.95 * (x[i] - rate * vw / (sqrt(hw) + eps)), 1e-5, "adam %d", i);
    }
    for (int nesterov = 0; nesterov < 2; nesterov++) {
        run((rt_optimizer_params){.kind = nesterov ? RT_OPTIMIZER_NESTEROV : RT_OPTIMIZER_MOMENTUM, .alpha = 0.9,
                                  .beta = 0.5, .norm_coefficient = norm}, xn, vn, hn);
        for (int i = 0; i < N; i++) {
            double gr = norm * x[i] + g[i], vw = 0.9 * v[i] + 0.5 * gr; /* beta itself after step 0 */
            cr_expect_float_eq(vn[i], vw, 1e-5);
            cr_expect_float_eq(xn[i], x[i] - r * (nesterov ? gr + 0.9 * vw : vw), 1e-5, "momentum %d", i);
        }
    }
}

Test(ml, feature_extractor_wraps_negative_and_zeroes_outside)
{
    float xs[2 * 3] = {1, 2, 3, 4, 5, 6}, y[2 * 4];
    int64_t index[4] = {2, -1, 3, -4};
    rt_feature_extractor_params p = {.rows = 2, .columns = 3, .count = 4, .element_bytes = 4};
    rt_feature_extractor(&p, xs, index, y);
    float want[8] = {3, 3, 0, 0, 6, 6, 0, 0};
    for (int i = 0; i < 8; i++) cr_assert_eq(y[i], want[i], "%d: %g", i, y[i]);
}
