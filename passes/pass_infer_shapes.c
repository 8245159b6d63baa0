/* Type and shape inference for the whole graph, with constant folding on
   the way (see passes.h for why the two go together). Control flow (If,
   Loop, Scan) is expanded on the way too (expand_control_flow.c), and what
   it inserts is inferred in turn. */
#include "passes.h"

#include <string.h>

#include "ops/op.h"

static bool check_attributes(const ir_node *n)
{
    for (int i = 0; i < n->num_attrs; i++) {
        bool known = false;
        for (const char *const *a = n->def->attrs; a && *a; a++)
            if (strcmp(*a, n->attrs[i].name) == 0) known = true;
        if (!known)
            return diag_node(n, DIAG_UNSUPPORTED, "attribute '%s' is not supported", n->attrs[i].name);
        if (n->attrs[i].type == IR_ATTR_GRAPH || n->attrs[i].type == IR_ATTR_GRAPHS)
            return diag_node(n, DIAG_UNSUPPORTED, "attribute '%s' holds a subgraph; control flow is not supported",
                             n->attrs[i].name);
    }
    return true;
}

static bool inputs_known(const ir_node *n)
{
    for (int i = 0; i < n->num_inputs; i++) {
        const ir_value *v = n->inputs[i];
        if (!v) continue;
        if (v->rank < 0 || v->dtype == DT_UNDEFINED)
            return diag_node(n, DIAG_INVALID, "input %d has no known type or shape", i);
        if (v->is_dynamic)
            return diag_node(n, DIAG_UNSUPPORTED,
                             "input %d has a shape that depends on the data (an output of %s); dlc supports such "
                             "values only as graph outputs", i, v->producer ? v->producer->op_type : "an operator");
        if (dtype_size(v->dtype) == 0)
            return diag_node(n, DIAG_UNSUPPORTED, "input %d has element type %s, which dlc does not support yet", i,
                             dtype_name(v->dtype));
    }
    return true;
}

static bool outputs_known(const ir_node *n)
{
    for (int i = 0; i < n->num_outputs; i++) {
        const ir_value *v = n->outputs[i];
        if (!v) continue;
        if (v->rank < 0 || v->dtype == DT_UNDEFINED)
            return diag_node(n, DIAG_INVALID, "internal: inference left output %d without a shape", i);
        for (int d = 0; d < v->rank; d++)
            if (v->dims[d] < 0)
                return diag_node(n, DIAG_INVALID, "output %d dimension %d is negative or unknown", i, d);
    }
    return true;
}

static bool all_inputs_const(const ir_node *n)
{
    bool any = false;
    for (int i = 0; i < n->num_inputs; i++) {
        if (!n->inputs[i]) continue;
        if (!ir_value_is_const(n->inputs[i])) return false;
        any = true;
    }
    return any || n->num_inputs == 0;
}

/* Folding a node whose outputs are much larger than its inputs (a
   ConstantOfShape, Expand or Tile to a big shape) would write those bytes into
   the generated C as literal weights: above this size the fill stays a call
   that runs each time, which costs a memset-like loop and no file size. */
enum { FOLD_GROWTH_LIMIT_BYTES = 64 * 1024 };

static bool fold_would_grow_model(const ir_node *n)
{
    size_t in_bytes = 0, out_bytes = 0;
    for (int i = 0; i < n->num_inputs; i++)
        if (n->inputs[i]) in_bytes += ir_value_bytes(n->inputs[i]);
    for (int i = 0; i < n->num_outputs; i++) {
        if (!n->outputs[i]) continue;
        if (n->outputs[i]->is_dynamic) return false; /* folding is the only way such a value can be read */
        out_bytes += ir_value_bytes(n->outputs[i]);
    }
    return out_bytes > FOLD_GROWTH_LIMIT_BYTES && out_bytes > in_bytes;
}

static bool all_outputs_const(const ir_node *n)
{
    for (int i = 0; i < n->num_outputs; i++)
        if (n->outputs[i] && !ir_value_is_const(n->outputs[i])) return false;
    return true;
}

bool pass_infer_node(ir_graph *g, int index, int *inserted)
{
    ir_node *n = g->nodes[index];
    *inserted = 0;
    if (n->dead) return true;
    if (control_flow_is(n)) return control_flow_expand(g, index, inserted);
    n->def = op_find(n->domain, n->op_type);
    if (!n->def) return diag_node(n, DIAG_UNSUPPORTED, "operator is not supported");
    if (!check_attributes(n) || !inputs_known(n)) return false;
    if (!n->def->infer(n) || !outputs_known(n)) return false;
    if (!all_outputs_const(n) && all_inputs_const(n) && !fold_would_grow_model(n) && !pass_fold_node(g, n))
        return false;
    return true;
}

bool pass_infer_shapes(ir_graph *g)
{
    diag_set_graph(g);
    for (int i = 0, inserted; i < g->num_nodes; i += 1 + inserted)
        if (!pass_infer_node(g, i, &inserted)) return false;
    /* Graph outputs that are graph inputs keep their declared shape. */
    for (int i = 0; i < g->num_outputs; i++) {
        ir_value *v = g->outputs[i];
        if (v->rank < 0 || v->dtype == DT_UNDEFINED)
            return diag_error(DIAG_INVALID, "%s: graph output %d has no known shape", g->source_path, i);
    }
    return true;
}
