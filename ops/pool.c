/* Operators: pooling. MaxPool (optionally with argmax Indices), AveragePool,
   LpPool, GlobalMaxPool, GlobalAveragePool, GlobalLpPool, MaxUnpool. Input
   N x C x D1 x ... x Dk with 1 to 3 spatial dimensions; the generic kernels
   (runtime/pool.c) always see 3-D pooling, the fast ones 2-D.

   Output size per spatial dimension (dk = (kernel - 1) * dilation + 1):
   - explicit pads (auto_pad NOTSET):
       floor or, with ceil_mode, ceil((in + pad_begin + pad_end - dk) / stride) + 1,
       and with ceil_mode a last window that would start in the end padding
       is dropped (ONNX >= 1.16 reference, PyTorch, ONNX Runtime);
   - SAME_UPPER / SAME_LOWER: ceil(in / stride), total padding
       max(0, (out - 1) * stride + dk - in), the odd one at the end (UPPER)
       or at the beginning (LOWER);
   - VALID: floor((in - dk) / stride) + 1, no padding. */
#include "op.h"

#include <string.h>

/* Spatial dimensions of the model, at most the kernels' (runtime/pool.h). */
#define POOL_MAX_SPATIAL RT_POOL_DIMS

typedef struct pool_geom {
    int ns;                                   /* spatial dimensions of the model */
    int64_t outer;                            /* N * C */
    int64_t in[POOL_MAX_SPATIAL], out[POOL_MAX_SPATIAL], k[POOL_MAX_SPATIAL], s[POOL_MAX_SPATIAL];
    int64_t pb[POOL_MAX_SPATIAL], pe[POOL_MAX_SPATIAL], d[POOL_MAX_SPATIAL];
} pool_geom;

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static bool check_spatial_input(const ir_node *n, const ir_value *x)
{
    if (x->rank < 3)
        return diag_node(n, DIAG_INVALID, "input must have rank 3 or more (N x C x spatial...), got rank %d", x->rank);
    if (x->rank - 2 > POOL_MAX_SPATIAL)
        return diag_node(n, DIAG_UNSUPPORTED, "%d spatial dimensions (at most %d supported)", x->rank - 2,
                         POOL_MAX_SPATIAL);
    for (int i = 0; i < x->rank; i++)
        if (x->dims[i] < 0)
            return diag_node(n, DIAG_UNSUPPORTED, "input dimension %d is not known at compile time (pin it with --dim or --shape)", i);
    return true;
}

