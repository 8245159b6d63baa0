/* Reads an ONNX ModelProto into the graph IR: opsets, initializers, graph
   inputs and outputs, and the nodes in topological order with their
   attributes. The file is untrusted input, so every reference is checked
   (names must resolve, values are produced once, no cycles) and every
   failure becomes one diag line rather than a crash. */
#define _POSIX_C_SOURCE 200809L

#include "frontend/onnx_function.h"
#include "frontend/onnx_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small string -> int hash map --------------------------------------
   Models have tens of thousands of values; ir_find_value is linear. Keys are
   borrowed (from the protobuf message or the graph), which outlive the map. */

typedef struct name_map {
    const char **keys;
    int *vals;
    size_t cap, count;
} name_map;

static size_t hash_name(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static void map_free(name_map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static int map_get(const name_map *m, const char *key)
{
    if (!m->cap) return -1;
    for (size_t i = hash_name(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) return -1;
        if (strcmp(m->keys[i], key) == 0) return m->vals[i];
    }
}

static void map_put(name_map *m, const char *key, int val);

static void map_grow(name_map *m)
{
    name_map old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->count = 0;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = calloc(m->cap, sizeof *m->vals);
    if (!m->keys || !m->vals) abort();
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i]) map_put(m, old.keys[i], old.vals[i]);
    map_free(&old);
}

/* Inserts or overwrites. */
static void map_put(name_map *m, const char *key, int val)
{
    if ((m->count + 1) * 2 > m->cap) map_grow(m);
    size_t i = hash_name(key) & (m->cap - 1);
    for (; m->keys[i]; i = (i + 1) & (m->cap - 1))
        if (strcmp(m->keys[i], key) == 0) { m->vals[i] = val; return; }
    m->keys[i] = key;
    m->vals[i] = val;
    m->count++;
}

/* ---- reader state ---------------------------------------------------------- */

typedef struct reader {
    const struct reader *parent;   /* the reader of the enclosing graph, for a subgraph */
    int depth;                     /* subgraph nesting: 0 for the main graph */
    ir_graph *g;
    const char *path;
    char *dir;                     /* the model's folder, for external data */
    const Onnx__ModelProto *model;
    const Onnx__GraphProto *gp;
    name_map values;               /* name -> index in g->values */
    name_map producers;            /* node output name -> index in gp->node */
    int *order;                    /* gp->node indices in topological order */
} reader;

/* A value visible in r's graph by name: its own, or an enclosing graph's
   (outer scope). */
static ir_value *resolve_name(const reader *r, const char *name)
{
    for (; r; r = r->parent) {
        int id = map_get(&r->values, name);
        if (id >= 0) return r->g->values[id];
    }
    return NULL;
}

static const char *normal_domain(const char *d)
{
    d = onnx_str(d);
    return strcmp(d, "ai.onnx") == 0 ? "" : d;
}

/* The version the model imports for a domain; 1 when it imports none (the
   ONNX default for models that predate opset_import). */
static int domain_opset(const Onnx__ModelProto *m, const char *domain)
{
    domain = normal_domain(domain);
    for (size_t i = 0; i < m->n_opset_import; i++) {
        const Onnx__OperatorSetIdProto *op = m->opset_import[i];
        if (strcmp(normal_domain(op->domain), domain) == 0 && op->has_version)
            return op->version < 0 || op->version > 100000 ? 0 : (int)op->version;
    }
    return 1;
}

/* diag_node for a NodeProto that has no IR node yet. */
static bool proto_node_error(reader *r, const Onnx__NodeProto *np, diag_kind kind, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ir_node tmp = {0};
    tmp.name = (char *)onnx_str(np->name);
    tmp.op_type = (char *)onnx_str(np->op_type);
    tmp.domain = (char *)normal_domain(np->domain);
    tmp.opset = domain_opset(r->model, np->domain);
    return diag_node(&tmp, kind, "%s", msg);
}

/* ---- initializers and graph inputs ----------------------------------------- */

