/* Operators: Gemm and MatMul. Float goes to the blocked sgemm of
   runtime/gemm.c; the other types to plain-loop kernels. */
#include "op.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tiling.h"

/* The scratch of a float product's call with cache blocking b (ops/tiling.c;
   its parameters hold it): what rt_sgemm needs, once per thread. The
   blocking is noted on the call for --stats. */
static size_t sgemm_scratch(const lir_program *c, lir_call *call, rt_sgemm_blocking b, int64_t m, int64_t n,
                            int64_t k)
{
    snprintf(call->tiling, sizeof call->tiling, "sgemm blocks %lldx%lld", (long long)b.mc, (long long)b.nc);
    return (size_t)RT_SGEMM_WORK_BLOCKED(m, n, k, b.mc, b.nc) * sizeof(float) * (size_t)lower_threads(c);
}

_Static_assert(IR_MAX_RANK <= RT_MAX_RANK, "rt_matmul_params holds every batch dimension");

static const int32_t gemm_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, DT_INT32, DT_INT64,
                                     DT_UINT32, DT_UINT64, 0};

/* ---- Gemm ---------------------------------------------------------------- */

static bool gemm_dims(const ir_node *n, int64_t *m, int64_t *nn, int64_t *k)
{
    const ir_value *a = n->inputs[0], *b = n->inputs[1];
    if (a->rank != 2 || b->rank != 2)
        return diag_node(n, DIAG_INVALID, "A and B must be 2-D (ranks %d and %d)", a->rank, b->rank);
    int ta = attr_int(n, "transA", 0) != 0, tb = attr_int(n, "transB", 0) != 0;
    *m = ta ? a->dims[1] : a->dims[0];
    *k = ta ? a->dims[0] : a->dims[1];
    int64_t kb = tb ? b->dims[1] : b->dims[0];
    *nn = tb ? b->dims[0] : b->dims[1];
    if (kb != *k)
        return diag_node(n, DIAG_INVALID, "inner dimensions differ: %lld and %lld", (long long)*k, (long long)kb);
    return true;
}

/* Strides that broadcast C (rank <= 2) to [M, N]. */
static bool gemm_c_strides(const ir_node *n, const ir_value *c, int64_t m, int64_t nn, int64_t *rs, int64_t *cs)
{
    if (c->rank > 2) return diag_node(n, DIAG_INVALID, "C must have rank <= 2, not %d", c->rank);
    int64_t d0 = c->rank >= 2 ? c->dims[c->rank - 2] : 1, d1 = c->rank >= 1 ? c->dims[c->rank - 1] : 1;
    if ((d0 != m && d0 != 1) || (d1 != nn && d1 != 1))
        return diag_node(n, DIAG_INVALID, "C of shape [%lld, %lld] does not broadcast to [%lld, %lld]",
                         (long long)d0, (long long)d1, (long long)m, (long long)nn);
    *rs = d0 == 1 ? 0 : d1;
    *cs = d1 == 1 ? 0 : 1;
    return true;
}

static bool infer_gemm(ir_node *n)
{
    if (!node_check_arity(n, 2, 3) || !node_check_dtype(n, 0, gemm_types)) return false;
    const ir_value *a = n->inputs[0], *b = n->inputs[1], *c = node_input(n, 2);
    if (b->dtype != a->dtype || (c && c->dtype != a->dtype))
        return diag_node(n, DIAG_INVALID, "A, B and C must have the same element type");
    int64_t m, nn, k, rs, cs;
    if (!gemm_dims(n, &m, &nn, &k)) return false;
    if (c && !gemm_c_strides(n, c, m, nn, &rs, &cs)) return false;
    int64_t dims[2] = {m, nn};
    node_set_output(n, 0, a->dtype, 2, dims);
    return true;
}

/* A constant float B given transposed ([N, K], as PyTorch's Linear exports
   it) stored as [K, N] instead: the sgemm then reads contiguous rows of B,
   and a one-row product streams it once (rt_sgemm_row). */
