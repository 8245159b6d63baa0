/* Structural invariants of the graph, checked between passes in debug
   builds and tests: every input of a node is produced earlier (or is a
   graph input or constant), every value has one producer, shapes are sane. */
#include "diag.h"
#include "ir.h"

#include <stdlib.h>

bool ir_verify(const ir_graph *g)
{
    bool ok = true;
    char *defined = calloc((size_t)g->num_values + 1, 1);
    if (!defined) abort();
    for (int i = 0; i < g->num_values; i++) {
        const ir_value *v = g->values[i];
        if (v->id != i) { ok = diag_error(DIAG_INVALID, "internal: value %d has id %d", i, v->id); goto done; }
        if (v->is_input || v->data) defined[i] = 1;
        if (v->rank > IR_MAX_RANK) { ok = diag_error(DIAG_INVALID, "internal: value %d has rank %d", i, v->rank); goto done; }
    }
    for (int i = 0; i < g->num_nodes; i++) {
        const ir_node *n = g->nodes[i];
        if (n->dead) continue;
        for (int j = 0; j < n->num_inputs; j++) {
            const ir_value *v = n->inputs[j];
            if (!v) continue;
            if (v->id < 0 || v->id >= g->num_values || g->values[v->id] != v) {
                ok = diag_node(n, DIAG_INVALID, "internal: input %d is not a value of the graph", j);
                goto done;
            }
            if (!defined[v->id]) {
                ok = diag_node(n, DIAG_INVALID, "internal: input %d is used before it is computed", j);
                goto done;
            }
        }
        for (int j = 0; j < n->num_outputs; j++) {
            const ir_value *v = n->outputs[j];
            if (!v) continue;
            if (v->id < 0 || v->id >= g->num_values || g->values[v->id] != v || v->producer != n) {
                ok = diag_node(n, DIAG_INVALID, "internal: output %d is not owned by the node", j);
                goto done;
            }
            if (defined[v->id] && !v->data) {
                ok = diag_node(n, DIAG_INVALID, "internal: output %d is computed twice", j);
                goto done;
            }
            defined[v->id] = 1;
        }
    }
done:
    free(defined);
    return ok;
}
