/* Unit tests for the pool, normalization and softmax families: shape
   inference of behaviours the ONNX backend cases do not reach (ceil_mode's
   dropped last window, SAME_LOWER, legacy opsets) and the kernels on small
   hand-checked inputs (column-major argmax, int8 padding, count_include_pad
   with ceil_mode, broadcast LayerNorm parameters, strided softmax). */
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

TestSuite(poolnorm, .init = setup, .fini = teardown);

/* ---- building nodes ------------------------------------------------------ */

static ir_value *value(int32_t dtype, int rank, const int64_t *dims)
{
    ir_value *v = ir_value_new(g, "v");
    ir_value_set_shape(v, dtype, rank, dims);
    return v;
}

static ir_node *node(const char *op, int opset, int ni, ir_value **in, int no)
{
    ir_node *n = ir_node_new(g, op, ni, no);
    n->opset = opset;
    n->attrs = ir_alloc(g, sizeof(ir_attr) * 8);
    for (int i = 0; i < ni; i++) n->inputs[i] = in[i];
    for (int i = 0; i < no; i++) n->outputs[i] = ir_value_new(g, "out");
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

static void attr_is(ir_node *n, const char *name, int count, const int64_t *v)
{
    ir_attr *a = &n->attrs[n->num_attrs++];
    a->name = ir_strdup(g, name);
    a->type = IR_ATTR_INTS;
    a->count = count;
    a->ints = ir_alloc(g, sizeof(int64_t) * (size_t)count);
    memcpy(a->ints, v, sizeof(int64_t) * (size_t)count);
}

static void attr_s(ir_node *n, const char *name, const char *s)
{
    ir_attr *a = &n->attrs[n->num_attrs++];
    a->name = ir_strdup(g, name);
    a->type = IR_ATTR_STRING;
    a->s = ir_strdup(g, s);
}

/* ---- shape inference ----------------------------------------------------- */

Test(poolnorm, ceil_mode_drops_window_starting_in_padding)
{
    /* in 5, kernel 2, stride 2, pads 1/1: ceil((5+2-2)/2)+1 = 4, but window 3
       would start at 3*2-1 = 5 >= in: dropped, 3 outputs. */
    ir_value *x = value(DT_FLOAT, 3, (int64_t[]){1, 1, 5});
    ir_node *n = node("MaxPool", 12, 1, &x, 2);
    attr_is(n, "kernel_shape", 1, (int64_t[]){2});
    attr_is(n, "strides", 1, (int64_t[]){2});
    attr_is(n, "pads", 2, (int64_t[]){1, 1});
    attr_i(n, "ceil_mode", 1);
    cr_assert(n->def->infer(n), "%s", diag_message());
    cr_assert_eq(n->outputs[0]->dims[2], 3);
    cr_assert_eq(n->outputs[1]->dtype, DT_INT64);
    cr_assert_eq(n->outputs[1]->dims[2], 3);
}

Test(poolnorm, same_lower_and_valid)
{
    ir_value *x = value(DT_FLOAT, 4, (int64_t[]){1, 2, 7, 6});
    ir_node *n = node("AveragePool", 11, 1, &x, 1);
    attr_is(n, "kernel_shape", 2, (int64_t[]){3, 3});
    attr_is(n, "strides", 2, (int64_t[]){2, 4});
    attr_s(n, "auto_pad", "SAME_LOWER");
    cr_assert(n->def->infer(n), "%s", diag_message());
    cr_assert_eq(n->outputs[0]->dims[2], 4);
    cr_assert_eq(n->outputs[0]->dims[3], 2);

    ir_node *v = node("AveragePool", 11, 1, &x, 1);
    attr_is(v, "kernel_shape", 2, (int64_t[]){3, 3});
    attr_is(v, "strides", 2, (int64_t[]){2, 4});
    attr_s(v, "auto_pad", "VALID");
    cr_assert(v->def->infer(v), "%s", diag_message());
    cr_assert_eq(v->outputs[0]->dims[2], 3);
    cr_assert_eq(v->outputs[0]->dims[3], 1);
}

Test(poolnorm, pool_rejects_bad_attributes)
{
    ir_value *x = value(DT_FLOAT, 4, (int64_t[]){1, 2, 7, 6});
    ir_node *n = node("MaxPool", 12, 1, &x, 1);
    attr_is(n, "kernel_shape", 1, (int64_t[]){3});
    cr_assert_not(n->def->infer(n));
    cr_assert(strstr(diag_message(), "kernel_shape"), "%s", diag_message());
}

Test(poolnorm, batchnorm_training_outputs)
{
    ir_value *in[5] = {value(DT_FLOAT, 3, (int64_t[]){2, 3, 4})};
    for (int i = 1; i < 5; i++) in[i] = value(DT_FLOAT, 1, (int64_t[]){3});
    ir_node *n = node("BatchNormalization", 15, 5, in, 3);
    attr_i(n, "training_mode", 1);
    cr_assert(n->def->infer(n), "%s", diag_message());
    cr_assert_eq(n->outputs[1]->rank, 1);
    cr_assert_eq(n->outputs[1]->dims[0], 3);
}

Test(poolnorm, layernorm_stats_shape)
{
    ir_value *in[2] = {value(DT_FLOAT, 3, (int64_t[]){2, 3, 4}), value(DT_FLOAT, 1, (int64_t[]){4})};
    ir_node *n = node("LayerNormalization", 17, 2, in, 3);
    attr_i(n, "axis", 1);
    cr_assert(n->def->infer(n), "%s", diag_message());
    cr_assert_eq(n->outputs[1]->rank, 3);
    cr_assert_eq(n->outputs[1]->dims[0], 2);
    cr_assert_eq(n->outputs[1]->dims[1], 1);
    cr_assert_eq(n->outputs[1]->dims[2], 1);
}

/* ---- kernels ---------------------------------------------------------------- */

/* 3-D pool parameters for a 2-D pool: leading dimension of 1. */
static rt_pool_params pool2d_as_3d(int64_t outer, int64_t h, int64_t w, int64_t oh, int64_t ow, int64_t k, int64_t s,
                                   int64_t pb, int64_t pe)
{
    return (rt_pool_params){.outer = outer, .in_size = {1, h, w}, .out_size = {1, oh, ow}, .kernel = {1, k, k},
                            .stride = {1, s, s}, .pad_begin = {0, pb, pb}, .pad_end = {0, pe, pe},
                            .dilation = {1, 1, 1}};
}

Test(poolnorm, maxpool_column_major_indices)
{
    /* 1 x 2 channels x 2 x 3, kernel 2, stride 1 -> 1 x 2 outputs per channel. */
    float x[12] = {1, 5, 2, 4, 3, 6, /* channel 1 */ 9, 0, 0, 0, 8, 9};
    float y[4];
    int64_t ind[4];
    rt_pool_params p = pool2d_as_3d(2, 2, 3, 1, 2, 2, 1, 0, 0);
    p.storage_order = 1;
    RUN(KERNEL_rt_maxpool_f32, &p, x, y, ind);
    cr_assert_eq(y[0], 5);
    cr_assert_eq(y[1], 6);
    cr_assert_eq(y[2], 9);
    cr_assert_eq(y[3], 9);
    /* column major: h + w * H, plus the channel offset 6. */
    cr_assert_eq(ind[0], 0 + 1 * 2);
    cr_assert_eq(ind[1], 1 + 2 * 2);
    cr_assert_eq(ind[2], 6 + 0);             /* first maximum wins */
    cr_assert_eq(ind[3], 6 + 1 + 2 * 2);
}

Test(poolnorm, maxpool_int8_padding_is_not_zero)
{
    int8_t x[4] = {-5, -7, -9, -3};
    int8_t y[9];
    rt_pool_params p = pool2d_as_3d(1, 2, 2, 3, 3, 2, 1, 1, 1);
    RUN(KERNEL_rt_maxpool_i8, &p, x, y, NULL);
    cr_assert_eq(y[0], -5);
    cr_assert_eq(y[4], -3);
    cr_assert_eq(y[8], -3);
}

Test(poolnorm, avgpool_count_include_pad_ignores_ceil_extension)
{
    /* 1-D (as 1 x 1 x 4): in 4, kernel 2, stride 2, pad_begin 1, pad_end 0,
       ceil: 3 outputs; the last window covers positions 3 and 4, and 4 is
       beyond the explicit padding: divisor 1, not 2. */
    float x[4] = {2, 4, 8, 16};
    float y[3];
    rt_pool_params p = {.outer = 1, .in_size = {1, 1, 4}, .out_size = {1, 1, 3}, .kernel = {1, 1, 2},
                        .stride = {1, 1, 2}, .pad_begin = {0, 0, 1}, .pad_end = {0, 0, 0}, .dilation = {1, 1, 1},
                        .count_include_pad = 1};
    RUN(KERNEL_rt_avgpool_f32, &p, x, y);
    cr_assert_float_eq(y[0], 1.0f, 1e-6);   /* (0 + 2) / 2 */
    cr_assert_float_eq(y[1], 6.0f, 1e-6);   /* (4 + 8) / 2 */
    cr_assert_float_eq(y[2], 16.0f, 1e-6);  /* 16 / 1 */
}

Test(poolnorm, lppool_and_global_lppool)
{
    /* p = 3 over 1-D windows of 2; the global pool over all 4. */
    float x[4] = {1, -2, 2, 0}, y[2], g[1];
    rt_pool_params p = {.outer = 1, .in_size = {1, 1, 4}, .out_size = {1, 1, 2}, .kernel = {1, 1, 2},
                        .stride = {1, 1, 2}, .dilation = {1, 1, 1}, .power = 3};
    RUN(KERNEL_rt_lppool_f32, &p, x, y);
    cr_assert_float_eq(y[0], cbrtf(9), 1e-6);
    cr_assert_float_eq(y[1], 2.0f, 1e-6);
    rt_global_lppool_params gp = {.outer = 1, .inner = 4, .power = 3};
    RUN(KERNEL_rt_global_lppool_f32, &gp, x, g);
    cr_assert_float_eq(g[0], cbrtf(17), 1e-6);
}

/* The fast 2-D kernels (rt_maxpool2d_*, rt_avgpool2d_*) against the generic
   ones over many small geometries, including windows partly or wholly in the
   padding (empty windows), NaN and signed zeros: results must be identical. */
static rt_pool_params pool2d_geom(int64_t h, int64_t w, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t pbh,
                                  int64_t pbw, int64_t peh, int64_t pew)
{
    int64_t oh = (h + pbh + peh - kh + sh - 1) / sh + 1, ow = (w + pbw + pew - kw + sw - 1) / sw + 1;
    return (rt_pool_params){.outer = 2, .in_size = {1, h, w}, .out_size = {1, oh, ow}, .kernel = {1, kh, kw},
                            .stride = {1, sh, sw}, .pad_begin = {0, pbh, pbw}, .pad_end = {0, peh, pew},
                            .dilation = {1, 1, 1}};
}

/* The same geometry for the fast kernels. */
static rt_pool2d_params pool2d_fast(const rt_pool_params *q)
{
    return (rt_pool2d_params){.outer = q->outer, .in_h = q->in_size[1], .in_w = q->in_size[2],
                              .out_h = q->out_size[1], .out_w = q->out_size[2], .kernel_h = q->kernel[1],
                              .kernel_w = q->kernel[2], .stride_h = q->stride[1], .stride_w = q->stride[2],
                              .pad_top = q->pad_begin[1], .pad_left = q->pad_begin[2],
                              .pad_bottom = q->pad_end[1], .pad_right = q->pad_end[2],
                              .count_include_pad = q->count_include_pad};
}

/* One geometry, every kernel pair; p->count_include_pad is varied here. */
static void compare_fast_2d(rt_pool_params *p, const float *x, const int8_t *xi)
{
    float y0[2 * 16 * 16], y1[2 * 16 * 16];
    int8_t yi0[2 * 16 * 16], yi1[2 * 16 * 16];
    size_t ny = (size_t)(2 * p->out_size[1] * p->out_size[2]);
    cr_assert(ny <= 2 * 16 * 16);
    rt_pool2d_params q = pool2d_fast(p);
    RUN(KERNEL_rt_maxpool_f32, p, (void *)x, y0, NULL);
    RUN(KERNEL_rt_maxpool2d_f32, &q, (void *)x, y1);
    cr_assert(memcmp(y0, y1, ny * sizeof(float)) == 0, "maxpool f32 h%d w%d k%dx%d s%d", (int)p->in_size[1],
              (int)p->in_size[2], (int)p->kernel[1], (int)p->kernel[2], (int)p->stride[1]);
    RUN(KERNEL_rt_maxpool_i8, p, (void *)xi, yi0, NULL);
    RUN(KERNEL_rt_maxpool2d_i8, &q, (void *)xi, yi1);
    cr_assert(memcmp(yi0, yi1, ny) == 0, "maxpool i8");
    for (int64_t mode = 0; mode <= 1; mode++) {
        p->count_include_pad = q.count_include_pad = mode;
        RUN(KERNEL_rt_avgpool_f32, p, (void *)x, y0);
        RUN(KERNEL_rt_avgpool2d_f32, &q, (void *)x, y1);
        cr_assert(memcmp(y0, y1, ny * sizeof(float)) == 0, "avgpool f32 mode %d", (int)mode);
    }
}

Test(poolnorm, fast_2d_kernels_match_generic)
{
    float x[2 * 7 * 7];
    int8_t xi[2 * 7 * 7];
    unsigned seed = 12345;
    int cases = 0;
    for (int i = 0; i < 2 * 7 * 7; i++) {
        seed = seed * 1103515245u + 12345u;
        int r = (int)((seed >> 16) % 23) - 11;
        x[i] = r == 11 ? NAN : r == 10 ? -0.0f : r == 9 ? 0.0f : (float)r * 0.25f;
        xi[i] = (int8_t)(r * 11);
    }
    for (int64_t h = 1; h <= 7; h += 2)
        for (int64_t w = 1; w <= 7; w += 3)
            for (int64_t kh = 1; kh <= 4; kh++)
                for (int64_t kw = 1; kw <= 4; kw++)
                    for (int64_t s = 1; s <= 3; s++)
                        for (int64_t pb = 0; pb <= 2; pb++)
                            for (int64_t pe = 0; pe <= 3; pe++) {
                                if (h + pb + pe < kh || w + pb + pe < kw) continue;
                                rt_pool_params p =
                                    pool2d_geom(h, w, kh, kw, s, 3 - s + 1, pb, (pb + 1) % 3, pe, 3 - pe);
                                if (w + p.pad_begin[2] + p.pad_end[2] < kw) continue;
                                compare_fast_2d(&p, x, xi);
                                cases++;
                            }
    cr_assert(cases > 500, "only %d geometries", cases);
}

/* Rows wider than the fast MaxPool's run of 64 outputs (runs and their
   remainders, strides 1 to 3, windows at both edges in the padding), with
   NaN and signed zeros: identical to the generic kernel. */
Test(poolnorm, fast_maxpool_wide_rows_match_generic)
{
    static float x[2 * 5 * 203], y0[2 * 7 * 205], y1[2 * 7 * 205];
    unsigned seed = 777;
    for (int i = 0; i < 2 * 5 * 203; i++) {
        seed = seed * 1103515245u + 12345u;
        int r = (int)((seed >> 16) % 41) - 20;
        x[i] = r == 20 ? NAN : r == 19 ? -0.0f : r == 18 ? 0.0f : (float)r * 0.5f;
    }
    static const int64_t widths[] = {64, 65, 130, 203};
    for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++)
        for (int64_t k = 2; k <= 3; k++)
            for (int64_t s = 1; s <= 3; s++)
                for (int64_t pad = 0; pad <= 1; pad++) {
                    rt_pool_params p = pool2d_geom(5, widths[wi], k, k, s, s, pad, pad, pad, pad);
                    rt_pool2d_params q = pool2d_fast(&p);
                    size_t ny = (size_t)(2 * p.out_size[1] * p.out_size[2]);
                    RUN(KERNEL_rt_maxpool_f32, &p, (void *)x, y0, NULL);
                    RUN(KERNEL_rt_maxpool2d_f32, &q, (void *)x, y1);
                    cr_assert(memcmp(y0, y1, ny * sizeof(float)) == 0, "maxpool w%d k%d s%d pad%d",
                              (int)widths[wi], (int)k, (int)s, (int)pad);
                }
}

