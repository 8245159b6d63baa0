/* Reduction kernels: ReduceSum/Mean/Max/Min/Prod/L1/L2/SumSquare/LogSum/
   LogSumExp over any set of axes (rt_reduce_params), and ArgMax/ArgMin
   along one axis (rt_arg_params); see runtime/reduce.h.

   Reduce: x is walked through the kept and reduced dimensions of the
           parameters, y is dense. Float types accumulate in double,
           integers in 64 bits (sums and products wrap; mean truncates
           toward zero). Over an empty set: sum/L1/L2/SumSquare 0, Prod 1,
           Max -inf (type minimum), Min +inf (type maximum), LogSum/LogSumExp
           -inf, Mean NaN (0 for integers).
   ArgMax/ArgMin: the first (or, with select_last, the last) index of the
           extreme value along the axis; NaN counts as the extreme value. */
#include "reduce.h"

//@section rt_reduce_conv needs rt_half
/* Loads and stores between integer element types and the accumulators. */
#define RT_RS64(x) ((uint64_t)(int64_t)(x))
#define RT_RU64(x) ((uint64_t)(x))
#define RT_ABS_U64(v) ((int64_t)(v) < 0 ? 0 - (v) : (v))
//@end

//@section rt_reduce_macros needs rt_reduce_conv
/* Advances a multi-index over dims (rank r) and keeps off = sum(idx * strides);
   wraps to all zeros after the last element. */
static inline void rt_reduce_next(int r, const int64_t *dims, const int64_t *strides, int64_t *idx, int64_t *off)
{
    for (int d = r - 1; d >= 0; d--) {
        *off += strides[d];
        if (++idx[d] < dims[d]) return;
        *off -= strides[d] * dims[d];
        idx[d] = 0;
    }
}

/* The walk's state: ko, the offset in x of output o's first element; the
   innermost reduced dimension is looped over directly (inner, istride),
   the others (outer_r elements of them) through rt_reduce_next. */
#define RT_REDUCE_SETUP()                                                          \
    int nk = (int)p->num_kept, nr = (int)p->num_reduced;                           \
    const int64_t *kd = p->kept_dims, *ks = p->kept_strides;                       \
    const int64_t *rd = p->reduced_dims, *rs = p->reduced_strides;                 \
    int64_t n = p->reduced_count, ocount = 1, ki[RT_MAX_RANK] = {0}, ko = 0;       \
    int64_t inner = nr ? rd[nr - 1] : 1, istride = nr ? rs[nr - 1] : 0;           \
    int64_t outer_r = inner ? n / inner : 0;                                       \
    for (int d = 0; d < nk; d++) ocount *= kd[d];

/* Calls BODY with `v` (TA) for each element reduced into output o. */
#define RT_REDUCE_EACH(T, TA, LOAD, BODY)                                          \
    {                                                                              \
        int64_t ri[RT_MAX_RANK] = {0}, ro = 0;                                     \
        for (int64_t j = 0; j < outer_r; j++) {                                    \
            const T *xb = x + ko + ro;                                             \
            for (int64_t i = 0; i < inner; i++) {                                  \
                TA v = LOAD(xb[i * istride]);                                      \
                BODY;                                                              \
            }                                                                      \
            rt_reduce_next(nr - 1, rd, rs, ri, &ro);                               \
        }                                                                          \
    }

/* acc (TA) starts at INIT, STEP folds each v into acc, FINAL (of acc and n) is stored. */
#define RT_REDUCE(name, T, TA, LOAD, STORE, INIT, STEP, FINAL)                     \
    static void name(const rt_reduce_params *p, const T *x, T *y)                  \
    {                                                                              \
        RT_REDUCE_SETUP()                                                          \
        for (int64_t o = 0; o < ocount; o++) {                                     \
            TA acc = INIT;                                                         \
            RT_REDUCE_EACH(T, TA, LOAD, STEP)                                      \
            y[o] = STORE(FINAL);                                                   \
            rt_reduce_next(nk, kd, ks, ki, &ko);                                   \
        }                                                                          \
    }