static bool read_initializers(reader *r)
{
    ir_graph *g = r->g;
    if (r->gp->n_sparse_initializer > 0)
        return diag_error(DIAG_UNSUPPORTED, "%s: the model has sparse initializers, which dlc does not support",
                          r->path);
    for (size_t i = 0; i < r->gp->n_initializer; i++) {
        const Onnx__TensorProto *t = r->gp->initializer[i];
        const char *name = onnx_str(t->name);
        if (!*name) return diag_error(DIAG_INVALID, "%s: initializer #%zu has no name", r->path, i);
        if (resolve_name(r, name))
            return diag_error(DIAG_INVALID, "%s: two initializers are named '%s' (in a graph or an enclosing one)",
                              r->path, name);
        ir_value *v = ir_value_new(g, name);
        char what[1024];
        snprintf(what, sizeof what, "%s: initializer '%s'", r->path, name);
        if (!onnx_tensor_to_value(g, v, t, r->dir, what)) return false;
        map_put(&r->values, v->name, v->id);
    }
    return true;
}

static bool read_inputs(reader *r)
{
    ir_graph *g = r->g;
    g->inputs = ir_alloc(g, sizeof(ir_value *) * (r->gp->n_input + 1));
    for (size_t i = 0; i < r->gp->n_input; i++) {
        const Onnx__ValueInfoProto *vi = r->gp->input[i];
        const char *name = onnx_str(vi->name);
        if (!*name) return diag_error(DIAG_INVALID, "%s: graph input #%zu has no name", r->path, i);
        int id = map_get(&r->values, name);
        /* Inputs that have an initializer are constants with a default
           value (IR < 4 had to list them); dlc treats them as constants. */
        if (id >= 0 && g->values[id]->data) continue;
        if (id >= 0) return diag_error(DIAG_INVALID, "%s: graph input '%s' is listed twice", r->path, name);
        if (r->parent && resolve_name(r->parent, name))
            return diag_error(DIAG_INVALID, "%s: subgraph input '%s' has the name of a value of an enclosing graph",
                              r->path, name);
        ir_value *v = ir_value_new(g, name);
        if (!onnx_type_to_value(g, v, vi->type, r->parent ? "subgraph input" : "input")) return false;
        v->is_input = true;
        g->inputs[g->num_inputs++] = v;
        map_put(&r->values, v->name, v->id);
    }
    return true;
}

/* ---- node order ------------------------------------------------------------ */

/* Dependencies between the nodes of one graph, as (producer, consumer)
   pairs of indices into gp->node. */
typedef struct edge_list {
    int *from, *to;
    size_t count, cap;
} edge_list;

static void add_edge(edge_list *e, int from, int to)
{
    if (e->count == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 256;
        e->from = realloc(e->from, e->cap * sizeof *e->from);
        e->to = realloc(e->to, e->cap * sizeof *e->to);
        if (!e->from || !e->to) abort();
    }
    e->from[e->count] = from;
    e->to[e->count++] = to;
}

/* name is an initializer or input of this graph, or a value of an
   enclosing graph (every value there is defined before the subgraph is read). */
static bool defined_before_nodes(const reader *r, const char *name)
{
    if (map_get(&r->values, name) >= 0) return true;
    return r->parent && resolve_name(r->parent, name);
}

/* Node j reads name: an edge from its producer. An explicit input must
   resolve; a name a subgraph of j reads (implicit) may be the subgraph's own. */
static bool add_dependency(reader *r, edge_list *e, int j, const char *name, bool implicit)
{
    if (!*name || defined_before_nodes(r, name)) return true;
    int p = map_get(&r->producers, name);
    if (p >= 0) add_edge(e, p, j);
    if (p >= 0 || implicit) return true;
    return proto_node_error(r, r->gp->node[j], DIAG_INVALID,
                            "input '%s' is not produced by any node, initializer or graph input", name);
}

/* The names the subgraphs in np's attributes read, nested ones too: a node
   must come after the producers of the outer values its bodies use. */
static void add_implicit_dependencies(reader *r, edge_list *e, int j, const Onnx__NodeProto *np, int depth)
{
    if (depth > ONNX_MAX_SUBGRAPH_DEPTH) return; /* the reader reports it */
    for (size_t a = 0; a < np->n_attribute; a++) {
        const Onnx__AttributeProto *p = np->attribute[a];
        for (size_t k = 0; k < p->n_graphs + (p->g != NULL); k++) {
            const Onnx__GraphProto *sub = k < p->n_graphs ? p->graphs[k] : p->g;
            for (size_t i = 0; i < sub->n_node; i++) {
                for (size_t in = 0; in < sub->node[i]->n_input; in++)
                    add_dependency(r, e, j, onnx_str(sub->node[i]->input[in]), true);
                add_implicit_dependencies(r, e, j, sub->node[i], depth + 1);
            }
            for (size_t o = 0; o < sub->n_output; o++) add_dependency(r, e, j, onnx_str(sub->output[o]->name), true);
        }
    }
}

