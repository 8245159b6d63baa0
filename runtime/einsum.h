/* Parameters of Einsum (runtime/einsum.c). */
#ifndef DLC_RT_EINSUM_H
#define DLC_RT_EINSUM_H
#include "rt.h"

//@section rt_einsum_limits
#define RT_EINSUM_MAX_INPUTS 16             /* rt_einsum_*: 3; rt_einsum_many_*: 16 */
#define RT_EINSUM_MAX_SUMMED 64             /* 52 letters + ellipsis dimensions */
//@end

//@params rt_einsum_params needs rt_einsum_limits
typedef struct rt_einsum_params {
    int64_t inputs;                         /* m */
    /* y is dense over the output labels, row major */
    int64_t out_rank, out_dims[RT_MAX_RANK];
    /* the labels summed over (in the strides tensor after the output labels) */
    int64_t sum_rank, sum_dims[RT_EINSUM_MAX_SUMMED];
} rt_einsum_params;
//@end

#endif