/* Float types (T stored, TC computed in, e.g. float for float16) accumulate
   in double; signed and unsigned integers in 64 bits, wrapping. */
#define RT_REDUCE_F(name, T, TC, LOAD, STORE, INIT, STEP, FINAL)                   \
    RT_REDUCE(name, T, double, LOAD, STORE, INIT, STEP, (TC)(FINAL))
#define RT_REDUCE_S(name, T, INIT, STEP, FINAL)                                    \
    RT_REDUCE(name, T, uint64_t, RT_RS64, (T)(int64_t), INIT, STEP, FINAL)
#define RT_REDUCE_U(name, T, INIT, STEP, FINAL)                                    \
    RT_REDUCE(name, T, uint64_t, RT_RU64, (T), INIT, STEP, FINAL)

/* log(sum(exp(v))) computed as m + log(sum(exp(v - m))) with m the maximum. */
#define RT_REDUCE_LSE(name, T, TC, LOAD, STORE)                                    \
    static void name(const rt_reduce_params *p, const T *x, T *y)                  \
    {                                                                              \
        RT_REDUCE_SETUP()                                                          \
        for (int64_t o = 0; o < ocount; o++) {                                     \
            double m = -INFINITY, s = 0, r;                                        \
            RT_REDUCE_EACH(T, double, LOAD, if (v > m || v != v) m = v)            \
            if (m != m || m == INFINITY || m == -INFINITY) r = m;                  \
            else {                                                                 \
                RT_REDUCE_EACH(T, double, LOAD, s += exp(v - m))                   \
                r = m + log(s);                                                    \
            }                                                                      \
            y[o] = STORE((TC)r);                                                   \
            rt_reduce_next(nk, kd, ks, ki, &ko);                                   \
        }                                                                          \
    }

//@end

//@section rt_arg_macros needs rt_half
/* Floats compare as double, NaN winning. */
#define RT_ARG(name, T, LOAD, BETTER)                                              \
    static void name(const rt_arg_params *p, const T *x, int64_t *y)               \
    {                                                                              \
        int64_t outer = p->outer, n = p->axis_size, inner = p->inner;              \
        int64_t last = p->select_last;                                             \
        for (int64_t o = 0; o < outer; o++)                                        \
            for (int64_t i = 0; i < inner; i++) {                                  \
                const T *xs = x + o * n * inner + i;                               \
                int64_t best = 0;                                                  \
                for (int64_t k = 1; k < n; k++) {                                  \
                    double b = (double)LOAD(xs[best * inner]);                     \
                    double v = (double)LOAD(xs[k * inner]);                        \
                    if (b != b) { if (!last) break; if (v == v) continue; }        \
                    if (BETTER || v != v || (last && v == b)) best = k;            \
                }                                                                  \
                y[o * inner + i] = best;                                           \
            }                                                                      \
    }

/* Integers compare in their own type (int64 does not fit a double). */
#define RT_ARGI(name, T, BETTER)                                                   \
    static void name(const rt_arg_params *p, const T *x, int64_t *y)               \
    {                                                                              \
        int64_t outer = p->outer, n = p->axis_size, inner = p->inner;              \
        int64_t last = p->select_last;                                             \
        for (int64_t o = 0; o < outer; o++)                                        \
            for (int64_t i = 0; i < inner; i++) {                                  \
                const T *xs = x + o * n * inner + i;                               \
                int64_t best = 0;                                                  \
                for (int64_t k = 1; k < n; k++) {                                  \
                    T b = xs[best * inner], v = xs[k * inner];                     \
                    if (BETTER || (last && v == b)) best = k;                      \
                }                                                                  \
                y[o * inner + i] = best;                                           \
            }                                                                      \
    }

