/* Parameters of the text-feature kernels (runtime/text.c; lowering in
   ops/text.c): TfIdfVectorizer over integer tokens. */
#ifndef DLC_RT_TEXT_H
#define DLC_RT_TEXT_H
#include "rt.h"

//@section rt_tfidf_modes
enum rt_tfidf_mode { RT_TFIDF_TF, RT_TFIDF_IDF, RT_TFIDF_TFIDF };
//@end

//@params rt_tfidf_params needs rt_tfidf_modes
/* rows of columns tokens each into rows x output_size weights. The n-gram
   pool is a trie built at compile time: node k (0 the root) is
   trie[4k .. 4k+3] = token, n-gram id (0: none; id i counts into column
   ngram_indexes[i - 1]), first child, next sibling (-1: none). */
typedef struct rt_tfidf_params {
    int64_t rows, columns, output_size;
    int64_t min_gram, max_gram, max_skip;
    int64_t mode;                       /* enum rt_tfidf_mode */
    int64_t has_weights;
} rt_tfidf_params;
//@end

#endif
