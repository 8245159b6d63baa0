/* Operators: shape manipulation and constants. Shape, Size and Constant are
   known at compile time: inference sets their outputs' data and lowering
   emits nothing. Reshape, Flatten, Squeeze, Unsqueeze, Identity and
   (inference-mode) Dropout keep the bytes and change the shape: they lower
   to a copy marked as a view, which memory planning usually removes by
   giving the output the input's memory. ConstantOfShape, Range, Expand and Tile have kernels in
   runtime/shape.c; their shape-determining inputs must be constants. */
#include "op.h"

#include <math.h>
#include <string.h>

#include "runtime/rt.h"

/* ---- helpers ------------------------------------------------------------ */

static bool dims_known(const ir_node *n, const ir_value *v, int k)
{
    for (int d = 0; d < v->rank; d++)
        if (v->dims[d] < 0)
            return diag_node(n, DIAG_UNSUPPORTED, "input %d dimension %d is not known at compile time", k, d);
    return true;
}

/* Input 0 to output 0, shape set by inference. */
static bool lower_reshape_like(ir_node *n, lir_program *c)
{
    return lower_view(c, n, n->inputs[0], n->outputs[0]);
}

/* Constant outputs (set by inference): nothing to compute. */
static bool lower_nothing(ir_node *n, lir_program *c)
{
    (void)n;
    (void)c;
    return true;
}

static void *const_buffer(ir_node *n, int32_t dtype, int64_t count)
{
    size_t bytes = (size_t)count * dtype_size(dtype);
    return ir_alloc(n->graph, bytes);
}

/* Reads integer axes from attribute `axes` (opset < from_opset) or from
   input k; returns the count (0 when absent and optional), -1 on error. */
static int read_axes(const ir_node *n, int from_opset, int k, int64_t *axes, bool *present)
{
    int count;
    *present = false;
    if (n->opset < from_opset) {
        count = attr_ints(n, "axes", axes, IR_MAX_RANK * 2);
        if (count < 0) return 0;
    } else {
        if (!node_input(n, k)) return 0;
        count = node_const_ints(n, k, axes, IR_MAX_RANK * 2);
        if (count < 0) return -1;
    }
    *present = true;
    if (count > IR_MAX_RANK * 2) {
        diag_node(n, DIAG_INVALID, "too many axes (%d)", count);
        return -1;
    }
    return count;
}

/* ---- Shape, Size -------------------------------------------------------- */

static bool infer_shape(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    if (!dims_known(n, x, 0)) return false;
    int64_t r = x->rank, start = attr_int(n, "start", 0), end = attr_int(n, "end", r);
    if (n->opset < 15) start = 0, end = r;
    if (start < 0) start += r;
    if (end < 0) end += r;
    start = start < 0 ? 0 : start > r ? r : start;
    end = end < 0 ? 0 : end > r ? r : end;
    int64_t len = end > start ? end - start : 0;
    node_set_output(n, 0, DT_INT64, 1, &len);
    ir_value *y = n->outputs[0];
    int64_t *data = const_buffer(n, DT_INT64, len);
    for (int64_t i = 0; i < len; i++) data[i] = x->dims[start + i];
    if (y) y->data = data;
    return true;
}

static bool infer_size(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    if (!dims_known(n, x, 0)) return false;
    node_set_output(n, 0, DT_INT64, 0, NULL);
    int64_t *data = const_buffer(n, DT_INT64, 1);
    data[0] = ir_value_numel(x);
    if (n->outputs[0]) n->outputs[0]->data = data;
    return true;
}

/* ---- Reshape ------------------------------------------------------------- */

