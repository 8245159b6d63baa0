/* Parameters of the data-movement kernels (runtime/data_movement.c). */
#ifndef DLC_RT_DATA_MOVEMENT_H
#define DLC_RT_DATA_MOVEMENT_H
#include "rt.h"

//@params rt_transpose_params
/* Strided copy (Transpose, Slice, DepthToSpace, SpaceToDepth): y, dense and
   row major over dims, is x[offset + sum of i_k * x_strides[k]]. Lowering
   drops size-1 dimensions and merges the others where it can, so a
   contiguous inner run arrives with stride 1. */
typedef struct rt_transpose_params {
    int64_t rank;
    int64_t offset;                         /* of y's first element in x */
    int64_t dims[RT_MAX_RANK];              /* of y, as walked */
    int64_t x_strides[RT_MAX_RANK];         /* in elements; negative for reversed slices */
} rt_transpose_params;
//@end

//@params rt_copy_blocks_params
/* Block copies (Concat, Split): count times, block elements from
   x + x_offset + i * x_stride to y + y_offset + i * y_stride. */
typedef struct rt_copy_blocks_params {
    int64_t count;
    int64_t block;                          /* elements per block */
    int64_t x_stride, y_stride;             /* elements between blocks */
    int64_t x_offset, y_offset;             /* of the first block */
} rt_copy_blocks_params;
//@end

//@section rt_pad_modes
/* Pad's mode attribute. */
enum rt_pad_mode { RT_PAD_CONSTANT, RT_PAD_REFLECT, RT_PAD_EDGE, RT_PAD_WRAP };
//@end

//@params rt_pad_params
/* Pad: negative pads crop x; the part of x that is left (kept, starting at
   offset in x) lands at output index begin in every dimension, the rest of
   y is the constant or reflects / repeats the kept part. */
typedef struct rt_pad_params {
    int64_t rank;
    int64_t mode;                           /* enum rt_pad_mode */
    int64_t offset;                         /* of the kept part in x */
    int64_t out_dims[RT_MAX_RANK];
    int64_t kept[RT_MAX_RANK];              /* x's dimensions after the crops */
    int64_t begin[RT_MAX_RANK];             /* output index of the kept part's first element */
    int64_t x_strides[RT_MAX_RANK];
} rt_pad_params;
//@end

//@params rt_gather_params
/* Gather: y[o, k, i] = x[o, indices[k], i]. */
typedef struct rt_gather_params {
    int64_t outer;                          /* product of x's dimensions before the axis */
    int64_t axis_size;
    int64_t inner;                          /* product of x's dimensions after the axis */
    int64_t num_indices;
} rt_gather_params;
//@end

//@params rt_gather_elements_params
/* GatherElements: y[i] = x[i with i[axis] replaced by indices[i]] over the
   indices' shape. */
typedef struct rt_gather_elements_params {
    int64_t rank;
    int64_t axis;
    int64_t axis_size;                      /* x's dimension on the axis */
    int64_t ind_dims[RT_MAX_RANK];          /* of indices and y */
    int64_t x_strides[RT_MAX_RANK];
} rt_gather_elements_params;
//@end

//@params rt_reverse_sequence_params
/* ReverseSequence: x and y viewed as [batch, time, inner] (batch_first) or
   [time, batch, inner]; entry b's first lens[b] time steps are reversed,
   the rest copied. */
typedef struct rt_reverse_sequence_params {
    int64_t batch, time, inner;
    int64_t batch_first;                    /* 1: batch_axis 0, time_axis 1; 0: the other way round */
} rt_reverse_sequence_params;
//@end

#endif
