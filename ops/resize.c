/* Operators: Resize (opsets 10 to 19) and Upsample (opsets 1, 7, 9).

   scales, sizes and roi must be compile-time constants: the output shape
   depends on them. Everything else is decided here too: for every resized
   axis and every output coordinate, lowering computes (in double precision,
   following the ONNX reference) the source indices and weights of the taps
   that contribute to it: 1 tap for nearest, 2 for linear, 4 for cubic, more
   for antialiased downscaling. The kernels (runtime/resize.c) only walk
   these tables: nearest moves elements of any type by size; the others sum
   weighted taps for the float types.

   Upsample and Resize-10 use the asymmetric transformation; their nearest
   mode takes floor when upscaling and ceil when downscaling (as ONNX Runtime
   does; integer upscales then repeat elements as the ONNX reference does). */
#include "op.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { M_NEAREST, M_LINEAR, M_CUBIC };
enum { C_HALF_PIXEL, C_HALF_PIXEL_SYMMETRIC, C_PYTORCH_HALF_PIXEL, C_ALIGN_CORNERS, C_ASYMMETRIC,
       C_TF_HALF_PIXEL_FOR_NN, C_TF_CROP_AND_RESIZE };
enum { N_ROUND_PREFER_FLOOR, N_ROUND_PREFER_CEIL, N_FLOOR, N_CEIL, N_LEGACY };

typedef struct resize_plan {
    int rank;
    int mode, coord, nearest;
    bool antialias, exclude_outside;
    double cubic_a;
    float extrapolation;
    int64_t out[IR_MAX_RANK];
    double scale[IR_MAX_RANK];      /* the scale of each axis (out/in when sizes are given) */
    double width[IR_MAX_RANK];      /* the reference's "output_width": scale * in, not floored */
    double roi_start[IR_MAX_RANK], roi_end[IR_MAX_RANK];
} resize_plan;

static int lookup(const char *s, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0) return i;
    return -1;
}

/* Copies a constant float tensor (input k) as doubles; -1 after an error. An
   absent input gives 0. */
static int const_floats(const ir_node *n, int k, double *out, int max)
{
    const ir_value *v = node_input(n, k);
    if (!v || (v->rank >= 0 && ir_value_numel(v) == 0)) return 0; /* empty: as if absent */
    if (!node_require_const(n, k)) return -1;
    if (!dtype_is_float(v->dtype)) {
        diag_node(n, DIAG_INVALID, "input %d must be a float tensor, not %s", k, dtype_name(v->dtype));
        return -1;
    }
    int64_t count = ir_value_numel(v);
    if (count > max) {
        diag_node(n, DIAG_INVALID, "input %d has %lld entries (at most %d expected)", k, (long long)count, max);
        return -1;
    }
    for (int64_t i = 0; i < count; i++) out[i] = ir_const_double(v, i);
    return (int)count;
}

