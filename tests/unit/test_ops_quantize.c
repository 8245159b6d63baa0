/* Unit tests for the quantization operators (ops/quantize.c,
   runtime/quantize.c): each integer kernel (MatMulInteger, ConvInteger,
   QLinearMatMul, QLinearConv) against a plain reference loop in this file,
   on odd shapes (sizes 1 and primes, broadcast batches, groups, strides,
   dilations, uneven pads, per-channel zero points) and every 8-bit type
   pair; QuantizeLinear's rounding (half to even, saturation, NaN and
   infinities, float16 division), blocked and per-axis layouts against a
   reference loop, DequantizeLinear into float16 and from a bfloat16 scale,
   DynamicQuantizeLinear, and the rejections. Graphs are built in the IR
   with constant inputs, so inference folds every node through the same
   lowering and kernels the generated code uses. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "fold_graph.h"

TestSuite(quantize_ops, .init = setup, .fini = teardown);

static uint32_t rng_state = 12345;

static int next_int(int lo, int hi) /* in [lo, hi] */
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return lo + (int)((rng_state >> 8) % (uint32_t)(hi - lo + 1));
}

/* count 8-bit values of dtype (uint8 or int8), random, as int32 too. */
static void *random_8bit(int32_t dtype, int64_t count, int32_t *as_int)
{
    uint8_t *raw = ir_alloc(g, (size_t)(count > 0 ? count : 1));
    for (int64_t i = 0; i < count; i++) {
        int v = dtype == DT_UINT8 ? next_int(0, 255) : next_int(-128, 127);
        as_int[i] = v;
        raw[i] = (uint8_t)(int8_t)v;
        if (dtype == DT_UINT8) raw[i] = (uint8_t)v;
    }
    return raw;
}

static int32_t out_int(const ir_value *v, int64_t i)
{
    cr_assert(v->data, "output is not constant");
    switch (v->dtype) {
    case DT_UINT8: return ((const uint8_t *)v->data)[i];
    case DT_INT8: return ((const int8_t *)v->data)[i];
    case DT_UINT16: return ((const uint16_t *)v->data)[i];
    case DT_INT16: return ((const int16_t *)v->data)[i];
    default: return ((const int32_t *)v->data)[i];
    }
}

static const int32_t types8[2] = {DT_UINT8, DT_INT8};

/* ---- MatMulInteger and QLinearMatMul --------------------------------------- */

/* A [batch_a, M, K] (batch_a 1 or batch) x B [K, N] or [batch, K, N]. */
typedef struct mm_case {
    int64_t batch, m, k, n;
    bool b_batched, per_row, per_col;
} mm_case;

static const mm_case mm_cases[] = {
    {1, 1, 1, 1, false, false, false}, {1, 3, 5, 7, false, true, true}, {2, 13, 11, 5, true, true, false},
    {3, 7, 1, 2, false, false, true},  {2, 1, 17, 3, true, false, false},
};

/* Reference: int32 sums of (a - za) (b - zb); a [batch, m, k] always batched. */
static int32_t mm_ref(const mm_case *c, const int32_t *a, const int32_t *b, const int32_t *za, const int32_t *zb,
                      int64_t t, int64_t i, int64_t j)
{
    int32_t acc = 0;
    for (int64_t kk = 0; kk < c->k; kk++) {
        int32_t av = a[(t * c->m + i) * c->k + kk] - za[c->per_row ? i : 0];
        int32_t bv = b[((c->b_batched ? t : 0) * c->k + kk) * c->n + j] - zb[c->per_col ? j : 0];
        acc += av * bv;
    }
    return acc;
}

typedef struct mm_inputs {
    ir_value *a, *b, *za, *zb;
    int32_t ia[4096], ib[4096], iza[64], izb[64];
} mm_inputs;

static void mm_make(const mm_case *c, int32_t ta, int32_t tb, mm_inputs *in)
{
    int64_t ad[3] = {c->batch, c->m, c->k}, bd[3] = {c->batch, c->k, c->n};
    int64_t zad = c->per_row ? c->m : 1, zbd = c->per_col ? c->n : 1;
    int br = c->b_batched ? 3 : 2;
    in->a = tensor(ta, 3, ad, random_8bit(ta, c->batch * c->m * c->k, in->ia));
    in->b = tensor(tb, br, bd + (3 - br), random_8bit(tb, (c->b_batched ? c->batch : 1) * c->k * c->n, in->ib));
    in->za = tensor(ta, 1, &zad, random_8bit(ta, zad, in->iza));
    in->zb = tensor(tb, 1, &zbd, random_8bit(tb, zbd, in->izb));
}

