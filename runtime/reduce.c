/* Reduction kernels: ReduceSum/Mean/Max/Min/Prod/L1/L2/SumSquare/LogSum/
   LogSumExp over any set of axes, and ArgMax/ArgMin along one axis.

   Reduce: t = {x, y};
           p = {nk, nr, kdims[nk], kstrides[nk], rdims[nr], rstrides[nr], rcount}
           kdims/kstrides: the kept dimensions of x (in order, as the output
           lays them out) and their strides in x; rdims/rstrides: the reduced
           dimensions and their strides in x (lowering drops size-1 dims and
           merges neighbours); rcount = product of rdims (elements reduced into
           each output). y is dense with product(kdims) elements. f unused.
           Float types accumulate in double, integers in 64 bits (sums and
           products wrap; mean truncates toward zero). Over an empty set:
           sum/L1/L2/SumSquare 0, Prod 1, Max -inf (type minimum), Min +inf
           (type maximum), LogSum/LogSumExp -inf, Mean NaN (0 for integers).
   ArgMax/ArgMin: t = {x, y (int64)}; p = {outer, n, inner, select_last}:
           x viewed as [outer, n, inner], y as [outer, inner]; the first
           (or, with select_last, the last) index of the extreme value; NaN
           counts as the extreme value. */
#include "rt.h"

//@section rt_reduce_conv needs rt_half
/* Loads and stores between element types and the accumulators. */
#define RT_RID(x) (x)
#define RT_RF16(x) ((double)rt_f16_to_f32(x))
#define RT_RBF16(x) ((double)rt_bf16_to_f32(x))
#define RT_WF16(x) rt_f32_to_f16((float)(x))
#define RT_WBF16(x) rt_f32_to_bf16((float)(x))
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

#define RT_REDUCE_SETUP(TI, TO)                                                    \
    const TI *x = (const TI *)t[0];                                                \
    TO *y = (TO *)t[1];                                                            \
    int nk = (int)p[0], nr = (int)p[1];                                            \
    const int64_t *kd = p + 2, *ks = kd + nk, *rd = ks + nk, *rs = rd + nr;        \
    int64_t n = rs[nr], ocount = 1, ki[RT_MAX_RANK] = {0}, ko = 0;                 \
    int64_t inner = nr ? rd[nr - 1] : 1, istride = nr ? rs[nr - 1] : 0;           \
    int64_t outer_r = inner ? n / inner : 0;                                       \
    RT_UNUSED(f);                                                                  \
    for (int d = 0; d < nk; d++) ocount *= kd[d];

/* Calls BODY with `v` (TA) for each element reduced into output o. */
#define RT_REDUCE_EACH(TA, LOAD, BODY)                                             \
    {                                                                              \
        int64_t ri[RT_MAX_RANK] = {0}, ro = 0;                                     \
        for (int64_t j = 0; j < outer_r; j++) {                                    \
            const TI_PTR_ *xb = x + ko + ro;                                       \
            for (int64_t i = 0; i < inner; i++) {                                  \
                TA v = LOAD(xb[i * istride]);                                      \
                BODY;                                                              \
            }                                                                      \
            rt_reduce_next(nr - 1, rd, rs, ri, &ro);                               \
        }                                                                          \
    }

/* acc starts at INIT, STEP folds each v into acc, FINAL (of acc and n) is stored. */
#define RT_REDUCE(name, TI, TA, TO, LOAD, STORE, INIT, STEP, FINAL)                \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        typedef TI TI_PTR_;                                                        \
        RT_REDUCE_SETUP(TI, TO)                                                    \
        for (int64_t o = 0; o < ocount; o++) {                                     \
            TA acc = INIT;                                                         \
            RT_REDUCE_EACH(TA, LOAD, STEP)                                         \
            y[o] = STORE(FINAL);                                                   \
            rt_reduce_next(nk, kd, ks, ki, &ko);                                   \
        }                                                                          \
    }

/* log(sum(exp(v))) computed as m + log(sum(exp(v - m))) with m the maximum. */
#define RT_REDUCE_LSE(name, TI, TO, LOAD, STORE)                                   \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        typedef TI TI_PTR_;                                                        \
        RT_REDUCE_SETUP(TI, TO)                                                    \
        for (int64_t o = 0; o < ocount; o++) {                                     \
            double m = -INFINITY, s = 0, r;                                        \
            RT_REDUCE_EACH(double, LOAD, if (v > m || v != v) m = v)               \
            if (m != m || m == INFINITY || m == -INFINITY) r = m;                  \
            else {                                                                 \
                RT_REDUCE_EACH(double, LOAD, s += exp(v - m))                      \
                r = m + log(s);                                                    \
            }                                                                      \
            y[o] = STORE(r);                                                       \
            rt_reduce_next(nk, kd, ks, ki, &ko);                                   \
        }                                                                          \
    }

//@end

//@section rt_arg_macros needs rt_reduce_conv
#define RT_ARG(name, T, LOAD, BETTER)                                              \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        int64_t *y = (int64_t *)t[1];                                              \
        int64_t outer = p[0], n = p[1], inner = p[2], last = p[3];                 \
        RT_UNUSED(f);                                                              \
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

#define RT_ARGI(name, T, BETTER)                                                   \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        int64_t *y = (int64_t *)t[1];                                              \
        int64_t outer = p[0], n = p[1], inner = p[2], last = p[3];                 \
        RT_UNUSED(f);                                                              \
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

//@kernel rt_reduce_sum_f32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_f32, float, double, float, RT_RID, (float), 0, acc += v, acc)
//@end

//@kernel rt_reduce_sum_f64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_f64, double, double, double, RT_RID, (double), 0, acc += v, acc)
//@end

//@kernel rt_reduce_sum_f16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_f16, uint16_t, double, uint16_t, RT_RF16, RT_WF16, 0, acc += v, acc)
//@end

//@kernel rt_reduce_sum_bf16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_bf16, uint16_t, double, uint16_t, RT_RBF16, RT_WBF16, 0, acc += v, acc)
//@end

//@kernel rt_reduce_mean_f32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_f32, float, double, float, RT_RID, (float), 0, acc += v, (n ? acc / (double)n : NAN))
//@end

//@kernel rt_reduce_mean_f64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_f64, double, double, double, RT_RID, (double), 0, acc += v, (n ? acc / (double)n : NAN))
//@end

//@kernel rt_reduce_mean_f16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_f16, uint16_t, double, uint16_t, RT_RF16, RT_WF16, 0, acc += v, (n ? acc / (double)n : NAN))
//@end

//@kernel rt_reduce_mean_bf16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_bf16, uint16_t, double, uint16_t, RT_RBF16, RT_WBF16, 0, acc += v, (n ? acc / (double)n : NAN))
//@end

//@kernel rt_reduce_prod_f32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_f32, float, double, float, RT_RID, (float), 1, acc *= v, acc)
//@end

//@kernel rt_reduce_prod_f64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_f64, double, double, double, RT_RID, (double), 1, acc *= v, acc)
//@end

//@kernel rt_reduce_prod_f16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_f16, uint16_t, double, uint16_t, RT_RF16, RT_WF16, 1, acc *= v, acc)
//@end

//@kernel rt_reduce_prod_bf16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_bf16, uint16_t, double, uint16_t, RT_RBF16, RT_WBF16, 1, acc *= v, acc)
//@end

//@kernel rt_reduce_max_f32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_f32, float, double, float, RT_RID, (float), -INFINITY, if (v > acc || v != v) acc = v, acc)
//@end

//@kernel rt_reduce_max_f64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_f64, double, double, double, RT_RID, (double), -INFINITY, if (v > acc || v != v) acc = v, acc)
//@end

//@kernel rt_reduce_max_f16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_f16, uint16_t, double, uint16_t, RT_RF16, RT_WF16, -INFINITY, if (v > acc || v != v) acc = v, acc)
//@end

//@kernel rt_reduce_max_bf16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_bf16, uint16_t, double, uint16_t, RT_RBF16, RT_WBF16, -INFINITY, if (v > acc || v != v) acc = v, acc)
//@end

//@kernel rt_reduce_min_f32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_f32, float, double, float, RT_RID, (float), INFINITY, if (v < acc || v != v) acc = v, acc)
//@end

//@kernel rt_reduce_min_f64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_f64, double, double, double, RT_RID, (double), INFINITY, if (v < acc || v != v) acc = v, acc)
//@end

//@kernel rt_reduce_min_f16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_f16, uint16_t, double, uint16_t, RT_RF16, RT_WF16, INFINITY, if (v < acc || v != v) acc = v, acc)
//@end

