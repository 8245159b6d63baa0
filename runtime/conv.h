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
   out_size. Lowering sizes the scratch with it; tests call it too. */
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

/* Floats of scratch per thread of rt_conv_depthwise_f32: the padded plane
   of a 2-D conv, or at stride 2 its four phases if they take more (a 3-D
   one runs direct loops: 16 unused floats, so the kernel always gets its
   scratch argument). */
RT_HELPER int64_t rt_conv_depthwise_scratch(const rt_conv_params *p)
{
    if (p->kernel_d != 1 || p->in_d != 1 || p->out_d != 1) return 16;
    rt_conv_dw_layout l = rt_conv_dw_layout_of(p);
    int64_t padded = l.rows * l.row_stride + 16;
    int64_t phases = p->stride_w == 2 ? 4 * rt_conv_dw_phase_rows(p->in_h) * p->out_w + 16 : 0;
    return padded > phases ? padded : phases;
}

//@end

#endif