Test(quantize_ops, matmul_integer_matches_reference_loop)
{
    for (size_t ci = 0; ci < sizeof mm_cases / sizeof mm_cases[0]; ci++)
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++) {
                const mm_case *c = &mm_cases[ci];
                static mm_inputs in;
                mm_make(c, types8[ta], types8[tb], &in);
                ir_value *ins[4] = {in.a, in.b, in.za, in.zb};
                ir_node *n = node("MatMulInteger", 10, 4, ins, 1);
                cr_assert(infer());
                const ir_value *y = n->outputs[0];
                cr_assert_eq(y->dtype, DT_INT32);
                for (int64_t t = 0; t < c->batch; t++)
                    for (int64_t i = 0; i < c->m; i++)
                        for (int64_t j = 0; j < c->n; j++) {
                            int32_t want = mm_ref(c, in.ia, in.ib, in.iza, in.izb, t, i, j);
                            cr_assert_eq(out_int(y, (t * c->m + i) * c->n + j), want,
                                         "case %zu types %d %d at (%lld, %lld, %lld)", ci, ta, tb, (long long)t,
                                         (long long)i, (long long)j);
                        }
            }
}

Test(quantize_ops, matmul_integer_accumulation_wraps_in_int32)
{
    /* 40000 products of 255 * 255: 2601000000 wraps to -1693967296 */
    enum { K = 40000 };
    static uint8_t a[K], b[K];
    memset(a, 255, sizeof a);
    memset(b, 255, sizeof b);
    int64_t ad[2] = {1, K}, bd[2] = {K, 1};
    ir_value *in[2] = {tensor(DT_UINT8, 2, ad, a), tensor(DT_UINT8, 2, bd, b)};
    ir_node *n = node("MatMulInteger", 10, 2, in, 1);
    cr_assert(infer());
    cr_expect_eq(out_int(n->outputs[0], 0), -1693967296, "%d", out_int(n->outputs[0], 0));
}

/* The reference's requantization: multiplier in float (a_scale * b_scale /
   y_scale), the product in double, + zero point, rounded half to even. */
static int32_t requant_ref(int32_t acc, float as, float bs, float ys, int32_t zy, int32_t lo, int32_t hi)
{
    float m = as * bs;
    m = m / ys;
    double d = (double)acc * (double)m;
    d = d + zy;
    d = nearbyint(d);
    return d < lo ? lo : d > hi ? hi : (int32_t)d;
}

Test(quantize_ops, qlinear_matmul_matches_reference_loop)
{
    for (size_t ci = 0; ci < sizeof mm_cases / sizeof mm_cases[0]; ci++)
        for (int ty = 0; ty < 2; ty++) {
            const mm_case *c = &mm_cases[ci];
            int32_t ta = types8[ci % 2], tb = types8[(ci / 2) % 2];
            static mm_inputs in;
            mm_make(c, ta, tb, &in);
            int64_t sad = c->per_row ? c->m : 1, sbd = c->per_col ? c->n : 1, one = 1;
            float as[64], bs[64], ys = 0.37f;
            for (int i = 0; i < sad; i++) as[i] = 0.01f * (float)(i + 3);
            for (int i = 0; i < sbd; i++) bs[i] = 0.023f * (float)(i + 1);
            int32_t izy;
            ir_value *zy = tensor(types8[ty], 1, &one, random_8bit(types8[ty], 1, &izy));
            ir_value *ins[8] = {in.a, tensor(DT_FLOAT, 1, &sad, as), in.za, in.b, tensor(DT_FLOAT, 1, &sbd, bs),
                                in.zb, tensor(DT_FLOAT, 1, &one, &ys), zy};
            ir_node *n = node("QLinearMatMul", 21, 8, ins, 1);
            cr_assert(infer());
            const ir_value *y = n->outputs[0];
            int32_t lo = ty ? -128 : 0, hi = ty ? 127 : 255;
            for (int64_t t = 0; t < c->batch; t++)
                for (int64_t i = 0; i < c->m; i++)
                    for (int64_t j = 0; j < c->n; j++) {
                        int32_t acc = mm_ref(c, in.ia, in.ib, in.iza, in.izb, t, i, j);
                        int32_t want = requant_ref(acc, as[c->per_row ? i : 0], bs[c->per_col ? j : 0], ys, izy, lo, hi);
                        cr_assert_eq(out_int(y, (t * c->m + i) * c->n + j), want, "case %zu at (%lld, %lld, %lld)",
                                     ci, (long long)t, (long long)i, (long long)j);
                    }
        }
}

