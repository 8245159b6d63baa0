/* Parameters of the linear-algebra kernels (runtime/linalg.c; lowering in
   ops/linalg.c): Det. */
#ifndef DLC_RT_LINALG_H
#define DLC_RT_LINALG_H
#include "rt.h"

//@params rt_det_params
/* Det: x viewed as [batch, n, n], y as [batch]; scratch holds n * n doubles. */
typedef struct rt_det_params {
    int64_t batch, n;
} rt_det_params;
//@end

#endif
