/* Quantization kernels: QuantizeLinear (rt_quantize_X_Y), DequantizeLinear
   (rt_dequantize_X_Y), DynamicQuantizeLinear, the integer products of
   MatMulInteger and ConvInteger (8-bit operands, int32 accumulation) and
   the requantization of QLinearMatMul and QLinearConv.

   The arithmetic follows ONNX's reference implementation, whose outputs the
   node cases hold: QuantizeLinear divides in the precision of x and the
   scale (or the precision attribute), rounds half to even and adds the
   zero point, then saturates; DequantizeLinear computes (x - zero_point) *
   scale in float and rounds to the output type; the requantization rounds
   half to even after adding the output's zero point. NaN saturates to the
   type's minimum (what the reference's int32 conversion gives on x86).

   Two-type kernel names (rt_quantize_f32_u8: x float, y uint8) make
   KERNELS2_ families; a new quantized type (int4, float8, ...) is one more
   RT_QUANTIZE / RT_DEQUANTIZE line per input or output type here and a row
   in ops/quantize.c's quant_types. Parameters: runtime/quantize.h;
   lowering: ops/quantize.c. */
#include "quantize.h"
#include "dtypes.h"

//@section rt_quant_helpers needs rt_half rt_quant_precision_ids
/* v rounded to the floating type prec (enum rt_quant_precision). */
RT_HELPER double rt_q_round(double v, int64_t prec)
{
    switch (prec) {
    case RT_QPREC_F32: return (double)(float)v;
    case RT_QPREC_F16: return (double)rt_f16_to_f32(rt_f32_to_f16((float)v));
    case RT_QPREC_BF16: return (double)rt_bf16_to_f32(rt_f32_to_bf16((float)v));
    default: return v;
    }
}

/* v clamped to [lo, hi]; NaN gives lo. */
RT_HELPER double rt_q_saturate(double v, double lo, double hi)
{
    if (!(v >= lo)) return lo;
    return v > hi ? hi : v;
}

/* QuantizeLinear for x of type TX (read as double by LOADX) into TY's range
   [LO, HI]: y = saturate(rint(x / scale) + zero_point), the division
   rounded to p->precision. */
#define RT_QUANTIZE(name, TX, LOADX, TY, LO, HI)                                                  \
    static void name(const rt_quantize_params *p, const TX *x, const float *scale,                 \
                     const TY *zero_point, TY *y)                                                   \
    {                                                                                              \
        int64_t e = 0;                                                                             \
        for (int64_t o = 0; o < p->outer; o++)                                                     \
            for (int64_t a = 0; a < p->axis_len; a++) {                                            \
                int64_t s0 = o * p->scale_outer_stride + a / p->block_size * p->scale_axis_stride; \
                for (int64_t i = 0; i < p->inner; i++, e++) {                                      \
                    int64_t s = s0 + i * p->scale_inner_stride;                                    \
                    double xv = rt_q_round(LOADX(x[e]), p->precision);                             \
                    double q = rt_q_round(xv / rt_q_round((double)scale[s], p->precision), p->precision); \
                    double zp = zero_point ? (double)zero_point[s] : 0.0;                          \
                    y[e] = (TY)rt_q_saturate(rint(q) + zp, LO, HI);                                \
                }                                                                                  \
            }                                                                                      \
    }

/* DequantizeLinear for x of type TX into TY (STORE from float):
   y = ((float)x - (float)zero_point) * scale, in float. */
#define RT_DEQUANTIZE(name, TX, TY, STORE)                                                          \
    static void name(const rt_quantize_params *p, const TX *x, const float *scale,                 \
                     const TX *zero_point, TY *y)                                                   \
    {                                                                                              \
        int64_t e = 0;                                                                             \
        for (int64_t o = 0; o < p->outer; o++)                                                     \
            for (int64_t a = 0; a < p->axis_len; a++) {                                            \
                int64_t s0 = o * p->scale_outer_stride + a / p->block_size * p->scale_axis_stride; \
                for (int64_t i = 0; i < p->inner; i++, e++) {                                      \
                    int64_t s = s0 + i * p->scale_inner_stride;                                    \
                    float zp = zero_point ? (float)zero_point[s] : 0.0f;                           \
                    float v = ((float)x[e] - zp) * scale[s];                                       \
                    y[e] = STORE(v);                                                               \
                }                                                                                  \
            }                                                                                      \
    }
