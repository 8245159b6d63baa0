/* Views in memory planning. Lowering marks a call as a view when it only
   copies a value x whole into a value y at a byte offset: Reshape and its
   kin (Flatten, Squeeze, Unsqueeze, Identity, a Cast to the same type, ...)
   at offset 0, and each part of a Concat that is one contiguous range of
   the result. Such a call is dropped when x and y can share memory:

   - y onto x: y, a whole-size view that no other call writes and that is not
     a graph output, becomes a second name for x's memory, wherever that is
     (the arena, the weights, the caller's input buffer);
   - x into y: x, produced by calls and not a graph output, is placed inside
     y at the offset, so the calls that produce x write there directly: a
     Concat's parts, or the input of a Reshape whose result is a graph output.

   Otherwise the copy stays: a graph output that views a graph input, a
   constant or another graph output; a value that two Concats (or one Concat
   twice) take in; a part that is already inside something else.

   Sharing is safe because no value is written after it is produced: a view
   only ever holds the data its source holds, and memory planning keeps the
   shared memory for the longest user (plan_homes.h). */
#include "plan_homes.h"

#include <stdlib.h>

int homes_root(const plan_homes *h, int v, size_t *offset)
{
    size_t at = 0;
    while (h->host[v] >= 0) {
        at += h->at[v];
        v = h->host[v];
    }
    if (offset) *offset = at;
    return v;
}

void homes_put(plan_homes *h, int v, int host, size_t at)
{
    h->host[v] = host;
    h->at[v] = at;
}

/* Made by the calls of this program: neither a constant nor a graph input. */
static bool computed(const ir_value *v)
{
    return !v->data && !v->is_input;
}

/* y onto x: y becomes a name for x's memory. */
static bool try_onto(plan_homes *h, const lir_call *k, const int *writes)
{
    ir_value *x = k->tensors[0], *y = k->tensors[1];
    if (k->view_offset || ir_value_bytes(x) != ir_value_bytes(y)) return false;
    if (y->is_output || !computed(y) || writes[y->id] != 1 || h->host[y->id] >= 0) return false;
    if (homes_root(h, x->id, NULL) == y->id) return false;
    homes_put(h, y->id, x->id, 0);
    return true;
}

/* x into y: the tree x belongs to moves inside y, when x is all of it. */
static bool try_into(const ir_graph *g, plan_homes *h, const lir_call *k)
{
    ir_value *x = k->tensors[0], *y = k->tensors[1];
    size_t in_root, y_at;
    int rx = homes_root(h, x->id, &in_root), ry = homes_root(h, y->id, &y_at);
    const ir_value *root = g->values[rx];
    if (rx == ry || in_root != 0 || ir_value_bytes(root) != ir_value_bytes(x)) return false;
    if (!computed(root) || root->is_output) return false;
    homes_put(h, rx, ry, y_at + k->view_offset);
    return true;
}

void plan_views(lir_program *p, plan_homes *h)
{
    const ir_graph *g = p->graph;
    int *writes = calloc((size_t)g->num_values + 1, sizeof *writes);
    if (!writes) abort();
    for (int c = 0; c < p->num_calls; c++)
        if (p->calls[c]->is_view) writes[p->calls[c]->tensors[1]->id]++;
    int kept = 0;
    for (int c = 0; c < p->num_calls; c++) {
        lir_call *k = p->calls[c];
        bool dropped = k->is_view && k->num_tensors == 2 && !k->scratch_bytes &&
                       (try_onto(h, k, writes) || try_into(g, h, k));
        if (dropped) p->copies_removed++;
        else p->calls[kept++] = k;
    }
    p->num_calls = kept;
    free(writes);
}
