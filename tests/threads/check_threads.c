/* Runs a model compiled with dlc --threads=N --name model on seeded
   inputs with 1 thread, then with 2 .. model_MAX_THREADS threads, and
   checks that every output is bit-identical; prints the median time of
   each thread count. Built and run by tests/threads/run.sh (also under
   ThreadSanitizer).

   usage: check_threads [RUNS] */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model.h"

static size_t elem_size(int32_t type)
{
    switch (type) {
    case 1: case 6: case 12: return 4;
    case 7: case 11: case 13: return 8;
    case 2: case 3: case 9: return 1;
    case 4: case 5: case 10: case 16: return 2;
    default: return 0;
    }
}

static size_t tensor_bytes(const dlc_tensor_info *t)
{
    size_t n = elem_size(t->elem_type);
    for (int d = 0; d < t->rank; d++) n *= (size_t)t->dims[d];
    return n;
}

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

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5, ni = model_num_inputs(), no = model_num_outputs();
    if (runs < 1) runs = 1;
    const void **in = calloc((size_t)ni + 1, sizeof *in);
    void **out = calloc((size_t)no + 1, sizeof *out), **first = calloc((size_t)no + 1, sizeof *first);
    double *times = calloc((size_t)runs, sizeof *times);
    uint32_t seed = 12345;
    for (int i = 0; i < ni; i++) {
        const dlc_tensor_info *t = model_input_info(i);
        size_t bytes = tensor_bytes(t);
        unsigned char *p = calloc(bytes + 1, 1);
        if (t->elem_type == 1)
            for (size_t k = 0; k < bytes / 4; k++) {
                seed = seed * 1664525u + 1013904223u;
                ((float *)p)[k] = (float)(seed >> 8) / 16777216.0f - 0.5f;
            }
        in[i] = p;
    }
    for (int o = 0; o < no; o++) {
        out[o] = calloc(tensor_bytes(model_output_info(o)) + 1, 1);
        first[o] = calloc(tensor_bytes(model_output_info(o)) + 1, 1);
    }
    int failures = 0;
    for (int n = 1; n <= model_MAX_THREADS; n++) {
        model_set_num_threads(n);
        for (int r = 0; r < runs; r++) {
            double t0 = now_ms();
            if (model_run(in, out) != 0) { printf("run failed with %d threads\n", n); return 1; }
            times[r] = now_ms() - t0;
        }
        qsort(times, (size_t)runs, sizeof *times, cmp_double);
        for (int o = 0; o < no; o++) {
            size_t bytes = tensor_bytes(model_output_info(o));
            if (n == 1) memcpy(first[o], out[o], bytes);
            else if (memcmp(first[o], out[o], bytes) != 0) {
                printf("output %d differs between 1 and %d threads\n", o, n);
                failures++;
            }
        }
        printf("threads=%d median_ms=%.3f\n", n, times[runs / 2]);
    }
    printf(failures ? "FAIL\n" : "identical for 1..%d threads\n", model_MAX_THREADS);
    return failures != 0;
}
