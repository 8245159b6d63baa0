/* The C backend: runtime section selection, and a generated program whose
   weights hold every byte value (the string-literal encoding) compiled by
   the system C compiler and run. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/c/emit_c.h"
#include "backend/runtime_source.h"
#include "ir/diag.h"
#include "ops/op.h"
#include "passes/passes.h"

Test(backend, selection_pulls_in_needed_sections)
{
    runtime_selection *s = runtime_selection_new();
    cr_assert(runtime_select(s, "rt_add_f32"));
    cr_assert_not(runtime_select(s, "rt_no_such_kernel"));
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    runtime_write_selected(s, f);
    fclose(f);
    cr_assert(strstr(buf, "#define RT_MAX_RANK"), "the prelude comes first");
    cr_assert(strstr(buf, "typedef struct rt_binary_params"), "the parameter struct rt_add_f32 takes");
    cr_assert(strstr(buf, "#define RT_BINARY"), "the macros rt_add_f32 needs");
    cr_assert(strstr(buf, "RT_BINARY(rt_add_f32"));
    cr_assert(strstr(buf, "#define RT_MAX_RANK") < strstr(buf, "typedef struct rt_binary_params") &&
                  strstr(buf, "typedef struct rt_binary_params") < strstr(buf, "RT_BINARY(rt_add_f32"),
              "sections in dependency order");
    cr_assert_null(strstr(buf, "rt_sub_f32"), "only what is selected");
    cr_assert_null(strstr(buf, "//@"), "no section markers in the output");
    free(buf);
    runtime_selection_free(s);
    cr_assert_str_eq(rt_kernel(KERNEL_rt_add_f32)->name, "rt_add_f32");
    cr_assert_eq(rt_kernel_by_name("rt_add_f32"), KERNEL_rt_add_f32);
    cr_assert_eq(rt_kernel_by_name("rt_no_such_kernel"), RT_KERNEL_NONE);
    cr_assert_eq(rt_kernel_of_family(KERNELS_rt_add, "i64"), KERNEL_rt_add_i64);
    cr_assert_eq(rt_kernel_of_family(KERNELS_rt_add, "str"), RT_KERNEL_NONE);
}

/* Lowers y = a + b for inputs of the given shapes and returns the call's
   parameters (the graph stays alive in *g). */
static const rt_binary_params *lower_add(ir_graph **g, lir_program *s, int ra, const int64_t *da, int rb,
                                         const int64_t *db)
{
    diag_clear();
    *g = ir_graph_new("add.onnx");
    ir_value *a = ir_value_new(*g, "a"), *b = ir_value_new(*g, "b");
    ir_value_set_shape(a, DT_FLOAT, ra, da);
    ir_value_set_shape(b, DT_FLOAT, rb, db);
    a->is_input = b->is_input = true;
    ir_node *add = ir_node_new(*g, "Add", 2, 1);
    add->opset = 13;
    add->inputs[0] = a;
    add->inputs[1] = b;
    ir_value *y = add->outputs[0] = ir_value_new(*g, "y");
    y->is_output = true;
    static ir_value *inputs[2], *outputs[1];
    inputs[0] = a, inputs[1] = b, outputs[0] = y;
    (*g)->inputs = inputs;
    (*g)->num_inputs = 2;
    (*g)->outputs = outputs;
    (*g)->num_outputs = 1;
    ir_link_producers(*g);
    cr_assert(pass_infer_shapes(*g) && lower_graph(*g, s), "%s", diag_message());
    cr_assert_eq(s->num_calls, 1);
    cr_assert_eq(s->calls[0]->kernel, KERNEL_rt_add_f32);
    return s->calls[0]->params;
}

static void free_lowered(ir_graph *g, lir_program *s)
{
    lir_program_free(s);
    g->inputs = g->outputs = NULL;
    ir_graph_free(g);
}

/* The broadcast walk in rt_binary_params: size-1 dimensions dropped,
   dimensions both operands walk as one merged, 0 strides where broadcast. */