static bool pool_geometry(const ir_node *n, pool_geom *g)
{
    const ir_value *x = n->inputs[0];
    if (!check_spatial_input(n, x)) return false;
    int ns = x->rank - 2;
    int64_t tmp[2 * POOL_MAX_SPATIAL + 1];
    memset(g, 0, sizeof *g);
    g->ns = ns;
    g->outer = x->dims[0] * x->dims[1];
    for (int i = 0; i < ns; i++) {
        g->in[i] = x->dims[2 + i];
        g->s[i] = 1;
        g->d[i] = 1;
    }
    int cnt = attr_ints(n, "kernel_shape", tmp, 2 * POOL_MAX_SPATIAL + 1);
    if (cnt < 0) return diag_node(n, DIAG_INVALID, "attribute kernel_shape is required");
    if (cnt != ns) return diag_node(n, DIAG_INVALID, "kernel_shape has %d entries, expected %d", cnt, ns);
    for (int i = 0; i < ns; i++) g->k[i] = tmp[i];
    cnt = attr_ints(n, "strides", tmp, 2 * POOL_MAX_SPATIAL + 1);
    if (cnt >= 0) {
        if (cnt != ns) return diag_node(n, DIAG_INVALID, "strides has %d entries, expected %d", cnt, ns);
        for (int i = 0; i < ns; i++) g->s[i] = tmp[i];
    }
    cnt = attr_ints(n, "dilations", tmp, 2 * POOL_MAX_SPATIAL + 1);
    if (cnt >= 0) {
        if (cnt != ns) return diag_node(n, DIAG_INVALID, "dilations has %d entries, expected %d", cnt, ns);
        for (int i = 0; i < ns; i++) g->d[i] = tmp[i];
    }
    bool have_pads = false;
    cnt = attr_ints(n, "pads", tmp, 2 * POOL_MAX_SPATIAL + 1);
    if (cnt >= 0) {
        if (cnt != 2 * ns) return diag_node(n, DIAG_INVALID, "pads has %d entries, expected %d", cnt, 2 * ns);
        for (int i = 0; i < ns; i++) {
            g->pb[i] = tmp[i];
            g->pe[i] = tmp[ns + i];
            if (g->pb[i] || g->pe[i]) have_pads = true;
        }
    }
    for (int i = 0; i < ns; i++) {
        if (g->k[i] < 1) return diag_node(n, DIAG_INVALID, "kernel_shape[%d] = %lld must be positive", i, (long long)g->k[i]);
        if (g->s[i] < 1) return diag_node(n, DIAG_INVALID, "strides[%d] = %lld must be positive", i, (long long)g->s[i]);
        if (g->d[i] < 1) return diag_node(n, DIAG_INVALID, "dilations[%d] = %lld must be positive", i, (long long)g->d[i]);
        if (g->pb[i] < 0 || g->pe[i] < 0) return diag_node(n, DIAG_INVALID, "pads must not be negative");
    }
    bool ceil_mode = attr_int(n, "ceil_mode", 0) != 0;
    const char *auto_pad = attr_string(n, "auto_pad", "NOTSET");
    bool same_upper = strcmp(auto_pad, "SAME_UPPER") == 0, same_lower = strcmp(auto_pad, "SAME_LOWER") == 0;
    bool valid = strcmp(auto_pad, "VALID") == 0;
    if (!same_upper && !same_lower && !valid && strcmp(auto_pad, "NOTSET") != 0)
        return diag_node(n, DIAG_INVALID, "auto_pad '%s' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID", auto_pad);
    if ((same_upper || same_lower || valid) && have_pads)
        return diag_node(n, DIAG_INVALID, "pads cannot be used together with auto_pad '%s'", auto_pad);
    for (int i = 0; i < ns; i++) {
        int64_t dk = (g->k[i] - 1) * g->d[i] + 1, in = g->in[i];
        if (same_upper || same_lower) {
            g->out[i] = (in + g->s[i] - 1) / g->s[i];
            int64_t total = (g->out[i] - 1) * g->s[i] + dk - in;
            if (total < 0) total = 0;
            g->pb[i] = same_upper ? total / 2 : total - total / 2;
            g->pe[i] = total - g->pb[i];
        } else if (valid) {
            g->out[i] = in >= dk ? (in - dk) / g->s[i] + 1 : 0;
            g->pb[i] = g->pe[i] = 0;
        } else {
            int64_t span = in + g->pb[i] + g->pe[i] - dk;
            if (span < 0)
                return diag_node(n, DIAG_INVALID, "the pooling window (%lld) is larger than the padded input (%lld) in spatial dimension %d",
                                 (long long)dk, (long long)(in + g->pb[i] + g->pe[i]), i);
            g->out[i] = (ceil_mode ? floor_div(span + g->s[i] - 1, g->s[i]) : floor_div(span, g->s[i])) + 1;
            /* A last window starting in the end padding is dropped. */
            if (ceil_mode && g->out[i] > 1 && (g->out[i] - 1) * g->s[i] >= in + g->pb[i]) g->out[i]--;
        }
    }
    /* Unused leading dimensions: a 1-wide window over a 1-wide input. */
    for (int i = ns; i < POOL_MAX_SPATIAL; i++) {
        g->in[i] = g->out[i] = g->k[i] = g->s[i] = g->d[i] = 1;
        g->pb[i] = g->pe[i] = 0;
    }
    return true;
}

