/* Training-mode Dropout, reproducing the ONNX reference (numpy's legacy RNG):
       np.random.seed(seed)
       mask = np.random.uniform(0, 1.0, X.shape) >= ratio
       Y = (mask * X * (1.0 / (1.0 - ratio))).astype(X.dtype)
   Lowering is in ops/shape.c. The generator is MT19937 seeded as numpy's
   RandomState.seed(int) does (init_genrand with the 32-bit seed); each
   uniform(0, 1) draw is numpy's legacy random_sample double built from two
   32-bit outputs: ((a >> 5) * 2^26 + (b >> 6)) / 2^53. Elements are drawn in
   row-major order. The seed is fixed at compile time, so the generated code
   gives the same mask on every run. Parameters: runtime/dropout.h. */
#include "dropout.h"

//@section rt_mt19937
/* MT19937 (Matsumoto & Nishimura), state on the caller's stack. */
#define RT_MT_N 624
#define RT_MT_M 397

typedef struct rt_mt19937 {
    uint32_t s[RT_MT_N];
    int i;
} rt_mt19937;

RT_HELPER void rt_mt_seed(rt_mt19937 *mt, uint32_t seed)
{
    mt->s[0] = seed;
    for (uint32_t k = 1; k < RT_MT_N; k++) {
        uint32_t prev = mt->s[k - 1];
        mt->s[k] = (uint32_t)(UINT32_C(1812433253) * (prev ^ (prev >> 30)) + k);
    }
    mt->i = RT_MT_N;
}

RT_HELPER uint32_t rt_mt_next(rt_mt19937 *mt)
{
    if (mt->i >= RT_MT_N) {
        for (int k = 0; k < RT_MT_N; k++) {
            uint32_t y = (mt->s[k] & UINT32_C(0x80000000)) | (mt->s[(k + 1) % RT_MT_N] & UINT32_C(0x7fffffff));
            mt->s[k] = mt->s[(k + RT_MT_M) % RT_MT_N] ^ (y >> 1) ^ ((y & 1u) ? UINT32_C(0x9908b0df) : 0u);
        }
        mt->i = 0;
    }
    uint32_t y = mt->s[mt->i++];
    y ^= y >> 11;
    y ^= (y << 7) & UINT32_C(0x9d2c5680);
    y ^= (y << 15) & UINT32_C(0xefc60000);
    y ^= y >> 18;
    return y;
}

/* numpy's legacy random_sample: a double in [0, 1) with 53 random bits. */
RT_HELPER double rt_mt_double(rt_mt19937 *mt)
{
    uint32_t a = rt_mt_next(mt) >> 5, b = rt_mt_next(mt) >> 6;
    return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
}
//@end

//@section rt_dropout needs rt_mt19937 rt_half
/* output and mask may each be NULL (absent). An element is kept when its
   draw u >= ratio (compared in double, as numpy compares the float64 draws
   with the ratio); output = keep * input * scale computed in double and
   rounded once to the element type (half types through float, their
   compute type TC), so a dropped -x gives -0 and a dropped inf or NaN gives
   NaN, as in numpy. The mask is bool, one byte per element. */
#define RT_ID(x) (x) /* as in rt_elementwise_macros: an identical redefinition is valid C */
#define RT_DROPOUT(name, T, TC, LOAD, STORE)                                                          \
    static void name(const rt_dropout_params *p, const T *input, T *output, uint8_t *mask)            \
    {                                                                                                 \
        int64_t count = p->count;                                                                     \
        double ratio = p->ratio, scale = p->scale;                                                    \
        rt_mt19937 mt;                                                                                \
        rt_mt_seed(&mt, (uint32_t)p->seed);                                                           \
        for (int64_t i = 0; i < count; i++) {                                                         \
            int keep = rt_mt_double(&mt) >= ratio;                                                    \
            if (mask) mask[i] = (uint8_t)keep;                                                        \
            if (output) output[i] = STORE((TC)((keep ? 1.0 : 0.0) * (double)LOAD(input[i]) * scale)); \
        }                                                                                             \
    }
//@end

/* instances: f32 f64 f16 bf16
   @kernel rt_dropout_$s(rt_dropout_params, input, output, mask) needs rt_dropout
   RT_DROPOUT(rt_dropout_$s, $t, $c, $load, $store)
*/
//@kernel rt_dropout_f32(rt_dropout_params, input, output, mask) needs rt_dropout
RT_DROPOUT(rt_dropout_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_dropout_f64(rt_dropout_params, input, output, mask) needs rt_dropout
RT_DROPOUT(rt_dropout_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_dropout_f16(rt_dropout_params, input, output, mask) needs rt_dropout
RT_DROPOUT(rt_dropout_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_dropout_bf16(rt_dropout_params, input, output, mask) needs rt_dropout
RT_DROPOUT(rt_dropout_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */
