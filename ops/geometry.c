/* Operators: image geometry. GridSample (opsets 16, 20, 22: sampling x at
   the normalised positions of a grid, linear / nearest / cubic, 1 to 3
   spatial axes), AffineGrid (opset 20: the grid an affine matrix makes),
   Col2Im (opset 18: column blocks summed back into an image), RoiAlign
   (opsets 10, 16, 22: bilinear pooling over regions of interest) and
   DeformConv (opsets 19, 22: 2-D convolution at offset positions). The
   kernels are in runtime/geometry.c; everything shape-like (AffineGrid's
   size, Col2Im's image and block shapes) must be known at compile time,
   the grid, theta, the RoIs and their batch indices, the offsets and the
   mask may come at run time. The float types only (GridSample's and
   Col2Im's other element types are rejected as unsupported). */
#include "op.h"

#include <string.h>

static const int32_t float_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, 0};

/* The index of s in names (NULL-terminated), or -1. */
static int lookup(const char *s, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0) return i;
    return -1;
}

/* A string attribute that must be one of names; its index, or -1 after an
   unsupported diagnostic listing the values dlc knows. */
static int attr_choice(const ir_node *n, const char *attr, const char *dflt, const char *const *names)
{
    const char *s = attr_string(n, attr, dflt);
    int k = lookup(s, names);
    if (k >= 0) return k;
    char known[128] = "";
    for (int i = 0; names[i]; i++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "", names[i]);
    diag_node(n, DIAG_UNSUPPORTED, "%s '%s' is not supported (this opset knows %s)", attr, s, known);
    return -1;
}

/* ---- GridSample --------------------------------------------------------------- */

/* mode and padding_mode; the mode's names changed at opset 20 (bilinear and
   bicubic became linear and cubic), in the order of enum rt_grid_sample_mode. */
static bool grid_sample_modes(const ir_node *n, int64_t *mode, int64_t *padding)
{
    static const char *const modes16[] = {"bilinear", "nearest", "bicubic", NULL};
    static const char *const modes20[] = {"linear", "nearest", "cubic", NULL};
    static const char *const paddings[] = {"zeros", "border", "reflection", NULL};
    bool old = n->opset < 20;
    int m = attr_choice(n, "mode", old ? "bilinear" : "linear", old ? modes16 : modes20);
    if (m < 0) return false;
    int pad = attr_choice(n, "padding_mode", "zeros", paddings);
    if (pad < 0) return false;
    *mode = m;
    *padding = pad;
    return true;
}

static bool infer_grid_sample(ir_node *n)
{
    if (!node_check_arity(n, 2, 2)) return false;
    const ir_value *x = n->inputs[0], *grid = n->inputs[1];
    int64_t mode, padding;
    if (!grid_sample_modes(n, &mode, &padding)) return false;
    if (!node_check_dtype(n, 0, float_types) || !node_check_dtype(n, 1, float_types)) return false;
    if (grid->dtype != x->dtype)
        return diag_node(n, DIAG_UNSUPPORTED, "a grid of type %s for X of type %s (dlc needs the same type)",
                         dtype_name(grid->dtype), dtype_name(x->dtype));
    if (n->opset < 20 && x->rank != 4)
        return diag_node(n, DIAG_INVALID, "X must have rank 4 before opset 20, not %d", x->rank);
    int r = x->rank - 2;
    if (r < 1) return diag_node(n, DIAG_INVALID, "X must have rank 3 or more, not %d", x->rank);
    if (r > RT_GRID_SAMPLE_MAX_SPATIAL)
        return diag_node(n, DIAG_UNSUPPORTED, "%d spatial axes (dlc samples 1 to %d)", r,
                         RT_GRID_SAMPLE_MAX_SPATIAL);
    if (grid->rank != x->rank || grid->dims[0] != x->dims[0] || grid->dims[grid->rank - 1] != r)
        return diag_node(n, DIAG_INVALID, "grid must have shape [%lld, ..., %d] of rank %d",
                         (long long)x->dims[0], r, x->rank);
    int64_t dims[IR_MAX_RANK] = {x->dims[0], x->dims[1]};
    for (int d = 0; d < r; d++) dims[2 + d] = grid->dims[1 + d];
    node_set_output(n, 0, x->dtype, x->rank, dims);
    return true;
}