//@end

/* instances: f32 f64 f16 bf16
   @kernel rt_reduce_sum_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_F(rt_reduce_sum_$s, $t, $c, $load, $store, 0, acc += v, acc)
*/
//@kernel rt_reduce_sum_f32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_sum_f32, float, float, RT_ID, RT_ID, 0, acc += v, acc)
//@end
//@kernel rt_reduce_sum_f64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_sum_f64, double, double, RT_ID, RT_ID, 0, acc += v, acc)
//@end
//@kernel rt_reduce_sum_f16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_sum_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16, 0, acc += v, acc)
//@end
//@kernel rt_reduce_sum_bf16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_sum_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16, 0, acc += v, acc)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_reduce_mean_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_F(rt_reduce_mean_$s, $t, $c, $load, $store, 0, acc += v, (n ? acc / (double)n : NAN))
*/
//@kernel rt_reduce_mean_f32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_mean_f32, float, float, RT_ID, RT_ID, 0, acc += v, (n ? acc / (double)n : NAN))
//@end
//@kernel rt_reduce_mean_f64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_mean_f64, double, double, RT_ID, RT_ID, 0, acc += v, (n ? acc / (double)n : NAN))
//@end
//@kernel rt_reduce_mean_f16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_mean_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16, 0, acc += v, (n ? acc / (double)n : NAN))
//@end
//@kernel rt_reduce_mean_bf16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_mean_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16, 0, acc += v, (n ? acc / (double)n : NAN))
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_reduce_prod_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_F(rt_reduce_prod_$s, $t, $c, $load, $store, 1, acc *= v, acc)
*/
//@kernel rt_reduce_prod_f32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_prod_f32, float, float, RT_ID, RT_ID, 1, acc *= v, acc)
//@end
//@kernel rt_reduce_prod_f64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_prod_f64, double, double, RT_ID, RT_ID, 1, acc *= v, acc)
//@end
//@kernel rt_reduce_prod_f16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_prod_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16, 1, acc *= v, acc)
//@end
//@kernel rt_reduce_prod_bf16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_prod_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16, 1, acc *= v, acc)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_reduce_max_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_F(rt_reduce_max_$s, $t, $c, $load, $store, -INFINITY, if (v > acc || v != v) acc = v, acc)
*/
//@kernel rt_reduce_max_f32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_max_f32, float, float, RT_ID, RT_ID, -INFINITY, if (v > acc || v != v) acc = v, acc)
//@end
//@kernel rt_reduce_max_f64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_max_f64, double, double, RT_ID, RT_ID, -INFINITY, if (v > acc || v != v) acc = v, acc)
//@end
//@kernel rt_reduce_max_f16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_max_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16, -INFINITY, if (v > acc || v != v) acc = v, acc)
//@end
//@kernel rt_reduce_max_bf16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_max_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16, -INFINITY, if (v > acc || v != v) acc = v, acc)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_reduce_min_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_F(rt_reduce_min_$s, $t, $c, $load, $store, INFINITY, if (v < acc || v != v) acc = v, acc)
*/
//@kernel rt_reduce_min_f32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_min_f32, float, float, RT_ID, RT_ID, INFINITY, if (v < acc || v != v) acc = v, acc)
//@end
//@kernel rt_reduce_min_f64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_min_f64, double, double, RT_ID, RT_ID, INFINITY, if (v < acc || v != v) acc = v, acc)
//@end
//@kernel rt_reduce_min_f16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_min_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16, INFINITY, if (v < acc || v != v) acc = v, acc)
//@end
//@kernel rt_reduce_min_bf16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_min_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16, INFINITY, if (v < acc || v != v) acc = v, acc)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_reduce_l1_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_F(rt_reduce_l1_$s, $t, $c, $load, $store, 0, acc += fabs(v), acc)
*/
//@kernel rt_reduce_l1_f32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_l1_f32, float, float, RT_ID, RT_ID, 0, acc += fabs(v), acc)
//@end
//@kernel rt_reduce_l1_f64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_l1_f64, double, double, RT_ID, RT_ID, 0, acc += fabs(v), acc)
//@end
//@kernel rt_reduce_l1_f16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_l1_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16, 0, acc += fabs(v), acc)
//@end
//@kernel rt_reduce_l1_bf16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_l1_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16, 0, acc += fabs(v), acc)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_reduce_l2_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_F(rt_reduce_l2_$s, $t, $c, $load, $store, 0, acc += v * v, sqrt(acc))
*/
//@kernel rt_reduce_l2_f32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_l2_f32, float, float, RT_ID, RT_ID, 0, acc += v * v, sqrt(acc))
//@end
//@kernel rt_reduce_l2_f64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_l2_f64, double, double, RT_ID, RT_ID, 0, acc += v * v, sqrt(acc))
//@end
//@kernel rt_reduce_l2_f16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_l2_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16, 0, acc += v * v, sqrt(acc))
//@end
//@kernel rt_reduce_l2_bf16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_l2_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16, 0, acc += v * v, sqrt(acc))
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_reduce_sum_square_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_F(rt_reduce_sum_square_$s, $t, $c, $load, $store, 0, acc += v * v, acc)
*/
//@kernel rt_reduce_sum_square_f32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_sum_square_f32, float, float, RT_ID, RT_ID, 0, acc += v * v, acc)
//@end
//@kernel rt_reduce_sum_square_f64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_sum_square_f64, double, double, RT_ID, RT_ID, 0, acc += v * v, acc)
//@end
//@kernel rt_reduce_sum_square_f16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_sum_square_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16, 0, acc += v * v, acc)
//@end
//@kernel rt_reduce_sum_square_bf16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_sum_square_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16, 0, acc += v * v, acc)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_reduce_log_sum_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_F(rt_reduce_log_sum_$s, $t, $c, $load, $store, 0, acc += v, log(acc))
*/
//@kernel rt_reduce_log_sum_f32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_log_sum_f32, float, float, RT_ID, RT_ID, 0, acc += v, log(acc))
//@end
//@kernel rt_reduce_log_sum_f64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_log_sum_f64, double, double, RT_ID, RT_ID, 0, acc += v, log(acc))
//@end
//@kernel rt_reduce_log_sum_f16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_log_sum_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16, 0, acc += v, log(acc))
//@end
//@kernel rt_reduce_log_sum_bf16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_F(rt_reduce_log_sum_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16, 0, acc += v, log(acc))
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_reduce_log_sum_exp_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_LSE(rt_reduce_log_sum_exp_$s, $t, $c, $load, $store)
*/
//@kernel rt_reduce_log_sum_exp_f32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_LSE(rt_reduce_log_sum_exp_f32, float, float, RT_ID, RT_ID)
//@end
//@kernel rt_reduce_log_sum_exp_f64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_LSE(rt_reduce_log_sum_exp_f64, double, double, RT_ID, RT_ID)
//@end
//@kernel rt_reduce_log_sum_exp_f16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_LSE(rt_reduce_log_sum_exp_f16, uint16_t, float, rt_f16_to_f32, rt_f32_to_f16)
//@end
//@kernel rt_reduce_log_sum_exp_bf16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_LSE(rt_reduce_log_sum_exp_bf16, uint16_t, float, rt_bf16_to_f32, rt_f32_to_bf16)
//@end
/* end of instances */

