/* Indexing kernels: GatherND, ScatterND, ScatterElements (and Scatter),
   OneHot, Trilu, CumSum, TopK, EyeLike. Lowering is in ops/indexing.c.

   Indices are always int64 here: lowering casts int32 (OneHot: any numeric
   type) indices to int64 first. Indices are read at run time, so every
   kernel checks them: negative indices count from the end where the op
   allows it, and an index still out of range reads zeros (gathers) or is
   skipped (scatters) instead of touching memory outside the tensors.

   Typed kernels (rt_<op>_<suffix>) compute in an accumulator type A:
   double for f32/f64, float for f16/bf16, int64_t / uint64_t for integers
   (sums and products wrap), and 0/1 for bool (add = or, mul = and). */
#include "rt.h"

//@section rt_ix_macros needs rt_half
/* Loads and stores between element types and accumulators. */
#define RT_IX_ID(x) (x)
#define RT_IX_F32(x) ((float)(x))
#define RT_IX_STORE_BOOL(x) ((uint8_t)((x) != 0))
#define RT_IX_F16_STORE(x) rt_f32_to_f16((float)(x))
#define RT_IX_BF16_STORE(x) rt_f32_to_bf16((float)(x))
/* Combining two accumulators; signed integers wrap through uint64_t. */
#define RT_IX_ADD(a, b) ((a) + (b))
#define RT_IX_MUL(a, b) ((a) * (b))
#define RT_IX_SADD(a, b) ((int64_t)((uint64_t)(a) + (uint64_t)(b)))
#define RT_IX_SMUL(a, b) ((int64_t)((uint64_t)(a) * (uint64_t)(b)))
#define RT_IX_ISNAN(x) ((x) != (x))
#define RT_IX_NONAN(x) 0
#define RT_IX_OR(a, b) ((a) | (b))
#define RT_IX_AND(a, b) ((a) & (b))
/* Reduction codes of ScatterND / ScatterElements: 0 none, 1 add, 2 mul, 3 max, 4 min
   (NaN wins in max and min). */
#define RT_IX_COMBINE(red, a, b, ADD, MUL, NAN)                                        \
    ((red) == 1 ? ADD(a, b)                                                        \
     : (red) == 2 ? MUL(a, b)                                                      \
     : (red) == 3 ? (((b) > (a) || NAN(b)) ? (b) : (a))                              \
     : (red) == 4 ? (((b) < (a) || NAN(b)) ? (b) : (a))                              \
                  : (b))
//@end

//@section rt_ix_gather_nd
/* GatherND. Data viewed as [B, rest...] with B = product of the batch
   dimensions; indices as [B, nidx, k]; y as [B, nidx, slice] where slice is
   the product of the data dimensions after the first batch_dims + k.
   t = {data, indices (int64), y};
   p = {B, nidx, k, slice, batch_stride, dims[k], strides[k]}: batch_stride =
   data elements per batch entry, dims/strides = the indexed data dimensions
   and their strides (elements). Negative indices count from the end; a tuple
   out of range gives zeros. */
#define RT_IX_GATHER_ND(name, T)                                                    \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        const int64_t *ind = (const int64_t *)t[1];                                \
        T *y = (T *)t[2];                                                          \
        int64_t B = p[0], nidx = p[1], k = p[2], slice = p[3], bs = p[4];          \
        const int64_t *dims = p + 5, *st = p + 5 + k;                              \
        RT_UNUSED(f);                                                              \
        for (int64_t b = 0; b < B; b++)                                            \
            for (int64_t j = 0; j < nidx; j++, ind += k, y += slice) {             \
                int64_t off = b * bs;                                              \
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
/* ScatterND. y = copy of data, then for each of the nidx index tuples (k
   entries each) the slice of `slice` elements of updates goes to (or is
   combined into) y at the tuple's position.
   t = {data, indices (int64), updates, y};
   p = {reduction, total, nidx, k, slice, dims[k], strides[k]}: total = data
   elements, dims/strides = the first k data dimensions and their strides.
   Negative indices count from the end; tuples out of range are skipped. */
#define RT_IX_SCATTER_ND(name, T, A, LOAD, STORE, ADD, MUL, NAN)                         \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0], *u = (const T *)t[2];                        \
        const int64_t *ind = (const int64_t *)t[1];                                \
        T *y = (T *)t[3];                                                          \
        int64_t red = p[0], total = p[1], nidx = p[2], k = p[3], slice = p[4];     \
        const int64_t *dims = p + 5, *st = p + 5 + k;                              \
        RT_UNUSED(f);                                                              \
        if (y != x) memcpy(y, x, (size_t)total * sizeof(T));                       \
        for (int64_t j = 0; j < nidx; j++, ind += k, u += slice) {                 \
            int64_t off = 0;                                                       \
            int ok = 1;                                                            \
            for (int64_t d = 0; d < k; d++) {                                      \
                int64_t i = ind[d];                                                \
                if (i < 0) i += dims[d];                                           \
                if (i < 0 || i >= dims[d]) ok = 0;                                 \
                else off += i * st[d];                                             \
            }                                                                      \
            if (!ok) continue;                                                     \
            if (red == 0) {                                                        \
                memcpy(y + off, u, (size_t)slice * sizeof(T));                     \
                continue;                                                          \
            }                                                                      \
            for (int64_t e = 0; e < slice; e++) {                                  \
                A a = LOAD(y[off + e]), b = LOAD(u[e]);                            \
                y[off + e] = STORE(RT_IX_COMBINE(red, a, b, ADD, MUL, NAN));            \
            }                                                                      \
        }                                                                          \
    }

