/* The ONNX frontend: reads a .onnx file (or a serialized TensorProto) into
   the graph IR. This is the only interface the rest of dlc has to ONNX
   files; protobuf types never appear outside frontend/. */
#ifndef DLC_ONNX_READER_H
#define DLC_ONNX_READER_H

#include <stdbool.h>
#include <stdint.h>

#include "ir/ir.h"

/* --shape NAME=1x3x224x224: fixes every dimension of one graph input. */
typedef struct onnx_shape_pin {
    const char *name;
    int rank;
    int64_t dims[IR_MAX_RANK];
} onnx_shape_pin;

/* --dim SYMBOL=N: fixes every input dimension named SYMBOL (dim_param). */
typedef struct onnx_dim_pin {
    const char *symbol;
    int64_t value;
} onnx_dim_pin;

typedef struct onnx_read_options {
    const onnx_shape_pin *shapes;
    int num_shapes;
    const onnx_dim_pin *dims;
    int num_dims;
} onnx_read_options;

/* Reads a model into a new graph (opt may be NULL). Returns NULL after a
   diag_error on any failure. On success every graph input has a known rank
   and concrete dimensions, and diag_set_graph(g) has been called. */
ir_graph *onnx_read_model(const char *path, const onnx_read_options *opt);

/* Reads a file holding one serialized TensorProto (the backend test data's
   input_K.pb / output_K.pb) into a detached constant value owned by g.
   Returns NULL after a diag_error on failure. */
ir_value *onnx_read_tensor_file(ir_graph *g, const char *path);

/* Makes graph input `name` a constant holding the TensorProto in
   tensor_path (same type and shape); it is no longer an input of the
   generated code. False after a diag_error. */
bool onnx_bind_input(ir_graph *g, const char *name, const char *tensor_path);

/* Parses "NAME=1x3x224x224" (',' also separates dimensions) into pin.
   The name is split at the last '=' (ONNX names may contain '='); pin->name
   is a malloc'd copy released by onnx_shape_pin_release. Returns false after
   a diag_error on a malformed string. */
bool onnx_parse_shape_pin(const char *spec, onnx_shape_pin *pin);
void onnx_shape_pin_release(onnx_shape_pin *pin);

#endif
