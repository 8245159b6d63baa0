/* Control flow resolved at compile time, during shape inference
   (pass_infer_node calls control_flow_expand when it reaches an If, Loop or
   Scan):
     - If whose condition is a constant: the taken branch's nodes;
     - Loop whose trip count and condition are constants: one copy of the
       body per iteration, loop-carried values chained from one copy to the
       next, scan outputs stacked (Unsqueeze + Concat on axis 0);
     - Scan (its sequence length is in the static shapes): one copy per
       element of the sequence, each reading its slice (Gather), scan
       outputs stacked along their axis, in either direction.
   A body copy is renamed (PREFIX/value), its formal inputs replaced by the
   actual values, its outer-scope references kept (they point at the
   enclosing graph's values; a body nested in the copied body is copied
   too, with its references to the copied body's values remapped). The
   copies go right after the control-flow node, which dies, and are
   inferred and folded at once, in order: a Loop's next iteration needs the
   condition the previous one computed, and an If nested in a body may
   become constant. Identity nodes carry the results into the node's own
   output values, which later nodes read; pass_remove_identity drops them.
   At most CONTROL_FLOW_MAX_ITERATIONS body copies per node: more would make
   the generated code grow without bound. */
#include "passes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/op.h"

/* ---- copying bodies --------------------------------------------------------- */

/* What each value of the body being copied became, and the same for the
   bodies around it (a nested body reads their values too). */
typedef struct scope_map {
    const ir_graph *from;
    ir_value **to;                 /* indexed by the value's id in `from` */
    const struct scope_map *outer;
} scope_map;

static ir_value *map_value(const scope_map *m, ir_value *v)
{
    for (; v && m; m = m->outer)
        if (ir_graph_owns_value(m->from, v)) return m->to[v->id];
    return v;                      /* a value of the graph the copy goes into, or of one around it */
}

static char *prefixed(ir_graph *g, const char *prefix, const char *name)
{
    size_t n = strlen(prefix) + strlen(name) + 1;
    char *s = ir_alloc(g, n);
    snprintf(s, n, "%s%s", prefix, name);
    return s;
}

/* A new value of dst named PREFIX+v's name, with v's type and contents
   (with_type) or nothing known yet. */
static ir_value *copy_value(ir_graph *dst, const ir_value *v, const char *prefix, bool with_type)
{
    ir_value *c = ir_value_new(dst, "");
    c->name = prefixed(dst, prefix, v->name);
    if (!with_type) return c;
    c->dtype = v->dtype;
    c->rank = v->rank;
    for (int d = 0; d < v->rank && d < IR_MAX_RANK; d++) c->dims[d] = v->dims[d], c->dim_params[d] = v->dim_params[d];
    c->data = v->data;             /* constants are never written: sharing them is safe */
    c->is_input = v->is_input;
    return c;
}

static ir_graph *copy_subgraph(ir_graph *dst_parent, const ir_graph *body, const scope_map *outer);

/* Appends a copy of each live node of body to dst; m maps body values. */
static void copy_nodes(ir_graph *dst, const ir_graph *body, scope_map *m, const char *prefix)
{
    for (int i = 0; i < body->num_nodes; i++) {
        const ir_node *b = body->nodes[i];
        if (b->dead) continue;
        ir_node *c = ir_node_new(dst, b->op_type, b->num_inputs, b->num_outputs);
        c->name = prefixed(dst, prefix, b->name);
        c->domain = b->domain;     /* strings of a body live as long as the root graph */
        c->opset = b->opset;
        c->num_attrs = b->num_attrs;
        c->attrs = ir_alloc(dst, sizeof(ir_attr) * (size_t)(b->num_attrs + 1));
        for (int a = 0; a < b->num_attrs; a++) {
            c->attrs[a] = b->attrs[a];
            if (b->attrs[a].graph) c->attrs[a].graph = copy_subgraph(dst, b->attrs[a].graph, m);
        }
        for (int k = 0; k < b->num_inputs; k++) c->inputs[k] = map_value(m, b->inputs[k]);
        for (int k = 0; k < b->num_outputs; k++) {
            if (!b->outputs[k]) continue;
            ir_value *v = copy_value(dst, b->outputs[k], prefix, false);
            v->producer = c;
            c->outputs[k] = v;
            if (ir_graph_owns_value(body, b->outputs[k])) m->to[b->outputs[k]->id] = v;
        }
    }
}

