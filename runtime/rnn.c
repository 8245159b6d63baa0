/* Recurrent layers: LSTM, GRU and RNN (ONNX semantics), one kernel per op
   and element type doing the whole recurrence, every direction.

   All three kernels share one calling convention (absent tensors are NULL):

   t = {X, W, R, B, sequence_lens, initial_h, initial_c, P, Y, Y_h, Y_c, scratch}
       (GRU and RNN always get NULL for initial_c, P and Y_c; any of Y, Y_h,
       Y_c may be NULL when the model does not ask for it)
   p = {S, N, I, H, direction, has_clip, flag, seq_lens_elem_bytes,
        x_stride_seq, x_stride_batch,
        y_stride_seq, y_stride_dir, y_stride_batch,
        h_stride_dir, h_stride_batch, packed,
        act[D * A]}
       S sequence length, N batch, I input size, H hidden size;
       direction 0 forward, 1 reverse, 2 bidirectional (D = 2, else D = 1);
       flag: LSTM input_forget, GRU linear_before_reset, RNN unused;
       seq_lens_elem_bytes: 4 (int32) or 8 (int64);
       strides are in elements and encode the layout attribute: X element
       (s, n, i) is X[s*xs + n*xb + i]; Y element (s, d, n, h) is
       Y[s*ys + d*yd + n*yb + h]; Y_h/Y_c/initial_h/initial_c element (d, n, h)
       is at d*hd + n*hb + h;
       act: activation ids (RT_RNN_ACT_*), A per direction (LSTM f g h,
       GRU f g, RNN f).
   f = {clip, alpha[D * A], beta[D * A]}
   G = gates per direction: LSTM 4, GRU 3, RNN 1.

   Weights: packed = 0: as ONNX gives them (row-major), W [D][G*H][I],
   R [D][G*H][H]; packed = 1: transposed by the compiler, W [D][I][G*H],
   R [D][H][G*H] (gate outputs contiguous, so the products X W^T and
   H R^T are axpy loops over the gate outputs that the compiler vectorises;
   unpacked weights are transposed into scratch once per direction).
   B [D][2*G*H] (Wb then Rb), P [D][3*H]; gate order LSTM i o f c, GRU z r h.
   scratch: (S*N*G*H + 2*N*H + G*H + H) elements of the type, plus
   (I + H)*G*H when packed = 0.

   sequence_lens: batch n only runs its first len_n steps (reverse: from step
   len_n - 1 down to 0); Y is zero past them and Y_h/Y_c hold the last state.
   clip bounds the input of the gate activations f and g, like ONNX Runtime
   (the cell activation h(Ct) of LSTM is not clipped). */
#include "rt.h"

//@section rt_rnn_common
enum {
    RT_RNN_ACT_RELU, RT_RNN_ACT_TANH, RT_RNN_ACT_SIGMOID, RT_RNN_ACT_AFFINE, RT_RNN_ACT_LEAKY_RELU,
    RT_RNN_ACT_THRESHOLDED_RELU, RT_RNN_ACT_SCALED_TANH, RT_RNN_ACT_HARD_SIGMOID, RT_RNN_ACT_ELU,
    RT_RNN_ACT_SOFTSIGN, RT_RNN_ACT_SOFTPLUS
};
enum { RT_RNN_LSTM, RT_RNN_GRU, RT_RNN_RNN };

/* The recurrence for element type T (math in T with the given libm names).
   Defines rt_rnn_act_SFX (activation of a vector, optional clip first) and
   rt_rnn_run_SFX (the whole layer; kind selects the cell). */