/* a + b in int32, wrapping on overflow (ONNX lets the integer products'
   int32 accumulation overflow; signed overflow would be undefined in C). */
#define RT_Q_WRAP_ADD(a, b) ((int32_t)((uint32_t)(a) + (uint32_t)(b)))
#define RT_Q_LOAD_F32(v) ((double)(v))
#define RT_Q_LOAD_F16(v) ((double)rt_f16_to_f32(v))
#define RT_Q_LOAD_BF16(v) ((double)rt_bf16_to_f32(v))
//@end

//@section rt_quant_small_macros needs rt_quant_helpers rt_dtypes
/* QuantizeLinear from float into an 8- or 4-bit float type, held as its bit
   pattern (runtime/dtypes.h): y = ENCODE(x / scale + zero_point), the
   division rounded to p->precision, ENCODE rounding to nearest even and,
   with p->saturate, clamping to the type's largest finite value. */
#define RT_QUANTIZE_FLOAT(name, DECODE, ENCODE)                                                     \
    static void name(const rt_quantize_params *p, const float *x, const float *scale,               \
                     const uint8_t *zero_point, uint8_t *y)                                         \
    {                                                                                              \
        int64_t e = 0;                                                                             \
        for (int64_t o = 0; o < p->outer; o++)                                                     \
            for (int64_t a = 0; a < p->axis_len; a++) {                                            \
                int64_t s0 = o * p->scale_outer_stride + a / p->block_size * p->scale_axis_stride; \
                for (int64_t i = 0; i < p->inner; i++, e++) {                                      \
                    int64_t s = s0 + i * p->scale_inner_stride;                                    \
                    double q = rt_q_round((double)x[e] / (double)scale[s], p->precision);          \
                    double zp = zero_point ? (double)DECODE(zero_point[s]) : 0.0;                  \
                    y[e] = ENCODE(q + zp, (int)p->saturate);                                       \
                }                                                                                  \
            }                                                                                      \
    }

/* DequantizeLinear from an 8- or 4-bit float type (its bit pattern) into
   TY: y = (DECODE(x) - DECODE(zero_point)) * scale, in float. */
#define RT_DEQUANTIZE_FLOAT(name, DECODE, TY, STORE)                                                \
    static void name(const rt_quantize_params *p, const uint8_t *x, const float *scale,             \
                     const uint8_t *zero_point, TY *y)                                              \
    {                                                                                              \
        int64_t e = 0;                                                                             \
        for (int64_t o = 0; o < p->outer; o++)                                                     \
            for (int64_t a = 0; a < p->axis_len; a++) {                                            \
                int64_t s0 = o * p->scale_outer_stride + a / p->block_size * p->scale_axis_stride; \
                for (int64_t i = 0; i < p->inner; i++, e++) {                                      \
                    int64_t s = s0 + i * p->scale_inner_stride;                                    \
                    float zp = zero_point ? DECODE(zero_point[s]) : 0.0f;                          \
                    y[e] = STORE((DECODE(x[e]) - zp) * scale[s]);                                  \
                }                                                                                  \
            }                                                                                      \
    }
#define RT_Q_F4E2M1_ENCODE(v, saturate) rt_f4e2m1_from_f64(v) /* always saturates (ml_dtypes) */
//@end

/* QuantizeLinear and DequantizeLinear of the 4- and 2-bit integers (held a
   byte per element inside the generated code, int4 and int2 sign-extended)
   and of the 8- and 4-bit floats, from and to float (float16 too for
   float8e4m3fn's DequantizeLinear). */