/* Values of body that no node produces: formal inputs and constants. */
static void copy_leaf_values(ir_graph *dst, const ir_graph *body, scope_map *m, const char *prefix)
{
    for (int i = 0; i < body->num_values; i++)
        if (!body->values[i]->producer && !m->to[i]) m->to[i] = copy_value(dst, body->values[i], prefix, true);
}

/* A copy of a nested body, for a copied node: its own values are new, its
   references to the bodies being copied around it follow outer. */
static ir_graph *copy_subgraph(ir_graph *dst_parent, const ir_graph *body, const scope_map *outer)
{
    ir_graph *s = ir_subgraph_new(dst_parent);
    s->name = body->name;
    scope_map m = {body, calloc((size_t)body->num_values + 1, sizeof(ir_value *)), outer};
    if (!m.to) abort();
    copy_leaf_values(s, body, &m, "");
    s->inputs = ir_alloc(s, sizeof(ir_value *) * (size_t)(body->num_inputs + 1));
    for (int i = 0; i < body->num_inputs; i++) s->inputs[s->num_inputs++] = map_value(&m, body->inputs[i]);
    copy_nodes(s, body, &m, "");
    s->outputs = ir_alloc(s, sizeof(ir_value *) * (size_t)(body->num_outputs + 1));
    for (int i = 0; i < body->num_outputs; i++) {
        ir_value *v = map_value(&m, body->outputs[i]);
        if (ir_graph_owns_value(s, v)) v->is_output = true;
        s->outputs[s->num_outputs++] = v;
    }
    free(m.to);
    return s;
}

/* Appends body's nodes to g, formal input i replaced by actual[i];
   results[k] is what body output k became. */
static void inline_body(ir_graph *g, const ir_graph *body, ir_value *const *actual, const char *prefix,
                        ir_value **results)
{
    scope_map m = {body, calloc((size_t)body->num_values + 1, sizeof(ir_value *)), NULL};
    if (!m.to) abort();
    for (int i = 0; i < body->num_inputs; i++) m.to[body->inputs[i]->id] = actual[i];
    copy_leaf_values(g, body, &m, prefix);
    copy_nodes(g, body, &m, prefix);
    for (int k = 0; k < body->num_outputs; k++) results[k] = map_value(&m, body->outputs[k]);
    free(m.to);
}

/* ---- nodes the expansion adds ------------------------------------------------ */

static char *node_prefix(ir_graph *g, const ir_node *n, const char *what, int64_t k)
{
    char tail[96];
    if (k >= 0) snprintf(tail, sizeof tail, "/%s%lld/", what, (long long)k);
    else snprintf(tail, sizeof tail, "/%s/", what);
    return prefixed(g, *n->name ? n->name : n->op_type, tail);
}

static ir_value *new_const(ir_graph *g, const char *name, int32_t dtype, int rank, const int64_t *dims,
                           const void *data)
{
    ir_value *v = ir_value_new(g, name);
    ir_value_set_shape(v, dtype, rank, dims);
    v->data = ir_alloc(g, ir_value_bytes(v));
    memcpy(v->data, data, ir_value_bytes(v));
    return v;
}

static ir_value *const_i64(ir_graph *g, const ir_node *n, const char *what, int rank, int64_t value)
{
    int64_t one = 1;
    return new_const(g, node_prefix(g, n, what, value), DT_INT64, rank, &one, &value);
}

/* A node of op (opset 13) reading inputs, writing out (a new value when NULL). */
static ir_node *add_node(ir_graph *g, const ir_node *n, const char *op, int num_inputs, ir_value *const *inputs,
                         ir_value *out)
{
    ir_node *c = ir_node_new(g, op, num_inputs, 1);
    c->name = node_prefix(g, n, op, -1);
    c->opset = 13;
    for (int i = 0; i < num_inputs; i++) c->inputs[i] = inputs[i];
    if (!out) out = ir_value_new(g, c->name);
    out->producer = c;
    c->outputs[0] = out;
    return c;
}

