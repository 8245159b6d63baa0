/* Unit tests for the transformer-block operators of opsets 23-28:
   RotaryEmbedding, RMSNormalization, Swish, SwiGLU, Attention and
   LinearAttention. The ONNX node cases cover them in float only, with every
   position id in range and a scale of the normalised shape; these tests add
   the paths they leave out: 3-D input with interleaved partial rotation,
   negative and out-of-range position ids, bfloat16 and double kernels, a
   broadcast RMSNormalization scale, Swish with alpha != 1, and the shapes
   and types inference rejects. Attention's kernel is checked against a
   plain double loop of the reference's algorithm on odd sizes (primes, head
   size 1, one query) with what the node cases do not combine: GQA with a
   past cache, a bool mask shorter than the keys and causal masking with
   softcap in every qk_matmul_output mode, and nonpad_kv_seqlen of 0 (a
   fully masked batch) with a rank-3 float mask, in float and bfloat16.
   LinearAttention's kernel is checked the same way in all four update
   rules with GQA, odd head sizes and both shapes of decay and beta. */
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

/* ---- Attention ------------------------------------------------------------------ */

/* The reference's algorithm (onnx/reference/ops/op_attention.py) in double
   on canonical tensors: q [B, Hq, Sq, D], k [B, Hkv, T, D] and v [B, Hkv,
   T, Dv] (past and new keys already concatenated), bias [B, Hq, Sq, T] (the
   mask, causal and padding terms already added); writes y [B, Hq, Sq, Dv]
   and qk [B, Hq, Sq, T] as qk_mode says. Sizes, scale, softcap and mode
   come from p; the layout fields are not used. */
static void attention_reference(const rt_attention_params *p, const float *q, const float *k, const float *v,
                                const float *bias, double *y, double *qk)
{
    const int64_t T = p->past_seq + p->kv_seq, D = p->head_size, DV = p->v_head_size;
    double sf = p->scale_sqrt, s[64], raw[64], capped[64];
    for (int64_t b = 0; b < p->batch; b++)
        for (int64_t h = 0; h < p->q_heads; h++)
            for (int64_t i = 0; i < p->q_seq; i++) {
                int64_t kvh = h / (p->q_heads / p->kv_heads), row = (b * p->q_heads + h) * p->q_seq + i;
                const float *bi = bias + row * T;
                double mx = -INFINITY, sum = 0;
                int masked = 1;
                for (int64_t j = 0; j < T; j++) {
                    const float *kj = k + ((b * p->kv_heads + kvh) * T + j) * D;
                    raw[j] = 0;
                    for (int64_t d = 0; d < D; d++) raw[j] += q[row * D + d] * sf * (kj[d] * sf);
                    capped[j] = p->softcap != 0 ? p->softcap * tanh(raw[j] / p->softcap) : raw[j];
                    s[j] = capped[j] + bi[j];
                    mx = fmax(mx, s[j]);
                    if (bi[j] != -INFINITY) masked = 0;
                }
                if (mx == -INFINITY) mx = 0;
                for (int64_t j = 0; j < T; j++) sum += exp(s[j] - mx);
                for (int64_t j = 0; j < T; j++) {
                    double prob = masked || sum == 0 ? 0 : exp(s[j] - mx) / sum;
                    double pick[4] = {raw[j], capped[j], s[j], prob};
                    qk[row * T + j] = pick[p->qk_mode];
                    s[j] = prob;
                }
                for (int64_t d = 0; d < DV; d++) {
                    y[row * DV + d] = 0;
                    for (int64_t j = 0; j < T; j++) y[row * DV + d] += s[j] * v[((b * p->kv_heads + kvh) * T + j) * DV + d];
                }
            }
}

/* Compares n kernel outputs with the reference's, as float. */
static void expect_close(const char *what, int64_t n, const float *got, const double *want, double tol)
{
    for (int64_t i = 0; i < n; i++)
        cr_assert(got[i] == want[i] || fabs(got[i] - want[i]) <= tol * (1 + fabs(want[i])), "%s element %lld: %g, expected %g", what,
                  (long long)i, got[i], want[i]);
}

/* Sizes of the first test: primes (head size 13: the kernel's 8 partial
   sums and a tail), GQA (6 q heads on 3 kv heads), a past cache, a bool
   mask one key short of the total. */
