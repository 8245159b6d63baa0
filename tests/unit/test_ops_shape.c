/* Unit tests for the shape family (ops/shape.c, runtime/shape.c): the
   behaviours the ONNX backend cases do not reach (old opsets, attribute
   forms, unsupported modes) and the kernels on shapes the cases skip.
   Graphs are built directly in the IR with constant inputs, so inference
   folds every node and the kernels run inside the test. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "fold_graph.h"

TestSuite(shape_ops, .init = setup, .fini = teardown);

/* ---- Tile, Expand kernels ------------------------------------------------ */

Test(shape_ops, tile_2d)
{
    float x[6] = {1, 2, 3, 4, 5, 6};
    int64_t xd[2] = {2, 3}, reps[2] = {2, 2};
    ir_value *in[2] = {tensor(DT_FLOAT, 2, xd, x), ints1(2, reps)};
    ir_node *n = node("Tile", 13, 2, in, 1);
    cr_assert(infer());
    int64_t yd[2] = {4, 6};
    expect_shape(n->outputs[0], 2, yd);
    float want[24] = {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6};
    expect_f32(n->outputs[0], 24, want);
}

Test(shape_ops, tile_3d_with_ones)
{
    /* x: 2x1x2, repeats 3x2x1 -> 6x2x2. */
    int64_t x[4] = {1, 2, 3, 4};
    int64_t xd[3] = {2, 1, 2}, reps[3] = {3, 2, 1};
    ir_value *in[2] = {tensor(DT_INT64, 3, xd, x), ints1(3, reps)};
    ir_node *n = node("Tile", 13, 2, in, 1);
    cr_assert(infer());
    int64_t yd[3] = {6, 2, 2};
    expect_shape(n->outputs[0], 3, yd);
    int64_t want[24];
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 2; j++)
            for (int k = 0; k < 2; k++) want[i * 4 + j * 2 + k] = x[(i % 2) * 2 + k];
    expect_i64(n->outputs[0], 24, want);
}

Test(shape_ops, tile_opset1_tiles_axis)
{
    float x[2] = {1, 2};
    int64_t xd[2] = {1, 2}, tiles = 3, axis = 0;
    ir_value *in[3] = {tensor(DT_FLOAT, 2, xd, x), tensor(DT_INT64, 0, NULL, &tiles), tensor(DT_INT64, 0, NULL, &axis)};
    ir_node *n = node("Tile", 1, 3, in, 1);
    cr_assert(infer());
    int64_t yd[2] = {3, 2};
    expect_shape(n->outputs[0], 2, yd);
    float want[6] = {1, 2, 1, 2, 1, 2};
    expect_f32(n->outputs[0], 6, want);
}

Test(shape_ops, tile_runtime_repeats_unsupported)
{
    int64_t xd[1] = {2}, rd[1] = {1};
    ir_value *in[2] = {tensor(DT_FLOAT, 1, xd, NULL), tensor(DT_INT64, 1, rd, NULL)};
    node("Tile", 13, 2, in, 1);
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
}

Test(shape_ops, expand_bidirectional)
{
    /* x: 3x1 expanded with shape [2,1,4] -> 2x3x4. */
    float x[3] = {1, 2, 3};
    int64_t xd[2] = {3, 1}, shape[3] = {2, 1, 4};
    ir_value *in[2] = {tensor(DT_FLOAT, 2, xd, x), ints1(3, shape)};
    ir_node *n = node("Expand", 13, 2, in, 1);
    cr_assert(infer());
    int64_t yd[3] = {2, 3, 4};
    expect_shape(n->outputs[0], 3, yd);
    float want[24];
    for (int i = 0; i < 24; i++) want[i] = x[(i / 4) % 3];
    expect_f32(n->outputs[0], 24, want);
}

Test(shape_ops, expand_middle_axis)
{
    /* x: 2x1x3 expanded to 2x4x3 (a broadcast axis between two real ones). */
    uint8_t x[6] = {1, 2, 3, 4, 5, 6};
    int64_t xd[3] = {2, 1, 3}, shape[3] = {2, 4, 3};
    ir_value *in[2] = {tensor(DT_UINT8, 3, xd, x), ints1(3, shape)};
    ir_node *n = node("Expand", 13, 2, in, 1);
    cr_assert(infer());
    const uint8_t *y = n->outputs[0]->data;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 3; k++) cr_assert_eq(y[i * 12 + j * 3 + k], x[i * 3 + k]);
}

/* ---- Reshape, Squeeze, Unsqueeze, Flatten -------------------------------- */

