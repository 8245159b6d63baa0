/* Operators: reductions (ReduceSum, ReduceMean, ReduceMax, ReduceMin,
   ReduceProd, ReduceL1, ReduceL2, ReduceSumSquare, ReduceLogSum,
   ReduceLogSumExp) and ArgMax/ArgMin.

   The reduced axes come from the `axes` attribute in older opsets and from
   the optional second input from opset 13 (ReduceSum) or 18 (the others);
   that input must be a compile-time constant. Empty axes reduce everything,
   unless noop_with_empty_axes asks for the identity. Lowering splits the
   input's dimensions into kept and reduced ones (dropping size-1 dims and
   merging neighbours of the same kind) so that one generic kernel per
   (op, type) walks any case; see runtime/reduce.h. */
#include "op.h"

#include <string.h>

typedef struct reduce_row {
    const char *op_type;
    rt_kernel_family kernels;
} reduce_row;

static const reduce_row reduce_rows[] = {
    {"ReduceSum", KERNELS_rt_reduce_sum},
    {"ReduceMean", KERNELS_rt_reduce_mean},
    {"ReduceMax", KERNELS_rt_reduce_max},
    {"ReduceMin", KERNELS_rt_reduce_min},
    {"ReduceProd", KERNELS_rt_reduce_prod},
    {"ReduceL1", KERNELS_rt_reduce_l1},
    {"ReduceL2", KERNELS_rt_reduce_l2},
    {"ReduceSumSquare", KERNELS_rt_reduce_sum_square},
    {"ReduceLogSum", KERNELS_rt_reduce_log_sum},
    {"ReduceLogSumExp", KERNELS_rt_reduce_log_sum_exp},
    {0},
};

static const reduce_row *find_row(const char *op_type)
{
    for (const reduce_row *r = reduce_rows; r->op_type; r++)
        if (strcmp(r->op_type, op_type) == 0) return r;
    return NULL;
}

/* The opset from which axes is an input instead of an attribute. */
static int axes_input_opset(const ir_node *n)
{
    return strcmp(n->op_type, "ReduceSum") == 0 ? 13 : 18;
}

/* Fills reduced[rank] with which axes are reduced; *noop when the node is
   the identity (empty axes with noop_with_empty_axes). */
static bool reduce_axes(const ir_node *n, bool *reduced, bool *noop)
{
    const ir_value *x = n->inputs[0];
    int64_t axes[IR_MAX_RANK * 2];
    int count;
    bool from_input = n->opset >= axes_input_opset(n);
    *noop = false;
    if (from_input) {
        if (ir_node_attr(n, "axes"))
            return diag_node(n, DIAG_INVALID, "attribute 'axes' is not allowed from opset %d (axes is an input)",
                             axes_input_opset(n));
        if (!node_check_arity(n, 1, 2)) return false;
        const ir_value *a = node_input(n, 1);
        if (a && !(a->rank >= 0 && ir_value_numel(a) == 0)) { /* an empty axes tensor needs no constant */
            count = node_const_ints(n, 1, axes, IR_MAX_RANK * 2);
            if (count < 0) return false;
        } else {
            count = 0;
        }
        if (count == 0 && attr_int(n, "noop_with_empty_axes", 0)) *noop = true;
    } else {
        if (!node_check_arity(n, 1, 1)) return false;
        if (ir_node_attr(n, "noop_with_empty_axes"))
            return diag_node(n, DIAG_INVALID, "attribute 'noop_with_empty_axes' needs opset %d or later",
                             axes_input_opset(n));
        count = attr_ints(n, "axes", axes, IR_MAX_RANK * 2);
        if (count < 0) count = 0;
        if (count > IR_MAX_RANK * 2) return diag_node(n, DIAG_INVALID, "too many axes (%d)", count);
    }
    for (int i = 0; i < x->rank; i++) reduced[i] = count == 0 && !*noop;
    for (int i = 0; i < count; i++) {
        int a;
        if (!node_axis(n, axes[i], x->rank, &a)) return false;
        if (x->rank == 0) continue;
        if (reduced[a]) return diag_node(n, DIAG_INVALID, "axis %lld is listed twice", (long long)axes[i]);
        reduced[a] = true;
    }
    return true;
}

static bool infer_reduce(ir_node *n)
{
    if (n->num_inputs < 1 || !n->inputs[0]) return diag_node(n, DIAG_INVALID, "input 0 is required");
    const ir_value *x = n->inputs[0];
    bool reduced[IR_MAX_RANK], noop;
    if (!reduce_axes(n, reduced, &noop)) return false;
    if (x->dtype == DT_BOOL && strcmp(n->op_type, "ReduceMax") && strcmp(n->op_type, "ReduceMin"))
        return diag_node(n, DIAG_INVALID, "element type bool is only allowed for ReduceMax and ReduceMin");
    bool keep = attr_int(n, "keepdims", 1) != 0;
    int64_t dims[IR_MAX_RANK];
    int r = 0;
    for (int i = 0; i < x->rank; i++) {
        if (!reduced[i]) dims[r++] = x->dims[i];
        else if (keep) dims[r++] = 1;
    }
    node_set_output(n, 0, x->dtype, r, dims);
    return true;
}