Test(quantize_ops, qlinear_matmul_rounds_half_to_even_after_the_zero_point)
{
    /* acc 3, 9, 15, 21 times 0.5, plus zero point 1: 2.5, 5.5, 8.5, 11.5 */
    uint8_t a = 3, b[4] = {1, 3, 5, 7}, z = 0, zy = 1;
    float half = 0.5f, one_f = 1.0f;
    int64_t ad[2] = {1, 1}, bd[2] = {1, 4}, one = 1;
    ir_value *in[8] = {tensor(DT_UINT8, 2, ad, &a), tensor(DT_FLOAT, 0, NULL, &half), tensor(DT_UINT8, 0, NULL, &z),
                       tensor(DT_UINT8, 2, bd, b), tensor(DT_FLOAT, 1, &one, &one_f), tensor(DT_UINT8, 1, &one, &z),
                       tensor(DT_FLOAT, 0, NULL, &one_f), tensor(DT_UINT8, 0, NULL, &zy)};
    ir_node *n = node("QLinearMatMul", 10, 8, in, 1);
    cr_assert(infer());
    int32_t want[4] = {2, 6, 8, 12};
    for (int i = 0; i < 4; i++) cr_expect_eq(out_int(n->outputs[0], i), want[i], "element %d: %d", i, out_int(n->outputs[0], i));
}

/* ---- ConvInteger and QLinearConv ------------------------------------------- */

/* 2-D convs (depth 1); kernel, stride, dilation, begin/end pads per axis. */
typedef struct conv_case {
    int64_t n, c, m, group, h, w, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr;
    bool per_channel;
} conv_case;

static const conv_case conv_cases[] = {
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, false},
    {2, 3, 5, 1, 7, 5, 3, 2, 2, 1, 1, 2, 1, 0, 2, 1, true},
    {1, 6, 9, 3, 5, 11, 2, 3, 1, 2, 2, 1, 0, 1, 1, 0, true},
    {1, 4, 4, 4, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, false}, /* depthwise */
    {3, 2, 3, 1, 13, 1, 5, 1, 3, 1, 1, 1, 2, 0, 2, 0, false},
};

typedef struct conv_inputs {
    ir_value *x, *w, *zx, *zw;
    int32_t ix[4096], iw[4096], izx[1], izw[64];
    int64_t oh, ow;
} conv_inputs;

static void conv_make(const conv_case *c, int32_t tx, int32_t tw, conv_inputs *in)
{
    int64_t xd[4] = {c->n, c->c, c->h, c->w}, wd[4] = {c->m, c->c / c->group, c->kh, c->kw};
    int64_t zwd = c->per_channel ? c->m : 1;
    in->x = tensor(tx, 4, xd, random_8bit(tx, c->n * c->c * c->h * c->w, in->ix));
    in->w = tensor(tw, 4, wd, random_8bit(tw, wd[0] * wd[1] * c->kh * c->kw, in->iw));
    in->zx = tensor(tx, 0, NULL, random_8bit(tx, 1, in->izx));
    in->zw = tensor(tw, c->per_channel ? 1 : 0, &zwd, random_8bit(tw, zwd, in->izw));
    in->oh = (c->h + c->pt + c->pb - (c->kh - 1) * c->dh - 1) / c->sh + 1;
    in->ow = (c->w + c->pl + c->pr - (c->kw - 1) * c->dw - 1) / c->sw + 1;
}

