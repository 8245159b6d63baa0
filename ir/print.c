/* Text (--dump-ir) and Graphviz (--emit=dot) printers. Model names are
   arbitrary bytes, so every name goes through ir_print_escaped. */
#include "ir.h"

void ir_print_escaped(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c < 32 || c >= 127) fprintf(out, "\\%03o", c);
        else fputc(c, out);
    }
}

static void print_type(FILE *out, const ir_value *v)
{
    fprintf(out, "%s[", dtype_name(v->dtype));
    for (int i = 0; i < v->rank; i++) {
        if (i) fputc(',', out);
        if (v->is_dynamic && i == v->dynamic_dim) fputs("<=", out); /* depends on the data: the bound */
        if (v->dims[i] >= 0) fprintf(out, "%lld", (long long)v->dims[i]);
        else if (v->dim_params[i]) ir_print_escaped(out, v->dim_params[i]);
        else fputc('?', out);
    }
    if (v->rank < 0) fputc('?', out);
    fputc(']', out);
}

static void print_value_ref(FILE *out, const ir_value *v)
{
    if (!v) { fputs("_", out); return; }
    fprintf(out, "%%%d", v->id);
}

static void print_attr(FILE *out, const ir_attr *a)
{
    fprintf(out, "%s=", a->name);
    switch (a->type) {
    case IR_ATTR_FLOAT: fprintf(out, "%g", a->f); break;
    case IR_ATTR_INT: fprintf(out, "%lld", (long long)a->i); break;
    case IR_ATTR_STRING: fputc('"', out); ir_print_escaped(out, a->s); fputc('"', out); break;
    case IR_ATTR_INTS:
        fputc('[', out);
        for (int i = 0; i < a->count; i++) fprintf(out, "%s%lld", i ? "," : "", (long long)a->ints[i]);
        fputc(']', out);
        break;
    case IR_ATTR_FLOATS:
        fputc('[', out);
        for (int i = 0; i < a->count; i++) fprintf(out, "%s%g", i ? "," : "", a->floats[i]);
        fputc(']', out);
        break;
    case IR_ATTR_TENSOR: fputs("<tensor ", out); if (a->tensor) print_type(out, a->tensor); fputc('>', out); break;
    default: fputs("<...>", out); break;
    }
}

const char *ir_activation_name(ir_activation a)
{
    static const char *const names[] = {"none", "Relu", "Clip", "LeakyRelu", "Sigmoid", "HardSigmoid",
                                        "HardSwish", "SiLU", "Tanh", "Gelu", "GeluTanh"};
    return (unsigned)a < sizeof names / sizeof names[0] ? names[a] : "?";
}

/* ` {fused: +residual Clip(0, 6)}` after a node with an epilogue. */
static void print_epilogue(FILE *out, const ir_epilogue *e)
{
    if (!e->has_residual && !e->has_scale && e->activation == IR_ACT_NONE) return;
    fputs(" {fused:", out);
    if (e->has_scale) fprintf(out, " *%g", e->scale);
    if (e->has_residual) fputs(" +residual", out);
    if (e->activation != IR_ACT_NONE) fprintf(out, " %s", ir_activation_name(e->activation));
    if (e->activation == IR_ACT_CLIP || e->activation == IR_ACT_HARD_SIGMOID) fprintf(out, "(%g, %g)", e->alpha, e->beta);
    if (e->activation == IR_ACT_LEAKY_RELU) fprintf(out, "(%g)", e->alpha);
    fputc('}', out);
}

void ir_print_text(const ir_graph *g, FILE *out)
{
    fprintf(out, "graph \"");
    ir_print_escaped(out, g->name ? g->name : "");
    fprintf(out, "\" opset %lld\n", (long long)g->opset);
    for (int i = 0; i < g->num_values; i++) {
        const ir_value *v = g->values[i];
        if (!v->is_input && !v->data) continue;
        fprintf(out, "  %s %%%d \"", v->is_input ? "input" : "const", v->id);
        ir_print_escaped(out, v->name);
        fputs("\" : ", out);
        print_type(out, v);
        fputc('\n', out);
    }
    for (int i = 0; i < g->num_nodes; i++) {
        const ir_node *n = g->nodes[i];
        if (n->dead) continue;
        fputs("  ", out);
        for (int j = 0; j < n->num_outputs; j++) {
            if (j) fputs(", ", out);
            print_value_ref(out, n->outputs[j]);
            if (n->outputs[j]) { fputc(':', out); print_type(out, n->outputs[j]); }
        }
        fputs(" = ", out);
        ir_print_escaped(out, n->op_type);
        fputc('(', out);
        for (int j = 0; j < n->num_inputs; j++) {
            if (j) fputs(", ", out);
            print_value_ref(out, n->inputs[j]);
        }
        fputc(')', out);
        for (int j = 0; j < n->num_attrs; j++) {
            fputs(j ? ", " : " {", out);
            print_attr(out, &n->attrs[j]);
        }
        if (n->num_attrs) fputc('}', out);
        print_epilogue(out, &n->epilogue);
        for (int k = 0; k < 2; k++) {
            if (!n->input_perm[k].set || k >= n->num_inputs || !n->inputs[k]) continue;
            fprintf(out, " {input %d read as Transpose perm=[", k);
            for (int i = 0; i < n->inputs[k]->rank; i++) fprintf(out, "%s%d", i ? "," : "", n->input_perm[k].perm[i]);
            fputs("]}", out);
        }
        if (n->guard) fprintf(out, " {runs if %%%d is %s}", n->guard->id, n->guard_when ? "true" : "false");
        fputs("  # \"", out);
        ir_print_escaped(out, n->name);
        fputs("\"\n", out);
    }
    for (int i = 0; i < g->num_outputs; i++) {
        fprintf(out, "  output %%%d \"", g->outputs[i]->id);
        ir_print_escaped(out, g->outputs[i]->name);
        fputs("\" : ", out);
        print_type(out, g->outputs[i]);
        fputc('\n', out);
    }
}

void ir_print_dot(const ir_graph *g, FILE *out)
{
    fputs("digraph dlc {\n  rankdir=TB;\n  node [fontname=\"Helvetica\"];\n", out);
    for (int i = 0; i < g->num_values; i++) {
        const ir_value *v = g->values[i];
        if (!v->is_input && !v->is_output) continue;
        fprintf(out, "  v%d [shape=ellipse, label=\"", v->id);
        ir_print_escaped(out, v->name);
        fputs("\\n", out);
        print_type(out, v);
        fputs("\"];\n", out);
    }
    for (int i = 0; i < g->num_nodes; i++) {
        const ir_node *n = g->nodes[i];
        if (n->dead) continue;
        fprintf(out, "  n%d [shape=box, label=\"", n->id);
        ir_print_escaped(out, n->op_type);
        fputs("\"];\n", out);
        for (int j = 0; j < n->num_inputs; j++) {
            const ir_value *v = n->inputs[j];
            if (!v || v->data) continue;
            if (v->producer && !v->producer->dead) fprintf(out, "  n%d -> n%d [label=\"", v->producer->id, n->id);
            else if (v->is_input) fprintf(out, "  v%d -> n%d [label=\"", v->id, n->id);
            else continue;
            print_type(out, v);
            fputs("\"];\n", out);
        }
    }
    for (int i = 0; i < g->num_outputs; i++) {
        const ir_value *v = g->outputs[i];
        if (v->producer && !v->producer->dead) fprintf(out, "  n%d -> v%d;\n", v->producer->id, v->id);
    }
    fputs("}\n", out);
}
