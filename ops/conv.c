/* Operators: Conv and ConvTranspose (1-D, 2-D, 3-D; groups, dilations,
   strides, pads, auto_pad, output_padding, output_shape). Float Conv goes
   to im2col + sgemm (1x1 stride-1 convs straight to sgemm, depthwise convs
   to a direct kernel), float ConvTranspose to sgemm + col2im; the other
   float types to direct reference loops. The geometry every conv kernel
   takes is documented at the top of runtime/conv.c. */
#include "op.h"

#include <stdlib.h>
#include <string.h>

/* Mirrors RT_SGEMM_WORK in runtime/gemm.c. */
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t sgemm_work_floats(int64_t m, int64_t n, int64_t k)
{
    int64_t apack = (min64(m, 144) + 16) * min64(k, 256);
    return (apack + 15) / 16 * 16 + min64(k, 256) * (min64(n, 1024) + 32) + 16;
}

/* Mirror rt_sgemm_apacked's packed-A layout (runtime/gemm.c): MR-row
   micro-panels within KC-column blocks. */
enum { SGEMM_MR = 6, SGEMM_KC = 256 };

/* W [G*mg, kk] (row-major, one group after the other) packed for
   rt_conv_packed_f32: per group, per KC block of columns, the mg rows padded
   to mpad with zeros, MR rows interleaved per column. */
static float *pack_conv_weights(const float *w, int64_t grp, int64_t mg, int64_t kk, int64_t mpad)
{
    float *out = calloc((size_t)(grp * mpad * kk), sizeof *out);
    if (!out) return NULL;
    for (int64_t gi = 0; gi < grp; gi++) {
        const float *wg = w + gi * mg * kk;
        float *og = out + gi * mpad * kk;
        for (int64_t pc = 0; pc < kk; pc += SGEMM_KC) {
            int64_t kc = min64(SGEMM_KC, kk - pc);
            for (int64_t i = 0; i < mg; i++)
                for (int64_t k = 0; k < kc; k++)
                    og[pc * mpad + (i / SGEMM_MR) * kc * SGEMM_MR + k * SGEMM_MR + i % SGEMM_MR] =
                        wg[i * kk + pc + k];
        }
    }
    return out;
}

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

enum { PARAM_COUNT = 22 };

/* Geometry of a Conv (transpose == false) or ConvTranspose node: the kernel
   parameters p (see runtime/conv.c) and the output shape. */
typedef struct conv_geom {
    int nd;
    int64_t p[PARAM_COUNT];
    int out_rank;
    int64_t out[IR_MAX_RANK];
} conv_geom;

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