enum { AB = 2, AHQ = 6, AHKV = 3, ASQ = 3, ASKV = 2, AP = 3, AT = AP + ASKV, AD = 13, ADV = 7, AML = 4 };

Test(transformer, attention_3d_gqa_past_bool_mask_causal_softcap)
{
    /* canonical tensors, then the kernel's: Q [B, Sq, Hq * D], K and V 3-D, the caches 4-D */
    static float q4[AB * AHQ * ASQ * AD], k4[AB * AHKV * AT * AD], v4[AB * AHKV * AT * ADV], bias[AB * AHQ * ASQ * AT];
    static float q[AB * ASQ * AHQ * AD], k[AB * ASKV * AHKV * AD], v[AB * ASKV * AHKV * ADV];
    static float pk[AB * AHKV * AP * AD], pv[AB * AHKV * AP * ADV], y[AB * ASQ * AHQ * ADV];
    static float qk[AB * AHQ * ASQ * AT], present_k[AB * AHKV * AT * AD], present_v[AB * AHKV * AT * ADV];
    static float scratch[AT + AD + ADV];
    static uint8_t mask[AB * ASQ * AML];
    static double want_y[AB * AHQ * ASQ * ADV], want_qk[AB * AHQ * ASQ * AT];
    for (int i = 0; i < AB * AHQ * ASQ * AD; i++) q4[i] = (float)((i * 37) % 23) / 8 - 1.4f;
    for (int i = 0; i < AB * AHKV * AT * AD; i++) k4[i] = (float)((i * 29) % 19) / 6 - 1.5f;
    for (int i = 0; i < AB * AHKV * AT * ADV; i++) v4[i] = (float)((i * 13) % 17) / 4 - 2;
    for (int b = 0; b < AB; b++)
        for (int h = 0; h < AHKV; h++)
            for (int t = 0; t < AT; t++) {
                const float *kr = k4 + ((b * AHKV + h) * AT + t) * AD, *vr = v4 + ((b * AHKV + h) * AT + t) * ADV;
                float *kd = t < AP ? pk + ((b * AHKV + h) * AP + t) * AD : k + ((b * ASKV + t - AP) * AHKV + h) * AD;
                float *vd = t < AP ? pv + ((b * AHKV + h) * AP + t) * ADV : v + ((b * ASKV + t - AP) * AHKV + h) * ADV;
                memcpy(kd, kr, sizeof(float) * AD);
                memcpy(vd, vr, sizeof(float) * ADV);
            }
    for (int b = 0; b < AB; b++)
        for (int h = 0; h < AHQ; h++)
            for (int i = 0; i < ASQ; i++) {
                memcpy(q + ((b * ASQ + i) * AHQ + h) * AD, q4 + ((b * AHQ + h) * ASQ + i) * AD, sizeof(float) * AD);
                for (int j = 0; j < AT; j++) {
                    /* mask [B, 1, Sq, 4]: row (1, 0) all false, so fully masked */
                    int allowed = j < AML && (b * 7 + i * 3 + j) % 4 != 0 && !(b == 1 && i == 0);
                    if (j < AML) mask[(b * ASQ + i) * AML + j] = (uint8_t)allowed;
                    float bi = allowed ? 0.0f : -INFINITY;
                    if (j > i + AP) bi += -INFINITY; /* causal, offset = past */
                    bias[((b * AHQ + h) * ASQ + i) * AT + j] = bi;
                }
            }
    rt_attention_params p = {.batch = AB, .q_heads = AHQ, .kv_heads = AHKV, .q_seq = ASQ, .kv_seq = ASKV,
                             .past_seq = AP, .head_size = AD, .v_head_size = ADV,
                             .q_strides = {ASQ * AHQ * AD, AD, AHQ * AD}, .k_strides = {ASKV * AHKV * AD, AD, AHKV * AD},
                             .v_strides = {ASKV * AHKV * ADV, ADV, AHKV * ADV},
                             .y_strides = {ASQ * AHQ * ADV, ADV, AHQ * ADV}, .mask = RT_ATTENTION_MASK_BOOL,
                             .mask_strides = {ASQ * AML, 0, AML}, .mask_len = AML, .is_causal = 1,
                             .scale_sqrt = 0.6f, .softcap = 1.5f};
    cr_assert_eq(rt_attention_scratch_floats(&p), AT + AD + ADV);
    for (int mode = 0; mode < 4; mode++) {
        p.qk_mode = mode;
        RUN(KERNEL_rt_attention_f32, &p, q, k, v, mask, pk, pv, NULL, y, qk, scratch);
        attention_reference(&p, q4, k4, v4, bias, want_y, want_qk);
        expect_close("qk_matmul_output", AB * AHQ * ASQ * AT, qk, want_qk, 1e-5);
    }
    /* y back to canonical order */
    static float y4[AB * AHQ * ASQ * ADV];
    for (int b = 0; b < AB; b++)
        for (int h = 0; h < AHQ; h++)
            for (int i = 0; i < ASQ; i++)
                memcpy(y4 + ((b * AHQ + h) * ASQ + i) * ADV, y + ((b * ASQ + i) * AHQ + h) * ADV, sizeof(float) * ADV);
    expect_close("Y", AB * AHQ * ASQ * ADV, y4, want_y, 1e-5);
    cr_assert_eq(y4[(1 * AHQ * ASQ + 0) * ADV], 0.0f, "the fully masked row is 0");

    rt_kv_cache_params kc = {.batch = AB, .heads = AHKV, .past_seq = AP, .seq = ASKV, .head_size = AD,
                             .x_strides = {ASKV * AHKV * AD, AD, AHKV * AD}};
    RUN(KERNEL_rt_kv_cache_x32, &kc, pk, k, present_k);
    cr_assert_arr_eq(present_k, k4, sizeof k4);
    kc.head_size = ADV;
    memcpy(kc.x_strides, p.v_strides, sizeof kc.x_strides);
    RUN(KERNEL_rt_kv_cache_x32, &kc, pv, v, present_v);
    cr_assert_arr_eq(present_v, v4, sizeof v4);
}

