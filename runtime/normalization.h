/* Parameters of the normalisation kernels (runtime/normalization.c). */
#ifndef DLC_RT_NORMALIZATION_H
#define DLC_RT_NORMALIZATION_H
#include "rt.h"

//@params rt_channel_norm_params needs rt_activation_ids
/* BatchNormalization (inference) and InstanceNormalization: x and y are
   batch x channels x inner. */
typedef struct rt_channel_norm_params {
    int64_t batch;
    int64_t channels;                       /* per-activation BatchNormalization: C x inner */
    int64_t inner;                          /* product of the spatial dimensions (1 per activation) */
    float epsilon;
    /* rt_batchnorm_f32 only: the fused activation (passes/pass_fuse_epilogue.c) */
    int64_t activation;                     /* enum rt_activation */
    float activation_alpha, activation_beta;
} rt_channel_norm_params;
//@end

//@params rt_batchnorm_train_params
/* BatchNormalization in training mode: as rt_channel_norm_params, and the
   running statistics' momentum. */
typedef struct rt_batchnorm_train_params {
    int64_t batch;
    int64_t channels;
    int64_t inner;
    float epsilon;
    float momentum;                         /* running = running * momentum + batch * (1 - momentum) */
} rt_batchnorm_train_params;
//@end

//@params rt_layernorm_params
/* LayerNormalization and RMSNormalization: x and y are outer x inner, each
   row normalised on its own. rank 0: scale and B hold inner elements each;
   rank > 0: the normalised dimensions (product inner) and the element
   strides of scale and B broadcast to them (0 on broadcast dimensions). */
typedef struct rt_layernorm_params {
    int64_t outer;
    int64_t inner;
    int64_t rank;
    int64_t dims[RT_MAX_RANK];
    int64_t scale_strides[RT_MAX_RANK];
    int64_t bias_strides[RT_MAX_RANK];
    int64_t rms;                            /* 1: RMSNormalization, y = x / sqrt(mean(x^2) + epsilon) * scale */
    float epsilon;
} rt_layernorm_params;
//@end

//@params rt_groupnorm_params
/* GroupNormalization: x and y are batch x channels x inner; each group of
   channels / groups channels of one batch element is normalised on its own. */
typedef struct rt_groupnorm_params {
    int64_t batch;
    int64_t channels;
    int64_t groups;
    int64_t inner;
    int64_t per_channel_affine;             /* scale and B per channel (opset 21), else per group (18) */
    float epsilon;
} rt_groupnorm_params;
//@end

//@params rt_lpnorm_params
/* LpNormalization: x and y are outer x axis_size x inner, normalised along
   the axis. */
typedef struct rt_lpnorm_params {
    int64_t outer;
    int64_t axis_size;
    int64_t inner;
    int64_t order;                          /* p: 1 or 2 */
} rt_lpnorm_params;
//@end

//@params rt_mvn_params
/* MeanVarianceNormalization: the kept and the reduced dimensions of x
   (together they partition x's shape) and their element strides in x. */
typedef struct rt_mvn_params {
    int64_t kept_rank;
    int64_t kept_dims[RT_MAX_RANK];
    int64_t kept_strides[RT_MAX_RANK];
    int64_t reduced_rank;
    int64_t reduced_dims[RT_MAX_RANK];
    int64_t reduced_strides[RT_MAX_RANK];
} rt_mvn_params;
//@end

//@params rt_lrn_params
/* LRN: x and y are batch x channels x inner; y = x / (bias + alpha / size *
   sum of x^2 over the channels [c - floor((size - 1) / 2), c + ceil((size - 1) / 2)])^beta. */
typedef struct rt_lrn_params {
    int64_t batch;
    int64_t channels;
    int64_t inner;
    int64_t size;                           /* channels in the window */
    float alpha, beta, bias;
} rt_lrn_params;
//@end

#endif