static bool lower_grid_sample(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *grid = n->inputs[1], *y = n->outputs[0];
    if (ir_value_numel(y) == 0) return true;
    rt_grid_sample_params p = {.batch = x->dims[0], .channels = x->dims[1], .spatial = x->rank - 2,
                               .out_points = ir_value_numel(y) / (x->dims[0] * x->dims[1]),
                               .align_corners = attr_int(n, "align_corners", 0) != 0};
    grid_sample_modes(n, &p.mode, &p.padding);
    for (int d = 0; d < p.spatial; d++) {
        p.in_dims[d] = x->dims[2 + d];
        if (p.in_dims[d] == 0)
            return diag_node(n, DIAG_UNSUPPORTED, "sampling an empty image (spatial axis %d of X is 0)", d);
    }
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_grid_sample, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, grid);
    call_tensor(k, y);
    return true;
}

/* ---- AffineGrid ---------------------------------------------------------------- */

static bool infer_affine_grid(ir_node *n)
{
    if (!node_check_arity(n, 2, 2)) return false;
    const ir_value *theta = n->inputs[0];
    if (!node_check_dtype(n, 0, float_types)) return false;
    int64_t size[8];
    int count = node_const_ints(n, 1, size, 8);
    if (count < 0) return false;
    if (count != 4 && count != 5)
        return diag_node(n, DIAG_INVALID, "size must have 4 (2-D) or 5 (3-D) entries, not %d", count);
    int s = count - 2;
    if (theta->rank != 3 || theta->dims[0] != size[0] || theta->dims[1] != s || theta->dims[2] != s + 1)
        return diag_node(n, DIAG_INVALID, "theta must have shape [%lld, %d, %d] for size of %d entries",
                         (long long)size[0], s, s + 1, count);
    int64_t dims[IR_MAX_RANK] = {size[0]};
    for (int d = 0; d < s; d++) {
        if (size[2 + d] < 0) return diag_node(n, DIAG_INVALID, "size has a negative entry");
        dims[1 + d] = size[2 + d];
    }
    dims[1 + s] = s;
    node_set_output(n, 0, theta->dtype, s + 2, dims);
    return true;
}

static bool lower_affine_grid(ir_node *n, lir_program *c)
{
    ir_value *theta = n->inputs[0], *y = n->outputs[0];
    if (ir_value_numel(y) == 0) return true;
    int s = y->rank - 2;
    rt_affine_grid_params p = {.batch = y->dims[0], .spatial = s, .out_dims = {1, y->dims[1], y->dims[2]},
                               .align_corners = attr_int(n, "align_corners", 0) != 0};
    if (s == 3) p.out_dims[0] = y->dims[1], p.out_dims[1] = y->dims[2], p.out_dims[2] = y->dims[3];
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_affine_grid, theta->dtype, &p);
    if (!k) return false;
    call_tensor(k, theta);
    call_tensor(k, y);
    return true;
}

/* ---- Col2Im --------------------------------------------------------------------- */

/* An INTS attribute of count entries (absent: all dflt) whose entries are
   at least min. */
static bool ints_attr(const ir_node *n, const char *name, int count, int64_t dflt, int64_t min, int64_t *out)
{
    int got = attr_ints(n, name, out, IR_MAX_RANK * 2);
    if (got < 0)
        for (int i = 0; i < count; i++) out[i] = dflt;
    else if (got != count)
        return diag_node(n, DIAG_INVALID, "%s must have %d entries, not %d", name, count, got);
    for (int i = 0; i < count; i++)
        if (out[i] < min) return diag_node(n, DIAG_INVALID, "%s must be at least %lld", name, (long long)min);
    return true;
}

