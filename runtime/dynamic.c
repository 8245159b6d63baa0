/* Kernels whose output shape depends on the data: NonZero, Compress,
   Unique, NonMaxSuppression (parameters: runtime/dynamic.h; lowering:
   ops/dynamic.c). Each writes its result dense in its actual dims at the
   start of an output sized for the upper bound, and that actual size into
   `count`, which the generated NAME_output_dims reads after the run. They
   follow onnx/reference/ops (op_non_zero.py, op_compress.py, op_unique.py,
   op_non_max_suppression.py). */
#include "dynamic.h"

//@section rt_dyn_nonzero
/* NonZero (rt_nonzero_params) on the bits of an element (T unsigned, of the
   element's size): nonzero when any bit but a float's sign bit is set. The
   indices of the k-th nonzero element go to column k of y [rank, count]. */
#define RT_DYN_NONZERO(name, T)                                                    \
    static void name(const rt_nonzero_params *p, const void *data, int64_t *y, int64_t *count) \
    {                                                                              \
        const T *x = (const T *)data;                                              \
        T mask = (T)(p->is_float ? ~((T)1 << (sizeof(T) * 8 - 1)) : ~(T)0);        \
        int64_t n = 0, at = 0;                                                     \
        for (int64_t i = 0; i < p->numel; i++) n += (x[i] & mask) != 0;            \
        for (int64_t i = 0; i < p->numel; i++) {                                   \
            if (!(x[i] & mask)) continue;                                          \
            int64_t rest = i;                                                      \
            for (int64_t d = p->rank - 1; d >= 0; d--) {                           \
                y[d * n + at] = rest % p->dims[d];                                 \
                rest /= p->dims[d];                                                \
            }                                                                      \
            at++;                                                                  \
        }                                                                          \
        *count = n;                                                                \
    }
//@end

//@section rt_dyn_compress
/* Compress (rt_compress_params): the slices whose condition is true. */
#define RT_DYN_COMPRESS(name, T)                                                   \
    static void name(const rt_compress_params *p, const void *data, const uint8_t *cond, void *out, \
                     int64_t *count)                                               \
    {                                                                              \
        const T *x = (const T *)data;                                              \
        T *y = (T *)out;                                                           \
        int64_t n = 0, inner = p->inner;                                           \
        for (int64_t j = 0; j < p->cond_len; j++) n += cond[j] != 0;               \
        for (int64_t o = 0; o < p->outer; o++)                                     \
            for (int64_t j = 0; j < p->cond_len; j++) {                            \
                if (!cond[j]) continue;                                            \
                const T *from = x + (o * p->axis_size + j) * inner;                \
                for (int64_t i = 0; i < inner; i++) *y++ = from[i];                \
            }                                                                      \
        if (count) *count = n;                                                     \
    }
//@end

//@section rt_dyn_sort
/* Sorts idx[0..n) stably (bottom-up merge sort, tmp of n entries) by cmp:
   negative when a comes before b. */
typedef int (*rt_dyn_cmp)(const void *ctx, int64_t a, int64_t b);
RT_HELPER void rt_dyn_sort(int64_t *idx, int64_t *tmp, int64_t n, rt_dyn_cmp cmp, const void *ctx)
{
    for (int64_t width = 1; width < n; width *= 2) {
        for (int64_t lo = 0; lo < n; lo += 2 * width) {
            int64_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            int64_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi) tmp[k++] = cmp(ctx, idx[b], idx[a]) < 0 ? idx[b++] : idx[a++];
            while (a < mid) tmp[k++] = idx[a++];
            while (b < hi) tmp[k++] = idx[b++];
        }
        for (int64_t i = 0; i < n; i++) idx[i] = tmp[i];
    }
}
//@end

//@section rt_dyn_unique needs rt_dyn_sort rt_half
/* Groups the sorted slices order[0..n) into runs of equal ones: group_of
   each slice, first (smallest index) and size of each group, and pos, the
   group's place in the output (sorted: its rank; else by first occurrence).
   Returns the number of groups. */
