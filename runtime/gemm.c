/* Dense linear algebra: the shared single-precision matrix multiply
   (rt_sgemm), and the kernels built on it: Gemm, MatMul, Conv (sgemm with
   B's panels packed straight from the image: implicit im2col) and
   ConvTranspose (sgemm + col2im). Plain-loop kernels for the other element
   types. Conv kernels that need no sgemm, and the col2im helper, are in
   conv.c (which sorts before this file, so the conv kernels that use
   rt_sgemm live here). */
#include "gemm.h"

//@section rt_sgemm needs rt_sgemm_blocking rt_sgemm_packed_b rt_epilogue
/* C = alpha * op(A) * op(B) + beta * C, single precision, any strides:
   op(A)[i][k] = A[i*rsa + k*csa], op(B)[k][j] = B[k*rsb + j*csb],
   C[i][j] = C[i*ldc + j]. When beta == 0, C is not read. Epilogue e (or
   NULL) is applied to each tile after its last KC block, while the tile is
   in cache (runtime/epilogue.h): bias, residual, activation.

   Goto-style blocking: B is packed in KC x NC panels (NR columns per
   micro-panel), A in MC x KC blocks (MR rows per micro-panel), and an
   MR x NR register tile accumulates over KC (the constants are in
   runtime/gemm.h, section rt_sgemm_blocking). `work` must hold
   RT_SGEMM_WORK_BLOCKED(M, N, K, blk.mc, blk.nc) floats (the lowering
   reserves it as scratch); blk is the cache blocking (runtime/gemm.h). The
   scalar micro-kernel is written so that gcc/clang vectorise it; an AVX2+FMA
   and an AVX-512 path are used when the target has them. */
#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#include <immintrin.h>
#endif

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

#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
/* The last micro-panel of a product whose width is not a multiple of NR
   (49 columns of a 7x7 output: 32 + 17 on AVX-512) computed 16 or 8
   columns at a time instead of NR: w <= 16 (AVX-512) or 8 (AVX2) columns
   of the panel at bp (row stride ldb), into acc[i*16 + j]. The same products in the same
   order as the full tile, so the results are the same. */
RT_HELPER void rt_sgemm_micro_narrow(int64_t kc, const float *ap, const float *bp, int64_t ldb, int64_t w, float *acc)
{
#if defined(__AVX512F__)
    if (w > 8) {
        __m512 c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        for (int64_t k = 0; k < kc; k++) {
            __m512 b = _mm512_loadu_ps(bp);
            c0 = _mm512_fmadd_ps(_mm512_set1_ps(ap[0]), b, c0);
            c1 = _mm512_fmadd_ps(_mm512_set1_ps(ap[1]), b, c1);
            c2 = _mm512_fmadd_ps(_mm512_set1_ps(ap[2]), b, c2);
            c3 = _mm512_fmadd_ps(_mm512_set1_ps(ap[3]), b, c3);
            c4 = _mm512_fmadd_ps(_mm512_set1_ps(ap[4]), b, c4);
            c5 = _mm512_fmadd_ps(_mm512_set1_ps(ap[5]), b, c5);
            ap += 6;
            bp += ldb;
        }
        _mm512_storeu_ps(acc, c0); _mm512_storeu_ps(acc + 16, c1); _mm512_storeu_ps(acc + 32, c2);
        _mm512_storeu_ps(acc + 48, c3); _mm512_storeu_ps(acc + 64, c4); _mm512_storeu_ps(acc + 80, c5);
        return;
    }
#endif
    (void)w;
    {
        __m256 c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        for (int64_t k = 0; k < kc; k++) {
            __m256 b = _mm256_loadu_ps(bp);
            c0 = _mm256_fmadd_ps(_mm256_set1_ps(ap[0]), b, c0);
            c1 = _mm256_fmadd_ps(_mm256_set1_ps(ap[1]), b, c1);
            c2 = _mm256_fmadd_ps(_mm256_set1_ps(ap[2]), b, c2);
            c3 = _mm256_fmadd_ps(_mm256_set1_ps(ap[3]), b, c3);
            c4 = _mm256_fmadd_ps(_mm256_set1_ps(ap[4]), b, c4);
            c5 = _mm256_fmadd_ps(_mm256_set1_ps(ap[5]), b, c5);
            ap += 6;
            bp += ldb;
        }
        _mm256_storeu_ps(acc, c0); _mm256_storeu_ps(acc + 16, c1); _mm256_storeu_ps(acc + 32, c2);
        _mm256_storeu_ps(acc + 48, c3); _mm256_storeu_ps(acc + 64, c4); _mm256_storeu_ps(acc + 80, c5);
    }
}
#endif

/* Writes the valid mr x nr part of a tile acc (row stride ld) to c as
   alpha * acc + beta * c (c not read if beta == 0). */
RT_HELPER void rt_sgemm_store(const float *acc, int64_t ld, float *c, int64_t ldc, int64_t mr, int64_t nr, float alpha,
                              float beta)
{
    if (beta == 0.0f) {
        for (int64_t i = 0; i < mr; i++)
            for (int64_t j = 0; j < nr; j++) c[i * ldc + j] = alpha * acc[i * ld + j];
    } else if (beta == 1.0f) {
        for (int64_t i = 0; i < mr; i++)
            for (int64_t j = 0; j < nr; j++) c[i * ldc + j] += alpha * acc[i * ld + j];
    } else {
        for (int64_t i = 0; i < mr; i++)
            for (int64_t j = 0; j < nr; j++) c[i * ldc + j] = beta * c[i * ldc + j] + alpha * acc[i * ld + j];
    }
}

/* One MR x NR tile: acc = sum_k ap[k][i] * bp[k*ldb + j] (ldb: NR for
   panels packed at run time, RT_SGEMM_PACKED_B_NR for B packed at compile
   time); then the valid mr x nr
   part is written to c as alpha * acc + beta * c (c not read if beta == 0),
   and epilogue e (or NULL) applied to it: the tile is at (row0, col0) of
   e's frame. */
