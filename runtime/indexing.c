/* Indexing kernels: GatherND, ScatterND, ScatterElements (and Scatter),
   OneHot, Trilu, CumSum, CumProd, TopK, EyeLike; their parameters are in
   runtime/indexing.h, their lowering in ops/indexing.c.

   Indices are always int64 here: lowering casts int32 (OneHot: any numeric
   type) indices to int64 first. Indices are read at run time, so every
   kernel checks them: negative indices count from the end where the op
   allows it, and an index still out of range reads zeros (gathers) or is
   skipped (scatters) instead of touching memory outside the tensors.

   Kernels that only move elements exist per element size (_x8.._x64);
   typed kernels (rt_<op>_<suffix>) compute in an accumulator type A:
   double for f32/f64, float for f16/bf16, int64_t / uint64_t for integers
   (sums and products wrap), and 0/1 for bool (add = or, mul = and). */
#include "indexing.h"

//@section rt_ix_macros needs rt_half rt_scatter_reductions
/* Combining two accumulators; signed integers wrap through uint64_t. */
#define RT_IX_ADD(a, b) ((a) + (b))
#define RT_IX_MUL(a, b) ((a) * (b))
#define RT_IX_SADD(a, b) ((int64_t)((uint64_t)(a) + (uint64_t)(b)))
#define RT_IX_SMUL(a, b) ((int64_t)((uint64_t)(a) * (uint64_t)(b)))
#define RT_IX_ISNAN(x) ((x) != (x))
#define RT_IX_NONAN(x) 0
#define RT_IX_OR(a, b) ((a) | (b))
#define RT_IX_AND(a, b) ((a) & (b))
#define RT_IX_STORE_BOOL(x) ((uint8_t)((x) != 0))

/* Per element type: accumulator A, LOAD (element to A), STORE (A to
   element), ADD, MUL, and NAN (whether NaN is special in max, min and TopK;
   bfloat16 kernels do not test for it). The kernel macros take these as
   one argument and spread them with an extra expansion. */
#define RT_IX_TYPE_f32 double, RT_ID, (float), RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN
#define RT_IX_TYPE_f64 double, RT_ID, RT_ID, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN
#define RT_IX_TYPE_f16 float, rt_f16_to_f32, rt_f32_to_f16, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN
#define RT_IX_TYPE_bf16 float, rt_bf16_to_f32, rt_f32_to_bf16, RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN
#define RT_IX_TYPE_i8 int64_t, RT_ID, (int8_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN
#define RT_IX_TYPE_i16 int64_t, RT_ID, (int16_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN
#define RT_IX_TYPE_i32 int64_t, RT_ID, (int32_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN
#define RT_IX_TYPE_i64 int64_t, RT_ID, (int64_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN
#define RT_IX_TYPE_u8 uint64_t, RT_ID, (uint8_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN
#define RT_IX_TYPE_u16 uint64_t, RT_ID, (uint16_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN
#define RT_IX_TYPE_u32 uint64_t, RT_ID, (uint32_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN
#define RT_IX_TYPE_u64 uint64_t, RT_ID, (uint64_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN
#define RT_IX_TYPE_bool int, RT_ID, RT_IX_STORE_BOOL, RT_IX_OR, RT_IX_AND, RT_IX_NONAN

#define RT_IX_COMBINE(red, a, b, ADD, MUL, NAN)                                    \
    ((red) == RT_SCATTER_ADD ? ADD(a, b)                                           \
     : (red) == RT_SCATTER_MUL ? MUL(a, b)                                         \
     : (red) == RT_SCATTER_MAX ? (((b) > (a) || NAN(b)) ? (b) : (a))               \
     : (red) == RT_SCATTER_MIN ? (((b) < (a) || NAN(b)) ? (b) : (a))               \
                               : (b))
//@end

