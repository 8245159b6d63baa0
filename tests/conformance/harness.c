/* The program every conformance case is linked into: reads each input from
   a raw little-endian file, runs the generated model (compiled with
   --name model), writes each output to a raw file. The runner does the
   conversions from and to TensorProto and the comparison.

   usage: harness IN_0.bin ... IN_n-1.bin OUT_0.bin ... OUT_m-1.bin */
#include <stdio.h>
#include <stdlib.h>

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

int main(int argc, char **argv)
{
    int ni = model_num_inputs(), no = model_num_outputs();
    if (argc != 1 + ni + no) {
        fprintf(stderr, "harness: expected %d input and %d output files\n", ni, no);
        return 2;
    }
    void **in = calloc((size_t)ni + 1, sizeof *in), **out = calloc((size_t)no + 1, sizeof *out);
    for (int i = 0; i < ni; i++) {
        size_t bytes = tensor_bytes(model_input_info(i));
        in[i] = malloc(bytes ? bytes : 1);
        FILE *f = fopen(argv[1 + i], "rb");
        if (!f || fread(in[i], 1, bytes, f) != bytes || fgetc(f) != EOF) {
            fprintf(stderr, "harness: input %d: %s does not hold %zu bytes\n", i, argv[1 + i], bytes);
            return 2;
        }
        fclose(f);
    }
    for (int i = 0; i < no; i++) {
        size_t bytes = tensor_bytes(model_output_info(i));
        out[i] = malloc(bytes ? bytes : 1);
    }
    int rc = model_run((const void *const *)in, out);
    if (rc != 0) {
        fprintf(stderr, "harness: model_run returned %d\n", rc);
        return 3;
    }
    for (int i = 0; i < no; i++) {
        size_t bytes = tensor_bytes(model_output_info(i));
        FILE *f = fopen(argv[1 + ni + i], "wb");
        if (!f || fwrite(out[i], 1, bytes, f) != bytes || fclose(f) != 0) {
            fprintf(stderr, "harness: cannot write %s\n", argv[1 + ni + i]);
            return 2;
        }
    }
    for (int i = 0; i < ni; i++) free(in[i]);
    for (int i = 0; i < no; i++) free(out[i]);
    free(in);
    free(out);
    return 0;
}
