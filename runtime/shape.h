/* Parameters of the shape family's kernels (runtime/shape.c; lowering in
   ops/shape.c): fill (ConstantOfShape, Dropout's all-true mask), Range,
   Expand and Tile. */
#ifndef DLC_RT_SHAPE_H
#define DLC_RT_SHAPE_H
#include "rt.h"

//@params rt_fill_params
typedef struct rt_fill_params {
    int64_t count;                 /* elements of output, each set to *value */
} rt_fill_params;
//@end

//@params rt_range_params
typedef struct rt_range_params {
    int64_t count;                 /* output[i] = start + i * delta for i < count */
} rt_range_params;
//@end

//@params rt_expand_params
/* output = input broadcast to the output's shape. Lowering drops size-1
   dimensions and merges dimensions the input walks as one. */
typedef struct rt_expand_params {
    int64_t rank;                  /* 0 .. RT_MAX_RANK */
    int64_t dims[RT_MAX_RANK];     /* of the output, after merging */
    int64_t input_strides[RT_MAX_RANK]; /* in elements; 0 on dimensions the input is broadcast along */
} rt_expand_params;
//@end

//@params rt_tile_params
/* output dims are input_dims[d] * repeats[d]. Lowering drops size-1
   dimensions that are not repeated and merges a dimension repeated once
   into the next. */
typedef struct rt_tile_params {
    int64_t rank;                  /* 1 .. RT_MAX_RANK */
    int64_t input_dims[RT_MAX_RANK];
    int64_t repeats[RT_MAX_RANK];
} rt_tile_params;
//@end

#endif