static void conv_attrs(ir_node *n, const conv_case *c)
{
    int64_t strides[2] = {c->sh, c->sw}, dil[2] = {c->dh, c->dw}, pads[4] = {c->pt, c->pl, c->pb, c->pr};
    attr_ints_set(n, "strides", 2, strides);
    attr_ints_set(n, "dilations", 2, dil);
    attr_ints_set(n, "pads", 4, pads);
    attr_int_set(n, "group", c->group);
}

/* Reference: the direct sum over the window, padding contributing 0. */
static int32_t conv_ref(const conv_case *c, const conv_inputs *in, int64_t b, int64_t m, int64_t oy, int64_t ox)
{
    int64_t cg = c->c / c->group, g = m / (c->m / c->group);
    int32_t acc = 0;
    for (int64_t ci = 0; ci < cg; ci++)
        for (int64_t ky = 0; ky < c->kh; ky++)
            for (int64_t kx = 0; kx < c->kw; kx++) {
                int64_t iy = oy * c->sh - c->pt + ky * c->dh, ix = ox * c->sw - c->pl + kx * c->dw;
                if (iy < 0 || iy >= c->h || ix < 0 || ix >= c->w) continue;
                int32_t xv = in->ix[((b * c->c + g * cg + ci) * c->h + iy) * c->w + ix] - in->izx[0];
                int32_t wv = in->iw[((m * cg + ci) * c->kh + ky) * c->kw + kx] - in->izw[c->per_channel ? m : 0];
                acc += xv * wv;
            }
    return acc;
}

Test(quantize_ops, conv_integer_matches_reference_loop)
{
    for (size_t ci = 0; ci < sizeof conv_cases / sizeof conv_cases[0]; ci++)
        for (int tx = 0; tx < 2; tx++)
            for (int tw = 0; tw < 2; tw++) {
                const conv_case *c = &conv_cases[ci];
                static conv_inputs in;
                conv_make(c, types8[tx], types8[tw], &in);
                ir_value *ins[4] = {in.x, in.w, in.zx, in.zw};
                ir_node *n = node("ConvInteger", 10, 4, ins, 1);
                conv_attrs(n, c);
                cr_assert(infer());
                const ir_value *y = n->outputs[0];
                int64_t yd[4] = {c->n, c->m, in.oh, in.ow};
                expect_shape(y, 4, yd);
                for (int64_t b = 0; b < c->n; b++)
                    for (int64_t m = 0; m < c->m; m++)
                        for (int64_t oy = 0; oy < in.oh; oy++)
                            for (int64_t ox = 0; ox < in.ow; ox++)
                                cr_assert_eq(out_int(y, ((b * c->m + m) * in.oh + oy) * in.ow + ox),
                                             conv_ref(c, &in, b, m, oy, ox), "case %zu types %d %d at %lld %lld %lld %lld",
                                             ci, tx, tw, (long long)b, (long long)m, (long long)oy, (long long)ox);
            }
}

Test(quantize_ops, qlinear_conv_with_bias_matches_reference_loop)
{
    for (size_t ci = 0; ci < sizeof conv_cases / sizeof conv_cases[0]; ci++) {
        const conv_case *c = &conv_cases[ci];
        int32_t tx = types8[ci % 2], tw = types8[(ci / 2) % 2], ty = types8[(ci + 1) % 2];
        static conv_inputs in;
        conv_make(c, tx, tw, &in);
        int64_t wsd = c->per_channel ? c->m : 1, md = c->m;
        float xs = 0.05f, ws[64], ys = 0.7f;
        int32_t bias[64], izy;
        for (int i = 0; i < c->m; i++) ws[i] = 0.011f * (float)(i + 2), bias[i] = next_int(-3000, 3000);
        ir_value *ins[9] = {in.x, tensor(DT_FLOAT, 0, NULL, &xs), in.zx, in.w, tensor(DT_FLOAT, 1, &wsd, ws), in.zw,
                            tensor(DT_FLOAT, 0, NULL, &ys), tensor(ty, 0, NULL, random_8bit(ty, 1, &izy)),
                            tensor(DT_INT32, 1, &md, bias)};
        ir_node *n = node("QLinearConv", 10, 9, ins, 1);
        conv_attrs(n, c);
        cr_assert(infer());
        const ir_value *y = n->outputs[0];
        cr_assert_eq(y->dtype, ty);
        int32_t lo = ty == DT_INT8 ? -128 : 0, hi = ty == DT_INT8 ? 127 : 255;
        for (int64_t b = 0; b < c->n; b++)
            for (int64_t m = 0; m < c->m; m++)
                for (int64_t oy = 0; oy < in.oh; oy++)
                    for (int64_t ox = 0; ox < in.ow; ox++) {
                        int32_t acc = conv_ref(c, &in, b, m, oy, ox) + bias[m];
                        int32_t want = requant_ref(acc, xs, ws[c->per_channel ? m : 0], ys, izy, lo, hi);
                        cr_assert_eq(out_int(y, ((b * c->m + m) * in.oh + oy) * in.ow + ox), want,
                                     "case %zu at %lld %lld %lld %lld", ci, (long long)b, (long long)m, (long long)oy,
                                     (long long)ox);
                    }
    }
}

