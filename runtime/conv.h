/* Parameters of the Conv and ConvTranspose kernels (runtime/conv.c, and the
   sgemm-based ones in runtime/gemm.c).

   Every conv kernel sees 1-D and 2-D convolutions as 3-D ones: missing
   leading spatial dims have size 1, kernel 1, stride 1, dilation 1, pad 0.
   For Conv, W is [out_channels, in_channels/groups, K...]; for
   ConvTranspose, "in" is X and "out" is Y, with W of shape
   [in_channels, out_channels/groups, K...]. */
#ifndef DLC_RT_CONV_H
#define DLC_RT_CONV_H
#include "rt.h"

//@params rt_conv_params needs rt_activation_ids
typedef struct rt_conv_params {
    int64_t batch;                              /* N */
    int64_t in_channels, out_channels, groups;  /* X's channels, Y's channels */
    int64_t in_d, in_h, in_w;                   /* X's spatial size */
    int64_t out_d, out_h, out_w;                /* Y's spatial size */
    int64_t kernel_d, kernel_h, kernel_w;
    int64_t stride_d, stride_h, stride_w;
    int64_t dilation_d, dilation_h, dilation_w;
    /* begin pads; the end pads are implied by the output size */
    int64_t pad_front, pad_top, pad_left;
    /* rt_conv_f32 and rt_conv_packed_f32 only (0 elsewhere): output positions
       per block of work (a task), rt_conv_col_chunk(); all of them for a
       direct 1x1 conv */
    int64_t col_chunk;
    int64_t block_rows, block_cols;             /* their sgemm's MC and NC (ops/tiling.c); 0: the defaults */
    /* Fused epilogue (float kernels only; passes/pass_fuse_epilogue.c):
       the activation applied to each output after the bias and residual;
       activation_alpha/beta: Clip's min/max, LeakyRelu's alpha,
       HardSigmoid's alpha/beta. */
    int64_t activation;                     /* enum rt_activation */
    float activation_alpha, activation_beta;
} rt_conv_params;
//@end

//@section rt_conv_direct_1x1 needs rt_conv_params
/* A 1x1 conv with stride 1 and no padding: the input is already the
   im2col matrix, the sgemm kernels multiply it directly. */
RT_HELPER int rt_conv_direct_1x1(const rt_conv_params *p)
{
    return p->kernel_d * p->kernel_h * p->kernel_w == 1 && p->stride_d == 1 && p->stride_h == 1 &&
           p->stride_w == 1 && p->pad_front == 0 && p->pad_top == 0 && p->pad_left == 0 &&
           p->in_d * p->in_h * p->in_w == p->out_d * p->out_h * p->out_w;
}
//@end

//@section rt_conv_col_chunk
/* Output positions per block of a conv with kk = C/G*KD*KH*KW rows per
   column and out_size = OD*OH*OW positions: the block's packed B panels
   (kk x chunk floats, at most KC x NC at a time) stay near 1 MiB; a multiple
   of 32 (whole sgemm micro-panels on every target), at least 32, at most
   out_size. The default: lowering asks the cost model (ops/tiling.c, which
   gives the same on an AVX-512 target), tests use this. */
RT_HELPER int64_t rt_conv_col_chunk(int64_t kk, int64_t out_size)
{
    int64_t chunk = (256 * 1024) / kk;
    chunk = (chunk + 31) / 32 * 32;
    if (chunk < 32) chunk = 32;
    return chunk > out_size ? out_size : chunk;
}
//@end

//@section rt_conv_padded_extent
/* The extent of a zero-padded copy of an input along one dimension: the
   input (in) after its begin pad, and every tap of every output inside:
   (out - 1) * s + (k - 1) * dil + 1. */
RT_HELPER int64_t rt_conv_padded_extent(int64_t in, int64_t pad, int64_t out, int64_t k, int64_t s, int64_t dil)
{
    int64_t reach = out > 0 ? (out - 1) * s + (k - 1) * dil + 1 : 0;
    return reach > in + pad ? reach : in + pad;
}
//@end

//@section rt_conv_dw_phase_layout
/* Rows (columns) of the phases of a stride-2 depthwise conv's plane: the
   even ones of n rows, and with n - 1, the odd ones. */
RT_HELPER int64_t rt_conv_dw_phase_rows(int64_t n) { return n > 0 ? (n + 1) / 2 : 0; }
RT_HELPER int64_t rt_conv_dw_phase_cols(int64_t n) { return n > 0 ? (n + 1) / 2 : 0; }
//@end

//@section rt_conv_dw_layout needs rt_conv_params rt_conv_padded_extent rt_conv_dw_phase_layout
/* The zero-padded plane a 2-D depthwise conv reads (runtime/conv.c,
   rt_conv_dw_plane_f32): rows x row_stride floats, the input at (pad_top,
   pad_left), every tap of every output inside, and each row long enough for
   whole 16-column blocks of outputs at the conv's stride. */