static ir_value *transposed_weights(lir_program *c, ir_value *b)
{
    ir_value *made = lir_find_derived(c, b, "transposed");
    if (made) return made;
    int64_t rows = b->dims[0], cols = b->dims[1], dims[2] = {cols, rows};
    float *t = malloc((size_t)(rows * cols + 1) * sizeof *t);
    if (!t) return b; /* keeps the transposed form: slower, not wrong */
    for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < cols; j++) t[j * rows + i] = ((const float *)b->data)[i * cols + j];
    ir_value *bt = lower_const(c, DT_FLOAT, 2, dims, t);
    lower_name_after(c, bt, b, "transposed");
    lir_add_derived(c, b, "transposed", bt);
    free(t);
    return bt;
}

/* A constant float B of a product with more than one row (M > 1), packed
   now in the panel layout the micro-kernel reads (RT_SGEMM_PACKED_B_INDEX,
   runtime/gemm.h): op(B)[q][j] = b[q*rsb + j*csb], K x N. Otherwise every
   call would copy all the weights into panels; a one-row product reads B
   as it is (rt_sgemm_row). NULL when B is not such a constant, or on
   failure to allocate (then the unpacked kernel runs: slower, not wrong). */
static ir_value *packed_b(lir_program *c, ir_value *b, int64_t m, int64_t k, int64_t nn, int64_t rsb, int64_t csb)
{
    if (b->dtype != DT_FLOAT || !ir_value_is_const(b) || !b->data || m <= 1) return NULL;
    char what[64];
    snprintf(what, sizeof what, "packed_b_%lld_%lld", (long long)rsb, (long long)csb);
    ir_value *made = lir_find_derived(c, b, what);
    if (made) return made;
    int64_t count = k * RT_SGEMM_NPAD(nn);
    float *packed = malloc((size_t)(count ? count : 1) * sizeof *packed);
    if (!packed) return NULL;
    rt_sgemm_pack_b_matrix((const float *)b->data, k, nn, rsb, csb, packed);
    made = lower_const(c, DT_FLOAT, 1, &count, packed);
    free(packed);
    lower_name_after(c, made, b, "packed");
    lir_add_derived(c, b, what, made);
    return made;
}

static bool lower_gemm(ir_node *n, lir_program *c)
{
    ir_value *a = n->inputs[0], *b = n->inputs[1], *cv = node_input(n, 2);
    int64_t m, nn, k, rs = 0, cs = 0;
    if (!gemm_dims(n, &m, &nn, &k)) return false;
    if (cv && !gemm_c_strides(n, cv, m, nn, &rs, &cs)) return false;
    int ta = attr_int(n, "transA", 0) != 0, tb = attr_int(n, "transB", 0) != 0;
    ir_value *bp = packed_b(c, b, m, k, nn, tb ? 1 : nn, tb ? k : 1);
    ir_value *bt = !bp && tb && a->dtype == DT_FLOAT && b->data ? transposed_weights(c, b) : b;
    if (bt != b) b = bt, tb = 0;
    rt_gemm_params p = {
        .m = m, .n = nn, .k = k,
        .a_row_stride = ta ? 1 : k, .a_col_stride = ta ? m : 1,
        .b_row_stride = tb ? 1 : nn, .b_col_stride = tb ? k : 1,
        .c_row_stride = rs, .c_col_stride = cs,
        .alpha = attr_float(n, "alpha", 1.0f), .beta = attr_float(n, "beta", 1.0f),
    };
    lower_epilogue_params(&p, n);
    rt_sgemm_blocking blk = tiling_sgemm(c->target, m, nn, k);
    p.block_rows = blk.mc, p.block_cols = blk.nc;
    lir_call *kc = bp ? lower_kernel(c, n, KERNEL_rt_gemm_bpacked_f32, &p)
                      : lower_kernel_typed(c, n, KERNELS_rt_gemm, a->dtype, &p);
    if (!kc) return false;
    call_tensor(kc, a);
    call_tensor(kc, bp ? bp : b);
    call_tensor(kc, cv);
    if (a->dtype == DT_FLOAT) call_tensor(kc, node_residual(n)); /* only the float kernel fuses */
    call_tensor(kc, n->outputs[0]);
    if (a->dtype == DT_FLOAT) call_scratch(kc, sgemm_scratch(c, kc, blk, m, nn, k));
    return true;
}

