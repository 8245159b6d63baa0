/* Winograd convolution F(4x4, 3x3) (runtime/winograd.c): its parameters,
   the transform of the weights that lowering applies to constant weights
   at compile time, and the size of its scratch.

   A 3x3 conv with stride 1 computes each 4x4 block of outputs (a tile)
   from the 6x6 patch of input under it: Y = A^T [U . V] A, with
   U = G g G^T the 6x6 transform of a 3x3 filter g and V = B^T d B that of
   the patch d. Summed over input channels, the 36 elementwise products
   become 36 independent matrix products U[xi] (out x in channels) times
   V[xi] (in channels x tiles): 36 multiplications per tile and channel
   pair instead of 144, at the cost of the two transforms and of a larger
   rounding error (a few units in the 5th significant digit on unit-sized
   data; the tests bound it). */
#ifndef DLC_RT_WINOGRAD_H
#define DLC_RT_WINOGRAD_H
#include "rt.h"
#include "gemm.h"

//@params rt_winograd_params needs rt_activation_ids
typedef struct rt_winograd_params {
    int64_t batch;                          /* N */
    int64_t in_channels, out_channels;      /* C, K */
    int64_t in_h, in_w, out_h, out_w;       /* out = in + pads - 2 */
    int64_t pad_top, pad_left;              /* the end pads are implied by the output size */
    int64_t tile_block;                     /* tiles per task, a multiple of 32 */
    /* Fused epilogue (passes/pass_fuse_epilogue.c): the activation applied
       to each output after the bias and residual; activation_alpha/beta:
       Clip's min/max, LeakyRelu's alpha, HardSigmoid's alpha/beta. */
    int64_t activation;                     /* enum rt_activation */
    float activation_alpha, activation_beta;
} rt_winograd_params;
//@end

//@section rt_winograd_layout needs rt_winograd_params rt_sgemm_blocking
/* Output channels per pass of a task: the products of a pass (36 x
   RT_WINOGRAD_ROWS x tile_block floats) stay in L2 until the output
   transform reads them. A multiple of RT_SGEMM_MR. */
#define RT_WINOGRAD_ROWS 48

/* The zero-padded copy of each input plane the input transform reads:
   tiles_h * 4 + 2 rows of tiles_w * 4 + 2 floats (every tile's patch
   inside), the input at (pad_top, pad_left). */
typedef struct rt_winograd_layout {
    int64_t tiles_h, tiles_w, tiles;        /* 4x4 output tiles per image */
    int64_t rows, row_stride;               /* of a padded plane */
} rt_winograd_layout;

RT_HELPER rt_winograd_layout rt_winograd_layout_of(const rt_winograd_params *p)
{
    rt_winograd_layout l;
    l.tiles_h = (p->out_h + 3) / 4;
    l.tiles_w = (p->out_w + 3) / 4;
    l.tiles = l.tiles_h * l.tiles_w;
    l.rows = l.tiles_h * 4 + 2;
    l.row_stride = l.tiles_w * 4 + 2;
    if (l.rows < p->pad_top + p->in_h) l.rows = p->pad_top + p->in_h;
    if (l.row_stride < p->pad_left + p->in_w) l.row_stride = p->pad_left + p->in_w;
    return l;
}

/* Floats of scratch of rt_conv_winograd_f32 with `threads` threads: the
   padded planes of the whole input, then per thread the transformed input
   of a block of tiles (36 x C x tile_block, in the sgemm's packed-B panels)
   and the products of a pass (36 x RT_WINOGRAD_ROWS x tile_block), each of
   the 36 matrices followed by 16 floats of padding. */
RT_HELPER int64_t rt_winograd_padded_floats(const rt_winograd_params *p)
{
    rt_winograd_layout l = rt_winograd_layout_of(p);
    return (p->batch * p->in_channels * l.rows * l.row_stride + 15) / 16 * 16;
}
RT_HELPER int64_t rt_winograd_thread_floats(const rt_winograd_params *p)
{
    return 36 * ((p->in_channels + RT_WINOGRAD_ROWS) * p->tile_block + 32) + 16;
}
RT_HELPER int64_t rt_winograd_scratch_floats(const rt_winograd_params *p, int threads)
{
    return rt_winograd_padded_floats(p) + rt_winograd_thread_floats(p) * threads;
}
//@end

//@section rt_winograd_weights needs rt_winograd_layout rt_sgemm_pack_matrix
/* U = G g G^T for every filter g (w is [K][C][3][3]), as 36 matrices of
   K x C, each in the sgemm's packed-A layout (RT_SGEMM_PACKED_A_INDEX):
   matrix xi = 6*i + j at xi * RT_SGEMM_MPAD(K) * C. `u` holds
   36 * RT_SGEMM_MPAD(K) * C floats, `row` K * C more (work). Lowering calls
   it on constant weights, in double precision before the one rounding. */
RT_HELPER void rt_winograd_transform_weights(const float *w, int64_t k_n, int64_t c_n, float *u, float *row)
{
    static const double G[6][3] = {{1.0 / 4, 0, 0},
                                   {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                                   {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                                   {1.0 / 24, 1.0 / 12, 1.0 / 6},
                                   {1.0 / 24, -1.0 / 12, 1.0 / 6},
                                   {0, 0, 1}};
    int64_t mpad = RT_SGEMM_MPAD(k_n);
    for (int64_t xi = 0; xi < 36; xi++) {
        int64_t i = xi / 6, j = xi % 6;
        for (int64_t k = 0; k < k_n; k++)
            for (int64_t c = 0; c < c_n; c++) {
                const float *g = w + (k * c_n + c) * 9;
                double sum = 0;
                for (int a = 0; a < 3; a++)
                    for (int b = 0; b < 3; b++) sum += G[i][a] * (double)g[a * 3 + b] * G[j][b];
                row[k * c_n + c] = (float)sum;
            }
        rt_sgemm_pack_matrix(row, k_n, c_n, u + xi * mpad * c_n);
    }
}
//@end

#endif
