/* Fused epilogues: what the Conv, Gemm and MatMul kernels apply to a block
   of outputs right after computing it, while it is in cache, instead of
   separate Add and activation kernels that would each read and write the
   whole tensor again. passes/pass_fuse_epilogue.c decides what is fused;
   the kernels get it through their parameter struct (activation,
   activation_alpha, activation_beta) and their bias and residual tensors.

   The order is fixed: y = activation(acc + bias + residual). Each step is
   its own loop over a row, so the compiler vectorises it. */
#ifndef DLC_RT_EPILOGUE_H
#define DLC_RT_EPILOGUE_H
#include "rt.h"
#include "vmath.h"

//@section rt_epilogue needs rt_activation_ids rt_vmath
/* What to add and apply to an output block, in the block's frame: output
   (i, j) of the whole product gets scale * bias[i*bias_row_stride +
   j*bias_col_stride] (strides 0 on a broadcast dimension) and
   residual[i*residual_row_stride + j], then the activation. NULL pointers
   and RT_ACT_NONE: nothing. */
typedef struct rt_epilogue {
    const float *bias;
    int64_t bias_row_stride, bias_col_stride;
    float bias_scale;
    const float *residual;
    int64_t residual_row_stride;
    int64_t activation;                     /* enum rt_activation */
    float alpha, beta;
} rt_epilogue;

/* e, or NULL when it has nothing to do (the sgemm tiles skip it). */
RT_HELPER const rt_epilogue *rt_epilogue_or_null(const rt_epilogue *e)
{
    return e->bias || e->residual || e->activation != RT_ACT_NONE ? e : NULL;
}

/* y[0..n) = activation(y[0..n)): one loop per activation, the same formulas
   and vector math (runtime/vmath.h) as the separate kernels of
   runtime/elementwise.c, so fused and unfused results agree. */
RT_HELPER void rt_activation_f32(float *y, int64_t n, int64_t activation, float alpha, float beta)
{
    switch (activation) {
    case RT_ACT_RELU:
        for (int64_t j = 0; j < n; j++) y[j] = y[j] > 0 ? y[j] : 0;
        break;
    case RT_ACT_CLIP:
        for (int64_t j = 0; j < n; j++) {
            float x = y[j];
            if (x < alpha) x = alpha;
            if (x > beta) x = beta;
            y[j] = x;
        }
        break;
    case RT_ACT_LEAKY_RELU:
        for (int64_t j = 0; j < n; j++) y[j] = y[j] >= 0 ? y[j] : alpha * y[j];
        break;
    case RT_ACT_SIGMOID:
        for (int64_t j = 0; j < n; j++) y[j] = rt_vmath_sigmoid_f32(y[j]);
        break;
    case RT_ACT_HARD_SIGMOID:
        for (int64_t j = 0; j < n; j++) y[j] = fmaxf(0, fminf(1, alpha * y[j] + beta));
        break;
    case RT_ACT_HARD_SWISH:
        for (int64_t j = 0; j < n; j++) y[j] = y[j] * fmaxf(0, fminf(1, y[j] * (1.0f / 6) + 0.5f));
        break;
    case RT_ACT_SILU: /* x * Sigmoid(x), as the exported Sigmoid + Mul compute it */
        for (int64_t j = 0; j < n; j++) y[j] = y[j] * rt_vmath_sigmoid_f32(y[j]);
        break;
    case RT_ACT_TANH:
        for (int64_t j = 0; j < n; j++) y[j] = rt_vmath_tanh_f32(y[j]);
        break;
    case RT_ACT_GELU:
        for (int64_t j = 0; j < n; j++) y[j] = rt_vmath_gelu_f32(y[j]);
        break;
    case RT_ACT_GELU_TANH:
        for (int64_t j = 0; j < n; j++) y[j] = rt_vmath_gelu_tanh_f32(y[j]);
        break;
    default:
        break;
    }
}

/* The epilogue of rows x cols outputs at y (row stride ldy), the block
   starting at (row0, col0) of e's frame. */
RT_HELPER void rt_epilogue_apply_f32(const rt_epilogue *e, float *y, int64_t ldy, int64_t rows, int64_t cols,
                                     int64_t row0, int64_t col0)
{
    for (int64_t i = 0; i < rows; i++) {
        float *restrict yi = y + i * ldy;
        if (e->bias) {
            const float *b = e->bias + (row0 + i) * e->bias_row_stride + col0 * e->bias_col_stride;
            float s = e->bias_scale;
            if (e->bias_col_stride == 0) {
                float v = s * b[0];
                for (int64_t j = 0; j < cols; j++) yi[j] += v;
            } else if (e->bias_col_stride == 1) {
                for (int64_t j = 0; j < cols; j++) yi[j] += s * b[j];
            } else {
                for (int64_t j = 0; j < cols; j++) yi[j] += s * b[j * e->bias_col_stride];
            }
        }
        if (e->residual) {
            const float *restrict r = e->residual + (row0 + i) * e->residual_row_stride + col0;
            for (int64_t j = 0; j < cols; j++) yi[j] += r[j];
        }
        if (e->activation != RT_ACT_NONE) rt_activation_f32(yi, cols, e->activation, e->alpha, e->beta);
    }
}
//@end

#endif