#define RT_RNN_DEFINE(SFX, T, EXP, TANH, LOG1P)                                                        \
    /* y[g] += sum_k x[k] m[k*ld + g] for g < rows: axpy form (contiguous                              \
       over g, vectorised), four k at a time so y is loaded and stored once                            \
       per four rows of m. */                                                                          \
    static void rt_rnn_gemv_##SFX(T *restrict y, const T *restrict x, const T *restrict m, int64_t K,  \
                                  int64_t ld, int64_t rows)                                            \
    {                                                                                                  \
        int64_t k = 0;                                                                                 \
        for (; k + 4 <= K; k += 4) {                                                                   \
            const T a0 = x[k], a1 = x[k + 1], a2 = x[k + 2], a3 = x[k + 3];                            \
            const T *restrict m0 = m + k * ld, *restrict m1 = m0 + ld, *restrict m2 = m1 + ld, *restrict m3 = m2 + ld;\
            for (int64_t g = 0; g < rows; g++) y[g] += (a0 * m0[g] + a1 * m1[g]) + (a2 * m2[g] + a3 * m3[g]);\
        }                                                                                              \
        for (; k < K; k++) {                                                                           \
            const T a = x[k], *restrict mk = m + k * ld;                                               \
            for (int64_t g = 0; g < rows; g++) y[g] += a * mk[g];                                      \
        }                                                                                              \
    }                                                                                                  \
    static void rt_rnn_act_##SFX(T *x, int64_t n, int64_t id, T alpha, T beta, int has_clip, T clip)   \
    {                                                                                                  \
        if (has_clip)                                                                                  \
            for (int64_t i = 0; i < n; i++) x[i] = x[i] > clip ? clip : x[i] < -clip ? -clip : x[i];   \
        switch (id) {                                                                                  \
        case RT_RNN_ACT_RELU:                                                                          \
            for (int64_t i = 0; i < n; i++) x[i] = x[i] > 0 ? x[i] : (T)0;                             \
            break;                                                                                     \
        case RT_RNN_ACT_TANH:                                                                          \
            for (int64_t i = 0; i < n; i++) x[i] = TANH(x[i]);                                         \
            break;                                                                                     \
        case RT_RNN_ACT_SIGMOID:                                                                       \
            for (int64_t i = 0; i < n; i++) x[i] = (T)1 / ((T)1 + EXP(-x[i])); /* inf -> 0 */          \
            break;                                                                                     \
        case RT_RNN_ACT_AFFINE:                                                                        \
            for (int64_t i = 0; i < n; i++) x[i] = alpha * x[i] + beta;                                \
            break;                                                                                     \
        case RT_RNN_ACT_LEAKY_RELU:                                                                    \
            for (int64_t i = 0; i < n; i++) x[i] = x[i] >= 0 ? x[i] : alpha * x[i];                    \
            break;                                                                                     \
        case RT_RNN_ACT_THRESHOLDED_RELU:                                                              \
            for (int64_t i = 0; i < n; i++) x[i] = x[i] > alpha ? x[i] : (T)0;                         \
            break;                                                                                     \
        case RT_RNN_ACT_SCALED_TANH:                                                                   \
            for (int64_t i = 0; i < n; i++) x[i] = alpha * TANH(beta * x[i]);                          \
            break;                                                                                     \
        case RT_RNN_ACT_HARD_SIGMOID:                                                                  \
            for (int64_t i = 0; i < n; i++) {                                                          \
                T v = alpha * x[i] + beta;                                                             \
                x[i] = v < 0 ? (T)0 : v > 1 ? (T)1 : v;                                                \
            }                                                                                          \
            break;                                                                                     \
        case RT_RNN_ACT_ELU:                                                                           \
            for (int64_t i = 0; i < n; i++) x[i] = x[i] >= 0 ? x[i] : alpha * (EXP(x[i]) - (T)1);     \
            break;                                                                                     \
        case RT_RNN_ACT_SOFTSIGN:                                                                      \
            for (int64_t i = 0; i < n; i++) x[i] = x[i] / ((T)1 + (x[i] < 0 ? -x[i] : x[i]));          \
            break;                                                                                     \
        default: /* RT_RNN_ACT_SOFTPLUS, stable for large |x| */                                       \
            for (int64_t i = 0; i < n; i++) {                                                          \
                T v = x[i];                                                                            \
                x[i] = v > 0 ? v + LOG1P(EXP(-v)) : LOG1P(EXP(v));                                     \
            }                                                                                          \
            break;                                                                                     \
        }                                                                                              \
    }                                                                                                  \
                                                                                                       \
    static void rt_rnn_run_##SFX(void *const *t, const int64_t *p, const float *f, int kind)           \
    {                                                                                                  \
        const T *X = (const T *)t[0], *W = (const T *)t[1], *R = (const T *)t[2];                      \
        const T *Bias = (const T *)t[3], *H0 = (const T *)t[5], *C0 = (const T *)t[6];                 \
        const T *P = (const T *)t[7];                                                                  \
        const void *lens = t[4];                                                                       \
        T *Y = (T *)t[8], *YH = (T *)t[9], *YC = (T *)t[10], *scratch = (T *)t[11];                    \
        const int64_t S = p[0], N = p[1], I = p[2], H = p[3], dirmode = p[4], flag = p[6];             \
        const int has_clip = (int)p[5];                                                                \
        const int64_t lens_bytes = p[7], xs = p[8], xb = p[9], ys = p[10], yd = p[11], yb = p[12];     \
        const int64_t hd = p[13], hb = p[14];                                                          \
        const int64_t packed = p[15], *act = p + 16;                                                                          \
        const int64_t G = kind == RT_RNN_LSTM ? 4 : kind == RT_RNN_GRU ? 3 : 1, GH = G * H;            \
        const int64_t D = dirmode == 2 ? 2 : 1;                                                        \
        const int64_t A = kind == RT_RNN_LSTM ? 3 : kind == RT_RNN_GRU ? 2 : 1; /* activations */    \
        const T clip = (T)f[0];                                                                        \
        const float *alphas = f + 1, *betas = f + 1 + D * A;                                           \
        T *xw = scratch;             /* [S][N][G*H] input projections + biases */                      \
        T *hs = xw + S * N * GH;     /* [N][H] hidden state */                                         \
        T *cs = hs + N * H;          /* [N][H] cell state (LSTM) */                                    \
        T *gates = cs + N * H;       /* [G*H] one batch row's gates */                                 \
        T *tmp = gates + GH;         /* [H] GRU: r (.) H or R_h H */                                   \
        T *wtbuf = tmp + H;          /* packed = 0: [I][G*H] W^T, then [H][G*H] R^T */                 \
        T *rtbuf = wtbuf + I * GH;                                                                     \
        for (int64_t d = 0; d < D; d++) {                                                              \
            const int reverse = dirmode == 1 || d == 1;                                                \
            const T *wt = W + d * GH * I, *rt = R + d * GH * H; /* [I][G*H], [H][G*H] */               \
            const T *wb = Bias ? Bias + d * 2 * GH : NULL, *rb = Bias ? wb + GH : NULL;                \
            const T *pi = P ? P + d * 3 * H : NULL, *po = pi ? pi + H : NULL, *pf = pi ? pi + 2 * H : NULL;\
            const int64_t *a = act + d * A;                                                            \
            const float *al = alphas + d * A, *be = betas + d * A;                                     \
            if (!packed) {                                                                             \
                for (int64_t g = 0; g < GH; g++) {                                                     \
                    for (int64_t i = 0; i < I; i++) wtbuf[i * GH + g] = wt[g * I + i];                 \
                    for (int64_t k = 0; k < H; k++) rtbuf[k * GH + g] = rt[g * H + k];                 \
                }                                                                                      \
                wt = wtbuf;                                                                            \
                rt = rtbuf;                                                                            \
            }                                                                                          \
            /* xw = X W^T + Wb (+ Rb, except GRU's hidden gate with linear_before_reset) */            \
            for (int64_t g = 0; g < GH; g++)                                                           \
                gates[g] = wb ? wb[g] + (kind == RT_RNN_GRU && flag && g >= 2 * H ? (T)0 : rb[g]) : (T)0;\
            for (int64_t s = 0; s < S; s++)                                                            \
                for (int64_t n = 0; n < N; n++) {                                                      \
                    const T *x = X + s * xs + n * xb;                                                  \
                    T *restrict o = xw + (s * N + n) * GH;                                             \
                    for (int64_t g = 0; g < GH; g++) o[g] = gates[g];                                  \
                    rt_rnn_gemv_##SFX(o, x, wt, I, GH, GH);                                            \
                }                                                                                      \
            for (int64_t n = 0; n < N; n++)                                                            \
                for (int64_t h = 0; h < H; h++) {                                                      \
                    hs[n * H + h] = H0 ? H0[d * hd + n * hb + h] : (T)0;                               \
                    cs[n * H + h] = C0 ? C0[d * hd + n * hb + h] : (T)0;                               \
                }                                                                                      \
            for (int64_t step = 0; step < S; step++) {                                                 \
                const int64_t s = reverse ? S - 1 - step : step;                                       \
                for (int64_t n = 0; n < N; n++) {                                                      \
                    int64_t len = S;                                                                   \
                    T *hn = hs + n * H, *cn = cs + n * H;                                              \
                    T *y = Y ? Y + s * ys + d * yd + n * yb : NULL;                                    \
                    if (lens) len = lens_bytes == 8 ? ((const int64_t *)lens)[n]                       \
                                                    : (int64_t)((const int32_t *)lens)[n];             \
                    if (s >= len) {                                                                    \
                        if (y) for (int64_t h = 0; h < H; h++) y[h] = 0;                               \
                        continue;                                                                      \
                    }                                                                                  \
                    const T *xg = xw + (s * N + n) * GH;                                               \
                    /* gates = xw + H_{t-1} R^T (GRU: hidden gate's R part done below) */              \
                    const int64_t rows = kind == RT_RNN_GRU ? 2 * H : GH;                              \
                    for (int64_t g = 0; g < rows; g++) gates[g] = xg[g];                               \
                    rt_rnn_gemv_##SFX(gates, hn, rt, H, GH, rows);                                     \
                    if (kind == RT_RNN_LSTM) {                                                         \
                        T *gi = gates, *go = gates + H, *gf = gates + 2 * H, *gc = gates + 3 * H;      \
                        if (pi)                                                                        \
                            for (int64_t h = 0; h < H; h++) {                                          \
                                gi[h] += pi[h] * cn[h];                                                \
                                gf[h] += pf[h] * cn[h];                                                \
                            }                                                                          \
                        rt_rnn_act_##SFX(gi, H, a[0], (T)al[0], (T)be[0], has_clip, clip);             \
                        if (flag)                                                                      \
                            for (int64_t h = 0; h < H; h++) gf[h] = (T)1 - gi[h];                      \
                        else                                                                           \
                            rt_rnn_act_##SFX(gf, H, a[0], (T)al[0], (T)be[0], has_clip, clip);         \
                        rt_rnn_act_##SFX(gc, H, a[1], (T)al[1], (T)be[1], has_clip, clip);             \
                        for (int64_t h = 0; h < H; h++) cn[h] = gf[h] * cn[h] + gi[h] * gc[h];         \
                        if (po)                                                                        \
                            for (int64_t h = 0; h < H; h++) go[h] += po[h] * cn[h];                    \
                        rt_rnn_act_##SFX(go, H, a[0], (T)al[0], (T)be[0], has_clip, clip);             \
                        for (int64_t h = 0; h < H; h++) tmp[h] = cn[h];                                \
                        rt_rnn_act_##SFX(tmp, H, a[2], (T)al[2], (T)be[2], 0, clip);                   \
                        for (int64_t h = 0; h < H; h++) hn[h] = go[h] * tmp[h];                        \
                    } else if (kind == RT_RNN_GRU) {                                                   \
                        T *gz = gates, *gr = gates + H, *gh = gates + 2 * H;                           \
                        const T *rh = rt + 2 * H; /* [H][G*H] columns 2H.. */                          \
                        rt_rnn_act_##SFX(gz, 2 * H, a[0], (T)al[0], (T)be[0], has_clip, clip);         \
                        if (flag) { /* g(Xh Wh^T + Wbh + r (.) (H Rh^T + Rbh)) */                      \
                            for (int64_t g = 0; g < H; g++) tmp[g] = rb ? rb[2 * H + g] : (T)0;        \
                            rt_rnn_gemv_##SFX(tmp, hn, rh, H, GH, H);                                  \
                            for (int64_t g = 0; g < H; g++) gh[g] = xg[2 * H + g] + gr[g] * tmp[g];    \
                        } else { /* g(Xh Wh^T + (r (.) H) Rh^T + Rbh + Wbh) */                         \
                            for (int64_t h = 0; h < H; h++) tmp[h] = gr[h] * hn[h];                    \
                            for (int64_t g = 0; g < H; g++) gh[g] = xg[2 * H + g];                     \
                            rt_rnn_gemv_##SFX(gh, tmp, rh, H, GH, H);                                  \
                        }                                                                              \
                        rt_rnn_act_##SFX(gh, H, a[1], (T)al[1], (T)be[1], has_clip, clip);             \
                        for (int64_t h = 0; h < H; h++) hn[h] = ((T)1 - gz[h]) * gh[h] + gz[h] * hn[h]; \
                    } else {                                                                           \
                        rt_rnn_act_##SFX(gates, H, a[0], (T)al[0], (T)be[0], has_clip, clip);          \
                        for (int64_t h = 0; h < H; h++) hn[h] = gates[h];                              \
                    }                                                                                  \
                    if (y) for (int64_t h = 0; h < H; h++) y[h] = hn[h];                               \
                }                                                                                      \
            }                                                                                          \
            for (int64_t n = 0; n < N; n++)                                                            \
                for (int64_t h = 0; h < H; h++) {                                                      \
                    if (YH) YH[d * hd + n * hb + h] = hs[n * H + h];                                   \
                    if (YC) YC[d * hd + n * hb + h] = cs[n * H + h];                                   \
                }                                                                                      \
        }                                                                                              \
    }
