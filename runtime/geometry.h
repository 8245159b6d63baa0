/* Parameters of the image/geometry kernels (runtime/geometry.c; lowering in
   ops/geometry.c): GridSample, AffineGrid, Col2Im, RoiAlign, DeformConv.
   Every shape is known at compile time; the kernels read only tensors
   (the grid, theta, the RoIs and their batch indices, the offsets) at run
   time. */
#ifndef DLC_RT_GEOMETRY_H
#define DLC_RT_GEOMETRY_H
#include "rt.h"

//@section rt_geometry_modes
/* GridSample's mode ("bilinear"/"bicubic" before opset 20 are linear/cubic)
   and padding_mode attributes; RoiAlign's mode. */
enum rt_grid_sample_mode { RT_GRID_SAMPLE_LINEAR, RT_GRID_SAMPLE_NEAREST, RT_GRID_SAMPLE_CUBIC };
enum rt_grid_sample_padding { RT_GRID_SAMPLE_ZEROS, RT_GRID_SAMPLE_BORDER, RT_GRID_SAMPLE_REFLECTION };
enum rt_roi_align_mode { RT_ROI_ALIGN_AVG, RT_ROI_ALIGN_MAX };
/* GridSample's kernel handles 1 to 3 spatial axes: a point reads at most
   4 taps per axis (cubic), 64 in all. */
#define RT_GRID_SAMPLE_MAX_SPATIAL 3
#define RT_GRID_SAMPLE_MAX_TAPS 64
//@end

//@params rt_grid_sample_params
/* GridSample: x [batch, channels, in_dims[0..spatial)], grid [batch,
   out_points, spatial] (its last axis lists the coordinates innermost
   axis first), y [batch, channels, out_points]. */
typedef struct rt_grid_sample_params {
    int64_t batch, channels;
    int64_t spatial;                    /* r: spatial axes of x, 1 to RT_GRID_SAMPLE_MAX_SPATIAL */
    int64_t in_dims[RT_MAX_RANK];
    int64_t out_points;                 /* product of the grid's spatial dimensions */
    int64_t mode;                       /* enum rt_grid_sample_mode */
    int64_t padding;                    /* enum rt_grid_sample_padding */
    int64_t align_corners;
} rt_grid_sample_params;
//@end

//@params rt_affine_grid_params
/* AffineGrid: theta [batch, spatial, spatial + 1], y [batch, out_dims...,
   spatial]; spatial is 2 (out_dims H, W) or 3 (D, H, W). */
typedef struct rt_affine_grid_params {
    int64_t batch, spatial;
    int64_t out_dims[3];                /* outermost first; unused entries 1 */
    int64_t align_corners;
} rt_affine_grid_params;
//@end

//@params rt_col2im_params
/* Col2Im: x [batch, channels * product(block), product(cols)], y [batch,
   channels, image...]; column block b of kernel offset k adds to image
   index cols_index * stride - pad_begin + k_index * dilation, per axis. */
typedef struct rt_col2im_params {
    int64_t batch, channels;
    int64_t spatial;                    /* image axes, 1 to RT_MAX_RANK */
    int64_t image[RT_MAX_RANK];
    int64_t block[RT_MAX_RANK];
    int64_t cols[RT_MAX_RANK];          /* sliding positions per axis */
    int64_t strides[RT_MAX_RANK];
    int64_t pads_begin[RT_MAX_RANK];
    int64_t dilations[RT_MAX_RANK];
} rt_col2im_params;
//@end

//@params rt_roi_align_params
/* RoiAlign: x [batch, channels, height, width], rois [num_rois, 4] (x1,
   y1, x2, y2), batch_indices [num_rois] (int64), y [num_rois, channels,
   out_h, out_w]. */
typedef struct rt_roi_align_params {
    int64_t batch, channels, height, width;
    int64_t num_rois, out_h, out_w;
    int64_t sampling_ratio;             /* 0: ceil(roi size / output size) samples per bin and axis */
    int64_t mode;                       /* enum rt_roi_align_mode */
    int64_t half_pixel;                 /* 1: shift the input coordinates by -0.5 */
    double spatial_scale;
} rt_roi_align_params;
//@end

//@params rt_deform_conv_params
/* DeformConv (2-D): x [batch, in_channels, in_h, in_w], w [out_channels,
   in_channels / group, kernel_h, kernel_w], offset [batch, offset_group *
   kernel_h * kernel_w * 2, out_h, out_w] ((dh, dw) per kernel tap), bias
   [out_channels] or absent, mask [batch, offset_group * kernel_h *
   kernel_w, out_h, out_w] or absent, y [batch, out_channels, out_h,
   out_w]; scratch holds in_channels * kernel_h * kernel_w doubles. */
typedef struct rt_deform_conv_params {
    int64_t batch, in_channels, in_h, in_w;
    int64_t out_channels, out_h, out_w;
    int64_t kernel_h, kernel_w;
    int64_t stride_h, stride_w;
    int64_t pad_h, pad_w;               /* at the beginning */
    int64_t dilation_h, dilation_w;
    int64_t group, offset_group;
} rt_deform_conv_params;
//@end

#endif
