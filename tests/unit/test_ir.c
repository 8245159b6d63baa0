#define _POSIX_C_SOURCE 200809L
/* The graph IR: construction, shapes, compaction, the verifier, printers. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/diag.h"
#include "ir/ir.h"

static ir_value *input(ir_graph *g, const char *name, int rank, const int64_t *dims)
{
    ir_value *v = ir_value_new(g, name);
    ir_value_set_shape(v, DT_FLOAT, rank, dims);
    v->is_input = true;
    return v;
}

Test(ir, dtype_table)
{
    cr_assert_eq(dtype_size(DT_FLOAT), 4);
    cr_assert_eq(dtype_size(DT_INT64), 8);
    cr_assert_eq(dtype_size(DT_BOOL), 1);
    cr_assert_eq(dtype_size(DT_FLOAT16), 2);
    cr_assert_eq(dtype_size(DT_STRING), 0);
    cr_assert_str_eq(dtype_suffix(DT_UINT16), "u16");
    cr_assert_str_eq(dtype_name(DT_BFLOAT16), "bfloat16");
    cr_assert(dtype_is_float(DT_FLOAT16) && !dtype_is_float(DT_INT8));
    cr_assert(dtype_is_int(DT_UINT64) && !dtype_is_int(DT_BOOL));
}

Test(ir, shapes_and_constants)
{
    ir_graph *g = ir_graph_new("m.onnx");
    int64_t dims[] = {2, 3, 4};
    ir_value *x = input(g, "x", 3, dims);
    cr_assert_eq(ir_value_numel(x), 24);
    cr_assert_eq(ir_value_bytes(x), 96);
    cr_assert(!ir_value_is_const(x));
    ir_value *c = ir_value_new(g, "c");
    int64_t one = 3;
    ir_value_set_shape(c, DT_INT64, 1, &one);
    int64_t data[] = {7, -1, 5};
    c->data = ir_alloc(g, sizeof data);
    memcpy(c->data, data, sizeof data);
    cr_assert(ir_value_is_const(c));
    cr_assert_eq(ir_const_int(c, 1), -1);
    cr_assert_float_eq(ir_const_double(c, 2), 5.0, 1e-12);
    cr_assert_eq(ir_find_value(g, "c"), c);
    cr_assert_null(ir_find_value(g, "nope"));
    ir_graph_free(g);
}

Test(ir, compact_drops_dead_nodes_and_orphan_values)
{
    ir_graph *g = ir_graph_new(NULL);
    int64_t d[] = {4};
    ir_value *x = input(g, "x", 1, d);
    ir_node *a = ir_node_new(g, "Relu", 1, 1);
    a->inputs[0] = x;
    a->outputs[0] = ir_value_new(g, "a");
    ir_node *b = ir_node_new(g, "Relu", 1, 1);
    b->inputs[0] = a->outputs[0];
    b->outputs[0] = ir_value_new(g, "b");
    b->outputs[0]->is_output = true;
    ir_value_new(g, "orphan");
    a->dead = false;
    ir_link_producers(g);
    cr_assert(ir_verify(g), "%s", diag_message());
    b->inputs[0] = x;
    a->dead = true;
    ir_graph_compact(g);
    cr_assert_eq(g->num_nodes, 1);
    cr_assert_eq(g->num_values, 2); /* x and b */
    cr_assert_null(ir_find_value(g, "orphan"));
    for (int i = 0; i < g->num_values; i++) cr_assert_eq(g->values[i]->id, i);
    ir_graph_free(g);
}

Test(ir, verifier_catches_use_before_definition)
{
    diag_clear();
    ir_graph *g = ir_graph_new(NULL);
    int64_t d[] = {4};
    ir_value *x = input(g, "x", 1, d);
    ir_value *late = ir_value_new(g, "late");
    ir_node *a = ir_node_new(g, "Add", 2, 1);
    a->inputs[0] = x;
    a->inputs[1] = late;
    a->outputs[0] = ir_value_new(g, "a");
    ir_node *b = ir_node_new(g, "Relu", 1, 1);
    b->inputs[0] = x;
    b->outputs[0] = late;
    ir_link_producers(g);
    cr_assert_not(ir_verify(g));
    cr_assert(strstr(diag_message(), "before"), "%s", diag_message());
    diag_clear();
    ir_graph_free(g);
}

Test(ir, printers_escape_names)
{
    ir_graph *g = ir_graph_new(NULL);
    int64_t d[] = {2};
    ir_value *x = input(g, "evil\"name\n*/", 1, d);
    ir_node *n = ir_node_new(g, "Relu", 1, 1);
    n->inputs[0] = x;
    n->outputs[0] = ir_value_new(g, "y");
    n->outputs[0]->is_output = true;
    ir_value_set_shape(n->outputs[0], DT_FLOAT, 1, d);
    g->inputs = ir_alloc(g, sizeof(ir_value *));
    g->inputs[0] = x;
    g->num_inputs = 1;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ir_print_text(g, f);
    ir_print_dot(g, f);
    fclose(f);
    cr_assert(strstr(buf, "evil\\\"name\\012*/"), "%s", buf);
    cr_assert_null(strstr(buf, "name\n"));
    free(buf);
    ir_graph_free(g);
}

Test(ir, diag_keeps_first_error_on_one_line)
{
    diag_clear();
    cr_assert_not(diag_error(DIAG_INVALID, "first\nline"));
    cr_assert_not(diag_error(DIAG_UNSUPPORTED, "second"));
    cr_assert_str_eq(diag_message(), "first?line");
    cr_assert_eq(diag_last_kind(), DIAG_INVALID);
    diag_clear();
    cr_assert_str_eq(diag_message(), "");
}