/* Records every node output (once in this graph and its enclosing ones). */
static bool record_producers(reader *r)
{
    const Onnx__GraphProto *gp = r->gp;
    for (int j = 0; j < (int)gp->n_node; j++) {
        const Onnx__NodeProto *np = gp->node[j];
        if (!np->op_type || !np->op_type[0])
            return proto_node_error(r, np, DIAG_INVALID, "node #%d has no op_type", j);
        for (size_t k = 0; k < np->n_output; k++) {
            const char *o = onnx_str(np->output[k]);
            if (!*o) continue;
            if (defined_before_nodes(r, o) || map_get(&r->producers, o) >= 0)
                return proto_node_error(r, np, DIAG_INVALID, "output '%s' is already defined elsewhere in the "
                                        "graph or an enclosing graph (values must be produced once)", o);
            map_put(&r->producers, o, j);
        }
    }
    return true;
}

/* Kahn's algorithm over the edges, with a FIFO queue that starts in file order. */
static bool sort_nodes(reader *r, const edge_list *e)
{
    int n = (int)r->gp->n_node;
    int *indeg = calloc((size_t)n + 1, sizeof *indeg);
    int *start = calloc((size_t)n + 2, sizeof *start);
    int *succ = calloc(e->count + 1, sizeof *succ);
    if (!indeg || !start || !succ) abort();
    for (size_t i = 0; i < e->count; i++) indeg[e->to[i]]++, start[e->from[i] + 2]++;
    for (int j = 0; j < n; j++) start[j + 2] += start[j + 1];
    for (size_t i = 0; i < e->count; i++) succ[start[e->from[i] + 1]++] = e->to[i];
    int head = 0, tail = 0;
    for (int j = 0; j < n; j++)
        if (indeg[j] == 0) r->order[tail++] = j;
    while (head < tail) {
        int p = r->order[head++];
        for (int k = start[p]; k < start[p + 1]; k++)
            if (--indeg[succ[k]] == 0) r->order[tail++] = succ[k];
    }
    bool ok = true;
    if (tail < n) {
        int j = 0;
        while (indeg[j] == 0) j++;
        ok = proto_node_error(r, r->gp->node[j], DIAG_INVALID, "the graph has a cycle through this node");
    }
    free(indeg);
    free(start);
    free(succ);
    return ok;
}

/* Checks that every node input resolves and puts the nodes in topological
   order (file order when it already is one, as ONNX requires; counting the
   outer values their subgraphs read). */
static bool order_nodes(reader *r)
{
    int n = (int)r->gp->n_node;
    r->order = calloc((size_t)n + 1, sizeof *r->order);
    if (!r->order) abort();
    if (!record_producers(r)) return false;
    edge_list e = {0};
    bool ok = true;
    for (int j = 0; j < n && ok; j++) {
        const Onnx__NodeProto *np = r->gp->node[j];
        for (size_t k = 0; k < np->n_input && ok; k++) ok = add_dependency(r, &e, j, onnx_str(np->input[k]), false);
        add_implicit_dependencies(r, &e, j, np, 1);
    }
    bool sorted = true;
    for (size_t i = 0; i < e.count; i++)
        if (e.from[i] >= e.to[i]) sorted = false;
    if (ok && sorted)
        for (int j = 0; j < n; j++) r->order[j] = j;
    if (ok && !sorted) ok = sort_nodes(r, &e);
    free(e.from);
    free(e.to);
    return ok;
}

/* ---- nodes and attributes ---------------------------------------------------- */

/* Old exporters sometimes leave AttributeProto.type unset. */
static int attr_type(const Onnx__AttributeProto *p)
{
    if (p->has_type && p->type != ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__UNDEFINED) return (int)p->type;
    if (p->n_floats) return IR_ATTR_FLOATS;
    if (p->n_ints) return IR_ATTR_INTS;
    if (p->n_strings) return IR_ATTR_STRINGS;
    if (p->n_tensors) return IR_ATTR_TENSORS;
    if (p->n_graphs) return IR_ATTR_GRAPHS;
    if (p->t) return IR_ATTR_TENSOR;
    if (p->g) return IR_ATTR_GRAPH;
    if (p->sparse_tensor) return IR_ATTR_SPARSE_TENSOR;
    if (p->has_f) return IR_ATTR_FLOAT;
    if (p->has_i) return IR_ATTR_INT;
    if (p->has_s) return IR_ATTR_STRING;
    return 0;
}