Test(poolnorm, softmax_strided_and_large)
{
    /* outer 1, n 2, inner 2: rows {1000, 1001} and {-1, -1}. */
    float x[4] = {1000, -1, 1001, -1};
    float y[4];
    rt_softmax_params p = {.outer = 1, .axis_size = 2, .inner = 2};
    void *t[] = {x, y};
    rt_kernel(KERNEL_rt_softmax_f32)->call(&p, t);
    cr_assert_float_eq(y[0] + y[2], 1.0f, 1e-6);
    cr_assert_float_eq(y[2], 1 / (1 + expf(-1)), 1e-6);
    cr_assert_float_eq(y[1], 0.5f, 1e-6);
    rt_kernel(KERNEL_rt_logsoftmax_f32)->call(&p, t);
    cr_assert_float_eq(y[3], -logf(2), 1e-6);
    rt_kernel(KERNEL_rt_hardmax_f32)->call(&p, t);
    cr_assert(y[0] == 0 && y[2] == 1 && y[1] == 1 && y[3] == 0);
}

/* Softmax and LogSoftmax f32 (exps written into y, then summed in four
   partial sums) against the formula in double, on odd axis lengths (the
   partial sums' remainders) and strided rows; a row with NaN gives NaN. */
Test(poolnorm, softmax_odd_lengths_match_double)
{
    static const int64_t lengths[] = {1, 2, 3, 5, 7, 13, 17, 31, 65};
    static float x[3 * 65 * 3], y[3 * 65 * 3];
    for (size_t li = 0; li < sizeof lengths / sizeof lengths[0]; li++)
        for (int64_t inner = 1; inner <= 3; inner += 2) {
            int64_t n = lengths[li], outer = 3, total = outer * n * inner;
            rt_softmax_params p = {.outer = outer, .axis_size = n, .inner = inner};
            void *t[] = {x, y};
            for (int64_t i = 0; i < total; i++) x[i] = (float)((i * 37) % 29) * 0.61f - 8.0f;
            for (int log_out = 0; log_out <= 1; log_out++) {
                rt_kernel(log_out ? KERNEL_rt_logsoftmax_f32 : KERNEL_rt_softmax_f32)->call(&p, t);
                for (int64_t o = 0; o < outer; o++)
                    for (int64_t i = 0; i < inner; i++) {
                        const float *xr = x + o * n * inner + i;
                        double mx = -INFINITY, sum = 0;
                        for (int64_t j = 0; j < n; j++) mx = fmax(mx, xr[j * inner]);
                        for (int64_t j = 0; j < n; j++) sum += exp(xr[j * inner] - mx);
                        for (int64_t j = 0; j < n; j++) {
                            double want = log_out ? xr[j * inner] - mx - log(sum) : exp(xr[j * inner] - mx) / sum;
                            float got = y[o * n * inner + i + j * inner];
                            cr_expect(fabs(got - want) <= 4e-7 * fabs(want) + 1e-7, "n %lld inner %lld log %d: %g, want %g",
                                      (long long)n, (long long)inner, log_out, (double)got, want);
                        }
                    }
            }
        }
    rt_softmax_params p = {.outer = 1, .axis_size = 5, .inner = 1};
    float xn[5] = {1, 2, NAN, 3, 4}, yn[5];
    void *t[] = {xn, yn};
    rt_kernel(KERNEL_rt_softmax_f32)->call(&p, t);
    for (int j = 0; j < 5; j++) cr_expect(isnan(yn[j]));
}

