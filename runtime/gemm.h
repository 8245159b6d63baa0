/* Parameters of Gemm and MatMul (runtime/gemm.c), and the blocking of the
   single-precision matrix multiply that they, Conv and ConvTranspose share:
   lowering sizes the kernels' scratch and packs constant Conv weights with
   these very constants. */
#ifndef DLC_RT_GEMM_H
#define DLC_RT_GEMM_H
#include "rt.h"
#include "conv.h"
#include "epilogue.h"
#include "parallel.h"

//@params rt_gemm_params needs rt_activation_ids
typedef struct rt_gemm_params {
    int64_t m, n, k;                        /* Y is m x n; op(A) m x k, op(B) k x n */
    /* op(A)[i][k] = A[i*a_row_stride + k*a_col_stride] (transA swaps them) */
    int64_t a_row_stride, a_col_stride;
    int64_t b_row_stride, b_col_stride;     /* op(B)[k][j] likewise */
    int64_t c_row_stride, c_col_stride;     /* C broadcast to m x n (0 on a broadcast dim) */
    float alpha, beta;                      /* Y = alpha * op(A) op(B) + beta * C */
    int64_t block_rows, block_cols;         /* the sgemm's MC and NC (ops/tiling.c); 0: the defaults */
    /* Fused epilogue (float kernels only; passes/pass_fuse_epilogue.c):
       the activation applied to each output after the bias and residual;
       activation_alpha/beta: Clip's min/max, LeakyRelu's alpha,
       HardSigmoid's alpha/beta. */
    int64_t activation;                     /* enum rt_activation */
    float activation_alpha, activation_beta;
} rt_gemm_params;
//@end

//@params rt_matmul_params needs rt_activation_ids
typedef struct rt_matmul_params {
    int64_t m, n, k;                        /* each product: [m, k] x [k, n] */
    /* A[i][k] at a_row_stride*i + a_col_stride*k of a batch, B[k][j] likewise
       (K, 1 and N, 1 when dense; a folded Transpose makes others) */
    int64_t a_row_stride, a_col_stride, b_row_stride, b_col_stride;
    /* float kernel only (the fused epilogue): Y = alpha * A B + bias + ...,
       bias [M, N] (bias_row_stride N) or [N] (0) */
    float alpha;
    int64_t bias_row_stride;
    int64_t block_rows, block_cols;         /* the sgemm's MC and NC (ops/tiling.c); 0: the defaults */
    /* The batches, row-major over batch_dims[0 .. batch_rank): batch idx
       multiplies A + sum idx[d]*a_batch_strides[d] by B + sum
       idx[d]*b_batch_strides[d] (elements; 0 on a broadcast dim); Y's
       batches are dense m x n. */
    int64_t batch_rank;
    int64_t batch_dims[RT_MAX_RANK];
    int64_t a_batch_strides[RT_MAX_RANK];
    int64_t b_batch_strides[RT_MAX_RANK];
    /* Fused epilogue (float kernels only; passes/pass_fuse_epilogue.c):
       the activation applied to each output after the bias and residual;
       activation_alpha/beta: Clip's min/max, LeakyRelu's alpha,
       HardSigmoid's alpha/beta. */
    int64_t activation;                     /* enum rt_activation */
    float activation_alpha, activation_beta;
} rt_matmul_params;
//@end

//@section rt_sgemm_blocking
/* Goto-style blocking of rt_sgemm (runtime/gemm.c): B packed in KC x NC
   panels of NR-column micro-panels, A in MC x KC blocks of MR-row
   micro-panels, an MR x NR register tile.

   MR and KC are the same on every target: dlc packs constant Conv weights at
   compile time in the packed-A layout (RT_SGEMM_PACKED_A_INDEX), for code
   that is compiled elsewhere, possibly for another instruction set. Every
   micro-kernel path is written for 6 rows; only NR (two vectors wide on
   AVX2 and AVX-512) follows the target, and nothing outside rt_sgemm depends
   on it.
   ops/conv.c checks the relations below with _Static_assert. */
#define RT_SGEMM_MR 6
#define RT_SGEMM_KC 256
#define RT_SGEMM_MC 144                     /* a multiple of MR */
#define RT_SGEMM_NC 1024
#if defined(__AVX512F__)
#define RT_SGEMM_NR 32
#else
#define RT_SGEMM_NR 16                      /* AVX2+FMA and the portable path */
#endif
#define RT_SGEMM_MIN(a, b) ((a) < (b) ? (a) : (b))
/* MC and NC above are the defaults; dlc chooses them per layer
   (ops/tiling.c, from the target description in backend/target.c) and
   passes them in the kernel's parameters as this pair: mc a multiple of MR,
   nc of 32. They decide only which tiles are in cache together, never the
   order in which a sum is added (that is KC's, fixed), so the results do
   not depend on them. */
typedef struct rt_sgemm_blocking {
    int64_t mc, nc;
} rt_sgemm_blocking;
RT_HELPER rt_sgemm_blocking rt_sgemm_blocking_of(int64_t mc, int64_t nc)
{
    rt_sgemm_blocking b = {mc > 0 ? mc : RT_SGEMM_MC, nc > 0 ? nc : RT_SGEMM_NC};
    return b;
}
/* Floats of work space for an M x N x K product blocked by MC x NC: the A
   block (MC rows padded to MR: room for 16) and, aligned to 16 floats, the
   B panel (NC columns padded to NR: room for 32). An upper bound for
   MR <= 16, NR <= 32, so the same on every target. RT_SGEMM_WORK: with
   the default blocking. */
#define RT_SGEMM_APACK_BLOCKED(M, K, MC) ((RT_SGEMM_MIN((M), (MC)) + 16) * RT_SGEMM_MIN((K), RT_SGEMM_KC))
#define RT_SGEMM_WORK_BLOCKED(M, N, K, MC, NC) \
    (RT_SGEMM_APACK_BLOCKED(M, K, MC) + RT_SGEMM_MIN((K), RT_SGEMM_KC) * (RT_SGEMM_MIN((N), (NC)) + 32) + 16)
#define RT_SGEMM_WORK(M, N, K) RT_SGEMM_WORK_BLOCKED(M, N, K, RT_SGEMM_MC, RT_SGEMM_NC)
/* Rows of a packed A of M rows: M rounded up to MR (the padding rows zero). */
#define RT_SGEMM_MPAD(M) (((M) + RT_SGEMM_MR - 1) / RT_SGEMM_MR * RT_SGEMM_MR)
/* The packed-A layout rt_sgemm_apacked reads: for each KC block of columns
   pc (in order), the mpad = RT_SGEMM_MPAD(M) rows as MR-row micro-panels of
   kc = min(KC, K - pc) columns; op(A)[i][pc + q] (q < kc) is at this index. */
#define RT_SGEMM_PACKED_A_INDEX(mpad, pc, kc, i, q) \
    ((pc) * (mpad) + ((i) / RT_SGEMM_MR) * (kc) * RT_SGEMM_MR + (q) * RT_SGEMM_MR + (i) % RT_SGEMM_MR)
//@end

//@section rt_sgemm_pack_matrix needs rt_sgemm_blocking
/* Packs a row-major m x k matrix a into RT_SGEMM_MPAD(m) * k floats of
   packed-A layout (padding rows zero): how lowering packs constant Conv
   weights, one group at a time. */
RT_HELPER void rt_sgemm_pack_matrix(const float *a, int64_t m, int64_t k, float *out)
{
    int64_t mpad = RT_SGEMM_MPAD(m);
    for (int64_t pc = 0; pc < k; pc += RT_SGEMM_KC) {
        int64_t kc = RT_SGEMM_MIN(RT_SGEMM_KC, k - pc);
        for (int64_t i = 0; i < mpad; i++)
            for (int64_t q = 0; q < kc; q++)
                out[RT_SGEMM_PACKED_A_INDEX(mpad, pc, kc, i, q)] = i < m ? a[i * k + pc + q] : 0.0f;
    }
}
//@end

//@section rt_sgemm_packed_b needs rt_sgemm_blocking
/* A constant B (the weights of a MatMul or Gemm with more than one row)
   packed at compile time: for each KC block of rows pc (in order), the
   npad = RT_SGEMM_NPAD(N) columns as panels of RT_SGEMM_PACKED_B_NR
   columns of kc rows; op(B)[pc + q][j] (q < kc) is at this index. The
   panel width is 32 on every target (the code may be compiled for another
   instruction set than dlc's): an AVX2 or portable micro-kernel reads it
   16 columns at a time with row stride 32. */
#define RT_SGEMM_PACKED_B_NR 32
#define RT_SGEMM_NPAD(N) (((N) + RT_SGEMM_PACKED_B_NR - 1) / RT_SGEMM_PACKED_B_NR * RT_SGEMM_PACKED_B_NR)
#define RT_SGEMM_PACKED_B_INDEX(npad, pc, kc, q, j) \
    ((pc) * (npad) + (j) / RT_SGEMM_PACKED_B_NR * (kc) * RT_SGEMM_PACKED_B_NR + (q) * RT_SGEMM_PACKED_B_NR + \
     (j) % RT_SGEMM_PACKED_B_NR)