/* Attribute strings are bytes; keep them NUL-terminated for the IR. */
static char *copy_bytes(ir_graph *g, ProtobufCBinaryData b)
{
    char *s = ir_alloc(g, b.len + 1);
    if (b.len) memcpy(s, b.data, b.len);
    return s;
}

static bool read_subgraph(const reader *outer, const Onnx__GraphProto *gp, ir_graph **out);

static bool read_attr(reader *r, ir_node *n, ir_attr *a, const Onnx__AttributeProto *p)
{
    ir_graph *g = r->g;
    a->name = ir_strdup(g, onnx_str(p->name));
    a->type = attr_type(p);
    switch (a->type) {
    case IR_ATTR_FLOAT: a->f = p->f; break;
    case IR_ATTR_INT: a->i = p->i; break;
    case IR_ATTR_STRING: a->s = copy_bytes(g, p->s); break;
    case IR_ATTR_FLOATS:
        a->count = (int)p->n_floats;
        a->floats = ir_alloc(g, sizeof(float) * p->n_floats);
        if (p->n_floats) memcpy(a->floats, p->floats, sizeof(float) * p->n_floats);
        break;
    case IR_ATTR_INTS:
        a->count = (int)p->n_ints;
        a->ints = ir_alloc(g, sizeof(int64_t) * p->n_ints);
        if (p->n_ints) memcpy(a->ints, p->ints, sizeof(int64_t) * p->n_ints);
        break;
    case IR_ATTR_STRINGS:
        a->count = (int)p->n_strings;
        a->strings = ir_alloc(g, sizeof(char *) * p->n_strings);
        for (size_t k = 0; k < p->n_strings; k++) a->strings[k] = copy_bytes(g, p->strings[k]);
        break;
    case IR_ATTR_TENSOR: {
        if (!p->t) return diag_node(n, DIAG_INVALID, "tensor attribute '%s' has no tensor", a->name);
        const char *tname = onnx_str(p->t->name);
        a->tensor = ir_value_detached(g, *tname ? tname : a->name);
        char what[1024];
        snprintf(what, sizeof what, "%s: node '%s' (%s) attribute '%s'", r->path, n->name, n->op_type, a->name);
        if (!onnx_tensor_to_value(g, a->tensor, p->t, r->dir, what)) return false;
        break;
    }
    case IR_ATTR_GRAPH:
        if (!p->g) return diag_node(n, DIAG_INVALID, "graph attribute '%s' has no graph", a->name);
        if (r->depth >= ONNX_MAX_SUBGRAPH_DEPTH)
            return diag_node(n, DIAG_UNSUPPORTED, "subgraphs are nested more than %d deep (dlc's limit)",
                             ONNX_MAX_SUBGRAPH_DEPTH);
        return read_subgraph(r, p->g, &a->graph);
    case IR_ATTR_TENSORS: a->count = (int)p->n_tensors; break;
    case IR_ATTR_GRAPHS: a->count = (int)p->n_graphs; break;
    case 0: return diag_node(n, DIAG_INVALID, "attribute '%s' has no type", a->name);
    default: break;                /* sparse tensors, type protos: kept as a type only */
    }
    return true;
}

static bool read_node(reader *r, const Onnx__NodeProto *np)
{
    ir_graph *g = r->g;
    ir_node *n = ir_node_new(g, np->op_type, (int)np->n_input, (int)np->n_output);
    n->name = ir_strdup(g, onnx_str(np->name));
    n->domain = ir_strdup(g, normal_domain(np->domain));
    n->opset = domain_opset(r->model, np->domain);
    for (size_t k = 0; k < np->n_input; k++) {
        const char *in = onnx_str(np->input[k]);
        n->inputs[k] = *in ? resolve_name(r, in) : NULL;
    }
    for (size_t k = 0; k < np->n_output; k++) {
        const char *o = onnx_str(np->output[k]);
        if (!*o) continue;
        ir_value *v = ir_value_new(g, o);
        v->producer = n;
        n->outputs[k] = v;
        map_put(&r->values, v->name, v->id);
    }
    n->num_attrs = (int)np->n_attribute;
    n->attrs = ir_alloc(g, sizeof(ir_attr) * np->n_attribute);
    for (size_t k = 0; k < np->n_attribute; k++)
        if (!read_attr(r, n, &n->attrs[k], np->attribute[k])) return false;
    return true;
}