//@end

//@section rt_rnn_cell_f32 needs rt_rnn_common
/* exp and tanh for float written so the compiler can vectorise the
   activation loops (libm's are calls): Cephes' expf (range reduction by
   ln 2 in two parts, degree-6 polynomial, 2^n built in the exponent bits;
   within 2 ulp), 0 below -87.3, inf above 88.3, NaN kept. Forced inline:
   a call in the loop would stop the vectoriser. */
#if defined(__GNUC__)
#define RT_RNN_INLINE static inline __attribute__((always_inline))
#else
#define RT_RNN_INLINE static inline
#endif
RT_RNN_INLINE float rt_rnn_expf(float x)
{
    const float c = x > -87.3f ? (x < 88.3f ? x : 88.3f) : -87.3f; /* NaN -> -87.3 */
    const float t = c * 1.44269504088896341f + 12582912.0f;       /* round to nearest */
    const float n = t - 12582912.0f;
    const float r = (c - n * 0.693359375f) + n * 2.12194440e-4f;
    float y = 1.9875691500e-4f;
    y = y * r + 1.3981999507e-3f;
    y = y * r + 8.3334519073e-3f;
    y = y * r + 4.1665795894e-2f;
    y = y * r + 1.6666665459e-1f;
    y = y * r + 5.0000001201e-1f;
    y = y * r * r + r + 1.0f;
    const uint32_t bits = (uint32_t)((int32_t)n + 127) << 23;    /* n in [-126, 127] */
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    y *= scale;
    y = x < -87.3f ? 0.0f : x > 88.3f ? HUGE_VALF : y;
    return x == x ? y : x;
}