Test(shape_ops, reshape_opset1_attribute)
{
    int64_t xd[3] = {2, 3, 4}, shape[2] = {0, -1};
    ir_value *in[1] = {tensor(DT_FLOAT, 3, xd, NULL)};
    ir_node *n = node("Reshape", 1, 1, in, 1);
    attr_ints_set(n, "shape", 2, shape);
    cr_assert(infer());
    int64_t yd[2] = {2, 12};
    expect_shape(n->outputs[0], 2, yd);
}

Test(shape_ops, reshape_allowzero)
{
    int64_t xd[2] = {0, 3}, shape[2] = {3, 0};
    ir_value *in[2] = {tensor(DT_FLOAT, 2, xd, NULL), ints1(2, shape)};
    ir_node *n = node("Reshape", 14, 2, in, 1);
    attr_int_set(n, "allowzero", 1);
    cr_assert(infer());
    expect_shape(n->outputs[0], 2, shape);
}

Test(shape_ops, reshape_bad_count)
{
    int64_t xd[2] = {2, 3}, shape[1] = {5};
    ir_value *in[2] = {tensor(DT_FLOAT, 2, xd, NULL), ints1(1, shape)};
    node("Reshape", 13, 2, in, 1);
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_INVALID);
}

Test(shape_ops, squeeze_all_ones)
{
    int64_t xd[4] = {1, 3, 1, 2};
    ir_value *in[1] = {tensor(DT_FLOAT, 4, xd, NULL)};
    ir_node *n = node("Squeeze", 13, 1, in, 1);
    cr_assert(infer());
    int64_t yd[2] = {3, 2};
    expect_shape(n->outputs[0], 2, yd);
}

Test(shape_ops, squeeze_opset1_attribute)
{
    int64_t xd[3] = {1, 3, 1}, axes[1] = {2};
    ir_value *in[1] = {tensor(DT_FLOAT, 3, xd, NULL)};
    ir_node *n = node("Squeeze", 1, 1, in, 1);
    attr_ints_set(n, "axes", 1, axes);
    cr_assert(infer());
    int64_t yd[2] = {1, 3};
    expect_shape(n->outputs[0], 2, yd);
}

Test(shape_ops, squeeze_not_one)
{
    int64_t xd[2] = {2, 3}, axes[1] = {0};
    ir_value *in[2] = {tensor(DT_FLOAT, 2, xd, NULL), ints1(1, axes)};
    node("Squeeze", 13, 2, in, 1);
    cr_assert(!infer());
}

Test(shape_ops, unsqueeze_opset11_negative)
{
    int64_t xd[2] = {3, 4}, axes[2] = {-1, 0};
    ir_value *in[1] = {tensor(DT_FLOAT, 2, xd, NULL)};
    ir_node *n = node("Unsqueeze", 11, 1, in, 1);
    attr_ints_set(n, "axes", 2, axes);
    cr_assert(infer());
    int64_t yd[4] = {1, 3, 4, 1};
    expect_shape(n->outputs[0], 4, yd);
}

Test(shape_ops, flatten_axis_end)
{
    int64_t xd[3] = {2, 3, 4};
    ir_value *in[1] = {tensor(DT_FLOAT, 3, xd, NULL)};
    ir_node *n = node("Flatten", 13, 1, in, 1);
    attr_int_set(n, "axis", 3);
    cr_assert(infer());
    int64_t yd[2] = {24, 1};
    expect_shape(n->outputs[0], 2, yd);
}

/* ---- Shape, Size ---------------------------------------------------------- */

Test(shape_ops, shape_start_after_end)
{
    int64_t xd[3] = {2, 3, 4};
    ir_value *in[1] = {tensor(DT_FLOAT, 3, xd, NULL)};
    ir_node *n = node("Shape", 15, 1, in, 1);
    attr_int_set(n, "start", -1);
    attr_int_set(n, "end", 1);
    cr_assert(infer());
    int64_t zero = 0;
    expect_shape(n->outputs[0], 1, &zero);
    cr_assert(n->outputs[0]->data);
}

Test(shape_ops, shape_and_size)
{
    int64_t xd[3] = {2, 3, 4};
    ir_value *x = tensor(DT_FLOAT, 3, xd, NULL);
    ir_node *s = node("Shape", 15, 1, &x, 1);
    attr_int_set(s, "start", 1);
    ir_node *z = node("Size", 13, 1, &x, 1);
    cr_assert(infer());
    int64_t want[2] = {3, 4}, size = 24;
    expect_i64(s->outputs[0], 2, want);
    expect_i64(z->outputs[0], 1, &size);
    cr_assert_eq(z->outputs[0]->rank, 0);
}

