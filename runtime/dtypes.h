/* The element types C has no name for: the 8-bit floats (float8e4m3fn,
   float8e4m3fnuz, float8e5m2, float8e5m2fnuz, float8e8m0), float4e2m1 and
   the 4- and 2-bit integers. Conversions to and from float, exactly as ONNX's
   reference computes them (onnx/numpy_helper.py and ml_dtypes), and the
   packing of 4- and 2-bit elements.

   How dlc stores them: an 8-bit float is its bit pattern in a uint8_t. A 4-
   or 2-bit element takes one whole byte inside the generated code (arena
   tensors, views and kernels only see whole bytes): int4 and int2 as an
   int8_t (sign-extended), uint4 and uint2 as a uint8_t, float4e2m1 as its
   4-bit code in a uint8_t. They are packed (two or four to a byte, lowest
   bits first: DESIGN.md section 3) only in the caller's buffers and in the
   weights; the rt_pack and rt_unpack kernels of runtime/dtypes.c convert at
   those boundaries (ops/lower_packed.c places them).

   Reusable by any kernel: the cast kernels (runtime/elementwise.c) call
   these helpers, QuantizeLinear / DequantizeLinear to these types can too
   (an int4 result is an int8 one clamped to [-8, 7]). */
#ifndef DLC_RT_DTYPES_H
#define DLC_RT_DTYPES_H
#include "rt.h"

//@section rt_round_modes
/* Cast to float8e8m0 (attribute round_mode, opset 24): up (the default)
   rounds away from zero, down towards zero, nearest to nearest. */
enum rt_round_mode { RT_ROUND_UP, RT_ROUND_DOWN, RT_ROUND_NEAREST };
//@end

//@params rt_cast_params needs rt_round_modes
/* Cast to an 8-bit float: saturate (opset 19; 1 by default) makes an
   out-of-range value the largest finite one instead of inf or NaN. */
typedef struct rt_cast_params {
    int64_t count;                 /* elements */
    int32_t saturate;
    int32_t round_mode;            /* enum rt_round_mode (float8e8m0 only) */
} rt_cast_params;
//@end

//@params rt_pack_params
/* Packing 4- or 2-bit elements (one byte each) into the caller's or the
   weights' layout, and back. */
typedef struct rt_pack_params {
    int64_t count;                 /* elements */
} rt_pack_params;
//@end

//@section rt_dtypes needs rt_round_modes
/* The small float formats: exponent and mantissa bits, bias, and which
   specials they have. IEEE: inf and NaNs at the top exponent (e5m2); FN:
   no inf, NaN is S.1111.111 (e4m3fn); FNUZ: no inf, no -0, NaN is 0x80
   (e4m3fnuz, e5m2fnuz); F4: neither inf nor NaN (float4e2m1). */
enum rt_small_float_kind { RT_SF_IEEE, RT_SF_FN, RT_SF_FNUZ, RT_SF_F4 };

RT_HELPER float rt_small_float_decode(unsigned b, int ebits, int mbits, int bias, int kind)
{
    unsigned sign = (b >> (ebits + mbits)) & 1u, mag = b & ((1u << (ebits + mbits)) - 1u);
    unsigned e = mag >> mbits, m = mag & ((1u << mbits) - 1u), top = (1u << ebits) - 1u;
    float v;
    if (kind == RT_SF_FNUZ && b == 0x80u) return NAN;
    if (kind == RT_SF_IEEE && e == top) v = m ? NAN : INFINITY;
    else if (kind == RT_SF_FN && mag == (1u << (ebits + mbits)) - 1u) v = NAN;
    else if (e == 0) v = ldexpf((float)m, 1 - bias - mbits);
    else v = ldexpf((float)(m | (1u << mbits)), (int)e - bias - mbits);
    return sign ? -v : v;
}

/* The code of a value too large for the format: the largest finite one
   when saturating (float4e2m1 always saturates, as ml_dtypes does), else
   inf (e5m2) or NaN. */
RT_HELPER unsigned rt_small_float_overflow(unsigned sign, int ebits, int mbits, int kind, int saturate)
{
    unsigned all = (1u << (ebits + mbits)) - 1u;
    if (saturate || kind == RT_SF_F4)
        return sign | (kind == RT_SF_IEEE ? all - (1u << mbits) : kind == RT_SF_FN ? all - 1u : all);
    if (kind == RT_SF_IEEE) return sign | (all - ((1u << mbits) - 1u));
    return kind == RT_SF_FN ? sign | all : 0x80u;
}

/* x rounded to nearest, ties to even, in the format; every float, double and
   float16 value is a double, so this one rounding is the only one. NaN gives
   the format's quiet NaN with x's sign where the format has signed NaNs
   (float4e2m1 has none: ml_dtypes gives 0x8, -0). */
RT_HELPER unsigned rt_small_float_encode(double x, int ebits, int mbits, int bias, int kind, int saturate)
{
    unsigned sign = signbit(x) ? 1u << (ebits + mbits) : 0u, all = (1u << (ebits + mbits)) - 1u;
    if (x != x) {
        if (kind == RT_SF_FNUZ || kind == RT_SF_F4) return 1u << (ebits + mbits);
        /* e4m3fn: S.1111.111; e5m2: the quiet NaN S.11111.10 */
        return sign | (kind == RT_SF_FN ? all : (((1u << ebits) - 1u) << mbits) | (1u << (mbits - 1)));
    }
    if (isinf(x)) return rt_small_float_overflow(sign, ebits, mbits, kind, saturate);
    double a = fabs(x);
    int e;
    frexp(a, &e);                                  /* a = f * 2^e, f in [0.5, 1) */
    e = a == 0 ? 1 - bias : e - 1 < 1 - bias ? 1 - bias : e - 1;
    double n = ldexp(a, mbits - e), whole = floor(n), frac = n - whole;
    unsigned long q = (unsigned long)whole;
    if (frac > 0.5 || (frac == 0.5 && (q & 1u))) q++;
    if (q == 2ul << mbits) { q >>= 1; e++; }
    long code = q < (1ul << mbits) ? (long)q : ((long)(e + bias) << mbits) | (long)(q & ((1ul << mbits) - 1u));
    long max = (long)(rt_small_float_overflow(0, ebits, mbits, kind, 1));
    if (code > max) return rt_small_float_overflow(sign, ebits, mbits, kind, saturate);
    if (code == 0 && kind == RT_SF_FNUZ) return 0;
    return sign | (unsigned)code;
}

