/* Parameters of training-mode Dropout (runtime/dropout.c; lowering in
   ops/shape.c). */
#ifndef DLC_RT_DROPOUT_H
#define DLC_RT_DROPOUT_H
#include "rt.h"

//@params rt_dropout_params
typedef struct rt_dropout_params {
    int64_t count;                 /* elements */
    int64_t seed;                  /* 0 .. 2^32-1, as numpy's RandomState.seed takes it */
    double ratio;                  /* an element is kept when its draw u >= ratio */
    double scale;                  /* kept elements are multiplied by 1 / (1 - ratio), computed in double */
} rt_dropout_params;
//@end

#endif
