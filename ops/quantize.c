/* Operators: quantization. QuantizeLinear and DequantizeLinear (opset 10
   to 25: per tensor, per axis and blocked scales and zero points;
   output_dtype, precision), DynamicQuantizeLinear (uint8), MatMulInteger
   and ConvInteger (8-bit operands, int32 results), QLinearMatMul and
   QLinearConv (the integer product into an int32 temporary, then one
   requantization kernel). Kernels: runtime/quantize.c.

   The quantized element types are the rows of quant_types below; float8,
   4- and 2-bit types are rejected as unsupported until they have a row
   and kernels (rt_quantize_X_Y, rt_dequantize_X_Y). */
#include "op.h"

#include <string.h>

/* ---- quantized element types ------------------------------------------ */

typedef struct quant_type {
    int32_t dtype;
    bool quantize_output;                 /* QuantizeLinear may produce it */
} quant_type;

/* DequantizeLinear reads every row; QuantizeLinear writes the marked ones. */
static const quant_type quant_types[] = {
    {DT_UINT8, true},        {DT_INT8, true},           {DT_UINT16, true},  {DT_INT16, true},
    {DT_INT32, false},       {DT_INT4, true},           {DT_UINT4, true},   {DT_INT2, true},
    {DT_UINT2, true},        {DT_FLOAT8E4M3FN, true},   {DT_FLOAT8E5M2, true}, {DT_FLOAT4E2M1, true},
};

static bool quant_type_known(int32_t dtype, bool for_quantize)
{
    for (size_t i = 0; i < sizeof quant_types / sizeof quant_types[0]; i++)
        if (quant_types[i].dtype == dtype) return !for_quantize || quant_types[i].quantize_output;
    return false;
}

static bool is_8bit(int32_t dtype) { return dtype == DT_UINT8 || dtype == DT_INT8; }

static bool is_scale_type(int32_t dtype) { return dtype == DT_FLOAT || dtype == DT_FLOAT16 || dtype == DT_BFLOAT16; }

static int32_t quant_precision_of(int32_t dtype)
{
    switch (dtype) {
    case DT_FLOAT16: return RT_QPREC_F16;
    case DT_BFLOAT16: return RT_QPREC_BF16;
    case DT_DOUBLE: return RT_QPREC_F64;
    default: return RT_QPREC_F32;
    }
}

/* A scale tensor as the kernels read it: float (float16 and bfloat16 scales
   are converted exactly into a temporary). */
static ir_value *scale_as_float(lir_program *c, ir_node *n, ir_value *s)
{
    return lower_as_type(c, n, s, DT_FLOAT);
}

static int64_t dims_product(const int64_t *dims, int from, int to)
{
    int64_t p = 1;
    for (int i = from; i < to; i++) p *= dims[i];
    return p;
}

/* ---- QuantizeLinear, DequantizeLinear --------------------------------- */

/* Per axis or blocked scales of shape `scale` for x: the kernel's view. */
static bool quant_layout_axis(const ir_node *n, const ir_value *x, const ir_value *scale, rt_quantize_params *p)
{
    int64_t block = n->opset >= 21 ? attr_int(n, "block_size", 0) : 0;
    int axis;
    if (n->opset < 13) return diag_node(n, DIAG_INVALID, "the scale must be a scalar before opset 13");
    if (!node_axis(n, attr_int(n, "axis", 1), x->rank, &axis)) return false;
    int64_t d = x->dims[axis];
    p->outer = dims_product(x->dims, 0, axis), p->axis_len = d, p->inner = dims_product(x->dims, axis + 1, x->rank);
    if (block < 0) return diag_node(n, DIAG_INVALID, "block_size must be positive, not %lld", (long long)block);
    if (block == 0) {
        if (scale->rank != 1 || scale->dims[0] != d)
            return diag_node(n, DIAG_INVALID, "a per-axis scale must be 1-D of size %lld (axis %d)", (long long)d, axis);
        *p = (rt_quantize_params){.outer = p->outer, .axis_len = d, .inner = p->inner, .block_size = 1,
                                  .scale_axis_stride = 1};
        return true;
    }
    bool ok = scale->rank == x->rank && scale->dims[axis] == (d + block - 1) / block;
    for (int i = 0; ok && i < x->rank; i++) ok = i == axis || scale->dims[i] == x->dims[i];
    if (!ok)
        return diag_node(n, DIAG_INVALID, "a blocked scale must have x's shape with ceil(%lld / %lld) on axis %d",
                         (long long)d, (long long)block, axis);
    p->block_size = block;
    p->scale_outer_stride = scale->dims[axis] * p->inner, p->scale_axis_stride = p->inner, p->scale_inner_stride = 1;
    return true;
}

/* The kernel's view of x and its scale (input 1) and zero point (input 2). */
static bool quant_layout(const ir_node *n, rt_quantize_params *p)
{
    const ir_value *x = n->inputs[0], *scale = n->inputs[1], *zp = node_input(n, 2);
    memset(p, 0, sizeof *p);
    if (zp && ir_value_numel(zp) != ir_value_numel(scale))
        return diag_node(n, DIAG_INVALID, "the zero point must have the scale's shape");
    if (ir_value_numel(scale) == 1) { /* per tensor, whatever the scale's rank */
        p->outer = 1, p->axis_len = 1, p->inner = ir_value_numel(x), p->block_size = 1;
        return true;
    }
    if (scale->rank > 1 && !(n->opset >= 21 && attr_int(n, "block_size", 0) > 0))
        return diag_node(n, DIAG_INVALID, "the scale must be a scalar or 1-D (or blocked, with block_size)");
    return quant_layout_axis(n, x, scale, p);
}

static bool check_scale(const ir_node *n, const ir_value *s, const char *what)
{
    if (is_scale_type(s->dtype)) return true;
    if (s->dtype == DT_INT32)
        return diag_node(n, DIAG_UNSUPPORTED, "an int32 %s is not supported (float, float16, bfloat16 are)", what);
    return diag_node(n, DIAG_UNSUPPORTED, "%s of element type %s (%d) is not supported (float, float16, bfloat16 are)",
                     what, dtype_name(s->dtype), (int)s->dtype);
}

/* QuantizeLinear's output type: y_zero_point's, output_dtype, or uint8. */
static bool quantize_output_type(const ir_node *n, int32_t *out)
{
    const ir_value *zp = node_input(n, 2);
    int64_t attr = n->opset >= 21 ? attr_int(n, "output_dtype", 0) : 0;
    if (zp && attr && attr != zp->dtype)
        return diag_node(n, DIAG_INVALID, "output_dtype %lld differs from y_zero_point's type %s", (long long)attr,
                         dtype_name(zp->dtype));
    *out = zp ? zp->dtype : attr ? (int32_t)attr : DT_UINT8;
    if (!quant_type_known(*out, true))
        return diag_node(n, DIAG_UNSUPPORTED,
                         "quantizing to element type %s (%d) is not supported (uint8, int8, uint16, int16, "
                         "int4, uint4, int2, uint2, float8e4m3fn, float8e5m2, float4e2m1 are)",
                         dtype_name(*out), (int)*out);
    return true;
}

/* The type QuantizeLinear divides in: the precision attribute, else the
   reference's promotion of x's and the scale's types. */
static bool quantize_precision(const ir_node *n, int64_t *out)
{
    const ir_value *x = n->inputs[0], *scale = n->inputs[1];
    int64_t attr = n->opset >= 23 ? attr_int(n, "precision", 0) : 0;
    if (attr) {
        if (!is_scale_type((int32_t)attr) && attr != DT_DOUBLE)
            return diag_node(n, DIAG_UNSUPPORTED, "precision %s (%lld) is not supported", dtype_name((int32_t)attr),
                             (long long)attr);
        *out = quant_precision_of((int32_t)attr);
    } else if (x->dtype == DT_INT32) {
        *out = RT_QPREC_F64; /* int32 / float is float64 in numpy */
    } else {
        *out = quant_precision_of(x->dtype == scale->dtype ? x->dtype : DT_FLOAT);
    }
    return true;
}