static void set_axis(ir_graph *g, ir_node *c, int64_t axis)
{
    c->attrs = ir_alloc(g, sizeof(ir_attr));
    c->attrs[0] = (ir_attr){.name = ir_strdup(g, "axis"), .type = IR_ATTR_INT, .i = axis};
    c->num_attrs = 1;
}

static void identity_into(ir_graph *g, const ir_node *n, ir_value *x, ir_value *y)
{
    if (y) add_node(g, n, "Identity", 1, &x, y);
}

/* x's slice `index` along axis, that axis dropped (Gather with a scalar index). */
static ir_value *take_slice(ir_graph *g, const ir_node *n, ir_value *x, int64_t index, int axis)
{
    ir_value *in[2] = {x, const_i64(g, n, "index", 0, index)};
    ir_node *c = add_node(g, n, "Gather", 2, in, NULL);
    set_axis(g, c, axis);
    return c->outputs[0];
}

/* vals[0], vals[stride], ... (count of them, last first when reverse)
   stacked along a new axis: Unsqueeze each, Concat. Into out, or a new value. */
static ir_value *stack(ir_graph *g, const ir_node *n, ir_value *const *vals, int stride, int count, int64_t axis,
                       bool reverse, ir_value *out)
{
    ir_value **parts = malloc(sizeof *parts * (size_t)count);
    if (!parts) abort();
    for (int i = 0; i < count; i++) {
        ir_value *in[2] = {vals[(size_t)(reverse ? count - 1 - i : i) * (size_t)stride],
                           const_i64(g, n, "axes", 1, axis)};
        parts[i] = add_node(g, n, "Unsqueeze", 2, in, NULL)->outputs[0];
    }
    ir_node *c = add_node(g, n, "Concat", count, parts, out);
    set_axis(g, c, axis);
    free(parts);
    return c->outputs[0];
}

/* Infers the nodes from *done to the end of g (nested control flow expands
   in place), then *done is the end. */
static bool infer_tail(ir_graph *g, int *done)
{
    for (int j = *done, inserted; j < g->num_nodes; j += 1 + inserted)
        if (!pass_infer_node(g, j, &inserted)) return false;
    *done = g->num_nodes;
    return true;
}

/* Moves the nodes from first to the end of g right after node index. */
static void move_after(ir_graph *g, int index, int first)
{
    int count = g->num_nodes - first;
    ir_node **moved = malloc(sizeof *moved * (size_t)(count + 1));
    if (!moved) abort();
    memcpy(moved, g->nodes + first, sizeof *moved * (size_t)count);
    memmove(g->nodes + index + 1 + count, g->nodes + index + 1, sizeof *moved * (size_t)(first - index - 1));
    memcpy(g->nodes + index + 1, moved, sizeof *moved * (size_t)count);
    for (int i = index + 1; i < g->num_nodes; i++) g->nodes[i]->id = i;
    free(moved);
}

/* ---- the operators ------------------------------------------------------------- */

static const ir_graph *body_attr(const ir_node *n, const char *name)
{
    const ir_attr *a = ir_node_attr(n, name);
    if (!a || a->type != IR_ATTR_GRAPH || !a->graph) {
        diag_node(n, DIAG_INVALID, "attribute '%s' (a graph) is required", name);
        return NULL;
    }
    return a->graph;
}

/* The one element of a constant scalar input k (or one-element tensor). */
static bool const_scalar(const ir_node *n, int k, int64_t *out)
{
    if (!node_require_const(n, k)) return false;
    if (ir_value_numel(n->inputs[k]) != 1)
        return diag_node(n, DIAG_INVALID, "input %d must have one element, not %lld", k,
                         (long long)ir_value_numel(n->inputs[k]));
    *out = ir_const_int(n->inputs[k], 0);
    return true;
}

/* An If's branch `which`, checked: no inputs, one output per node output. */
static const ir_graph *if_branch(const ir_node *n, const char *which)
{
    const ir_graph *body = body_attr(n, which);
    if (!body) return NULL;
    if (body->num_inputs != 0) {
        diag_node(n, DIAG_INVALID, "%s has %d inputs; a branch has none", which, body->num_inputs);
        return NULL;
    }
    if (body->num_outputs != n->num_outputs) {
        diag_node(n, DIAG_INVALID, "%s has %d outputs, the node %d", which, body->num_outputs, n->num_outputs);
        return NULL;
    }
    return body;
}

