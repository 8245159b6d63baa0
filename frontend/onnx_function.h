/* Inlining of ONNX local functions (FunctionProto) into the main graph's
   node list, before the reader builds the IR (see onnx_function.c). */
#ifndef DLC_ONNX_FUNCTION_H
#define DLC_ONNX_FUNCTION_H

#include "frontend/onnx_internal.h"

/* The expanded node list, swapped into the model's graph, and what it
   borrows: freed by onnx_functions_restore, which puts the model's own
   list back (before the model is freed). */
typedef struct onnx_inlined {
    Onnx__NodeProto **nodes;
    size_t num_nodes, cap_nodes;
    Onnx__NodeProto **saved_nodes;
    size_t saved_num_nodes;
    void *blocks;
} onnx_inlined;

/* Replaces every call of a function of the model by the function's body,
   recursively. false + diag on failure (restore must still be called). */
bool onnx_functions_inline(Onnx__ModelProto *m, const char *path, onnx_inlined *out);
void onnx_functions_restore(Onnx__ModelProto *m, onnx_inlined *in);

#endif
