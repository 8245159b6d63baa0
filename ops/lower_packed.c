/* The 4- and 2-bit element types at the edges of the generated code. Inside,
   every kernel sees them one byte per element (runtime/dtypes.h); the
   caller's buffers and the weights hold them packed, two or four to a byte
   (DESIGN.md section 3). After the nodes are lowered, each such graph input
   and constant is unpacked into a temporary just before the first call that
   reads it, and each such graph output is computed into a temporary and
   packed into the caller's buffer right after the last call that touches
   it. The boundary values are then marked ir_value.packed (their byte size
   is the packed one), and a constant's data is packed for the weights. */
#include "op.h"

#include <string.h>

#include "runtime/dtypes.h"

static bool is_graph_output(const ir_graph *g, const ir_value *v)
{
    for (int i = 0; i < g->num_outputs; i++)
        if (g->outputs[i] == v) return true;
    return false;
}

/* Every use of v in the calls becomes u; the first and last call using v,
   or -1 when none does. */
static void substitute(lir_program *p, const ir_value *v, ir_value *u, int *first, int *last)
{
    *first = *last = -1;
    for (int c = 0; c < p->num_calls; c++)
        for (int j = 0; j < p->calls[c]->num_tensors; j++) {
            if (p->calls[c]->tensors[j] != v) continue;
            p->calls[c]->tensors[j] = u;
            if (*first < 0) *first = c;
            *last = c;
        }
}

/* Appends a pack or unpack call from `from` to `to` and moves it to index at. */
static bool insert_call(lir_program *p, const ir_node *n, rt_kernel_id kernel, ir_value *from, ir_value *to, int at)
{
    rt_pack_params params = {.count = ir_value_numel(from)};
    lir_call *k = lower_kernel(p, (ir_node *)n, kernel, &params);
    if (!k) return false;
    call_tensor(k, from);
    call_tensor(k, to);
    memmove(&p->calls[at + 1], &p->calls[at], (size_t)(p->num_calls - 1 - at) * sizeof *p->calls);
    p->calls[at] = k;
    return true;
}

static rt_kernel_id unpack_kernel(int32_t dtype)
{
    switch (dtype) {
    case DT_INT4: return KERNEL_rt_unpack4_signed;
    case DT_INT2: return KERNEL_rt_unpack2_signed;
    case DT_UINT2: return KERNEL_rt_unpack2_unsigned;
    default: return KERNEL_rt_unpack4_unsigned; /* uint4, and float4e2m1's codes */
    }
}

/* v's bytes (a constant's data too) become the packed layout, once: a graph
   may be lowered twice (tests compare two memory plans). */
static void mark_packed(ir_graph *g, ir_value *v)
{
    if (v->packed) return;
    if (v->data) {
        uint8_t *packed = ir_alloc(g, dtype_packed_bytes(v->dtype, ir_value_numel(v)));
        rt_pack_bits(v->data, packed, ir_value_numel(v), dtype_bits(v->dtype));
        v->data = packed;
    }
    v->packed = true;
}

static bool lower_boundary(lir_program *p, ir_value *v)
{
    ir_graph *g = p->graph;
    bool arrives_packed = v->is_input || v->data;
    if (!arrives_packed && !is_graph_output(g, v)) return true;
    mark_packed(g, v);
    ir_value *u = lower_temp(p, v->dtype, v->rank, v->dims);
    lower_name_after(p, u, v, "unpacked");
    int first, last;
    substitute(p, v, u, &first, &last);
    if (first < 0) return true;    /* only copied to an output, packed as it is */
    if (arrives_packed) return insert_call(p, p->calls[first]->node, unpack_kernel(v->dtype), v, u, first);
    rt_kernel_id pack = dtype_bits(v->dtype) == 2 ? KERNEL_rt_pack2 : KERNEL_rt_pack4;
    return insert_call(p, p->calls[last]->node, pack, u, v, last + 1);
}

bool lower_packed_boundaries(lir_program *p)
{
    int count = p->graph->num_values; /* the temporaries made here come after */
    for (int i = 0; i < count; i++) {
        ir_value *v = p->graph->values[i];
        if (dtype_is_packed(v->dtype) && !v->is_temp && !lower_boundary(p, v)) return false;
    }
    return true;
}
