/* Kernels of the ai.onnx.ml domain: Binarizer and ArrayFeatureExtractor.
   Parameters: runtime/ml.h; lowering: ops/ml.c. */
#include "ml.h"

//@section rt_binarizer_macro
/* Binarizer for element type T: y = 1 where x > threshold, else 0 (NaN: 0). */
#define RT_BINARIZER(NAME, T)                                                                          \
    static void NAME(const rt_binarizer_params *p, const T *x, T *y)                                   \
    {                                                                                                  \
        for (int64_t i = 0; i < p->count; i++) y[i] = (double)x[i] > p->threshold ? (T)1 : (T)0;      \
    }
//@end

/* instances: f32 f64 i32 i64
   @kernel rt_binarizer_$s(rt_binarizer_params, x, y) needs rt_binarizer_macro
   RT_BINARIZER(rt_binarizer_$s, $t)
*/
//@kernel rt_binarizer_f32(rt_binarizer_params, x, y) needs rt_binarizer_macro
RT_BINARIZER(rt_binarizer_f32, float)
//@end
//@kernel rt_binarizer_f64(rt_binarizer_params, x, y) needs rt_binarizer_macro
RT_BINARIZER(rt_binarizer_f64, double)
//@end
//@kernel rt_binarizer_i32(rt_binarizer_params, x, y) needs rt_binarizer_macro
RT_BINARIZER(rt_binarizer_i32, int32_t)
//@end
//@kernel rt_binarizer_i64(rt_binarizer_params, x, y) needs rt_binarizer_macro
RT_BINARIZER(rt_binarizer_i64, int64_t)
//@end
/* end of instances */

//@kernel rt_feature_extractor(rt_feature_extractor_params, x, index, y)
/* A column index outside [-columns, columns) gives zeros (the reference
   raises). */
static void rt_feature_extractor(const rt_feature_extractor_params *p, const void *x, const int64_t *index, void *y)
{
    size_t size = (size_t)p->element_bytes;
    for (int64_t r = 0; r < p->rows; r++)
        for (int64_t k = 0; k < p->count; k++) {
            int64_t col = index[k] < 0 ? index[k] + p->columns : index[k];
            char *to = (char *)y + (size_t)(r * p->count + k) * size;
            if (col < 0 || col >= p->columns) memset(to, 0, size);
            else memcpy(to, (const char *)x + (size_t)(r * p->columns + col) * size, size);
        }
}
//@end
