/* --bind NAME=TENSOR.pb: turns a graph input into a constant read from a
   serialized TensorProto. This specialises a model for values known ahead
   of time (a fixed sequence length, fixed Reshape targets), so that inputs
   which decide shapes can be folded away. */
#include <string.h>

#include "ir/diag.h"
#include "onnx_reader.h"

bool onnx_bind_input(ir_graph *g, const char *name, const char *tensor_path)
{
    int k = -1;
    for (int i = 0; i < g->num_inputs; i++)
        if (strcmp(g->inputs[i]->name, name) == 0) k = i;
    if (k < 0) return diag_error(DIAG_INVALID, "--bind: the model has no input '%s'", name);
    ir_value *v = g->inputs[k];
    ir_value *t = onnx_read_tensor_file(g, tensor_path);
    if (!t) return false;
    if (t->dtype != v->dtype)
        return diag_error(DIAG_INVALID, "--bind %s: %s holds %s, the input is %s", name, tensor_path,
                          dtype_name(t->dtype), dtype_name(v->dtype));
    if (t->rank != v->rank)
        return diag_error(DIAG_INVALID, "--bind %s: %s has rank %d, the input has rank %d", name, tensor_path,
                          t->rank, v->rank);
    for (int d = 0; d < v->rank; d++)
        if (v->dims[d] != t->dims[d])
            return diag_error(DIAG_INVALID, "--bind %s: dimension %d is %lld in %s, %lld in the model", name, d,
                              (long long)t->dims[d], tensor_path, (long long)v->dims[d]);
    v->data = t->data;
    v->is_input = false;
    for (int i = k; i + 1 < g->num_inputs; i++) g->inputs[i] = g->inputs[i + 1];
    g->num_inputs--;
    return true;
}