static bool build_plan(const ir_node *n, resize_plan *pl)
{
    const ir_value *x = n->inputs[0];
    bool upsample = strcmp(n->op_type, "Upsample") == 0;
    bool legacy = upsample || n->opset < 11;
    int r = x->rank;
    memset(pl, 0, sizeof *pl);
    pl->rank = r;
    if (r < 1) return diag_node(n, DIAG_INVALID, "input must have rank 1 or more");

    static const char *const modes[] = {"nearest", "linear", "cubic", "bilinear", NULL};
    const char *mode = attr_string(n, "mode", "nearest");
    int m = lookup(mode, modes);
    if (m == 3 && upsample && n->opset < 7) m = M_LINEAR;
    if (m < 0 || m == 3 || (legacy && m == M_CUBIC))
        return diag_node(n, DIAG_INVALID, "mode '%s' is not valid for this op and opset", mode);
    pl->mode = m;

    static const char *const coords[] = {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners",
                                         "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize", NULL};
    static const char *const nearests[] = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil", NULL};
    if (legacy) {
        pl->coord = C_ASYMMETRIC;
        pl->nearest = N_LEGACY;
    } else {
        const char *cm = attr_string(n, "coordinate_transformation_mode", "half_pixel");
        pl->coord = lookup(cm, coords);
        if (pl->coord < 0) return diag_node(n, DIAG_INVALID, "unknown coordinate_transformation_mode '%s'", cm);
        const char *nm = attr_string(n, "nearest_mode", "round_prefer_floor");
        pl->nearest = lookup(nm, nearests);
        if (pl->nearest < 0) return diag_node(n, DIAG_INVALID, "unknown nearest_mode '%s'", nm);
    }
    pl->cubic_a = attr_float(n, "cubic_coeff_a", -0.75f);
    pl->exclude_outside = attr_int(n, "exclude_outside", 0) != 0;
    pl->extrapolation = attr_float(n, "extrapolation_value", 0.0f);
    pl->antialias = attr_int(n, "antialias", 0) != 0 && pl->mode != M_NEAREST;

    /* axes (opset 18+): which dimensions scales/sizes/roi describe. */
    int64_t axes[IR_MAX_RANK];
    int naxes = attr_ints(n, "axes", axes, IR_MAX_RANK);
    if (naxes > r) return diag_node(n, DIAG_INVALID, "axes has %d entries for rank %d", naxes, r);
    if (naxes < 0) {
        naxes = r;
        for (int i = 0; i < r; i++) axes[i] = i;
    } else {
        bool seen[IR_MAX_RANK] = {false};
        for (int i = 0; i < naxes; i++) {
            int a;
            if (!node_axis(n, axes[i], r, &a)) return false;
            if (seen[a]) return diag_node(n, DIAG_INVALID, "axis %lld is listed twice", (long long)axes[i]);
            seen[a] = true;
            axes[i] = a;
        }
    }

    double scales[IR_MAX_RANK], roi[2 * IR_MAX_RANK];
    int64_t sizes[IR_MAX_RANK];
    int nscales = 0, nsizes = 0, nroi = 0;
    if (upsample && n->opset < 7) {
        if (r != 4) return diag_node(n, DIAG_INVALID, "Upsample-1 expects a 4-D input");
        scales[0] = scales[1] = 1;
        scales[2] = attr_float(n, "height_scale", 0);
        scales[3] = attr_float(n, "width_scale", 0);
        nscales = 4;
    } else if (upsample && n->opset < 9) {
        float s[IR_MAX_RANK];
        nscales = attr_floats(n, "scales", s, IR_MAX_RANK);
        if (nscales < 0) return diag_node(n, DIAG_INVALID, "attribute 'scales' is required");
        if (nscales > r) return diag_node(n, DIAG_INVALID, "scales has %d entries for rank %d", nscales, r);
        for (int i = 0; i < nscales; i++) scales[i] = s[i];
    } else if (legacy) {
        if (!node_check_arity(n, 2, 2)) return false;
        nscales = const_floats(n, 1, scales, IR_MAX_RANK);
        if (nscales < 0) return false;
    } else {
        if (!node_check_arity(n, 1, 4)) return false;
        nroi = const_floats(n, 1, roi, 2 * IR_MAX_RANK);
        if (nroi < 0) return false;
        nscales = const_floats(n, 2, scales, IR_MAX_RANK);
        if (nscales < 0) return false;
        const ir_value *sz = node_input(n, 3);
        if (sz && !(sz->rank >= 0 && ir_value_numel(sz) == 0)) {
            nsizes = node_const_ints(n, 3, sizes, IR_MAX_RANK);
            if (nsizes < 0) return false;
        }
    }
    if (nscales && nsizes) return diag_node(n, DIAG_INVALID, "only one of scales and sizes may be given");
    if (!nscales && !nsizes) return diag_node(n, DIAG_INVALID, "one of scales and sizes is required");
    if ((nscales && nscales != naxes) || (nsizes && nsizes != naxes))
        return diag_node(n, DIAG_INVALID, "scales/sizes have %d entries, expected %d", nscales ? nscales : nsizes, naxes);

    for (int i = 0; i < r; i++) {
        pl->scale[i] = 1;
        pl->out[i] = x->dims[i];
        pl->roi_start[i] = 0;
        pl->roi_end[i] = 1;
    }
    if (pl->coord == C_TF_CROP_AND_RESIZE) {
        if (nroi != 2 * naxes)
            return diag_node(n, DIAG_INVALID, "tf_crop_and_resize needs roi with %d entries, got %d", 2 * naxes, nroi);
        for (int i = 0; i < naxes; i++) {
            pl->roi_start[axes[i]] = roi[i];
            pl->roi_end[axes[i]] = roi[naxes + i];
        }
    }
    if (nscales) {
        for (int i = 0; i < naxes; i++) {
            int a = (int)axes[i];
            if (!(scales[i] > 0) || !isfinite(scales[i]))
                return diag_node(n, DIAG_INVALID, "scale %g is not a positive number", scales[i]);
            pl->scale[a] = scales[i];
            double len = (double)x->dims[a] * scales[i] * (pl->roi_end[a] - pl->roi_start[a]);
            if (!(len < 1e15)) return diag_node(n, DIAG_INVALID, "scale %g makes the output too large", scales[i]);
            pl->out[a] = (int64_t)floor(len);
        }
    } else {
        static const char *const policies[] = {"stretch", "not_larger", "not_smaller", NULL};
        const char *pol = attr_string(n, "keep_aspect_ratio_policy", "stretch");
        int policy = lookup(pol, policies);
        if (policy < 0) return diag_node(n, DIAG_INVALID, "unknown keep_aspect_ratio_policy '%s'", pol);
        double keep = policy == 1 ? INFINITY : -INFINITY;
        for (int i = 0; i < naxes; i++) {
            int a = (int)axes[i];
            if (sizes[i] < 0) return diag_node(n, DIAG_INVALID, "sizes has a negative entry");
            pl->out[a] = sizes[i];
            pl->scale[a] = x->dims[a] ? (double)sizes[i] / (double)x->dims[a] : 1.0;
            if (policy == 1 && pl->scale[a] < keep) keep = pl->scale[a];
            if (policy == 2 && pl->scale[a] > keep) keep = pl->scale[a];
        }
        if (policy != 0)
            for (int i = 0; i < naxes; i++) {
                int a = (int)axes[i];
                pl->scale[a] = keep;
                pl->out[a] = (int64_t)(keep * (double)x->dims[a] + 0.5);
            }
    }
    for (int i = 0; i < r; i++) pl->width[i] = pl->scale[i] * (double)x->dims[i];
    if (pl->coord == C_TF_CROP_AND_RESIZE && nscales)
        for (int i = 0; i < r; i++) pl->width[i] *= pl->roi_end[i] - pl->roi_start[i];
    return true;
}

