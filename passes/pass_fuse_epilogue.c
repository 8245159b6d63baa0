/* Epilogue fusion: a float Conv, Gemm or MatMul followed by
       [Mul or Div by a constant scalar]  (MatMul only: attention's scale)
       [Add of a bias]  (MatMul only: a [N] vector or an [M, N] mask;
                         Conv and Gemm have their own)
       [Add of a residual of the output's shape]
       [an activation: Relu, Clip, LeakyRelu, Sigmoid, HardSigmoid, HardSwish,
        Tanh, Gelu, SiLU (x * Sigmoid(x)), GELU as PyTorch exports it
        (x * (Erf(x / sqrt 2) + 1) * 0.5)]
   becomes the one node, whose kernel applies them to each block of output
   right after computing it (runtime/epilogue.h), instead of kernels that
   each read and write the whole tensor again. The absorbed nodes die; the
   node writes the last one's output; the fusion is recorded in
   ir_node.epilogue (the residual as input 3, a MatMul's bias as input 2).

   An inference BatchNormalization takes the activation too (DenseNet's
   BatchNormalization + Relu before each Conv).

   Each absorbed value must have that one user and not be a graph output;
   the residual must be computed before the node (the fused node runs where
   the Conv ran). */
#include "passes.h"

#include <string.h>

#include "ops/op.h"
#include "pattern.h"

/* Replaces the node's inputs by an array of count entries (the old ones
   first, NULL after) so that input k can be set. */
static void grow_inputs(ir_graph *g, ir_node *n, int count)
{
    if (n->num_inputs >= count) return;
    ir_value **inputs = ir_alloc(g, sizeof *inputs * (size_t)count);
    memcpy(inputs, n->inputs, sizeof *inputs * (size_t)n->num_inputs);
    n->inputs = inputs;
    n->num_inputs = count;
}

/* The node now writes what `absorbed` wrote; absorbed dies. */
static ir_value *absorb(ir_node *n, ir_node *absorbed)
{
    ir_value *out = absorbed->outputs[0];
    n->outputs[0] = out;
    out->producer = n;
    absorbed->dead = true;
    return out;
}

/* Is v available before node n runs (a graph input, a constant, or the
   output of an earlier node)? */
static bool computed_before(const ir_graph *g, const ir_value *v, const ir_node *n)
{
    if (v->is_input || v->data || !v->producer) return v->is_input || v->data;
    for (int i = 0; i < g->num_nodes; i++) {
        if (g->nodes[i] == v->producer) return true;
        if (g->nodes[i] == n) return false;
    }
    return false;
}

/* MatMul + Mul or Div by a float constant scalar (attention's 1/sqrt(d)):
   the scale of the product. */
static ir_value *fuse_matmul_scale(ir_graph *g, ir_node *n, ir_value *y)
{
    ir_node *op = pattern_single_user(g, y);
    bool mul = pattern_is_op(op, "Mul"), div = pattern_is_op(op, "Div");
    if (!mul && !div) return y;
    ir_value *c = pattern_other_operand(op, y);
    if (!c || !c->data || c->dtype != DT_FLOAT || ir_value_numel(c) != 1 || (div && op->inputs[0] != y)) return y;
    float v = ((const float *)c->data)[0];
    if (!pattern_same_shape(op->outputs[0], y) || (div && v == 0.0f)) return y;
    n->epilogue.has_scale = true;
    n->epilogue.scale = div ? 1.0f / v : v;
    return absorb(n, op);
}

/* MatMul + Add(bias): a bias of the last dim ([N], [1, ..., 1, N]) or of
   the last two ([M, N], [1, ..., M, N]: the same for every batch, e.g. an
   attention mask), computed before the MatMul. */
static ir_value *fuse_matmul_bias(ir_graph *g, ir_node *n, ir_value *y)
{
    ir_node *add = pattern_single_user(g, y);
    if (!pattern_is_op(add, "Add") || y->rank < 2 || n->inputs[1]->rank < 2) return y;
    ir_value *b = pattern_other_operand(add, y);
    if (!b || b == y || b->dtype != DT_FLOAT || b->rank < 1 || b->rank > y->rank || !computed_before(g, b, n)) return y;
    for (int i = 0; i < b->rank - 2; i++)
        if (b->dims[i] != 1) return y;
    int64_t m = b->rank >= 2 ? b->dims[b->rank - 2] : 1;
    if (m != 1 && m != y->dims[y->rank - 2]) return y;
    if (b->dims[b->rank - 1] != y->dims[y->rank - 1] || !pattern_same_shape(add->outputs[0], y)) return y;
    grow_inputs(g, n, 3);
    n->inputs[2] = b;
    return absorb(n, add);
}

