/* The machine's single-precision peak, measured: one thread runs chains of
   fused multiply-adds, independent enough to keep every FMA unit busy, in
   the widest vectors the compiler targets (AVX-512, AVX2+FMA, or GCC vector
   extensions of 4 floats elsewhere), and prints the best of several timed
   rounds:

       peak_gflops=G isa=avx512 lanes=16 chains=12

   The benchmark quotes dlc's and ONNX Runtime's GFLOP/s as a share of this
   figure rather than of a datasheet number (turbo, AVX-512 frequency
   licences and shared hosts move it).

   usage: cc -O3 -march=native bench/peak.c -o peak && ./peak [SECONDS] */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
#include <immintrin.h>
#define PEAK_ISA "avx512"
#define PEAK_LANES 16
typedef __m512 vec;
static vec vec_set(float x) { return _mm512_set1_ps(x); }
static vec vec_fma(vec a, vec b, vec c) { return _mm512_fmadd_ps(a, b, c); }
static float vec_sum(vec a) { return _mm512_reduce_add_ps(a); }
#elif defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define PEAK_ISA "avx2"
#define PEAK_LANES 8
typedef __m256 vec;
static vec vec_set(float x) { return _mm256_set1_ps(x); }
static vec vec_fma(vec a, vec b, vec c) { return _mm256_fmadd_ps(a, b, c); }
static float vec_sum(vec a)
{
    float v[8];
    _mm256_storeu_ps(v, a);
    return v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
}
#else
/* 16 bytes: SSE on any x86-64, NEON on AArch64 (no wider vector ABI). */
#define PEAK_ISA "generic"
#define PEAK_LANES 4
typedef float vec __attribute__((vector_size(16)));
static vec vec_set(float x) { return (vec){x, x, x, x}; }
static vec vec_fma(vec a, vec b, vec c) { return a * b + c; }
static float vec_sum(vec a) { return a[0] + a[1] + a[2] + a[3]; }
#endif

/* Independent accumulators: at least FMA latency (4) times FMA units (2). */
#define PEAK_CHAINS 12

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* iterations rounds of PEAK_CHAINS dependent FMAs; returns a sum the
   caller prints, so that nothing is optimised away. */
static float run_chains(long iterations, float seed)
{
    vec acc[PEAK_CHAINS];
    for (int i = 0; i < PEAK_CHAINS; i++) acc[i] = vec_set(seed + (float)i);
    const vec a = vec_set(0.999999f), b = vec_set(1e-7f);
    for (long it = 0; it < iterations; it++)
        for (int i = 0; i < PEAK_CHAINS; i++) acc[i] = vec_fma(acc[i], a, b);
    float sum = 0;
    for (int i = 0; i < PEAK_CHAINS; i++) sum += vec_sum(acc[i]);
    return sum;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    if (!(seconds > 0)) {
        fputs("usage: peak [SECONDS]\n", stderr);
        return 2;
    }
    long iterations = 1 << 16;
    float sink = 0;
    double best = 0;
    /* Grow the round until it lasts a millisecond (or a tenth of the
       budget), then time rounds until the budget is spent; keep the best
       rate. Short rounds: on a shared machine some fall in a time slice
       where the core is ours alone, while every long round would average
       in the other work's share. */
    const double round = seconds / 10 < 1e-3 ? seconds / 10 : 1e-3;
    for (double spent = 0, start_all = now_seconds(); spent < seconds; spent = now_seconds() - start_all) {
        double t0 = now_seconds();
        sink += run_chains(iterations, (float)spent);
        double t = now_seconds() - t0;
        if (t < round) {
            iterations *= 2;
            continue;
        }
        double gflops = 2.0 * PEAK_LANES * PEAK_CHAINS * (double)iterations / t * 1e-9;
        if (gflops > best) best = gflops;
    }
    printf("peak_gflops=%.1f isa=%s lanes=%d chains=%d (checksum %g)\n", best, PEAK_ISA, PEAK_LANES, PEAK_CHAINS,
           (double)sink);
    return 0;
}