static bool infer_quantize(ir_node *n)
{
    static const int32_t x_types[] = {DT_FLOAT, DT_FLOAT16, DT_BFLOAT16, DT_INT32, 0};
    if (!node_check_arity(n, 2, 3) || !node_check_dtype(n, 0, x_types)) return false;
    if (!check_scale(n, n->inputs[1], "y_scale")) return false;
    int32_t ty = 0;
    int64_t precision;
    rt_quantize_params p = {0};
    if (!quantize_output_type(n, &ty) || !quantize_precision(n, &precision) || !quant_layout(n, &p)) return false;
    const ir_value *x = n->inputs[0];
    node_set_output(n, 0, ty, x->rank, x->dims);
    return true;
}

static bool lower_quantize(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    rt_quantize_params p = {0};
    if (!quant_layout(n, &p) || !quantize_precision(n, &p.precision)) return false;
    p.saturate = attr_int(n, "saturate", 1) != 0;
    if (ir_value_numel(y) == 0) return true;
    ir_value *scale = scale_as_float(c, n, n->inputs[1]);
    if (!scale) return false;
    lir_call *k = lower_kernel(c, n, lower_pick_typed2(n, KERNELS2_rt_quantize, x->dtype, y->dtype), &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, scale);
    call_tensor(k, node_input(n, 2));
    call_tensor(k, y);
    return true;
}

static bool infer_dequantize(ir_node *n)
{
    if (!node_check_arity(n, 2, 3)) return false;
    const ir_value *x = n->inputs[0], *scale = n->inputs[1], *zp = node_input(n, 2);
    if (!quant_type_known(x->dtype, false))
        return diag_node(n, DIAG_UNSUPPORTED,
                         "dequantizing element type %s (%d) is not supported (those QuantizeLinear writes and int32 are)",
                         dtype_name(x->dtype), (int)x->dtype);
    if (!check_scale(n, scale, "x_scale")) return false;
    if (zp && zp->dtype != x->dtype)
        return diag_node(n, DIAG_INVALID, "x_zero_point is %s, x is %s", dtype_name(zp->dtype), dtype_name(x->dtype));
    int64_t attr = n->opset >= 23 ? attr_int(n, "output_dtype", 0) : 0;
    if (attr && !is_scale_type((int32_t)attr))
        return diag_node(n, DIAG_INVALID, "output_dtype must be float, float16 or bfloat16, not %s (%lld)",
                         dtype_name((int32_t)attr), (long long)attr);
    rt_quantize_params p = {0};
    if (!quant_layout(n, &p)) return false;
    node_set_output(n, 0, attr ? (int32_t)attr : scale->dtype, x->rank, x->dims);
    return true;
}

static bool lower_dequantize(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    rt_quantize_params p = {0};
    if (!quant_layout(n, &p)) return false;
    if (ir_value_numel(y) == 0) return true;
    ir_value *scale = scale_as_float(c, n, n->inputs[1]);
    if (!scale) return false;
    lir_call *k = lower_kernel(c, n, lower_pick_typed2(n, KERNELS2_rt_dequantize, x->dtype, y->dtype), &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, scale);
    call_tensor(k, node_input(n, 2));
    call_tensor(k, y);
    return true;
}

/* ---- DynamicQuantizeLinear --------------------------------------------- */

static bool infer_dynamic_quantize(ir_node *n)
{
    static const int32_t x_types[] = {DT_FLOAT, 0};
    if (!node_check_arity(n, 1, 1) || !node_check_dtype(n, 0, x_types)) return false;
    const ir_value *x = n->inputs[0];
    node_set_output(n, 0, DT_UINT8, x->rank, x->dims);
    node_set_output(n, 1, DT_FLOAT, 0, NULL);
    node_set_output(n, 2, DT_UINT8, 0, NULL);
    return true;
}