static bool infer_reshape(ir_node *n)
{
    int64_t shape[IR_MAX_RANK + 1];
    int count;
    if (n->opset < 5) {
        if (!node_check_arity(n, 1, 1)) return false;
        count = attr_ints(n, "shape", shape, IR_MAX_RANK + 1);
        if (count < 0) return diag_node(n, DIAG_INVALID, "attribute 'shape' is required");
    } else {
        if (!node_check_arity(n, 2, 2)) return false;
        count = node_const_ints(n, 1, shape, IR_MAX_RANK + 1);
        if (count < 0) return false;
    }
    if (count > IR_MAX_RANK)
        return diag_node(n, DIAG_UNSUPPORTED, "output rank %d exceeds dlc's maximum of %d", count, IR_MAX_RANK);
    const ir_value *x = n->inputs[0];
    if (!dims_known(n, x, 0)) return false;
    bool allowzero = n->opset >= 14 && attr_int(n, "allowzero", 0) != 0;
    int infer_at = -1;
    int64_t known = 1, total = ir_value_numel(x);
    bool has_zero = false;
    for (int i = 0; i < count; i++) {
        if (shape[i] == -1) {
            if (infer_at >= 0) return diag_node(n, DIAG_INVALID, "shape has more than one -1");
            infer_at = i;
            continue;
        }
        if (shape[i] < -1) return diag_node(n, DIAG_INVALID, "shape entry %d is %lld", i, (long long)shape[i]);
        if (shape[i] == 0) {
            has_zero = true;
            if (!allowzero) {
                if (i >= x->rank)
                    return diag_node(n, DIAG_INVALID, "shape entry %d is 0 but the input has rank %d", i, x->rank);
                shape[i] = x->dims[i];
            }
        }
        known *= shape[i];
    }
    if (allowzero && has_zero && infer_at >= 0)
        return diag_node(n, DIAG_INVALID, "with allowzero=1 the shape cannot hold both 0 and -1");
    if (infer_at >= 0) {
        if (known == 0 || total % known != 0)
            return diag_node(n, DIAG_INVALID, "cannot infer the -1 dimension: %lld elements into blocks of %lld",
                             (long long)total, (long long)known);
        shape[infer_at] = total / known;
        known *= shape[infer_at];
    }
    if (known != total)
        return diag_node(n, DIAG_INVALID, "cannot reshape %lld elements into %lld", (long long)total,
                         (long long)known);
    node_set_output(n, 0, x->dtype, count, shape);
    return true;
}

/* ---- Flatten ------------------------------------------------------------- */

static bool infer_flatten(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    int64_t axis = attr_int(n, "axis", 1);
    if (axis < 0) axis += x->rank;
    if (axis < 0 || axis > x->rank)
        return diag_node(n, DIAG_INVALID, "axis %lld is out of range for rank %d", (long long)attr_int(n, "axis", 1),
                         x->rank);
    int64_t dims[2] = {1, 1};
    for (int d = 0; d < x->rank; d++) dims[d < axis ? 0 : 1] *= x->dims[d];
    node_set_output(n, 0, x->dtype, 2, dims);
    return true;
}

/* ---- Squeeze, Unsqueeze ------------------------------------------------- */

static bool infer_squeeze(ir_node *n)
{
    if (!node_check_arity(n, 1, n->opset < 13 ? 1 : 2)) return false;
    const ir_value *x = n->inputs[0];
    int64_t axes[IR_MAX_RANK * 2];
    bool present;
    int count = read_axes(n, 13, 1, axes, &present);
    if (count < 0) return false;
    bool drop[IR_MAX_RANK] = {false};
    /* Empty axes squeeze every 1, as absent axes do (ONNX Runtime agrees). */
    if (!present || count == 0) {
        for (int d = 0; d < x->rank; d++) drop[d] = x->dims[d] == 1;
    } else {
        for (int i = 0; i < count; i++) {
            int a;
            if (!node_axis(n, axes[i], x->rank, &a)) return false;
            if (x->rank == 0) return diag_node(n, DIAG_INVALID, "cannot squeeze a scalar");
            if (x->dims[a] != 1)
                return diag_node(n, DIAG_INVALID, "cannot squeeze axis %d of size %lld", a, (long long)x->dims[a]);
            drop[a] = true;
        }
    }
    int64_t dims[IR_MAX_RANK];
    int r = 0;
    for (int d = 0; d < x->rank; d++)
        if (!drop[d]) dims[r++] = x->dims[d];
    node_set_output(n, 0, x->dtype, r, dims);
    return true;
}

static bool infer_unsqueeze(ir_node *n)
{
    if (!node_check_arity(n, n->opset < 13 ? 1 : 2, n->opset < 13 ? 1 : 2)) return false;
    const ir_value *x = n->inputs[0];
    int64_t axes[IR_MAX_RANK * 2];
    bool present;
    int count = read_axes(n, 13, 1, axes, &present);
    if (count < 0) return false;
    if (!present) return diag_node(n, DIAG_INVALID, "attribute 'axes' is required");
    int r = x->rank + count;
    if (r > IR_MAX_RANK)
        return diag_node(n, DIAG_UNSUPPORTED, "output rank %d exceeds dlc's maximum of %d", r, IR_MAX_RANK);
    bool added[IR_MAX_RANK] = {false};
    for (int i = 0; i < count; i++) {
        int a;
        if (!node_axis(n, axes[i], r, &a)) return false;
        if (added[a]) return diag_node(n, DIAG_INVALID, "axis %lld appears twice", (long long)axes[i]);
        added[a] = true;
    }
    int64_t dims[IR_MAX_RANK];
    for (int d = 0, j = 0; d < r; d++) dims[d] = added[d] ? 1 : x->dims[j++];
    node_set_output(n, 0, x->dtype, r, dims);
    return true;
}

/* ---- Identity, Dropout --------------------------------------------------- */

static bool infer_identity(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

/* Dropout. Inference mode (the default) is y = x with the mask all true.
   Opset 12 moved ratio and training_mode to inputs; both must then be
   compile-time constants. A constant training_mode=true with a non-zero ratio
   drops elements like the ONNX reference does, with numpy's legacy RNG:
       np.random.seed(seed); mask = np.random.uniform(0, 1, X.shape) >= ratio
       Y = (mask * X * (1.0 / (1.0 - ratio))).astype(X.dtype)
   (kernel in runtime/dropout.c; the product is computed in double and
   rounded once). The `seed` attribute is optional; ONNX then
   asks for a random output, but dlc uses seed 0: the generated code is
   deterministic and gives the same mask on every run. Before opset 7 the
   `is_test` attribute selected the mode; dlc compiles for inference and
   treats every old Dropout as is_test=1, as opset 7 made it. */

/* The value of a constant float16 or bfloat16 scalar (exact in float). */
static float half_scalar(const ir_value *v)
{
    uint16_t h = ((const uint16_t *)v->data)[0];
    return v->dtype == DT_BFLOAT16 ? rt_bf16_to_f32(h) : rt_f16_to_f32(h);
}

/* The value of a constant float scalar of any float type. */
static double float_scalar(const ir_value *v)
{
    if (v->dtype == DT_FLOAT16 || v->dtype == DT_BFLOAT16) return half_scalar(v);
    return ir_const_double(v, 0);
}

/* Reads the mode: *train is true only for training with a non-zero ratio,
   then *ratio is its value (0.5 when the input is absent). */
static bool dropout_mode(const ir_node *n, bool *train, double *ratio)
{
    *train = false;
    *ratio = 0.5;
    const ir_value *r = node_input(n, 1), *training = node_input(n, 2);
    if (r && ir_value_numel(r) != 1) return diag_node(n, DIAG_INVALID, "ratio must be a scalar");
    if (r && !dtype_is_float(r->dtype))
        return diag_node(n, DIAG_INVALID, "ratio must be a floating-point scalar, not %s", dtype_name(r->dtype));
    if (!training) return true;
    if (training->dtype != DT_BOOL || ir_value_numel(training) != 1)
        return diag_node(n, DIAG_INVALID, "training_mode must be a bool scalar");
    if (!node_require_const(n, 2)) return false;
    if (!ir_const_int(training, 0)) return true;
    if (r) {
        if (!node_require_const(n, 1)) return false;
        *ratio = float_scalar(r);
    }
    if (!(*ratio >= 0.0 && *ratio < 1.0))
        return diag_node(n, DIAG_INVALID, "ratio must be in [0, 1) in training mode, got %g", *ratio);
    *train = *ratio != 0.0;
    return true;
}

static bool infer_dropout(ir_node *n)
{
    if (!node_check_arity(n, 1, n->opset < 12 ? 1 : 3)) return false;
    const ir_value *x = n->inputs[0];
    if (!dtype_is_float(x->dtype))
        return diag_node(n, DIAG_INVALID, "input must be a floating-point tensor, not %s", dtype_name(x->dtype));
    bool train;
    double ratio;
    if (!dropout_mode(n, &train, &ratio)) return false;
    if (train) {
        const ir_attr *seed = ir_node_attr(n, "seed");
        if (seed && seed->type != IR_ATTR_INT) return diag_node(n, DIAG_INVALID, "attribute 'seed' must be an int");
        if (seed && (seed->i < 0 || seed->i > (int64_t)UINT32_MAX))
            return diag_node(n, DIAG_UNSUPPORTED,
                             "seed %lld is outside [0, 2^32-1], the seeds of the reference (numpy's RandomState)",
                             (long long)seed->i);
    }
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    /* The mask is bool from opset 10, the input's type before. */
    node_set_output(n, 1, n->opset >= 10 ? DT_BOOL : x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_fill_one(ir_node *n, lir_program *c, ir_value *y)
{
    ir_value *one = lower_const_scalar(c, y->dtype, 1.0);
    rt_fill_params p = {.count = ir_value_numel(y)};
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_fill, y->dtype, &p);
    if (!k) return false;
    call_tensor(k, one);
    call_tensor(k, y);
    return true;
}

static bool lower_dropout(ir_node *n, lir_program *c)
{
    bool train;
    double ratio;
    if (!dropout_mode(n, &train, &ratio)) return false;
    ir_value *x = n->inputs[0], *y = node_output(n, 0), *mask = node_output(n, 1);
    if (train) {
        if (!dims_known(n, x, 0)) return false;
        rt_dropout_params p = {.count = ir_value_numel(x), .seed = attr_int(n, "seed", 0), .ratio = ratio,
                               .scale = 1.0 / (1.0 - ratio)}; /* in double, as numpy computes 1 / (1 - r) */
        lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_dropout, x->dtype, &p);
        if (!k) return false;
        call_tensor(k, x);
        call_tensor(k, y);
        call_tensor(k, mask);
        return true;
    }
    if (y && !lower_view(c, n, x, y)) return false;
    if (mask && !lower_fill_one(n, c, mask)) return false;
    return true;
}

/* ---- Constant ------------------------------------------------------------ */

static bool infer_constant(ir_node *n)
{
    if (!node_check_arity(n, 0, 0)) return false;
    if (n->num_attrs != 1)
        return diag_node(n, DIAG_INVALID, "expects exactly one value attribute, got %d", n->num_attrs);
    const ir_attr *a = &n->attrs[0];
    const char *name = a->name;
    int32_t dtype;
    int rank;
    int64_t dims[IR_MAX_RANK];
    const void *src;
    if (strcmp(name, "value") == 0) {
        if (a->type != IR_ATTR_TENSOR || !a->tensor)
            return diag_node(n, DIAG_INVALID, "attribute 'value' must be a tensor");
        const ir_value *t = a->tensor;
        if (t->rank > IR_MAX_RANK)
            return diag_node(n, DIAG_UNSUPPORTED, "tensor rank %d exceeds dlc's maximum", t->rank);
        if (dtype_size(t->dtype) == 0)
            return diag_node(n, DIAG_UNSUPPORTED, "tensor of element type %s is not supported", dtype_name(t->dtype));
        dtype = t->dtype;
        rank = t->rank;
        memcpy(dims, t->dims, sizeof(int64_t) * (size_t)(rank > 0 ? rank : 0));
        src = t->data;
    } else if (strcmp(name, "value_float") == 0 && a->type == IR_ATTR_FLOAT) {
        dtype = DT_FLOAT, rank = 0, src = &a->f;
    } else if (strcmp(name, "value_int") == 0 && a->type == IR_ATTR_INT) {
        dtype = DT_INT64, rank = 0, src = &a->i;
    } else if (strcmp(name, "value_floats") == 0 && a->type == IR_ATTR_FLOATS) {
        dtype = DT_FLOAT, rank = 1, dims[0] = a->count, src = a->floats;
    } else if (strcmp(name, "value_ints") == 0 && a->type == IR_ATTR_INTS) {
        dtype = DT_INT64, rank = 1, dims[0] = a->count, src = a->ints;
    } else if (strcmp(name, "value_string") == 0 || strcmp(name, "value_strings") == 0) {
        return diag_node(n, DIAG_UNSUPPORTED, "string constants are not supported");
    } else if (strcmp(name, "sparse_value") == 0) {
        return diag_node(n, DIAG_UNSUPPORTED, "sparse constants are not supported");
    } else {
        return diag_node(n, DIAG_INVALID, "attribute '%s' has the wrong type", name);
    }
    node_set_output(n, 0, dtype, rank, dims);
    ir_value *y = n->outputs[0];
    if (!y) return true;
    size_t bytes = ir_value_bytes(y);
    void *data = ir_alloc(n->graph, bytes);
    if (bytes) {
        if (!src) return diag_node(n, DIAG_INVALID, "the constant tensor has no data");
        memcpy(data, src, bytes);
    }
    y->data = data;
    return true;
}

/* ---- ConstantOfShape ----------------------------------------------------- */

static bool infer_constant_of_shape(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    int64_t dims[IR_MAX_RANK + 1];
    int count = node_const_ints(n, 0, dims, IR_MAX_RANK + 1);
    if (count < 0) return false;
    if (count > IR_MAX_RANK)
        return diag_node(n, DIAG_UNSUPPORTED, "output rank %d exceeds dlc's maximum of %d", count, IR_MAX_RANK);
    for (int i = 0; i < count; i++)
        if (dims[i] < 0) return diag_node(n, DIAG_INVALID, "shape entry %d is negative", i);
    int32_t dtype = DT_FLOAT;
    const ir_attr *a = ir_node_attr(n, "value");
    if (a) {
        if (a->type != IR_ATTR_TENSOR || !a->tensor)
            return diag_node(n, DIAG_INVALID, "attribute 'value' must be a tensor");
        if (ir_value_numel(a->tensor) != 1)
            return diag_node(n, DIAG_INVALID, "attribute 'value' must hold exactly one element");
        dtype = a->tensor->dtype;
        if (dtype_size(dtype) == 0)
            return diag_node(n, DIAG_UNSUPPORTED, "value of element type %s is not supported", dtype_name(dtype));
    }
    node_set_output(n, 0, dtype, count, dims);
    return true;
}

static bool lower_constant_of_shape(ir_node *n, lir_program *c)
{
    ir_value *y = n->outputs[0];
    const ir_attr *a = ir_node_attr(n, "value");
    ir_value *value = a ? lower_const(c, y->dtype, 0, NULL, a->tensor->data) : lower_const_scalar(c, DT_FLOAT, 0.0);
    rt_fill_params p = {.count = ir_value_numel(y)};
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_fill, y->dtype, &p);
    if (!k) return false;
    call_tensor(k, value);
    call_tensor(k, y);
    return true;
}

/* ---- Range --------------------------------------------------------------- */

static bool infer_range(ir_node *n)
{
    if (!node_check_arity(n, 3, 3)) return false;
    int32_t dtype = n->inputs[0]->dtype;
    static const int32_t types[] = {DT_FLOAT, DT_DOUBLE, DT_INT16, DT_INT32, DT_INT64, DT_FLOAT16, DT_BFLOAT16, 0};
    for (int i = 0; i < 3; i++) {
        const ir_value *v = n->inputs[i];
        if (!node_check_dtype(n, i, types)) return false;
        if (v->dtype != dtype) return diag_node(n, DIAG_INVALID, "start, limit and delta must have one type");
        if (ir_value_numel(v) != 1) return diag_node(n, DIAG_INVALID, "input %d must be a scalar", i);
    }
    for (int i = 0; i < 3; i++)
        if (!node_require_const(n, i)) return false; /* the output's length depends on it */
    int64_t count;
    if (dtype_is_int(dtype)) {
        int64_t start = ir_const_int(n->inputs[0], 0), limit = ir_const_int(n->inputs[1], 0),
                delta = ir_const_int(n->inputs[2], 0);
        if (delta == 0) return diag_node(n, DIAG_INVALID, "delta is 0");
        /* ceil((limit - start) / delta) without overflow: work in magnitudes. */
        if ((delta > 0 && limit <= start) || (delta < 0 && limit >= start)) count = 0;
        else {
            uint64_t span = delta > 0 ? (uint64_t)limit - (uint64_t)start : (uint64_t)start - (uint64_t)limit;
            uint64_t step = delta > 0 ? (uint64_t)delta : 0 - (uint64_t)delta;
            uint64_t q = span / step + (span % step != 0);
            if (q > (uint64_t)INT64_MAX) return diag_node(n, DIAG_INVALID, "range is too long");
            count = (int64_t)q;
        }
    } else {
        double start, limit, delta, len;
        if (dtype == DT_FLOAT) {
            float s = ((const float *)n->inputs[0]->data)[0], l = ((const float *)n->inputs[1]->data)[0],
                  d = ((const float *)n->inputs[2]->data)[0];
            start = s, limit = l, delta = d;
            len = ceil((double)((l - s) / d));
        } else if (dtype == DT_DOUBLE) {
            start = ir_const_double(n->inputs[0], 0), limit = ir_const_double(n->inputs[1], 0),
            delta = ir_const_double(n->inputs[2], 0);
            len = ceil((limit - start) / delta);
        } else {
            start = half_scalar(n->inputs[0]), limit = half_scalar(n->inputs[1]), delta = half_scalar(n->inputs[2]);
            len = ceil((double)(float)(((float)limit - (float)start) / (float)delta));
        }
        if (delta == 0 || isnan(start) || isnan(limit) || isnan(delta))
            return diag_node(n, DIAG_INVALID, "delta is 0 or an input is NaN");
        if (!(len < 9.0e18)) return diag_node(n, DIAG_INVALID, "range is too long");
        count = len > 0 ? (int64_t)len : 0;
    }
    node_set_output(n, 0, dtype, 1, &count);
    return true;
}

static bool lower_range(ir_node *n, lir_program *c)
{
    ir_value *y = n->outputs[0];
    rt_range_params p = {.count = ir_value_numel(y)};
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_range, y->dtype, &p);
    if (!k) return false;
    call_tensor(k, n->inputs[0]); /* start; limit only decided count */
    call_tensor(k, n->inputs[2]); /* delta */
    call_tensor(k, y);
    return true;
}

/* ---- Expand -------------------------------------------------------------- */

static bool infer_expand(ir_node *n)
{
    if (!node_check_arity(n, 2, 2)) return false;
    int64_t shape[IR_MAX_RANK + 1];
    int count = node_const_ints(n, 1, shape, IR_MAX_RANK + 1);
    if (count < 0) return false;
    if (count > IR_MAX_RANK)
        return diag_node(n, DIAG_UNSUPPORTED, "output rank %d exceeds dlc's maximum of %d", count, IR_MAX_RANK);
    for (int i = 0; i < count; i++)
        if (shape[i] < 0) return diag_node(n, DIAG_INVALID, "shape entry %d is negative", i);
    const ir_value *x = n->inputs[0];
    int r;
    int64_t dims[IR_MAX_RANK];
    if (!node_broadcast(n, x->rank, x->dims, count, shape, &r, dims)) return false;
    node_set_output(n, 0, x->dtype, r, dims);
    return true;
}

static bool lower_expand(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    if (ir_value_numel(x) == ir_value_numel(y)) return lower_view(c, n, x, y);
    rt_expand_params p = {0};
    int64_t *strides[1] = {p.input_strides};
    p.rank = shape_broadcast_walk(y->rank, y->dims, 1, &x, p.dims, strides);
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_expand, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    return true;
}

/* ---- Tile ---------------------------------------------------------------- */

/* Repeats per axis: input 1 at opset 6+; opset 1 had scalar inputs `tiles`
   and `axis` (repeat along one axis). */