/* A copy of branch `which`, inferred; the nodes it adds get `guard`. */
static bool inline_branch(ir_graph *g, ir_node *n, const char *which, const ir_value *guard, bool when,
                          ir_value **results, int *done)
{
    const ir_graph *body = if_branch(n, which);
    if (!body) return false;
    int first = g->num_nodes;
    inline_body(g, body, NULL, node_prefix(g, n, which, -1), results);
    if (!infer_tail(g, done)) return false;
    /* A node has one guard: a run-time If nested in this branch would run
       its branches on its own condition alone, on inputs this branch did
       not compute when it is not taken. */
    for (int i = first; i < g->num_nodes; i++)
        if (g->nodes[i]->guard && !g->nodes[i]->dead)
            return diag_node(n, DIAG_UNSUPPORTED, "a run-time If nested in a branch of a run-time If");
    for (int i = first; i < g->num_nodes; i++) g->nodes[i]->guard = guard, g->nodes[i]->guard_when = when;
    return true;
}

/* The condition is known only at run time: both branches are copied, each
   node guarded by the condition (the generated code runs only the taken
   branch), and Where(condition, then result, else result) gives each
   output. The branches must give the same static type and shape. */
static bool expand_run_time_if(ir_graph *g, ir_node *n, int *done)
{
    ir_value *cond = n->inputs[0];
    if (ir_value_numel(cond) != 1 || cond->dtype != DT_BOOL)
        return diag_node(n, DIAG_INVALID, "the condition must be one bool");
    /* The guard is a Cast of the condition: no pass replaces it by another value. */
    ir_node *cast = add_node(g, n, "Cast", 1, &cond, NULL);
    cast->attrs = ir_alloc(g, sizeof(ir_attr));
    cast->attrs[0] = (ir_attr){.name = ir_strdup(g, "to"), .type = IR_ATTR_INT, .i = DT_BOOL};
    cast->num_attrs = 1;
    ir_value *guard = cast->outputs[0], *pick = guard;
    if (cond->rank > 0) {          /* Where's condition a scalar, as the If's results may be */
        int64_t none = 0;
        ir_value *in[2] = {guard, new_const(g, node_prefix(g, n, "scalar", -1), DT_INT64, 1, &none, &none)};
        pick = add_node(g, n, "Reshape", 2, in, NULL)->outputs[0];
    }
    ir_value **results = malloc(sizeof *results * (size_t)(2 * n->num_outputs + 1));
    if (!results) abort();
    bool ok = infer_tail(g, done) && inline_branch(g, n, "then_branch", guard, true, results, done) &&
              inline_branch(g, n, "else_branch", guard, false, results + n->num_outputs, done);
    for (int k = 0; ok && k < n->num_outputs; k++) {
        const ir_value *t = results[k], *e = results[n->num_outputs + k];
        bool same = t->dtype == e->dtype && t->rank == e->rank;
        for (int d = 0; same && d < t->rank; d++) same = t->dims[d] == e->dims[d];
        if (!same) ok = diag_node(n, DIAG_UNSUPPORTED, "the branches give output %d different types or shapes", k);
        else if (n->outputs[k]) add_node(g, n, "Where", 3, (ir_value *[]){pick, results[k], results[n->num_outputs + k]},
                                         n->outputs[k]);
    }
    free(results);
    return ok && infer_tail(g, done);
}

