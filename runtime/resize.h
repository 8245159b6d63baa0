/* Parameters of the Resize kernels (runtime/resize.c). Lowering
   (ops/resize.c) computes, for every resized axis and output index, which
   source indices contribute and with what weight, and passes these tables
   as constant tensors: for each axis d in turn, out_dims[d] * taps[d]
   source indices (int64) and, for interpolation, as many weights (float).

   Leading axes that Resize leaves alone are merged into `batch` items of
   in_block input elements each; an item's output is the product of
   out_dims. */
#ifndef DLC_RT_RESIZE_H
#define DLC_RT_RESIZE_H
#include "rt.h"

//@params rt_resize_nearest_params
/* One source index per output index and axis; -1: the output takes the
   extrapolation value. */
typedef struct rt_resize_nearest_params {
    int64_t batch, in_block;
    int64_t rank;                       /* the resized axes after the batch */
    int64_t out_dims[RT_MAX_RANK];
    int64_t in_strides[RT_MAX_RANK];    /* in elements of x */
} rt_resize_nearest_params;
//@end

//@params rt_resize_interp_params
/* Weighted sums of taps (linear, cubic, antialias): the output is the sum,
   over every combination of one tap per axis, of the product of the taps'
   weights times the source element, computed in double. A first index of
   -1 for an output index: the output takes extrapolation. */
typedef struct rt_resize_interp_params {
    int64_t batch, in_block;
    int64_t rank;                       /* the resized axes after the batch */
    int64_t out_dims[RT_MAX_RANK];
    int64_t in_strides[RT_MAX_RANK];    /* in elements of x */
    int64_t taps[RT_MAX_RANK];          /* source elements per output index */
    float extrapolation;
} rt_resize_interp_params;
//@end

#endif
