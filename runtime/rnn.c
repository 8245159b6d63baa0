/* Recurrent layers: LSTM, GRU and RNN (ONNX semantics), one kernel per op
   and element type doing the whole recurrence, every direction.

   The parameters are rt_rnn_params (runtime/rnn.h). Tensors (absent ones
   NULL): x, w, r, b, sequence_lens, initial_h, then for LSTM initial_c and
   peepholes (P), then y, y_h, (LSTM) y_c, scratch; any of y, y_h, y_c may be
   NULL when the model does not ask for it.
   S sequence length, N batch, I input size, H hidden size, D directions
   (2 when bidirectional), G gates per direction: LSTM 4, GRU 3, RNN 1.

   Weights: as ONNX gives them (row-major), W [D][G*H][I], R [D][G*H][H],
   or, with weights_transposed, transposed by the compiler: W [D][I][G*H],
   R [D][H][G*H] (gate outputs contiguous, so the products X W^T and H R^T
   are axpy loops over the gate outputs that the compiler vectorises;
   untransposed weights are transposed into scratch once per direction).
   B [D][2*G*H] (Wb then Rb), P [D][3*H]; gate order LSTM i o f c, GRU z r h.
   scratch: (S*N*G*H + 2*N*H + G*H + H) elements of the type, plus
   (I + H)*G*H without weights_transposed.

   sequence_lens: batch n only runs its first len_n steps (reverse: from step
   len_n - 1 down to 0); Y is zero past them and Y_h/Y_c hold the last state.
   clip bounds the input of the gate activations f and g, like ONNX Runtime
   (the cell activation h(Ct) of LSTM is not clipped). */
#include "rnn.h"
#include "vmath.h"

//@section rt_rnn_common needs rt_rnn_ids rt_rnn_params
enum { RT_RNN_LSTM, RT_RNN_GRU, RT_RNN_RNN };

/* The recurrence for element type T (math in T with the given functions of
   one T: EXP, TANH, SIGMOID, SOFTPLUS).
   Defines rt_rnn_act_SFX (activation of a vector, optional clip first), the
   cells, and rt_rnn_run_SFX (the whole layer; kind selects the cell). */
