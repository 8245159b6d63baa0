/* Parameters of the optimizer kernels (runtime/training.c; lowering in
   ops/training.c): Adagrad, Adam and Momentum of the
   ai.onnx.preview.training domain, one update step of one tensor. */
#ifndef DLC_RT_TRAINING_H
#define DLC_RT_TRAINING_H
#include "rt.h"

//@section rt_optimizer_kinds
enum rt_optimizer_kind { RT_OPTIMIZER_ADAGRAD, RT_OPTIMIZER_ADAM, RT_OPTIMIZER_MOMENTUM, RT_OPTIMIZER_NESTEROV };
//@end

//@params rt_optimizer_params needs rt_optimizer_kinds
/* The attributes (alpha, beta: Adam's and Momentum's; decay_factor:
   Adagrad's), for count elements. */
typedef struct rt_optimizer_params {
    int64_t count;
    int64_t kind;                       /* enum rt_optimizer_kind */
    double alpha, beta, epsilon, decay_factor, norm_coefficient, norm_coefficient_post;
} rt_optimizer_params;
//@end

#endif
