/* Dense linear algebra: the shared single-precision matrix multiply
   (rt_sgemm), and the kernels built on it: Gemm, MatMul, Conv (im2col +
   sgemm) and ConvTranspose (sgemm + col2im). Plain-loop kernels for the
   other element types. Conv kernels that need no sgemm, and the im2col /
   col2im helpers, are in conv.c (which sorts before this file, so the conv
   kernels that use rt_sgemm live here). */
#include "rt.h"

//@section rt_sgemm
/* C = alpha * op(A) * op(B) + beta * C, single precision, any strides:
   op(A)[i][k] = A[i*rsa + k*csa], op(B)[k][j] = B[k*rsb + j*csb],
   C[i][j] = C[i*ldc + j]. When beta == 0, C is not read.

   Goto-style blocking: B is packed in KC x NC panels (NR columns per
   micro-panel), A in MC x KC blocks (MR rows per micro-panel), and an
   MR x NR register tile accumulates over KC. `work` must hold
   RT_SGEMM_WORK(M, N, K) floats (the lowering reserves it as scratch). The
   scalar micro-kernel is written so that gcc/clang vectorise it; an AVX2+FMA
   and an AVX-512 path are used when the target has them. */
#if defined(__AVX512F__)
#include <immintrin.h>
#define RT_SGEMM_MR 6
#define RT_SGEMM_NR 32
#elif defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define RT_SGEMM_MR 6
#define RT_SGEMM_NR 16
#else
#define RT_SGEMM_MR 6
#define RT_SGEMM_NR 16
#endif
#define RT_SGEMM_MC 144
#define RT_SGEMM_KC 256
#define RT_SGEMM_NC 1024
#define RT_SGEMM_MIN(a, b) ((a) < (b) ? (a) : (b))
/* Floats of work space for an M x N x K product (an upper bound for every
   MR/NR choice above: MR <= 16, NR <= 32). */
#define RT_SGEMM_APACK(M, K) ((RT_SGEMM_MIN((M), RT_SGEMM_MC) + 16) * RT_SGEMM_MIN((K), RT_SGEMM_KC))
#define RT_SGEMM_WORK(M, N, K) \
    (RT_SGEMM_APACK(M, K) + RT_SGEMM_MIN((K), RT_SGEMM_KC) * (RT_SGEMM_MIN((N), RT_SGEMM_NC) + 32) + 16)

/* Packs rows [0, mc) x cols [0, kc) of op(A) into MR-row micro-panels:
   ap[(panel*kc + k)*MR + i], zero-padded past mc. */
RT_HELPER void rt_sgemm_pack_a(int64_t mc, int64_t kc, const float *a, int64_t rsa, int64_t csa, float *ap)
{
    for (int64_t i0 = 0; i0 < mc; i0 += RT_SGEMM_MR) {
        int64_t mr = RT_SGEMM_MIN(RT_SGEMM_MR, mc - i0);
        const float *src = a + i0 * rsa;
        if (mr == RT_SGEMM_MR && csa == 1) {
            for (int64_t k = 0; k < kc; k++)
                for (int64_t i = 0; i < RT_SGEMM_MR; i++) ap[k * RT_SGEMM_MR + i] = src[i * rsa + k];
        } else {
            for (int64_t k = 0; k < kc; k++) {
                int64_t i = 0;
                for (; i < mr; i++) ap[k * RT_SGEMM_MR + i] = src[i * rsa + k * csa];
                for (; i < RT_SGEMM_MR; i++) ap[k * RT_SGEMM_MR + i] = 0.0f;
            }
        }
        ap += kc * RT_SGEMM_MR;
    }
}

/* Packs rows [0, kc) x cols [0, nc) of op(B) into NR-column micro-panels:
   bp[(panel*kc + k)*NR + j], zero-padded past nc. */
