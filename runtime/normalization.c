/* Normalisation kernels: BatchNormalization (inference and training),
   InstanceNormalization, LayerNormalization, RMSNormalization,
   GroupNormalization, LpNormalization, MeanVarianceNormalization, LRN;
   parameters in runtime/normalization.h. Statistics are accumulated in double; half types
   load and store through float.

   BatchNormalization, inference (rt_batchnorm_*, rt_channel_norm_params):
     x, y: batch x channels x inner; scale, bias, mean, var: channels
     elements of the parameter type: double for f64 kernels, float for the
     others (f32, f16, bf16)
     y = (x - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + bias[c].
     (Per-activation BatchNormalization, spatial = 0 before opset 9, comes
     as channels = C * inner and inner = 1.)

   BatchNormalization, training (rt_batchnorm_train_*, rt_batchnorm_train_params):
     as inference, and running_mean, running_var (may be NULL; the
     parameter type). Normalises with the batch statistics of each channel
     (mean and biased variance over batch and inner); running_mean =
     mean * momentum + batch_mean * (1 - momentum), running_var likewise
     with the batch variance.

   InstanceNormalization (rt_instancenorm_*, rt_channel_norm_params):
     x, y: batch x channels x inner; scale, bias: channels. Each (n, c)
     slice normalised by its own mean and biased variance.

   LayerNormalization (rt_layernorm_*, rt_layernorm_params):
     x, y: outer x inner; bias, mean and inv_std_dev may be NULL; mean and
     inv_std_dev are float (stash_type 1), outer elements. With rms = 1 the
     same kernel is RMSNormalization: the mean is taken as 0, so the row is
     divided by sqrt(mean(x^2) + epsilon) (bias and mean NULL).

   GroupNormalization (rt_groupnorm_*, rt_groupnorm_params):
     x, y: batch x channels x inner; scale, bias: channels elements
     (per_channel_affine, opset >= 21) or groups elements (opset 18).

   LpNormalization (rt_lpnorm_*, rt_lpnorm_params):
     y = x / (sum over the axis of |x|^p)^(1/p); a zero norm gives 0.

   MeanVarianceNormalization (rt_mvn_*, rt_mvn_params):
     y = (x - mean) / (sqrt(variance) + 1e-9), mean and biased variance over
     the reduced dimensions (the ONNX function's epsilon).

   LRN (rt_lrn_*, rt_lrn_params): see runtime/normalization.h. */
#include "normalization.h"
#include "epilogue.h"
#include "parallel.h"

//@section rt_norm_common needs rt_half
/* Per element type: a double result stored back, and the type of
   BatchNormalization's parameters. */
#define RT_NORM_STORE_f32(v) ((float)(v))
#define RT_NORM_STORE_f64(v) ((double)(v))
#define RT_NORM_STORE_f16(v) rt_f32_to_f16((float)(v))
#define RT_NORM_STORE_bf16(v) rt_f32_to_bf16((float)(v))
#define RT_NORM_PARAM_f32 float
#define RT_NORM_PARAM_f64 double
#define RT_NORM_PARAM_f16 float
#define RT_NORM_PARAM_bf16 float