//@kernel rt_reduce_min_bf16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_bf16, uint16_t, double, uint16_t, RT_RBF16, RT_WBF16, INFINITY, if (v < acc || v != v) acc = v, acc)
//@end

//@kernel rt_reduce_l1_f32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_f32, float, double, float, RT_RID, (float), 0, acc += fabs(v), acc)
//@end

//@kernel rt_reduce_l1_f64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_f64, double, double, double, RT_RID, (double), 0, acc += fabs(v), acc)
//@end

//@kernel rt_reduce_l1_f16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_f16, uint16_t, double, uint16_t, RT_RF16, RT_WF16, 0, acc += fabs(v), acc)
//@end

//@kernel rt_reduce_l1_bf16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_bf16, uint16_t, double, uint16_t, RT_RBF16, RT_WBF16, 0, acc += fabs(v), acc)
//@end

//@kernel rt_reduce_l2_f32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l2_f32, float, double, float, RT_RID, (float), 0, acc += v * v, sqrt(acc))
//@end

//@kernel rt_reduce_l2_f64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l2_f64, double, double, double, RT_RID, (double), 0, acc += v * v, sqrt(acc))
//@end

//@kernel rt_reduce_l2_f16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l2_f16, uint16_t, double, uint16_t, RT_RF16, RT_WF16, 0, acc += v * v, sqrt(acc))
//@end

//@kernel rt_reduce_l2_bf16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l2_bf16, uint16_t, double, uint16_t, RT_RBF16, RT_WBF16, 0, acc += v * v, sqrt(acc))
//@end

//@kernel rt_reduce_sum_square_f32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_f32, float, double, float, RT_RID, (float), 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_sum_square_f64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_f64, double, double, double, RT_RID, (double), 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_sum_square_f16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_f16, uint16_t, double, uint16_t, RT_RF16, RT_WF16, 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_sum_square_bf16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_bf16, uint16_t, double, uint16_t, RT_RBF16, RT_WBF16, 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_log_sum_f32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_log_sum_f32, float, double, float, RT_RID, (float), 0, acc += v, log(acc))
//@end

//@kernel rt_reduce_log_sum_f64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_log_sum_f64, double, double, double, RT_RID, (double), 0, acc += v, log(acc))
//@end

//@kernel rt_reduce_log_sum_f16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_log_sum_f16, uint16_t, double, uint16_t, RT_RF16, RT_WF16, 0, acc += v, log(acc))
//@end

//@kernel rt_reduce_log_sum_bf16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_log_sum_bf16, uint16_t, double, uint16_t, RT_RBF16, RT_WBF16, 0, acc += v, log(acc))
//@end

//@kernel rt_reduce_log_sum_exp_f32 needs rt_reduce_macros
RT_REDUCE_LSE(rt_reduce_log_sum_exp_f32, float, float, RT_RID, (float))
//@end

//@kernel rt_reduce_log_sum_exp_f64 needs rt_reduce_macros
RT_REDUCE_LSE(rt_reduce_log_sum_exp_f64, double, double, RT_RID, (double))
//@end

//@kernel rt_reduce_log_sum_exp_f16 needs rt_reduce_macros
RT_REDUCE_LSE(rt_reduce_log_sum_exp_f16, uint16_t, uint16_t, RT_RF16, RT_WF16)
//@end

//@kernel rt_reduce_log_sum_exp_bf16 needs rt_reduce_macros
RT_REDUCE_LSE(rt_reduce_log_sum_exp_bf16, uint16_t, uint16_t, RT_RBF16, RT_WBF16)
//@end

//@kernel rt_reduce_sum_i8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_i8, int8_t, uint64_t, int8_t, RT_RS64, (int8_t)(int64_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_mean_i8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_i8, int8_t, uint64_t, int8_t, RT_RS64, (int8_t)(int64_t), 0, acc += v, (n ? (uint64_t)((int64_t)acc / n) : 0))
//@end

//@kernel rt_reduce_prod_i8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_i8, int8_t, uint64_t, int8_t, RT_RS64, (int8_t)(int64_t), 1, acc *= v, acc)
//@end

//@kernel rt_reduce_l1_i8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_i8, int8_t, uint64_t, int8_t, RT_RS64, (int8_t)(int64_t), 0, acc += RT_ABS_U64(v), acc)
//@end

