/* The streaming-state kernels (runtime/streaming.c) where the official
   node cases do not reach: TensorScatter's circular wrap of a write that
   starts before the end or at a negative index, and a linear write that
   would leave the cache (nothing written); CausalConvWithState run in two
   chunks with the state between them equals one run over the whole
   sequence. The runtime file is included directly. */
#include <criterion/criterion.h>

#pragma GCC diagnostic ignored "-Wunused-function"
#include "../../runtime/rt.h"
#include "../../runtime/streaming.h"
#include "../../runtime/streaming.c"

/* cache [2 batches, 5 rows, 1]; update [2, 3, 1] = 1, 2, 3 (batch 0), 4, 5, 6 */
static void scatter(int circular, int64_t i0, int64_t i1, float *out)
{
    float past[10] = {0}, update[6] = {1, 2, 3, 4, 5, 6};
    int64_t index[2] = {i0, i1};
    rt_tensor_scatter_params p = {.outer = 2, .per_batch = 1, .max_rows = 5, .rows = 3, .inner = 1,
                                  .element_bytes = 4, .circular = circular};
    rt_tensor_scatter(&p, past, update, index, out);
}

Test(streaming, tensor_scatter_wraps_or_stays_inside)
{
    float y[10];
    scatter(1, 4, -1, y);
    float circular[10] = {2, 3, 0, 0, 1, /* -1 wraps to row 4 */ 5, 6, 0, 0, 4};
    for (int i = 0; i < 10; i++) cr_assert_eq(y[i], circular[i], "circular %d: %g", i, y[i]);
    scatter(0, 3, 0, y);
    float linear[10] = {0, 0, 0, 1, 2, /* row 5 is outside: not written */ 4, 5, 6, 0, 0};
    for (int i = 0; i < 10; i++) cr_assert_eq(y[i], linear[i], "linear %d: %g", i, y[i]);
}

Test(streaming, causal_conv_in_chunks_equals_one_run)
{
    enum { B = 2, C = 3, L = 11, K = 4 };
    float x[B * C * L], w[C * K], bias[C] = {0.5f, -0.25f, 0.125f};
    for (int i = 0; i < B * C * L; i++) x[i] = (float)((i * 37) % 17) / 8.0f - 1.0f;
    for (int i = 0; i < C * K; i++) w[i] = (float)((i * 11) % 7) / 4.0f - 0.75f;
    float whole[B * C * L], state_whole[B * C * (K - 1)];
    rt_causal_conv_params all = {.batch = B, .channels = C, .length = L, .kernel = K, .activation = RT_ACT_SILU};
    rt_causal_conv_f32(&all, x, w, bias, NULL, whole, state_whole);
    /* chunks of 5 and 6 columns, the state carried */
    float part[B * C * 6], state[B * C * (K - 1)], next[B * C * (K - 1)];
    int64_t lens[2] = {5, 6}, start = 0;
    for (int chunk = 0; chunk < 2; chunk++) {
        int64_t len = lens[chunk];
        float xin[B * C * 6];
        for (int bc = 0; bc < B * C; bc++)
            for (int64_t t = 0; t < len; t++) xin[bc * len + t] = x[bc * L + start + t];
        rt_causal_conv_params p = all;
        p.length = len;
        rt_causal_conv_f32(&p, xin, w, bias, chunk ? state : NULL, part, next);
        for (int bc = 0; bc < B * C; bc++)
            for (int64_t t = 0; t < len; t++)
                cr_assert_float_eq(part[bc * len + t], whole[bc * L + start + t], 1e-6, "chunk %d", chunk);
        for (int i = 0; i < B * C * (K - 1); i++) state[i] = next[i];
        start += len;
    }
    for (int i = 0; i < B * C * (K - 1); i++) cr_assert_eq(state[i], state_whole[i]);
}
