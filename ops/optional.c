/* Operators on optional values: OptionalHasElement and OptionalGetElement
   (opset 15, 18). dlc has no optional or sequence type yet (the frontend
   refuses such inputs), so what reaches these ops is a plain tensor or
   nothing: OptionalHasElement of a tensor is true and of no input false, a
   constant either way; OptionalGetElement of a tensor is that tensor. */
#include "op.h"

static bool infer_has_element(ir_node *n)
{
    if (n->num_inputs > 1) return diag_node(n, DIAG_INVALID, "takes at most one input");
    node_set_output(n, 0, DT_BOOL, 0, NULL);
    return true;
}

/* The answer is known at compile time: a constant output (no kernel). */
static bool lower_has_element(ir_node *n, lir_program *c)
{
    uint8_t has = node_input(n, 0) != NULL;
    ir_value *y = n->outputs[0];
    ir_value *k = lower_const(c, DT_BOOL, 0, NULL, &has);
    return k && lower_view(c, n, k, y);
}

static bool infer_get_element(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    node_set_output(n, 0, n->inputs[0]->dtype, n->inputs[0]->rank, n->inputs[0]->dims);
    return true;
}

static bool lower_get_element(ir_node *n, lir_program *c)
{
    return lower_view(c, n, n->inputs[0], n->outputs[0]);
}

static const char *const no_attrs[] = {NULL};

const op_def ops_optional[] = {
    {"OptionalHasElement", "", no_attrs, infer_has_element, lower_has_element},
    {"OptionalGetElement", "", no_attrs, infer_get_element, lower_get_element},
    {0},
};
