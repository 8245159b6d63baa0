/* Helpers shared by the operators' inference and lowering. */
#include "op.h"

#include <stdio.h>
#include <string.h>

int64_t attr_int(const ir_node *n, const char *name, int64_t dflt)
{
    const ir_attr *a = ir_node_attr(n, name);
    return a && a->type == IR_ATTR_INT ? a->i : dflt;
}

float attr_float(const ir_node *n, const char *name, float dflt)
{
    const ir_attr *a = ir_node_attr(n, name);
    if (!a) return dflt;
    if (a->type == IR_ATTR_FLOAT) return a->f;
    if (a->type == IR_ATTR_INT) return (float)a->i;
    return dflt;
}

const char *attr_string(const ir_node *n, const char *name, const char *dflt)
{
    const ir_attr *a = ir_node_attr(n, name);
    return a && a->type == IR_ATTR_STRING && a->s ? a->s : dflt;
}

int attr_ints(const ir_node *n, const char *name, int64_t *out, int max)
{
    const ir_attr *a = ir_node_attr(n, name);
    if (!a) return -1;
    if (a->type == IR_ATTR_INT) { if (max > 0) out[0] = a->i; return 1; }
    if (a->type != IR_ATTR_INTS) return -1;
    for (int i = 0; i < a->count && i < max; i++) out[i] = a->ints[i];
    return a->count;
}

int attr_floats(const ir_node *n, const char *name, float *out, int max)
{
    const ir_attr *a = ir_node_attr(n, name);
    if (!a || a->type != IR_ATTR_FLOATS) return -1;
    for (int i = 0; i < a->count && i < max; i++) out[i] = a->floats[i];
    return a->count;
}

ir_value *node_input(const ir_node *n, int k)
{
    return k >= 0 && k < n->num_inputs ? n->inputs[k] : NULL;
}

ir_value *node_output(const ir_node *n, int k)
{
    return k >= 0 && k < n->num_outputs ? n->outputs[k] : NULL;
}

bool node_check_arity(const ir_node *n, int min_inputs, int max_inputs)
{
    int present = 0;
    for (int i = 0; i < n->num_inputs; i++)
        if (n->inputs[i]) present = i + 1;
    if (present < min_inputs || (max_inputs >= 0 && present > max_inputs)) {
        if (min_inputs == max_inputs)
            return diag_node(n, DIAG_INVALID, "expects %d inputs, got %d", min_inputs, present);
        return diag_node(n, DIAG_INVALID, "expects %d to %d inputs, got %d", min_inputs, max_inputs, present);
    }
    for (int i = 0; i < min_inputs; i++)
        if (!n->inputs[i]) return diag_node(n, DIAG_INVALID, "input %d is required", i);
    return true;
}

/* Collects (up to max) the graph inputs that value v is computed from. */
static int graph_inputs_behind(const ir_value *v, const ir_value **found, int count, int max, int depth)
{
    if (!v || v->data || count >= max || depth > 64) return count;
    if (v->is_input) {
        for (int i = 0; i < count; i++)
            if (found[i] == v) return count;
        found[count++] = v;
        return count;
    }
    const ir_node *p = v->producer;
    for (int i = 0; p && i < p->num_inputs; i++) count = graph_inputs_behind(p->inputs[i], found, count, max, depth + 1);
    return count;
}

bool node_require_const(const ir_node *n, int k)
{
    const ir_value *v = node_input(n, k);
    if (!v) return diag_node(n, DIAG_INVALID, "input %d is required", k);
    char what[64];
    snprintf(what, sizeof what, "input %d", k);
    return value_require_const(n, v, what);
}

bool value_require_const(const ir_node *n, const ir_value *v, const char *what)
{
    if (ir_value_is_const(v)) return true;
    /* Name the graph inputs behind the value: the user can fix them with --bind. */
    const ir_value *inputs[3];
    int count = graph_inputs_behind(v, inputs, 0, 3, 0);
    char names[600] = "";
    size_t at = 0;
    for (int i = 0; i < count && at < sizeof names; i++)
        at += (size_t)snprintf(names + at, sizeof names - at, "%sgraph input '%s'", i ? ", " : "", inputs[i]->name);
    return diag_node(n, DIAG_UNSUPPORTED, "%s ('%s') must be known at compile time, but it is computed at run time%s%s%s",
                     what, v->name, count ? " from " : "", names, count ? " (--bind can fix its value)" : "");
}

int node_const_ints(const ir_node *n, int k, int64_t *out, int max)
{
    const ir_value *v = node_input(n, k);
    if (!v) { diag_node(n, DIAG_INVALID, "input %d is required", k); return -1; }
    if (!node_require_const(n, k)) return -1;
    if (!dtype_is_int(v->dtype)) {
        diag_node(n, DIAG_INVALID, "input %d must be an integer tensor, not %s", k, dtype_name(v->dtype));
        return -1;
    }
    int64_t count = ir_value_numel(v);
    if (count > max) {
        diag_node(n, DIAG_UNSUPPORTED, "input %d has %lld entries (at most %d supported)", k, (long long)count, max);
        return -1;
    }
    for (int64_t i = 0; i < count; i++) out[i] = ir_const_int(v, i);
    return (int)count;
}

void node_set_output(ir_node *n, int k, int32_t dtype, int rank, const int64_t *dims)
{
    ir_value *v = node_output(n, k);
    if (v) ir_value_set_shape(v, dtype, rank, dims);
}