#define RT_RNN_DEFINE(SFX, T, EXP, TANH, SIGMOID, SOFTPLUS, GEMV_IN_REGISTERS)                         \
    /* y[g] += sum_k x[k] m[k*ld + g] for g < rows: GEMV_IN_REGISTERS where it                          \
       applies, else the axpy form (contiguous over g, vectorised), four k at                          \
       a time so y is loaded and stored once per four rows of m. */                                    \
    static void rt_rnn_gemv_##SFX(T *restrict y, const T *restrict x, const T *restrict m, int64_t K,  \
                                  int64_t ld, int64_t rows)                                            \
    {                                                                                                  \
        if (GEMV_IN_REGISTERS(y, x, m, K, ld, rows)) return;                                           \
        int64_t k = 0;                                                                                 \
        for (; k + 4 <= K; k += 4) {                                                                   \
            const T a0 = x[k], a1 = x[k + 1], a2 = x[k + 2], a3 = x[k + 3];                            \
            const T *restrict m0 = m + k * ld, *restrict m1 = m0 + ld;                                 \
            const T *restrict m2 = m1 + ld, *restrict m3 = m2 + ld;                                    \
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
            for (int64_t i = 0; i < n; i++) x[i] = SIGMOID(x[i]);                                      \
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
        default: /* RT_RNN_ACT_SOFTPLUS */                                                             \
            for (int64_t i = 0; i < n; i++) x[i] = SOFTPLUS(x[i]);                                     \
            break;                                                                                     \
        }                                                                                              \
    }                                                                                                  \
                                                                                                       \
    /* The tensors, and one direction's weights, activations and buffers. */                           \
    typedef struct rt_rnn_io_##SFX {                                                                   \
        const T *x, *w, *r, *b, *h0, *c0, *peep;                                                       \
        const void *lens;                                                                              \
        T *y, *yh, *yc, *scratch;                                                                      \
    } rt_rnn_io_##SFX;                                                                                 \
    typedef struct rt_rnn_dir_##SFX {                                                                  \
        int64_t H, GH, flag; /* flag: input_forget / linear_before_reset */                            \
        int has_clip;                                                                                  \
        T clip;                                                                                        \
        const T *rt, *rb, *pi, *po, *pf; /* R^T [H][G*H], Rb, peepholes i o f */                       \
        const int64_t *act;                                                                            \
        const float *alpha, *beta;                                                                     \
        T *gates, *tmp;                  /* [G*H], [H] */                                              \
    } rt_rnn_dir_##SFX;                                                                                \
                                                                                                       \
    /* One LSTM step of one batch row: gates hold xw + H_{t-1} R^T. */                                 \
    static void rt_rnn_lstm_cell_##SFX(const rt_rnn_dir_##SFX *c, T *hn, T *cn)                        \
    {                                                                                                  \
        const int64_t H = c->H, *a = c->act;                                                           \
        const float *al = c->alpha, *be = c->beta;                                                     \
        const int has_clip = c->has_clip;                                                              \
        const T clip = c->clip, *pi = c->pi, *po = c->po, *pf = c->pf;                                 \
        T *gates = c->gates, *tmp = c->tmp;                                                            \
        T *gi = gates, *go = gates + H, *gf = gates + 2 * H, *gc = gates + 3 * H;                      \
        /* without peepholes or coupled gates, i, o and f are one run of 3H */                          \
        int together = !pi && !po && !c->flag;                                                         \
        if (pi)                                                                                        \
            for (int64_t h = 0; h < H; h++) {                                                          \
                gi[h] += pi[h] * cn[h];                                                                \
                gf[h] += pf[h] * cn[h];                                                                \
            }                                                                                          \
        rt_rnn_act_##SFX(gi, together ? 3 * H : H, a[0], (T)al[0], (T)be[0], has_clip, clip);          \
        if (c->flag)                                                                                   \
            for (int64_t h = 0; h < H; h++) gf[h] = (T)1 - gi[h];                                      \
        else if (!together)                                                                            \
            rt_rnn_act_##SFX(gf, H, a[0], (T)al[0], (T)be[0], has_clip, clip);                         \
        rt_rnn_act_##SFX(gc, H, a[1], (T)al[1], (T)be[1], has_clip, clip);                             \
        for (int64_t h = 0; h < H; h++) cn[h] = gf[h] * cn[h] + gi[h] * gc[h];                         \
        if (po)                                                                                        \
            for (int64_t h = 0; h < H; h++) go[h] += po[h] * cn[h];                                    \
        if (!together) rt_rnn_act_##SFX(go, H, a[0], (T)al[0], (T)be[0], has_clip, clip);              \
        for (int64_t h = 0; h < H; h++) tmp[h] = cn[h];                                                \
        rt_rnn_act_##SFX(tmp, H, a[2], (T)al[2], (T)be[2], 0, clip);                                   \
        for (int64_t h = 0; h < H; h++) hn[h] = go[h] * tmp[h];                                        \
    }                                                                                                  \
                                                                                                       \
    /* One GRU step of one batch row: gates z and r hold xw + H_{t-1} R^T;                             \
       xg is the row's input projection (the hidden gate's part used here). */                         \
    static void rt_rnn_gru_cell_##SFX(const rt_rnn_dir_##SFX *c, const T *xg, T *hn)                   \
    {                                                                                                  \
        const int64_t H = c->H, GH = c->GH, *a = c->act;                                               \
        const float *al = c->alpha, *be = c->beta;                                                     \
        const T *rb = c->rb, *rh = c->rt + 2 * H; /* [H][G*H] columns 2H.. */                          \
        T *tmp = c->tmp, *gz = c->gates, *gr = gz + H, *gh = gz + 2 * H;                               \
        rt_rnn_act_##SFX(gz, 2 * H, a[0], (T)al[0], (T)be[0], c->has_clip, c->clip);                   \
        if (c->flag) { /* g(Xh Wh^T + Wbh + r (.) (H Rh^T + Rbh)) */                                   \
            for (int64_t g = 0; g < H; g++) tmp[g] = rb ? rb[2 * H + g] : (T)0;                        \
            rt_rnn_gemv_##SFX(tmp, hn, rh, H, GH, H);                                                  \
            for (int64_t g = 0; g < H; g++) gh[g] = xg[2 * H + g] + gr[g] * tmp[g];                    \
        } else { /* g(Xh Wh^T + (r (.) H) Rh^T + Rbh + Wbh) */                                         \
            for (int64_t h = 0; h < H; h++) tmp[h] = gr[h] * hn[h];                                    \
            for (int64_t g = 0; g < H; g++) gh[g] = xg[2 * H + g];                                     \
            rt_rnn_gemv_##SFX(gh, tmp, rh, H, GH, H);                                                  \
        }                                                                                              \
        rt_rnn_act_##SFX(gh, H, a[1], (T)al[1], (T)be[1], c->has_clip, c->clip);                       \
        for (int64_t h = 0; h < H; h++) hn[h] = ((T)1 - gz[h]) * gh[h] + gz[h] * hn[h];                \
    }                                                                                                  \
                                                                                                       \
    /* xw [S][N][G*H] = X W^T + Wb (+ Rb, except GRU's hidden gate with                                \
       linear_before_reset), with wt = W^T [I][G*H]; gates is a [G*H] buffer. */                       \
    static void rt_rnn_project_##SFX(const rt_rnn_params *p, const T *X, const T *wt, const T *wb,     \
                                     const T *rb, int64_t GH, int gru_lbr, T *gates, T *xw)            \
    {                                                                                                  \
        const int64_t S = p->seq_length, N = p->batch, I = p->input_size, H = p->hidden_size;          \
        const int64_t xs = p->x_seq_stride, xb = p->x_batch_stride;                                    \
        for (int64_t g = 0; g < GH; g++)                                                               \
            gates[g] = wb ? wb[g] + (gru_lbr && g >= 2 * H ? (T)0 : rb[g]) : (T)0;                     \
        for (int64_t s = 0; s < S; s++)                                                                \
            for (int64_t n = 0; n < N; n++) {                                                          \
                const T *x = X + s * xs + n * xb;                                                      \
                T *restrict o = xw + (s * N + n) * GH;                                                 \
                for (int64_t g = 0; g < GH; g++) o[g] = gates[g];                                      \
                rt_rnn_gemv_##SFX(o, x, wt, I, GH, GH);                                                \
            }                                                                                          \
    }                                                                                                  \
                                                                                                       \
    /* The steps of one direction d, from the states in hs, cs [N][H]. */                              \
    static void rt_rnn_steps_##SFX(const rt_rnn_params *p, const rt_rnn_io_##SFX *io,                  \
                                   const rt_rnn_dir_##SFX *c, int kind, int64_t d, const T *xw, T *hs, T *cs)\
    {                                                                                                  \
        const int64_t S = p->seq_length, N = p->batch, H = c->H, GH = c->GH;                           \
        const int64_t ys = p->y_seq_stride, yd = p->y_dir_stride, yb = p->y_batch_stride;              \
        const int64_t lens_bytes = p->seq_lens_bytes;                                                  \
        const int reverse = p->direction == RT_RNN_REVERSE || d == 1;                                  \
        const void *lens = io->lens;                                                                   \
        T *gates = c->gates;                                                                           \
        for (int64_t step = 0; step < S; step++) {                                                     \
            const int64_t s = reverse ? S - 1 - step : step;                                           \
            for (int64_t n = 0; n < N; n++) {                                                          \
                int64_t len = S;                                                                       \
                T *hn = hs + n * H, *cn = cs + n * H;                                                  \
                T *y = io->y ? io->y + s * ys + d * yd + n * yb : NULL;                                \
                if (lens) len = lens_bytes == 8 ? ((const int64_t *)lens)[n]                           \
                                                : (int64_t)((const int32_t *)lens)[n];                 \
                if (s >= len) {                                                                        \
                    if (y) for (int64_t h = 0; h < H; h++) y[h] = 0;                                   \
                    continue;                                                                          \
                }                                                                                      \
                const T *xg = xw + (s * N + n) * GH;                                                   \
                /* gates = xw + H_{t-1} R^T (GRU: hidden gate's R part in the cell) */                 \
                const int64_t rows = kind == RT_RNN_GRU ? 2 * H : GH;                                  \
                for (int64_t g = 0; g < rows; g++) gates[g] = xg[g];                                   \
                rt_rnn_gemv_##SFX(gates, hn, c->rt, H, GH, rows);                                      \
                if (kind == RT_RNN_LSTM) {                                                             \
                    rt_rnn_lstm_cell_##SFX(c, hn, cn);                                                 \
                } else if (kind == RT_RNN_GRU) {                                                       \
                    rt_rnn_gru_cell_##SFX(c, xg, hn);                                                  \
                } else {                                                                               \
                    rt_rnn_act_##SFX(gates, H, c->act[0], (T)c->alpha[0], (T)c->beta[0], c->has_clip,  \
                                     c->clip);                                                         \
                    for (int64_t h = 0; h < H; h++) hn[h] = gates[h];                                  \
                }                                                                                      \
                if (y) for (int64_t h = 0; h < H; h++) y[h] = hn[h];                                   \
            }                                                                                          \
        }                                                                                              \
    }                                                                                                  \
                                                                                                       \
    static void rt_rnn_run_##SFX(const rt_rnn_params *p, const rt_rnn_io_##SFX *io, int kind)          \
    {                                                                                                  \
        const int64_t S = p->seq_length, N = p->batch, I = p->input_size, H = p->hidden_size;          \
        const int64_t hd = p->state_dir_stride, hb = p->state_batch_stride;                            \
        const int64_t G = kind == RT_RNN_LSTM ? 4 : kind == RT_RNN_GRU ? 3 : 1, GH = G * H;            \
        const int64_t D = p->direction == RT_RNN_BIDIRECTIONAL ? 2 : 1;                                \
        const int64_t A = kind == RT_RNN_LSTM ? 3 : kind == RT_RNN_GRU ? 2 : 1; /* activations */    \
        const T *Bias = io->b, *P = io->peep;                                                          \
        T *xw = io->scratch;         /* [S][N][G*H] input projections + biases */                      \
        T *hs = xw + S * N * GH;     /* [N][H] hidden state */                                         \
        T *cs = hs + N * H;          /* [N][H] cell state (LSTM) */                                    \
        T *gates = cs + N * H;       /* [G*H] one batch row's gates */                                 \
        T *tmp = gates + GH;         /* [H] GRU: r (.) H or R_h H; LSTM: h(Ct) */                      \
        T *wtbuf = tmp + H;          /* untransposed weights: [I][G*H] W^T, then [H][G*H] R^T */       \
        T *rtbuf = wtbuf + I * GH;                                                                     \
        rt_rnn_dir_##SFX c;                                                                            \
        c.H = H, c.GH = GH, c.flag = kind == RT_RNN_LSTM ? p->input_forget : p->linear_before_reset;   \
        c.has_clip = (int)p->has_clip, c.clip = (T)p->clip, c.gates = gates, c.tmp = tmp;              \
        for (int64_t d = 0; d < D; d++) {                                                              \
            const T *wt = io->w + d * GH * I, *rt = io->r + d * GH * H; /* [I][G*H], [H][G*H] */       \
            const T *wb = Bias ? Bias + d * 2 * GH : NULL;                                             \
            c.rb = Bias ? wb + GH : NULL;                                                              \
            c.pi = P ? P + d * 3 * H : NULL, c.po = P ? c.pi + H : NULL, c.pf = P ? c.pi + 2 * H : NULL;\
            c.act = p->activations + d * A;                                                            \
            c.alpha = p->activation_alpha + d * A, c.beta = p->activation_beta + d * A;                \
            if (!p->weights_transposed) {                                                              \
                for (int64_t g = 0; g < GH; g++) {                                                     \
                    for (int64_t i = 0; i < I; i++) wtbuf[i * GH + g] = wt[g * I + i];                 \
                    for (int64_t k = 0; k < H; k++) rtbuf[k * GH + g] = rt[g * H + k];                 \
                }                                                                                      \
                wt = wtbuf;                                                                            \
                rt = rtbuf;                                                                            \
            }                                                                                          \
            c.rt = rt;                                                                                 \
            rt_rnn_project_##SFX(p, io->x, wt, wb, c.rb, GH, kind == RT_RNN_GRU && c.flag, gates, xw); \
            for (int64_t n = 0; n < N; n++)                                                            \
                for (int64_t h = 0; h < H; h++) {                                                      \
                    hs[n * H + h] = io->h0 ? io->h0[d * hd + n * hb + h] : (T)0;                       \
                    cs[n * H + h] = io->c0 ? io->c0[d * hd + n * hb + h] : (T)0;                       \
                }                                                                                      \
            rt_rnn_steps_##SFX(p, io, &c, kind, d, xw, hs, cs);                                        \
            for (int64_t n = 0; n < N; n++)                                                            \
                for (int64_t h = 0; h < H; h++) {                                                      \
                    if (io->yh) io->yh[d * hd + n * hb + h] = hs[n * H + h];                           \
                    if (io->yc) io->yc[d * hd + n * hb + h] = cs[n * H + h];                           \
                }                                                                                      \
        }                                                                                              \
    }

