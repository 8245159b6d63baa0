/* The error measurement of the vector math (runtime/vmath.h) against libm
   in double, shared by tests/unit/test_vmath.c (which asserts the bounds)
   and bench/vmath.c (which measures them over every float and times the
   functions).

   Error in ulp: |y - ref| / ulp(ref), ulp(ref) the spacing of floats at the
   exact result (2^-149 among the denormals). A reference beyond FLT_MAX
   wants inf of its sign, a NaN reference wants NaN; anything else is an
   infinite error. The references are written so that double keeps the
   digits float needs (the negative GELU tails through erfc and exp). */
#ifndef DLC_TESTS_VMATH_SWEEP_H
#define DLC_TESTS_VMATH_SWEEP_H
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "runtime/vmath.h"

static double vmath_ref_sigmoid(double x) { return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)); }
static double vmath_ref_gelu(double x) { return 0.5 * x * erfc(-x * 0.70710678118654752440); }
static double vmath_ref_gelu_tanh(double x)
{
    /* x (1 + tanh u) / 2 = x / (1 + e^-2u), computed from the float constants the kernel always used */
    double u = 0.7978845608028654 * (x + 0.044715f * x * x * x);
    return x / (1 + exp(-2 * u));
}
static double vmath_ref_softplus(double x) { return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)); }

typedef struct vmath_fn {
    const char *name;
    float ulp_from;         /* the ulp error counts for x >= ulp_from (-inf: everywhere) */
    float (*fast)(float);
    float (*libm_f)(float); /* what the kernels called before, for the speed comparison */
    double (*ref)(double);
} vmath_fn;

static float vmath_exp(float x) { return rt_vmath_exp_f32(x); }
static float vmath_log(float x) { return rt_vmath_log_f32(x); }
static float vmath_tanh(float x) { return rt_vmath_tanh_f32(x); }
static float vmath_sigmoid(float x) { return rt_vmath_sigmoid_f32(x); }
static float vmath_erf(float x) { return rt_vmath_erf_f32(x); }
static float vmath_gelu(float x) { return rt_vmath_gelu_f32(x); }
static float vmath_gelu_tanh(float x) { return rt_vmath_gelu_tanh_f32(x); }
static float vmath_softplus(float x) { return rt_vmath_softplus_f32(x); }
static float libm_sigmoid(float x) { return 1 / (1 + expf(-x)); }
static float libm_gelu(float x) { return 0.5f * x * (1 + erff(x * 0.70710678118654752440f)); }
static float libm_gelu_tanh(float x)
{
    return 0.5f * x * (1 + tanhf(0.79788456080286535588f * (x + 0.044715f * x * x * x)));
}
static float libm_softplus(float x) { return x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x)); }

static const vmath_fn vmath_fns[] = {
    {"exp", -INFINITY, vmath_exp, expf, exp},
    {"log", -INFINITY, vmath_log, logf, log},
    {"tanh", -INFINITY, vmath_tanh, tanhf, tanh},
    {"sigmoid", -INFINITY, vmath_sigmoid, libm_sigmoid, vmath_ref_sigmoid},
    {"erf", -INFINITY, vmath_erf, erff, erf},
    {"gelu", -INFINITY, vmath_gelu, libm_gelu, vmath_ref_gelu},
    {"gelu_tanh", -3.0f, vmath_gelu_tanh, libm_gelu_tanh, vmath_ref_gelu_tanh},
    {"softplus", -INFINITY, vmath_softplus, libm_softplus, vmath_ref_softplus},
};
#define VMATH_NUM_FNS ((int)(sizeof vmath_fns / sizeof vmath_fns[0]))

static float vmath_from_bits(uint32_t b)
{
    float x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* The error of y against the exact ref, in ulp of ref (see above). */
static double vmath_ulp_error(float y, double ref)
{
    if (ref != ref) return y != y ? 0 : INFINITY;
    if (fabs(ref) >= (double)FLT_MAX + ldexp(1, 103)) /* rounds to inf */
        return y == (ref > 0 ? INFINITY : -INFINITY) ? 0 : INFINITY;
    if (y != y || isinf(y)) return INFINITY;
    int e;
    frexp(ref, &e); /* |ref| in [2^(e-1), 2^e) */
    double ulp = ldexp(1, (e - 1 < -126 ? -126 : e - 1) - 23);
    return fabs((double)y - ref) / ulp;
}

/* The largest errors of one function on a set of inputs. */
typedef struct vmath_error {
    double ulp;            /* largest ulp error (from fn->ulp_from) */
    double abs, rel;       /* largest absolute error where the result is finite, relative where it is normal */
    float worst_ulp_x;     /* where the ulp error was largest */
} vmath_error;

static void vmath_measure(const vmath_fn *fn, float x, vmath_error *err)
{
    float y = fn->fast(x);
    double ref = fn->ref((double)x), u = vmath_ulp_error(y, ref);
    if (x >= fn->ulp_from && u > err->ulp) err->ulp = u, err->worst_ulp_x = x;
    if (y == y && !isinf(y) && fabs(ref) <= FLT_MAX) {
        double a = fabs(y - ref);
        if (a > err->abs) err->abs = a;
        if (fabs(ref) >= FLT_MIN && a / fabs(ref) > err->rel) err->rel = a / fabs(ref);
    }
}

/* Every step-th float bit pattern from first, and 2 * around consecutive
   patterns centred on each of the special points. */
static vmath_error vmath_sweep(const vmath_fn *fn, uint32_t first, uint32_t step, uint32_t around)
{
    static const float points[] = {0.0f, FLT_MIN, 1.0f, 0.625f, 0.921875f, 1.303774f, 88.72283f, -87.33655f,
                                   -103.97208f, 9.010913f, 3.92f, 15.0f};
    vmath_error err = {0, 0, 0, 0};
    for (uint64_t b = first; b <= UINT32_MAX; b += step) vmath_measure(fn, vmath_from_bits((uint32_t)b), &err);
    for (size_t i = 0; i < sizeof points / sizeof points[0]; i++)
        for (int sign = -1; sign <= 1; sign += 2) {
            float c = (float)sign * points[i];
            uint32_t cb;
            memcpy(&cb, &c, sizeof cb);
            for (uint32_t k = 0; k < 2 * around; k++) vmath_measure(fn, vmath_from_bits(cb - around + k), &err);
        }
    return err;
}
#endif