//@kernel rt_quantize_f32_i4(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f32_i4, float, RT_Q_LOAD_F32, int8_t, -8.0, 7.0)
//@end
//@kernel rt_quantize_f32_u4(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f32_u4, float, RT_Q_LOAD_F32, uint8_t, 0.0, 15.0)
//@end
//@kernel rt_quantize_f32_i2(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f32_i2, float, RT_Q_LOAD_F32, int8_t, -2.0, 1.0)
//@end
//@kernel rt_quantize_f32_u2(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f32_u2, float, RT_Q_LOAD_F32, uint8_t, 0.0, 3.0)
//@end
//@kernel rt_dequantize_i4_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i4_f32, int8_t, float, RT_ID)
//@end
//@kernel rt_dequantize_u4_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_u4_f32, uint8_t, float, RT_ID)
//@end
//@kernel rt_dequantize_i2_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i2_f32, int8_t, float, RT_ID)
//@end
//@kernel rt_dequantize_u2_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_u2_f32, uint8_t, float, RT_ID)
//@end
//@kernel rt_quantize_f32_f8e4m3fn(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_small_macros
RT_QUANTIZE_FLOAT(rt_quantize_f32_f8e4m3fn, rt_f8e4m3fn_to_f32, rt_f8e4m3fn_from_f64)
//@end
//@kernel rt_quantize_f32_f8e5m2(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_small_macros
RT_QUANTIZE_FLOAT(rt_quantize_f32_f8e5m2, rt_f8e5m2_to_f32, rt_f8e5m2_from_f64)
//@end
//@kernel rt_quantize_f32_f4e2m1(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_small_macros
RT_QUANTIZE_FLOAT(rt_quantize_f32_f4e2m1, rt_f4e2m1_to_f32, RT_Q_F4E2M1_ENCODE)
//@end
//@kernel rt_dequantize_f8e4m3fn_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_small_macros
RT_DEQUANTIZE_FLOAT(rt_dequantize_f8e4m3fn_f32, rt_f8e4m3fn_to_f32, float, RT_ID)
//@end
//@kernel rt_dequantize_f8e4m3fn_f16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_small_macros
RT_DEQUANTIZE_FLOAT(rt_dequantize_f8e4m3fn_f16, rt_f8e4m3fn_to_f32, uint16_t, rt_f32_to_f16)
//@end
//@kernel rt_dequantize_f8e5m2_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_small_macros
RT_DEQUANTIZE_FLOAT(rt_dequantize_f8e5m2_f32, rt_f8e5m2_to_f32, float, RT_ID)
//@end
//@kernel rt_dequantize_f4e2m1_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_small_macros
RT_DEQUANTIZE_FLOAT(rt_dequantize_f4e2m1_f32, rt_f4e2m1_to_f32, float, RT_ID)
//@end

/* QuantizeLinear: x float, float16, bfloat16 or int32; y uint8, int8,
   uint16 or int16. */
//@kernel rt_quantize_f32_u8(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f32_u8, float, RT_Q_LOAD_F32, uint8_t, 0.0, 255.0)
//@end
//@kernel rt_quantize_f32_i8(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f32_i8, float, RT_Q_LOAD_F32, int8_t, -128.0, 127.0)
//@end
//@kernel rt_quantize_f32_u16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f32_u16, float, RT_Q_LOAD_F32, uint16_t, 0.0, 65535.0)
//@end
//@kernel rt_quantize_f32_i16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f32_i16, float, RT_Q_LOAD_F32, int16_t, -32768.0, 32767.0)
//@end
//@kernel rt_quantize_f16_u8(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f16_u8, uint16_t, RT_Q_LOAD_F16, uint8_t, 0.0, 255.0)
//@end
//@kernel rt_quantize_f16_i8(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f16_i8, uint16_t, RT_Q_LOAD_F16, int8_t, -128.0, 127.0)
//@end
//@kernel rt_quantize_f16_u16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f16_u16, uint16_t, RT_Q_LOAD_F16, uint16_t, 0.0, 65535.0)
//@end
//@kernel rt_quantize_f16_i16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_f16_i16, uint16_t, RT_Q_LOAD_F16, int16_t, -32768.0, 32767.0)
//@end
//@kernel rt_quantize_bf16_u8(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_bf16_u8, uint16_t, RT_Q_LOAD_BF16, uint8_t, 0.0, 255.0)
//@end
//@kernel rt_quantize_bf16_i8(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_bf16_i8, uint16_t, RT_Q_LOAD_BF16, int8_t, -128.0, 127.0)
//@end
//@kernel rt_quantize_bf16_u16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_bf16_u16, uint16_t, RT_Q_LOAD_BF16, uint16_t, 0.0, 65535.0)
//@end
//@kernel rt_quantize_bf16_i16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_bf16_i16, uint16_t, RT_Q_LOAD_BF16, int16_t, -32768.0, 32767.0)
//@end
//@kernel rt_quantize_i32_u8(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_i32_u8, int32_t, RT_Q_LOAD_F32, uint8_t, 0.0, 255.0)
//@end
//@kernel rt_quantize_i32_i8(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_i32_i8, int32_t, RT_Q_LOAD_F32, int8_t, -128.0, 127.0)
//@end
//@kernel rt_quantize_i32_u16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_i32_u16, int32_t, RT_Q_LOAD_F32, uint16_t, 0.0, 65535.0)
//@end
//@kernel rt_quantize_i32_i16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_QUANTIZE(rt_quantize_i32_i16, int32_t, RT_Q_LOAD_F32, int16_t, -32768.0, 32767.0)
//@end

