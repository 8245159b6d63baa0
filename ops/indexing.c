/* Operators: indexing. GatherND, ScatterND, ScatterElements, Scatter
   (opsets 9-10, the same as ScatterElements without reduction), OneHot,
   Trilu, CumSum, CumProd, TopK and EyeLike. Kernels are in runtime/indexing.c.

   Shape-like inputs (OneHot's depth, Trilu's k, CumSum and CumProd's axis, TopK's K)
   must be compile-time constants. Index tensors are read at run time, so
   the kernels check every index; int32 (OneHot: any numeric) indices are
   first cast to int64 by the elementwise cast kernels, so each indexing
   kernel exists for int64 indices only. Data that is only moved (GatherND,
   OneHot, Trilu, EyeLike) uses kernels per element size; ops that compute
   (scatter reductions, CumSum, CumProd, TopK) use typed kernels. Parameters are
   in runtime/indexing.h. */
#include "op.h"

#include <stdio.h>
#include <string.h>

/* ---- helpers ----------------------------------------------------------- */

static int64_t prod(const int64_t *dims, int from, int to)
{
    int64_t p = 1;
    for (int i = from; i < to; i++) p *= dims[i];
    return p;
}

static bool require_dtype(const ir_node *n, int k, int32_t dtype)
{
    const ir_value *v = node_input(n, k);
    if (v && v->dtype != dtype)
        return diag_node(n, DIAG_INVALID, "input %d has element type %s, expected %s", k, dtype_name(v->dtype),
                         dtype_name(dtype));
    return true;
}

static bool require_index_dtype(const ir_node *n, int k, bool int32_ok)
{
    const ir_value *v = node_input(n, k);
    if (v && v->dtype != DT_INT64 && !(int32_ok && v->dtype == DT_INT32))
        return diag_node(n, DIAG_INVALID, "input %d (indices) must be %s, not %s", k,
                         int32_ok ? "int32 or int64" : "int64", dtype_name(v->dtype));
    return true;
}

static bool require_storable(const ir_node *n, int k)
{
    const ir_value *v = node_input(n, k);
    if (v && (dtype_size(v->dtype) == 0 || v->dtype == DT_STRING))
        return diag_node(n, DIAG_UNSUPPORTED, "input %d has element type %s, which dlc does not support here", k,
                         dtype_name(v->dtype));
    return true;
}

/* v as int64: v itself, or a temporary filled by the elementwise cast kernel
   (still called by name: the cast kernels have not moved to a parameter struct). */
static ir_value *as_int64(lir_program *c, ir_node *n, ir_value *v)
{
    if (v->dtype == DT_INT64) return v;
    ir_value *tmp = lower_temp(c, DT_INT64, v->rank, v->dims);
    return lower_cast(c, n, v, tmp) ? tmp : NULL;
}

/* Keeps a diagonal offset inside the matrix range so that j - i +- k cannot
   overflow in the kernels (Trilu, EyeLike). */
static int64_t clamp_diagonal(int64_t k, int64_t rows, int64_t cols)
{
    int64_t lim = rows + cols + 1;
    return k > lim ? lim : k < -lim ? -lim : k;
}

/* A constant scalar (or one-element) integer input. */
static bool const_scalar_int(const ir_node *n, int k, const char *what, int64_t *out)
{
    const ir_value *v = node_input(n, k);
    if (v && v->rank > 1) return diag_node(n, DIAG_INVALID, "%s must be a scalar or a one-element 1-D tensor", what);
    int64_t vals[2];
    int count = node_const_ints(n, k, vals, 1);
    if (count < 0) return false;
    if (count != 1) return diag_node(n, DIAG_INVALID, "%s must have exactly one element", what);
    *out = vals[0];
    return true;
}

/* ---- GatherND ---------------------------------------------------------- */

