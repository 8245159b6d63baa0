/* Transpose pairs: Transpose(Transpose(x)) whose permutations compose to the
   identity reads x directly (the second node's users are rewired to x);
   otherwise, when the first Transpose's result has no other user, the two
   become one Transpose of x by the composed permutation. Each Transpose is
   a full strided copy, so this removes one or two copies per pair (attention
   blocks and layout conversions produce such pairs). */
#include "passes.h"

#include <string.h>

#include "ops/op.h"

static void write_perm(ir_node *n, int rank, const int64_t *perm)
{
    ir_attr *a = ir_node_attr(n, "perm");
    if (!a) { /* the attribute was left to its default: add it */
        ir_attr *attrs = ir_alloc(n->graph, sizeof *attrs * (size_t)(n->num_attrs + 1));
        if (n->num_attrs) memcpy(attrs, n->attrs, sizeof *attrs * (size_t)n->num_attrs);
        a = &attrs[n->num_attrs];
        a->name = ir_strdup(n->graph, "perm");
        a->type = IR_ATTR_INTS;
        n->attrs = attrs;
        n->num_attrs++;
    }
    a->ints = ir_alloc(n->graph, sizeof(int64_t) * (size_t)(rank ? rank : 1));
    memcpy(a->ints, perm, sizeof(int64_t) * (size_t)rank);
    a->count = rank;
}

static bool is_transpose(const ir_node *n)
{
    return n && !n->dead && !n->domain[0] && !strcmp(n->op_type, "Transpose") && n->num_inputs == 1 &&
           n->inputs[0] && n->outputs[0] && n->inputs[0]->rank >= 0;
}

static void replace_uses(ir_graph *g, ir_value *from, ir_value *to)
{
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        for (int j = 0; j < n->num_inputs; j++)
            if (n->inputs[j] == from) n->inputs[j] = to;
    }
}

/* n = Transpose(first = Transpose(x)): cancels or merges the pair. */
static bool cancel_pair(ir_graph *g, ir_node *n, ir_node *first)
{
    ir_value *x = first->inputs[0], *mid = n->inputs[0], *y = n->outputs[0];
    int rank = mid->rank;
    int64_t p1[IR_MAX_RANK], p2[IR_MAX_RANK], composed[IR_MAX_RANK];
    /* both permutations were checked by inference */
    if (!node_transpose_perm(first, rank, p1) || !node_transpose_perm(n, rank, p2)) return false;
    bool identity = true;
    for (int i = 0; i < rank; i++) { /* y[.. i ..] = mid[.. p2[i] ..] = x[.. p1[p2[i]] ..] */
        composed[i] = p1[p2[i]];
        identity &= composed[i] == i;
    }
    if (identity && !y->is_output) { /* a graph output keeps its name: it stays a (trivial) Transpose */
        replace_uses(g, y, x);
        n->dead = true;
        return true;
    }
    if (!identity && (mid->is_output || ir_value_num_users(g, mid) != 1)) return false;
    n->inputs[0] = x;
    write_perm(n, rank, composed);
    return true; /* first is now unused: dead code removes it */
}

bool pass_cancel_transposes(ir_graph *g, bool *changed)
{
    ir_link_producers(g);
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        if (!is_transpose(n)) continue;
        ir_node *first = n->inputs[0]->producer;
        if (!is_transpose(first) || first->inputs[0]->rank != n->inputs[0]->rank) continue;
        if (cancel_pair(g, n, first)) *changed = true;
    }
    ir_link_producers(g);
    return true;
}
