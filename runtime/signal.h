/* Parameters of the signal kernels (runtime/signal.c; lowering in
   ops/signal.c): the window functions HannWindow, HammingWindow and
   BlackmanWindow, DFT, STFT and MelWeightMatrix. */
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

//@params rt_dft_params
/* A DFT along one axis of x, seen as [outer, in_len, inner, in_parts]
   (in_parts 1: real, 2: real and imaginary), into y [outer, out_len,
   inner, out_parts], length n: the input zero-padded or cut to n.
   Forward: out_len n, or n/2 + 1 (onesided). Inverse: scaled by 1/n;
   real_output (onesided inverse) takes the first n/2 + 1 bins as one half
   of a Hermitian spectrum and writes its real signal, out_parts 1. */
typedef struct rt_dft_params {
    int64_t outer, inner;
    int64_t in_len, in_parts;
    int64_t n, out_len, out_parts;
    int64_t inverse, real_output;
} rt_dft_params;
//@end

//@params rt_stft_params
/* STFT of x [batch, length, in_parts]: frame f is x[f*step .. f*step +
   frame_length) times the window (all ones without one), transformed
   with n = frame_length into y [batch, frames, bins, 2] (bins n/2 + 1
   when onesided, else n). */
typedef struct rt_stft_params {
    int64_t batch, length, in_parts;
    int64_t step, frame_length, frames, bins;
} rt_stft_params;
//@end

//@params rt_mel_params
/* MelWeightMatrix [dft_length/2 + 1, mel_bins] of triangular filters, as
   the ONNX reference computes it. */
typedef struct rt_mel_params {
    int64_t mel_bins, dft_length, sample_rate;
    double lower_hertz, upper_hertz;
} rt_mel_params;
//@end

#endif