Test(quantize_ops, conv_integer_3d_and_auto_pad)
{
    /* [1, 1, 3, 1, 2] by a 2x1x1 kernel, SAME_UPPER: the last depth reads padding */
    uint8_t x[6] = {1, 2, 3, 4, 5, 6}, w[2] = {1, 2}, zx = 1;
    int64_t xd[5] = {1, 1, 3, 1, 2}, wd[5] = {1, 1, 2, 1, 1};
    ir_value *in[3] = {tensor(DT_UINT8, 5, xd, x), tensor(DT_UINT8, 5, wd, w), tensor(DT_UINT8, 0, NULL, &zx)};
    ir_node *n = node("ConvInteger", 10, 3, in, 1);
    add_attr(n, "auto_pad", IR_ATTR_STRING)->s = ir_strdup(g, "SAME_UPPER");
    cr_assert(infer());
    expect_shape(n->outputs[0], 5, xd);
    int32_t want[6] = {0 + 2 * 2, 1 + 2 * 3, 2 + 2 * 4, 3 + 2 * 5, 4, 5};
    for (int i = 0; i < 6; i++) cr_expect_eq(out_int(n->outputs[0], i), want[i], "element %d", i);
}

/* ---- QuantizeLinear -------------------------------------------------------- */

Test(quantize_ops, quantize_rounds_half_to_even_and_saturates)
{
    float x[10] = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 1e10f, -1e10f, INFINITY, NAN};
    float s = 1.0f;
    int8_t z8 = 0;
    uint8_t zu = 128;
    int64_t xd = 10;
    ir_value *in8[3] = {tensor(DT_FLOAT, 1, &xd, x), tensor(DT_FLOAT, 0, NULL, &s), tensor(DT_INT8, 0, NULL, &z8)};
    ir_value *inu[3] = {tensor(DT_FLOAT, 1, &xd, x), tensor(DT_FLOAT, 0, NULL, &s), tensor(DT_UINT8, 0, NULL, &zu)};
    ir_node *n8 = node("QuantizeLinear", 25, 3, in8, 1), *nu = node("QuantizeLinear", 13, 3, inu, 1);
    cr_assert(infer());
    int32_t want8[10] = {0, 2, 2, 0, -2, -2, 127, -128, 127, -128};
    int32_t wantu[10] = {128, 130, 130, 128, 126, 126, 255, 0, 255, 0};
    for (int i = 0; i < 10; i++) {
        cr_expect_eq(out_int(n8->outputs[0], i), want8[i], "int8 element %d: %d", i, out_int(n8->outputs[0], i));
        cr_expect_eq(out_int(nu->outputs[0], i), wantu[i], "uint8 element %d: %d", i, out_int(nu->outputs[0], i));
    }
}