/* Sizes of the second: one query (decode), head size 1, an external cache
   of 7 keys of which batch b has nonpad[b] valid (0 for the last). */
enum { NB = 3, NH = 2, NKV = 7, NDV = 3 };

Test(transformer, attention_4d_decode_nonpad_float_mask_bf16)
{
    float q[NB * NH], k[NB * NH * NKV], v[NB * NH * NKV * NDV], mask[NH * NKV], bias[NB * NH * NKV];
    float y[NB * NH * NDV], qk[NB * NH * NKV], scratch[NKV + 1 + NDV];
    double want_y[NB * NH * NDV], want_qk[NB * NH * NKV];
    int64_t nonpad[NB] = {7, 3, 0};
    for (int i = 0; i < NB * NH; i++) q[i] = (float)(i % 5) - 2;
    for (int i = 0; i < NB * NH * NKV; i++) k[i] = (float)((i * 5) % 9) / 4 - 1;
    for (int i = 0; i < NB * NH * NKV * NDV; i++) v[i] = (float)((i * 7) % 11) / 2 - 2.5f;
    /* mask [Hq, 1, kv] (rank 3: heads, not batch), one -inf */
    for (int i = 0; i < NH * NKV; i++) mask[i] = i == 4 ? -INFINITY : (float)(i % 3) / 2 - 0.5f;
    rt_attention_params p = {.batch = NB, .q_heads = NH, .kv_heads = NH, .q_seq = 1, .kv_seq = NKV, .head_size = 1,
                             .v_head_size = NDV, .q_strides = {NH, 1, 1}, .k_strides = {NH * NKV, NKV, 1},
                             .v_strides = {NH * NKV * NDV, NKV * NDV, NDV}, .y_strides = {NH * NDV, NDV, NDV},
                             .mask = RT_ATTENTION_MASK_ADD, .mask_strides = {0, NKV, 0}, .mask_len = NKV,
                             .qk_mode = RT_ATTENTION_QK_SOFTMAX, .scale_sqrt = 1};
    /* without is_causal only the padding masks; with it, the causal frontier nonpad - 1 masks the same keys */
    for (int causal = 0; causal < 2; causal++) {
        for (int b = 0; b < NB; b++)
            for (int h = 0; h < NH; h++)
                for (int j = 0; j < NKV; j++) {
                    float bi = mask[h * NKV + j];
                    if (causal && j > nonpad[b] - 1) bi += -INFINITY; /* offset nonpad - q_seq */
                    if (j >= nonpad[b]) bi += -INFINITY;
                    bias[(b * NH + h) * NKV + j] = bi;
                }
        p.is_causal = causal;
        RUN(KERNEL_rt_attention_f32, &p, q, k, v, mask, NULL, NULL, nonpad, y, qk, scratch);
        attention_reference(&p, q, k, v, bias, want_y, want_qk);
        expect_close("Y", NB * NH * NDV, y, want_y, 1e-5);
        expect_close("probabilities", NB * NH * NKV, qk, want_qk, 1e-5);
    }
    for (int i = 2 * NH * NDV; i < NB * NH * NDV; i++) cr_assert_eq(y[i], 0.0f, "batch 2 has no valid key");

    /* bfloat16: the same inputs (exact in bfloat16), results within its precision */
    uint16_t qh[NB * NH], kh[NB * NH * NKV], vh[NB * NH * NKV * NDV], mh[NH * NKV], yh[NB * NH * NDV], qkh[NB * NH * NKV];
    for (int i = 0; i < NB * NH; i++) qh[i] = to_bf16(q[i]);
    for (int i = 0; i < NB * NH * NKV; i++) kh[i] = to_bf16(k[i]);
    for (int i = 0; i < NB * NH * NKV * NDV; i++) vh[i] = to_bf16(v[i]);
    for (int i = 0; i < NH * NKV; i++) mh[i] = to_bf16(mask[i]);
    RUN(KERNEL_rt_attention_bf16, &p, qh, kh, vh, mh, NULL, NULL, nonpad, yh, qkh, scratch);
    for (int i = 0; i < NB * NH * NDV; i++)
        cr_assert_float_eq(from_bf16(yh[i]), y[i], fabsf(y[i]) / 64 + 1e-6f, "bf16 element %d", i);
}