RT_HELPER void rt_sgemm_pack_b(int64_t kc, int64_t nc, const float *b, int64_t rsb, int64_t csb, float *bp)
{
    for (int64_t j0 = 0; j0 < nc; j0 += RT_SGEMM_NR) {
        int64_t nr = RT_SGEMM_MIN(RT_SGEMM_NR, nc - j0);
        const float *src = b + j0 * csb;
        if (nr == RT_SGEMM_NR && csb == 1) {
            for (int64_t k = 0; k < kc; k++) memcpy(bp + k * RT_SGEMM_NR, src + k * rsb, sizeof(float) * RT_SGEMM_NR);
        } else {
            for (int64_t k = 0; k < kc; k++) {
                int64_t j = 0;
                for (; j < nr; j++) bp[k * RT_SGEMM_NR + j] = src[k * rsb + j * csb];
                for (; j < RT_SGEMM_NR; j++) bp[k * RT_SGEMM_NR + j] = 0.0f;
            }
        }
        bp += kc * RT_SGEMM_NR;
    }
}

/* One MR x NR tile: acc = sum_k ap[k][i] * bp[k][j]; then the valid mr x nr
   part is written to c as alpha * acc + beta * c (c not read if beta == 0). */
RT_HELPER void rt_sgemm_micro(int64_t kc, const float *ap, const float *bp, float *c, int64_t ldc, int64_t mr,
                                  int64_t nr, float alpha, float beta)
{
    float acc[RT_SGEMM_MR * RT_SGEMM_NR];
#if defined(__AVX512F__)
    {
        __m512 c00 = _mm512_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        __m512 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int64_t k = 0; k < kc; k++) {
            __m512 b0 = _mm512_loadu_ps(bp), b1 = _mm512_loadu_ps(bp + 16), av;
            av = _mm512_set1_ps(ap[0]); c00 = _mm512_fmadd_ps(av, b0, c00); c01 = _mm512_fmadd_ps(av, b1, c01);
            av = _mm512_set1_ps(ap[1]); c10 = _mm512_fmadd_ps(av, b0, c10); c11 = _mm512_fmadd_ps(av, b1, c11);
            av = _mm512_set1_ps(ap[2]); c20 = _mm512_fmadd_ps(av, b0, c20); c21 = _mm512_fmadd_ps(av, b1, c21);
            av = _mm512_set1_ps(ap[3]); c30 = _mm512_fmadd_ps(av, b0, c30); c31 = _mm512_fmadd_ps(av, b1, c31);
            av = _mm512_set1_ps(ap[4]); c40 = _mm512_fmadd_ps(av, b0, c40); c41 = _mm512_fmadd_ps(av, b1, c41);
            av = _mm512_set1_ps(ap[5]); c50 = _mm512_fmadd_ps(av, b0, c50); c51 = _mm512_fmadd_ps(av, b1, c51);
            ap += 6;
            bp += 32;
        }
        _mm512_storeu_ps(acc + 0, c00); _mm512_storeu_ps(acc + 16, c01);
        _mm512_storeu_ps(acc + 32, c10); _mm512_storeu_ps(acc + 48, c11);
        _mm512_storeu_ps(acc + 64, c20); _mm512_storeu_ps(acc + 80, c21);
        _mm512_storeu_ps(acc + 96, c30); _mm512_storeu_ps(acc + 112, c31);
        _mm512_storeu_ps(acc + 128, c40); _mm512_storeu_ps(acc + 144, c41);
        _mm512_storeu_ps(acc + 160, c50); _mm512_storeu_ps(acc + 176, c51);
    }
