/* Memory planning: one static arena for every intermediate tensor, reusing
   space between tensors whose lifetimes (first write .. last read, in call
   order) do not overlap. Placement is first-fit over tensors sorted by size,
   largest first, which packs well for the chains CNNs and RNNs produce.
   Before that, values that can share memory are grouped into trees
   (plan_homes.h): views (plan_views.c) and elementwise outputs written over
   a dying input (plan_in_place.c); a tree gets one place and one lifetime. */
#include "passes.h"
#include "plan_homes.h"

#include <stdlib.h>
#include <string.h>

typedef struct interval {
    size_t bytes, offset;
    int first, last;           /* call indices */
    int value;                 /* value id, or -1 - call index for scratch */
} interval;

static size_t align_up(size_t x) { return (x + LIR_ALIGN - 1) / LIR_ALIGN * LIR_ALIGN; }

static int by_size_desc(const void *a, const void *b)
{
    const interval *x = a, *y = b;
    if (x->bytes != y->bytes) return x->bytes < y->bytes ? 1 : -1;
    return x->first - y->first;
}

static int by_offset(const void *a, const void *b)
{
    const interval *x = *(const interval *const *)a, *y = *(const interval *const *)b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Each interval goes into the lowest gap, among the already placed intervals
   whose lifetimes overlap it, that is large enough. */
static void place(interval *iv, int count)
{
    qsort(iv, (size_t)count, sizeof *iv, by_size_desc);
    interval **live = malloc(((size_t)count + 1) * sizeof *live);
    if (!live) abort();
    for (int i = 0; i < count; i++) {
        int n = 0;
        for (int j = 0; j < i; j++)
            if (!(iv[j].last < iv[i].first || iv[j].first > iv[i].last)) live[n++] = &iv[j];
        qsort(live, (size_t)n, sizeof *live, by_offset);
        size_t off = 0;
        for (int j = 0; j < n; j++) {
            if (off + iv[i].bytes <= live[j]->offset) break;
            size_t end = align_up(live[j]->offset + live[j]->bytes);
            if (end > off) off = end;
        }
        iv[i].offset = off;
    }
    free(live);
}

/* A graph output that no call writes (a constant, a graph input, a value
   listed twice, one that lives inside another value) is copied at the end. */
static void place_outputs(lir_program *s, const plan_homes *h)
{
    ir_graph *g = s->graph;
    for (int k = 0; k < g->num_outputs; k++) {
        ir_value *v = g->outputs[k];
        lir_loc *loc = &s->locs[v->id];
        if (v->data || v->is_input || loc->kind == LIR_LOC_OUTPUT || h->host[v->id] >= 0) {
            s->copies = realloc(s->copies, (size_t)(s->num_copies + 1) * sizeof *s->copies);
            if (!s->copies) abort();
            s->copies[s->num_copies++] = (lir_output_copy){k, v};
            continue;
        }
        loc->kind = LIR_LOC_OUTPUT;
        loc->index = k;
    }
}

/* Constants go into the weights blob, but only those a call reads (through
   any value of their tree) or a graph output copies: lowering may have
   replaced a constant by a repacked copy. Graph inputs stay in the caller's
   buffers. */
static void place_constants_and_inputs(lir_program *s, const plan_homes *h)
{
    ir_graph *g = s->graph;
    int nv = g->num_values;
    bool *used = calloc((size_t)nv + 1, sizeof *used);
    if (!used) abort();
    for (int c = 0; c < s->num_calls; c++)
        for (int j = 0; j < s->calls[c]->num_tensors; j++)
            if (s->calls[c]->tensors[j]) used[homes_root(h, s->calls[c]->tensors[j]->id, NULL)] = true;
    for (int c = 0; c < s->num_calls; c++)
        if (s->calls[c]->guard) used[homes_root(h, s->calls[c]->guard->id, NULL)] = true;
    for (int k = 0; k < g->num_outputs; k++) used[homes_root(h, g->outputs[k]->id, NULL)] = true;

    size_t weights = 0;
    bool any_const = false;
    for (int i = 0; i < nv; i++) {
        ir_value *v = g->values[i];
        if (h->host[i] >= 0 || (v->data && !used[i])) continue;
        if (v->data) {
            s->locs[i] = (lir_loc){LIR_LOC_CONST, 0, weights, NULL};
            weights = align_up(weights + ir_value_bytes(v));
            any_const = true;
        } else if (v->is_input) {
            for (int k = 0; k < g->num_inputs; k++)
                if (g->inputs[k] == v) s->locs[i] = (lir_loc){LIR_LOC_INPUT, k, 0, NULL};
        }
    }
    /* Zero-size constants still need a valid address in the blob. */
    s->weights_bytes = weights ? weights : any_const ? LIR_ALIGN : 0;
    free(used);
}

/* The lifetime of every tree, by its root: the first and last call that
   touches any of its values (-1 if none). */
static void tree_lifetimes(const lir_program *s, const plan_homes *h, int *first, int *last)
{
    for (int i = 0; i < s->graph->num_values; i++) first[i] = last[i] = -1;
    for (int c = 0; c < s->num_calls; c++) {
        const lir_call *k = s->calls[c];
        for (int j = 0; j < k->num_tensors; j++) {
            if (!k->tensors[j]) continue;
            int r = homes_root(h, k->tensors[j]->id, NULL);
            if (first[r] < 0) first[r] = c;
            last[r] = c;
        }
        if (k->guard) {            /* read by the call, before it runs */
            int r = homes_root(h, k->guard->id, NULL);
            if (first[r] < 0) first[r] = c;
            last[r] = c;
        }
    }
    /* The actual size of a graph output's data-dependent dimension is read
       after the run (NAME_output_dims): nothing may reuse its place. */
    for (int k = 0; k < s->graph->num_outputs; k++) {
        const ir_value *size = s->graph->outputs[k]->dynamic_size;
        if (s->graph->outputs[k]->is_dynamic && size) last[homes_root(h, size->id, NULL)] = s->num_calls;
    }
}

/* Arena offsets for the trees that have no place yet, and for scratch. */
static void place_arena(lir_program *s, const int *first, const int *last, const plan_homes *h)
{
    ir_graph *g = s->graph;
    int nv = g->num_values, nc = s->num_calls;
    interval *iv = calloc((size_t)(nv + nc) + 1, sizeof *iv);
    if (!iv) abort();
    int count = 0;
    for (int i = 0; i < nv; i++)
        if (h->host[i] < 0 && first[i] >= 0 && s->locs[i].kind == LIR_LOC_NONE)
            iv[count++] = (interval){ir_value_bytes(g->values[i]), 0, first[i], last[i], i};
    for (int c = 0; c < nc; c++)
        if (s->calls[c]->scratch_bytes) iv[count++] = (interval){s->calls[c]->scratch_bytes, 0, c, c, -1 - c};
    place(iv, count);
    size_t arena = 0;
    for (int i = 0; i < count; i++) {
        if (iv[i].value >= 0) s->locs[iv[i].value] = (lir_loc){LIR_LOC_ARENA, 0, iv[i].offset, NULL};
        else s->scratch_offsets[-1 - iv[i].value] = iv[i].offset;
        if (align_up(iv[i].offset + iv[i].bytes) > arena) arena = align_up(iv[i].offset + iv[i].bytes);
    }
    s->arena_bytes = arena;
    free(iv);
}

/* A value inside another takes its root's place, moved by its offset. */
static void place_views(lir_program *s, const plan_homes *h)
{
    ir_graph *g = s->graph;
    for (int i = 0; i < g->num_values; i++) {
        if (h->host[i] < 0) continue;
        size_t at;
        int r = homes_root(h, i, &at);
        if (s->locs[r].kind == LIR_LOC_NONE) continue; /* a tree no call uses */
        s->locs[i] = s->locs[r];
        s->locs[i].offset += at;
        s->locs[i].within = g->values[r];
    }
}

bool plan_memory_with(lir_program *s, const plan_options *o)
{
    ir_graph *g = s->graph;
    int nv = g->num_values;
    s->locs = calloc((size_t)nv + 1, sizeof *s->locs);
    s->scratch_offsets = calloc((size_t)s->num_calls + 1, sizeof *s->scratch_offsets);
    plan_homes h = {malloc(((size_t)nv + 1) * sizeof *h.host), calloc((size_t)nv + 1, sizeof *h.at)};
    int *first = malloc(((size_t)nv + 1) * sizeof *first), *last = malloc(((size_t)nv + 1) * sizeof *last);
    if (!s->locs || !s->scratch_offsets || !h.host || !h.at || !first || !last) abort();
    for (int i = 0; i < nv; i++) h.host[i] = -1;

    if (o->views) plan_views(s, &h);
    place_constants_and_inputs(s, &h);
    place_outputs(s, &h);
    tree_lifetimes(s, &h, first, last);
    if (o->in_place) plan_in_place(s, &h, first, last);
    place_arena(s, first, last, &h);
    place_views(s, &h);
    free(h.host);
    free(h.at);
    free(first);
    free(last);
    return true;
}

bool plan_memory(lir_program *s)
{
    static const plan_options all = {true, true};
    return plan_memory_with(s, &all);
}