/* An Attention node with all four outputs. */
static ir_node *attention_node(int opset, int ni, ir_value **in)
{
    ir_node *n = node("Attention", opset, ni, in);
    n->outputs = ir_alloc(g, sizeof(ir_value *) * 4);
    n->num_outputs = 4;
    for (int i = 0; i < 4; i++) n->outputs[i] = ir_value_new(g, "out");
    return n;
}

Test(transformer, attention_inference)
{
    /* 3-D: Q [2, 3, 12] in 4 heads of 3, K and V [2, 5, 6] in 2 heads (V's head size 3), past 4 */
    ir_value *q = value(DT_FLOAT, 3, (int64_t[]){2, 3, 12}), *kv = value(DT_FLOAT, 3, (int64_t[]){2, 5, 6});
    ir_value *past = value(DT_FLOAT, 4, (int64_t[]){2, 2, 4, 3});
    ir_value *in[6] = {q, kv, kv, value(DT_BOOL, 2, (int64_t[]){3, 8}), past, past};
    ir_node *n = attention_node(23, 6, in);
    expect_rejected(n, "q_num_heads and kv_num_heads");
    attr_i(n, "q_num_heads", 4);
    attr_i(n, "kv_num_heads", 2);
    cr_assert(n->def->infer(n), "%s", diag_message());
    int64_t y[3] = {2, 3, 12}, present[4] = {2, 2, 9, 3}, qk[4] = {2, 4, 3, 9};
    cr_assert_arr_eq(n->outputs[0]->dims, y, sizeof y);
    cr_assert_arr_eq(n->outputs[1]->dims, present, sizeof present);
    cr_assert_arr_eq(n->outputs[3]->dims, qk, sizeof qk);

    ir_value *q3[3] = {value(DT_FLOAT, 3, (int64_t[]){2, 3, 9}), kv, kv};
    ir_node *gqa = attention_node(23, 3, q3);
    attr_i(gqa, "q_num_heads", 3);
    attr_i(gqa, "kv_num_heads", 2);
    expect_rejected(gqa, "multiple of kv heads");

    ir_value *wide_mask[4] = {q, kv, kv, value(DT_FLOAT, 2, (int64_t[]){3, 6})};
    ir_node *wide = attention_node(23, 4, wide_mask);
    attr_i(wide, "q_num_heads", 4);
    attr_i(wide, "kv_num_heads", 2);
    expect_rejected(wide, "exceeds the total sequence length");

    ir_value *q4 = value(DT_FLOAT, 4, (int64_t[]){2, 2, 3, 4}), *k4 = value(DT_FLOAT, 4, (int64_t[]){2, 2, 5, 4});
    ir_value *half[3] = {q4, k4, value(DT_FLOAT16, 4, (int64_t[]){2, 2, 5, 4})};
    expect_rejected(attention_node(23, 3, half), "only equal types");
    ir_value *nonpad[7] = {q4, k4, k4, NULL, value(DT_FLOAT, 4, (int64_t[]){2, 2, 1, 4}),
                           value(DT_FLOAT, 4, (int64_t[]){2, 2, 1, 4}), value(DT_INT64, 1, (int64_t[]){2})};
    expect_rejected(attention_node(24, 7, nonpad), "cannot be combined");
    expect_rejected(attention_node(23, 7, nonpad), "inputs");
    expect_rejected(attention_node(25, 3, nonpad), "opsets 23 and 24");
}

