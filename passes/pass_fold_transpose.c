/* Transpose folded into the MatMul that reads it: the MatMul kernel takes
   any row, column and batch strides (rt_matmul_params), so Transpose(x)
   feeding a MatMul costs no copy. Attention layers are full of them:
   K transposed for Q K^T, the heads moved in front of the tokens. The
   MatMul then reads x itself with the permutation recorded in
   ir_node.input_perm; the Transpose dies. Only when the Transpose's result
   has no other user, is not a graph output and is not a constant (folded
   weights are better read in their transposed, contiguous layout), and the
   MatMul has not folded one for that input already. */
#include "passes.h"

#include <string.h>

#include "ops/op.h"
#include "pattern.h"

/* The Transpose's permutation (the reversal when absent); false if malformed. */
static bool transpose_perm(const ir_node *t, int rank, int8_t *perm)
{
    int64_t p[IR_MAX_RANK];
    int count = attr_ints(t, "perm", p, IR_MAX_RANK);
    if (count < 0)
        for (int i = 0; i < rank; i++) p[i] = rank - 1 - i;
    else if (count != rank)
        return false;
    for (int i = 0; i < rank; i++) {
        if (p[i] < 0 || p[i] >= rank) return false;
        perm[i] = (int8_t)p[i];
    }
    return true;
}

static bool fold_input(ir_graph *g, ir_node *mm, int k)
{
    ir_value *v = mm->inputs[k];
    ir_node *t = v->producer;
    if (mm->input_perm[k].set || !pattern_is_op(t, "Transpose") || t->num_inputs != 1 || !t->inputs[0]) return false;
    /* A constant already holds the transposed layout: reading it contiguous is better. */
    if (v->data || v->rank < 2 || pattern_single_user(g, v) != mm) return false;
    int8_t perm[IR_MAX_RANK];
    if (!transpose_perm(t, v->rank, perm)) return false;
    mm->inputs[k] = t->inputs[0];
    mm->input_perm[k].set = true;
    memcpy(mm->input_perm[k].perm, perm, sizeof perm);
    t->dead = true;
    return true;
}

bool pass_fold_transpose(ir_graph *g, bool *changed)
{
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        if (!pattern_is_op(n, "MatMul")) continue;
        for (int k = 0; k < 2; k++)
            if (fold_input(g, n, k)) *changed = true;
    }
    return true;
}
