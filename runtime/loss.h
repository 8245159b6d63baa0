/* Parameters of the loss kernels (runtime/loss.c). */
#ifndef DLC_RT_LOSS_H
#define DLC_RT_LOSS_H
#include "rt.h"

//@section rt_loss_reductions
/* The `reduction` of the losses. Mean divides the sum of the losses by the
   sum of the weights of the targets counted (NaN when none counts). */
enum rt_loss_reduction { RT_LOSS_NONE, RT_LOSS_SUM, RT_LOSS_MEAN };
//@end

//@params rt_loss_params
/* Scores / input viewed as [batch, classes, inner] (inner: product of the
   dimensions after the class axis, 1 for 2-D inputs), targets as
   [batch, inner], weights as [classes]. */
typedef struct rt_loss_params {
    int64_t batch, classes, inner;
    int64_t reduction;                  /* enum rt_loss_reduction; RT_LOSS_NONE: the loss is [batch, inner] */
    int64_t ignore_index;               /* a target equal to it counts with weight 0 */
} rt_loss_params;
//@end

#endif
