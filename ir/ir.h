/* The graph IR: values (tensors), nodes, attributes and the graph that owns
   them. Everything the passes and the backend know about a model lives here;
   nothing here knows about protobuf or about C output. */
#ifndef DLC_IR_H
#define DLC_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IR_MAX_RANK 8

/* Element types use the ONNX TensorProto.DataType codes. */
enum {
    DT_UNDEFINED = 0, DT_FLOAT = 1, DT_UINT8 = 2, DT_INT8 = 3, DT_UINT16 = 4,
    DT_INT16 = 5, DT_INT32 = 6, DT_INT64 = 7, DT_STRING = 8, DT_BOOL = 9,
    DT_FLOAT16 = 10, DT_DOUBLE = 11, DT_UINT32 = 12, DT_UINT64 = 13,
    DT_COMPLEX64 = 14, DT_COMPLEX128 = 15, DT_BFLOAT16 = 16, DT_FLOAT8E4M3FN = 17,
    DT_FLOAT8E4M3FNUZ = 18, DT_FLOAT8E5M2 = 19, DT_FLOAT8E5M2FNUZ = 20, DT_UINT4 = 21, DT_INT4 = 22,
    DT_FLOAT4E2M1 = 23, DT_FLOAT8E8M0 = 24, DT_UINT2 = 25, DT_INT2 = 26
};

/* bytes per element inside dlc and the generated code; 0 if unsupported.
   The 8-bit floats are their bit patterns; 4- and 2-bit types take a byte
   each too (runtime/dtypes.h) and are packed only where they cross the
   API or sit in the weights (ir_value.packed). */
size_t dtype_size(int32_t dtype);
int dtype_bits(int32_t dtype);             /* bits per element as ONNX stores it: 4 for int4, ... */
bool dtype_is_packed(int32_t dtype);       /* uint4, int4, float4e2m1, uint2, int2 */
bool dtype_is_small_float(int32_t dtype);  /* the float8 types and float4e2m1 (no C arithmetic) */
size_t dtype_packed_bytes(int32_t dtype, int64_t numel); /* as raw_data and the API lay it out */
const char *dtype_name(int32_t dtype);     /* "float", "int64", ... */
const char *dtype_suffix(int32_t dtype);   /* kernel-name suffix: "f32", "i64", ... */
bool dtype_is_float(int32_t dtype);        /* float, double, float16, bfloat16 */
bool dtype_is_int(int32_t dtype);          /* signed or unsigned integer (not bool) */
bool dtype_is_signed(int32_t dtype);

typedef struct ir_node ir_node;
typedef struct ir_graph ir_graph;

typedef struct ir_value {
    int id;
    char *name;                  /* ONNX name, arbitrary bytes; never printed unescaped */
    int32_t dtype;
    int rank;                    /* -1 while unknown */
    int64_t dims[IR_MAX_RANK];   /* -1 for a dimension not known yet */
    char *dim_params[IR_MAX_RANK]; /* symbolic name of a dimension, or NULL */
    ir_node *producer;
    void *data;                  /* constant contents, dense row-major, or NULL */
    bool is_input;               /* a graph input (not an initializer) */
    bool is_output;              /* a graph output */
    bool is_temp;                /* created by lowering, not in the model */
    /* A dimension that depends on the data (NonZero's count, Unique's number
       of distinct values, ...): dims[] hold the upper bound inference proves
       (what buffers are planned for) and dims[dynamic_dim] is the bound of
       that one dimension. The kernel writes the actual size, one int64, into
       dynamic_size (a tensor lowering makes) and the result dense row-major in
       the actual dims at the start of the buffer. Such a value may only be a
       graph output: pass_infer_shapes refuses any node reading it, and
       folding a constant one gives it its actual shape. */
    bool is_dynamic;
    int dynamic_dim;
    struct ir_value *dynamic_size;
    bool packed;                 /* a 4- or 2-bit value held packed: a graph input or output, or a
                                    constant, once lowering placed its (un)packing (ops/lower_packed.c);
                                    its data (if constant) is packed too */
} ir_value;

enum {
    IR_ATTR_FLOAT = 1, IR_ATTR_INT = 2, IR_ATTR_STRING = 3, IR_ATTR_TENSOR = 4,
    IR_ATTR_GRAPH = 5, IR_ATTR_FLOATS = 6, IR_ATTR_INTS = 7, IR_ATTR_STRINGS = 8,
    IR_ATTR_TENSORS = 9, IR_ATTR_GRAPHS = 10, IR_ATTR_SPARSE_TENSOR = 11,
    IR_ATTR_TYPE_PROTO = 13
};

typedef struct ir_attr {
    char *name;
    int type;
    float f;
    int64_t i;
    char *s;                     /* NUL-terminated copy */
    int count;                   /* entries in ints / floats / strings */
    int64_t *ints;
    float *floats;
    char **strings;
    ir_value *tensor;            /* constant, not part of the graph's value list */
    ir_graph *graph;             /* IR_ATTR_GRAPH: the body (If's branches, Loop's and Scan's body) */
} ir_attr;

/* Activations a fused epilogue applies (the same values as enum
   rt_activation of runtime/rt.h, which ops/ checks). */
typedef enum ir_activation {
    IR_ACT_NONE, IR_ACT_RELU, IR_ACT_CLIP, IR_ACT_LEAKY_RELU, IR_ACT_SIGMOID, IR_ACT_HARD_SIGMOID,
    IR_ACT_HARD_SWISH, IR_ACT_SILU, IR_ACT_TANH, IR_ACT_GELU, IR_ACT_GELU_TANH
} ir_activation;
const char *ir_activation_name(ir_activation a);   /* "Relu", ... */