static bool tile_repeats(const ir_node *n, int64_t *reps)
{
    const ir_value *x = n->inputs[0];
    for (int d = 0; d < x->rank; d++) reps[d] = 1;
    if (n->opset < 6) {
        if (!node_check_arity(n, 3, 3)) return false;
        int64_t tiles, axis;
        if (node_const_ints(n, 1, &tiles, 1) != 1 || node_const_ints(n, 2, &axis, 1) != 1)
            return diag_node(n, DIAG_INVALID, "tiles and axis must be scalars");
        int a;
        if (!node_axis(n, axis, x->rank, &a)) return false;
        if (x->rank == 0) return diag_node(n, DIAG_INVALID, "cannot tile a scalar");
        reps[a] = tiles;
    } else {
        if (!node_check_arity(n, 2, 2)) return false;
        int64_t r[IR_MAX_RANK + 1];
        int count = node_const_ints(n, 1, r, IR_MAX_RANK + 1);
        if (count < 0) return false;
        if (count != x->rank)
            return diag_node(n, DIAG_INVALID, "repeats has %d entries for an input of rank %d", count, x->rank);
        memcpy(reps, r, sizeof(int64_t) * (size_t)count);
    }
    for (int d = 0; d < x->rank; d++)
        if (reps[d] < 0) return diag_node(n, DIAG_INVALID, "repeat %d is negative", d);
    return true;
}

static bool infer_tile(ir_node *n)
{
    int64_t reps[IR_MAX_RANK], dims[IR_MAX_RANK];
    if (n->num_inputs < 1 || !n->inputs[0]) return diag_node(n, DIAG_INVALID, "input 0 is required");
    if (!tile_repeats(n, reps)) return false;
    const ir_value *x = n->inputs[0];
    for (int d = 0; d < x->rank; d++) dims[d] = x->dims[d] * reps[d];
    node_set_output(n, 0, x->dtype, x->rank, dims);
    return true;
}

static bool lower_tile(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int64_t reps[IR_MAX_RANK];
    if (!tile_repeats(n, reps)) return false;
    if (ir_value_numel(y) == 0) return true;
    if (ir_value_numel(x) == ir_value_numel(y)) return lower_view(c, n, x, y);
    /* Drop size-1 axes that are not repeated; merge a repeated-once axis into
       the next when both are whole (they then behave as one). */
    rt_tile_params p = {0};
    int r = 0;
    for (int d = 0; d < x->rank; d++) {
        if (x->dims[d] == 1 && reps[d] == 1) continue;
        if (r > 0 && p.repeats[r - 1] == 1 && reps[d] == 1) {
            p.input_dims[r - 1] *= x->dims[d];
            continue;
        }
        p.input_dims[r] = x->dims[d];
        p.repeats[r] = reps[d];
        r++;
    }
    p.rank = r;
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_tile, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    return true;
}

/* ---- table --------------------------------------------------------------- */

static const char *const no_attrs[] = {NULL};
static const char *const shape_attrs[] = {"start", "end", NULL};
static const char *const reshape_attrs[] = {"shape", "allowzero", "consumed_inputs", NULL};
static const char *const flatten_attrs[] = {"axis", NULL};
static const char *const axes_attrs[] = {"axes", NULL};
static const char *const dropout_attrs[] = {"ratio", "is_test", "seed", "consumed_inputs", NULL};
static const char *const constant_attrs[] = {"value", "value_float", "value_floats", "value_int", "value_ints",
                                             "value_string", "value_strings", "sparse_value", NULL};
static const char *const value_attrs[] = {"value", NULL};

const op_def ops_shape[] = {
    {"Shape", "", shape_attrs, infer_shape, lower_nothing},
    {"Size", "", no_attrs, infer_size, lower_nothing},
    {"Reshape", "", reshape_attrs, infer_reshape, lower_reshape_like},
    {"Flatten", "", flatten_attrs, infer_flatten, lower_reshape_like},
    {"Squeeze", "", axes_attrs, infer_squeeze, lower_reshape_like},
    {"Unsqueeze", "", axes_attrs, infer_unsqueeze, lower_reshape_like},
    {"Identity", "", no_attrs, infer_identity, lower_reshape_like},
    {"Dropout", "", dropout_attrs, infer_dropout, lower_dropout},
    {"Constant", "", constant_attrs, infer_constant, lower_nothing},
    {"ConstantOfShape", "", value_attrs, infer_constant_of_shape, lower_constant_of_shape},
    {"Range", "", no_attrs, infer_range, lower_range},
    {"Expand", "", no_attrs, infer_expand, lower_expand},
    {"Tile", "", no_attrs, infer_tile, lower_tile},
    {0},
};