RT_HELPER void rt_sgemm_micro(int64_t kc, const float *ap, const float *bp, int64_t ldb, float *c, int64_t ldc, int64_t mr,
                              int64_t nr, float alpha, float beta, const rt_epilogue *e, int64_t row0, int64_t col0)
{
    float acc[RT_SGEMM_MR * RT_SGEMM_NR];
#if defined(__AVX512F__)
    if (nr <= RT_SGEMM_NR - 8) { /* a narrow last panel: 16 or 8 columns at a time */
        for (int64_t j0 = 0; j0 < nr; j0 += 16) {
            int64_t w = RT_SGEMM_MIN(16, nr - j0);
            rt_sgemm_micro_narrow(kc, ap, bp + j0, ldb, w, acc);
            rt_sgemm_store(acc, 16, c + j0, ldc, mr, w, alpha, beta);
        }
        if (e) rt_epilogue_apply_f32(e, c, ldc, mr, nr, row0, col0);
        return;
    }
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
            bp += ldb;
        }
        if (mr == RT_SGEMM_MR && nr == RT_SGEMM_NR && alpha == 1.0f && (beta == 0.0f || beta == 1.0f)) {
            /* A whole tile, C = acc (+ C), then the epilogue's bias, residual and
               Relu or Clip, straight from the registers (the same operations, in
               the same order, as rt_epilogue_apply_f32); other activations
               follow on the stored rows, still in L1. */
            int regs = !e || !e->bias || e->bias_col_stride == 0 || e->bias_col_stride == 1;
            __m512 lo = _mm512_set1_ps(e ? e->alpha : 0.0f), hi = _mm512_set1_ps(e ? e->beta : 0.0f), zero = _mm512_setzero_ps();
#define RT_SGEMM_ROW512(i, r0, r1)                                                                 \
    do {                                                                                          \
        float *ci = c + (i) * ldc;                                                                \
        if (beta != 0.0f) r0 = _mm512_add_ps(r0, _mm512_loadu_ps(ci)), r1 = _mm512_add_ps(r1, _mm512_loadu_ps(ci + 16));           \
        if (e && regs) {                                                                          \
            int64_t row = row0 + (i);                                                             \
            if (e->bias && e->bias_col_stride == 0) {                                             \
                __m512 b = _mm512_set1_ps(e->bias_scale * e->bias[row * e->bias_row_stride]);                  \
                r0 = _mm512_add_ps(r0, b), r1 = _mm512_add_ps(r1, b);                                                 \
            } else if (e->bias) {                                                                 \
                const float *b = e->bias + row * e->bias_row_stride + col0;                       \
                __m512 s = _mm512_set1_ps(e->bias_scale);                                                      \
                r0 = _mm512_add_ps(r0, _mm512_mul_ps(s, _mm512_loadu_ps(b))), r1 = _mm512_add_ps(r1, _mm512_mul_ps(s, _mm512_loadu_ps(b + 16)));           \
            }                                                                                     \
            if (e->residual) {                                                                    \
                const float *rr = e->residual + row * e->residual_row_stride + col0;              \
                r0 = _mm512_add_ps(r0, _mm512_loadu_ps(rr)), r1 = _mm512_add_ps(r1, _mm512_loadu_ps(rr + 16));                          \
            }                                                                                     \
            if (e->activation == RT_ACT_RELU) r0 = _mm512_max_ps(r0, zero), r1 = _mm512_max_ps(r1, zero);              \
            else if (e->activation == RT_ACT_CLIP)                                                \
                r0 = _mm512_min_ps(hi, _mm512_max_ps(lo, r0)), r1 = _mm512_min_ps(hi, _mm512_max_ps(lo, r1));                             \
        }                                                                                         \
        _mm512_storeu_ps(ci, r0);                                                                        \
        _mm512_storeu_ps(ci + 16, r1);                                                                   \
    } while (0)
            RT_SGEMM_ROW512(0, c00, c01); RT_SGEMM_ROW512(1, c10, c11); RT_SGEMM_ROW512(2, c20, c21);
            RT_SGEMM_ROW512(3, c30, c31); RT_SGEMM_ROW512(4, c40, c41); RT_SGEMM_ROW512(5, c50, c51);
#undef RT_SGEMM_ROW512
            if (e && !regs) rt_epilogue_apply_f32(e, c, ldc, mr, nr, row0, col0);
            else if (e && e->activation != RT_ACT_NONE && e->activation != RT_ACT_RELU && e->activation != RT_ACT_CLIP)
                for (int64_t i = 0; i < mr; i++) rt_activation_f32(c + i * ldc, nr, e->activation, e->alpha, e->beta);
            return;
        }
        _mm512_storeu_ps(acc + 0, c00); _mm512_storeu_ps(acc + 16, c01);
        _mm512_storeu_ps(acc + 32, c10); _mm512_storeu_ps(acc + 48, c11);
        _mm512_storeu_ps(acc + 64, c20); _mm512_storeu_ps(acc + 80, c21);
        _mm512_storeu_ps(acc + 96, c30); _mm512_storeu_ps(acc + 112, c31);
        _mm512_storeu_ps(acc + 128, c40); _mm512_storeu_ps(acc + 144, c41);
        _mm512_storeu_ps(acc + 160, c50); _mm512_storeu_ps(acc + 176, c51);
    }
#elif defined(__AVX2__) && defined(__FMA__)
    if (nr <= 8) { /* a narrow last panel: 8 columns */
        rt_sgemm_micro_narrow(kc, ap, bp, ldb, nr, acc);
        rt_sgemm_store(acc, 16, c, ldc, mr, nr, alpha, beta);
        if (e) rt_epilogue_apply_f32(e, c, ldc, mr, nr, row0, col0);
        return;
    }
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
            bp += ldb;
        }
        if (mr == RT_SGEMM_MR && nr == RT_SGEMM_NR && alpha == 1.0f && (beta == 0.0f || beta == 1.0f)) {
            /* A whole tile, C = acc (+ C), then the epilogue's bias, residual and
               Relu or Clip, straight from the registers (the same operations, in
               the same order, as rt_epilogue_apply_f32); other activations
               follow on the stored rows, still in L1. */
            int regs = !e || !e->bias || e->bias_col_stride == 0 || e->bias_col_stride == 1;
            __m256 lo = _mm256_set1_ps(e ? e->alpha : 0.0f), hi = _mm256_set1_ps(e ? e->beta : 0.0f), zero = _mm256_setzero_ps();
#define RT_SGEMM_ROW256(i, r0, r1)                                                                 \
    do {                                                                                          \
        float *ci = c + (i) * ldc;                                                                \
        if (beta != 0.0f) r0 = _mm256_add_ps(r0, _mm256_loadu_ps(ci)), r1 = _mm256_add_ps(r1, _mm256_loadu_ps(ci + 8));           \
        if (e && regs) {                                                                          \
            int64_t row = row0 + (i);                                                             \
            if (e->bias && e->bias_col_stride == 0) {                                             \
                __m256 b = _mm256_set1_ps(e->bias_scale * e->bias[row * e->bias_row_stride]);                  \
                r0 = _mm256_add_ps(r0, b), r1 = _mm256_add_ps(r1, b);                                                 \
            } else if (e->bias) {                                                                 \
                const float *b = e->bias + row * e->bias_row_stride + col0;                       \
                __m256 s = _mm256_set1_ps(e->bias_scale);                                                      \
                r0 = _mm256_add_ps(r0, _mm256_mul_ps(s, _mm256_loadu_ps(b))), r1 = _mm256_add_ps(r1, _mm256_mul_ps(s, _mm256_loadu_ps(b + 8)));           \
            }                                                                                     \
            if (e->residual) {                                                                    \
                const float *rr = e->residual + row * e->residual_row_stride + col0;              \
                r0 = _mm256_add_ps(r0, _mm256_loadu_ps(rr)), r1 = _mm256_add_ps(r1, _mm256_loadu_ps(rr + 8));                          \
            }                                                                                     \
            if (e->activation == RT_ACT_RELU) r0 = _mm256_max_ps(r0, zero), r1 = _mm256_max_ps(r1, zero);              \
            else if (e->activation == RT_ACT_CLIP)                                                \
                r0 = _mm256_min_ps(hi, _mm256_max_ps(lo, r0)), r1 = _mm256_min_ps(hi, _mm256_max_ps(lo, r1));                             \
        }                                                                                         \
        _mm256_storeu_ps(ci, r0);                                                                        \
        _mm256_storeu_ps(ci + 8, r1);                                                                   \
    } while (0)
            RT_SGEMM_ROW256(0, c00, c01); RT_SGEMM_ROW256(1, c10, c11); RT_SGEMM_ROW256(2, c20, c21);
            RT_SGEMM_ROW256(3, c30, c31); RT_SGEMM_ROW256(4, c40, c41); RT_SGEMM_ROW256(5, c50, c51);
#undef RT_SGEMM_ROW256
            if (e && !regs) rt_epilogue_apply_f32(e, c, ldc, mr, nr, row0, col0);
            else if (e && e->activation != RT_ACT_NONE && e->activation != RT_ACT_RELU && e->activation != RT_ACT_CLIP)
                for (int64_t i = 0; i < mr; i++) rt_activation_f32(c + i * ldc, nr, e->activation, e->alpha, e->beta);
            return;
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
            bp += ldb;
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
    rt_sgemm_store(acc, RT_SGEMM_NR, c, ldc, mr, nr, alpha, beta);
    if (e) rt_epilogue_apply_f32(e, c, ldc, mr, nr, row0, col0);
}

/* C = beta * C when K == 0 (no product to add), then the epilogue. */
RT_HELPER void rt_sgemm_empty(int64_t M, int64_t N, float beta, float *C, int64_t ldc, const rt_epilogue *e)
{
    for (int64_t i = 0; i < M; i++)
        for (int64_t j = 0; j < N; j++) C[i * ldc + j] = beta == 0.0f ? 0.0f : beta * C[i * ldc + j];
    if (e) rt_epilogue_apply_f32(e, C, ldc, M, N, 0, 0);
}

/* The product of one row (M == 1) with a B whose rows are contiguous
   (csb == 1): y[j] = sum_k a[k] * B[k][j]. A batch-1 classifier's big Gemm
   is bound by reading its weights once, so B is read in the order memory
   streams fastest, row after row (four at a time), into sums of up to
   RT_SGEMM_ROW_BLOCK columns kept in work (RT_SGEMM_WORK_BLOCKED(1, N, K,
   MC, nc) floats, at least min(K, KC) * min(N, nc)); each sum adds its
   terms in k order.
   The epilogue follows each block. */
