/* Helpers the fusion passes share to match small patterns of nodes: who
   uses a value, which operand is the other one, whether a constant is a
   given number. */
#ifndef DLC_PATTERN_H
#define DLC_PATTERN_H

#include "ir/ir.h"

/* n is a live node of the default domain with this op type. */
bool pattern_is_op(const ir_node *n, const char *op);
/* The live users of v (the first max in out); returns their count, or -1
   when v is a graph output or a node uses it twice. */
int pattern_users(ir_graph *g, const ir_value *v, ir_node **out, int max);
/* The one live user of v, or NULL (none, several, or a graph output). */
ir_node *pattern_single_user(ir_graph *g, const ir_value *v);
/* Same element type and dims. */
bool pattern_same_shape(const ir_value *a, const ir_value *b);
/* The operand of a two-input node n that is not v, or NULL. */
ir_value *pattern_other_operand(const ir_node *n, const ir_value *v);
/* v is a float constant whose every element is x (to float rounding). */
bool pattern_const_equals(const ir_value *v, double x);

#endif
