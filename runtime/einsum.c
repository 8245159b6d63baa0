/* Einsum: one generic contraction kernel. Lowering (ops/einsum.c) parses
   the equation and turns it into an index plan: the output labels (with
   their sizes) that y is dense over, the summed labels (rt_einsum_params,
   runtime/einsum.h), and for every input its stride along each label
   (repeated labels add their strides, which walks diagonals; broadcast
   dimensions get stride 0): the constant tensor strides, [inputs][out_rank +
   sum_rank].

   y[o] = sum over the summed labels of prod over inputs of in_i[offset_i].
   Floats accumulate in double, integers in 64 bits (wrapping).
   rt_einsum_* take up to three inputs a, b, c (the absent ones NULL),
   rt_einsum_many_* up to RT_EINSUM_MAX_INPUTS. */
#include "einsum.h"

//@section rt_einsum_macros needs rt_half rt_einsum_params
/* Per type: the accumulator, and the conversions to it and back. */
#define RT_EIN_LD(x) ((double)(x))
#define RT_EIN_LD_S(x) ((uint64_t)(int64_t)(x))
#define RT_EIN_LD_U(x) ((uint64_t)(x))
#define RT_EIN_ACC_f32 double
#define RT_EIN_ACC_f64 double
#define RT_EIN_ACC_f16 double
#define RT_EIN_ACC_bf16 double
#define RT_EIN_ACC_i8 uint64_t
#define RT_EIN_ACC_u8 uint64_t
#define RT_EIN_ACC_i16 uint64_t
#define RT_EIN_ACC_u16 uint64_t
#define RT_EIN_ACC_i32 uint64_t
#define RT_EIN_ACC_u32 uint64_t
#define RT_EIN_ACC_i64 uint64_t
#define RT_EIN_ACC_u64 uint64_t
#define RT_EIN_LOAD_f32 RT_EIN_LD
#define RT_EIN_LOAD_f64 RT_EIN_LD
#define RT_EIN_LOAD_f16(x) ((double)rt_f16_to_f32(x))
#define RT_EIN_LOAD_bf16(x) ((double)rt_bf16_to_f32(x))
#define RT_EIN_LOAD_i8 RT_EIN_LD_S
#define RT_EIN_LOAD_u8 RT_EIN_LD_U
#define RT_EIN_LOAD_i16 RT_EIN_LD_S
#define RT_EIN_LOAD_u16 RT_EIN_LD_U
#define RT_EIN_LOAD_i32 RT_EIN_LD_S
#define RT_EIN_LOAD_u32 RT_EIN_LD_U
#define RT_EIN_LOAD_i64 RT_EIN_LD_S
#define RT_EIN_LOAD_u64 RT_EIN_LD_U
#define RT_EIN_STORE_f32 (float)
#define RT_EIN_STORE_f64 (double)
#define RT_EIN_STORE_f16(x) rt_f32_to_f16((float)(x))
#define RT_EIN_STORE_bf16(x) rt_f32_to_bf16((float)(x))
#define RT_EIN_STORE_i8 (int8_t)(int64_t)
#define RT_EIN_STORE_u8 (uint8_t)
#define RT_EIN_STORE_i16 (int16_t)(int64_t)
#define RT_EIN_STORE_u16 (uint16_t)
#define RT_EIN_STORE_i32 (int32_t)(int64_t)
#define RT_EIN_STORE_u32 (uint32_t)
#define RT_EIN_STORE_i64 (int64_t)(int64_t)
#define RT_EIN_STORE_u64 (uint64_t)

/* Advances a multi-index over dims (rank r), keeping every input's offset
   off[i] = sum idx * strides_i (strides_i at st + i * stride_step). */
RT_HELPER void rt_einsum_next(int r, const int64_t *dims, int64_t *idx, int m, const int64_t *st,
                              int64_t stride_step, int64_t *off)
{
    for (int d = r - 1; d >= 0; d--) {
        for (int i = 0; i < m; i++) off[i] += st[i * stride_step + d];
        if (++idx[d] < dims[d]) return;
        for (int i = 0; i < m; i++) off[i] -= st[i * stride_step + d] * dims[d];
        idx[d] = 0;
    }
}

/* The contraction of the inputs in[0 .. p->inputs) into y, accumulating in A. */
#define RT_EINSUM_BODY(T, A, LOAD, STORE)                                                              \
    int m = (int)p->inputs, no = (int)p->out_rank, ns = (int)p->sum_rank;                              \
    const int64_t *od = p->out_dims, *sd = p->sum_dims, *st = strides;                                 \
    int64_t step = no + ns, ocount = 1, scount = 1;                                                    \
    int64_t oi[RT_MAX_RANK] = {0}, si[RT_EINSUM_MAX_SUMMED] = {0};                                     \
    int64_t ob[RT_EINSUM_MAX_INPUTS] = {0}, so[RT_EINSUM_MAX_INPUTS] = {0};                            \
    for (int d = 0; d < no; d++) ocount *= od[d];                                                      \
    for (int d = 0; d < ns; d++) scount *= sd[d];                                                      \
    for (int64_t o = 0; o < ocount; o++) {                                                             \
        A acc = 0;                                                                                     \
        for (int64_t s = 0; s < scount; s++) {                                                         \
            A prod = 1;                                                                                \
            for (int i = 0; i < m; i++) prod = prod * LOAD(in[i][ob[i] + so[i]]);                      \
            acc = acc + prod;                                                                          \
            rt_einsum_next(ns, sd, si, m, st + no, step, so);                                          \
        }                                                                                              \
        y[o] = STORE(acc);                                                                             \
        rt_einsum_next(no, od, oi, m, st, step, ob);                                                   \
    }

