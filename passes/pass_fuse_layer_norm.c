/* LayerNormalization recognised: exporters before opset 17 (PyTorch's
   nn.LayerNorm among them) write it as nine nodes over the last axis,

       m = ReduceMean(x)            d = Sub(x, m)        v = ReduceMean(Pow(d, 2))
       s = Sqrt(Add(v, epsilon))    n = Div(d, s)        y = Add(Mul(n, scale), bias)

   each a pass over the tensor. They become one LayerNormalization node
   (axis -1, that epsilon; the Mul and Add optional), whose kernel reads x
   once for the statistics and once for the output. The first ReduceMean
   node is rewritten in place (so the order stays topological); the others
   die. Float only; every intermediate value must have exactly the users
   the pattern names and not be a graph output. */
#include "passes.h"

#include <string.h>

#include "ops/op.h"
#include "pattern.h"

/* A ReduceMean of x over its last axis only, keeping dims. */
static bool is_last_axis_mean(const ir_node *n, const ir_value *x)
{
    if (!pattern_is_op(n, "ReduceMean") || n->inputs[0] != x || x->rank < 1 || x->dtype != DT_FLOAT) return false;
    if (attr_int(n, "keepdims", 1) != 1) return false;
    int64_t axes[IR_MAX_RANK];
    int count = attr_ints(n, "axes", axes, IR_MAX_RANK);
    if (count < 0 && n->num_inputs > 1 && n->inputs[1]) { /* opset 18: axes as an input */
        const ir_value *a = n->inputs[1];
        if (!a->data || ir_value_numel(a) != 1) return false;
        axes[0] = ir_const_int(a, 0), count = 1;
    }
    return count == 1 && (axes[0] == -1 || axes[0] == x->rank - 1);
}

/* A constant scale or bias of the last axis' length (rank 1, or leading 1s). */
static bool is_last_axis_vector(const ir_value *v, const ir_value *x)
{
    if (!v || !v->data || v->dtype != DT_FLOAT || v->rank < 1) return false;
    for (int i = 0; i < v->rank - 1; i++)
        if (v->dims[i] != 1) return false;
    return v->dims[v->rank - 1] == x->dims[x->rank - 1];
}

typedef struct layer_norm_match {
    ir_node *nodes[9];               /* mean, sub, pow, var mean, add eps, sqrt, div, [mul, add] */
    int count;
    ir_value *x, *scale, *bias;
    float epsilon;
} layer_norm_match;

/* The statistics part, from the first ReduceMean to the Div. */
static bool match_normalise(ir_graph *g, ir_node *mean, layer_norm_match *m)
{
    ir_value *x = mean->inputs[0];
    ir_node *sub = pattern_single_user(g, mean->outputs[0]);
    if (!pattern_is_op(sub, "Sub") || sub->inputs[0] != x || sub->inputs[1] != mean->outputs[0]) return false;
    ir_node *u[2];
    if (pattern_users(g, sub->outputs[0], u, 2) != 2) return false;
    ir_node *pow = pattern_is_op(u[0], "Pow") ? u[0] : u[1], *div = pow == u[0] ? u[1] : u[0];
    if (!pattern_is_op(pow, "Pow") || pow->inputs[0] != sub->outputs[0] || !pattern_const_equals(pow->inputs[1], 2.0))
        return false;
    ir_node *var = pattern_single_user(g, pow->outputs[0]);
    if (!is_last_axis_mean(var, pow->outputs[0])) return false;
    ir_node *add = pattern_single_user(g, var->outputs[0]);
    ir_value *eps = add ? pattern_other_operand(add, var->outputs[0]) : NULL;
    if (!pattern_is_op(add, "Add") || !eps || !eps->data || eps->dtype != DT_FLOAT || ir_value_numel(eps) != 1)
        return false;
    ir_node *sqrt = pattern_single_user(g, add->outputs[0]);
    if (!pattern_is_op(sqrt, "Sqrt") || pattern_single_user(g, sqrt->outputs[0]) != div) return false;
    if (!pattern_is_op(div, "Div") || div->inputs[0] != sub->outputs[0] || div->inputs[1] != sqrt->outputs[0])
        return false;
    *m = (layer_norm_match){{mean, sub, pow, var, add, sqrt, div}, 7, x, NULL, NULL, (float)ir_const_double(eps, 0)};
    return true;
}

/* The optional Mul by a scale and Add of a bias after the Div. */
static void match_affine(ir_graph *g, layer_norm_match *m)
{
    ir_value *y = m->nodes[m->count - 1]->outputs[0];
    ir_node *mul = pattern_single_user(g, y);
    ir_value *scale = pattern_is_op(mul, "Mul") ? pattern_other_operand(mul, y) : NULL;
    if (!is_last_axis_vector(scale, m->x)) return;
    m->nodes[m->count++] = mul, m->scale = scale, y = mul->outputs[0];
    ir_node *add = pattern_single_user(g, y);
    ir_value *bias = pattern_is_op(add, "Add") ? pattern_other_operand(add, y) : NULL;
    if (!is_last_axis_vector(bias, m->x)) return;
    m->nodes[m->count++] = add, m->bias = bias;
}

/* Scale 1 when the pattern has no Mul: LayerNormalization requires one. */
static ir_value *ones_like_last_axis(ir_graph *g, const ir_value *x)
{
    int64_t n = x->dims[x->rank - 1];
    ir_value *v = ir_value_new(g, "layer_norm_scale_ones");
    ir_value_set_shape(v, DT_FLOAT, 1, &n);
    float *d = ir_alloc(g, sizeof(float) * (size_t)(n ? n : 1));
    for (int64_t i = 0; i < n; i++) d[i] = 1.0f;
    v->data = d;
    return v;
}

static void set_attr(ir_graph *g, ir_attr *a, const char *name, int type)
{
    memset(a, 0, sizeof *a);
    a->name = ir_strdup(g, name);
    a->type = type;
}

/* The first node becomes LayerNormalization(x, scale, bias); the others die. */
static void rewrite(ir_graph *g, const layer_norm_match *m)
{
    ir_node *n = m->nodes[0];
    ir_value *y = m->nodes[m->count - 1]->outputs[0];
    n->op_type = ir_strdup(g, "LayerNormalization");
    n->opset = 17;
    n->def = op_find("", "LayerNormalization");
    n->inputs = ir_alloc(g, sizeof *n->inputs * 3);
    n->num_inputs = m->bias ? 3 : 2;
    n->inputs[0] = m->x;
    n->inputs[1] = m->scale ? m->scale : ones_like_last_axis(g, m->x);
    n->inputs[2] = m->bias;
    n->attrs = ir_alloc(g, sizeof *n->attrs * 2);
    n->num_attrs = 2;
    set_attr(g, &n->attrs[0], "axis", IR_ATTR_INT);
    n->attrs[0].i = -1;
    set_attr(g, &n->attrs[1], "epsilon", IR_ATTR_FLOAT);
    n->attrs[1].f = m->epsilon;
    n->outputs[0] = y;
    y->producer = n;
    for (int i = 1; i < m->count; i++) m->nodes[i]->dead = true;
}

bool pass_fuse_layer_norm(ir_graph *g, bool *changed)
{
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        layer_norm_match m;
        if (!is_last_axis_mean(n, n->num_inputs ? n->inputs[0] : NULL) || !match_normalise(g, n, &m)) continue;
        match_affine(g, &m);
        rewrite(g, &m);
        *changed = true;
    }
    return true;
}