/* DequantizeLinear: x uint8, int8, uint16, int16 or int32; y float,
   float16 or bfloat16. */
//@kernel rt_dequantize_u8_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_u8_f32, uint8_t, float, RT_ID)
//@end
//@kernel rt_dequantize_i8_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i8_f32, int8_t, float, RT_ID)
//@end
//@kernel rt_dequantize_u16_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_u16_f32, uint16_t, float, RT_ID)
//@end
//@kernel rt_dequantize_i16_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i16_f32, int16_t, float, RT_ID)
//@end
//@kernel rt_dequantize_i32_f32(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i32_f32, int32_t, float, RT_ID)
//@end
//@kernel rt_dequantize_u8_f16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_u8_f16, uint8_t, uint16_t, rt_f32_to_f16)
//@end
//@kernel rt_dequantize_i8_f16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i8_f16, int8_t, uint16_t, rt_f32_to_f16)
//@end
//@kernel rt_dequantize_u16_f16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_u16_f16, uint16_t, uint16_t, rt_f32_to_f16)
//@end
//@kernel rt_dequantize_i16_f16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i16_f16, int16_t, uint16_t, rt_f32_to_f16)
//@end
//@kernel rt_dequantize_i32_f16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i32_f16, int32_t, uint16_t, rt_f32_to_f16)
//@end
//@kernel rt_dequantize_u8_bf16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_u8_bf16, uint8_t, uint16_t, rt_f32_to_bf16)
//@end
//@kernel rt_dequantize_i8_bf16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i8_bf16, int8_t, uint16_t, rt_f32_to_bf16)
//@end
//@kernel rt_dequantize_u16_bf16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_u16_bf16, uint16_t, uint16_t, rt_f32_to_bf16)
//@end
//@kernel rt_dequantize_i16_bf16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i16_bf16, int16_t, uint16_t, rt_f32_to_bf16)
//@end
//@kernel rt_dequantize_i32_bf16(rt_quantize_params, x, scale, zero_point, y) needs rt_quant_helpers
RT_DEQUANTIZE(rt_dequantize_i32_bf16, int32_t, uint16_t, rt_f32_to_bf16)
//@end

//@kernel rt_dynamic_quantize_f32(rt_dynamic_quantize_params, x, y, y_scale, y_zero_point) needs rt_quant_helpers
/* DynamicQuantizeLinear (uint8): the range [min(0, min x), max(0, max x)]
   mapped onto [0, 255], in float as the reference computes it. */