static bool gather_nd_geometry(const ir_node *n, int *b_out, int *k_out)
{
    const ir_value *x = n->inputs[0], *ind = n->inputs[1];
    int64_t b = attr_int(n, "batch_dims", 0);
    if (b != 0 && n->opset < 12) return diag_node(n, DIAG_INVALID, "attribute 'batch_dims' needs opset 12");
    if (x->rank < 1 || ind->rank < 1) return diag_node(n, DIAG_INVALID, "data and indices must have rank 1 or more");
    if (b < 0 || b >= x->rank || b >= ind->rank)
        return diag_node(n, DIAG_INVALID, "batch_dims %lld must be less than both ranks (%d, %d)", (long long)b,
                         x->rank, ind->rank);
    int64_t k = ind->dims[ind->rank - 1];
    if (k < 1 || k > x->rank - b)
        return diag_node(n, DIAG_INVALID, "the last indices dimension (%lld) must be in 1..%lld", (long long)k,
                         (long long)(x->rank - b));
    for (int d = 0; d < b; d++)
        if (x->dims[d] != ind->dims[d])
            return diag_node(n, DIAG_INVALID, "batch dimension %d differs: data %lld, indices %lld", d,
                             (long long)x->dims[d], (long long)ind->dims[d]);
    *b_out = (int)b;
    *k_out = (int)k;
    return true;
}

static bool infer_gather_nd(ir_node *n)
{
    if (!node_check_arity(n, 2, 2) || !require_index_dtype(n, 1, false) || !require_storable(n, 0)) return false;
    const ir_value *x = n->inputs[0], *ind = n->inputs[1];
    int b, k;
    if (!gather_nd_geometry(n, &b, &k)) return false;
    int64_t dims[IR_MAX_RANK * 2];
    int r = 0;
    for (int d = 0; d < ind->rank - 1; d++) dims[r++] = ind->dims[d];
    for (int d = b + k; d < x->rank; d++) dims[r++] = x->dims[d];
    if (r > IR_MAX_RANK) return diag_node(n, DIAG_UNSUPPORTED, "output rank %d is over %d", r, IR_MAX_RANK);
    node_set_output(n, 0, x->dtype, r, dims);
    return true;
}

static bool lower_gather_nd(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *ind = n->inputs[1], *y = n->outputs[0];
    int b, k;
    if (!gather_nd_geometry(n, &b, &k)) return false;
    if (ir_value_numel(y) == 0) return true;
    int64_t strides[IR_MAX_RANK];
    shape_strides(x->rank, x->dims, strides);
    rt_gather_nd_params p = {
        .batch = prod(x->dims, 0, b),
        .tuples = prod(ind->dims, b, ind->rank - 1),
        .tuple_len = k,
        .slice = prod(x->dims, b + k, x->rank),
        .batch_stride = prod(x->dims, b, x->rank),
    };
    memcpy(p.dims, x->dims + b, sizeof(int64_t) * (size_t)k);
    memcpy(p.strides, strides + b, sizeof(int64_t) * (size_t)k);
    lir_call *kc = lower_kernel_sized(c, n, KERNELS_rt_gather_nd, x->dtype, &p);
    if (!kc) return false;
    call_tensor(kc, x);
    call_tensor(kc, ind);
    call_tensor(kc, y);
    return true;
}

/* ---- ScatterND, ScatterElements, Scatter -------------------------------- */

/* The reduction attribute as the kernels' RT_SCATTER_* code. */
static bool scatter_reduction(const ir_node *n, int *out)
{
    const char *r = attr_string(n, "reduction", NULL);
    *out = RT_SCATTER_NONE;
    if (!r) return true;
    if (strcmp(n->op_type, "Scatter") == 0) return diag_node(n, DIAG_INVALID, "Scatter has no 'reduction'");
    if (n->opset < 16) return diag_node(n, DIAG_INVALID, "attribute 'reduction' needs opset 16");
    static const char *const names[] = {
        [RT_SCATTER_NONE] = "none", [RT_SCATTER_ADD] = "add", [RT_SCATTER_MUL] = "mul",
        [RT_SCATTER_MAX] = "max",   [RT_SCATTER_MIN] = "min",
    };
    for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
        if (strcmp(r, names[i]) == 0) {
            if ((i == RT_SCATTER_MAX || i == RT_SCATTER_MIN) && n->opset < 18)
                return diag_node(n, DIAG_INVALID, "reduction '%s' needs opset 18", r);
            *out = i;
            return true;
        }
    return diag_node(n, DIAG_INVALID, "unknown reduction '%s'", r);
}

