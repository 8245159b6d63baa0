/* Normalisation kernels: BatchNormalization (inference and training),
   InstanceNormalization, LayerNormalization, GroupNormalization,
   LpNormalization, MeanVarianceNormalization, LRN. Statistics are
   accumulated in double; half types load and store through float.

   BatchNormalization, inference (rt_batchnorm_*):
     t = {x, scale, B, mean, var, y}   x, y: N x C x inner; parameters: C
         elements of the parameter type: double for f64 kernels, float for
         the others (f32, f16, bf16)
     p = {N, C, inner}
     f = {epsilon}
     y = (x - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + B[c].
     (Per-activation BatchNormalization, spatial = 0 before opset 9, comes
     as C' = C * inner and inner = 1.)

   BatchNormalization, training (rt_batchnorm_train_*):
     t = {x, scale, B, mean, var, y, running_mean, running_var}
         (running_mean and running_var may be NULL; they and the
         parameters have the parameter type, as above)
     p = {N, C, inner}
     f = {epsilon, momentum}
     Normalises with the batch statistics of each channel (mean and biased
     variance over N and inner); running_mean = mean * momentum +
     batch_mean * (1 - momentum), running_var likewise with the batch
     variance.

   InstanceNormalization (rt_instancenorm_*):
     t = {x, scale, B, y}   x, y: N x C x inner; scale, B: C
     p = {N, C, inner}
     f = {epsilon}
     Each (n, c) slice normalised by its own mean and biased variance.

   LayerNormalization (rt_layernorm_*):
     t = {x, scale, B, y, mean, inv_std_dev}   x, y: outer x inner;
         B, mean and inv_std_dev may be NULL; mean and inv_std_dev are
         float (stash_type 1), outer elements.
     p = {outer, inner, r, dims[r], scale_strides[r], b_strides[r]}
         r = 0: scale and B hold inner elements each. r > 0: the
         normalised dimensions (product inner) and the element strides of
         scale and B broadcast to them (0 on broadcast dimensions).
     f = {epsilon}

   GroupNormalization (rt_groupnorm_*):
     t = {x, scale, B, y}   x, y: N x C x inner; scale, B: C elements
         (per_channel = 1, opset >= 21) or G elements (opset 18)
     p = {N, C, G, inner, per_channel}
     f = {epsilon}
     Each group of C / G channels of one batch element is normalised by its
     own mean and biased variance.

   LpNormalization (rt_lpnorm_*):
     t = {x, y}   outer x n x inner
     p = {outer, n, inner, p}   p is 1 or 2
     y = x / (sum over the axis of |x|^p)^(1/p); a zero norm gives 0.

   MeanVarianceNormalization (rt_mvn_*):
     t = {x, y}
     p = {nk, kept_dims[nk], kept_strides[nk], nr, red_dims[nr], red_strides[nr]}
         (element strides in x; the kept and the reduced dimensions
         partition x's shape)
     y = (x - mean) / (sqrt(variance) + 1e-9), mean and biased variance over
     the reduced dimensions (the ONNX function's epsilon).

   LRN (rt_lrn_*):
     t = {x, y}   N x C x inner
     p = {N, C, inner, size}
     f = {alpha, beta, bias}
     y = x / (bias + alpha / size * sum of x^2 over channels
              [c - floor((size - 1) / 2), c + ceil((size - 1) / 2)]) ^ beta */
#include "rt.h"

//@section rt_norm_common needs rt_half
#define RT_NORM_ID(x) (x)
#define RT_NORM_F16_STORE(v) rt_f32_to_f16((float)(v))
#define RT_NORM_BF16_STORE(v) rt_f32_to_bf16((float)(v))
#define RT_NORM_F32_STORE(v) ((float)(v))
#define RT_NORM_F64_STORE(v) ((double)(v))

