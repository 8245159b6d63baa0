/* Memory planning: one static arena for every intermediate tensor, reusing
   space between tensors whose lifetimes (first write .. last read, in call
   order) do not overlap. Placement is first-fit over tensors sorted by size,
   largest first, which packs well for the chains CNNs and RNNs produce. */
#include "ir/lir.h"
#include "passes.h"

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

static bool place_outputs(lir_program *s)
{
    ir_graph *g = s->graph;
    for (int k = 0; k < g->num_outputs; k++) {
        ir_value *v = g->outputs[k];
        lir_loc *loc = &s->locs[v->id];
        if (v->data || v->is_input || loc->kind == LIR_LOC_OUTPUT) {
            s->copies = realloc(s->copies, (size_t)(s->num_copies + 1) * sizeof *s->copies);
            if (!s->copies) abort();
            s->copies[s->num_copies++] = (lir_output_copy){k, v};
            continue;
        }
        loc->kind = LIR_LOC_OUTPUT;
        loc->index = k;
    }
    return true;
}

bool plan_memory(lir_program *s)
{
    ir_graph *g = s->graph;
    int nv = g->num_values, nc = s->num_calls;
    s->locs = calloc((size_t)nv + 1, sizeof *s->locs);
    s->scratch_offsets = calloc((size_t)nc + 1, sizeof *s->scratch_offsets);
    if (!s->locs || !s->scratch_offsets) abort();

    /* Only constants a call reads, or a graph output copies, go into the
       weights: lowering may have replaced a constant by a repacked copy. */
    bool *used = calloc((size_t)nv + 1, sizeof *used);
    if (!used) abort();
    for (int c = 0; c < nc; c++)
        for (int j = 0; j < s->calls[c]->num_tensors; j++)
            if (s->calls[c]->tensors[j]) used[s->calls[c]->tensors[j]->id] = true;
    for (int k = 0; k < g->num_outputs; k++) used[g->outputs[k]->id] = true;

    size_t weights = 0;
    for (int i = 0; i < nv; i++) {
        ir_value *v = g->values[i];
        if (v->data && !used[i]) continue;
        if (v->data) {
            s->locs[i] = (lir_loc){LIR_LOC_CONST, 0, weights};
            weights = align_up(weights + ir_value_bytes(v));
        } else if (v->is_input) {
            for (int k = 0; k < g->num_inputs; k++)
                if (g->inputs[k] == v) s->locs[i] = (lir_loc){LIR_LOC_INPUT, k, 0};
        }
    }
    /* Zero-size constants still need a valid address in the blob. */
    bool any_const = false;
    for (int i = 0; i < nv; i++) any_const |= s->locs[i].kind == LIR_LOC_CONST;
    s->weights_bytes = weights ? weights : any_const ? LIR_ALIGN : 0;
    free(used);
    place_outputs(s);

    /* Lifetimes of arena tensors. */
    int *first = malloc(((size_t)nv + 1) * sizeof *first), *last = malloc(((size_t)nv + 1) * sizeof *last);
    if (!first || !last) abort();
    for (int i = 0; i < nv; i++) first[i] = last[i] = -1;
    for (int c = 0; c < nc; c++) {
        const lir_call *k = s->calls[c];
        for (int j = 0; j < k->num_tensors; j++) {
            const ir_value *v = k->tensors[j];
            if (!v || s->locs[v->id].kind != LIR_LOC_NONE) continue;
            if (first[v->id] < 0) first[v->id] = c;
            last[v->id] = c;
        }
    }
    interval *iv = calloc((size_t)(nv + nc) + 1, sizeof *iv);
    if (!iv) abort();
    int count = 0;
    for (int i = 0; i < nv; i++)
        if (first[i] >= 0) iv[count++] = (interval){ir_value_bytes(g->values[i]), 0, first[i], last[i], i};
    for (int c = 0; c < nc; c++)
        if (s->calls[c]->scratch_bytes)
            iv[count++] = (interval){s->calls[c]->scratch_bytes, 0, c, c, -1 - c};
    place(iv, count);
    size_t arena = 0;
    for (int i = 0; i < count; i++) {
        if (iv[i].value >= 0) s->locs[iv[i].value] = (lir_loc){LIR_LOC_ARENA, 0, iv[i].offset};
        else s->scratch_offsets[-1 - iv[i].value] = iv[i].offset;
        if (align_up(iv[i].offset + iv[i].bytes) > arena) arena = align_up(iv[i].offset + iv[i].bytes);
    }
    s->arena_bytes = arena;
    free(iv);
    free(first);
    free(last);
    return true;
}
