/* Operators on text features: TfIdfVectorizer (opset 9) over int32 or
   int64 tokens (string tokens are not supported: dlc has no string
   tensors). The pool of n-grams is an attribute, so the trie the kernel
   searches is built here, at compile time, as the ONNX reference builds
   its map, and emitted as a constant (runtime/text.h). */
#include "op.h"

#include <stdlib.h>
#include <string.h>

typedef struct tfidf_trie {
    int64_t *nodes;                /* 4 per node: token, id, first child, next sibling */
    int64_t count, cap;
} tfidf_trie;

/* A new node (token, no id, no children, no sibling); -1 when out of memory. */
static int64_t trie_add(tfidf_trie *t, int64_t token)
{
    if (t->count == t->cap) {
        int64_t cap = t->cap ? 2 * t->cap : 64;
        int64_t *grown = realloc(t->nodes, sizeof *grown * 4 * (size_t)cap);
        if (!grown) return -1;
        t->nodes = grown, t->cap = cap;
    }
    int64_t k = t->count++;
    t->nodes[4 * k] = token, t->nodes[4 * k + 1] = 0, t->nodes[4 * k + 2] = -1, t->nodes[4 * k + 3] = -1;
    return k;
}

/* The child of node with token, added after its last sibling if absent. */
static int64_t trie_child(tfidf_trie *t, int64_t node, int64_t token)
{
    int64_t prev = -1;
    for (int64_t k = t->nodes[4 * node + 2]; k >= 0; prev = k, k = t->nodes[4 * k + 3])
        if (t->nodes[4 * k] == token) return k;
    int64_t k = trie_add(t, token);
    if (k >= 0) t->nodes[prev < 0 ? 4 * node + 2 : 4 * prev + 3] = k;
    return k;
}

/* The reference's populate_grams over every n-gram size within [min, max]:
   ids count every n-gram of the pool, 1 first, in pool order. Node 0 is
   the root. */
static bool build_trie(const ir_node *n, const ir_attr *pool, const ir_attr *counts, int64_t min_gram,
                       int64_t max_gram, tfidf_trie *t)
{
    *t = (tfidf_trie){0};
    if (trie_add(t, 0) < 0) return diag_node(n, DIAG_INVALID, "out of memory building the n-gram trie");
    int64_t id = 1;
    for (int g = 0; g < counts->count; g++) {
        int64_t size = g + 1, begin = counts->ints[g], end = g + 1 < counts->count ? counts->ints[g + 1] : pool->count;
        if (begin < 0 || end > pool->count || begin > end)
            return diag_node(n, DIAG_INVALID, "ngram_counts[%d] = %lld is outside the pool", g, (long long)begin);
        int64_t grams = (end - begin) / size;
        if (size < min_gram || size > max_gram) {
            id += grams;
            continue;
        }
        for (int64_t q = 0; q < grams; q++, id++) {
            int64_t node = 0;
            for (int64_t j = 0; j < size && node >= 0; j++) node = trie_child(t, node, pool->ints[begin + q * size + j]);
            if (node < 0) return diag_node(n, DIAG_INVALID, "out of memory building the n-gram trie");
            t->nodes[4 * node + 1] = id;
        }
    }
    return true;
}

