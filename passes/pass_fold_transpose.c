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

#include "ops/op.h"
#include "pattern.h"

static bool fold_input(ir_graph *g, ir_node *mm, int k)
{
    ir_value *v = mm->inputs[k];
    ir_node *t = v->producer;
    if (mm->input_perm[k].set || !pattern_is_op(t, "Transpose") || t->num_inputs != 1 || !t->inputs[0]) return false;
    /* A constant already holds the transposed layout: reading it contiguous is better. */
    if (v->data || v->rank < 2 || pattern_single_user(g, v) != mm) return false;
    int64_t perm[IR_MAX_RANK];
    if (!node_transpose_perm(t, v->rank, perm)) return false; /* checked by inference already */
    mm->inputs[k] = t->inputs[0];
    mm->input_perm[k].set = true;
    for (int i = 0; i < v->rank; i++) mm->input_perm[k].perm[i] = (int8_t)perm[i];
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
