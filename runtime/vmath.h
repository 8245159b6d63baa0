/* Vector math: float32 exp, log, tanh, sigmoid, erf, GELU (erf form and
   tanh approximation) and softplus for the kernels that apply them to whole
   tensors (elementwise, Softmax, the RNN gates; later fused epilogues).

   libm's expf and friends are calls, which stop gcc and clang from
   vectorising a loop. These are straight-line C99 (range reduction and a
   polynomial, the exponent built or read in the bits through memcpy,
   special values chosen by selects, no branches), forced inline, so that a
   loop calling them vectorises at -O3 (SSE/AVX/AVX-512, and NEON on ARM).
   Each works on every float: +-0, +-inf, NaN, denormal inputs and results,
   overflow and underflow like libm.

   Sigmoid (and so SiLU and gelu_tanh, the hottest users) has an exp of its
   own for arguments <= 0, scaled by 2^64 so that its results stay normal:
   no denormal or overflow handling, a degree lower polynomial, and the
   2^64 taken out by sigmoid's division; 1.6x as fast, same largest error.
   erf, GELU (its erfc tail, e^-x^2) and softplus use it too, taking the
   2^64 out in a rounding they make anyway (1.17x to 1.25x as fast).

   Maximum errors against libm in double (measured by bench/vmath.c over
   every float or every 17th; tests/unit/test_vmath.c asserts bounds on a
   sweep): see docs/vector-math.md. The constants come from tools/fit_vmath.py
   (Cephes' for exp and log).

   Kernels that call them `needs rt_vmath`. */
#ifndef DLC_RT_VMATH_H
#define DLC_RT_VMATH_H
#include "rt.h"

//@section rt_vmath
/* Inlined even where the compiler would not: a call left in a loop would
   keep it scalar. */
#if defined(__GNUC__)
#define RT_VMATH_INLINE __attribute__((always_inline))
#else
#define RT_VMATH_INLINE
#endif