#define RT_SGEMM_ROW_BLOCK 4096
RT_HELPER void rt_sgemm_row(int64_t N, int64_t K, float alpha, const float *a, int64_t csa, const float *B,
                            int64_t rsb, float beta, float *c, float *work, const rt_epilogue *e, int64_t nc)
{
    int64_t width = RT_SGEMM_MIN(RT_SGEMM_ROW_BLOCK, RT_SGEMM_MIN(K, RT_SGEMM_KC) * RT_SGEMM_MIN(N, nc));
    float *restrict acc = work;
    for (int64_t j0 = 0; j0 < N; j0 += width) {
        int64_t nw = RT_SGEMM_MIN(width, N - j0), whole = K - K % 4; /* a form gcc -O3 bounds */
        const float *b = B + j0;
        for (int64_t j = 0; j < nw; j++) acc[j] = 0.0f;
        for (int64_t k = 0; k < whole; k += 4) {
            const float *b0 = b + k * rsb, *b1 = b0 + rsb, *b2 = b1 + rsb, *b3 = b2 + rsb;
            float a0 = a[k * csa], a1 = a[(k + 1) * csa], a2 = a[(k + 2) * csa], a3 = a[(k + 3) * csa];
            for (int64_t j = 0; j < nw; j++) {
                float sum = acc[j];
                sum += a0 * b0[j];
                sum += a1 * b1[j];
                sum += a2 * b2[j];
                sum += a3 * b3[j];
                acc[j] = sum;
            }
        }
        for (int64_t k = whole; k < K; k++) {
            const float *b0 = b + k * rsb;
            float a0 = a[k * csa];
            for (int64_t j = 0; j < nw; j++) acc[j] += a0 * b0[j];
        }
        float *cj = c + j0;
        for (int64_t j = 0; j < nw; j++) cj[j] = alpha * acc[j] + (beta == 0.0f ? 0.0f : beta * cj[j]);
        if (e) rt_epilogue_apply_f32(e, cj, 0, 1, nw, 0, j0);
    }
}

/* The blocked product behind rt_sgemm and rt_sgemm_bpacked (M, N, K > 0):
   B's panels packed here from B (Bp NULL) for each KC x NC block, or (Bp
   not NULL) taken as they are from Bp, packed at compile time
   (RT_SGEMM_PACKED_B_INDEX over npad columns; this product's columns start
   at column j0 of it, a multiple of RT_SGEMM_PACKED_B_NR). */
RT_HELPER void rt_sgemm_blocked(int64_t M, int64_t N, int64_t K, float alpha, const float *A, int64_t rsa,
                                int64_t csa, const float *B, int64_t rsb, int64_t csb, const float *Bp, int64_t npad,
                                int64_t j0, float beta, float *C, int64_t ldc, float *work, const rt_epilogue *e,
                                rt_sgemm_blocking blk)
{
    float *ap = work, *bp = work + (RT_SGEMM_APACK_BLOCKED(M, K, blk.mc) + 15) / 16 * 16;
    int64_t ldb = Bp ? RT_SGEMM_PACKED_B_NR : RT_SGEMM_NR;
    for (int64_t jc = 0; jc < N; jc += blk.nc) {
        int64_t nc = RT_SGEMM_MIN(blk.nc, N - jc);
        for (int64_t pc = 0; pc < K; pc += RT_SGEMM_KC) {
            int64_t kc = RT_SGEMM_MIN(RT_SGEMM_KC, K - pc);
            float b_eff = pc == 0 ? beta : 1.0f;
            const rt_epilogue *e_eff = pc + kc >= K ? e : NULL;
            if (!Bp) rt_sgemm_pack_b(kc, nc, B + pc * rsb + jc * csb, rsb, csb, bp);
            for (int64_t ic = 0; ic < M; ic += blk.mc) {
                int64_t mc = RT_SGEMM_MIN(blk.mc, M - ic);
                rt_sgemm_pack_a(mc, kc, A + ic * rsa + pc * csa, rsa, csa, ap);
                for (int64_t jr = 0; jr < nc; jr += RT_SGEMM_NR) {
                    const float *panel = Bp ? Bp + RT_SGEMM_PACKED_B_INDEX(npad, pc, kc, 0, j0 + jc + jr) : bp + jr * kc;
                    for (int64_t ir = 0; ir < mc; ir += RT_SGEMM_MR)
                        rt_sgemm_micro(kc, ap + ir * kc, panel, ldb, C + (ic + ir) * ldc + jc + jr, ldc,
                                       RT_SGEMM_MIN(RT_SGEMM_MR, mc - ir), RT_SGEMM_MIN(RT_SGEMM_NR, nc - jr), alpha,
                                       b_eff, e_eff, ic + ir, jc + jr);
                }
            }
        }
    }
}

RT_HELPER void rt_sgemm(int64_t M, int64_t N, int64_t K, float alpha, const float *A, int64_t rsa, int64_t csa,
                        const float *B, int64_t rsb, int64_t csb, float beta, float *C, int64_t ldc, float *work,
                        const rt_epilogue *e, rt_sgemm_blocking blk)
{
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {
        rt_sgemm_empty(M, N, beta, C, ldc, e);
        return;
    }
    if (M == 1 && csb == 1) {
        rt_sgemm_row(N, K, alpha, A, csa, B, rsb, beta, C, work, e, blk.nc);
        return;
    }
    rt_sgemm_blocked(M, N, K, alpha, A, rsa, csa, B, rsb, csb, NULL, 0, 0, beta, C, ldc, work, e, blk);
}

//@end

//@section rt_sgemm_bpacked needs rt_sgemm
/* rt_sgemm with B packed at compile time (RT_SGEMM_PACKED_B_INDEX over
   npad columns): columns [j0, j0 + N) of the packed B (j0 a multiple of
   RT_SGEMM_PACKED_B_NR) times op(A), into C (the block's first column) and
   e in the block's frame. No B panel is packed at run time: a MatMul of
   many rows by constant weights otherwise copies all of them on every call.
   work: RT_SGEMM_WORK_BLOCKED(M, N, K, blk.mc, blk.nc) floats (the A part
   is used). */
RT_HELPER void rt_sgemm_bpacked(int64_t M, int64_t N, int64_t K, float alpha, const float *A, int64_t rsa, int64_t csa,
                                const float *Bp, int64_t npad, int64_t j0, float beta, float *C, int64_t ldc,
                                float *work, const rt_epilogue *e, rt_sgemm_blocking blk)
{
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {
        rt_sgemm_empty(M, N, beta, C, ldc, e);
        return;
    }
    rt_sgemm_blocked(M, N, K, alpha, A, rsa, csa, NULL, 0, 0, Bp, npad, j0, beta, C, ldc, work, e, blk);
}
//@end

//@section rt_conv_pad_input needs rt_conv_scratch rt_conv_pad_plane rt_parallel
/* Plane `task` (image n, channel c) of x into the zero-padded layout, a
   task per plane: what the sgemm conv (rt_conv_padded_size) and the
   Winograd conv (its own plane size) read. */
typedef struct rt_conv_pad_job {
    const rt_conv_params *g;
    rt_conv_padded pd;
    const float *x;
    float *xp;
} rt_conv_pad_job;

static void rt_conv_pad_task(void *ctx, int64_t task, int thread)
{
    const rt_conv_pad_job *j = (const rt_conv_pad_job *)ctx;
    const rt_conv_params *g = j->g;
    int64_t pw = j->pd.w, phw = j->pd.h * pw;
    const float *x = j->x + task * g->in_d * g->in_h * g->in_w;
    float *xp = j->xp + task * j->pd.d * phw;
    (void)thread;
    for (int64_t d = 0; d < j->pd.d; d++) {
        int64_t id = d - g->pad_front;
        if (id >= 0 && id < g->in_d)
            rt_conv_pad_plane_f32(x + id * g->in_h * g->in_w, g->in_h, g->in_w, g->pad_top, g->pad_left, j->pd.h, pw,
                                  xp + d * phw);
        else
            memset(xp + d * phw, 0, sizeof(float) * (size_t)phw);
    }
}
//@end

//@section rt_conv_pack_b needs rt_sgemm_blocking rt_conv_scratch
/* Implicit im2col: packs rows [pc, pc + kc) x columns [o0, o0 + nc) of a
   convolution's column matrix (row r = ((c*KD + kd)*KH + kh)*KW + kw, column
   = output position in (od, oh, ow) order) straight into the NR-column
   micro-panels rt_sgemm_micro reads, bp[(panel*kc + k)*NR + j], zero past
   nc. No column matrix is ever written: each input value goes from the image
   to the panel once.

   xp is the group's first input channel in the zero-padded layout of
   rt_conv_padded_size (runtime/gemm.h): every tap of every output position
   is inside it, so a panel row is a plain copy. A panel's NR positions are
   cut into runs along output rows once; then each of the kc rows copies
   every run from one input row, with masked vector loads on AVX-512 and
   AVX2 (stride 1 and, on AVX-512, 2) and a scalar loop otherwise. */