static void pool_output_dims(const ir_value *x, const pool_geom *g, int64_t *dims)
{
    dims[0] = x->dims[0];
    dims[1] = x->dims[1];
    for (int i = 0; i < g->ns; i++) dims[2 + i] = g->out[i];
}

static const int32_t float_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, 0};
static const int32_t maxpool_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, DT_INT8, DT_UINT8, 0};

static bool check_lp(const ir_node *n)
{
    float pw = attr_float(n, "p", 2.0f);
    if (!(pw > 0)) return diag_node(n, DIAG_INVALID, "p = %g must be positive", (double)pw);
    return true;
}

static bool infer_pool(ir_node *n)
{
    bool is_max = strcmp(n->op_type, "MaxPool") == 0;
    if (strcmp(n->op_type, "LpPool") == 0 && !check_lp(n)) return false;
    if (!node_check_arity(n, 1, 1) || !node_check_dtype(n, 0, is_max ? maxpool_types : float_types)) return false;
    pool_geom g;
    if (!pool_geometry(n, &g)) return false;
    const ir_value *x = n->inputs[0];
    int64_t dims[IR_MAX_RANK];
    pool_output_dims(x, &g, dims);
    node_set_output(n, 0, x->dtype, x->rank, dims);
    if (is_max) {
        int64_t order = attr_int(n, "storage_order", 0);
        if (order != 0 && order != 1)
            return diag_node(n, DIAG_INVALID, "storage_order %lld is not 0 or 1", (long long)order);
        node_set_output(n, 1, DT_INT64, x->rank, dims);
    } else if (node_output(n, 1)) {
        return diag_node(n, DIAG_INVALID, "%s has one output", n->op_type);
    }
    return true;
}

/* The generic kernels' parameters: the geometry with the model's spatial
   dimensions right-aligned in RT_POOL_DIMS (pool_geometry leaves the unused
   ones after them, as 1-wide windows over 1-wide inputs). */
static rt_pool_params pool_params(const ir_node *n, const pool_geom *g)
{
    rt_pool_params p = {.outer = g->outer};
    for (int i = 0; i < RT_POOL_DIMS; i++) {
        int src = i - (RT_POOL_DIMS - g->ns);
        if (src < 0) src = g->ns + i;
        p.in_size[i] = g->in[src];
        p.out_size[i] = g->out[src];
        p.kernel[i] = g->k[src];
        p.stride[i] = g->s[src];
        p.pad_begin[i] = g->pb[src];
        p.pad_end[i] = g->pe[src];
        p.dilation[i] = g->d[src];
    }
    if (strcmp(n->op_type, "MaxPool") == 0) p.storage_order = attr_int(n, "storage_order", 0);
    else if (strcmp(n->op_type, "AveragePool") == 0) p.count_include_pad = attr_int(n, "count_include_pad", 0);
    else p.power = attr_float(n, "p", 2.0f);
    return p;
}

/* The fast kernels' parameters: the last two dimensions of the generic ones. */
static rt_pool2d_params pool2d_params(const rt_pool_params *q)
{
    return (rt_pool2d_params){
        .outer = q->outer,
        .in_h = q->in_size[1], .in_w = q->in_size[2], .out_h = q->out_size[1], .out_w = q->out_size[2],
        .kernel_h = q->kernel[1], .kernel_w = q->kernel[2], .stride_h = q->stride[1], .stride_w = q->stride[2],
        .pad_top = q->pad_begin[1], .pad_left = q->pad_begin[2],
        .pad_bottom = q->pad_end[1], .pad_right = q->pad_end[2],
        .count_include_pad = q->count_include_pad,
    };
}

