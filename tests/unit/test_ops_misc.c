/* Unit tests for the smaller operators of issue 7: the windows
   (ops/signal.c), Det (ops/linalg.c), ReverseSequence, CenterCropPad
   (ops/data_movement.c) and BitCast (ops/cast.c), on what their ONNX
   backend cases leave out (other output types, run-time inputs, pivoting,
   out-of-range lengths, odd crops). Graphs are built directly in the IR
   with constant inputs, so inference folds every node and the kernels run
   inside the test. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "fold_graph.h"

TestSuite(misc_ops, .init = setup, .fini = teardown);

/* ---- windows --------------------------------------------------------------- */

static ir_value *size_scalar(int64_t size)
{
    return tensor(DT_INT64, 0, NULL, &size);
}

Test(misc_ops, hann_window_double_symmetric)
{
    ir_value *in[1] = {size_scalar(5)};
    ir_node *n = node("HannWindow", 17, 1, in, 1);
    attr_int_set(n, "periodic", 0);
    attr_int_set(n, "output_datatype", DT_DOUBLE);
    cr_assert(infer());
    cr_assert_eq(n->outputs[0]->dtype, DT_DOUBLE);
    const double *y = n->outputs[0]->data, want[5] = {0, 0.5, 1, 0.5, 0};
    for (int i = 0; i < 5; i++) cr_expect(fabs(y[i] - want[i]) < 1e-15, "element %d is %g", i, y[i]);
}

Test(misc_ops, blackman_window_int_output_truncates)
{
    /* periodic, size 4: 0.42 - 0.5 cos(2 pi i / 4) + 0.08 cos(4 pi i / 4) = 0, 0.34, 1, 0.34 */
    ir_value *in[1] = {size_scalar(4)};
    ir_node *n = node("BlackmanWindow", 17, 1, in, 1);
    attr_int_set(n, "output_datatype", DT_INT32);
    cr_assert(infer());
    int64_t want[4] = {0, 0, 1, 0};
    expect_i64(n->outputs[0], 4, want);
}

Test(misc_ops, hamming_window_float_and_empty)
{
    ir_value *in[1] = {size_scalar(2)};
    ir_node *n = node("HammingWindow", 17, 1, in, 1);
    int64_t zero = 0;
    ir_value *in0[1] = {ints1(1, &zero)}; /* a one-element 1-D size works too */
    ir_node *e = node("HammingWindow", 17, 1, in0, 1);
    cr_assert(infer());
    float want[2] = {(float)(25.0 / 46 - 21.0 / 46), (float)(25.0 / 46 + 21.0 / 46)};
    expect_f32(n->outputs[0], 2, want);
    expect_shape(e->outputs[0], 1, &zero);
}

Test(misc_ops, window_runtime_size_rejected)
{
    ir_value *in[1] = {tensor(DT_INT64, 0, NULL, NULL)};
    node("HannWindow", 17, 1, in, 1);
    cr_assert(!infer());
    cr_assert(strstr(diag_message(), "compile time"), "%s", diag_message());
}

/* ---- BitCast ----------------------------------------------------------------- */

Test(misc_ops, bitcast_folds_half_to_bfloat16_bits)
{
    uint16_t h[2] = {0x3c00, 0xfbff};
    int64_t d = 2;
    ir_value *in[1] = {tensor(DT_FLOAT16, 1, &d, h)};
    ir_node *n = node("BitCast", 26, 1, in, 1);
    attr_int_set(n, "to", DT_BFLOAT16);
    cr_assert(infer());
    cr_assert_eq(n->outputs[0]->dtype, DT_BFLOAT16);
    const uint16_t *y = n->outputs[0]->data;
    cr_assert(y, "output is not constant");
    cr_expect(y[0] == 0x3c00 && y[1] == 0xfbff);
}

Test(misc_ops, bitcast_sizes_must_match)
{
    int64_t d = 2;
    ir_value *in[1] = {tensor(DT_FLOAT, 1, &d, NULL)};
    ir_node *n = node("BitCast", 26, 1, in, 1);
    attr_int_set(n, "to", DT_INT64);
    cr_assert(!infer());
    cr_assert(strstr(diag_message(), "sizes differ"), "%s", diag_message());
}

/* An 8-bit float is its bit pattern, like uint8; a 4-bit type (a byte per
   element inside, int4 sign-extended) is refused rather than reinterpreted
   wrongly. */