/* The kernels: LSTM takes initial_c, peepholes and y_c too. */
#define RT_LSTM_KERNEL(NAME, SFX, T)                                                                   \
    static void NAME(const rt_rnn_params *p, const T *x, const T *w, const T *r, const T *b,           \
                     const void *sequence_lens, const T *initial_h, const T *initial_c,                \
                     const T *peepholes, T *y, T *y_h, T *y_c, void *scratch)                          \
    {                                                                                                  \
        rt_rnn_io_##SFX io = {x, w, r, b, initial_h, initial_c, peepholes, sequence_lens,              \
                              y, y_h, y_c, (T *)scratch};                                              \
        rt_rnn_run_##SFX(p, &io, RT_RNN_LSTM);                                                         \
    }
#define RT_GRU_RNN_KERNEL(NAME, SFX, T, KIND)                                                          \
    static void NAME(const rt_rnn_params *p, const T *x, const T *w, const T *r, const T *b,           \
                     const void *sequence_lens, const T *initial_h, T *y, T *y_h, void *scratch)       \
    {                                                                                                  \
        rt_rnn_io_##SFX io = {x, w, r, b, initial_h, NULL, NULL, sequence_lens, y, y_h, NULL, (T *)scratch};\
        rt_rnn_run_##SFX(p, &io, KIND);                                                                \
    }