static void rt_dynamic_quantize_f32(const rt_dynamic_quantize_params *p, const float *x, uint8_t *y,
                                    float *y_scale, uint8_t *y_zero_point)
{
    float lo = 0.0f, hi = 0.0f;
    for (int64_t i = 0; i < p->count; i++) {
        if (x[i] < lo) lo = x[i];
        if (x[i] > hi) hi = x[i];
    }
    float scale = (hi == lo ? 1.0f : hi - lo) / 255.0f;
    float zp = (float)rt_q_saturate((double)(0.0f - lo / scale), 0.0, 255.0);
    float zpi = rintf(zp);
    for (int64_t i = 0; i < p->count; i++) {
        float q = x[i] / scale;
        y[i] = (uint8_t)rt_q_saturate((double)(rintf(q) + zpi), 0.0, 255.0);
    }
    *y_scale = scale;
    *y_zero_point = (uint8_t)zpi;
}
//@end

//@section rt_matmul_integer_macro needs rt_quant_helpers rt_matmul_integer_params
/* MatMulInteger for A of type TA and B of type TB: int32 sums of
   (A - a_zero_point) * (B - b_zero_point), row by row (the int32 row of Y
   accumulates one row of B at a time). */
#define RT_MATMUL_INTEGER(name, TA, TB)                                                           \
    static void name(const rt_matmul_integer_params *p, const TA *a, const TB *b,                 \
                     const TA *a_zero_point, const TB *b_zero_point, int32_t *y)                    \
    {                                                                                              \
        int64_t batches = 1, idx[RT_MAX_RANK] = {0};                                               \
        for (int64_t d = 0; d < p->batch_rank; d++) batches *= p->batch_dims[d];                   \
        for (int64_t t = 0; t < batches; t++) {                                                    \
            int64_t oa = 0, ob = 0;                                                                \
            for (int64_t d = 0; d < p->batch_rank; d++)                                            \
                oa += idx[d] * p->a_batch_strides[d], ob += idx[d] * p->b_batch_strides[d];        \
            const TA *at = a + oa;                                                                 \
            const TB *bt = b + ob;                                                                 \
            int32_t *yt = y + t * p->m * p->n;                                                     \
            for (int64_t i = 0; i < p->m; i++) {                                                   \
                int32_t *yr = yt + i * p->n;                                                       \
                int32_t za = a_zero_point ? a_zero_point[i * p->a_zero_row_stride] : 0;            \
                for (int64_t j = 0; j < p->n; j++) yr[j] = 0;                                      \
                for (int64_t kk = 0; kk < p->k; kk++) {                                            \
                    int32_t av = (int32_t)at[i * p->k + kk] - za;                                  \
                    const TB *br = bt + kk * p->n;                                                 \
                    if (av == 0) continue;                                                         \
                    for (int64_t j = 0; j < p->n; j++) {                                           \
                        int32_t zb = b_zero_point ? b_zero_point[j * p->b_zero_col_stride] : 0;    \
                        yr[j] = RT_Q_WRAP_ADD(yr[j], av * ((int32_t)br[j] - zb));                  \
                    }                                                                              \
                }                                                                                  \
            }                                                                                      \
            for (int64_t d = p->batch_rank - 1; d >= 0 && ++idx[d] == p->batch_dims[d]; d--) idx[d] = 0; \
        }                                                                                          \
    }
//@end

//@kernel rt_matmul_integer_u8_u8(rt_matmul_integer_params, a, b, a_zero_point, b_zero_point, y) needs rt_matmul_integer_macro
RT_MATMUL_INTEGER(rt_matmul_integer_u8_u8, uint8_t, uint8_t)
//@end
//@kernel rt_matmul_integer_u8_i8(rt_matmul_integer_params, a, b, a_zero_point, b_zero_point, y) needs rt_matmul_integer_macro
RT_MATMUL_INTEGER(rt_matmul_integer_u8_i8, uint8_t, int8_t)
//@end
//@kernel rt_matmul_integer_i8_u8(rt_matmul_integer_params, a, b, a_zero_point, b_zero_point, y) needs rt_matmul_integer_macro
RT_MATMUL_INTEGER(rt_matmul_integer_i8_u8, int8_t, uint8_t)
//@end
//@kernel rt_matmul_integer_i8_i8(rt_matmul_integer_params, a, b, a_zero_point, b_zero_point, y) needs rt_matmul_integer_macro
RT_MATMUL_INTEGER(rt_matmul_integer_i8_i8, int8_t, int8_t)
//@end

