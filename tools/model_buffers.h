/* Buffers for a model compiled by dlc with --name model, read from and
   written to raw little-endian files (the layout of DESIGN.md section 3).
   Shared by the conformance harness (tests/conformance/harness.c) and the
   benchmark timer (bench/timer.c), which are compiled together with a
   generated model: include this after "model.h". */
#ifndef DLC_MODEL_BUFFERS_H
#define DLC_MODEL_BUFFERS_H

#include <stdio.h>
#include <stdlib.h>

/* Bits per element in a buffer: 4- and 2-bit types are packed. */
static size_t model_element_bits(int32_t type)
{
    switch (type) {
    case 1: case 6: case 12: return 32;         /* float, int32, uint32 */
    case 2: case 3: case 9: return 8;           /* uint8, int8, bool */
    case 17: case 18: case 19: case 20: case 24: return 8; /* the 8-bit floats */
    case 4: case 5: case 10: case 16: return 16; /* uint16, int16, float16, bfloat16 */
    case 7: case 11: case 13: return 64;        /* int64, double, uint64 */
    case 21: case 22: case 23: return 4;        /* uint4, int4, float4e2m1 */
    case 25: case 26: return 2;                 /* uint2, int2 */
    default: return 0;
    }
}

static size_t model_tensor_bytes(const dlc_tensor_info *info)
{
    size_t n = 1;
    for (int i = 0; i < info->rank; i++) n *= (size_t)info->dims[i];
    return (n * model_element_bits(info->elem_type) + 7) / 8;
}

/* One buffer per input, read from paths[i] (which must hold exactly the
   input's bytes); NULL after a message naming prog. */
static void **model_read_inputs(const char *prog, char *const *paths)
{
    int n = model_num_inputs();
    void **in = calloc((size_t)n + 1, sizeof *in);
    for (int i = 0; in && i < n; i++) {
        size_t bytes = model_tensor_bytes(model_input_info(i));
        FILE *f = fopen(paths[i], "rb");
        in[i] = malloc(bytes ? bytes : 1);
        if (!in[i] || !f || fread(in[i], 1, bytes, f) != bytes || fgetc(f) != EOF) {
            fprintf(stderr, "%s: input %d: %s does not hold %zu bytes\n", prog, i, paths[i], bytes);
            return NULL;
        }
        fclose(f);
    }
    return in;
}

/* One buffer per output; NULL when out of memory. */
static void **model_alloc_outputs(void)
{
    int n = model_num_outputs();
    void **out = calloc((size_t)n + 1, sizeof *out);
    for (int i = 0; out && i < n; i++) {
        size_t bytes = model_tensor_bytes(model_output_info(i));
        if (!(out[i] = malloc(bytes ? bytes : 1))) return NULL;
    }
    return out;
}

/* The bytes output i holds after a run: its actual dims (model_output_dims;
   less than the buffer when its shape depends on the data). */
static size_t model_output_bytes(int i)
{
    const dlc_tensor_info *info = model_output_info(i);
    int64_t dims[16];
    if (info->rank > 16 || model_output_dims(i, dims) != 0) return model_tensor_bytes(info);
    size_t n = 1;
    for (int d = 0; d < info->rank; d++) n *= (size_t)dims[d];
    return (n * model_element_bits(info->elem_type) + 7) / 8; /* 4- and 2-bit elements packed */
}

/* Writes output i (the elements of its actual dims) to path; false after a
   message naming prog. */
static int model_write_output(const char *prog, const void *buffer, int i, const char *path)
{
    size_t bytes = model_output_bytes(i);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(buffer, 1, bytes, f) != bytes || fclose(f) != 0) {
        fprintf(stderr, "%s: cannot write %s\n", prog, path);
        return 0;
    }
    return 1;
}

/* Writes output i's actual dims (model_output_dims: rank int64 values,
   little-endian) to path; false after a message naming prog. */
static int model_write_output_dims(const char *prog, int i, const char *path)
{
    const dlc_tensor_info *info = model_output_info(i);
    int64_t dims[16];
    FILE *f = fopen(path, "wb");
    int ok = f && info->rank <= 16 && model_output_dims(i, dims) == 0 &&
             fwrite(dims, sizeof dims[0], (size_t)info->rank, f) == (size_t)info->rank;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) fprintf(stderr, "%s: cannot write %s\n", prog, path);
    return ok;
}

static void model_free_buffers(void **buffers, int count)
{
    for (int i = 0; buffers && i < count; i++) free(buffers[i]);
    free(buffers);
}

#endif