/* instances: i8 i16 i32 i64
   @kernel rt_reduce_sum_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_S(rt_reduce_sum_$s, $t, 0, acc += v, acc)
*/
//@kernel rt_reduce_sum_i8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_sum_i8, int8_t, 0, acc += v, acc)
//@end
//@kernel rt_reduce_sum_i16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_sum_i16, int16_t, 0, acc += v, acc)
//@end
//@kernel rt_reduce_sum_i32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_sum_i32, int32_t, 0, acc += v, acc)
//@end
//@kernel rt_reduce_sum_i64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_sum_i64, int64_t, 0, acc += v, acc)
//@end
/* end of instances */

/* instances: i8 i16 i32 i64
   @kernel rt_reduce_mean_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_S(rt_reduce_mean_$s, $t, 0, acc += v, (n ? (uint64_t)((int64_t)acc / n) : 0))
*/
//@kernel rt_reduce_mean_i8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_mean_i8, int8_t, 0, acc += v, (n ? (uint64_t)((int64_t)acc / n) : 0))
//@end
//@kernel rt_reduce_mean_i16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_mean_i16, int16_t, 0, acc += v, (n ? (uint64_t)((int64_t)acc / n) : 0))
//@end
//@kernel rt_reduce_mean_i32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_mean_i32, int32_t, 0, acc += v, (n ? (uint64_t)((int64_t)acc / n) : 0))
//@end
//@kernel rt_reduce_mean_i64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_mean_i64, int64_t, 0, acc += v, (n ? (uint64_t)((int64_t)acc / n) : 0))
//@end
/* end of instances */

