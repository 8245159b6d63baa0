/* The operator interface. Each operator family lives in one file of ops/
   and describes, per op type: the attributes it knows, its shape and type
   inference, and its lowering to calls of runtime kernels. The op table
   (ops/op_table.c) lists the families. */
#ifndef DLC_OP_H
#define DLC_OP_H

#include "ir/diag.h"
#include "ir/ir.h"
#include "ir/lir.h"
#include "runtime_params.h"

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
    bool (*lower)(ir_node *n, lir_program *c);
} op_def;

/* Table lookup (ops/op_table.c). */
const op_def *op_find(const char *domain, const char *op_type);
/* Every op, for --help style listings: calls fn for each. */
void op_for_each(void (*fn)(const op_def *, void *), void *user);

/* ---- lowering: kernel calls (ir/lir.h) ---------------------------------- */

/* Lowering names kernels by their generated ids (KERNEL_rt_conv_f32) or
   families (KERNELS_rt_add, chosen by element type), and fills the
   kernel's parameter struct (declared in runtime/<family>.h) by field name:

       rt_conv_params p = {.batch = 1, .in_channels = 64, ...};
       lir_call *k = lower_kernel(c, n, KERNEL_rt_conv_f32, &p);
       call_tensor(k, x); ...

   The struct is copied; a struct of the wrong type for the kernel is an
   internal error, reported when the node is lowered. */
lir_call *lower_kernel_checked(lir_program *c, ir_node *n, rt_kernel_id kernel, rt_params_id params_id,
                               const void *params, size_t params_size);
#define lower_kernel(c, n, kernel, params) \
    lower_kernel_checked((c), (n), (kernel), RT_PARAMS_ID(params), (params), sizeof *(params))
/* The member of family for dtype ("<base>_f32", ...); reports "element type
   X is not supported" and returns RT_KERNEL_NONE when there is none. */
rt_kernel_id lower_pick_typed(ir_node *n, rt_kernel_family family, int32_t dtype);
/* The member "<base>_x<bits>" for kernels that only move elements of dtype's size. */
rt_kernel_id lower_pick_sized(ir_node *n, rt_kernel_family family, int32_t dtype);
/* The member "<base>_<from>_<to>" of a two-type family (Cast). */
rt_kernel_id lower_pick_typed2(ir_node *n, rt_kernel_family2 family, int32_t from, int32_t to);
#define lower_kernel_typed(c, n, family, dtype, params) \
    lower_kernel((c), (n), lower_pick_typed((n), (family), (dtype)), (params))
#define lower_kernel_sized(c, n, family, dtype, params) \
    lower_kernel((c), (n), lower_pick_sized((n), (family), (dtype)), (params))

/* y = x, element for element (same type and count). */
bool lower_copy(lir_program *c, ir_node *n, ir_value *x, ir_value *y);
/* The same copy, marked as a view (lir_call.is_view): memory planning may
   give y x's memory and drop the call. Only for x an input of n and y an
   output of n that no other call writes. */
bool lower_view(lir_program *c, ir_node *n, ir_value *x, ir_value *y);
/* y = x converted to y's element type, element for element (the Cast
   kernels, ops/cast.c; also when the types are equal). */
bool lower_cast(lir_program *c, ir_node *n, ir_value *x, ir_value *y);
/* The same with Cast's saturate and round_mode (enum rt_round_mode), which
   only a cast to an 8-bit float reads (lower_cast: saturate, round up). */
bool lower_cast_mode(lir_program *c, ir_node *n, ir_value *x, ir_value *y, bool saturate, int round_mode);
/* x as element type dtype, for a kernel that reads only that type: x itself
   when it has it (or is NULL), else a temporary x is cast into; NULL when
   lowering the cast failed. */
ir_value *lower_as_type(lir_program *c, ir_node *n, ir_value *x, int32_t dtype);

/* Appends the call's next tensor (NULL for an absent optional one). */
void call_tensor(lir_call *k, ir_value *v);
/* Scratch memory of this size, passed as the kernel's last tensor. */
void call_scratch(lir_call *k, size_t bytes);

/* A temporary tensor between two calls of one node's lowering. */
ir_value *lower_temp(lir_program *c, int32_t dtype, int rank, const int64_t *dims);
/* A constant made by lowering (e.g. a scalar from an attribute); data is copied. */
ir_value *lower_const(lir_program *c, int32_t dtype, int rank, const int64_t *dims, const void *data);
/* Names a constant made by lowering after the value it derives from
   ("conv1.weight" + "packed" -> "conv1.weight.packed"), for the comments
   of the generated code. */
