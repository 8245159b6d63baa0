/* Data-movement kernels: Transpose (and every other strided view: Slice,
   DepthToSpace, SpaceToDepth), block copies (Concat, Split), Pad, Gather and
   GatherElements. They only move elements, so they exist per element size
   (x8, x16, x32, x64) and serve every element type; Gather kernels also come
   per index type (i32, i64). Lowering is in ops/data_movement.c. */
#include "rt.h"

//@section rt_dm_transpose
/* Strided copy: y (dense, row-major over dims) = x[offset + sum i_k * strides[k]].
   t = {x, y}; p = {rank, offset, dims[rank], strides[rank]} (strides in
   elements, may be negative; lowering drops size-1 dims and merges the
   others where it can, so a contiguous inner run arrives with stride 1). */
#define RT_DM_TRANSPOSE(name, T)                                                    \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        T *y = (T *)t[1];                                                          \
        int rank = (int)p[0];                                                      \
        int64_t off = p[1], idx[RT_MAX_RANK] = {0}, outer = 1, inner, s;           \
        const int64_t *dims = p + 2, *st = p + 2 + rank;                           \
        RT_UNUSED(f);                                                              \
        if (rank == 0) {                                                           \
            y[0] = x[off];                                                         \
            return;                                                                \
        }                                                                          \
        if (rank == 2 && st[1] != 1) { /* 2-D transpose in 32x32 tiles */          \
            int64_t d0 = dims[0], d1 = dims[1], s0 = st[0], s1 = st[1];            \
            for (int64_t i0 = 0; i0 < d0; i0 += 32)                                \
                for (int64_t j0 = 0; j0 < d1; j0 += 32) {                          \
                    int64_t i1 = i0 + 32 < d0 ? i0 + 32 : d0;                      \
                    int64_t j1 = j0 + 32 < d1 ? j0 + 32 : d1;                      \
                    for (int64_t i = i0; i < i1; i++)                              \
                        for (int64_t j = j0; j < j1; j++)                          \
                            y[i * d1 + j] = x[off + i * s0 + j * s1];              \
                }                                                                  \
            return;                                                                \
        }                                                                          \
        inner = dims[rank - 1], s = st[rank - 1];                                  \
        for (int d = 0; d < rank - 1; d++) outer *= dims[d];                       \
        for (int64_t o = 0; o < outer; o++, y += inner) {                          \
            if (s == 1)                                                            \
                memcpy(y, x + off, (size_t)inner * sizeof(T));                     \
            else                                                                   \
                for (int64_t i = 0; i < inner; i++) y[i] = x[off + i * s];         \
            for (int d = rank - 2; d >= 0; d--) {                                  \
                off += st[d];                                                      \
                if (++idx[d] < dims[d]) break;                                     \
                off -= st[d] * dims[d];                                            \
                idx[d] = 0;                                                        \
            }                                                                      \
        }                                                                          \
    }
//@end

//@section rt_dm_copy_blocks
/* Block copies: outer times, `block` elements from x + src_off + o * src_stride
   to y + dst_off + o * dst_stride. t = {x, y};
   p = {outer, block, src_stride, dst_stride, src_off, dst_off}. */
#define RT_DM_COPY_BLOCKS(name, T)                                                  \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0] + p[4];                                       \
        T *y = (T *)t[1] + p[5];                                                   \
        int64_t outer = p[0], block = p[1], ss = p[2], ds = p[3];                  \
        RT_UNUSED(f);                                                              \
        for (int64_t o = 0; o < outer; o++)                                        \
            memcpy(y + o * ds, x + o * ss, (size_t)block * sizeof(T));             \
    }
//@end

//@section rt_dm_pad
/* Pad: where output index o of dimension d reads in the kept (uncropped)
   part of x, which has n entries and starts at output index `begin`;
   -1 means "the constant". mode: 0 constant, 1 reflect, 2 edge, 3 wrap. */
static inline int64_t rt_dm_pad_index(int64_t o, int64_t begin, int64_t n, int64_t mode)
{
    int64_t i = o - begin, m;
    if (i >= 0 && i < n) return i;
    if (mode == 0 || n <= 0) return -1;
    if (mode == 2) return i < 0 ? 0 : n - 1;
    if (mode == 3) {
        i %= n;
        return i < 0 ? i + n : i;
    }
    if (n == 1) return 0;
    m = 2 * (n - 1); /* reflect: the pattern repeats every 2 (n - 1) */
    i %= m;
    if (i < 0) i += m;
    return i >= n ? m - i : i;
}

/* Pad: t = {x, value (one element, or NULL for 0), y};
   p = {rank, mode, offset, out_dims[rank], kept[rank], begin[rank], x_strides[rank]}:
   kept = dims of x left after negative pads (crops), offset = where that
   part starts in x, begin = output index of its first element. */
#define RT_DM_PAD(name, T)                                                          \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        T *y = (T *)t[2], fill = 0;                                                \
        int rank = (int)p[0];                                                      \
        int64_t mode = p[1], off = p[2], idx[RT_MAX_RANK] = {0}, outer = 1;        \
        const int64_t *dims = p + 3, *kept = p + 3 + rank, *begin = p + 3 + 2 * rank; \
        const int64_t *st = p + 3 + 3 * rank;                                      \
        RT_UNUSED(f);                                                              \
        if (t[1]) memcpy(&fill, t[1], sizeof(T));                                  \
        if (rank == 0) {                                                           \
            y[0] = x[off];                                                         \
            return;                                                                \
        }                                                                          \
        int L = rank - 1;                                                          \
        int64_t od = dims[L], ob = begin[L], n = kept[L];                          \
        int64_t mid = ob < od ? ob : od, end = ob + n < od ? ob + n : od;          \
        for (int d = 0; d < L; d++) outer *= dims[d];                              \
        for (int64_t o = 0; o < outer; o++, y += od) {                             \
            int64_t base = off;                                                    \
            int fill_row = 0;                                                      \
            for (int d = 0; d < L; d++) {                                          \
                int64_t i = rt_dm_pad_index(idx[d], begin[d], kept[d], mode);      \
                if (i < 0) fill_row = 1;                                           \
                else base += i * st[d];                                            \
            }                                                                      \
            if (fill_row) {                                                        \
                for (int64_t j = 0; j < od; j++) y[j] = fill;                      \
            } else {                                                               \
                for (int64_t j = 0; j < mid; j++) {                                \
                    int64_t i = rt_dm_pad_index(j, ob, n, mode);                   \
                    y[j] = i < 0 ? fill : x[base + i];                             \
                }                                                                  \
                if (end > mid)                                                     \
                    memcpy(y + mid, x + base, (size_t)(end - mid) * sizeof(T));    \
                for (int64_t j = end > mid ? end : mid; j < od; j++) {             \
                    int64_t i = rt_dm_pad_index(j, ob, n, mode);                   \
                    y[j] = i < 0 ? fill : x[base + i];                             \
                }                                                                  \
            }                                                                      \
            for (int d = L - 1; d >= 0; d--) {                                     \
                if (++idx[d] < dims[d]) break;                                     \
                idx[d] = 0;                                                        \
            }                                                                      \
        }                                                                          \
    }
//@end

//@section rt_dm_gather
/* Gather: y[o, k, i] = x[o, ind[k], i] with negative indices counted from
   the end; an index out of range gives zeros (ONNX calls it an error; the
   kernel stays memory safe). t = {x, indices, y};
   p = {outer, axis_dim, inner, num_indices}. */
#define RT_DM_GATHER(name, T, TI)                                                   \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        const TI *ind = (const TI *)t[1];                                          \
        T *y = (T *)t[2];                                                          \
        int64_t outer = p[0], n = p[1], inner = p[2], count = p[3];                \
        RT_UNUSED(f);                                                              \
        for (int64_t o = 0; o < outer; o++)                                        \
            for (int64_t k = 0; k < count; k++, y += inner) {                      \
                int64_t i = (int64_t)ind[k];                                       \
                if (i < 0) i += n;                                                 \
                if (i < 0 || i >= n)                                               \
                    memset(y, 0, (size_t)inner * sizeof(T));                       \
                else if (inner == 1)                                               \
                    y[0] = x[o * n + i];                                           \
                else                                                               \
                    memcpy(y, x + (o * n + i) * inner, (size_t)inner * sizeof(T)); \
            }                                                                      \
    }
//@end

//@section rt_dm_gather_elements
/* GatherElements: y[i] = x[i with i[axis] replaced by ind[i]] over the
   indices' shape; negative indices count from the end, out of range gives 0.
   t = {x, indices, y}; p = {rank, axis, axis_dim, ind_dims[rank], x_strides[rank]}. */
#define RT_DM_GATHER_ELEMENTS(name, T, TI)                                          \
    RT_KERNEL(name)                                                                \
    {                                                                              \
        const T *x = (const T *)t[0];                                              \
        const TI *ind = (const TI *)t[1];                                          \
        T *y = (T *)t[2];                                                          \
        int rank = (int)p[0], axis = (int)p[1], L = rank - 1;                      \
        int64_t n = p[2], idx[RT_MAX_RANK] = {0}, st[RT_MAX_RANK], outer = 1;      \
        const int64_t *dims = p + 3, *xs = p + 3 + rank;                           \
        int64_t base = 0, inner = dims[L], s_in;                                   \
        RT_UNUSED(f);                                                              \
        for (int d = 0; d < rank; d++) st[d] = d == axis ? 0 : xs[d];              \
        for (int d = 0; d < L; d++) outer *= dims[d];                              \
        s_in = st[L];                                                              \
        for (int64_t o = 0; o < outer; o++, y += inner, ind += inner) {            \
            for (int64_t j = 0; j < inner; j++) {                                  \
                int64_t i = (int64_t)ind[j];                                       \
                if (i < 0) i += n;                                                 \
                y[j] = i < 0 || i >= n ? (T)0 : x[base + j * s_in + i * xs[axis]]; \
            }                                                                      \
            for (int d = L - 1; d >= 0; d--) {                                     \
                base += st[d];                                                     \
                if (++idx[d] < dims[d]) break;                                     \
                base -= st[d] * dims[d];                                           \
                idx[d] = 0;                                                        \
            }                                                                      \
        }                                                                          \
    }