/* tanh(|x|) = (1 - e) / (1 + e) with e = exp(-2|x|); a Taylor polynomial
   below 1/16 where 1 - e would lose digits. */
RT_RNN_INLINE float rt_rnn_tanhf(float x)
{
    const float ax = fabsf(x), e = rt_rnn_expf(-2.0f * ax), t = (1.0f - e) / (1.0f + e);
    const float x2 = x * x;
    const float small = x + x * x2 * (-0.333333333f + x2 * (0.133333333f + x2 * -0.053968254f));
    return ax < 0.0625f ? small : x < 0 ? -t : t;
}

RT_RNN_DEFINE(f32, float, rt_rnn_expf, rt_rnn_tanhf, log1pf)
//@end

//@section rt_rnn_cell_f64 needs rt_rnn_common
RT_RNN_DEFINE(f64, double, exp, tanh, log1p)
//@end

//@kernel rt_lstm_f32 needs rt_rnn_cell_f32
RT_KERNEL(rt_lstm_f32) { rt_rnn_run_f32(t, p, f, RT_RNN_LSTM); }
//@end
//@kernel rt_gru_f32 needs rt_rnn_cell_f32
RT_KERNEL(rt_gru_f32) { rt_rnn_run_f32(t, p, f, RT_RNN_GRU); }
//@end
//@kernel rt_rnn_f32 needs rt_rnn_cell_f32
RT_KERNEL(rt_rnn_f32) { rt_rnn_run_f32(t, p, f, RT_RNN_RNN); }
//@end
//@kernel rt_lstm_f64 needs rt_rnn_cell_f64
RT_KERNEL(rt_lstm_f64) { rt_rnn_run_f64(t, p, f, RT_RNN_LSTM); }
//@end
//@kernel rt_gru_f64 needs rt_rnn_cell_f64
RT_KERNEL(rt_gru_f64) { rt_rnn_run_f64(t, p, f, RT_RNN_GRU); }
//@end
//@kernel rt_rnn_f64 needs rt_rnn_cell_f64
RT_KERNEL(rt_rnn_f64) { rt_rnn_run_f64(t, p, f, RT_RNN_RNN); }
//@end
