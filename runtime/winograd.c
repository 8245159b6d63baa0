/* Winograd convolution F(4x4, 3x3), float (see runtime/winograd.h): the
   input and output transforms, and the kernel that joins them with the
   sgemm micro-kernel of runtime/gemm.c.

   A task is a block of tiles of one image (and, when there are fewer
   blocks than threads, a group of output channels): it transforms the
   input under its tiles into the packed-B panels of 36 products, then, for
   RT_WINOGRAD_ROWS output channels at a time, runs the 36 products with the
   weights transformed at compile time (packed-A layout) and transforms the
   results back, applying the fused epilogue before the store. The
   transforms work on 16 tiles at a time, one tile per vector lane (the
   loops over `l` are what gcc and clang vectorise, with gathers where the
   target has them). */
#include "winograd.h"

//@section rt_winograd_transforms
#if defined(__AVX512F__)
#include <immintrin.h>
#endif
/* V = B^T d B for 16 tiles of one channel: lane l's 6x6 patch d starts at
   xp + off[l] (row stride `stride`); v[xi * xi_stride + l] for the 36
   xi = 6*i + j. B^T (Lavin and Gray's points 0, +-1, +-2) is applied to
   the columns, then to the rows of the result, as
     r0 = 4 d0 - 5 d2 + d4,            r5 = 4 d1 - 5 d3 + d5,
     r1, r2 = (d4 - 4 d2) +- (d3 - 4 d1),
     r3, r4 = (d4 - d2) +- 2 (d3 - d1). */
RT_HELPER void rt_winograd_input16(const float *xp, int64_t stride, const int32_t *off, float *v, int64_t xi_stride)
{
    float t[6][6][16]; /* t[i][j] = (B^T d)[i][j] */
#if defined(__AVX512F__)
    const __m512i offv = _mm512_loadu_si512((const void *)off);
#endif
    for (int64_t j = 0; j < 6; j++) {
        float d[6][16];
        for (int64_t r = 0; r < 6; r++) {
            const float *src = xp + r * stride + j;
#if defined(__AVX512F__)
            /* gcc builds the gather from scalar loads otherwise */
            _mm512_storeu_ps(d[r], _mm512_i32gather_ps(offv, src, 4));
#else
            for (int l = 0; l < 16; l++) d[r][l] = src[off[l]];
#endif
        }
        for (int l = 0; l < 16; l++) {
            float a = d[4][l] - 4.0f * d[2][l], b = d[3][l] - 4.0f * d[1][l];
            float c = d[4][l] - d[2][l], e = 2.0f * (d[3][l] - d[1][l]);
            t[0][j][l] = 4.0f * d[0][l] - 5.0f * d[2][l] + d[4][l];
            t[1][j][l] = a + b;
            t[2][j][l] = a - b;
            t[3][j][l] = c + e;
            t[4][j][l] = c - e;
            t[5][j][l] = 4.0f * d[1][l] - 5.0f * d[3][l] + d[5][l];
        }
    }
    for (int64_t i = 0; i < 6; i++) {
        const float(*r)[16] = t[i];
        float w[6][16]; /* then copied out: stores through v at a run-time stride would stay scalar */
        for (int l = 0; l < 16; l++) {
            float a = r[4][l] - 4.0f * r[2][l], b = r[3][l] - 4.0f * r[1][l];
            float c = r[4][l] - r[2][l], e = 2.0f * (r[3][l] - r[1][l]);
            w[0][l] = 4.0f * r[0][l] - 5.0f * r[2][l] + r[4][l];
            w[1][l] = a + b;
            w[2][l] = a - b;
            w[3][l] = c + e;
            w[4][l] = c - e;
            w[5][l] = 4.0f * r[1][l] - 5.0f * r[3][l] + r[5][l];
        }
        for (int64_t jj = 0; jj < 6; jj++) memcpy(v + (6 * i + jj) * xi_stride, w[jj], sizeof w[jj]);
    }
}