/* Splits x's dimensions into kept and reduced ones for the kernel: size-1
   dimensions dropped, neighbours of one kind merged (x is contiguous, so
   they walk as one dimension). */
static void reduce_split(const ir_value *x, const bool *reduced, rt_reduce_params *p)
{
    int64_t strides[IR_MAX_RANK];
    int last = -1; /* kind of the previous dimension kept: 0 kept, 1 reduced */
    shape_strides(x->rank, x->dims, strides);
    p->reduced_count = 1;
    for (int i = 0; i < x->rank; i++) {
        if (x->dims[i] == 1) continue;
        int kind = reduced[i] ? 1 : 0;
        int64_t *d = kind ? p->reduced_dims : p->kept_dims, *s = kind ? p->reduced_strides : p->kept_strides;
        int64_t *cnt = kind ? &p->num_reduced : &p->num_kept;
        if (kind) p->reduced_count *= x->dims[i];
        if (last == kind) {
            d[*cnt - 1] *= x->dims[i];
            s[*cnt - 1] = strides[i];
        } else {
            d[*cnt] = x->dims[i];
            s[*cnt] = strides[i];
            (*cnt)++;
        }
        last = kind;
    }
}

static bool lower_reduce(ir_node *n, lir_program *c)
{
    const reduce_row *row = find_row(n->op_type);
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    bool reduced[IR_MAX_RANK], noop;
    if (!reduce_axes(n, reduced, &noop)) return false;
    if (noop) return lower_view(c, n, x, y);
    rt_reduce_params p = {0};
    reduce_split(x, reduced, &p);
    lir_call *k = lower_kernel_typed(c, n, row->kernels, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    return true;
}

/* ---- ArgMax / ArgMin ---------------------------------------------------- */

static bool infer_arg(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    if (x->dtype == DT_BOOL || !(dtype_is_float(x->dtype) || dtype_is_int(x->dtype)))
        return diag_node(n, DIAG_UNSUPPORTED, "element type %s is not supported", dtype_name(x->dtype));
    if (x->rank == 0) return diag_node(n, DIAG_INVALID, "input must have rank 1 or more");
    int axis;
    if (!node_axis(n, attr_int(n, "axis", 0), x->rank, &axis)) return false;
    if (x->dims[axis] == 0) return diag_node(n, DIAG_INVALID, "cannot take %s over an empty axis", n->op_type);
    if (n->opset < 12 && ir_node_attr(n, "select_last_index"))
        return diag_node(n, DIAG_INVALID, "attribute 'select_last_index' needs opset 12 or later");
    bool keep = attr_int(n, "keepdims", 1) != 0;
    int64_t dims[IR_MAX_RANK];
    int r = 0;
    for (int i = 0; i < x->rank; i++) {
        if (i != axis) dims[r++] = x->dims[i];
        else if (keep) dims[r++] = 1;
    }
    node_set_output(n, 0, DT_INT64, r, dims);
    return true;
}

static bool lower_arg(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    int axis;
    if (!node_axis(n, attr_int(n, "axis", 0), x->rank, &axis)) return false;
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; i++) outer *= x->dims[i];
    for (int i = axis + 1; i < x->rank; i++) inner *= x->dims[i];
    rt_arg_params p = {
        .outer = outer,
        .axis_size = x->dims[axis],
        .inner = inner,
        .select_last = attr_int(n, "select_last_index", 0) != 0,
    };
    lir_call *k = lower_kernel_typed(c, n, strcmp(n->op_type, "ArgMax") ? KERNELS_rt_argmin : KERNELS_rt_argmax,
                                     x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->outputs[0]);
    return true;
}

static const char *const reduce_attrs[] = {"axes", "keepdims", "noop_with_empty_axes", NULL};
static const char *const arg_attrs[] = {"axis", "keepdims", "select_last_index", NULL};

#define REDUCE(op) {op, "", reduce_attrs, infer_reduce, lower_reduce}

const op_def ops_reduce[] = {
    REDUCE("ReduceSum"),
    REDUCE("ReduceMean"),
    REDUCE("ReduceMax"),
    REDUCE("ReduceMin"),
    REDUCE("ReduceProd"),
    REDUCE("ReduceL1"),
    REDUCE("ReduceL2"),
    REDUCE("ReduceSumSquare"),
    REDUCE("ReduceLogSum"),
    REDUCE("ReduceLogSumExp"),
    {"ArgMax", "", arg_attrs, infer_arg, lower_arg},
    {"ArgMin", "", arg_attrs, infer_arg, lower_arg},
    {0},
};
