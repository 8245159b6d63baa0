/* Unit tests for the reduce and resize kernels (runtime/reduce.c,
   runtime/resize.c) on behaviours the ONNX backend cases do not reach:
   integer types, NaN, wrap-around, large LogSumExp inputs, half floats,
   nearest resize of bytes with extrapolation. Kernels are called through
   the table dlc itself uses for constant folding. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "runtime/host/kernel_table.h"
#include "runtime/reduce.h"
#include "runtime/resize.h"

/* Calls a kernel with its parameter struct and its tensors in order. */
static void run(rt_kernel_id id, const void *params, void *const *t)
{
    const rt_kernel_info *k = rt_kernel(id);
    cr_assert(k->call, "%s takes no parameter struct", k->name);
    k->call(params, t);
}

/* A [2, 3] tensor reduced over its last axis. */
static const rt_reduce_params rows_2x3 = {
    .num_kept = 1, .num_reduced = 1,
    .kept_dims = {2}, .kept_strides = {3},
    .reduced_dims = {3}, .reduced_strides = {1},
    .reduced_count = 3,
};

Test(reduce, int_mean_truncates_toward_zero)
{
    int64_t x[6] = {-1, -2, -2, 1, 2, 2}, y[2];
    void *t[] = {x, y};
    run(KERNEL_rt_reduce_mean_i64, &rows_2x3, t);
    cr_expect_eq(y[0], -1);
    cr_expect_eq(y[1], 1);
}

Test(reduce, int32_sum_wraps_without_overflow_trap)
{
    int32_t x[6] = {INT32_MAX, 1, 0, INT32_MIN, -1, 0}, y[2];
    void *t[] = {x, y};
    run(KERNEL_rt_reduce_sum_i32, &rows_2x3, t);
    cr_expect_eq(y[0], INT32_MIN);
    cr_expect_eq(y[1], INT32_MAX);
}

Test(reduce, u8_max_min_and_empty_set)
{
    uint8_t x[6] = {3, 250, 7, 0, 1, 2}, y[2];
    void *t[] = {x, y};
    run(KERNEL_rt_reduce_max_u8, &rows_2x3, t);
    cr_expect(y[0] == 250 && y[1] == 2);
    run(KERNEL_rt_reduce_min_u8, &rows_2x3, t);
    cr_expect(y[0] == 3 && y[1] == 0);
    /* [2, 0] reduced over axis 1: nothing to read, the type's minimum comes out. */
    static const rt_reduce_params empty = {
        .num_kept = 1, .num_reduced = 1,
        .kept_dims = {2}, .kept_strides = {0},
        .reduced_dims = {0}, .reduced_strides = {1},
        .reduced_count = 0,
    };
    run(KERNEL_rt_reduce_max_u8, &empty, t);
    cr_expect(y[0] == 0 && y[1] == 0);
}

Test(reduce, log_sum_exp_large_values)
{
    float x[6] = {1000, 1000, -INFINITY, -INFINITY, -INFINITY, -INFINITY}, y[2];
    void *t[] = {x, y};
    run(KERNEL_rt_reduce_log_sum_exp_f32, &rows_2x3, t);
    cr_expect_float_eq(y[0], 1000 + logf(2), 1e-4);
    cr_expect(isinf(y[1]) && y[1] < 0);
}

Test(reduce, max_propagates_nan)
{
    float x[6] = {1, NAN, 3, 4, 5, 6}, y[2];
    void *t[] = {x, y};
    run(KERNEL_rt_reduce_max_f32, &rows_2x3, t);
    cr_expect(isnan(y[0]));
    cr_expect_eq(y[1], 6);
}

Test(reduce, f16_sum)
{
    /* 1.0, 2.0, 0.5 in float16 */
    uint16_t x[6] = {0x3c00, 0x4000, 0x3800, 0x3c00, 0x3c00, 0x3c00}, y[2];
    void *t[] = {x, y};
    run(KERNEL_rt_reduce_sum_f16, &rows_2x3, t);
    cr_expect_eq(y[0], 0x4300); /* 3.5 */
    cr_expect_eq(y[1], 0x4200); /* 3.0 */
}