/* Y = A^T M A for 16 tiles of one output channel: m[xi * xi_stride + l]
   holds lane l's 36 products; o[4*i + j][l] gets output (i, j) of its
   4x4 tile. A^T, applied to the columns then the rows:
     y0 = m0 + (m1 + m2) + (m3 + m4),   y1 = (m1 - m2) + 2 (m3 - m4),
     y2 = (m1 + m2) + 4 (m3 + m4),      y3 = (m1 - m2) + 8 (m3 - m4) + m5. */
RT_HELPER void rt_winograd_output16(const float *m, int64_t xi_stride, float o[16][16])
{
    float t[4][6][16]; /* t[i][j] = (A^T M)[i][j] */
    for (int64_t j = 0; j < 6; j++) {
        float mj[6][16]; /* copied in: o might alias m as far as the compiler knows */
        for (int64_t i = 0; i < 6; i++) memcpy(mj[i], m + (6 * i + j) * xi_stride, sizeof mj[i]);
        for (int l = 0; l < 16; l++) {
            float m0 = mj[0][l], m1 = mj[1][l], m2 = mj[2][l], m3 = mj[3][l], m4 = mj[4][l], m5 = mj[5][l];
            float p12 = m1 + m2, d12 = m1 - m2, p34 = m3 + m4, d34 = m3 - m4;
            t[0][j][l] = m0 + p12 + p34;
            t[1][j][l] = d12 + 2.0f * d34;
            t[2][j][l] = p12 + 4.0f * p34;
            t[3][j][l] = d12 + 8.0f * d34 + m5;
        }
    }
    for (int64_t i = 0; i < 4; i++) {
        const float(*r)[16] = t[i];
        for (int l = 0; l < 16; l++) {
            float p12 = r[1][l] + r[2][l], d12 = r[1][l] - r[2][l];
            float p34 = r[3][l] + r[4][l], d34 = r[3][l] - r[4][l];
            o[4 * i][l] = r[0][l] + p12 + p34;
            o[4 * i + 1][l] = d12 + 2.0f * d34;
            o[4 * i + 2][l] = p12 + 4.0f * p34;
            o[4 * i + 3][l] = d12 + 8.0f * d34 + r[5][l];
        }
    }
}
//@end

//@section rt_winograd_conv needs rt_winograd_layout rt_winograd_transforms rt_sgemm rt_conv_pad_input rt_parallel
/* The largest tile_block: the per-task lane tables live on the stack
   (lowering passes 32). */
#define RT_WINOGRAD_MAX_BLOCK 64

typedef struct rt_winograd_job {
    const rt_winograd_params *p;
    rt_winograd_layout l;
    const float *xp, *u, *bias, *residual; /* xp: the padded planes */
    float *y, *work;
    int64_t blocks;                         /* tile blocks per image, of sizes within one of each other */
    int64_t groups, group_rows;             /* output channels: groups of group_rows (a multiple of MR) */
    int64_t per_thread;                     /* floats of work per thread */
} rt_winograd_job;

/* Output channel k, lanes [0, n) of a 16-tile group: the epilogue, then
   the valid part of each 4x4 tile to y (the channel's plane). */
RT_HELPER void rt_winograd_store16(const rt_winograd_params *p, float o[16][16], int64_t n, const int32_t *out_off,
                                   const int32_t *out_rows, const int32_t *out_cols, float bias,
                                   const float *residual, float *y)
{
    int64_t ow = p->out_w;
    for (int q = 0; q < 16; q++)
        for (int l = 0; l < 16; l++) o[q][l] += bias;
    if (residual)
        for (int64_t l = 0; l < n; l++)
            for (int32_t i = 0; i < out_rows[l]; i++)
                for (int32_t jj = 0; jj < out_cols[l]; jj++) o[4 * i + jj][l] += residual[out_off[l] + i * ow + jj];
    if (p->activation != RT_ACT_NONE) rt_activation_f32(&o[0][0], 256, p->activation, p->activation_alpha, p->activation_beta);
    for (int64_t l = 0; l < n; l++) {
        float *yl = y + out_off[l];
        if (out_rows[l] == 4 && out_cols[l] == 4) {
            for (int i = 0; i < 4; i++)
                for (int jj = 0; jj < 4; jj++) yl[i * ow + jj] = o[4 * i + jj][l];
        } else {
            for (int32_t i = 0; i < out_rows[l]; i++)
                for (int32_t jj = 0; jj < out_cols[l]; jj++) yl[i * ow + jj] = o[4 * i + jj][l];
        }
    }
}