Test(poolnorm, layernorm_broadcast_scale)
{
    /* outer 1, normalised 2 x 2, scale [2, 1] (strides {1, 0}), no bias. */
    float x[4] = {1, 2, 3, 4}, sc[2] = {1, 10}, y[4], mean[1], inv[1];
    rt_layernorm_params p = {.outer = 1, .inner = 4, .rank = 2, .dims = {2, 2}, .scale_strides = {1, 0},
                             .bias_strides = {1, 0}, .epsilon = 0};
    RUN(KERNEL_rt_layernorm_f32, &p, x, sc, NULL, y, mean, inv);
    float is = 1 / sqrtf(1.25f);
    cr_assert_float_eq(mean[0], 2.5f, 1e-6);
    cr_assert_float_eq(inv[0], is, 1e-6);
    cr_assert_float_eq(y[0], -1.5f * is, 1e-5);
    cr_assert_float_eq(y[1], -0.5f * is, 1e-5);
    cr_assert_float_eq(y[2], 5.0f * is, 1e-5);
    cr_assert_float_eq(y[3], 15.0f * is, 1e-5);
}

Test(poolnorm, batchnorm_train_running_statistics)
{
    /* batch 2, 1 channel, inner 1: batch mean 2, biased variance 1. */
    float x[2] = {1, 3}, y[2], sc[1] = {2}, b[1] = {1}, mean[1] = {10}, var[1] = {4}, rmean[1], rvar[1];
    rt_batchnorm_train_params p = {.batch = 2, .channels = 1, .inner = 1, .epsilon = 0, .momentum = 0.5f};
    RUN(KERNEL_rt_batchnorm_train_f32, &p, x, sc, b, mean, var, y, rmean, rvar);
    cr_assert_float_eq(y[0], -1.0f, 1e-6);
    cr_assert_float_eq(y[1], 3.0f, 1e-6);
    cr_assert_float_eq(rmean[0], 6.0f, 1e-6);
    cr_assert_float_eq(rvar[0], 2.5f, 1e-6);
    /* inference with the given statistics: (x - 10) / 2 * 2 + 1 */
    rt_channel_norm_params q = {.batch = 2, .channels = 1, .inner = 1, .epsilon = 0};
    RUN(KERNEL_rt_batchnorm_f32, &q, x, sc, b, mean, var, y);
    cr_assert_float_eq(y[0], -8.0f, 1e-6);
    cr_assert_float_eq(y[1], -6.0f, 1e-6);
}

