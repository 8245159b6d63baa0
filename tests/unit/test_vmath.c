/* The vector math of runtime/vmath.h against libm in double: the largest
   error on a sweep of the whole float range (every 4099th bit pattern, both
   signs, NaNs included, and 2^13 consecutive floats around each threshold
   and special point) stays within the bound docs/vector-math.md gives, and
   the special values (+-0, +-inf, NaN, denormals, FLT_MAX, the overflow and
   underflow edges) come out right. bench/vmath.c measures the same over
   every float (or every STEP-th) at -O3. */
#include <criterion/criterion.h>

#include "vmath_sweep.h"

/* The documented bounds, in the order of vmath_fns: ulp (gelu_tanh: for
   x >= -3), and for erf also absolute, for gelu_tanh relative. */
typedef struct vmath_bound {
    const char *name;
    double ulp, abs, rel; /* 0: not asserted */
} vmath_bound;

static const vmath_bound bounds[] = {
    {"exp", 1.5, 0, 0},        {"log", 1.5, 0, 0},          {"tanh", 2, 0, 0},
    {"sigmoid", 3, 0, 0},      {"erf", 3, 2e-7, 0},         {"gelu", 8, 0, 0},
    {"gelu_tanh", 20, 0, 2e-5}, {"softplus", 2.5, 0, 0},
};

static const vmath_fn *find_fn(const char *name)
{
    for (int f = 0; f < VMATH_NUM_FNS; f++)
        if (!strcmp(vmath_fns[f].name, name)) return &vmath_fns[f];
    return NULL;
}

Test(vmath, sweep_within_documented_bounds)
{
    cr_assert_eq(VMATH_NUM_FNS, (int)(sizeof bounds / sizeof bounds[0]));
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        const vmath_fn *fn = find_fn(bounds[i].name);
        cr_assert_not_null(fn, "%s", bounds[i].name);
        vmath_error err = vmath_sweep(fn, 1, 4099, 1u << 12);
        cr_expect_leq(err.ulp, bounds[i].ulp, "%s: %.3g ulp at x = %.9g", fn->name, err.ulp, (double)err.worst_ulp_x);
        if (bounds[i].abs > 0) cr_expect_leq(err.abs, bounds[i].abs, "%s: absolute error %.3g", fn->name, err.abs);
        if (bounds[i].rel > 0) cr_expect_leq(err.rel, bounds[i].rel, "%s: relative error %.3g", fn->name, err.rel);
    }
}