static void rt_winograd_task(void *ctx, int64_t task, int thread)
{
    const rt_winograd_job *j = (const rt_winograd_job *)ctx;
    const rt_winograd_params *p = j->p;
    const rt_winograd_layout *l = &j->l;
    int64_t cn = p->in_channels, kn = p->out_channels, tb = p->tile_block, mpad = RT_SGEMM_MPAD(kn);
    int64_t gi = task % j->groups, bi = task / j->groups % j->blocks, n = task / j->groups / j->blocks;
    int64_t t0 = bi * l->tiles / j->blocks, count = (bi + 1) * l->tiles / j->blocks - t0;
    int64_t lanes = (count + 15) / 16 * 16;   /* whole 16-tile groups are transformed and multiplied */
    int64_t k0 = gi * j->group_rows, k1 = RT_SGEMM_MIN(kn, k0 + j->group_rows);
    int64_t plane = l->rows * l->row_stride, osz = p->out_h * p->out_w;
    /* 36 matrices each of transformed input and of products, each one
       cache line further than their size: at strides of a power of two
       the 36 lines a transform reads or writes would share one L1 set */
    int64_t v_stride = cn * tb + 16, m_stride = RT_WINOGRAD_ROWS * tb + 16;
    float *v = j->work + thread * j->per_thread, *m = v + 36 * v_stride;
    int32_t in_off[RT_WINOGRAD_MAX_BLOCK], out_off[RT_WINOGRAD_MAX_BLOCK];
    int32_t out_rows[RT_WINOGRAD_MAX_BLOCK], out_cols[RT_WINOGRAD_MAX_BLOCK];
    /* Where each lane's tile is; the lanes past `count` repeat tile t0 and
       are never stored. */
    for (int64_t t = 0; t < lanes; t++) {
        int64_t tile = t0 + (t < count ? t : 0), ty = tile / l->tiles_w, tx = tile % l->tiles_w;
        in_off[t] = (int32_t)(4 * ty * l->row_stride + 4 * tx);
        out_off[t] = (int32_t)(4 * ty * p->out_w + 4 * tx);
        out_rows[t] = (int32_t)RT_SGEMM_MIN(4, p->out_h - 4 * ty);
        out_cols[t] = (int32_t)RT_SGEMM_MIN(4, p->out_w - 4 * tx);
    }
    /* V: for each xi, C x tile_block in NR-column panels per KC block of
       channels, as rt_sgemm_pack_b lays them out. */
    const float *xn = j->xp + n * cn * plane;
    for (int64_t c = 0; c < cn; c++) {
        int64_t pc = c / RT_SGEMM_KC * RT_SGEMM_KC, kc = RT_SGEMM_MIN(RT_SGEMM_KC, cn - pc);
        for (int64_t g = 0; g < lanes; g += 16)
            rt_winograd_input16(xn + c * plane, l->row_stride, in_off + g,
                                v + pc * tb + g / RT_SGEMM_NR * kc * RT_SGEMM_NR + (c - pc) * RT_SGEMM_NR +
                                    g % RT_SGEMM_NR,
                                v_stride);
    }
    for (int64_t kb = k0; kb < k1; kb += RT_WINOGRAD_ROWS) {
        int64_t rows = RT_SGEMM_MIN(RT_WINOGRAD_ROWS, k1 - kb);
        for (int64_t xi = 0; xi < 36; xi++) {
            const float *uxi = j->u + xi * mpad * cn;
            for (int64_t pc = 0; pc < cn; pc += RT_SGEMM_KC) {
                int64_t kc = RT_SGEMM_MIN(RT_SGEMM_KC, cn - pc);
                for (int64_t jr = 0; jr < lanes; jr += RT_SGEMM_NR)
                    for (int64_t ir = 0; ir < rows; ir += RT_SGEMM_MR)
                        rt_sgemm_micro(kc, uxi + pc * mpad + (kb + ir) * kc, v + xi * v_stride + pc * tb + jr * kc, RT_SGEMM_NR,
                                       m + xi * m_stride + ir * tb + jr, tb,
                                       RT_SGEMM_MIN(RT_SGEMM_MR, rows - ir), RT_SGEMM_MIN(RT_SGEMM_NR, lanes - jr),
                                       1.0f, pc == 0 ? 0.0f : 1.0f, NULL, 0, 0);
            }
        }
        for (int64_t r = 0; r < rows; r++) {
            int64_t k = kb + r;
            float *yk = j->y + (n * kn + k) * osz;
            const float *rk = j->residual ? j->residual + (n * kn + k) * osz : NULL;
            for (int64_t g = 0; g < lanes; g += 16) {
                float o[16][16];
                rt_winograd_output16(m + r * tb + g, m_stride, o);
                rt_winograd_store16(p, o, RT_SGEMM_MIN(16, count - g), out_off + g, out_rows + g, out_cols + g,
                                    j->bias ? j->bias[k] : 0.0f, rk, yk);
            }
        }
    }
}

