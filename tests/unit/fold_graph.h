/* Test helpers for the operator tests that fold small graphs built in the
   IR: one graph per test (setup/teardown for the file's TestSuite),
   constant or input tensors, nodes with int and ints attributes, and checks
   of the folded outputs. Static functions: each test file includes this
   once; unused ones are fine (static inline). */
#ifndef DLC_TEST_FOLD_GRAPH_H
#define DLC_TEST_FOLD_GRAPH_H

#include <criterion/criterion.h>
#include <string.h>

#include "ir/diag.h"
#include "ir/ir.h"
#include "passes/passes.h"

static ir_graph *g;

static inline void setup(void)
{
    diag_clear();
    g = ir_graph_new("test.onnx");
    diag_set_graph(g);
}

static inline void teardown(void)
{
    ir_graph_free(g);
    g = NULL;
}

/* A constant tensor (data copied), or a runtime input when data is NULL. */
static inline ir_value *tensor(int32_t dtype, int rank, const int64_t *dims, const void *data)
{
    char name[32];
    snprintf(name, sizeof name, "v%d", g->num_values);
    ir_value *v = ir_value_new(g, name);
    ir_value_set_shape(v, dtype, rank, dims);
    if (data) {
        v->data = ir_alloc(g, ir_value_bytes(v));
        memcpy(v->data, data, ir_value_bytes(v));
    } else {
        v->is_input = true;
    }
    return v;
}

static inline ir_value *ints1(int count, const int64_t *vals)
{
    int64_t d = count;
    return tensor(DT_INT64, 1, &d, vals);
}

static inline ir_node *node(const char *op, int opset, int nin, ir_value *const *in, int nout)
{
    ir_node *n = ir_node_new(g, op, nin, nout);
    n->opset = opset;
    for (int i = 0; i < nin; i++) n->inputs[i] = in[i];
    for (int i = 0; i < nout; i++) {
        char name[32];
        snprintf(name, sizeof name, "out%d_%d", n->id, i);
        n->outputs[i] = ir_value_new(g, name);
    }
    return n;
}

static inline ir_attr *add_attr(ir_node *n, const char *name, int type)
{
    ir_attr *a = ir_alloc(g, sizeof *a * (size_t)(n->num_attrs + 1));
    if (n->num_attrs) memcpy(a, n->attrs, sizeof *a * (size_t)n->num_attrs);
    n->attrs = a;
    a = &n->attrs[n->num_attrs++];
    a->name = ir_strdup(g, name);
    a->type = type;
    return a;
}

static inline void attr_ints_set(ir_node *n, const char *name, int count, const int64_t *v)
{
    ir_attr *a = add_attr(n, name, IR_ATTR_INTS);
    a->count = count;
    a->ints = ir_alloc(g, sizeof(int64_t) * (size_t)count);
    memcpy(a->ints, v, sizeof(int64_t) * (size_t)count);
}

static inline void attr_int_set(ir_node *n, const char *name, int64_t v)
{
    add_attr(n, name, IR_ATTR_INT)->i = v;
}

static inline void expect_shape(const ir_value *v, int rank, const int64_t *dims)
{
    cr_assert_eq(v->rank, rank, "rank %d, expected %d", v->rank, rank);
    for (int i = 0; i < rank; i++) cr_assert_eq(v->dims[i], dims[i], "dim %d is %lld", i, (long long)v->dims[i]);
}

static inline void expect_f32(const ir_value *v, int count, const float *want)
{
    cr_assert(v->data, "output is not constant");
    cr_assert_eq(ir_value_numel(v), count);
    for (int i = 0; i < count; i++)
        cr_assert_float_eq(((const float *)v->data)[i], want[i], 1e-6, "element %d is %g, expected %g", i,
                           ((const float *)v->data)[i], want[i]);
}

static inline void expect_i64(const ir_value *v, int count, const int64_t *want)
{
    cr_assert(v->data, "output is not constant");
    cr_assert_eq(ir_value_numel(v), count);
    for (int i = 0; i < count; i++)
        cr_assert_eq(ir_const_int(v, i), want[i], "element %d is %lld, expected %lld", i,
                     (long long)ir_const_int(v, i), (long long)want[i]);
}

static inline bool infer(void)
{
    bool ok = pass_infer_shapes(g);
    if (!ok) cr_log_info("%s", diag_message());
    return ok;
}

#endif