/* ScatterElements. y = copy of data, then every element of updates goes to
   (or is combined into) y at its own position with the axis coordinate
   replaced by the matching index.
   t = {data, indices (int64, updates' shape), updates, y};
   p = {reduction, total, rank, axis, axis_dim, upd_dims[rank], data_strides[rank]}.
   Negative indices count from the end; indices out of range are skipped. */
#define RT_IX_SCATTER_ELEMENTS(name, T, A, LOAD, STORE, ADD, MUL, NAN)                   \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0], *u = (const T *)t[2];                        \
        const int64_t *ind = (const int64_t *)t[1];                                \
        T *y = (T *)t[3];                                                          \
        int64_t red = p[0], total = p[1], n = p[4], idx[RT_MAX_RANK] = {0};        \
        int rank = (int)p[2], axis = (int)p[3];                                    \
        const int64_t *dims = p + 5, *st = p + 5 + rank;                           \
        int64_t count = 1, base = 0;                                               \
        RT_UNUSED(f);                                                              \
        if (y != x) memcpy(y, x, (size_t)total * sizeof(T));                       \
        for (int d = 0; d < rank; d++) count *= dims[d];                           \
        for (int64_t e = 0; e < count; e++) {                                      \
            int64_t i = ind[e];                                                    \
            if (i < 0) i += n;                                                     \
            if (i >= 0 && i < n) {                                                 \
                int64_t off = base + i * st[axis];                                 \
                if (red == 0) y[off] = u[e];                                       \
                else {                                                             \
                    A a = LOAD(y[off]), b = LOAD(u[e]);                            \
                    y[off] = STORE(RT_IX_COMBINE(red, a, b, ADD, MUL, NAN));            \
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
/* OneHot. Indices viewed as [outer, inner], y as [outer, depth, inner]:
   y[o, d, i] = values[1] if index[o, i] == d else values[0]. With
   allow_negative (opset 11+) an index in [-depth, -1] counts from the end;
   any other index out of range gives a row of values[0].
   t = {indices (int64), values (2 elements), y}; p = {outer, depth, inner, allow_negative}. */
#define RT_IX_ONEHOT(name, T)                                                       \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const int64_t *ind = (const int64_t *)t[0];                                \
        const T *v = (const T *)t[1];                                              \
        T *y = (T *)t[2];                                                          \
        int64_t outer = p[0], depth = p[1], inner = p[2], neg = p[3];              \
        RT_UNUSED(f);                                                              \
        for (int64_t o = 0; o < outer; o++)                                        \
            for (int64_t i = 0; i < inner; i++) {                                  \
                int64_t k = ind[o * inner + i];                                    \
                if (k < 0 && neg) k += depth;                                      \
                for (int64_t d = 0; d < depth; d++)                                \
                    y[(o * depth + d) * inner + i] = v[d == k ? 1 : 0];            \
            }                                                                      \
    }
//@end

//@section rt_ix_trilu
/* Trilu: x and y viewed as [batch, rows, cols]; y keeps the elements with
   j - i >= k (upper) or j - i <= k (lower) and zeroes the rest.
   t = {x, y}; p = {batch, rows, cols, upper, k}. */
#define RT_IX_TRILU(name, T)                                                        \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        T *y = (T *)t[1];                                                          \
        int64_t batch = p[0], rows = p[1], cols = p[2], upper = p[3], k = p[4];    \
        RT_UNUSED(f);                                                              \
        for (int64_t b = 0; b < batch; b++)                                        \
            for (int64_t i = 0; i < rows; i++, x += cols, y += cols)               \
                for (int64_t j = 0; j < cols; j++) {                               \
                    int keep = upper ? j - i >= k : j - i <= k;                    \
                    if (keep) y[j] = x[j];                                         \
                    else memset(&y[j], 0, sizeof(T));                              \
                }                                                                  \
    }
//@end

//@section rt_ix_eyelike
/* EyeLike: y [rows, cols] is zero except y[i, i + k] = *one.
   t = {one (one element of y's type), y}; p = {rows, cols, k}. */
#define RT_IX_EYELIKE(name, T)                                                      \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *one = (const T *)t[0];                                            \
        T *y = (T *)t[1];                                                          \
        int64_t rows = p[0], cols = p[1], k = p[2];                                \
        RT_UNUSED(f);                                                              \
        memset(y, 0, (size_t)(rows * cols) * sizeof(T));                           \
        for (int64_t i = 0; i < rows; i++)                                         \
            if (i + k >= 0 && i + k < cols) y[i * cols + i + k] = *one;            \
    }
