/* Operators whose output shape depends on the data: NonZero (opset 9, 13),
   Compress (9, 11), Unique (11), NonMaxSuppression (10, 11). Inference
   proves an upper bound of the data-dependent dimension (every element
   nonzero, every condition true, every slice distinct, every box kept) and
   marks the output (ir_value.is_dynamic, node_set_dynamic_output); the
   kernel (runtime/dynamic.c) writes the actual size into an int64 tensor
   that lowering names as the output's dynamic_size, which the generated
   NAME_output_dims reads. Such outputs may only be graph outputs
   (pass_infer_shapes refuses a node reading one). With constant inputs the
   node folds and its output gets its actual, static, shape; Compress with a
   constant condition has a static shape even when its data is not. */
#include "op.h"

static int64_t dims_product(const int64_t *dims, int from, int to)
{
    int64_t p = 1;
    for (int d = from; d < to; d++) p *= dims[d];
    return p;
}

/* The int64 [1] tensor a kernel writes the data-dependent size into, named
   as the size of every dynamic output of n. */
static ir_value *lower_count(ir_node *n, lir_program *c)
{
    static const int64_t one = 1;
    ir_value *count = lower_temp(c, DT_INT64, 1, &one);
    for (int k = n->num_outputs - 1; k >= 0; k--) {
        lower_dynamic_size(n, k, count);
        if (n->outputs[k] && n->outputs[k]->is_dynamic) lower_name_after(c, count, n->outputs[k], "size");
    }
    return count;
}

/* ---- NonZero --------------------------------------------------------------- */

static bool infer_nonzero(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    /* a scalar gives [0, count], as numpy's nonzero of a 0-d array in the reference */
    int64_t bound[2] = {x->rank, x->rank ? ir_value_numel(x) : 1};
    node_set_dynamic_output(n, 0, DT_INT64, 2, bound, 1);
    return true;
}

static bool lower_nonzero(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    if (!y->is_dynamic) return true; /* no elements: y is [rank, 0] */
    rt_nonzero_params p = {.rank = x->rank, .numel = ir_value_numel(x), .is_float = dtype_is_float(x->dtype)};
    for (int d = 0; d < x->rank; d++) p.dims[d] = x->dims[d];
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_nonzero, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    call_tensor(k, lower_count(n, c));
    return true;
}

/* ---- Compress -------------------------------------------------------------- */

/* x viewed as [outer, axis_size, inner] along Compress's axis (flattened
   without one), and the condition's entries that count. */
static bool compress_layout(const ir_node *n, rt_compress_params *p, int *axis)
{
    const ir_value *x = n->inputs[0], *cond = n->inputs[1];
    *axis = -1;
    *p = (rt_compress_params){.outer = 1, .axis_size = ir_value_numel(x), .inner = 1};
    if (ir_node_attr(n, "axis")) {
        int64_t a = attr_int(n, "axis", 0);
        if (a < 0 && n->opset < 11) return diag_node(n, DIAG_INVALID, "axis must not be negative before opset 11");
        if (!node_axis(n, a, x->rank, axis)) return false;
        p->outer = dims_product(x->dims, 0, *axis);
        p->axis_size = x->dims[*axis];
        p->inner = dims_product(x->dims, *axis + 1, x->rank);
    }
    int64_t len = cond->rank == 1 ? cond->dims[0] : 0;
    if (len > p->axis_size)
        return diag_node(n, DIAG_UNSUPPORTED, "condition has %lld entries, more than the %lld it selects from",
                         (long long)len, (long long)p->axis_size);
    p->cond_len = len;
    return true;
}

static bool infer_compress(ir_node *n)
{
    if (!node_check_arity(n, 2, 2)) return false;
    const ir_value *x = n->inputs[0], *cond = n->inputs[1];
    if (cond->dtype != DT_BOOL || cond->rank != 1)
        return diag_node(n, DIAG_INVALID, "condition must be a 1-D bool tensor, not %s of rank %d",
                         dtype_name(cond->dtype), cond->rank);
    rt_compress_params p = {0};
    int axis;
    if (!compress_layout(n, &p, &axis)) return false;
    int64_t dims[IR_MAX_RANK] = {p.cond_len};
    int rank = axis < 0 ? 1 : x->rank;
    for (int d = 0; axis >= 0 && d < rank; d++) dims[d] = d == axis ? p.cond_len : x->dims[d];
    int dim = axis < 0 ? 0 : axis;
    if (!ir_value_is_const(cond)) {
        node_set_dynamic_output(n, 0, x->dtype, rank, dims, dim);
        return true;
    }
    int64_t kept = 0;
    for (int64_t j = 0; j < p.cond_len; j++) kept += ir_const_int(cond, j) != 0;
    dims[dim] = kept;
    node_set_output(n, 0, x->dtype, rank, dims);
    return true;
}

static bool lower_compress(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    rt_compress_params p = {0};
    int axis;
    if (!compress_layout(n, &p, &axis)) return false;
    if (!y->is_dynamic && ir_value_numel(y) == 0) return true;
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_compress, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->inputs[1]);
    call_tensor(k, y);
    call_tensor(k, y->is_dynamic ? lower_count(n, c) : NULL);
    return true;
}

/* ---- Unique ---------------------------------------------------------------- */