Test(quantize_ops, quantize_divides_in_the_inputs_precision)
{
    /* float16 1804 / 3 = 601.33 rounds to 601.5 in float16, then to 602
       (float would give 601); float 2049 with precision float16 is first
       rounded to 2048 (ties to even), without it stays 2049. */
    uint16_t xh[1] = {0x670c}, sh = 0x4200; /* 1804, 3 */
    float xf[1] = {2049.0f}, sf = 1.0f;
    int64_t one = 1;
    int16_t z16 = 0;
    ir_value *a[3] = {tensor(DT_FLOAT16, 1, &one, xh), tensor(DT_FLOAT16, 0, NULL, &sh), tensor(DT_INT16, 0, NULL, &z16)};
    ir_value *b[3] = {tensor(DT_FLOAT, 1, &one, xf), tensor(DT_FLOAT, 0, NULL, &sf), tensor(DT_INT16, 0, NULL, &z16)};
    ir_value *c[3] = {tensor(DT_FLOAT, 1, &one, xf), tensor(DT_FLOAT, 0, NULL, &sf), tensor(DT_INT16, 0, NULL, &z16)};
    ir_value *d[2] = {tensor(DT_FLOAT16, 1, &one, xh), tensor(DT_FLOAT16, 0, NULL, &sh)};
    ir_node *na = node("QuantizeLinear", 21, 3, a, 1), *nb = node("QuantizeLinear", 25, 3, b, 1);
    ir_node *nc = node("QuantizeLinear", 25, 3, c, 1), *nd = node("QuantizeLinear", 19, 2, d, 1);
    attr_int_set(nb, "precision", DT_FLOAT16);
    cr_assert(infer());
    cr_expect_eq(out_int(na->outputs[0], 0), 602, "%d", out_int(na->outputs[0], 0));
    cr_expect_eq(out_int(nb->outputs[0], 0), 2048, "%d", out_int(nb->outputs[0], 0));
    cr_expect_eq(out_int(nc->outputs[0], 0), 2049, "%d", out_int(nc->outputs[0], 0));
    cr_expect_eq(nd->outputs[0]->dtype, DT_UINT8); /* no zero point: uint8, saturated */
    cr_expect_eq(out_int(nd->outputs[0], 0), 255);
}

/* Reference QuantizeLinear to int8 for x [d0, d1, d2] with scales laid out
   by (outer, axis, inner) strides and a block size. */
static int32_t q_ref(float x, float s, int32_t z)
{
    double v = nearbyint((double)(x / s)) + z;
    return v < -128 ? -128 : v > 127 ? 127 : (int32_t)v;
}

Test(quantize_ops, quantize_blocked_with_remainder_and_negative_axis)
{
    /* x [3, 5, 2], blocks of 2 along axis -2 (=1): scale [3, 3, 2] */
    enum { D0 = 3, D1 = 5, D2 = 2, NB = 3 };
    float x[D0 * D1 * D2], s[D0 * NB * D2];
    int8_t z[D0 * NB * D2];
    for (int i = 0; i < D0 * D1 * D2; i++) x[i] = (float)next_int(-3000, 3000) / 7.0f;
    for (int i = 0; i < D0 * NB * D2; i++) s[i] = 0.5f + (float)i * 0.25f, z[i] = (int8_t)next_int(-20, 20);
    int64_t xd[3] = {D0, D1, D2}, sd[3] = {D0, NB, D2};
    ir_value *in[3] = {tensor(DT_FLOAT, 3, xd, x), tensor(DT_FLOAT, 3, sd, s), tensor(DT_INT8, 3, sd, z)};
    ir_node *n = node("QuantizeLinear", 21, 3, in, 1);
    attr_int_set(n, "axis", -2);
    attr_int_set(n, "block_size", 2);
    cr_assert(infer());
    for (int a = 0; a < D0; a++)
        for (int b = 0; b < D1; b++)
            for (int c = 0; c < D2; c++) {
                int e = (a * D1 + b) * D2 + c, k = (a * NB + b / 2) * D2 + c;
                cr_assert_eq(out_int(n->outputs[0], e), q_ref(x[e], s[k], z[k]), "element %d", e);
            }
}

Test(quantize_ops, quantize_per_axis_int32_input_to_uint16)
{
    int32_t x[6] = {100000, -7, 65, 3, 131071, 7};
    float s[3] = {2.0f, 0.5f, 2.0f};
    uint16_t z[3] = {1, 2, 3};
    int64_t xd[2] = {2, 3}, sd = 3;
    ir_value *in[3] = {tensor(DT_INT32, 2, xd, x), tensor(DT_FLOAT, 1, &sd, s), tensor(DT_UINT16, 1, &sd, z)};
    ir_node *n = node("QuantizeLinear", 21, 3, in, 1);
    attr_int_set(n, "axis", 1);
    cr_assert(infer());
    /* 50000+1, -14+2 -> 0 (saturated), 32.5 -> 32 + 3; 1.5 -> 2 + 1, 65535.5 -> 65536 -> 65535, 3.5 -> 4 + 3 */
    int32_t want[6] = {50001, 0, 35, 3, 65535, 7};
    for (int i = 0; i < 6; i++) cr_expect_eq(out_int(n->outputs[0], i), want[i], "element %d: %d", i, out_int(n->outputs[0], i));
}

