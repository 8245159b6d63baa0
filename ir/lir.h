/* The kernel-call IR: a model lowered to an ordered list of runtime kernel
   calls, each with its parameter struct and its tensors, and the memory
   plan that gives every tensor a place. ops/ produce it (lowering),
   passes/ transform it (memory planning), backend/ print it. */
#ifndef DLC_LIR_H
#define DLC_LIR_H

#include "ir/ir.h"
#include "runtime/host/kernel_table.h"

#define LIR_MAX_TENSORS 24
#define LIR_ALIGN 64                /* of every arena and weights offset */

typedef struct lir_call {
    rt_kernel_id kernel;
    const ir_node *node;           /* for diagnostics and comments */
    void *params;                  /* the kernel's parameter struct (a copy) */
    int num_tensors;
    ir_value *tensors[LIR_MAX_TENSORS];   /* in the kernel's order; NULL allowed */
    size_t scratch_bytes;          /* if non-zero: one more, last, tensor of scratch memory */
    /* Set by lowering on a call that only copies tensors[0], whole, into
       tensors[1] at byte offset view_offset (Reshape, a Concat part): memory
       planning may place tensors[0] there instead and drop the call. */
    bool is_view;
    size_t view_offset;
    char tiling[48];               /* the block sizes lowering chose (ops/tiling.c), for --stats */
    /* The node's guard (ir_node.guard): the call runs only when guard's
       element is guard_when. Memory planning counts it as read by the call. */
    const ir_value *guard;
    bool guard_when;
} lir_call;

typedef enum lir_loc_kind {
    LIR_LOC_NONE = 0,
    LIR_LOC_CONST,                 /* in the weights blob at offset */
    LIR_LOC_INPUT,                 /* the caller's inputs[index] */
    LIR_LOC_OUTPUT,                /* the caller's outputs[index] */
    LIR_LOC_ARENA                  /* the arena at offset */
} lir_loc_kind;

/* offset is in bytes: into the weights or the arena, or (a view) into the
   caller's buffer. A view shares the memory of another tensor, within, which
   has a place of its own (the same kind, index, and offset plus the view's
   position inside it); it is never written after it is produced. */
typedef struct lir_loc {
    lir_loc_kind kind;
    int index;
    size_t offset;
    const ir_value *within;        /* NULL unless a view */
} lir_loc;

/* A graph output that no call writes (a constant, a graph input, or a value
   listed as an output twice): copied at the end of the run. */
typedef struct lir_output_copy {
    int output;
    const ir_value *from;
} lir_output_copy;

/* A constant lowering made from another one (a transposed or packed copy
   of weights), remembered so that two calls sharing the weights share the
   copy too. */
typedef struct lir_derived {
    const ir_value *from;
    const char *what;              /* "transposed", ... */
    ir_value *made;
} lir_derived;

typedef struct lir_program {
    ir_graph *graph;
    lir_call **calls;              /* in execution order */
    int num_calls, cap_calls;
    int threads;                   /* the most threads the code runs on (--threads=N), 1 without */
    const struct target_desc *target;  /* what block sizes are tuned for (backend/target.h) */
    /* The memory plan (passes/plan_memory.c). */
    lir_loc *locs;                 /* by value id */
    size_t *scratch_offsets;       /* by call index, in the arena */
    size_t arena_bytes;
    size_t weights_bytes;
    lir_output_copy *copies;
    int num_copies;
    lir_derived *derived;
    int num_derived;
    int copies_removed;            /* view calls dropped by planning */
    int in_place;                  /* calls that write their output over an input */
} lir_program;

/* Appends a call of kernel for node n (memory owned by the graph). */
lir_call *lir_append(lir_program *p, const ir_node *n, rt_kernel_id kernel);
/* Checks that a call passes as many tensors as its kernel takes; reports an
   internal error otherwise. */
bool lir_check_call(const lir_call *k);
/* The constant made from `from` as `what` before, or NULL; remembering one. */
ir_value *lir_find_derived(const lir_program *p, const ir_value *from, const char *what);
void lir_add_derived(lir_program *p, const ir_value *from, const char *what, ir_value *made);
/* Frees the calls and the plan (not the graph). */
void lir_program_free(lir_program *p);

#endif
