/* Times one model compiled by dlc (with --name model): reads each input
   from a raw little-endian file (tools/model_buffers.h, as the conformance
   harness does), runs
   the model WARMUP times untimed, then RUNS times, each run timed on its own
   with clock_gettime(CLOCK_MONOTONIC). Prints one line:

       median_ms=M min_ms=m runs=N

   With -o, also writes each output of the last run to OUT_k.bin (raw), so
   bench/run.sh can check that the timed code computes what ONNX Runtime does.

   usage: timer [-w WARMUP] [-n RUNS] [-o OUT_PREFIX] IN_0.bin ... IN_n-1.bin */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model.h"
#include "../tools/model_buffers.h"

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

static void usage(void)
{
    fprintf(stderr, "usage: timer [-w WARMUP] [-n RUNS] [-o OUT_PREFIX] IN_0.bin ... IN_n-1.bin\n");
}

int main(int argc, char **argv)
{
    int warmup = 1, runs = 20, a = 1;
    const char *out_prefix = NULL;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (a + 1 >= argc) { usage(); return 2; }
        if (!strcmp(argv[a], "-w")) warmup = atoi(argv[++a]);
        else if (!strcmp(argv[a], "-n")) runs = atoi(argv[++a]);
        else if (!strcmp(argv[a], "-o")) out_prefix = argv[++a];
        else { usage(); return 2; }
    }
    int ni = model_num_inputs(), no = model_num_outputs();
    if (argc - a != ni || runs < 1 || warmup < 0) {
        fprintf(stderr, "timer: the model has %d inputs; %d files given\n", ni, argc - a);
        usage();
        return 2;
    }
    void **in = model_read_inputs("timer", argv + a), **out = model_alloc_outputs();
    double *ms = malloc((size_t)runs * sizeof *ms);
    if (!in || !out || !ms) return 2;
    for (int r = 0; r < warmup + runs; r++) {
        double t0 = now_ms();
        int rc = model_run((const void *const *)in, out);
        double t1 = now_ms();
        if (rc != 0) {
            fprintf(stderr, "timer: model_run returned %d\n", rc);
            return 3;
        }
        if (r >= warmup) ms[r - warmup] = t1 - t0;
    }
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    double median = runs % 2 ? ms[runs / 2] : 0.5 * (ms[runs / 2 - 1] + ms[runs / 2]);
    printf("median_ms=%.4f min_ms=%.4f runs=%d\n", median, ms[0], runs);

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
