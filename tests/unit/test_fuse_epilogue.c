/* Epilogue fusion (passes/pass_fuse_epilogue.c) against the unfused path.
   For every case of tests/fusion/cases (made by tests/fusion/make_cases.py:
   Conv, Gemm and MatMul followed by bias Adds, residual Adds and each
   activation, on odd shapes, and patterns that must not fuse), the model is
   compiled twice, with and without the fusion pass; the fused graph must
   have the number of nodes the case expects, and both graphs' kernel calls
   are run here, through the same runtime kernels the generated code calls
   (the kernel table's thunks): the fused result must match the unfused one
   and the case's expected output. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/pipeline.h"
#include "frontend/onnx_reader.h"
#include "ir/diag.h"
#include "ops/op.h"

#define CASES DLC_SOURCE_DIR "/tests/fusion/cases"

static int live_nodes(const ir_graph *g)
{
    int count = 0;
    for (int i = 0; i < g->num_nodes; i++) count += !g->nodes[i]->dead;
    return count;
}

/* Runs the calls in order, every tensor in memory of its own (no arena):
   inputs get the case's data, the rest zeroed buffers. */
static void run_program(lir_program *p, ir_graph *g, const char *dir)
{
    for (int i = 0; i < g->num_inputs; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/test_data_set_0/input_%d.pb", dir, i);
        ir_value *v = onnx_read_tensor_file(g, path);
        cr_assert(v && ir_value_bytes(v) == ir_value_bytes(g->inputs[i]), "%s: input %d", dir, i);
        g->inputs[i]->data = v->data;
    }
    for (int c = 0; c < p->num_calls; c++) {
        const lir_call *k = p->calls[c];
        void *t[LIR_MAX_TENSORS + 1] = {0};
        for (int j = 0; j < k->num_tensors; j++) {
            ir_value *v = k->tensors[j];
            if (v && !v->data) v->data = ir_alloc(g, ir_value_bytes(v));
            t[j] = v ? v->data : NULL;
        }
        void *scratch = k->scratch_bytes ? calloc(1, k->scratch_bytes) : NULL;
        t[k->num_tensors] = scratch;
        rt_kernel(k->kernel)->call(k->params, t);
        free(scratch);
    }
}

/* Compiles and runs the case; returns the graph (its output has data). */
static ir_graph *compile_and_run(const char *dir, bool fusion)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/model.onnx", dir);
    diag_clear();
    ir_graph *g = onnx_read_model(path, NULL);
    cr_assert(g, "%s: %s", path, diag_message());
    cr_assert(pipeline_optimize_fusion(g, true, fusion), "%s: %s", path, diag_message());
    lir_program p;
    cr_assert(lower_graph(g, 1, NULL, &p), "%s: %s", path, diag_message());
    run_program(&p, g, dir);
    lir_program_free(&p);
    return g;
}

static void compare(const char *what, const float *got, const float *want, int64_t n, double rtol, double atol)
{
    for (int64_t i = 0; i < n; i++)
        cr_assert(fabs((double)got[i] - want[i]) <= atol + rtol * fabs((double)want[i]),
                  "%s: element %lld is %.9g, expected %.9g", what, (long long)i, got[i], want[i]);
}

static void check_case(const char *name)
{
    char dir[2048], path[4096];
    snprintf(dir, sizeof dir, "%s/%s", CASES, name);
    snprintf(path, sizeof path, "%s/fused_nodes", dir);
    FILE *f = fopen(path, "r");
    int expected_nodes = -1;
    cr_assert(f && fscanf(f, "%d", &expected_nodes) == 1, "%s", path);
    fclose(f);

    ir_graph *fused = compile_and_run(dir, true), *plain = compile_and_run(dir, false);
    cr_assert_eq(live_nodes(fused), expected_nodes, "%s: %d nodes after fusion, expected %d", name,
                 live_nodes(fused), expected_nodes);
    bool must_fuse = strncmp(name, "no_", 3) != 0;
    cr_assert(!must_fuse || live_nodes(plain) > live_nodes(fused), "%s: the unfused graph has no more nodes", name);

    const ir_value *yf = fused->outputs[0], *yp = plain->outputs[0];
    int64_t n = ir_value_numel(yf);
    cr_assert_eq(n, ir_value_numel(yp));
    snprintf(path, sizeof path, "%s/test_data_set_0/output_0.pb", dir);
    const ir_value *want = onnx_read_tensor_file(plain, path);
    cr_assert(want && ir_value_numel(want) == n, "%s", path);
    char what[300];
    snprintf(what, sizeof what, "%s: fused against unfused", name);
    compare(what, yf->data, yp->data, n, 1e-5, 1e-6);
    snprintf(what, sizeof what, "%s: fused against the expected output", name);
    compare(what, yf->data, want->data, n, 1e-4, 1e-5);
    ir_graph_free(fused);
    ir_graph_free(plain);
}

Test(fuse_epilogue, every_case_fuses_as_expected_and_matches_the_unfused_path)
{
    DIR *d = opendir(CASES);
    cr_assert(d, "%s missing: run tests/fusion/make_cases.py", CASES);
    int count = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.') continue;
        check_case(e->d_name);
        count++;
    }
    closedir(d);
    cr_assert_geq(count, 30, "only %d cases in %s", count, CASES);
}
