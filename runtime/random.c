/* The random generators. Number i of a node is a pure function of the
   node's key and i (splitmix64 of key + i: the counter-based scheme, so no
   state is kept between runs or threads): every run draws the same
   numbers, the generated code stays reentrant, and constant folding (a
   RandomUniform has no inputs) computes what the run would. Numbers are
   made in double and cast by lowering to the output type. Parameters:
   runtime/random.h; lowering: ops/random.c. */
#include "random.h"

//@section rt_random_uniform01 needs rt_random_distributions
/* A double uniform in [0, 1) from 53 bits of splitmix64(key + i). */
RT_HELPER double rt_random_uniform01(int64_t key, int64_t i)
{
    uint64_t z = (uint64_t)key + (uint64_t)i * 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}
//@end

//@kernel rt_random_f64(rt_random_params, y) needs rt_random_uniform01
/* Uniform or normal numbers (Box-Muller over numbers 2i and 2i + 1). */
static void rt_random_f64(const rt_random_params *p, double *y)
{
    const double two_pi = 6.28318530717958647692;
    for (int64_t i = 0; i < p->count; i++) {
        if (p->distribution == RT_RANDOM_NORMAL) {
            double u1 = rt_random_uniform01(p->key, 2 * i), u2 = rt_random_uniform01(p->key, 2 * i + 1);
            y[i] = p->a + p->b * sqrt(-2.0 * log(1.0 - u1)) * cos(two_pi * u2);
        } else {
            y[i] = p->a + (p->b - p->a) * rt_random_uniform01(p->key, i);
        }
    }
}
//@end

//@kernel rt_random_bernoulli_f64(rt_random_params, probability, y) needs rt_random_uniform01
/* y[i] = 1 with probability probability[i], else 0. */
static void rt_random_bernoulli_f64(const rt_random_params *p, const double *probability, double *y)
{
    for (int64_t i = 0; i < p->count; i++) y[i] = rt_random_uniform01(p->key, i) < probability[i] ? 1.0 : 0.0;
}
//@end