/* Packs op(B) (k x n, op(B)[q][j] = b[q*rsb + j*csb]) into k *
   RT_SGEMM_NPAD(n) floats of that layout (padding columns zero). */
RT_HELPER void rt_sgemm_pack_b_matrix(const float *b, int64_t k, int64_t n, int64_t rsb, int64_t csb, float *out)
{
    int64_t npad = RT_SGEMM_NPAD(n);
    for (int64_t pc = 0; pc < k; pc += RT_SGEMM_KC) {
        int64_t kc = RT_SGEMM_MIN(RT_SGEMM_KC, k - pc);
        for (int64_t q = 0; q < kc; q++)
            for (int64_t j = 0; j < npad; j++)
                out[RT_SGEMM_PACKED_B_INDEX(npad, pc, kc, q, j)] = j < n ? b[(pc + q) * rsb + j * csb] : 0.0f;
    }
}
//@end

//@section rt_conv_scratch needs rt_sgemm_blocking rt_conv_padded_extent
/* The zero-padded copy of a conv's input that the packing reads
   (rt_conv_pack_b in runtime/gemm.c): each plane d x h x w with the input at
   (pad_front, pad_top, pad_left), big enough that every tap of every output
   position falls inside, so packing never checks a bound. When the input
   itself is such a layout (no padding, no tap past the end) it is used as it
   is: rt_conv_padded_floats is 0 and the size is the input's. */
typedef struct rt_conv_padded {
    int64_t d, h, w;
} rt_conv_padded;
RT_HELPER rt_conv_padded rt_conv_padded_size(const rt_conv_params *p)
{
    rt_conv_padded pd = {
        rt_conv_padded_extent(p->in_d, p->pad_front, p->out_d, p->kernel_d, p->stride_d, p->dilation_d),
        rt_conv_padded_extent(p->in_h, p->pad_top, p->out_h, p->kernel_h, p->stride_h, p->dilation_h),
        rt_conv_padded_extent(p->in_w, p->pad_left, p->out_w, p->kernel_w, p->stride_w, p->dilation_w)};
    return pd;
}
RT_HELPER int64_t rt_conv_padded_floats(const rt_conv_params *p)
{
    rt_conv_padded pd = rt_conv_padded_size(p);
    if (pd.d == p->in_d && pd.h == p->in_h && pd.w == p->in_w) return 0; /* a direct 1x1 conv too */
    return (p->batch * p->in_channels * pd.d * pd.h * pd.w + 15) / 16 * 16;
}

/* Scratch of the sgemm-based conv kernels (runtime/gemm.c), in floats, for
   lowering and tests: rt_conv_f32 (weights packed at run time) needs
   rt_conv_weights_scratch(p) first, rt_conv_packed_f32 not; then both need
   rt_conv_padded_floats(p) and, per thread, rt_conv_sgemm_work(p): the
   packed B panels of col_chunk output positions. rt_conv_scratch_floats is
   the total. */
RT_HELPER int64_t rt_conv_sgemm_work(const rt_conv_params *p)
{
    int64_t kk = p->in_channels / p->groups * p->kernel_d * p->kernel_h * p->kernel_w;
    rt_sgemm_blocking b = rt_sgemm_blocking_of(p->block_rows, p->block_cols);
    return RT_SGEMM_WORK_BLOCKED(p->out_channels / p->groups, p->col_chunk, kk, b.mc, b.nc);
}
RT_HELPER int64_t rt_conv_weights_scratch(const rt_conv_params *p)
{
    int64_t kk = p->in_channels / p->groups * p->kernel_d * p->kernel_h * p->kernel_w;
    return (p->groups * RT_SGEMM_MPAD(p->out_channels / p->groups) * kk + 15) / 16 * 16;
}
RT_HELPER int64_t rt_conv_scratch_floats(const rt_conv_params *p, int weights_packed, int threads)
{
    return (weights_packed ? 0 : rt_conv_weights_scratch(p)) + rt_conv_padded_floats(p) +
           rt_conv_sgemm_work(p) * threads;
}
/* rt_conv_transpose_f32: the columns (out_channels/G*KD*KH*KW x
   in_d*in_h*in_w floats, rounded up to 16), then the sgemm work space. */
RT_HELPER int64_t rt_conv_transpose_scratch(const rt_conv_params *p)
{
    int64_t rows = p->out_channels / p->groups * p->kernel_d * p->kernel_h * p->kernel_w;
    int64_t isz = p->in_d * p->in_h * p->in_w;
    return (rows * isz + 15) / 16 * 16 + RT_SGEMM_WORK(rows, isz, p->in_channels / p->groups);
}
//@end

#endif