static bool infer_resize(ir_node *n)
{
    if (n->num_inputs < 1 || !n->inputs[0]) return diag_node(n, DIAG_INVALID, "input 0 is required");
    resize_plan pl;
    if (!build_plan(n, &pl)) return false;
    node_set_output(n, 0, n->inputs[0]->dtype, pl.rank, pl.out);
    return true;
}

/* ---- per-axis tables ---------------------------------------------------- */

/* Source coordinate of output index o on axis d; false when it falls outside
   the crop (tf_crop_and_resize), which yields extrapolation_value. */
static bool source_coord(const resize_plan *pl, int d, int64_t in, int64_t o, double *xo)
{
    double x = (double)o, s = pl->scale[d], w = pl->width[d];
    switch (pl->coord) {
    case C_ALIGN_CORNERS: *xo = w == 1 ? 0 : x * (double)(in - 1) / (w - 1); break;
    case C_ASYMMETRIC: *xo = x / s; break;
    case C_TF_HALF_PIXEL_FOR_NN: *xo = (x + 0.5) / s; break;
    case C_PYTORCH_HALF_PIXEL: *xo = pl->out[d] > 1 ? (x + 0.5) / s - 0.5 : 0; break;
    case C_HALF_PIXEL_SYMMETRIC: {
        double adjustment = (double)pl->out[d] / w, center = (double)in / 2;
        *xo = center * (1 - adjustment) + (x + 0.5) / s - 0.5;
        break;
    }
    case C_TF_CROP_AND_RESIZE: {
        double a = pl->roi_start[d], b = pl->roi_end[d];
        *xo = w == 1 ? (b - a) * (double)(in - 1) / 2 : x * (b - a) * (double)(in - 1) / (w - 1);
        *xo += a * (double)(in - 1);
        if (*xo < 0 || *xo > (double)(in - 1)) return false;
        break;
    }
    default: *xo = (x + 0.5) / s - 0.5; break;
    }
    return true;
}

static double cubic_weight(double x, double A)
{
    x = fabs(x);
    if (x <= 1) return ((A + 2) * x - (A + 3)) * x * x + 1;
    if (x < 2) return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    return 0;
}

/* Taps of one axis: for each output index, taps source indices (-1 in the
   first for "extrapolate") and weights. */