//@end

//@section rt_ix_cumsum needs rt_ix_macros
/* CumSum along one axis: x and y viewed as [outer, n, inner];
   exclusive leaves out the element itself, reverse sums from the end.
   t = {x, y}; p = {outer, n, inner, exclusive, reverse}. */
#define RT_IX_CUMSUM(name, T, A, LOAD, STORE, ADD, MUL, NAN)                             \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        T *y = (T *)t[1];                                                          \
        int64_t outer = p[0], n = p[1], inner = p[2], excl = p[3], rev = p[4];     \
        RT_UNUSED(f);                                                              \
        for (int64_t o = 0; o < outer; o++)                                        \
            for (int64_t i = 0; i < inner; i++) {                                  \
                A acc = 0;                                                         \
                for (int64_t s = 0; s < n; s++) {                                  \
                    int64_t j = rev ? n - 1 - s : s, at = (o * n + j) * inner + i; \
                    A v = LOAD(x[at]);                                             \
                    if (excl) {                                                    \
                        y[at] = STORE(acc);                                        \
                        acc = ADD(acc, v);                                         \
                    } else {                                                       \
                        acc = ADD(acc, v);                                         \
                        y[at] = STORE(acc);                                        \
                    }                                                              \
                }                                                                  \
            }                                                                      \
    }
//@end

//@section rt_ix_topk needs rt_ix_macros
/* TopK along one axis: x viewed as [outer, n, inner], values and indices
   (int64) as [outer, k, inner]. The k largest (or smallest) elements, best
   first; equal values keep their order (lower index first); NaN counts as
   larger than any number.
   t = {x, values, indices, scratch (k int64)}; p = {outer, n, inner, k, largest}. */
#define RT_IX_TOPK(name, T, A, LOAD, NAN)                                               \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        T *vals = (T *)t[1];                                                       \
        int64_t *inds = (int64_t *)t[2], *best = (int64_t *)t[3];                  \
        int64_t outer = p[0], n = p[1], inner = p[2], k = p[3], largest = p[4];    \
        RT_UNUSED(f);                                                              \
        for (int64_t o = 0; o < outer; o++)                                        \
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
//@kernel rt_gather_nd_x8 needs rt_ix_gather_nd
RT_IX_GATHER_ND(rt_gather_nd_x8, uint8_t)
//@end

//@kernel rt_onehot_x8 needs rt_ix_onehot
RT_IX_ONEHOT(rt_onehot_x8, uint8_t)
//@end

//@kernel rt_trilu_x8 needs rt_ix_trilu
RT_IX_TRILU(rt_trilu_x8, uint8_t)
//@end

//@kernel rt_eyelike_x8 needs rt_ix_eyelike
RT_IX_EYELIKE(rt_eyelike_x8, uint8_t)
//@end

//@kernel rt_gather_nd_x16 needs rt_ix_gather_nd
RT_IX_GATHER_ND(rt_gather_nd_x16, uint16_t)
//@end

//@kernel rt_onehot_x16 needs rt_ix_onehot
RT_IX_ONEHOT(rt_onehot_x16, uint16_t)
//@end

//@kernel rt_trilu_x16 needs rt_ix_trilu
RT_IX_TRILU(rt_trilu_x16, uint16_t)
//@end

