/* Parameters of the pooling kernels (runtime/pool.c). */
#ifndef DLC_RT_POOL_H
#define DLC_RT_POOL_H
#include "rt.h"

//@section rt_pool_dims
/* The generic kernels pool over 3 spatial dimensions (D, H, W); lowering
   turns 1-D and 2-D pooling into 3-D by leading dimensions of size 1
   (window 1, stride 1, dilation 1, no padding). */
#define RT_POOL_DIMS 3
//@end

//@params rt_pool_params needs rt_pool_dims
/* MaxPool (optional argmax indices), AveragePool and LpPool. Window of
   output o along one dimension: positions o * stride - pad_begin + k * dilation,
   k in [0, kernel). */
typedef struct rt_pool_params {
    int64_t outer;                          /* batch x channels */
    int64_t in_size[RT_POOL_DIMS];          /* input D, H, W */
    int64_t out_size[RT_POOL_DIMS];         /* output D, H, W */
    int64_t kernel[RT_POOL_DIMS];           /* window */
    int64_t stride[RT_POOL_DIMS];
    int64_t pad_begin[RT_POOL_DIMS];
    int64_t pad_end[RT_POOL_DIMS];          /* explicit end padding (not the extra of ceil_mode) */
    int64_t dilation[RT_POOL_DIMS];
    int64_t storage_order;                  /* MaxPool indices: 0 row major, 1 column major */
    int64_t count_include_pad;              /* AveragePool: divide by the window inside the padding too */
    float power;                            /* LpPool's p: (sum of |x|^p)^(1/p) */
} rt_pool_params;
//@end

//@params rt_pool2d_params
/* The fast MaxPool / AveragePool kernels: at most 2 spatial dimensions
   (1-D pooling has in_h = out_h = kernel_h = 1), dilation 1, no indices. */
typedef struct rt_pool2d_params {
    int64_t outer;                          /* batch x channels */
    int64_t in_h, in_w, out_h, out_w;
    int64_t kernel_h, kernel_w, stride_h, stride_w;
    int64_t pad_top, pad_left, pad_bottom, pad_right;
    int64_t count_include_pad;              /* AveragePool */
} rt_pool2d_params;
//@end

//@params rt_global_pool_params
/* GlobalMaxPool, GlobalAveragePool: x is outer x inner, y is outer. */
typedef struct rt_global_pool_params {
    int64_t outer;                          /* batch x channels */
    int64_t inner;                          /* product of the spatial dimensions */
} rt_global_pool_params;
//@end

//@params rt_global_lppool_params
/* GlobalLpPool: as rt_global_pool_params, and p. */
typedef struct rt_global_lppool_params {
    int64_t outer;
    int64_t inner;
    float power;                            /* (sum of |x|^p)^(1/p) */
} rt_global_lppool_params;
//@end

//@params rt_maxunpool_params
/* MaxUnpool: indices are flat positions in the unpooled shape (without
   output_shape); that block sits at the start of every dimension of y. */
typedef struct rt_maxunpool_params {
    int64_t in_count;                       /* elements of x and indices */
    int64_t rank;
    int64_t unpooled_dims[RT_MAX_RANK];     /* the shape the indices refer to */
    int64_t out_strides[RT_MAX_RANK];       /* of y, in elements */
    int64_t out_count;                      /* elements of y */
} rt_maxunpool_params;
//@end

#endif