static bool expand_if(ir_graph *g, ir_node *n, int *done)
{
    int64_t cond = 0;
    if (!node_check_arity(n, 1, 1)) return false;
    if (!ir_value_is_const(n->inputs[0])) {
        bool ok = expand_run_time_if(g, n, done);
        if (ok || diag_last_kind() != DIAG_UNSUPPORTED) return ok;
        /* dlc cannot run this If at run time; with the condition known at
           compile time it might: say so, naming the graph input (--bind). */
        const char *why = strstr(diag_message(), "): ");
        char what[320];
        snprintf(what, sizeof what, "input 0 (run-time If: %.240s)", why ? why + 3 : diag_message());
        diag_clear();
        return value_require_const(n, n->inputs[0], what);
    }
    if (!const_scalar(n, 0, &cond)) return false;
    const char *which = cond ? "then_branch" : "else_branch";
    const ir_graph *body = if_branch(n, which);
    if (!body || !body_attr(n, cond ? "else_branch" : "then_branch")) return false;
    ir_value **results = malloc(sizeof *results * (size_t)(body->num_outputs + 1));
    if (!results) abort();
    inline_body(g, body, NULL, node_prefix(g, n, cond ? "then" : "else", -1), results);
    for (int k = 0; k < n->num_outputs; k++) identity_into(g, n, results[k], n->outputs[k]);
    free(results);
    return infer_tail(g, done);
}

/* Loop's iterations while the trip count and the condition allow;
   carried[] holds the loop-carried values (initial, then each iteration's),
   scan_vals[k * num_scans + j] iteration k's scan output j. */
typedef struct loop_state {
    const ir_graph *body;
    int num_carried, num_scans;
    ir_value **carried, **scan_vals, **actual, **results;
    int iterations;
} loop_state;

static bool loop_iterations(ir_graph *g, ir_node *n, loop_state *s, int64_t trip, int64_t cond, int *done)
{
    bool bool_true = true;
    ir_value *cond_v = n->inputs[1] ? n->inputs[1] : new_const(g, node_prefix(g, n, "true", -1), DT_BOOL, 0, NULL,
                                                              &bool_true);
    for (int64_t k = 0; k < trip && cond; k++) {
        if (k == CONTROL_FLOW_MAX_ITERATIONS)
            return diag_node(n, DIAG_UNSUPPORTED, "runs more than %d iterations; dlc unrolls loops known at compile "
                             "time up to %d", CONTROL_FLOW_MAX_ITERATIONS, CONTROL_FLOW_MAX_ITERATIONS);
        s->actual[0] = const_i64(g, n, "iteration", 0, k);
        s->actual[1] = cond_v;
        for (int i = 0; i < s->num_carried; i++) s->actual[2 + i] = s->carried[i];
        inline_body(g, s->body, s->actual, node_prefix(g, n, "iteration", k), s->results);
        if (!infer_tail(g, done)) return false;
        cond_v = s->results[0];
        if (!value_require_const(n, cond_v, "the body's condition output")) return false;
        if (ir_value_numel(cond_v) != 1)
            return diag_node(n, DIAG_INVALID, "the body's condition output has %lld elements; it must have one",
                             (long long)ir_value_numel(cond_v));
        cond = ir_const_int(cond_v, 0);
        for (int i = 0; i < s->num_carried; i++) s->carried[i] = s->results[1 + i];
        for (int j = 0; j < s->num_scans; j++)
            s->scan_vals[k * s->num_scans + j] = s->results[1 + s->num_carried + j];
        s->iterations++;
    }
    return true;
}