/* ---- LinearAttention ------------------------------------------------------------ */

/* Sizes: 6 query heads on 3 kv heads, head sizes 3 (keys) and 5 (values). */
enum { LB = 2, LT = 3, LHQ = 6, LHKV = 3, LDK = 3, LDV = 5 };

/* The spec's recurrence in double, per kv head (b, g):
   S = exp(g_t) S + beta_t k_t (x) (v_t - exp(g_t) S^T k_t), o_t = scale q_t^T S. */
static void linear_attention_reference(const rt_linear_attention_params *p, const float *q, const float *k,
                                       const float *v, const float *past, const float *decay, const float *beta,
                                       double *y, double *state_out)
{
    for (int b = 0; b < LB; b++)
        for (int g = 0; g < LHKV; g++) {
            double S[LDK][LDV];
            for (int d = 0; d < LDK; d++)
                for (int m = 0; m < LDV; m++) S[d][m] = past ? past[((b * LHKV + g) * LDK + d) * LDV + m] : 0;
            for (int t = 0; t < LT; t++) {
                int tok = b * LT + t;
                const float *kt = k + (tok * LHKV + g) * LDK, *vt = v + (tok * LHKV + g) * LDV;
                for (int d = 0; d < LDK; d++) {
                    double gate = !p->gated ? 1 : exp(decay[p->decay_per_key ? (tok * LHKV + g) * LDK + d : tok * LHKV + g]);
                    for (int m = 0; m < LDV; m++) S[d][m] *= gate;
                }
                double bt = !p->delta ? 1 : beta[p->beta_per_head ? tok * LHKV + g : tok], w[LDV];
                for (int m = 0; m < LDV; m++) {
                    double got = 0;
                    for (int d = 0; d < LDK && p->delta; d++) got += S[d][m] * kt[d];
                    w[m] = bt * (vt[m] - got);
                }
                for (int d = 0; d < LDK; d++)
                    for (int m = 0; m < LDV; m++) S[d][m] += kt[d] * w[m];
                for (int h = g * (LHQ / LHKV); h < (g + 1) * (LHQ / LHKV); h++)
                    for (int m = 0; m < LDV; m++) {
                        double o = 0;
                        for (int d = 0; d < LDK; d++) o += q[(tok * LHQ + h) * LDK + d] * S[d][m];
                        y[(tok * LHQ + h) * LDV + m] = p->scale * o;
                    }
            }
            for (int d = 0; d < LDK; d++)
                for (int m = 0; m < LDV; m++) state_out[((b * LHKV + g) * LDK + d) * LDV + m] = S[d][m];
        }
}

