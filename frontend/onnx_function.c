/* ONNX local functions: a FunctionProto in the model, called by nodes of
   its domain (PyTorch writes them with export_modules_as_functions, one per
   module class). They are inlined before the graph is read: each call
   becomes a copy of the function's body, its formal inputs and outputs
   replaced by the call's, every other value name prefixed with
   "FUNCTION#N/" (N counts calls, so two calls never share a value), and
   attributes that refer to the caller's (ref_attr_name) replaced by them.
   Bodies may call functions too, to a depth of ONNX_FUNCTION_MAX_DEPTH.
   The reader then sees one flat graph and checks it as any other. */
#define _POSIX_C_SOURCE 200809L

#include "frontend/onnx_function.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ONNX_FUNCTION_MAX_DEPTH 64

/* Every block this file allocates, freed together by onnx_functions_restore. */
typedef struct allocation {
    struct allocation *next;
    max_align_t data[];
} allocation;

typedef struct inliner {
    const Onnx__ModelProto *model;
    const char *path;
    onnx_inlined *out;
    allocation *blocks;
    int calls;
} inliner;

/* bytes of zeroed memory; NULL (reported) when out of memory. */
static void *take(inliner *in, size_t bytes)
{
    allocation *a = malloc(sizeof *a + (bytes ? bytes : 1));
    if (!a) {
        diag_error(DIAG_INVALID, "%s: out of memory inlining functions", in->path);
        return NULL;
    }
    a->next = in->blocks;
    in->blocks = a;
    memset(a->data, 0, bytes);
    return a->data;
}

static char *concat(inliner *in, const char *prefix, const char *name)
{
    size_t n = strlen(prefix) + strlen(name) + 1;
    char *s = take(in, n);
    if (s) snprintf(s, n, "%s%s", prefix, name);
    return s;
}

static const char *plain_domain(const char *d)
{
    d = onnx_str(d);
    return strcmp(d, "ai.onnx") == 0 ? "" : d;
}

static const Onnx__FunctionProto *find_function(const Onnx__ModelProto *m, const Onnx__NodeProto *np)
{
    for (size_t i = 0; i < m->n_functions; i++) {
        const Onnx__FunctionProto *f = m->functions[i];
        if (strcmp(onnx_str(f->name), onnx_str(np->op_type)) == 0 &&
            strcmp(plain_domain(f->domain), plain_domain(np->domain)) == 0)
            return f;
    }
    return NULL;
}

/* The reader gives every node the model's opset of its domain: a body
   written against another version of a domain the model imports too would
   be read with the wrong semantics. */
static bool check_opsets(inliner *in, const Onnx__FunctionProto *f)
{
    for (size_t i = 0; i < f->n_opset_import; i++) {
        const Onnx__OperatorSetIdProto *fo = f->opset_import[i];
        for (size_t j = 0; j < in->model->n_opset_import; j++) {
            const Onnx__OperatorSetIdProto *mo = in->model->opset_import[j];
            if (strcmp(plain_domain(fo->domain), plain_domain(mo->domain)) == 0 && fo->version != mo->version)
                return diag_error(DIAG_UNSUPPORTED, "%s: function '%s' imports version %lld of domain '%s', "
                                  "the model version %lld: dlc reads both with one version", in->path,
                                  onnx_str(f->name), (long long)fo->version, plain_domain(fo->domain),
                                  (long long)mo->version);
        }
    }
    return true;
}

/* The name a body value takes inside one call. */
static char *rename_value(inliner *in, const Onnx__FunctionProto *f, const Onnx__NodeProto *call, const char *prefix,
                          const char *name)
{
    if (!*name) return (char *)name; /* an absent optional input or output */
    for (size_t i = 0; i < f->n_input; i++)
        if (strcmp(onnx_str(f->input[i]), name) == 0) return i < call->n_input ? call->input[i] : (char *)"";
    for (size_t i = 0; i < f->n_output; i++)
        if (strcmp(onnx_str(f->output[i]), name) == 0 && i < call->n_output && *onnx_str(call->output[i]))
            return call->output[i];
    return concat(in, prefix, name);
}

static const Onnx__AttributeProto *caller_attribute(const Onnx__NodeProto *call, const char *name)
{
    for (size_t i = 0; i < call->n_attribute; i++)
        if (strcmp(onnx_str(call->attribute[i]->name), name) == 0) return call->attribute[i];
    return NULL;
}

/* The body node's attributes, a reference replaced by the caller's
   attribute of that name (renamed) or left out when the caller has none
   (the operator's default applies). */