static bool expand_loop(ir_graph *g, ir_node *n, int *done)
{
    loop_state s = {.body = body_attr(n, "body")};
    if (!s.body) return false;
    if (n->num_inputs < 2) return diag_node(n, DIAG_INVALID, "expects at least 2 inputs (M and cond may be empty)");
    s.num_carried = n->num_inputs - 2;
    s.num_scans = s.body->num_outputs - 1 - s.num_carried;
    if (s.body->num_inputs != s.num_carried + 2 || s.num_scans < 0 || n->num_outputs != s.num_carried + s.num_scans)
        return diag_node(n, DIAG_INVALID, "with %d loop-carried values the body needs %d inputs and the node one "
                         "output less than the body; the body has %d inputs and %d outputs, the node %d outputs",
                         s.num_carried, s.num_carried + 2, s.body->num_inputs, s.body->num_outputs, n->num_outputs);
    for (int i = 0; i < s.num_carried; i++)
        if (!n->inputs[2 + i]) return diag_node(n, DIAG_INVALID, "input %d (a loop-carried value) is required", 2 + i);
    int64_t trip = INT64_MAX, cond = 1;
    if (!n->inputs[0] && !n->inputs[1])
        return diag_node(n, DIAG_INVALID, "has neither a trip count nor a condition: it would never end");
    if ((n->inputs[0] && !const_scalar(n, 0, &trip)) || (n->inputs[1] && !const_scalar(n, 1, &cond))) return false;
    size_t slots = (size_t)(s.num_carried + s.body->num_outputs + 2);
    s.carried = malloc(sizeof(ir_value *) * slots * 3);
    s.scan_vals = malloc(sizeof(ir_value *) * ((size_t)CONTROL_FLOW_MAX_ITERATIONS * (size_t)s.num_scans + 1));
    if (!s.carried || !s.scan_vals) abort();
    s.actual = s.carried + slots, s.results = s.actual + slots;
    for (int i = 0; i < s.num_carried; i++) s.carried[i] = n->inputs[2 + i];
    bool ok = loop_iterations(g, n, &s, trip, cond, done);
    if (ok && s.iterations == 0 && s.num_scans > 0)
        ok = diag_node(n, DIAG_UNSUPPORTED, "runs no iteration, so its scan outputs' shapes are unknown");
    for (int i = 0; ok && i < s.num_carried; i++) identity_into(g, n, s.carried[i], n->outputs[i]);
    for (int j = 0; ok && j < s.num_scans; j++)
        if (n->outputs[s.num_carried + j])
            stack(g, n, s.scan_vals + j, s.num_scans, s.iterations, 0, false, n->outputs[s.num_carried + j]);
    free(s.carried);
    free(s.scan_vals);
    return ok && infer_tail(g, done);
}

/* ---- Scan -------------------------------------------------------------------- */

/* One Scan over values without a batch axis: states in/out, xs the scan
   inputs, scan_vals[t * num_scan_out + k] the scan outputs of step t. */
typedef struct scan_spec {
    const ir_graph *body;
    int num_states, num_in, num_out;
    int64_t length;
    int64_t in_axes[IR_MAX_RANK * 4], in_dirs[IR_MAX_RANK * 4];
    int64_t out_axes[IR_MAX_RANK * 4], out_dirs[IR_MAX_RANK * 4];
} scan_spec;

static void scan_iterations(ir_graph *g, const ir_node *n, const scan_spec *s, ir_value **states,
                            ir_value *const *xs, ir_value **scan_vals, const char *what)
{
    ir_value **actual = malloc(sizeof(ir_value *) * (size_t)(s->num_states + s->num_in + s->num_states + s->num_out + 1));
    if (!actual) abort();
    ir_value **results = actual + s->num_states + s->num_in;
    for (int64_t t = 0; t < s->length; t++) {
        for (int i = 0; i < s->num_states; i++) actual[i] = states[i];
        for (int j = 0; j < s->num_in; j++)
            actual[s->num_states + j] =
                take_slice(g, n, xs[j], s->in_dirs[j] ? s->length - 1 - t : t, (int)s->in_axes[j]);
        char step[64];
        snprintf(step, sizeof step, "%s%lld/", what, (long long)t);
        inline_body(g, s->body, actual, prefixed(g, node_prefix(g, n, "", -1), step), results);
        for (int i = 0; i < s->num_states; i++) states[i] = results[i];
        for (int k = 0; k < s->num_out; k++) scan_vals[t * s->num_out + k] = results[s->num_states + k];
    }
    free(actual);
}

/* Reads an INTS attribute of `count` entries (default 0 each). */
static bool scan_ints(const ir_node *n, const char *name, int count, int64_t *out)
{
    for (int i = 0; i < count; i++) out[i] = 0;
    int got = attr_ints(n, name, out, count);
    if (got >= 0 && got != count)
        return diag_node(n, DIAG_INVALID, "attribute '%s' has %d entries; it needs %d", name, got, count);
    return true;
}

/* The counts, the attributes and the sequence length, checked. first is
   the first state input (1 at opset 8, after sequence_lens); batched: the
   inputs have a batch axis first, the scan axis second (opset 8). */
