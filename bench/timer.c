/* Times one model compiled by dlc (with --name model), for bench/run.sh:
   reads each input from a raw little-endian file (tools/model_buffers.h, as
   the conformance harness does), runs the model WARMUP times untimed (at
   least once), then times runs one by one with clock_gettime(CLOCK_MONOTONIC)
   until there are at least RUNS of them and they add up to at least
   MIN_SECONDS. Prints one line:

       median_ms=M p10_ms=.. p25_ms=.. p75_ms=.. p90_ms=.. min_ms=.. runs=N stack_bytes=S threads=T

   stack_bytes is the stack high-water mark of model_run during the warm-up
   runs after the first: a region below the caller's frame is painted with a byte pattern
   first, and afterwards the deepest byte no longer holding it tells how far
   the stack grew. threads is what the generated code was told to use: with
   -DDLC_BENCH_SET_THREADS=1 (bench/run.sh sets it when dlc has --threads)
   the timer calls model_set_num_threads(-t T); without, it is 1.

   With -o, also writes each output of the last run to OUT_k.bin (raw), so
   bench/run.sh can check that the timed code computes what ONNX Runtime does.

   usage: timer [-w WARMUP] [-n RUNS] [-s MIN_SECONDS] [-t THREADS] [-o OUT_PREFIX] IN_0.bin ... */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model.h"
#include "../tools/model_buffers.h"

#ifndef DLC_BENCH_SET_THREADS
#define DLC_BENCH_SET_THREADS 0
#endif
#if DLC_BENCH_SET_THREADS
void model_set_num_threads(int n); /* in model.h too when dlc compiled with --threads */
#endif

/* How much stack is painted: more than any generated code should need (its
   tensors live in the static arena), well under the usual 8 MiB limit. */
#define STACK_PAINT_BYTES (2u << 20)
#define STACK_PAINT_BYTE 0xA5

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The lowest address of the painted region (set by paint_stack). */
static uintptr_t painted_low;

/* Called through a volatile pointer so the compiler cannot drop the stores
   into a local array that is never read. */
static void *(*volatile memset_v)(void *, int, size_t) = memset;

/* Paints STACK_PAINT_BYTES of stack just below the caller's frame: the
   region model_run's frames will occupy when the caller calls it next. */
static void __attribute__((noinline)) paint_stack(void)
{
    unsigned char region[STACK_PAINT_BYTES];
    memset_v(region, STACK_PAINT_BYTE, sizeof region);
    painted_low = (uintptr_t)region;
}

/* Bytes of the painted region that something wrote to since paint_stack,
   counted from its top (the stack grows down). Reads memory below the
   stack pointer, which is ours and mapped: paint_stack touched it. */
static size_t __attribute__((noinline)) stack_used(void)
{
    const volatile unsigned char *p = (const volatile unsigned char *)painted_low;
    size_t i = 0;
    while (i < STACK_PAINT_BYTES && p[i] == STACK_PAINT_BYTE) i++;
    return STACK_PAINT_BYTES - i;
}

static int run_once(void **in, void **out)
{
    int rc = model_run((const void *const *)in, out);
    if (rc != 0) fprintf(stderr, "timer: model_run returned %d\n", rc);
    return rc;
}

/* Times runs until there are at least min_runs and they add up to
   min_seconds; returns the times (ms) sorted, their count in *n. */
static double *time_runs(void **in, void **out, int min_runs, double min_seconds, int *n)
{
    int cap = min_runs, count = 0;
    double total = 0, *ms = malloc((size_t)cap * sizeof *ms);
    while (ms && (count < min_runs || total < min_seconds * 1e3)) {
        if (count == cap) {
            double *grown = realloc(ms, (size_t)cap * 2 * sizeof *ms);
            if (!grown) break;
            ms = grown;
            cap *= 2;
        }
        double t0 = now_ms();
        if (run_once(in, out) != 0) { free(ms); return NULL; }
        ms[count] = now_ms() - t0;
        total += ms[count++];
    }
    if (ms) qsort(ms, (size_t)count, sizeof *ms, cmp_double);
    *n = count;
    return ms;
}

/* The q-quantile of n sorted values, interpolating between neighbours. */
static double quantile(const double *sorted, int n, double q)
{
    double pos = q * (n - 1);
    int i = (int)pos;
    return i + 1 < n ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[n - 1];
}

static void usage(void)
{
    fprintf(stderr, "usage: timer [-w WARMUP] [-n RUNS] [-s MIN_SECONDS] [-t THREADS] [-o OUT_PREFIX]"
                    " IN_0.bin ... IN_n-1.bin\n");
}

int main(int argc, char **argv)
{
    int warmup = 1, runs = 20, threads = 1, a = 1;
    double min_seconds = 1.0;
    const char *out_prefix = NULL;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (a + 1 >= argc) { usage(); return 2; }
        if (!strcmp(argv[a], "-w")) warmup = atoi(argv[++a]);
        else if (!strcmp(argv[a], "-n")) runs = atoi(argv[++a]);
        else if (!strcmp(argv[a], "-s")) min_seconds = atof(argv[++a]);
        else if (!strcmp(argv[a], "-t")) threads = atoi(argv[++a]);
        else if (!strcmp(argv[a], "-o")) out_prefix = argv[++a];
        else { usage(); return 2; }
    }
    int ni = model_num_inputs(), no = model_num_outputs();
    if (argc - a != ni || runs < 1 || warmup < 0 || threads < 1) {
        fprintf(stderr, "timer: the model has %d inputs; %d files given\n", ni, argc - a);
        usage();
        return 2;
    }
#if DLC_BENCH_SET_THREADS
    model_set_num_threads(threads);
#else
    threads = 1; /* the generated code has no threads to set */
#endif
    void **in = model_read_inputs("timer", argv + a), **out = model_alloc_outputs();
    if (!in || !out) return 2;

    /* The first run resolves the model's library calls (expf, memcpy, ...):
       the dynamic linker's lazy binding saves the vector registers on the
       stack, kilobytes that are not the model's. The stack is painted after
       it, and measured over the other warm-up runs (at least one). */
    if (run_once(in, out) != 0) return 3;
    paint_stack();
    for (int r = 1; r < (warmup > 1 ? warmup : 2); r++)
        if (run_once(in, out) != 0) return 3;
    size_t stack = stack_used();

    int n = 0;
    double *ms = time_runs(in, out, runs, min_seconds, &n);
    if (!ms) return 3;
    printf("median_ms=%.4f p10_ms=%.4f p25_ms=%.4f p75_ms=%.4f p90_ms=%.4f min_ms=%.4f runs=%d"
           " stack_bytes=%zu threads=%d\n",
           quantile(ms, n, 0.5), quantile(ms, n, 0.1), quantile(ms, n, 0.25), quantile(ms, n, 0.75),
           quantile(ms, n, 0.9), ms[0], n, stack, threads);

    for (int i = 0; out_prefix && i < no; i++) {
        char name[4096];
        snprintf(name, sizeof name, "%s%d.bin", out_prefix, i);
        if (!model_write_output("timer", out[i], i, name)) return 2;
    }
    model_free_buffers(in, ni);
    model_free_buffers(out, no);
    free(ms);
    return 0;
}
