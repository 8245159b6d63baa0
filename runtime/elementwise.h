/* Parameters of the elementwise kernels (runtime/elementwise.c, written by
   tools/gen_elementwise.py): unary math and activations, IsNaN, IsInf,
   Clip, Cast, the broadcasting binary ops and Where. Activations with
   attributes have their own struct, whose float fields carry the ONNX
   attribute names. */
#ifndef DLC_RT_ELEMENTWISE_H
#define DLC_RT_ELEMENTWISE_H
#include "rt.h"

//@params rt_unary_params
/* One element of output per element of input: unary math without
   attributes, Gelu, IsNaN, Cast, and Clip (whose bounds are tensors). */
typedef struct rt_unary_params {
    int64_t count;                 /* elements */
} rt_unary_params;
//@end

//@params rt_unary_alpha_params
/* LeakyRelu (alpha: slope below 0), Elu and Celu (alpha: scale of the
   negative part), ThresholdedRelu (alpha: threshold), Swish (alpha: scale
   of x inside the sigmoid). */
typedef struct rt_unary_alpha_params {
    int64_t count;                 /* elements */
    float alpha;
} rt_unary_alpha_params;
//@end

//@params rt_selu_params
typedef struct rt_selu_params {
    int64_t count;                 /* elements */
    float alpha, gamma;            /* y = gamma * (x > 0 ? x : alpha * (exp(x) - 1)) */
} rt_selu_params;
//@end

//@params rt_hard_sigmoid_params
typedef struct rt_hard_sigmoid_params {
    int64_t count;                 /* elements */
    float alpha, beta;             /* y = max(0, min(1, alpha * x + beta)) */
} rt_hard_sigmoid_params;
//@end

//@params rt_shrink_params
typedef struct rt_shrink_params {
    int64_t count;                 /* elements */
    float lambd, bias;             /* y = x < -lambd ? x + bias : x > lambd ? x - bias : 0 */
} rt_shrink_params;
//@end

//@params rt_isinf_params
typedef struct rt_isinf_params {
    int64_t count;                 /* elements */
    int64_t detect_positive;       /* 1: +inf gives true */
    int64_t detect_negative;       /* 1: -inf gives true */
} rt_isinf_params;
//@end

//@params rt_binary_params
/* output = a op b, a and b broadcast to the output's shape. Lowering drops
   size-1 dimensions and merges dimensions that every operand walks as one,
   so the common cases arrive as rank 0 or 1. */
typedef struct rt_binary_params {
    int64_t rank;                  /* 0 .. RT_MAX_RANK */
    int64_t dims[RT_MAX_RANK];     /* of the output, after merging */
    int64_t a_strides[RT_MAX_RANK]; /* in elements; 0 on dimensions a is broadcast along */
    int64_t b_strides[RT_MAX_RANK];
} rt_binary_params;
//@end

//@params rt_where_params
/* output = condition ? x : y, all three broadcast to the output's shape
   (dimensions merged as for rt_binary_params). */
typedef struct rt_where_params {
    int64_t rank;                  /* 0 .. RT_MAX_RANK */
    int64_t dims[RT_MAX_RANK];     /* of the output, after merging */
    int64_t condition_strides[RT_MAX_RANK]; /* in elements; 0 where broadcast */
    int64_t x_strides[RT_MAX_RANK];
    int64_t y_strides[RT_MAX_RANK];
} rt_where_params;
//@end

#endif
