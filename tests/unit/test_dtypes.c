/* The conversions of runtime/dtypes.h against values worked out by hand
   from the ONNX spec's Cast tables and its reference (onnx/numpy_helper.py,
   ml_dtypes): round to nearest even including ties, saturation and
   overflow to inf or NaN, NaN, signed zeros, subnormals; float8e8m0's three
   rounding modes; the wrap of the 4- and 2-bit integers; and packing at
   element counts that do not fill the last byte. */
#include <criterion/criterion.h>
#include <math.h>

#include "ir/ir.h"
#include "runtime/dtypes.h"

typedef struct { double x; unsigned sat, nosat; } encode_row;

typedef uint8_t (*encoder)(double, int);

static void check_encoder(const char *name, encoder f, const encode_row *rows, int count)
{
    for (int i = 0; i < count; i++) {
        cr_expect_eq(f(rows[i].x, 1), rows[i].sat, "%s(%a, saturate): 0x%02x, expected 0x%02x", name, rows[i].x,
                     f(rows[i].x, 1), rows[i].sat);
        cr_expect_eq(f(rows[i].x, 0), rows[i].nosat, "%s(%a): 0x%02x, expected 0x%02x", name, rows[i].x,
                     f(rows[i].x, 0), rows[i].nosat);
    }
}

/* e4m3fn: bias 7, largest 448 (0x7e), NaN S.1111.111, no inf. */
Test(dtypes, float8e4m3fn_from_double)
{
    static const encode_row rows[] = {
        {0.0, 0x00, 0x00},          {-0.0, 0x80, 0x80},         {1.0, 0x38, 0x38},
        {-2.0, 0xc0, 0xc0},         {448.0, 0x7e, 0x7e},
        {464.0, 0x7e, 0x7e},        /* halfway to 480 (0x7f, NaN): ties to the even 448 */
        {465.0, 0x7e, 0x7f},        /* rounds to 480: too large */
        {-465.0, 0xfe, 0xff},       {1e6, 0x7e, 0x7f},          {INFINITY, 0x7e, 0x7f},
        {-INFINITY, 0xfe, 0xff},    {NAN, 0x7f, 0x7f},          {-NAN, 0xff, 0xff},
        {1.0625, 0x38, 0x38},       /* tie between 1 and 1.125: to even 1 */
        {1.1875, 0x3a, 0x3a},       /* tie between 1.125 and 1.25: to even 1.25 */
        {0x1p-9, 0x01, 0x01},       /* the smallest subnormal */
        {0x1p-10, 0x00, 0x00},      /* half of it: ties to 0 */
        {-0x1p-10, 0x80, 0x80},     {0x1.8p-9, 0x02, 0x02},     /* 1.5 subnormal steps: to even 2 */
        {0x1.cp-7, 0x07, 0x07},     /* the largest subnormal, 7 * 2^-9 */
        {0x1.ep-7, 0x08, 0x08},     /* 7.5 * 2^-9 rounds up to the smallest normal 2^-6 */
        {1e-7, 0x00, 0x00},         {-1e-7, 0x80, 0x80},
    };
    check_encoder("rt_f8e4m3fn_from_f64", rt_f8e4m3fn_from_f64, rows, (int)(sizeof rows / sizeof rows[0]));
}

/* e4m3fnuz: bias 8, largest 240 (0x7f), NaN 0x80, no -0, no inf. */
Test(dtypes, float8e4m3fnuz_from_double)
{
    static const encode_row rows[] = {
        {0.0, 0x00, 0x00},      {-0.0, 0x00, 0x00},     {1.0, 0x40, 0x40},     {-1.0, 0xc0, 0xc0},
        {240.0, 0x7f, 0x7f},
        {248.0, 0x7f, 0x80},    /* tie between 240 (odd) and 256: to 256, too large */
        {-1e6, 0xff, 0x80},     {INFINITY, 0x7f, 0x80}, {-INFINITY, 0xff, 0x80}, {NAN, 0x80, 0x80},
        {-NAN, 0x80, 0x80},     {0x1p-10, 0x01, 0x01},  {-0x1p-11, 0x00, 0x00}, /* -0 becomes +0 */
        {0x1.8p-10, 0x02, 0x02},
    };
    check_encoder("rt_f8e4m3fnuz_from_f64", rt_f8e4m3fnuz_from_f64, rows, (int)(sizeof rows / sizeof rows[0]));
}

