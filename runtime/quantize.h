/* Parameters of the quantization kernels (runtime/quantize.c; lowering in
   ops/quantize.c): QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear,
   the integer products of MatMulInteger and ConvInteger (int32 results),
   and the requantization that turns those into QLinearMatMul's and
   QLinearConv's 8-bit outputs. */
#ifndef DLC_RT_QUANTIZE_H
#define DLC_RT_QUANTIZE_H
#include "rt.h"

//@section rt_quant_precision_ids
/* The floating type an operation is rounded to (QuantizeLinear's division,
   the requantization multiplier): the kernels compute in double and round
   each result to this type, which gives the correctly rounded result of
   the narrower type (double has more than twice its precision plus two). */
enum rt_quant_precision { RT_QPREC_F32, RT_QPREC_F16, RT_QPREC_BF16, RT_QPREC_F64 };
//@end

//@params rt_quantize_params needs rt_quant_precision_ids
/* QuantizeLinear and DequantizeLinear: x viewed as [outer, axis_len, inner]
   around the quantization axis; element (o, a, i) uses scale and zero
   point o * scale_outer_stride + (a / block_size) * scale_axis_stride +
   i * scale_inner_stride (all strides 0 per tensor; axis stride 1 and
   block 1 per axis; blocked: block_size along the axis). */
typedef struct rt_quantize_params {
    int64_t outer, axis_len, inner, block_size;
    int64_t scale_outer_stride, scale_axis_stride, scale_inner_stride;
    int64_t precision;                      /* enum rt_quant_precision (QuantizeLinear's x / scale) */
    int64_t saturate;                       /* QuantizeLinear to a float8 type: clamp to its largest value */
} rt_quantize_params;
//@end

//@params rt_dynamic_quantize_params
/* DynamicQuantizeLinear over count elements. */
typedef struct rt_dynamic_quantize_params {
    int64_t count;
} rt_dynamic_quantize_params;
//@end

//@params rt_matmul_integer_params
/* MatMulInteger: batches of [m, k] x [k, n] -> dense int32 [m, n]; the
   batches row-major over batch_dims[0 .. batch_rank), A's and B's offsets
   in elements (0 on a broadcast dim); A and B dense within a batch. A's
   zero point of row i is a_zero_point[i * a_zero_row_stride] (0: one for
   the tensor), B's of column j b_zero_point[j * b_zero_col_stride]. */
typedef struct rt_matmul_integer_params {
    int64_t m, n, k;
    int64_t a_zero_row_stride, b_zero_col_stride;
    int64_t batch_rank;
    int64_t batch_dims[RT_MAX_RANK];
    int64_t a_batch_strides[RT_MAX_RANK];
    int64_t b_batch_strides[RT_MAX_RANK];
} rt_matmul_integer_params;
//@end

//@params rt_conv_integer_params
/* ConvInteger: rt_conv_params' geometry (spatial dims padded to 3 in
   front), x's zero point one for the tensor, w's zero point of output
   channel m at w_zero_point[m * w_zero_stride]. Scratch: one group's
   im2col matrix, rt_conv_integer_scratch() bytes. */
typedef struct rt_conv_integer_params {
    int64_t batch, in_channels, out_channels, groups;
    int64_t in_d, in_h, in_w, out_d, out_h, out_w;
    int64_t kernel_d, kernel_h, kernel_w, stride_d, stride_h, stride_w;
    int64_t dilation_d, dilation_h, dilation_w;
    int64_t pad_front, pad_top, pad_left;   /* begin pads */
    int64_t w_zero_stride;
} rt_conv_integer_params;
//@end

//@section rt_conv_integer_scratch needs rt_conv_integer_params
/* Bytes of the im2col matrix of one group: (C/G * KD*KH*KW) rows of
   OD*OH*OW int16 (x - x_zero_point fits in 16 bits). */
RT_HELPER int64_t rt_conv_integer_scratch(const rt_conv_integer_params *p)
{
    int64_t rows = p->in_channels / p->groups * p->kernel_d * p->kernel_h * p->kernel_w;
    return rows * p->out_d * p->out_h * p->out_w * 2;
}
//@end

//@params rt_requantize_params needs rt_quant_precision_ids
/* QLinearMatMul and QLinearConv after the integer product: acc viewed as
   [batch, rows, cols]; y = saturate(rint((acc + bias) * multiplier) +
   y_zero_point), multiplier = a_scale * b_scale / y_scale with each
   operation rounded to precision. The scales of element (r, c) are
   a_scale[r * a_scale_row_stride + c * a_scale_col_stride] and likewise
   for b_scale and bias (absent bias: 0); y_scale and y_zero_point are one
   for the tensor. */
typedef struct rt_requantize_params {
    int64_t batch, rows, cols;
    int64_t a_scale_row_stride, a_scale_col_stride;
    int64_t b_scale_row_stride, b_scale_col_stride;
    int64_t bias_row_stride;
    int64_t precision;                      /* enum rt_quant_precision */
} rt_requantize_params;
//@end

#endif