/* instances: i8 i16 i32 i64
   @kernel rt_reduce_prod_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_S(rt_reduce_prod_$s, $t, 1, acc *= v, acc)
*/
//@kernel rt_reduce_prod_i8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_prod_i8, int8_t, 1, acc *= v, acc)
//@end
//@kernel rt_reduce_prod_i16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_prod_i16, int16_t, 1, acc *= v, acc)
//@end
//@kernel rt_reduce_prod_i32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_prod_i32, int32_t, 1, acc *= v, acc)
//@end
//@kernel rt_reduce_prod_i64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_prod_i64, int64_t, 1, acc *= v, acc)
//@end
/* end of instances */

/* instances: i8 i16 i32 i64
   @kernel rt_reduce_l1_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_S(rt_reduce_l1_$s, $t, 0, acc += RT_ABS_U64(v), acc)
*/
//@kernel rt_reduce_l1_i8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_l1_i8, int8_t, 0, acc += RT_ABS_U64(v), acc)
//@end
//@kernel rt_reduce_l1_i16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_l1_i16, int16_t, 0, acc += RT_ABS_U64(v), acc)
//@end
//@kernel rt_reduce_l1_i32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_l1_i32, int32_t, 0, acc += RT_ABS_U64(v), acc)
//@end
//@kernel rt_reduce_l1_i64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_l1_i64, int64_t, 0, acc += RT_ABS_U64(v), acc)
//@end
/* end of instances */

/* instances: i8 i16 i32 i64
   @kernel rt_reduce_sum_square_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_S(rt_reduce_sum_square_$s, $t, 0, acc += v * v, acc)
*/
//@kernel rt_reduce_sum_square_i8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_sum_square_i8, int8_t, 0, acc += v * v, acc)
//@end
//@kernel rt_reduce_sum_square_i16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_sum_square_i16, int16_t, 0, acc += v * v, acc)
//@end
//@kernel rt_reduce_sum_square_i32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_sum_square_i32, int32_t, 0, acc += v * v, acc)
//@end
//@kernel rt_reduce_sum_square_i64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_S(rt_reduce_sum_square_i64, int64_t, 0, acc += v * v, acc)
//@end
/* end of instances */

