/* Building the kernel calls that lowering produces. */
#include "op.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/runtime_source.h"
#include "runtime/rt.h"

kernel_call *lower_call(lower_ctx *c, ir_node *n, const char *kernel)
{
    if (!runtime_kernel(kernel)) {
        diag_node(n, DIAG_UNSUPPORTED, "no runtime kernel %s for this case", kernel);
        return NULL;
    }
    kernel_call *k = ir_alloc(c->graph, sizeof *k);
    k->kernel = ir_strdup(c->graph, kernel);
    k->node = n;
    if (c->num_calls == c->cap_calls) {
        c->cap_calls = c->cap_calls ? c->cap_calls * 2 : 64;
        c->calls = realloc(c->calls, (size_t)c->cap_calls * sizeof *c->calls);
        if (!c->calls) abort();
    }
    c->calls[c->num_calls++] = k;
    return k;
}

kernel_call *lower_call_typed(lower_ctx *c, ir_node *n, const char *base, int32_t dtype)
{
    char name[128];
    snprintf(name, sizeof name, "%s_%s", base, dtype_suffix(dtype));
    if (!runtime_kernel(name)) {
        diag_node(n, DIAG_UNSUPPORTED, "element type %s is not supported by dlc for this op (no kernel %s)",
                  dtype_name(dtype), name);
        return NULL;
    }
    return lower_call(c, n, name);
}

kernel_call *lower_call_sized(lower_ctx *c, ir_node *n, const char *base, int32_t dtype)
{
    char name[128];
    snprintf(name, sizeof name, "%s_x%zu", base, dtype_size(dtype) * 8);
    return lower_call(c, n, name);
}

void call_tensor(kernel_call *k, ir_value *v)
{
    if (k->num_tensors >= (int)(sizeof k->tensors / sizeof k->tensors[0])) abort();
    k->tensors[k->num_tensors++] = v;
}

static void *grow(void *p, int *cap, int need, size_t elem)
{
    if (need <= *cap) return p;
    int c = *cap ? *cap * 2 : 16;
    while (c < need) c *= 2;
    p = realloc(p, (size_t)c * elem);
    if (!p) abort();
    *cap = c;
    return p;
}

void call_int(kernel_call *k, int64_t v)
{
    k->ints = grow(k->ints, &k->cap_ints, k->num_ints + 1, sizeof *k->ints);
    k->ints[k->num_ints++] = v;
}

void call_ints(kernel_call *k, const int64_t *v, int count)
{
    for (int i = 0; i < count; i++) call_int(k, v[i]);
}

void call_float(kernel_call *k, float v)
{
    k->floats = grow(k->floats, &k->cap_floats, k->num_floats + 1, sizeof *k->floats);
    k->floats[k->num_floats++] = v;
}

void call_scratch(kernel_call *k, size_t bytes)
{
    k->scratch_bytes = bytes;
}

ir_value *lower_temp(lower_ctx *c, int32_t dtype, int rank, const int64_t *dims)
{
    char name[32];
    snprintf(name, sizeof name, "dlc_temp_%d", c->graph->num_values);
    ir_value *v = ir_value_new(c->graph, name);
    ir_value_set_shape(v, dtype, rank, dims);
    v->is_temp = true;
    return v;
}

void lower_ctx_release(lower_ctx *c)
{
    for (int i = 0; i < c->num_calls; i++) {
        free(c->calls[i]->ints);
        free(c->calls[i]->floats);
    }
    free(c->calls);
    c->calls = NULL;
    c->num_calls = c->cap_calls = 0;
}

ir_value *lower_const(lower_ctx *c, int32_t dtype, int rank, const int64_t *dims, const void *data)
{
    char name[32];
    snprintf(name, sizeof name, "dlc_const_%d", c->graph->num_values);
    ir_value *v = ir_value_new(c->graph, name);
    ir_value_set_shape(v, dtype, rank, dims);
    size_t bytes = ir_value_bytes(v);
    v->data = ir_alloc(c->graph, bytes);
    if (bytes) memcpy(v->data, data, bytes);
    return v;
}

ir_value *lower_const_scalar(lower_ctx *c, int32_t dtype, double value)
{
    union { float f; double d; int8_t i8; int16_t i16; int32_t i32; int64_t i64; uint8_t u8; uint16_t u16;
            uint32_t u32; uint64_t u64; } u;
    memset(&u, 0, sizeof u);
    switch (dtype) {
    case DT_FLOAT: u.f = (float)value; break;
    case DT_DOUBLE: u.d = value; break;
    case DT_INT8: u.i8 = (int8_t)value; break;
    case DT_INT16: u.i16 = (int16_t)value; break;
    case DT_INT32: u.i32 = (int32_t)value; break;
    case DT_INT64: u.i64 = (int64_t)value; break;
    case DT_UINT8: case DT_BOOL: u.u8 = (uint8_t)value; break;
    case DT_UINT16: u.u16 = (uint16_t)value; break;
    case DT_UINT32: u.u32 = (uint32_t)value; break;
    case DT_UINT64: u.u64 = (uint64_t)value; break;
    case DT_FLOAT16: u.u16 = rt_f32_to_f16((float)value); break;
    case DT_BFLOAT16: u.u16 = rt_f32_to_bf16((float)value); break;
    default: break;
    }
    return lower_const(c, dtype, 0, NULL, &u);
}