//@section rt_ix_gather_nd
/* GatherND (rt_gather_nd_params); a tuple out of range gives zeros. */
#define RT_IX_GATHER_ND(name, T)                                                   \
    static void name(const rt_gather_nd_params *p, const void *data, const int64_t *indices, void *out) \
    {                                                                              \
        const T *x = (const T *)data;                                              \
        const int64_t *ind = indices;                                              \
        T *y = (T *)out;                                                           \
        int64_t k = p->tuple_len, slice = p->slice;                                \
        const int64_t *dims = p->dims, *st = p->strides;                           \
        for (int64_t b = 0; b < p->batch; b++)                                     \
            for (int64_t j = 0; j < p->tuples; j++, ind += k, y += slice) {        \
                int64_t off = b * p->batch_stride;                                 \
                int ok = 1;                                                        \
                for (int64_t d = 0; d < k; d++) {                                  \
                    int64_t i = ind[d];                                            \
                    if (i < 0) i += dims[d];                                       \
                    if (i < 0 || i >= dims[d]) ok = 0;                             \
                    else off += i * st[d];                                         \
                }                                                                  \
                if (ok)                                                            \
                    memcpy(y, x + off, (size_t)slice * sizeof(T));                 \
                else                                                               \
                    memset(y, 0, (size_t)slice * sizeof(T));                       \
            }                                                                      \
    }
//@end

//@section rt_ix_scatter needs rt_ix_macros
/* ScatterND (rt_scatter_nd_params); tuples out of range are skipped. */
#define RT_IX_SCATTER_ND(name, T, TYPE) RT_IX_SCATTER_ND_(name, T, TYPE)
#define RT_IX_SCATTER_ND_(name, T, A, LOAD, STORE, ADD, MUL, NAN)                  \
    static void name(const rt_scatter_nd_params *p, const T *x, const int64_t *indices, const T *updates, T *y) \
    {                                                                              \
        const int64_t *ind = indices;                                              \
        const T *u = updates;                                                      \
        int64_t red = p->reduction, k = p->tuple_len, slice = p->slice;            \
        const int64_t *dims = p->dims, *st = p->strides;                           \
        if (y != x) memcpy(y, x, (size_t)p->total * sizeof(T));                    \
        for (int64_t j = 0; j < p->tuples; j++, ind += k, u += slice) {            \
            int64_t off = 0;                                                       \
            int ok = 1;                                                            \
            for (int64_t d = 0; d < k; d++) {                                      \
                int64_t i = ind[d];                                                \
                if (i < 0) i += dims[d];                                           \
                if (i < 0 || i >= dims[d]) ok = 0;                                 \
                else off += i * st[d];                                             \
            }                                                                      \
            if (!ok) continue;                                                     \
            if (red == RT_SCATTER_NONE) {                                          \
                memcpy(y + off, u, (size_t)slice * sizeof(T));                     \
                continue;                                                          \
            }                                                                      \
            for (int64_t e = 0; e < slice; e++) {                                  \
                A a = LOAD(y[off + e]), b = LOAD(u[e]);                            \
                y[off + e] = STORE(RT_IX_COMBINE(red, a, b, ADD, MUL, NAN));       \
            }                                                                      \
        }                                                                          \
    }