/* x [N,C,H,W], u: the weights transformed by rt_winograd_transform_weights,
   bias [K] or NULL, residual [N,K,OH,OW] or NULL, y [N,K,OH,OW]; work:
   rt_winograd_scratch_floats(p, threads) floats. */
RT_HELPER void rt_conv_winograd(const rt_winograd_params *p, const float *x, const float *u, const float *bias,
                                const float *residual, float *y, float *work)
{
    rt_winograd_layout l = rt_winograd_layout_of(p);
    if (l.tiles == 0 || p->batch == 0 || p->out_channels == 0) return;
    /* the padded planes: the conv pad task, told this kernel's plane size */
    rt_conv_params g = {.in_d = 1, .in_h = p->in_h, .in_w = p->in_w, .pad_top = p->pad_top, .pad_left = p->pad_left};
    rt_conv_pad_job pj = {&g, {1, l.rows, l.row_stride}, x, work};
    rt_parallel_for(p->batch * p->in_channels, rt_conv_pad_task, &pj);
    int threads = rt_num_threads();
    int64_t blocks = (l.tiles + p->tile_block - 1) / p->tile_block;
    rt_winograd_job j = {p, l, work, u, bias, residual, y, work + rt_winograd_padded_floats(p), blocks, 1,
                         p->out_channels, rt_winograd_thread_floats(p)};
    /* With threads and fewer blocks than two per thread (the 14x14 layers),
       the output channels are split too: each group transforms the same
       input again, a small cost next to its products. */
    if (threads > 1 && p->batch * blocks < 2 * threads) {
        int64_t rows = (p->out_channels + threads - 1) / threads;
        j.group_rows = (rows + RT_SGEMM_MR - 1) / RT_SGEMM_MR * RT_SGEMM_MR;
        j.groups = (p->out_channels + j.group_rows - 1) / j.group_rows;
    }
    rt_parallel_for(p->batch * blocks * j.groups, rt_winograd_task, &j);
}
//@end

//@kernel rt_conv_winograd_f32(rt_winograd_params, x, u, bias, residual, y, scratch) needs rt_winograd_conv
/* Conv 3x3, stride 1, dilation 1, one group, float, by Winograd F(4x4, 3x3)
   with the weights transformed at compile time (runtime/winograd.h);
   scratch: rt_winograd_scratch_floats(p, threads) floats. */
static void rt_conv_winograd_f32(const rt_winograd_params *p, const float *x, const float *u, const float *bias,
                                 const float *residual, float *y, void *scratch)
{
    rt_conv_winograd(p, x, u, bias, residual, y, (float *)scratch);
}
//@end