static bool lower_dynamic_quantize(ir_node *n, lir_program *c)
{
    rt_dynamic_quantize_params p = {.count = ir_value_numel(n->inputs[0])};
    lir_call *k = lower_kernel(c, n, KERNEL_rt_dynamic_quantize_f32, &p);
    if (!k) return false;
    call_tensor(k, n->inputs[0]);
    const int32_t types[3] = {DT_UINT8, DT_FLOAT, DT_UINT8};
    for (int i = 0; i < 3; i++) { /* the kernel writes all three: a temporary for an omitted one */
        ir_value *v = node_output(n, i);
        call_tensor(k, v ? v : lower_temp(c, types[i], i ? 0 : n->inputs[0]->rank, n->inputs[0]->dims));
    }
    return true;
}

/* ---- MatMulInteger, QLinearMatMul -------------------------------------- */

/* numpy.matmul's shapes for a [.., M, K] x b [.., K, N] (1-D operands
   promoted), and the integer kernel's batch walk (zero points not set). */
typedef struct qmatmul_shape {
    rt_matmul_integer_params p;
    int out_rank;
    int64_t out[IR_MAX_RANK];
} qmatmul_shape;

/* Element strides of an operand's batch dims aligned to the r batch dims of
   the output (0 where it broadcasts); the operand's matrices are mat apart. */
static void qmatmul_batch_strides(const ir_value *v, int r, const int64_t *batch, int64_t mat, int64_t *out)
{
    int rv = v->rank > 2 ? v->rank - 2 : 0;
    int64_t stride = mat;
    for (int i = r - 1; i >= 0; i--) {
        int j = i - (r - rv);
        out[i] = j >= 0 && v->dims[j] == batch[i] && batch[i] != 1 ? stride : 0;
        if (j >= 0) stride *= v->dims[j];
    }
}

static bool qmatmul_shape_of(const ir_node *n, const ir_value *a, const ir_value *b, qmatmul_shape *s)
{
    if (a->rank < 1 || b->rank < 1) return diag_node(n, DIAG_INVALID, "operands must have rank >= 1");
    rt_matmul_integer_params *p = &s->p;
    memset(s, 0, sizeof *s);
    p->m = a->rank == 1 ? 1 : a->dims[a->rank - 2];
    p->k = a->dims[a->rank - 1];
    int64_t kb = b->rank == 1 ? b->dims[0] : b->dims[b->rank - 2];
    p->n = b->rank == 1 ? 1 : b->dims[b->rank - 1];
    if (kb != p->k)
        return diag_node(n, DIAG_INVALID, "inner dimensions differ: %lld and %lld", (long long)p->k, (long long)kb);
    int ra = a->rank > 2 ? a->rank - 2 : 0, rb = b->rank > 2 ? b->rank - 2 : 0, r;
    int64_t batch[IR_MAX_RANK];
    if (!node_broadcast(n, ra, a->dims, rb, b->dims, &r, batch)) return false;
    p->batch_rank = r;
    memcpy(p->batch_dims, batch, sizeof(int64_t) * (size_t)r);
    qmatmul_batch_strides(a, r, batch, p->m * p->k, p->a_batch_strides);
    qmatmul_batch_strides(b, r, batch, p->k * p->n, p->b_batch_strides);
    for (int i = 0; i < r; i++) s->out[s->out_rank++] = batch[i];
    if (a->rank > 1) s->out[s->out_rank++] = p->m;
    if (b->rank > 1) s->out[s->out_rank++] = p->n;
    return true;
}

/* The stride of a per-row (a's: shape [M] or [1.., M, 1]) or per-column
   (b's: [N] or [1.., 1, N]) scale or zero point v, 0 for one per tensor. */
