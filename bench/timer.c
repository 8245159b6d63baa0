/* Times one model compiled by dlc (with --name model): reads each input
   from a raw little-endian file (as tests/conformance/harness.c does), runs
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

static size_t element_size(int32_t type)
{
    switch (type) {
    case 1: case 6: case 12: return 4;          /* float, int32, uint32 */
    case 2: case 3: case 9: return 1;           /* uint8, int8, bool */
    case 4: case 5: case 10: case 16: return 2; /* uint16, int16, float16, bfloat16 */
    case 7: case 11: case 13: return 8;         /* int64, double, uint64 */
    default: return 0;
    }
}

static size_t tensor_bytes(const dlc_tensor_info *info)
{
    size_t n = element_size(info->elem_type);
    for (int i = 0; i < info->rank; i++) n *= (size_t)info->dims[i];
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
    void **in = calloc((size_t)ni + 1, sizeof *in), **out = calloc((size_t)no + 1, sizeof *out);
    double *ms = malloc((size_t)runs * sizeof *ms);
    if (!in || !out || !ms) return 2;
    for (int i = 0; i < ni; i++) {
        size_t bytes = tensor_bytes(model_input_info(i));
        in[i] = malloc(bytes ? bytes : 1);
        FILE *f = fopen(argv[a + i], "rb");
        if (!in[i] || !f || fread(in[i], 1, bytes, f) != bytes || fgetc(f) != EOF) {
            fprintf(stderr, "timer: input %d: %s does not hold %zu bytes\n", i, argv[a + i], bytes);
            return 2;
        }
        fclose(f);
    }
    for (int i = 0; i < no; i++) {
        size_t bytes = tensor_bytes(model_output_info(i));
        out[i] = malloc(bytes ? bytes : 1);
        if (!out[i]) return 2;
    }
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

    if (out_prefix) {
        for (int i = 0; i < no; i++) {
            char name[4096];
            size_t bytes = tensor_bytes(model_output_info(i));
            snprintf(name, sizeof name, "%s%d.bin", out_prefix, i);
            FILE *f = fopen(name, "wb");
            if (!f || fwrite(out[i], 1, bytes, f) != bytes || fclose(f) != 0) {
                fprintf(stderr, "timer: cannot write %s\n", name);
                return 2;
            }
        }
    }
    for (int i = 0; i < ni; i++) free(in[i]);
    for (int i = 0; i < no; i++) free(out[i]);
    free(in);
    free(out);
    free(ms);
    return 0;
}