typedef struct axis_table {
    int taps;
    int64_t *idx;
    double *w;
} axis_table;

static int axis_taps(const resize_plan *pl, int d)
{
    if (pl->mode == M_NEAREST) return 1;
    if (pl->mode == M_LINEAR && !pl->antialias) return 2;
    if (pl->mode == M_CUBIC && !pl->antialias) return 4;
    double s = pl->scale[d] < 1 ? pl->scale[d] : 1;
    int64_t start = (int64_t)floor((pl->mode == M_LINEAR ? -1 : -2) / s) + 1;
    return (int)(2 - 2 * start);
}

static void build_axis(const resize_plan *pl, int d, int64_t in, axis_table *t)
{
    int n = t->taps;
    for (int64_t o = 0; o < pl->out[d]; o++) {
        int64_t *idx = t->idx + o * n;
        double *w = t->w + o * n, xo;
        for (int j = 0; j < n; j++) { idx[j] = 0; w[j] = 0; }
        if (!source_coord(pl, d, in, o, &xo)) { idx[0] = -1; continue; }
        double fl = floor(xo);
        if (pl->mode == M_NEAREST) {
            double frac = xo - fl, pick;
            if (frac == 0) pick = xo;
            else switch (pl->nearest) {
            case N_ROUND_PREFER_FLOOR: pick = frac <= 0.5 ? fl : fl + 1; break;
            case N_ROUND_PREFER_CEIL: pick = frac < 0.5 ? fl : fl + 1; break;
            case N_FLOOR: pick = fl; break;
            case N_CEIL: pick = fl + 1; break;
            default: pick = pl->scale[d] < 1 ? fl + 1 : fl; break;
            }
            if (pick < 0) pick = 0;
            if (pick > (double)(in - 1)) pick = (double)(in - 1);
            idx[0] = (int64_t)pick;
            w[0] = 1;
            continue;
        }
        /* The taps sit at base + 1 - n/2 ... base + n/2 with the ratio in (0, 1]
           (an integer coordinate counts as base = xo - 1, ratio = 1). */
        int64_t base = (int64_t)fl;
        double ratio = xo - fl;
        if (ratio == 0) { base -= 1; ratio = 1; }
        double s = pl->scale[d] < 1 ? pl->scale[d] : 1, A = pl->cubic_a;
        int64_t first = base + 1 - n / 2;
        for (int j = 0; j < n; j++) {
            double off = (double)(first + j - base) - ratio; /* tap position minus xo */
            if (pl->mode == M_LINEAR) w[j] = pl->antialias ? fmax(0, 1 - fabs(off * s)) : 1 - fabs(off);
            else w[j] = pl->antialias ? cubic_weight(off * s, A) : cubic_weight(off, A);
        }
        /* The reference takes the n nearest positions within the input padded
           by ceil(n/2) on each side: near the border the window shifts. */
        int64_t pad = (n + 1) / 2;
        if (first < -pad) first = -pad;
        if (first + n - 1 > in - 1 + pad) first = in - 1 + pad - (n - 1);
        double sum = 0;
        for (int j = 0; j < n; j++) {
            int64_t pos = first + j;
            if (pl->exclude_outside && (pos < 0 || pos >= in)) w[j] = 0;
            sum += w[j];
            idx[j] = pos < 0 ? 0 : pos >= in ? in - 1 : pos;
        }
        if ((pl->antialias || pl->exclude_outside) && sum != 0)
            for (int j = 0; j < n; j++) w[j] /= sum;
    }
}

/* Reduces an axis to one tap when every output takes exactly one source
   (weights 0 or 1); true when done. */
static bool compress_axis(const resize_plan *pl, int d, axis_table *t)
{
    int n = t->taps;
    if (n == 1) return true;
    for (int64_t o = 0; o < pl->out[d]; o++) {
        if (t->idx[o * n] < 0) continue;
        int ones = 0;
        for (int j = 0; j < n; j++) {
            double w = t->w[o * n + j];
            if (w == 1) ones++;
            else if (w != 0) return false;
        }
        if (ones != 1) return false;
    }
    for (int64_t o = 0; o < pl->out[d]; o++) {
        int64_t pick = t->idx[o * n];
        if (pick >= 0)
            for (int j = 0; j < n; j++)
                if (t->w[o * n + j] == 1) pick = t->idx[o * n + j];
        t->idx[o] = pick;
        t->w[o] = 1;
    }
    t->taps = 1;
    return true;
}