/* ---- MatMul -------------------------------------------------------------- */

typedef struct matmul_shape {
    int64_t m, n, k;
    int batch_rank;                       /* of the broadcast batch shape */
    int64_t batch[IR_MAX_RANK];
    int out_rank;
    int64_t out[IR_MAX_RANK];
} matmul_shape;

/* A MatMul operand as the kernel reads it: input k through the permutation
   of a folded Transpose (ir_node.input_perm, passes/pass_fold_transpose.c),
   each dim with its stride in elements. */
typedef struct operand_view {
    int rank;
    int64_t dims[IR_MAX_RANK], strides[IR_MAX_RANK];
} operand_view;

static void operand_view_of(const ir_node *n, int k, operand_view *v)
{
    const ir_value *x = n->inputs[k];
    int64_t dense[IR_MAX_RANK];
    shape_strides(x->rank, x->dims, dense);
    v->rank = x->rank;
    for (int i = 0; i < x->rank; i++) {
        int j = n->input_perm[k].set ? n->input_perm[k].perm[i] : i;
        v->dims[i] = x->dims[j], v->strides[i] = dense[j];
    }
}

static bool matmul_shape_of(const ir_node *n, matmul_shape *s)
{
    operand_view a, b;
    operand_view_of(n, 0, &a);
    operand_view_of(n, 1, &b);
    if (a.rank < 1 || b.rank < 1) return diag_node(n, DIAG_INVALID, "MatMul operands must have rank >= 1");
    s->m = a.rank == 1 ? 1 : a.dims[a.rank - 2];
    s->k = a.dims[a.rank - 1];
    int64_t kb = b.rank == 1 ? b.dims[0] : b.dims[b.rank - 2];
    s->n = b.rank == 1 ? 1 : b.dims[b.rank - 1];
    if (kb != s->k)
        return diag_node(n, DIAG_INVALID, "inner dimensions differ: %lld and %lld", (long long)s->k, (long long)kb);
    int ra = a.rank > 2 ? a.rank - 2 : 0, rb = b.rank > 2 ? b.rank - 2 : 0;
    if (!node_broadcast(n, ra, a.dims, rb, b.dims, &s->batch_rank, s->batch)) return false;
    s->out_rank = 0;
    for (int i = 0; i < s->batch_rank; i++) s->out[s->out_rank++] = s->batch[i];
    if (a.rank > 1) s->out[s->out_rank++] = s->m;
    if (b.rank > 1) s->out[s->out_rank++] = s->n;
    return true;
}

static bool infer_matmul(ir_node *n)
{
    if (!node_check_arity(n, 2, 2) || !node_check_dtype(n, 0, gemm_types)) return false;
    const ir_value *a = n->inputs[0], *b = n->inputs[1];
    if (b->dtype != a->dtype) return diag_node(n, DIAG_INVALID, "A and B must have the same element type");
    matmul_shape s;
    if (!matmul_shape_of(n, &s)) return false;
    node_set_output(n, 0, a->dtype, s.out_rank, s.out);
    return true;
}

/* Element strides of an operand's batch dims aligned to the r batch dims of
   the output (0 where it broadcasts). */
static void batch_strides(const operand_view *v, int r, const int64_t *batch, int64_t *out)
{
    int rv = v->rank > 2 ? v->rank - 2 : 0;
    for (int i = 0; i < r; i++) {
        int j = i - (r - rv);
        out[i] = j >= 0 && v->dims[j] == batch[i] ? v->strides[j] : 0;
    }
}

/* The kernel's parameters: size-1 batch dims dropped, dims both operands
   walk as one merged, and a B shared by every batch over A's uniformly
   strided rows made one taller product. */
