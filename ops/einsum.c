/* Operator: Einsum. The equation is parsed at compile time into an index
   plan for one generic contraction kernel (runtime/einsum.c): the output
   labels and their sizes, the summed labels, and every input's stride along
   each label. Repeated labels in one term (diagonals) add their strides;
   "..." stands for the same broadcast dimensions in every term, aligned to
   the right; size-1 dimensions broadcast (stride 0). Without "->" the output
   is the ellipsis dimensions followed by the labels that occur exactly once,
   in ASCII order (upper case first), as numpy does. */
#include "op.h"

#include <string.h>

#define EIN_MAX_INPUTS 16
#define EIN_MAX_LABELS 64  /* 52 letters + ellipsis dimensions */
#define EIN_ELL 52         /* label id of the first ellipsis dimension */

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

static bool ein_plan_build(const ir_node *n, ein_plan *pl)
{
    const char *eq = attr_string(n, "equation", NULL);
    if (!eq) return diag_node(n, DIAG_INVALID, "attribute 'equation' is required");
    char buf[1024];
    size_t len = 0;
    for (const char *s = eq; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
            if (len + 1 >= sizeof buf) return diag_node(n, DIAG_UNSUPPORTED, "the equation is too long");
            buf[len++] = *s;
        }
    buf[len] = 0;
    char *arrow = strstr(buf, "->");
    size_t lhs_len = arrow ? (size_t)(arrow - buf) : len;
    int m = n->num_inputs;
    if (m < 1 || m > EIN_MAX_INPUTS) return diag_node(n, DIAG_UNSUPPORTED, "1 to %d inputs supported", EIN_MAX_INPUTS);
    memset(pl, 0, sizeof *pl);
    pl->m = m;
    int ids[EIN_MAX_INPUTS][IR_MAX_RANK + 2], cnt[EIN_MAX_INPUTS], ell_rank[EIN_MAX_INPUTS], E = 0;
    size_t start = 0;
    for (int i = 0; i < m; i++) {
        size_t end = start;
        while (end < lhs_len && buf[end] != ',') end++;
        if (i < m - 1 ? end >= lhs_len : end != lhs_len)
            return diag_node(n, DIAG_INVALID, "the equation has a different number of terms than the %d inputs", m);
        if (!parse_term(n, buf + start, end - start, ids[i], &cnt[i])) return false;
        const ir_value *x = n->inputs[i];
        if (!x) return diag_node(n, DIAG_INVALID, "input %d is missing", i);
        bool has_ell = false;
        for (int k = 0; k < cnt[i]; k++) has_ell |= ids[i][k] < 0;
        int letters = cnt[i] - has_ell;
        ell_rank[i] = x->rank - letters;
        if (ell_rank[i] < 0 || (!has_ell && ell_rank[i] != 0))
            return diag_node(n, DIAG_INVALID, "term %d has %d labels for an input of rank %d", i, letters, x->rank);
        if (ell_rank[i] > E) E = ell_rank[i];
        start = end + 1;
    }
    /* Label sizes and per-input strides. */
    int occurs[EIN_MAX_LABELS] = {0};
    bool used[EIN_MAX_LABELS] = {false};
    for (int L = 0; L < EIN_MAX_LABELS; L++) pl->size[L] = 1;
    int dim_label[EIN_MAX_INPUTS][IR_MAX_RANK];
    for (int i = 0; i < m; i++) {
        const ir_value *x = n->inputs[i];
        int d = 0;
        for (int k = 0; k < cnt[i]; k++) {
            if (ids[i][k] < 0) {
                for (int j = 0; j < ell_rank[i]; j++) dim_label[i][d++] = EIN_ELL + E - ell_rank[i] + j;
            } else {
                dim_label[i][d++] = ids[i][k];
                occurs[ids[i][k]]++;
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
    for (int i = 0; i < m; i++) {
        const ir_value *x = n->inputs[i];
        int64_t st[IR_MAX_RANK];
        shape_strides(x->rank, x->dims, st);
        for (int d = 0; d < x->rank; d++) {
            int L = dim_label[i][d];
            if (!(x->dims[d] == 1 && pl->size[L] != 1)) pl->stride[i][L] += st[d];
        }
    }
    for (int j = 0; j < E; j++) used[EIN_ELL + j] = true;
    /* Output labels. */
    bool in_out[EIN_MAX_LABELS] = {false};
    if (arrow) {
        int oids[IR_MAX_RANK + 2], oc;
        const char *rhs = arrow + 2;
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
    } else {
        for (int j = 0; j < E; j++) {
            pl->out[pl->no++] = EIN_ELL + j;
            in_out[EIN_ELL + j] = true;
        }
        for (int L = 0; L < EIN_ELL; L++)
            if (occurs[L] == 1) {
                pl->out[pl->no++] = L;
                in_out[L] = true;
            }
    }
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
    lir_call *k = lower_call_typed(c, n, "rt_einsum", y->dtype);
    if (!k) return false;
    for (int i = 0; i < pl.m; i++) call_tensor(k, n->inputs[i]);
    call_tensor(k, y);
    call_int(k, pl.m);
    call_int(k, pl.no);
    call_int(k, pl.ns);
    for (int j = 0; j < pl.no; j++) call_int(k, pl.size[pl.out[j]]);
    for (int j = 0; j < pl.ns; j++) call_int(k, pl.size[pl.sum[j]]);
    for (int i = 0; i < pl.m; i++) {
        for (int j = 0; j < pl.no; j++) call_int(k, pl.stride[i][pl.out[j]]);
        for (int j = 0; j < pl.ns; j++) call_int(k, pl.stride[i][pl.sum[j]]);
    }
    return true;
}

static const char *const einsum_attrs[] = {"equation", NULL};

const op_def ops_einsum[] = {
    {"Einsum", "", einsum_attrs, infer_einsum, lower_einsum},
    {0},
};
