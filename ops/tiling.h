/* The cost model behind the block sizes of the sgemm-based kernels (Gemm,
   MatMul, Conv): per layer, from its shape and the target description
   (backend/target.h). */
#ifndef DLC_TILING_H
#define DLC_TILING_H

#include "backend/target.h"
#include "runtime/gemm.h"

/* MC and NC for an m x n x k product (runtime/gemm.h, rt_sgemm_blocking). */
rt_sgemm_blocking tiling_sgemm(const target_desc *t, int64_t m, int64_t n, int64_t k);
/* Output positions per task of an sgemm conv with kk rows per column and
   out_size positions (rt_conv_params.col_chunk). */
int64_t tiling_conv_col_chunk(const target_desc *t, int64_t kk, int64_t out_size);

#endif