Test(poolnorm, groupnorm_scale_per_group_or_channel)
{
    /* 1 x 4 channels x 1, 2 groups: {1, 3} and {5, 9} normalise to -1, 1. */
    float x[4] = {1, 3, 5, 9}, y[4], sc[4] = {1, 2, 3, 4}, b[4] = {0, 0, 0, 0};
    rt_groupnorm_params p = {.batch = 1, .channels = 4, .groups = 2, .inner = 1, .epsilon = 0};
    RUN(KERNEL_rt_groupnorm_f32, &p, x, sc, b, y);
    float per_group[4] = {-1, 1, -2, 2};
    for (int i = 0; i < 4; i++) cr_assert_float_eq(y[i], per_group[i], 1e-6, "y[%d] = %g", i, (double)y[i]);
    p.per_channel_affine = 1;
    RUN(KERNEL_rt_groupnorm_f32, &p, x, sc, b, y);
    float per_channel[4] = {-1, 2, -3, 4};
    for (int i = 0; i < 4; i++) cr_assert_float_eq(y[i], per_channel[i], 1e-6, "y[%d] = %g", i, (double)y[i]);
}

Test(poolnorm, lrn_window)
{
    /* C 3, size 2: channel c sums squares of c and c + 1 (floor before, ceil after). */
    float x[3] = {1, 2, 3}, y[3];
    /* alpha / size = 1 */
    rt_lrn_params p = {.batch = 1, .channels = 3, .inner = 1, .size = 2, .alpha = 2.0f, .beta = 1.0f, .bias = 1.0f};
    RUN(KERNEL_rt_lrn_f32, &p, x, y);
    cr_assert_float_eq(y[0], 1 / (1 + 5.0f), 1e-6);
    cr_assert_float_eq(y[1], 2 / (1 + 13.0f), 1e-6);
    cr_assert_float_eq(y[2], 3 / (1 + 9.0f), 1e-6);
}

