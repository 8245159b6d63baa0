/* Kernels of the shape family (ops/shape.c): filling (ConstantOfShape,
   Dropout's mask), Range, Expand and Tile. Expand, Tile and fill only move
   elements, so they exist per element size (x8 x16 x32 x64) and take
   untyped tensors. Parameter structs: runtime/shape.h. */
#include "shape.h"

//@section rt_shape_macros
/* Fill: every element of output is *value. */
#define RT_FILL(name, T)                                                       \
    static void name(const rt_fill_params *p, const void *value, void *output) \
    {                                                                          \
        T v = *(const T *)value;                                               \
        T *y = (T *)output;                                                    \
        int64_t count = p->count;                                              \
        for (int64_t i = 0; i < count; i++) y[i] = v;                          \
    }

/* Expand: output = input broadcast (see rt_expand_params). */
#define RT_EXPAND(name, T)                                                       \
    static void name(const rt_expand_params *p, const void *input, void *output) \
    {                                                                            \
        const T *x = (const T *)input;                                           \
        T *y = (T *)output;                                                      \
        int rank = (int)p->rank;                                                 \
        const int64_t *dims = p->dims, *sx = p->input_strides;                   \
        int64_t idx[RT_MAX_RANK] = {0}, outer = 1, inner, ix = 0, o = 0;         \
        if (rank == 0) {                                                         \
            y[0] = x[0];                                                         \
            return;                                                              \
        }                                                                        \
        for (int d = 0; d < rank - 1; d++) outer *= dims[d];                     \
        inner = dims[rank - 1];                                                  \
        for (int64_t i = 0; i < outer; i++) {                                    \
            int64_t s = sx[rank - 1];                                            \
            for (int64_t j = 0; j < inner; j++) y[o + j] = x[ix + j * s];        \
            o += inner;                                                          \
            for (int d = rank - 2; d >= 0; d--) {                                \
                ix += sx[d];                                                     \
                if (++idx[d] < dims[d]) break;                                   \
                ix -= sx[d] * dims[d];                                           \
                idx[d] = 0;                                                      \
            }                                                                    \
        }                                                                        \
    }

/* Tile (see rt_tile_params). Each input row (last axis) is written
   repeats[rank-1] times; then every other axis d, innermost first, copies
   the block it just built repeats[d] - 1 more times. */
#define RT_TILE(name, T)                                                              \
    static void name(const rt_tile_params *p, const void *input, void *output)        \
    {                                                                                 \
        const T *x = (const T *)input;                                                \
        T *y = (T *)output;                                                           \
        int rank = (int)p->rank;                                                      \
        const int64_t *in = p->input_dims, *rep = p->repeats;                         \
        int64_t idx[RT_MAX_RANK] = {0}, row = in[rank - 1], rows = 1;                 \
        int64_t block[RT_MAX_RANK + 1], o = 0;                                        \
        /* block[d]: elements of y spanned by one index of axis d - 1. */             \
        block[rank] = 1;                                                              \
        for (int d = rank - 1; d >= 0; d--) block[d] = block[d + 1] * in[d] * rep[d]; \
        for (int d = 0; d < rank - 1; d++) rows *= in[d];                             \
        if (block[0] == 0) return;                                                    \
        for (int64_t i = 0; i < rows; i++) {                                          \
            const T *src = x + i * row;                                               \
            for (int64_t r = 0; r < rep[rank - 1]; r++, o += row)                     \
                memcpy(y + o, src, (size_t)row * sizeof(T));                          \
            /* Close the blocks this row completes, innermost first. */               \
            for (int d = rank - 2; d >= 0; d--) {                                     \
                if (++idx[d] < in[d]) break;                                          \
                idx[d] = 0;                                                           \
                {                                                                     \
                    int64_t span = block[d + 1] * in[d];                              \
                    for (int64_t r = 1; r < rep[d]; r++, o += span)                   \
                        memcpy(y + o, y + o - r * span, (size_t)span * sizeof(T));    \
                }                                                                     \
            }                                                                         \
        }                                                                             \
    }
//@end

