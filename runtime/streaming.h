/* Parameters of the streaming-state kernels (runtime/streaming.c; lowering
   in ops/streaming.c): CausalConvWithState and TensorScatter, the ops a
   streaming sequence model (a state-space or decoder model run a chunk at
   a time) uses to carry its state from one call to the next. */
#ifndef DLC_RT_STREAMING_H
#define DLC_RT_STREAMING_H
#include "rt.h"

//@params rt_causal_conv_params needs rt_activation_ids
/* A depthwise causal 1-D conv of x [batch, channels, length] with w
   [channels, 1, kernel], over the state [batch, channels, kernel - 1]
   followed by x: y [batch, channels, length], then the activation
   (RT_ACT_NONE or RT_ACT_SILU); the new state is the last kernel - 1
   columns of state ++ x. */
typedef struct rt_causal_conv_params {
    int64_t batch, channels, length, kernel;
    int64_t activation;                 /* enum rt_activation */
} rt_causal_conv_params;
//@end

//@params rt_tensor_scatter_params
/* present = past, then update [outer, rows, inner] written into it
   [outer, max_rows, inner] at rows index[b] + r of batch b = o / per_batch
   (modulo max_rows when circular). */
typedef struct rt_tensor_scatter_params {
    int64_t outer, per_batch, max_rows, rows, inner, element_bytes, circular;
} rt_tensor_scatter_params;
//@end

#endif