/* ---- DequantizeLinear, DynamicQuantizeLinear ------------------------------- */

Test(quantize_ops, dequantize_per_axis_to_float16_and_from_bfloat16_scale)
{
    int16_t x[4] = {-32768, 32767, 5, -5};
    int16_t z[2] = {1, -1};
    float s[2] = {0.5f, 0.25f};
    uint16_t sb = 0x3f00; /* bfloat16 0.5 */
    uint8_t xu[3] = {0, 7, 255}, zu = 7;
    int64_t xd[2] = {2, 2}, sd = 2, ud = 3;
    ir_value *a[3] = {tensor(DT_INT16, 2, xd, x), tensor(DT_FLOAT, 1, &sd, s), tensor(DT_INT16, 1, &sd, z)};
    ir_value *b[3] = {tensor(DT_UINT8, 1, &ud, xu), tensor(DT_BFLOAT16, 0, NULL, &sb), tensor(DT_UINT8, 0, NULL, &zu)};
    ir_node *na = node("DequantizeLinear", 23, 3, a, 1), *nb = node("DequantizeLinear", 21, 3, b, 1);
    attr_int_set(na, "axis", 0);
    attr_int_set(na, "output_dtype", DT_FLOAT16);
    cr_assert(infer());
    cr_assert_eq(na->outputs[0]->dtype, DT_FLOAT16);
    cr_assert_eq(nb->outputs[0]->dtype, DT_BFLOAT16);
    /* (-32768 - 1) * 0.5 = -16384.5 -> float16 -16384; 16383 -> 16384; (5 + 1) / 4; -1 */
    uint16_t want_a[4] = {0xf400, 0x7400, 0x3e00, 0xbc00};
    for (int i = 0; i < 4; i++)
        cr_expect_eq(((const uint16_t *)na->outputs[0]->data)[i], want_a[i], "element %d: %04x", i,
                     ((const uint16_t *)na->outputs[0]->data)[i]);
    uint16_t want_b[3] = {0xc060, 0, 0x42f8}; /* -3.5, 0, 124 */
    for (int i = 0; i < 3; i++)
        cr_expect_eq(((const uint16_t *)nb->outputs[0]->data)[i], want_b[i], "element %d: %04x", i,
                     ((const uint16_t *)nb->outputs[0]->data)[i]);
}

Test(quantize_ops, dynamic_quantize_all_positive_and_single_value)
{
    float x[5] = {1.0f, 2.0f, 3.0f, 255.0f, 0.4f}, c = -2.0f;
    int64_t xd = 5, one = 1;
    ir_value *a[1] = {tensor(DT_FLOAT, 1, &xd, x)}, *b[1] = {tensor(DT_FLOAT, 1, &one, &c)};
    ir_node *na = node("DynamicQuantizeLinear", 11, 1, a, 3), *nb = node("DynamicQuantizeLinear", 11, 1, b, 3);
    cr_assert(infer());
    /* range [0, 255]: scale 1, zero point 0; 0.4 -> 0 */
    cr_expect_float_eq(*(const float *)na->outputs[1]->data, 1.0f, 0);
    cr_expect_eq(out_int(na->outputs[2], 0), 0);
    int32_t want[5] = {1, 2, 3, 255, 0};
    for (int i = 0; i < 5; i++) cr_expect_eq(out_int(na->outputs[0], i), want[i], "element %d", i);
    /* range [-2, 0]: scale 2/255, zero point 255, -2 -> 0 */
    cr_expect_float_eq(*(const float *)nb->outputs[1]->data, 2.0f / 255.0f, 0);
    cr_expect_eq(out_int(nb->outputs[2], 0), 255);
    cr_expect_eq(out_int(nb->outputs[0], 0), 0);
}

