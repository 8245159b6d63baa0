/* Graph construction and the small queries every pass needs. */
#include "ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ir_alloc_block {
    struct ir_alloc_block *next;
    max_align_t align[];
} ir_alloc_block;

ir_graph *ir_graph_new(const char *source_path)
{
    ir_graph *g = calloc(1, sizeof *g);
    if (!g) { fputs("dlc: error: out of memory\n", stderr); abort(); }
    g->source_path = ir_strdup(g, source_path ? source_path : "<memory>");
    return g;
}

ir_graph *ir_subgraph_new(ir_graph *parent)
{
    ir_graph *root = parent;
    while (root->parent) root = root->parent;
    ir_graph *g = ir_graph_new(parent->source_path);
    g->parent = parent;
    g->opset = parent->opset;
    g->next_owned = root->owned;
    root->owned = g;
    return g;
}

bool ir_graph_owns_value(const ir_graph *g, const ir_value *v)
{
    return v && v->id >= 0 && v->id < g->num_values && g->values[v->id] == v;
}

void ir_graph_free(ir_graph *g)
{
    if (!g) return;
    for (ir_graph *s = g->owned, *next; s; s = next) { /* subgraphs own none: all belong to the root */
        next = s->next_owned;
        ir_graph_free(s);
    }
    for (ir_alloc_block *b = g->blocks; b;) {
        ir_alloc_block *next = b->next;
        free(b);
        b = next;
    }
    free(g->nodes);
    free(g->values);
    free(g);
}

void *ir_alloc(ir_graph *g, size_t bytes)
{
    ir_alloc_block *b = calloc(1, sizeof *b + (bytes ? bytes : 1));
    if (!b) { fputs("dlc: error: out of memory\n", stderr); abort(); }
    b->next = g->blocks;
    g->blocks = b;
    return b->align;
}

char *ir_strdup(ir_graph *g, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    char *d = ir_alloc(g, n + 1);
    memcpy(d, s, n);
    return d;
}

static void *grow(void *p, int *cap, int need, size_t elem)
{
    if (need <= *cap) return p;
    int c = *cap ? *cap * 2 : 16;
    while (c < need) c *= 2;
    p = realloc(p, (size_t)c * elem);
    if (!p) { fputs("dlc: error: out of memory\n", stderr); abort(); }
    *cap = c;
    return p;
}

ir_value *ir_value_detached(ir_graph *g, const char *name)
{
    ir_value *v = ir_alloc(g, sizeof *v);
    v->name = ir_strdup(g, name ? name : "");
    v->rank = -1;
    v->id = -1;
    return v;
}

ir_value *ir_value_new(ir_graph *g, const char *name)
{
    ir_value *v = ir_value_detached(g, name);
    g->values = grow(g->values, &g->cap_values, g->num_values + 1, sizeof *g->values);
    v->id = g->num_values;
    g->values[g->num_values++] = v;
    return v;
}

ir_node *ir_node_new(ir_graph *g, const char *op_type, int num_inputs, int num_outputs)
{
    ir_node *n = ir_alloc(g, sizeof *n);
    n->graph = g;
    n->op_type = ir_strdup(g, op_type);
    n->domain = ir_strdup(g, "");
    n->name = ir_strdup(g, "");
    n->num_inputs = num_inputs;
    n->num_outputs = num_outputs;
    n->inputs = ir_alloc(g, sizeof(ir_value *) * (size_t)(num_inputs + 1));
    n->outputs = ir_alloc(g, sizeof(ir_value *) * (size_t)(num_outputs + 1));
    g->nodes = grow(g->nodes, &g->cap_nodes, g->num_nodes + 1, sizeof *g->nodes);
    n->id = g->num_nodes;
    g->nodes[g->num_nodes++] = n;
    return n;
}

ir_value *ir_find_value(ir_graph *g, const char *name)
{
    for (int i = 0; i < g->num_values; i++)
        if (strcmp(g->values[i]->name, name) == 0) return g->values[i];
    return NULL;
}