Test(vmath, special_values)
{
    static const float xs[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, -NAN, FLT_MIN, -FLT_MIN, 1e-45f, -1e-45f,
                               1e-40f, -1e-40f, FLT_MAX, -FLT_MAX, 88.72283f, 88.7228394f, 88.8f, -87.33654f,
                               -87.5f, -103.9f, -103.98f, -104.5f, 1.0f, -1.0f, 0.625f, 0.921875f, 11.0f, -15.5f,
                               -14.1f, 16.27f, -16.27f, -16.3f, 1e30f, -1e30f};
    for (int f = 0; f < VMATH_NUM_FNS; f++)
        for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            const vmath_fn *fn = &vmath_fns[f];
            float y = fn->fast(xs[i]);
            double ref = fn->ref((double)xs[i]), u = vmath_ulp_error(y, ref);
            cr_expect(u <= bounds[f].ulp || xs[i] < fn->ulp_from, "%s(%.9g) = %.9g, libm %.9g", fn->name,
                      (double)xs[i], (double)y, ref);
        }
    /* the cases the sweep's ulp measure counts as exact, spelled out */
    cr_expect(rt_vmath_exp_f32(INFINITY) == INFINITY && rt_vmath_exp_f32(-INFINITY) == 0 && rt_vmath_exp_f32(100) == INFINITY);
    cr_expect(rt_vmath_exp_f32(-200) == 0 && rt_vmath_exp_f32(-100) > 0 && rt_vmath_exp_f32(-100) < FLT_MIN); /* denormal */
    cr_expect(rt_vmath_log_f32(0) == -INFINITY && rt_vmath_log_f32(-0.0f) == -INFINITY && rt_vmath_log_f32(INFINITY) == INFINITY);
    cr_expect(isnan(rt_vmath_log_f32(-1)) && isnan(rt_vmath_log_f32(-INFINITY)) && isnan(rt_vmath_log_f32(NAN)));
    cr_expect(rt_vmath_log_f32(1) == 0 && rt_vmath_log_f32(1e-45f) < -103);
    cr_expect(rt_vmath_tanh_f32(INFINITY) == 1 && rt_vmath_tanh_f32(-INFINITY) == -1 && signbit(rt_vmath_tanh_f32(-0.0f)));
    cr_expect(rt_vmath_sigmoid_f32(INFINITY) == 1 && rt_vmath_sigmoid_f32(-INFINITY) == 0 && rt_vmath_sigmoid_f32(0) == 0.5f);
    cr_expect(rt_vmath_sigmoid_f32(-100) > 0 && rt_vmath_sigmoid_f32(-100) < FLT_MIN && rt_vmath_sigmoid_f32(-104.5f) == 0); /* denormal */
    cr_expect(rt_vmath_sigmoid_f32(FLT_MAX) == 1 && rt_vmath_sigmoid_f32(-FLT_MAX) == 0 && isnan(rt_vmath_sigmoid_f32(vmath_from_bits(0x7f800001u))));
    cr_expect(rt_vmath_erf_f32(INFINITY) == 1 && rt_vmath_erf_f32(-INFINITY) == -1 && signbit(rt_vmath_erf_f32(-0.0f)));
    cr_expect(rt_vmath_erf_f32(FLT_MAX) == 1 && rt_vmath_erf_f32(-FLT_MAX) == -1);
    cr_expect(rt_vmath_gelu_f32(INFINITY) == INFINITY && rt_vmath_gelu_tanh_f32(INFINITY) == INFINITY);
    /* GELU's tail: denormal, then -0 from the capped |x| (e^-x^2/2 exactly 0) on; -inf * 0 is NaN as with libm */
    cr_expect(rt_vmath_gelu_f32(-14.0f) < 0 && rt_vmath_gelu_f32(-14.0f) > -FLT_MIN); /* denormal */
    cr_expect(rt_vmath_gelu_f32(-16.27f) == 0 && signbit(rt_vmath_gelu_f32(-16.27f)) && rt_vmath_gelu_f32(-FLT_MAX) == 0);
    cr_expect(isnan(rt_vmath_gelu_f32(-INFINITY)) && rt_vmath_gelu_f32(FLT_MAX) == FLT_MAX);
    cr_expect(rt_vmath_softplus_f32(INFINITY) == INFINITY && rt_vmath_softplus_f32(-INFINITY) == 0);
    cr_expect(rt_vmath_softplus_f32(-100) > 0 && rt_vmath_softplus_f32(-100) < FLT_MIN && rt_vmath_softplus_f32(-104.5f) == 0); /* denormal */
    for (int f = 0; f < VMATH_NUM_FNS; f++) cr_expect(isnan(vmath_fns[f].fast(NAN)), "%s(NaN)", vmath_fns[f].name);
}

/* A loop of odd length over a sample: the functions give the same values
   called one by one and in a loop the compiler may vectorise (prime and
   sub-vector lengths). */
static void apply_all(const float *in, float *out, int n)
{
    for (int i = 0; i < n; i++) out[0 * n + i] = rt_vmath_exp_f32(in[i]);
    for (int i = 0; i < n; i++) out[1 * n + i] = rt_vmath_log_f32(in[i]);
    for (int i = 0; i < n; i++) out[2 * n + i] = rt_vmath_tanh_f32(in[i]);
    for (int i = 0; i < n; i++) out[3 * n + i] = rt_vmath_sigmoid_f32(in[i]);
    for (int i = 0; i < n; i++) out[4 * n + i] = rt_vmath_erf_f32(in[i]);
    for (int i = 0; i < n; i++) out[5 * n + i] = rt_vmath_gelu_f32(in[i]);
    for (int i = 0; i < n; i++) out[6 * n + i] = rt_vmath_gelu_tanh_f32(in[i]);
    for (int i = 0; i < n; i++) out[7 * n + i] = rt_vmath_softplus_f32(in[i]);
}

Test(vmath, loops_match_single_calls)
{
    enum { N = 37 };
    float in[N], out[8 * N];
    for (int n = 1; n <= N; n += 6) {
        for (int i = 0; i < n; i++) in[i] = (float)(i * 7 % 23) - 11.5f + 0.37f * (float)i;
        apply_all(in, out, n);
        for (int f = 0; f < VMATH_NUM_FNS; f++)
            for (int i = 0; i < n; i++) {
                float one = vmath_fns[f].fast(in[i]);
                cr_expect(one == out[f * n + i] || (one != one && out[f * n + i] != out[f * n + i]),
                          "%s(%g), n = %d", vmath_fns[f].name, (double)in[i], n);
            }
    }
}