//@end

//@section rt_rnn_cell_f32 needs rt_rnn_common rt_vmath
#if defined(__AVX512F__)
#include <immintrin.h>
#endif
/* y[g] += sum_k x[k] m[k*ld + g] for g < rows with y's 64 (or 32) in
   registers across all of K, where the axpy form loads and stores y again
   every four k: a step of a small LSTM or GRU is a chain of such products.
   Even and odd k go into separate sums, so that a block of 2 vectors still
   has 4 chains of FMAs in flight. 0 where it does not apply (no AVX-512). */
#if defined(__AVX512F__)
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
RT_HELPER void rt_rnn_gemv_block_f32(float *restrict y, const float *restrict x, const float *restrict m, int64_t K,
                                     int64_t ld, int64_t left, int vectors)
{
    __mmask16 lanes[4];
    __m512 a[4], b[4];
    for (int i = 0; i < vectors; i++) {
        int64_t n = left - 16 * i;
        lanes[i] = n >= 16 ? (__mmask16)0xffff : n > 0 ? (__mmask16)((1u << n) - 1) : 0;
        a[i] = _mm512_maskz_loadu_ps(lanes[i], y + 16 * i);
        b[i] = _mm512_setzero_ps();
    }
    /* addresses formed in integers: past the last row's end, the masks read nothing */
    uintptr_t mk = (uintptr_t)m, step = (uintptr_t)ld * sizeof(float);
    int64_t k = 0;
    for (; k + 2 <= K; k += 2, mk += 2 * step) {
        __m512 x0 = _mm512_set1_ps(x[k]), x1 = _mm512_set1_ps(x[k + 1]);
        for (int i = 0; i < vectors; i++) {
            a[i] = _mm512_fmadd_ps(x0, _mm512_maskz_loadu_ps(lanes[i], (const float *)(mk + 64 * i)), a[i]);
            b[i] = _mm512_fmadd_ps(x1, _mm512_maskz_loadu_ps(lanes[i], (const float *)(mk + step + 64 * i)), b[i]);
        }
    }
    if (k < K)
        for (int i = 0; i < vectors; i++)
            a[i] = _mm512_fmadd_ps(_mm512_set1_ps(x[k]), _mm512_maskz_loadu_ps(lanes[i], (const float *)(mk + 64 * i)),
                                   a[i]);
    for (int i = 0; i < vectors; i++) _mm512_mask_storeu_ps(y + 16 * i, lanes[i], _mm512_add_ps(a[i], b[i]));
}
#endif

