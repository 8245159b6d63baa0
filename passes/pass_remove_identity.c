/* Identity and inference-mode Dropout forward their input: rewire users
   (and graph outputs) to the input and drop the node. */
#include "passes.h"

#include <string.h>

static void replace_uses(ir_graph *g, ir_value *from, ir_value *to)
{
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        for (int j = 0; j < n->num_inputs; j++)
            if (n->inputs[j] == from) n->inputs[j] = to;
    }
}

static bool forwards_input(const ir_node *n)
{
    if (n->domain[0]) return false;
    if (strcmp(n->op_type, "Identity") == 0) return true;
    if (strcmp(n->op_type, "Dropout") != 0) return false;
    /* The mask output must be unused for the node to vanish (its value is all true). */
    if (n->num_outputs >= 2 && n->outputs[1] != NULL) return false;
    /* Training mode (opset 12+: a training_mode input that is not a constant
       false) drops elements: the node stays and inference/lowering decide. */
    const ir_value *training = n->num_inputs >= 3 ? n->inputs[2] : NULL;
    return !training || (ir_value_is_const(training) && ir_value_numel(training) == 1 &&
                         training->dtype == DT_BOOL && ir_const_int(training, 0) == 0);
}

bool pass_remove_identity(ir_graph *g, bool *changed)
{
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        if (n->dead || !forwards_input(n) || !n->inputs[0] || !n->outputs[0]) continue;
        ir_value *in = n->inputs[0], *out = n->outputs[0];
        /* A graph output keeps its name: only remove when out is internal. */
        if (out->is_output) continue;
        replace_uses(g, out, in);
        n->dead = true;
        *changed = true;
    }
    return true;
}
