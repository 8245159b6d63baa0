/* Data-movement kernels: Transpose (and every other strided view: Slice,
   DepthToSpace, SpaceToDepth), block copies (Concat, Split), Pad, Gather and
   GatherElements, ReverseSequence. They only move elements, so they exist per element size
   (x8, x16, x32, x64) and serve every element type; Gather kernels also come
   per index type (i32, i64), and take the bytes through void pointers.
   Parameters in runtime/data_movement.h; lowering is in ops/data_movement.c. */
#include "data_movement.h"

//@section rt_dm_transpose
/* Strided copy (rt_transpose_params). */
#define RT_DM_TRANSPOSE(name, T)                                                    \
    static void name(const rt_transpose_params *p, const void *xv, void *yv)       \
    {                                                                              \
        const T *x = (const T *)xv;                                                \
        T *y = (T *)yv;                                                            \
        int rank = (int)p->rank;                                                   \
        int64_t off = p->offset, idx[RT_MAX_RANK] = {0}, outer = 1, inner, s;      \
        const int64_t *dims = p->dims, *st = p->x_strides;                         \
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
/* Block copies (rt_copy_blocks_params). */
#define RT_DM_COPY_BLOCKS(name, T)                                                  \
    static void name(const rt_copy_blocks_params *p, const void *xv, void *yv)     \
    {                                                                              \
        const T *x = (const T *)xv + p->x_offset;                                  \
        T *y = (T *)yv + p->y_offset;                                              \
        int64_t outer = p->count, block = p->block, ss = p->x_stride, ds = p->y_stride; \
        for (int64_t o = 0; o < outer; o++)                                        \
            memcpy(y + o * ds, x + o * ss, (size_t)block * sizeof(T));             \
    }
//@end

//@section rt_dm_pad needs rt_pad_modes
/* Pad: where output index o of dimension d reads in the kept (uncropped)
   part of x, which has n entries and starts at output index `begin`;
   -1 means "the constant". */
static inline int64_t rt_dm_pad_index(int64_t o, int64_t begin, int64_t n, int64_t mode)
{
    int64_t i = o - begin, m;
    if (i >= 0 && i < n) return i;
    if (mode == RT_PAD_CONSTANT || n <= 0) return -1;
    if (mode == RT_PAD_EDGE) return i < 0 ? 0 : n - 1;
    if (mode == RT_PAD_WRAP) {
        i %= n;
        return i < 0 ? i + n : i;
    }
    if (n == 1) return 0;
    m = 2 * (n - 1); /* reflect: the pattern repeats every 2 (n - 1) */
    i %= m;
    if (i < 0) i += m;
    return i >= n ? m - i : i;
}

/* Pad (rt_pad_params): value is one element, or NULL for 0. */
#define RT_DM_PAD(name, T)                                                          \
    static void name(const rt_pad_params *p, const void *xv, const void *value, void *yv) \
    {                                                                              \
        const T *x = (const T *)xv;                                                \
        T *y = (T *)yv, fill = 0;                                                  \
        int rank = (int)p->rank;                                                   \
        int64_t mode = p->mode, off = p->offset, idx[RT_MAX_RANK] = {0}, outer = 1; \
        const int64_t *dims = p->out_dims, *kept = p->kept, *begin = p->begin;     \
        const int64_t *st = p->x_strides;                                          \
        if (value) memcpy(&fill, value, sizeof(T));                                \
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
/* Gather (rt_gather_params), negative indices counted from the end; an
   index out of range gives zeros (ONNX calls it an error; the kernel stays
   memory safe). */
#define RT_DM_GATHER(name, T, TI)                                                   \
    static void name(const rt_gather_params *p, const void *xv, const TI *ind, void *yv) \
    {                                                                              \
        const T *x = (const T *)xv;                                                \
        T *y = (T *)yv;                                                            \
        int64_t outer = p->outer, n = p->axis_size, inner = p->inner, count = p->num_indices; \
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
/* GatherElements (rt_gather_elements_params); negative indices count from
   the end, out of range gives 0. */
#define RT_DM_GATHER_ELEMENTS(name, T, TI)                                          \
    static void name(const rt_gather_elements_params *p, const void *xv, const TI *ind, void *yv) \
    {                                                                              \
        const T *x = (const T *)xv;                                                \
        T *y = (T *)yv;                                                            \
        int rank = (int)p->rank, axis = (int)p->axis, L = rank - 1;                \
        int64_t n = p->axis_size, idx[RT_MAX_RANK] = {0}, st[RT_MAX_RANK], outer = 1; \
        const int64_t *dims = p->ind_dims, *xs = p->x_strides;                     \
        int64_t base = 0, inner = dims[L], s_in;                                   \
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

/* instances: x8 x16 x32 x64
   @kernel rt_transpose_$s(rt_transpose_params, x, y) needs rt_dm_transpose
   RT_DM_TRANSPOSE(rt_transpose_$s, $t)
*/
//@kernel rt_transpose_x8(rt_transpose_params, x, y) needs rt_dm_transpose
RT_DM_TRANSPOSE(rt_transpose_x8, uint8_t)
//@end
//@kernel rt_transpose_x16(rt_transpose_params, x, y) needs rt_dm_transpose
RT_DM_TRANSPOSE(rt_transpose_x16, uint16_t)
//@end
//@kernel rt_transpose_x32(rt_transpose_params, x, y) needs rt_dm_transpose
RT_DM_TRANSPOSE(rt_transpose_x32, uint32_t)
//@end
//@kernel rt_transpose_x64(rt_transpose_params, x, y) needs rt_dm_transpose
RT_DM_TRANSPOSE(rt_transpose_x64, uint64_t)
//@end
/* end of instances */

//@section rt_dm_reverse_sequence
/* ReverseSequence (rt_reverse_sequence_params); lens are read at run time
   and clamped to [0, time] so that no length reads outside x. */
#define RT_DM_REVERSE_SEQUENCE(name, T)                                            \
    static void name(const rt_reverse_sequence_params *p, const void *xv, const int64_t *lens, void *yv) \
    {                                                                              \
        const T *x = (const T *)xv;                                                \
        T *y = (T *)yv;                                                            \
        int64_t inner = p->inner, time = p->time;                                  \
        /* elements between consecutive time steps and between batch entries */  \
        int64_t ts = p->batch_first ? inner : p->batch * inner;                    \
        int64_t bs = p->batch_first ? time * inner : inner;                        \
        for (int64_t b = 0; b < p->batch; b++) {                                   \
            int64_t len = lens[b] < 0 ? 0 : lens[b] > time ? time : lens[b];       \
            for (int64_t t = 0; t < time; t++) {                                   \
                int64_t from = t < len ? len - 1 - t : t;                          \
                memcpy(y + b * bs + t * ts, x + b * bs + from * ts, (size_t)inner * sizeof(T)); \
            }                                                                      \
        }                                                                          \
    }
//@end

/* instances: x8 x16 x32 x64
   @kernel rt_copy_blocks_$s(rt_copy_blocks_params, x, y) needs rt_dm_copy_blocks
   RT_DM_COPY_BLOCKS(rt_copy_blocks_$s, $t)
*/
//@kernel rt_copy_blocks_x8(rt_copy_blocks_params, x, y) needs rt_dm_copy_blocks
RT_DM_COPY_BLOCKS(rt_copy_blocks_x8, uint8_t)
//@end
//@kernel rt_copy_blocks_x16(rt_copy_blocks_params, x, y) needs rt_dm_copy_blocks
RT_DM_COPY_BLOCKS(rt_copy_blocks_x16, uint16_t)
//@end
//@kernel rt_copy_blocks_x32(rt_copy_blocks_params, x, y) needs rt_dm_copy_blocks
RT_DM_COPY_BLOCKS(rt_copy_blocks_x32, uint32_t)
//@end
//@kernel rt_copy_blocks_x64(rt_copy_blocks_params, x, y) needs rt_dm_copy_blocks
RT_DM_COPY_BLOCKS(rt_copy_blocks_x64, uint64_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_pad_$s(rt_pad_params, x, value, y) needs rt_dm_pad
   RT_DM_PAD(rt_pad_$s, $t)
*/
//@kernel rt_pad_x8(rt_pad_params, x, value, y) needs rt_dm_pad
RT_DM_PAD(rt_pad_x8, uint8_t)
//@end
//@kernel rt_pad_x16(rt_pad_params, x, value, y) needs rt_dm_pad
RT_DM_PAD(rt_pad_x16, uint16_t)
//@end
//@kernel rt_pad_x32(rt_pad_params, x, value, y) needs rt_dm_pad
RT_DM_PAD(rt_pad_x32, uint32_t)
//@end
//@kernel rt_pad_x64(rt_pad_params, x, value, y) needs rt_dm_pad
RT_DM_PAD(rt_pad_x64, uint64_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_gather_$s_i32(rt_gather_params, x, indices, y) needs rt_dm_gather
   RT_DM_GATHER(rt_gather_$s_i32, $t, int32_t)
*/
//@kernel rt_gather_x8_i32(rt_gather_params, x, indices, y) needs rt_dm_gather
RT_DM_GATHER(rt_gather_x8_i32, uint8_t, int32_t)
//@end
//@kernel rt_gather_x16_i32(rt_gather_params, x, indices, y) needs rt_dm_gather
RT_DM_GATHER(rt_gather_x16_i32, uint16_t, int32_t)
//@end
//@kernel rt_gather_x32_i32(rt_gather_params, x, indices, y) needs rt_dm_gather
RT_DM_GATHER(rt_gather_x32_i32, uint32_t, int32_t)
//@end
//@kernel rt_gather_x64_i32(rt_gather_params, x, indices, y) needs rt_dm_gather
RT_DM_GATHER(rt_gather_x64_i32, uint64_t, int32_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_gather_$s_i64(rt_gather_params, x, indices, y) needs rt_dm_gather
   RT_DM_GATHER(rt_gather_$s_i64, $t, int64_t)
*/
//@kernel rt_gather_x8_i64(rt_gather_params, x, indices, y) needs rt_dm_gather
RT_DM_GATHER(rt_gather_x8_i64, uint8_t, int64_t)
//@end
//@kernel rt_gather_x16_i64(rt_gather_params, x, indices, y) needs rt_dm_gather
RT_DM_GATHER(rt_gather_x16_i64, uint16_t, int64_t)
//@end
//@kernel rt_gather_x32_i64(rt_gather_params, x, indices, y) needs rt_dm_gather
RT_DM_GATHER(rt_gather_x32_i64, uint32_t, int64_t)
//@end
//@kernel rt_gather_x64_i64(rt_gather_params, x, indices, y) needs rt_dm_gather
RT_DM_GATHER(rt_gather_x64_i64, uint64_t, int64_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_gather_elements_$s_i32(rt_gather_elements_params, x, indices, y) needs rt_dm_gather_elements
   RT_DM_GATHER_ELEMENTS(rt_gather_elements_$s_i32, $t, int32_t)
*/
//@kernel rt_gather_elements_x8_i32(rt_gather_elements_params, x, indices, y) needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x8_i32, uint8_t, int32_t)
//@end
//@kernel rt_gather_elements_x16_i32(rt_gather_elements_params, x, indices, y) needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x16_i32, uint16_t, int32_t)
//@end
//@kernel rt_gather_elements_x32_i32(rt_gather_elements_params, x, indices, y) needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x32_i32, uint32_t, int32_t)
//@end
//@kernel rt_gather_elements_x64_i32(rt_gather_elements_params, x, indices, y) needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x64_i32, uint64_t, int32_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_gather_elements_$s_i64(rt_gather_elements_params, x, indices, y) needs rt_dm_gather_elements
   RT_DM_GATHER_ELEMENTS(rt_gather_elements_$s_i64, $t, int64_t)
*/
//@kernel rt_gather_elements_x8_i64(rt_gather_elements_params, x, indices, y) needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x8_i64, uint8_t, int64_t)
//@end
//@kernel rt_gather_elements_x16_i64(rt_gather_elements_params, x, indices, y) needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x16_i64, uint16_t, int64_t)
//@end
//@kernel rt_gather_elements_x32_i64(rt_gather_elements_params, x, indices, y) needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x32_i64, uint32_t, int64_t)
//@end
//@kernel rt_gather_elements_x64_i64(rt_gather_elements_params, x, indices, y) needs rt_dm_gather_elements
RT_DM_GATHER_ELEMENTS(rt_gather_elements_x64_i64, uint64_t, int64_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_reverse_sequence_$s(rt_reverse_sequence_params, x, sequence_lens, y) needs rt_dm_reverse_sequence
   RT_DM_REVERSE_SEQUENCE(rt_reverse_sequence_$s, $t)
*/
//@kernel rt_reverse_sequence_x8(rt_reverse_sequence_params, x, sequence_lens, y) needs rt_dm_reverse_sequence
RT_DM_REVERSE_SEQUENCE(rt_reverse_sequence_x8, uint8_t)
//@end
//@kernel rt_reverse_sequence_x16(rt_reverse_sequence_params, x, sequence_lens, y) needs rt_dm_reverse_sequence
RT_DM_REVERSE_SEQUENCE(rt_reverse_sequence_x16, uint16_t)
//@end
//@kernel rt_reverse_sequence_x32(rt_reverse_sequence_params, x, sequence_lens, y) needs rt_dm_reverse_sequence
RT_DM_REVERSE_SEQUENCE(rt_reverse_sequence_x32, uint32_t)
//@end
//@kernel rt_reverse_sequence_x64(rt_reverse_sequence_params, x, sequence_lens, y) needs rt_dm_reverse_sequence
RT_DM_REVERSE_SEQUENCE(rt_reverse_sequence_x64, uint64_t)
//@end
/* end of instances */
