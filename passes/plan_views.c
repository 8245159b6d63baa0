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

   - a part already inside y at its place (see the next case) is dropped;
   - a part already inside another root r (a first Concat) moves with r:
     r's tree goes inside y, so that the part lands at its offset, when r is
     computed, not a graph output, fits in y there, and every part of y that
     overlaps r's range is already inside r at the same place. DenseNet's
     dense blocks concatenate all earlier outputs again for every layer:
     each Concat becomes the prefix of the next, and their copies go.

   Otherwise the copy stays: a graph output that views a graph input, a
   constant or another graph output; a value that two Concats take in at
   places that do not line up (or one Concat twice).

   Sharing is safe because no value is written after it is produced: a view
   only ever holds the data its source holds, and memory planning keeps the
   shared memory for the longest user (plan_homes.h). */
#include "plan_homes.h"

#include <stdlib.h>
#include <string.h>

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

/* The view calls that write into each value, by destination and offset:
   parts[first[v] .. first[v + 1]) for value id v. */
typedef struct view_parts {
    const lir_call **parts;
    int *first;
} view_parts;

static bool is_droppable_view(const lir_call *k)
{
    return k->is_view && k->num_tensors == 2 && !k->scratch_bytes;
}

static int by_destination(const void *a, const void *b)
{
    const lir_call *x = *(const lir_call *const *)a, *y = *(const lir_call *const *)b;
    if (x->tensors[1]->id != y->tensors[1]->id) return x->tensors[1]->id < y->tensors[1]->id ? -1 : 1;
    return x->view_offset < y->view_offset ? -1 : x->view_offset > y->view_offset;
}

static void view_parts_make(const lir_program *p, view_parts *vp)
{
    int nv = p->graph->num_values, n = 0;
    vp->parts = malloc(((size_t)p->num_calls + 1) * sizeof *vp->parts);
    vp->first = calloc((size_t)nv + 2, sizeof *vp->first);
    if (!vp->parts || !vp->first) abort();
    for (int c = 0; c < p->num_calls; c++)
        if (is_droppable_view(p->calls[c])) vp->parts[n++] = p->calls[c];
    qsort(vp->parts, (size_t)n, sizeof *vp->parts, by_destination);
    for (int i = 0; i < n; i++) vp->first[vp->parts[i]->tensors[1]->id + 1]++;
    for (int v = 0; v < nv + 1; v++) vp->first[v + 1] += vp->first[v];
}

/* x already inside y at the call's offset: the copy has nothing to do. */
static bool already_there(const plan_homes *h, const lir_call *k)
{
    size_t x_at, y_at;
    return homes_root(h, k->tensors[0]->id, &x_at) == homes_root(h, k->tensors[1]->id, &y_at) &&
           x_at == y_at + k->view_offset;
}

/* x inside another root r: r moves inside y (a root) so that x lands at the
   call's offset, if every part of y overlapping r's new range is inside r
   at that very place (then r's bytes there are the ones y must hold). */
static bool try_move_root(const ir_graph *g, plan_homes *h, const view_parts *vp, const lir_call *k)
{
    const ir_value *x = k->tensors[0], *y = k->tensors[1];
    size_t x_at;
    int r = homes_root(h, x->id, &x_at);
    const ir_value *root = g->values[r];
    if (h->host[y->id] >= 0 || r == y->id || x_at > k->view_offset) return false;
    if (!computed(root) || root->is_output) return false;
    size_t d = k->view_offset - x_at, end = d + ir_value_bytes(root);
    if (end > ir_value_bytes(y)) return false;
    for (int i = vp->first[y->id]; i < vp->first[y->id + 1]; i++) {
        const lir_call *part = vp->parts[i];
        size_t at = part->view_offset, part_at;
        if (at >= end || at + ir_value_bytes(part->tensors[0]) <= d) continue;
        if (homes_root(h, part->tensors[0]->id, &part_at) != r || part_at + d != at) return false;
    }
    homes_put(h, r, y->id, d);
    return true;
}

void plan_views(lir_program *p, plan_homes *h)
{
    const ir_graph *g = p->graph;
    int *writes = calloc((size_t)g->num_values + 1, sizeof *writes);
    if (!writes) abort();
    for (int c = 0; c < p->num_calls; c++)
        if (p->calls[c]->is_view) writes[p->calls[c]->tensors[1]->id]++;
    view_parts vp;
    view_parts_make(p, &vp);
    int kept = 0;
    for (int c = 0; c < p->num_calls; c++) {
        lir_call *k = p->calls[c];
        bool dropped = is_droppable_view(k) && (try_onto(h, k, writes) || try_into(g, h, k) ||
                                                already_there(h, k) || try_move_root(g, h, &vp, k));
        if (dropped) p->copies_removed++;
        else p->calls[kept++] = k;
    }
    p->num_calls = kept;
    free(writes);
    free(vp.parts);
    free(vp.first);
}
