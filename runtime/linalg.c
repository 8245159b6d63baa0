/* Linear-algebra kernels: Det, the determinant of each square matrix of a
   batch. Gaussian elimination with partial pivoting (the LU factorisation
   numpy's det uses, through LAPACK) in double on a scratch copy; the
   determinant is the product of the pivots, negated once per row swap.
   Parameters: runtime/linalg.h; lowering: ops/linalg.c. */
#include "linalg.h"

//@section rt_la_det
/* The determinant of the n x n matrix a (row-major, overwritten). */
RT_HELPER double rt_la_det(double *a, int64_t n)
{
    double det = 1.0;
    for (int64_t k = 0; k < n; k++) {
        int64_t piv = k;
        for (int64_t i = k + 1; i < n; i++)
            if (fabs(a[i * n + k]) > fabs(a[piv * n + k])) piv = i;
        if (a[piv * n + k] == 0.0) return 0.0; /* singular */
        if (piv != k) {
            for (int64_t j = k; j < n; j++) {
                double t = a[k * n + j];
                a[k * n + j] = a[piv * n + j];
                a[piv * n + j] = t;
            }
            det = -det;
        }
        double p = a[k * n + k];
        det *= p;
        for (int64_t i = k + 1; i < n; i++) {
            double f = a[i * n + k] / p;
            for (int64_t j = k + 1; j < n; j++) a[i * n + j] -= f * a[k * n + j];
        }
    }
    return det;
}

/* Det (rt_det_params) for element type T read by LOAD and written by STORE. */
#define RT_LA_DET(name, T, LOAD, STORE)                                            \
    static void name(const rt_det_params *p, const T *x, T *y, void *scratch)     \
    {                                                                              \
        double *a = (double *)scratch;                                             \
        int64_t nn = p->n * p->n;                                                  \
        for (int64_t b = 0; b < p->batch; b++) {                                   \
            for (int64_t i = 0; i < nn; i++) a[i] = LOAD(x[b * nn + i]);           \
            y[b] = STORE(rt_la_det(a, p->n));                                      \
        }                                                                          \
    }
#define RT_LA_STORE_F16(v) rt_f32_to_f16((float)(v))
#define RT_LA_STORE_BF16(v) rt_f32_to_bf16((float)(v))
//@end

//@kernel rt_det_f32(rt_det_params, x, y, scratch) needs rt_la_det
RT_LA_DET(rt_det_f32, float, RT_ID, (float))
//@end
//@kernel rt_det_f64(rt_det_params, x, y, scratch) needs rt_la_det
RT_LA_DET(rt_det_f64, double, RT_ID, RT_ID)
//@end
//@kernel rt_det_f16(rt_det_params, x, y, scratch) needs rt_la_det rt_half
RT_LA_DET(rt_det_f16, uint16_t, rt_f16_to_f32, RT_LA_STORE_F16)
//@end
//@kernel rt_det_bf16(rt_det_params, x, y, scratch) needs rt_la_det rt_half
RT_LA_DET(rt_det_bf16, uint16_t, rt_bf16_to_f32, RT_LA_STORE_BF16)
//@end
