/* The compiler's pipeline, step by step. */
#include "pipeline.h"

#include <stdio.h>
#include <string.h>

#include "backend/target.h"
#include "driver/output.h"
#include "ir/diag.h"
#include "ir/lir.h"
#include "ops/op.h"
#include "passes/passes.h"

typedef bool transform_fn(ir_graph *g, bool *changed);

/* The simplifying passes, in order; `fusion` marks the ones --no-fusion
   leaves out (every other pass is needed, or changes no kernel's work). */
static const struct {
    transform_fn *run;
    bool fusion;
} simplify_passes[] = {
    {pass_remove_identity, false},   /* Identity, inference-mode Dropout */
    {pass_fuse_conv_bn, false},      /* BatchNormalization folded into the Conv before it */
    {pass_cancel_transposes, false}, /* Transpose(Transpose(x)): x, or one Transpose */
    {pass_fold_transpose, true},     /* Transpose -> MatMul read through strides */
    {pass_fuse_layer_norm, true},    /* ReduceMean, Sub, Pow, ... Div, Mul, Add into LayerNormalization */
    {pass_fuse_epilogue, true},      /* bias, residual Add, activation into Conv/Gemm/MatMul */
    {pass_dead_code, false},         /* nodes whose outputs are constant or unused */
};

static bool run_pass(ir_graph *g, transform_fn *pass, bool verify)
{
    bool changed = false;
    if (!pass(g, &changed)) return false;
    /* Only a pass that changed the graph can have broken an invariant. */
    return !(verify && changed) || ir_verify(g);
}

bool pipeline_optimize(ir_graph *g, bool verify) { return pipeline_optimize_fusion(g, verify, true); }

bool pipeline_optimize_fusion(ir_graph *g, bool verify, bool fusion)
{
    diag_set_graph(g);
    ir_link_producers(g);
    if (verify && !ir_verify(g)) return false;
    if (!pass_infer_shapes(g)) return false; /* folds constant nodes as it goes */
    if (verify && !ir_verify(g)) return false;
    for (size_t i = 0; i < sizeof simplify_passes / sizeof simplify_passes[0]; i++)
        if ((fusion || !simplify_passes[i].fusion) && !run_pass(g, simplify_passes[i].run, verify)) return false;
    ir_link_producers(g);
    return true;
}

/* The frontend: reads the model, pins dimensions, binds inputs. */
static ir_graph *load(const pipeline_options *o)
{
    onnx_read_options ro = {o->shapes, o->num_shapes, o->dims, o->num_dims};
    ir_graph *g = onnx_read_model(o->model, &ro);
    for (int i = 0; g && i < o->num_binds; i++) {
        const char *eq = strrchr(o->binds[i], '=');
        char name[1024];
        snprintf(name, sizeof name, "%.*s", (int)(eq - o->binds[i]), o->binds[i]);
        if (!onnx_bind_input(g, name, eq + 1)) {
            ir_graph_free(g);
            return NULL;
        }
    }
    return g;
}

/* --stats, after the totals: each kernel call with the node it comes from,
   the output it writes and its scratch, so that the kernel lowering chose
   for each layer (sgemm or Winograd conv, weights packed or not, ...) is
   visible without reading the C. */
static void print_calls(const lir_program *p)
{
    for (int i = 0; i < p->num_calls; i++) {
        const lir_call *k = p->calls[i];
        const ir_value *out = k->num_tensors > 0 ? k->tensors[k->num_tensors - 1] : NULL;
        fprintf(stderr, "dlc:   %s", rt_kernel(k->kernel)->name);
        if (k->node) {
            fprintf(stderr, " for %s \"", k->node->op_type);
            ir_print_escaped(stderr, k->node->name ? k->node->name : "");
            fputc('"', stderr);
        }
        if (out) {
            fprintf(stderr, " -> [");
            for (int d = 0; d < out->rank; d++) fprintf(stderr, "%s%lld", d ? ", " : "", (long long)out->dims[d]);
            fputc(']', stderr);
        }
        if (k->scratch_bytes) fprintf(stderr, ", scratch %zu bytes", k->scratch_bytes);
        if (k->tiling[0]) fprintf(stderr, ", %s", k->tiling);
        fputc('\n', stderr);
    }
}

/* The backend part: kernel calls, memory plan, C files. */
static bool compile_to_c(const pipeline_options *o, ir_graph *g)
{
    lir_program p;
    bool ok = lower_graph(g, o->threads, o->tune, &p) && plan_memory(&p) && output_write_c(&p, o);
    if (ok && o->stats) {
        fprintf(stderr, "dlc: %d nodes, %d kernel calls, arena %zu bytes, weights %zu bytes, %d copies removed, "
                "%d in place\n", g->num_nodes, p.num_calls, p.arena_bytes, p.weights_bytes, p.copies_removed,
                p.in_place);
        fprintf(stderr, "dlc: block sizes tuned for %s: %s\n", p.target->name, p.target->what);
        print_calls(&p);
    }
    lir_program_free(&p);
    return ok;
}

bool pipeline_compile(const pipeline_options *o)
{
    ir_graph *g = load(o);
    bool ok = g && pipeline_optimize_fusion(g, true, !o->no_fusion);
    if (ok && o->dump_ir) ir_print_text(g, stderr);
    if (ok) ok = strcmp(o->emit, "c") == 0 ? compile_to_c(o, g) : output_write_graph(g, o);
    ir_graph_free(g);
    return ok;
}