Test(transformer, linear_attention_every_rule_gqa_odd_sizes)
{
    static float q[LB * LT * LHQ * LDK], k[LB * LT * LHKV * LDK], v[LB * LT * LHKV * LDV];
    static float past[LB * LHKV * LDK * LDV], decay[LB * LT * LHKV * LDK], beta[LB * LT * LHKV];
    static float y[LB * LT * LHQ * LDV], state[LB * LHKV * LDK * LDV], scratch[LDK * LDV + LDK + LDV];
    static double want_y[LB * LT * LHQ * LDV], want_state[LB * LHKV * LDK * LDV];
    for (int i = 0; i < LB * LT * LHQ * LDK; i++) q[i] = (float)((i * 7) % 13) / 6 - 1;
    for (int i = 0; i < LB * LT * LHKV * LDK; i++) k[i] = (float)((i * 5) % 11) / 10 - 0.5f;
    for (int i = 0; i < LB * LT * LHKV * LDV; i++) v[i] = (float)((i * 3) % 7) / 3 - 1;
    for (int i = 0; i < LB * LHKV * LDK * LDV; i++) past[i] = (float)((i * 11) % 9) / 8 - 0.5f;
    for (int i = 0; i < LB * LT * LHKV * LDK; i++) decay[i] = -(float)((i * 3) % 5) / 7;
    for (int i = 0; i < LB * LT * LHKV; i++) beta[i] = (float)((i * 2) % 7 + 1) / 8;
    /* rule = gated + 2 * delta; odd rules with per-key decay, and the per-head / shared gate shapes */
    for (int rule = 0; rule < 4; rule++)
        for (int shapes = 0; shapes < 2; shapes++) {
            rt_linear_attention_params p = {.batch = LB, .seq = LT, .q_heads = LHQ, .kv_heads = LHKV, .key_size = LDK,
                                            .value_size = LDV, .gated = rule & 1, .delta = rule >> 1,
                                            .decay_per_key = shapes, .beta_per_head = shapes, .scale = 0.7f};
            float *pst = shapes ? past : NULL;
            cr_assert_eq(rt_linear_attention_scratch_floats(&p), LDK * LDV + LDK + LDV);
            RUN(KERNEL_rt_linear_attention_f32, &p, q, k, v, pst, decay, beta, y, state, scratch);
            linear_attention_reference(&p, q, k, v, pst, decay, beta, want_y, want_state);
            expect_close("output", LB * LT * LHQ * LDV, y, want_y, 1e-5);
            expect_close("present_state", LB * LHKV * LDK * LDV, state, want_state, 1e-5);
        }
}

Test(transformer, linear_attention_inference)
{
    ir_value *q = value(DT_FLOAT, 3, (int64_t[]){2, 3, 18}), *kv = value(DT_FLOAT, 3, (int64_t[]){2, 3, 9});
    ir_value *decay = value(DT_FLOAT, 3, (int64_t[]){2, 3, 3}), *beta = value(DT_FLOAT, 3, (int64_t[]){2, 3, 1});
    ir_value *in[6] = {q, kv, kv, value(DT_FLOAT, 4, (int64_t[]){2, 3, 3, 3}), decay, beta};
    ir_node *n = node("LinearAttention", 27, 6, in);
    expect_rejected(n, "positive multiple");
    attr_i(n, "q_num_heads", 6);
    attr_i(n, "kv_num_heads", 3);
    cr_assert(n->def->infer(n), "%s", diag_message());
    int64_t y[3] = {2, 3, 18};
    cr_assert_arr_eq(n->outputs[0]->dims, y, sizeof y);

    ir_node *no_decay = node("LinearAttention", 27, 6, (ir_value *[]){q, kv, kv, NULL, NULL, beta});
    attr_i(no_decay, "q_num_heads", 6);
    attr_i(no_decay, "kv_num_heads", 3);
    expect_rejected(no_decay, "decay given");

    ir_node *bad_beta = node("LinearAttention", 27, 6, (ir_value *[]){q, kv, kv, NULL, decay, decay});
    attr_i(bad_beta, "q_num_heads", 6);
    attr_i(bad_beta, "kv_num_heads", 4);
    expect_rejected(bad_beta, "positive multiple");
    bad_beta->num_attrs = 1;
    attr_i(bad_beta, "kv_num_heads", 3);
    ir_value *b2 = value(DT_FLOAT, 3, (int64_t[]){2, 3, 2});
    bad_beta->inputs[5] = b2;
    expect_rejected(bad_beta, "beta must be");

    ir_node *half = node("LinearAttention", 27, 6,
                         (ir_value *[]){q, kv, kv, value(DT_FLOAT16, 4, (int64_t[]){2, 3, 3, 3}), decay, beta});
    attr_i(half, "q_num_heads", 6);
    attr_i(half, "kv_num_heads", 3);
    expect_rejected(half, "only equal types");
}
