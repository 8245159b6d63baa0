/* Unit tests for the operators whose output shape depends on the data
   (ops/dynamic.c): constant inputs fold to the actual, static shape (what
   the backend cases cannot show: their inputs are graph inputs); run-time
   inputs give an upper bound and a data-dependent dimension; a node reading
   such a value is refused; the float sign bit, NaN, unsorted Unique along
   an axis and NonMaxSuppression's bound from a constant limit. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "fold_graph.h"

TestSuite(dynamic_ops, .init = setup, .fini = teardown);

/* -0.0 is zero, NaN is not: the kernel tests the bits without the sign. */
Test(dynamic_ops, nonzero_folds_to_its_count)
{
    int64_t d[] = {2, 3};
    float x[] = {0.0f, -0.0f, 2.0f, NAN, 0.0f, -1.0f};
    ir_value *in[1] = {tensor(DT_FLOAT, 2, d, x)};
    ir_node *n = node("NonZero", 13, 1, in, 1);
    cr_assert(infer());
    const ir_value *y = n->outputs[0];
    cr_assert_not(y->is_dynamic);
    expect_shape(y, 2, (int64_t[]){2, 3});
    expect_i64(y, 6, (int64_t[]){0, 1, 1, 2, 0, 2});
}

Test(dynamic_ops, nonzero_of_an_input_is_bounded)
{
    int64_t d[] = {4, 5, 1};
    ir_value *in[1] = {tensor(DT_INT32, 3, d, NULL)};
    ir_node *n = node("NonZero", 13, 1, in, 1);
    cr_assert(infer());
    const ir_value *y = n->outputs[0];
    cr_assert(y->is_dynamic && y->dynamic_dim == 1);
    expect_shape(y, 2, (int64_t[]){3, 20});
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ir_print_text(g, f);
    fclose(f);
    cr_assert(strstr(text, "int64[3,<=20]"), "the IR printer marks the bound: %s", text);
    free(text);
}

Test(dynamic_ops, reading_a_data_dependent_value_is_refused)
{
    int64_t d[] = {3};
    ir_value *in[1] = {tensor(DT_FLOAT, 1, d, NULL)};
    ir_node *nz = node("NonZero", 13, 1, in, 1);
    node("Neg", 13, 1, nz->outputs, 1);
    cr_assert_not(infer());
    cr_assert(strstr(diag_message(), "depends on the data"), "%s", diag_message());
    cr_assert(strstr(diag_message(), "NonZero"), "%s", diag_message());
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
}

/* A constant condition decides the shape even when the data is an input. */
Test(dynamic_ops, compress_with_constant_condition_is_static)
{
    int64_t d[] = {3, 7}, cd[] = {5};
    uint8_t cond[] = {1, 0, 0, 1, 1};
    ir_value *in[2] = {tensor(DT_FLOAT, 2, d, NULL), tensor(DT_BOOL, 1, cd, cond)};
    ir_node *n = node("Compress", 11, 2, in, 1);
    attr_int_set(n, "axis", -1);
    cr_assert(infer());
    cr_assert_not(n->outputs[0]->is_dynamic);
    expect_shape(n->outputs[0], 2, (int64_t[]){3, 3});
}

Test(dynamic_ops, compress_folds_a_short_condition_without_axis)
{
    int64_t d[] = {2, 3}, cd[] = {4};
    float x[] = {1, 2, 3, 4, 5, 6};
    uint8_t cond[] = {0, 1, 0, 1};
    ir_value *in[2] = {tensor(DT_FLOAT, 2, d, x), tensor(DT_BOOL, 1, cd, cond)};
    ir_node *n = node("Compress", 11, 2, in, 1);
    cr_assert(infer());
    expect_shape(n->outputs[0], 1, (int64_t[]){2});
    expect_f32(n->outputs[0], 2, (float[]){2, 4});
}

