/* Operators: Resize (opsets 10 to 19) and Upsample (opsets 1, 7, 9).

   scales, sizes and roi must be compile-time constants: the output shape
   depends on them. Everything else is decided here too: for every resized
   axis and every output coordinate, lowering computes (in double precision,
   following the ONNX reference) the source indices and weights of the taps
   that contribute to it: 1 tap for nearest, 2 for linear, 4 for cubic, more
   for antialiased downscaling. The tables go to the kernels
   (runtime/resize.c, runtime/resize.h) as constant tensors, which they only
   walk: nearest moves elements of any type by size; the others sum weighted
   taps for the float types.

   Upsample and Resize-10 use the asymmetric transformation; their nearest
   mode takes floor when upscaling and ceil when downscaling (as ONNX Runtime
   does; integer upscales then repeat elements as the ONNX reference does). */
#include "op.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The mode attribute. Upsample-1 calls linear "bilinear"; later opsets
   reject that name. */
enum resize_mode { MODE_NEAREST, MODE_LINEAR, MODE_CUBIC, MODE_BILINEAR, NUM_MODES };
enum coord_mode { C_HALF_PIXEL, C_HALF_PIXEL_SYMMETRIC, C_PYTORCH_HALF_PIXEL, C_ALIGN_CORNERS, C_ASYMMETRIC,
                  C_TF_HALF_PIXEL_FOR_NN, C_TF_CROP_AND_RESIZE };
enum nearest_mode { N_ROUND_PREFER_FLOOR, N_ROUND_PREFER_CEIL, N_FLOOR, N_CEIL, N_LEGACY };
enum aspect_policy { POLICY_STRETCH, POLICY_NOT_LARGER, POLICY_NOT_SMALLER };

typedef struct resize_plan {
    int rank;
    enum resize_mode mode;
    enum coord_mode coord;
    enum nearest_mode nearest;
    bool antialias, exclude_outside;
    double cubic_a;
    float extrapolation;
    int64_t out[IR_MAX_RANK];
    double scale[IR_MAX_RANK];      /* the scale of each axis (out/in when sizes are given) */
    double width[IR_MAX_RANK];      /* the reference's "output_width": scale * in, not floored */
    double roi_start[IR_MAX_RANK], roi_end[IR_MAX_RANK];
} resize_plan;

/* What the constant inputs (or, for Upsample, attributes) say, for the
   naxes axes listed in axes. */
typedef struct resize_inputs {
    int64_t axes[IR_MAX_RANK];
    int naxes;
    double scales[IR_MAX_RANK], roi[2 * IR_MAX_RANK];
    int64_t sizes[IR_MAX_RANK];
    int nscales, nsizes, nroi;
} resize_inputs;

static int lookup(const char *s, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0) return i;
    return -1;
}

/* Upsample, and Resize before opset 11: asymmetric coordinates, legacy nearest. */
static bool is_legacy(const ir_node *n)
{
    return strcmp(n->op_type, "Upsample") == 0 || n->opset < 11;
}