void lower_name_after(lir_program *c, ir_value *v, const ir_value *from, const char *what);
/* A scalar constant of dtype holding value (converted). */
ir_value *lower_const_scalar(lir_program *c, int32_t dtype, double value);
/* Appends n's calls to p and checks each passes as many tensors as its
   kernel takes (constant folding and lower_graph both lower through it). */
bool lower_node(ir_node *n, lir_program *p);
/* Lowers every live node of an optimised graph into p (p->graph = g), for
   generated code that runs on at most `threads` threads (--threads=N; 1
   without): kernels that split their work get per-thread scratch. */
bool lower_graph(ir_graph *g, int threads, const struct target_desc *target, lir_program *p);
/* The unpacking of 4- and 2-bit graph inputs and constants and the packing
   of such outputs, around the calls (ops/lower_packed.c; lower_graph's last step). */
bool lower_packed_boundaries(lir_program *p);
/* Threads the calls of p may run on (1 when folding constants). */
int lower_threads(const lir_program *p);

/* The fused epilogue of n (ir_epilogue) into the activation fields of a
   kernel's parameter struct p (rt_conv_params, rt_gemm_params, rt_matmul_params). */
#define lower_epilogue_params(p, n)                                                         \
    ((p)->activation = (int64_t)(n)->epilogue.activation, (p)->activation_alpha = (n)->epilogue.alpha, \
     (p)->activation_beta = (n)->epilogue.beta)
/* The residual input of a node with a fused epilogue, or NULL. */
ir_value *node_residual(const ir_node *n);

/* ---- shared by the convolutions (ops/conv.c) ---------------------------- */

/* The geometry of a Conv of x by w with n's attributes (auto_pad, pads,
   strides, dilations, group, kernel_shape): the conv kernels' parameters
   (col_chunk 0) and the output shape. ConvInteger and QLinearConv
   (ops/quantize.c) take x and w from other inputs than Conv. */
bool conv_geometry_of(const ir_node *n, const ir_value *x, const ir_value *w, rt_conv_params *p, int *out_rank,
                      int64_t *out);

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
/* The same for any value n needs (what: "input 0", "the body's condition"). */
bool value_require_const(const ir_node *n, const ir_value *v, const char *what);
/* Requires input k to be a constant integer tensor and copies it (as int64)
   into out; returns the element count or -1 after reporting an error. */
int node_const_ints(const ir_node *n, int k, int64_t *out, int max);
/* Sets output k's type and shape. */
void node_set_output(ir_node *n, int k, int32_t dtype, int rank, const int64_t *dims);
/* Sets output k's type and its shape's upper bound, dimension dynamic_dim
   depending on the data (ir_value.is_dynamic: only a graph output may be
   such a value). */
void node_set_dynamic_output(ir_node *n, int k, int32_t dtype, int rank, const int64_t *bound, int dynamic_dim);
/* Names size (an int64 [1] tensor the node's kernel writes) as the actual
   size of output k's data-dependent dimension, if output k has one. */
void lower_dynamic_size(ir_node *n, int k, ir_value *size);
/* Numpy-style broadcast of shapes a and b into out; false + error if incompatible. */
bool node_broadcast(const ir_node *n, int rank_a, const int64_t *a, int rank_b, const int64_t *b,
                    int *rank_out, int64_t *out);
/* Requires input k's element type to be one of the listed codes (0-terminated). */
bool node_check_dtype(const ir_node *n, int k, const int32_t *allowed);
/* A Transpose node's permutation for an input of this rank (the reversal
   when perm is absent); error when perm is not a permutation of 0..rank-1. */
bool node_transpose_perm(const ir_node *n, int rank, int64_t *perm);
/* Normalises a possibly negative axis for rank r; error when out of range. */
bool node_axis(const ir_node *n, int64_t axis, int rank, int *out);

/* Strides of a row-major shape, and of one broadcast to out's rank (0 on
   broadcast dims), for kernels that walk broadcasts. */
void shape_strides(int rank, const int64_t *dims, int64_t *strides);
void shape_broadcast_strides(int rank_in, const int64_t *dims_in, int rank_out,
                             const int64_t *dims_out, int64_t *strides);

/* How a kernel walks inputs broadcast to the output shape rank/dims (at most
   4 inputs): size-1 dimensions dropped, dimensions that every input walks
   as one merged. Writes the walk's dims and each input's strides (in
   elements, 0 where broadcast) to walk_strides[j]; returns the walk's rank. */
int shape_broadcast_walk(int rank, const int64_t *dims, int num_inputs, ir_value *const *inputs,
                         int64_t *walk_dims, int64_t *const *walk_strides);

#endif