static bool infer_scatter_nd(ir_node *n)
{
    if (!node_check_arity(n, 3, 3) || !require_index_dtype(n, 1, false) || !require_storable(n, 0)) return false;
    const ir_value *x = n->inputs[0], *ind = n->inputs[1], *u = n->inputs[2];
    int red = 0;
    if (!require_dtype(n, 2, x->dtype) || !scatter_reduction(n, &red)) return false;
    if (x->rank < 1 || ind->rank < 1) return diag_node(n, DIAG_INVALID, "data and indices must have rank 1 or more");
    int64_t k = ind->dims[ind->rank - 1];
    if (k < 1 || k > x->rank)
        return diag_node(n, DIAG_INVALID, "the last indices dimension (%lld) must be in 1..%d", (long long)k, x->rank);
    int64_t want[IR_MAX_RANK * 2];
    int r = 0;
    for (int d = 0; d < ind->rank - 1; d++) want[r++] = ind->dims[d];
    for (int d = (int)k; d < x->rank; d++) want[r++] = x->dims[d];
    bool ok = u->rank == r;
    for (int d = 0; ok && d < r; d++) ok = u->dims[d] == want[d];
    if (!ok) return diag_node(n, DIAG_INVALID, "updates must have shape indices.shape[:-1] + data.shape[k:]");
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

/* ScatterND and ScatterElements take the same tensors: data, int64
   indices, updates, y. False if the kernel could not be picked. */
static bool scatter_tensors(lir_call *kc, ir_value *x, ir_value *ind, ir_value *u, ir_value *y)
{
    if (!kc) return false;
    call_tensor(kc, x);
    call_tensor(kc, ind);
    call_tensor(kc, u);
    call_tensor(kc, y);
    return true;
}

static bool lower_scatter_nd(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *ind = n->inputs[1], *u = n->inputs[2], *y = n->outputs[0];
    int red = 0;
    if (!scatter_reduction(n, &red)) return false;
    if (ir_value_numel(y) == 0) return true;
    int k = (int)ind->dims[ind->rank - 1];
    rt_scatter_nd_params p = {
        .reduction = red,
        .total = ir_value_numel(x),
        .tuples = prod(ind->dims, 0, ind->rank - 1),
        .tuple_len = k,
        .slice = prod(x->dims, k, x->rank),
    };
    int64_t strides[IR_MAX_RANK];
    shape_strides(x->rank, x->dims, strides);
    memcpy(p.dims, x->dims, sizeof(int64_t) * (size_t)k);
    memcpy(p.strides, strides, sizeof(int64_t) * (size_t)k);
    return scatter_tensors(lower_kernel_typed(c, n, KERNELS_rt_scatter_nd, x->dtype, &p), x, ind, u, y);
}

static bool infer_scatter_elements(ir_node *n)
{
    if (!node_check_arity(n, 3, 3) || !require_index_dtype(n, 1, true) || !require_storable(n, 0)) return false;
    const ir_value *x = n->inputs[0], *ind = n->inputs[1], *u = n->inputs[2];
    int red, axis;
    if (!require_dtype(n, 2, x->dtype) || !scatter_reduction(n, &red)) return false;
    if (x->rank < 1) return diag_node(n, DIAG_INVALID, "data must have rank 1 or more");
    if (ind->rank != x->rank || u->rank != x->rank)
        return diag_node(n, DIAG_INVALID, "data, indices and updates must have the same rank");
    if (!node_axis(n, attr_int(n, "axis", 0), x->rank, &axis)) return false;
    for (int d = 0; d < x->rank; d++) {
        if (u->dims[d] != ind->dims[d])
            return diag_node(n, DIAG_INVALID, "updates and indices must have the same shape");
        if (d != axis && ind->dims[d] > x->dims[d])
            return diag_node(n, DIAG_INVALID, "indices dimension %d (%lld) is larger than data's (%lld)", d,
                             (long long)ind->dims[d], (long long)x->dims[d]);
    }
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_scatter_elements(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *u = n->inputs[2], *y = n->outputs[0];
    int red, axis;
    if (!scatter_reduction(n, &red) || !node_axis(n, attr_int(n, "axis", 0), x->rank, &axis)) return false;
    if (ir_value_numel(y) == 0) return true;
    ir_value *ind = as_int64(c, n, n->inputs[1]);
    if (!ind) return false;
    rt_scatter_elements_params p = {
        .reduction = red,
        .total = ir_value_numel(x),
        .rank = x->rank,
        .axis = axis,
        .axis_size = x->dims[axis],
    };
    memcpy(p.update_dims, u->dims, sizeof(int64_t) * (size_t)u->rank);
    shape_strides(x->rank, x->dims, p.data_strides);
    return scatter_tensors(lower_kernel_typed(c, n, KERNELS_rt_scatter_elements, x->dtype, &p), x, ind, u, y);
}

/* ---- OneHot ------------------------------------------------------------ */

static bool onehot_geometry(const ir_node *n, int64_t *depth, int *axis)
{
    const ir_value *ind = n->inputs[0], *dv = n->inputs[1];
    if (!node_require_const(n, 1)) return false;
    if (dv->rank > 1 || ir_value_numel(dv) != 1)
        return diag_node(n, DIAG_INVALID, "depth must be a scalar or a one-element 1-D tensor");
    if (!dtype_is_int(dv->dtype) && !dtype_is_float(dv->dtype))
        return diag_node(n, DIAG_INVALID, "depth must be numeric, not %s", dtype_name(dv->dtype));
    double d = ir_const_double(dv, 0);
    if (!(d >= 1 && d <= 1e15)) return diag_node(n, DIAG_INVALID, "depth %g must be a positive number", d);
    *depth = (int64_t)d;
    int64_t a = attr_int(n, "axis", -1);
    int r = ind->rank + 1;
    if (a < -r || a >= r)
        return diag_node(n, DIAG_INVALID, "axis %lld is out of range for output rank %d", (long long)a, r);
    *axis = (int)(a < 0 ? a + r : a);
    return true;
}

static bool infer_onehot(ir_node *n)
{
    if (!node_check_arity(n, 3, 3) || !require_storable(n, 2)) return false;
    const ir_value *ind = n->inputs[0], *v = n->inputs[2];
    if (!dtype_is_int(ind->dtype) && !dtype_is_float(ind->dtype))
        return diag_node(n, DIAG_INVALID, "indices must be numeric, not %s", dtype_name(ind->dtype));
    if (v->rank != 1 || v->dims[0] != 2)
        return diag_node(n, DIAG_INVALID, "values must be a 1-D tensor of two elements [off, on]");
    int64_t depth = 0;
    int axis = 0;
    if (!onehot_geometry(n, &depth, &axis)) return false;
    if (ind->rank + 1 > IR_MAX_RANK) return diag_node(n, DIAG_UNSUPPORTED, "output rank over %d", IR_MAX_RANK);
    int64_t dims[IR_MAX_RANK];
    for (int d = 0, s = 0; d <= ind->rank; d++) dims[d] = d == axis ? depth : ind->dims[s++];
    node_set_output(n, 0, v->dtype, ind->rank + 1, dims);
    return true;
}

static bool lower_onehot(ir_node *n, lir_program *c)
{
    ir_value *v = n->inputs[2], *y = n->outputs[0];
    int64_t depth = 0;
    int axis = 0;
    if (!onehot_geometry(n, &depth, &axis)) return false;
    if (ir_value_numel(y) == 0) return true;
    ir_value *ind = as_int64(c, n, n->inputs[0]);
    if (!ind) return false;
    rt_onehot_params p = {
        .outer = prod(ind->dims, 0, axis),
        .depth = depth,
        .inner = prod(ind->dims, axis, ind->rank),
        .allow_negative = n->opset >= 11,
    };
    lir_call *kc = lower_kernel_sized(c, n, KERNELS_rt_onehot, v->dtype, &p);
    if (!kc) return false;
    call_tensor(kc, ind);
    call_tensor(kc, v);
    call_tensor(kc, y);
    return true;
}

/* ---- Trilu ------------------------------------------------------------- */

static bool trilu_k(const ir_node *n, int64_t *k)
{
    *k = 0;
    if (!node_input(n, 1)) return true;
    return const_scalar_int(n, 1, "k", k);
}

static bool infer_trilu(ir_node *n)
{
    if (!node_check_arity(n, 1, 2) || !require_storable(n, 0)) return false;
    const ir_value *x = n->inputs[0];
    int64_t k;
    if (x->rank < 2) return diag_node(n, DIAG_INVALID, "input must have rank 2 or more");
    if (!trilu_k(n, &k)) return false;
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_trilu(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int64_t k;
    if (!trilu_k(n, &k)) return false;
    if (ir_value_numel(y) == 0) return true;
    int64_t rows = x->dims[x->rank - 2], cols = x->dims[x->rank - 1];
    rt_trilu_params p = {
        .batch = prod(x->dims, 0, x->rank - 2),
        .rows = rows,
        .cols = cols,
        .upper = attr_int(n, "upper", 1) != 0,
        .k = clamp_diagonal(k, rows, cols),
    };
    lir_call *kc = lower_kernel_sized(c, n, KERNELS_rt_trilu, x->dtype, &p);
    if (!kc) return false;
    call_tensor(kc, x);
    call_tensor(kc, y);
    return true;
}

/* ---- CumSum, CumProd --------------------------------------------------- */

static bool cumsum_axis(const ir_node *n, int *axis)
{
    int64_t a = 0;
    if (!const_scalar_int(n, 1, "axis", &a)) return false;
    return node_axis(n, a, n->inputs[0]->rank, axis);
}

static bool infer_cumsum(ir_node *n)
{
    if (!node_check_arity(n, 2, 2)) return false;
    const ir_value *x = n->inputs[0];
    int axis = 0;
    if (!dtype_is_int(x->dtype) && !dtype_is_float(x->dtype))
        return diag_node(n, DIAG_INVALID, "input must be numeric, not %s", dtype_name(x->dtype));
    if (!cumsum_axis(n, &axis)) return false;
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

/* The scan of CumSum (family KERNELS_rt_cumsum) or CumProd (KERNELS_rt_cumprod). */
static bool lower_scan(ir_node *n, lir_program *c, rt_kernel_family family)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int axis = 0;
    if (!cumsum_axis(n, &axis)) return false;
    if (ir_value_numel(y) == 0) return true;
    rt_cumsum_params p = {
        .outer = 1, .axis_size = 1, .inner = 1, /* a scalar */
        .exclusive = attr_int(n, "exclusive", 0) != 0,
        .reverse = attr_int(n, "reverse", 0) != 0,
    };
    if (x->rank > 0) {
        p.outer = prod(x->dims, 0, axis);
        p.axis_size = x->dims[axis];
        p.inner = prod(x->dims, axis + 1, x->rank);
    }
    lir_call *kc = lower_kernel_typed(c, n, family, x->dtype, &p);
    if (!kc) return false;
    call_tensor(kc, x);
    call_tensor(kc, y);
    return true;
}

static bool lower_cumsum(ir_node *n, lir_program *c)
{
    return lower_scan(n, c, KERNELS_rt_cumsum);
}

static bool lower_cumprod(ir_node *n, lir_program *c)
{
    return lower_scan(n, c, KERNELS_rt_cumprod);
}

/* ---- TopK -------------------------------------------------------------- */

static bool topk_geometry(const ir_node *n, int *axis, int64_t *k)
{
    const ir_value *x = n->inputs[0];
    if (x->rank < 1) return diag_node(n, DIAG_INVALID, "input must have rank 1 or more");
    if (!node_axis(n, attr_int(n, "axis", -1), x->rank, axis)) return false;
    if (n->opset < 10) {
        const ir_attr *a = ir_node_attr(n, "k");
        if (!a) return diag_node(n, DIAG_INVALID, "attribute 'k' is required before opset 10");
        *k = a->i;
    } else {
        if (ir_node_attr(n, "k")) return diag_node(n, DIAG_INVALID, "from opset 10 K is an input, not an attribute");
        if (!const_scalar_int(n, 1, "K", k)) return false;
    }
    if (n->opset < 11 && (ir_node_attr(n, "largest") || ir_node_attr(n, "sorted")))
        return diag_node(n, DIAG_INVALID, "attributes 'largest' and 'sorted' need opset 11");
    if (*k < 0 || *k > x->dims[*axis])
        return diag_node(n, DIAG_INVALID, "K = %lld is out of range for an axis of %lld", (long long)*k,
                         (long long)x->dims[*axis]);
    return true;
}

static bool infer_topk(ir_node *n)
{
    if (!node_check_arity(n, 1, n->opset < 10 ? 1 : 2)) return false;
    if (n->opset >= 10 && !node_input(n, 1)) return diag_node(n, DIAG_INVALID, "input K is required");
    const ir_value *x = n->inputs[0];
    int axis = 0;
    int64_t k;
    if (!dtype_is_int(x->dtype) && !dtype_is_float(x->dtype))
        return diag_node(n, DIAG_INVALID, "input must be numeric, not %s", dtype_name(x->dtype));
    if (!topk_geometry(n, &axis, &k)) return false;
    int64_t dims[IR_MAX_RANK];
    memcpy(dims, x->dims, sizeof(int64_t) * (size_t)x->rank);
    dims[axis] = k;
    node_set_output(n, 0, x->dtype, x->rank, dims);
    node_set_output(n, 1, DT_INT64, x->rank, dims);
    return true;
}

static bool lower_topk(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    int axis = 0;
    int64_t k;
    if (!topk_geometry(n, &axis, &k)) return false;
    if (ir_value_numel(x) == 0 || k == 0) return true;
    ir_value *vals = node_output(n, 0), *inds = node_output(n, 1);
    /* An unused output still needs somewhere to go. */
    int64_t dims[IR_MAX_RANK];
    memcpy(dims, x->dims, sizeof(int64_t) * (size_t)x->rank);
    dims[axis] = k;
    if (!vals) vals = lower_temp(c, x->dtype, x->rank, dims);
    if (!inds) inds = lower_temp(c, DT_INT64, x->rank, dims);
    rt_topk_params p = {
        .outer = prod(x->dims, 0, axis),
        .axis_size = x->dims[axis],
        .inner = prod(x->dims, axis + 1, x->rank),
        .k = k,
        .largest = attr_int(n, "largest", 1) != 0,
    };
    lir_call *kc = lower_kernel_typed(c, n, KERNELS_rt_topk, x->dtype, &p);
    if (!kc) return false;
    call_tensor(kc, x);
    call_tensor(kc, vals);
    call_tensor(kc, inds);
    call_scratch(kc, (size_t)k * sizeof(int64_t));
    return true;
}

/* ---- EyeLike ----------------------------------------------------------- */

static int32_t eyelike_dtype(const ir_node *n)
{
    int64_t dt = attr_int(n, "dtype", 0);
    return dt ? (int32_t)dt : n->inputs[0]->dtype;
}

static bool infer_eyelike(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    if (x->rank != 2) return diag_node(n, DIAG_INVALID, "input must be 2-D, not rank %d", x->rank);
    int32_t dt = eyelike_dtype(n);
    if (dtype_size(dt) == 0 || dt == DT_STRING || !(dtype_is_int(dt) || dtype_is_float(dt) || dt == DT_BOOL))
        return diag_node(n, DIAG_UNSUPPORTED, "output element type %s is not supported", dtype_name(dt));
    node_set_output(n, 0, dt, 2, x->dims);
    return true;
}

static bool lower_eyelike(ir_node *n, lir_program *c)
{
    ir_value *y = n->outputs[0];
    if (ir_value_numel(y) == 0) return true;
    rt_eyelike_params p = {
        .rows = y->dims[0],
        .cols = y->dims[1],
        .k = clamp_diagonal(attr_int(n, "k", 0), y->dims[0], y->dims[1]),
    };
    lir_call *kc = lower_kernel_sized(c, n, KERNELS_rt_eyelike, y->dtype, &p);
    if (!kc) return false;
    call_tensor(kc, lower_const_scalar(c, y->dtype, 1.0));
    call_tensor(kc, y);
    return true;
}

/* ---- table ------------------------------------------------------------- */

static const char *const gather_nd_attrs[] = {"batch_dims", NULL};
static const char *const reduction_attrs[] = {"reduction", NULL};
static const char *const scatter_elements_attrs[] = {"axis", "reduction", NULL};
static const char *const axis_attrs[] = {"axis", NULL};
static const char *const trilu_attrs[] = {"upper", NULL};
static const char *const cumsum_attrs[] = {"exclusive", "reverse", NULL};
static const char *const topk_attrs[] = {"axis", "k", "largest", "sorted", NULL};
static const char *const eyelike_attrs[] = {"dtype", "k", NULL};

const op_def ops_indexing[] = {
    {"GatherND", "", gather_nd_attrs, infer_gather_nd, lower_gather_nd},
    {"ScatterND", "", reduction_attrs, infer_scatter_nd, lower_scatter_nd},
    {"ScatterElements", "", scatter_elements_attrs, infer_scatter_elements, lower_scatter_elements},
    {"Scatter", "", axis_attrs, infer_scatter_elements, lower_scatter_elements},
    {"OneHot", "", axis_attrs, infer_onehot, lower_onehot},
    {"Trilu", "", trilu_attrs, infer_trilu, lower_trilu},
    {"CumSum", "", cumsum_attrs, infer_cumsum, lower_cumsum},
    {"CumProd", "", cumsum_attrs, infer_cumsum, lower_cumprod},
    {"TopK", "", topk_attrs, infer_topk, lower_topk},
    {"EyeLike", "", eyelike_attrs, infer_eyelike, lower_eyelike},
    {0},
};
