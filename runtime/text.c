/* Text-feature kernels: TfIdfVectorizer over int64 tokens, counting n-grams
   (with skips) found in a trie of the pool, as the ONNX reference does.
   Parameters: runtime/text.h; lowering: ops/text.c. */
#include "text.h"

//@section rt_tfidf_count needs rt_tfidf_modes
/* The child of trie node `node` with token `token`, or -1. */
RT_HELPER int64_t rt_tfidf_child(const int64_t *trie, int64_t node, int64_t token)
{
    for (int64_t k = trie[4 * node + 2]; k >= 0; k = trie[4 * k + 3])
        if (trie[4 * k] == token) return k;
    return -1;
}

/* Adds row x's n-gram counts to counts[output_size]: for each skip
   distance, from each start, the longest run of tokens skip apart that
   the trie holds, counting every n-gram of at least start_gram tokens on
   the way. Unigrams are counted at the first skip distance only. */
RT_HELPER void rt_tfidf_count(const rt_tfidf_params *p, const int64_t *x, const int64_t *trie,
                              const int64_t *ngram_indexes, int64_t *counts)
{
    int64_t start_gram = p->min_gram;
    for (int64_t skip = 1; skip <= p->max_skip + 1; skip++) {
        for (int64_t start = 0; start < p->columns; start++) {
            if (start + skip * (start_gram - 1) >= p->columns) break;
            int64_t node = 0, item = start;
            for (int64_t size = 1; trie[4 * node + 2] >= 0 && size <= p->max_gram && item < p->columns; size++) {
                node = rt_tfidf_child(trie, node, x[item]);
                if (node < 0) break;
                int64_t id = trie[4 * node + 1];
                if (size >= start_gram && id != 0) counts[ngram_indexes[id - 1]]++;
                item += skip;
            }
        }
        if (start_gram == 1) {
            start_gram = 2;
            if (start_gram > p->max_gram) break;
        }
    }
}
//@end

//@kernel rt_tfidf_i64(rt_tfidf_params, x, trie, ngram_indexes, weights, y, scratch) needs rt_tfidf_count
/* weights (or NULL) [output_size]; scratch: output_size int64 counts. */
static void rt_tfidf_i64(const rt_tfidf_params *p, const int64_t *x, const int64_t *trie, const int64_t *ngram_indexes,
                         const float *weights, float *y, void *scratch)
{
    int64_t *counts = (int64_t *)scratch;
    for (int64_t r = 0; r < p->rows; r++) {
        for (int64_t i = 0; i < p->output_size; i++) counts[i] = 0;
        if (p->columns > 0) rt_tfidf_count(p, x + r * p->columns, trie, ngram_indexes, counts);
        float *yr = y + r * p->output_size;
        for (int64_t i = 0; i < p->output_size; i++) {
            float w = p->has_weights ? weights[i] : 1.0f;
            if (p->mode == RT_TFIDF_TF) yr[i] = (float)counts[i];
            else if (p->mode == RT_TFIDF_IDF) yr[i] = counts[i] > 0 ? w : 0.0f;
            else yr[i] = p->has_weights ? w * (float)counts[i] : (float)counts[i];
        }
    }
}
//@end
