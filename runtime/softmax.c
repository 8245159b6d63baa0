/* Softmax, LogSoftmax and Hardmax along one (possibly flattened) axis.

   t = {x, y}        x, y: outer x n x inner, row major
   p = {outer, n, inner}
   f = {}
   Each of the outer * inner rows of n elements (stride inner) is normalised
   on its own. Before opset 13 the lowering flattens the trailing dimensions
   into n (inner = 1); from opset 13 n is the axis and inner what follows it.
   Softmax subtracts the row maximum before exp and sums in double; a row
   whose maximum is infinite or NaN gives NaN like the reference formula.
   Hardmax writes 1 at the first maximum of the row, 0 elsewhere. Half types
   compute in float. */
#include "rt.h"

//@section rt_softmax_common needs rt_half
#define RT_SOFTMAX_ID(x) (x)
#define RT_SOFTMAX_F16_STORE(v) rt_f32_to_f16((float)(v))
#define RT_SOFTMAX_BF16_STORE(v) rt_f32_to_bf16((float)(v))
#define RT_SOFTMAX_F32_STORE(v) ((float)(v))
#define RT_SOFTMAX_F64_STORE(v) ((double)(v))

/* LOG: 0 softmax, 1 log-softmax. EXP: exp for TC. */
#define RT_SOFTMAX(name, T, TC, LOAD, STORE, EXP, LOG_OUT)                                           \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t outer = p[0], n = p[1], inner = p[2];                                          \
        RT_UNUSED(f);                                                                                \
        for (int64_t o = 0; o < outer; o++) {                                                        \
            for (int64_t i = 0; i < inner; i++) {                                                    \
                const T *xr = x + o * n * inner + i;                                                 \
                T *yr = y + o * n * inner + i;                                                       \
                TC mx = -INFINITY;                                                                   \
                double sum = 0;                                                                      \
                for (int64_t j = 0; j < n; j++) {                                                    \
                    TC v = LOAD(xr[j * inner]);                                                      \
                    if (v > mx || v != v) mx = v;                                                    \
                    if (mx != mx) break;                                                             \
                }                                                                                    \
                for (int64_t j = 0; j < n; j++) sum += (double)EXP(LOAD(xr[j * inner]) - mx);       \
                if (LOG_OUT) {                                                                       \
                    TC ls = (TC)log(sum);                                                            \
                    for (int64_t j = 0; j < n; j++) yr[j * inner] = STORE(LOAD(xr[j * inner]) - mx - ls); \
                } else {                                                                             \
                    double inv = 1.0 / sum;                                                          \
                    for (int64_t j = 0; j < n; j++)                                                  \
                        yr[j * inner] = STORE((double)EXP(LOAD(xr[j * inner]) - mx) * inv);          \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }

#define RT_HARDMAX(name, T, TC, LOAD, ONE, ZERO)                                                     \
    RT_KERNEL(name)                                                                                  \
    {                                                                                                \
        const T *x = (const T *)t[0];                                                                \
        T *y = (T *)t[1];                                                                            \
        const int64_t outer = p[0], n = p[1], inner = p[2];                                          \
        RT_UNUSED(f);                                                                                \
        for (int64_t o = 0; o < outer; o++) {                                                        \
            for (int64_t i = 0; i < inner; i++) {                                                    \
                const T *xr = x + o * n * inner + i;                                                 \
                T *yr = y + o * n * inner + i;                                                       \
                int64_t best = 0;                                                                    \
                TC mx = n > 0 ? LOAD(xr[0]) : (TC)0;                                                 \
                for (int64_t j = 1; j < n; j++) {                                                    \
                    TC v = LOAD(xr[j * inner]);                                                      \
                    if (v > mx) mx = v, best = j;                                                    \
                }                                                                                    \
                for (int64_t j = 0; j < n; j++) yr[j * inner] = j == best ? ONE : ZERO;              \
            }                                                                                        \
        }                                                                                            \
    }
//@end

//@kernel rt_softmax_f32 needs rt_softmax_common
RT_SOFTMAX(rt_softmax_f32, float, float, RT_SOFTMAX_ID, RT_SOFTMAX_F32_STORE, expf, 0)
//@end
//@kernel rt_softmax_f64 needs rt_softmax_common
RT_SOFTMAX(rt_softmax_f64, double, double, RT_SOFTMAX_ID, RT_SOFTMAX_F64_STORE, exp, 0)
//@end
//@kernel rt_softmax_f16 needs rt_softmax_common
RT_SOFTMAX(rt_softmax_f16, uint16_t, float, rt_f16_to_f32, RT_SOFTMAX_F16_STORE, expf, 0)
//@end
//@kernel rt_softmax_bf16 needs rt_softmax_common
RT_SOFTMAX(rt_softmax_bf16, uint16_t, float, rt_bf16_to_f32, RT_SOFTMAX_BF16_STORE, expf, 0)
//@end
//@kernel rt_logsoftmax_f32 needs rt_softmax_common
RT_SOFTMAX(rt_logsoftmax_f32, float, float, RT_SOFTMAX_ID, RT_SOFTMAX_F32_STORE, expf, 1)
//@end
//@kernel rt_logsoftmax_f64 needs rt_softmax_common
RT_SOFTMAX(rt_logsoftmax_f64, double, double, RT_SOFTMAX_ID, RT_SOFTMAX_F64_STORE, exp, 1)
//@end
//@kernel rt_logsoftmax_f16 needs rt_softmax_common
RT_SOFTMAX(rt_logsoftmax_f16, uint16_t, float, rt_f16_to_f32, RT_SOFTMAX_F16_STORE, expf, 1)
//@end
//@kernel rt_logsoftmax_bf16 needs rt_softmax_common
RT_SOFTMAX(rt_logsoftmax_bf16, uint16_t, float, rt_bf16_to_f32, RT_SOFTMAX_BF16_STORE, expf, 1)
//@end
//@kernel rt_hardmax_f32 needs rt_softmax_common
RT_HARDMAX(rt_hardmax_f32, float, float, RT_SOFTMAX_ID, 1.0f, 0.0f)
//@end
//@kernel rt_hardmax_f64 needs rt_softmax_common
RT_HARDMAX(rt_hardmax_f64, double, double, RT_SOFTMAX_ID, 1.0, 0.0)
//@end
//@kernel rt_hardmax_f16 needs rt_softmax_common
RT_HARDMAX(rt_hardmax_f16, uint16_t, float, rt_f16_to_f32, (uint16_t)0x3c00u, (uint16_t)0)
//@end
//@kernel rt_hardmax_bf16 needs rt_softmax_common
RT_HARDMAX(rt_hardmax_bf16, uint16_t, float, rt_bf16_to_f32, (uint16_t)0x3f80u, (uint16_t)0)
//@end