/* instances: x8 x16 x32 x64
   @kernel rt_fill_$s(rt_fill_params, value, output) needs rt_shape_macros
   RT_FILL(rt_fill_$s, $t)
*/
//@kernel rt_fill_x8(rt_fill_params, value, output) needs rt_shape_macros
RT_FILL(rt_fill_x8, uint8_t)
//@end
//@kernel rt_fill_x16(rt_fill_params, value, output) needs rt_shape_macros
RT_FILL(rt_fill_x16, uint16_t)
//@end
//@kernel rt_fill_x32(rt_fill_params, value, output) needs rt_shape_macros
RT_FILL(rt_fill_x32, uint32_t)
//@end
//@kernel rt_fill_x64(rt_fill_params, value, output) needs rt_shape_macros
RT_FILL(rt_fill_x64, uint64_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_expand_$s(rt_expand_params, input, output) needs rt_shape_macros
   RT_EXPAND(rt_expand_$s, $t)
*/
//@kernel rt_expand_x8(rt_expand_params, input, output) needs rt_shape_macros
RT_EXPAND(rt_expand_x8, uint8_t)
//@end
//@kernel rt_expand_x16(rt_expand_params, input, output) needs rt_shape_macros
RT_EXPAND(rt_expand_x16, uint16_t)
//@end
//@kernel rt_expand_x32(rt_expand_params, input, output) needs rt_shape_macros
RT_EXPAND(rt_expand_x32, uint32_t)
//@end
//@kernel rt_expand_x64(rt_expand_params, input, output) needs rt_shape_macros
RT_EXPAND(rt_expand_x64, uint64_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_tile_$s(rt_tile_params, input, output) needs rt_shape_macros
   RT_TILE(rt_tile_$s, $t)
*/
//@kernel rt_tile_x8(rt_tile_params, input, output) needs rt_shape_macros
RT_TILE(rt_tile_x8, uint8_t)
//@end
//@kernel rt_tile_x16(rt_tile_params, input, output) needs rt_shape_macros
RT_TILE(rt_tile_x16, uint16_t)
//@end
//@kernel rt_tile_x32(rt_tile_params, input, output) needs rt_shape_macros
RT_TILE(rt_tile_x32, uint32_t)
//@end
//@kernel rt_tile_x64(rt_tile_params, input, output) needs rt_shape_macros
RT_TILE(rt_tile_x64, uint64_t)
//@end
/* end of instances */

//@section rt_range_macros needs rt_half
/* Range: output[i] = start + i * delta, as the ONNX spec writes it (limit
   only decided count, at compile time). Half types compute in float;
   integers wrap in unsigned arithmetic (no overflow UB; in range results
   are exact). */
#define RT_ID(x) (x) /* as in rt_elementwise_macros: an identical redefinition is valid C */
#define RT_RANGE_FLOAT(name, T, TC, LOAD, STORE)                                          \
    static void name(const rt_range_params *p, const T *start, const T *delta, T *output) \
    {                                                                                     \
        TC s = LOAD(*start), d = LOAD(*delta);                                            \
        int64_t count = p->count;                                                         \
        for (int64_t i = 0; i < count; i++) output[i] = STORE(s + (TC)i * d);             \
    }
#define RT_RANGE_INT(name, T)                                                             \
    static void name(const rt_range_params *p, const T *start, const T *delta, T *output) \
    {                                                                                     \
        uint64_t s = (uint64_t)(int64_t)*start, d = (uint64_t)(int64_t)*delta;            \
        int64_t count = p->count; /* read once: an int64 output may alias p */            \
        for (int64_t i = 0; i < count; i++) output[i] = (T)(s + (uint64_t)i * d);         \
    }
//@end

/* instances: f32 f64 f16 bf16
   @kernel rt_range_$s(rt_range_params, start, delta, output) needs rt_range_macros
   RT_RANGE_FLOAT(rt_range_$s, $t, $c, $load, $store)
*/
//@kernel rt_range_f32(rt_range_params, start, delta, output) needs rt_range_macros
RT_RANGE_FLOAT(rt_range_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_range_f64(rt_range_params, start, delta, output) needs rt_range_macros
RT_RANGE_FLOAT(rt_range_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_range_f16(rt_range_params, start, delta, output) needs rt_range_macros
RT_RANGE_FLOAT(rt_range_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_range_bf16(rt_range_params, start, delta, output) needs rt_range_macros
RT_RANGE_FLOAT(rt_range_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */

/* instances: i16 i32 i64
   @kernel rt_range_$s(rt_range_params, start, delta, output) needs rt_range_macros
   RT_RANGE_INT(rt_range_$s, $t)
*/
//@kernel rt_range_i16(rt_range_params, start, delta, output) needs rt_range_macros
RT_RANGE_INT(rt_range_i16, int16_t)
//@end
//@kernel rt_range_i32(rt_range_params, start, delta, output) needs rt_range_macros
RT_RANGE_INT(rt_range_i32, int32_t)
//@end
//@kernel rt_range_i64(rt_range_params, start, delta, output) needs rt_range_macros
RT_RANGE_INT(rt_range_i64, int64_t)
//@end
/* end of instances */
