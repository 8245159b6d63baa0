/* Streaming-state kernels: CausalConvWithState (opset 27) and
   TensorScatter (24). Parameters: runtime/streaming.h; lowering:
   ops/streaming.c. */
#include "streaming.h"
#include "epilogue.h"

//@kernel rt_causal_conv_f32(rt_causal_conv_params, x, w, bias, state, y, new_state) needs rt_epilogue
/* bias (or NULL) [channels]; state (or NULL: zeros) and new_state [batch,
   channels, kernel - 1]. Column t of y sums w[j] * padded[t + j], padded =
   state ++ x. */
static void rt_causal_conv_f32(const rt_causal_conv_params *p, const float *x, const float *w, const float *bias,
                               const float *state, float *y, float *new_state)
{
    int64_t k = p->kernel, keep = k - 1, len = p->length;
    for (int64_t b = 0; b < p->batch; b++)
        for (int64_t c = 0; c < p->channels; c++) {
            const float *xc = x + (b * p->channels + c) * len, *wc = w + c * k;
            const float *sc = state ? state + (b * p->channels + c) * keep : NULL;
            float *yc = y + (b * p->channels + c) * len;
            for (int64_t t = 0; t < len; t++) {
                float acc = bias ? bias[c] : 0.0f;
                for (int64_t j = 0; j < k; j++) {
                    int64_t at = t + j - keep; /* index into x; negative: the state */
                    float v = at >= 0 ? xc[at] : sc ? sc[keep + at] : 0.0f;
                    acc += wc[j] * v;
                }
                yc[t] = acc;
            }
            rt_activation_f32(yc, len, p->activation, 0.0f, 0.0f);
            float *nc = new_state + (b * p->channels + c) * keep;
            for (int64_t s = 0; s < keep; s++) {
                int64_t at = len + s - keep;
                nc[s] = at >= 0 ? xc[at] : sc ? sc[keep + at] : 0.0f;
            }
        }
}
//@end

//@kernel rt_tensor_scatter(rt_tensor_scatter_params, past, update, index, present)
/* Any element type (element_bytes each); index (or NULL: zeros) int64
   [batch]. Lowering checks that linear writes stay inside. */
static void rt_tensor_scatter(const rt_tensor_scatter_params *p, const void *past, const void *update,
                              const int64_t *index, void *present)
{
    size_t row = (size_t)(p->inner * p->element_bytes);
    if (present != past) memcpy(present, past, row * (size_t)(p->outer * p->max_rows));
    for (int64_t o = 0; o < p->outer; o++) {
        int64_t start = index ? index[o / p->per_batch] : 0;
        for (int64_t r = 0; r < p->rows; r++) {
            int64_t at = start + r;
            if (p->circular) at = ((at % p->max_rows) + p->max_rows) % p->max_rows;
            if (at < 0 || at >= p->max_rows) continue; /* out of range: nothing written */
            memcpy((char *)present + (size_t)(o * p->max_rows + at) * row,
                   (const char *)update + (size_t)(o * p->rows + r) * row, row);
        }
    }
}
//@end