Test(poolnorm, groupnorm_parameter_count_by_opset)
{
    ir_value *in[3] = {value(DT_FLOAT, 3, (int64_t[]){1, 4, 2}), value(DT_FLOAT, 1, (int64_t[]){2}),
                       value(DT_FLOAT, 1, (int64_t[]){2})};
    ir_node *n18 = node("GroupNormalization", 18, 3, in, 1);
    attr_i(n18, "num_groups", 2);
    cr_assert(n18->def->infer(n18), "%s", diag_message());
    ir_node *n21 = node("GroupNormalization", 21, 3, in, 1);
    attr_i(n21, "num_groups", 2);
    cr_assert_not(n21->def->infer(n21));   /* opset 21 wants C = 4 scales */
}

Test(poolnorm, maxunpool_default_shape)
{
    ir_value *in[2] = {value(DT_FLOAT, 4, (int64_t[]){1, 1, 2, 3}), value(DT_INT64, 4, (int64_t[]){1, 1, 2, 3})};
    ir_node *n = node("MaxUnpool", 11, 2, in, 1);
    attr_is(n, "kernel_shape", 2, (int64_t[]){2, 2});
    attr_is(n, "strides", 2, (int64_t[]){2, 2});
    attr_is(n, "pads", 4, (int64_t[]){1, 0, 0, 1});
    cr_assert(n->def->infer(n), "%s", diag_message());
    cr_assert_eq(n->outputs[0]->dims[2], 3);   /* (2 - 1) * 2 - 1 + 2 */
    cr_assert_eq(n->outputs[0]->dims[3], 5);   /* (3 - 1) * 2 - 1 + 2 */
}