static bool lower_pool(ir_node *n, lir_program *c)
{
    bool is_max = strcmp(n->op_type, "MaxPool") == 0, is_lp = strcmp(n->op_type, "LpPool") == 0;
    pool_geom g;
    if (!pool_geometry(n, &g)) return false;
    ir_value *x = n->inputs[0];
    rt_pool_params p = pool_params(n, &g);
    /* The common case (at most 2 spatial dimensions, dilation 1, no Indices)
       has a faster kernel with the same results. */
    bool fast = !is_lp && g.ns <= 2 && !(is_max && node_output(n, 1));
    for (int i = 0; i < g.ns; i++)
        if (g.d[i] != 1) fast = false;
    lir_call *k;
    if (fast) {
        rt_pool2d_params p2 = pool2d_params(&p);
        k = lower_kernel_typed(c, n, is_max ? KERNELS_rt_maxpool2d : KERNELS_rt_avgpool2d, x->dtype, &p2);
    } else {
        k = lower_kernel_typed(c, n, is_max ? KERNELS_rt_maxpool : is_lp ? KERNELS_rt_lppool : KERNELS_rt_avgpool,
                               x->dtype, &p);
    }
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    if (is_max && !fast) call_tensor(k, node_output(n, 1));
    return true;
}

static bool infer_global_pool(ir_node *n)
{
    if (!node_check_arity(n, 1, 1) || !node_check_dtype(n, 0, float_types)) return false;
    if (strcmp(n->op_type, "GlobalLpPool") == 0 && !check_lp(n)) return false;
    const ir_value *x = n->inputs[0];
    if (x->rank < 2)
        return diag_node(n, DIAG_INVALID, "input must have rank 2 or more (N x C x spatial...), got rank %d", x->rank);
    int64_t dims[IR_MAX_RANK];
    for (int i = 0; i < x->rank; i++) dims[i] = i < 2 ? x->dims[i] : 1;
    node_set_output(n, 0, x->dtype, x->rank, dims);
    return true;
}

static bool lower_global_pool(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    bool is_max = strcmp(n->op_type, "GlobalMaxPool") == 0, is_lp = strcmp(n->op_type, "GlobalLpPool") == 0;
    int64_t inner = 1;
    for (int i = 2; i < x->rank; i++) inner *= x->dims[i];
    lir_call *k;
    if (is_lp) {
        rt_global_lppool_params p = {.outer = x->dims[0] * x->dims[1], .inner = inner,
                                     .power = attr_float(n, "p", 2.0f)};
        k = lower_kernel_typed(c, n, KERNELS_rt_global_lppool, x->dtype, &p);
    } else {
        rt_global_pool_params p = {.outer = x->dims[0] * x->dims[1], .inner = inner};
        k = lower_kernel_typed(c, n, is_max ? KERNELS_rt_global_maxpool : KERNELS_rt_global_avgpool, x->dtype, &p);
    }
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    return true;
}

/* MaxUnpool: X and I (int64, X's shape) scatter into a zero tensor of the
   inferred shape, (in - 1) * stride - pad_begin - pad_end + kernel per
   spatial dimension, where I holds flat positions. With the (constant)
   output_shape input the pads are ignored and the inferred block sits at
   the start of the larger output (ONNX reference). */
