/* Dead-code elimination: a node goes when nothing needs what it computes,
   either because its outputs are unused or because folding made them
   constants (users then read the constants directly). */
#include "passes.h"

#include <stdlib.h>

static bool node_is_needed(const ir_node *n, const int *users)
{
    for (int j = 0; j < n->num_outputs; j++) {
        const ir_value *v = n->outputs[j];
        if (v && !v->data && (v->is_output || users[v->id] > 0)) return true;
    }
    return false;
}

bool pass_dead_code(ir_graph *g, bool *changed)
{
    ir_graph_compact(g);
    int *users = calloc((size_t)g->num_values + 1, sizeof *users);
    if (!users) abort();
    for (int i = 0; i < g->num_nodes; i++) {
        const ir_node *n = g->nodes[i];
        for (int j = 0; j < n->num_inputs; j++)
            if (n->inputs[j] && n->inputs[j]->id >= 0) users[n->inputs[j]->id]++;
    }
    /* Walk backwards so a chain of dead nodes goes in one sweep. */
    for (int i = g->num_nodes - 1; i >= 0; i--) {
        ir_node *n = g->nodes[i];
        if (node_is_needed(n, users)) continue;
        n->dead = true;
        *changed = true;
        for (int j = 0; j < n->num_inputs; j++)
            if (n->inputs[j] && n->inputs[j]->id >= 0) users[n->inputs[j]->id]--;
    }
    free(users);
    ir_graph_compact(g);
    return true;
}
