/* The random generators (runtime/random.c): the statistics of 200,000
   numbers of each distribution against the distribution's (the bounds are
   five standard errors or more, so a correct generator fails with
   negligible probability, and the draws are fixed by the key anyway), and
   the counter-based scheme: the same key gives the same numbers, another
   key others. The runtime file is included directly. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#pragma GCC diagnostic ignored "-Wunused-function"
#include "../../runtime/rt.h"
#include "../../runtime/random.h"
#include "../../runtime/random.c"

enum { COUNT = 200000 };

static double *draw(int64_t distribution, int64_t key, double a, double b)
{
    double *y = malloc(sizeof *y * COUNT);
    rt_random_params p = {.count = COUNT, .distribution = distribution, .key = key, .a = a, .b = b};
    rt_random_f64(&p, y);
    return y;
}

static void moments(const double *y, double *mean, double *variance)
{
    double s = 0, s2 = 0;
    for (int i = 0; i < COUNT; i++) s += y[i];
    *mean = s / COUNT;
    for (int i = 0; i < COUNT; i++) s2 += (y[i] - *mean) * (y[i] - *mean);
    *variance = s2 / COUNT;
}

Test(random, uniform_stays_in_range_with_uniform_moments)
{
    double *y = draw(RT_RANDOM_UNIFORM, 7, -2.0, 3.0), mean, variance;
    for (int i = 0; i < COUNT; i++) cr_assert(y[i] >= -2.0 && y[i] < 3.0, "y[%d] = %g", i, y[i]);
    moments(y, &mean, &variance);
    /* mean 0.5, variance 25/12; standard error of the mean 0.0032 */
    cr_expect(fabs(mean - 0.5) < 0.02, "mean %g", mean);
    cr_expect(fabs(variance - 25.0 / 12.0) < 0.03, "variance %g", variance);
    int bins[10] = {0};
    for (int i = 0; i < COUNT; i++) bins[(int)((y[i] + 2.0) / 0.5)]++;
    for (int b = 0; b < 10; b++) cr_expect(abs(bins[b] - COUNT / 10) < 700, "bin %d holds %d", b, bins[b]);
    free(y);
}

Test(random, normal_has_its_mean_and_deviation)
{
    double *y = draw(RT_RANDOM_NORMAL, 11, 1.5, 0.25), mean, variance;
    moments(y, &mean, &variance);
    cr_expect(fabs(mean - 1.5) < 0.003, "mean %g", mean);
    cr_expect(fabs(sqrt(variance) - 0.25) < 0.003, "deviation %g", sqrt(variance));
    int within = 0; /* 68.27% within one deviation */
    for (int i = 0; i < COUNT; i++) within += fabs(y[i] - 1.5) < 0.25;
    cr_expect(fabs((double)within / COUNT - 0.6827) < 0.006, "%d within one deviation", within);
    for (int i = 0; i < COUNT; i++) cr_assert(isfinite(y[i]));
    free(y);
}

Test(random, bernoulli_follows_each_probability)
{
    double *prob = malloc(sizeof *prob * COUNT), *y = malloc(sizeof *y * COUNT);
    for (int i = 0; i < COUNT; i++) prob[i] = i % 2 ? 0.9 : 0.0; /* odd: 0.9, even: never */
    rt_random_params p = {.count = COUNT, .distribution = RT_RANDOM_BERNOULLI, .key = 3};
    rt_random_bernoulli_f64(&p, prob, y);
    int ones = 0;
    for (int i = 0; i < COUNT; i++) {
        cr_assert(y[i] == 0.0 || y[i] == 1.0);
        if (i % 2 == 0) cr_assert_eq(y[i], 0.0, "probability 0 drew a 1 at %d", i);
        else ones += y[i] == 1.0;
    }
    cr_expect(fabs((double)ones / (COUNT / 2) - 0.9) < 0.005, "%d ones of %d", ones, COUNT / 2);
    free(prob), free(y);
}

Test(random, numbers_depend_only_on_key_and_index)
{
    double *a = draw(RT_RANDOM_UNIFORM, 42, 0, 1), *b = draw(RT_RANDOM_UNIFORM, 42, 0, 1);
    double *c = draw(RT_RANDOM_UNIFORM, 43, 0, 1);
    int same = 0;
    for (int i = 0; i < COUNT; i++) {
        cr_assert_eq(a[i], b[i]);
        same += a[i] == c[i];
    }
    cr_expect_lt(same, 10, "another key repeats %d numbers", same);
    cr_assert_eq(a[1000], rt_random_uniform01(42, 1000), "number i is the generator's i-th");
    free(a), free(b), free(c);
}