/* ---- Constant, ConstantOfShape, Range, Dropout ---------------------------- */

Test(shape_ops, constant_value_floats_and_int)
{
    ir_node *a = node("Constant", 13, 0, NULL, 1);
    ir_attr *fa = add_attr(a, "value_floats", IR_ATTR_FLOATS);
    float fv[3] = {1.5f, -2, 3};
    fa->count = 3;
    fa->floats = fv;
    ir_node *b = node("Constant", 13, 0, NULL, 1);
    attr_int_set(b, "value_int", -7);
    cr_assert(infer());
    expect_f32(a->outputs[0], 3, fv);
    int64_t m7 = -7;
    expect_i64(b->outputs[0], 1, &m7);
    cr_assert_eq(b->outputs[0]->rank, 0);
    cr_assert_eq(b->outputs[0]->dtype, DT_INT64);
}

Test(shape_ops, constant_string_unsupported)
{
    ir_node *a = node("Constant", 13, 0, NULL, 1);
    add_attr(a, "value_string", IR_ATTR_STRING)->s = ir_strdup(g, "hello");
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
}

Test(shape_ops, constant_of_shape_default_and_int32)
{
    int64_t shape[2] = {2, 3};
    ir_value *s = ints1(2, shape);
    ir_node *a = node("ConstantOfShape", 9, 1, &s, 1);
    ir_node *b = node("ConstantOfShape", 9, 1, &s, 1);
    ir_attr *v = add_attr(b, "value", IR_ATTR_TENSOR);
    int32_t seven = 7;
    int64_t one = 1;
    v->tensor = ir_value_detached(g, "value");
    ir_value_set_shape(v->tensor, DT_INT32, 1, &one);
    v->tensor->data = &seven;
    cr_assert(infer());
    float zeros[6] = {0};
    expect_f32(a->outputs[0], 6, zeros);
    cr_assert_eq(b->outputs[0]->dtype, DT_INT32);
    int64_t sevens[6] = {7, 7, 7, 7, 7, 7};
    expect_i64(b->outputs[0], 6, sevens);
}

Test(shape_ops, range_int_negative_delta_and_empty)
{
    int32_t s = 10, l = 3, d = -3, l2 = 20;
    ir_value *in[3] = {tensor(DT_INT32, 0, NULL, &s), tensor(DT_INT32, 0, NULL, &l), tensor(DT_INT32, 0, NULL, &d)};
    ir_node *a = node("Range", 11, 3, in, 1);
    ir_value *in2[3] = {in[0], tensor(DT_INT32, 0, NULL, &l2), in[2]};
    ir_node *b = node("Range", 11, 3, in2, 1);
    cr_assert(infer());
    int64_t want[3] = {10, 7, 4};
    expect_i64(a->outputs[0], 3, want);
    cr_assert_eq(ir_value_numel(b->outputs[0]), 0);
}

Test(shape_ops, range_float)
{
    float s = 1, l = 2, d = 0.25f;
    ir_value *in[3] = {tensor(DT_FLOAT, 0, NULL, &s), tensor(DT_FLOAT, 0, NULL, &l), tensor(DT_FLOAT, 0, NULL, &d)};
    ir_node *a = node("Range", 11, 3, in, 1);
    cr_assert(infer());
    float want[4] = {1, 1.25f, 1.5f, 1.75f};
    expect_f32(a->outputs[0], 4, want);
}

Test(shape_ops, range_runtime_unsupported)
{
    ir_value *in[3] = {tensor(DT_FLOAT, 0, NULL, NULL), tensor(DT_FLOAT, 0, NULL, NULL),
                       tensor(DT_FLOAT, 0, NULL, NULL)};
    node("Range", 11, 3, in, 1);
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
}

Test(shape_ops, dropout_training_mode_at_run_time_unsupported)
{
    int64_t xd[1] = {4};
    float ratio = 0.5f;
    ir_value *in[3] = {tensor(DT_FLOAT, 1, xd, NULL), tensor(DT_FLOAT, 0, NULL, &ratio), tensor(DT_BOOL, 0, NULL, NULL)};
    node("Dropout", 13, 3, in, 2);
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
}

