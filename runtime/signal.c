/* Signal kernels: the window functions of HannWindow, HammingWindow and
   BlackmanWindow (opset 17). Their size is a compile-time constant, so
   constant folding runs these kernels inside the compiler and the
   generated code holds the window as data. They compute in double, as the
   ONNX reference does (numpy), and write double; lowering casts to the
   op's output_datatype. Parameters: runtime/signal.h; lowering:
   ops/signal.c. */
#include "signal.h"

//@kernel rt_window_f64(rt_window_params, y) needs rt_window_kinds
static void rt_window_f64(const rt_window_params *p, double *y)
{
    const double pi = 3.14159265358979323846;
    for (int64_t i = 0; i < p->size; i++) {
        /* a symmetric window of one element divides 0 by 0, as the reference does */
        double t = 2.0 * pi * (double)i / (double)p->period;
        if (p->kind == RT_WINDOW_HANN) {
            double s = sin(pi * (double)i / (double)p->period);
            y[i] = s * s;
        } else if (p->kind == RT_WINDOW_HAMMING) {
            y[i] = 25.0 / 46.0 - (1.0 - 25.0 / 46.0) * cos(t);
        } else {
            /* summed in the reference's order: at exact values (1 at the
               centre) another order rounds to 0.9999999999999999 */
            y[i] = -0.5 * cos(t) + 0.08 * cos(2.0 * t) + 0.42;
        }
    }
}
//@end
