/* The runtime's common prelude: helpers every kernel may use. The C backend
   copies the `rt_prelude` section to the top of every generated file, so it
   must be plain C99.

   Calling convention: every kernel is
       static void rt_NAME(const rt_FAMILY_params *p, T1 *tensor1, T2 *tensor2, ...)
   p: the family's parameter struct (runtime/FAMILY.h, a //@params section),
   filled by the kernel's lowering in ops/ field by field; then the tensors,
   inputs (const) before outputs, and scratch memory (void *) last when the
   lowering asks for it. The //@kernel marker names the struct and the
   tensors: rt_NAME(rt_FAMILY_params, tensor1, tensor2, ...). */
#ifndef DLC_RT_H
#define DLC_RT_H
//@section rt_prelude
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RT_MAX_RANK 8
/* The identity conversion: tools/gen_instances.py's $load and $store for types computed as stored. */
#define RT_ID(x) (x)
/* Helpers in sections: a model may pull in a section without calling every
   helper in it, which clang reports under -Wunused-function. */
#if defined(__GNUC__)
#define RT_HELPER static inline __attribute__((unused))
#else
#define RT_HELPER static inline
#endif
//@end

//@section rt_half
/* float16 and bfloat16 <-> float, bit-exact round-to-nearest-even. */
RT_HELPER float rt_f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1fu, man = h & 0x3ffu, bits;
    if (exp == 0x1f) bits = sign | 0x7f800000u | (man << 13);
    else if (exp != 0) bits = sign | ((exp + 112u) << 23) | (man << 13);
    else if (man == 0) bits = sign;
    else {
        int e = -1;
        do { man <<= 1; e++; } while (!(man & 0x400u));
        bits = sign | ((uint32_t)(112 - e) << 23) | ((man & 0x3ffu) << 13);
    }
    float out;
    memcpy(&out, &bits, 4);
    return out;
}

RT_HELPER uint16_t rt_f32_to_f16(float x)
{
    uint32_t b;
    memcpy(&b, &x, 4);
    uint32_t sign = (b >> 16) & 0x8000u;
    int32_t exp = (int32_t)((b >> 23) & 0xffu);
    uint32_t man = b & 0x7fffffu;
    if (exp == 0xff) return (uint16_t)(sign | 0x7c00u | (man ? 0x200u | (man >> 13) : 0));
    int32_t e = exp - 127 + 15;
    if (e >= 0x1f) return (uint16_t)(sign | 0x7c00u);
    if (e <= 0) {
        if (e < -10) return (uint16_t)sign;
        man |= 0x800000u;
        uint32_t shift = (uint32_t)(14 - e);
        uint32_t half = man >> shift, rem = man & ((1u << shift) - 1), mid = 1u << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1u))) half++;
        return (uint16_t)(sign | half);
    }
    uint32_t half = sign | ((uint32_t)e << 10) | (man >> 13), rem = man & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (half & 1u))) half++;
    return (uint16_t)half;
}

RT_HELPER float rt_bf16_to_f32(uint16_t h)
{
    uint32_t bits = (uint32_t)h << 16;
    float out;
    memcpy(&out, &bits, 4);
    return out;
}

RT_HELPER uint16_t rt_f32_to_bf16(float x)
{
    uint32_t b;
    memcpy(&b, &x, 4);
    if ((b & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((b >> 16) | 0x40u);
    b += 0x7fffu + ((b >> 16) & 1u);
    return (uint16_t)(b >> 16);
}
//@end

//@section rt_activation_ids
/* The activation a fused epilogue applies to each output (Conv, Gemm and
   MatMul kernels, after the bias and the residual; passes/pass_fuse_epilogue.c
   chooses it, runtime/epilogue.h computes it). alpha and beta: Clip's min and
   max, LeakyRelu's alpha, HardSigmoid's alpha and beta. */
enum rt_activation {
    RT_ACT_NONE, RT_ACT_RELU, RT_ACT_CLIP, RT_ACT_LEAKY_RELU, RT_ACT_SIGMOID, RT_ACT_HARD_SIGMOID,
    RT_ACT_HARD_SWISH, RT_ACT_SILU, RT_ACT_TANH, RT_ACT_GELU, RT_ACT_GELU_TANH
};
//@end

#endif
