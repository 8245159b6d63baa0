/* The cost model of the sgemm block sizes (ops/tiling.c) over the target
   descriptions (backend/target.c): the rules its header comment states,
   worked out by hand for each target. */
#include <criterion/criterion.h>

#include "backend/target.h"
#include "ops/tiling.h"

static void expect_blocks(const char *target, int64_t m, int64_t n, int64_t k, int64_t mc, int64_t nc)
{
    const target_desc *t = target_find(target);
    cr_assert_not_null(t, "%s", target);
    rt_sgemm_blocking b = tiling_sgemm(t, m, n, k);
    cr_expect(b.mc == mc && b.nc == nc, "%s, %lldx%lldx%lld: blocks %lldx%lld, expected %lldx%lld", target,
              (long long)m, (long long)n, (long long)k, (long long)b.mc, (long long)b.nc, (long long)mc,
              (long long)nc);
}

/* AVX-512 (L2 1 MiB, L3 4 MiB a core): at most 510 rows (half of L2 over a
   256-float slice, a multiple of 6) and 2048 columns (half of the L3 share);
   AVX2 and generic (256 KiB, 2 MiB): 126 rows, 1024 columns. */
Test(tiling, blocks_fit_the_caches_and_are_balanced)
{
    expect_blocks("avx512", 1, 1, 1, 6, 32);          /* one micro-tile */
    expect_blocks("avx512", 510, 2048, 4096, 510, 2048);
    expect_blocks("avx512", 511, 2049, 64, 258, 1056); /* two blocks each way: 256 -> 258, 1025 -> 1056 */
    expect_blocks("avx512", 1000, 3136, 576, 504, 1568);
    expect_blocks("avx2", 1000, 3136, 576, 126, 800);  /* 8 blocks of 125 rows, 4 of 784 columns */
    expect_blocks("generic", 64, 49, 2048, 66, 64);
    expect_blocks("avx2", 127, 1025, 9, 66, 544);
}

/* A conv task's packed B panels (kk x chunk floats) within L2: 256 Ki
   floats on AVX-512, 64 Ki on AVX2; a multiple of 32, at least 32, at most
   the positions. */
Test(tiling, conv_tasks_fit_l2)
{
    cr_expect_eq(tiling_conv_col_chunk(target_find("avx512"), 576, 3136), 480); /* 455.1 -> 480 */
    cr_expect_eq(tiling_conv_col_chunk(target_find("avx2"), 576, 3136), 128);   /* 113.8 -> 128 */
    cr_expect_eq(tiling_conv_col_chunk(target_find("avx512"), 100000, 3136), 32);
    cr_expect_eq(tiling_conv_col_chunk(target_find("avx512"), 3, 49), 49);
}

Test(tiling, unknown_target_is_null_and_host_is_one_of_them)
{
    cr_assert_null(target_find("pentium"));
    const target_desc *h = target_find("host");
    cr_assert(h == target_find("avx512") || h == target_find("avx2") || h == target_find("generic"));
}