/* ScatterElements (rt_scatter_elements_params); indices out of range are skipped. */
#define RT_IX_SCATTER_ELEMENTS(name, T, TYPE) RT_IX_SCATTER_ELEMENTS_(name, T, TYPE)
#define RT_IX_SCATTER_ELEMENTS_(name, T, A, LOAD, STORE, ADD, MUL, NAN)            \
    static void name(const rt_scatter_elements_params *p, const T *x, const int64_t *indices, const T *updates, \
                     T *y)                                                         \
    {                                                                              \
        const int64_t *ind = indices;                                              \
        const T *u = updates;                                                      \
        int64_t red = p->reduction, n = p->axis_size, idx[RT_MAX_RANK] = {0};     \
        int rank = (int)p->rank, axis = (int)p->axis;                              \
        const int64_t *dims = p->update_dims, *st = p->data_strides;               \
        int64_t count = 1, base = 0;                                               \
        if (y != x) memcpy(y, x, (size_t)p->total * sizeof(T));                    \
        for (int d = 0; d < rank; d++) count *= dims[d];                           \
        for (int64_t e = 0; e < count; e++) {                                      \
            int64_t i = ind[e];                                                    \
            if (i < 0) i += n;                                                     \
            if (i >= 0 && i < n) {                                                 \
                int64_t off = base + i * st[axis];                                 \
                if (red == RT_SCATTER_NONE) y[off] = u[e];                         \
                else {                                                             \
                    A a = LOAD(y[off]), b = LOAD(u[e]);                            \
                    y[off] = STORE(RT_IX_COMBINE(red, a, b, ADD, MUL, NAN));       \
                }                                                                  \
            }                                                                      \
            for (int d = rank - 1; d >= 0; d--) { /* next position, axis excluded */ \
                if (d != axis) base += st[d];                                      \
                if (++idx[d] < dims[d]) break;                                     \
                if (d != axis) base -= st[d] * dims[d];                            \
                idx[d] = 0;                                                        \
            }                                                                      \
        }                                                                          \
    }
//@end

//@section rt_ix_onehot
/* OneHot (rt_onehot_params): y[o, d, i] = values[1] if index[o, i] == d
   else values[0]; an index out of range gives a row of values[0]. */
#define RT_IX_ONEHOT(name, T)                                                      \
    static void name(const rt_onehot_params *p, const int64_t *indices, const void *values, void *out) \
    {                                                                              \
        const T *v = (const T *)values;                                            \
        T *y = (T *)out;                                                           \
        int64_t depth = p->depth, inner = p->inner;                                \
        for (int64_t o = 0; o < p->outer; o++)                                     \
            for (int64_t i = 0; i < inner; i++) {                                  \
                int64_t k = indices[o * inner + i];                                \
                if (k < 0 && p->allow_negative) k += depth;                        \
                for (int64_t d = 0; d < depth; d++)                                \
                    y[(o * depth + d) * inner + i] = v[d == k ? 1 : 0];            \
            }                                                                      \
    }
//@end

//@section rt_ix_trilu
/* Trilu (rt_trilu_params): y keeps the elements on the kept side of
   diagonal k and zeroes the rest. */
#define RT_IX_TRILU(name, T)                                                       \
    static void name(const rt_trilu_params *p, const void *in, void *out)          \
    {                                                                              \
        const T *x = (const T *)in;                                                \
        T *y = (T *)out;                                                           \
        int64_t rows = p->rows, cols = p->cols, upper = p->upper, k = p->k;        \
        for (int64_t b = 0; b < p->batch; b++)                                     \
            for (int64_t i = 0; i < rows; i++, x += cols, y += cols)               \
                for (int64_t j = 0; j < cols; j++) {                               \
                    int keep = upper ? j - i >= k : j - i <= k;                    \
                    if (keep) y[j] = x[j];                                         \
                    else memset(&y[j], 0, sizeof(T));                              \
                }                                                                  \
    }
//@end

//@section rt_ix_eyelike
/* EyeLike (rt_eyelike_params); one: one element of y's type. */
#define RT_IX_EYELIKE(name, T)                                                     \
    static void name(const rt_eyelike_params *p, const void *one, void *out)       \
    {                                                                              \
        T *y = (T *)out;                                                           \
        int64_t rows = p->rows, cols = p->cols, k = p->k;                          \
        memset(y, 0, (size_t)(rows * cols) * sizeof(T));                           \
        for (int64_t i = 0; i < rows; i++)                                         \
            if (i + k >= 0 && i + k < cols) y[i * cols + i + k] = *(const T *)one; \
    }
//@end

//@section rt_ix_cumsum needs rt_ix_macros
/* CumSum and CumProd (rt_cumsum_params): one scan, PRODUCT (a constant 0
   or 1 per instance) picks the operation and its starting value. */
