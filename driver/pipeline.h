/* The compiler's pipeline in one place: load the model, infer shapes and
   fold constants, simplify the graph, lower it to kernel calls, plan
   memory, emit. driver/main.c parses the command line and calls it; the
   tests call its steps. */
#ifndef DLC_PIPELINE_H
#define DLC_PIPELINE_H

#include <stdbool.h>

#include "frontend/onnx_reader.h"
#include "ir/ir.h"

typedef struct pipeline_options {
    const char *model;             /* the .onnx file */
    const char *output;            /* OUT.c, or the ir/dot file ("-": stdout) */
    const char *name;              /* symbol prefix; NULL: OUT's stem as a C identifier */
    const char *emit;              /* "c", "ir" or "dot" */
    bool dump_ir, stats;
    bool no_fusion;                /* --no-fusion: leave out the fusion passes */
    int threads;                   /* --threads=N: code for up to N threads; 0: single-threaded */
    const struct target_desc *tune;  /* --tune: what block sizes are tuned for; NULL: the host */
    const onnx_shape_pin *shapes;  /* --shape */
    int num_shapes;
    const onnx_dim_pin *dims;      /* --dim */
    int num_dims;
    const char *const *binds;      /* --bind, as "NAME=FILE" */
    int num_binds;
} pipeline_options;

/* Compiles o->model into o->output; false after reporting through diag. */
bool pipeline_compile(const pipeline_options *o);

/* The graph part: shape inference with constant folding, then the
   simplifying passes. verify=true checks the IR's invariants between passes. */
bool pipeline_optimize(ir_graph *g, bool verify);
/* The same, with the fusion passes only if fusion is true (--no-fusion). */
bool pipeline_optimize_fusion(ir_graph *g, bool verify, bool fusion);

#endif
