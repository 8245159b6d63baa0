/* The operator interface. Each operator family lives in one file of ops/
   and describes, per op type: the attributes it knows, its shape and type
   inference, and its lowering to calls of runtime kernels. The op table
   (ops/op_table.c) lists the families. */
#ifndef DLC_OP_H
#define DLC_OP_H

#include "../ir/diag.h"
#include "../ir/ir.h"

typedef struct lower_ctx lower_ctx;

typedef struct op_def {
    const char *op_type;
    const char *domain;            /* "" for ai.onnx */
    /* Attribute names the op understands at any opset; any other is an error.
       NULL-terminated; NULL pointer means "none". */
    const char *const *attrs;
    /* Checks inputs and attributes, sets every output's dtype and shape. May
       set output->data directly when the result is known (Shape, Size). */
    bool (*infer)(ir_node *n);
    /* Appends the kernel calls that compute the node's outputs. */
    bool (*lower)(ir_node *n, lower_ctx *c);
} op_def;

/* Table lookup (ops/op_table.c). */
const op_def *op_find(const char *domain, const char *op_type);
/* Every op, for --help style listings: calls fn for each. */
void op_for_each(void (*fn)(const op_def *, void *), void *user);

/* ---- lowering: kernel calls -------------------------------------------- */

typedef struct kernel_call {
    const char *kernel;            /* runtime function, e.g. "rt_add_f32" */
    const ir_node *node;           /* for diagnostics and comments */
    int num_tensors;
    ir_value *tensors[24];         /* kernel t[] order; NULL allowed */
    int num_ints, num_floats, cap_ints, cap_floats;
    int64_t *ints;
    float *floats;
    size_t scratch_bytes;          /* passed as one extra last tensor pointer */
} kernel_call;

struct lower_ctx {
    ir_graph *graph;
    kernel_call **calls;
    int num_calls, cap_calls;
};

/* Starts a call to `kernel`; fails (unsupported) when the runtime has no such kernel. */
kernel_call *lower_call(lower_ctx *c, ir_node *n, const char *kernel);
/* Same with the name built as "<base>_<dtype suffix>", e.g. rt_add + float -> rt_add_f32. */
kernel_call *lower_call_typed(lower_ctx *c, ir_node *n, const char *base, int32_t dtype);
/* Same with the name "<base>_x<bits>" for kernels that only move elements
   of the dtype's size (x8, x16, x32, x64). */
kernel_call *lower_call_sized(lower_ctx *c, ir_node *n, const char *base, int32_t dtype);
void call_tensor(kernel_call *k, ir_value *v);
void call_int(kernel_call *k, int64_t v);
void call_ints(kernel_call *k, const int64_t *v, int count);
void call_float(kernel_call *k, float v);
void call_scratch(kernel_call *k, size_t bytes);
/* A temporary tensor between two calls of one node's lowering. */
ir_value *lower_temp(lower_ctx *c, int32_t dtype, int rank, const int64_t *dims);
/* A constant made by lowering (e.g. a scalar from an attribute); data is copied. */
ir_value *lower_const(lower_ctx *c, int32_t dtype, int rank, const int64_t *dims, const void *data);
/* A scalar constant of dtype holding value (converted). */
ir_value *lower_const_scalar(lower_ctx *c, int32_t dtype, double value);
/* Frees the calls' parameter arrays and the call list. */
void lower_ctx_release(lower_ctx *c);

/* ---- helpers for inference (ops/op_util.c) ----------------------------- */

int64_t attr_int(const ir_node *n, const char *name, int64_t dflt);
float attr_float(const ir_node *n, const char *name, float dflt);
const char *attr_string(const ir_node *n, const char *name, const char *dflt);
/* Copies an INTS attribute; returns its count, or -1 if absent. */
int attr_ints(const ir_node *n, const char *name, int64_t *out, int max);
int attr_floats(const ir_node *n, const char *name, float *out, int max);

/* Input k, or NULL if omitted or past the end. */
ir_value *node_input(const ir_node *n, int k);
ir_value *node_output(const ir_node *n, int k);
/* Checks the number of inputs present (counting the last non-omitted one). */
bool node_check_arity(const ir_node *n, int min_inputs, int max_inputs);
/* Requires input k to be a compile-time constant; the error names the value. */
bool node_require_const(const ir_node *n, int k);
/* Requires input k to be a constant integer tensor and copies it (as int64)
   into out; returns the element count or -1 after reporting an error. */
int node_const_ints(const ir_node *n, int k, int64_t *out, int max);
/* Sets output k's type and shape. */
void node_set_output(ir_node *n, int k, int32_t dtype, int rank, const int64_t *dims);
/* Numpy-style broadcast of shapes a and b into out; false + error if incompatible. */
bool node_broadcast(const ir_node *n, int rank_a, const int64_t *a, int rank_b, const int64_t *b,
                    int *rank_out, int64_t *out);
/* Requires input k's element type to be one of the listed codes (0-terminated). */
bool node_check_dtype(const ir_node *n, int k, const int32_t *allowed);
/* Normalises a possibly negative axis for rank r; error when out of range. */
bool node_axis(const ir_node *n, int64_t axis, int rank, int *out);

/* Strides of a row-major shape, and of one broadcast to out's rank (0 on
   broadcast dims), for kernels that walk broadcasts. */
void shape_strides(int rank, const int64_t *dims, int64_t *strides);
void shape_broadcast_strides(int rank_in, const int64_t *dims_in, int rank_out,
                             const int64_t *dims_out, int64_t *strides);

/* Appends {rank, dims[rank], strides of each input[rank]} for a kernel that
   walks inputs broadcast to the output shape (at most 4 inputs); size-1
   dimensions are dropped and mergeable dimensions merged. */
void call_broadcast_params(kernel_call *k, int rank, const int64_t *dims, int num_inputs, ir_value *const *inputs);

#endif