#elif defined(__AVX2__) && defined(__FMA__)
    {
        __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int64_t k = 0; k < kc; k++) {
            __m256 b0 = _mm256_loadu_ps(bp), b1 = _mm256_loadu_ps(bp + 8), av;
            av = _mm256_broadcast_ss(ap + 0); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
            av = _mm256_broadcast_ss(ap + 1); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);
            av = _mm256_broadcast_ss(ap + 2); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);
            av = _mm256_broadcast_ss(ap + 3); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);
            av = _mm256_broadcast_ss(ap + 4); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41);
            av = _mm256_broadcast_ss(ap + 5); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51);
            ap += 6;
            bp += 16;
        }
        _mm256_storeu_ps(acc + 0, c00); _mm256_storeu_ps(acc + 8, c01);
        _mm256_storeu_ps(acc + 16, c10); _mm256_storeu_ps(acc + 24, c11);
        _mm256_storeu_ps(acc + 32, c20); _mm256_storeu_ps(acc + 40, c21);
        _mm256_storeu_ps(acc + 48, c30); _mm256_storeu_ps(acc + 56, c31);
        _mm256_storeu_ps(acc + 64, c40); _mm256_storeu_ps(acc + 72, c41);
        _mm256_storeu_ps(acc + 80, c50); _mm256_storeu_ps(acc + 88, c51);
    }
#else
    {
        /* Six named row accumulators and the column loop innermost: the
           form gcc and clang keep in vector registers (MR is 6 here). */
        float c0[RT_SGEMM_NR] = {0}, c1[RT_SGEMM_NR] = {0}, c2[RT_SGEMM_NR] = {0};
        float c3[RT_SGEMM_NR] = {0}, c4[RT_SGEMM_NR] = {0}, c5[RT_SGEMM_NR] = {0};
        for (int64_t k = 0; k < kc; k++) {
            float a0 = ap[0], a1 = ap[1], a2 = ap[2], a3 = ap[3], a4 = ap[4], a5 = ap[5];
            for (int j = 0; j < RT_SGEMM_NR; j++) {
                float bv = bp[j];
                c0[j] += a0 * bv;
                c1[j] += a1 * bv;
                c2[j] += a2 * bv;
                c3[j] += a3 * bv;
                c4[j] += a4 * bv;
                c5[j] += a5 * bv;
            }
            ap += 6;
            bp += RT_SGEMM_NR;
        }
        for (int j = 0; j < RT_SGEMM_NR; j++) {
            acc[j] = c0[j];
            acc[RT_SGEMM_NR + j] = c1[j];
            acc[2 * RT_SGEMM_NR + j] = c2[j];
            acc[3 * RT_SGEMM_NR + j] = c3[j];
            acc[4 * RT_SGEMM_NR + j] = c4[j];
            acc[5 * RT_SGEMM_NR + j] = c5[j];
        }
    }
#endif
    if (beta == 0.0f) {
        for (int64_t i = 0; i < mr; i++)
            for (int64_t j = 0; j < nr; j++) c[i * ldc + j] = alpha * acc[i * RT_SGEMM_NR + j];
    } else if (beta == 1.0f) {
        for (int64_t i = 0; i < mr; i++)
            for (int64_t j = 0; j < nr; j++) c[i * ldc + j] += alpha * acc[i * RT_SGEMM_NR + j];
    } else {
        for (int64_t i = 0; i < mr; i++)
            for (int64_t j = 0; j < nr; j++) c[i * ldc + j] = beta * c[i * ldc + j] + alpha * acc[i * RT_SGEMM_NR + j];
    }
}

