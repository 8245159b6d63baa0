/* Test helpers: building small graphs in the IR, and running a planned
   kernel-call program the way a generated NAME_run runs it (every tensor at
   its planned place in an arena, a weights blob and the caller's buffers,
   by the same runtime kernels), so that tests can compare two pipelines'
   results without a C compiler. Static functions: each test file includes
   this once; unused ones are fine (static inline). */
#ifndef DLC_TEST_PLAN_RUNNER_H
#define DLC_TEST_PLAN_RUNNER_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "driver/pipeline.h"
#include "ir/diag.h"
#include "ops/op.h"
#include "passes/passes.h"

/* ---- building graphs ------------------------------------------------------ */

static inline ir_value *input(ir_graph *g, const char *name, int rank, const int64_t *dims)
{
    ir_value *v = ir_value_new(g, name);
    ir_value_set_shape(v, DT_FLOAT, rank, dims);
    v->is_input = true;
    g->inputs = realloc(g->inputs, sizeof(ir_value *) * (size_t)(g->num_inputs + 1));
    g->inputs[g->num_inputs++] = v;
    return v;
}

static inline ir_value *constant(ir_graph *g, const char *name, int32_t dtype, int rank, const int64_t *dims,
                          const void *data)
{
    ir_value *v = ir_value_new(g, name);
    ir_value_set_shape(v, dtype, rank, dims);
    v->data = ir_alloc(g, ir_value_bytes(v));
    memcpy(v->data, data, ir_value_bytes(v));
    return v;
}

static inline void output(ir_graph *g, ir_value *v)
{
    v->is_output = true;
    g->outputs = realloc(g->outputs, sizeof(ir_value *) * (size_t)(g->num_outputs + 1));
    g->outputs[g->num_outputs++] = v;
}

static inline ir_node *node(ir_graph *g, const char *op, int num_inputs, ir_value *const *inputs, const char *out)
{
    ir_node *n = ir_node_new(g, op, num_inputs, 1);
    n->opset = 13;
    for (int i = 0; i < num_inputs; i++) n->inputs[i] = inputs[i];
    n->outputs[0] = ir_value_new(g, out);
    return n;
}

static inline ir_value *unary(ir_graph *g, const char *op, ir_value *x, const char *out)
{
    return node(g, op, 1, &x, out)->outputs[0];
}

static inline ir_value *binary(ir_graph *g, const char *op, ir_value *a, ir_value *b, const char *out)
{
    ir_value *in[] = {a, b};
    return node(g, op, 2, in, out)->outputs[0];
}

static inline ir_value *reshape(ir_graph *g, ir_value *x, int rank, const int64_t *dims, const char *out)
{
    char name[64];
    snprintf(name, sizeof name, "%s.shape", out);
    int64_t r = rank;
    ir_value *in[] = {x, constant(g, name, DT_INT64, 1, &r, dims)};
    return node(g, "Reshape", 2, in, out)->outputs[0];
}

static inline ir_value *concat(ir_graph *g, int axis, int count, ir_value *const *parts, const char *out)
{
    ir_node *n = node(g, "Concat", count, parts, out);
    n->attrs = ir_alloc(g, sizeof(ir_attr));
    n->attrs[0].name = ir_strdup(g, "axis");
    n->attrs[0].type = IR_ATTR_INT;
    n->attrs[0].i = axis;
    n->num_attrs = 1;
    return n->outputs[0];
}

static inline void free_graph(ir_graph *g)
{
    free(g->inputs);
    free(g->outputs);
    ir_graph_free(g);
}

/* ---- running a plan as NAME_run does -------------------------------------- */

static inline void *aligned(size_t bytes)
{
    void *p = aligned_alloc(LIR_ALIGN, (bytes + LIR_ALIGN - 1) / LIR_ALIGN * LIR_ALIGN + LIR_ALIGN);
    cr_assert_not_null(p);
    memset(p, 0xA5, bytes); /* never zero: a read of unwritten memory shows */
    return p;
}

static inline void *place_of(const lir_program *s, const ir_value *v, void *const *in, void *const *out,
                      unsigned char *weights, unsigned char *arena)
{
    const lir_loc *l = &s->locs[v->id];
    switch (l->kind) {
    case LIR_LOC_CONST: return weights + l->offset;
    case LIR_LOC_INPUT: return (unsigned char *)in[l->index] + l->offset;
    case LIR_LOC_OUTPUT: return (unsigned char *)out[l->index] + l->offset;
    case LIR_LOC_ARENA: return arena + l->offset;
    default: cr_assert_fail("value %s has no place", v->name); return NULL;
    }
}

static inline void run_plan(const lir_program *s, void *const *in, void *const *out)
{
    const ir_graph *g = s->graph;
    unsigned char *weights = aligned(s->weights_bytes), *arena = aligned(s->arena_bytes);
    for (int i = 0; i < s->graph->num_values; i++) /* the weights blob, as emit_c writes it */
        if (s->locs[i].kind == LIR_LOC_CONST && !s->locs[i].within)
            memcpy(weights + s->locs[i].offset, g->values[i]->data, ir_value_bytes(g->values[i]));
    for (int c = 0; c < s->num_calls; c++) {
        const lir_call *k = s->calls[c];
        void *t[LIR_MAX_TENSORS + 1] = {0};
        for (int j = 0; j < k->num_tensors; j++)
            if (k->tensors[j]) t[j] = place_of(s, k->tensors[j], in, out, weights, arena);
        if (k->scratch_bytes) t[k->num_tensors] = arena + s->scratch_offsets[c];
        rt_kernel(k->kernel)->call(k->params, t);
    }
    for (int i = 0; i < s->num_copies; i++)
        memcpy(out[s->copies[i].output], place_of(s, s->copies[i].from, in, out, weights, arena),
               ir_value_bytes(s->copies[i].from));
    free(weights);
    free(arena);
}

/* Every graph input filled with values counting up from -7.3. */
static inline void make_inputs(const ir_graph *g, void **in)
{
    for (int i = 0; i < g->num_inputs; i++) {
        size_t n = (size_t)ir_value_numel(g->inputs[i]);
        float *x = aligned(n * sizeof *x);
        for (size_t e = 0; e < n; e++) x[e] = -7.3f + 0.37f * (float)(e + (size_t)i * 11);
        in[i] = x;
    }
}

static inline void make_outputs(const ir_graph *g, void **out)
{
    for (int k = 0; k < g->num_outputs; k++) out[k] = aligned(ir_value_bytes(g->outputs[k]));
}

static inline void free_buffers(int count, void **buffers)
{
    for (int i = 0; i < count; i++) free(buffers[i]);
}

/* The outputs of two runs are the same bytes. */
static inline void assert_same_outputs(const ir_graph *g, void **a, void **b)
{
    for (int k = 0; k < g->num_outputs; k++)
        cr_assert_eq(memcmp(a[k], b[k], ir_value_bytes(g->outputs[k])), 0, "output %d differs", k);
}

static inline int count_calls(const lir_program *s, const char *base)
{
    int n = 0;
    for (int c = 0; c < s->num_calls; c++) n += !strcmp(rt_kernel(s->calls[c]->kernel)->base, base);
    return n;
}

#endif
