/* Loss kernels: NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss.
   Lowering is in ops/loss.c. Both compute in double and exist for f32, f64,
   f16 and bf16; targets arrive as int64 (lowering casts int32 targets).

   Shapes: the scores / input as [N, C, D] (D = product of the dimensions
   after the class axis, 1 for 2-D inputs), targets as [N, D], weights as
   [C] (NULL = all ones). reduction: 0 none (loss is [N, D]), 1 sum, 2 mean
   (sum of losses / sum of the weights of the counted targets; NaN when no
   target counts). A target equal to ignore_index counts with weight 0, and
   so does a target outside [0, C) (ONNX leaves that undefined; the kernel
   must not read out of bounds). */
#include "rt.h"

//@section rt_loss_macros needs rt_half
#define RT_LOSS_LOAD_ID(x) ((double)(x))
#define RT_LOSS_STORE_F32(x) ((float)(x))
#define RT_LOSS_STORE_F64(x) (x)
#define RT_LOSS_LOAD_F16(x) ((double)rt_f16_to_f32(x))
#define RT_LOSS_STORE_F16(x) rt_f32_to_f16((float)(x))
#define RT_LOSS_LOAD_BF16(x) ((double)rt_bf16_to_f32(x))
#define RT_LOSS_STORE_BF16(x) rt_f32_to_bf16((float)(x))

/* The weight of target c (0 when ignored or out of range). */
#define RT_LOSS_WEIGHT(c, C, ii, w, LOAD) \
    ((c) == (ii) || (c) < 0 || (c) >= (C) ? 0.0 : (w) ? LOAD((w)[c]) : 1.0)

/* Stores the reduced loss: red 1 sum, 2 mean. */
#define RT_LOSS_FINISH(red, sum, wsum, loss, STORE) \
    do { if ((red) != 0) (loss)[0] = STORE((red) == 1 ? (sum) : (sum) / (wsum)); } while (0)
//@end

//@section rt_loss_nll needs rt_loss_macros
/* NegativeLogLikelihoodLoss: loss[n, d] = -w[c] * input[n, c, d] with
   c = target[n, d]. t = {input, target (int64), weight or NULL, loss};
   p = {N, C, D, reduction, ignore_index}. */
#define RT_LOSS_NLL(name, T, LOAD, STORE)                                           \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0], *w = (const T *)t[2];                        \
        const int64_t *tg = (const int64_t *)t[1];                                 \
        T *loss = (T *)t[3];                                                       \
        int64_t N = p[0], C = p[1], D = p[2], red = p[3], ii = p[4];               \
        double sum = 0, wsum = 0;                                                  \
        RT_UNUSED(f);                                                              \
        for (int64_t n = 0; n < N; n++)                                            \
            for (int64_t d = 0; d < D; d++) {                                      \
                int64_t c = tg[n * D + d];                                         \
                double wt = RT_LOSS_WEIGHT(c, C, ii, w, LOAD), l = 0;              \
                if (wt != 0) l = -wt * LOAD(x[(n * C + c) * D + d]);               \
                if (red == 0) loss[n * D + d] = STORE(l);                          \
                sum += l;                                                          \
                wsum += wt;                                                        \
            }                                                                      \
        RT_LOSS_FINISH(red, sum, wsum, loss, STORE);                               \
    }
//@end

//@section rt_loss_sce needs rt_loss_macros
/* SoftmaxCrossEntropyLoss: log_prob = log(softmax(scores)) over the class
   axis, then the NLL loss of log_prob. t = {scores, labels (int64), weights
   or NULL, loss, log_prob ([N, C, D]) or NULL};
   p = {N, C, D, reduction, ignore_index}. */
#define RT_LOSS_SCE(name, T, LOAD, STORE)                                           \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0], *w = (const T *)t[2];                        \
        const int64_t *tg = (const int64_t *)t[1];                                 \
        T *loss = (T *)t[3], *lp = (T *)t[4];                                      \
        int64_t N = p[0], C = p[1], D = p[2], red = p[3], ii = p[4];               \
        double sum = 0, wsum = 0;                                                  \
        RT_UNUSED(f);                                                              \
        for (int64_t n = 0; n < N; n++)                                            \
            for (int64_t d = 0; d < D; d++) {                                      \
                const T *xs = x + n * C * D + d;                                   \
                double m = -INFINITY, s = 0, lse, l = 0;                           \
                int64_t c = tg[n * D + d];                                         \
                for (int64_t k = 0; k < C; k++) {                                  \
                    double v = LOAD(xs[k * D]);                                    \
                    if (v > m || v != v) m = v;                                    \
                }                                                                  \
                for (int64_t k = 0; k < C; k++) s += exp(LOAD(xs[k * D]) - m);     \
                lse = m + log(s);                                                  \
                if (lp)                                                            \
                    for (int64_t k = 0; k < C; k++)                                \
                        lp[n * C * D + k * D + d] = STORE(LOAD(xs[k * D]) - lse);  \
                double wt = RT_LOSS_WEIGHT(c, C, ii, w, LOAD);                     \
                if (wt != 0) l = -wt * (LOAD(xs[c * D]) - lse);                    \
                if (red == 0) loss[n * D + d] = STORE(l);                          \
                sum += l;                                                          \
                wsum += wt;                                                        \
            }                                                                      \
        RT_LOSS_FINISH(red, sum, wsum, loss, STORE);                               \
    }
//@end

//@kernel rt_nll_loss_f32 needs rt_loss_nll
RT_LOSS_NLL(rt_nll_loss_f32, float, RT_LOSS_LOAD_ID, RT_LOSS_STORE_F32)
//@end
//@kernel rt_nll_loss_f64 needs rt_loss_nll
RT_LOSS_NLL(rt_nll_loss_f64, double, RT_LOSS_LOAD_ID, RT_LOSS_STORE_F64)
//@end
//@kernel rt_nll_loss_f16 needs rt_loss_nll
RT_LOSS_NLL(rt_nll_loss_f16, uint16_t, RT_LOSS_LOAD_F16, RT_LOSS_STORE_F16)
//@end
//@kernel rt_nll_loss_bf16 needs rt_loss_nll
RT_LOSS_NLL(rt_nll_loss_bf16, uint16_t, RT_LOSS_LOAD_BF16, RT_LOSS_STORE_BF16)
//@end
//@kernel rt_sce_loss_f32 needs rt_loss_sce
RT_LOSS_SCE(rt_sce_loss_f32, float, RT_LOSS_LOAD_ID, RT_LOSS_STORE_F32)
//@end
//@kernel rt_sce_loss_f64 needs rt_loss_sce
RT_LOSS_SCE(rt_sce_loss_f64, double, RT_LOSS_LOAD_ID, RT_LOSS_STORE_F64)
//@end
//@kernel rt_sce_loss_f16 needs rt_loss_sce
RT_LOSS_SCE(rt_sce_loss_f16, uint16_t, RT_LOSS_LOAD_F16, RT_LOSS_STORE_F16)
//@end
//@kernel rt_sce_loss_bf16 needs rt_loss_sce
RT_LOSS_SCE(rt_sce_loss_bf16, uint16_t, RT_LOSS_LOAD_BF16, RT_LOSS_STORE_BF16)
//@end