/* e5m2: IEEE-like, bias 15, largest 57344 (0x7b), inf 0x7c, quiet NaN 0x7e. */
Test(dtypes, float8e5m2_from_double)
{
    static const encode_row rows[] = {
        {0.0, 0x00, 0x00},          {-0.0, 0x80, 0x80},         {1.0, 0x3c, 0x3c},
        {57344.0, 0x7b, 0x7b},
        {61440.0, 0x7b, 0x7c},      /* tie between 57344 (odd) and 65536: to 65536, inf */
        {-1e6, 0xfb, 0xfc},         {INFINITY, 0x7b, 0x7c},     {-INFINITY, 0xfb, 0xfc},
        {NAN, 0x7e, 0x7e},          {-NAN, 0xfe, 0xfe},
        {1.125, 0x3c, 0x3c},        {1.375, 0x3e, 0x3e},        /* ties to even */
        {0x1p-16, 0x01, 0x01},      {0x1p-17, 0x00, 0x00},      {0x1.8p-16, 0x02, 0x02},
        {0.47892547, 0x38, 0x38},   /* the node cases' first value */
    };
    check_encoder("rt_f8e5m2_from_f64", rt_f8e5m2_from_f64, rows, (int)(sizeof rows / sizeof rows[0]));
}

/* e5m2fnuz: bias 16, largest 57344 (0x7f), NaN 0x80, no -0, no inf. */
Test(dtypes, float8e5m2fnuz_from_double)
{
    static const encode_row rows[] = {
        {0.0, 0x00, 0x00},     {-0.0, 0x00, 0x00},    {1.0, 0x40, 0x40},      {57344.0, 0x7f, 0x7f},
        {61440.0, 0x7f, 0x80}, {1e6, 0x7f, 0x80},     {-INFINITY, 0xff, 0x80}, {NAN, 0x80, 0x80},
        {0x1p-17, 0x01, 0x01}, {-0x1p-18, 0x00, 0x00},
    };
    check_encoder("rt_f8e5m2fnuz_from_f64", rt_f8e5m2fnuz_from_f64, rows, (int)(sizeof rows / sizeof rows[0]));
}

/* float4e2m1: 0, 0.5, 1, 1.5, 2, 3, 4, 6 and their negatives; no inf, no
   NaN: always saturates, and NaN gives 0x8 (-0) as ml_dtypes does. */
