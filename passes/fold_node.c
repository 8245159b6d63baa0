/* Constant folding of one node: lower it as the backend would and run the
   same runtime kernels inside the compiler. */
#include "passes.h"

#include <stdlib.h>
#include <string.h>

#include "backend/runtime_source.h"
#include "ops/op.h"

bool pass_fold_node(ir_graph *g, ir_node *n)
{
    lower_ctx ctx = {.graph = g};
    if (!n->def->lower(n, &ctx)) {
        lower_ctx_release(&ctx);
        return false;
    }
    for (int i = 0; i < n->num_outputs; i++) {
        ir_value *v = n->outputs[i];
        if (v && !v->data) v->data = ir_alloc(g, ir_value_bytes(v));
    }
    bool ok = true;
    for (int c = 0; c < ctx.num_calls && ok; c++) {
        kernel_call *k = ctx.calls[c];
        void *t[26] = {0};
        void *scratch = NULL;
        for (int j = 0; j < k->num_tensors; j++) {
            ir_value *v = k->tensors[j];
            if (!v) continue;
            if (!v->data) v->data = ir_alloc(g, ir_value_bytes(v)); /* a temporary of the lowering */
            t[j] = v->data;
        }
        if (k->scratch_bytes) {
            scratch = calloc(1, k->scratch_bytes);
            if (!scratch) ok = diag_node(n, DIAG_INVALID, "out of memory folding a constant");
            t[k->num_tensors] = scratch;
        }
        runtime_kernel_fn *fn = runtime_kernel(k->kernel);
        if (ok) fn(t, k->ints, k->floats);
        free(scratch);
    }
    lower_ctx_release(&ctx);
    return ok;
}
