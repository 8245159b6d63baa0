/* Parameters of the reductions and ArgMax/ArgMin (runtime/reduce.c). */
#ifndef DLC_RT_REDUCE_H
#define DLC_RT_REDUCE_H
#include "rt.h"

//@params rt_reduce_params
/* x's dimensions split into the kept ones (in the order the output lays
   them out) and the reduced ones, with their strides in x in elements.
   Lowering drops size-1 dimensions and merges neighbours of one kind, so
   that most cases arrive with one or two of each. y is dense with
   product(kept_dims) elements. */
typedef struct rt_reduce_params {
    int64_t num_kept, num_reduced;      /* entries used in the arrays below */
    int64_t kept_dims[RT_MAX_RANK];
    int64_t kept_strides[RT_MAX_RANK];
    int64_t reduced_dims[RT_MAX_RANK];
    int64_t reduced_strides[RT_MAX_RANK];
    int64_t reduced_count;              /* product of reduced_dims: elements folded into each output */
} rt_reduce_params;
//@end

//@params rt_arg_params
/* x viewed as [outer, axis_size, inner], y (int64) as [outer, inner]. */
typedef struct rt_arg_params {
    int64_t outer, axis_size, inner;
    int64_t select_last;                /* 1: the last index of the extreme value, 0: the first */
} rt_arg_params;
//@end

#endif