RT_HELPER void rt_sgemm(int64_t M, int64_t N, int64_t K, float alpha, const float *A, int64_t rsa, int64_t csa,
                            const float *B, int64_t rsb, int64_t csb, float beta, float *C, int64_t ldc, float *work)
{
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++) C[i * ldc + j] = beta == 0.0f ? 0.0f : beta * C[i * ldc + j];
        return;
    }
    float *ap = work, *bp = work + (RT_SGEMM_APACK(M, K) + 15) / 16 * 16;
    for (int64_t jc = 0; jc < N; jc += RT_SGEMM_NC) {
        int64_t nc = RT_SGEMM_MIN(RT_SGEMM_NC, N - jc);
        for (int64_t pc = 0; pc < K; pc += RT_SGEMM_KC) {
            int64_t kc = RT_SGEMM_MIN(RT_SGEMM_KC, K - pc);
            float b_eff = pc == 0 ? beta : 1.0f;
            rt_sgemm_pack_b(kc, nc, B + pc * rsb + jc * csb, rsb, csb, bp);
            for (int64_t ic = 0; ic < M; ic += RT_SGEMM_MC) {
                int64_t mc = RT_SGEMM_MIN(RT_SGEMM_MC, M - ic);
                rt_sgemm_pack_a(mc, kc, A + ic * rsa + pc * csa, rsa, csa, ap);
                for (int64_t jr = 0; jr < nc; jr += RT_SGEMM_NR)
                    for (int64_t ir = 0; ir < mc; ir += RT_SGEMM_MR)
                        rt_sgemm_micro(kc, ap + ir * kc, bp + jr * kc, C + (ic + ir) * ldc + jc + jr, ldc,
                                       RT_SGEMM_MIN(RT_SGEMM_MR, mc - ir), RT_SGEMM_MIN(RT_SGEMM_NR, nc - jr), alpha,
                                       b_eff);
            }
        }
    }
}

/* The same product with op(A) already packed, alpha = 1: A holds, for each
   KC block of columns pc (in order), the M rows rounded up to MR
   (mpad = rt_sgemm_mpad(M) rows, the padding rows zero) as MR-row
   micro-panels of kc columns: A[pc*mpad + (i/MR)*kc*MR + (k-pc)*MR + i%MR]
   = op(A)[i][k]. This is what rt_sgemm_pack_a makes per block, for the whole
   matrix at once; ops/conv.c makes it at compile time for constant Conv
   weights (its MR and KC must equal RT_SGEMM_MR and RT_SGEMM_KC). `work`
   needs RT_SGEMM_WORK(M, N, K) floats (only the B part is used). */
RT_HELPER int64_t rt_sgemm_mpad(int64_t M) { return (M + RT_SGEMM_MR - 1) / RT_SGEMM_MR * RT_SGEMM_MR; }

RT_HELPER void rt_sgemm_apacked(int64_t M, int64_t N, int64_t K, const float *A, const float *B, int64_t rsb,
                                    int64_t csb, float beta, float *C, int64_t ldc, float *work)
{
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++) C[i * ldc + j] = beta == 0.0f ? 0.0f : beta * C[i * ldc + j];
        return;
    }
    int64_t mpad = rt_sgemm_mpad(M);
    float *bp = work;
    for (int64_t jc = 0; jc < N; jc += RT_SGEMM_NC) {
        int64_t nc = RT_SGEMM_MIN(RT_SGEMM_NC, N - jc);
        for (int64_t pc = 0; pc < K; pc += RT_SGEMM_KC) {
            int64_t kc = RT_SGEMM_MIN(RT_SGEMM_KC, K - pc);
            float b_eff = pc == 0 ? beta : 1.0f;
            const float *ablk = A + pc * mpad;
            rt_sgemm_pack_b(kc, nc, B + pc * rsb + jc * csb, rsb, csb, bp);
            for (int64_t ic = 0; ic < M; ic += RT_SGEMM_MC) {
                int64_t mc = RT_SGEMM_MIN(RT_SGEMM_MC, M - ic);
                for (int64_t jr = 0; jr < nc; jr += RT_SGEMM_NR)
                    for (int64_t ir = 0; ir < mc; ir += RT_SGEMM_MR)
                        rt_sgemm_micro(kc, ablk + (ic + ir) * kc, bp + jr * kc, C + (ic + ir) * ldc + jc + jr, ldc,
                                       RT_SGEMM_MIN(RT_SGEMM_MR, mc - ir), RT_SGEMM_MIN(RT_SGEMM_NR, nc - jr), 1.0f,
                                       b_eff);
            }
        }
    }
}
//@end