static bool qmatmul_vector_stride(const ir_node *n, const ir_value *v, bool rows, int64_t len, int64_t *stride)
{
    *stride = 0;
    if (!v || ir_value_numel(v) == 1) return true;
    bool ok = ir_value_numel(v) == len && v->rank >= 1;
    if (ok && v->rank > 1) ok = v->dims[v->rank - (rows ? 2 : 1)] == len;
    if (!ok)
        return diag_node(n, DIAG_UNSUPPORTED, "%s's scales and zero points must be one per tensor or one per %s "
                         "(%lld); other shapes are not supported", rows ? "a" : "b", rows ? "row" : "column",
                         (long long)len);
    *stride = 1;
    return true;
}

static bool infer_matmul_integer(ir_node *n)
{
    if (!node_check_arity(n, 2, 4)) return false;
    const ir_value *a = n->inputs[0], *b = n->inputs[1], *za = node_input(n, 2), *zb = node_input(n, 3);
    if (!is_8bit(a->dtype) || !is_8bit(b->dtype))
        return diag_node(n, DIAG_INVALID, "A and B must be uint8 or int8, not %s and %s", dtype_name(a->dtype),
                         dtype_name(b->dtype));
    if ((za && za->dtype != a->dtype) || (zb && zb->dtype != b->dtype))
        return diag_node(n, DIAG_INVALID, "the zero points must have their operand's type");
    qmatmul_shape s;
    if (!qmatmul_shape_of(n, a, b, &s) || !qmatmul_vector_stride(n, za, true, s.p.m, &s.p.a_zero_row_stride) ||
        !qmatmul_vector_stride(n, zb, false, s.p.n, &s.p.b_zero_col_stride))
        return false;
    node_set_output(n, 0, DT_INT32, s.out_rank, s.out);
    return true;
}

/* acc = (a - za) x (b - zb) in int32. */
static bool lower_integer_product(ir_node *n, lir_program *c, const rt_matmul_integer_params *p, ir_value *a,
                                  ir_value *b, ir_value *za, ir_value *zb, ir_value *acc)
{
    lir_call *k = lower_kernel(c, n, lower_pick_typed2(n, KERNELS2_rt_matmul_integer, a->dtype, b->dtype), p);
    if (!k) return false;
    call_tensor(k, a);
    call_tensor(k, b);
    call_tensor(k, za);
    call_tensor(k, zb);
    call_tensor(k, acc);
    return true;
}

static bool lower_matmul_integer(ir_node *n, lir_program *c)
{
    ir_value *a = n->inputs[0], *b = n->inputs[1], *y = n->outputs[0];
    qmatmul_shape s;
    if (!qmatmul_shape_of(n, a, b, &s) ||
        !qmatmul_vector_stride(n, node_input(n, 2), true, s.p.m, &s.p.a_zero_row_stride) ||
        !qmatmul_vector_stride(n, node_input(n, 3), false, s.p.n, &s.p.b_zero_col_stride))
        return false;
    if (ir_value_numel(y) == 0) return true;
    return lower_integer_product(n, c, &s.p, a, b, node_input(n, 2), node_input(n, 3), y);
}

/* QLinearMatMul's and QLinearConv's y_scale and y_zero_point: one each. */
static bool check_output_quant(const ir_node *n, const ir_value *ys, const ir_value *yz)
{
    if (ir_value_numel(ys) != 1 || (yz && ir_value_numel(yz) != 1))
        return diag_node(n, DIAG_UNSUPPORTED, "y_scale and y_zero_point must be one per tensor");
    return true;
}

/* QLinearMatMul's inputs: a, a_scale, a_zero_point, b, b_scale,
   b_zero_point, y_scale, y_zero_point. */