void ir_value_set_shape(ir_value *v, int32_t dtype, int rank, const int64_t *dims)
{
    v->dtype = dtype;
    v->rank = rank;
    for (int i = 0; i < rank; i++) v->dims[i] = dims ? dims[i] : 1;
}

int64_t ir_value_numel(const ir_value *v)
{
    int64_t n = 1;
    for (int i = 0; i < v->rank; i++) n *= v->dims[i];
    return n;
}

size_t ir_value_bytes(const ir_value *v)
{
    if (v->packed) return dtype_packed_bytes(v->dtype, ir_value_numel(v));
    return (size_t)ir_value_numel(v) * dtype_size(v->dtype);
}

bool ir_value_is_const(const ir_value *v)
{
    return v && v->data != NULL;
}

int64_t ir_const_int(const ir_value *v, int64_t k)
{
    const void *d = v->data;
    switch (v->dtype) {
    case DT_INT64: return ((const int64_t *)d)[k];
    case DT_INT32: return ((const int32_t *)d)[k];
    case DT_INT16: return ((const int16_t *)d)[k];
    case DT_INT8: case DT_INT4: case DT_INT2: return ((const int8_t *)d)[k];
    case DT_UINT8: case DT_BOOL: case DT_UINT4: case DT_UINT2: return ((const uint8_t *)d)[k];
    case DT_UINT16: return ((const uint16_t *)d)[k];
    case DT_UINT32: return ((const uint32_t *)d)[k];
    case DT_UINT64: return (int64_t)((const uint64_t *)d)[k];
    case DT_FLOAT: return (int64_t)((const float *)d)[k];
    case DT_DOUBLE: return (int64_t)((const double *)d)[k];
    default: return 0;
    }
}

double ir_const_double(const ir_value *v, int64_t k)
{
    switch (v->dtype) {
    case DT_FLOAT: return ((const float *)v->data)[k];
    case DT_DOUBLE: return ((const double *)v->data)[k];
    case DT_UINT64: return (double)((const uint64_t *)v->data)[k];
    default: return (double)ir_const_int(v, k);
    }
}

ir_attr *ir_node_attr(const ir_node *n, const char *name)
{
    for (int i = 0; i < n->num_attrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0) return &n->attrs[i];
    return NULL;
}

int ir_value_num_users(const ir_graph *g, const ir_value *v)
{
    int users = 0;
    for (int i = 0; i < g->num_nodes; i++) {
        const ir_node *n = g->nodes[i];
        if (n->dead) continue;
        for (int j = 0; j < n->num_inputs; j++)
            if (n->inputs[j] == v) users++;
    }
    return users;
}

void ir_graph_compact(ir_graph *g)
{
    int k = 0;
    for (int i = 0; i < g->num_nodes; i++)
        if (!g->nodes[i]->dead) g->nodes[k++] = g->nodes[i];
    g->num_nodes = k;
    for (int i = 0; i < k; i++) g->nodes[i]->id = i;

    /* Keep values that are graph inputs/outputs or referenced by a live node. */
    bool *keep = calloc((size_t)g->num_values + 1, 1);
    if (!keep) abort();
    for (int i = 0; i < g->num_values; i++) {
        ir_value *v = g->values[i];
        v->id = i;
        keep[i] = v->is_input || v->is_output;
    }
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        for (int j = 0; j < n->num_inputs; j++)
            if (n->inputs[j] && n->inputs[j]->id >= 0) keep[n->inputs[j]->id] = true;
        for (int j = 0; j < n->num_outputs; j++)
            if (n->outputs[j] && n->outputs[j]->id >= 0) keep[n->outputs[j]->id] = true;
    }
    int m = 0;
    for (int i = 0; i < g->num_values; i++)
        if (keep[i]) g->values[m++] = g->values[i];
    g->num_values = m;
    for (int i = 0; i < m; i++) g->values[i]->id = i;
    free(keep);
}

void ir_link_producers(ir_graph *g)
{
    for (int i = 0; i < g->num_values; i++) g->values[i]->producer = NULL;
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        if (n->dead) continue;
        for (int j = 0; j < n->num_outputs; j++)
            if (n->outputs[j]) n->outputs[j]->producer = n;
    }
}
