/* Unit tests for the indexing, loss and einsum kernels (runtime/indexing.c,
   runtime/loss.c, runtime/einsum.c) on behaviours the ONNX backend cases do
   not reach: indices out of range, NaN in TopK, integer wrap-around, bool
   scatter reductions, half floats, losses where every target is ignored.
   Kernels are called through the table dlc uses for constant folding. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ir/diag.h"
#include "ops/op.h"
#include "passes/passes.h"
#include "runtime/einsum.h"
#include "runtime/host/kernel_table.h"
#include "runtime/indexing.h"
#include "runtime/loss.h"

/* Calls a kernel with its parameter struct and its tensors in order. */
static void run(rt_kernel_id id, const void *params, void *const *t)
{
    const rt_kernel_info *k = rt_kernel(id);
    cr_assert(k->call, "%s takes no parameter struct", k->name);
    k->call(params, t);
}

Test(indexing, gather_nd_out_of_range_gives_zeros)
{
    /* data [3, 2], indices [[1], [-1], [3]] -> rows 1, 2 and zeros. */
    float x[6] = {1, 2, 3, 4, 5, 6}, y[6];
    int64_t ind[3] = {1, -1, 3};
    static const rt_gather_nd_params p = {
        .batch = 1, .tuples = 3, .tuple_len = 1, .slice = 2, .batch_stride = 6, .dims = {3}, .strides = {2},
    };
    void *t[] = {x, ind, y};
    memset(y, 0xff, sizeof y);
    run(KERNEL_rt_gather_nd_x32, &p, t);
    float want[6] = {3, 4, 5, 6, 0, 0};
    for (int i = 0; i < 6; i++) cr_expect_eq(y[i], want[i]);
}

Test(indexing, scatter_elements_skips_bad_indices_and_bool_add_is_or)
{
    /* data [4] of bool, add at 1 (twice), 9 (skipped), -4 (= 0). */
    uint8_t x[4] = {0, 1, 0, 0}, u[4] = {1, 1, 1, 1}, y[4];
    int64_t ind[4] = {1, 1, 9, -4};
    static const rt_scatter_elements_params p = {
        .reduction = RT_SCATTER_ADD, .total = 4, .rank = 1, .axis = 0, .axis_size = 4,
        .update_dims = {4}, .data_strides = {1},
    };
    void *t[] = {x, ind, u, y};
    run(KERNEL_rt_scatter_elements_bool, &p, t);
    cr_expect(y[0] == 1 && y[1] == 1 && y[2] == 0 && y[3] == 0);
}

Test(indexing, scatter_nd_int_mul_wraps)
{
    int32_t x[2] = {INT32_MAX, 3}, u[2] = {2, -1}, y[2];
    int64_t ind[2] = {0, 1};
    static const rt_scatter_nd_params p = {
        .reduction = RT_SCATTER_MUL, .total = 2, .tuples = 2, .tuple_len = 1, .slice = 1,
        .dims = {2}, .strides = {1},
    };
    void *t[] = {x, ind, u, y};
    run(KERNEL_rt_scatter_nd_i32, &p, t);
    cr_expect_eq(y[0], -2);
    cr_expect_eq(y[1], -3);
}

Test(indexing, scatter_nd_max_nan_wins)
{
    float x[2] = {1, 5}, u[2] = {NAN, 2}, y[2];
    int64_t ind[2] = {0, 1};
    static const rt_scatter_nd_params p = {
        .reduction = RT_SCATTER_MAX, .total = 2, .tuples = 2, .tuple_len = 1, .slice = 1,
        .dims = {2}, .strides = {1},
    };
    void *t[] = {x, ind, u, y};
    run(KERNEL_rt_scatter_nd_f32, &p, t);
    cr_expect(isnan(y[0]));
    cr_expect_eq(y[1], 5);
}

Test(indexing, onehot_negative_only_from_opset_11)
{
    int64_t ind[2] = {-1, 1};
    float v[2] = {0, 1}, y[6];
    rt_onehot_params p = {.outer = 2, .depth = 3, .inner = 1, .allow_negative = 0};
    void *t[] = {ind, v, y};
    run(KERNEL_rt_onehot_x32, &p, t);
    float want9[6] = {0, 0, 0, 0, 1, 0};
    for (int i = 0; i < 6; i++) cr_expect_eq(y[i], want9[i]);
    p.allow_negative = 1;
    run(KERNEL_rt_onehot_x32, &p, t);
    float want11[6] = {0, 0, 1, 0, 1, 0};
    for (int i = 0; i < 6; i++) cr_expect_eq(y[i], want11[i]);
}

