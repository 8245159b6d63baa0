/* Operators: Conv and ConvTranspose (1-D, 2-D, 3-D; groups, dilations,
   strides, pads, auto_pad, output_padding, output_shape). Float Conv goes
   to sgemm with implicit im2col (1x1 stride-1 convs straight to sgemm,
   depthwise convs to a direct kernel), float ConvTranspose to sgemm +
   col2im; the other
   float types to direct reference loops. The parameters every conv kernel
   takes are rt_conv_params (runtime/conv.h). */
#include "op.h"

#include <stdlib.h>
#include <string.h>

#include "tiling.h"

/* The sgemm blocking (runtime/gemm.h) is shared with code compiled elsewhere:
   constant weights are packed here, at compile time, for whatever target
   the generated C is built for, so the packed layout's MR and KC must be
   the same on every target (gemm.h defines them outside any #if), and the
   micro-kernels and the work-space bound must agree with them. */
_Static_assert(RT_SGEMM_MR == 6, "every sgemm micro-kernel path computes 6 rows");
_Static_assert(RT_SGEMM_MC % RT_SGEMM_MR == 0, "rt_sgemm_apacked walks whole MR-row panels of an MC block");
/* RT_SGEMM_WORK pads A by 16 rows and B by 32 columns (NR follows the
   target: this checks dlc's own; gemm.h's choices are all <= 32). */
_Static_assert(RT_SGEMM_MR <= 16 && RT_SGEMM_NR <= 32, "RT_SGEMM_WORK assumes MR <= 16 and NR <= 32");

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* Geometry of a Conv (transpose == false) or ConvTranspose node: the kernel
   parameters (col_chunk left 0) and the output shape. */
typedef struct conv_geom {
    rt_conv_params p;
    int out_rank;
    int64_t out[IR_MAX_RANK];
} conv_geom;

/* Spatial attributes, nd values each (pads 2*nd). */
typedef struct conv_spatial {
    int nd;
    int64_t k[3], s[3], d[3], pads[6], opad[3], in[3];
    bool upper, lower, valid;             /* auto_pad SAME_UPPER, SAME_LOWER, VALID */
} conv_spatial;

static bool get_spatial_attr(const ir_node *n, const char *name, int count, int64_t dflt, int64_t *out)
{
    for (int i = 0; i < count; i++) out[i] = dflt;
    int64_t tmp[2 * IR_MAX_RANK];
    int got = attr_ints(n, name, tmp, 2 * IR_MAX_RANK);
    if (got < 0) return true;
    if (got != count)
        return diag_node(n, DIAG_INVALID, "attribute '%s' has %d values, expected %d", name, got, count);
    memcpy(out, tmp, (size_t)count * sizeof *out);
    return true;
}

/* Batch, channels and groups from X and W's shapes; checks B (NULL: none). */
static bool conv_channels(const ir_node *n, const ir_value *x, const ir_value *w, const ir_value *b, bool transpose,
                          rt_conv_params *p)
{
    if (x->rank < 3) return diag_node(n, DIAG_INVALID, "X must have rank >= 3 (N, C, spatial...), not %d", x->rank);
    if (x->rank - 2 > 3)
        return diag_node(n, DIAG_UNSUPPORTED, "%d spatial dimensions (at most 3 supported)", x->rank - 2);
    if (w->rank != x->rank)
        return diag_node(n, DIAG_INVALID, "W has rank %d, X has rank %d", w->rank, x->rank);
    int64_t group = attr_int(n, "group", 1), c = x->dims[1], m;
    if (group < 1) return diag_node(n, DIAG_INVALID, "group must be >= 1");
    if (c % group)
        return diag_node(n, DIAG_INVALID, "%lld channels not divisible by group %lld", (long long)c, (long long)group);
    if (transpose) {
        if (w->dims[0] != c)
            return diag_node(n, DIAG_INVALID, "W's first dimension %lld differs from X's channels %lld",
                             (long long)w->dims[0], (long long)c);
        m = w->dims[1] * group;
    } else {
        m = w->dims[0];
        if (w->dims[1] * group != c)
            return diag_node(n, DIAG_INVALID, "W has %lld channels per group, X has %lld channels in %lld groups",
                             (long long)w->dims[1], (long long)c, (long long)group);
        if (m % group) return diag_node(n, DIAG_INVALID, "%lld output channels not divisible by group %lld",
                                        (long long)m, (long long)group);
    }
    if (b && (b->rank != 1 || b->dims[0] != m))
        return diag_node(n, DIAG_INVALID, "B must be 1-D of size %lld", (long long)m);
    p->batch = x->dims[0], p->in_channels = c, p->out_channels = m, p->groups = group;
    return true;
}