//@kernel rt_gemm_f32 needs rt_sgemm
/* Gemm: Y = alpha * op(A) * op(B) + beta * C.
   t = {A, B, C or NULL, Y [M,N], scratch (RT_SGEMM_WORK(M,N,K) floats)};
   p = {M, N, K, rsa, csa, rsb, csb, crs, ccs}: op(A)[i][k] = A[i*rsa + k*csa],
   op(B)[k][j] = B[k*rsb + j*csb], C broadcast as C[i*crs + j*ccs];
   f = {alpha, beta}. */
RT_KERNEL(rt_gemm_f32)
{
    const float *a = (const float *)t[0], *b = (const float *)t[1], *c = (const float *)t[2];
    float *y = (float *)t[3], *work = (float *)t[4];
    int64_t M = p[0], N = p[1], K = p[2];
    if (c) {
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++) y[i * N + j] = f[1] * c[i * p[7] + j * p[8]];
    }
    rt_sgemm(M, N, K, f[0], a, p[3], p[4], b, p[5], p[6], c ? 1.0f : 0.0f, y, N, work);
}
//@end

//@section rt_gemm_plain_macros
#define RT_GEMM_ID(x) (x)
/* Gemm in plain loops, same t/p/f as rt_gemm_f32 without scratch; computes in
   double (alpha and beta are floats in every type). */
#define RT_GEMM_PLAIN(name, T, ACC, LOAD, STORE)                                             \
    RT_KERNEL(name)                                                                        \
    {                                                                                      \
        const T *a = (const T *)t[0], *b = (const T *)t[1], *c = (const T *)t[2];          \
        T *y = (T *)t[3];                                                                  \
        int64_t M = p[0], N = p[1], K = p[2];                                              \
        for (int64_t i = 0; i < M; i++)                                                    \
            for (int64_t j = 0; j < N; j++) {                                              \
                ACC acc = 0;                                                               \
                for (int64_t k = 0; k < K; k++)                                            \
                    acc += (ACC)LOAD(a[i * p[3] + k * p[4]]) * (ACC)LOAD(b[k * p[5] + j * p[6]]); \
                double v = (double)f[0] * (double)acc;                                     \
                if (c) v += (double)f[1] * (double)LOAD(c[i * p[7] + j * p[8]]);           \
                y[i * N + j] = STORE(v);                                                   \
            }                                                                              \
    }
/* MatMul in plain loops: t = {A, B, Y}; p as rt_matmul_f32. */
#define RT_MATMUL_PLAIN(name, T, ACC, LOAD, STORE)                                           \
    RT_KERNEL(name)                                                                        \
    {                                                                                      \
        const T *a = (const T *)t[0], *b = (const T *)t[1];                                \
        T *y = (T *)t[2];                                                                  \
        int64_t M = p[0], N = p[1], K = p[2], rank = p[3], idx[RT_MAX_RANK] = {0}, nb = 1; \
        const int64_t *dims = p + 4, *sa = p + 4 + rank, *sb = p + 4 + 2 * rank;           \
        RT_UNUSED(f);                                                                      \
        for (int64_t d = 0; d < rank; d++) nb *= dims[d];                                  \
        for (int64_t bi = 0; bi < nb; bi++) {                                              \
            int64_t oa = 0, ob = 0;                                                        \
            for (int64_t d = 0; d < rank; d++) oa += idx[d] * sa[d], ob += idx[d] * sb[d]; \
            const T *ab = a + oa, *bb = b + ob;                                            \
            T *yb = y + bi * M * N;                                                        \
            for (int64_t i = 0; i < M; i++)                                                \
                for (int64_t j = 0; j < N; j++) {                                          \
                    ACC acc = 0;                                                           \
                    for (int64_t k = 0; k < K; k++)                                        \
                        acc += (ACC)LOAD(ab[i * K + k]) * (ACC)LOAD(bb[k * N + j]);        \
                    yb[i * N + j] = STORE(acc);                                            \
                }                                                                          \
            for (int64_t d = rank - 1; d >= 0; d--) {                                      \
                if (++idx[d] < dims[d]) break;                                             \
                idx[d] = 0;                                                                \
            }                                                                              \
        }                                                                                  \
    }