static bool qlinear_matmul_check(const ir_node *n, qmatmul_shape *s, rt_requantize_params *rq)
{
    const ir_value *a = n->inputs[0], *as = n->inputs[1], *za = node_input(n, 2), *b = n->inputs[3];
    const ir_value *bs = n->inputs[4], *zb = node_input(n, 5), *ys = n->inputs[6], *zy = node_input(n, 7);
    if (!is_8bit(a->dtype) || !is_8bit(b->dtype) || (zy && !is_8bit(zy->dtype)))
        return diag_node(n, DIAG_UNSUPPORTED, "a, b and y must be uint8 or int8");
    if ((za && za->dtype != a->dtype) || (zb && zb->dtype != b->dtype))
        return diag_node(n, DIAG_INVALID, "the zero points must have their operand's type");
    if (!check_scale(n, as, "a_scale")) return false;
    if (bs->dtype != as->dtype || ys->dtype != as->dtype)
        return diag_node(n, DIAG_INVALID, "a_scale, b_scale and y_scale must have one type");
    if (!qmatmul_shape_of(n, a, b, s) || !check_output_quant(n, ys, zy)) return false;
    int64_t sa, sb;
    if (!qmatmul_vector_stride(n, za, true, s->p.m, &s->p.a_zero_row_stride) ||
        !qmatmul_vector_stride(n, zb, false, s->p.n, &s->p.b_zero_col_stride) ||
        !qmatmul_vector_stride(n, as, true, s->p.m, &sa) || !qmatmul_vector_stride(n, bs, false, s->p.n, &sb))
        return false;
    *rq = (rt_requantize_params){.batch = dims_product(s->p.batch_dims, 0, (int)s->p.batch_rank), .rows = s->p.m,
                                 .cols = s->p.n, .a_scale_row_stride = sa, .b_scale_col_stride = sb,
                                 .precision = quant_precision_of(as->dtype)};
    return true;
}

static bool infer_qlinear_matmul(ir_node *n)
{
    if (!node_check_arity(n, 7, 8)) return false;
    qmatmul_shape s;
    rt_requantize_params rq;
    if (!qlinear_matmul_check(n, &s, &rq)) return false;
    const ir_value *zy = node_input(n, 7);
    node_set_output(n, 0, zy ? zy->dtype : n->inputs[0]->dtype, s.out_rank, s.out);
    return true;
}

/* y = requantize(acc) with scales a_scale, b_scale, y_scale. */
static bool lower_requantize(ir_node *n, lir_program *c, const rt_requantize_params *rq, ir_value *acc,
                             ir_value *as, ir_value *bs, ir_value *ys, ir_value *zy, ir_value *bias)
{
    ir_value *y = n->outputs[0];
    as = scale_as_float(c, n, as), bs = scale_as_float(c, n, bs), ys = scale_as_float(c, n, ys);
    if (!as || !bs || !ys) return false;
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_requantize, y->dtype, rq);
    if (!k) return false;
    ir_value *tensors[] = {acc, as, bs, ys, zy, bias, y};
    for (size_t i = 0; i < sizeof tensors / sizeof tensors[0]; i++) call_tensor(k, tensors[i]);
    return true;
}

static bool lower_qlinear_matmul(ir_node *n, lir_program *c)
{
    qmatmul_shape s;
    rt_requantize_params rq;
    ir_value *y = n->outputs[0];
    if (!qlinear_matmul_check(n, &s, &rq)) return false;
    if (ir_value_numel(y) == 0) return true;
    ir_value *acc = lower_temp(c, DT_INT32, y->rank, y->dims);
    return lower_integer_product(n, c, &s.p, n->inputs[0], n->inputs[3], node_input(n, 2), node_input(n, 5), acc) &&
           lower_requantize(n, c, &rq, acc, n->inputs[1], n->inputs[4], n->inputs[6], node_input(n, 7), NULL);
}

/* ---- ConvInteger, QLinearConv ------------------------------------------ */

/* The integer conv of x by w with zero points zx (one per tensor) and zw
   (one per tensor or per output channel). */