/* + Add(residual) of the output's own shape. */
static ir_value *fuse_residual(ir_graph *g, ir_node *n, ir_value *y)
{
    ir_node *add = pattern_single_user(g, y);
    if (!pattern_is_op(add, "Add")) return y;
    ir_value *r = pattern_other_operand(add, y);
    if (!r || r == y || !pattern_same_shape(r, y) || !pattern_same_shape(add->outputs[0], y) || !computed_before(g, r, n)) return y;
    grow_inputs(g, n, 4);
    n->inputs[3] = r;
    n->epilogue.has_residual = true;
    return absorb(n, add);
}

/* Clip's bounds: inputs (opset 11+) or attributes; false unless constant. */
static bool clip_bounds(const ir_node *clip, float *lo, float *hi)
{
    *lo = -INFINITY, *hi = INFINITY;
    if (clip->opset < 11) {
        *lo = attr_float(clip, "min", -INFINITY);
        *hi = attr_float(clip, "max", INFINITY);
        return true;
    }
    const ir_value *mn = node_input(clip, 1), *mx = node_input(clip, 2);
    if ((mn && (!mn->data || ir_value_numel(mn) != 1)) || (mx && (!mx->data || ir_value_numel(mx) != 1)))
        return false;
    if (mn) *lo = (float)ir_const_double(mn, 0);
    if (mx) *hi = (float)ir_const_double(mx, 0);
    return true;
}

/* The nodes an activation pattern absorbs, the last one writing its result. */
typedef struct pattern {
    ir_node *nodes[5];
    int count;
} pattern;

/* x * Sigmoid(x): y has two users, a Sigmoid and the Mul of y by its output. */
static bool match_silu(ir_graph *g, ir_value *y, pattern *m)
{
    ir_node *u[2] = {NULL, NULL};
    if (pattern_users(g, y, u, 2) != 2) return false;
    ir_node *sig = pattern_is_op(u[0], "Sigmoid") ? u[0] : u[1], *mul = sig == u[0] ? u[1] : u[0];
    if (!pattern_is_op(sig, "Sigmoid") || !pattern_is_op(mul, "Mul") || pattern_single_user(g, sig->outputs[0]) != mul) return false;
    if (pattern_other_operand(mul, y) != sig->outputs[0]) return false;
    *m = (pattern){{sig, mul}, 2};
    return true;
}

/* x * (Erf(x / sqrt 2) + 1) * 0.5, as torch.onnx exports nn.GELU: y has two
   users, Div(y, 1.414..) and the Mul by (Erf(..) + 1). */
static bool match_gelu_erf(ir_graph *g, ir_value *y, pattern *m)
{
    ir_node *u[2] = {NULL, NULL};
    if (pattern_users(g, y, u, 2) != 2) return false;
    ir_node *div = pattern_is_op(u[0], "Div") ? u[0] : u[1], *mul = div == u[0] ? u[1] : u[0];
    if (!pattern_is_op(div, "Div") || div->inputs[0] != y || !pattern_const_equals(div->inputs[1], sqrt(2.0))) return false;
    ir_node *erf = pattern_single_user(g, div->outputs[0]);
    if (!pattern_is_op(erf, "Erf")) return false;
    ir_node *add = pattern_single_user(g, erf->outputs[0]);
    if (!pattern_is_op(add, "Add") || !pattern_const_equals(pattern_other_operand(add, erf->outputs[0]), 1.0)) return false;
    if (pattern_single_user(g, add->outputs[0]) != mul || !pattern_is_op(mul, "Mul") || pattern_other_operand(mul, y) != add->outputs[0])
        return false;
    ir_node *half = pattern_single_user(g, mul->outputs[0]);
    if (!pattern_is_op(half, "Mul") || !pattern_const_equals(pattern_other_operand(half, mul->outputs[0]), 0.5)) return false;
    *m = (pattern){{div, erf, add, mul, half}, 5};
    return true;
}

/* A single-node activation of y: sets the epilogue's activation (e is
   only written on success). */
