/* Loss kernels: NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss
   (rt_loss_params, runtime/loss.h). Lowering is in ops/loss.c. Both compute
   in double and exist for f32, f64, f16 and bf16; targets arrive as int64
   (lowering casts int32 targets); weights may be NULL (all ones).

   A target equal to ignore_index counts with weight 0, and so does a target
   outside [0, classes) (ONNX leaves that undefined; the kernel must not read
   out of bounds). */
#include "loss.h"

//@section rt_loss_macros needs rt_half rt_loss_reductions
/* The weight of target c (0 when ignored or out of range). */
#define RT_LOSS_WEIGHT(c, C, ii, w, LOAD) \
    ((c) == (ii) || (c) < 0 || (c) >= (C) ? 0.0 : (w) ? (double)LOAD((w)[c]) : 1.0)

/* Stores the reduced loss (computed in double; TC is the type the element
   type converts from, e.g. float for float16). */
#define RT_LOSS_FINISH(red, sum, wsum, loss, TC, STORE)                            \
    do {                                                                           \
        if ((red) == RT_LOSS_SUM) (loss)[0] = STORE((TC)(sum));                    \
        if ((red) == RT_LOSS_MEAN) (loss)[0] = STORE((TC)((sum) / (wsum)));        \
    } while (0)
//@end

//@section rt_loss_nll needs rt_loss_macros
/* NegativeLogLikelihoodLoss: loss[n, d] = -w[c] * input[n, c, d] with
   c = target[n, d]. */
#define RT_LOSS_NLL(name, T, TC, LOAD, STORE)                                      \
    static void name(const rt_loss_params *p, const T *x, const int64_t *tg, const T *w, T *loss) \
    {                                                                              \
        int64_t C = p->classes, D = p->inner, red = p->reduction, ii = p->ignore_index; \
        double sum = 0, wsum = 0;                                                  \
        for (int64_t n = 0; n < p->batch; n++)                                     \
            for (int64_t d = 0; d < D; d++) {                                      \
                int64_t c = tg[n * D + d];                                         \
                double wt = RT_LOSS_WEIGHT(c, C, ii, w, LOAD), l = 0;              \
                if (wt != 0) l = -wt * (double)LOAD(x[(n * C + c) * D + d]);       \
                if (red == RT_LOSS_NONE) loss[n * D + d] = STORE((TC)l);           \
                sum += l;                                                          \
                wsum += wt;                                                        \
            }                                                                      \
        RT_LOSS_FINISH(red, sum, wsum, loss, TC, STORE);                           \
    }
//@end

//@section rt_loss_sce needs rt_loss_macros
/* SoftmaxCrossEntropyLoss: log_prob = log(softmax(scores)) over the class
   axis, then the NLL loss of log_prob; log_prob ([batch, classes, inner])
   may be NULL. */
#define RT_LOSS_SCE(name, T, TC, LOAD, STORE)                                      \
    static void name(const rt_loss_params *p, const T *x, const int64_t *tg, const T *w, T *loss, T *lp) \
    {                                                                              \
        int64_t C = p->classes, D = p->inner, red = p->reduction, ii = p->ignore_index; \
        double sum = 0, wsum = 0;                                                  \
        for (int64_t n = 0; n < p->batch; n++)                                     \
            for (int64_t d = 0; d < D; d++) {                                      \
                const T *xs = x + n * C * D + d;                                   \
                double m = -INFINITY, s = 0, lse, l = 0;                           \
                int64_t c = tg[n * D + d];                                         \
                for (int64_t k = 0; k < C; k++) {                                  \
                    double v = (double)LOAD(xs[k * D]);                            \
                    if (v > m || v != v) m = v;                                    \
                }                                                                  \
                for (int64_t k = 0; k < C; k++) s += exp((double)LOAD(xs[k * D]) - m); \
                lse = m + log(s);                                                  \
                if (lp)                                                            \
                    for (int64_t k = 0; k < C; k++)                                \
                        lp[n * C * D + k * D + d] = STORE((TC)((double)LOAD(xs[k * D]) - lse)); \
                double wt = RT_LOSS_WEIGHT(c, C, ii, w, LOAD);                     \
                if (wt != 0) l = -wt * ((double)LOAD(xs[c * D]) - lse);            \
                if (red == RT_LOSS_NONE) loss[n * D + d] = STORE((TC)l);           \
                sum += l;                                                          \
                wsum += wt;                                                        \
            }                                                                      \
        RT_LOSS_FINISH(red, sum, wsum, loss, TC, STORE);                           \
    }
//@end

/* instances: f32 f64 f16 bf16
   @kernel rt_nll_loss_$s(rt_loss_params, input, target, weight, loss) needs rt_loss_nll
   RT_LOSS_NLL(rt_nll_loss_$s, $t, $c, $load, $store)
*/
//@kernel rt_nll_loss_f32(rt_loss_params, input, target, weight, loss) needs rt_loss_nll
RT_LOSS_NLL(rt_nll_loss_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_nll_loss_f64(rt_loss_params, input, target, weight, loss) needs rt_loss_nll
RT_LOSS_NLL(rt_nll_loss_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_nll_loss_f16(rt_loss_params, input, target, weight, loss) needs rt_loss_nll
RT_LOSS_NLL(rt_nll_loss_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_nll_loss_bf16(rt_loss_params, input, target, weight, loss) needs rt_loss_nll
RT_LOSS_NLL(rt_nll_loss_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_sce_loss_$s(rt_loss_params, scores, labels, weights, loss, log_prob) needs rt_loss_sce
   RT_LOSS_SCE(rt_sce_loss_$s, $t, $c, $load, $store)
*/
//@kernel rt_sce_loss_f32(rt_loss_params, scores, labels, weights, loss, log_prob) needs rt_loss_sce
RT_LOSS_SCE(rt_sce_loss_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_sce_loss_f64(rt_loss_params, scores, labels, weights, loss, log_prob) needs rt_loss_sce
RT_LOSS_SCE(rt_sce_loss_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_sce_loss_f16(rt_loss_params, scores, labels, weights, loss, log_prob) needs rt_loss_sce
RT_LOSS_SCE(rt_sce_loss_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_sce_loss_bf16(rt_loss_params, scores, labels, weights, loss, log_prob) needs rt_loss_sce
RT_LOSS_SCE(rt_sce_loss_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */
