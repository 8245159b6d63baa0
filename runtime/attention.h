/* Parameters of the attention-family kernels (runtime/attention.c). */
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

#endif
