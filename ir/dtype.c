/* Element types: sizes, names and kernel-name suffixes, and how the 4- and
   2-bit types pack. */
#include "ir.h"

typedef struct { int32_t code; size_t size; const char *name, *suffix; } dtype_row;

static const dtype_row dtype_rows[] = {
    {DT_FLOAT, 4, "float", "f32"},     {DT_UINT8, 1, "uint8", "u8"},
    {DT_INT8, 1, "int8", "i8"},        {DT_UINT16, 2, "uint16", "u16"},
    {DT_INT16, 2, "int16", "i16"},     {DT_INT32, 4, "int32", "i32"},
    {DT_INT64, 8, "int64", "i64"},     {DT_STRING, 0, "string", "str"},
    {DT_BOOL, 1, "bool", "bool"},      {DT_FLOAT16, 2, "float16", "f16"},
    {DT_DOUBLE, 8, "double", "f64"},   {DT_UINT32, 4, "uint32", "u32"},
    {DT_UINT64, 8, "uint64", "u64"},   {DT_COMPLEX64, 0, "complex64", "c64"},
    {DT_COMPLEX128, 0, "complex128", "c128"}, {DT_BFLOAT16, 2, "bfloat16", "bf16"},
    {DT_FLOAT8E4M3FN, 1, "float8e4m3fn", "f8e4m3fn"}, {DT_FLOAT8E4M3FNUZ, 1, "float8e4m3fnuz", "f8e4m3fnuz"},
    {DT_FLOAT8E5M2, 1, "float8e5m2", "f8e5m2"},       {DT_FLOAT8E5M2FNUZ, 1, "float8e5m2fnuz", "f8e5m2fnuz"},
    {DT_UINT4, 1, "uint4", "u4"},                     {DT_INT4, 1, "int4", "i4"},
    {DT_FLOAT4E2M1, 1, "float4e2m1", "f4e2m1"},       {DT_FLOAT8E8M0, 1, "float8e8m0", "f8e8m0"},
    {DT_UINT2, 1, "uint2", "u2"},                     {DT_INT2, 1, "int2", "i2"},
};

static const dtype_row *find(int32_t code)
{
    for (size_t i = 0; i < sizeof dtype_rows / sizeof dtype_rows[0]; i++)
        if (dtype_rows[i].code == code) return &dtype_rows[i];
    return NULL;
}

size_t dtype_size(int32_t dtype) { const dtype_row *r = find(dtype); return r ? r->size : 0; }
const char *dtype_name(int32_t dtype) { const dtype_row *r = find(dtype); return r ? r->name : "undefined"; }
const char *dtype_suffix(int32_t dtype) { const dtype_row *r = find(dtype); return r ? r->suffix : "undef"; }

bool dtype_is_float(int32_t dtype)
{
    return dtype == DT_FLOAT || dtype == DT_DOUBLE || dtype == DT_FLOAT16 || dtype == DT_BFLOAT16;
}

bool dtype_is_int(int32_t dtype)
{
    switch (dtype) {
    case DT_INT8: case DT_INT16: case DT_INT32: case DT_INT64:
    case DT_UINT8: case DT_UINT16: case DT_UINT32: case DT_UINT64: return true;
    default: return false;
    }
}

bool dtype_is_signed(int32_t dtype)
{
    switch (dtype) {
    case DT_INT8: case DT_INT16: case DT_INT32: case DT_INT64: return true;
    default: return dtype_is_float(dtype);
    }
}

bool dtype_is_packed(int32_t dtype)
{
    return dtype == DT_UINT4 || dtype == DT_INT4 || dtype == DT_FLOAT4E2M1 || dtype == DT_UINT2 || dtype == DT_INT2;
}

int dtype_bits(int32_t dtype)
{
    if (dtype == DT_UINT2 || dtype == DT_INT2) return 2;
    return dtype_is_packed(dtype) ? 4 : (int)dtype_size(dtype) * 8;
}

bool dtype_is_small_float(int32_t dtype)
{
    return (dtype >= DT_FLOAT8E4M3FN && dtype <= DT_FLOAT8E5M2FNUZ) || dtype == DT_FLOAT4E2M1 ||
           dtype == DT_FLOAT8E8M0;
}

size_t dtype_packed_bytes(int32_t dtype, int64_t numel)
{
    return ((size_t)numel * (size_t)dtype_bits(dtype) + 7) / 8;
}