/* ---- rejections ------------------------------------------------------------ */

static void expect_rejected(const char *what)
{
    cr_assert(!infer());
    cr_assert(strstr(diag_message(), what), "%s", diag_message());
}

/* float8e4m3fn: 1000 saturates to 448 (0x7e, 0xfe for -1000) by default,
   and becomes NaN (0x7f, 0xff) with saturate = 0; 3.3 rounds to 3.25 (0x45). */
Test(quantize_ops, quantize_to_float8_saturates_unless_told_not_to)
{
    float x[3] = {1000.0f, -1000.0f, 3.3f}, s = 1.0f;
    int64_t xd = 3;
    uint8_t want[2][3] = {{0x7e, 0xfe, 0x45}, {0x7f, 0xff, 0x45}};
    ir_node *nodes[2];
    for (int saturate = 1; saturate >= 0; saturate--) {
        ir_value *in[2] = {tensor(DT_FLOAT, 1, &xd, x), tensor(DT_FLOAT, 0, NULL, &s)};
        ir_node *n = node("QuantizeLinear", 25, 2, in, 1);
        attr_int_set(n, "output_dtype", DT_FLOAT8E4M3FN);
        attr_int_set(n, "saturate", saturate);
        nodes[1 - saturate] = n;
    }
    cr_assert(infer());
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 3; i++)
            cr_expect_eq(((const uint8_t *)nodes[k]->outputs[0]->data)[i], want[k][i], "saturate %d element %d: %#x",
                         1 - k, i, ((const uint8_t *)nodes[k]->outputs[0]->data)[i]);
}

Test(quantize_ops, quantize_to_float8e4m3fnuz_is_unsupported)
{
    float s = 1;
    int64_t xd = 4;
    ir_value *in[2] = {tensor(DT_FLOAT, 1, &xd, NULL), tensor(DT_FLOAT, 0, NULL, &s)};
    ir_node *n = node("QuantizeLinear", 21, 2, in, 1);
    attr_int_set(n, "output_dtype", DT_FLOAT8E4M3FNUZ);
    expect_rejected("not supported");
}

Test(quantize_ops, quantize_output_dtype_must_match_zero_point)
{
    float s = 1;
    uint8_t z = 0;
    int64_t xd = 4;
    ir_value *in[3] = {tensor(DT_FLOAT, 1, &xd, NULL), tensor(DT_FLOAT, 0, NULL, &s), tensor(DT_UINT8, 0, NULL, &z)};
    ir_node *n = node("QuantizeLinear", 21, 3, in, 1);
    attr_int_set(n, "output_dtype", DT_INT8);
    expect_rejected("differs");
}

Test(quantize_ops, blocked_scale_shape_is_checked)
{
    float s[4] = {1, 1, 1, 1};
    int64_t xd[2] = {2, 5}, sd[2] = {2, 2}; /* 5 / 2 needs 3 blocks */
    ir_value *in[2] = {tensor(DT_FLOAT, 2, xd, NULL), tensor(DT_FLOAT, 2, sd, s)};
    ir_node *n = node("QuantizeLinear", 21, 2, in, 1);
    attr_int_set(n, "block_size", 2);
    expect_rejected("blocked");
}

Test(quantize_ops, per_axis_scale_needs_opset_13)
{
    float s[3] = {1, 1, 1};
    int64_t xd[2] = {2, 3}, sd = 3;
    ir_value *in[2] = {tensor(DT_INT8, 2, xd, NULL), tensor(DT_FLOAT, 1, &sd, s)};
    node("DequantizeLinear", 10, 2, in, 1);
    expect_rejected("opset 13");
}

Test(quantize_ops, conv_integer_per_channel_zero_point_size)
{
    uint8_t zw[2] = {0, 0};
    int64_t xd[4] = {1, 1, 3, 3}, wd[4] = {3, 1, 1, 1}, zd = 2;
    ir_value *in[4] = {tensor(DT_UINT8, 4, xd, NULL), tensor(DT_UINT8, 4, wd, NULL), NULL,
                       tensor(DT_UINT8, 1, &zd, zw)};
    node("ConvInteger", 10, 4, in, 1);
    expect_rejected("per output channel");
}