RT_HELPER int rt_rnn_gemv_in_registers_f32(float *restrict y, const float *restrict x, const float *restrict m,
                                           int64_t K, int64_t ld, int64_t rows)
{
#if defined(__AVX512F__)
    for (int64_t g = 0; g < rows; g += 64) {
        if (rows - g > 32) rt_rnn_gemv_block_f32(y + g, x, m + g, K, ld, rows - g, 4);
        else rt_rnn_gemv_block_f32(y + g, x, m + g, K, ld, rows - g, 2);
    }
    return 1;
#else
    (void)y, (void)x, (void)m, (void)K, (void)ld, (void)rows;
    return 0;
#endif
}
/* runtime/vmath.h's: inlined, so the activation loops vectorise. */
RT_RNN_DEFINE(f32, float, rt_vmath_exp_f32, rt_vmath_tanh_f32, rt_vmath_sigmoid_f32, rt_vmath_softplus_f32,
              rt_rnn_gemv_in_registers_f32)
//@end

//@section rt_rnn_cell_f64 needs rt_rnn_common
RT_HELPER double rt_rnn_sigmoid_f64(double x) { return 1 / (1 + exp(-x)); } /* -inf -> 0 */
RT_HELPER double rt_rnn_softplus_f64(double x) { return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)); }
RT_HELPER int rt_rnn_gemv_in_registers_f64(double *y, const double *x, const double *m, int64_t K, int64_t ld,
                                           int64_t rows)
{
    (void)y, (void)x, (void)m, (void)K, (void)ld, (void)rows;
    return 0; /* the axpy form */
}
RT_RNN_DEFINE(f64, double, exp, tanh, rt_rnn_sigmoid_f64, rt_rnn_softplus_f64, rt_rnn_gemv_in_registers_f64)
//@end