typedef struct rt_conv_run {
    int64_t at, len;                        /* panel columns [at, at + len) */
    int64_t src;                            /* xp offset of column at's input at tap (0, 0, 0) */
    uint32_t lanes;                         /* bits [at, at + len) */
    uint16_t pairs[4];                      /* stride 2, AVX-512: the input lanes each half's two loads read */
} rt_conv_run;

/* p + delta floats, as an address: the vector paths aim a masked load at
   lane 0 of a run that starts at lane `at`, so the lanes below `at`, never
   read, may fall before the buffer. */
RT_HELPER const float *rt_conv_shift(const float *p, int64_t delta)
{
    return (const float *)((uintptr_t)p + (uintptr_t)delta * sizeof(float));
}

#if defined(__AVX512F__)
/* Bits 2i of the result are the bits i of m (i < 8): the input lanes a
   stride-2 run reads for the output lanes m. */
RT_HELPER uint32_t rt_conv_spread2(uint32_t m)
{
    uint32_t r = 0;
    for (int i = 0; i < 8; i++) r |= ((m >> i) & 1u) << (2 * i);
    return r;
}
#endif

RT_HELPER void rt_conv_pack_row_f32(const float *x, const rt_conv_run *runs, int64_t nruns, int64_t sw, float *d)
{
#if defined(__AVX512F__)
    if (sw == 1) {
        __m512 lo = _mm512_setzero_ps(), hi = lo;
        for (int64_t q = 0; q < nruns; q++) {
            const float *s = rt_conv_shift(x + runs[q].src, -runs[q].at);
            lo = _mm512_mask_loadu_ps(lo, (__mmask16)runs[q].lanes, s);
            hi = _mm512_mask_loadu_ps(hi, (__mmask16)(runs[q].lanes >> 16), rt_conv_shift(s, 16));
        }
        _mm512_storeu_ps(d, lo);
        _mm512_storeu_ps(d + 16, hi);
        return;
    }
    if (sw == 2) {
        const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
        __m512 half[2] = {_mm512_setzero_ps(), _mm512_setzero_ps()};
        for (int64_t q = 0; q < nruns; q++) {
            const float *s = rt_conv_shift(x + runs[q].src, -2 * runs[q].at);
            for (int h = 0; h < 2; h++) {
                uint32_t m = (runs[q].lanes >> (16 * h)) & 0xffffu;
                if (!m) continue;
                const float *sh = rt_conv_shift(s, 32 * h);
                __m512 a = _mm512_maskz_loadu_ps((__mmask16)runs[q].pairs[2 * h], sh);
                __m512 b = _mm512_maskz_loadu_ps((__mmask16)runs[q].pairs[2 * h + 1], rt_conv_shift(sh, 16));
                half[h] = _mm512_mask_mov_ps(half[h], (__mmask16)m, _mm512_permutex2var_ps(a, even, b));
            }
        }
        _mm512_storeu_ps(d, half[0]);
        _mm512_storeu_ps(d + 16, half[1]);
        return;
    }
#elif defined(__AVX2__) && defined(__FMA__)
    if (sw == 1) {
        const __m256i bit = _mm256_set_epi32(128, 64, 32, 16, 8, 4, 2, 1);
        __m256 lo = _mm256_setzero_ps(), hi = lo;
        for (int64_t q = 0; q < nruns; q++) {
            const float *s = rt_conv_shift(x + runs[q].src, -runs[q].at);
            __m256i mlo = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32((int)runs[q].lanes), bit), bit);
            __m256i mhi = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32((int)(runs[q].lanes >> 8)), bit), bit);
            lo = _mm256_blendv_ps(lo, _mm256_maskload_ps(s, mlo), _mm256_castsi256_ps(mlo));
            hi = _mm256_blendv_ps(hi, _mm256_maskload_ps(rt_conv_shift(s, 8), mhi), _mm256_castsi256_ps(mhi));
        }
        _mm256_storeu_ps(d, lo);
        _mm256_storeu_ps(d + 8, hi);
        return;
    }
#endif
    for (int64_t j = 0; j < RT_SGEMM_NR; j++) d[j] = 0.0f;
    for (int64_t q = 0; q < nruns; q++) {
        const float *s = x + runs[q].src;
        float *dq = d + runs[q].at;
        for (int64_t j = 0; j < runs[q].len; j++) dq[j] = s[j * sw];
    }
}

RT_HELPER void rt_conv_pack_b_f32(const float *xp, const rt_conv_params *g, const rt_conv_padded *pd, int64_t pc,
                                  int64_t kc, int64_t o0, int64_t nc, float *bp)
{
    int64_t ohw = g->out_h * g->out_w, plane = pd->d * pd->h * pd->w;
    int64_t nkw = g->kernel_w, nkh = g->kernel_h, nkd = g->kernel_d;
    rt_conv_run runs[RT_SGEMM_NR];
    for (int64_t j0 = 0; j0 < nc; j0 += RT_SGEMM_NR) {
        int64_t width = RT_SGEMM_MIN(RT_SGEMM_NR, nc - j0), nruns = 0;
        for (int64_t j = 0, o = o0 + j0; j < width; nruns++) {
            rt_conv_run *r = &runs[nruns];
            int64_t od = o / ohw, oh = o / g->out_w % g->out_h, ow = o % g->out_w;
            r->at = j;
            r->len = RT_SGEMM_MIN(g->out_w - ow, width - j);
            r->src = (od * g->stride_d * pd->h + oh * g->stride_h) * pd->w + ow * g->stride_w;
            r->lanes = (uint32_t)(((1ull << r->len) - 1) << j);
#if defined(__AVX512F__)
            for (int h = 0; h < 4; h++) r->pairs[h] = (uint16_t)rt_conv_spread2((r->lanes >> (8 * h)) & 0xffu);
#endif
            j += r->len, o += r->len;
        }
        float *panel = bp + j0 * kc;
        int64_t kw = pc % nkw, kh = pc / nkw % nkh, kd = pc / nkw / nkh % nkd, c = pc / nkw / nkh / nkd;
        for (int64_t k = 0; k < kc; k++) {
            int64_t tap = c * plane + (kd * g->dilation_d * pd->h + kh * g->dilation_h) * pd->w + kw * g->dilation_w;
            rt_conv_pack_row_f32(xp + tap, runs, nruns, g->stride_w, panel + k * RT_SGEMM_NR);
            if (++kw == nkw && (kw = 0, ++kh == nkh) && (kh = 0, ++kd == nkd)) kd = 0, c++;
        }
    }
}

//@end

//@section rt_sgemm_apacked needs rt_sgemm rt_conv_pack_b
/* Where rt_sgemm_apacked's B comes from: a matrix, op(B)[k][j] = b[k*rsb +
   j*csb], or (conv not NULL) the implicit im2col of a convolution, b its
   group's first input channel in the padded layout `padded`, and column j
   the output position o0 + j. */
typedef struct rt_sgemm_b_source {
    const float *b;
    int64_t rsb, csb;
    const rt_conv_params *conv;
    const rt_conv_padded *padded;
    int64_t o0;
} rt_sgemm_b_source;

/* The same product as rt_sgemm with op(A) already packed, alpha = 1: A is in
   the layout RT_SGEMM_PACKED_A_INDEX describes (runtime/gemm.h): what
   rt_sgemm_pack_a makes per block, for the whole matrix at once. ops/conv.c
   makes it at compile time for constant Conv weights. Only rows [i0, i1)
   of C are computed (i0 a multiple of MR; 0 and M for all): threads share
   a conv with few output positions by rows. `work` needs
   RT_SGEMM_WORK_BLOCKED(M, N, K, blk.mc, blk.nc) floats (only the B part is
   used). */