/* kernel_shape (checked against W), strides, dilations, pads, output_padding, auto_pad. */
static bool conv_read_attrs(const ir_node *n, const ir_value *x, const ir_value *w, bool transpose, conv_spatial *a)
{
    int nd = a->nd = x->rank - 2;
    int64_t kattr[3];
    for (int i = 0; i < nd; i++) a->k[i] = w->dims[2 + i], a->in[i] = x->dims[2 + i];
    int kgot = attr_ints(n, "kernel_shape", kattr, 3);
    if (kgot >= 0) {
        if (kgot != nd) return diag_node(n, DIAG_INVALID, "kernel_shape has %d values, expected %d", kgot, nd);
        for (int i = 0; i < nd; i++)
            if (kattr[i] != a->k[i]) return diag_node(n, DIAG_INVALID, "kernel_shape does not match W's shape");
    }
    if (!get_spatial_attr(n, "strides", nd, 1, a->s) || !get_spatial_attr(n, "dilations", nd, 1, a->d) ||
        !get_spatial_attr(n, "pads", 2 * nd, 0, a->pads))
        return false;
    if (transpose && !get_spatial_attr(n, "output_padding", nd, 0, a->opad)) return false;
    for (int i = 0; i < nd; i++)
        if (a->s[i] < 1 || a->d[i] < 1 || a->k[i] < 1)
            return diag_node(n, DIAG_INVALID, "strides, dilations and kernel sizes must be >= 1");
    const char *ap = attr_string(n, "auto_pad", "NOTSET");
    a->upper = strcmp(ap, "SAME_UPPER") == 0, a->lower = strcmp(ap, "SAME_LOWER") == 0;
    a->valid = strcmp(ap, "VALID") == 0;
    bool notset = strcmp(ap, "NOTSET") == 0 || ap[0] == 0;
    if (!a->upper && !a->lower && !a->valid && !notset) return diag_node(n, DIAG_INVALID, "unknown auto_pad '%s'", ap);
    return true;
}

/* Conv: output sizes and begin pads. */
static bool conv_out_sizes(const ir_node *n, const conv_spatial *a, int64_t *out, int64_t *pb)
{
    for (int i = 0; i < a->nd; i++) {
        int64_t kext = (a->k[i] - 1) * a->d[i] + 1, in = a->in[i], s = a->s[i];
        if (a->upper || a->lower) {
            out[i] = (in + s - 1) / s;
            int64_t total = (out[i] - 1) * s + kext - in;
            if (total < 0) total = 0;
            pb[i] = a->upper ? total / 2 : total - total / 2;
        } else {
            int64_t p0 = a->valid ? 0 : a->pads[i], p1 = a->valid ? 0 : a->pads[a->nd + i];
            if (p0 < 0 || p1 < 0) return diag_node(n, DIAG_INVALID, "negative pads");
            int64_t span = in + p0 + p1 - kext;
            if (span < 0)
                return diag_node(n, DIAG_INVALID, "kernel extent %lld exceeds padded input %lld", (long long)kext,
                                 (long long)(in + p0 + p1));
            out[i] = span / s + 1;
            pb[i] = p0;
        }
    }
    return true;
}