void node_set_dynamic_output(ir_node *n, int k, int32_t dtype, int rank, const int64_t *bound, int dynamic_dim)
{
    ir_value *v = node_output(n, k);
    if (!v) return;
    ir_value_set_shape(v, dtype, rank, bound);
    v->is_dynamic = bound[dynamic_dim] > 0; /* a bound of 0 is the size */
    v->producer = n;                        /* named when a node reads v */
    v->dynamic_dim = dynamic_dim;
}

void lower_dynamic_size(ir_node *n, int k, ir_value *size)
{
    ir_value *v = node_output(n, k);
    if (v && v->is_dynamic) v->dynamic_size = size;
}

bool node_broadcast(const ir_node *n, int rank_a, const int64_t *a, int rank_b, const int64_t *b,
                    int *rank_out, int64_t *out)
{
    int r = rank_a > rank_b ? rank_a : rank_b;
    int64_t result[IR_MAX_RANK]; /* out may alias a or b */
    for (int i = 0; i < r; i++) {
        int ia = i - (r - rank_a), ib = i - (r - rank_b);
        int64_t da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
        if (da == db || db == 1) result[i] = da;
        else if (da == 1) result[i] = db;
        else
            return diag_node(n, DIAG_INVALID, "shapes cannot broadcast: dimension %d is %lld and %lld", i,
                             (long long)da, (long long)db);
    }
    for (int i = 0; i < r; i++) out[i] = result[i];
    *rank_out = r;
    return true;
}

bool node_check_dtype(const ir_node *n, int k, const int32_t *allowed)
{
    const ir_value *v = node_input(n, k);
    if (!v) return true;
    for (const int32_t *a = allowed; *a; a++)
        if (*a == v->dtype) return true;
    return diag_node(n, DIAG_UNSUPPORTED, "input %d has element type %s, which this op does not support in dlc",
                     k, dtype_name(v->dtype));
}

bool node_axis(const ir_node *n, int64_t axis, int rank, int *out)
{
    int64_t a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= (rank ? rank : 1))
        return diag_node(n, DIAG_INVALID, "axis %lld is out of range for rank %d", (long long)axis, rank);
    *out = (int)a;
    return true;
}

void shape_strides(int rank, const int64_t *dims, int64_t *strides)
{
    int64_t s = 1;
    for (int i = rank - 1; i >= 0; i--) {
        strides[i] = s;
        s *= dims[i];
    }
}

void shape_broadcast_strides(int rank_in, const int64_t *dims_in, int rank_out, const int64_t *dims_out,
                             int64_t *strides)
{
    int64_t s = 1;
    for (int i = rank_out - 1; i >= 0; i--) {
        int j = i - (rank_out - rank_in);
        if (j < 0 || (dims_in[j] == 1 && dims_out[i] != 1)) strides[i] = 0;
        else strides[i] = s;
        if (j >= 0) s *= dims_in[j];
    }
}

int shape_broadcast_walk(int rank, const int64_t *dims, int num_inputs, ir_value *const *inputs,
                         int64_t *walk_dims, int64_t *const *walk_strides)
{
    int64_t d[IR_MAX_RANK], s[4][IR_MAX_RANK];
    int r = 0;
    for (int i = 0; i < rank; i++) {
        if (dims[i] == 1) continue; /* a size-1 dimension never moves any index */
        d[r] = dims[i];
        for (int j = 0; j < num_inputs; j++) {
            int64_t strides[IR_MAX_RANK];
            shape_broadcast_strides(inputs[j]->rank, inputs[j]->dims, rank, dims, strides);
            s[j][r] = strides[i];
        }
        r++;
    }
    /* Merge dimension i into i+1 when every input walks them as one. */
    int m = 0;
    for (int i = 0; i < r; i++) {
        if (m > 0) {
            bool merge = true;
            for (int j = 0; j < num_inputs; j++)
                if (s[j][m - 1] != s[j][i] * d[i]) merge = false;
            if (merge) {
                d[m - 1] *= d[i];
                for (int j = 0; j < num_inputs; j++) s[j][m - 1] = s[j][i];
                continue;
            }
        }
        d[m] = d[i];
        for (int j = 0; j < num_inputs; j++) s[j][m] = s[j][i];
        m++;
    }
    memcpy(walk_dims, d, sizeof(int64_t) * (size_t)m);
    for (int j = 0; j < num_inputs; j++) memcpy(walk_strides[j], s[j], sizeof(int64_t) * (size_t)m);
    return m;
}

/* ir_activation mirrors rt_activation: lowering copies the value. */
_Static_assert((int)IR_ACT_RELU == (int)RT_ACT_RELU && (int)IR_ACT_CLIP == (int)RT_ACT_CLIP && (int)IR_ACT_LEAKY_RELU == (int)RT_ACT_LEAKY_RELU &&
                   (int)IR_ACT_SIGMOID == (int)RT_ACT_SIGMOID && (int)IR_ACT_HARD_SIGMOID == (int)RT_ACT_HARD_SIGMOID &&
                   (int)IR_ACT_HARD_SWISH == (int)RT_ACT_HARD_SWISH && (int)IR_ACT_SILU == (int)RT_ACT_SILU && (int)IR_ACT_TANH == (int)RT_ACT_TANH &&
                   (int)IR_ACT_GELU == (int)RT_ACT_GELU && (int)IR_ACT_GELU_TANH == (int)RT_ACT_GELU_TANH,
               "enum ir_activation and enum rt_activation agree");

ir_value *node_residual(const ir_node *n)
{
    return n->epilogue.has_residual ? node_input(n, 3) : NULL;
}
