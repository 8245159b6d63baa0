/* In-place reuse in memory planning: an elementwise call may write its output
   over an input whose memory no later call needs. The output's tree of
   values (plan_homes.h) then lives in the input's place, and the two
   lifetimes become one; the arena holds one buffer where it held two.

   Only kernels for which element i of the output depends on element i of
   each same-sized input, and which read that element before writing it,
   qualify (see in_place_safe). */
#include "plan_homes.h"

#include <stdlib.h>
#include <string.h>

/* The parameter structs of the elementwise kernel families (runtime/
   elementwise.h): unary math and activations, Clip, Cast, the broadcasting
   binary operators and Where. Every kernel that takes one of them walks its
   output once, computing output[i] from the inputs' elements at i (or at a
   broadcast position of an operand smaller than the output, which never
   shares the output's memory), with no `restrict` between the tensors.
   A kernel that breaks this (reads an input after writing the output, or
   keeps partial results in the output) must not take one of these structs. */
static const rt_params_id in_place_params[] = {
    PARAMS_rt_unary_params, PARAMS_rt_unary_alpha_params, PARAMS_rt_selu_params,  PARAMS_rt_hard_sigmoid_params,
    PARAMS_rt_shrink_params, PARAMS_rt_isinf_params,      PARAMS_rt_binary_params, PARAMS_rt_where_params,
};

static bool in_place_safe(const lir_call *k)
{
    const rt_kernel_info *info = rt_kernel(k->kernel);
    if (k->scratch_bytes || k->num_tensors < 2 || strcmp(info->tensor_names[k->num_tensors - 1], "output")) return false;
    for (size_t i = 0; i < sizeof in_place_params / sizeof in_place_params[0]; i++)
        if (info->params == in_place_params[i]) return true;
    return false;
}

/* Value v is all of its tree: at offset 0 and as large as its root. */
static int whole_root(const lir_program *p, const plan_homes *h, const ir_value *v)
{
    size_t at;
    int r = homes_root(h, v->id, &at);
    return at == 0 && ir_value_bytes(p->graph->values[r]) == ir_value_bytes(v) ? r : -1;
}

/* No other input of k lies in x's tree at another place than x: the call
   would read it after writing over it. */
static bool others_read_safely(const lir_program *p, const plan_homes *h, const lir_call *k, const ir_value *x,
                               int root)
{
    for (int j = 0; j + 1 < k->num_tensors; j++) {
        const ir_value *v = k->tensors[j];
        if (!v || v == x || homes_root(h, v->id, NULL) != root) continue;
        if (whole_root(p, h, v) != root || v->dtype != x->dtype) return false;
    }
    return true;
}

/* The input of call c that its output may overwrite: the root of its tree,
   or -1. */
static int overwritable_input(const lir_program *p, const plan_homes *h, int c, const int *last, int out_root)
{
    const lir_call *k = p->calls[c];
    const ir_value *o = k->tensors[k->num_tensors - 1];
    for (int j = 0; j + 1 < k->num_tensors; j++) {
        const ir_value *x = k->tensors[j];
        if (!x || x->dtype != o->dtype || ir_value_numel(x) != ir_value_numel(o)) continue;
        int r = whole_root(p, h, x);
        if (r < 0 || r == out_root || last[r] != c || p->locs[r].kind != LIR_LOC_NONE) continue;
        if (others_read_safely(p, h, k, x, r)) return r;
    }
    return -1;
}

/* Nothing of the tree `root` that overlaps bytes [at, at + bytes) of it is
   used by a call in [from, c): the input's tree may take that place then.
   uses_first and uses_last are each value's own first and last call. */
static bool region_free(const lir_program *p, const plan_homes *h, const int *uses_first, const int *uses_last,
                        int root, size_t at, size_t bytes, int from, int c)
{
    for (int i = 0; i < p->graph->num_values; i++) {
        size_t w_at;
        if (uses_first[i] < 0 || homes_root(h, i, &w_at) != root) continue;
        bool overlaps = w_at < at + bytes && at < w_at + ir_value_bytes(p->graph->values[i]);
        if (overlaps && uses_first[i] < c && uses_last[i] >= from) return false;
    }
    return true;
}

/* Each value's own first and last call (-1 if none). */
static void value_uses(const lir_program *p, int *uses_first, int *uses_last)
{
    for (int i = 0; i < p->graph->num_values; i++) uses_first[i] = uses_last[i] = -1;
    for (int c = 0; c < p->num_calls; c++)
        for (int j = 0; j < p->calls[c]->num_tensors; j++) {
            const ir_value *v = p->calls[c]->tensors[j];
            if (!v) continue;
            if (uses_first[v->id] < 0) uses_first[v->id] = c;
            uses_last[v->id] = c;
        }
    for (int c = 0; c < p->num_calls; c++) { /* a guard is read by its call too */
        const ir_value *v = p->calls[c]->guard;
        if (!v) continue;
        if (uses_first[v->id] < 0 || uses_first[v->id] > c) uses_first[v->id] = c;
        if (uses_last[v->id] < c) uses_last[v->id] = c;
    }
}

/* The input's tree moves to where the output is (inside the output's tree,
   which may be a Concat's result or a caller's buffer), when that place is
   free for the input's whole lifetime. */
void plan_in_place(lir_program *p, plan_homes *h, int *first, int *last)
{
    int nv = p->graph->num_values;
    int *uses_first = malloc(((size_t)nv + 1) * sizeof *uses_first), *uses_last = malloc(((size_t)nv + 1) * sizeof *uses_last);
    if (!uses_first || !uses_last) abort();
    value_uses(p, uses_first, uses_last);
    for (int c = 0; c < p->num_calls; c++) {
        const lir_call *k = p->calls[c];
        if (!in_place_safe(k)) continue;
        const ir_value *o = k->tensors[k->num_tensors - 1];
        size_t o_at;
        int ro = homes_root(h, o->id, &o_at);
        lir_loc_kind kind = p->locs[ro].kind;
        if (kind != LIR_LOC_NONE && kind != LIR_LOC_OUTPUT) continue;
        int rx = overwritable_input(p, h, c, last, ro);
        if (rx < 0 || !region_free(p, h, uses_first, uses_last, ro, o_at, ir_value_bytes(o), first[rx], c)) continue;
        homes_put(h, rx, ro, o_at);
        if (first[rx] < first[ro]) first[ro] = first[rx];
        p->in_place++;
    }
    free(uses_first);
    free(uses_last);
}