/* The kernels NAME for element type T (suffix SFX). */
#define RT_EINSUM_KERNEL(NAME, T, SFX)                                                                 \
    static void NAME(const rt_einsum_params *p, const int64_t *strides, const T *a, const T *b,        \
                     const T *c, T *y)                                                                 \
    {                                                                                                  \
        const T *in[3] = {a, b, c};                                                                    \
        RT_EINSUM_BODY(T, RT_EIN_ACC_##SFX, RT_EIN_LOAD_##SFX, RT_EIN_STORE_##SFX)                     \
    }
#define RT_EINSUM_MANY_KERNEL(NAME, T, SFX)                                                            \
    static void NAME(const rt_einsum_params *p, const int64_t *strides, const T *in0, const T *in1,    \
                     const T *in2, const T *in3, const T *in4, const T *in5, const T *in6,             \
                     const T *in7, const T *in8, const T *in9, const T *in10, const T *in11,           \
                     const T *in12, const T *in13, const T *in14, const T *in15, T *y)                 \
    {                                                                                                  \
        const T *in[RT_EINSUM_MAX_INPUTS] = {in0, in1, in2, in3, in4, in5, in6, in7,                   \
                                             in8, in9, in10, in11, in12, in13, in14, in15};            \
        RT_EINSUM_BODY(T, RT_EIN_ACC_##SFX, RT_EIN_LOAD_##SFX, RT_EIN_STORE_##SFX)                     \
    }
//@end

/* instances: f32 f64 f16 bf16 i8 u8 i16 u16 i32 u32 i64 u64
   @kernel rt_einsum_$s(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
   RT_EINSUM_KERNEL(rt_einsum_$s, $t, $s)
*/
//@kernel rt_einsum_f32(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_f32, float, f32)
//@end
//@kernel rt_einsum_f64(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_f64, double, f64)
//@end
//@kernel rt_einsum_f16(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_f16, uint16_t, f16)
//@end
//@kernel rt_einsum_bf16(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_bf16, uint16_t, bf16)
//@end
//@kernel rt_einsum_i8(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_i8, int8_t, i8)
//@end
//@kernel rt_einsum_u8(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_u8, uint8_t, u8)
//@end
//@kernel rt_einsum_i16(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_i16, int16_t, i16)
//@end
//@kernel rt_einsum_u16(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_u16, uint16_t, u16)
//@end
//@kernel rt_einsum_i32(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_i32, int32_t, i32)
//@end
//@kernel rt_einsum_u32(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_u32, uint32_t, u32)
//@end
//@kernel rt_einsum_i64(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_i64, int64_t, i64)
//@end
//@kernel rt_einsum_u64(rt_einsum_params, strides, a, b, c, y) needs rt_einsum_macros
RT_EINSUM_KERNEL(rt_einsum_u64, uint64_t, u64)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16 i8 u8 i16 u16 i32 u32 i64 u64
   @kernel rt_einsum_many_$s(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
   RT_EINSUM_MANY_KERNEL(rt_einsum_many_$s, $t, $s)
*/
//@kernel rt_einsum_many_f32(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_f32, float, f32)
//@end
//@kernel rt_einsum_many_f64(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_f64, double, f64)
//@end
//@kernel rt_einsum_many_f16(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_f16, uint16_t, f16)
//@end
//@kernel rt_einsum_many_bf16(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_bf16, uint16_t, bf16)
//@end
//@kernel rt_einsum_many_i8(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_i8, int8_t, i8)
//@end
//@kernel rt_einsum_many_u8(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_u8, uint8_t, u8)
//@end
//@kernel rt_einsum_many_i16(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_i16, int16_t, i16)
//@end
//@kernel rt_einsum_many_u16(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_u16, uint16_t, u16)
//@end
//@kernel rt_einsum_many_i32(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_i32, int32_t, i32)
//@end
//@kernel rt_einsum_many_u32(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_u32, uint32_t, u32)
//@end
//@kernel rt_einsum_many_i64(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_i64, int64_t, i64)
//@end
//@kernel rt_einsum_many_u64(rt_einsum_params, strides, in0, in1, in2, in3, in4, in5, in6, in7, in8, in9, in10, in11, in12, in13, in14, in15, y) needs rt_einsum_macros
RT_EINSUM_MANY_KERNEL(rt_einsum_many_u64, uint64_t, u64)
//@end
/* end of instances */
