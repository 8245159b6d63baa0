/* Unit tests for the transformer-block operators of opsets 23-28:
   RotaryEmbedding, RMSNormalization, Swish and SwiGLU. The ONNX node cases
   cover them in float only, with every position id in range and a scale of
   the normalised shape; these tests add the paths they leave out: 3-D input
   with interleaved partial rotation, negative and out-of-range position
   ids, bfloat16 and double kernels, a broadcast RMSNormalization scale,
   Swish with alpha != 1, and the shapes and types inference rejects. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "run_kernel.h"
#include "ir/diag.h"
#include "ir/ir.h"
#include "ops/op.h"

static ir_graph *g;

static void setup(void)
{
    diag_clear();
    g = ir_graph_new("test.onnx");
}

static void teardown(void)
{
    ir_graph_free(g);
}

TestSuite(transformer, .init = setup, .fini = teardown);

/* ---- building nodes and running kernels ----------------------------------- */

static ir_value *value(int32_t dtype, int rank, const int64_t *dims)
{
    ir_value *v = ir_value_new(g, "v");
    ir_value_set_shape(v, dtype, rank, dims);
    return v;
}

static ir_node *node(const char *op, int opset, int ni, ir_value **in)
{
    ir_node *n = ir_node_new(g, op, ni, 1);
    n->opset = opset;
    n->attrs = ir_alloc(g, sizeof(ir_attr) * 4);
    for (int i = 0; i < ni; i++) n->inputs[i] = in[i];
    n->outputs[0] = ir_value_new(g, "out");
    n->def = op_find("", op);
    cr_assert(n->def, "no op %s", op);
    return n;
}

static void attr_i(ir_node *n, const char *name, int64_t v)
{
    ir_attr *a = &n->attrs[n->num_attrs++];
    a->name = ir_strdup(g, name);
    a->type = IR_ATTR_INT;
    a->i = v;
}

/* bfloat16 is the upper half of a float: exact for the small values used here. */
static uint16_t to_bf16(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return (uint16_t)(u >> 16);
}