typedef struct rt_conv_dw_layout {
    int64_t rows, row_stride;               /* of the padded plane */
} rt_conv_dw_layout;

RT_HELPER rt_conv_dw_layout rt_conv_dw_layout_of(const rt_conv_params *p)
{
    int64_t blocks = (p->out_w + 15) / 16 * 16;
    int64_t rows = rt_conv_padded_extent(p->in_h, p->pad_top, p->out_h, p->kernel_h, p->stride_h, p->dilation_h);
    /* the last block's last lane, its stride-2 partner vector, one spare vector */
    int64_t reach_w = blocks * p->stride_w + (p->kernel_w - 1) * p->dilation_w + 32;
    int64_t w = reach_w > p->pad_left + p->in_w ? reach_w : p->pad_left + p->in_w;
    rt_conv_dw_layout l = {rows, (w + 15) / 16 * 16};
    return l;
}

//@end

//@section rt_conv_dw_flat_plan needs rt_conv_params rt_conv_dw_phase_layout
/* The flat path of the AVX-512 depthwise kernel (runtime/conv.c,
   rt_conv_dw_flat_*): a plane of at most 1024 outputs read as one run,
   one load mask per (vector of 16 outputs, tap), the same for every
   channel. Made once per call in the scratch the threads share. */
#define RT_CONV_DW_FLAT_VECTORS 64          /* 1024 outputs */
#define RT_CONV_DW_FLAT_TAPS 49             /* 7x7 kernels */
typedef struct rt_conv_dw_flat {
    int64_t vectors, taps;                  /* vectors rounded up to a multiple of 4 */
    int64_t stride, phase_rows, phase_cols; /* at stride 2, the phases' layout (rt_conv_dw_split_phases) */
    int64_t offset[RT_CONV_DW_FLAT_TAPS];
    uint16_t mask[RT_CONV_DW_FLAT_VECTORS * RT_CONV_DW_FLAT_TAPS]; /* [vector][tap] */
    uint16_t store_mask[RT_CONV_DW_FLAT_VECTORS];
} rt_conv_dw_flat;

/* Does the flat path take this conv: 2-D, stride 1 with rows as wide as
   the input's, or stride 2 with the phases' rows no wider than the
   output's; at most 1024 outputs and 49 taps. */
RT_HELPER int rt_conv_dw_flat_applies(const rt_conv_params *g)
{
    int64_t s = g->stride_w;
    return g->kernel_d == 1 && g->in_d == 1 && g->out_d == 1 && g->stride_h == s &&
           (s == 1 ? g->out_w == g->in_w : s == 2 && rt_conv_dw_phase_cols(g->in_w) <= g->out_w) &&
           g->out_h * g->out_w <= 16 * RT_CONV_DW_FLAT_VECTORS && g->kernel_h * g->kernel_w <= RT_CONV_DW_FLAT_TAPS;
}

//@end

//@section rt_conv_depthwise_scratch_size needs rt_conv_dw_layout rt_conv_dw_flat_plan
/* Floats of scratch shared by the threads, ahead of theirs: the flat
   path's masks where the shape allows it (reserved on every target; only
   AVX-512 code uses them), in whole 64-byte lines. */
RT_HELPER int64_t rt_conv_depthwise_shared_scratch(const rt_conv_params *p)
{
    return rt_conv_dw_flat_applies(p) ? ((int64_t)sizeof(rt_conv_dw_flat) + 63) / 64 * 16 : 0;
}

/* Floats of scratch of each thread: the padded plane of a 2-D conv, or at
   stride 2 its four phases if they take more (a 3-D one runs direct loops:
   16 unused floats). */
RT_HELPER int64_t rt_conv_depthwise_thread_scratch(const rt_conv_params *p)
{
    if (p->kernel_d != 1 || p->in_d != 1 || p->out_d != 1) return 16;
    rt_conv_dw_layout l = rt_conv_dw_layout_of(p);
    int64_t padded = l.rows * l.row_stride + 16;
    int64_t phases = p->stride_w == 2 ? 4 * rt_conv_dw_phase_rows(p->in_h) * p->out_w + 16 : 0;
    int64_t most = padded > phases ? padded : phases;
    return (most + 15) / 16 * 16;
}

/* Floats of scratch of rt_conv_depthwise_f32 run by `threads` threads. */
RT_HELPER int64_t rt_conv_depthwise_scratch(const rt_conv_params *p, int64_t threads)
{
    return rt_conv_depthwise_shared_scratch(p) + threads * rt_conv_depthwise_thread_scratch(p);
}

//@end

#endif
