/* The order of the passes, in one place. */
#include "passes.h"

#include "ir/diag.h"

typedef bool transform_fn(ir_graph *g, bool *changed);

static bool run(ir_graph *g, transform_fn *pass, bool verify)
{
    bool changed = false;
    if (!pass(g, &changed)) return false;
    return !verify || ir_verify(g);
}

bool pipeline_run(ir_graph *g, bool verify)
{
    diag_set_graph(g);
    ir_link_producers(g);
    if (verify && !ir_verify(g)) return false;
    if (!pass_infer_shapes(g)) return false;
    if (verify && !ir_verify(g)) return false;
    if (!run(g, pass_remove_identity, verify)) return false;
    if (!run(g, pass_fuse_conv_bn, verify)) return false;
    if (!run(g, pass_dead_code, verify)) return false;
    ir_link_producers(g);
    return true;
}
