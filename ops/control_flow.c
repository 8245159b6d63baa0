/* Control flow: If, Loop and Scan. They have no kernels: shape inference
   replaces each by copies of its bodies when what decides them is known at
   compile time (passes/expand_control_flow.c, called by pass_infer_node
   before it looks a node up here). These entries make them known operators
   (dlc --list-ops, docs/operators.md); their infer is never reached. */
#include "op.h"

static bool infer_expanded(ir_node *n)
{
    return diag_node(n, DIAG_INVALID, "internal: control flow reached inference unexpanded");
}

static bool lower_expanded(ir_node *n, lir_program *c)
{
    (void)c;
    return diag_node(n, DIAG_INVALID, "internal: control flow reached lowering unexpanded");
}

static const char *const if_attrs[] = {"then_branch", "else_branch", NULL};
static const char *const loop_attrs[] = {"body", NULL};
static const char *const scan_attrs[] = {"body", "num_scan_inputs", "directions", "scan_input_axes",
                                         "scan_input_directions", "scan_output_axes", "scan_output_directions", NULL};

const op_def ops_control_flow[] = {
    {"If", "", if_attrs, infer_expanded, lower_expanded},
    {"Loop", "", loop_attrs, infer_expanded, lower_expanded},
    {"Scan", "", scan_attrs, infer_expanded, lower_expanded},
    {0},
};