/* ---- graph outputs ------------------------------------------------------------ */

static bool read_outputs(reader *r)
{
    ir_graph *g = r->g;
    g->outputs = ir_alloc(g, sizeof(ir_value *) * (r->gp->n_output + 1));
    for (size_t i = 0; i < r->gp->n_output; i++) {
        const Onnx__ValueInfoProto *vi = r->gp->output[i];
        const char *name = onnx_str(vi->name);
        ir_value *v = resolve_name(r, name);
        if (!v)
            return diag_error(DIAG_INVALID, "%s: %sgraph output '%s' is not produced by any node, initializer "
                              "or graph input", r->path, r->parent ? "sub" : "", name);
        /* The declared type is only a hint (shape inference recomputes it),
           and inputs and constants already have theirs; still check that
           it is a tensor. */
        if (v->producer && ir_graph_owns_value(g, v)) {
            if (!onnx_type_to_value(g, v, vi->type, r->parent ? "subgraph output" : "output")) return false;
        } else {
            ir_value scratch = *v;
            if (!onnx_type_to_value(g, &scratch, vi->type, r->parent ? "subgraph output" : "output")) return false;
        }
        if (ir_graph_owns_value(g, v)) v->is_output = true; /* not an enclosing graph's value */
        g->outputs[g->num_outputs++] = v;
    }
    return true;
}

/* ---- entry point -------------------------------------------------------------- */

static bool build_graph(reader *r)
{
    ir_graph *g = r->g;
    g->name = ir_strdup(g, onnx_str(r->gp->name));
    g->opset = domain_opset(r->model, "");
    if (!read_initializers(r) || !read_inputs(r) || !order_nodes(r)) return false;
    for (size_t j = 0; j < r->gp->n_node; j++)
        if (!read_node(r, r->gp->node[r->order[j]])) return false;
    return read_outputs(r);
}

/* A body: a graph of its own whose nodes may read the values of the
   enclosing graphs (read so far: the nodes come in topological order,
   counting what their bodies read). */
static bool read_subgraph(const reader *outer, const Onnx__GraphProto *gp, ir_graph **out)
{
    reader r = {0};
    r.parent = outer;
    r.depth = outer->depth + 1;
    r.g = *out = ir_subgraph_new(outer->g);
    r.path = outer->path;
    r.dir = outer->dir;
    r.model = outer->model;
    r.gp = gp;
    bool ok = build_graph(&r);
    map_free(&r.values);
    map_free(&r.producers);
    free(r.order);
    return ok;
}

ir_graph *onnx_read_model(const char *path, const onnx_read_options *opt)
{
    uint8_t *buf;
    size_t len;
    if (!onnx_slurp(path, &buf, &len)) return NULL;
    if (!onnx_check_nesting(buf, len, path)) {
        free(buf);
        return NULL;
    }
    Onnx__ModelProto *model = onnx__model_proto__unpack(NULL, len, buf);
    free(buf);
    if (!model) {
        diag_error(DIAG_INVALID, "%s: not a valid ONNX model (protobuf decoding failed)", path);
        return NULL;
    }
    if (!model->graph) {
        onnx__model_proto__free_unpacked(model, NULL);
        diag_error(DIAG_INVALID, "%s: not a valid ONNX model (it has no graph)", path);
        return NULL;
    }

    reader r = {0};
    r.g = ir_graph_new(path);
    r.path = r.g->source_path;
    r.dir = onnx_dirname(path);
    r.model = model;
    r.gp = model->graph;
    diag_set_graph(r.g);
    onnx_inlined inlined;
    bool ok = onnx_functions_inline(model, path, &inlined) && build_graph(&r) && onnx_apply_pins(r.g, opt);
    onnx_functions_restore(model, &inlined);

    map_free(&r.values);
    map_free(&r.producers);
    free(r.order);
    free(r.dir);
    onnx__model_proto__free_unpacked(model, NULL);
    if (!ok) {
        diag_set_graph(NULL);
        ir_graph_free(r.g);
        return NULL;
    }
    return r.g;
}
