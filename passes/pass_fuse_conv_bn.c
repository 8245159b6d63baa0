/* Conv + BatchNormalization folding. An inference-mode BatchNormalization
   right after a Conv is an affine map per output channel,
       y = (conv(x) - mean) * scale / sqrt(var + eps) + B,
   so it folds into the Conv's constants:
       W'[m] = W[m] * s[m],  b'[m] = (b[m] - mean[m]) * s[m] + B[m],
       s[m] = scale[m] / sqrt(var[m] + eps),
   computed in double. The BatchNormalization node disappears; the Conv
   writes its output. Only float Convs with constant weights qualify. */
#include "passes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ops/op.h"
#include "pattern.h"


static bool const_float_vector(const ir_value *v, int64_t m)
{
    return v && v->data && v->dtype == DT_FLOAT && ir_value_numel(v) == m && (v->rank == 1 || m == 1);
}

static bool bn_is_foldable(const ir_node *bn, int64_t m)
{
    if (bn->num_inputs < 5 || attr_int(bn, "training_mode", 0) != 0 || attr_int(bn, "spatial", 1) != 1) return false;
    if (bn->opset < 7 && attr_int(bn, "is_test", 0) == 0) return false; /* training in old opsets */
    for (int j = 1; j < bn->num_outputs; j++)
        if (bn->outputs[j]) return false;
    for (int j = 1; j < 5; j++)
        if (!const_float_vector(bn->inputs[j], m)) return false;
    return true;
}

static void fold(ir_graph *g, ir_node *conv, ir_node *bn)
{
    const ir_value *w = conv->inputs[1], *b = node_input(conv, 2);
    const float *scale = bn->inputs[1]->data, *shift = bn->inputs[2]->data, *mean = bn->inputs[3]->data,
                *var = bn->inputs[4]->data;
    double eps = attr_float(bn, "epsilon", 1e-5f);
    int64_t m = w->dims[0], per = ir_value_numel(w) / m;

    /* Named after the Conv's weight, for the generated code's comments. */
    size_t size = strlen(w->name) + 32;
    char *name = ir_alloc(g, size);
    snprintf(name, size, "%s.bn_folded", w->name);
    ir_value *w2 = ir_value_new(g, name);
    ir_value_set_shape(w2, DT_FLOAT, w->rank, w->dims);
    name = ir_alloc(g, size);
    snprintf(name, size, "%s.bn_folded_bias", w->name);
    ir_value *b2 = ir_value_new(g, name);
    ir_value_set_shape(b2, DT_FLOAT, 1, &m);
    float *wd = ir_alloc(g, ir_value_bytes(w2)), *bd = ir_alloc(g, ir_value_bytes(b2));
    for (int64_t c = 0; c < m; c++) {
        double s = scale[c] / sqrt((double)var[c] + eps);
        for (int64_t k = 0; k < per; k++) wd[c * per + k] = (float)(((const float *)w->data)[c * per + k] * s);
        double bias = b ? ((const float *)b->data)[c] : 0.0;
        bd[c] = (float)((bias - mean[c]) * s + shift[c]);
    }
    w2->data = wd;
    b2->data = bd;

    ir_value **inputs = ir_alloc(g, sizeof *inputs * 3);
    inputs[0] = conv->inputs[0];
    inputs[1] = w2;
    inputs[2] = b2;
    conv->inputs = inputs;
    conv->num_inputs = 3;
    conv->outputs[0] = bn->outputs[0];
    conv->outputs[0]->producer = conv;
    bn->dead = true;
}

bool pass_fuse_conv_bn(ir_graph *g, bool *changed)
{
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *conv = g->nodes[i];
        if (!pattern_is_op(conv, "Conv") || conv->num_inputs < 2 || !conv->outputs[0]) continue;
        const ir_value *x = conv->inputs[0], *w = conv->inputs[1], *b = node_input(conv, 2);
        if (x->dtype != DT_FLOAT || !w->data || w->dtype != DT_FLOAT || w->rank < 3) continue;
        int64_t m = w->dims[0];
        if (b && !const_float_vector(b, m)) continue;
        ir_node *bn = pattern_single_user(g, conv->outputs[0]);
        if (!pattern_is_op(bn, "BatchNormalization") || bn->inputs[0] != conv->outputs[0] ||
            !bn_is_foldable(bn, m))
            continue;
        fold(g, conv, bn);
        *changed = true;
    }
    return true;
}