Test(backend, binary_params_merge_broadcast_dimensions)
{
    ir_graph *g;
    lir_program s;
    int64_t da[] = {2, 3, 4}, db[] = {4}, dc[] = {3, 1};
    const rt_binary_params *p = lower_add(&g, &s, 3, da, 1, db);
    cr_assert_eq(p->rank, 2);
    cr_assert(p->dims[0] == 6 && p->dims[1] == 4);
    cr_assert(p->a_strides[0] == 4 && p->a_strides[1] == 1);
    cr_assert(p->b_strides[0] == 0 && p->b_strides[1] == 1);
    free_lowered(g, &s);

    p = lower_add(&g, &s, 3, da, 2, dc);
    cr_assert_eq(p->rank, 3);
    cr_assert(p->dims[0] == 2 && p->dims[1] == 3 && p->dims[2] == 4);
    cr_assert(p->a_strides[0] == 12 && p->a_strides[1] == 4 && p->a_strides[2] == 1);
    cr_assert(p->b_strides[0] == 0 && p->b_strides[1] == 1 && p->b_strides[2] == 0);
    free_lowered(g, &s);

    p = lower_add(&g, &s, 3, da, 3, da);
    cr_assert(p->rank == 1 && p->dims[0] == 24 && p->a_strides[0] == 1 && p->b_strides[0] == 1);
    free_lowered(g, &s);
}

static bool write_file(const char *path, const lir_program *s, const emit_c_options *o, bool header)
{
    FILE *f = fopen(path, "w");
    if (!f) return false;
    bool ok = header ? emit_c_header(s, o, f) : emit_c_source(s, o, f);
    return fclose(f) == 0 && ok;
}

Test(backend, weights_with_every_byte_value_round_trip)
{
    diag_clear();
    ir_graph *g = ir_graph_new("bytes \"model\".onnx");
    int64_t n = 256;
    ir_value *x = ir_value_new(g, "x\"?\\");
    ir_value_set_shape(x, DT_UINT8, 1, &n);
    x->is_input = true;
    ir_value *c = ir_value_new(g, "c");
    ir_value_set_shape(c, DT_UINT8, 1, &n);
    unsigned char *d = ir_alloc(g, 256);
    for (int i = 0; i < 256; i++) d[i] = (unsigned char)i;
    c->data = d;
    ir_node *add = ir_node_new(g, "Add", 2, 1);
    add->opset = 13;
    add->inputs[0] = x;
    add->inputs[1] = c;
    ir_value *y = add->outputs[0] = ir_value_new(g, "y");
    y->is_output = true;
    ir_value *inputs[] = {x}, *outputs[] = {y};
    g->inputs = inputs;
    g->num_inputs = 1;
    g->outputs = outputs;
    g->num_outputs = 1;
    cr_assert(pipeline_run(g, true), "%s", diag_message());
    lir_program s;
    cr_assert(lower_graph(g, &s) && plan_memory(&s), "%s", diag_message());

    char dir[] = "/tmp/dlc-test-backend-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char c_path[256], h_path[256], main_path[256], cmd[1024];
    snprintf(c_path, sizeof c_path, "%s/bytes.c", dir);
    snprintf(h_path, sizeof h_path, "%s/bytes.h", dir);
    snprintf(main_path, sizeof main_path, "%s/main.c", dir);
    emit_c_options o = {"bytes", "bytes.h", g->source_path};
    cr_assert(write_file(h_path, &s, &o, true) && write_file(c_path, &s, &o, false));
    FILE *f = fopen(main_path, "w");
    fputs("#include <string.h>\n#include \"bytes.h\"\n"
          "int main(void) {\n"
          "    unsigned char x[256], y[256];\n"
          "    const void *in[1] = {x}; void *out[1] = {y};\n"
          "    memset(x, 1, sizeof x);\n"
          "    if (bytes_run(in, out) != 0) return 1;\n"
          "    for (int i = 0; i < 256; i++) if (y[i] != (unsigned char)(i + 1)) return 2;\n"
          "    if (strcmp(bytes_input_info(0)->name, \"x\\\"?\\\\\") != 0) return 3;\n"
          "    if (bytes_input_info(0)->dims[0] != 256 || bytes_output_info(0)->elem_type != 2) return 4;\n"
          "    if (bytes_num_inputs() != 1 || bytes_num_outputs() != 1 || bytes_input_info(1)) return 5;\n"
          "    return 0;\n}\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "cc -std=c99 -Wall -Wextra -Werror -O1 %s %s -o %s/prog -lm && %s/prog", c_path,
             main_path, dir, dir);
    int rc = system(cmd);
    cr_assert_eq(rc, 0, "generated program failed: %d (see %s)", rc, dir);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    lir_program_free(&s);
    g->inputs = g->outputs = NULL;
    ir_graph_free(g);
}
