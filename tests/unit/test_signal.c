/* The DFT, STFT and MelWeightMatrix kernels (runtime/signal.c) on what the
   official node cases leave out: odd lengths, a length above and below the
   axis (zero padding, cutting), complex input, lines between other axes,
   an inverse onesided transform of odd length; against C99 complex sums
   and round trips. The runtime file is included directly. */
#include <complex.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#pragma GCC diagnostic ignored "-Wunused-function"

static const double PI = 3.14159265358979323846;
#include "../../runtime/rt.h"
#include "../../runtime/signal.h"
#include "../../runtime/signal.c"

static double frand(unsigned *state)
{
    *state = *state * 1664525u + 1013904223u;
    return (double)(*state >> 8) / 16777216.0 - 0.5;
}

/* X [outer, in_len, inner, parts] against the textbook sum, any length. */
static void check_dft(int64_t outer, int64_t in_len, int64_t inner, int64_t parts, int64_t n, int inverse,
                      int onesided)
{
    unsigned seed = (unsigned)(outer * 131 + in_len * 17 + inner * 7 + parts + n * 3 + inverse);
    int64_t count = outer * in_len * inner * parts;
    double *x = malloc(sizeof *x * (size_t)count);
    for (int64_t i = 0; i < count; i++) x[i] = frand(&seed);
    rt_dft_params p = {.outer = outer, .inner = inner, .in_len = in_len, .in_parts = parts, .n = n,
                       .out_len = onesided && !inverse ? n / 2 + 1 : n, .out_parts = 2, .inverse = inverse};
    double *y = malloc(sizeof *y * (size_t)(outer * p.out_len * inner * 2));
    rt_dft_f64(&p, x, y);
    double sign = inverse ? 1.0 : -1.0, scale = inverse ? 1.0 / (double)n : 1.0;
    for (int64_t o = 0; o < outer; o++)
        for (int64_t i = 0; i < inner; i++)
            for (int64_t k = 0; k < p.out_len; k++) {
                double complex want = 0;
                for (int64_t m = 0; m < n && m < in_len; m++) {
                    const double *e = x + ((o * in_len + m) * inner + i) * parts;
                    double complex v = e[0] + (parts == 2 ? e[1] * I : 0);
                    want += v * cexp(sign * 2.0 * PI * I * (double)k * (double)m / (double)n);
                }
                want *= scale;
                const double *got = y + ((o * p.out_len + k) * inner + i) * 2;
                cr_assert(fabs(got[0] - creal(want)) < 1e-9 && fabs(got[1] - cimag(want)) < 1e-9,
                          "n %lld k %lld: (%g, %g), expected (%g, %g)", (long long)n, (long long)k, got[0], got[1],
                          creal(want), cimag(want));
            }
    free(x), free(y);
}

Test(signal, dft_matches_the_sum)
{
    check_dft(1, 1, 1, 1, 1, 0, 0);
    check_dft(2, 7, 3, 1, 7, 0, 0);  /* real, odd, lines between axes */
    check_dft(3, 5, 2, 2, 5, 1, 0);  /* complex inverse */
    check_dft(1, 6, 1, 1, 11, 0, 0); /* zero padded to a prime */
    check_dft(2, 13, 1, 2, 8, 0, 0); /* cut */
    check_dft(1, 9, 2, 1, 9, 0, 1);  /* onesided: 5 bins */
}

/* rfft then the onesided inverse gives the signal back, even and odd n. */
Test(signal, onesided_inverse_inverts_the_real_transform)
{
    int64_t lengths[] = {1, 2, 7, 10};
    for (int t = 0; t < 4; t++) {
        int64_t n = lengths[t], bins = n / 2 + 1, inner = 3;
        unsigned seed = (unsigned)n;
        double *x = malloc(sizeof *x * (size_t)(n * inner)), *spec = malloc(sizeof *spec * (size_t)(bins * inner * 2));
        double *back = malloc(sizeof *back * (size_t)(n * inner));
        for (int64_t i = 0; i < n * inner; i++) x[i] = frand(&seed);
        rt_dft_params f = {.outer = 1, .inner = inner, .in_len = n, .in_parts = 1, .n = n, .out_len = bins,
                           .out_parts = 2};
        rt_dft_f64(&f, x, spec);
        rt_dft_params b = {.outer = 1, .inner = inner, .in_len = bins, .in_parts = 2, .n = n, .out_len = n,
                           .out_parts = 1, .inverse = 1, .real_output = 1};
        rt_dft_f64(&b, spec, back);
        for (int64_t i = 0; i < n * inner; i++)
            cr_assert(fabs(back[i] - x[i]) < 1e-12, "n %lld: %g, expected %g", (long long)n, back[i], x[i]);
        free(x), free(spec), free(back);
    }
}

/* STFT frame f, bin k: the DFT of the windowed frame. */
Test(signal, stft_is_the_dft_of_windowed_frames)
{
    int64_t length = 29, frame = 7, step = 3, frames = (length - frame) / step + 1, bins = frame / 2 + 1;
    unsigned seed = 5;
    double x[2 * 29], w[7], y[2 * 8 * 4 * 2];
    for (int i = 0; i < 2 * 29; i++) x[i] = frand(&seed);
    for (int i = 0; i < 7; i++) w[i] = frand(&seed);
    rt_stft_params p = {.batch = 2, .length = length, .in_parts = 1, .step = step, .frame_length = frame,
                        .frames = frames, .bins = bins};
    rt_stft_f64(&p, x, w, y);
    for (int64_t b = 0; b < 2; b++)
        for (int64_t f = 0; f < frames; f++)
            for (int64_t k = 0; k < bins; k++) {
                double complex want = 0;
                for (int64_t m = 0; m < frame; m++)
                    want += x[b * length + f * step + m] * w[m] * cexp(-2.0 * PI * I * (double)(k * m) / (double)frame);
                const double *got = y + ((b * frames + f) * bins + k) * 2;
                cr_assert(fabs(got[0] - creal(want)) < 1e-12 && fabs(got[1] - cimag(want)) < 1e-12);
            }
}

/* Each filter rises to 1 at its centre bin and falls back to 0. */
Test(signal, mel_filters_are_triangles)
{
    rt_mel_params p = {.mel_bins = 5, .dft_length = 64, .sample_rate = 16000, .lower_hertz = 100,
                       .upper_hertz = 8000};
    double y[33 * 5];
    rt_mel_weight_matrix_f64(&p, y);
    for (int m = 0; m < 5; m++) {
        int peak = 0;
        for (int j = 0; j < 33; j++) {
            cr_assert(y[j * 5 + m] >= 0 && y[j * 5 + m] <= 1);
            if (y[j * 5 + m] > y[peak * 5 + m]) peak = j;
        }
        cr_assert_eq(y[peak * 5 + m], 1.0, "filter %d peaks at %g", m, y[peak * 5 + m]);
        for (int j = 1; j <= peak; j++) cr_assert(y[j * 5 + m] >= y[(j - 1) * 5 + m]);
        for (int j = peak + 1; j < 33; j++) cr_assert(y[j * 5 + m] <= y[(j - 1) * 5 + m]);
    }
}
