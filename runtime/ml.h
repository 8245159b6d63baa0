/* Parameters of the ai.onnx.ml kernels (runtime/ml.c; lowering in
   ops/ml.c): Binarizer and ArrayFeatureExtractor. */
#ifndef DLC_RT_ML_H
#define DLC_RT_ML_H
#include "rt.h"

//@params rt_binarizer_params
typedef struct rt_binarizer_params {
    int64_t count;
    double threshold;
} rt_binarizer_params;
//@end

//@params rt_feature_extractor_params
/* x [rows, columns] (the last axis and all before it), picks [count]
   columns (int64, negative from the end) of every row: y [rows, count];
   element_bytes per element. */
typedef struct rt_feature_extractor_params {
    int64_t rows, columns, count, element_bytes;
} rt_feature_extractor_params;
//@end

#endif