static bool maxunpool_shapes(const ir_node *n, int64_t *inferred, int64_t *out)
{
    const ir_value *x = n->inputs[0];
    int ns = x->rank - 2;
    int64_t k[POOL_MAX_SPATIAL], s[POOL_MAX_SPATIAL], pads[2 * POOL_MAX_SPATIAL] = {0};
    if (attr_ints(n, "kernel_shape", k, POOL_MAX_SPATIAL) != ns)
        return diag_node(n, DIAG_INVALID, "kernel_shape must have %d entries", ns);
    int cnt = attr_ints(n, "strides", s, POOL_MAX_SPATIAL);
    if (cnt < 0)
        for (int i = 0; i < ns; i++) s[i] = 1;
    else if (cnt != ns)
        return diag_node(n, DIAG_INVALID, "strides must have %d entries", ns);
    cnt = attr_ints(n, "pads", pads, 2 * POOL_MAX_SPATIAL);
    if (cnt >= 0 && cnt != 2 * ns) return diag_node(n, DIAG_INVALID, "pads must have %d entries", 2 * ns);
    bool have_shape = node_input(n, 2) != NULL;
    if (have_shape) memset(pads, 0, sizeof pads);
    inferred[0] = x->dims[0];
    inferred[1] = x->dims[1];
    for (int i = 0; i < ns; i++) {
        if (k[i] < 1 || s[i] < 1) return diag_node(n, DIAG_INVALID, "kernel_shape and strides must be positive");
        inferred[2 + i] = (x->dims[2 + i] - 1) * s[i] - pads[i] - pads[ns + i] + k[i];
        if (inferred[2 + i] < 0) return diag_node(n, DIAG_INVALID, "negative output size in spatial dimension %d", i);
    }
    if (!have_shape) {
        memcpy(out, inferred, sizeof(int64_t) * (size_t)x->rank);
        return true;
    }
    int count = node_const_ints(n, 2, out, IR_MAX_RANK);
    if (count < 0) return false;
    if (count != x->rank) return diag_node(n, DIAG_INVALID, "output_shape has %d entries, expected %d", count, x->rank);
    for (int i = 0; i < count; i++)
        if (out[i] < inferred[i])
            return diag_node(n, DIAG_INVALID, "output_shape[%d] = %lld is smaller than the unpooled size %lld", i,
                             (long long)out[i], (long long)inferred[i]);
    return true;
}

static bool infer_maxunpool(ir_node *n)
{
    if (!node_check_arity(n, 2, 3) || !node_check_dtype(n, 0, float_types)) return false;
    const ir_value *x = n->inputs[0], *ind = n->inputs[1];
    if (!check_spatial_input(n, x)) return false;
    if (ind->dtype != DT_INT64) return diag_node(n, DIAG_INVALID, "indices must be int64, not %s", dtype_name(ind->dtype));
    if (ind->rank != x->rank || memcmp(ind->dims, x->dims, sizeof(int64_t) * (size_t)x->rank) != 0)
        return diag_node(n, DIAG_INVALID, "indices must have the shape of X");
    int64_t inferred[IR_MAX_RANK], dims[IR_MAX_RANK];
    if (!maxunpool_shapes(n, inferred, dims)) return false;
    node_set_output(n, 0, x->dtype, x->rank, dims);
    return true;
}

static bool lower_maxunpool(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int64_t dims[IR_MAX_RANK];
    rt_maxunpool_params p = {.in_count = ir_value_numel(x), .rank = x->rank, .out_count = ir_value_numel(y)};
    if (!maxunpool_shapes(n, p.unpooled_dims, dims)) return false;
    shape_strides(y->rank, y->dims, p.out_strides);
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_maxunpool, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->inputs[1]);
    call_tensor(k, y);
    return true;
}

static const char *const no_attrs[] = {NULL};
static const char *const p_attrs[] = {"p", NULL};
static const char *const maxunpool_attrs[] = {"kernel_shape", "pads", "strides", NULL};
static const char *const lppool_attrs[] = {"auto_pad", "ceil_mode", "dilations", "kernel_shape", "p", "pads",
                                           "strides", NULL};
static const char *const maxpool_attrs[] = {"auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads",
                                            "storage_order", "strides", NULL};
static const char *const avgpool_attrs[] = {"auto_pad", "ceil_mode", "count_include_pad", "dilations",
                                            "kernel_shape", "pads", "strides", NULL};

const op_def ops_pool[] = {
    {"MaxPool", "", maxpool_attrs, infer_pool, lower_pool},
    {"AveragePool", "", avgpool_attrs, infer_pool, lower_pool},
    {"LpPool", "", lppool_attrs, infer_pool, lower_pool},
    {"MaxUnpool", "", maxunpool_attrs, infer_maxunpool, lower_maxunpool},
    {"GlobalMaxPool", "", no_attrs, infer_global_pool, lower_global_pool},
    {"GlobalAveragePool", "", no_attrs, infer_global_pool, lower_global_pool},
    {"GlobalLpPool", "", p_attrs, infer_global_pool, lower_global_pool},
    {0},
};