static bool lower_resize(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    resize_plan pl;
    if (!build_plan(n, &pl)) return false;
    int r = pl.rank;
    if (ir_value_numel(y) == 0) return true;
    if (ir_value_numel(x) == 0) return diag_node(n, DIAG_INVALID, "cannot resize an empty tensor to a non-empty one");

    axis_table tab[IR_MAX_RANK];
    bool all_single = true, ok = true;
    for (int d = 0; d < r; d++) {
        tab[d].taps = axis_taps(&pl, d);
        size_t cells = (size_t)pl.out[d] * (size_t)tab[d].taps;
        if (tab[d].taps > 4096 || cells > ((size_t)1 << 26)) {
            for (int e = 0; e < d; e++) { free(tab[e].idx); free(tab[e].w); }
            return diag_node(n, DIAG_UNSUPPORTED, "axis %d needs a resampling table of %zu entries (too large)", d, cells);
        }
        tab[d].idx = malloc((cells ? cells : 1) * sizeof *tab[d].idx);
        tab[d].w = malloc((cells ? cells : 1) * sizeof *tab[d].w);
        if (!tab[d].idx || !tab[d].w) abort();
        build_axis(&pl, d, x->dims[d], &tab[d]);
        if (!compress_axis(&pl, d, &tab[d])) all_single = false;
    }

    /* Leading axes that map every index to itself become one batch loop. */
    int lead = 0;
    for (; lead < r; lead++) {
        const axis_table *t = &tab[lead];
        bool identity = t->taps == 1 && pl.out[lead] == x->dims[lead];
        for (int64_t o = 0; identity && o < pl.out[lead]; o++) identity = t->idx[o] == o;
        if (!identity) break;
    }
    int64_t batch = 1, in_block = 1, strides[IR_MAX_RANK];
    for (int d = 0; d < lead; d++) batch *= x->dims[d];
    for (int d = lead; d < r; d++) in_block *= x->dims[d];
    shape_strides(r, x->dims, strides);

    lir_call *k;
    if (lead == r) {
        ok = lower_copy(c, n, x, y);
        k = NULL;
    } else if (all_single) {
        k = lower_call_sized(c, n, "rt_resize_nearest", x->dtype);
        if (k) {
            call_tensor(k, x);
            call_tensor(k, lower_const_scalar(c, x->dtype, pl.extrapolation));
            call_tensor(k, y);
            call_int(k, batch);
            call_int(k, in_block);
            call_int(k, r - lead);
            call_ints(k, pl.out + lead, r - lead);
            call_ints(k, strides + lead, r - lead);
            for (int d = lead; d < r; d++) call_ints(k, tab[d].idx, (int)pl.out[d]);
        }
    } else {
        k = lower_call_typed(c, n, "rt_resize_interp", x->dtype);
        if (k) {
            call_tensor(k, x);
            call_tensor(k, y);
            call_int(k, batch);
            call_int(k, in_block);
            call_int(k, r - lead);
            call_ints(k, pl.out + lead, r - lead);
            call_ints(k, strides + lead, r - lead);
            for (int d = lead; d < r; d++) call_int(k, tab[d].taps);
            for (int d = lead; d < r; d++) call_ints(k, tab[d].idx, (int)(pl.out[d] * tab[d].taps));
            call_float(k, pl.extrapolation);
            for (int d = lead; d < r; d++)
                for (int64_t i = 0; i < pl.out[d] * tab[d].taps; i++) call_float(k, (float)tab[d].w[i]);
        }
    }
    if (!k && lead != r) ok = false;
    for (int d = 0; d < r; d++) { free(tab[d].idx); free(tab[d].w); }
    return ok;
}

static const char *const resize_attrs[] = {"mode", "coordinate_transformation_mode", "nearest_mode", "cubic_coeff_a",
                                           "exclude_outside", "extrapolation_value", "antialias", "axes",
                                           "keep_aspect_ratio_policy", NULL};
static const char *const upsample_attrs[] = {"mode", "scales", "height_scale", "width_scale", NULL};

const op_def ops_resize[] = {
    {"Resize", "", resize_attrs, infer_resize, lower_resize},
    {"Upsample", "", upsample_attrs, infer_resize, lower_resize},
    {0},
};