#define RT_GEMM_TO_F32(v) ((float)(v))
#define RT_GEMM_TO_F16(v) rt_f32_to_f16((float)(v))
#define RT_GEMM_TO_BF16(v) rt_f32_to_bf16((float)(v))
#define RT_GEMM_TO_I32(v) ((int32_t)(v))
#define RT_GEMM_TO_I64(v) ((int64_t)(v))
#define RT_GEMM_TO_U32(v) ((uint32_t)(v))
#define RT_GEMM_TO_U64(v) ((uint64_t)(v))
//@end

//@kernel rt_gemm_f64 needs rt_gemm_plain_macros
RT_GEMM_PLAIN(rt_gemm_f64, double, double, RT_GEMM_ID, RT_GEMM_ID)
//@end
//@kernel rt_gemm_f16 needs rt_gemm_plain_macros rt_half
RT_GEMM_PLAIN(rt_gemm_f16, uint16_t, float, rt_f16_to_f32, RT_GEMM_TO_F16)
//@end
//@kernel rt_gemm_bf16 needs rt_gemm_plain_macros rt_half
RT_GEMM_PLAIN(rt_gemm_bf16, uint16_t, float, rt_bf16_to_f32, RT_GEMM_TO_BF16)
//@end
//@kernel rt_gemm_i32 needs rt_gemm_plain_macros
RT_GEMM_PLAIN(rt_gemm_i32, int32_t, int64_t, RT_GEMM_ID, RT_GEMM_TO_I32)
//@end
//@kernel rt_gemm_i64 needs rt_gemm_plain_macros
RT_GEMM_PLAIN(rt_gemm_i64, int64_t, double, RT_GEMM_ID, RT_GEMM_TO_I64)
//@end
//@kernel rt_gemm_u32 needs rt_gemm_plain_macros
RT_GEMM_PLAIN(rt_gemm_u32, uint32_t, uint64_t, RT_GEMM_ID, RT_GEMM_TO_U32)
//@end
//@kernel rt_gemm_u64 needs rt_gemm_plain_macros
RT_GEMM_PLAIN(rt_gemm_u64, uint64_t, double, RT_GEMM_ID, RT_GEMM_TO_U64)
//@end

//@kernel rt_matmul_f32 needs rt_sgemm
/* MatMul, batched with broadcast batch dimensions.
   t = {A, B, Y, scratch (RT_SGEMM_WORK(M,N,K) floats)};
   p = {M, N, K, rank, dims[rank], sa[rank], sb[rank]}: each batch (in
   row-major order over dims) multiplies the M x K matrix at A + offset_a by
   the K x N matrix at B + offset_b, offsets = sum idx[d]*s[d] (elements, 0
   on broadcast dims); Y batches are dense M x N. */
RT_KERNEL(rt_matmul_f32)
{
    const float *a = (const float *)t[0], *b = (const float *)t[1];
    float *y = (float *)t[2], *work = (float *)t[3];
    int64_t M = p[0], N = p[1], K = p[2], rank = p[3], idx[RT_MAX_RANK] = {0}, nb = 1;
    const int64_t *dims = p + 4, *sa = p + 4 + rank, *sb = p + 4 + 2 * rank;
    RT_UNUSED(f);
    for (int64_t d = 0; d < rank; d++) nb *= dims[d];
    for (int64_t bi = 0; bi < nb; bi++) {
        int64_t oa = 0, ob = 0;
        for (int64_t d = 0; d < rank; d++) oa += idx[d] * sa[d], ob += idx[d] * sb[d];
        rt_sgemm(M, N, K, 1.0f, a + oa, K, 1, b + ob, N, 1, 0.0f, y + bi * M * N, N, work);
        for (int64_t d = rank - 1; d >= 0; d--) {
            if (++idx[d] < dims[d]) break;
            idx[d] = 0;
        }
    }
}
//@end