static float from_bf16(uint16_t h)
{
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* Whether the node's inference fails with a message containing text. */
static void expect_rejected(ir_node *n, const char *text)
{
    cr_assert_not(n->def->infer(n), "%s was accepted", n->op_type);
    cr_assert(strstr(diag_message(), text), "message '%s' lacks '%s'", diag_message(), text);
    diag_clear();
}

/* ---- RotaryEmbedding ---------------------------------------------------------- */

enum { RB = 2, RS = 3, RH = 3, RD = 6, RR = 4, ROWS = 5 };

/* The reference's algorithm on a 3-D input [RB, RS, RH * RD]: element
   (b, s, h, d) at ((b * RS + s) * RH + h) * RD + d; rotary dim RR; cache
   row from pos (numpy indexing: negative counts from the end). */
static void rotary_reference(const float *x, const float *cc, const float *sc, const int64_t *pos, int interleaved,
                             float *y)
{
    for (int b = 0; b < RB; b++)
        for (int s = 0; s < RS; s++)
            for (int h = 0; h < RH; h++) {
                const float *xs = x + ((b * RS + s) * RH + h) * RD;
                float *ys = y + ((b * RS + s) * RH + h) * RD;
                int64_t r = pos[b * RS + s];
                if (r < 0) r += ROWS;
                for (int d = 0; d < RD; d++) ys[d] = xs[d];
                for (int i = 0; i < RR / 2; i++) {
                    int a = interleaved ? 2 * i : i, z = interleaved ? 2 * i + 1 : i + RR / 2;
                    float c = r < ROWS ? cc[r * (RR / 2) + i] : 0, sn = r < ROWS ? sc[r * (RR / 2) + i] : 0;
                    ys[a] = c * xs[a] - sn * xs[z];
                    ys[z] = sn * xs[a] + c * xs[z];
                }
            }
}

Test(transformer, rotary_3d_partial_both_layouts_and_odd_positions)
{
    float x[RB * RS * RH * RD], cc[ROWS * RR / 2], sc[ROWS * RR / 2], y[RB * RS * RH * RD], want[RB * RS * RH * RD];
    for (int i = 0; i < RB * RS * RH * RD; i++) x[i] = (float)((i * 7) % 11) - 5;
    for (int i = 0; i < ROWS * RR / 2; i++) cc[i] = cosf(0.3f * (float)i), sc[i] = sinf(0.3f * (float)i);
    /* -1: the last row; 5: past the cache (rotates by cos = sin = 0) */
    int64_t pos[RB * RS] = {0, 4, -1, 2, 5, 1};
    for (int interleaved = 0; interleaved < 2; interleaved++) {
        rt_rotary_params p = {.batch = RB, .heads = RH, .seq = RS, .head_size = RD, .head_stride = RD,
                              .seq_stride = RH * RD, .rotary_dim = RR, .interleaved = interleaved,
                              .cache_rows = ROWS};
        RUN(KERNEL_rt_rotary_f32, &p, x, cc, sc, pos, y);
        rotary_reference(x, cc, sc, pos, interleaved, want);
        for (int i = 0; i < RB * RS * RH * RD; i++)
            cr_assert_float_eq(y[i], want[i], 1e-5, "interleaved %d, element %d: %g, expected %g", interleaved, i,
                               y[i], want[i]);
    }
}

Test(transformer, rotary_bf16_4d_without_position_ids)
{
    /* [1, 2, 2, 4] (B, H, S, D), caches [1, 2, 2] per token; values exact in bfloat16 */
    float x[16], cc[4] = {1, 0, 0.5f, -1}, sc[4] = {0, 1, 0.5f, 0};
    uint16_t xh[16], ch[4], sh[4], yh[16];
    float y[16];
    for (int i = 0; i < 16; i++) x[i] = (float)i - 8, xh[i] = to_bf16(x[i]);
    for (int i = 0; i < 4; i++) ch[i] = to_bf16(cc[i]), sh[i] = to_bf16(sc[i]);
    rt_rotary_params p = {.batch = 1, .heads = 2, .seq = 2, .head_size = 4, .head_stride = 8, .seq_stride = 4,
                          .rotary_dim = 4};
    RUN(KERNEL_rt_rotary_f32, &p, x, cc, sc, NULL, y);
    RUN(KERNEL_rt_rotary_bf16, &p, xh, ch, sh, NULL, yh);
    for (int i = 0; i < 16; i++) cr_assert_eq(from_bf16(yh[i]), y[i], "element %d", i);
    /* token 1 of head 0 (x = -4 -3 -2 -1), cos {0.5, -1}, sin {0.5, 0}: y0 = 0.5 * -4 - 0.5 * -2 */
    cr_assert_eq(y[4], -1.0f);
    cr_assert_eq(y[6], -3.0f);
}

Test(transformer, rotary_inference)
{
    ir_value *in[4] = {value(DT_FLOAT, 3, (int64_t[]){2, 3, 24}), value(DT_FLOAT, 2, (int64_t[]){50, 2}),
                       value(DT_FLOAT, 2, (int64_t[]){50, 2}), value(DT_INT64, 2, (int64_t[]){2, 3})};
    ir_node *n = node("RotaryEmbedding", 23, 4, in);
    expect_rejected(n, "num_heads");
    attr_i(n, "num_heads", 4);
    attr_i(n, "rotary_embedding_dim", 4);
    cr_assert(n->def->infer(n), "%s", diag_message());
    cr_assert_eq(n->outputs[0]->rank, 3);
    cr_assert_eq(n->outputs[0]->dims[2], 24);

    ir_node *odd = node("RotaryEmbedding", 23, 4, in);
    attr_i(odd, "num_heads", 4);
    attr_i(odd, "rotary_embedding_dim", 3);
    expect_rejected(odd, "even");

    ir_value *in32[4] = {in[0], in[1], in[2], value(DT_INT32, 2, (int64_t[]){2, 3})};
    ir_node *p32 = node("RotaryEmbedding", 23, 4, in32);
    attr_i(p32, "num_heads", 4);
    attr_i(p32, "rotary_embedding_dim", 4);
    expect_rejected(p32, "position_ids");

    /* without position_ids the caches are per token: [batch, seq, dim / 2] */
    ir_node *nopos = node("RotaryEmbedding", 23, 3, in);
    attr_i(nopos, "num_heads", 4);
    attr_i(nopos, "rotary_embedding_dim", 4);
    expect_rejected(nopos, "[batch, seq, rotary_dim / 2]");

    ir_value *dbl[3] = {value(DT_DOUBLE, 4, (int64_t[]){1, 2, 3, 4}), value(DT_DOUBLE, 3, (int64_t[]){1, 3, 2}),
                        value(DT_DOUBLE, 3, (int64_t[]){1, 3, 2})};
    expect_rejected(node("RotaryEmbedding", 23, 3, dbl), "double");
}

/* ---- RMSNormalization ------------------------------------------------------- */

Test(transformer, rms_f64_broadcast_scale)
{
    /* two rows normalised over [2, 3], scale [1, 3] (strides {0, 1}) */
    double x[12], sc[3] = {1, -2, 0.5}, y[12];
    for (int i = 0; i < 12; i++) x[i] = (double)(i % 5) - 1.5;
    rt_layernorm_params p = {.outer = 2, .inner = 6, .rank = 2, .dims = {2, 3}, .scale_strides = {0, 1},
                             .bias_strides = {0, 1}, .rms = 1, .epsilon = 0.25f};
    RUN(KERNEL_rt_layernorm_f64, &p, x, sc, NULL, y, NULL, NULL);
    for (int o = 0; o < 2; o++) {
        double sq = 0;
        for (int i = 0; i < 6; i++) sq += x[o * 6 + i] * x[o * 6 + i];
        double inv = 1 / sqrt(sq / 6 + 0.25);
        for (int i = 0; i < 6; i++)
            cr_assert_float_eq(y[o * 6 + i], x[o * 6 + i] * inv * sc[i % 3], 1e-12, "row %d element %d", o, i);
    }
}

Test(transformer, rms_bf16_matches_f32)
{
    float x[10], sc[5] = {1, 2, -1, 0.5f, 4}, y[10];
    uint16_t xh[10], sh[5], yh[10];
    for (int i = 0; i < 10; i++) x[i] = (float)(i * 3 % 7) - 3, xh[i] = to_bf16(x[i]);
    for (int i = 0; i < 5; i++) sh[i] = to_bf16(sc[i]);
    rt_layernorm_params p = {.outer = 2, .inner = 5, .rms = 1, .epsilon = 1e-5f};
    RUN(KERNEL_rt_layernorm_f32, &p, x, sc, NULL, y, NULL, NULL);
    RUN(KERNEL_rt_layernorm_bf16, &p, xh, sh, NULL, yh, NULL, NULL);
    for (int i = 0; i < 10; i++) cr_assert_float_eq(from_bf16(yh[i]), y[i], fabsf(y[i]) / 128 + 1e-6f, "element %d", i);
    /* row 0 is -3 0 3 -1 2: mean square 23 / 5 */
    cr_assert_float_eq(y[2], 3 / sqrtf(23.0f / 5 + 1e-5f) * -1, 1e-5);
}

Test(transformer, rms_inference)
{
    ir_value *x = value(DT_FLOAT, 3, (int64_t[]){2, 3, 4});
    ir_value *ok[2] = {x, value(DT_FLOAT, 2, (int64_t[]){1, 4})};
    ir_node *n = node("RMSNormalization", 23, 2, ok);
    cr_assert(n->def->infer(n), "%s", diag_message());
    cr_assert_eq(n->outputs[0]->dims[2], 4);
    ir_value *half[2] = {x, value(DT_FLOAT16, 1, (int64_t[]){4})};
    expect_rejected(node("RMSNormalization", 23, 2, half), "only equal types");
    /* axis -1 normalises [4]; a scale [2, 1, 4] varies along axis 0 */
    ir_value *outer[2] = {x, value(DT_FLOAT, 3, (int64_t[]){2, 1, 4})};
    expect_rejected(node("RMSNormalization", 23, 2, outer), "before axis");
    ir_value *wrong[2] = {x, value(DT_FLOAT, 1, (int64_t[]){3})};
    expect_rejected(node("RMSNormalization", 23, 2, wrong), "Scale/B dimension");
}

/* ---- Swish and SwiGLU ---------------------------------------------------------- */

Test(transformer, swish_f64_and_bf16_with_alpha)
{
    double x[5] = {-30, -1.5, 0, 0.75, 20}, y[5];
    rt_unary_alpha_params p = {.count = 5, .alpha = 0.5f};
    RUN(KERNEL_rt_swish_f64, &p, x, y);
    for (int i = 0; i < 5; i++)
        cr_assert_float_eq(y[i], x[i] / (1 + exp(-0.5 * x[i])), 1e-14 * fabs(x[i]), "element %d", i);

    uint16_t xh[5], yh[5];
    for (int i = 0; i < 5; i++) xh[i] = to_bf16((float)x[i]);
    p.alpha = 2;
    RUN(KERNEL_rt_swish_bf16, &p, xh, yh);
    for (int i = 0; i < 5; i++) {
        double want = x[i] / (1 + exp(-2 * x[i]));
        cr_assert_float_eq(from_bf16(yh[i]), want, fabs(want) / 128 + 1e-6, "element %d: %g, expected %g", i,
                           from_bf16(yh[i]), want);
    }
}

Test(transformer, swiglu_inference)
{
    ir_value *a = value(DT_FLOAT, 2, (int64_t[]){2, 4});
    ir_value *same[2] = {a, value(DT_FLOAT, 2, (int64_t[]){2, 4})};
    ir_node *n = node("SwiGLU", 28, 2, same);
    cr_assert(n->def->infer(n), "%s", diag_message());
    ir_value *bcast[2] = {a, value(DT_FLOAT, 1, (int64_t[]){4})};
    expect_rejected(node("SwiGLU", 28, 2, bcast), "same shape");
    ir_value *types[2] = {a, value(DT_DOUBLE, 2, (int64_t[]){2, 4})};
    expect_rejected(node("SwiGLU", 28, 2, types), "like A");
}