/* ConvTranspose: output sizes (output_shape, auto_pad or pads) and begin pads. */
static bool conv_transpose_out_sizes(const ir_node *n, const conv_spatial *a, int64_t *out, int64_t *pb)
{
    int nd = a->nd;
    int64_t oshape[IR_MAX_RANK + 2];
    int ogot = attr_ints(n, "output_shape", oshape, IR_MAX_RANK + 2);
    if (ogot >= 0 && ogot != nd && ogot != nd + 2)
        return diag_node(n, DIAG_INVALID, "output_shape has %d values, expected %d", ogot, nd);
    for (int i = 0; i < nd; i++) {
        int64_t kext = (a->k[i] - 1) * a->d[i] + 1, full = a->s[i] * (a->in[i] - 1) + a->opad[i] + kext;
        if (ogot >= 0 || a->upper || a->lower) {
            out[i] = ogot >= 0 ? oshape[ogot - nd + i] : a->in[i] * a->s[i];
            int64_t total = full - out[i];
            pb[i] = a->upper ? floor_div(total, 2) : total - floor_div(total, 2);
        } else {
            int64_t p0 = a->valid ? 0 : a->pads[i], p1 = a->valid ? 0 : a->pads[nd + i];
            out[i] = full - p0 - p1;
            pb[i] = p0;
        }
        if (out[i] < 1) return diag_node(n, DIAG_INVALID, "output size %lld is not positive", (long long)out[i]);
    }
    return true;
}

/* The geometry of a conv of x by w (bias b or NULL) with n's attributes. */
static bool conv_geometry_for(const ir_node *n, const ir_value *x, const ir_value *w, const ir_value *b,
                              bool transpose, conv_geom *g)
{
    rt_conv_params *p = &g->p;
    conv_spatial a;
    int64_t out[3], pb[3];
    memset(p, 0, sizeof *p);
    if (!conv_channels(n, x, w, b, transpose, p) || !conv_read_attrs(n, x, w, transpose, &a)) return false;
    if (!(transpose ? conv_transpose_out_sizes(n, &a, out, pb) : conv_out_sizes(n, &a, out, pb))) return false;
    /* Spatial dims padded to 3 in front: a 2-D conv is a 3-D one of depth 1. */
    int64_t v[6][3];
    for (int i = 0; i < 3; i++) {
        int j = i - (3 - a.nd);
        v[0][i] = j >= 0 ? a.in[j] : 1, v[1][i] = j >= 0 ? out[j] : 1, v[2][i] = j >= 0 ? a.k[j] : 1;
        v[3][i] = j >= 0 ? a.s[j] : 1, v[4][i] = j >= 0 ? a.d[j] : 1, v[5][i] = j >= 0 ? pb[j] : 0;
    }
    p->in_d = v[0][0], p->in_h = v[0][1], p->in_w = v[0][2];
    p->out_d = v[1][0], p->out_h = v[1][1], p->out_w = v[1][2];
    p->kernel_d = v[2][0], p->kernel_h = v[2][1], p->kernel_w = v[2][2];
    p->stride_d = v[3][0], p->stride_h = v[3][1], p->stride_w = v[3][2];
    p->dilation_d = v[4][0], p->dilation_h = v[4][1], p->dilation_w = v[4][2];
    p->pad_front = v[5][0], p->pad_top = v[5][1], p->pad_left = v[5][2];
    g->out_rank = a.nd + 2;
    g->out[0] = p->batch;
    g->out[1] = p->out_channels;
    for (int i = 0; i < a.nd; i++) g->out[2 + i] = out[i];
    return true;
}

static bool conv_geometry(const ir_node *n, bool transpose, conv_geom *g)
{
    return conv_geometry_for(n, n->inputs[0], n->inputs[1], node_input(n, 2), transpose, g);
}

bool conv_geometry_of(const ir_node *n, const ir_value *x, const ir_value *w, rt_conv_params *p, int *out_rank,
                      int64_t *out)
{
    conv_geom g;
    if (!conv_geometry_for(n, x, w, NULL, false, &g)) return false;
    *p = g.p;
    *out_rank = g.out_rank;
    memcpy(out, g.out, sizeof g.out);
    return true;
}

static const int32_t conv_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, 0};

static bool infer_conv_common(ir_node *n, bool transpose)
{
    if (!node_check_arity(n, 2, 3) || !node_check_dtype(n, 0, conv_types)) return false;
    const ir_value *x = n->inputs[0], *w = n->inputs[1], *b = node_input(n, 2);
    if (w->dtype != x->dtype || (b && b->dtype != x->dtype))
        return diag_node(n, DIAG_INVALID, "X, W and B must have the same element type");
    conv_geom g;
    if (!conv_geometry(n, transpose, &g)) return false;
    node_set_output(n, 0, x->dtype, g.out_rank, g.out);
    return true;
}

static bool infer_conv(ir_node *n) { return infer_conv_common(n, false); }
static bool infer_conv_transpose(ir_node *n) { return infer_conv_common(n, true); }