static bool conv_geometry(const ir_node *n, bool transpose, conv_geom *g)
{
    const ir_value *x = n->inputs[0], *w = n->inputs[1], *b = node_input(n, 2);
    if (x->rank < 3) return diag_node(n, DIAG_INVALID, "X must have rank >= 3 (N, C, spatial...), not %d", x->rank);
    int nd = x->rank - 2;
    if (nd > 3) return diag_node(n, DIAG_UNSUPPORTED, "%d spatial dimensions (at most 3 supported)", nd);
    if (w->rank != x->rank)
        return diag_node(n, DIAG_INVALID, "W has rank %d, X has rank %d", w->rank, x->rank);
    int64_t group = attr_int(n, "group", 1);
    int64_t nb = x->dims[0], c = x->dims[1], m;
    if (group < 1) return diag_node(n, DIAG_INVALID, "group must be >= 1");
    if (c % group) return diag_node(n, DIAG_INVALID, "%lld channels not divisible by group %lld", (long long)c, (long long)group);
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
    int64_t k[3], kattr[3], s[3], d[3], pads[6], opad[3], in[3], out[3], pb[3];
    for (int i = 0; i < nd; i++) k[i] = w->dims[2 + i], in[i] = x->dims[2 + i];
    int kgot = attr_ints(n, "kernel_shape", kattr, 3);
    if (kgot >= 0) {
        if (kgot != nd) return diag_node(n, DIAG_INVALID, "kernel_shape has %d values, expected %d", kgot, nd);
        for (int i = 0; i < nd; i++)
            if (kattr[i] != k[i]) return diag_node(n, DIAG_INVALID, "kernel_shape does not match W's shape");
    }
    if (!get_spatial_attr(n, "strides", nd, 1, s) || !get_spatial_attr(n, "dilations", nd, 1, d) ||
        !get_spatial_attr(n, "pads", 2 * nd, 0, pads))
        return false;
    if (transpose && !get_spatial_attr(n, "output_padding", nd, 0, opad)) return false;
    for (int i = 0; i < nd; i++)
        if (s[i] < 1 || d[i] < 1 || k[i] < 1)
            return diag_node(n, DIAG_INVALID, "strides, dilations and kernel sizes must be >= 1");
    const char *ap = attr_string(n, "auto_pad", "NOTSET");
    bool upper = strcmp(ap, "SAME_UPPER") == 0, lower = strcmp(ap, "SAME_LOWER") == 0;
    bool valid = strcmp(ap, "VALID") == 0, notset = strcmp(ap, "NOTSET") == 0 || ap[0] == 0;
    if (!upper && !lower && !valid && !notset) return diag_node(n, DIAG_INVALID, "unknown auto_pad '%s'", ap);

    if (!transpose) {
        for (int i = 0; i < nd; i++) {
            int64_t kext = (k[i] - 1) * d[i] + 1;
            if (upper || lower) {
                out[i] = (in[i] + s[i] - 1) / s[i];
                int64_t total = (out[i] - 1) * s[i] + kext - in[i];
                if (total < 0) total = 0;
                pb[i] = upper ? total / 2 : total - total / 2;
            } else {
                int64_t p0 = valid ? 0 : pads[i], p1 = valid ? 0 : pads[nd + i];
                if (p0 < 0 || p1 < 0) return diag_node(n, DIAG_INVALID, "negative pads");
                int64_t span = in[i] + p0 + p1 - kext;
                if (span < 0)
                    return diag_node(n, DIAG_INVALID, "kernel extent %lld exceeds padded input %lld",
                                     (long long)kext, (long long)(in[i] + p0 + p1));
                out[i] = span / s[i] + 1;
                pb[i] = p0;
            }
        }
    } else {
        int64_t oshape[IR_MAX_RANK + 2];
        int ogot = attr_ints(n, "output_shape", oshape, IR_MAX_RANK + 2);
        if (ogot >= 0 && ogot != nd && ogot != nd + 2)
            return diag_node(n, DIAG_INVALID, "output_shape has %d values, expected %d", ogot, nd);
        for (int i = 0; i < nd; i++) {
            int64_t kext = (k[i] - 1) * d[i] + 1, full = s[i] * (in[i] - 1) + opad[i] + kext;
            if (ogot >= 0 || upper || lower) {
                out[i] = ogot >= 0 ? oshape[ogot - nd + i] : in[i] * s[i];
                int64_t total = full - out[i];
                pb[i] = upper ? floor_div(total, 2) : total - floor_div(total, 2);
            } else {
                int64_t p0 = valid ? 0 : pads[i], p1 = valid ? 0 : pads[nd + i];
                out[i] = full - p0 - p1;
                pb[i] = p0;
            }
            if (out[i] < 1) return diag_node(n, DIAG_INVALID, "output size %lld is not positive", (long long)out[i]);
        }
    }
    /* Spatial dims padded to 3 in front. */
    int64_t *p = g->p;
    int off = 3 - nd;
    p[0] = nb, p[1] = c, p[2] = m, p[3] = group;
    for (int i = 0; i < 3; i++) {
        int j = i - off;
        p[4 + i] = j >= 0 ? in[j] : 1;
        p[7 + i] = j >= 0 ? out[j] : 1;
        p[10 + i] = j >= 0 ? k[j] : 1;
        p[13 + i] = j >= 0 ? s[j] : 1;
        p[16 + i] = j >= 0 ? d[j] : 1;
        p[19 + i] = j >= 0 ? pb[j] : 0;
    }
    g->nd = nd;
    g->out_rank = x->rank;
    g->out[0] = nb;
    g->out[1] = m;
    for (int i = 0; i < nd; i++) g->out[2 + i] = out[i];
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

static void call_conv_tensors(lir_call *k, ir_node *n)
{
    call_tensor(k, n->inputs[0]);
    call_tensor(k, n->inputs[1]);
    call_tensor(k, node_input(n, 2));
    call_tensor(k, n->outputs[0]);
}

static bool lower_conv(ir_node *n, lir_program *c)
{
    conv_geom g;
    if (!conv_geometry(n, false, &g)) return false;
    const int64_t *p = g.p;
    int32_t dtype = n->inputs[0]->dtype;
    lir_call *k;
    if (dtype != DT_FLOAT) {
        k = lower_call_typed(c, n, "rt_conv", dtype);
        if (!k) return false;
        call_conv_tensors(k, n);
        call_ints(k, p, PARAM_COUNT);
        return true;
    }
    int64_t ch = p[1], m = p[2], grp = p[3];
    if (grp == ch && grp == m && grp > 1) {
        k = lower_call(c, n, "rt_conv_depthwise_f32");
        if (!k) return false;
        call_conv_tensors(k, n);
        call_ints(k, p, PARAM_COUNT);
        return true;
    }
    int64_t cg = ch / grp, mg = m / grp, ksz = p[10] * p[11] * p[12], kk = cg * ksz;
    int64_t isz = p[4] * p[5] * p[6], osz = p[7] * p[8] * p[9];
    bool direct = ksz == 1 && p[13] == 1 && p[14] == 1 && p[15] == 1 && p[19] == 0 && p[20] == 0 && p[21] == 0 &&
                  isz == osz;
    int64_t chunk, floats;
    if (direct) {
        chunk = osz;
        floats = sgemm_work_floats(mg, osz, kk);
    } else {
        /* im2col a few hundred output columns at a time: the column block
           (kk x chunk) stays near 1 MiB, within L2. */
        chunk = (256 * 1024) / kk;
        chunk = (chunk + 31) / 32 * 32;
        if (chunk < 32) chunk = 32;
        if (chunk > osz) chunk = osz;
        floats = (kk * chunk + 15) / 16 * 16 + sgemm_work_floats(mg, chunk, kk);
    }
    ir_value *w = n->inputs[1];
    if (ir_value_is_const(w) && w->data) {
        /* Constant weights: pack them now in the layout the micro-kernel
           reads, so the generated code does not repack them on every call. */
        int64_t mpad = (mg + SGEMM_MR - 1) / SGEMM_MR * SGEMM_MR, count = grp * mpad * kk;
        float *packed = pack_conv_weights((const float *)w->data, grp, mg, kk, mpad);
        if (!packed) return diag_node(n, DIAG_UNSUPPORTED, "out of memory packing the weights");
        ir_value *wp = lower_const(c, DT_FLOAT, 1, &count, packed);
        free(packed);
        k = lower_call(c, n, "rt_conv_packed_f32");
        if (!k) return false;
        call_tensor(k, n->inputs[0]);
        call_tensor(k, wp);
        call_tensor(k, node_input(n, 2));
        call_tensor(k, n->outputs[0]);
    } else {
        k = lower_call(c, n, "rt_conv_f32");
        if (!k) return false;
        call_conv_tensors(k, n);
    }
    call_ints(k, p, PARAM_COUNT);
    call_int(k, chunk);
    call_scratch(k, (size_t)floats * sizeof(float));
    return true;
}

static bool lower_conv_transpose(ir_node *n, lir_program *c)
{
    conv_geom g;
    if (!conv_geometry(n, true, &g)) return false;
    const int64_t *p = g.p;
    int32_t dtype = n->inputs[0]->dtype;
    lir_call *k = lower_call_typed(c, n, "rt_conv_transpose", dtype);
    if (!k) return false;
    call_conv_tensors(k, n);
    call_ints(k, p, PARAM_COUNT);
    if (dtype == DT_FLOAT) {
        int64_t cg = p[1] / p[3], rows = p[2] / p[3] * p[10] * p[11] * p[12], isz = p[4] * p[5] * p[6];
        int64_t floats = (rows * isz + 15) / 16 * 16 + sgemm_work_floats(rows, isz, cg);
        call_scratch(k, (size_t)floats * sizeof(float));
    }
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