//@kernel rt_matmul_f64 needs rt_gemm_plain_macros
RT_MATMUL_PLAIN(rt_matmul_f64, double, double, RT_GEMM_ID, RT_GEMM_ID)
//@end
//@kernel rt_matmul_f16 needs rt_gemm_plain_macros rt_half
RT_MATMUL_PLAIN(rt_matmul_f16, uint16_t, float, rt_f16_to_f32, RT_GEMM_TO_F16)
//@end
//@kernel rt_matmul_bf16 needs rt_gemm_plain_macros rt_half
RT_MATMUL_PLAIN(rt_matmul_bf16, uint16_t, float, rt_bf16_to_f32, RT_GEMM_TO_BF16)
//@end
//@kernel rt_matmul_i32 needs rt_gemm_plain_macros
RT_MATMUL_PLAIN(rt_matmul_i32, int32_t, uint32_t, RT_GEMM_ID, RT_GEMM_TO_I32)
//@end
//@kernel rt_matmul_i64 needs rt_gemm_plain_macros
RT_MATMUL_PLAIN(rt_matmul_i64, int64_t, uint64_t, RT_GEMM_ID, RT_GEMM_TO_I64)
//@end
//@kernel rt_matmul_u32 needs rt_gemm_plain_macros
RT_MATMUL_PLAIN(rt_matmul_u32, uint32_t, uint32_t, RT_GEMM_ID, RT_GEMM_TO_U32)
//@end
//@kernel rt_matmul_u64 needs rt_gemm_plain_macros
RT_MATMUL_PLAIN(rt_matmul_u64, uint64_t, uint64_t, RT_GEMM_ID, RT_GEMM_TO_U64)
//@end

//@section rt_conv_sgemm needs rt_sgemm rt_im2col_f32
/* Conv, float, for rt_conv_f32 and rt_conv_packed_f32: im2col of at most
   `chunk` output positions at a time into scratch, then sgemm per group; a
   1x1, stride-1, unpadded conv multiplies the input directly. With packed,
   w is in rt_sgemm_apacked's layout, per group (group gi at
   gi * rt_sgemm_mpad(M/G) * C/G*KD*KH*KW). */
RT_HELPER void rt_conv_sgemm(void *const *t, const int64_t *p, int packed)
{
    const float *x = (const float *)t[0], *w = (const float *)t[1], *bias = (const float *)t[2];
    float *y = (float *)t[3], *scratch = (float *)t[4];
    rt_conv_geom g = rt_conv_unpack(p);
    int64_t chunk = p[22], cg = g.c / g.g, mg = g.m / g.g, ksz = g.kd * g.kh * g.kw, kk = cg * ksz;
    int64_t isz = g.id * g.ih * g.iw, osz = g.od * g.oh * g.ow;
    int direct = ksz == 1 && g.sd == 1 && g.sh == 1 && g.sw == 1 && g.pd == 0 && g.ph == 0 && g.pw == 0 &&
                 isz == osz;
    float *col = scratch, *work = scratch + (direct ? 0 : (kk * chunk + 15) / 16 * 16);
    for (int64_t n = 0; n < g.n; n++)
        for (int64_t gi = 0; gi < g.g; gi++) {
            const float *xg = x + (n * g.c + gi * cg) * isz;
            const float *wg = w + gi * (packed ? rt_sgemm_mpad(mg) : mg) * kk;
            float *yg = y + (n * g.m + gi * mg) * osz;
            float beta = bias ? 1.0f : 0.0f;
            if (bias)
                for (int64_t m = 0; m < mg; m++)
                    for (int64_t j = 0; j < osz; j++) yg[m * osz + j] = bias[gi * mg + m];
            for (int64_t c0 = 0; c0 < osz; c0 += chunk) {
                int64_t nc = direct ? osz : osz - c0 < chunk ? osz - c0 : chunk;
                const float *b = direct ? xg : col;
                int64_t ldb = direct ? isz : nc;
                if (!direct) rt_im2col_f32(xg, &g, cg, c0, nc, col);
                if (packed)
                    rt_sgemm_apacked(mg, nc, kk, wg, b, ldb, 1, beta, yg + c0, osz, work);
                else
                    rt_sgemm(mg, nc, kk, 1.0f, wg, kk, 1, b, ldb, 1, beta, yg + c0, osz, work);
                if (direct) break;
            }
        }
}
//@end