RT_HELPER void rt_sgemm_apacked(int64_t M, int64_t N, int64_t K, int64_t i0, int64_t i1, const float *A,
                                const rt_sgemm_b_source *src, float beta, float *C, int64_t ldc, float *work,
                                const rt_epilogue *e, rt_sgemm_blocking blk)
{
    if (i1 <= i0 || N <= 0) return;
    if (K <= 0) {
        if (i0 == 0) rt_sgemm_empty(M, N, beta, C, ldc, e); /* all rows, once */
        return;
    }
    int64_t mpad = RT_SGEMM_MPAD(M);
    float *bp = work;
    if (i1 > M) i1 = M;
    for (int64_t jc = 0; jc < N; jc += blk.nc) {
        int64_t nc = RT_SGEMM_MIN(blk.nc, N - jc);
        for (int64_t pc = 0; pc < K; pc += RT_SGEMM_KC) {
            int64_t kc = RT_SGEMM_MIN(RT_SGEMM_KC, K - pc);
            float b_eff = pc == 0 ? beta : 1.0f;
            const rt_epilogue *e_eff = pc + kc >= K ? e : NULL;
            const float *ablk = A + pc * mpad;
            if (src->conv)
                rt_conv_pack_b_f32(src->b, src->conv, src->padded, pc, kc, src->o0 + jc, nc, bp);
            else
                rt_sgemm_pack_b(kc, nc, src->b + pc * src->rsb + jc * src->csb, src->rsb, src->csb, bp);
            for (int64_t ic = i0; ic < i1; ic += blk.mc) {
                int64_t mc = RT_SGEMM_MIN(blk.mc, i1 - ic);
                for (int64_t jr = 0; jr < nc; jr += RT_SGEMM_NR)
                    for (int64_t ir = 0; ir < mc; ir += RT_SGEMM_MR)
                        rt_sgemm_micro(kc, ablk + (ic + ir) * kc, bp + jr * kc, RT_SGEMM_NR, C + (ic + ir) * ldc + jc + jr, ldc,
                                       RT_SGEMM_MIN(RT_SGEMM_MR, mc - ir), RT_SGEMM_MIN(RT_SGEMM_NR, nc - jr), 1.0f,
                                       b_eff, e_eff, ic + ir, jc + jr);
            }
        }
    }
}
//@end

//@section rt_sgemm_columns needs rt_sgemm rt_parallel
/* Gemm and MatMul share their work among threads by blocks of output
   columns (whole 32-column panels): each block is an sgemm of its own, with
   B, C and the epilogue moved to the block's first column and the thread's
   own RT_SGEMM_WORK floats of work. Splitting the columns changes no
   element's arithmetic. Without threads, or for a small product, one block. */
RT_HELPER int64_t rt_sgemm_column_width(int64_t M, int64_t N, int64_t K)
{
    int threads = rt_num_threads();
    if (threads <= 1 || (double)M * (double)N * (double)K < 65536.0) return N > 0 ? N : 1;
    int64_t width = (N + 4 * threads - 1) / (4 * threads);
    width = (width + 31) / 32 * 32;
    return width < 64 ? 64 : width;
}

/* e (or NULL) moved to the block that starts at column j0, in *moved. */
RT_HELPER const rt_epilogue *rt_epilogue_at_column(const rt_epilogue *e, int64_t j0, rt_epilogue *moved)
{
    if (!e) return NULL;
    *moved = *e;
    if (moved->bias) moved->bias += j0 * moved->bias_col_stride;
    if (moved->residual) moved->residual += j0;
    return moved;
}

/* Columns [j0, j0 + width) (clipped to N) of C = alpha * op(A) op(B), then e. */
RT_HELPER void rt_sgemm_column_block(int64_t M, int64_t N, int64_t K, int64_t j0, int64_t width, float alpha,
                                     const float *A, int64_t rsa, int64_t csa, const float *B, int64_t rsb,
                                     int64_t csb, float *C, int64_t ldc, float *work, const rt_epilogue *e,
                                     rt_sgemm_blocking blk)
{
    if (j0 >= N) return;
    rt_epilogue moved;
    rt_sgemm(M, RT_SGEMM_MIN(width, N - j0), K, alpha, A, rsa, csa, B + j0 * csb, rsb, csb, 0.0f, C + j0, ldc,
             work, rt_epilogue_at_column(e, j0, &moved), blk);
}
//@end

//@section rt_gemm_job needs rt_sgemm_columns
/* The float Gemm kernels' tasks: blocks of `width` columns. */
typedef struct rt_gemm_job {
    const rt_gemm_params *p;
    const float *a, *b;
    float *y, *work;
    const rt_epilogue *e;
    int64_t width;
} rt_gemm_job;

/* Runs fn over every block of columns, with the epilogue of the whole
   product (c its bias, residual). */
RT_HELPER void rt_gemm_run(const rt_gemm_params *p, const float *a, const float *b, const float *c,
                           const float *residual, float *y, void *scratch, rt_task_fn *fn)
{
    rt_epilogue e = {.bias = c, .bias_row_stride = p->c_row_stride, .bias_col_stride = p->c_col_stride,
                     .bias_scale = p->beta, .residual = residual, .residual_row_stride = p->n,
                     .activation = p->activation, .alpha = p->activation_alpha, .beta = p->activation_beta};
    rt_gemm_job j = {p, a, b, y, (float *)scratch, rt_epilogue_or_null(&e), rt_sgemm_column_width(p->m, p->n, p->k)};
    rt_parallel_for((p->n + j.width - 1) / j.width, fn, &j);
}
//@end

//@kernel rt_gemm_f32(rt_gemm_params, a, b, c, residual, y, scratch) needs rt_gemm_job
/* Gemm: y [m,n] = activation(alpha * op(a) * op(b) + beta * c + residual);
   c (or NULL) broadcast by its strides, residual (or NULL) [m,n], both added
   in sgemm's epilogue. One task per block of columns (rt_sgemm_columns);
   scratch: RT_SGEMM_WORK_BLOCKED(m, n, k, mc, nc) floats per thread. */

static void rt_gemm_task(void *ctx, int64_t block, int thread)
{
    const rt_gemm_job *j = (const rt_gemm_job *)ctx;
    const rt_gemm_params *p = j->p;
    rt_sgemm_blocking blk = rt_sgemm_blocking_of(p->block_rows, p->block_cols);
    rt_sgemm_column_block(p->m, p->n, p->k, block * j->width, j->width, p->alpha, j->a, p->a_row_stride,
                          p->a_col_stride, j->b, p->b_row_stride, p->b_col_stride, j->y, p->n,
                          j->work + thread * RT_SGEMM_WORK_BLOCKED(p->m, p->n, p->k, blk.mc, blk.nc), j->e, blk);
}

static void rt_gemm_f32(const rt_gemm_params *p, const float *a, const float *b, const float *c,
                        const float *residual, float *y, void *scratch)
{
    rt_gemm_run(p, a, b, c, residual, y, scratch, rt_gemm_task);
}
//@end

//@kernel rt_gemm_bpacked_f32(rt_gemm_params, a, b_packed, c, residual, y, scratch) needs rt_gemm_job rt_sgemm_bpacked
/* Gemm, float, B constant and packed at compile time by
   rt_sgemm_pack_b_matrix (b_row_stride and b_col_stride are unused): as
   rt_gemm_f32 otherwise. */
static void rt_gemm_bpacked_task(void *ctx, int64_t block, int thread)
{
    const rt_gemm_job *j = (const rt_gemm_job *)ctx;
    const rt_gemm_params *p = j->p;
    int64_t j0 = block * j->width;
    rt_epilogue moved;
    rt_sgemm_blocking blk = rt_sgemm_blocking_of(p->block_rows, p->block_cols);
    rt_sgemm_bpacked(p->m, RT_SGEMM_MIN(j->width, p->n - j0), p->k, p->alpha, j->a, p->a_row_stride, p->a_col_stride,
                     j->b, RT_SGEMM_NPAD(p->n), j0, 0.0f, j->y + j0, p->n,
                     j->work + thread * RT_SGEMM_WORK_BLOCKED(p->m, p->n, p->k, blk.mc, blk.nc),
                     rt_epilogue_at_column(j->e, j0, &moved), blk);
}

static void rt_gemm_bpacked_f32(const rt_gemm_params *p, const float *a, const float *b_packed, const float *c,
                                const float *residual, float *y, void *scratch)
{
    rt_gemm_run(p, a, b_packed, c, residual, y, scratch, rt_gemm_bpacked_task);
}
//@end

//@section rt_gemm_plain_macros needs rt_gemm_params rt_matmul_params
/* Gemm in plain loops, as rt_gemm_f32 without scratch: the kernel NAME for
   element type T, products summed in ACC, alpha and beta applied in double
   (they are floats in every type); LOAD / STORE convert from T / to T. */
