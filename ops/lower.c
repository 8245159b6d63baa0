/* Building the kernel calls that lowering produces (ir/lir.h). */
#include "op.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/target.h"
#include "runtime/dtypes.h"
#include "runtime/rt.h"

lir_call *lower_kernel_checked(lir_program *c, ir_node *n, rt_kernel_id kernel, rt_params_id params_id,
                               const void *params, size_t params_size)
{
    if (kernel == RT_KERNEL_NONE) return NULL; /* lower_pick_* reported why */
    const rt_kernel_info *info = rt_kernel(kernel);
    if (info->params != params_id) {
        const rt_params_info *want = rt_params(info->params), *got = rt_params(params_id);
        diag_node(n, DIAG_INVALID, "internal: %s takes %s, lowering passed %s", info->name,
                  want ? want->name : "no struct", got ? got->name : "no struct");
        return NULL;
    }
    if (params_size != rt_params(params_id)->size) abort();
    lir_call *k = lir_append(c, n, kernel);
    k->params = ir_alloc(c->graph, params_size);
    memcpy(k->params, params, params_size);
    return k;
}

/* The member of family with this suffix; dtype names the element type in
   the error when there is none. */
static rt_kernel_id pick(ir_node *n, rt_kernel_family family, int32_t dtype, const char *suffix)
{
    rt_kernel_id k = rt_kernel_of_family(family, suffix);
    if (k == RT_KERNEL_NONE)
        diag_node(n, DIAG_UNSUPPORTED, "element type %s is not supported by dlc for this op (no kernel %s_%s)",
                  dtype_name(dtype), rt_family_name(family), suffix);
    return k;
}

rt_kernel_id lower_pick_typed(ir_node *n, rt_kernel_family family, int32_t dtype)
{
    return pick(n, family, dtype, dtype_suffix(dtype));
}

rt_kernel_id lower_pick_sized(ir_node *n, rt_kernel_family family, int32_t dtype)
{
    char suffix[16];
    snprintf(suffix, sizeof suffix, "x%zu", dtype_size(dtype) * 8);
    return pick(n, family, dtype, suffix);
}

rt_kernel_id lower_pick_typed2(ir_node *n, rt_kernel_family2 family, int32_t from, int32_t to)
{
    rt_kernel_id k = rt_kernel_of_family2(family, dtype_suffix(from), dtype_suffix(to));
    if (k == RT_KERNEL_NONE)
        diag_node(n, DIAG_UNSUPPORTED, "%s to %s is not supported by dlc for this op (no kernel %s_%s_%s)",
                  dtype_name(from), dtype_name(to), rt_family2_name(family), dtype_suffix(from), dtype_suffix(to));
    return k;
}

bool lower_copy(lir_program *c, ir_node *n, ir_value *x, ir_value *y)
{
    rt_copy_params p = {.count = ir_value_numel(x)};
    lir_call *k = lower_kernel_sized(c, n, KERNELS_rt_copy, x->dtype, &p);
    if (!k) return false;
    call_tensor(k, x);
    call_tensor(k, y);
    return true;
}

bool lower_view(lir_program *c, ir_node *n, ir_value *x, ir_value *y)
{
    if (!lower_copy(c, n, x, y)) return false;
    c->calls[c->num_calls - 1]->is_view = true;
    return true;
}

void call_tensor(lir_call *k, ir_value *v)
{
    if (k->num_tensors >= LIR_MAX_TENSORS) abort();
    k->tensors[k->num_tensors++] = v;
}

void call_scratch(lir_call *k, size_t bytes)
{
    k->scratch_bytes = bytes;
}

/* ---- values made by lowering ------------------------------------------------ */

ir_value *lower_temp(lir_program *c, int32_t dtype, int rank, const int64_t *dims)
{
    char name[32];
    snprintf(name, sizeof name, "dlc_temp_%d", c->graph->num_values);
    ir_value *v = ir_value_new(c->graph, name);
    ir_value_set_shape(v, dtype, rank, dims);
    v->is_temp = true;
    return v;
}

ir_value *lower_const(lir_program *c, int32_t dtype, int rank, const int64_t *dims, const void *data)
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

void lower_name_after(lir_program *c, ir_value *v, const ir_value *from, const char *what)
{
    size_t n = strlen(from->name) + strlen(what) + 2;
    char *name = ir_alloc(c->graph, n);
    snprintf(name, n, "%s.%s", from->name, what);
    v->name = name;
}

ir_value *lower_const_scalar(lir_program *c, int32_t dtype, double value)
{
    union { float f; double d; int8_t i8; int16_t i16; int32_t i32; int64_t i64; uint8_t u8; uint16_t u16;
            uint32_t u32; uint64_t u64; } u;
    memset(&u, 0, sizeof u);
    switch (dtype) {
    case DT_FLOAT: u.f = (float)value; break;
    case DT_DOUBLE: u.d = value; break;
    case DT_INT8: u.i8 = (int8_t)value; break;
    case DT_INT4: u.i8 = rt_wrap_i4((uint64_t)(int64_t)value); break; /* a byte each inside */
    case DT_INT2: u.i8 = rt_wrap_i2((uint64_t)(int64_t)value); break;
    case DT_UINT4: u.u8 = rt_wrap_u4((uint64_t)(int64_t)value); break;
    case DT_UINT2: u.u8 = rt_wrap_u2((uint64_t)(int64_t)value); break;
    case DT_FLOAT8E4M3FN: u.u8 = rt_f8e4m3fn_from_f64(value, 1); break;
    case DT_FLOAT8E4M3FNUZ: u.u8 = rt_f8e4m3fnuz_from_f64(value, 1); break;
    case DT_FLOAT8E5M2: u.u8 = rt_f8e5m2_from_f64(value, 1); break;
    case DT_FLOAT8E5M2FNUZ: u.u8 = rt_f8e5m2fnuz_from_f64(value, 1); break;
    case DT_FLOAT8E8M0: u.u8 = rt_f8e8m0_from_f32((float)value, 1, RT_ROUND_UP); break;
    case DT_FLOAT4E2M1: u.u8 = rt_f4e2m1_from_f64(value); break;
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

/* ---- the whole graph ----------------------------------------------------------- */

bool lower_node(ir_node *n, lir_program *p)
{
    int first = p->num_calls;
    if (!n->def->lower(n, p)) return false;
    for (int c = first; c < p->num_calls; c++)
        if (!lir_check_call(p->calls[c])) return false;
    return true;
}

bool lower_graph(ir_graph *g, int threads, const target_desc *target, lir_program *p)
{
    memset(p, 0, sizeof *p);
    p->graph = g;
    p->threads = threads > 1 ? threads : 1;
    p->target = target ? target : target_host();
    diag_set_graph(g);
    for (int i = 0; i < g->num_nodes; i++) {
        ir_node *n = g->nodes[i];
        int first = p->num_calls;
        if (!n->dead && !lower_node(n, p)) return false;
        for (int c = first; c < p->num_calls; c++) p->calls[c]->guard = n->guard, p->calls[c]->guard_when = n->guard_when;
    }
    return lower_packed_boundaries(p);
}

int lower_threads(const lir_program *p) { return p->threads > 1 ? p->threads : 1; }
