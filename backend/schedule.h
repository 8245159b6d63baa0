/* The schedule: the optimised graph lowered to an ordered list of kernel
   calls, with a place for every tensor. The C backend prints it. */
#ifndef DLC_SCHEDULE_H
#define DLC_SCHEDULE_H

#include "ops/op.h"

typedef enum {
    LOC_NONE = 0,
    LOC_CONST,      /* in the weights blob at offset */
    LOC_INPUT,      /* the caller's inputs[index] */
    LOC_OUTPUT,     /* the caller's outputs[index] */
    LOC_ARENA       /* the static arena at offset */
} loc_kind;

typedef struct value_loc {
    loc_kind kind;
    int index;
    size_t offset;
} value_loc;

/* A graph output that no call writes (a constant, a graph input, or a value
   that is listed as an output twice): copied at the end of run. */
typedef struct output_copy {
    int output;
    const ir_value *from;
} output_copy;

typedef struct schedule {
    ir_graph *graph;
    lower_ctx lowered;             /* the calls, in execution order */
    value_loc *locs;               /* by value id */
    size_t *scratch_offsets;       /* by call index (arena offsets) */
    size_t arena_bytes;
    size_t weights_bytes;
    output_copy *copies;
    int num_copies;
} schedule;

#define SCHEDULE_ALIGN 64

/* Lowers every node of an optimised graph. */
bool schedule_build(ir_graph *g, schedule *s);
void schedule_free(schedule *s);

/* Memory planning (passes/plan_memory.c): places constants in the weights
   blob and every other tensor in the arena, reusing arena space by liveness. */
bool plan_memory(schedule *s);

#endif
