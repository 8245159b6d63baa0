/* Operators: data movement. Transpose, Concat, Split, Slice, Pad, Gather,
   GatherElements, DepthToSpace, SpaceToDepth, CenterCropPad and
   ReverseSequence. None of them computes
   anything, so every kernel works by element size (x8/x16/x32/x64) and every
   element type (bool, float16, ...) is supported.

   Everything that depends only on shapes is decided here: Transpose, Slice,
   DepthToSpace and SpaceToDepth become one strided copy (rt_transpose_x*)
   with merged dimensions and precomputed input strides (a Transpose that
   only moves dimensions of size 1 is a view, like Reshape); Concat and Split
   become one block copy (rt_copy_blocks_x*) per input / output (when each
   input of a Concat is one contiguous range of its output, the copy is a
   view that memory planning may remove); Pad gets its
   per-dimension geometry, and CenterCropPad is a Pad with the pads that
   center it. Gather and GatherElements read their indices at run time (they
   may be computed), so their kernels validate every index, and
   ReverseSequence clamps its run-time lengths. */
#include "op.h"

#include <string.h>

/* ---- shared lowering helpers ------------------------------------------- */

/* The kernels' parameter arrays hold any tensor's dimensions. */
_Static_assert(IR_MAX_RANK <= RT_MAX_RANK, "runtime/rt.h's RT_MAX_RANK is below IR_MAX_RANK");

/* Emits y = strided view of x: y[i0..ir] = x[offset + sum ik * strides[k]]
   over the output dims. Size-1 dimensions are dropped and dimensions that
   the view walks as one are merged; nothing is emitted for an empty output. */
static bool emit_strided_copy(lir_program *c, ir_node *n, ir_value *x, ir_value *y, int rank, const int64_t *dims,
                              const int64_t *strides, int64_t offset)
{
    rt_transpose_params p = {.offset = offset};
    int64_t *d = p.dims, *s = p.x_strides;
    int r = 0;
    for (int i = 0; i < rank; i++) {
        if (dims[i] == 0) return true; /* empty output: nothing to copy */
        if (dims[i] == 1) continue;
        if (r > 0 && s[r - 1] == strides[i] * dims[i]) { /* merge into the previous dimension */
            d[r - 1] *= dims[i];
            s[r - 1] = strides[i];
            continue;
        }
        d[r] = dims[i];
        s[r] = strides[i];
        r++;
    }
    p.rank = r;
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_transpose, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    return true;
}

/* Emits outer copies of `block` elements from x (at src_off, advancing
   src_stride) to y (at dst_off, advancing dst_stride). */
static bool emit_copy_blocks(lir_program *c, ir_node *n, ir_value *x, ir_value *y, int64_t outer, int64_t block,
                             int64_t src_stride, int64_t dst_stride, int64_t src_off, int64_t dst_off)
{
    if (outer == 0 || block == 0) return true;
    rt_copy_blocks_params p = {.count = outer, .block = block, .x_stride = src_stride, .y_stride = dst_stride,
                               .x_offset = src_off, .y_offset = dst_off};
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_copy_blocks, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    return true;
}

static int64_t prod(const int64_t *dims, int from, int to)
{
    int64_t p = 1;
    for (int i = from; i < to; i++) p *= dims[i];
    return p;
}

static bool check_same_dtype(const ir_node *n, int k, int32_t dtype)
{
    const ir_value *v = node_input(n, k);
    if (v && v->dtype != dtype)
        return diag_node(n, DIAG_INVALID, "input %d has element type %s, expected %s", k, dtype_name(v->dtype),
                         dtype_name(dtype));
    return true;
}

static bool check_index_dtype(const ir_node *n, int k)
{
    const ir_value *v = node_input(n, k);
    if (v && v->dtype != DT_INT32 && v->dtype != DT_INT64)
        return diag_node(n, DIAG_INVALID, "input %d (indices) must be int32 or int64, not %s", k,
                         dtype_name(v->dtype));
    return true;
}

/* ---- Transpose --------------------------------------------------------- */

bool node_transpose_perm(const ir_node *n, int rank, int64_t *perm)
{
    int count = attr_ints(n, "perm", perm, IR_MAX_RANK);
    if (count < 0) {
        for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
        return true;
    }
    if (count != rank)
        return diag_node(n, DIAG_INVALID, "perm has %d entries for an input of rank %d", count, rank);
    bool seen[IR_MAX_RANK] = {false};
    for (int i = 0; i < rank; i++) {
        if (perm[i] < 0 || perm[i] >= rank || seen[perm[i]])
            return diag_node(n, DIAG_INVALID, "perm is not a permutation of 0..%d", rank - 1);
        seen[perm[i]] = true;
    }
    return true;
}

static bool infer_transpose(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    int64_t perm[IR_MAX_RANK], dims[IR_MAX_RANK];
    if (!node_transpose_perm(n, x->rank, perm)) return false;
    for (int i = 0; i < x->rank; i++) dims[i] = x->dims[perm[i]];
    node_set_output(n, 0, x->dtype, x->rank, dims);
    return true;
}

/* The permutation only moves dimensions of size 1: the elements keep their
   order ([16, 1, 64] -> [1, 16, 64]), and the Transpose is a view. */
static bool keeps_order(const ir_value *x, const int64_t *perm)
{
    int64_t last = -1;
    for (int i = 0; i < x->rank; i++) {
        if (x->dims[perm[i]] == 1) continue;
        if (perm[i] < last) return false;
        last = perm[i];
    }
    return true;
}

static bool lower_transpose(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int64_t perm[IR_MAX_RANK], in_strides[IR_MAX_RANK], strides[IR_MAX_RANK];
    if (!node_transpose_perm(n, x->rank, perm)) return false;
    if (keeps_order(x, perm)) return lower_view(c, n, x, y);
    shape_strides(x->rank, x->dims, in_strides);
    for (int i = 0; i < x->rank; i++) strides[i] = in_strides[perm[i]];
    return emit_strided_copy(c, n, x, y, y->rank, y->dims, strides, 0);
}

/* ---- Concat ------------------------------------------------------------ */

static bool concat_axis(const ir_node *n, int rank, int *axis)
{
    const ir_attr *a = ir_node_attr(n, "axis");
    if (!a && n->opset >= 4) return diag_node(n, DIAG_INVALID, "attribute 'axis' is required");
    return node_axis(n, a ? a->i : 1, rank, axis); /* opset 1: default 1 */
}

static bool infer_concat(ir_node *n)
{
    if (!node_check_arity(n, 1, -1)) return false;
    const ir_value *x = n->inputs[0];
    int axis;
    if (x->rank == 0) return diag_node(n, DIAG_INVALID, "inputs must have rank 1 or more");
    if (!concat_axis(n, x->rank, &axis)) return false;
    int64_t dims[IR_MAX_RANK];
    memcpy(dims, x->dims, sizeof(int64_t) * (size_t)x->rank);
    dims[axis] = 0;
    for (int i = 0; i < n->num_inputs; i++) {
        const ir_value *v = n->inputs[i];
        if (!v) return diag_node(n, DIAG_INVALID, "input %d is missing", i);
        if (!check_same_dtype(n, i, x->dtype)) return false;
        if (v->rank != x->rank)
            return diag_node(n, DIAG_INVALID, "input %d has rank %d, input 0 has rank %d", i, v->rank, x->rank);
        for (int d = 0; d < x->rank; d++)
            if (d != axis && v->dims[d] != x->dims[d])
                return diag_node(n, DIAG_INVALID, "input %d has dimension %d of %lld, input 0 has %lld", i, d,
                                 (long long)v->dims[d], (long long)x->dims[d]);
        dims[axis] += v->dims[axis];
    }
    node_set_output(n, 0, x->dtype, x->rank, dims);
    return true;
}

static bool lower_concat(ir_node *n, lir_program *c)
{
    ir_value *y = n->outputs[0];
    int axis;
    if (!concat_axis(n, y->rank, &axis)) return false;
    int64_t outer = prod(y->dims, 0, axis), inner = prod(y->dims, axis + 1, y->rank);
    int64_t out_row = y->dims[axis] * inner, off = 0;
    for (int i = 0; i < n->num_inputs; i++) {
        ir_value *x = n->inputs[i];
        int64_t row = x->dims[axis] * inner;
        int first = c->num_calls;
        if (!emit_copy_blocks(c, n, x, y, outer, row, row, out_row, 0, off)) return false;
        if (outer == 1 && c->num_calls > first) { /* x is one contiguous range of y: a view */
            c->calls[first]->is_view = true;
            c->calls[first]->view_offset = (size_t)off * dtype_size(x->dtype);
        }
        off += row;
    }
    return true;
}

/* ---- Split ------------------------------------------------------------- */

/* The size of each output along the axis. */
static bool split_sizes(const ir_node *n, int *axis_out, int64_t *sizes)
{
    const ir_value *x = n->inputs[0];
    int outputs = n->num_outputs, axis;
    if (x->rank == 0) return diag_node(n, DIAG_INVALID, "input must have rank 1 or more");
    if (!node_axis(n, attr_int(n, "axis", 0), x->rank, &axis)) return false;
    int64_t dim = x->dims[axis];
    int count = -1;
    if (n->opset >= 13 || (n->opset < 2 && node_input(n, 1))) {
        if (n->opset >= 13 && ir_node_attr(n, "split"))
            return diag_node(n, DIAG_INVALID, "from opset 13 'split' is an input, not an attribute");
        if (node_input(n, 1)) {
            count = node_const_ints(n, 1, sizes, outputs);
            if (count < 0) return false;
        }
    } else {
        if (node_input(n, 1)) return diag_node(n, DIAG_INVALID, "input 'split' exists at opset 1 and from 13 only");
        count = attr_ints(n, "split", sizes, outputs);
        if (count > outputs) return diag_node(n, DIAG_INVALID, "'split' has more entries than outputs");
    }
    const ir_attr *num = ir_node_attr(n, "num_outputs");
    if (num && n->opset < 18) return diag_node(n, DIAG_INVALID, "attribute 'num_outputs' needs opset 18");
    if (num && count >= 0) return diag_node(n, DIAG_INVALID, "input 'split' and attribute 'num_outputs' are both given");
    if (count >= 0) {
        if (count != outputs)
            return diag_node(n, DIAG_INVALID, "split has %d entries for %d outputs", count, outputs);
        int64_t sum = 0;
        for (int i = 0; i < count; i++) {
            if (sizes[i] < 0) return diag_node(n, DIAG_INVALID, "split entry %d is negative", i);
            sum += sizes[i];
        }
        if (sum != dim)
            return diag_node(n, DIAG_INVALID, "split sums to %lld, the axis has %lld", (long long)sum,
                             (long long)dim);
    } else if (num) {
        if (num->i != outputs)
            return diag_node(n, DIAG_INVALID, "num_outputs is %lld but the node has %d outputs", (long long)num->i,
                             outputs);
        int64_t chunk = (dim + outputs - 1) / outputs, left = dim; /* ceil; the last chunk may be smaller */
        for (int i = 0; i < outputs; i++) {
            sizes[i] = left < chunk ? left : chunk;
            left -= sizes[i];
        }
    } else {
        if (n->opset >= 18)
            return diag_node(n, DIAG_INVALID, "either input 'split' or attribute 'num_outputs' is required");
        if (dim % outputs)
            return diag_node(n, DIAG_INVALID, "axis of %lld does not split into %d equal parts", (long long)dim,
                             outputs);
        for (int i = 0; i < outputs; i++) sizes[i] = dim / outputs;
    }
    *axis_out = axis;
    return true;
}

static bool infer_split(ir_node *n)
{
    if (!node_check_arity(n, 1, 2)) return false;
    if (n->num_outputs < 1 || n->num_outputs > 4096) return diag_node(n, DIAG_INVALID, "needs 1 to 4096 outputs");
    const ir_value *x = n->inputs[0];
    int64_t sizes[4096];
    int axis;
    if (!split_sizes(n, &axis, sizes)) return false;
    int64_t dims[IR_MAX_RANK];
    memcpy(dims, x->dims, sizeof(int64_t) * (size_t)x->rank);
    for (int i = 0; i < n->num_outputs; i++) {
        dims[axis] = sizes[i];
        node_set_output(n, i, x->dtype, x->rank, dims);
    }
    return true;
}

static bool lower_split(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    int64_t sizes[4096];
    int axis;
    if (!split_sizes(n, &axis, sizes)) return false;
    int64_t outer = prod(x->dims, 0, axis), inner = prod(x->dims, axis + 1, x->rank);
    int64_t in_row = x->dims[axis] * inner, off = 0;
    for (int i = 0; i < n->num_outputs; i++) {
        int64_t row = sizes[i] * inner;
        ir_value *y = n->outputs[i];
        if (y && !emit_copy_blocks(c, n, x, y, outer, row, in_row, row, off, 0)) return false;
        off += row;
    }
    return true;
}

/* ---- Slice ------------------------------------------------------------- */

typedef struct slice_geom {
    int64_t dims[IR_MAX_RANK];     /* output dims */
    int64_t start[IR_MAX_RANK];    /* first input index per dim */
    int64_t step[IR_MAX_RANK];
} slice_geom;

static bool slice_geometry(const ir_node *n, slice_geom *g)
{
    const ir_value *x = n->inputs[0];
    int rank = x->rank;
    int64_t starts[IR_MAX_RANK], ends[IR_MAX_RANK], axes[IR_MAX_RANK], steps[IR_MAX_RANK];
    int ns, ne, na = -1, nst = -1;
    if (n->opset < 10) {
        if (!node_check_arity(n, 1, 1)) return false;
        ns = attr_ints(n, "starts", starts, IR_MAX_RANK);
        ne = attr_ints(n, "ends", ends, IR_MAX_RANK);
        if (ns < 0 || ne < 0) return diag_node(n, DIAG_INVALID, "attributes 'starts' and 'ends' are required");
        na = attr_ints(n, "axes", axes, IR_MAX_RANK);
    } else {
        if (!node_check_arity(n, 3, 5)) return false;
        if (ir_node_attr(n, "starts") || ir_node_attr(n, "ends") || ir_node_attr(n, "axes"))
            return diag_node(n, DIAG_INVALID, "from opset 10 starts, ends and axes are inputs, not attributes");
        if ((ns = node_const_ints(n, 1, starts, IR_MAX_RANK)) < 0) return false;
        if ((ne = node_const_ints(n, 2, ends, IR_MAX_RANK)) < 0) return false;
        if (node_input(n, 3) && (na = node_const_ints(n, 3, axes, IR_MAX_RANK)) < 0) return false;
        if (node_input(n, 4) && (nst = node_const_ints(n, 4, steps, IR_MAX_RANK)) < 0) return false;
    }
    if (ns != ne) return diag_node(n, DIAG_INVALID, "starts has %d entries and ends %d", ns, ne);
    if (ns > rank) return diag_node(n, DIAG_INVALID, "starts has %d entries for rank %d", ns, rank);
    if (na < 0) {
        na = ns;
        for (int i = 0; i < ns; i++) axes[i] = i;
    }
    if (nst < 0) {
        nst = ns;
        for (int i = 0; i < ns; i++) steps[i] = 1;
    }
    if (na != ns || nst != ns)
        return diag_node(n, DIAG_INVALID, "starts, ends, axes and steps must have the same length");
    for (int d = 0; d < rank; d++) {
        g->dims[d] = x->dims[d];
        g->start[d] = 0;
        g->step[d] = 1;
    }
    bool seen[IR_MAX_RANK] = {false};
    for (int i = 0; i < ns; i++) {
        int a;
        if (!node_axis(n, axes[i], rank, &a)) return false;
        if (seen[a]) return diag_node(n, DIAG_INVALID, "axis %d appears twice", a);
        seen[a] = true;
        int64_t dim = x->dims[a], s = starts[i], e = ends[i], st = steps[i], count;
        if (st == 0) return diag_node(n, DIAG_INVALID, "step %d is 0", i);
        if (s < 0) s += dim; /* INT64_MIN + dim does not overflow */
        if (e < 0) e += dim;
        /* ceil(len / |step|) written as (len - 1) / |step| + 1, which cannot
           overflow for steps up to INT64_MAX; INT64_MIN is compared, not negated */
        if (dim == 0) {
            count = 0;
        } else if (st > 0) {
            s = s < 0 ? 0 : s > dim ? dim : s;
            e = e < 0 ? 0 : e > dim ? dim : e;
            count = e > s ? (e - s - 1) / st + 1 : 0;
        } else {
            s = s < 0 ? 0 : s > dim - 1 ? dim - 1 : s;
            e = e < -1 ? -1 : e > dim - 1 ? dim - 1 : e;
            count = s > e ? (st <= -(s - e) ? 1 : (s - e - 1) / -st + 1) : 0;
        }
        g->dims[a] = count;
        g->start[a] = count ? s : 0;
        g->step[a] = count > 1 ? st : 1; /* one element: the step never applies (and may be huge) */
    }
    return true;
}

static bool infer_slice(ir_node *n)
{
    slice_geom g;
    if (n->num_inputs < 1 || !n->inputs[0]) return diag_node(n, DIAG_INVALID, "input 0 is required");
    if (!slice_geometry(n, &g)) return false;
    const ir_value *x = n->inputs[0];
    node_set_output(n, 0, x->dtype, x->rank, g.dims);
    return true;
}

static bool lower_slice(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0];
    slice_geom g;
    if (!slice_geometry(n, &g)) return false;
    int64_t in_strides[IR_MAX_RANK], strides[IR_MAX_RANK], offset = 0;
    shape_strides(x->rank, x->dims, in_strides);
    for (int d = 0; d < x->rank; d++) {
        offset += g.start[d] * in_strides[d];
        strides[d] = g.step[d] * in_strides[d];
    }
    return emit_strided_copy(c, n, x, n->outputs[0], x->rank, g.dims, strides, offset);
}

/* ---- Pad --------------------------------------------------------------- */

/* pads[0..rank) begin, pads[rank..2 rank) end, for every dimension. */
static bool pad_geometry(const ir_node *n, int *mode, int64_t *pads)
{
    const ir_value *x = n->inputs[0];
    int rank = x->rank;
    const char *m = attr_string(n, "mode", "constant");
    if (!strcmp(m, "constant")) *mode = RT_PAD_CONSTANT;
    else if (!strcmp(m, "reflect")) *mode = RT_PAD_REFLECT;
    else if (!strcmp(m, "edge")) *mode = RT_PAD_EDGE;
    else if (!strcmp(m, "wrap") && n->opset >= 19) *mode = RT_PAD_WRAP;
    else return diag_node(n, DIAG_INVALID, "mode '%s' is not supported at opset %d", m, n->opset);
    int64_t given[2 * IR_MAX_RANK], axes[IR_MAX_RANK];
    int count, na;
    if (n->opset < 11) {
        if (!node_check_arity(n, 1, 1)) return false;
        count = attr_ints(n, n->opset < 2 ? "paddings" : "pads", given, 2 * IR_MAX_RANK);
        if (count < 0) return diag_node(n, DIAG_INVALID, "attribute '%s' is required", n->opset < 2 ? "paddings" : "pads");
        na = rank;
        for (int i = 0; i < rank; i++) axes[i] = i;
    } else {
        if (!node_check_arity(n, 2, 4)) return false;
        if ((count = node_const_ints(n, 1, given, 2 * IR_MAX_RANK)) < 0) return false;
        if (node_input(n, 3) && n->opset >= 18) {
            if ((na = node_const_ints(n, 3, axes, IR_MAX_RANK)) < 0) return false;
        } else {
            if (node_input(n, 3)) return diag_node(n, DIAG_INVALID, "input 'axes' needs opset 18");
            na = rank;
            for (int i = 0; i < rank; i++) axes[i] = i;
        }
        const ir_value *cv = node_input(n, 2);
        if (cv && ir_value_numel(cv) != 1)
            return diag_node(n, DIAG_INVALID, "constant_value must hold one element");
        if (!check_same_dtype(n, 2, x->dtype)) return false;
    }
    if (count != 2 * na)
        return diag_node(n, DIAG_INVALID, "pads has %d entries, expected %d", count, 2 * na);
    for (int i = 0; i < 2 * rank; i++) pads[i] = 0;
    bool seen[IR_MAX_RANK] = {false};
    for (int i = 0; i < na; i++) {
        int a;
        if (!node_axis(n, axes[i], rank, &a)) return false;
        if (seen[a]) return diag_node(n, DIAG_INVALID, "axis %d appears twice", a);
        seen[a] = true;
        pads[a] = given[i];
        pads[rank + a] = given[na + i];
    }
    for (int d = 0; d < rank; d++) {
        int64_t dim = x->dims[d], out = dim + pads[d] + pads[rank + d];
        if (pads[d] < -dim || pads[rank + d] < -dim || out < 0)
            return diag_node(n, DIAG_INVALID, "pads crop more than dimension %d holds", d);
        if (*mode != RT_PAD_CONSTANT && out > 0) {
            /* the input part that remains after negative pads is what gets reflected / repeated */
            int64_t kept = dim + (pads[d] < 0 ? pads[d] : 0) + (pads[rank + d] < 0 ? pads[rank + d] : 0);
            if (kept <= 0 && (pads[d] > 0 || pads[rank + d] > 0))
                return diag_node(n, DIAG_INVALID, "mode '%s' cannot pad dimension %d, which is empty", m, d);
        }
    }
    return true;
}

static bool infer_pad(ir_node *n)
{
    if (n->num_inputs < 1 || !n->inputs[0]) return diag_node(n, DIAG_INVALID, "input 0 is required");
    const ir_value *x = n->inputs[0];
    int mode;
    int64_t pads[2 * IR_MAX_RANK], dims[IR_MAX_RANK];
    if (!pad_geometry(n, &mode, pads)) return false;
    for (int d = 0; d < x->rank; d++) dims[d] = x->dims[d] + pads[d] + pads[x->rank + d];
    node_set_output(n, 0, x->dtype, x->rank, dims);
    return true;
}

/* The rt_pad call for pads (begin for every dimension, then end) of x into
   y; value: the constant, or NULL for 0 (Pad, CenterCropPad). */
static bool lower_pad_call(lir_program *c, ir_node *n, int mode, const int64_t *pads, ir_value *x,
                           ir_value *value, ir_value *y)
{
    int rank = x->rank;
    /* Crops (negative pads) become a view into x: start offset and kept dims. */
    rt_pad_params p = {.rank = rank, .mode = mode};
    shape_strides(rank, x->dims, p.x_strides);
    for (int d = 0; d < rank; d++) {
        int64_t b = pads[d], e = pads[rank + d];
        p.out_dims[d] = y->dims[d];
        p.kept[d] = x->dims[d] + (b < 0 ? b : 0) + (e < 0 ? e : 0);
        if (p.kept[d] < 0) p.kept[d] = 0;
        p.begin[d] = b > 0 ? b : 0;
        if (b < 0) p.offset += -b * p.x_strides[d];
    }
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_pad, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, value);
    call_tensor(k, y);
    return true;
}

static bool lower_pad(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int mode;
    int64_t pads[2 * IR_MAX_RANK];
    if (!pad_geometry(n, &mode, pads)) return false;
    if (ir_value_numel(y) == 0) return true;
    ir_value *value = NULL;
    if (mode == RT_PAD_CONSTANT) {
        if (n->opset < 11) value = lower_const_scalar(c, x->dtype, attr_float(n, "value", 0.0f));
        else value = node_input(n, 2); /* may be computed at run time; NULL means 0 */
    }
    return lower_pad_call(c, n, mode, pads, x, value, y);
}

/* ---- Gather ------------------------------------------------------------ */

static bool infer_gather(ir_node *n)
{
    if (!node_check_arity(n, 2, 2) || !check_index_dtype(n, 1)) return false;
    const ir_value *x = n->inputs[0], *ind = n->inputs[1];
    int axis;
    if (x->rank == 0) return diag_node(n, DIAG_INVALID, "data must have rank 1 or more");
    if (!node_axis(n, attr_int(n, "axis", 0), x->rank, &axis)) return false;
    int rank = x->rank - 1 + ind->rank;
    if (rank > IR_MAX_RANK) return diag_node(n, DIAG_UNSUPPORTED, "output rank %d is over %d", rank, IR_MAX_RANK);
    int64_t dims[IR_MAX_RANK];
    int r = 0;
    for (int d = 0; d < axis; d++) dims[r++] = x->dims[d];
    for (int d = 0; d < ind->rank; d++) dims[r++] = ind->dims[d];
    for (int d = axis + 1; d < x->rank; d++) dims[r++] = x->dims[d];
    node_set_output(n, 0, x->dtype, rank, dims);
    return true;
}

/* The Gather kernels come per element size (one family each: x8, x16,
   x32, x64), each per index type (i32, i64). */
static const rt_kernel_family gather_families[4] = {KERNELS_rt_gather_x8, KERNELS_rt_gather_x16,
                                                    KERNELS_rt_gather_x32, KERNELS_rt_gather_x64};
static const rt_kernel_family gather_elements_families[4] = {
    KERNELS_rt_gather_elements_x8, KERNELS_rt_gather_elements_x16, KERNELS_rt_gather_elements_x32,
    KERNELS_rt_gather_elements_x64};

static rt_kernel_id gather_kernel(ir_node *n, const rt_kernel_family *by_size)
{
    size_t size = dtype_size(n->inputs[0]->dtype);
    int i = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : size == 8 ? 3 : -1;
    if (i < 0) {
        diag_node(n, DIAG_UNSUPPORTED, "element type %s is not supported by dlc for this op",
                  dtype_name(n->inputs[0]->dtype));
        return RT_KERNEL_NONE;
    }
    return lower_pick_typed(n, by_size[i], n->inputs[1]->dtype);
}

static bool lower_gather(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *ind = n->inputs[1], *y = n->outputs[0];
    int axis;
    if (!node_axis(n, attr_int(n, "axis", 0), x->rank, &axis)) return false;
    if (ir_value_numel(y) == 0) return true;
    rt_gather_params p = {.outer = prod(x->dims, 0, axis), .axis_size = x->dims[axis],
                          .inner = prod(x->dims, axis + 1, x->rank), .num_indices = ir_value_numel(ind)};
    lir_call *k = lower_kernel(c, n, gather_kernel(n, gather_families), &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, ind);
    call_tensor(k, y);
    return true;
}

/* ---- GatherElements ---------------------------------------------------- */

static bool infer_gather_elements(ir_node *n)
{
    if (!node_check_arity(n, 2, 2) || !check_index_dtype(n, 1)) return false;
    const ir_value *x = n->inputs[0], *ind = n->inputs[1];
    int axis;
    if (x->rank == 0) return diag_node(n, DIAG_INVALID, "data must have rank 1 or more");
    if (ind->rank != x->rank)
        return diag_node(n, DIAG_INVALID, "indices have rank %d, data rank %d", ind->rank, x->rank);
    if (!node_axis(n, attr_int(n, "axis", 0), x->rank, &axis)) return false;
    for (int d = 0; d < x->rank; d++)
        if (d != axis && ind->dims[d] > x->dims[d])
            return diag_node(n, DIAG_INVALID, "indices dimension %d (%lld) is larger than data's (%lld)", d,
                             (long long)ind->dims[d], (long long)x->dims[d]);
    node_set_output(n, 0, x->dtype, ind->rank, ind->dims);
    return true;
}

static bool lower_gather_elements(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *ind = n->inputs[1], *y = n->outputs[0];
    int axis;
    if (!node_axis(n, attr_int(n, "axis", 0), x->rank, &axis)) return false;
    if (ir_value_numel(y) == 0) return true;
    rt_gather_elements_params p = {.rank = x->rank, .axis = axis, .axis_size = x->dims[axis]};
    memcpy(p.ind_dims, ind->dims, sizeof(int64_t) * (size_t)ind->rank);
    shape_strides(x->rank, x->dims, p.x_strides);
    lir_call *k = lower_kernel(c, n, gather_kernel(n, gather_elements_families), &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, ind);
    call_tensor(k, y);
    return true;
}

/* ---- DepthToSpace / SpaceToDepth --------------------------------------- */

static bool check_blocks(const ir_node *n, int64_t *b)
{
    const ir_value *x = n->inputs[0];
    if (!ir_node_attr(n, "blocksize")) return diag_node(n, DIAG_INVALID, "attribute 'blocksize' is required");
    *b = attr_int(n, "blocksize", 0);
    if (*b <= 0) return diag_node(n, DIAG_INVALID, "blocksize must be positive");
    if (x->rank != 4) return diag_node(n, DIAG_INVALID, "input must have rank 4, not %d", x->rank);
    return true;
}

static bool depth_to_space_crd(const ir_node *n, bool *crd)
{
    const char *mode = attr_string(n, "mode", "DCR");
    if (strcmp(mode, "DCR") && strcmp(mode, "CRD"))
        return diag_node(n, DIAG_INVALID, "mode '%s' is not DCR or CRD", mode);
    *crd = !strcmp(mode, "CRD");
    return true;
}

static bool infer_depth_to_space(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    int64_t b = 1;
    bool crd = false;
    if (!check_blocks(n, &b) || !depth_to_space_crd(n, &crd)) return false;
    if (x->dims[1] % (b * b))
        return diag_node(n, DIAG_INVALID, "channels (%lld) are not a multiple of blocksize^2", (long long)x->dims[1]);
    int64_t dims[4] = {x->dims[0], x->dims[1] / (b * b), x->dims[2] * b, x->dims[3] * b};
    node_set_output(n, 0, x->dtype, 4, dims);
    return true;
}

/* Output [N, C', H, b, W, b] as a strided view of the input. */
static bool lower_depth_to_space(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int64_t b = 1;
    bool crd = false;
    if (!check_blocks(n, &b) || !depth_to_space_crd(n, &crd)) return false;
    int64_t N = x->dims[0], C = x->dims[1] / (b * b), H = x->dims[2], W = x->dims[3];
    int64_t hw = H * W;
    /* channel of input for (c, i, j): DCR (i*b + j)*C + c; CRD (c*b + i)*b + j */
    int64_t sc = crd ? b * b * hw : hw, si = crd ? b * hw : b * C * hw, sj = crd ? hw : C * hw;
    int64_t dims[6] = {N, C, H, b, W, b};
    int64_t strides[6] = {x->dims[1] * hw, sc, W, si, 1, sj};
    return emit_strided_copy(c, n, x, y, 6, dims, strides, 0);
}

static bool infer_space_to_depth(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    int64_t b = 1;
    if (!check_blocks(n, &b)) return false;
    if (x->dims[2] % b || x->dims[3] % b)
        return diag_node(n, DIAG_INVALID, "height and width must be multiples of blocksize");
    int64_t dims[4] = {x->dims[0], x->dims[1] * b * b, x->dims[2] / b, x->dims[3] / b};
    node_set_output(n, 0, x->dtype, 4, dims);
    return true;
}

/* Output [N, b, b, C, H', W'] (channel (i*b + j)*C + c) as a view of the input. */
static bool lower_space_to_depth(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int64_t b = 1;
    if (!check_blocks(n, &b)) return false;
    int64_t N = x->dims[0], C = x->dims[1], H = x->dims[2], W = x->dims[3];
    int64_t dims[6] = {N, b, b, C, H / b, W / b};
    int64_t strides[6] = {C * H * W, W, 1, H * W, b * W, b};
    return emit_strided_copy(c, n, x, y, 6, dims, strides, 0);
}

/* ---- CenterCropPad ------------------------------------------------------ */

/* The pads (begin for every dimension, then end; negative crops) that
   center x in the target shape: the extra (or missing) elements of a
   dimension go half before, half after, the odd one after, as the ONNX
   reference splits them. The shape input must be known at compile time. */
static bool center_crop_pad_geometry(const ir_node *n, int64_t *pads)
{
    const ir_value *x = n->inputs[0];
    int rank = x->rank;
    int64_t shape[IR_MAX_RANK], axes[IR_MAX_RANK];
    if (node_input(n, 1)->rank != 1) return diag_node(n, DIAG_INVALID, "shape must be 1-D");
    int count = node_const_ints(n, 1, shape, IR_MAX_RANK);
    if (count < 0) return false;
    int na = attr_ints(n, "axes", axes, IR_MAX_RANK);
    if (na < 0) {
        na = rank;
        for (int d = 0; d < rank; d++) axes[d] = d;
    }
    if (count != na)
        return diag_node(n, DIAG_INVALID, "shape has %d entries for %d axes", count, na);
    for (int d = 0; d < 2 * rank; d++) pads[d] = 0;
    bool seen[IR_MAX_RANK] = {false};
    for (int i = 0; i < na; i++) {
        int a = 0;
        if (!node_axis(n, axes[i], rank, &a)) return false;
        if (seen[a]) return diag_node(n, DIAG_INVALID, "axis %d is listed twice", a);
        seen[a] = true;
        if (shape[i] < 0) return diag_node(n, DIAG_INVALID, "shape[%d] is negative", i);
        int64_t diff = shape[i] - x->dims[a]; /* > 0: pad, < 0: crop */
        int64_t half = (diff < 0 ? -diff : diff) / 2;
        pads[a] = diff < 0 ? -half : half;
        pads[rank + a] = diff - pads[a];
    }
    return true;
}

static bool infer_center_crop_pad(ir_node *n)
{
    if (!node_check_arity(n, 2, 2) || !check_index_dtype(n, 1)) return false;
    const ir_value *x = n->inputs[0];
    int64_t pads[2 * IR_MAX_RANK], dims[IR_MAX_RANK];
    if (!center_crop_pad_geometry(n, pads)) return false;
    for (int d = 0; d < x->rank; d++) dims[d] = x->dims[d] + pads[d] + pads[x->rank + d];
    node_set_output(n, 0, x->dtype, x->rank, dims);
    return true;
}

static bool lower_center_crop_pad(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int64_t pads[2 * IR_MAX_RANK];
    if (!center_crop_pad_geometry(n, pads)) return false;
    if (ir_value_numel(y) == 0) return true;
    return lower_pad_call(c, n, RT_PAD_CONSTANT, pads, x, NULL, y);
}

/* ---- ReverseSequence ---------------------------------------------------- */

static bool infer_reverse_sequence(ir_node *n)
{
    if (!node_check_arity(n, 2, 2)) return false;
    const ir_value *x = n->inputs[0], *lens = n->inputs[1];
    int64_t batch_axis = attr_int(n, "batch_axis", 1), time_axis = attr_int(n, "time_axis", 0);
    if (x->rank < 2) return diag_node(n, DIAG_INVALID, "input must have rank 2 or more, not %d", x->rank);
    if (!((batch_axis == 0 && time_axis == 1) || (batch_axis == 1 && time_axis == 0)))
        return diag_node(n, DIAG_INVALID, "batch_axis %lld and time_axis %lld must be 0 and 1 in some order",
                         (long long)batch_axis, (long long)time_axis);
    if (lens->dtype != DT_INT64)
        return diag_node(n, DIAG_INVALID, "sequence_lens must be int64, not %s", dtype_name(lens->dtype));
    if (lens->rank != 1 || lens->dims[0] != x->dims[batch_axis])
        return diag_node(n, DIAG_INVALID, "sequence_lens must have shape [%lld]", (long long)x->dims[batch_axis]);
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_reverse_sequence(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    if (ir_value_numel(y) == 0) return true;
    int batch_first = attr_int(n, "batch_axis", 1) == 0;
    rt_reverse_sequence_params p = {
        .batch = x->dims[batch_first ? 0 : 1],
        .time = x->dims[batch_first ? 1 : 0],
        .inner = prod(x->dims, 2, x->rank),
        .batch_first = batch_first,
    };
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_reverse_sequence, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, n->inputs[1]);
    call_tensor(k, y);
    return true;
}

/* ---- table ------------------------------------------------------------- */

static const char *const transpose_attrs[] = {"perm", NULL};
static const char *const axis_attrs[] = {"axis", NULL};
static const char *const split_attrs[] = {"axis", "split", "num_outputs", NULL};
static const char *const slice_attrs[] = {"starts", "ends", "axes", NULL};
static const char *const pad_attrs[] = {"mode", "pads", "paddings", "value", NULL};
static const char *const d2s_attrs[] = {"blocksize", "mode", NULL};
static const char *const s2d_attrs[] = {"blocksize", NULL};
static const char *const center_crop_pad_attrs[] = {"axes", NULL};
static const char *const reverse_sequence_attrs[] = {"batch_axis", "time_axis", NULL};

const op_def ops_data_movement[] = {
    {"Transpose", "", transpose_attrs, infer_transpose, lower_transpose},
    {"Concat", "", axis_attrs, infer_concat, lower_concat},
    {"Split", "", split_attrs, infer_split, lower_split},
    {"Slice", "", slice_attrs, infer_slice, lower_slice},
    {"Pad", "", pad_attrs, infer_pad, lower_pad},
    {"Gather", "", axis_attrs, infer_gather, lower_gather},
    {"GatherElements", "", axis_attrs, infer_gather_elements, lower_gather_elements},
    {"DepthToSpace", "", d2s_attrs, infer_depth_to_space, lower_depth_to_space},
    {"SpaceToDepth", "", s2d_attrs, infer_space_to_depth, lower_space_to_depth},
    {"CenterCropPad", "", center_crop_pad_attrs, infer_center_crop_pad, lower_center_crop_pad},
    {"ReverseSequence", "", reverse_sequence_attrs, infer_reverse_sequence, lower_reverse_sequence},
    {0},
};