//@section rt_conv_integer_macro needs rt_quant_helpers rt_conv_integer_params
/* Row r of a group's im2col matrix reads input channel *c (of the group)
   at (od * stride_d + *dz, oh * stride_h + *dy, ow * stride_w + *dx). */
RT_HELPER void rt_conv_integer_tap(const rt_conv_integer_params *p, int64_t r, int64_t *c, int64_t *dz,
                                   int64_t *dy, int64_t *dx)
{
    int64_t ksize = p->kernel_d * p->kernel_h * p->kernel_w, kr = r % ksize;
    *c = r / ksize;
    *dz = kr / (p->kernel_h * p->kernel_w) * p->dilation_d - p->pad_front;
    *dy = kr / p->kernel_w % p->kernel_h * p->dilation_h - p->pad_top;
    *dx = kr % p->kernel_w * p->dilation_w - p->pad_left;
}

/* Row r of the im2col matrix of one image's group xg: x - zx, 0 where the
   tap falls in the padding. */
#define RT_CONV_INTEGER_IM2COL(p, TX, xg, zx, r, cr)                                               \
    do {                                                                                           \
        int64_t c_, dz_, dy_, dx_, q_ = 0;                                                         \
        rt_conv_integer_tap(p, r, &c_, &dz_, &dy_, &dx_);                                          \
        const TX *xc_ = (xg) + c_ * p->in_d * p->in_h * p->in_w;                                   \
        for (int64_t od = 0; od < p->out_d; od++) {                                                \
            int64_t iz = od * p->stride_d + dz_;                                                   \
            for (int64_t oh = 0; oh < p->out_h; oh++) {                                            \
                int64_t iy = oh * p->stride_h + dy_;                                               \
                int in_zy = iz >= 0 && iz < p->in_d && iy >= 0 && iy < p->in_h;                    \
                for (int64_t ow = 0; ow < p->out_w; ow++, q_++) {                                  \
                    int64_t ix = ow * p->stride_w + dx_;                                           \
                    (cr)[q_] = in_zy && ix >= 0 && ix < p->in_w                                    \
                                   ? (int16_t)((int32_t)xc_[(iz * p->in_h + iy) * p->in_w + ix] - (zx)) \
                                   : 0;                                                            \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
    } while (0)

/* ConvInteger for x of type TX and w of type TW: per image and group, the
   im2col matrix of x - x_zero_point (int16) in scratch, then each output
   channel's row of int32 sums, one im2col row at a time. */
#define RT_CONV_INTEGER(name, TX, TW)                                                              \
    static void name(const rt_conv_integer_params *p, const TX *x, const TW *w,                   \
                     const TX *x_zero_point, const TW *w_zero_point, int32_t *y, void *scratch)     \
    {                                                                                              \
        int16_t *col = (int16_t *)scratch;                                                         \
        int64_t cg = p->in_channels / p->groups, mg = p->out_channels / p->groups;                 \
        int64_t rows = cg * p->kernel_d * p->kernel_h * p->kernel_w;                               \
        int64_t in_size = p->in_d * p->in_h * p->in_w, out_size = p->out_d * p->out_h * p->out_w; \
        int32_t zx = x_zero_point ? (int32_t)x_zero_point[0] : 0;                                  \
        for (int64_t b = 0; b < p->batch; b++)                                                     \
            for (int64_t g = 0; g < p->groups; g++) {                                              \
                const TX *xg = x + (b * p->in_channels + g * cg) * in_size;                        \
                for (int64_t r = 0; r < rows; r++) RT_CONV_INTEGER_IM2COL(p, TX, xg, zx, r, col + r * out_size); \
                for (int64_t m = g * mg; m < (g + 1) * mg; m++) {                                  \
                    int32_t *ym = y + (b * p->out_channels + m) * out_size;                        \
                    int32_t zw = w_zero_point ? (int32_t)w_zero_point[m * p->w_zero_stride] : 0;   \
                    for (int64_t q = 0; q < out_size; q++) ym[q] = 0;                              \
                    for (int64_t r = 0; r < rows; r++) {                                           \
                        int32_t wv = (int32_t)w[m * rows + r] - zw;                                \
                        const int16_t *cr = col + r * out_size;                                    \
                        if (wv == 0) continue;                                                     \
                        for (int64_t q = 0; q < out_size; q++)                                     \
                            ym[q] = RT_Q_WRAP_ADD(ym[q], wv * (int32_t)cr[q]);                     \
                    }                                                                              \
                }                                                                                  \
            }                                                                                      \
    }
//@end

//@kernel rt_conv_integer_u8_u8(rt_conv_integer_params, x, w, x_zero_point, w_zero_point, y, scratch) needs rt_conv_integer_macro
RT_CONV_INTEGER(rt_conv_integer_u8_u8, uint8_t, uint8_t)
//@end
//@kernel rt_conv_integer_u8_i8(rt_conv_integer_params, x, w, x_zero_point, w_zero_point, y, scratch) needs rt_conv_integer_macro
RT_CONV_INTEGER(rt_conv_integer_u8_i8, uint8_t, int8_t)
//@end
//@kernel rt_conv_integer_i8_u8(rt_conv_integer_params, x, w, x_zero_point, w_zero_point, y, scratch) needs rt_conv_integer_macro
RT_CONV_INTEGER(rt_conv_integer_i8_u8, int8_t, uint8_t)
//@end
//@kernel rt_conv_integer_i8_i8(rt_conv_integer_params, x, w, x_zero_point, w_zero_point, y, scratch) needs rt_conv_integer_macro
RT_CONV_INTEGER(rt_conv_integer_i8_i8, int8_t, int8_t)
//@end

//@section rt_requantize_macro needs rt_quant_helpers rt_requantize_params
/* QLinearMatMul / QLinearConv after the integer product, into TY's range
   [LO, HI]: y = saturate(rint((acc + bias) * multiplier + y_zero_point)),
   in double as the reference computes it (int32 times a float scale is
   float64 in numpy), the multiplier a_scale * b_scale / y_scale rounded
   to the scales' type after each operation. */
#define RT_REQUANTIZE(name, TY, LO, HI)                                                            \
    static void name(const rt_requantize_params *p, const int32_t *acc, const float *a_scale,     \
                     const float *b_scale, const float *y_scale, const TY *y_zero_point,           \
                     const int32_t *bias, TY *y)                                                    \
    {                                                                                              \
        double ys = y_scale[0], zp = y_zero_point ? (double)y_zero_point[0] : 0.0;                 \
        int64_t e = 0;                                                                             \
        for (int64_t t = 0; t < p->batch; t++)                                                     \
            for (int64_t r = 0; r < p->rows; r++)                                                  \
                for (int64_t c = 0; c < p->cols; c++, e++) {                                       \
                    double as = a_scale[r * p->a_scale_row_stride + c * p->a_scale_col_stride];   \
                    double bs = b_scale[r * p->b_scale_row_stride + c * p->b_scale_col_stride];   \
                    double m = rt_q_round(rt_q_round(as * bs, p->precision) / ys, p->precision);   \
                    int64_t v = (int64_t)acc[e] + (bias ? bias[r * p->bias_row_stride] : 0);       \
                    double d = (double)v * m;                                                      \
                    d = d + zp;                                                                    \
                    y[e] = (TY)rt_q_saturate(rint(d), LO, HI);                                     \
                }                                                                                  \
    }
//@end

//@kernel rt_requantize_u8(rt_requantize_params, acc, a_scale, b_scale, y_scale, y_zero_point, bias, y) needs rt_requantize_macro
RT_REQUANTIZE(rt_requantize_u8, uint8_t, 0.0, 255.0)
//@end
//@kernel rt_requantize_i8(rt_requantize_params, acc, a_scale, b_scale, y_scale, y_zero_point, bias, y) needs rt_requantize_macro
RT_REQUANTIZE(rt_requantize_i8, int8_t, -128.0, 127.0)
//@end
