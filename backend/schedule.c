/* Lowering the graph into the schedule's list of kernel calls. */
#include "schedule.h"

#include <stdlib.h>
#include <string.h>

bool schedule_build(ir_graph *g, schedule *s)
{
    memset(s, 0, sizeof *s);
    s->graph = g;
    s->lowered.graph = g;
    diag_set_graph(g);
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        if (n->dead) continue;
        if (!n->def->lower(n, &s->lowered)) return false;
    }
    return true;
}

void schedule_free(schedule *s)
{
    lower_ctx_release(&s->lowered);
    free(s->locs);
    free(s->scratch_offsets);
    free(s->copies);
    memset(s, 0, sizeof *s);
}