static void matmul_params(const ir_node *n, const matmul_shape *s, rt_matmul_params *p)
{
    operand_view va, vb;
    operand_view_of(n, 0, &va);
    operand_view_of(n, 1, &vb);
    int64_t rsa = va.rank >= 2 ? va.strides[va.rank - 2] : 0, csa = va.strides[va.rank - 1];
    int64_t rsb = vb.rank >= 2 ? vb.strides[vb.rank - 2] : vb.strides[0], csb = vb.rank >= 2 ? vb.strides[vb.rank - 1] : 1;
    int r = s->batch_rank, q = 0;
    int64_t sa[IR_MAX_RANK], sb[IR_MAX_RANK], d[IR_MAX_RANK], ma[IR_MAX_RANK], mb[IR_MAX_RANK];
    batch_strides(&va, r, s->batch, sa);
    batch_strides(&vb, r, s->batch, sb);
    for (int i = 0; i < r; i++) {
        if (s->batch[i] == 1) continue;
        if (q > 0 && ma[q - 1] == sa[i] * s->batch[i] && mb[q - 1] == sb[i] * s->batch[i]) {
            d[q - 1] *= s->batch[i];
            ma[q - 1] = sa[i];
            mb[q - 1] = sb[i];
            continue;
        }
        d[q] = s->batch[i], ma[q] = sa[i], mb[q] = sb[i];
        q++;
    }
    int64_t m = s->m;
    /* (a fused [M, N] bias repeats every M rows: not over a taller product) */
    const ir_value *bias = node_input(n, 2);
    int64_t bias_rows = bias && bias->rank >= 2 ? bias->dims[bias->rank - 2] : 1;
    if (q == 1 && mb[0] == 0 && ma[0] == s->m * rsa && bias_rows == 1) {
        m *= d[0];
        q = 0;
    }
    *p = (rt_matmul_params){.m = m, .n = s->n, .k = s->k, .a_row_stride = rsa, .a_col_stride = csa,
                            .b_row_stride = rsb, .b_col_stride = csb,
                            .alpha = n->epilogue.has_scale ? n->epilogue.scale : 1.0f,
                            .bias_row_stride = bias_rows > 1 ? s->n : 0, .batch_rank = q};
    for (int i = 0; i < q; i++) p->batch_dims[i] = d[i], p->a_batch_strides[i] = ma[i], p->b_batch_strides[i] = mb[i];
}

static bool lower_matmul(ir_node *n, lir_program *c)
{
    ir_value *a = n->inputs[0], *b = n->inputs[1];
    matmul_shape s;
    if (!matmul_shape_of(n, &s)) return false;
    rt_matmul_params p;
    matmul_params(n, &s, &p);
    lower_epilogue_params(&p, n);
    bool shared_b = true; /* one B for every batch: it can be packed once */
    for (int i = 0; i < p.batch_rank; i++) shared_b = shared_b && p.b_batch_strides[i] == 0;
    ir_value *bp = shared_b ? packed_b(c, b, p.m, p.k, p.n, p.b_row_stride, p.b_col_stride) : NULL;
    rt_sgemm_blocking blk = tiling_sgemm(c->target, p.m, s.n, s.k);
    p.block_rows = blk.mc, p.block_cols = blk.nc;
    lir_call *k = bp ? lower_kernel(c, n, KERNEL_rt_matmul_bpacked_f32, &p)
                     : lower_kernel_typed(c, n, KERNELS_rt_matmul, a->dtype, &p);
    if (!k) return false;
    call_tensor(k, a);
    call_tensor(k, bp ? bp : b);
    if (a->dtype == DT_FLOAT) { /* only the float kernel fuses: a bias [N], a residual */
        call_tensor(k, node_input(n, 2));
        call_tensor(k, node_residual(n));
    }
    call_tensor(k, n->outputs[0]);
    if (a->dtype == DT_FLOAT) call_scratch(k, sgemm_scratch(c, k, blk, p.m, s.n, s.k));
    return true;
}

static const char *const gemm_attrs[] = {"alpha", "beta", "transA", "transB", "broadcast", NULL};

const op_def ops_matmul[] = {
    {"Gemm", "", gemm_attrs, infer_gemm, lower_gemm},
    {"MatMul", "", NULL, infer_matmul, lower_matmul},
    {0},
};