//@kernel rt_reduce_sum_square_i8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_i8, int8_t, uint64_t, int8_t, RT_RS64, (int8_t)(int64_t), 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_max_i8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_i8, int8_t, int64_t, int8_t, (int64_t), (int8_t), INT8_MIN, if (v > acc) acc = v, acc)
//@end

//@kernel rt_reduce_min_i8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_i8, int8_t, int64_t, int8_t, (int64_t), (int8_t), INT8_MAX, if (v < acc) acc = v, acc)
//@end

//@kernel rt_reduce_sum_i16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_i16, int16_t, uint64_t, int16_t, RT_RS64, (int16_t)(int64_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_mean_i16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_i16, int16_t, uint64_t, int16_t, RT_RS64, (int16_t)(int64_t), 0, acc += v, (n ? (uint64_t)((int64_t)acc / n) : 0))
//@end

//@kernel rt_reduce_prod_i16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_i16, int16_t, uint64_t, int16_t, RT_RS64, (int16_t)(int64_t), 1, acc *= v, acc)
//@end

//@kernel rt_reduce_l1_i16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_i16, int16_t, uint64_t, int16_t, RT_RS64, (int16_t)(int64_t), 0, acc += RT_ABS_U64(v), acc)
//@end

//@kernel rt_reduce_sum_square_i16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_i16, int16_t, uint64_t, int16_t, RT_RS64, (int16_t)(int64_t), 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_max_i16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_i16, int16_t, int64_t, int16_t, (int64_t), (int16_t), INT16_MIN, if (v > acc) acc = v, acc)
//@end

//@kernel rt_reduce_min_i16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_i16, int16_t, int64_t, int16_t, (int64_t), (int16_t), INT16_MAX, if (v < acc) acc = v, acc)
//@end

//@kernel rt_reduce_sum_i32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_i32, int32_t, uint64_t, int32_t, RT_RS64, (int32_t)(int64_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_mean_i32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_i32, int32_t, uint64_t, int32_t, RT_RS64, (int32_t)(int64_t), 0, acc += v, (n ? (uint64_t)((int64_t)acc / n) : 0))
//@end

//@kernel rt_reduce_prod_i32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_i32, int32_t, uint64_t, int32_t, RT_RS64, (int32_t)(int64_t), 1, acc *= v, acc)
//@end

//@kernel rt_reduce_l1_i32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_i32, int32_t, uint64_t, int32_t, RT_RS64, (int32_t)(int64_t), 0, acc += RT_ABS_U64(v), acc)
//@end

//@kernel rt_reduce_sum_square_i32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_i32, int32_t, uint64_t, int32_t, RT_RS64, (int32_t)(int64_t), 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_max_i32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_i32, int32_t, int64_t, int32_t, (int64_t), (int32_t), INT32_MIN, if (v > acc) acc = v, acc)
//@end

//@kernel rt_reduce_min_i32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_i32, int32_t, int64_t, int32_t, (int64_t), (int32_t), INT32_MAX, if (v < acc) acc = v, acc)
//@end

//@kernel rt_reduce_sum_i64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_i64, int64_t, uint64_t, int64_t, RT_RS64, (int64_t)(int64_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_mean_i64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_i64, int64_t, uint64_t, int64_t, RT_RS64, (int64_t)(int64_t), 0, acc += v, (n ? (uint64_t)((int64_t)acc / n) : 0))
//@end

//@kernel rt_reduce_prod_i64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_i64, int64_t, uint64_t, int64_t, RT_RS64, (int64_t)(int64_t), 1, acc *= v, acc)
//@end

//@kernel rt_reduce_l1_i64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_i64, int64_t, uint64_t, int64_t, RT_RS64, (int64_t)(int64_t), 0, acc += RT_ABS_U64(v), acc)
//@end

//@kernel rt_reduce_sum_square_i64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_i64, int64_t, uint64_t, int64_t, RT_RS64, (int64_t)(int64_t), 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_max_i64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_i64, int64_t, int64_t, int64_t, (int64_t), (int64_t), INT64_MIN, if (v > acc) acc = v, acc)
//@end

//@kernel rt_reduce_min_i64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_i64, int64_t, int64_t, int64_t, (int64_t), (int64_t), INT64_MAX, if (v < acc) acc = v, acc)
//@end

