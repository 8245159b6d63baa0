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

//@section rt_dft_twiddle
/* e^(sign * 2 pi i k m / n) as (re, im): k m is reduced mod n first, so the
   angle is exact to the last bit of 2 pi j / n. */
RT_HELPER void rt_dft_twiddle(int64_t k, int64_t m, int64_t n, double sign, double *re, double *im)
{
    const double two_pi = 6.28318530717958647692;
    double angle = sign * two_pi * (double)((k % n) * (m % n) % n) / (double)n;
    *re = cos(angle);
    *im = sin(angle);
}
//@end

//@kernel rt_dft_f64(rt_dft_params, x, y) needs rt_dft_twiddle
/* The direct sum, O(n^2) per line, in double (the ONNX reference is numpy's
   FFT in double). */
static void rt_dft_f64(const rt_dft_params *p, const double *x, double *y)
{
    int64_t n = p->n, used = p->in_len < n ? p->in_len : n;
    double sign = p->inverse ? 1.0 : -1.0, scale = p->inverse ? 1.0 / (double)n : 1.0;
    int64_t half = n / 2 + 1, bins = p->in_len < half ? p->in_len : half;
    for (int64_t o = 0; o < p->outer; o++)
        for (int64_t i = 0; i < p->inner; i++) {
            const double *line = x + o * p->in_len * p->inner * p->in_parts + i * p->in_parts;
            int64_t stride = p->inner * p->in_parts;
            for (int64_t k = 0; k < p->out_len; k++) {
                double re = 0, im = 0;
                if (p->real_output) {
                    /* bin j < n/2 + 1 stands for j and n - j (conjugate) */
                    for (int64_t j = 0; j < bins; j++) {
                        double c, s, xr = line[j * stride], xi = p->in_parts == 2 ? line[j * stride + 1] : 0.0;
                        rt_dft_twiddle(j, k, n, 1.0, &c, &s);
                        double term = xr * c - xi * s;
                        re += (j == 0 || 2 * j == n) ? term : 2.0 * term;
                    }
                } else {
                    for (int64_t m = 0; m < used; m++) {
                        double c, s, xr = line[m * stride], xi = p->in_parts == 2 ? line[m * stride + 1] : 0.0;
                        rt_dft_twiddle(k, m, n, sign, &c, &s);
                        re += xr * c - xi * s;
                        im += xr * s + xi * c;
                    }
                }
                double *out = y + ((o * p->out_len + k) * p->inner + i) * p->out_parts;
                out[0] = re * scale;
                if (p->out_parts == 2) out[1] = im * scale;
            }
        }
}
//@end

//@kernel rt_stft_f64(rt_stft_params, x, window, y) needs rt_dft_twiddle
/* window may be NULL (all ones). */
static void rt_stft_f64(const rt_stft_params *p, const double *x, const double *window, double *y)
{
    int64_t n = p->frame_length;
    for (int64_t b = 0; b < p->batch; b++)
        for (int64_t f = 0; f < p->frames; f++) {
            const double *frame = x + (b * p->length + f * p->step) * p->in_parts;
            for (int64_t k = 0; k < p->bins; k++) {
                double re = 0, im = 0;
                for (int64_t m = 0; m < n; m++) {
                    double w = window ? window[m] : 1.0, c, s;
                    double xr = frame[m * p->in_parts] * w, xi = p->in_parts == 2 ? frame[m * 2 + 1] * w : 0.0;
                    rt_dft_twiddle(k, m, n, -1.0, &c, &s);
                    re += xr * c - xi * s;
                    im += xr * s + xi * c;
                }
                double *out = y + ((b * p->frames + f) * p->bins + k) * 2;
                out[0] = re, out[1] = im;
            }
        }
}
//@end

//@kernel rt_mel_weight_matrix_f64(rt_mel_params, y)
/* The reference's steps: mel_bins + 2 edges evenly spaced in mel (the step
   divides by mel_bins + 2, as the reference does), back to hertz, to FFT
   bins by floor((dft_length + 1) * hz / sample_rate); rising then falling
   ramps between neighbouring edges. */
static void rt_mel_weight_matrix_f64(const rt_mel_params *p, double *y)
{
    int64_t bins = p->dft_length / 2 + 1, edges = p->mel_bins + 2;
    for (int64_t i = 0; i < bins * p->mel_bins; i++) y[i] = 0.0;
    double low = 2595.0 * log10(1.0 + p->lower_hertz / 700.0);
    double high = 2595.0 * log10(1.0 + p->upper_hertz / 700.0);
    double step = (high - low) / (double)edges;
    for (int64_t m = 0; m < p->mel_bins; m++) {
        int64_t e[3];
        for (int t = 0; t < 3; t++) {
            double hz = 700.0 * (pow(10.0, ((double)(m + t) * step + low) / 2595.0) - 1.0);
            e[t] = (int64_t)floor((double)(p->dft_length + 1) * hz / (double)p->sample_rate);
        }
        for (int t = 0; t < 3; t++) e[t] = e[t] < 0 ? 0 : e[t] >= bins ? bins - 1 : e[t];
        if (e[1] == e[0]) y[e[1] * p->mel_bins + m] = 1.0;
        else
            for (int64_t j = e[0]; j <= e[1]; j++) y[j * p->mel_bins + m] = (double)(j - e[0]) / (double)(e[1] - e[0]);
        if (e[2] > e[1])
            for (int64_t j = e[1]; j < e[2]; j++) y[j * p->mel_bins + m] = (double)(e[2] - j) / (double)(e[2] - e[1]);
    }
}
//@end
