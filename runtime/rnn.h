/* Parameters of the recurrent layers LSTM, GRU and RNN (runtime/rnn.c), and
   the activation ids that lowering (ops/rnn.c) and the kernels share. */
#ifndef DLC_RT_RNN_H
#define DLC_RT_RNN_H
#include "rt.h"

//@section rt_rnn_ids
/* Activation functions, by id (ONNX names in ops/rnn.c's table, same order). */
enum rt_rnn_activation {
    RT_RNN_ACT_RELU, RT_RNN_ACT_TANH, RT_RNN_ACT_SIGMOID, RT_RNN_ACT_AFFINE, RT_RNN_ACT_LEAKY_RELU,
    RT_RNN_ACT_THRESHOLDED_RELU, RT_RNN_ACT_SCALED_TANH, RT_RNN_ACT_HARD_SIGMOID, RT_RNN_ACT_ELU,
    RT_RNN_ACT_SOFTSIGN, RT_RNN_ACT_SOFTPLUS, RT_RNN_NUM_ACTS
};
/* direction */
enum rt_rnn_direction { RT_RNN_FORWARD, RT_RNN_REVERSE, RT_RNN_BIDIRECTIONAL };
/* Activations per direction: LSTM 3 (f g h), GRU 2 (f g), RNN 1 (f); two
   directions at most. */
#define RT_RNN_MAX_ACTS 6
//@end

//@params rt_rnn_params needs rt_rnn_ids
typedef struct rt_rnn_params {
    int64_t seq_length, batch, input_size, hidden_size;
    int64_t direction;                      /* enum rt_rnn_direction */
    int64_t input_forget;                   /* LSTM: couple the input and forget gates */
    int64_t linear_before_reset;            /* GRU: apply the reset gate after R_h */
    int64_t has_clip;                       /* clip the inputs of the gate activations f and g */
    float clip;
    int64_t seq_lens_bytes;                 /* sequence_lens elements: 4 (int32) or 8 (int64) */
    /* Strides in elements; they encode the layout attribute. X element
       (s, n, i) is at s*x_seq_stride + n*x_batch_stride + i; Y element
       (s, d, n, h) at s*y_seq_stride + d*y_dir_stride + n*y_batch_stride + h;
       Y_h, Y_c, initial_h, initial_c element (d, n, h) at
       d*state_dir_stride + n*state_batch_stride + h. */
    int64_t x_seq_stride, x_batch_stride;
    int64_t y_seq_stride, y_dir_stride, y_batch_stride;
    int64_t state_dir_stride, state_batch_stride;
    /* 1: W and R transposed by the compiler, W [D][I][G*H], R [D][H][G*H];
       0: as ONNX gives them, W [D][G*H][I], R [D][G*H][H] */
    int64_t weights_transposed;
    /* Per direction, the activations (RT_RNN_ACT_*) and their alpha and
       beta: entry d * (activations per direction) + k. */
    int64_t activations[RT_RNN_MAX_ACTS];   /* enum rt_rnn_activation */
    float activation_alpha[RT_RNN_MAX_ACTS], activation_beta[RT_RNN_MAX_ACTS];
} rt_rnn_params;
//@end

#endif