Test(shape_ops, dropout_training_zero_ratio_and_mask)
{
    float x[3] = {1, -2, 3}, ratio = 0;
    int64_t xd[1] = {3};
    uint8_t yes = 1;
    ir_value *in[3] = {tensor(DT_FLOAT, 1, xd, x), tensor(DT_FLOAT, 0, NULL, &ratio), tensor(DT_BOOL, 0, NULL, &yes)};
    ir_node *n = node("Dropout", 13, 3, in, 2);
    cr_assert(infer());
    expect_f32(n->outputs[0], 3, x);
    cr_assert_eq(n->outputs[1]->dtype, DT_BOOL);
    int64_t ones[3] = {1, 1, 1};
    expect_i64(n->outputs[1], 3, ones);
}

Test(shape_ops, dropout_opset7_mask_type)
{
    float x[2] = {1, 2};
    int64_t xd[1] = {2};
    ir_value *in[1] = {tensor(DT_FLOAT, 1, xd, x)};
    ir_node *n = node("Dropout", 7, 1, in, 2);
    cr_assert(infer());
    cr_assert_eq(n->outputs[1]->dtype, DT_FLOAT);
    float ones[2] = {1, 1};
    expect_f32(n->outputs[1], 2, ones);
}

/* ---- Dropout in training mode ------------------------------------------- */
/* Expected values computed once with numpy 1.24 (/usr/bin/python3) as the
   ONNX reference does:
       np.random.seed(seed); m = np.random.uniform(0, 1.0, x.shape) >= r
       y = (m * x.astype(np.float64) * (1 / (1 - r))).astype(x.dtype)
   and pasted here. */

static ir_node *dropout_training(int32_t dtype, int rank, const int64_t *dims, const void *x, int32_t rdtype,
                                 const void *ratio, bool with_seed, int64_t seed)
{
    static const uint8_t yes = 1;
    ir_value *in[3] = {tensor(dtype, rank, dims, x), ratio ? tensor(rdtype, 0, NULL, ratio) : NULL,
                       tensor(DT_BOOL, 0, NULL, &yes)};
    ir_node *n = node("Dropout", 13, 3, in, 2);
    if (with_seed) attr_int_set(n, "seed", seed);
    return n;
}

static void expect_bits(const ir_value *v, int count, const char *want)
{
    cr_assert(v->data, "output is not constant");
    cr_assert_eq(v->dtype, DT_BOOL);
    cr_assert_eq(ir_value_numel(v), count);
    for (int i = 0; i < count; i++)
        cr_assert_eq(((const uint8_t *)v->data)[i], want[i] - '0', "mask element %d", i);
}

Test(shape_ops, dropout_training_f32_seed0)
{
    float x[10] = {1, -2, 3, -4, 5, -6, 7, -8, 9, -10}, ratio = 0.5f;
    int64_t xd[2] = {2, 5};
    ir_node *n = dropout_training(DT_FLOAT, 2, xd, x, DT_FLOAT, &ratio, true, 0);
    cr_assert(infer());
    float want[10] = {2, -4, 6, -8, 0, -12, 0, -16, 18, -0.0f};
    expect_f32(n->outputs[0], 10, want);
    cr_assert(signbit(((const float *)n->outputs[0]->data)[9]), "a dropped -10 gives -0 as in numpy");
    expect_bits(n->outputs[1], 10, "1111010110");
}

Test(shape_ops, dropout_training_no_seed_is_seed0)
{
    /* Without a seed attribute dlc uses seed 0 (deterministic); the ratio
       defaults to 0.5 when the input is omitted. */
    float x[10] = {1, -2, 3, -4, 5, -6, 7, -8, 9, -10};
    int64_t xd[1] = {10};
    ir_node *n = dropout_training(DT_FLOAT, 1, xd, x, DT_FLOAT, NULL, false, 0);
    cr_assert(infer());
    float want[10] = {2, -4, 6, -8, 0, -12, 0, -16, 18, 0};
    expect_f32(n->outputs[0], 10, want);
    expect_bits(n->outputs[1], 10, "1111010110");
}

Test(shape_ops, dropout_training_f32_seed123_ratio02)
{
    float x[8] = {1.5f, 2.0f, -3.25f, 0.1f, 4.0f, 5.5f, -7.0f, 8.0f}, ratio = 0.2f;
    int64_t xd[1] = {8};
    ir_node *n = dropout_training(DT_FLOAT, 1, xd, x, DT_FLOAT, &ratio, true, 123);
    cr_assert(infer());
    float want[8] = {1.875f, 2.5f, -4.0625f, 0.125f, 5.0f, 6.875f, -8.75f, 10.0f};
    expect_f32(n->outputs[0], 8, want);
    expect_bits(n->outputs[1], 8, "11111111");
}

