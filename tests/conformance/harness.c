/* The program every conformance case is linked into: reads each input from
   a raw little-endian file, runs the generated model (compiled with
   --name model), writes each output to a raw file (the elements of its
   actual dims, model_output_dims) and those dims to the file's name plus
   ".dims" (rank int64 values). The runner does the conversions from and to
   TensorProto and the comparison.

   usage: harness IN_0.bin ... IN_n-1.bin OUT_0.bin ... OUT_m-1.bin */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "../../tools/model_buffers.h"

int main(int argc, char **argv)
{
    int ni = model_num_inputs(), no = model_num_outputs();
    if (argc != 1 + ni + no) {
        fprintf(stderr, "harness: expected %d input and %d output files\n", ni, no);
        return 2;
    }
    void **in = model_read_inputs("harness", argv + 1), **out = model_alloc_outputs();
    if (!in || !out) return 2;
    int rc = model_run((const void *const *)in, out);
    if (rc != 0) {
        fprintf(stderr, "harness: model_run returned %d\n", rc);
        return 3;
    }
    for (int i = 0; i < no; i++) {
        char dims_path[4096];
        snprintf(dims_path, sizeof dims_path, "%s.dims", argv[1 + ni + i]);
        if (!model_write_output("harness", out[i], i, argv[1 + ni + i]) ||
            !model_write_output_dims("harness", i, dims_path))
            return 2;
    }
    model_free_buffers(in, ni);
    model_free_buffers(out, no);
    return 0;
}