/* Reads the inputs and attributes into p (channels, image, block, cols, ...). */
static bool col2im_plan(const ir_node *n, rt_col2im_params *p)
{
    const ir_value *x = n->inputs[0];
    int64_t block_shape[IR_MAX_RANK], pads[2 * IR_MAX_RANK];
    int m = node_const_ints(n, 1, p->image, IR_MAX_RANK - 2);
    if (m < 0) return false;
    int mb = node_const_ints(n, 2, block_shape, IR_MAX_RANK - 2);
    if (mb < 0) return false;
    if (m < 1 || mb != m)
        return diag_node(n, DIAG_INVALID, "image_shape and block_shape must have the same number of entries");
    if (x->rank != 3) return diag_node(n, DIAG_INVALID, "input must have rank 3, not %d", x->rank);
    if (!ints_attr(n, "dilations", m, 1, 1, p->dilations) || !ints_attr(n, "strides", m, 1, 1, p->strides) ||
        !ints_attr(n, "pads", 2 * m, 0, 0, pads))
        return false;
    int64_t block = 1, cols = 1;
    for (int d = 0; d < m; d++) {
        p->block[d] = block_shape[d];
        if (block_shape[d] < 1 || p->image[d] < 0)
            return diag_node(n, DIAG_INVALID, "block_shape must be positive and image_shape not negative");
        p->pads_begin[d] = pads[d];
        p->cols[d] = (p->image[d] + pads[d] + pads[m + d] - (p->dilations[d] * (block_shape[d] - 1) + 1)) /
                         p->strides[d] + 1;
        if (p->cols[d] < 1) return diag_node(n, DIAG_INVALID, "the block does not fit the padded image on axis %d", d);
        block *= block_shape[d];
        cols *= p->cols[d];
    }
    if (x->dims[1] % block != 0 || x->dims[2] != cols)
        return diag_node(n, DIAG_INVALID, "input must have shape [N, C * %lld, %lld], not [%lld, %lld, %lld]",
                         (long long)block, (long long)cols, (long long)x->dims[0], (long long)x->dims[1],
                         (long long)x->dims[2]);
    p->spatial = m;
    p->batch = x->dims[0];
    p->channels = x->dims[1] / block;
    return true;
}

static bool infer_col2im(ir_node *n)
{
    if (!node_check_arity(n, 3, 3)) return false;
    rt_col2im_params p = {0};
    if (!col2im_plan(n, &p)) return false;
    int64_t dims[IR_MAX_RANK] = {p.batch, p.channels};
    for (int d = 0; d < p.spatial; d++) dims[2 + d] = p.image[d];
    node_set_output(n, 0, n->inputs[0]->dtype, (int)p.spatial + 2, dims);
    return true;
}

static bool lower_col2im(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    if (ir_value_numel(y) == 0) return true;
    rt_col2im_params p = {0};
    if (!col2im_plan(n, &p)) return false;
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_col2im_blocks, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    return true;
}

/* ---- RoiAlign --------------------------------------------------------------------- */

/* The attributes into p; coordinate_transformation_mode exists from opset
   16 (default half_pixel); opset 10 behaves as output_half_pixel. */
static bool roi_align_attrs(const ir_node *n, rt_roi_align_params *p)
{
    static const char *const modes[] = {"avg", "max", NULL};
    static const char *const coords[] = {"output_half_pixel", "half_pixel", NULL};
    int mode = attr_choice(n, "mode", "avg", modes);
    if (mode < 0) return false;
    int half = 0;
    if (n->opset >= 16 && (half = attr_choice(n, "coordinate_transformation_mode", "half_pixel", coords)) < 0)
        return false;
    if (n->opset < 16 && attr_string(n, "coordinate_transformation_mode", NULL))
        return diag_node(n, DIAG_INVALID, "coordinate_transformation_mode exists from opset 16");
    p->mode = mode;
    p->half_pixel = half;
    p->out_h = attr_int(n, "output_height", 1);
    p->out_w = attr_int(n, "output_width", 1);
    p->sampling_ratio = attr_int(n, "sampling_ratio", 0);
    p->spatial_scale = attr_float(n, "spatial_scale", 1.0f);
    if (p->out_h < 1 || p->out_w < 1 || p->sampling_ratio < 0)
        return diag_node(n, DIAG_INVALID,
                         "output_height and output_width must be positive, sampling_ratio not negative");
    return true;
}