//@kernel rt_eyelike_x16 needs rt_ix_eyelike
RT_IX_EYELIKE(rt_eyelike_x16, uint16_t)
//@end

//@kernel rt_gather_nd_x32 needs rt_ix_gather_nd
RT_IX_GATHER_ND(rt_gather_nd_x32, uint32_t)
//@end

//@kernel rt_onehot_x32 needs rt_ix_onehot
RT_IX_ONEHOT(rt_onehot_x32, uint32_t)
//@end

//@kernel rt_trilu_x32 needs rt_ix_trilu
RT_IX_TRILU(rt_trilu_x32, uint32_t)
//@end

//@kernel rt_eyelike_x32 needs rt_ix_eyelike
RT_IX_EYELIKE(rt_eyelike_x32, uint32_t)
//@end

//@kernel rt_gather_nd_x64 needs rt_ix_gather_nd
RT_IX_GATHER_ND(rt_gather_nd_x64, uint64_t)
//@end

//@kernel rt_onehot_x64 needs rt_ix_onehot
RT_IX_ONEHOT(rt_onehot_x64, uint64_t)
//@end

//@kernel rt_trilu_x64 needs rt_ix_trilu
RT_IX_TRILU(rt_trilu_x64, uint64_t)
//@end

//@kernel rt_eyelike_x64 needs rt_ix_eyelike
RT_IX_EYELIKE(rt_eyelike_x64, uint64_t)
//@end

//@kernel rt_scatter_nd_f32 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_f32, float, double, RT_IX_ID, RT_IX_F32, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN)
//@end

//@kernel rt_scatter_elements_f32 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_f32, float, double, RT_IX_ID, RT_IX_F32, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN)
//@end

//@kernel rt_cumsum_f32 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_f32, float, double, RT_IX_ID, RT_IX_F32, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN)
//@end

//@kernel rt_topk_f32 needs rt_ix_topk
RT_IX_TOPK(rt_topk_f32, float, double, RT_IX_ID, RT_IX_ISNAN)
//@end

//@kernel rt_scatter_nd_f64 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_f64, double, double, RT_IX_ID, RT_IX_ID, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN)
//@end

//@kernel rt_scatter_elements_f64 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_f64, double, double, RT_IX_ID, RT_IX_ID, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN)
//@end

//@kernel rt_cumsum_f64 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_f64, double, double, RT_IX_ID, RT_IX_ID, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN)
//@end

//@kernel rt_topk_f64 needs rt_ix_topk
RT_IX_TOPK(rt_topk_f64, double, double, RT_IX_ID, RT_IX_ISNAN)
//@end

//@kernel rt_scatter_nd_f16 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_f16, uint16_t, float, rt_f16_to_f32, RT_IX_F16_STORE, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN)
//@end

//@kernel rt_scatter_elements_f16 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_f16, uint16_t, float, rt_f16_to_f32, RT_IX_F16_STORE, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN)
//@end

//@kernel rt_cumsum_f16 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_f16, uint16_t, float, rt_f16_to_f32, RT_IX_F16_STORE, RT_IX_ADD, RT_IX_MUL, RT_IX_ISNAN)
//@end

//@kernel rt_topk_f16 needs rt_ix_topk
RT_IX_TOPK(rt_topk_f16, uint16_t, float, rt_f16_to_f32, RT_IX_ISNAN)
//@end

//@kernel rt_scatter_nd_bf16 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_bf16, uint16_t, float, rt_bf16_to_f32, RT_IX_BF16_STORE, RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_scatter_elements_bf16 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_bf16, uint16_t, float, rt_bf16_to_f32, RT_IX_BF16_STORE, RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_cumsum_bf16 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_bf16, uint16_t, float, rt_bf16_to_f32, RT_IX_BF16_STORE, RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_topk_bf16 needs rt_ix_topk
RT_IX_TOPK(rt_topk_bf16, uint16_t, float, rt_bf16_to_f32, RT_IX_NONAN)
//@end

//@kernel rt_scatter_nd_i8 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_i8, int8_t, int64_t, RT_IX_ID, (int8_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_scatter_elements_i8 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_i8, int8_t, int64_t, RT_IX_ID, (int8_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_cumsum_i8 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_i8, int8_t, int64_t, RT_IX_ID, (int8_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_topk_i8 needs rt_ix_topk
RT_IX_TOPK(rt_topk_i8, int8_t, int64_t, RT_IX_ID, RT_IX_NONAN)
//@end

