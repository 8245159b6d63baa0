/* Operators: the attention family. RotaryEmbedding (opset 23) on 4-D
   [batch, heads, seq, head_size] or 3-D [batch, seq, heads * head_size]
   inputs, with or without position_ids, interleaved or split halves, and
   partial rotation (rotary_embedding_dim). One kernel call (runtime/attention.c,
   parameters in runtime/attention.h). */
#include "op.h"

#include <string.h>

static const int32_t rotary_types[] = {DT_FLOAT, DT_FLOAT16, DT_BFLOAT16, 0};

/* The input seen as batch x heads x seq rows of head_size, and the rotated
   part of a row; false after an error. */
static bool rotary_geometry(const ir_node *n, rt_rotary_params *p)
{
    const ir_value *x = n->inputs[0];
    int64_t num_heads = attr_int(n, "num_heads", 0), dim = attr_int(n, "rotary_embedding_dim", 0);
    if (x->rank == 4) {
        if (num_heads != 0 && num_heads != x->dims[1])
            return diag_node(n, DIAG_INVALID, "num_heads %lld does not match the input's %lld heads",
                             (long long)num_heads, (long long)x->dims[1]);
        *p = (rt_rotary_params){.batch = x->dims[0], .heads = x->dims[1], .seq = x->dims[2], .head_size = x->dims[3]};
        p->head_stride = p->seq * p->head_size, p->seq_stride = p->head_size;
    } else if (x->rank == 3) {
        if (num_heads <= 0) return diag_node(n, DIAG_INVALID, "num_heads is required for a 3-D input");
        if (x->dims[2] % num_heads != 0)
            return diag_node(n, DIAG_INVALID, "hidden size %lld is not a multiple of num_heads %lld",
                             (long long)x->dims[2], (long long)num_heads);
        *p = (rt_rotary_params){.batch = x->dims[0], .heads = num_heads, .seq = x->dims[1],
                                .head_size = x->dims[2] / num_heads};
        p->head_stride = p->head_size, p->seq_stride = x->dims[2];
    } else {
        return diag_node(n, DIAG_INVALID, "input must have rank 3 or 4, got rank %d", x->rank);
    }
    p->rotary_dim = dim != 0 ? dim : p->head_size;
    if (p->rotary_dim < 0 || p->rotary_dim > p->head_size || p->rotary_dim % 2 != 0)
        return diag_node(n, DIAG_INVALID, "rotary dimension %lld must be even and at most the head size %lld",
                         (long long)p->rotary_dim, (long long)p->head_size);
    p->interleaved = attr_int(n, "interleaved", 0) != 0;
    return true;
}

/* cos_cache and sin_cache: [cache_rows, rotary_dim / 2] with position_ids
   ([batch, seq], int64), [batch, seq, rotary_dim / 2] without. */
static bool rotary_check_caches(const ir_node *n, const rt_rotary_params *p)
{
    const ir_value *pos = node_input(n, 3);
    if (pos && (pos->dtype != DT_INT64 || pos->rank != 2 || pos->dims[0] != p->batch || pos->dims[1] != p->seq))
        return diag_node(n, DIAG_INVALID, "position_ids must be an int64 tensor of shape [%lld, %lld]",
                         (long long)p->batch, (long long)p->seq);
    for (int i = 1; i < 3; i++) {
        const ir_value *v = n->inputs[i];
        bool ok = v->dtype == n->inputs[0]->dtype && v->rank == (pos ? 2 : 3) &&
                  v->dims[v->rank - 1] == p->rotary_dim / 2;
        if (ok && !pos) ok = v->dims[0] == p->batch && v->dims[1] == p->seq;
        if (ok && pos) ok = v->dims[0] == n->inputs[3 - i]->dims[0];
        if (!ok)
            return diag_node(n, DIAG_INVALID, "input %d must be %s of the input's type with %lld elements a row", i,
                             pos ? "[max_position_id_plus_1, rotary_dim / 2] (the same rows for cos and sin)"
                                 : "[batch, seq, rotary_dim / 2]",
                             (long long)(p->rotary_dim / 2));
    }
    return true;
}

static bool infer_rotary(ir_node *n)
{
    if (!node_check_arity(n, 3, 4) || !node_check_dtype(n, 0, rotary_types)) return false;
    rt_rotary_params p;
    if (!rotary_geometry(n, &p) || !rotary_check_caches(n, &p)) return false;
    const ir_value *x = n->inputs[0];
    node_set_output(n, 0, x->dtype, x->rank, x->dims);
    return true;
}

static bool lower_rotary(ir_node *n, lir_program *c)
{
    rt_rotary_params p;
    if (!rotary_geometry(n, &p)) return false;
    ir_value *pos = node_input(n, 3);
    p.cache_rows = pos ? n->inputs[1]->dims[0] : 0;
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_rotary, n->inputs[0]->dtype, &p);
    if (!k) return false;
    for (int i = 0; i < 3; i++) call_tensor(k, n->inputs[i]);
    call_tensor(k, pos);
    call_tensor(k, n->outputs[0]);
    return true;
}

static const char *const rotary_attrs[] = {"interleaved", "num_heads", "rotary_embedding_dim", NULL};

const op_def ops_attention[] = {
    {"RotaryEmbedding", "", rotary_attrs, infer_rotary, lower_rotary},
    {0},
};
