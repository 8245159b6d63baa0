/* Operator: Einsum. The equation is parsed at compile time into an index
   plan for one generic contraction kernel (runtime/einsum.c, parameters
   rt_einsum_params in runtime/einsum.h, strides a constant tensor): the output
   labels and their sizes, the summed labels, and every input's stride along
   each label. Repeated labels in one term (diagonals) add their strides;
   "..." stands for the same broadcast dimensions in every term, aligned to
   the right; size-1 dimensions broadcast (stride 0). Without "->" the output
   is the ellipsis dimensions followed by the labels that occur exactly once,
   in ASCII order (upper case first), as numpy does. */
#include "op.h"

#include <string.h>

#define EIN_MAX_INPUTS RT_EINSUM_MAX_INPUTS
#define EIN_MAX_LABELS RT_EINSUM_MAX_SUMMED /* 52 letters + ellipsis dimensions */
#define EIN_ELL 52         /* label id of the first ellipsis dimension */
_Static_assert(IR_MAX_RANK <= RT_MAX_RANK, "rt_einsum_params.out_dims holds every output dimension");
_Static_assert(EIN_ELL + IR_MAX_RANK <= EIN_MAX_LABELS, "a label id for every ellipsis dimension");

typedef struct {
    int m, no, ns;
    int out[EIN_MAX_LABELS], sum[EIN_MAX_LABELS];
    int64_t size[EIN_MAX_LABELS + IR_MAX_RANK];
    int64_t stride[EIN_MAX_INPUTS][EIN_MAX_LABELS + IR_MAX_RANK];
} ein_plan;

static int letter_id(char ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return 26 + (ch - 'a');
    return -1;
}

/* Parses one term (spaces removed) into label ids, -1 marking "...". */
static bool parse_term(const ir_node *n, const char *s, size_t len, int *ids, int *count)
{
    int c = 0;
    bool ell = false;
    for (size_t i = 0; i < len; i++) {
        if (c > IR_MAX_RANK) return diag_node(n, DIAG_INVALID, "a term has too many labels");
        if (s[i] == '.') {
            if (ell || i + 2 >= len || s[i + 1] != '.' || s[i + 2] != '.')
                return diag_node(n, DIAG_INVALID, "bad ellipsis in the equation");
            ell = true;
            ids[c++] = -1;
            i += 2;
            continue;
        }
        int id = letter_id(s[i]);
        if (id < 0) return diag_node(n, DIAG_INVALID, "bad character '%c' in the equation", s[i]);
        ids[c++] = id;
    }
    *count = c;
    return true;
}

/* The equation without white space, in buf (size cap). */
static bool ein_equation(const ir_node *n, char *buf, size_t cap)
{
    const char *eq = attr_string(n, "equation", NULL);
    if (!eq) return diag_node(n, DIAG_INVALID, "attribute 'equation' is required");
    size_t len = 0;
    for (const char *s = eq; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
            if (len + 1 >= cap) return diag_node(n, DIAG_UNSUPPORTED, "the equation is too long");
            buf[len++] = *s;
        }
    buf[len] = 0;
    return true;
}

/* The input terms of the left-hand side (lhs_len chars of buf). */
typedef struct ein_terms {
    int ids[EIN_MAX_INPUTS][IR_MAX_RANK + 2], cnt[EIN_MAX_INPUTS];
    int ell_rank[EIN_MAX_INPUTS];         /* dimensions "..." stands for in each input */
    int E;                                /* the broadcast ellipsis rank */
} ein_terms;

static bool ein_parse_inputs(const ir_node *n, const char *buf, size_t lhs_len, int m, ein_terms *t)
{
    size_t start = 0;
    t->E = 0;
    for (int i = 0; i < m; i++) {
        size_t end = start;
        while (end < lhs_len && buf[end] != ',') end++;
        if (i < m - 1 ? end >= lhs_len : end != lhs_len)
            return diag_node(n, DIAG_INVALID, "the equation has a different number of terms than the %d inputs", m);
        if (!parse_term(n, buf + start, end - start, t->ids[i], &t->cnt[i])) return false;
        const ir_value *x = n->inputs[i];
        if (!x) return diag_node(n, DIAG_INVALID, "input %d is missing", i);
        bool has_ell = false;
        for (int k = 0; k < t->cnt[i]; k++) has_ell |= t->ids[i][k] < 0;
        int letters = t->cnt[i] - has_ell;
        t->ell_rank[i] = x->rank - letters;
        if (t->ell_rank[i] < 0 || (!has_ell && t->ell_rank[i] != 0))
            return diag_node(n, DIAG_INVALID, "term %d has %d labels for an input of rank %d", i, letters, x->rank);
        if (t->ell_rank[i] > t->E) t->E = t->ell_rank[i];
        start = end + 1;
    }
    return true;
}

