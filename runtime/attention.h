/* Parameters of the attention-family kernels (runtime/attention.c):
   RotaryEmbedding, Attention and the key/value cache concatenation. */
#ifndef DLC_RT_ATTENTION_H
#define DLC_RT_ATTENTION_H
#include "rt.h"

//@params rt_rotary_params
/* RotaryEmbedding: x and y hold batch x heads x seq rows of head_size
   elements; a row (b, h, s) starts at b * heads * seq * head_size +
   h * head_stride + s * seq_stride (4-D input [B, H, S, D]: head_stride =
   S * D, seq_stride = D; 3-D input [B, S, H * D]: head_stride = D,
   seq_stride = H * D). The first rotary_dim elements of a row are rotated,
   the rest copied. cos and sin have rotary_dim / 2 elements a row: row
   position_ids[b * seq + s] of cache_rows rows when position_ids is given,
   else row b * seq + s. */
typedef struct rt_rotary_params {
    int64_t batch, heads, seq, head_size;
    int64_t head_stride, seq_stride;    /* in elements */
    int64_t rotary_dim;                 /* even, at most head_size */
    int64_t interleaved;                /* 1: pairs (2i, 2i + 1); 0: pairs (i, i + rotary_dim / 2) */
    int64_t cache_rows;                 /* rows of cos and sin when indexed by position_ids */
} rt_rotary_params;
//@end

//@section rt_attention_enums
/* Attention's attn_mask: absent, boolean (true: attend), or added to the scores. */
enum rt_attention_mask { RT_ATTENTION_MASK_NONE, RT_ATTENTION_MASK_BOOL, RT_ATTENTION_MASK_ADD };
/* What Attention's qk_matmul_output holds (the attribute qk_matmul_output_mode). */
enum rt_attention_qk {
    RT_ATTENTION_QK_RAW,        /* 0: (Q * sqrt(scale)) (K * sqrt(scale))^T */
    RT_ATTENTION_QK_SOFTCAP,    /* 1: after softcap */
    RT_ATTENTION_QK_BIAS,       /* 2: after softcap and the mask bias */
    RT_ATTENTION_QK_SOFTMAX     /* 3: the probabilities, fully masked rows zero */
};
//@end

//@params rt_attention_params needs rt_attention_enums
/* Attention (opset 23, 24) for one query row (b, h, i) at a time. Q, K, V
   and Y are read and written through strides (in elements) so that 3-D
   [B, S, H * D] and 4-D [B, H, S, D] tensors need no transposed copy. The
   keys of row j < past_seq come from past_key ([B, kv_heads, past_seq, D],
   contiguous), the others from K's row j - past_seq; values alike. Query
   head h reads key/value head h / (q_heads / kv_heads) (grouped-query
   attention). The mask is broadcast to [B, q_heads, q_seq, past_seq +
   kv_seq] by its strides (0 on broadcast dims); its last dim has mask_len
   elements (stride 1), keys beyond it are masked (the reference pads with
   -inf / false). With is_causal, key j is masked unless j <= i + offset,
   offset = past_seq, or nonpad_kv_seqlen[b] - q_seq when that input is
   given; with nonpad_kv_seqlen, keys j >= nonpad_kv_seqlen[b] are masked.
   qk_matmul_output, when passed, is [B, q_heads, q_seq, past_seq + kv_seq]. */
typedef struct rt_attention_params {
    int64_t batch, q_heads, kv_heads, q_seq, kv_seq, past_seq;
    int64_t head_size, v_head_size;
    int64_t q_strides[3], k_strides[3], v_strides[3], y_strides[3]; /* batch, head, sequence */
    int64_t mask;                       /* enum rt_attention_mask */
    int64_t mask_strides[3];            /* batch, head, query row; 0 where broadcast */
    int64_t mask_len;                   /* keys the mask covers */
    int64_t is_causal;
    int64_t qk_mode;                    /* enum rt_attention_qk */
    float scale_sqrt;                   /* Q and K are each multiplied by sqrt(scale) */
    float softcap;                      /* 0: none; else scores become softcap * tanh(scores / softcap) */
} rt_attention_params;
//@end

//@params rt_kv_cache_params
/* present = Concat(past, x) along the sequence: present is [batch, heads,
   past_seq + seq, head_size], past [batch, heads, past_seq, head_size]
   (absent when past_seq is 0), x read through its strides (batch, head,
   sequence; in elements) from a 3-D or 4-D tensor. */
typedef struct rt_kv_cache_params {
    int64_t batch, heads, past_seq, seq, head_size;
    int64_t x_strides[3];
} rt_kv_cache_params;
//@end

//@section rt_attention_scratch needs rt_attention_params
/* Floats of scratch rt_attention_* needs: a row of scores, the scaled query
   row and the output row's sums. */
RT_HELPER int64_t rt_attention_scratch_floats(const rt_attention_params *p)
{
    return p->past_seq + p->kv_seq + p->head_size + p->v_head_size;
}
//@end

//@params rt_linear_attention_params
/* LinearAttention (opset 27): query [B, T, q_heads * key_size], key
   [B, T, kv_heads * key_size], value [B, T, kv_heads * value_size], output
   [B, T, q_heads * value_size]; the state [B, kv_heads, key_size,
   value_size] starts from past_state (zeros when absent) and ends in
   present_state (when passed). decay is [B, T, kv_heads * key_size]
   (decay_per_key) or [B, T, kv_heads]; beta [B, T, kv_heads]
   (beta_per_head) or [B, T, 1]. Query head h reads the state of kv head
   h / (q_heads / kv_heads). */
typedef struct rt_linear_attention_params {
    int64_t batch, seq, q_heads, kv_heads, key_size, value_size;
    int64_t gated;                      /* update_rule gated or gated_delta: state *= exp(decay) */
    int64_t delta;                      /* delta or gated_delta: write beta * (v - state^T k) */
    int64_t decay_per_key, beta_per_head;
    float scale;                        /* of the output */
} rt_linear_attention_params;
//@end

//@section rt_linear_attention_scratch needs rt_linear_attention_params
/* Floats of scratch rt_linear_attention_* needs: one kv head's state, and
   the key row and the corrected value row of a step. */
RT_HELPER int64_t rt_linear_attention_scratch_floats(const rt_linear_attention_params *p)
{
    return p->key_size * p->value_size + p->key_size + p->value_size;
}
//@end

#endif
