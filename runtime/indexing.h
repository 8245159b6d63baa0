/* Parameters of the indexing kernels (runtime/indexing.c): GatherND,
   ScatterND, ScatterElements, OneHot, Trilu, EyeLike, CumSum, CumProd, TopK. */
#ifndef DLC_RT_INDEXING_H
#define DLC_RT_INDEXING_H
#include "rt.h"

//@section rt_scatter_reductions
/* The `reduction` of ScatterND and ScatterElements: how an update combines
   with the element it lands on (NaN wins in max and min). */
enum rt_scatter_reduction { RT_SCATTER_NONE, RT_SCATTER_ADD, RT_SCATTER_MUL, RT_SCATTER_MAX, RT_SCATTER_MIN };
//@end

//@params rt_gather_nd_params
/* GatherND: data viewed as [batch, ...] (batch: product of the batch_dims
   dimensions), indices as [batch, tuples, tuple_len], y as
   [batch, tuples, slice]. */
typedef struct rt_gather_nd_params {
    int64_t batch, tuples, tuple_len;
    int64_t slice;                      /* elements gathered per index tuple */
    int64_t batch_stride;               /* data elements per batch entry */
    int64_t dims[RT_MAX_RANK];          /* the tuple_len indexed data dimensions */
    int64_t strides[RT_MAX_RANK];       /* and their strides in data (elements) */
} rt_gather_nd_params;
//@end

//@params rt_scatter_nd_params
/* ScatterND: y = data, then each of the tuples index tuples (tuple_len
   indices each) puts, or combines, slice elements of updates at its
   position. */
typedef struct rt_scatter_nd_params {
    int64_t reduction;                  /* enum rt_scatter_reduction */
    int64_t total;                      /* data elements */
    int64_t tuples, tuple_len, slice;
    int64_t dims[RT_MAX_RANK];          /* the first tuple_len data dimensions */
    int64_t strides[RT_MAX_RANK];       /* and their strides in data (elements) */
} rt_scatter_nd_params;
//@end

//@params rt_scatter_elements_params
/* ScatterElements: y = data, then every element of updates goes to (or is
   combined into) y at its own position with the axis coordinate replaced by
   the matching index. */
typedef struct rt_scatter_elements_params {
    int64_t reduction;                  /* enum rt_scatter_reduction */
    int64_t total;                      /* data elements */
    int64_t rank, axis;
    int64_t axis_size;                  /* data's dimension at axis: the range of the indices */
    int64_t update_dims[RT_MAX_RANK];   /* updates' (and indices') shape */
    int64_t data_strides[RT_MAX_RANK];  /* in elements */
} rt_scatter_elements_params;
//@end

//@params rt_onehot_params
/* OneHot: indices viewed as [outer, inner], y as [outer, depth, inner]. */
typedef struct rt_onehot_params {
    int64_t outer, depth, inner;
    int64_t allow_negative;             /* 1 (opset 11+): an index in [-depth, -1] counts from the end */
} rt_onehot_params;
//@end

//@params rt_trilu_params
/* Trilu: x and y viewed as [batch, rows, cols]. */
typedef struct rt_trilu_params {
    int64_t batch, rows, cols;
    int64_t upper;                      /* 1: keep j - i >= k, 0: keep j - i <= k */
    int64_t k;                          /* the diagonal, clamped to +-(rows + cols + 1) */
} rt_trilu_params;
//@end

//@params rt_eyelike_params
/* EyeLike: y [rows, cols] is zero except y[i, i + k] = one. */
typedef struct rt_eyelike_params {
    int64_t rows, cols;
    int64_t k;                          /* the diagonal, clamped to +-(rows + cols + 1) */
} rt_eyelike_params;
//@end

//@params rt_cumsum_params
/* CumSum and CumProd: x and y viewed as [outer, axis_size, inner]. */
typedef struct rt_cumsum_params {
    int64_t outer, axis_size, inner;
    int64_t exclusive;                  /* 1: each sum (product) leaves out its own element */
    int64_t reverse;                    /* 1: the scan runs from the end of the axis */
} rt_cumsum_params;
//@end

//@params rt_topk_params
/* TopK: x viewed as [outer, axis_size, inner], values and indices as
   [outer, k, inner]; scratch holds k int64. */
typedef struct rt_topk_params {
    int64_t outer, axis_size, inner;
    int64_t k;
    int64_t largest;                    /* 1: the k largest, 0: the k smallest */
} rt_topk_params;
//@end

#endif
