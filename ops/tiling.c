/* The cost model of the blocked sgemm (runtime/gemm.c), Goto's: the loops
   run NC-column panels of B, then KC-deep slices, then MC-row blocks of A,
   then NR-column micro-panels, then MR-row micro-tiles.

   - KC is fixed (256): it decides where a sum is cut into partial sums,
     hence the rounding, and the layout of weights packed at compile time;
     results must not depend on the tuning.
   - An MC x KC block of A is reused by every micro-panel of the B slice:
     it is sized to fill at most half of L2, leaving the rest to the B
     micro-panels and C tiles streaming past it.
   - A KC x NC slice of B is reused by every A block: at most half of the
     core's share of L3.
   - Then both are balanced: a dimension that needs b blocks is cut into b
     nearly equal ones (rounded up to MR rows or 32 columns) rather than
     full blocks and a small remainder, which would pack and stream as much
     per block for less work.
   A conv's task packs the B panels of its output positions (kk x chunk
   floats); chunk keeps them within L2. */
#include "tiling.h"

static int64_t round_up(int64_t x, int64_t to) { return (x + to - 1) / to * to; }

/* Blocks of at most `most` (a multiple of `unit`) covering `extent`,
   balanced: the block size for the fewest blocks, as even as units allow. */
static int64_t balanced_block(int64_t extent, int64_t most, int64_t unit)
{
    if (extent <= 0) return most;
    int64_t blocks = (extent + most - 1) / most;
    return round_up((extent + blocks - 1) / blocks, unit);
}

rt_sgemm_blocking tiling_sgemm(const target_desc *t, int64_t m, int64_t n, int64_t k)
{
    (void)k; /* KC is fixed; a shallower product only leaves caches emptier */
    int64_t slice_bytes = RT_SGEMM_KC * (int64_t)sizeof(float);
    int64_t mc_most = t->l2_bytes / 2 / slice_bytes / RT_SGEMM_MR * RT_SGEMM_MR;
    int64_t nc_most = t->l3_bytes_per_core / 2 / slice_bytes / 32 * 32;
    if (mc_most < RT_SGEMM_MR) mc_most = RT_SGEMM_MR;
    if (nc_most < 32) nc_most = 32;
    rt_sgemm_blocking b = {balanced_block(m, mc_most, RT_SGEMM_MR), balanced_block(n, nc_most, 32)};
    return b;
}

int64_t tiling_conv_col_chunk(const target_desc *t, int64_t kk, int64_t out_size)
{
    int64_t chunk = round_up(t->l2_bytes / (int64_t)sizeof(float) / (kk > 0 ? kk : 1), 32);
    if (chunk < 32) chunk = 32;
    return chunk > out_size ? out_size : chunk;
}