#define RT_GEMM_PLAIN(NAME, T, ACC, LOAD, STORE)                                                       \
    static void NAME(const rt_gemm_params *p, const T *a, const T *b, const T *c, T *y)                \
    {                                                                                                  \
        int64_t M = p->m, N = p->n, K = p->k, rsa = p->a_row_stride, csa = p->a_col_stride;            \
        int64_t rsb = p->b_row_stride, csb = p->b_col_stride, crs = p->c_row_stride;                   \
        int64_t ccs = p->c_col_stride;                                                                 \
        double alpha = p->alpha, beta = p->beta;                                                       \
        for (int64_t i = 0; i < M; i++)                                                                \
            for (int64_t j = 0; j < N; j++) {                                                          \
                ACC acc = 0;                                                                           \
                for (int64_t k = 0; k < K; k++)                                                        \
                    acc += (ACC)LOAD(a[i * rsa + k * csa]) * (ACC)LOAD(b[k * rsb + j * csb]);          \
                double v = alpha * (double)acc;                                                        \
                if (c) v += beta * (double)LOAD(c[i * crs + j * ccs]);                                 \
                y[i * N + j] = STORE(v);                                                               \
            }                                                                                          \
    }
/* MatMul in plain loops, as rt_matmul_f32 without scratch. */
#define RT_MATMUL_PLAIN(NAME, T, ACC, LOAD, STORE)                                                     \
    static void NAME(const rt_matmul_params *p, const T *a, const T *b, T *y)                          \
    {                                                                                                  \
        int64_t M = p->m, N = p->n, K = p->k, rank = p->batch_rank, idx[RT_MAX_RANK] = {0}, nb = 1;    \
        const int64_t *dims = p->batch_dims, *sa = p->a_batch_strides, *sb = p->b_batch_strides;       \
        for (int64_t d = 0; d < rank; d++) nb *= dims[d];                                              \
        for (int64_t bi = 0; bi < nb; bi++) {                                                          \
            int64_t oa = 0, ob = 0;                                                                    \
            for (int64_t d = 0; d < rank; d++) oa += idx[d] * sa[d], ob += idx[d] * sb[d];             \
            const T *ab = a + oa, *bb = b + ob;                                                        \
            T *yb = y + bi * M * N;                                                                    \
            for (int64_t i = 0; i < M; i++)                                                            \
                for (int64_t j = 0; j < N; j++) {                                                      \
                    ACC acc = 0;                                                                       \
                    for (int64_t k = 0; k < K; k++)                                                    \
                        acc += (ACC)LOAD(ab[i * p->a_row_stride + k * p->a_col_stride]) *              \
                               (ACC)LOAD(bb[k * p->b_row_stride + j * p->b_col_stride]);               \
                    yb[i * N + j] = STORE(acc);                                                        \
                }                                                                                      \
            for (int64_t d = rank - 1; d >= 0; d--) {                                                  \
                if (++idx[d] < dims[d]) break;                                                         \
                idx[d] = 0;                                                                            \
            }                                                                                          \
        }                                                                                              \
    }
/* Accumulators per type: Gemm sums integers wider (i64/u64 in double, as
   alpha and beta are applied in double anyway), MatMul in the unsigned type
   of the element's width (wrapping, no signed overflow). */
#define RT_GEMM_ACC_f64 double
#define RT_GEMM_ACC_f16 float
#define RT_GEMM_ACC_bf16 float
#define RT_GEMM_ACC_i32 int64_t
#define RT_GEMM_ACC_i64 double
#define RT_GEMM_ACC_u32 uint64_t
#define RT_GEMM_ACC_u64 double
#define RT_MATMUL_ACC_f64 double
#define RT_MATMUL_ACC_f16 float
#define RT_MATMUL_ACC_bf16 float
#define RT_MATMUL_ACC_i32 uint32_t
#define RT_MATMUL_ACC_i64 uint64_t
#define RT_MATMUL_ACC_u32 uint32_t
#define RT_MATMUL_ACC_u64 uint64_t
/* From ACC (or double) to the element type. */
#define RT_GEMM_TO_f64(v) ((double)(v))
#define RT_GEMM_TO_f16(v) rt_f32_to_f16((float)(v))
#define RT_GEMM_TO_bf16(v) rt_f32_to_bf16((float)(v))
#define RT_GEMM_TO_i32(v) ((int32_t)(v))
#define RT_GEMM_TO_i64(v) ((int64_t)(v))
#define RT_GEMM_TO_u32(v) ((uint32_t)(v))
#define RT_GEMM_TO_u64(v) ((uint64_t)(v))
//@end

/* instances: f64 f16 bf16 i32 i64 u32 u64
   @kernel rt_gemm_$s(rt_gemm_params, a, b, c, y) needs rt_gemm_plain_macros rt_half
   RT_GEMM_PLAIN(rt_gemm_$s, $t, RT_GEMM_ACC_$s, $load, RT_GEMM_TO_$s)
*/
//@kernel rt_gemm_f64(rt_gemm_params, a, b, c, y) needs rt_gemm_plain_macros rt_half
RT_GEMM_PLAIN(rt_gemm_f64, double, RT_GEMM_ACC_f64, RT_ID, RT_GEMM_TO_f64)
//@end
//@kernel rt_gemm_f16(rt_gemm_params, a, b, c, y) needs rt_gemm_plain_macros rt_half
RT_GEMM_PLAIN(rt_gemm_f16, uint16_t, RT_GEMM_ACC_f16, rt_f16_to_f32, RT_GEMM_TO_f16)
//@end
//@kernel rt_gemm_bf16(rt_gemm_params, a, b, c, y) needs rt_gemm_plain_macros rt_half
RT_GEMM_PLAIN(rt_gemm_bf16, uint16_t, RT_GEMM_ACC_bf16, rt_bf16_to_f32, RT_GEMM_TO_bf16)
//@end
//@kernel rt_gemm_i32(rt_gemm_params, a, b, c, y) needs rt_gemm_plain_macros rt_half
RT_GEMM_PLAIN(rt_gemm_i32, int32_t, RT_GEMM_ACC_i32, RT_ID, RT_GEMM_TO_i32)
//@end
//@kernel rt_gemm_i64(rt_gemm_params, a, b, c, y) needs rt_gemm_plain_macros rt_half
RT_GEMM_PLAIN(rt_gemm_i64, int64_t, RT_GEMM_ACC_i64, RT_ID, RT_GEMM_TO_i64)
//@end
//@kernel rt_gemm_u32(rt_gemm_params, a, b, c, y) needs rt_gemm_plain_macros rt_half
RT_GEMM_PLAIN(rt_gemm_u32, uint32_t, RT_GEMM_ACC_u32, RT_ID, RT_GEMM_TO_u32)
//@end
//@kernel rt_gemm_u64(rt_gemm_params, a, b, c, y) needs rt_gemm_plain_macros rt_half
RT_GEMM_PLAIN(rt_gemm_u64, uint64_t, RT_GEMM_ACC_u64, RT_ID, RT_GEMM_TO_u64)
//@end
/* end of instances */

//@section rt_matmul_job needs rt_sgemm_columns
/* The float MatMul kernels' tasks: (batch, block of `width` columns). */
typedef struct rt_matmul_job {
    const rt_matmul_params *p;
    const float *a, *b, *bias, *residual;
    float *y, *work;
    int64_t width, blocks;
} rt_matmul_job;

/* Batch bi's offsets into A and B, row-major over batch_dims. */
RT_HELPER void rt_matmul_batch_offsets(const rt_matmul_params *p, int64_t bi, int64_t *oa, int64_t *ob)
{
    *oa = *ob = 0;
    for (int64_t d = p->batch_rank - 1; d >= 0; d--) {
        int64_t idx = bi % p->batch_dims[d];
        bi /= p->batch_dims[d];
        *oa += idx * p->a_batch_strides[d], *ob += idx * p->b_batch_strides[d];
    }
}

/* Runs fn over every (batch, block of columns) of the product. */
RT_HELPER void rt_matmul_run(const rt_matmul_params *p, const float *a, const float *b, const float *bias,
                             const float *residual, float *y, void *scratch, rt_task_fn *fn)
{
    int64_t nb = 1;
    for (int64_t d = 0; d < p->batch_rank; d++) nb *= p->batch_dims[d];
    rt_matmul_job j = {p, a, b, bias, residual, y, (float *)scratch, rt_sgemm_column_width(p->m, p->n, p->k), 0};
    j.blocks = (p->n + j.width - 1) / j.width;
    rt_parallel_for(nb * j.blocks, fn, &j);
}
//@end