#define RT_IX_CUMSUM(name, T, TYPE) RT_IX_SCAN(name, T, 0, TYPE)
#define RT_IX_CUMPROD(name, T, TYPE) RT_IX_SCAN(name, T, 1, TYPE)
#define RT_IX_SCAN(name, T, PRODUCT, A, LOAD, STORE, ADD, MUL, NAN)                \
    static void name(const rt_cumsum_params *p, const T *x, T *y)                  \
    {                                                                              \
        int64_t n = p->axis_size, inner = p->inner;                                \
        for (int64_t o = 0; o < p->outer; o++)                                     \
            for (int64_t i = 0; i < inner; i++) {                                  \
                A acc = PRODUCT ? 1 : 0;                                           \
                for (int64_t s = 0; s < n; s++) {                                  \
                    int64_t j = p->reverse ? n - 1 - s : s, at = (o * n + j) * inner + i; \
                    A v = LOAD(x[at]);                                             \
                    if (p->exclusive) y[at] = STORE(acc);                          \
                    acc = PRODUCT ? MUL(acc, v) : ADD(acc, v);                     \
                    if (!p->exclusive) y[at] = STORE(acc);                         \
                }                                                                  \
            }                                                                      \
    }
//@end

//@section rt_ix_topk needs rt_ix_macros
/* TopK (rt_topk_params): the k largest (or smallest) elements, best first;
   equal values keep their order (lower index first); NaN counts as larger
   than any number. */
#define RT_IX_TOPK(name, T, TYPE) RT_IX_TOPK_(name, T, TYPE)
#define RT_IX_TOPK_(name, T, A, LOAD, STORE, ADD, MUL, NAN)                        \
    static void name(const rt_topk_params *p, const T *x, T *vals, int64_t *inds, void *scratch) \
    {                                                                              \
        int64_t *best = (int64_t *)scratch;                                        \
        int64_t n = p->axis_size, inner = p->inner, k = p->k, largest = p->largest; \
        for (int64_t o = 0; o < p->outer; o++)                                     \
            for (int64_t i = 0; i < inner; i++) {                                  \
                const T *xs = x + o * n * inner + i;                               \
                int64_t have = 0;                                                  \
                for (int64_t j = 0; j < n; j++) {                                  \
                    A v = LOAD(xs[j * inner]);                                     \
                    int64_t pos = have;                                            \
                    while (pos > 0) { /* is v strictly better than best[pos-1]? */ \
                        A w = LOAD(xs[best[pos - 1] * inner]);                     \
                        int better = largest ? (v > w || (NAN(v) && !NAN(w)))      \
                                             : (v < w || (NAN(w) && !NAN(v)));     \
                        if (!better) break;                                        \
                        pos--;                                                     \
                    }                                                              \
                    if (pos >= k) continue;                                        \
                    if (have < k) have++;                                          \
                    for (int64_t q = have - 1; q > pos; q--) best[q] = best[q - 1]; \
                    best[pos] = j;                                                 \
                }                                                                  \
                for (int64_t q = 0; q < k; q++) {                                  \
                    vals[(o * k + q) * inner + i] = xs[best[q] * inner];           \
                    inds[(o * k + q) * inner + i] = best[q];                       \
                }                                                                  \
            }                                                                      \
    }
//@end

