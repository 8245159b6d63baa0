/* Data-movement ops (ops/data_movement.c + runtime/data_movement.c) on
   behaviours the ONNX backend cases do not reach: extreme Slice bounds,
   negative pads, uneven Split, memory-safe Gather, and the errors. Nodes get
   constant inputs, so inference folds them with the runtime kernels; the
   last tests call kernels directly with their parameter structs. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "ir/diag.h"
#include "ops/op.h"
#include "passes/passes.h"
#include "run_kernel.h"

static ir_value *konst(ir_graph *g, int32_t dtype, int rank, const int64_t *dims, const void *data)
{
    ir_value *v = ir_value_new(g, "c");
    ir_value_set_shape(v, dtype, rank, dims);
    v->data = ir_alloc(g, ir_value_bytes(v));
    memcpy(v->data, data, ir_value_bytes(v));
    return v;
}

static ir_value *ints(ir_graph *g, int count, const int64_t *data)
{
    int64_t n = count;
    return konst(g, DT_INT64, 1, &n, data);
}

static ir_node *node(ir_graph *g, const char *op, int opset, int num_inputs, int num_outputs)
{
    ir_node *n = ir_node_new(g, op, num_inputs, num_outputs);
    n->opset = opset;
    n->attrs = ir_alloc(g, 4 * sizeof(ir_attr));
    for (int i = 0; i < num_outputs; i++) n->outputs[i] = ir_value_new(g, "y");
    return n;
}

static void attr_i(ir_graph *g, ir_node *n, const char *name, int64_t v)
{
    ir_attr *a = &n->attrs[n->num_attrs++];
    a->name = ir_strdup(g, name);
    a->type = IR_ATTR_INT;
    a->i = v;
}

static void attr_is(ir_graph *g, ir_node *n, const char *name, int count, const int64_t *v)
{
    ir_attr *a = &n->attrs[n->num_attrs++];
    a->name = ir_strdup(g, name);
    a->type = IR_ATTR_INTS;
    a->count = count;
    a->ints = ir_alloc(g, sizeof(int64_t) * (size_t)count);
    memcpy(a->ints, v, sizeof(int64_t) * (size_t)count);
}

static void attr_s(ir_graph *g, ir_node *n, const char *name, const char *s)
{
    ir_attr *a = &n->attrs[n->num_attrs++];
    a->name = ir_strdup(g, name);
    a->type = IR_ATTR_STRING;
    a->s = ir_strdup(g, s);
}

static const float x12[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}; /* [3, 4] */
static const int64_t d34[2] = {3, 4};

Test(data_movement, slice_extreme_bounds_and_steps)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_node *n = node(g, "Slice", 13, 5, 1);
    const int64_t starts[2] = {INT64_MAX, 1}, ends[2] = {INT64_MIN, INT64_MAX}, axes[2] = {-1, 0},
                  steps[2] = {-2, INT64_MAX};
    n->inputs[0] = konst(g, DT_FLOAT, 2, d34, x12);
    n->inputs[1] = ints(g, 2, starts);
    n->inputs[2] = ints(g, 2, ends);
    n->inputs[3] = ints(g, 2, axes);
    n->inputs[4] = ints(g, 2, steps);
    cr_assert(pass_infer_shapes(g), "%s", diag_message());
    ir_value *y = n->outputs[0];
    cr_assert_eq(y->dims[0], 1);
    cr_assert_eq(y->dims[1], 2);
    const float *d = y->data; /* row 1, columns 3 and 1 */
    cr_assert(d[0] == 7 && d[1] == 5);
    ir_graph_free(g);
}

Test(data_movement, slice_opset1_attributes)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_node *n = node(g, "Slice", 1, 1, 1);
    const int64_t starts[1] = {-3}, ends[1] = {INT64_MAX}, axes[1] = {1};
    attr_is(g, n, "starts", 1, starts);
    attr_is(g, n, "ends", 1, ends);
    attr_is(g, n, "axes", 1, axes);
    n->inputs[0] = konst(g, DT_FLOAT, 2, d34, x12);
    cr_assert(pass_infer_shapes(g), "%s", diag_message());
    cr_assert_eq(n->outputs[0]->dims[1], 3);
    cr_assert(((float *)n->outputs[0]->data)[3] == 5);
    ir_graph_free(g);
}

Test(data_movement, pad_crops_and_reflects)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_node *n = node(g, "Pad", 2, 1, 1);
    const int64_t pads[4] = {-1, 2, 0, -1}; /* rows 1..2, columns reflected by 2 then cropped by 1 */
    attr_is(g, n, "pads", 4, pads);
    attr_s(g, n, "mode", "reflect");
    n->inputs[0] = konst(g, DT_FLOAT, 2, d34, x12);
    cr_assert(pass_infer_shapes(g), "%s", diag_message());
    ir_value *y = n->outputs[0];
    cr_assert_eq(y->dims[0], 2);
    cr_assert_eq(y->dims[1], 5);
    const float expect[10] = {6, 5, 4, 5, 6, 10, 9, 8, 9, 10};
    for (int i = 0; i < 10; i++) cr_assert(((float *)y->data)[i] == expect[i], "element %d", i);
    ir_graph_free(g);
}