static bool scan_setup(const ir_node *n, scan_spec *s, int first, bool batched)
{
    s->body = body_attr(n, "body");
    if (!s->body) return false;
    s->num_in = (int)attr_int(n, "num_scan_inputs", -1);
    s->num_states = n->num_inputs - first - s->num_in;
    s->num_out = s->body->num_outputs - s->num_states;
    if (s->num_in < 1 || s->num_states < 0 || s->body->num_inputs != s->num_states + s->num_in || s->num_out < 0 ||
        n->num_outputs != s->num_states + s->num_out)
        return diag_node(n, DIAG_INVALID, "num_scan_inputs %d, %d inputs and %d outputs do not match the body's %d "
                         "inputs and %d outputs", s->num_in, n->num_inputs, n->num_outputs, s->body->num_inputs,
                         s->body->num_outputs);
    if (s->num_in > IR_MAX_RANK * 4 || s->num_out > IR_MAX_RANK * 4)
        return diag_node(n, DIAG_UNSUPPORTED, "more than %d scan inputs or outputs", IR_MAX_RANK * 4);
    if (!scan_ints(n, batched ? "directions" : "scan_input_directions", s->num_in, s->in_dirs) ||
        !scan_ints(n, "scan_input_axes", s->num_in, s->in_axes) ||
        !scan_ints(n, "scan_output_axes", s->num_out, s->out_axes) ||
        !scan_ints(n, "scan_output_directions", s->num_out, s->out_dirs))
        return false;
    for (int j = 0; j < s->num_in; j++) {
        const ir_value *x = n->inputs[first + s->num_states + j];
        if (!x) return diag_node(n, DIAG_INVALID, "scan input %d is required", j);
        int axis;
        if (!node_axis(n, batched ? 1 : s->in_axes[j], x->rank, &axis)) return false;
        s->in_axes[j] = batched ? 0 : axis; /* opset 8: the batch axis is sliced off first */
        if (j > 0 && x->dims[axis] != s->length)
            return diag_node(n, DIAG_INVALID, "scan inputs have sequences of %lld and %lld elements",
                             (long long)s->length, (long long)x->dims[axis]);
        s->length = x->dims[axis];
    }
    if (s->length == 0 && s->num_out > 0)
        return diag_node(n, DIAG_UNSUPPORTED, "scans an empty sequence, so its scan outputs' shapes are unknown");
    return true;
}

static bool too_many_copies(const ir_node *n, int64_t copies)
{
    if (copies <= CONTROL_FLOW_MAX_ITERATIONS) return false;
    diag_node(n, DIAG_UNSUPPORTED, "needs %lld copies of its body; dlc unrolls a Scan up to %d", (long long)copies,
              CONTROL_FLOW_MAX_ITERATIONS);
    return true;
}

static bool expand_scan(ir_graph *g, ir_node *n, int *done)
{
    scan_spec s = {0};
    if (!scan_setup(n, &s, 0, false) || too_many_copies(n, s.length)) return false;
    size_t slots = (size_t)(s.num_states + s.num_in + 1);
    ir_value **states = malloc(sizeof(ir_value *) * slots);
    ir_value **scan_vals = malloc(sizeof(ir_value *) * (size_t)(s.length * s.num_out + 1));
    if (!states || !scan_vals) abort();
    for (int i = 0; i < s.num_states; i++) states[i] = n->inputs[i];
    scan_iterations(g, n, &s, states, n->inputs + s.num_states, scan_vals, "step");
    bool ok = infer_tail(g, done);
    for (int i = 0; ok && i < s.num_states; i++) identity_into(g, n, states[i], n->outputs[i]);
    for (int k = 0; ok && k < s.num_out; k++)
        if (n->outputs[s.num_states + k])
            stack(g, n, scan_vals + k, s.num_out, (int)s.length, s.out_axes[k], s.out_dirs[k] != 0,
                  n->outputs[s.num_states + k]);
    free(states);
    free(scan_vals);
    return ok && infer_tail(g, done);
}

/* Scan 8: every input has a batch axis first and the sequence axis second;
   each batch entry is scanned on its own and the results stacked again.
   sequence_lens (input 0) may only say that every sequence is full. */