RT_HELPER RT_VMATH_INLINE uint32_t rt_vmath_bits(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

RT_HELPER RT_VMATH_INLINE float rt_vmath_float(uint32_t b)
{
    float x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* cond ? a : b by masking the bits. gcc (12, with -ftrapping-math, its
   default) vectorises `?:` on floats only with masked instructions
   (AVX-512), this everywhere. */
RT_HELPER RT_VMATH_INLINE float rt_vmath_select(int cond, float a, float b)
{
    const uint32_t mask = 0u - (uint32_t)cond;
    return rt_vmath_float((rt_vmath_bits(a) & mask) | (rt_vmath_bits(b) & ~mask));
}

/* e^x: x = n ln2 + r with |r| <= ln2/2 (ln2 in two parts, so r is exact),
   e^r by Cephes' degree-7 polynomial, times 2^n in two factors so that
   n from -150 to 128 gives denormal results and inf with one rounding, at
   the last multiply. The clamp to [-104, 89] keeps n in that range and maps
   NaN to 89 (never converted to int); NaN is put back at the end. */
RT_HELPER RT_VMATH_INLINE float rt_vmath_exp_f32(float x)
{
    const float hi = rt_vmath_select(x < 89.0f, x, 89.0f), c = rt_vmath_select(hi > -104.0f, hi, -104.0f);
    const float n = (c * 1.44269504088896341f + 12582912.0f) - 12582912.0f; /* round to nearest */
    const float r = (c - n * 0.693359375f) + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    /* 2^n1 is added to p's exponent bits (p is in [0.7, 1.42], so n1 from
       -100 to 127 keeps it normal), 2^n2 = 2^(n - n1), in [2^-50, 2],
       multiplies. The integer ?: vectorise, unlike the float ones. */
    const int32_t ni = (int32_t)n, lo = ni > -100 ? ni : -100, n1 = lo < 127 ? lo : 127, n2 = ni - n1;
    const float s2 = rt_vmath_float((uint32_t)(n2 + 127) << 23);
    const float y = rt_vmath_float(rt_vmath_bits(p) + ((uint32_t)n1 << 23)) * s2;
    return rt_vmath_select(x != x, x, y);
}

/* log x: x = 2^e m with m in [sqrt(2)/2, sqrt(2)) (denormals scaled by 2^23
   first), log m = log1p(f), f = m - 1, by Cephes' polynomial; e ln2 added
   in two parts. Negative x gives NaN, +-0 -inf, inf inf. */
RT_HELPER RT_VMATH_INLINE float rt_vmath_log_f32(float x)
{
    /* The cases are told apart by 0/1 values in arithmetic, not by ?:,
       which gcc threads into branches here (that stops the vectoriser). */
    const uint32_t bx = rt_vmath_bits(x);
    const uint32_t tiny = bx < 0x00800000u;                     /* +0 and denormals: scaled by 2^23 */
    const float xs = x * rt_vmath_float(0x3f800000u + tiny * (23u << 23));
    /* offsetting by sqrt(2)/2's bits puts m's range into one exponent */
    const uint32_t ix = rt_vmath_bits(xs) + (0x3f800000u - 0x3f3504f3u);
    const float e = (float)((int32_t)(ix >> 23) - 127 - (int32_t)(tiny * 23u));
    const float f = rt_vmath_float((ix & 0x007fffffu) + 0x3f3504f3u) - 1.0f;
    const float z = f * f;
    float p = 7.0376836292e-2f;
    p = p * f - 1.1514610310e-1f;
    p = p * f + 1.1676998740e-1f;
    p = p * f - 1.2420140846e-1f;
    p = p * f + 1.4249322787e-1f;
    p = p * f - 1.6668057665e-1f;
    p = p * f + 2.0000714765e-1f;
    p = p * f - 2.4999993993e-1f;
    p = p * f + 3.3333331174e-1f;
    const float y = ((p * f * z - 2.12194440e-4f * e) - 0.5f * z + f) + 0.693359375f * e;
    /* x in (0, FLT_MAX] keeps y; else +-0 -inf, +inf inf, negative and NaN a NaN */
    const uint32_t keep = 0u - (uint32_t)(bx - 1u < 0x7f7fffffu);
    const uint32_t is_zero = (bx & 0x7fffffffu) == 0, is_inf = bx == 0x7f800000u;
    const uint32_t special = 0x7fc00000u - is_inf * 0x00400000u + is_zero * (0xff800000u - 0x7fc00000u);
    return rt_vmath_float((rt_vmath_bits(y) & keep) | (special & ~keep));
}

/* e^-c 2^64 for c >= 0 up to 132.7 (NaN gives NaN): exp specialised to
   arguments <= 0, for sigmoid, softplus and the erfc tail. The factor 2^64
   keeps the result normal for c < 131.35 (m <= 189), so 2^-m, m = c log2(e)
   rounded, is one float built in the exponent bits, with none of the
   general exp's denormal and overflow handling; the callers take the 2^64
   out with a rounding they make anyway. From c = 132.04 on (m = 191) the
   exponent bits are 0 and the result is exactly 0, which the erfc tail
   uses; from 132.74 (m = 192) the bits wrap: callers clamp below. */
RT_HELPER RT_VMATH_INLINE float rt_vmath_exp_neg_scaled_core(float c)
{
    /* k = 1.5 * 2^23 + 191 - m (the float spacing there is 1): k's low 9
       bits are 191 - m, from 0 to 191, the biased exponent of 2^(64 - m). */
    const float k = c * -1.44269504088896341f + 12583103.0f;
    const float n = k - 12583103.0f; /* -m */
    const float r = (n * -0.693359375f - c) + n * 2.12194440e-4f; /* -c + m ln2, |r| <= ln2/2, as in exp */
    /* e^r = 1 + r + r^2 P(r), a degree-6 fit (tools/fit_vmath.py; 0.08 ulp) */
    float p = 1.3813748956e-3f;
    p = p * r + 8.3691142499e-3f;
    p = p * r + 4.1668426245e-2f;
    p = p * r + 1.6666516662e-1f;
    p = p * r + 4.9999994040e-1f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    return p * rt_vmath_float(rt_vmath_bits(k) << 23);
}

/* e^-|x| 2^64, for sigmoid and softplus: |x| clamped at 104 (sigmoid is 0
   or 1 beyond, softplus's e^-|x| rounds to 0), so the result is at least
   2^-86. NaN stays NaN (the clamp keeps it, the arithmetic carries it). */
RT_HELPER RT_VMATH_INLINE float rt_vmath_exp_neg_scaled_f32(float x)
{
    const float ax = fabsf(x);
    return rt_vmath_exp_neg_scaled_core(rt_vmath_select(ax > 104.0f, 104.0f, ax));
}

/* 1 / (1 + e^-x) as (x >= 0 ? 1 : e) / (1 + e) with e = e^-|x|: no
   overflow, and the tail for negative x keeps its digits down to the
   denormals. e is taken scaled by 2^64 (numerator and denominator alike),
   which the division removes with its one rounding. Newton's reciprocal
   instead of the division measured slower (the divider is not what limits
   this loop). */
RT_HELPER RT_VMATH_INLINE float rt_vmath_sigmoid_f32(float x)
{
    const float e = rt_vmath_exp_neg_scaled_f32(x);
    return rt_vmath_select(x >= 0, 0x1p64f, e) / (0x1p64f + e);
}

/* tanh: an odd polynomial below 0.625 (where 1 - 2/(e^2x + 1) would lose
   digits), 1 - 2/(e^2|x| + 1) with x's sign above. */
RT_HELPER RT_VMATH_INLINE float rt_vmath_tanh_f32(float x)
{
    const float ax = fabsf(x), z = x * x;
    float p = 2.1430391095663185e-3f;
    p = p * z - 8.177481761587828e-3f;
    p = p * z + 2.170073658763868e-2f;
    p = p * z - 5.394676906168556e-2f;
    p = p * z + 1.3333206054939833e-1f;
    p = p * z - 3.3333330803886274e-1f;
    const float small = copysignf(x + x * z * p, x); /* keeps -0 */
    const float large = copysignf(1.0f - 2.0f / (rt_vmath_exp_f32(2.0f * ax) + 1.0f), x);
    return rt_vmath_select(ax < 0.625f, small, large);
}

/* erf x / x for |x| < 0.921875, a polynomial in x^2. */
RT_HELPER RT_VMATH_INLINE float rt_vmath_erf_small(float z)
{
    float p = -1.0289484894329681e-5f;
    p = p * z + 1.1453242247114886e-4f;
    p = p * z - 8.50613895140892e-4f;
    p = p * z + 5.222314214073473e-3f;
    p = p * z - 2.6865811194115283e-2f;
    p = p * z + 1.1283787829705433e-1f;
    p = p * z - 3.761263874574391e-1f;
    return p * z + 1.1283791670848267f;
}

/* The rounding error of c * c: c^2 = c2 + d exactly (c split into 12-bit
   halves whose products are exact). */
RT_HELPER RT_VMATH_INLINE float rt_vmath_square_error(float c, float c2)
{
    const float hi = rt_vmath_float(rt_vmath_bits(c) & 0xfffff000u), lo = c - hi;
    return ((hi * hi - c2) + 2.0f * hi * lo) + lo * lo;
}

/* erfc(a) 2^64 for 0.921875 <= a given a's square as sq + d (d the
   rounding error of sq), sq at most 132.7: e^-a^2 R(t), t = 1 / (1 + a/2),
   R a polynomial for the scaled erfc e^a^2 erfc a, e^-a^2 2^64 from the
   specialised exp (exactly 0 from sq = 132.04 on). The square's rounding
   error is put back as e^-d ~ 1 - d: with a^2 up to 121, half an ulp of it
   would cost 7e-6 relative. */
RT_HELPER RT_VMATH_INLINE float rt_vmath_erfc_tail_scaled(float a, float sq, float d)
{
    const float t = 1.0f / (1.0f + 0.5f * a);
    float r = -6.43327814333172e-2f;
    r = r * t + 3.142622377346864e-1f;
    r = r * t - 5.522383111142831e-1f;
    r = r * t + 3.5348395587890846e-1f;
    r = r * t - 7.840397468108083e-2f;
    r = r * t + 2.2464206022250002e-1f;
    r = r * t + 2.3734529615093275e-1f;
    r = r * t + 2.832756681232024e-1f;
    r = r * t + 2.8201039212777246e-1f;
    r = r * t + 2.634821015112458e-6f;
    return rt_vmath_exp_neg_scaled_core(sq) * (r - r * d);
}

/* erf: a polynomial below 0.921875, 1 - erfc |x| above (|x| capped at 11,
   where erfc is 0 in float, so NaN and inf take a finite path; NaN is put
   back at the end). erfc's 2^64 goes in the subtraction's one rounding. */
RT_HELPER RT_VMATH_INLINE float rt_vmath_erf_f32(float x)
{
    const float ax = fabsf(x), c = rt_vmath_select(ax < 11.0f, ax, 11.0f), c2 = c * c;
    const float small = x * rt_vmath_erf_small(x * x);
    const float tail = rt_vmath_erfc_tail_scaled(c, c2, rt_vmath_square_error(c, c2));
    const float large = copysignf(1.0f - tail * 0x1p-64f, x);
    return rt_vmath_select(x != x, x, rt_vmath_select(ax < 0.921875f, small, large));
}

/* GELU, x/2 (1 + erf(x/sqrt 2)): 1 + erf(u) is erfc(-u) for u < 0, taken
   directly so the negative tail keeps its digits; u^2 is x^2 / 2 (exact
   halving), not the square of the rounded u. erfc comes scaled by 2^64:
   for u <= -0.921875 the half is x 2^-65 (exact, |x| > 1.3), so x erfc/2
   is one multiply, rounded once, into the denormals where it must; 2 -
   erfc for u >= 0.921875 removes the 2^64 in its own rounding. |x| is
   capped at 16.27: there x^2/2 = 132.35, e^-x^2/2 comes out exactly 0
   (GELU is 0 in float below x = -14.36), so the tail is 0 for large |x|,
   and 0 times -inf is NaN, as in the formula with libm. */
RT_HELPER RT_VMATH_INLINE float rt_vmath_gelu_f32(float x)
{
    const float u = x * 0.70710678118654752440f, au = fabsf(u);
    const float cx = rt_vmath_select(fabsf(x) < 16.27f, fabsf(x), 16.27f), cx2 = cx * cx;
    const float tail = rt_vmath_erfc_tail_scaled(cx * 0.70710678118654752440f, 0.5f * cx2,
                                                 0.5f * rt_vmath_square_error(cx, cx2));
    const float small = 1.0f + u * rt_vmath_erf_small(u * u);
    const int neg_tail = u <= -0.921875f;
    const float large = rt_vmath_select(neg_tail, tail, 2.0f - tail * 0x1p-64f);
    const float one_plus_erf = rt_vmath_select(au < 0.921875f, small, large);
    return (x * rt_vmath_select(neg_tail, 0x1p-65f, 0.5f)) * one_plus_erf;
}

/* GELU's tanh approximation x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715
   x^3), as x sigmoid(2u) (the same function) so the negative tail keeps its
   digits. */
RT_HELPER RT_VMATH_INLINE float rt_vmath_gelu_tanh_f32(float x)
{
    return x * rt_vmath_sigmoid_f32(1.59576912160573071176f * (x + 0.044715f * x * x * x));
}

/* log(1 + e^x) = max(x, 0) + log1p(e^-|x|); log1p(e) = log(u) + c / u
   with u = 1 + e rounded and c = e - (u - 1) its rounding error (exact: e
   <= 1), which keeps small e's digits (u = 1 gives e). e is the specialised
   exp's e^-|x| 2^64 times 2^-64, rounded once (into the denormals below
   -87.3, 0 below -103.97, as exp's). */
RT_HELPER RT_VMATH_INLINE float rt_vmath_softplus_f32(float x)
{
    const float e = rt_vmath_exp_neg_scaled_f32(x) * 0x1p-64f, u = 1.0f + e, c = e - (u - 1.0f);
    return rt_vmath_select(x > 0, x, 0.0f) + (rt_vmath_log_f32(u) + c / u);
}
//@end

#endif