Test(dtypes, float4e2m1_from_double)
{
    static const struct { double x; unsigned code; } rows[] = {
        {0.0, 0x0},  {-0.0, 0x8}, {0.48, 0x1}, {0.25, 0x0}, {0.75, 0x2}, {1.25, 0x2}, {1.75, 0x4},
        {2.5, 0x4},  {3.5, 0x6},  {5.0, 0x6},  {-3.5, 0xe}, {7.0, 0x7}, {-8.0, 0xf}, {1e6, 0x7},
        {INFINITY, 0x7}, {-INFINITY, 0xf}, {NAN, 0x8}, {0.01, 0x0}, {-0.01, 0x8},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        cr_expect_eq(rt_f4e2m1_from_f64(rows[i].x), rows[i].code, "float4e2m1(%g): 0x%x, expected 0x%x", rows[i].x,
                     rt_f4e2m1_from_f64(rows[i].x), rows[i].code);
}

static bool same(float a, double b)
{
    if (isnan(b)) return isnan(a);
    return a == b && !signbit(a) == !signbit(b);
}

/* Decoding: every code of each format back to float, against the formula
   and the special codes. */
Test(dtypes, small_floats_to_float)
{
    cr_expect(same(rt_f8e4m3fn_to_f32(0x7e), 448.0) && same(rt_f8e4m3fn_to_f32(0x01), 0x1p-9));
    cr_expect(same(rt_f8e4m3fn_to_f32(0x80), -0.0) && same(rt_f8e4m3fn_to_f32(0x08), 0x1p-6));
    cr_expect(isnan(rt_f8e4m3fn_to_f32(0x7f)) && isnan(rt_f8e4m3fn_to_f32(0xff)));
    cr_expect(same(rt_f8e4m3fn_to_f32(0x77), 240.0), "0x77 is not NaN: only S.1111.111 is");
    cr_expect(same(rt_f8e4m3fnuz_to_f32(0x7f), 240.0) && same(rt_f8e4m3fnuz_to_f32(0x01), 0x1p-10));
    cr_expect(isnan(rt_f8e4m3fnuz_to_f32(0x80)) && same(rt_f8e4m3fnuz_to_f32(0xff), -240.0));
    cr_expect(same(rt_f8e5m2_to_f32(0x7b), 57344.0) && same(rt_f8e5m2_to_f32(0x01), 0x1p-16));
    cr_expect(same(rt_f8e5m2_to_f32(0x7c), INFINITY) && same(rt_f8e5m2_to_f32(0xfc), -INFINITY));
    cr_expect(isnan(rt_f8e5m2_to_f32(0x7d)) && isnan(rt_f8e5m2_to_f32(0xff)));
    cr_expect(same(rt_f8e5m2fnuz_to_f32(0x7f), 57344.0) && isnan(rt_f8e5m2fnuz_to_f32(0x80)));
    cr_expect(same(rt_f8e5m2fnuz_to_f32(0x01), 0x1p-17) && same(rt_f8e5m2fnuz_to_f32(0x40), 1.0));
    static const double f4[16] = {0, 0.5, 1, 1.5, 2, 3, 4, 6, -0.0, -0.5, -1, -1.5, -2, -3, -4, -6};
    for (unsigned c = 0; c < 16; c++) cr_expect(same(rt_f4e2m1_to_f32((uint8_t)c), f4[c]), "float4e2m1 0x%x", c);
    /* every finite code survives the round trip, in every format */
    for (unsigned c = 0; c < 256; c++) {
        if (!isnan(rt_f8e4m3fn_to_f32((uint8_t)c)))
            cr_expect_eq(rt_f8e4m3fn_from_f64(rt_f8e4m3fn_to_f32((uint8_t)c), 0), c, "e4m3fn 0x%02x", c);
        if (!isnan(rt_f8e4m3fnuz_to_f32((uint8_t)c)))
            cr_expect_eq(rt_f8e4m3fnuz_from_f64(rt_f8e4m3fnuz_to_f32((uint8_t)c), 0), c, "e4m3fnuz 0x%02x", c);
        if (!isnan(rt_f8e5m2_to_f32((uint8_t)c)))
            cr_expect_eq(rt_f8e5m2_from_f64(rt_f8e5m2_to_f32((uint8_t)c), 0), c, "e5m2 0x%02x", c);
        if (!isnan(rt_f8e5m2fnuz_to_f32((uint8_t)c)))
            cr_expect_eq(rt_f8e5m2fnuz_from_f64(rt_f8e5m2fnuz_to_f32((uint8_t)c), 0), c, "e5m2fnuz 0x%02x", c);
    }
}

/* float8e8m0: 2^(code - 127), 0xff NaN; from float as to_float8e8m0. */
Test(dtypes, float8e8m0)
{
    cr_expect(same(rt_f8e8m0_to_f32(0x7f), 1.0) && same(rt_f8e8m0_to_f32(0x00), 0x1p-127));
    cr_expect(same(rt_f8e8m0_to_f32(0xfe), 0x1p127) && isnan(rt_f8e8m0_to_f32(0xff)));
    static const struct { float x; int saturate, mode; unsigned code; } rows[] = {
        {1.0f, 1, RT_ROUND_UP, 0x7f},      {1.1f, 1, RT_ROUND_UP, 0x80},      {1.1f, 1, RT_ROUND_DOWN, 0x7f},
        {1.1f, 1, RT_ROUND_NEAREST, 0x7f}, {1.25f, 1, RT_ROUND_NEAREST, 0x7f},
        {1.5f, 1, RT_ROUND_NEAREST, 0x80}, /* the reference's tie rounds up */
        {0.124f, 1, RT_ROUND_UP, 0x7c},    {-4.0f, 1, RT_ROUND_UP, 0x81},     /* sign ignored */
        {0.0f, 1, RT_ROUND_UP, 0x00},      {0x1p-127f, 1, RT_ROUND_NEAREST, 0x00},
        {0x1p-127f, 1, RT_ROUND_UP, 0x01}, /* a float subnormal has a fraction: up */
        {0x1p127f, 1, RT_ROUND_UP, 0xfe},  {0x1.8p127f, 1, RT_ROUND_UP, 0xfe}, /* saturates */
        {0x1.8p127f, 0, RT_ROUND_UP, 0xff}, {0x1.8p127f, 0, RT_ROUND_NEAREST, 0xff},
        {INFINITY, 1, RT_ROUND_UP, 0xff},  {NAN, 1, RT_ROUND_UP, 0xff},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        cr_expect_eq(rt_f8e8m0_from_f32(rows[i].x, rows[i].saturate, rows[i].mode), rows[i].code,
                     "e8m0(%a, saturate %d, mode %d): 0x%02x, expected 0x%02x", rows[i].x, rows[i].saturate,
                     rows[i].mode, rt_f8e8m0_from_f32(rows[i].x, rows[i].saturate, rows[i].mode), rows[i].code);
}

/* The 4- and 2-bit integers keep their source's low bits (ml_dtypes). */
Test(dtypes, small_ints_wrap)
{
    cr_expect(rt_wrap_i4((uint64_t)-9) == 7 && rt_wrap_i4(8) == -8 && rt_wrap_i4(15) == -1 && rt_wrap_i4(7) == 7);
    cr_expect(rt_wrap_u4((uint64_t)-1) == 15 && rt_wrap_u4(16) == 0 && rt_wrap_u4(17) == 1);
    cr_expect(rt_wrap_i2(2) == -2 && rt_wrap_i2((uint64_t)-3) == 1 && rt_wrap_i2(3) == -1 && rt_wrap_i2(1) == 1);
    cr_expect(rt_wrap_u2(4) == 0 && rt_wrap_u2((uint64_t)-1) == 3);
}

/* Packing lowest bits first, the last byte's unused bits 0, at counts that
   leave the last byte part-filled; unpacking sign-extends signed types. */
Test(dtypes, packing_odd_counts)
{
    const int8_t i4[5] = {-8, 7, -1, 0, 3};
    uint8_t packed[4] = {0xaa, 0xaa, 0xaa, 0xaa}, back[8];
    rt_pack_bits((const uint8_t *)i4, packed, 5, 4);
    cr_expect(packed[0] == 0x78 && packed[1] == 0x0f && packed[2] == 0x03 && packed[3] == 0xaa,
              "%02x %02x %02x %02x", packed[0], packed[1], packed[2], packed[3]);
    rt_unpack_bits(packed, back, 5, 4, 1);
    cr_expect_arr_eq(back, i4, 5);

    const uint8_t u2[7] = {0, 1, 2, 3, 3, 2, 1};
    rt_pack_bits(u2, packed, 7, 2);
    cr_expect(packed[0] == 0xe4 && packed[1] == 0x1b && packed[2] == 0x03, "%02x %02x", packed[0], packed[1]);
    rt_unpack_bits(packed, back, 7, 2, 0);
    cr_expect_arr_eq(back, u2, 7);

    const int8_t i2[3] = {-2, 1, -1};
    rt_pack_bits((const uint8_t *)i2, packed, 3, 2);
    cr_expect_eq(packed[0], 0x36);
    rt_unpack_bits(packed, back, 3, 2, 1);
    cr_expect_arr_eq(back, i2, 3);

    const uint8_t one = 0x9;   /* one float4e2m1 (-0.5) */
    rt_pack_bits(&one, packed, 1, 4);
    cr_expect_eq(packed[0], 0x09);
    packed[1] = 0x55;
    rt_pack_bits(&one, packed + 1, 0, 4);
    cr_expect_eq(packed[1], 0x55, "no element, no byte written");

    cr_expect(dtype_packed_bytes(DT_INT4, 5) == 3 && dtype_packed_bytes(DT_UINT2, 7) == 2);
    cr_expect(dtype_packed_bytes(DT_UINT2, 8) == 2 && dtype_packed_bytes(DT_FLOAT8E5M2, 5) == 5);
    cr_expect(dtype_packed_bytes(DT_INT2, 0) == 0 && dtype_bits(DT_FLOAT4E2M1) == 4 && dtype_size(DT_INT4) == 1);
}
