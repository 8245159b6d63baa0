/* Parameters of the kernels whose output shape depends on the data
   (runtime/dynamic.c; lowering in ops/dynamic.c): NonZero, Compress,
   Unique, NonMaxSuppression. Each writes its result dense row-major in its
   actual dims at the start of an output buffer sized for the upper bound
   inference proved, and the actual size of the data-dependent dimension,
   one int64, into its `count` tensor (ir_value.dynamic_size). */
#ifndef DLC_RT_DYNAMIC_H
#define DLC_RT_DYNAMIC_H
#include "rt.h"

//@params rt_nonzero_params
/* NonZero: x of `rank` dims (0 for a scalar) and numel elements; y is
   int64 [rank, count]. is_float: the sign bit does not count (-0.0 is zero). */
typedef struct rt_nonzero_params {
    int64_t rank, numel, is_float;
    int64_t dims[RT_MAX_RANK];
} rt_nonzero_params;
//@end

//@params rt_compress_params
/* Compress: x viewed as [outer, axis_size, inner]; the slices j < cond_len
   whose condition is true are kept, y is [outer, count, inner]. count may be
   NULL (a constant condition: the shape is static). */
typedef struct rt_compress_params {
    int64_t outer, axis_size, cond_len, inner;
} rt_compress_params;
//@end

//@params rt_unique_params
/* Unique: x viewed as [outer, axis_size, inner], its axis_size slices
   compared element by element (row-major over outer and inner; NaN after
   every number, equal to NaN). y is [outer, count, inner]; indices, counts
   [count] and inverse [axis_size] (each may be NULL). sorted: the distinct
   slices in ascending order, else in order of first occurrence. Scratch:
   6 * axis_size int64. */
typedef struct rt_unique_params {
    int64_t outer, axis_size, inner, sorted;
} rt_unique_params;
//@end

//@params rt_nms_params
/* NonMaxSuppression: boxes [batches, boxes, 4], scores [batches, classes,
   boxes]; y is int64 [count, 3] (batch, class, box). Scratch: 3 * boxes int64. */
typedef struct rt_nms_params {
    int64_t batches, classes, boxes;
    int64_t center_point_box;  /* 0: [y1, x1, y2, x2]; 1: [x_center, y_center, width, height] */
} rt_nms_params;
//@end

#endif
