/* Softmax, LogSoftmax and Hardmax along one (possibly flattened) axis:
   rt_softmax_params (runtime/softmax.h), tensors x, y.

   Before opset 13 the lowering flattens the trailing dimensions into
   axis_size (inner = 1); from opset 13 axis_size is the axis and inner what
   follows it. Softmax subtracts the row maximum before exp and sums in
   double; a row whose maximum is infinite or NaN gives NaN like the
   reference formula. Hardmax writes 1 at the first maximum of the row, 0
   elsewhere. Half types compute in float; exp in float is runtime/vmath.h's. */
#include "softmax.h"
#include "vmath.h"

//@section rt_softmax_common needs rt_half rt_vmath rt_softmax_params
/* Per type: exp in the compute type, the result (a double or the compute
   type) to the element type, and Hardmax's 1 and 0. */
#define RT_SOFTMAX_EXP_f32 rt_vmath_exp_f32
#define RT_SOFTMAX_EXP_f64 exp
#define RT_SOFTMAX_EXP_f16 rt_vmath_exp_f32
#define RT_SOFTMAX_EXP_bf16 rt_vmath_exp_f32
#define RT_SOFTMAX_STORE_f32(v) ((float)(v))
#define RT_SOFTMAX_STORE_f64(v) ((double)(v))
#define RT_SOFTMAX_STORE_f16(v) rt_f32_to_f16((float)(v))
#define RT_SOFTMAX_STORE_bf16(v) rt_f32_to_bf16((float)(v))
#define RT_HARDMAX_ONE_f32 1.0f
#define RT_HARDMAX_ONE_f64 1.0
#define RT_HARDMAX_ONE_f16 ((uint16_t)0x3c00u)
#define RT_HARDMAX_ONE_bf16 ((uint16_t)0x3f80u)

/* mx = the maximum of row r (n elements, stride inner: the kernel's); NaN if any is NaN. */
#define RT_SOFTMAX_ROW_MAX(mx, TC, LOAD, r)              \
    do {                                                 \
        mx = -INFINITY;                                  \
        for (int64_t j = 0; j < n; j++) {                \
            TC v = LOAD(r[j * inner]);                   \
            if (v > mx || v != v) mx = v;                \
            if (mx != mx) break;                         \
        }                                                \
    } while (0)

/* The kernel NAME for a type computed as stored (T: float or double);
   LOG_OUT: 0 softmax, 1 log-softmax; EXP: exp for T. The exponentials go
   into y first, in a loop of their own that the compiler vectorises (the
   double sum cannot be: it keeps its order), and are summed from there in
   four partial sums. */
#define RT_SOFTMAX_DIRECT(NAME, T, EXP, LOG_OUT)                                                     \
    static void NAME(const rt_softmax_params *p, const T *x, T *y)                                   \
    {                                                                                                \
        const int64_t outer = p->outer, n = p->axis_size, inner = p->inner;                          \
        for (int64_t o = 0; o < outer; o++) {                                                        \
            for (int64_t i = 0; i < inner; i++) {                                                    \
                const T *xr = x + o * n * inner + i;                                                 \
                T *yr = y + o * n * inner + i;                                                       \
                T mx;                                                                                \
                double s[4] = {0, 0, 0, 0}, sum;                                                     \
                RT_SOFTMAX_ROW_MAX(mx, T, RT_ID, xr);                                                \
                int64_t whole = n - n % 4; /* four sums; gcc -O3 bounds this form */                \
                for (int64_t k = 0; k < n; k++) yr[k * inner] = EXP(xr[k * inner] - mx);             \
                for (int64_t j = 0; j < whole; j += 4)                                               \
                    for (int q = 0; q < 4; q++) s[q] += (double)yr[(j + q) * inner];                 \
                for (int64_t j = whole; j < n; j++) s[0] += (double)yr[j * inner];                   \
                sum = (s[0] + s[1]) + (s[2] + s[3]);                                                 \
                if (LOG_OUT) {                                                                       \
                    T ls = (T)log(sum);                                                              \
                    for (int64_t k = 0; k < n; k++) yr[k * inner] = xr[k * inner] - mx - ls;         \
                } else {                                                                             \
                    double inv = 1.0 / sum;                                                          \
                    for (int64_t k = 0; k < n; k++) yr[k * inner] = (T)((double)yr[k * inner] * inv); \
                }                                                                                    \
            }                                                                                        \
        }                                                                                            \
    }

/* The kernel NAME for element type T (a half type) computing in TC: as
   above, but the exponentials are computed twice (y cannot hold them in
   float). */