static bool infer_roi_align(ir_node *n)
{
    if (!node_check_arity(n, 3, 3)) return false;
    const ir_value *x = n->inputs[0], *rois = n->inputs[1], *idx = n->inputs[2];
    rt_roi_align_params p = {0};
    if (!roi_align_attrs(n, &p) || !node_check_dtype(n, 0, float_types)) return false;
    if (rois->dtype != x->dtype || idx->dtype != DT_INT64)
        return diag_node(n, DIAG_INVALID, "rois must have X's type and batch_indices int64");
    if (x->rank != 4 || rois->rank != 2 || rois->dims[1] != 4 || idx->rank != 1 || idx->dims[0] != rois->dims[0])
        return diag_node(n, DIAG_INVALID, "X must be [N, C, H, W], rois [R, 4] and batch_indices [R]");
    int64_t dims[4] = {rois->dims[0], x->dims[1], p.out_h, p.out_w};
    node_set_output(n, 0, x->dtype, 4, dims);
    return true;
}

static bool lower_roi_align(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    if (ir_value_numel(y) == 0) return true;
    rt_roi_align_params p = {.batch = x->dims[0], .channels = x->dims[1], .height = x->dims[2],
                             .width = x->dims[3], .num_rois = y->dims[0]};
    roi_align_attrs(n, &p);
    if (p.height == 0 || p.width == 0)
        return diag_node(n, DIAG_UNSUPPORTED, "pooling over an empty feature map");
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_roi_align, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->inputs[1]);
    call_tensor(k, n->inputs[2]);
    call_tensor(k, y);
    return true;
}

/* ---- DeformConv --------------------------------------------------------------------- */

/* Checks input k has the given shape (absent optional inputs pass). */
static bool check_shape(const ir_node *n, int k, const char *what, int rank, const int64_t *dims)
{
    const ir_value *v = node_input(n, k);
    if (!v) return true;
    bool same = v->rank == rank && v->dtype == n->inputs[0]->dtype;
    for (int d = 0; same && d < rank; d++) same = v->dims[d] == dims[d];
    if (same) return true;
    char want[160] = "";
    for (int d = 0; d < rank; d++)
        snprintf(want + strlen(want), sizeof want - strlen(want), "%s%lld", d ? ", " : "", (long long)dims[d]);
    return diag_node(n, DIAG_INVALID, "%s must be a %s tensor of shape [%s]", what, dtype_name(n->inputs[0]->dtype),
                     want);
}