/* Label sizes (broadcast) and every input's strides along each label;
   occurs[L] counts the letters' uses, used[L] marks the labels present. */
static bool ein_sizes_strides(const ir_node *n, const ein_terms *t, ein_plan *pl, int *occurs, bool *used)
{
    int dim_label[EIN_MAX_INPUTS][IR_MAX_RANK];
    for (int L = 0; L < EIN_MAX_LABELS; L++) pl->size[L] = 1;
    for (int i = 0; i < pl->m; i++) {
        const ir_value *x = n->inputs[i];
        int d = 0;
        for (int k = 0; k < t->cnt[i]; k++) {
            if (t->ids[i][k] < 0) {
                for (int j = 0; j < t->ell_rank[i]; j++) dim_label[i][d++] = EIN_ELL + t->E - t->ell_rank[i] + j;
            } else {
                dim_label[i][d++] = t->ids[i][k];
                occurs[t->ids[i][k]]++;
            }
        }
        for (d = 0; d < x->rank; d++) {
            int L = dim_label[i][d];
            int64_t s = x->dims[d];
            if (used[L] && pl->size[L] != s && pl->size[L] != 1 && s != 1)
                return diag_node(n, DIAG_INVALID, "dimension sizes %lld and %lld of one label differ",
                                 (long long)pl->size[L], (long long)s);
            if (!used[L] || pl->size[L] == 1) pl->size[L] = s;
            used[L] = true;
        }
    }
    for (int i = 0; i < pl->m; i++) {
        const ir_value *x = n->inputs[i];
        int64_t st[IR_MAX_RANK];
        shape_strides(x->rank, x->dims, st);
        for (int d = 0; d < x->rank; d++) {
            int L = dim_label[i][d];
            if (!(x->dims[d] == 1 && pl->size[L] != 1)) pl->stride[i][L] += st[d];
        }
    }
    for (int j = 0; j < t->E; j++) used[EIN_ELL + j] = true;
    return true;
}

/* The output labels: the right-hand side rhs, or (rhs NULL) the ellipsis
   dimensions and the letters that occur once; in_out marks them. */
static bool ein_output_labels(const ir_node *n, const char *rhs, int E, const int *occurs, const bool *used,
                              ein_plan *pl, bool *in_out)
{
    if (!rhs) {
        for (int j = 0; j < E; j++) {
            pl->out[pl->no++] = EIN_ELL + j;
            in_out[EIN_ELL + j] = true;
        }
        for (int L = 0; L < EIN_ELL; L++)
            if (occurs[L] == 1) {
                pl->out[pl->no++] = L;
                in_out[L] = true;
            }
        return true;
    }
    int oids[IR_MAX_RANK + 2], oc;
    if (strstr(rhs, "->")) return diag_node(n, DIAG_INVALID, "the equation has more than one '->'");
    if (!parse_term(n, rhs, strlen(rhs), oids, &oc)) return false;
    for (int k = 0; k < oc; k++) {
        if (oids[k] < 0) {
            for (int j = 0; j < E; j++) {
                pl->out[pl->no++] = EIN_ELL + j;
                in_out[EIN_ELL + j] = true;
            }
            continue;
        }
        int L = oids[k];
        if (!used[L])
            return diag_node(n, DIAG_INVALID, "output label '%c' is in no input", L < 26 ? 'A' + L : 'a' + L - 26);
        if (in_out[L]) return diag_node(n, DIAG_INVALID, "output label repeated");
        in_out[L] = true;
        pl->out[pl->no++] = L;
    }
    return true;
}