Test(dynamic_ops, compress_with_input_condition_is_bounded)
{
    int64_t d[] = {3, 7}, cd[] = {9};
    ir_value *in[2] = {tensor(DT_FLOAT, 2, d, NULL), tensor(DT_BOOL, 1, cd, NULL)};
    ir_node *n = node("Compress", 11, 2, in, 1);
    cr_assert(infer());
    const ir_value *y = n->outputs[0];
    cr_assert(y->is_dynamic && y->dynamic_dim == 0);
    expect_shape(y, 1, (int64_t[]){9});
    attr_int_set(n, "axis", 1);
    cr_assert_not(infer(), "9 entries along an axis of 7");
    cr_assert(strstr(diag_message(), "condition has 9 entries"), "%s", diag_message());
}

/* Rows [1 2], [0 5], [1 2], [0 1], [0 5]: distinct rows in order of first
   occurrence (sorted = 0), along axis 0 of a [5, 2] int64 tensor. */
Test(dynamic_ops, unique_unsorted_rows_fold)
{
    int64_t d[] = {5, 2};
    int64_t x[] = {1, 2, 0, 5, 1, 2, 0, 1, 0, 5};
    ir_value *in[1] = {tensor(DT_INT64, 2, d, x)};
    ir_node *n = node("Unique", 11, 1, in, 4);
    attr_int_set(n, "axis", 0);
    attr_int_set(n, "sorted", 0);
    cr_assert(infer());
    expect_shape(n->outputs[0], 2, (int64_t[]){3, 2});
    expect_i64(n->outputs[0], 6, (int64_t[]){1, 2, 0, 5, 0, 1});
    expect_i64(n->outputs[1], 3, (int64_t[]){0, 1, 3});
    expect_i64(n->outputs[2], 5, (int64_t[]){0, 1, 0, 2, 1});
    expect_i64(n->outputs[3], 3, (int64_t[]){2, 2, 1});
}

/* Sorted, NaN last and counted once (numpy's unique), -0.0 equal to 0.0. */
Test(dynamic_ops, unique_sorted_floats_with_nan)
{
    int64_t d[] = {6};
    float x[] = {3.0f, NAN, -0.0f, 0.0f, NAN, -2.0f};
    ir_value *in[1] = {tensor(DT_FLOAT, 1, d, x)};
    ir_node *n = node("Unique", 11, 1, in, 4);
    cr_assert(infer());
    expect_shape(n->outputs[0], 1, (int64_t[]){4});
    const float *y = n->outputs[0]->data;
    cr_assert(y[0] == -2.0f && y[1] == 0.0f && y[2] == 3.0f && isnan(y[3]));
    expect_i64(n->outputs[1], 4, (int64_t[]){5, 2, 0, 1});
    expect_i64(n->outputs[2], 6, (int64_t[]){2, 3, 1, 1, 3, 0});
    expect_i64(n->outputs[3], 4, (int64_t[]){1, 2, 1, 2});
}

/* A constant max_output_boxes_per_class bounds the rows per class. */
Test(dynamic_ops, nms_bound_from_constant_limit)
{
    int64_t bd[] = {2, 7, 4}, sd[] = {2, 3, 7}, limit = 2;
    ir_value *in[3] = {tensor(DT_FLOAT, 3, bd, NULL), tensor(DT_FLOAT, 3, sd, NULL), tensor(DT_INT64, 1,
                                                                                        (int64_t[]){1}, &limit)};
    ir_node *n = node("NonMaxSuppression", 11, 3, in, 1);
    cr_assert(infer());
    cr_assert(n->outputs[0]->is_dynamic && n->outputs[0]->dynamic_dim == 0);
    expect_shape(n->outputs[0], 2, (int64_t[]){2 * 3 * 2, 3});
}

/* Without max_output_boxes_per_class nothing is selected: a static [0, 3]. */
Test(dynamic_ops, nms_without_limit_is_empty)
{
    int64_t bd[] = {1, 3, 4}, sd[] = {1, 1, 3};
    ir_value *in[2] = {tensor(DT_FLOAT, 3, bd, NULL), tensor(DT_FLOAT, 3, sd, NULL)};
    ir_node *n = node("NonMaxSuppression", 11, 2, in, 1);
    cr_assert(infer());
    cr_assert_not(n->outputs[0]->is_dynamic);
    expect_shape(n->outputs[0], 2, (int64_t[]){0, 3});
}