static bool conv_integer_params(const ir_node *n, const ir_value *x, const ir_value *w, const ir_value *zx,
                                const ir_value *zw, rt_conv_integer_params *q, int *out_rank, int64_t *out)
{
    if (!is_8bit(x->dtype) || !is_8bit(w->dtype))
        return diag_node(n, DIAG_INVALID, "x and w must be uint8 or int8, not %s and %s", dtype_name(x->dtype),
                         dtype_name(w->dtype));
    if ((zx && zx->dtype != x->dtype) || (zw && zw->dtype != w->dtype))
        return diag_node(n, DIAG_INVALID, "the zero points must have their operand's type");
    rt_conv_params p = {0};
    if (!conv_geometry_of(n, x, w, &p, out_rank, out)) return false;
    if (zx && ir_value_numel(zx) != 1) return diag_node(n, DIAG_INVALID, "x's zero point must be one per tensor");
    if (zw && ir_value_numel(zw) != 1 && ir_value_numel(zw) != p.out_channels)
        return diag_node(n, DIAG_INVALID, "w's zero point must be one per tensor or one per output channel");
    *q = (rt_conv_integer_params){
        .batch = p.batch, .in_channels = p.in_channels, .out_channels = p.out_channels, .groups = p.groups,
        .in_d = p.in_d, .in_h = p.in_h, .in_w = p.in_w, .out_d = p.out_d, .out_h = p.out_h, .out_w = p.out_w,
        .kernel_d = p.kernel_d, .kernel_h = p.kernel_h, .kernel_w = p.kernel_w, .stride_d = p.stride_d,
        .stride_h = p.stride_h, .stride_w = p.stride_w, .dilation_d = p.dilation_d, .dilation_h = p.dilation_h,
        .dilation_w = p.dilation_w, .pad_front = p.pad_front, .pad_top = p.pad_top, .pad_left = p.pad_left,
        .w_zero_stride = zw && ir_value_numel(zw) > 1 ? 1 : 0};
    return true;
}

static bool lower_conv_integer_call(ir_node *n, lir_program *c, const rt_conv_integer_params *q, ir_value *x,
                                    ir_value *w, ir_value *zx, ir_value *zw, ir_value *acc)
{
    lir_call *k = lower_kernel(c, n, lower_pick_typed2(n, KERNELS2_rt_conv_integer, x->dtype, w->dtype), q);
    if (!k) return false;
    ir_value *tensors[] = {x, w, zx, zw, acc};
    for (size_t i = 0; i < sizeof tensors / sizeof tensors[0]; i++) call_tensor(k, tensors[i]);
    int64_t bytes = rt_conv_integer_scratch(q);
    call_scratch(k, (size_t)(bytes > 0 ? bytes : 2));
    return true;
}

static bool infer_conv_integer(ir_node *n)
{
    if (!node_check_arity(n, 2, 4)) return false;
    rt_conv_integer_params q;
    int rank;
    int64_t out[IR_MAX_RANK];
    if (!conv_integer_params(n, n->inputs[0], n->inputs[1], node_input(n, 2), node_input(n, 3), &q, &rank, out))
        return false;
    node_set_output(n, 0, DT_INT32, rank, out);
    return true;
}

static bool lower_conv_integer(ir_node *n, lir_program *c)
{
    rt_conv_integer_params q;
    int rank;
    int64_t out[IR_MAX_RANK];
    if (!conv_integer_params(n, n->inputs[0], n->inputs[1], node_input(n, 2), node_input(n, 3), &q, &rank, out))
        return false;
    if (ir_value_numel(n->outputs[0]) == 0) return true;
    return lower_conv_integer_call(n, c, &q, n->inputs[0], n->inputs[1], node_input(n, 2), node_input(n, 3),
                                   n->outputs[0]);
}

/* QLinearConv's inputs: x, x_scale, x_zero_point, w, w_scale,
   w_zero_point, y_scale, y_zero_point, B. */