#define RT_SOFTMAX(NAME, T, TC, LOAD, STORE, EXP, LOG_OUT)                                           \
    static void NAME(const rt_softmax_params *p, const T *x, T *y)                                   \
    {                                                                                                \
        const int64_t outer = p->outer, n = p->axis_size, inner = p->inner;                          \
        for (int64_t o = 0; o < outer; o++) {                                                        \
            for (int64_t i = 0; i < inner; i++) {                                                    \
                const T *xr = x + o * n * inner + i;                                                 \
                T *yr = y + o * n * inner + i;                                                       \
                TC mx;                                                                               \
                double sum = 0;                                                                      \
                RT_SOFTMAX_ROW_MAX(mx, TC, LOAD, xr);                                                \
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

#define RT_HARDMAX(NAME, T, TC, LOAD, ONE, ZERO)                                                     \
    static void NAME(const rt_softmax_params *p, const T *x, T *y)                                   \
    {                                                                                                \
        const int64_t outer = p->outer, n = p->axis_size, inner = p->inner;                          \
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

/* instances: f32 f64
   @kernel rt_softmax_$s(rt_softmax_params, x, y) needs rt_softmax_common
   RT_SOFTMAX_DIRECT(rt_softmax_$s, $t, RT_SOFTMAX_EXP_$s, 0)
*/
//@kernel rt_softmax_f32(rt_softmax_params, x, y) needs rt_softmax_common
RT_SOFTMAX_DIRECT(rt_softmax_f32, float, RT_SOFTMAX_EXP_f32, 0)
//@end
//@kernel rt_softmax_f64(rt_softmax_params, x, y) needs rt_softmax_common
RT_SOFTMAX_DIRECT(rt_softmax_f64, double, RT_SOFTMAX_EXP_f64, 0)
//@end
/* end of instances */

/* instances: f16 bf16
   @kernel rt_softmax_$s(rt_softmax_params, x, y) needs rt_softmax_common
   RT_SOFTMAX(rt_softmax_$s, $t, $c, $load, RT_SOFTMAX_STORE_$s, RT_SOFTMAX_EXP_$s, 0)
*/
//@kernel rt_softmax_f16(rt_softmax_params, x, y) needs rt_softmax_common
RT_SOFTMAX(rt_softmax_f16, uint16_t, float, rt_f16_to_f32, RT_SOFTMAX_STORE_f16, RT_SOFTMAX_EXP_f16, 0)
//@end
//@kernel rt_softmax_bf16(rt_softmax_params, x, y) needs rt_softmax_common
RT_SOFTMAX(rt_softmax_bf16, uint16_t, float, rt_bf16_to_f32, RT_SOFTMAX_STORE_bf16, RT_SOFTMAX_EXP_bf16, 0)
//@end
/* end of instances */

/* instances: f32 f64
   @kernel rt_logsoftmax_$s(rt_softmax_params, x, y) needs rt_softmax_common
   RT_SOFTMAX_DIRECT(rt_logsoftmax_$s, $t, RT_SOFTMAX_EXP_$s, 1)
*/
//@kernel rt_logsoftmax_f32(rt_softmax_params, x, y) needs rt_softmax_common
RT_SOFTMAX_DIRECT(rt_logsoftmax_f32, float, RT_SOFTMAX_EXP_f32, 1)
//@end
//@kernel rt_logsoftmax_f64(rt_softmax_params, x, y) needs rt_softmax_common
RT_SOFTMAX_DIRECT(rt_logsoftmax_f64, double, RT_SOFTMAX_EXP_f64, 1)
//@end
/* end of instances */

/* instances: f16 bf16
   @kernel rt_logsoftmax_$s(rt_softmax_params, x, y) needs rt_softmax_common
   RT_SOFTMAX(rt_logsoftmax_$s, $t, $c, $load, RT_SOFTMAX_STORE_$s, RT_SOFTMAX_EXP_$s, 1)
*/
//@kernel rt_logsoftmax_f16(rt_softmax_params, x, y) needs rt_softmax_common
RT_SOFTMAX(rt_logsoftmax_f16, uint16_t, float, rt_f16_to_f32, RT_SOFTMAX_STORE_f16, RT_SOFTMAX_EXP_f16, 1)
//@end
//@kernel rt_logsoftmax_bf16(rt_softmax_params, x, y) needs rt_softmax_common
RT_SOFTMAX(rt_logsoftmax_bf16, uint16_t, float, rt_bf16_to_f32, RT_SOFTMAX_STORE_bf16, RT_SOFTMAX_EXP_bf16, 1)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_hardmax_$s(rt_softmax_params, x, y) needs rt_softmax_common
   RT_HARDMAX(rt_hardmax_$s, $t, $c, $load, RT_HARDMAX_ONE_$s, ($t)0)
*/
//@kernel rt_hardmax_f32(rt_softmax_params, x, y) needs rt_softmax_common
RT_HARDMAX(rt_hardmax_f32, float, float, RT_ID, RT_HARDMAX_ONE_f32, (float)0)
//@end
//@kernel rt_hardmax_f64(rt_softmax_params, x, y) needs rt_softmax_common
RT_HARDMAX(rt_hardmax_f64, double, double, RT_ID, RT_HARDMAX_ONE_f64, (double)0)
//@end
//@kernel rt_hardmax_f16(rt_softmax_params, x, y) needs rt_softmax_common
RT_HARDMAX(rt_hardmax_f16, uint16_t, float, rt_f16_to_f32, RT_HARDMAX_ONE_f16, (uint16_t)0)
//@end
//@kernel rt_hardmax_bf16(rt_softmax_params, x, y) needs rt_softmax_common
RT_HARDMAX(rt_hardmax_bf16, uint16_t, float, rt_bf16_to_f32, RT_HARDMAX_ONE_bf16, (uint16_t)0)
//@end
/* end of instances */
