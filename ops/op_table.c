/* The op table: every operator dlc understands, by family. A new family is
   one file in ops/ plus one line here. */
#include "op.h"

#include <string.h>

extern const op_def ops_unary[], ops_binary[], ops_cast[], ops_shape[], ops_data_movement[],
    ops_conv[], ops_pool[], ops_matmul[], ops_normalization[], ops_softmax[], ops_reduce[],
    ops_resize[], ops_rnn[], ops_indexing[], ops_loss[], ops_einsum[], ops_attention[], ops_signal[],
    ops_linalg[], ops_random[], ops_streaming[], ops_training[], ops_ml[], ops_optional[], ops_text[],
    ops_geometry[], ops_dynamic[], ops_quantize[], ops_control_flow[];

static const op_def *const op_families[] = {
    ops_unary, ops_binary, ops_cast, ops_shape, ops_data_movement, ops_conv, ops_pool,
    ops_matmul, ops_normalization, ops_softmax, ops_reduce, ops_resize, ops_rnn, ops_indexing, ops_loss, ops_einsum,
    ops_attention, ops_signal, ops_linalg, ops_random, ops_streaming, ops_training, ops_ml, ops_optional, ops_text,
    ops_geometry, ops_dynamic, ops_quantize, ops_control_flow,
};

static bool same_domain(const char *a, const char *b)
{
    if (!a || !*a || strcmp(a, "ai.onnx") == 0) a = "";
    if (!b || !*b || strcmp(b, "ai.onnx") == 0) b = "";
    return strcmp(a, b) == 0;
}

const op_def *op_find(const char *domain, const char *op_type)
{
    for (size_t f = 0; f < sizeof op_families / sizeof op_families[0]; f++)
        for (const op_def *d = op_families[f]; d->op_type; d++)
            if (strcmp(d->op_type, op_type) == 0 && same_domain(d->domain, domain)) return d;
    return NULL;
}

void op_for_each(void (*fn)(const op_def *, void *), void *user)
{
    for (size_t f = 0; f < sizeof op_families / sizeof op_families[0]; f++)
        for (const op_def *d = op_families[f]; d->op_type; d++) fn(d, user);
}