//@end

//@kernel rt_transpose_x8 needs rt_dm_transpose
RT_DM_TRANSPOSE(rt_transpose_x8, uint8_t)
//@end
//@kernel rt_transpose_x16 needs rt_dm_transpose
RT_DM_TRANSPOSE(rt_transpose_x16, uint16_t)
//@end
//@kernel rt_transpose_x32 needs rt_dm_transpose
RT_DM_TRANSPOSE(rt_transpose_x32, uint32_t)
//@end
//@kernel rt_transpose_x64 needs rt_dm_transpose
RT_DM_TRANSPOSE(rt_transpose_x64, uint64_t)
//@end

//@kernel rt_copy_blocks_x8 needs rt_dm_copy_blocks
RT_DM_COPY_BLOCKS(rt_copy_blocks_x8, uint8_t)
//@end
//@kernel rt_copy_blocks_x16 needs rt_dm_copy_blocks
RT_DM_COPY_BLOCKS(rt_copy_blocks_x16, uint16_t)
//@end
//@kernel rt_copy_blocks_x32 needs rt_dm_copy_blocks
RT_DM_COPY_BLOCKS(rt_copy_blocks_x32, uint32_t)
//@end
//@kernel rt_copy_blocks_x64 needs rt_dm_copy_blocks
RT_DM_COPY_BLOCKS(rt_copy_blocks_x64, uint64_t)
//@end

//@kernel rt_pad_x8 needs rt_dm_pad
RT_DM_PAD(rt_pad_x8, uint8_t)
//@end
//@kernel rt_pad_x16 needs rt_dm_pad
RT_DM_PAD(rt_pad_x16, uint16_t)
//@end
//@kernel rt_pad_x32 needs rt_dm_pad
RT_DM_PAD(rt_pad_x32, uint32_t)
//@end
//@kernel rt_pad_x64 needs rt_dm_pad
RT_DM_PAD(rt_pad_x64, uint64_t)
//@end

//@kernel rt_gather_x8_i32 needs rt_dm_gather
RT_DM_GATHER(rt_gather_x8_i32, uint8_t, int32_t)
//@end
//@kernel rt_gather_x8_i64 needs rt_dm_gather
RT_DM_GATHER(rt_gather_x8_i64, uint8_t, int64_t)
//@end
//@kernel rt_gather_x16_i32 needs rt_dm_gather
RT_DM_GATHER(rt_gather_x16_i32, uint16_t, int32_t)
//@end
//@kernel rt_gather_x16_i64 needs rt_dm_gather
RT_DM_GATHER(rt_gather_x16_i64, uint16_t, int64_t)
//@end
//@kernel rt_gather_x32_i32 needs rt_dm_gather
RT_DM_GATHER(rt_gather_x32_i32, uint32_t, int32_t)
//@end
//@kernel rt_gather_x32_i64 needs rt_dm_gather
RT_DM_GATHER(rt_gather_x32_i64, uint32_t, int64_t)
//@end
//@kernel rt_gather_x64_i32 needs rt_dm_gather
RT_DM_GATHER(rt_gather_x64_i32, uint64_t, int32_t)
//@end
//@kernel rt_gather_x64_i64 needs rt_dm_gather
RT_DM_GATHER(rt_gather_x64_i64, uint64_t, int64_t)
//@end

//@kernel rt_gather_elements_x8_i32 needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x8_i32, uint8_t, int32_t)
//@end
//@kernel rt_gather_elements_x8_i64 needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x8_i64, uint8_t, int64_t)
//@end
//@kernel rt_gather_elements_x16_i32 needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x16_i32, uint16_t, int32_t)
//@end
//@kernel rt_gather_elements_x16_i64 needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x16_i64, uint16_t, int64_t)
//@end
//@kernel rt_gather_elements_x32_i32 needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x32_i32, uint32_t, int32_t)
//@end
//@kernel rt_gather_elements_x32_i64 needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x32_i64, uint32_t, int64_t)
//@end
//@kernel rt_gather_elements_x64_i32 needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x64_i32, uint64_t, int32_t)
//@end
//@kernel rt_gather_elements_x64_i64 needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x64_i64, uint64_t, int64_t)
//@end