/* X, W (or its packed copy), B; the residual for the float kernels, which
   take one (NULL unless an Add was fused); Y. */
static void call_conv_tensors(lir_call *k, ir_node *n, ir_value *w)
{
    call_tensor(k, n->inputs[0]);
    call_tensor(k, w);
    call_tensor(k, node_input(n, 2));
    if (n->inputs[0]->dtype == DT_FLOAT) call_tensor(k, node_residual(n));
    call_tensor(k, n->outputs[0]);
}

/* Constant weights: packed now in the layout the micro-kernel reads, so the
   generated code does not repack them on every call; NULL if w is not a
   constant (or on failure, reported). */
static ir_value *packed_weights(ir_node *n, lir_program *c, const rt_conv_params *p, bool *failed)
{
    ir_value *w = n->inputs[1];
    *failed = false;
    if (!ir_value_is_const(w) || !w->data) return NULL;
    int64_t grp = p->groups, mg = p->out_channels / grp;
    int64_t kk = p->in_channels / grp * p->kernel_d * p->kernel_h * p->kernel_w;
    int64_t mpad = RT_SGEMM_MPAD(mg), count = grp * mpad * kk;
    float *packed = malloc((size_t)(count ? count : 1) * sizeof *packed);
    if (!packed) {
        *failed = true;
        diag_node(n, DIAG_UNSUPPORTED, "out of memory packing the weights");
        return NULL;
    }
    for (int64_t gi = 0; gi < grp; gi++)
        rt_sgemm_pack_matrix((const float *)w->data + gi * mg * kk, mg, kk, packed + gi * mpad * kk);
    ir_value *wp = lower_const(c, DT_FLOAT, 1, &count, packed);
    lower_name_after(c, wp, w, "packed");
    free(packed);
    return wp;
}

/* Winograd F(4x4, 3x3) (runtime/winograd.c) for a float 3x3 conv with
   stride 1, no dilation, one group and constant weights, when it pays:
   enough tiles for whole 16-tile vectors and enough channels that the
   transforms are small next to the products. */
static bool winograd_applies(const rt_conv_params *p, const ir_value *w)
{
    int64_t tiles = ((p->out_h + 3) / 4) * ((p->out_w + 3) / 4);
    rt_winograd_params wp = {.in_h = p->in_h, .in_w = p->in_w, .out_h = p->out_h, .out_w = p->out_w,
                             .pad_top = p->pad_top, .pad_left = p->pad_left};
    rt_winograd_layout l = rt_winograd_layout_of(&wp);
    return ir_value_is_const(w) && w->data && p->groups == 1 && p->kernel_d == 1 && p->in_d == 1 &&
           p->out_d == 1 && p->kernel_h == 3 && p->kernel_w == 3 && p->stride_h == 1 && p->stride_w == 1 &&
           p->dilation_h == 1 && p->dilation_w == 1 && tiles >= 16 && p->in_channels >= 16 &&
           p->out_channels >= 16 &&
           /* the kernel's per-tile offsets are int32_t (each factor first:
              the products of two must not overflow here either) */
           l.rows < INT32_MAX && l.row_stride < INT32_MAX && p->out_h < INT32_MAX && p->out_w < INT32_MAX &&
           l.rows * l.row_stride < INT32_MAX && p->out_h * p->out_w < INT32_MAX;
}

/* The Winograd kernel's call: the weights transformed now (36 matrices in
   the packed-A layout). */
static bool lower_conv_winograd(ir_node *n, lir_program *c, const rt_conv_params *cp)
{
    rt_winograd_params p = {.batch = cp->batch, .in_channels = cp->in_channels, .out_channels = cp->out_channels,
                            .in_h = cp->in_h, .in_w = cp->in_w, .out_h = cp->out_h, .out_w = cp->out_w,
                            .pad_top = cp->pad_top, .pad_left = cp->pad_left, .tile_block = 32,
                            .activation = cp->activation, .activation_alpha = cp->activation_alpha,
                            .activation_beta = cp->activation_beta};
    ir_value *w = n->inputs[1];
    int64_t kn = p.out_channels, cn = p.in_channels, count = 36 * RT_SGEMM_MPAD(kn) * cn;
    float *u = malloc((size_t)count * sizeof *u), *row = malloc((size_t)(kn * cn) * sizeof *row);
    if (!u || !row) {
        free(u), free(row);
        return diag_node(n, DIAG_UNSUPPORTED, "out of memory transforming the weights");
    }
    rt_winograd_transform_weights((const float *)w->data, kn, cn, u, row);
    ir_value *wu = lower_const(c, DT_FLOAT, 1, &count, u);
    free(u), free(row);
    lower_name_after(c, wu, w, "winograd");
    lir_call *k = lower_kernel(c, n, KERNEL_rt_conv_winograd_f32, &p);
    if (!k) return false;
    call_conv_tensors(k, n, wu);
    call_scratch(k, (size_t)rt_winograd_scratch_floats(&p, lower_threads(c)) * sizeof(float));
    return true;
}

