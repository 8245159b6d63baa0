/* The vector math of runtime/vmath.h: its largest error against libm in
   double (every STEP-th float; STEP 1 is every float, a few minutes per
   function) and its speed against what the kernels called before (libm),
   in ns per element over a 4096-element array that stays in cache; and the
   speed of SiLU, x * sigmoid(x), as the kernels' epilogues compute it.

   cc -O3 -march=native -I. bench/vmath.c -o /tmp/vmath -lm && /tmp/vmath [STEP]
   (from the repository root; STEP defaults to 17). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tests/unit/vmath_sweep.h"

#define N 4096

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* One timing loop per function, so that each call is inlined (and the
   loop vectorised where it can be). */
#define TIME_LOOP(NAME, EXPR)                                            \
    static double NAME(const float *in, float *out, int reps)          \
    {                                                                  \
        double best = 1e30;                                            \
        for (int r = 0; r < reps; r++) {                               \
            double t0 = now();                                         \
            for (int k = 0; k < 100; k++) {                            \
                for (int i = 0; i < N; i++) {                          \
                    float x = in[i];                                   \
                    out[i] = EXPR;                                     \
                }                                                      \
                __asm__ volatile("" ::"r"(out) : "memory");          \
            }                                                          \
            double t = (now() - t0) / (100.0 * N);                     \
            if (t < best) best = t;                                    \
        }                                                              \
        return best * 1e9;                                             \
    }
TIME_LOOP(fast_exp, rt_vmath_exp_f32(x))
TIME_LOOP(libm_exp, expf(x))
TIME_LOOP(fast_log, rt_vmath_log_f32(x))
TIME_LOOP(libm_log, logf(x))
TIME_LOOP(fast_tanh, rt_vmath_tanh_f32(x))
TIME_LOOP(libm_tanh, tanhf(x))
TIME_LOOP(fast_sigmoid, rt_vmath_sigmoid_f32(x))
TIME_LOOP(libm_sigmoid_t, 1 / (1 + expf(-x)))
TIME_LOOP(fast_erf, rt_vmath_erf_f32(x))
TIME_LOOP(libm_erf, erff(x))
TIME_LOOP(fast_gelu, rt_vmath_gelu_f32(x))
TIME_LOOP(libm_gelu_t, 0.5f * x * (1 + erff(x * 0.70710678118654752440f)))
TIME_LOOP(fast_gelu_tanh, rt_vmath_gelu_tanh_f32(x))
TIME_LOOP(libm_gelu_tanh_t, 0.5f * x * (1 + tanhf(0.79788456080286535588f * (x + 0.044715f * x * x * x))))
TIME_LOOP(fast_softplus, rt_vmath_softplus_f32(x))
TIME_LOOP(libm_softplus_t, x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x)))
/* SiLU as the epilogues compute it (x * Sigmoid(x)): speed only */
TIME_LOOP(fast_silu, x * rt_vmath_sigmoid_f32(x))
TIME_LOOP(libm_silu_t, x / (1 + expf(-x)))

typedef double (*time_fn)(const float *, float *, int);

int main(int argc, char **argv)
{
    uint32_t step = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 17;
    static const time_fn fast[] = {fast_exp, fast_log, fast_tanh, fast_sigmoid,
                                   fast_erf, fast_gelu, fast_gelu_tanh, fast_softplus};
    static const time_fn libm[] = {libm_exp, libm_log, libm_tanh, libm_sigmoid_t,
                                   libm_erf, libm_gelu_t, libm_gelu_tanh_t, libm_softplus_t};
    static float in[N], out[N];
    if (step == 0) step = 1;
    printf("| function | max error (ulp) | at x | max abs error | max rel error | ns/elem vmath | ns/elem libm | "
           "speed-up |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    for (int f = 0; f < VMATH_NUM_FNS; f++) {
        const vmath_fn *fn = &vmath_fns[f];
        vmath_error err = vmath_sweep(fn, 0, step, step > 1 ? 1u << 16 : 0);
        /* inputs where the function is interesting: (0, 20] for log, [-10, 10] otherwise */
        for (int i = 0; i < N; i++)
            in[i] = f == 1 ? 20.0f * (float)(i + 1) / N : 20.0f * (float)i / N - 10.0f;
        double tf = fast[f](in, out, 30), tl = libm[f](in, out, 30);
        printf("| %s%s | %.3g | %.9g | %.3g | %.3g | %.3f | %.3f | %.1fx |\n", fn->name,
               fn->ulp_from > -INFINITY ? " (ulp: x >= -3)" : "", err.ulp, (double)err.worst_ulp_x, err.abs, err.rel, tf,
               tl, tl / tf);
        fflush(stdout);
    }
    for (int i = 0; i < N; i++) in[i] = 20.0f * (float)i / N - 10.0f;
    double tf = fast_silu(in, out, 30), tl = libm_silu_t(in, out, 30);
    printf("| x * sigmoid (SiLU) | | | | | %.3f | %.3f | %.1fx |\n", tf, tl, tl / tf);
    return 0;
}