//@kernel rt_reduce_sum_u8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_u8, uint8_t, uint64_t, uint8_t, RT_RU64, (uint8_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_mean_u8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_u8, uint8_t, uint64_t, uint8_t, RT_RU64, (uint8_t), 0, acc += v, (n ? acc / (uint64_t)n : 0))
//@end

//@kernel rt_reduce_prod_u8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_u8, uint8_t, uint64_t, uint8_t, RT_RU64, (uint8_t), 1, acc *= v, acc)
//@end

//@kernel rt_reduce_l1_u8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_u8, uint8_t, uint64_t, uint8_t, RT_RU64, (uint8_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_sum_square_u8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_u8, uint8_t, uint64_t, uint8_t, RT_RU64, (uint8_t), 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_max_u8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_u8, uint8_t, uint64_t, uint8_t, (uint64_t), (uint8_t), 0, if (v > acc) acc = v, acc)
//@end

//@kernel rt_reduce_min_u8 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_u8, uint8_t, uint64_t, uint8_t, (uint64_t), (uint8_t), UINT8_MAX, if (v < acc) acc = v, acc)
//@end

//@kernel rt_reduce_sum_u16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_u16, uint16_t, uint64_t, uint16_t, RT_RU64, (uint16_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_mean_u16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_u16, uint16_t, uint64_t, uint16_t, RT_RU64, (uint16_t), 0, acc += v, (n ? acc / (uint64_t)n : 0))
//@end

//@kernel rt_reduce_prod_u16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_u16, uint16_t, uint64_t, uint16_t, RT_RU64, (uint16_t), 1, acc *= v, acc)
//@end

//@kernel rt_reduce_l1_u16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_u16, uint16_t, uint64_t, uint16_t, RT_RU64, (uint16_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_sum_square_u16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_u16, uint16_t, uint64_t, uint16_t, RT_RU64, (uint16_t), 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_max_u16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_u16, uint16_t, uint64_t, uint16_t, (uint64_t), (uint16_t), 0, if (v > acc) acc = v, acc)
//@end

//@kernel rt_reduce_min_u16 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_u16, uint16_t, uint64_t, uint16_t, (uint64_t), (uint16_t), UINT16_MAX, if (v < acc) acc = v, acc)
//@end

//@kernel rt_reduce_sum_u32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_u32, uint32_t, uint64_t, uint32_t, RT_RU64, (uint32_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_mean_u32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_u32, uint32_t, uint64_t, uint32_t, RT_RU64, (uint32_t), 0, acc += v, (n ? acc / (uint64_t)n : 0))
//@end

//@kernel rt_reduce_prod_u32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_u32, uint32_t, uint64_t, uint32_t, RT_RU64, (uint32_t), 1, acc *= v, acc)
//@end

//@kernel rt_reduce_l1_u32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_u32, uint32_t, uint64_t, uint32_t, RT_RU64, (uint32_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_sum_square_u32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_u32, uint32_t, uint64_t, uint32_t, RT_RU64, (uint32_t), 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_max_u32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_u32, uint32_t, uint64_t, uint32_t, (uint64_t), (uint32_t), 0, if (v > acc) acc = v, acc)
//@end

//@kernel rt_reduce_min_u32 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_u32, uint32_t, uint64_t, uint32_t, (uint64_t), (uint32_t), UINT32_MAX, if (v < acc) acc = v, acc)
//@end

//@kernel rt_reduce_sum_u64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_u64, uint64_t, uint64_t, uint64_t, RT_RU64, (uint64_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_mean_u64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_mean_u64, uint64_t, uint64_t, uint64_t, RT_RU64, (uint64_t), 0, acc += v, (n ? acc / (uint64_t)n : 0))
//@end

//@kernel rt_reduce_prod_u64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_prod_u64, uint64_t, uint64_t, uint64_t, RT_RU64, (uint64_t), 1, acc *= v, acc)
//@end

//@kernel rt_reduce_l1_u64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_l1_u64, uint64_t, uint64_t, uint64_t, RT_RU64, (uint64_t), 0, acc += v, acc)
//@end

//@kernel rt_reduce_sum_square_u64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_sum_square_u64, uint64_t, uint64_t, uint64_t, RT_RU64, (uint64_t), 0, acc += v * v, acc)
//@end

//@kernel rt_reduce_max_u64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_u64, uint64_t, uint64_t, uint64_t, (uint64_t), (uint64_t), 0, if (v > acc) acc = v, acc)
//@end