#define RT_BATCHNORM(name, T, P, LOAD, STORE)                                                        \
    static void name(const rt_channel_norm_params *p, const T *x, const P *sc, const P *bi, const P *mean, \
                     const P *var, T *y)                                                             \
    {                                                                                                \
        const int64_t N = p->batch, C = p->channels, inner = p->inner;                               \
        for (int64_t c = 0; c < C; c++) {                                                            \
            double a = (double)sc[c] / sqrt((double)var[c] + (double)p->epsilon);                    \
            double b = (double)bi[c] - (double)mean[c] * a;                                          \
            for (int64_t n = 0; n < N; n++) {                                                        \
                const T *xs = x + (n * C + c) * inner;                                               \
                T *ys = y + (n * C + c) * inner;                                                     \
                for (int64_t i = 0; i < inner; i++) ys[i] = STORE((double)LOAD(xs[i]) * a + b);     \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_BATCHNORM_TRAIN(name, T, P, LOAD, STORE)                                                  \
    static void name(const rt_batchnorm_train_params *p, const T *x, const P *sc, const P *bi, const P *mean, \
                     const P *var, T *y, P *rmean, P *rvar)                                          \
    {                                                                                                \
        const int64_t N = p->batch, C = p->channels, inner = p->inner;                               \
        const double count = (double)(N * inner), momentum = (double)p->momentum;                    \
        for (int64_t c = 0; c < C; c++) {                                                            \
            double sum = 0, sq = 0;                                                                  \
            for (int64_t n = 0; n < N; n++) {                                                        \
                const T *xs = x + (n * C + c) * inner;                                               \
                for (int64_t i = 0; i < inner; i++) sum += (double)LOAD(xs[i]);                      \
            }                                                                                        \
            double m = count > 0 ? sum / count : 0;                                                  \
            for (int64_t n = 0; n < N; n++) {                                                        \
                const T *xs = x + (n * C + c) * inner;                                               \
                for (int64_t i = 0; i < inner; i++) {                                                \
                    double d = (double)LOAD(xs[i]) - m;                                              \
                    sq += d * d;                                                                     \
                }                                                                                    \
            }                                                                                        \
            double v = count > 0 ? sq / count : 0;                                                   \
            double a = (double)sc[c] / sqrt(v + (double)p->epsilon);                                 \
            double b = (double)bi[c] - m * a;                                                        \
            for (int64_t n = 0; n < N; n++) {                                                        \
                const T *xs = x + (n * C + c) * inner;                                               \
                T *ys = y + (n * C + c) * inner;                                                     \
                for (int64_t i = 0; i < inner; i++) ys[i] = STORE((double)LOAD(xs[i]) * a + b);     \
            }                                                                                        \
            if (rmean) rmean[c] = (P)((double)mean[c] * momentum + m * (1 - momentum));              \
            if (rvar) rvar[c] = (P)((double)var[c] * momentum + v * (1 - momentum));                 \
        }                                                                                            \
    }

#define RT_INSTANCENORM(name, T, LOAD, STORE)                                                        \
    static void name(const rt_channel_norm_params *p, const T *x, const T *sc, const T *bi, T *y)    \
    {                                                                                                \
        const int64_t N = p->batch, C = p->channels, inner = p->inner;                               \
        for (int64_t n = 0; n < N; n++) {                                                            \
            for (int64_t c = 0; c < C; c++) {                                                        \
                const T *xs = x + (n * C + c) * inner;                                               \
                T *ys = y + (n * C + c) * inner;                                                     \
                double sum = 0, sq = 0;                                                              \
                for (int64_t i = 0; i < inner; i++) sum += (double)LOAD(xs[i]);                      \
                double m = inner > 0 ? sum / (double)inner : 0;                                      \
                for (int64_t i = 0; i < inner; i++) {                                                \
                    double d = (double)LOAD(xs[i]) - m;                                              \
                    sq += d * d;                                                                     \
                }                                                                                    \
                double v = inner > 0 ? sq / (double)inner : 0;                                       \
                double a = (double)LOAD(sc[c]) / sqrt(v + (double)p->epsilon);                       \
                double b = (double)LOAD(bi[c]) - m * a;                                              \
                for (int64_t i = 0; i < inner; i++) ys[i] = STORE((double)LOAD(xs[i]) * a + b);     \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_LAYERNORM(name, T, LOAD, STORE)                                                           \
    static void name(const rt_layernorm_params *p, const T *x, const T *sc, const T *bi, T *y, float *mean_out, \
                     float *inv_out)                                                                 \
    {                                                                                                \
        const int64_t outer = p->outer, inner = p->inner;                                            \
        const int r = (int)p->rank;                                                                  \
        const int64_t *dims = p->dims, *ss = p->scale_strides, *bs = p->bias_strides;                \
        for (int64_t o = 0; o < outer; o++) {                                                        \
            const T *xs = x + o * inner;                                                             \
            T *ys = y + o * inner;                                                                   \
            double sum = 0, sq = 0, m = 0; /* RMSNormalization: no centring, m stays 0 */            \
            if (!p->rms) {                                                                           \
                for (int64_t i = 0; i < inner; i++) sum += (double)LOAD(xs[i]);                      \
                m = inner > 0 ? sum / (double)inner : 0;                                             \
            }                                                                                        \
            for (int64_t i = 0; i < inner; i++) {                                                    \
                double d = (double)LOAD(xs[i]) - m;                                                  \
                sq += d * d;                                                                         \
            }                                                                                        \
            double inv = 1.0 / sqrt((inner > 0 ? sq / (double)inner : 0) + (double)p->epsilon);      \
            if (mean_out) mean_out[o] = (float)m;                                                    \
            if (inv_out) inv_out[o] = (float)inv;                                                    \
            if (r == 0) {                                                                            \
                for (int64_t i = 0; i < inner; i++) {                                                \
                    double v = ((double)LOAD(xs[i]) - m) * inv * (double)LOAD(sc[i]);                \
                    if (bi) v += (double)LOAD(bi[i]);                                                \
                    ys[i] = STORE(v);                                                                \
                }                                                                                    \
            } else {                                                                                 \
                int64_t idx[RT_MAX_RANK] = {0}, so = 0, bo = 0;                                      \
                for (int64_t i = 0; i < inner; i++) {                                                \
                    double v = ((double)LOAD(xs[i]) - m) * inv * (double)LOAD(sc[so]);               \
                    if (bi) v += (double)LOAD(bi[bo]);                                               \
                    ys[i] = STORE(v);                                                                \
                    for (int d = r - 1; d >= 0; d--) {                                               \
                        so += ss[d], bo += bs[d];                                                    \
                        if (++idx[d] < dims[d]) break;                                               \
                        so -= ss[d] * dims[d], bo -= bs[d] * dims[d];                                \
                        idx[d] = 0;                                                                  \
                    }                                                                                \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_GROUPNORM(name, T, LOAD, STORE)                                                           \
    static void name(const rt_groupnorm_params *p, const T *x, const T *sc, const T *bi, T *y)       \
    {                                                                                                \
        const int64_t N = p->batch, C = p->channels, G = p->groups, inner = p->inner;                \
        const int64_t per_channel = p->per_channel_affine;                                           \
        const int64_t cpg = G > 0 ? C / G : 0, gsz = cpg * inner;                                    \
        for (int64_t n = 0; n < N; n++) {                                                            \
            for (int64_t gi = 0; gi < G; gi++) {                                                     \
                const T *xs = x + (n * C + gi * cpg) * inner;                                        \
                T *ys = y + (n * C + gi * cpg) * inner;                                              \
                double sum = 0, sq = 0;                                                              \
                for (int64_t i = 0; i < gsz; i++) sum += (double)LOAD(xs[i]);                        \
                double m = gsz > 0 ? sum / (double)gsz : 0;                                          \
                for (int64_t i = 0; i < gsz; i++) {                                                  \
                    double d = (double)LOAD(xs[i]) - m;                                              \
                    sq += d * d;                                                                     \
                }                                                                                    \
                double inv = 1.0 / sqrt((gsz > 0 ? sq / (double)gsz : 0) + (double)p->epsilon);      \
                for (int64_t c = 0; c < cpg; c++) {                                                  \
                    int64_t pi = per_channel ? gi * cpg + c : gi;                                    \
                    double a = (double)LOAD(sc[pi]) * inv, b = (double)LOAD(bi[pi]) - m * a;         \
                    for (int64_t i = 0; i < inner; i++)                                              \
                        ys[c * inner + i] = STORE((double)LOAD(xs[c * inner + i]) * a + b);          \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_LPNORM(name, T, LOAD, STORE)                                                              \
    static void name(const rt_lpnorm_params *p, const T *x, T *y)                                    \
    {                                                                                                \
        const int64_t outer = p->outer, n = p->axis_size, inner = p->inner, pw = p->order;           \
        for (int64_t o = 0; o < outer; o++) {                                                        \
            for (int64_t i = 0; i < inner; i++) {                                                    \
                const T *xr = x + o * n * inner + i;                                                 \
                T *yr = y + o * n * inner + i;                                                       \
                double norm = 0;                                                                     \
                for (int64_t j = 0; j < n; j++) {                                                    \
                    double v = (double)LOAD(xr[j * inner]);                                          \
                    norm += pw == 1 ? fabs(v) : v * v;                                               \
                }                                                                                    \
                if (pw != 1) norm = sqrt(norm);                                                      \
                for (int64_t j = 0; j < n; j++)                                                      \
                    yr[j * inner] = STORE(norm != 0 ? (double)LOAD(xr[j * inner]) / norm : 0.0);     \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_MVN(name, T, LOAD, STORE)                                                                 \
    static void name(const rt_mvn_params *p, const T *x, T *y)                                       \
    {                                                                                                \
        const int nk = (int)p->kept_rank, nr = (int)p->reduced_rank;                                 \
        const int64_t *kd = p->kept_dims, *ks = p->kept_strides;                                     \
        const int64_t *rd = p->reduced_dims, *rs = p->reduced_strides;                               \
        int64_t kept = 1, red = 1, ki[RT_MAX_RANK] = {0}, base = 0;                                  \
        for (int d = 0; d < nk; d++) kept *= kd[d];                                                  \
        for (int d = 0; d < nr; d++) red *= rd[d];                                                   \
        for (int64_t k = 0; k < kept; k++) {                                                         \
            double sum = 0, sq = 0, m = 0, sd = 1;                                                   \
            for (int pass = 0; pass < 3; pass++) {                                                   \
                int64_t ri[RT_MAX_RANK] = {0}, off = base;                                           \
                for (int64_t r = 0; r < red; r++) {                                                  \
                    double v = (double)LOAD(x[off]);                                                 \
                    if (pass == 0) sum += v;                                                         \
                    else if (pass == 1) sq += (v - m) * (v - m);                                     \
                    else y[off] = STORE((v - m) / sd);                                               \
                    for (int d = nr - 1; d >= 0; d--) {                                              \
                        off += rs[d];                                                                \
                        if (++ri[d] < rd[d]) break;                                                  \
                        off -= rs[d] * rd[d];                                                        \
                        ri[d] = 0;                                                                   \
                    }                                                                                \
                }                                                                                    \
                if (pass == 0) m = red > 0 ? sum / (double)red : 0;                                  \
                if (pass == 1) sd = sqrt(red > 0 ? sq / (double)red : 0) + 1e-9;                     \
            }                                                                                        \
            for (int d = nk - 1; d >= 0; d--) {                                                      \
                base += ks[d];                                                                       \
                if (++ki[d] < kd[d]) break;                                                          \
                base -= ks[d] * kd[d];                                                               \
                ki[d] = 0;                                                                           \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_LRN(name, T, LOAD, STORE)                                                                 \
    static void name(const rt_lrn_params *p, const T *x, T *y)                                       \
    {                                                                                                \
        const int64_t N = p->batch, C = p->channels, inner = p->inner, size = p->size;               \
        const int64_t before = (size - 1) / 2, after = size - 1 - before;                            \
        const double scale = (double)p->alpha / (double)size, beta = (double)p->beta, bias = (double)p->bias; \
        for (int64_t n = 0; n < N; n++) {                                                            \
            for (int64_t c = 0; c < C; c++) {                                                        \
                int64_t c0 = c - before < 0 ? 0 : c - before, c1 = c + after >= C ? C - 1 : c + after; \
                const T *xs = x + (n * C + c) * inner;                                               \
                T *ys = y + (n * C + c) * inner;                                                     \
                for (int64_t i = 0; i < inner; i++) {                                                \
                    double sq = 0;                                                                   \
                    for (int64_t k = c0; k <= c1; k++) {                                             \
                        double v = (double)LOAD(x[(n * C + k) * inner + i]);                         \
                        sq += v * v;                                                                 \
                    }                                                                                \
                    ys[i] = STORE((double)LOAD(xs[i]) / pow(bias + scale * sq, beta));               \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }
//@end

//@section rt_batchnorm_task needs rt_norm_common rt_epilogue rt_parallel
/* One channel of rt_batchnorm_f32, every image: y = x * a + b, then the
   activation; Relu in the same loop, the others on the plane just written. */
typedef struct rt_batchnorm_job {
    const rt_channel_norm_params *p;
    const float *x, *sc, *bi, *mean, *var;
    float *y;
} rt_batchnorm_job;

static void rt_batchnorm_task(void *ctx, int64_t c, int thread)
{
    const rt_batchnorm_job *j = (const rt_batchnorm_job *)ctx;
    const rt_channel_norm_params *p = j->p;
    const int64_t N = p->batch, C = p->channels, inner = p->inner;
    double ad = (double)j->sc[c] / sqrt((double)j->var[c] + (double)p->epsilon);
    float a = (float)ad, b = (float)((double)j->bi[c] - (double)j->mean[c] * ad);
    (void)thread;
    for (int64_t n = 0; n < N; n++) {
        const float *xs = j->x + (n * C + c) * inner;
        float *ys = j->y + (n * C + c) * inner;
        if (p->activation == RT_ACT_RELU) {
            for (int64_t i = 0; i < inner; i++) {
                float v = xs[i] * a + b;
                ys[i] = v > 0 ? v : 0;
            }
            continue;
        }
        for (int64_t i = 0; i < inner; i++) ys[i] = xs[i] * a + b;
        if (p->activation != RT_ACT_NONE)
            rt_activation_f32(ys, inner, p->activation, p->activation_alpha, p->activation_beta);
    }
}
//@end

//@kernel rt_batchnorm_f32(rt_channel_norm_params, x, scale, bias, mean, var, y) needs rt_batchnorm_task
/* BatchNormalization (inference), float: y = x * a[c] + b[c] in float, a
   and b per channel computed in double, then the fused activation
   (passes/pass_fuse_epilogue.c: DenseNet's BatchNormalization + Relu) on
   each plane while it is in cache; a task per channel (rt_parallel_for). */
static void rt_batchnorm_f32(const rt_channel_norm_params *p, const float *x, const float *sc, const float *bi,
                             const float *mean, const float *var, float *y)
{
    rt_batchnorm_job j = {p, x, sc, bi, mean, var, y};
    rt_parallel_for(p->channels, rt_batchnorm_task, &j);
}
//@end

/* instances: f64 f16 bf16
   @kernel rt_batchnorm_$s(rt_channel_norm_params, x, scale, bias, mean, var, y) needs rt_norm_common
   RT_BATCHNORM(rt_batchnorm_$s, $t, RT_NORM_PARAM_$s, $load, RT_NORM_STORE_$s)
*/
//@kernel rt_batchnorm_f64(rt_channel_norm_params, x, scale, bias, mean, var, y) needs rt_norm_common
RT_BATCHNORM(rt_batchnorm_f64, double, RT_NORM_PARAM_f64, RT_ID, RT_NORM_STORE_f64)
//@end
//@kernel rt_batchnorm_f16(rt_channel_norm_params, x, scale, bias, mean, var, y) needs rt_norm_common
RT_BATCHNORM(rt_batchnorm_f16, uint16_t, RT_NORM_PARAM_f16, rt_f16_to_f32, RT_NORM_STORE_f16)
//@end
//@kernel rt_batchnorm_bf16(rt_channel_norm_params, x, scale, bias, mean, var, y) needs rt_norm_common
RT_BATCHNORM(rt_batchnorm_bf16, uint16_t, RT_NORM_PARAM_bf16, rt_bf16_to_f32, RT_NORM_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_batchnorm_train_$s(rt_batchnorm_train_params, x, scale, bias, mean, var, y, running_mean, running_var) needs rt_norm_common
   RT_BATCHNORM_TRAIN(rt_batchnorm_train_$s, $t, RT_NORM_PARAM_$s, $load, RT_NORM_STORE_$s)
*/
//@kernel rt_batchnorm_train_f32(rt_batchnorm_train_params, x, scale, bias, mean, var, y, running_mean, running_var) needs rt_norm_common
RT_BATCHNORM_TRAIN(rt_batchnorm_train_f32, float, RT_NORM_PARAM_f32, RT_ID, RT_NORM_STORE_f32)
//@end
//@kernel rt_batchnorm_train_f64(rt_batchnorm_train_params, x, scale, bias, mean, var, y, running_mean, running_var) needs rt_norm_common
RT_BATCHNORM_TRAIN(rt_batchnorm_train_f64, double, RT_NORM_PARAM_f64, RT_ID, RT_NORM_STORE_f64)
//@end
//@kernel rt_batchnorm_train_f16(rt_batchnorm_train_params, x, scale, bias, mean, var, y, running_mean, running_var) needs rt_norm_common
RT_BATCHNORM_TRAIN(rt_batchnorm_train_f16, uint16_t, RT_NORM_PARAM_f16, rt_f16_to_f32, RT_NORM_STORE_f16)
//@end
//@kernel rt_batchnorm_train_bf16(rt_batchnorm_train_params, x, scale, bias, mean, var, y, running_mean, running_var) needs rt_norm_common
RT_BATCHNORM_TRAIN(rt_batchnorm_train_bf16, uint16_t, RT_NORM_PARAM_bf16, rt_bf16_to_f32, RT_NORM_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_instancenorm_$s(rt_channel_norm_params, x, scale, bias, y) needs rt_norm_common
   RT_INSTANCENORM(rt_instancenorm_$s, $t, $load, RT_NORM_STORE_$s)
*/
//@kernel rt_instancenorm_f32(rt_channel_norm_params, x, scale, bias, y) needs rt_norm_common
RT_INSTANCENORM(rt_instancenorm_f32, float, RT_ID, RT_NORM_STORE_f32)
//@end
//@kernel rt_instancenorm_f64(rt_channel_norm_params, x, scale, bias, y) needs rt_norm_common
RT_INSTANCENORM(rt_instancenorm_f64, double, RT_ID, RT_NORM_STORE_f64)
//@end
//@kernel rt_instancenorm_f16(rt_channel_norm_params, x, scale, bias, y) needs rt_norm_common
RT_INSTANCENORM(rt_instancenorm_f16, uint16_t, rt_f16_to_f32, RT_NORM_STORE_f16)
//@end
//@kernel rt_instancenorm_bf16(rt_channel_norm_params, x, scale, bias, y) needs rt_norm_common
RT_INSTANCENORM(rt_instancenorm_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_layernorm_$s(rt_layernorm_params, x, scale, bias, y, mean, inv_std_dev) needs rt_norm_common
   RT_LAYERNORM(rt_layernorm_$s, $t, $load, RT_NORM_STORE_$s)
*/
//@kernel rt_layernorm_f32(rt_layernorm_params, x, scale, bias, y, mean, inv_std_dev) needs rt_norm_common
RT_LAYERNORM(rt_layernorm_f32, float, RT_ID, RT_NORM_STORE_f32)
//@end
//@kernel rt_layernorm_f64(rt_layernorm_params, x, scale, bias, y, mean, inv_std_dev) needs rt_norm_common
RT_LAYERNORM(rt_layernorm_f64, double, RT_ID, RT_NORM_STORE_f64)
//@end
//@kernel rt_layernorm_f16(rt_layernorm_params, x, scale, bias, y, mean, inv_std_dev) needs rt_norm_common
RT_LAYERNORM(rt_layernorm_f16, uint16_t, rt_f16_to_f32, RT_NORM_STORE_f16)
//@end
//@kernel rt_layernorm_bf16(rt_layernorm_params, x, scale, bias, y, mean, inv_std_dev) needs rt_norm_common
RT_LAYERNORM(rt_layernorm_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_lrn_$s(rt_lrn_params, x, y) needs rt_norm_common
   RT_LRN(rt_lrn_$s, $t, $load, RT_NORM_STORE_$s)
*/
//@kernel rt_lrn_f32(rt_lrn_params, x, y) needs rt_norm_common
RT_LRN(rt_lrn_f32, float, RT_ID, RT_NORM_STORE_f32)
//@end
//@kernel rt_lrn_f64(rt_lrn_params, x, y) needs rt_norm_common
RT_LRN(rt_lrn_f64, double, RT_ID, RT_NORM_STORE_f64)
//@end
//@kernel rt_lrn_f16(rt_lrn_params, x, y) needs rt_norm_common
RT_LRN(rt_lrn_f16, uint16_t, rt_f16_to_f32, RT_NORM_STORE_f16)
//@end
//@kernel rt_lrn_bf16(rt_lrn_params, x, y) needs rt_norm_common
RT_LRN(rt_lrn_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_groupnorm_$s(rt_groupnorm_params, x, scale, bias, y) needs rt_norm_common
   RT_GROUPNORM(rt_groupnorm_$s, $t, $load, RT_NORM_STORE_$s)
*/
//@kernel rt_groupnorm_f32(rt_groupnorm_params, x, scale, bias, y) needs rt_norm_common
RT_GROUPNORM(rt_groupnorm_f32, float, RT_ID, RT_NORM_STORE_f32)
//@end
//@kernel rt_groupnorm_f64(rt_groupnorm_params, x, scale, bias, y) needs rt_norm_common
RT_GROUPNORM(rt_groupnorm_f64, double, RT_ID, RT_NORM_STORE_f64)
//@end
//@kernel rt_groupnorm_f16(rt_groupnorm_params, x, scale, bias, y) needs rt_norm_common
RT_GROUPNORM(rt_groupnorm_f16, uint16_t, rt_f16_to_f32, RT_NORM_STORE_f16)
//@end
//@kernel rt_groupnorm_bf16(rt_groupnorm_params, x, scale, bias, y) needs rt_norm_common
RT_GROUPNORM(rt_groupnorm_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_lpnorm_$s(rt_lpnorm_params, x, y) needs rt_norm_common
   RT_LPNORM(rt_lpnorm_$s, $t, $load, RT_NORM_STORE_$s)
*/
//@kernel rt_lpnorm_f32(rt_lpnorm_params, x, y) needs rt_norm_common
RT_LPNORM(rt_lpnorm_f32, float, RT_ID, RT_NORM_STORE_f32)
//@end
//@kernel rt_lpnorm_f64(rt_lpnorm_params, x, y) needs rt_norm_common
RT_LPNORM(rt_lpnorm_f64, double, RT_ID, RT_NORM_STORE_f64)
//@end
//@kernel rt_lpnorm_f16(rt_lpnorm_params, x, y) needs rt_norm_common
RT_LPNORM(rt_lpnorm_f16, uint16_t, rt_f16_to_f32, RT_NORM_STORE_f16)
//@end
//@kernel rt_lpnorm_bf16(rt_lpnorm_params, x, y) needs rt_norm_common
RT_LPNORM(rt_lpnorm_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_STORE_bf16)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_mvn_$s(rt_mvn_params, x, y) needs rt_norm_common
   RT_MVN(rt_mvn_$s, $t, $load, RT_NORM_STORE_$s)
*/
//@kernel rt_mvn_f32(rt_mvn_params, x, y) needs rt_norm_common
RT_MVN(rt_mvn_f32, float, RT_ID, RT_NORM_STORE_f32)
//@end
//@kernel rt_mvn_f64(rt_mvn_params, x, y) needs rt_norm_common
RT_MVN(rt_mvn_f64, double, RT_ID, RT_NORM_STORE_f64)
//@end
//@kernel rt_mvn_f16(rt_mvn_params, x, y) needs rt_norm_common
RT_MVN(rt_mvn_f16, uint16_t, rt_f16_to_f32, RT_NORM_STORE_f16)
//@end
//@kernel rt_mvn_bf16(rt_mvn_params, x, y) needs rt_norm_common
RT_MVN(rt_mvn_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_STORE_bf16)
//@end
/* end of instances */
