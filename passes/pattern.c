/* Matching small patterns of nodes, for the fusion passes (pattern.h). */
#include "pattern.h"

#include <math.h>
#include <string.h>

bool pattern_is_op(const ir_node *n, const char *op)
{
    return n && !n->dead && !n->domain[0] && !strcmp(n->op_type, op);
}

/* The live users of v (at most max); returns their count, or -1 when v is a
   graph output or a node uses it twice. */
int pattern_users(ir_graph *g, const ir_value *v, ir_node **out, int max)
{
    if (v->is_output) return -1;
    int count = 0;
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        if (n->dead) continue;
        int uses = 0;
        for (int j = 0; j < n->num_inputs; j++) uses += n->inputs[j] == v;
        if (uses > 1) return -1;
        if (uses && count < max) out[count] = n;
        count += uses;
    }
    return count;
}

ir_node *pattern_single_user(ir_graph *g, const ir_value *v)
{
    ir_node *u = NULL;
    return pattern_users(g, v, &u, 1) == 1 ? u : NULL;
}

bool pattern_same_shape(const ir_value *a, const ir_value *b)
{
    if (a->dtype != b->dtype || a->rank != b->rank) return false;
    for (int i = 0; i < a->rank; i++)
        if (a->dims[i] != b->dims[i]) return false;
    return true;
}

/* The operand of a two-input node n that is not v, or NULL. */
ir_value *pattern_other_operand(const ir_node *n, const ir_value *v)
{
    if (n->num_inputs != 2 || !n->inputs[0] || !n->inputs[1]) return NULL;
    return n->inputs[0] == v ? n->inputs[1] : n->inputs[1] == v ? n->inputs[0] : NULL;
}

/* True if v is a float constant with every element equal to x (to within
   the float rounding of x). */
bool pattern_const_equals(const ir_value *v, double x)
{
    if (!v || !v->data || v->dtype != DT_FLOAT || ir_value_numel(v) < 1) return false;
    for (int64_t i = 0; i < ir_value_numel(v); i++)
        if (fabs(((const float *)v->data)[i] - x) > 1e-6 * fabs(x)) return false;
    return true;
}