Test(misc_ops, bitcast_float8_keeps_bits)
{
    uint8_t f8[2] = {0x7c, 0x81};
    int64_t d = 2;
    ir_value *in[1] = {tensor(DT_FLOAT8E5M2, 1, &d, f8)};
    ir_node *n = node("BitCast", 26, 1, in, 1);
    attr_int_set(n, "to", DT_UINT8);
    cr_assert(infer(), "%s", diag_message());
    const uint8_t *y = n->outputs[0]->data;
    cr_assert(y && y[0] == 0x7c && y[1] == 0x81);
}

Test(misc_ops, bitcast_refuses_4_bit_types)
{
    int64_t d = 2;
    ir_value *in[1] = {tensor(DT_INT4, 1, &d, NULL)};
    ir_node *n = node("BitCast", 26, 1, in, 1);
    attr_int_set(n, "to", DT_UINT4);
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED, "%s", diag_message());
}

/* ---- ReverseSequence, CenterCropPad ------------------------------------------- */

Test(misc_ops, reverse_sequence_inner_elements_and_clamped_lengths)
{
    /* x [time 3, batch 2, inner 2] (the default axes), lens 5 (clamped to 3) and -1 (0) */
    int64_t x[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, xd[3] = {3, 2, 2}, lens[2] = {5, -1};
    ir_value *in[2] = {tensor(DT_INT64, 3, xd, x), ints1(2, lens)};
    ir_node *n = node("ReverseSequence", 10, 2, in, 1);
    cr_assert(infer());
    int64_t want[12] = {8, 9, 2, 3, 4, 5, 6, 7, 0, 1, 10, 11};
    expect_i64(n->outputs[0], 12, want);
}

Test(misc_ops, reverse_sequence_axes_must_be_0_and_1)
{
    int64_t xd[3] = {2, 2, 2}, ld = 2;
    ir_value *in[2] = {tensor(DT_FLOAT, 3, xd, NULL), tensor(DT_INT64, 1, &ld, NULL)};
    ir_node *n = node("ReverseSequence", 10, 2, in, 1);
    attr_int_set(n, "time_axis", 2);
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_INVALID);
}

