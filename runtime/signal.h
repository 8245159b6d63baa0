/* Parameters of the signal kernels (runtime/signal.c; lowering in
   ops/signal.c): the window functions HannWindow, HammingWindow and
   BlackmanWindow. */
#ifndef DLC_RT_SIGNAL_H
#define DLC_RT_SIGNAL_H
#include "rt.h"

//@section rt_window_kinds
/* Which window rt_window computes. */
enum rt_window_kind { RT_WINDOW_HANN, RT_WINDOW_HAMMING, RT_WINDOW_BLACKMAN };
//@end

//@params rt_window_params
/* A window of size elements: element i is the window's value at
   i / period, period = size (periodic) or size - 1 (symmetric). */
typedef struct rt_window_params {
    int64_t kind;                       /* enum rt_window_kind */
    int64_t size;
    int64_t period;
} rt_window_params;
//@end

#endif