//@kernel rt_matmul_f32(rt_matmul_params, a, b, bias, residual, y, scratch) needs rt_matmul_job
/* MatMul, batched with broadcast batch dimensions (rt_matmul_params), with
   a fused epilogue: bias [n] (or NULL) added to every row, residual (or
   NULL) shaped as y, then the activation. One task per (batch, block of
   columns); scratch: RT_SGEMM_WORK_BLOCKED(m, n, k, mc, nc) floats per thread. */

static void rt_matmul_task(void *ctx, int64_t task, int thread)
{
    const rt_matmul_job *j = (const rt_matmul_job *)ctx;
    const rt_matmul_params *p = j->p;
    int64_t M = p->m, N = p->n, K = p->k, bi = task / j->blocks, oa, ob;
    rt_matmul_batch_offsets(p, bi, &oa, &ob);
    rt_epilogue e = {.bias = j->bias, .bias_row_stride = p->bias_row_stride, .bias_col_stride = 1, .bias_scale = 1.0f,
                     .residual = j->residual ? j->residual + bi * M * N : NULL, .residual_row_stride = N,
                     .activation = p->activation, .alpha = p->activation_alpha, .beta = p->activation_beta};
    rt_sgemm_blocking blk = rt_sgemm_blocking_of(p->block_rows, p->block_cols);
    rt_sgemm_column_block(M, N, K, task % j->blocks * j->width, j->width, p->alpha, j->a + oa, p->a_row_stride,
                          p->a_col_stride, j->b + ob, p->b_row_stride, p->b_col_stride, j->y + bi * M * N, N,
                          j->work + thread * RT_SGEMM_WORK_BLOCKED(M, N, K, blk.mc, blk.nc), rt_epilogue_or_null(&e),
                          blk);
}

static void rt_matmul_f32(const rt_matmul_params *p, const float *a, const float *b, const float *bias,
                          const float *residual, float *y, void *scratch)
{
    rt_matmul_run(p, a, b, bias, residual, y, scratch, rt_matmul_task);
}
//@end

//@kernel rt_matmul_bpacked_f32(rt_matmul_params, a, b_packed, bias, residual, y, scratch) needs rt_matmul_job rt_sgemm_bpacked
/* MatMul, float, with one B for every batch (b_batch_strides all 0),
   constant and packed at compile time by rt_sgemm_pack_b_matrix: as
   rt_matmul_f32 otherwise. */
static void rt_matmul_bpacked_task(void *ctx, int64_t task, int thread)
{
    const rt_matmul_job *j = (const rt_matmul_job *)ctx;
    const rt_matmul_params *p = j->p;
    int64_t M = p->m, N = p->n, K = p->k, bi = task / j->blocks, oa, ob; /* ob is 0: one B */
    rt_matmul_batch_offsets(p, bi, &oa, &ob);
    int64_t j0 = task % j->blocks * j->width;
    rt_epilogue e = {.bias = j->bias ? j->bias + j0 : NULL, .bias_row_stride = p->bias_row_stride,
                     .bias_col_stride = 1, .bias_scale = 1.0f,
                     .residual = j->residual ? j->residual + bi * M * N + j0 : NULL, .residual_row_stride = N,
                     .activation = p->activation, .alpha = p->activation_alpha, .beta = p->activation_beta};
    rt_sgemm_blocking blk = rt_sgemm_blocking_of(p->block_rows, p->block_cols);
    rt_sgemm_bpacked(M, RT_SGEMM_MIN(j->width, N - j0), K, p->alpha, j->a + oa, p->a_row_stride, p->a_col_stride,
                     j->b, RT_SGEMM_NPAD(N), j0, 0.0f, j->y + bi * M * N + j0, N,
                     j->work + thread * RT_SGEMM_WORK_BLOCKED(M, N, K, blk.mc, blk.nc), rt_epilogue_or_null(&e), blk);
}

static void rt_matmul_bpacked_f32(const rt_matmul_params *p, const float *a, const float *b_packed, const float *bias,
                                  const float *residual, float *y, void *scratch)
{
    rt_matmul_run(p, a, b_packed, bias, residual, y, scratch, rt_matmul_bpacked_task);
}
//@end

/* instances: f64 f16 bf16 i32 i64 u32 u64
   @kernel rt_matmul_$s(rt_matmul_params, a, b, y) needs rt_gemm_plain_macros rt_half
   RT_MATMUL_PLAIN(rt_matmul_$s, $t, RT_MATMUL_ACC_$s, $load, RT_GEMM_TO_$s)
*/
//@kernel rt_matmul_f64(rt_matmul_params, a, b, y) needs rt_gemm_plain_macros rt_half
RT_MATMUL_PLAIN(rt_matmul_f64, double, RT_MATMUL_ACC_f64, RT_ID, RT_GEMM_TO_f64)
//@end
//@kernel rt_matmul_f16(rt_matmul_params, a, b, y) needs rt_gemm_plain_macros rt_half
RT_MATMUL_PLAIN(rt_matmul_f16, uint16_t, RT_MATMUL_ACC_f16, rt_f16_to_f32, RT_GEMM_TO_f16)
//@end
//@kernel rt_matmul_bf16(rt_matmul_params, a, b, y) needs rt_gemm_plain_macros rt_half
RT_MATMUL_PLAIN(rt_matmul_bf16, uint16_t, RT_MATMUL_ACC_bf16, rt_bf16_to_f32, RT_GEMM_TO_bf16)
//@end
//@kernel rt_matmul_i32(rt_matmul_params, a, b, y) needs rt_gemm_plain_macros rt_half
RT_MATMUL_PLAIN(rt_matmul_i32, int32_t, RT_MATMUL_ACC_i32, RT_ID, RT_GEMM_TO_i32)
//@end
//@kernel rt_matmul_i64(rt_matmul_params, a, b, y) needs rt_gemm_plain_macros rt_half
RT_MATMUL_PLAIN(rt_matmul_i64, int64_t, RT_MATMUL_ACC_i64, RT_ID, RT_GEMM_TO_i64)
//@end
//@kernel rt_matmul_u32(rt_matmul_params, a, b, y) needs rt_gemm_plain_macros rt_half
RT_MATMUL_PLAIN(rt_matmul_u32, uint32_t, RT_MATMUL_ACC_u32, RT_ID, RT_GEMM_TO_u32)
//@end
//@kernel rt_matmul_u64(rt_matmul_params, a, b, y) needs rt_gemm_plain_macros rt_half
RT_MATMUL_PLAIN(rt_matmul_u64, uint64_t, RT_MATMUL_ACC_u64, RT_ID, RT_GEMM_TO_u64)
//@end
/* end of instances */

//@section rt_conv_sgemm needs rt_sgemm_apacked rt_conv_direct_1x1 rt_parallel rt_conv_scratch rt_conv_pad_input
/* Conv, float, for rt_conv_f32 and rt_conv_packed_f32: per group, the
   weights (in the packed-A layout, RT_SGEMM_PACKED_A_INDEX; group gi at
   gi * RT_SGEMM_MPAD(M/G) * C/G*KD*KH*KW) times the implicit im2col of the
   input (rt_conv_pack_b: B's panels packed straight from the image, or from
   its zero-padded copy made first in work when the conv pads; a direct 1x1
   conv, rt_conv_direct_1x1, reads the input as the matrix it is), with the
   epilogue adding the bias and the residual (or NULL: y's shape) and
   applying the activation.

   The work is one task per (image, group, block of col_chunk output
   positions, block of output channels), shared by rt_parallel_for (as is
   the padded copy, a task per plane); each thread has its own
   rt_conv_sgemm_work(p) floats of work. The channels are split only when
   the positions give too few tasks for the threads (the 7x7 layers at the
   end of a CNN). Splitting positions or channels changes no element's
   arithmetic, so the result is the same for any thread count. */
typedef struct rt_conv_sgemm_job {
    rt_conv_params g;
    rt_conv_padded pd;                      /* x's planes: the padded size, or the input's */
    const float *x, *w, *bias, *residual;
    float *y, *work;
    int direct;
    int64_t chunk, chunks, per_thread;      /* positions per task at most, blocks of them, work floats */
    int64_t panels;                         /* 32-column panels of positions; block b has panels
                                               [b * panels / chunks, (b + 1) * panels / chunks) */
    int64_t rows, row_blocks;               /* output channels per task (a multiple of MR), blocks of them */
} rt_conv_sgemm_job;