//@kernel rt_reduce_min_u64 needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_u64, uint64_t, uint64_t, uint64_t, (uint64_t), (uint64_t), UINT64_MAX, if (v < acc) acc = v, acc)
//@end

//@kernel rt_reduce_max_bool needs rt_reduce_macros
RT_REDUCE(rt_reduce_max_bool, uint8_t, unsigned, uint8_t, (unsigned), (uint8_t), 0, acc |= v, acc)
//@end

//@kernel rt_reduce_min_bool needs rt_reduce_macros
RT_REDUCE(rt_reduce_min_bool, uint8_t, unsigned, uint8_t, (unsigned), (uint8_t), 1, acc &= v, acc)
//@end

//@kernel rt_argmax_f32 needs rt_arg_macros
RT_ARG(rt_argmax_f32, float, RT_RID, v > b)
//@end

//@kernel rt_argmin_f32 needs rt_arg_macros
RT_ARG(rt_argmin_f32, float, RT_RID, v < b)
//@end

//@kernel rt_argmax_f64 needs rt_arg_macros
RT_ARG(rt_argmax_f64, double, RT_RID, v > b)
//@end

//@kernel rt_argmin_f64 needs rt_arg_macros
RT_ARG(rt_argmin_f64, double, RT_RID, v < b)
//@end

//@kernel rt_argmax_f16 needs rt_arg_macros
RT_ARG(rt_argmax_f16, uint16_t, RT_RF16, v > b)
//@end

//@kernel rt_argmin_f16 needs rt_arg_macros
RT_ARG(rt_argmin_f16, uint16_t, RT_RF16, v < b)
//@end

//@kernel rt_argmax_bf16 needs rt_arg_macros
RT_ARG(rt_argmax_bf16, uint16_t, RT_RBF16, v > b)
//@end

//@kernel rt_argmin_bf16 needs rt_arg_macros
RT_ARG(rt_argmin_bf16, uint16_t, RT_RBF16, v < b)
//@end

//@kernel rt_argmax_i8 needs rt_arg_macros
RT_ARGI(rt_argmax_i8, int8_t, v > b)
//@end

//@kernel rt_argmin_i8 needs rt_arg_macros
RT_ARGI(rt_argmin_i8, int8_t, v < b)
//@end

//@kernel rt_argmax_i16 needs rt_arg_macros
RT_ARGI(rt_argmax_i16, int16_t, v > b)
//@end

//@kernel rt_argmin_i16 needs rt_arg_macros
RT_ARGI(rt_argmin_i16, int16_t, v < b)
//@end

//@kernel rt_argmax_i32 needs rt_arg_macros
RT_ARGI(rt_argmax_i32, int32_t, v > b)
//@end

//@kernel rt_argmin_i32 needs rt_arg_macros
RT_ARGI(rt_argmin_i32, int32_t, v < b)
//@end

//@kernel rt_argmax_i64 needs rt_arg_macros
RT_ARGI(rt_argmax_i64, int64_t, v > b)
//@end

//@kernel rt_argmin_i64 needs rt_arg_macros
RT_ARGI(rt_argmin_i64, int64_t, v < b)
//@end

//@kernel rt_argmax_u8 needs rt_arg_macros
RT_ARGI(rt_argmax_u8, uint8_t, v > b)
//@end

//@kernel rt_argmin_u8 needs rt_arg_macros
RT_ARGI(rt_argmin_u8, uint8_t, v < b)
//@end

//@kernel rt_argmax_u16 needs rt_arg_macros
RT_ARGI(rt_argmax_u16, uint16_t, v > b)
//@end

//@kernel rt_argmin_u16 needs rt_arg_macros
RT_ARGI(rt_argmin_u16, uint16_t, v < b)
//@end

//@kernel rt_argmax_u32 needs rt_arg_macros
RT_ARGI(rt_argmax_u32, uint32_t, v > b)
//@end

//@kernel rt_argmin_u32 needs rt_arg_macros
RT_ARGI(rt_argmin_u32, uint32_t, v < b)
//@end

//@kernel rt_argmax_u64 needs rt_arg_macros
RT_ARGI(rt_argmax_u64, uint64_t, v > b)
//@end

//@kernel rt_argmin_u64 needs rt_arg_macros
RT_ARGI(rt_argmin_u64, uint64_t, v < b)
//@end