static bool qlinear_conv_check(const ir_node *n, rt_conv_integer_params *q, rt_requantize_params *rq, int *rank,
                               int64_t *out)
{
    const ir_value *xs = n->inputs[1], *ws = n->inputs[4], *ys = n->inputs[6], *zy = node_input(n, 7);
    const ir_value *b = node_input(n, 8);
    if (!conv_integer_params(n, n->inputs[0], n->inputs[3], node_input(n, 2), node_input(n, 5), q, rank, out))
        return false;
    if (zy && !is_8bit(zy->dtype)) return diag_node(n, DIAG_INVALID, "y_zero_point must be uint8 or int8");
    if (xs->dtype != DT_FLOAT || ws->dtype != DT_FLOAT || ys->dtype != DT_FLOAT)
        return diag_node(n, DIAG_INVALID, "the scales must be float");
    if (ir_value_numel(xs) != 1) return diag_node(n, DIAG_INVALID, "x_scale must be a scalar");
    if (!check_output_quant(n, ys, zy)) return false;
    if (ir_value_numel(ws) != 1 && ir_value_numel(ws) != q->out_channels)
        return diag_node(n, DIAG_INVALID, "w_scale must be one per tensor or one per output channel");
    if (b && (b->dtype != DT_INT32 || b->rank != 1 || b->dims[0] != q->out_channels))
        return diag_node(n, DIAG_INVALID, "B must be int32 of size %lld", (long long)q->out_channels);
    *rq = (rt_requantize_params){.batch = q->batch, .rows = q->out_channels,
                                 .cols = q->out_d * q->out_h * q->out_w,
                                 .b_scale_row_stride = ir_value_numel(ws) > 1 ? 1 : 0,
                                 .bias_row_stride = 1, .precision = RT_QPREC_F32};
    return true;
}

static bool infer_qlinear_conv(ir_node *n)
{
    if (!node_check_arity(n, 8, 9)) return false;
    rt_conv_integer_params q;
    rt_requantize_params rq;
    int rank;
    int64_t out[IR_MAX_RANK];
    if (!qlinear_conv_check(n, &q, &rq, &rank, out)) return false;
    const ir_value *zy = node_input(n, 7);
    node_set_output(n, 0, zy ? zy->dtype : n->inputs[0]->dtype, rank, out);
    return true;
}

static bool lower_qlinear_conv(ir_node *n, lir_program *c)
{
    rt_conv_integer_params q;
    rt_requantize_params rq;
    int rank;
    int64_t out[IR_MAX_RANK];
    ir_value *y = n->outputs[0];
    if (!qlinear_conv_check(n, &q, &rq, &rank, out)) return false;
    if (ir_value_numel(y) == 0) return true;
    ir_value *acc = lower_temp(c, DT_INT32, y->rank, y->dims);
    return lower_conv_integer_call(n, c, &q, n->inputs[0], n->inputs[3], node_input(n, 2), node_input(n, 5), acc) &&
           lower_requantize(n, c, &rq, acc, n->inputs[1], n->inputs[4], n->inputs[6], node_input(n, 7),
                            node_input(n, 8));
}

static const char *const quantize_attrs[] = {"axis", "block_size", "output_dtype", "precision", "saturate", NULL};
static const char *const dequantize_attrs[] = {"axis", "block_size", "output_dtype", NULL};
static const char *const conv_attrs[] = {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides", NULL};

const op_def ops_quantize[] = {
    {"QuantizeLinear", "", quantize_attrs, infer_quantize, lower_quantize},
    {"DequantizeLinear", "", dequantize_attrs, infer_dequantize, lower_dequantize},
    {"DynamicQuantizeLinear", "", NULL, infer_dynamic_quantize, lower_dynamic_quantize},
    {"MatMulInteger", "", NULL, infer_matmul_integer, lower_matmul_integer},
    {"QLinearMatMul", "", NULL, infer_qlinear_matmul, lower_qlinear_matmul},
    {"ConvInteger", "", conv_attrs, infer_conv_integer, lower_conv_integer},
    {"QLinearConv", "", conv_attrs, infer_qlinear_conv, lower_qlinear_conv},
    {0},
};
