/* The compiler's output files: the C backend's OUT.c and OUT.h, or the
   optimised graph as text or Graphviz. */
#ifndef DLC_OUTPUT_H
#define DLC_OUTPUT_H

#include "driver/pipeline.h"
#include "ir/lir.h"

/* OUT.c and OUT.h beside it (o->output ends in .c). */
bool output_write_c(const lir_program *p, const pipeline_options *o);
/* o->emit "ir" or "dot" into o->output ("-": stdout). */
bool output_write_graph(ir_graph *g, const pipeline_options *o);

#endif