static bool expand_scan8(ir_graph *g, ir_node *n, int *done)
{
    scan_spec s = {0};
    if (!scan_setup(n, &s, 1, true)) return false;
    const ir_value *x0 = n->inputs[1 + s.num_states];
    int64_t batch = x0->rank > 0 ? x0->dims[0] : 0;
    if (too_many_copies(n, batch * s.length) || (n->inputs[0] && !node_require_const(n, 0))) return false;
    for (int64_t b = 0; n->inputs[0] && b < ir_value_numel(n->inputs[0]); b++)
        if (ir_const_int(n->inputs[0], b) != s.length)
            return diag_node(n, DIAG_UNSUPPORTED, "sequence_lens must be the full length %lld for every batch entry",
                             (long long)s.length);
    size_t slots = (size_t)(s.num_states + s.num_in + 1);
    ir_value **states = malloc(sizeof(ir_value *) * slots * (size_t)(batch + 1));
    ir_value **stacked = malloc(sizeof(ir_value *) * (size_t)(batch * s.num_out + 1));
    ir_value **scan_vals = malloc(sizeof(ir_value *) * (size_t)(s.length * s.num_out + 1));
    if (!states || !stacked || !scan_vals) abort();
    for (int64_t b = 0; b < batch; b++) {
        ir_value **st = states + b * (int64_t)slots, **xs = st + s.num_states;
        for (int i = 0; i < s.num_states + s.num_in; i++) st[i] = take_slice(g, n, n->inputs[1 + i], b, 0);
        char what[64];
        snprintf(what, sizeof what, "batch%lld/step", (long long)b);
        scan_iterations(g, n, &s, st, xs, scan_vals, what);
        for (int k = 0; k < s.num_out && s.length > 0; k++)
            stacked[b * s.num_out + k] = stack(g, n, scan_vals + k, s.num_out, (int)s.length, 0, false, NULL);
    }
    bool ok = batch > 0 || diag_node(n, DIAG_UNSUPPORTED, "has an empty batch");
    for (int i = 0; ok && i < s.num_states; i++)
        if (n->outputs[i]) stack(g, n, states + i, (int)slots, (int)batch, 0, false, n->outputs[i]);
    for (int k = 0; ok && k < s.num_out; k++)
        if (n->outputs[s.num_states + k])
            stack(g, n, stacked + k, s.num_out, (int)batch, 0, false, n->outputs[s.num_states + k]);
    free(states);
    free(stacked);
    free(scan_vals);
    return ok && infer_tail(g, done);
}

/* ---- entry points ----------------------------------------------------------------- */

static const char *const if_attrs[] = {"then_branch", "else_branch", NULL};
static const char *const loop_attrs[] = {"body", NULL};
static const char *const scan8_attrs[] = {"body", "num_scan_inputs", "directions", NULL};
static const char *const scan_attrs[] = {"body", "num_scan_inputs", "scan_input_axes", "scan_input_directions",
                                         "scan_output_axes", "scan_output_directions", NULL};

bool control_flow_is(const ir_node *n)
{
    return n->domain[0] == 0 &&
           (strcmp(n->op_type, "If") == 0 || strcmp(n->op_type, "Loop") == 0 || strcmp(n->op_type, "Scan") == 0);
}

static bool check_attrs(const ir_node *n, const char *const *known)
{
    for (int i = 0; i < n->num_attrs; i++) {
        bool found = false;
        for (const char *const *a = known; *a; a++) found = found || strcmp(*a, n->attrs[i].name) == 0;
        if (!found) return diag_node(n, DIAG_UNSUPPORTED, "attribute '%s' is not supported", n->attrs[i].name);
    }
    return true;
}

bool control_flow_expand(ir_graph *g, int index, int *inserted)
{
    ir_node *n = g->nodes[index];
    int first = g->num_nodes, done = first;
    bool ok;
    if (strcmp(n->op_type, "If") == 0) ok = check_attrs(n, if_attrs) && expand_if(g, n, &done);
    else if (strcmp(n->op_type, "Loop") == 0) ok = check_attrs(n, loop_attrs) && expand_loop(g, n, &done);
    else if (n->opset < 9) ok = check_attrs(n, scan8_attrs) && expand_scan8(g, n, &done);
    else ok = check_attrs(n, scan_attrs) && expand_scan(g, n, &done);
    n->dead = true;
    move_after(g, index, first);
    *inserted = g->num_nodes - first;
    return ok;
}
