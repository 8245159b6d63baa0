/* Kernels of the shape family (ops/shape.c): filling (ConstantOfShape,
   Dropout's mask), Range, Expand and Tile. Expand, Tile and fill only move
   elements, so they exist per element size (x8 x16 x32 x64). */
#include "rt.h"

//@section rt_shape_macros
/* Fill: t = {value (one element), y}; p = {count}. */
#define RT_FILL(name, T)                                                           \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        T v = *(const T *)t[0];                                                    \
        T *y = (T *)t[1];                                                          \
        RT_UNUSED(f);                                                              \
        for (int64_t i = 0; i < p[0]; i++) y[i] = v;                               \
    }

/* Expand (broadcast x to y's shape): t = {x, y};
   p = {rank, dims[rank], x_strides[rank]} as call_broadcast_params writes
   them (output dims; x's strides in elements, 0 on broadcast dims). */
#define RT_EXPAND(name, T)                                                         \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        T *y = (T *)t[1];                                                          \
        int rank = (int)p[0];                                                      \
        const int64_t *dims = p + 1, *sx = p + 1 + rank;                           \
        int64_t idx[RT_MAX_RANK] = {0}, outer = 1, inner, ix = 0, o = 0;           \
        RT_UNUSED(f);                                                              \
        if (rank == 0) {                                                           \
            y[0] = x[0];                                                           \
            return;                                                                \
        }                                                                          \
        for (int d = 0; d < rank - 1; d++) outer *= dims[d];                       \
        inner = dims[rank - 1];                                                    \
        for (int64_t i = 0; i < outer; i++) {                                      \
            int64_t s = sx[rank - 1];                                              \
            for (int64_t j = 0; j < inner; j++) y[o + j] = x[ix + j * s];          \
            o += inner;                                                            \
            for (int d = rank - 2; d >= 0; d--) {                                  \
                ix += sx[d];                                                       \
                if (++idx[d] < dims[d]) break;                                     \
                ix -= sx[d] * dims[d];                                             \
                idx[d] = 0;                                                        \
            }                                                                      \
        }                                                                          \
    }

/* Tile: t = {x, y}; p = {rank, in_dims[rank], repeats[rank]} (rank >= 1;
   y's dims are in_dims[d] * repeats[d]). Each input row (last axis) is
   written repeats[rank-1] times; then every other axis d, innermost first,
   copies the block it just built repeats[d] - 1 more times. */
#define RT_TILE(name, T)                                                           \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        T *y = (T *)t[1];                                                          \
        int rank = (int)p[0];                                                      \
        const int64_t *in = p + 1, *rep = p + 1 + rank;                            \
        int64_t idx[RT_MAX_RANK] = {0}, row = in[rank - 1], rows = 1;              \
        int64_t block[RT_MAX_RANK + 1], o = 0;                                     \
        RT_UNUSED(f);                                                              \
        /* block[d]: elements of y spanned by one index of axis d - 1. */          \
        block[rank] = 1;                                                           \
        for (int d = rank - 1; d >= 0; d--) block[d] = block[d + 1] * in[d] * rep[d]; \
        for (int d = 0; d < rank - 1; d++) rows *= in[d];                          \
        if (block[0] == 0) return;                                                 \
        for (int64_t i = 0; i < rows; i++) {                                       \
            const T *src = x + i * row;                                            \
            for (int64_t r = 0; r < rep[rank - 1]; r++, o += row)                  \
                memcpy(y + o, src, (size_t)row * sizeof(T));                       \
            /* Close the blocks this row completes, innermost first. */            \
            for (int d = rank - 2; d >= 0; d--) {                                  \
                if (++idx[d] < in[d]) break;                                       \
                idx[d] = 0;                                                        \
                {                                                                  \
                    int64_t span = block[d + 1] * in[d];                           \
                    for (int64_t r = 1; r < rep[d]; r++, o += span)                \
                        memcpy(y + o, y + o - r * span, (size_t)span * sizeof(T)); \
                }                                                                  \
            }                                                                      \
        }                                                                          \
    }
//@end

//@kernel rt_fill_x8 needs rt_shape_macros
RT_FILL(rt_fill_x8, uint8_t)
//@end
//@kernel rt_fill_x16 needs rt_shape_macros
RT_FILL(rt_fill_x16, uint16_t)
//@end
//@kernel rt_fill_x32 needs rt_shape_macros
RT_FILL(rt_fill_x32, uint32_t)
//@end
//@kernel rt_fill_x64 needs rt_shape_macros
RT_FILL(rt_fill_x64, uint64_t)
//@end