RT_HELPER float rt_f8e4m3fn_to_f32(uint8_t b) { return rt_small_float_decode(b, 4, 3, 7, RT_SF_FN); }
RT_HELPER float rt_f8e4m3fnuz_to_f32(uint8_t b) { return rt_small_float_decode(b, 4, 3, 8, RT_SF_FNUZ); }
RT_HELPER float rt_f8e5m2_to_f32(uint8_t b) { return rt_small_float_decode(b, 5, 2, 15, RT_SF_IEEE); }
RT_HELPER float rt_f8e5m2fnuz_to_f32(uint8_t b) { return rt_small_float_decode(b, 5, 2, 16, RT_SF_FNUZ); }
RT_HELPER float rt_f4e2m1_to_f32(uint8_t b) { return rt_small_float_decode(b & 15u, 2, 1, 1, RT_SF_F4); }

RT_HELPER uint8_t rt_f8e4m3fn_from_f64(double x, int saturate)
{
    return (uint8_t)rt_small_float_encode(x, 4, 3, 7, RT_SF_FN, saturate);
}
RT_HELPER uint8_t rt_f8e4m3fnuz_from_f64(double x, int saturate)
{
    return (uint8_t)rt_small_float_encode(x, 4, 3, 8, RT_SF_FNUZ, saturate);
}
RT_HELPER uint8_t rt_f8e5m2_from_f64(double x, int saturate)
{
    return (uint8_t)rt_small_float_encode(x, 5, 2, 15, RT_SF_IEEE, saturate);
}
RT_HELPER uint8_t rt_f8e5m2fnuz_from_f64(double x, int saturate)
{
    return (uint8_t)rt_small_float_encode(x, 5, 2, 16, RT_SF_FNUZ, saturate);
}
RT_HELPER uint8_t rt_f4e2m1_from_f64(double x) { return (uint8_t)rt_small_float_encode(x, 2, 1, 1, RT_SF_F4, 1); }

/* float8e8m0: 2^(b - 127), 0xff is NaN; no sign, no zero. */
RT_HELPER float rt_f8e8m0_to_f32(uint8_t b) { return b == 0xffu ? NAN : ldexpf(1.0f, (int)b - 127); }

/* As onnx.numpy_helper.to_float8e8m0: from x's float32 bits, its sign
   ignored; "nearest" rounds up when the guard bit is set and the round or
   sticky bits are, or the exponent is not 0 (the reference's rule, tie
   included); saturate keeps 0xfe from rounding up into NaN. */
RT_HELPER uint8_t rt_f8e8m0_from_f32(float x, int saturate, int round_mode)
{
    uint32_t b;
    memcpy(&b, &x, 4);
    uint32_t e = (b >> 23) & 0xffu;
    int up;
    if (e == 0xffu) return 0xffu;
    if (round_mode == RT_ROUND_NEAREST)
        up = (b & 0x400000u) && ((b & 0x200000u) || (b & 0x1fffffu) || e > 0);
    else
        up = round_mode == RT_ROUND_UP && (b & 0x7fffffu) != 0;
    if (saturate && e == 0xfeu) up = 0;
    return (uint8_t)(e + (uint32_t)up);
}

/* Any integer to int4, uint4, int2, uint2: its low bits, as two's
   complement (ml_dtypes wraps: -9 is int4 7). */
RT_HELPER int8_t rt_wrap_i4(uint64_t v) { int t = (int)(v & 15u); return (int8_t)(t >= 8 ? t - 16 : t); }
RT_HELPER uint8_t rt_wrap_u4(uint64_t v) { return (uint8_t)(v & 15u); }
RT_HELPER int8_t rt_wrap_i2(uint64_t v) { int t = (int)(v & 3u); return (int8_t)(t >= 2 ? t - 4 : t); }
RT_HELPER uint8_t rt_wrap_u2(uint64_t v) { return (uint8_t)(v & 3u); }

/* n elements of `bits` bits (4 or 2), one a byte in `in`, packed lowest bits
   first; the unused high bits of the last byte are 0. */
RT_HELPER void rt_pack_bits(const uint8_t *in, uint8_t *out, int64_t n, int bits)
{
    int per = 8 / bits;
    unsigned mask = (1u << bits) - 1u;
    for (int64_t i = 0; i * per < n; i++) {
        unsigned b = 0;
        for (int j = 0; j < per && i * per + j < n; j++) b |= (in[i * per + j] & mask) << (j * bits);
        out[i] = (uint8_t)b;
    }
}

/* The other way: signed elements are sign-extended to a whole byte. */
RT_HELPER void rt_unpack_bits(const uint8_t *in, uint8_t *out, int64_t n, int bits, int is_signed)
{
    int per = 8 / bits;
    unsigned mask = (1u << bits) - 1u, sign = 1u << (bits - 1);
    for (int64_t i = 0; i < n; i++) {
        unsigned v = (in[i / per] >> ((i % per) * bits)) & mask;
        out[i] = (uint8_t)(is_signed && (v & sign) ? v | ~mask : v);
    }
}
//@end

#endif