static bool lower_conv(ir_node *n, lir_program *c)
{
    conv_geom g;
    if (!conv_geometry(n, false, &g)) return false;
    rt_conv_params *p = &g.p;
    int32_t dtype = n->inputs[0]->dtype;
    lir_call *k;
    lower_epilogue_params(p, n);
    if (dtype != DT_FLOAT || (p->groups == p->in_channels && p->groups == p->out_channels && p->groups > 1)) {
        /* direct loops: the other float types, and depthwise float */
        rt_kernel_id id =
            dtype == DT_FLOAT ? KERNEL_rt_conv_depthwise_f32 : lower_pick_typed(n, KERNELS_rt_conv, dtype);
        k = lower_kernel(c, n, id, p);
        if (!k) return false;
        call_conv_tensors(k, n, n->inputs[1]);
        if (dtype == DT_FLOAT) call_scratch(k, (size_t)rt_conv_depthwise_scratch(p, lower_threads(c)) * sizeof(float));
        return true;
    }
    if (winograd_applies(p, n->inputs[1])) return lower_conv_winograd(n, c, p);
    int64_t kk = p->in_channels / p->groups * p->kernel_d * p->kernel_h * p->kernel_w;
    int64_t osz = p->out_d * p->out_h * p->out_w;
    p->col_chunk = rt_conv_direct_1x1(p) ? osz : tiling_conv_col_chunk(c->target, kk, osz);
    rt_sgemm_blocking blk = tiling_sgemm(c->target, p->out_channels / p->groups, p->col_chunk, kk);
    p->block_rows = blk.mc, p->block_cols = blk.nc;
    bool failed;
    ir_value *wp = packed_weights(n, c, p, &failed);
    if (failed) return false;
    k = lower_kernel(c, n, wp ? KERNEL_rt_conv_packed_f32 : KERNEL_rt_conv_f32, p);
    if (!k) return false;
    call_conv_tensors(k, n, wp ? wp : n->inputs[1]);
    int64_t scratch = rt_conv_scratch_floats(p, wp != NULL, lower_threads(c));
    call_scratch(k, (size_t)scratch * sizeof(float));
    snprintf(k->tiling, sizeof k->tiling, "sgemm blocks %lldx%lld, %lld positions a task", (long long)blk.mc,
             (long long)blk.nc, (long long)p->col_chunk);
    return true;
}

static bool lower_conv_transpose(ir_node *n, lir_program *c)
{
    conv_geom g;
    if (!conv_geometry(n, true, &g)) return false;
    int32_t dtype = n->inputs[0]->dtype;
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_conv_transpose, dtype, &g.p);
    if (!k) return false;
    call_tensor(k, n->inputs[0]);
    call_tensor(k, n->inputs[1]);
    call_tensor(k, node_input(n, 2));
    call_tensor(k, n->outputs[0]);
    if (dtype == DT_FLOAT) call_scratch(k, (size_t)rt_conv_transpose_scratch(&g.p) * sizeof(float));
    return true;
}

static const char *const conv_attrs[] = {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides", NULL};
static const char *const conv_transpose_attrs[] = {"auto_pad", "dilations", "group", "kernel_shape", "output_padding",
                                                   "output_shape", "pads", "strides", NULL};

const op_def ops_conv[] = {
    {"Conv", "", conv_attrs, infer_conv, lower_conv},
    {"ConvTranspose", "", conv_transpose_attrs, infer_conv_transpose, lower_conv_transpose},
    {0},
};