Test(misc_ops, center_crop_pad_odd_crop_and_odd_pad)
{
    /* [5, 2] -> [2, 5]: rows 1..2 kept (one more cropped after), columns
       padded one before and two after */
    float x[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    int64_t xd[2] = {5, 2}, shape[2] = {2, 5}, yd[2] = {2, 5};
    ir_value *in[2] = {tensor(DT_FLOAT, 2, xd, x), ints1(2, shape)};
    ir_node *n = node("CenterCropPad", 18, 2, in, 1);
    cr_assert(infer());
    expect_shape(n->outputs[0], 2, yd);
    float want[10] = {0, 2, 3, 0, 0, 0, 4, 5, 0, 0};
    expect_f32(n->outputs[0], 10, want);
}

Test(misc_ops, center_crop_pad_axes_and_errors)
{
    float x[6] = {1, 2, 3, 4, 5, 6};
    int64_t xd[2] = {2, 3}, one[1] = {1}, two[2] = {1, 1}, axis[1] = {-1}, yd[2] = {2, 1};
    ir_value *in[2] = {tensor(DT_FLOAT, 2, xd, x), ints1(1, one)};
    ir_node *n = node("CenterCropPad", 18, 2, in, 1);
    attr_ints_set(n, "axes", 1, axis);
    cr_assert(infer());
    expect_shape(n->outputs[0], 2, yd);
    float want[2] = {2, 5};
    expect_f32(n->outputs[0], 2, want);
    ir_value *bad[2] = {tensor(DT_FLOAT, 2, xd, x), ints1(2, two)};
    ir_node *m = node("CenterCropPad", 18, 2, bad, 1);
    attr_ints_set(m, "axes", 1, axis);
    cr_assert(!infer());
    cr_assert(strstr(diag_message(), "2 entries for 1 axes"), "%s", diag_message());
}

/* ---- Det ------------------------------------------------------------------------ */

Test(misc_ops, det_pivots_batches_and_singular)
{
    /* [2, 4, 4]: a matrix with a zero first pivot (det -83), then a singular one */
    double x[32] = {0, 2, 1, 3, 1, 0, 2, -1, 4, 1, 0, 2, 2, 3, 1, 0,
                    1, 2, 3, 4, 2, 4, 6, 8, 1, 0, 1, 0, 5, 1, 2, 3};
    int64_t xd[3] = {2, 4, 4}, yd[1] = {2};
    ir_value *in[1] = {tensor(DT_DOUBLE, 3, xd, x)};
    ir_node *n = node("Det", 22, 1, in, 1);
    cr_assert(infer());
    expect_shape(n->outputs[0], 1, yd);
    const double *y = n->outputs[0]->data;
    cr_expect(fabs(y[0] + 83) < 1e-12, "det %g", y[0]);
    cr_expect(fabs(y[1]) < 1e-12, "det %g", y[1]);
}

Test(misc_ops, det_half_row_swap_and_empty_matrix)
{
    uint16_t h[4] = {0, 0x4000, 0x4200, 0}; /* [[0, 2], [3, 0]]: det -6 */
    int64_t hd[2] = {2, 2}, ed[3] = {1, 0, 0};
    ir_value *in[1] = {tensor(DT_FLOAT16, 2, hd, h)};
    ir_node *n = node("Det", 22, 1, in, 1);
    float one = 1;
    ir_value *ein[1] = {tensor(DT_FLOAT, 3, ed, &one)}; /* no elements, but constant */
    ir_node *e = node("Det", 22, 1, ein, 1);
    cr_assert(infer());
    cr_expect_eq(((const uint16_t *)n->outputs[0]->data)[0], 0xc600); /* -6 */
    expect_f32(e->outputs[0], 1, &one); /* the determinant of a 0 x 0 matrix */
}

Test(misc_ops, det_needs_square_matrices)
{
    int64_t xd[2] = {2, 3};
    ir_value *in[1] = {tensor(DT_FLOAT, 2, xd, NULL)};
    node("Det", 22, 1, in, 1);
    cr_assert(!infer());
    cr_assert(strstr(diag_message(), "square"), "%s", diag_message());
}

/* TfIdfVectorizer in the modes the official cases (all TF) leave out:
   tokens 2 3 2 3 9; pool unigrams {2, 9}, bigrams {(2, 3)}; columns from
   ngram_indexes {1, 0, 2}: counts 2 (token 2) -> column 1, 1 (9) -> 0,
   2 ((2, 3)) -> 2. */
static ir_node *tfidf(const char *mode, bool weighted)
{
    int64_t dims[1] = {5}, tokens[5] = {2, 3, 2, 3, 9};
    ir_value *in[1] = {tensor(DT_INT64, 1, dims, tokens)};
    ir_node *n = node("TfIdfVectorizer", 9, 1, in, 1);
    attr_ints_set(n, "pool_int64s", 4, (const int64_t[]){2, 9, 2, 3});
    attr_ints_set(n, "ngram_counts", 2, (const int64_t[]){0, 2});
    attr_ints_set(n, "ngram_indexes", 3, (const int64_t[]){1, 0, 2});
    attr_int_set(n, "min_gram_length", 1);
    attr_int_set(n, "max_gram_length", 2);
    attr_int_set(n, "max_skip_count", 0);
    add_attr(n, "mode", IR_ATTR_STRING)->s = ir_strdup(g, mode);
    if (weighted) {
        ir_attr *w = add_attr(n, "weights", IR_ATTR_FLOATS);
        w->count = 3;
        w->floats = ir_alloc(g, sizeof(float) * 3);
        w->floats[0] = 0.5f, w->floats[1] = 2.0f, w->floats[2] = 0.25f;
    }
    return n;
}

Test(misc_ops, tfidf_modes_and_weights)
{
    static const struct { const char *mode; bool weighted; float want[3]; } cases[] = {
        {"TF", true, {1, 2, 2}},          /* weights ignored */
        {"IDF", true, {0.5f, 2, 0.25f}},  /* the weight where the count is not 0 */
        {"IDF", false, {1, 1, 1}},
        {"TFIDF", true, {0.5f, 4, 0.5f}},
        {"TFIDF", false, {1, 2, 2}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ir_node *n = tfidf(cases[i].mode, cases[i].weighted);
        cr_assert(infer());
        expect_f32(n->outputs[0], 3, cases[i].want);
    }
}
