/* The passes, in the order driver/pipeline.c runs them.
   Each returns false after reporting an error through diag; the ones that
   transform return whether they changed anything through *changed. */
#ifndef DLC_PASSES_H
#define DLC_PASSES_H

#include "ir/ir.h"
#include "ir/lir.h"

/* Binds every node to its op_def, rejects unknown ops and attributes, infers
   every value's type and shape in order, and folds each node whose inputs
   are all constant (running the runtime kernels), so that shape arithmetic
   such as Shape->Gather->Concat->Reshape is known before Reshape is inferred. */
bool pass_infer_shapes(ir_graph *g);
/* Infers (and folds) node `index` of g alone; a control-flow node is
   expanded instead, and *inserted tells how many nodes, inferred too, now
   follow it (0 otherwise). */
bool pass_infer_node(ir_graph *g, int index, int *inserted);
/* If, Loop and Scan of the default domain, resolved at compile time
   (passes/expand_control_flow.c): an If whose condition is a constant
   becomes its taken branch; a Loop whose trip count and condition are
   constants, and a Scan, become their iterations, at most
   CONTROL_FLOW_MAX_ITERATIONS body copies per node. The copies go right
   after node `index` (which dies), are inferred, and *inserted counts them.
   Anything else is an "unsupported" error that says what must be known. */
#define CONTROL_FLOW_MAX_ITERATIONS 64
bool control_flow_is(const ir_node *n);
bool control_flow_expand(ir_graph *g, int index, int *inserted);
/* Evaluates one node whose inputs are all constant; its outputs become constants. */
bool pass_fold_node(ir_graph *g, ir_node *n);
/* Replaces Identity, and Dropout in inference mode, by their input. */
bool pass_remove_identity(ir_graph *g, bool *changed);
/* Folds an inference-mode BatchNormalization into the Conv before it. */
bool pass_fuse_conv_bn(ir_graph *g, bool *changed);
/* Transpose(Transpose(x)): x when the permutations cancel, else one
   Transpose by the composed permutation (if the inner result has no other use). */
bool pass_cancel_transposes(ir_graph *g, bool *changed);
/* Folds a Transpose that only feeds a MatMul into the MatMul's strides
   (ir_node.input_perm). */
bool pass_fold_transpose(ir_graph *g, bool *changed);
/* Replaces the nine-node LayerNorm that exporters write before opset 17 by
   one LayerNormalization node. */
bool pass_fuse_layer_norm(ir_graph *g, bool *changed);
/* Folds the bias Add, residual Add and activation after a float Conv, Gemm
   or MatMul into it (ir_node.epilogue), for its kernel to apply per tile. */
bool pass_fuse_epilogue(ir_graph *g, bool *changed);
/* Removes nodes whose outputs are all constant or unused. */
bool pass_dead_code(ir_graph *g, bool *changed);

/* Memory planning over the kernel calls (passes/plan_memory.c): places
   constants in the weights blob and every other tensor in the arena,
   reusing arena space between tensors whose lifetimes do not overlap. */
bool plan_memory(lir_program *p);
/* The same with parts of it switched off, to compare against: views (drop
   copies whose source and result can share memory) and in-place reuse
   (elementwise calls writing over an input nobody reads afterwards). */
typedef struct plan_options {
    bool views, in_place;
} plan_options;
bool plan_memory_with(lir_program *p, const plan_options *o);

#endif