Test(indexing, topk_nan_is_largest_and_ties_keep_order)
{
    float x[5] = {1, NAN, 3, 3, -2}, v[3];
    int64_t ind[3], scratch[3];
    rt_topk_params p = {.outer = 1, .axis_size = 5, .inner = 1, .k = 3, .largest = 1};
    void *t[] = {x, v, ind, scratch};
    run(KERNEL_rt_topk_f32, &p, t);
    cr_expect(isnan(v[0]) && ind[0] == 1);
    cr_expect(ind[1] == 2 && ind[2] == 3);
    p.largest = 0; /* smallest: -2, 1, 3 (index 2 before 3) */
    run(KERNEL_rt_topk_f32, &p, t);
    cr_expect(ind[0] == 4 && ind[1] == 0 && ind[2] == 2);
}

Test(indexing, topk_uint64_large_values)
{
    uint64_t x[3] = {UINT64_MAX, UINT64_MAX - 1, 5}, v[2];
    int64_t ind[2], scratch[2];
    static const rt_topk_params p = {.outer = 1, .axis_size = 3, .inner = 1, .k = 2, .largest = 1};
    void *t[] = {x, v, ind, scratch};
    run(KERNEL_rt_topk_u64, &p, t);
    cr_expect(v[0] == UINT64_MAX && v[1] == UINT64_MAX - 1 && ind[0] == 0 && ind[1] == 1);
}

Test(indexing, cumsum_int8_wraps_and_f16)
{
    int8_t x[3] = {100, 100, -56}, y[3];
    static const rt_cumsum_params p = {.outer = 1, .axis_size = 3, .inner = 1};
    void *t[] = {x, y};
    run(KERNEL_rt_cumsum_i8, &p, t);
    cr_expect(y[0] == 100 && y[1] == -56 && y[2] == -112);
    uint16_t h[3] = {0x3c00, 0x4000, 0x3800}, hy[3]; /* 1, 2, 0.5 */
    void *th[] = {h, hy};
    static const rt_cumsum_params prev = {.outer = 1, .axis_size = 3, .inner = 1, .exclusive = 1, .reverse = 1};
    run(KERNEL_rt_cumsum_f16, &prev, th);
    cr_expect(hy[0] == 0x4100 && hy[1] == 0x3800 && hy[2] == 0); /* 2.5, 0.5, 0 */
}

/* CumProd beyond the node cases (f64 and i32 on one axis): integer wrap,
   float16, reverse over an axis with elements after it. */
Test(indexing, cumprod_wraps_f16_and_reverse_inner)
{
    int32_t x[3] = {INT32_MAX, 2, 3}, y[3];
    static const rt_cumsum_params p = {.outer = 1, .axis_size = 3, .inner = 1};
    void *t[] = {x, y};
    run(KERNEL_rt_cumprod_i32, &p, t);
    cr_expect(y[0] == INT32_MAX && y[1] == -2 && y[2] == -6);
    uint16_t h[3] = {0x3c00, 0x4000, 0x3800}, hy[3]; /* 1, 2, 0.5 */
    void *th[] = {h, hy};
    static const rt_cumsum_params prev = {.outer = 1, .axis_size = 3, .inner = 1, .exclusive = 1, .reverse = 1};
    run(KERNEL_rt_cumprod_f16, &prev, th);
    cr_expect(hy[0] == 0x3c00 && hy[1] == 0x3800 && hy[2] == 0x3c00); /* 1, 0.5, 1 (empty product) */
    int64_t m[6] = {1, 2, 3, 4, 5, 6}, my[6]; /* [3, 2], scan along the 3 */
    void *tm[] = {m, my};
    static const rt_cumsum_params pr = {.outer = 1, .axis_size = 3, .inner = 2, .reverse = 1};
    run(KERNEL_rt_cumprod_i64, &pr, tm);
    int64_t want[6] = {15, 48, 15, 24, 5, 6};
    for (int i = 0; i < 6; i++) cr_expect_eq(my[i], want[i]);
}

Test(indexing, trilu_and_eyelike_extreme_k)
{
    int64_t x[6] = {1, 2, 3, 4, 5, 6}, y[6];
    rt_trilu_params p = {.batch = 1, .rows = 2, .cols = 3, .upper = 1, .k = 4};
    void *t[] = {x, y};
    run(KERNEL_rt_trilu_x64, &p, t);
    for (int i = 0; i < 6; i++) cr_expect_eq(y[i], 0);
    p.upper = 0; /* lower with k = 4: everything */
    run(KERNEL_rt_trilu_x64, &p, t);
    for (int i = 0; i < 6; i++) cr_expect_eq(y[i], x[i]);
    uint16_t one = 0x3c00, e[6];
    static const rt_eyelike_params pe = {.rows = 2, .cols = 3, .k = -1};
    void *te[] = {&one, e};
    run(KERNEL_rt_eyelike_x16, &pe, te);
    cr_expect(e[0] == 0 && e[3] == 0x3c00 && e[4] == 0 && e[1] == 0);
}