/* instances: i8 i16 i32 i64
   @kernel rt_reduce_max_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE(rt_reduce_max_$s, $t, int64_t, (int64_t), ($t), INT$bits_MIN, if (v > acc) acc = v, acc)
*/
//@kernel rt_reduce_max_i8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_i8, int8_t, int64_t, (int64_t), (int8_t), INT8_MIN, if (v > acc) acc = v, acc)
//@end
//@kernel rt_reduce_max_i16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_i16, int16_t, int64_t, (int64_t), (int16_t), INT16_MIN, if (v > acc) acc = v, acc)
//@end
//@kernel rt_reduce_max_i32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_i32, int32_t, int64_t, (int64_t), (int32_t), INT32_MIN, if (v > acc) acc = v, acc)
//@end
//@kernel rt_reduce_max_i64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_i64, int64_t, int64_t, (int64_t), (int64_t), INT64_MIN, if (v > acc) acc = v, acc)
//@end
/* end of instances */

/* instances: i8 i16 i32 i64
   @kernel rt_reduce_min_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE(rt_reduce_min_$s, $t, int64_t, (int64_t), ($t), INT$bits_MAX, if (v < acc) acc = v, acc)
*/
//@kernel rt_reduce_min_i8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_i8, int8_t, int64_t, (int64_t), (int8_t), INT8_MAX, if (v < acc) acc = v, acc)
//@end
//@kernel rt_reduce_min_i16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_i16, int16_t, int64_t, (int64_t), (int16_t), INT16_MAX, if (v < acc) acc = v, acc)
//@end
//@kernel rt_reduce_min_i32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_i32, int32_t, int64_t, (int64_t), (int32_t), INT32_MAX, if (v < acc) acc = v, acc)
//@end
//@kernel rt_reduce_min_i64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_i64, int64_t, int64_t, (int64_t), (int64_t), INT64_MAX, if (v < acc) acc = v, acc)
//@end
/* end of instances */

/* instances: u8 u16 u32 u64
   @kernel rt_reduce_sum_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_U(rt_reduce_sum_$s, $t, 0, acc += v, acc)
*/
//@kernel rt_reduce_sum_u8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_sum_u8, uint8_t, 0, acc += v, acc)
//@end
//@kernel rt_reduce_sum_u16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_sum_u16, uint16_t, 0, acc += v, acc)
//@end
//@kernel rt_reduce_sum_u32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_sum_u32, uint32_t, 0, acc += v, acc)
//@end
//@kernel rt_reduce_sum_u64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_sum_u64, uint64_t, 0, acc += v, acc)
//@end
/* end of instances */

/* instances: u8 u16 u32 u64
   @kernel rt_reduce_mean_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_U(rt_reduce_mean_$s, $t, 0, acc += v, (n ? acc / (uint64_t)n : 0))
*/
//@kernel rt_reduce_mean_u8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_mean_u8, uint8_t, 0, acc += v, (n ? acc / (uint64_t)n : 0))
//@end
//@kernel rt_reduce_mean_u16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_mean_u16, uint16_t, 0, acc += v, (n ? acc / (uint64_t)n : 0))
//@end
//@kernel rt_reduce_mean_u32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_mean_u32, uint32_t, 0, acc += v, (n ? acc / (uint64_t)n : 0))
//@end
//@kernel rt_reduce_mean_u64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_mean_u64, uint64_t, 0, acc += v, (n ? acc / (uint64_t)n : 0))
//@end
/* end of instances */

/* instances: u8 u16 u32 u64
   @kernel rt_reduce_prod_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_U(rt_reduce_prod_$s, $t, 1, acc *= v, acc)
*/
//@kernel rt_reduce_prod_u8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_prod_u8, uint8_t, 1, acc *= v, acc)
//@end
//@kernel rt_reduce_prod_u16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_prod_u16, uint16_t, 1, acc *= v, acc)
//@end
//@kernel rt_reduce_prod_u32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_prod_u32, uint32_t, 1, acc *= v, acc)
//@end
//@kernel rt_reduce_prod_u64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_prod_u64, uint64_t, 1, acc *= v, acc)
//@end
/* end of instances */