static bool copy_attributes(inliner *in, const Onnx__NodeProto *body, const Onnx__NodeProto *call,
                            Onnx__NodeProto *out)
{
    out->attribute = take(in, sizeof *out->attribute * (body->n_attribute + 1));
    if (!out->attribute) return false;
    for (size_t i = 0; i < body->n_attribute; i++) {
        Onnx__AttributeProto *a = body->attribute[i];
        const char *ref = onnx_str(a->ref_attr_name);
        if (*ref) {
            const Onnx__AttributeProto *given = caller_attribute(call, ref);
            if (!given) continue;
            Onnx__AttributeProto *copy = take(in, sizeof *copy);
            if (!copy) return false;
            *copy = *given;
            copy->name = a->name;
            a = copy;
        }
        out->attribute[out->n_attribute++] = a;
    }
    return true;
}

static bool expand(inliner *in, Onnx__NodeProto *np, int depth);

/* One body node of a call, renamed. */
static bool expand_body_node(inliner *in, const Onnx__FunctionProto *f, const Onnx__NodeProto *call,
                             const char *prefix, const Onnx__NodeProto *body, int depth)
{
    Onnx__NodeProto *n = take(in, sizeof *n);
    if (!n) return false;
    *n = *body;
    n->name = concat(in, prefix, onnx_str(body->name));
    n->input = take(in, sizeof *n->input * (body->n_input + 1));
    n->output = take(in, sizeof *n->output * (body->n_output + 1));
    if (!n->name || !n->input || !n->output) return false;
    for (size_t k = 0; k < body->n_input; k++)
        if (!(n->input[k] = rename_value(in, f, call, prefix, onnx_str(body->input[k])))) return false;
    for (size_t k = 0; k < body->n_output; k++)
        if (!(n->output[k] = rename_value(in, f, call, prefix, onnx_str(body->output[k])))) return false;
    n->n_attribute = 0;
    return copy_attributes(in, body, call, n) && expand(in, n, depth + 1);
}

static bool append(inliner *in, Onnx__NodeProto *np)
{
    onnx_inlined *o = in->out;
    if (o->num_nodes == o->cap_nodes) {
        size_t cap = o->cap_nodes ? o->cap_nodes * 2 : 256;
        Onnx__NodeProto **grown = realloc(o->nodes, sizeof *grown * cap);
        if (!grown) return diag_error(DIAG_INVALID, "%s: out of memory inlining functions", in->path);
        o->nodes = grown, o->cap_nodes = cap;
    }
    o->nodes[o->num_nodes++] = np;
    return true;
}

/* np itself, or the body of the function it calls, expanded. */
static bool expand(inliner *in, Onnx__NodeProto *np, int depth)
{
    const Onnx__FunctionProto *f = find_function(in->model, np);
    if (!f) return append(in, np);
    if (depth >= ONNX_FUNCTION_MAX_DEPTH)
        return diag_error(DIAG_INVALID, "%s: function '%s' calls functions more than %d deep", in->path,
                          onnx_str(f->name), ONNX_FUNCTION_MAX_DEPTH);
    if (!check_opsets(in, f)) return false;
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%.200s#%d/", onnx_str(f->name), ++in->calls);
    for (size_t i = 0; i < f->n_node; i++)
        if (!expand_body_node(in, f, np, prefix, f->node[i], depth)) return false;
    return true;
}

bool onnx_functions_inline(Onnx__ModelProto *m, const char *path, onnx_inlined *out)
{
    memset(out, 0, sizeof *out);
    if (m->n_functions == 0 || !m->graph) return true;
    inliner in = {.model = m, .path = path, .out = out};
    bool ok = true;
    for (size_t i = 0; ok && i < m->graph->n_node; i++) ok = expand(&in, m->graph->node[i], 0);
    out->blocks = in.blocks;
    out->saved_nodes = m->graph->node;
    out->saved_num_nodes = m->graph->n_node;
    m->graph->node = out->nodes;
    m->graph->n_node = out->num_nodes;
    return ok;
}

void onnx_functions_restore(Onnx__ModelProto *m, onnx_inlined *in)
{
    if (in->saved_nodes || in->nodes) {
        m->graph->node = in->saved_nodes;
        m->graph->n_node = in->saved_num_nodes;
    }
    for (allocation *a = in->blocks, *next; a; a = next) {
        next = a->next;
        free(a);
    }
    free(in->nodes);
    memset(in, 0, sizeof *in);
}