//@kernel rt_expand_x8 needs rt_shape_macros
RT_EXPAND(rt_expand_x8, uint8_t)
//@end
//@kernel rt_expand_x16 needs rt_shape_macros
RT_EXPAND(rt_expand_x16, uint16_t)
//@end
//@kernel rt_expand_x32 needs rt_shape_macros
RT_EXPAND(rt_expand_x32, uint32_t)
//@end
//@kernel rt_expand_x64 needs rt_shape_macros
RT_EXPAND(rt_expand_x64, uint64_t)
//@end

//@kernel rt_tile_x8 needs rt_shape_macros
RT_TILE(rt_tile_x8, uint8_t)
//@end
//@kernel rt_tile_x16 needs rt_shape_macros
RT_TILE(rt_tile_x16, uint16_t)
//@end
//@kernel rt_tile_x32 needs rt_shape_macros
RT_TILE(rt_tile_x32, uint32_t)
//@end
//@kernel rt_tile_x64 needs rt_shape_macros
RT_TILE(rt_tile_x64, uint64_t)
//@end

/* Range: t = {start, limit, delta, y} (scalars of y's type); p = {count}.
   y[i] = start + i * delta, as the ONNX spec writes it. Integers wrap in
   unsigned arithmetic (no overflow UB; in range results are exact); half
   types compute in float. limit only decided count, at compile time. */
//@kernel rt_range_f32
RT_KERNEL(rt_range_f32)
{
    float s = *(const float *)t[0], d = *(const float *)t[2];
    float *y = (float *)t[3];
    RT_UNUSED(f);
    for (int64_t i = 0; i < p[0]; i++) y[i] = s + (float)i * d;
}
//@end
//@kernel rt_range_f64
RT_KERNEL(rt_range_f64)
{
    double s = *(const double *)t[0], d = *(const double *)t[2];
    double *y = (double *)t[3];
    RT_UNUSED(f);
    for (int64_t i = 0; i < p[0]; i++) y[i] = s + (double)i * d;
}
//@end
//@kernel rt_range_f16 needs rt_half
RT_KERNEL(rt_range_f16)
{
    float s = rt_f16_to_f32(*(const uint16_t *)t[0]), d = rt_f16_to_f32(*(const uint16_t *)t[2]);
    uint16_t *y = (uint16_t *)t[3];
    RT_UNUSED(f);
    for (int64_t i = 0; i < p[0]; i++) y[i] = rt_f32_to_f16(s + (float)i * d);
}
//@end
//@kernel rt_range_bf16 needs rt_half
RT_KERNEL(rt_range_bf16)
{
    float s = rt_bf16_to_f32(*(const uint16_t *)t[0]), d = rt_bf16_to_f32(*(const uint16_t *)t[2]);
    uint16_t *y = (uint16_t *)t[3];
    RT_UNUSED(f);
    for (int64_t i = 0; i < p[0]; i++) y[i] = rt_f32_to_bf16(s + (float)i * d);
}
//@end
//@kernel rt_range_i16
RT_KERNEL(rt_range_i16)
{
    uint64_t s = (uint64_t)(int64_t)(*(const int16_t *)t[0]), d = (uint64_t)(int64_t)(*(const int16_t *)t[2]);
    int16_t *y = (int16_t *)t[3];
    RT_UNUSED(f);
    for (int64_t i = 0; i < p[0]; i++) y[i] = (int16_t)(s + (uint64_t)i * d);
}
//@end
//@kernel rt_range_i32
RT_KERNEL(rt_range_i32)
{
    uint64_t s = (uint64_t)(int64_t)(*(const int32_t *)t[0]), d = (uint64_t)(int64_t)(*(const int32_t *)t[2]);
    int32_t *y = (int32_t *)t[3];
    RT_UNUSED(f);
    for (int64_t i = 0; i < p[0]; i++) y[i] = (int32_t)(s + (uint64_t)i * d);
}
//@end
//@kernel rt_range_i64
RT_KERNEL(rt_range_i64)
{
    uint64_t s = (uint64_t)(*(const int64_t *)t[0]), d = (uint64_t)(*(const int64_t *)t[2]);
    int64_t *y = (int64_t *)t[3];
    RT_UNUSED(f);
    for (int64_t i = 0; i < p[0]; i++) y[i] = (int64_t)(s + (uint64_t)i * d);
}
//@end