Test(reduce, bool_max_is_any_min_is_all)
{
    uint8_t x[6] = {0, 1, 0, 1, 1, 1}, y[2];
    void *t[] = {x, y};
    run(KERNEL_rt_reduce_max_bool, &rows_2x3, t);
    cr_expect(y[0] == 1 && y[1] == 1);
    run(KERNEL_rt_reduce_min_bool, &rows_2x3, t);
    cr_expect(y[0] == 0 && y[1] == 1);
}

Test(reduce, argmax_ties_and_nan)
{
    float x[8] = {1, 5, 5, 2, NAN, 1, NAN, 9};
    int64_t y[2];
    void *t[] = {x, y};
    rt_arg_params p = {.outer = 2, .axis_size = 4, .inner = 1, .select_last = 0};
    run(KERNEL_rt_argmax_f32, &p, t);
    cr_expect(y[0] == 1 && y[1] == 0);
    p.select_last = 1;
    run(KERNEL_rt_argmax_f32, &p, t);
    cr_expect(y[0] == 2 && y[1] == 2);
}

Test(reduce, argmin_int64_extremes)
{
    int64_t x[3] = {INT64_MAX, INT64_MIN, INT64_MIN + 1}, y[1];
    void *t[] = {x, y};
    rt_arg_params p = {.outer = 1, .axis_size = 3, .inner = 1, .select_last = 0};
    run(KERNEL_rt_argmin_i64, &p, t);
    cr_expect_eq(y[0], 1);
}

Test(resize, nearest_bytes_with_extrapolation)
{
    /* One batch of a [2, 3] input to [2, 2]: rows {1, 0}, columns {2, -1 (outside)}. */
    uint8_t x[6] = {1, 2, 3, 4, 5, 6}, ext = 99, y[4];
    int64_t indices[] = {1, 0, 2, -1};
    void *t[] = {x, &ext, indices, y};
    static const rt_resize_nearest_params p = {
        .batch = 1, .in_block = 6, .rank = 2, .out_dims = {2, 2}, .in_strides = {3, 1},
    };
    run(KERNEL_rt_resize_nearest_x8, &p, t);
    cr_expect(y[0] == 6 && y[1] == 99 && y[2] == 3 && y[3] == 99);
}

Test(resize, interp_two_batches_linear)
{
    /* Two batches of 2 elements, 1-D linear to 3 outputs: taps (0,1) weights
       (1,0), (0.5,0.5), (0,1). */
    double x[4] = {0, 2, 10, 20}, y[6];
    int64_t indices[] = {0, 1, 0, 1, 0, 1};
    float weights[] = {1, 0, 0.5f, 0.5f, 0, 1};
    void *t[] = {x, indices, weights, y};
    static const rt_resize_interp_params p = {
        .batch = 2, .in_block = 2, .rank = 1, .out_dims = {3}, .in_strides = {1}, .taps = {2}, .extrapolation = 0,
    };
    run(KERNEL_rt_resize_interp_f64, &p, t);
    cr_expect(y[0] == 0 && y[1] == 1 && y[2] == 2);
    cr_expect(y[3] == 10 && y[4] == 15 && y[5] == 20);
}

Test(resize, interp_extrapolation)
{
    /* A first index of -1: the output is the extrapolation value. */
    float x[2] = {1, 2}, y[2];
    int64_t indices[] = {-1, 0, 0, 1};
    float weights[] = {0, 0, 0.25f, 0.75f};
    void *t[] = {x, indices, weights, y};
    static const rt_resize_interp_params p = {
        .batch = 1, .in_block = 2, .rank = 1, .out_dims = {2}, .in_strides = {1}, .taps = {2}, .extrapolation = -3,
    };
    run(KERNEL_rt_resize_interp_f32, &p, t);
    cr_expect(y[0] == -3 && y[1] == 1.75f);
}