static bool match_activation_node(ir_graph *g, ir_value *y, ir_epilogue *out, pattern *m)
{
    ir_epilogue t = *out, *e = &t;
    ir_node *u = pattern_single_user(g, y);
    if (!u || u->dead || u->domain[0] || u->inputs[0] != y) return false;
    const char *op = u->op_type;
    if (!strcmp(op, "Relu")) e->activation = IR_ACT_RELU;
    else if (!strcmp(op, "Sigmoid")) e->activation = IR_ACT_SIGMOID;
    else if (!strcmp(op, "HardSwish")) e->activation = IR_ACT_HARD_SWISH;
    else if (!strcmp(op, "Tanh")) e->activation = IR_ACT_TANH;
    else if (!strcmp(op, "LeakyRelu")) e->activation = IR_ACT_LEAKY_RELU, e->alpha = attr_float(u, "alpha", 0.01f);
    else if (!strcmp(op, "HardSigmoid"))
        e->activation = IR_ACT_HARD_SIGMOID, e->alpha = attr_float(u, "alpha", 0.2f), e->beta = attr_float(u, "beta", 0.5f);
    else if (!strcmp(op, "Clip") && clip_bounds(u, &e->alpha, &e->beta)) e->activation = IR_ACT_CLIP;
    else if (!strcmp(op, "Gelu")) {
        const char *approx = attr_string(u, "approximate", "none");
        if (strcmp(approx, "none") && strcmp(approx, "tanh")) return false;
        e->activation = strcmp(approx, "tanh") ? IR_ACT_GELU : IR_ACT_GELU_TANH;
    } else return false;
    *out = t;
    *m = (pattern){{u}, 1};
    return true;
}

static ir_value *fuse_activation(ir_graph *g, ir_node *n, ir_value *y)
{
    ir_epilogue e = n->epilogue;
    pattern m;
    bool found = match_activation_node(g, y, &e, &m);
    if (!found && (found = match_silu(g, y, &m))) e.activation = IR_ACT_SILU;
    if (!found && (found = match_gelu_erf(g, y, &m))) e.activation = IR_ACT_GELU;
    if (!found) return y;
    ir_node *last = m.nodes[m.count - 1];
    if (!pattern_same_shape(last->outputs[0], y)) return y;
    for (int i = 0; i < m.count - 1; i++) m.nodes[i]->dead = true;
    n->epilogue = e;
    return absorb(n, last);
}

/* An inference-mode float BatchNormalization with one output: its kernel
   takes an activation (no residual). */
static bool fusable_batchnorm(const ir_node *n)
{
    if (n->dead || n->domain[0] || strcmp(n->op_type, "BatchNormalization") || !n->outputs[0]) return false;
    for (int j = 1; j < n->num_outputs; j++)
        if (n->outputs[j]) return false;
    return n->inputs[0]->dtype == DT_FLOAT && attr_int(n, "training_mode", 0) == 0 &&
           (n->opset >= 7 || attr_int(n, "is_test", 0) != 0) && n->epilogue.activation == IR_ACT_NONE;
}

/* A float Conv, Gemm or MatMul that has not been fused yet. */
static bool fusable(const ir_node *n)
{
    if (n->dead || n->domain[0] || n->num_outputs != 1 || !n->outputs[0]) return false;
    if (strcmp(n->op_type, "Conv") && strcmp(n->op_type, "Gemm") && strcmp(n->op_type, "MatMul")) return false;
    return n->outputs[0]->dtype == DT_FLOAT && n->inputs[0]->dtype == DT_FLOAT && !n->epilogue.has_residual &&
           !n->epilogue.has_scale && n->epilogue.activation == IR_ACT_NONE && n->num_inputs <= 3;
}

bool pass_fuse_epilogue(ir_graph *g, bool *changed)
{
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        if (fusable_batchnorm(n)) {
            if (fuse_activation(g, n, n->outputs[0]) != n->outputs[0]) *changed = true;
            continue;
        }
        if (!fusable(n)) continue;
        ir_value *y0 = n->outputs[0], *y = y0;
        if (!strcmp(n->op_type, "MatMul")) y = fuse_matmul_scale(g, n, y);
        if (!strcmp(n->op_type, "MatMul") && n->num_inputs == 2) y = fuse_matmul_bias(g, n, y);
        y = fuse_residual(g, n, y);
        y = fuse_activation(g, n, y);
        if (y != y0) *changed = true;
    }
    return true;
}
