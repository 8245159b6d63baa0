/* The kernel-call IR's small amount of behaviour: appending and checking calls. */
#include "lir.h"

#include <stdlib.h>
#include <string.h>

#include "ir/diag.h"

lir_call *lir_append(lir_program *p, const ir_node *n, rt_kernel_id kernel)
{
    lir_call *k = ir_alloc(p->graph, sizeof *k);
    k->kernel = kernel;
    k->node = n;
    if (p->num_calls == p->cap_calls) {
        int cap = p->cap_calls ? p->cap_calls * 2 : 64;
        lir_call **calls = realloc(p->calls, (size_t)cap * sizeof *calls);
        if (!calls) abort();
        p->calls = calls;
        p->cap_calls = cap;
    }
    p->calls[p->num_calls++] = k;
    return k;
}

bool lir_check_call(const lir_call *k)
{
    const rt_kernel_info *info = rt_kernel(k->kernel);
    int passed = k->num_tensors + (k->scratch_bytes ? 1 : 0);
    if (passed != info->num_tensors)
        return diag_node(k->node, DIAG_INVALID, "internal: lowering passes %d tensors to %s, which takes %d", passed,
                         info->name, info->num_tensors);
    return true;
}

void lir_program_free(lir_program *p)
{
    free(p->calls);
    free(p->locs);
    free(p->scratch_offsets);
    free(p->copies);
    free(p->derived);
    ir_graph *g = p->graph;
    memset(p, 0, sizeof *p);
    p->graph = g;
}

ir_value *lir_find_derived(const lir_program *p, const ir_value *from, const char *what)
{
    for (int i = 0; i < p->num_derived; i++)
        if (p->derived[i].from == from && strcmp(p->derived[i].what, what) == 0) return p->derived[i].made;
    return NULL;
}

void lir_add_derived(lir_program *p, const ir_value *from, const char *what, ir_value *made)
{
    p->derived = realloc(p->derived, sizeof *p->derived * (size_t)(p->num_derived + 1));
    if (!p->derived) abort();
    p->derived[p->num_derived++] = (lir_derived){from, what, made};
}