/* instances: u8 u16 u32 u64
   @kernel rt_reduce_l1_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_U(rt_reduce_l1_$s, $t, 0, acc += v, acc)
*/
//@kernel rt_reduce_l1_u8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_l1_u8, uint8_t, 0, acc += v, acc)
//@end
//@kernel rt_reduce_l1_u16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_l1_u16, uint16_t, 0, acc += v, acc)
//@end
//@kernel rt_reduce_l1_u32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_l1_u32, uint32_t, 0, acc += v, acc)
//@end
//@kernel rt_reduce_l1_u64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_l1_u64, uint64_t, 0, acc += v, acc)
//@end
/* end of instances */

/* instances: u8 u16 u32 u64
   @kernel rt_reduce_sum_square_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE_U(rt_reduce_sum_square_$s, $t, 0, acc += v * v, acc)
*/
//@kernel rt_reduce_sum_square_u8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_sum_square_u8, uint8_t, 0, acc += v * v, acc)
//@end
//@kernel rt_reduce_sum_square_u16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_sum_square_u16, uint16_t, 0, acc += v * v, acc)
//@end
//@kernel rt_reduce_sum_square_u32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_sum_square_u32, uint32_t, 0, acc += v * v, acc)
//@end
//@kernel rt_reduce_sum_square_u64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE_U(rt_reduce_sum_square_u64, uint64_t, 0, acc += v * v, acc)
//@end
/* end of instances */

/* instances: u8 u16 u32 u64
   @kernel rt_reduce_max_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE(rt_reduce_max_$s, $t, uint64_t, (uint64_t), ($t), 0, if (v > acc) acc = v, acc)
*/
//@kernel rt_reduce_max_u8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_u8, uint8_t, uint64_t, (uint64_t), (uint8_t), 0, if (v > acc) acc = v, acc)
//@end
//@kernel rt_reduce_max_u16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_u16, uint16_t, uint64_t, (uint64_t), (uint16_t), 0, if (v > acc) acc = v, acc)
//@end
//@kernel rt_reduce_max_u32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_u32, uint32_t, uint64_t, (uint64_t), (uint32_t), 0, if (v > acc) acc = v, acc)
//@end
//@kernel rt_reduce_max_u64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_u64, uint64_t, uint64_t, (uint64_t), (uint64_t), 0, if (v > acc) acc = v, acc)
//@end
/* end of instances */

/* instances: u8 u16 u32 u64
   @kernel rt_reduce_min_$s(rt_reduce_params, x, y) needs rt_reduce_macros
   RT_REDUCE(rt_reduce_min_$s, $t, uint64_t, (uint64_t), ($t), UINT$bits_MAX, if (v < acc) acc = v, acc)
*/
//@kernel rt_reduce_min_u8(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_u8, uint8_t, uint64_t, (uint64_t), (uint8_t), UINT8_MAX, if (v < acc) acc = v, acc)
//@end
//@kernel rt_reduce_min_u16(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_u16, uint16_t, uint64_t, (uint64_t), (uint16_t), UINT16_MAX, if (v < acc) acc = v, acc)
//@end
//@kernel rt_reduce_min_u32(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_u32, uint32_t, uint64_t, (uint64_t), (uint32_t), UINT32_MAX, if (v < acc) acc = v, acc)
//@end
//@kernel rt_reduce_min_u64(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_u64, uint64_t, uint64_t, (uint64_t), (uint64_t), UINT64_MAX, if (v < acc) acc = v, acc)
//@end
/* end of instances */

/* bool: Max is any, Min is all. */
//@kernel rt_reduce_max_bool(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_bool, uint8_t, unsigned, (unsigned), (uint8_t), 0, acc |= v, acc)
//@end
//@kernel rt_reduce_min_bool(rt_reduce_params, x, y) needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_bool, uint8_t, unsigned, (unsigned), (uint8_t), 1, acc &= v, acc)
//@end