//@kernel rt_conv_f32 needs rt_conv_sgemm
/* Conv, float (rt_conv_sgemm). t = {x [N,C,I...], w [M,C/G,K...], bias [M]
   or NULL, y [N,M,O...], scratch (C/G*KD*KH*KW*chunk floats, rounded up to
   16, then RT_SGEMM_WORK(M/G, chunk, C/G*KD*KH*KW) floats; a direct 1x1 conv
   needs only RT_SGEMM_WORK(M/G, OD*OH*OW, C/G))};
   p = conv geometry (runtime/conv.c) + {chunk}. */
RT_KERNEL(rt_conv_f32)
{
    RT_UNUSED(f);
    rt_conv_sgemm(t, p, 0);
}
//@end

//@kernel rt_conv_packed_f32 needs rt_conv_sgemm
/* Conv, float, with constant weights packed at compile time: as rt_conv_f32
   but t[1] = w packed per group in rt_sgemm_apacked's layout
   ([G][KC blocks][mpad rows as MR-row panels], mpad = rt_sgemm_mpad(M/G)). */
RT_KERNEL(rt_conv_packed_f32)
{
    RT_UNUSED(f);
    rt_conv_sgemm(t, p, 1);
}
//@end

//@kernel rt_conv_transpose_f32 needs rt_sgemm rt_col2im_f32
/* ConvTranspose, float: per image and group, col = W_g^T * X_g (sgemm into
   scratch), then col2im adds col into Y (initialised with the bias).
   t = {x [N,C,I...], w [C,M/G,K...], bias [M] or NULL, y [N,M,O...],
   scratch (M/G*KD*KH*KW*ID*IH*IW floats, rounded up to 16, then
   RT_SGEMM_WORK(M/G*KD*KH*KW, ID*IH*IW, C/G) floats)};
   p = conv geometry (runtime/conv.c; I = X's spatial size, O = Y's). */
RT_KERNEL(rt_conv_transpose_f32)
{
    const float *x = (const float *)t[0], *w = (const float *)t[1], *bias = (const float *)t[2];
    float *y = (float *)t[3], *scratch = (float *)t[4];
    rt_conv_geom g = rt_conv_unpack(p);
    int64_t cg = g.c / g.g, mg = g.m / g.g, ksz = g.kd * g.kh * g.kw, rows = mg * ksz;
    int64_t isz = g.id * g.ih * g.iw, osz = g.od * g.oh * g.ow;
    float *col = scratch, *work = scratch + (rows * isz + 15) / 16 * 16;
    RT_UNUSED(f);
    for (int64_t n = 0; n < g.n; n++)
        for (int64_t gi = 0; gi < g.g; gi++) {
            const float *xg = x + (n * g.c + gi * cg) * isz, *wg = w + gi * cg * rows;
            float *yg = y + (n * g.m + gi * mg) * osz;
            for (int64_t m = 0; m < mg; m++)
                for (int64_t j = 0; j < osz; j++) yg[m * osz + j] = bias ? bias[gi * mg + m] : 0.0f;
            rt_sgemm(rows, isz, cg, 1.0f, wg, 1, rows, xg, isz, 1, 0.0f, col, isz, work);
            rt_col2im_f32(col, &g, mg, yg);
        }
}
//@end