Test(data_movement, split_num_outputs_uneven)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_node *n = node(g, "Split", 18, 1, 3);
    attr_i(g, n, "num_outputs", 3);
    int64_t seven = 7;
    const int16_t x[7] = {1, 2, 3, 4, 5, 6, 7};
    n->inputs[0] = konst(g, DT_INT16, 1, &seven, x);
    cr_assert(pass_infer_shapes(g), "%s", diag_message());
    cr_assert_eq(n->outputs[0]->dims[0], 3);
    cr_assert_eq(n->outputs[1]->dims[0], 3);
    cr_assert_eq(n->outputs[2]->dims[0], 1);
    cr_assert_eq(((int16_t *)n->outputs[2]->data)[0], 7);
    ir_graph_free(g);
}

Test(data_movement, gather_int32_negative_and_out_of_range)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_node *n = node(g, "Gather", 13, 2, 1);
    attr_i(g, n, "axis", -1);
    int64_t three = 3;
    const int32_t ind[3] = {-1, 9, 0};
    n->inputs[0] = konst(g, DT_FLOAT, 2, d34, x12);
    n->inputs[1] = konst(g, DT_INT32, 1, &three, ind);
    cr_assert(pass_infer_shapes(g), "%s", diag_message());
    const float *y = n->outputs[0]->data, expect[9] = {3, 0, 0, 7, 0, 4, 11, 0, 8};
    for (int i = 0; i < 9; i++) cr_assert(y[i] == expect[i], "element %d", i);
    ir_graph_free(g);
}

Test(data_movement, errors_are_reported)
{
    diag_clear();
    ir_graph *g = ir_graph_new("t.onnx");
    ir_node *n = node(g, "Split", 13, 1, 2);
    attr_i(g, n, "num_outputs", 2);
    n->inputs[0] = konst(g, DT_FLOAT, 2, d34, x12);
    cr_assert(!pass_infer_shapes(g));
    cr_assert(strstr(diag_message(), "num_outputs"), "%s", diag_message());
    ir_graph_free(g);

    diag_clear();
    g = ir_graph_new("t.onnx");
    n = node(g, "Slice", 13, 3, 1);
    ir_value *x = ir_value_new(g, "x");
    ir_value_set_shape(x, DT_FLOAT, 2, d34);
    x->is_input = true;
    const int64_t zero = 0, two = 2;
    n->inputs[0] = x;
    n->inputs[1] = ir_value_new(g, "s"); /* computed at run time */
    ir_value_set_shape(n->inputs[1], DT_INT64, 1, &(int64_t){1});
    n->inputs[1]->is_input = true;
    n->inputs[2] = ints(g, 1, &two);
    cr_assert(!pass_infer_shapes(g));
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED, "%s", diag_message());
    n->inputs[1] = ints(g, 1, &zero);
    n->num_inputs = 3;
    diag_clear();
    cr_assert(pass_infer_shapes(g), "%s", diag_message());
    ir_graph_free(g);
}

/* ---- kernels ---------------------------------------------------------------- */

Test(data_movement, transpose_2d_tiles)
{
    /* 40 x 33 -> 33 x 40: the 2-D path copies in 32 x 32 tiles, with partial tiles at both edges. */
    static uint16_t x[40 * 33], y[33 * 40];
    for (int i = 0; i < 40 * 33; i++) x[i] = (uint16_t)i;
    rt_transpose_params p = {.rank = 2, .dims = {33, 40}, .x_strides = {1, 33}};
    RUN(KERNEL_rt_transpose_x16, &p, x, y);
    for (int i = 0; i < 33; i++)
        for (int j = 0; j < 40; j++) cr_assert_eq(y[i * 40 + j], x[j * 33 + i], "y[%d][%d]", i, j);
}

Test(data_movement, pad_wrap_and_constant_value)
{
    /* x = [1, 2, 3] cropped by 1 at the start: kept [2, 3], placed at 2. */
    int8_t x[3] = {1, 2, 3}, y[6], value = -1;
    rt_pad_params p = {.rank = 1, .mode = RT_PAD_WRAP, .offset = 1, .out_dims = {6}, .kept = {2}, .begin = {2},
                       .x_strides = {1}};
    RUN(KERNEL_rt_pad_x8, &p, x, &value, y);
    const int8_t wrap[6] = {2, 3, 2, 3, 2, 3};
    cr_assert(memcmp(y, wrap, 6) == 0);
    p.mode = RT_PAD_CONSTANT;
    RUN(KERNEL_rt_pad_x8, &p, x, &value, y);
    const int8_t constant[6] = {-1, -1, 2, 3, -1, -1};
    cr_assert(memcmp(y, constant, 6) == 0);
}

Test(data_movement, copy_blocks_offsets)
{
    /* Split's second output: 2 rows of 2 from a 2 x 4 input starting at column 2. */
    float x[8] = {0, 1, 2, 3, 4, 5, 6, 7}, y[4];
    rt_copy_blocks_params p = {.count = 2, .block = 2, .x_stride = 4, .y_stride = 2, .x_offset = 2};
    RUN(KERNEL_rt_copy_blocks_x32, &p, x, y);
    cr_assert(y[0] == 2 && y[1] == 3 && y[2] == 6 && y[3] == 7);
}