/* What passes/pass_fuse_epilogue.c folded into a Conv, Gemm or MatMul:
   output = activation(scale * result + bias + residual). The bias is the
   node's input 2 (Conv's B, Gemm's C; a MatMul that absorbed an Add of a
   [N] or [M, N] tensor, the same for every batch, gets it as input 2); with
   has_residual, input 3 is a tensor of the output's shape added before the
   activation. scale (MatMul only: a Mul or Div by a constant) is 1 unless
   has_scale. */
typedef struct ir_epilogue {
    ir_activation activation;
    float alpha, beta;           /* Clip's min and max, LeakyRelu's alpha, HardSigmoid's alpha and beta */
    bool has_residual;
    bool has_scale;
    float scale;
} ir_epilogue;

/* An input read through a permutation of its dims: passes/
   pass_fold_transpose.c folds a Transpose into a consumer that can read
   strided (MatMul), which then sees input k as Transpose(input k, perm). */
typedef struct ir_input_perm {
    bool set;
    int8_t perm[IR_MAX_RANK];
} ir_input_perm;

struct ir_node {
    int id;
    char *name;
    char *op_type;
    char *domain;                /* "" for the default ai.onnx domain */
    int opset;                   /* version of the node's domain the model imports */
    int num_inputs, num_outputs, num_attrs;
    ir_value **inputs;           /* NULL entries: omitted optional inputs */
    ir_value **outputs;          /* NULL entries: omitted optional outputs */
    ir_attr *attrs;
    const struct op_def *def;    /* set by pass_infer_shapes */
    ir_epilogue epilogue;        /* fused epilogue: all zero for none */
    ir_input_perm input_perm[2]; /* inputs 0 and 1 read transposed: all zero for none */
    bool dead;                   /* removed; swept by ir_graph_compact */
    /* A node of a branch of an If decided at run time runs only when the
       condition guard (one bool element) is guard_when
       (passes/expand_control_flow.c). Its outputs are read only by nodes of
       the same branch and the Where that picks the If's results, and no
       node has side effects: a pass that drops the guard (a fused node)
       wastes work but stays correct. NULL: always runs. */
    const ir_value *guard;
    bool guard_when;
    ir_graph *graph;             /* the owner, for ir_alloc in inference (Shape, Constant) */
};

struct ir_graph {
    char *source_path;           /* model file, for diagnostics */
    char *name;
    int num_nodes, num_values, num_inputs, num_outputs;
    int cap_nodes, cap_values;
    ir_node **nodes;             /* topological order */
    ir_value **values;
    ir_value **inputs;           /* graph inputs, initializers excluded */
    ir_value **outputs;
    int64_t opset;               /* ai.onnx opset the model imports */
    struct ir_alloc_block *blocks; /* every allocation of the graph */
    /* A subgraph (the body of an If, Loop or Scan: an IR_ATTR_GRAPH
       attribute) has a parent, the graph its node is in. Its inputs are the
       body's formal inputs; its nodes may also read values of enclosing
       graphs (outer scope): those inputs point at the enclosing graph's
       values, which are not in the subgraph's value list
       (ir_graph_owns_value tells). The root owns every subgraph below it
       (the owned list) and frees them with itself. */
    ir_graph *parent;
    ir_graph *owned, *next_owned;
};

/* Construction. All memory belongs to the graph and goes with ir_graph_free. */
ir_graph *ir_graph_new(const char *source_path);
void ir_graph_free(ir_graph *g);
/* A new empty subgraph of parent (same source path and opset), owned by the root. */
ir_graph *ir_subgraph_new(ir_graph *parent);
/* True when v is one of g's own values (not an outer-scope or detached one). */
bool ir_graph_owns_value(const ir_graph *g, const ir_value *v);
void *ir_alloc(ir_graph *g, size_t bytes);          /* zeroed; aborts on OOM */
char *ir_strdup(ir_graph *g, const char *s);
ir_value *ir_value_new(ir_graph *g, const char *name);
ir_value *ir_value_detached(ir_graph *g, const char *name); /* not listed in g->values */
ir_node *ir_node_new(ir_graph *g, const char *op_type, int num_inputs, int num_outputs);
ir_value *ir_find_value(ir_graph *g, const char *name);

void ir_value_set_shape(ir_value *v, int32_t dtype, int rank, const int64_t *dims);
int64_t ir_value_numel(const ir_value *v);
size_t ir_value_bytes(const ir_value *v);            /* the packed size when v->packed */
bool ir_value_is_const(const ir_value *v);
/* Reads constant element k of an integer or float tensor, converted. */
int64_t ir_const_int(const ir_value *v, int64_t k);
double ir_const_double(const ir_value *v, int64_t k);

ir_attr *ir_node_attr(const ir_node *n, const char *name);

/* Sweeps dead nodes and values nobody refers to. */
void ir_graph_compact(ir_graph *g);
/* Sets every value's producer from the node list. */
void ir_link_producers(ir_graph *g);
/* Number of nodes using v as an input. */
int ir_value_num_users(const ir_graph *g, const ir_value *v);

/* Printers (ir/print.c). */
#include <stdio.h>
void ir_print_text(const ir_graph *g, FILE *out);
void ir_print_dot(const ir_graph *g, FILE *out);
/* Writes s as a C/DOT string literal body with every unsafe byte escaped. */
void ir_print_escaped(FILE *out, const char *s);

/* Verifier (ir/verify.c): structural invariants; reports through diag. */
bool ir_verify(const ir_graph *g);

#endif