/* Reads the shapes and attributes into p (everything but the tensors). */
static bool deform_conv_plan(const ir_node *n, rt_deform_conv_params *p)
{
    const ir_value *x = n->inputs[0], *w = n->inputs[1];
    if (x->rank != 4)
        return diag_node(n, x->rank < 3 ? DIAG_INVALID : DIAG_UNSUPPORTED,
                         "X of rank %d (dlc's DeformConv is 2-D: X [N, C, H, W])", x->rank);
    int64_t kernel[2], strides[2], dil[2], pads[4];
    if (w->rank != 4) return diag_node(n, DIAG_INVALID, "W must have rank 4, not %d", w->rank);
    if (!ints_attr(n, "kernel_shape", 2, 0, 0, kernel) || !ints_attr(n, "strides", 2, 1, 1, strides) ||
        !ints_attr(n, "dilations", 2, 1, 1, dil) || !ints_attr(n, "pads", 4, 0, 0, pads))
        return false;
    if (attr_ints(n, "kernel_shape", kernel, 2) == 2 && (kernel[0] != w->dims[2] || kernel[1] != w->dims[3]))
        return diag_node(n, DIAG_INVALID, "kernel_shape differs from W's shape");
    *p = (rt_deform_conv_params){.batch = x->dims[0], .in_channels = x->dims[1], .in_h = x->dims[2],
                                 .in_w = x->dims[3], .out_channels = w->dims[0], .kernel_h = w->dims[2],
                                 .kernel_w = w->dims[3], .stride_h = strides[0], .stride_w = strides[1],
                                 .pad_h = pads[0], .pad_w = pads[1], .dilation_h = dil[0], .dilation_w = dil[1],
                                 .group = attr_int(n, "group", 1), .offset_group = attr_int(n, "offset_group", 1)};
    if (p->group < 1 || p->offset_group < 1 || p->in_channels % p->group || p->out_channels % p->group ||
        w->dims[1] * p->group != p->in_channels || p->in_channels % p->offset_group)
        return diag_node(n, DIAG_INVALID,
                         "channels (X %lld, W [%lld, %lld]) do not fit group %lld and offset_group %lld",
                         (long long)p->in_channels, (long long)w->dims[0], (long long)w->dims[1],
                         (long long)p->group, (long long)p->offset_group);
    p->out_h = (p->in_h + pads[0] + pads[2] - ((p->kernel_h - 1) * dil[0] + 1)) / strides[0] + 1;
    p->out_w = (p->in_w + pads[1] + pads[3] - ((p->kernel_w - 1) * dil[1] + 1)) / strides[1] + 1;
    if (p->out_h < 1 || p->out_w < 1) return diag_node(n, DIAG_INVALID, "the kernel does not fit the padded input");
    int64_t taps = p->offset_group * p->kernel_h * p->kernel_w;
    int64_t off[4] = {p->batch, 2 * taps, p->out_h, p->out_w}, mask[4] = {p->batch, taps, p->out_h, p->out_w};
    return check_shape(n, 2, "offset", 4, off) && check_shape(n, 3, "B", 1, &p->out_channels) &&
           check_shape(n, 4, "mask", 4, mask) && check_shape(n, 1, "W", 4, w->dims);
}

static bool infer_deform_conv(ir_node *n)
{
    if (!node_check_arity(n, 3, 5) || !node_check_dtype(n, 0, float_types)) return false;
    rt_deform_conv_params p = {0};
    if (!deform_conv_plan(n, &p)) return false;
    int64_t dims[4] = {p.batch, p.out_channels, p.out_h, p.out_w};
    node_set_output(n, 0, n->inputs[0]->dtype, 4, dims);
    return true;
}

static bool lower_deform_conv(ir_node *n, lir_program *c)
{
    ir_value *y = n->outputs[0];
    rt_deform_conv_params p = {0};
    if (ir_value_numel(y) == 0) return true;
    if (!deform_conv_plan(n, &p)) return false;
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_deform_conv, y->dtype, &p);
    if (!k) return false;
    for (int i = 0; i < 5; i++) call_tensor(k, node_input(n, i));
    call_tensor(k, y);
    call_scratch(k, (size_t)(p.in_channels * p.kernel_h * p.kernel_w) * sizeof(double));
    return true;
}

static const char *const grid_sample_attrs[] = {"align_corners", "mode", "padding_mode", NULL};
static const char *const affine_grid_attrs[] = {"align_corners", NULL};
static const char *const col2im_attrs[] = {"dilations", "pads", "strides", NULL};
static const char *const deform_conv_attrs[] = {"dilations", "group", "kernel_shape", "offset_group", "pads",
                                                "strides", NULL};
static const char *const roi_align_attr_names[] = {"coordinate_transformation_mode", "mode", "output_height",
                                                   "output_width", "sampling_ratio", "spatial_scale", NULL};

const op_def ops_geometry[] = {
    {"GridSample", "", grid_sample_attrs, infer_grid_sample, lower_grid_sample},
    {"AffineGrid", "", affine_grid_attrs, infer_affine_grid, lower_affine_grid},
    {"Col2Im", "", col2im_attrs, infer_col2im, lower_col2im},
    {"RoiAlign", "", roi_align_attr_names, infer_roi_align, lower_roi_align},
    {"DeformConv", "", deform_conv_attrs, infer_deform_conv, lower_deform_conv},
    {0},
};