static bool unique_layout(const ir_node *n, rt_unique_params *p, int *axis)
{
    const ir_value *x = n->inputs[0];
    *axis = -1;
    *p = (rt_unique_params){.outer = 1, .axis_size = ir_value_numel(x), .inner = 1,
                            .sorted = attr_int(n, "sorted", 1) != 0};
    if (!ir_node_attr(n, "axis")) return true;
    if (!node_axis(n, attr_int(n, "axis", 0), x->rank, axis)) return false;
    p->outer = dims_product(x->dims, 0, *axis);
    p->axis_size = x->dims[*axis];
    p->inner = dims_product(x->dims, *axis + 1, x->rank);
    return true;
}

static bool infer_unique(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    if (n->num_outputs > 4) return diag_node(n, DIAG_INVALID, "has %d outputs, at most 4", n->num_outputs);
    const ir_value *x = n->inputs[0];
    rt_unique_params p = {0};
    int axis;
    if (!unique_layout(n, &p, &axis)) return false;
    int64_t dims[IR_MAX_RANK] = {p.axis_size};
    int rank = axis < 0 ? 1 : x->rank;
    for (int d = 0; axis >= 0 && d < rank; d++) dims[d] = x->dims[d];
    node_set_dynamic_output(n, 0, x->dtype, rank, dims, axis < 0 ? 0 : axis);
    node_set_dynamic_output(n, 1, DT_INT64, 1, &p.axis_size, 0);
    node_set_output(n, 2, DT_INT64, 1, &p.axis_size);
    node_set_dynamic_output(n, 3, DT_INT64, 1, &p.axis_size, 0);
    return true;
}

static bool lower_unique(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    rt_unique_params p = {0};
    int axis;
    if (!unique_layout(n, &p, &axis)) return false;
    if (p.axis_size == 0) return true; /* no slices: every output is empty */
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_unique, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    for (int i = 0; i < 4; i++) call_tensor(k, node_output(n, i));
    call_tensor(k, lower_count(n, c));
    call_scratch(k, (size_t)(6 * p.axis_size + 1) * sizeof(int64_t));
    return true;
}

/* ---- NonMaxSuppression ----------------------------------------------------- */

/* Optional scalar input k, or NULL when absent or empty (the reference
   treats an empty tensor as absent). */
static ir_value *optional_scalar(const ir_node *n, int k)
{
    ir_value *v = node_input(n, k);
    return v && ir_value_numel(v) > 0 ? v : NULL;
}

static bool infer_nms(ir_node *n)
{
    static const int32_t int64_only[] = {DT_INT64, 0}, float_only[] = {DT_FLOAT, 0};
    if (!node_check_arity(n, 2, 5) || !node_check_dtype(n, 0, float_only) || !node_check_dtype(n, 1, float_only))
        return false;
    if ((node_input(n, 2) && !node_check_dtype(n, 2, int64_only)) ||
        (node_input(n, 3) && !node_check_dtype(n, 3, float_only)) ||
        (node_input(n, 4) && !node_check_dtype(n, 4, float_only)))
        return false;
    const ir_value *boxes = n->inputs[0], *scores = n->inputs[1];
    if (boxes->rank != 3 || boxes->dims[2] != 4 || scores->rank != 3 || scores->dims[0] != boxes->dims[0] ||
        scores->dims[2] != boxes->dims[1])
        return diag_node(n, DIAG_INVALID, "boxes must be [batches, boxes, 4] and scores [batches, classes, boxes]");
    int64_t center = attr_int(n, "center_point_box", 0);
    if (center != 0 && center != 1)
        return diag_node(n, DIAG_INVALID, "center_point_box must be 0 or 1, not %lld", (long long)center);
    /* at most min(max_output_boxes_per_class, boxes) per batch and class */
    int64_t per_class = boxes->dims[1];
    const ir_value *max_output = optional_scalar(n, 2);
    if (!max_output) per_class = 0;
    else if (ir_value_is_const(max_output) && ir_const_int(max_output, 0) < per_class)
        per_class = ir_const_int(max_output, 0) < 0 ? 0 : ir_const_int(max_output, 0);
    int64_t bound[2] = {boxes->dims[0] * scores->dims[1] * per_class, 3};
    node_set_dynamic_output(n, 0, DT_INT64, 2, bound, 0);
    return true;
}

static bool lower_nms(ir_node *n, lir_program *c)
{
    ir_value *boxes = n->inputs[0], *scores = n->inputs[1], *y = n->outputs[0];
    if (!y->is_dynamic) return true; /* nothing can be selected */
    rt_nms_params p = {.batches = boxes->dims[0], .classes = scores->dims[1], .boxes = boxes->dims[1],
                       .center_point_box = attr_int(n, "center_point_box", 0)};
    lir_call *k = lower_kernel(c, n, KERNEL_rt_nms_f32, &p);
    if (!k) return false;
    call_tensor(k, boxes);
    call_tensor(k, scores);
    for (int i = 2; i < 5; i++) call_tensor(k, optional_scalar(n, i));
    call_tensor(k, y);
    call_tensor(k, lower_count(n, c));
    call_scratch(k, (size_t)(3 * p.boxes + 1) * sizeof(int64_t));
    return true;
}

static const char *const compress_attrs[] = {"axis", NULL};
static const char *const unique_attrs[] = {"axis", "sorted", NULL};
static const char *const nms_attrs[] = {"center_point_box", NULL};

const op_def ops_dynamic[] = {
    {"NonZero", "", NULL, infer_nonzero, lower_nonzero},
    {"Compress", "", compress_attrs, infer_compress, lower_compress},
    {"Unique", "", unique_attrs, infer_unique, lower_unique},
    {"NonMaxSuppression", "", nms_attrs, infer_nms, lower_nms},
    {0},
};