static bool is_upsample(const ir_node *n, int before_opset)
{
    return strcmp(n->op_type, "Upsample") == 0 && n->opset < before_opset;
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

/* The attributes: modes, cubic coefficient, extrapolation, antialias. */
static bool plan_modes(const ir_node *n, resize_plan *pl)
{
    bool legacy = is_legacy(n);
    static const char *const modes[NUM_MODES + 1] = {
        [MODE_NEAREST] = "nearest", [MODE_LINEAR] = "linear", [MODE_CUBIC] = "cubic", [MODE_BILINEAR] = "bilinear",
    };
    const char *mode = attr_string(n, "mode", "nearest");
    int m = lookup(mode, modes);
    if (m == MODE_BILINEAR && is_upsample(n, 7)) m = MODE_LINEAR;
    if (m < 0 || m == MODE_BILINEAR || (legacy && m == MODE_CUBIC))
        return diag_node(n, DIAG_INVALID, "mode '%s' is not valid for this op and opset", mode);
    pl->mode = (enum resize_mode)m;

    static const char *const coords[] = {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners",
                                         "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize", NULL};
    static const char *const nearests[] = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil", NULL};
    if (legacy) {
        pl->coord = C_ASYMMETRIC;
        pl->nearest = N_LEGACY;
    } else {
        const char *cm = attr_string(n, "coordinate_transformation_mode", "half_pixel");
        int coord = lookup(cm, coords);
        if (coord < 0) return diag_node(n, DIAG_INVALID, "unknown coordinate_transformation_mode '%s'", cm);
        const char *nm = attr_string(n, "nearest_mode", "round_prefer_floor");
        int nearest = lookup(nm, nearests);
        if (nearest < 0) return diag_node(n, DIAG_INVALID, "unknown nearest_mode '%s'", nm);
        pl->coord = (enum coord_mode)coord;
        pl->nearest = (enum nearest_mode)nearest;
    }
    pl->cubic_a = attr_float(n, "cubic_coeff_a", -0.75f);
    pl->exclude_outside = attr_int(n, "exclude_outside", 0) != 0;
    pl->extrapolation = attr_float(n, "extrapolation_value", 0.0f);
    pl->antialias = attr_int(n, "antialias", 0) != 0 && pl->mode != MODE_NEAREST;
    return true;
}

/* axes (opset 18+): which dimensions scales/sizes/roi describe; all by default. */
static bool read_axes(const ir_node *n, int r, resize_inputs *in)
{
    in->naxes = attr_ints(n, "axes", in->axes, IR_MAX_RANK);
    if (in->naxes > r) return diag_node(n, DIAG_INVALID, "axes has %d entries for rank %d", in->naxes, r);
    if (in->naxes < 0) {
        in->naxes = r;
        for (int i = 0; i < r; i++) in->axes[i] = i;
        return true;
    }
    bool seen[IR_MAX_RANK] = {false};
    for (int i = 0; i < in->naxes; i++) {
        int a;
        if (!node_axis(n, in->axes[i], r, &a)) return false;
        if (seen[a]) return diag_node(n, DIAG_INVALID, "axis %lld is listed twice", (long long)in->axes[i]);
        seen[a] = true;
        in->axes[i] = a;
    }
    return true;
}

/* scales, sizes and roi from the attributes (Upsample-1, -7) or the constant inputs. */
static bool read_scales(const ir_node *n, int r, resize_inputs *in)
{
    in->nscales = in->nsizes = in->nroi = 0;
    if (is_upsample(n, 7)) {
        if (r != 4) return diag_node(n, DIAG_INVALID, "Upsample-1 expects a 4-D input");
        in->scales[0] = in->scales[1] = 1;
        in->scales[2] = attr_float(n, "height_scale", 0);
        in->scales[3] = attr_float(n, "width_scale", 0);
        in->nscales = 4;
    } else if (is_upsample(n, 9)) {
        float s[IR_MAX_RANK];
        in->nscales = attr_floats(n, "scales", s, IR_MAX_RANK);
        if (in->nscales < 0) return diag_node(n, DIAG_INVALID, "attribute 'scales' is required");
        if (in->nscales > r) return diag_node(n, DIAG_INVALID, "scales has %d entries for rank %d", in->nscales, r);
        for (int i = 0; i < in->nscales; i++) in->scales[i] = s[i];
    } else if (is_legacy(n)) {
        if (!node_check_arity(n, 2, 2)) return false;
        in->nscales = const_floats(n, 1, in->scales, IR_MAX_RANK);
        if (in->nscales < 0) return false;
    } else {
        if (!node_check_arity(n, 1, 4)) return false;
        in->nroi = const_floats(n, 1, in->roi, 2 * IR_MAX_RANK);
        if (in->nroi < 0) return false;
        in->nscales = const_floats(n, 2, in->scales, IR_MAX_RANK);
        if (in->nscales < 0) return false;
        const ir_value *sz = node_input(n, 3);
        if (sz && !(sz->rank >= 0 && ir_value_numel(sz) == 0)) {
            in->nsizes = node_const_ints(n, 3, in->sizes, IR_MAX_RANK);
            if (in->nsizes < 0) return false;
        }
    }
    if (in->nscales && in->nsizes) return diag_node(n, DIAG_INVALID, "only one of scales and sizes may be given");
    if (!in->nscales && !in->nsizes) return diag_node(n, DIAG_INVALID, "one of scales and sizes is required");
    if ((in->nscales && in->nscales != in->naxes) || (in->nsizes && in->nsizes != in->naxes))
        return diag_node(n, DIAG_INVALID, "scales/sizes have %d entries, expected %d",
                         in->nscales ? in->nscales : in->nsizes, in->naxes);
    return true;
}

/* Output dims from scales (floor of in * scale * roi length). */
static bool plan_from_scales(const ir_node *n, const resize_inputs *in, resize_plan *pl)
{
    const ir_value *x = n->inputs[0];
    for (int i = 0; i < in->naxes; i++) {
        int a = (int)in->axes[i];
        if (!(in->scales[i] > 0) || !isfinite(in->scales[i]))
            return diag_node(n, DIAG_INVALID, "scale %g is not a positive number", in->scales[i]);
        pl->scale[a] = in->scales[i];
        double len = (double)x->dims[a] * in->scales[i] * (pl->roi_end[a] - pl->roi_start[a]);
        if (!(len < 1e15)) return diag_node(n, DIAG_INVALID, "scale %g makes the output too large", in->scales[i]);
        pl->out[a] = (int64_t)floor(len);
    }
    return true;
}

/* Output dims from sizes, under keep_aspect_ratio_policy. */
static bool plan_from_sizes(const ir_node *n, const resize_inputs *in, resize_plan *pl)
{
    const ir_value *x = n->inputs[0];
    static const char *const policies[] = {
        [POLICY_STRETCH] = "stretch", [POLICY_NOT_LARGER] = "not_larger", [POLICY_NOT_SMALLER] = "not_smaller", NULL,
    };
    const char *pol = attr_string(n, "keep_aspect_ratio_policy", "stretch");
    int policy = lookup(pol, policies);
    if (policy < 0) return diag_node(n, DIAG_INVALID, "unknown keep_aspect_ratio_policy '%s'", pol);
    double keep = policy == POLICY_NOT_LARGER ? INFINITY : -INFINITY;
    for (int i = 0; i < in->naxes; i++) {
        int a = (int)in->axes[i];
        if (in->sizes[i] < 0) return diag_node(n, DIAG_INVALID, "sizes has a negative entry");
        pl->out[a] = in->sizes[i];
        pl->scale[a] = x->dims[a] ? (double)in->sizes[i] / (double)x->dims[a] : 1.0;
        if (policy == POLICY_NOT_LARGER && pl->scale[a] < keep) keep = pl->scale[a];
        if (policy == POLICY_NOT_SMALLER && pl->scale[a] > keep) keep = pl->scale[a];
    }
    if (policy != POLICY_STRETCH)
        for (int i = 0; i < in->naxes; i++) {
            int a = (int)in->axes[i];
            pl->scale[a] = keep;
            pl->out[a] = (int64_t)(keep * (double)x->dims[a] + 0.5);
        }
    return true;
}

static bool build_plan(const ir_node *n, resize_plan *pl)
{
    const ir_value *x = n->inputs[0];
    int r = x->rank;
    memset(pl, 0, sizeof *pl);
    pl->rank = r;
    if (r < 1) return diag_node(n, DIAG_INVALID, "input must have rank 1 or more");
    resize_inputs in;
    if (!plan_modes(n, pl) || !read_axes(n, r, &in) || !read_scales(n, r, &in)) return false;

    for (int i = 0; i < r; i++) {
        pl->scale[i] = 1;
        pl->out[i] = x->dims[i];
        pl->roi_start[i] = 0;
        pl->roi_end[i] = 1;
    }
    if (pl->coord == C_TF_CROP_AND_RESIZE) {
        if (in.nroi != 2 * in.naxes)
            return diag_node(n, DIAG_INVALID, "tf_crop_and_resize needs roi with %d entries, got %d", 2 * in.naxes,
                             in.nroi);
        for (int i = 0; i < in.naxes; i++) {
            pl->roi_start[in.axes[i]] = in.roi[i];
            pl->roi_end[in.axes[i]] = in.roi[in.naxes + i];
        }
    }
    if (!(in.nscales ? plan_from_scales(n, &in, pl) : plan_from_sizes(n, &in, pl))) return false;
    for (int i = 0; i < r; i++) pl->width[i] = pl->scale[i] * (double)x->dims[i];
    if (pl->coord == C_TF_CROP_AND_RESIZE && in.nscales)
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
    if (pl->mode == MODE_NEAREST) return 1;
    if (pl->mode == MODE_LINEAR && !pl->antialias) return 2;
    if (pl->mode == MODE_CUBIC && !pl->antialias) return 4;
    double s = pl->scale[d] < 1 ? pl->scale[d] : 1;
    int64_t start = (int64_t)floor((pl->mode == MODE_LINEAR ? -1 : -2) / s) + 1;
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
        if (pl->mode == MODE_NEAREST) {
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
            if (pl->mode == MODE_LINEAR) w[j] = pl->antialias ? fmax(0, 1 - fabs(off * s)) : 1 - fabs(off);
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

/* Every axis's table, compressed to one tap where it can be; false after
   an error (tables freed). *all_single: every axis ended with one tap. */
static bool build_tables(const ir_node *n, const resize_plan *pl, axis_table *tab, bool *all_single)
{
    const ir_value *x = n->inputs[0];
    *all_single = true;
    for (int d = 0; d < pl->rank; d++) {
        tab[d].taps = axis_taps(pl, d);
        size_t cells = (size_t)pl->out[d] * (size_t)tab[d].taps;
        if (tab[d].taps > 4096 || cells > ((size_t)1 << 26)) {
            for (int e = 0; e < d; e++) { free(tab[e].idx); free(tab[e].w); }
            return diag_node(n, DIAG_UNSUPPORTED, "axis %d needs a resampling table of %zu entries (too large)", d, cells);
        }
        tab[d].idx = malloc((cells ? cells : 1) * sizeof *tab[d].idx);
        tab[d].w = malloc((cells ? cells : 1) * sizeof *tab[d].w);
        if (!tab[d].idx || !tab[d].w) abort();
        build_axis(pl, d, x->dims[d], &tab[d]);
        if (!compress_axis(pl, d, &tab[d])) *all_single = false;
    }
    return true;
}

/* The number of leading axes that map every index to itself: they become
   the kernels' batch loop. */
static int identity_lead(const ir_value *x, const resize_plan *pl, const axis_table *tab)
{
    int lead = 0;
    for (; lead < pl->rank; lead++) {
        const axis_table *t = &tab[lead];
        bool identity = t->taps == 1 && pl->out[lead] == x->dims[lead];
        for (int64_t o = 0; identity && o < pl->out[lead]; o++) identity = t->idx[o] == o;
        if (!identity) break;
    }
    return lead;
}

/* The tables of axes lead.. in order, as one constant tensor: the source
   indices (int64), or with weights the weights (float, as the kernels sum them). */
static ir_value *table_const(lir_program *c, const resize_plan *pl, const axis_table *tab, int lead, bool weights)
{
    int64_t count = 0;
    for (int d = lead; d < pl->rank; d++) count += pl->out[d] * tab[d].taps;
    size_t elem = weights ? sizeof(float) : sizeof(int64_t);
    unsigned char *data = malloc((count ? (size_t)count : 1) * elem), *at = data;
    if (!data) abort();
    for (int d = lead; d < pl->rank; d++) {
        int64_t cells = pl->out[d] * tab[d].taps;
        for (int64_t i = 0; i < cells; i++, at += elem) {
            if (weights) {
                float w = (float)tab[d].w[i];
                memcpy(at, &w, sizeof w);
            } else {
                memcpy(at, &tab[d].idx[i], sizeof(int64_t));
            }
        }
    }
    ir_value *v = lower_const(c, weights ? DT_FLOAT : DT_INT64, 1, &count, data);
    free(data);
    return v;
}

static bool lower_nearest(lir_program *c, ir_node *n, const resize_plan *pl, const axis_table *tab, int lead)
{
    ir_value *x = n->inputs[0];
    rt_resize_nearest_params p = {.batch = 1, .in_block = 1, .rank = pl->rank - lead};
    int64_t strides[IR_MAX_RANK];
    shape_strides(pl->rank, x->dims, strides);
    for (int d = 0; d < lead; d++) p.batch *= x->dims[d];
    for (int d = lead; d < pl->rank; d++) {
        p.in_block *= x->dims[d];
        p.out_dims[d - lead] = pl->out[d];
        p.in_strides[d - lead] = strides[d];
    }
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_resize_nearest, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, lower_const_scalar(c, x->dtype, pl->extrapolation));
    call_tensor(k, table_const(c, pl, tab, lead, false));
    call_tensor(k, n->outputs[0]);
    return true;
}

static bool lower_interp(lir_program *c, ir_node *n, const resize_plan *pl, const axis_table *tab, int lead)
{
    ir_value *x = n->inputs[0];
    rt_resize_interp_params p = {.batch = 1, .in_block = 1, .rank = pl->rank - lead, .extrapolation = pl->extrapolation};
    int64_t strides[IR_MAX_RANK];
    shape_strides(pl->rank, x->dims, strides);
    for (int d = 0; d < lead; d++) p.batch *= x->dims[d];
    for (int d = lead; d < pl->rank; d++) {
        p.in_block *= x->dims[d];
        p.out_dims[d - lead] = pl->out[d];
        p.in_strides[d - lead] = strides[d];
        p.taps[d - lead] = tab[d].taps;
    }
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_resize_interp, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, table_const(c, pl, tab, lead, false));
    call_tensor(k, table_const(c, pl, tab, lead, true));
    call_tensor(k, n->outputs[0]);
    return true;
}

static bool lower_resize(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    resize_plan pl;
    if (!build_plan(n, &pl)) return false;
    if (ir_value_numel(y) == 0) return true;
    if (ir_value_numel(x) == 0) return diag_node(n, DIAG_INVALID, "cannot resize an empty tensor to a non-empty one");

    axis_table tab[IR_MAX_RANK];
    bool all_single, ok;
    if (!build_tables(n, &pl, tab, &all_single)) return false;
    int lead = identity_lead(x, &pl, tab);
    if (lead == pl.rank) ok = lower_view(c, n, x, y);
    else if (all_single) ok = lower_nearest(c, n, &pl, tab, lead);
    else ok = lower_interp(c, n, &pl, tab, lead);
    for (int d = 0; d < pl.rank; d++) { free(tab[d].idx); free(tab[d].w); }
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