RT_HELPER int64_t rt_dyn_unique_groups(const int64_t *order, int64_t n, rt_dyn_cmp cmp, const void *ctx,
                                       int64_t sorted, int64_t *group_of, int64_t *first, int64_t *size,
                                       int64_t *pos)
{
    int64_t g = -1;
    for (int64_t k = 0; k < n; k++) {
        if (k == 0 || cmp(ctx, order[k - 1], order[k]) != 0) {
            first[++g] = order[k];
            size[g] = 0;
        }
        size[g]++;
        group_of[order[k]] = g;
    }
    int64_t next = 0;
    for (int64_t j = 0; j < n; j++)
        if (!sorted && first[group_of[j]] == j) pos[group_of[j]] = next++;
    for (int64_t k = 0; sorted && k <= g; k++) pos[k] = k;
    return g + 1;
}

RT_HELPER int rt_dyn_isnan(double v) { return v != v; }

typedef struct rt_dyn_slices {
    const void *x;
    int64_t outer, axis_size, inner;
} rt_dyn_slices;

/* Unique (rt_unique_params) for storage type T compared as C (LOAD). */
#define RT_DYN_UNIQUE(name, T, C, LOAD)                                            \
    static int name##_cmp(const void *ctx, int64_t a, int64_t b)                   \
    {                                                                              \
        const rt_dyn_slices *q = (const rt_dyn_slices *)ctx;                       \
        const T *x = (const T *)q->x;                                              \
        for (int64_t o = 0; o < q->outer; o++)                                     \
            for (int64_t i = 0; i < q->inner; i++) {                               \
                C u = LOAD(x[(o * q->axis_size + a) * q->inner + i]);              \
                C v = LOAD(x[(o * q->axis_size + b) * q->inner + i]);              \
                int nu = rt_dyn_isnan((double)u), nv = rt_dyn_isnan((double)v);    \
                if (nu != nv) return nu - nv;                                      \
                if (u < v) return -1;                                              \
                if (u > v) return 1;                                               \
            }                                                                      \
        return 0;                                                                  \
    }                                                                              \
    static void name(const rt_unique_params *p, const T *x, T *y, int64_t *indices, int64_t *inverse, \
                     int64_t *counts, int64_t *count, void *scratch)               \
    {                                                                              \
        int64_t n = p->axis_size, inner = p->inner;                                \
        int64_t *order = (int64_t *)scratch, *tmp = order + n, *group_of = tmp + n; \
        int64_t *first = group_of + n, *size = first + n, *pos = size + n;         \
        rt_dyn_slices q = {x, p->outer, n, inner};                                 \
        for (int64_t j = 0; j < n; j++) order[j] = j;                              \
        rt_dyn_sort(order, tmp, n, name##_cmp, &q);                                \
        int64_t groups = rt_dyn_unique_groups(order, n, name##_cmp, &q, p->sorted, group_of, first, size, pos); \
        for (int64_t g = 0; g < groups; g++) {                                     \
            int64_t at = pos[g];                                                   \
            for (int64_t o = 0; o < p->outer; o++)                                 \
                for (int64_t i = 0; i < inner; i++)                                \
                    y[(o * groups + at) * inner + i] = x[(o * n + first[g]) * inner + i]; \
            if (indices) indices[at] = first[g];                                   \
            if (counts) counts[at] = size[g];                                      \
        }                                                                          \
        for (int64_t j = 0; inverse && j < n; j++) inverse[j] = pos[group_of[j]];  \
        *count = groups;                                                           \
    }
//@end

//@section rt_dyn_nms needs rt_dyn_sort
/* Whether box b suppresses box a: their intersection over union exceeds
   the threshold (boxes of zero area never do), as the ONNX reference. */
RT_HELPER void rt_dyn_box_edges(const float *b, int64_t center, float *lo, float *hi)
{
    if (center) { /* [x_center, y_center, width, height] */
        lo[0] = b[0] - b[2] / 2, hi[0] = b[0] + b[2] / 2;
        lo[1] = b[1] - b[3] / 2, hi[1] = b[1] + b[3] / 2;
        return;
    }
    /* [y1, x1, y2, x2], either corner first: axis 0 is x, axis 1 is y */
    lo[0] = b[1] < b[3] ? b[1] : b[3], hi[0] = b[1] < b[3] ? b[3] : b[1];
    lo[1] = b[0] < b[2] ? b[0] : b[2], hi[1] = b[0] < b[2] ? b[2] : b[0];
}

RT_HELPER int rt_dyn_suppresses(const float *a, const float *b, int64_t center, float threshold)
{
    float alo[2], ahi[2], blo[2], bhi[2], side[2];
    rt_dyn_box_edges(a, center, alo, ahi);
    rt_dyn_box_edges(b, center, blo, bhi);
    for (int d = 0; d < 2; d++) {
        float lo = alo[d] > blo[d] ? alo[d] : blo[d], hi = ahi[d] < bhi[d] ? ahi[d] : bhi[d];
        if (hi <= lo) return 0;
        side[d] = hi - lo;
    }
    float inter = side[0] * side[1];
    float area_a = (ahi[0] - alo[0]) * (ahi[1] - alo[1]), area_b = (bhi[0] - blo[0]) * (bhi[1] - blo[1]);
    float uni = area_a + area_b - inter;
    if (inter <= 0 || area_a <= 0 || area_b <= 0 || uni <= 0) return 0;
    return inter / uni > threshold;
}

/* Candidates by score, highest first; equal scores by lower index first. */
RT_HELPER int rt_dyn_by_score(const void *ctx, int64_t a, int64_t b)
{
    const float *s = (const float *)ctx;
    if (s[a] != s[b]) return s[a] > s[b] ? -1 : 1;
    return a < b ? -1 : a > b;
}
//@end

//@kernel rt_nms_f32(rt_nms_params, boxes, scores, max_output, iou_threshold, score_threshold, y, count, scratch) needs rt_dyn_nms
/* max_output, iou_threshold and score_threshold may be NULL (absent: 0, 0
   and no score filter); at most min(max_output, boxes) boxes per class. */
static void rt_nms_f32(const rt_nms_params *p, const float *boxes, const float *scores, const int64_t *max_output,
                       const float *iou_threshold, const float *score_threshold, int64_t *y, int64_t *count,
                       void *scratch)
{
    int64_t n = p->boxes, limit = max_output ? max_output[0] : 0, total = 0;
    if (limit < 0) limit = 0;
    if (limit > n) limit = n;
    float iou = iou_threshold ? iou_threshold[0] : 0.0f;
    int64_t *cand = (int64_t *)scratch, *tmp = cand + n, *kept = tmp + n;
    for (int64_t b = 0; b < p->batches; b++)
        for (int64_t c = 0; c < p->classes; c++) {
            const float *s = scores + (b * p->classes + c) * n, *bx = boxes + b * n * 4;
            int64_t nc = 0, nk = 0;
            for (int64_t i = 0; i < n; i++)
                if (!score_threshold || s[i] > score_threshold[0]) cand[nc++] = i;
            rt_dyn_sort(cand, tmp, nc, rt_dyn_by_score, s);
            for (int64_t k = 0; k < nc && nk < limit; k++) {
                int keep = 1;
                for (int64_t j = 0; j < nk && keep; j++)
                    keep = !rt_dyn_suppresses(bx + cand[k] * 4, bx + kept[j] * 4, p->center_point_box, iou);
                if (!keep) continue;
                kept[nk++] = cand[k];
                y[total * 3] = b, y[total * 3 + 1] = c, y[total * 3 + 2] = cand[k];
                total++;
            }
        }
    *count = total;
}
//@end

/* instances: x8 x16 x32 x64
   @kernel rt_nonzero_$s(rt_nonzero_params, x, y, count) needs rt_dyn_nonzero
   RT_DYN_NONZERO(rt_nonzero_$s, $t)
*/
//@kernel rt_nonzero_x8(rt_nonzero_params, x, y, count) needs rt_dyn_nonzero
RT_DYN_NONZERO(rt_nonzero_x8, uint8_t)
//@end
//@kernel rt_nonzero_x16(rt_nonzero_params, x, y, count) needs rt_dyn_nonzero
RT_DYN_NONZERO(rt_nonzero_x16, uint16_t)
//@end
//@kernel rt_nonzero_x32(rt_nonzero_params, x, y, count) needs rt_dyn_nonzero
RT_DYN_NONZERO(rt_nonzero_x32, uint32_t)
//@end
//@kernel rt_nonzero_x64(rt_nonzero_params, x, y, count) needs rt_dyn_nonzero
RT_DYN_NONZERO(rt_nonzero_x64, uint64_t)
//@end
/* end of instances */

/* instances: x8 x16 x32 x64
   @kernel rt_compress_$s(rt_compress_params, x, condition, y, count) needs rt_dyn_compress
   RT_DYN_COMPRESS(rt_compress_$s, $t)
*/
//@kernel rt_compress_x8(rt_compress_params, x, condition, y, count) needs rt_dyn_compress
RT_DYN_COMPRESS(rt_compress_x8, uint8_t)
//@end
//@kernel rt_compress_x16(rt_compress_params, x, condition, y, count) needs rt_dyn_compress
RT_DYN_COMPRESS(rt_compress_x16, uint16_t)
//@end
//@kernel rt_compress_x32(rt_compress_params, x, condition, y, count) needs rt_dyn_compress
RT_DYN_COMPRESS(rt_compress_x32, uint32_t)
//@end
//@kernel rt_compress_x64(rt_compress_params, x, condition, y, count) needs rt_dyn_compress
RT_DYN_COMPRESS(rt_compress_x64, uint64_t)
//@end
/* end of instances */

/* instances: f32 f64 f16 bf16 i8 i16 i32 i64 u8 u16 u32 u64 bool
   @kernel rt_unique_$s(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
   RT_DYN_UNIQUE(rt_unique_$s, $t, $c, $load)
*/
//@kernel rt_unique_f32(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_f32, float, float, RT_ID)
//@end
//@kernel rt_unique_f64(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_f64, double, double, RT_ID)
//@end
//@kernel rt_unique_f16(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_f16, uint16_t, float, rt_f16_to_f32)
//@end
//@kernel rt_unique_bf16(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_bf16, uint16_t, float, rt_bf16_to_f32)
//@end
//@kernel rt_unique_i8(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_i8, int8_t, int8_t, RT_ID)
//@end
//@kernel rt_unique_i16(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_i16, int16_t, int16_t, RT_ID)
//@end
//@kernel rt_unique_i32(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_i32, int32_t, int32_t, RT_ID)
//@end
//@kernel rt_unique_i64(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_i64, int64_t, int64_t, RT_ID)
//@end
//@kernel rt_unique_u8(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_u8, uint8_t, uint8_t, RT_ID)
//@end
//@kernel rt_unique_u16(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_u16, uint16_t, uint16_t, RT_ID)
//@end
//@kernel rt_unique_u32(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_u32, uint32_t, uint32_t, RT_ID)
//@end
//@kernel rt_unique_u64(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_u64, uint64_t, uint64_t, RT_ID)
//@end
//@kernel rt_unique_bool(rt_unique_params, x, y, indices, inverse, counts, count, scratch) needs rt_dyn_unique
RT_DYN_UNIQUE(rt_unique_bool, uint8_t, uint8_t, RT_ID)
//@end
/* end of instances */