Test(shape_ops, dropout_training_f64_seed42)
{
    double x[7] = {-1, -0.5, 0, 0.5, 1, 1.5, 2}, ratio = 0.3;
    int64_t xd[1] = {7};
    ir_node *n = dropout_training(DT_DOUBLE, 1, xd, x, DT_DOUBLE, &ratio, true, 42);
    cr_assert(infer());
    double want[7] = {-1.4285714285714286, -0.7142857142857143, 0, 0.7142857142857143, 0, 0, 0};
    const double *y = n->outputs[0]->data;
    cr_assert(y);
    for (int i = 0; i < 7; i++) cr_assert_eq(y[i], want[i], "element %d is %.17g", i, y[i]);
    expect_bits(n->outputs[1], 7, "1111000");
}

Test(shape_ops, dropout_training_f16_seed7)
{
    /* x = [0.5, -1.25, 3, 100, -0.1, 7.75], ratio 0.1, all float16 (bits). */
    uint16_t x[6] = {14336, 48384, 16896, 22080, 44646, 18368}, ratio = 11878;
    int64_t xd[1] = {6};
    ir_node *n = dropout_training(DT_FLOAT16, 1, xd, x, DT_FLOAT16, &ratio, true, 7);
    cr_assert(infer());
    uint16_t want[6] = {0, 48526, 17067, 22258, 44828, 18510};
    const uint16_t *y = n->outputs[0]->data;
    cr_assert(y);
    for (int i = 0; i < 6; i++) cr_assert_eq(y[i], want[i], "element %d is 0x%04x", i, y[i]);
    expect_bits(n->outputs[1], 6, "011111");
}

Test(shape_ops, dropout_training_mask_1000_draws_seed12345)
{
    /* 1000 elements = 2000 draws: the MT state is regenerated four times. */
    static const char want[] =
        "1100111111110011111111111111100110111011111001111010111011111110011111111110011111111101111111011110"
        "0110011111111101111111011111011011110110111001111111100111011011111111111111111001100101101100101101"
        "1111101111111111011010011011111000000011111101111101111111101111111011100111111011111011011111101110"
        "1111111110111001100101101011111110111101110100010101111110101001111111100011111011111101011111111011"
        "1001011100011111011111110101011111100101111111001111111111011010111111111011101111101111111111111101"
        "0011111110110011111111111011111011111001110011111110011111011111110110101101101010111111111001101011"
        "1110111110110110101100111011111111111111010110111110100011110111111001111011101101111110010111111010"
        "0111101110011110111101101011011111011111110111111111110111001111111101111111111111001111101111111111"
        "1111011111001101001101111111100010111111010111011010101011111011111011110111111110011101111111011010"
        "0111010101101111111011111111110101111111111011110101011110111001111101001101110111111000101011101111";
    static float x[1000];
    for (int i = 0; i < 1000; i++) x[i] = 1.0f;
    float ratio = 0.25f;
    int64_t xd[2] = {10, 100};
    ir_node *n = dropout_training(DT_FLOAT, 2, xd, x, DT_FLOAT, &ratio, true, 12345);
    cr_assert(infer());
    expect_bits(n->outputs[1], 1000, want);
    const float *y = n->outputs[0]->data;
    for (int i = 0; i < 1000; i++) cr_assert_eq(y[i], want[i] == '1' ? 4.0f / 3.0f : 0.0f, "element %d", i);
}

Test(shape_ops, dropout_training_largest_seed)
{
    /* seed 2^32-1: the draws are 0.0976..., 0.9124..., 0.7890... */
    float x[3] = {1, 1, 1}, ratio = 0.5f;
    int64_t xd[1] = {3};
    ir_node *n = dropout_training(DT_FLOAT, 1, xd, x, DT_FLOAT, &ratio, true, 4294967295LL);
    cr_assert(infer());
    expect_bits(n->outputs[1], 3, "011");
}

Test(shape_ops, dropout_training_ratio_one_invalid)
{
    int64_t xd[1] = {4};
    float one = 1.0f;
    dropout_training(DT_FLOAT, 1, xd, NULL, DT_FLOAT, &one, true, 0);
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_INVALID);
}

Test(shape_ops, dropout_training_negative_ratio)
{
    int64_t xd[1] = {4};
    float neg = -0.25f;
    dropout_training(DT_FLOAT, 1, xd, NULL, DT_FLOAT, &neg, true, 0);
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_INVALID);
}

Test(shape_ops, dropout_training_negative_seed_unsupported)
{
    int64_t xd[1] = {4};
    float half = 0.5f;
    dropout_training(DT_FLOAT, 1, xd, NULL, DT_FLOAT, &half, true, -1);
    cr_assert(!infer());
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
}
