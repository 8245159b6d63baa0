/* Parameters of Softmax, LogSoftmax and Hardmax (runtime/softmax.c). */
#ifndef DLC_RT_SOFTMAX_H
#define DLC_RT_SOFTMAX_H
#include "rt.h"

//@params rt_softmax_params
typedef struct rt_softmax_params {
    /* x and y are outer x axis_size x inner, row major: each of the
       outer * inner rows of axis_size elements (stride inner) is normalised
       on its own */
    int64_t outer, axis_size, inner;
} rt_softmax_params;
//@end

#endif