Test(loss, all_ignored_mean_is_nan_and_bad_target_is_ignored)
{
    float x[4] = {-1, -2, -3, -4}, l;
    int64_t tg[2] = {7, 7};
    static const rt_loss_params p = {
        .batch = 2, .classes = 2, .inner = 1, .reduction = RT_LOSS_MEAN, .ignore_index = 7,
    };
    void *t[] = {x, tg, NULL, &l};
    run(KERNEL_rt_nll_loss_f32, &p, t);
    cr_expect(isnan(l));
    int64_t tg2[2] = {1, 5}; /* 5 is out of range: weight 0 */
    void *t2[] = {x, tg2, NULL, &l};
    run(KERNEL_rt_nll_loss_f32, &p, t2);
    cr_expect_float_eq(l, 2.0f, 1e-6);
}

Test(loss, sce_large_scores_are_stable)
{
    double x[2] = {1000, 1000}, l, lp[2];
    int64_t tg[1] = {0};
    static const rt_loss_params p = {
        .batch = 1, .classes = 2, .inner = 1, .reduction = RT_LOSS_SUM, .ignore_index = INT64_MIN,
    };
    void *t[] = {x, tg, NULL, &l, lp};
    run(KERNEL_rt_sce_loss_f64, &p, t);
    cr_expect_float_eq(l, log(2.0), 1e-12);
    cr_expect_float_eq(lp[1], -log(2.0), 1e-12);
}

Test(einsum, trace_and_int_wrap)
{
    /* "ii->" over [2, 2]: no output labels, one summed label of stride 3. */
    int32_t x[4] = {INT32_MAX, 0, 0, 1}, y;
    rt_einsum_params p = {.inputs = 1, .out_rank = 0, .sum_rank = 1, .sum_dims = {2}};
    int64_t strides[1] = {3};
    void *t[] = {strides, x, NULL, NULL, &y};
    rt_kernel(KERNEL_rt_einsum_i32)->call(&p, t);
    cr_expect_eq(y, INT32_MIN);
}

/* A constant [rows, cols] float tensor of g with elements start, start + 1, ... */
static ir_value *const_matrix(ir_graph *g, int64_t rows, int64_t cols, float start)
{
    char name[32];
    snprintf(name, sizeof name, "m%d", g->num_values);
    ir_value *v = ir_value_new(g, name);
    int64_t dims[2] = {rows, cols};
    ir_value_set_shape(v, DT_FLOAT, 2, dims);
    float *data = ir_alloc(g, ir_value_bytes(v));
    for (int64_t i = 0; i < rows * cols; i++) data[i] = start + (float)i;
    v->data = data;
    return v;
}

Test(einsum, four_inputs_take_the_many_kernel_and_fold)
{
    /* "ij,jk,kl,lm->im": a chain of four matrix products, more inputs than
       rt_einsum_* takes, so lowering picks rt_einsum_many_f32 (16 slots). */
    diag_clear();
    ir_graph *g = ir_graph_new("einsum.onnx");
    diag_set_graph(g);
    static const int64_t shape[5] = {2, 3, 2, 2, 3};
    ir_node *n = ir_node_new(g, "Einsum", 4, 1);
    n->opset = 12;
    for (int i = 0; i < 4; i++) n->inputs[i] = const_matrix(g, shape[i], shape[i + 1], (float)i - 1.5f);
    n->outputs[0] = ir_value_new(g, "y");
    ir_attr *a = ir_alloc(g, sizeof *a);
    a->name = ir_strdup(g, "equation");
    a->type = IR_ATTR_STRING;
    a->s = ir_strdup(g, "ij,jk,kl,lm->im");
    n->attrs = a;
    n->num_attrs = 1;

    lir_program p = {.graph = g};
    n->def = op_find("", "Einsum");
    cr_assert(n->def && n->def->infer(n), "%s", diag_message());
    cr_assert(n->def->lower(n, &p), "%s", diag_message());
    cr_assert_eq(p.num_calls, 1);
    cr_assert_eq(p.calls[0]->kernel, KERNEL_rt_einsum_many_f32, "%s", rt_kernel(p.calls[0]->kernel)->name);
    lir_program_free(&p);

    cr_assert(pass_fold_node(g, n), "%s", diag_message());
    double want[2 * 3] = {0};
    const float *m0 = n->inputs[0]->data, *m1 = n->inputs[1]->data, *m2 = n->inputs[2]->data,
                *m3 = n->inputs[3]->data;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 2; k++)
                for (int l = 0; l < 2; l++)
                    for (int m = 0; m < 3; m++)
                        want[i * 3 + m] += (double)m0[i * 3 + j] * m1[j * 2 + k] * m2[k * 2 + l] * m3[l * 3 + m];
    const float *y = n->outputs[0]->data;
    cr_assert_not_null(y);
    for (int i = 0; i < 6; i++) cr_expect_float_eq(y[i], want[i], 1e-3, "y[%d] = %g, expected %g", i, y[i], want[i]);
    ir_graph_free(g);
}
