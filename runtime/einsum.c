/* Einsum: one generic contraction kernel. Lowering (ops/einsum.c) parses
   the equation and turns it into an index plan: the output labels (with
   their sizes) that y is dense over, the summed labels, and for every input
   its stride along each label (repeated labels add their strides, which
   walks diagonals; broadcast dimensions get stride 0).

   y[o] = sum over the summed labels of prod over inputs of in_i[offset_i].
   Floats accumulate in double, integers in 64 bits (wrapping).
   t = {in_0, ..., in_{m-1}, y};
   p = {m, no, ns, out_dims[no], sum_dims[ns],
        then for each input: out_strides[no], sum_strides[ns]}
   with m <= 16 and no, ns <= 64. */
#include "rt.h"

//@section rt_einsum_macros needs rt_half
#define RT_EIN_LD(x) ((double)(x))
#define RT_EIN_F16(x) ((double)rt_f16_to_f32(x))
#define RT_EIN_BF16(x) ((double)rt_bf16_to_f32(x))
#define RT_EIN_ST_F16(x) rt_f32_to_f16((float)(x))
#define RT_EIN_ST_BF16(x) rt_f32_to_bf16((float)(x))
#define RT_EIN_LD_S(x) ((uint64_t)(int64_t)(x))
#define RT_EIN_LD_U(x) ((uint64_t)(x))

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

#define RT_EINSUM(name, T, A, LOAD, STORE)                                          \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        int m = (int)p[0], no = (int)p[1], ns = (int)p[2];                         \
        const int64_t *od = p + 3, *sd = od + no, *st = sd + ns;                   \
        int64_t step = no + ns, ocount = 1, scount = 1;                            \
        int64_t oi[64] = {0}, si[64] = {0}, ob[16] = {0}, so[16] = {0};            \
        T *y = (T *)t[m];                                                          \
        RT_UNUSED(f);                                                              \
        for (int d = 0; d < no; d++) ocount *= od[d];                              \
        for (int d = 0; d < ns; d++) scount *= sd[d];                              \
        for (int64_t o = 0; o < ocount; o++) {                                     \
            A acc = 0;                                                             \
            for (int64_t s = 0; s < scount; s++) {                                 \
                A prod = 1;                                                        \
                for (int i = 0; i < m; i++)                                        \
                    prod = prod * LOAD(((const T *)t[i])[ob[i] + so[i]]);          \
                acc = acc + prod;                                                  \
                rt_einsum_next(ns, sd, si, m, st + no, step, so);                  \
            }                                                                      \
            y[o] = STORE(acc);                                                     \
            rt_einsum_next(no, od, oi, m, st, step, ob);                           \
        }                                                                          \
    }
//@end

//@kernel rt_einsum_f32 needs rt_einsum_macros
RT_EINSUM(rt_einsum_f32, float, double, RT_EIN_LD, (float))
//@end
//@kernel rt_einsum_f64 needs rt_einsum_macros
RT_EINSUM(rt_einsum_f64, double, double, RT_EIN_LD, (double))
//@end
//@kernel rt_einsum_f16 needs rt_einsum_macros
RT_EINSUM(rt_einsum_f16, uint16_t, double, RT_EIN_F16, RT_EIN_ST_F16)
//@end
//@kernel rt_einsum_bf16 needs rt_einsum_macros
RT_EINSUM(rt_einsum_bf16, uint16_t, double, RT_EIN_BF16, RT_EIN_ST_BF16)
//@end
//@kernel rt_einsum_i8 needs rt_einsum_macros
RT_EINSUM(rt_einsum_i8, int8_t, uint64_t, RT_EIN_LD_S, (int8_t)(int64_t))
//@end
//@kernel rt_einsum_u8 needs rt_einsum_macros
RT_EINSUM(rt_einsum_u8, uint8_t, uint64_t, RT_EIN_LD_U, (uint8_t))
//@end
//@kernel rt_einsum_i16 needs rt_einsum_macros
RT_EINSUM(rt_einsum_i16, int16_t, uint64_t, RT_EIN_LD_S, (int16_t)(int64_t))
//@end
//@kernel rt_einsum_u16 needs rt_einsum_macros
RT_EINSUM(rt_einsum_u16, uint16_t, uint64_t, RT_EIN_LD_U, (uint16_t))
//@end
//@kernel rt_einsum_i32 needs rt_einsum_macros
RT_EINSUM(rt_einsum_i32, int32_t, uint64_t, RT_EIN_LD_S, (int32_t)(int64_t))
//@end
//@kernel rt_einsum_u32 needs rt_einsum_macros
RT_EINSUM(rt_einsum_u32, uint32_t, uint64_t, RT_EIN_LD_U, (uint32_t))
//@end
//@kernel rt_einsum_i64 needs rt_einsum_macros
RT_EINSUM(rt_einsum_i64, int64_t, uint64_t, RT_EIN_LD_S, (int64_t)(int64_t))
//@end
//@kernel rt_einsum_u64 needs rt_einsum_macros
RT_EINSUM(rt_einsum_u64, uint64_t, uint64_t, RT_EIN_LD_U, (uint64_t))
//@end