static bool ein_plan_build(const ir_node *n, ein_plan *pl)
{
    char buf[1024];
    if (!ein_equation(n, buf, sizeof buf)) return false;
    char *arrow = strstr(buf, "->");
    size_t lhs_len = arrow ? (size_t)(arrow - buf) : strlen(buf);
    int m = n->num_inputs;
    if (m < 1 || m > EIN_MAX_INPUTS) return diag_node(n, DIAG_UNSUPPORTED, "1 to %d inputs supported", EIN_MAX_INPUTS);
    memset(pl, 0, sizeof *pl);
    pl->m = m;
    ein_terms t;
    if (!ein_parse_inputs(n, buf, lhs_len, m, &t)) return false;
    int occurs[EIN_MAX_LABELS] = {0};
    bool used[EIN_MAX_LABELS] = {false}, in_out[EIN_MAX_LABELS] = {false};
    if (!ein_sizes_strides(n, &t, pl, occurs, used)) return false;
    if (!ein_output_labels(n, arrow ? arrow + 2 : NULL, t.E, occurs, used, pl, in_out)) return false;
    if (pl->no > IR_MAX_RANK) return diag_node(n, DIAG_UNSUPPORTED, "output rank %d is over %d", pl->no, IR_MAX_RANK);
    for (int L = 0; L < EIN_MAX_LABELS; L++)
        if (used[L] && !in_out[L]) pl->sum[pl->ns++] = L;
    return true;
}

static bool infer_einsum(ir_node *n)
{
    if (!node_check_arity(n, 1, -1)) return false;
    const ir_value *x = n->inputs[0];
    for (int i = 0; i < n->num_inputs; i++) {
        if (!n->inputs[i]) return diag_node(n, DIAG_INVALID, "input %d is missing", i);
        if (n->inputs[i]->dtype != x->dtype)
            return diag_node(n, DIAG_INVALID, "all inputs must have the same element type");
    }
    if (!dtype_is_int(x->dtype) && !dtype_is_float(x->dtype))
        return diag_node(n, DIAG_INVALID, "inputs must be numeric, not %s", dtype_name(x->dtype));
    ein_plan pl;
    if (!ein_plan_build(n, &pl)) return false;
    int64_t dims[IR_MAX_RANK];
    for (int k = 0; k < pl.no; k++) dims[k] = pl.size[pl.out[k]];
    node_set_output(n, 0, x->dtype, pl.no, dims);
    return true;
}

static bool lower_einsum(ir_node *n, lir_program *c)
{
    ir_value *y = n->outputs[0];
    ein_plan pl;
    if (!ein_plan_build(n, &pl)) return false;
    if (ir_value_numel(y) == 0) return true;
    /* Summed labels of size 1 do nothing. */
    int ns = 0;
    for (int k = 0; k < pl.ns; k++)
        if (pl.size[pl.sum[k]] != 1) pl.sum[ns++] = pl.sum[k];
    pl.ns = ns;
    rt_einsum_params p = {.inputs = pl.m, .out_rank = pl.no, .sum_rank = pl.ns};
    /* [inputs][out_rank + sum_rank] (one zero column when there is no label) */
    int64_t strides[EIN_MAX_INPUTS * EIN_MAX_LABELS] = {0}, dims[2] = {pl.m, pl.no + pl.ns ? pl.no + pl.ns : 1};
    for (int j = 0; j < pl.no; j++) p.out_dims[j] = pl.size[pl.out[j]];
    for (int j = 0; j < pl.ns; j++) p.sum_dims[j] = pl.size[pl.sum[j]];
    for (int i = 0; i < pl.m; i++) {
        int64_t *row = strides + i * (pl.no + pl.ns);
        for (int j = 0; j < pl.no; j++) row[j] = pl.stride[i][pl.out[j]];
        for (int j = 0; j < pl.ns; j++) row[pl.no + j] = pl.stride[i][pl.sum[j]];
    }
    /* up to three inputs: rt_einsum_*, a, b, c; more: rt_einsum_many_* */
    bool many = pl.m > 3;
    lir_call *k = lower_kernel_typed(c, n, many ? KERNELS_rt_einsum_many : KERNELS_rt_einsum, y->dtype, &p);
    if (!k) return false;
    call_tensor(k, lower_const(c, DT_INT64, 2, dims, strides));
    for (int i = 0; i < (many ? EIN_MAX_INPUTS : 3); i++) call_tensor(k, i < pl.m ? n->inputs[i] : NULL);
    call_tensor(k, y);
    return true;
}

static const char *const einsum_attrs[] = {"equation", NULL};

const op_def ops_einsum[] = {
    {"Einsum", "", einsum_attrs, infer_einsum, lower_einsum},
    {0},
};