/* instances: f32 f64 f16 bf16
   @kernel rt_argmax_$s(rt_arg_params, x, y) needs rt_arg_macros
   RT_ARG(rt_argmax_$s, $t, $load, v > b)
*/
//@kernel rt_argmax_f32(rt_arg_params, x, y) needs rt_arg_macros
RT_ARG(rt_argmax_f32, float, RT_ID, v > b)
//@end
//@kernel rt_argmax_f64(rt_arg_params, x, y) needs rt_arg_macros
RT_ARG(rt_argmax_f64, double, RT_ID, v > b)
//@end
//@kernel rt_argmax_f16(rt_arg_params, x, y) needs rt_arg_macros
RT_ARG(rt_argmax_f16, uint16_t, rt_f16_to_f32, v > b)
//@end
//@kernel rt_argmax_bf16(rt_arg_params, x, y) needs rt_arg_macros
RT_ARG(rt_argmax_bf16, uint16_t, rt_bf16_to_f32, v > b)
//@end
/* end of instances */

/* instances: i8 i16 i32 i64 u8 u16 u32 u64
   @kernel rt_argmax_$s(rt_arg_params, x, y) needs rt_arg_macros
   RT_ARGI(rt_argmax_$s, $t, v > b)
*/
//@kernel rt_argmax_i8(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmax_i8, int8_t, v > b)
//@end
//@kernel rt_argmax_i16(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmax_i16, int16_t, v > b)
//@end
//@kernel rt_argmax_i32(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmax_i32, int32_t, v > b)
//@end
//@kernel rt_argmax_i64(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmax_i64, int64_t, v > b)
//@end
//@kernel rt_argmax_u8(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmax_u8, uint8_t, v > b)
//@end
//@kernel rt_argmax_u16(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmax_u16, uint16_t, v > b)
//@end
//@kernel rt_argmax_u32(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmax_u32, uint32_t, v > b)
//@end
//@kernel rt_argmax_u64(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmax_u64, uint64_t, v > b)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16
   @kernel rt_argmin_$s(rt_arg_params, x, y) needs rt_arg_macros
   RT_ARG(rt_argmin_$s, $t, $load, v < b)
*/
//@kernel rt_argmin_f32(rt_arg_params, x, y) needs rt_arg_macros
RT_ARG(rt_argmin_f32, float, RT_ID, v < b)
//@end
//@kernel rt_argmin_f64(rt_arg_params, x, y) needs rt_arg_macros
RT_ARG(rt_argmin_f64, double, RT_ID, v < b)
//@end
//@kernel rt_argmin_f16(rt_arg_params, x, y) needs rt_arg_macros
RT_ARG(rt_argmin_f16, uint16_t, rt_f16_to_f32, v < b)
//@end
//@kernel rt_argmin_bf16(rt_arg_params, x, y) needs rt_arg_macros
RT_ARG(rt_argmin_bf16, uint16_t, rt_bf16_to_f32, v < b)
//@end
/* end of instances */

/* instances: i8 i16 i32 i64 u8 u16 u32 u64
   @kernel rt_argmin_$s(rt_arg_params, x, y) needs rt_arg_macros
   RT_ARGI(rt_argmin_$s, $t, v < b)
*/
//@kernel rt_argmin_i8(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmin_i8, int8_t, v < b)
//@end
//@kernel rt_argmin_i16(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmin_i16, int16_t, v < b)
//@end
//@kernel rt_argmin_i32(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmin_i32, int32_t, v < b)
//@end
//@kernel rt_argmin_i64(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmin_i64, int64_t, v < b)
//@end
//@kernel rt_argmin_u8(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmin_u8, uint8_t, v < b)
//@end
//@kernel rt_argmin_u16(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmin_u16, uint16_t, v < b)
//@end
//@kernel rt_argmin_u32(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmin_u32, uint32_t, v < b)
//@end
//@kernel rt_argmin_u64(rt_arg_params, x, y) needs rt_arg_macros
RT_ARGI(rt_argmin_u64, uint64_t, v < b)
//@end
/* end of instances */
