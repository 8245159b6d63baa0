/* Constant folding of one node: lower it as the backend would and run the
   same runtime kernels inside the compiler. */
#include "passes.h"

#include <stdlib.h>
#include <string.h>

#include "ops/op.h"

/* Runs one call on the values' data (temporaries get theirs now). */
static bool run_call(ir_graph *g, const lir_call *k)
{
    void *t[LIR_MAX_TENSORS + 1] = {0};
    for (int j = 0; j < k->num_tensors; j++) {
        ir_value *v = k->tensors[j];
        if (!v) continue;
        if (!v->data) v->data = ir_alloc(g, ir_value_bytes(v)); /* a temporary of the lowering */
        t[j] = v->data;
    }
    void *scratch = NULL;
    if (k->scratch_bytes) {
        scratch = calloc(1, k->scratch_bytes);
        if (!scratch) return diag_node(k->node, DIAG_INVALID, "out of memory folding a constant");
        t[k->num_tensors] = scratch;
    }
    rt_kernel(k->kernel)->call(k->params, t);
    free(scratch);
    return true;
}

/* A constant whose shape depended on the data now has its actual shape: the
   kernel wrote the size into dynamic_size and the elements, dense, at the
   start of the data. */
static void settle_dynamic_shape(ir_value *v)
{
    if (!v || !v->is_dynamic) return;
    if (v->dynamic_size && v->dynamic_size->data) v->dims[v->dynamic_dim] = *(const int64_t *)v->dynamic_size->data;
    v->is_dynamic = false;
    v->dynamic_size = NULL;
}

bool pass_fold_node(ir_graph *g, ir_node *n)
{
    lir_program p = {.graph = g};
    bool ok = lower_node(n, &p);
    for (int i = 0; ok && i < n->num_outputs; i++) {
        ir_value *v = n->outputs[i];
        if (v && !v->data) v->data = ir_alloc(g, ir_value_bytes(v));
    }
    for (int c = 0; ok && c < p.num_calls; c++) ok = run_call(g, p.calls[c]);
    for (int i = 0; ok && i < n->num_outputs; i++) settle_dynamic_shape(n->outputs[i]);
    lir_program_free(&p);
    return ok;
}
