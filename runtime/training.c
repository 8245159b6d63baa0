/* Optimizer kernels: one step of Adagrad, Adam or Momentum (standard or
   Nesterov) on one float tensor, as the ONNX reference computes it: the
   learning rate adjusted from R and T in double, then each element in
   float. Parameters: runtime/training.h; lowering: ops/training.c. */
#include "training.h"

//@kernel rt_optimizer_f32(rt_optimizer_params, r, t, x, g, v, h, x_new, v_new, h_new) needs rt_optimizer_kinds
/* r: the learning rate (float scalar), t: the update count (int64 scalar).
   Adagrad uses h (not v), Momentum v (not h), Adam both; the unused ones
   are NULL. */
static void rt_optimizer_f32(const rt_optimizer_params *p, const float *r, const int64_t *t, const float *x,
                             const float *g, const float *v, const float *h, float *x_new, float *v_new, float *h_new)
{
    double steps = (double)t[0], rate = r[0];
    float norm = (float)p->norm_coefficient, eps = (float)p->epsilon;
    float alpha = (float)p->alpha, beta = (float)p->beta;
    if (p->kind == RT_OPTIMIZER_ADAGRAD) {
        float rate_now = (float)(rate / (1.0 + steps * p->decay_factor));
        for (int64_t i = 0; i < p->count; i++) {
            float gr = norm * x[i] + g[i], hn = h[i] + gr * gr;
            h_new[i] = hn;
            x_new[i] = x[i] - rate_now * gr / (sqrtf(hn) + eps);
        }
    } else if (p->kind == RT_OPTIMIZER_ADAM) {
        float rate_now = (float)(steps > 0 ? rate * sqrt(1.0 - pow(p->beta, steps)) / (1.0 - pow(p->alpha, steps)) : rate);
        float post = (float)(1.0 - p->norm_coefficient_post);
        for (int64_t i = 0; i < p->count; i++) {
            float gr = norm * x[i] + g[i];
            float vn = alpha * v[i] + (1.0f - alpha) * gr, hn = beta * h[i] + (1.0f - beta) * (gr * gr);
            v_new[i] = vn, h_new[i] = hn;
            x_new[i] = post * (x[i] - rate_now * (vn / (sqrtf(hn) + eps)));
        }
    } else {
        float beta_now = steps > 0 ? beta : 1.0f, rate_f = (float)rate;
        for (int64_t i = 0; i < p->count; i++) {
            float gr = norm * x[i] + g[i], vn = alpha * v[i] + beta_now * gr;
            v_new[i] = vn;
            x_new[i] = x[i] - rate_f * (p->kind == RT_OPTIMIZER_NESTEROV ? gr + alpha * vn : vn);
        }
    }
}
//@end