static void rt_conv_sgemm_task(void *ctx, int64_t task, int thread)
{
    const rt_conv_sgemm_job *j = (const rt_conv_sgemm_job *)ctx;
    const rt_conv_params *g = &j->g;
    int64_t cg = g->in_channels / g->groups, mg = g->out_channels / g->groups;
    int64_t kk = cg * g->kernel_d * g->kernel_h * g->kernel_w;
    int64_t isz = j->pd.d * j->pd.h * j->pd.w, osz = g->out_d * g->out_h * g->out_w;
    int64_t ci = task % j->chunks, r0 = task / j->chunks % j->row_blocks * j->rows;
    int64_t c0 = ci * j->panels / j->chunks * 32, c1 = RT_SGEMM_MIN((ci + 1) * j->panels / j->chunks * 32, osz);
    int64_t gi = task / j->chunks / j->row_blocks % g->groups, n = task / j->chunks / j->row_blocks / g->groups;
    const float *xg = j->x + (n * g->in_channels + gi * cg) * isz;
    float *yg = j->y + (n * g->out_channels + gi * mg) * osz;
    rt_epilogue e = {.bias = j->bias ? j->bias + gi * mg : NULL, .bias_row_stride = 1, .bias_scale = 1.0f,
                     .residual = j->residual ? j->residual + (n * g->out_channels + gi * mg) * osz + c0 : NULL,
                     .residual_row_stride = osz, .activation = g->activation, .alpha = g->activation_alpha,
                     .beta = g->activation_beta};
    rt_sgemm_b_source src = {j->direct ? xg + c0 : xg, isz, 1, j->direct ? NULL : g, &j->pd, c0};
    rt_sgemm_apacked(mg, c1 - c0, kk, r0, r0 + j->rows, j->w + gi * RT_SGEMM_MPAD(mg) * kk,
                     &src, 0.0f, yg + c0, osz, j->work + thread * j->per_thread, rt_epilogue_or_null(&e),
                     rt_sgemm_blocking_of(g->block_rows, g->block_cols));
}

/* w_packed in the packed-A layout; work: rt_conv_padded_floats(p), then
   rt_conv_sgemm_work(p) floats per thread. */
RT_HELPER void rt_conv_sgemm(const rt_conv_params *p, const float *x, const float *w_packed, const float *bias,
                             const float *residual, float *y, float *work)
{
    if (p->out_d * p->out_h * p->out_w == 0) return;
    int64_t padded = rt_conv_padded_floats(p);
    rt_conv_padded pd = {p->in_d, p->in_h, p->in_w};
    if (padded) {
        rt_conv_pad_job pj = {p, rt_conv_padded_size(p), x, work};
        rt_parallel_for(p->batch * p->in_channels, rt_conv_pad_task, &pj);
        pd = pj.pd, x = work, work += padded;
    }
    int64_t mg = p->out_channels / p->groups;
    rt_conv_sgemm_job j = {*p, pd, x, w_packed, bias, residual, y, work, rt_conv_direct_1x1(p), p->col_chunk, 0,
                           rt_conv_sgemm_work(p), 0, mg, 1};
    int64_t osz = p->out_d * p->out_h * p->out_w, outer = p->batch * p->groups;
    int threads = rt_num_threads();
    /* With threads: blocks of whole 32-column micro-panels, no more than
       col_chunk positions (the work space), at least four per thread where
       there are panels enough (two panels each), their count a multiple of
       the thread count and their sizes within a panel of each other (on one
       thread too), so that the threads finish together. When the positions still give fewer tasks
       than that, the channels are cut into blocks of at least 8 micro-panel
       rows (each task packs its own B, a small cost when there are many
       channels). */
    if (threads > 1) {
        int64_t panels = (osz + 31) / 32, most = (j.chunk + 31) / 32;
        int64_t chunks = (panels + most - 1) / most, floor_tasks = (4 * threads + outer - 1) / outer;
        if (chunks < floor_tasks) chunks = RT_SGEMM_MIN(floor_tasks, (panels + 1) / 2);
        chunks = (chunks + threads - 1) / threads * threads;
        j.chunks = chunks > panels ? panels : chunks;
    } else {
        j.chunks = (osz + j.chunk - 1) / j.chunk;
    }
    j.panels = (osz + 31) / 32;
    if (threads > 1 && outer * j.chunks < 4 * threads) {
        int64_t want = (4 * threads + outer * j.chunks - 1) / (outer * j.chunks);
        int64_t rows = ((mg + want - 1) / want + RT_SGEMM_MR - 1) / RT_SGEMM_MR * RT_SGEMM_MR;
        j.rows = rows < 8 * RT_SGEMM_MR ? 8 * RT_SGEMM_MR : rows;
        j.row_blocks = (mg + j.rows - 1) / j.rows;
    }
    rt_parallel_for(outer * j.chunks * j.row_blocks, rt_conv_sgemm_task, &j);
}
//@end

//@kernel rt_conv_f32(rt_conv_params, x, w, bias, residual, y, scratch) needs rt_conv_sgemm rt_sgemm_pack_matrix
/* Conv, float, weights not known at compile time: packs them into the
   packed-A layout in scratch (rt_conv_weights_scratch(p) floats), then
   rt_conv_sgemm with the rest of scratch as work (rt_conv_scratch_floats(p,
   0, threads) floats in all). x [N,C,I...],
   w [M,C/G,K...], bias [M] or NULL, residual [N,M,O...] or NULL,
   y [N,M,O...]. */
static void rt_conv_f32(const rt_conv_params *p, const float *x, const float *w, const float *bias,
                        const float *residual, float *y, void *scratch)
{
    int64_t mg = p->out_channels / p->groups, kk = p->in_channels / p->groups * p->kernel_d * p->kernel_h * p->kernel_w;
    float *packed = (float *)scratch;
    for (int64_t gi = 0; gi < p->groups; gi++)
        rt_sgemm_pack_matrix(w + gi * mg * kk, mg, kk, packed + gi * RT_SGEMM_MPAD(mg) * kk);
    rt_conv_sgemm(p, x, packed, bias, residual, y, packed + rt_conv_weights_scratch(p));
}
//@end

//@kernel rt_conv_packed_f32(rt_conv_params, x, w_packed, bias, residual, y, scratch) needs rt_conv_sgemm
/* Conv, float, with constant weights packed at compile time: as rt_conv_f32
   but w_packed is [G][KC blocks][RT_SGEMM_MPAD(M/G) rows as MR-row panels]
   (RT_SGEMM_PACKED_A_INDEX per group); scratch: rt_conv_scratch_floats(p,
   1, threads) floats. */
static void rt_conv_packed_f32(const rt_conv_params *p, const float *x, const float *w_packed, const float *bias,
                               const float *residual, float *y, void *scratch)
{
    rt_conv_sgemm(p, x, w_packed, bias, residual, y, (float *)scratch);
}
//@end

//@kernel rt_conv_transpose_f32(rt_conv_params, x, w, bias, y, scratch) needs rt_sgemm rt_col2im_f32
/* ConvTranspose, float: per image and group, col = W_g^T * X_g (sgemm into
   scratch), then col2im adds col into y (initialised with the bias).
   x [N,C,I...], w [C,M/G,K...], bias [M] or NULL, y [N,M,O...];
   scratch: rt_conv_transpose_scratch(p) floats. */
static void rt_conv_transpose_f32(const rt_conv_params *p, const float *x, const float *w, const float *bias,
                                  float *y, void *scratch)
{
    const rt_conv_params g = *p;
    int64_t cg = g.in_channels / g.groups, mg = g.out_channels / g.groups;
    int64_t rows = mg * g.kernel_d * g.kernel_h * g.kernel_w;
    int64_t isz = g.in_d * g.in_h * g.in_w, osz = g.out_d * g.out_h * g.out_w;
    float *col = (float *)scratch, *work = col + (rows * isz + 15) / 16 * 16;
    for (int64_t n = 0; n < g.batch; n++)
        for (int64_t gi = 0; gi < g.groups; gi++) {
            const float *xg = x + (n * g.in_channels + gi * cg) * isz, *wg = w + gi * cg * rows;
            float *yg = y + (n * g.out_channels + gi * mg) * osz;
            for (int64_t m = 0; m < mg; m++)
                for (int64_t j = 0; j < osz; j++) yg[m * osz + j] = bias ? bias[gi * mg + m] : 0.0f;
            rt_sgemm(rows, isz, cg, 1.0f, wg, 1, rows, xg, isz, 1, 0.0f, col, isz, work, NULL,
                     rt_sgemm_blocking_of(0, 0));
            rt_col2im_f32(col, &g, mg, yg);
        }
}
//@end