/* instances: x8 x16 x32 x64
   @kernel rt_gather_nd_$s(rt_gather_nd_params, data, indices, y) needs rt_ix_gather_nd
   RT_IX_GATHER_ND(rt_gather_nd_$s, $t)
*/
//@kernel rt_gather_nd_x8(rt_gather_nd_params, data, indices, y) needs rt_ix_gather_nd
RT_IX_GATHER_ND(rt_gather_nd_x8, uint8_t)
//@end
//@kernel rt_gather_nd_x16(rt_gather_nd_params, data, indices, y) needs rt_ix_gather_nd
RT_IX_GATHER_ND(rt_gather_nd_x16, uint16_t)
//@end
//@kernel rt_gather_nd_x32(rt_gather_nd_params, data, indices, y) needs rt_ix_gather_nd
RT_IX_GATHER_ND(rt_gather_nd_x32, uint32_t)
//@end
//@kernel rt_gather_nd_x64(rt_gather_nd_params, data, indices, y) needs rt_ix_gather_nd
RT_IX_GATHER_ND(rt_gather_nd_x64, uint64_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_onehot_$s(rt_onehot_params, indices, values, y) needs rt_ix_onehot
   RT_IX_ONEHOT(rt_onehot_$s, $t)
*/
//@kernel rt_onehot_x8(rt_onehot_params, indices, values, y) needs rt_ix_onehot
RT_IX_ONEHOT(rt_onehot_x8, uint8_t)
//@end
//@kernel rt_onehot_x16(rt_onehot_params, indices, values, y) needs rt_ix_onehot
RT_IX_ONEHOT(rt_onehot_x16, uint16_t)
//@end
//@kernel rt_onehot_x32(rt_onehot_params, indices, values, y) needs rt_ix_onehot
RT_IX_ONEHOT(rt_onehot_x32, uint32_t)
//@end
//@kernel rt_onehot_x64(rt_onehot_params, indices, values, y) needs rt_ix_onehot
RT_IX_ONEHOT(rt_onehot_x64, uint64_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_trilu_$s(rt_trilu_params, x, y) needs rt_ix_trilu
   RT_IX_TRILU(rt_trilu_$s, $t)
*/
//@kernel rt_trilu_x8(rt_trilu_params, x, y) needs rt_ix_trilu
RT_IX_TRILU(rt_trilu_x8, uint8_t)
//@end
//@kernel rt_trilu_x16(rt_trilu_params, x, y) needs rt_ix_trilu
RT_IX_TRILU(rt_trilu_x16, uint16_t)
//@end
//@kernel rt_trilu_x32(rt_trilu_params, x, y) needs rt_ix_trilu
RT_IX_TRILU(rt_trilu_x32, uint32_t)
//@end
//@kernel rt_trilu_x64(rt_trilu_params, x, y) needs rt_ix_trilu
RT_IX_TRILU(rt_trilu_x64, uint64_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_eyelike_$s(rt_eyelike_params, one, y) needs rt_ix_eyelike
   RT_IX_EYELIKE(rt_eyelike_$s, $t)
*/
//@kernel rt_eyelike_x8(rt_eyelike_params, one, y) needs rt_ix_eyelike
RT_IX_EYELIKE(rt_eyelike_x8, uint8_t)
//@end
//@kernel rt_eyelike_x16(rt_eyelike_params, one, y) needs rt_ix_eyelike
RT_IX_EYELIKE(rt_eyelike_x16, uint16_t)
//@end
//@kernel rt_eyelike_x32(rt_eyelike_params, one, y) needs rt_ix_eyelike
RT_IX_EYELIKE(rt_eyelike_x32, uint32_t)
//@end
//@kernel rt_eyelike_x64(rt_eyelike_params, one, y) needs rt_ix_eyelike
RT_IX_EYELIKE(rt_eyelike_x64, uint64_t)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16 i8 i16 i32 i64 u8 u16 u32 u64 bool
   @kernel rt_scatter_nd_$s(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
   RT_IX_SCATTER_ND(rt_scatter_nd_$s, $t, RT_IX_TYPE_$s)
*/
//@kernel rt_scatter_nd_f32(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_f32, float, RT_IX_TYPE_f32)
//@end
//@kernel rt_scatter_nd_f64(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_f64, double, RT_IX_TYPE_f64)
//@end
//@kernel rt_scatter_nd_f16(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_f16, uint16_t, RT_IX_TYPE_f16)
//@end
//@kernel rt_scatter_nd_bf16(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_bf16, uint16_t, RT_IX_TYPE_bf16)
//@end
//@kernel rt_scatter_nd_i8(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_i8, int8_t, RT_IX_TYPE_i8)
//@end
//@kernel rt_scatter_nd_i16(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_i16, int16_t, RT_IX_TYPE_i16)
//@end
//@kernel rt_scatter_nd_i32(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_i32, int32_t, RT_IX_TYPE_i32)
//@end
//@kernel rt_scatter_nd_i64(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_i64, int64_t, RT_IX_TYPE_i64)
//@end
//@kernel rt_scatter_nd_u8(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_u8, uint8_t, RT_IX_TYPE_u8)
//@end
//@kernel rt_scatter_nd_u16(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_u16, uint16_t, RT_IX_TYPE_u16)
//@end
//@kernel rt_scatter_nd_u32(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_u32, uint32_t, RT_IX_TYPE_u32)
//@end
//@kernel rt_scatter_nd_u64(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_u64, uint64_t, RT_IX_TYPE_u64)
//@end
//@kernel rt_scatter_nd_bool(rt_scatter_nd_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_bool, uint8_t, RT_IX_TYPE_bool)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16 i8 i16 i32 i64 u8 u16 u32 u64 bool
   @kernel rt_scatter_elements_$s(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
   RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_$s, $t, RT_IX_TYPE_$s)
*/
//@kernel rt_scatter_elements_f32(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_f32, float, RT_IX_TYPE_f32)
//@end
//@kernel rt_scatter_elements_f64(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_f64, double, RT_IX_TYPE_f64)
//@end
//@kernel rt_scatter_elements_f16(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_f16, uint16_t, RT_IX_TYPE_f16)
//@end
//@kernel rt_scatter_elements_bf16(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_bf16, uint16_t, RT_IX_TYPE_bf16)
//@end
//@kernel rt_scatter_elements_i8(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_i8, int8_t, RT_IX_TYPE_i8)
//@end
//@kernel rt_scatter_elements_i16(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_i16, int16_t, RT_IX_TYPE_i16)
//@end
//@kernel rt_scatter_elements_i32(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_i32, int32_t, RT_IX_TYPE_i32)
//@end
//@kernel rt_scatter_elements_i64(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_i64, int64_t, RT_IX_TYPE_i64)
//@end
//@kernel rt_scatter_elements_u8(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_u8, uint8_t, RT_IX_TYPE_u8)
//@end
//@kernel rt_scatter_elements_u16(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_u16, uint16_t, RT_IX_TYPE_u16)
//@end
//@kernel rt_scatter_elements_u32(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_u32, uint32_t, RT_IX_TYPE_u32)
//@end
//@kernel rt_scatter_elements_u64(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_u64, uint64_t, RT_IX_TYPE_u64)
//@end
//@kernel rt_scatter_elements_bool(rt_scatter_elements_params, data, indices, updates, y) needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_bool, uint8_t, RT_IX_TYPE_bool)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16 i8 i16 i32 i64 u8 u16 u32 u64
   @kernel rt_cumsum_$s(rt_cumsum_params, x, y) needs rt_ix_cumsum
   RT_IX_CUMSUM(rt_cumsum_$s, $t, RT_IX_TYPE_$s)
*/
//@kernel rt_cumsum_f32(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_f32, float, RT_IX_TYPE_f32)
//@end
//@kernel rt_cumsum_f64(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_f64, double, RT_IX_TYPE_f64)
//@end
//@kernel rt_cumsum_f16(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_f16, uint16_t, RT_IX_TYPE_f16)
//@end
//@kernel rt_cumsum_bf16(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_bf16, uint16_t, RT_IX_TYPE_bf16)
//@end
//@kernel rt_cumsum_i8(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_i8, int8_t, RT_IX_TYPE_i8)
//@end
//@kernel rt_cumsum_i16(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_i16, int16_t, RT_IX_TYPE_i16)
//@end
//@kernel rt_cumsum_i32(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_i32, int32_t, RT_IX_TYPE_i32)
//@end
//@kernel rt_cumsum_i64(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_i64, int64_t, RT_IX_TYPE_i64)
//@end
//@kernel rt_cumsum_u8(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_u8, uint8_t, RT_IX_TYPE_u8)
//@end
//@kernel rt_cumsum_u16(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_u16, uint16_t, RT_IX_TYPE_u16)
//@end
//@kernel rt_cumsum_u32(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_u32, uint32_t, RT_IX_TYPE_u32)
//@end
//@kernel rt_cumsum_u64(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_u64, uint64_t, RT_IX_TYPE_u64)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16 i8 i16 i32 i64 u8 u16 u32 u64
   @kernel rt_cumprod_$s(rt_cumsum_params, x, y) needs rt_ix_cumsum
   RT_IX_CUMPROD(rt_cumprod_$s, $t, RT_IX_TYPE_$s)
*/
//@kernel rt_cumprod_f32(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_f32, float, RT_IX_TYPE_f32)
//@end
//@kernel rt_cumprod_f64(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_f64, double, RT_IX_TYPE_f64)
//@end
//@kernel rt_cumprod_f16(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_f16, uint16_t, RT_IX_TYPE_f16)
//@end
//@kernel rt_cumprod_bf16(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_bf16, uint16_t, RT_IX_TYPE_bf16)
//@end
//@kernel rt_cumprod_i8(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_i8, int8_t, RT_IX_TYPE_i8)
//@end
//@kernel rt_cumprod_i16(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_i16, int16_t, RT_IX_TYPE_i16)
//@end
//@kernel rt_cumprod_i32(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_i32, int32_t, RT_IX_TYPE_i32)
//@end
//@kernel rt_cumprod_i64(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_i64, int64_t, RT_IX_TYPE_i64)
//@end
//@kernel rt_cumprod_u8(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_u8, uint8_t, RT_IX_TYPE_u8)
//@end
//@kernel rt_cumprod_u16(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_u16, uint16_t, RT_IX_TYPE_u16)
//@end
//@kernel rt_cumprod_u32(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_u32, uint32_t, RT_IX_TYPE_u32)
//@end
//@kernel rt_cumprod_u64(rt_cumsum_params, x, y) needs rt_ix_cumsum
RT_IX_CUMPROD(rt_cumprod_u64, uint64_t, RT_IX_TYPE_u64)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16 i8 i16 i32 i64 u8 u16 u32 u64
   @kernel rt_topk_$s(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
   RT_IX_TOPK(rt_topk_$s, $t, RT_IX_TYPE_$s)
*/
//@kernel rt_topk_f32(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_f32, float, RT_IX_TYPE_f32)
//@end
//@kernel rt_topk_f64(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_f64, double, RT_IX_TYPE_f64)
//@end
//@kernel rt_topk_f16(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_f16, uint16_t, RT_IX_TYPE_f16)
//@end
//@kernel rt_topk_bf16(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_bf16, uint16_t, RT_IX_TYPE_bf16)
//@end
//@kernel rt_topk_i8(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_i8, int8_t, RT_IX_TYPE_i8)
//@end
//@kernel rt_topk_i16(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_i16, int16_t, RT_IX_TYPE_i16)
//@end
//@kernel rt_topk_i32(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_i32, int32_t, RT_IX_TYPE_i32)
//@end
//@kernel rt_topk_i64(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_i64, int64_t, RT_IX_TYPE_i64)
//@end
//@kernel rt_topk_u8(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_u8, uint8_t, RT_IX_TYPE_u8)
//@end
//@kernel rt_topk_u16(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_u16, uint16_t, RT_IX_TYPE_u16)
//@end
//@kernel rt_topk_u32(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_u32, uint32_t, RT_IX_TYPE_u32)
//@end
//@kernel rt_topk_u64(rt_topk_params, x, values, indices, scratch) needs rt_ix_topk
RT_IX_TOPK(rt_topk_u64, uint64_t, RT_IX_TYPE_u64)
//@end
/* end of instances */