Test(poolnorm, maxunpool_kernel_extends_at_end)
{
    /* inferred 2 x 2 placed in a 3 x 3 output. */
    float x[2] = {7, 9}, y[9];
    int64_t ind[2] = {1, 2};
    rt_maxunpool_params p = {.in_count = 2, .rank = 2, .unpooled_dims = {2, 2}, .out_strides = {3, 1}, .out_count = 9};
    RUN(KERNEL_rt_maxunpool_x32, &p, x, ind, y);
    float want[9] = {0, 7, 0, 9, 0, 0, 0, 0, 0};
    for (int i = 0; i < 9; i++) cr_assert_eq(y[i], want[i], "y[%d] = %g", i, (double)y[i]);
}

Test(poolnorm, mvn_kernel_axes)
{
    /* 2 x 2, reduce axis 1 (kept axis 0): rows normalised on their own. */
    float x[4] = {1, 3, 10, 10}, y[4];
    rt_mvn_params p = {.kept_rank = 1, .kept_dims = {2}, .kept_strides = {2},
                       .reduced_rank = 1, .reduced_dims = {2}, .reduced_strides = {1}};
    RUN(KERNEL_rt_mvn_f32, &p, x, y);
    cr_assert_float_eq(y[0], -1.0f, 1e-6);
    cr_assert_float_eq(y[1], 1.0f, 1e-6);
    cr_assert_float_eq(y[2], 0.0f, 1e-6);
    cr_assert_float_eq(y[3], 0.0f, 1e-6);
}