#define RT_BATCHNORM(name, T, P, LOAD, STORE)                                                        \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        const P *sc = (const P *)t[1], *bi = (const P *)t[2], *mean = (const P *)t[3], *var = (const P *)t[4]; \
        T *y = (T *)t[5];                                                                            \
        const int64_t N = p[0], C = p[1], inner = p[2];                                              \
        for (int64_t c = 0; c < C; c++) {                                                            \
            double a = (double)sc[c] / sqrt((double)var[c] + (double)f[0]);                          \
            double b = (double)bi[c] - (double)mean[c] * a;                                          \
            for (int64_t n = 0; n < N; n++) {                                                        \
                const T *xs = x + (n * C + c) * inner;                                               \
                T *ys = y + (n * C + c) * inner;                                                     \
                for (int64_t i = 0; i < inner; i++) ys[i] = STORE((double)LOAD(xs[i]) * a + b);     \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_BATCHNORM_TRAIN(name, T, P, LOAD, STORE)                                                  \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        const P *sc = (const P *)t[1], *bi = (const P *)t[2], *mean = (const P *)t[3], *var = (const P *)t[4]; \
        T *y = (T *)t[5];                                                                            \
        P *rmean = (P *)t[6], *rvar = (P *)t[7];                                                     \
        const int64_t N = p[0], C = p[1], inner = p[2];                                              \
        const double count = (double)(N * inner), momentum = (double)f[1];                           \
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
            double a = (double)sc[c] / sqrt(v + (double)f[0]);                                       \
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
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0], *sc = (const T *)t[1], *bi = (const T *)t[2];                  \
        T *y = (T *)t[3];                                                                            \
        const int64_t N = p[0], C = p[1], inner = p[2];                                              \
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
                double a = (double)LOAD(sc[c]) / sqrt(v + (double)f[0]);                             \
                double b = (double)LOAD(bi[c]) - m * a;                                              \
                for (int64_t i = 0; i < inner; i++) ys[i] = STORE((double)LOAD(xs[i]) * a + b);     \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_LAYERNORM(name, T, LOAD, STORE)                                                           \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0], *sc = (const T *)t[1], *bi = (const T *)t[2];                  \
        T *y = (T *)t[3];                                                                            \
        float *mean_out = (float *)t[4], *inv_out = (float *)t[5];                                   \
        const int64_t outer = p[0], inner = p[1];                                                    \
        const int r = (int)p[2];                                                                     \
        const int64_t *dims = p + 3, *ss = p + 3 + r, *bs = p + 3 + 2 * r;                           \
        for (int64_t o = 0; o < outer; o++) {                                                        \
            const T *xs = x + o * inner;                                                             \
            T *ys = y + o * inner;                                                                   \
            double sum = 0, sq = 0;                                                                  \
            for (int64_t i = 0; i < inner; i++) sum += (double)LOAD(xs[i]);                          \
            double m = inner > 0 ? sum / (double)inner : 0;                                          \
            for (int64_t i = 0; i < inner; i++) {                                                    \
                double d = (double)LOAD(xs[i]) - m;                                                  \
                sq += d * d;                                                                         \
            }                                                                                        \
            double inv = 1.0 / sqrt((inner > 0 ? sq / (double)inner : 0) + (double)f[0]);            \
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
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0], *sc = (const T *)t[1], *bi = (const T *)t[2];                  \
        T *y = (T *)t[3];                                                                            \
        const int64_t N = p[0], C = p[1], G = p[2], inner = p[3], per_channel = p[4];                \
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
                double inv = 1.0 / sqrt((gsz > 0 ? sq / (double)gsz : 0) + (double)f[0]);            \
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
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t outer = p[0], n = p[1], inner = p[2], pw = p[3];                               \
        RT_UNUSED(f);                                                                                \
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
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int nk = (int)p[0];                                                                    \
        const int64_t *kd = p + 1, *ks = p + 1 + nk;                                                 \
        const int nr = (int)p[1 + 2 * nk];                                                           \
        const int64_t *rd = p + 2 + 2 * nk, *rs = p + 2 + 2 * nk + nr;                               \
        int64_t kept = 1, red = 1, ki[RT_MAX_RANK] = {0}, base = 0;                                  \
        RT_UNUSED(f);                                                                                \
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
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t N = p[0], C = p[1], inner = p[2], size = p[3];                                 \
        const int64_t before = (size - 1) / 2, after = size - 1 - before;                            \
        const double scale = (double)f[0] / (double)size, beta = (double)f[1], bias = (double)f[2];  \
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

//@kernel rt_batchnorm_f32 needs rt_norm_common
RT_BATCHNORM(rt_batchnorm_f32, float, float, RT_NORM_ID, RT_NORM_F32_STORE)
//@end
//@kernel rt_batchnorm_f64 needs rt_norm_common
RT_BATCHNORM(rt_batchnorm_f64, double, double, RT_NORM_ID, RT_NORM_F64_STORE)
//@end
//@kernel rt_batchnorm_f16 needs rt_norm_common
RT_BATCHNORM(rt_batchnorm_f16, uint16_t, float, rt_f16_to_f32, RT_NORM_F16_STORE)
//@end
//@kernel rt_batchnorm_bf16 needs rt_norm_common
RT_BATCHNORM(rt_batchnorm_bf16, uint16_t, float, rt_bf16_to_f32, RT_NORM_BF16_STORE)
//@end

//@kernel rt_batchnorm_train_f32 needs rt_norm_common
RT_BATCHNORM_TRAIN(rt_batchnorm_train_f32, float, float, RT_NORM_ID, RT_NORM_F32_STORE)
//@end
//@kernel rt_batchnorm_train_f64 needs rt_norm_common
RT_BATCHNORM_TRAIN(rt_batchnorm_train_f64, double, double, RT_NORM_ID, RT_NORM_F64_STORE)
//@end
//@kernel rt_batchnorm_train_f16 needs rt_norm_common
RT_BATCHNORM_TRAIN(rt_batchnorm_train_f16, uint16_t, float, rt_f16_to_f32, RT_NORM_F16_STORE)
//@end
//@kernel rt_batchnorm_train_bf16 needs rt_norm_common
RT_BATCHNORM_TRAIN(rt_batchnorm_train_bf16, uint16_t, float, rt_bf16_to_f32, RT_NORM_BF16_STORE)
//@end

