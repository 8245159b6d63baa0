/* Parameters of the random generators (runtime/random.c; lowering in
   ops/random.c): RandomUniform, RandomNormal, their -Like forms and
   Bernoulli. */
#ifndef DLC_RT_RANDOM_H
#define DLC_RT_RANDOM_H
#include "rt.h"

//@section rt_random_distributions
enum rt_random_distribution { RT_RANDOM_UNIFORM, RT_RANDOM_NORMAL, RT_RANDOM_BERNOULLI };
//@end

//@params rt_random_params needs rt_random_distributions
/* count numbers of one distribution: uniform in [a, b), normal of mean a
   and standard deviation b, or Bernoulli (1 with the probability the input
   gives, else 0). Number i depends only on key and i. */
typedef struct rt_random_params {
    int64_t count;
    int64_t distribution;               /* enum rt_random_distribution */
    int64_t key;                        /* from the seed attribute, or the node */
    double a, b;
} rt_random_params;
//@end

#endif