//@kernel rt_scatter_nd_i16 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_i16, int16_t, int64_t, RT_IX_ID, (int16_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_scatter_elements_i16 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_i16, int16_t, int64_t, RT_IX_ID, (int16_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_cumsum_i16 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_i16, int16_t, int64_t, RT_IX_ID, (int16_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_topk_i16 needs rt_ix_topk
RT_IX_TOPK(rt_topk_i16, int16_t, int64_t, RT_IX_ID, RT_IX_NONAN)
//@end

//@kernel rt_scatter_nd_i32 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_i32, int32_t, int64_t, RT_IX_ID, (int32_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_scatter_elements_i32 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_i32, int32_t, int64_t, RT_IX_ID, (int32_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_cumsum_i32 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_i32, int32_t, int64_t, RT_IX_ID, (int32_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_topk_i32 needs rt_ix_topk
RT_IX_TOPK(rt_topk_i32, int32_t, int64_t, RT_IX_ID, RT_IX_NONAN)
//@end

//@kernel rt_scatter_nd_i64 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_i64, int64_t, int64_t, RT_IX_ID, (int64_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_scatter_elements_i64 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_i64, int64_t, int64_t, RT_IX_ID, (int64_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_cumsum_i64 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_i64, int64_t, int64_t, RT_IX_ID, (int64_t), RT_IX_SADD, RT_IX_SMUL, RT_IX_NONAN)
//@end

//@kernel rt_topk_i64 needs rt_ix_topk
RT_IX_TOPK(rt_topk_i64, int64_t, int64_t, RT_IX_ID, RT_IX_NONAN)
//@end

//@kernel rt_scatter_nd_u8 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_u8, uint8_t, uint64_t, RT_IX_ID, (uint8_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_scatter_elements_u8 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_u8, uint8_t, uint64_t, RT_IX_ID, (uint8_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_cumsum_u8 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_u8, uint8_t, uint64_t, RT_IX_ID, (uint8_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_topk_u8 needs rt_ix_topk
RT_IX_TOPK(rt_topk_u8, uint8_t, uint64_t, RT_IX_ID, RT_IX_NONAN)
//@end

//@kernel rt_scatter_nd_u16 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_u16, uint16_t, uint64_t, RT_IX_ID, (uint16_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_scatter_elements_u16 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_u16, uint16_t, uint64_t, RT_IX_ID, (uint16_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_cumsum_u16 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_u16, uint16_t, uint64_t, RT_IX_ID, (uint16_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_topk_u16 needs rt_ix_topk
RT_IX_TOPK(rt_topk_u16, uint16_t, uint64_t, RT_IX_ID, RT_IX_NONAN)
//@end

//@kernel rt_scatter_nd_u32 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_u32, uint32_t, uint64_t, RT_IX_ID, (uint32_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_scatter_elements_u32 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_u32, uint32_t, uint64_t, RT_IX_ID, (uint32_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_cumsum_u32 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_u32, uint32_t, uint64_t, RT_IX_ID, (uint32_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_topk_u32 needs rt_ix_topk
RT_IX_TOPK(rt_topk_u32, uint32_t, uint64_t, RT_IX_ID, RT_IX_NONAN)
//@end

//@kernel rt_scatter_nd_u64 needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_u64, uint64_t, uint64_t, RT_IX_ID, (uint64_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_scatter_elements_u64 needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_u64, uint64_t, uint64_t, RT_IX_ID, (uint64_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_cumsum_u64 needs rt_ix_cumsum
RT_IX_CUMSUM(rt_cumsum_u64, uint64_t, uint64_t, RT_IX_ID, (uint64_t), RT_IX_ADD, RT_IX_MUL, RT_IX_NONAN)
//@end

//@kernel rt_topk_u64 needs rt_ix_topk
RT_IX_TOPK(rt_topk_u64, uint64_t, uint64_t, RT_IX_ID, RT_IX_NONAN)
//@end

//@kernel rt_scatter_nd_bool needs rt_ix_scatter
RT_IX_SCATTER_ND(rt_scatter_nd_bool, uint8_t, int, RT_IX_ID, RT_IX_STORE_BOOL, RT_IX_OR, RT_IX_AND, RT_IX_NONAN)
//@end

//@kernel rt_scatter_elements_bool needs rt_ix_scatter
RT_IX_SCATTER_ELEMENTS(rt_scatter_elements_bool, uint8_t, int, RT_IX_ID, RT_IX_STORE_BOOL, RT_IX_OR, RT_IX_AND, RT_IX_NONAN)
//@end