//@kernel rt_instancenorm_f32 needs rt_norm_common
RT_INSTANCENORM(rt_instancenorm_f32, float, RT_NORM_ID, RT_NORM_F32_STORE)
//@end
//@kernel rt_instancenorm_f64 needs rt_norm_common
RT_INSTANCENORM(rt_instancenorm_f64, double, RT_NORM_ID, RT_NORM_F64_STORE)
//@end
//@kernel rt_instancenorm_f16 needs rt_norm_common
RT_INSTANCENORM(rt_instancenorm_f16, uint16_t, rt_f16_to_f32, RT_NORM_F16_STORE)
//@end
//@kernel rt_instancenorm_bf16 needs rt_norm_common
RT_INSTANCENORM(rt_instancenorm_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_BF16_STORE)
//@end

//@kernel rt_layernorm_f32 needs rt_norm_common
RT_LAYERNORM(rt_layernorm_f32, float, RT_NORM_ID, RT_NORM_F32_STORE)
//@end
//@kernel rt_layernorm_f64 needs rt_norm_common
RT_LAYERNORM(rt_layernorm_f64, double, RT_NORM_ID, RT_NORM_F64_STORE)
//@end
//@kernel rt_layernorm_f16 needs rt_norm_common
RT_LAYERNORM(rt_layernorm_f16, uint16_t, rt_f16_to_f32, RT_NORM_F16_STORE)
//@end
//@kernel rt_layernorm_bf16 needs rt_norm_common
RT_LAYERNORM(rt_layernorm_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_BF16_STORE)
//@end

//@kernel rt_lrn_f32 needs rt_norm_common
RT_LRN(rt_lrn_f32, float, RT_NORM_ID, RT_NORM_F32_STORE)
//@end
//@kernel rt_lrn_f64 needs rt_norm_common
RT_LRN(rt_lrn_f64, double, RT_NORM_ID, RT_NORM_F64_STORE)
//@end
//@kernel rt_lrn_f16 needs rt_norm_common
RT_LRN(rt_lrn_f16, uint16_t, rt_f16_to_f32, RT_NORM_F16_STORE)
//@end
//@kernel rt_lrn_bf16 needs rt_norm_common
RT_LRN(rt_lrn_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_BF16_STORE)
//@end

//@kernel rt_groupnorm_f32 needs rt_norm_common
RT_GROUPNORM(rt_groupnorm_f32, float, RT_NORM_ID, RT_NORM_F32_STORE)
//@end
//@kernel rt_groupnorm_f64 needs rt_norm_common
RT_GROUPNORM(rt_groupnorm_f64, double, RT_NORM_ID, RT_NORM_F64_STORE)
//@end
//@kernel rt_groupnorm_f16 needs rt_norm_common
RT_GROUPNORM(rt_groupnorm_f16, uint16_t, rt_f16_to_f32, RT_NORM_F16_STORE)
//@end
//@kernel rt_groupnorm_bf16 needs rt_norm_common
RT_GROUPNORM(rt_groupnorm_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_BF16_STORE)
//@end

//@kernel rt_lpnorm_f32 needs rt_norm_common
RT_LPNORM(rt_lpnorm_f32, float, RT_NORM_ID, RT_NORM_F32_STORE)
//@end
//@kernel rt_lpnorm_f64 needs rt_norm_common
RT_LPNORM(rt_lpnorm_f64, double, RT_NORM_ID, RT_NORM_F64_STORE)
//@end
//@kernel rt_lpnorm_f16 needs rt_norm_common
RT_LPNORM(rt_lpnorm_f16, uint16_t, rt_f16_to_f32, RT_NORM_F16_STORE)
//@end
//@kernel rt_lpnorm_bf16 needs rt_norm_common
RT_LPNORM(rt_lpnorm_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_BF16_STORE)
//@end

//@kernel rt_mvn_f32 needs rt_norm_common
RT_MVN(rt_mvn_f32, float, RT_NORM_ID, RT_NORM_F32_STORE)
//@end
//@kernel rt_mvn_f64 needs rt_norm_common
RT_MVN(rt_mvn_f64, double, RT_NORM_ID, RT_NORM_F64_STORE)
//@end
//@kernel rt_mvn_f16 needs rt_norm_common
RT_MVN(rt_mvn_f16, uint16_t, rt_f16_to_f32, RT_NORM_F16_STORE)
//@end
//@kernel rt_mvn_bf16 needs rt_norm_common
RT_MVN(rt_mvn_bf16, uint16_t, rt_bf16_to_f32, RT_NORM_BF16_STORE)
//@end