/* instances: f32 f64
   @kernel rt_lstm_$s(rt_rnn_params, x, w, r, b, sequence_lens, initial_h, initial_c, peepholes, y, y_h, y_c, scratch) needs rt_rnn_cell_$s
   RT_LSTM_KERNEL(rt_lstm_$s, $s, $t)
*/
//@kernel rt_lstm_f32(rt_rnn_params, x, w, r, b, sequence_lens, initial_h, initial_c, peepholes, y, y_h, y_c, scratch) needs rt_rnn_cell_f32
RT_LSTM_KERNEL(rt_lstm_f32, f32, float)
//@end
//@kernel rt_lstm_f64(rt_rnn_params, x, w, r, b, sequence_lens, initial_h, initial_c, peepholes, y, y_h, y_c, scratch) needs rt_rnn_cell_f64
RT_LSTM_KERNEL(rt_lstm_f64, f64, double)
//@end
/* end of instances */

/* instances: f32 f64
   @kernel rt_gru_$s(rt_rnn_params, x, w, r, b, sequence_lens, initial_h, y, y_h, scratch) needs rt_rnn_cell_$s
   RT_GRU_RNN_KERNEL(rt_gru_$s, $s, $t, RT_RNN_GRU)
*/
//@kernel rt_gru_f32(rt_rnn_params, x, w, r, b, sequence_lens, initial_h, y, y_h, scratch) needs rt_rnn_cell_f32
RT_GRU_RNN_KERNEL(rt_gru_f32, f32, float, RT_RNN_GRU)
//@end
//@kernel rt_gru_f64(rt_rnn_params, x, w, r, b, sequence_lens, initial_h, y, y_h, scratch) needs rt_rnn_cell_f64
RT_GRU_RNN_KERNEL(rt_gru_f64, f64, double, RT_RNN_GRU)
//@end
/* end of instances */

/* instances: f32 f64
   @kernel rt_rnn_$s(rt_rnn_params, x, w, r, b, sequence_lens, initial_h, y, y_h, scratch) needs rt_rnn_cell_$s
   RT_GRU_RNN_KERNEL(rt_rnn_$s, $s, $t, RT_RNN_RNN)
*/
//@kernel rt_rnn_f32(rt_rnn_params, x, w, r, b, sequence_lens, initial_h, y, y_h, scratch) needs rt_rnn_cell_f32
RT_GRU_RNN_KERNEL(rt_rnn_f32, f32, float, RT_RNN_RNN)
//@end
//@kernel rt_rnn_f64(rt_rnn_params, x, w, r, b, sequence_lens, initial_h, y, y_h, scratch) needs rt_rnn_cell_f64
RT_GRU_RNN_KERNEL(rt_rnn_f64, f64, double, RT_RNN_RNN)
//@end
/* end of instances */
