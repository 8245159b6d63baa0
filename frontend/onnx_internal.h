/* Declarations shared by the frontend's source files and nobody else: this
   is the one header that pulls in the protobuf-c generated types. */
#ifndef DLC_ONNX_INTERNAL_H
#define DLC_ONNX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "frontend/onnx_reader.h"
#include "ir/diag.h"
#include "ir/ir.h"
#include "onnx.pb-c.h"

/* protobuf-c leaves absent proto2 strings NULL; most code wants "". */
static inline const char *onnx_str(const char *s) { return s ? s : ""; }

/* Reads a whole file into a malloc'd buffer. false + DIAG_IO on failure. */
bool onnx_slurp(const char *path, uint8_t **buf, size_t *len);

/* The folder holding path, malloc'd ("." for a bare file name). */
char *onnx_dirname(const char *path);

/* Fills v (dtype, rank, dims, data) from a TensorProto. dir is the folder
   external data is resolved against; what names the tensor in messages,
   e.g. "initializer 'w'". false + diag on failure. */
bool onnx_tensor_to_value(ir_graph *g, ir_value *v, const Onnx__TensorProto *t,
                          const char *dir, const char *what);

/* Sets v's dtype and shape from a ValueInfo's TypeProto. Non-tensor types
   are DIAG_UNSUPPORTED; role is "input" or "output" for the message. */
bool onnx_type_to_value(ir_graph *g, ir_value *v, const Onnx__TypeProto *type,
                        const char *role);

/* How deeply subgraphs (If's branches, Loop's and Scan's body) may nest in
   each other. */
#define ONNX_MAX_SUBGRAPH_DEPTH 64

/* Checks on the undecoded bytes of a ModelProto that its subgraphs nest at
   most ONNX_MAX_SUBGRAPH_DEPTH deep and its other recursive messages
   (types) a bounded depth, so that decoding cannot overflow the stack.
   false + diag otherwise (onnx_nesting.c). */
bool onnx_check_nesting(const uint8_t *buf, size_t len, const char *path);

/* Applies --dim then --shape to g->inputs, then checks that every input is
   fully concrete. false + diag on failure. */
bool onnx_apply_pins(ir_graph *g, const onnx_read_options *opt);

#endif