static bool tfidf_params(const ir_node *n, rt_tfidf_params *p)
{
    static const int32_t token_types[] = {DT_INT32, DT_INT64, 0};
    if (!node_check_arity(n, 1, 1) || !node_check_dtype(n, 0, token_types)) return false;
    const ir_value *x = n->inputs[0];
    if (x->rank > 2) return diag_node(n, DIAG_INVALID, "X must be [C] or [B, C]");
    const ir_attr *pool = ir_node_attr(n, "pool_int64s"), *indexes = ir_node_attr(n, "ngram_indexes");
    if (!pool && ir_node_attr(n, "pool_strings"))
        return diag_node(n, DIAG_UNSUPPORTED, "string pools are not supported (dlc has no string tensors)");
    if (!pool || pool->type != IR_ATTR_INTS || !indexes || indexes->type != IR_ATTR_INTS || indexes->count == 0)
        return diag_node(n, DIAG_INVALID, "pool_int64s and ngram_indexes are required");
    const char *mode = attr_string(n, "mode", "");
    *p = (rt_tfidf_params){.rows = x->rank == 2 ? x->dims[0] : 1, .columns = x->rank ? x->dims[x->rank - 1] : 1,
                           .min_gram = attr_int(n, "min_gram_length", 0), .max_gram = attr_int(n, "max_gram_length", 0),
                           .max_skip = attr_int(n, "max_skip_count", 0),
                           .mode = strcmp(mode, "TF") == 0 ? RT_TFIDF_TF : strcmp(mode, "IDF") == 0 ? RT_TFIDF_IDF
                                                                                                    : RT_TFIDF_TFIDF,
                           .has_weights = ir_node_attr(n, "weights") != NULL};
    if (strcmp(mode, "TF") != 0 && strcmp(mode, "IDF") != 0 && strcmp(mode, "TFIDF") != 0)
        return diag_node(n, DIAG_INVALID, "mode must be TF, IDF or TFIDF, not '%s'", mode);
    if (p->min_gram < 1 || p->max_gram < p->min_gram || p->max_skip < 0)
        return diag_node(n, DIAG_INVALID, "needs 1 <= min_gram_length <= max_gram_length and max_skip_count >= 0");
    for (int i = 0; i < indexes->count; i++) {
        if (indexes->ints[i] < 0) return diag_node(n, DIAG_INVALID, "ngram_indexes[%d] is negative", i);
        if (indexes->ints[i] + 1 > p->output_size) p->output_size = indexes->ints[i] + 1;
    }
    const ir_attr *w = ir_node_attr(n, "weights");
    if (w && (w->type != IR_ATTR_FLOATS || w->count < p->output_size))
        return diag_node(n, DIAG_INVALID, "weights must hold one float per output column");
    return true;
}

static bool infer_tfidf(ir_node *n)
{
    rt_tfidf_params p = {0};
    if (!tfidf_params(n, &p)) return false;
    int64_t dims[2] = {p.rows, p.output_size};
    if (n->inputs[0]->rank == 2) node_set_output(n, 0, DT_FLOAT, 2, dims);
    else node_set_output(n, 0, DT_FLOAT, 1, &dims[1]);
    return true;
}

static bool lower_tfidf(ir_node *n, lir_program *c)
{
    rt_tfidf_params p = {0};
    if (!tfidf_params(n, &p)) return false;
    const ir_attr *pool = ir_node_attr(n, "pool_int64s"), *indexes = ir_node_attr(n, "ngram_indexes");
    const ir_attr *counts = ir_node_attr(n, "ngram_counts"), *w = ir_node_attr(n, "weights");
    if (!counts || counts->type != IR_ATTR_INTS) return diag_node(n, DIAG_INVALID, "ngram_counts is required");
    tfidf_trie t;
    if (!build_trie(n, pool, counts, p.min_gram, p.max_gram, &t)) return free(t.nodes), false;
    for (int64_t k = 0; k < t.count; k++)
        if (t.nodes[4 * k + 1] > indexes->count)
            return free(t.nodes), diag_node(n, DIAG_INVALID, "the pool has more n-grams than ngram_indexes");
    int64_t trie_dims[2] = {t.count, 4}, index_count = indexes->count, weight_count = p.output_size;
    ir_value *trie = lower_const(c, DT_INT64, 2, trie_dims, t.nodes);
    free(t.nodes);
    ir_value *index = lower_const(c, DT_INT64, 1, &index_count, indexes->ints);
    ir_value *weights = w ? lower_const(c, DT_FLOAT, 1, &weight_count, w->floats) : NULL;
    ir_value *x = n->inputs[0];
    if (x->dtype != DT_INT64) {
        ir_value *wide = lower_temp(c, DT_INT64, x->rank, x->dims);
        if (!lower_cast(c, n, x, wide)) return false;
        x = wide;
    }
    lir_call *k = lower_kernel(c, n, KERNEL_rt_tfidf_i64, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, trie);
    call_tensor(k, index);
    call_tensor(k, weights);
    call_tensor(k, n->outputs[0]);
    call_scratch(k, sizeof(int64_t) * (size_t)p.output_size);
    return true;
}

static const char *const tfidf_attrs[] = {"max_gram_length", "max_skip_count", "min_gram_length", "mode",
                                          "ngram_counts", "ngram_indexes", "pool_int64s", "pool_strings",
                                          "weights", NULL};

const op_def ops_text[] = {
    {"TfIdfVectorizer", "", tfidf_attrs, infer_tfidf, lower_tfidf},
    {0},
};
