/* The C backend: runtime section selection; generated programs compiled by
   the system C compilers and run: weights holding every byte value (the
   string-literal encoding), the header's per-input and per-output macros
   sizing a program's buffers, NAME_output_dims of an output whose shape
   depends on the data, and model names that try to break the header. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "backend/c/emit_c.h"
#include "backend/runtime_source.h"
#include "ir/diag.h"
#include "driver/pipeline.h"
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
    cr_assert(pass_infer_shapes(*g) && lower_graph(*g, 1, NULL, s), "%s", diag_message());
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

static int command_status(const char *cmd)
{
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Compiles g as NAME.c and NAME.h in a new folder, with main_source as
   main.c, by each C compiler present (cc, and clang when installed) at
   -std=c99 -Wall -Wextra -Werror, and runs each program. Returns the first
   non-zero status (the folder is kept then) or 0. */
static int build_and_run(ir_graph *g, const char *name, const char *main_source)
{
    cr_assert(pipeline_optimize(g, true), "%s", diag_message());
    lir_program s;
    cr_assert(lower_graph(g, 1, NULL, &s) && plan_memory(&s), "%s", diag_message());
    char dir[] = "/tmp/dlc-test-backend-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char c_path[256], h_path[256], main_path[256], header[64], cmd[2048];
    snprintf(c_path, sizeof c_path, "%s/%s.c", dir, name);
    snprintf(h_path, sizeof h_path, "%s/%s.h", dir, name);
    snprintf(main_path, sizeof main_path, "%s/main.c", dir);
    snprintf(header, sizeof header, "%s.h", name);
    emit_c_options o = {.name = name, .header_name = header, .model_path = g->source_path};
    cr_assert(write_file(h_path, &s, &o, true) && write_file(c_path, &s, &o, false));
    lir_program_free(&s);
    FILE *f = fopen(main_path, "w");
    cr_assert_not_null(f);
    fputs(main_source, f);
    fclose(f);
    const char *compilers[] = {"cc", "clang"};
    for (int i = 0; i < 2; i++) {
        snprintf(cmd, sizeof cmd, "command -v %s >/dev/null", compilers[i]);
        if (i > 0 && command_status(cmd) != 0) continue;
        snprintf(cmd, sizeof cmd, "%s -std=c99 -Wall -Wextra -Werror -O1 %s %s -o %s/prog -lm && %s/prog", compilers[i],
                 c_path, main_path, dir, dir);
        int rc = command_status(cmd);
        if (rc) {
            cr_log_error("%s: status %d (see %s)", compilers[i], rc, dir);
            return rc;
        }
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    return 0;
}

/* A graph input named `name` of the given type and shape, and the graph
   output named `out_name` computing Add(input, input). */
static void add_doubler(ir_graph *g, const char *name, const char *out_name, int32_t dtype, int rank,
                        const int64_t *dims, ir_value **input, ir_value **output)
{
    ir_value *x = ir_value_new(g, name);
    ir_value_set_shape(x, dtype, rank, dims);
    x->is_input = true;
    ir_node *add = ir_node_new(g, "Add", 2, 1);
    add->opset = 13;
    add->inputs[0] = add->inputs[1] = x;
    ir_value *y = add->outputs[0] = ir_value_new(g, out_name);
    y->is_output = true;
    *input = x;
    *output = y;
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
    int rc = build_and_run(g, "bytes",
                           "#include <string.h>\n#include \"bytes.h\"\n"
                           "int main(void) {\n"
                           "    unsigned char x[256], y[256];\n"
                           "    const void *in[1] = {x}; void *out[1] = {y};\n"
                           "    memset(x, 1, sizeof x);\n"
                           "    if (bytes_run(in, out) != 0) return 1;\n"
                           "    for (int i = 0; i < 256; i++) if (y[i] != (unsigned char)(i + 1)) return 2;\n"
                           "    if (strcmp(bytes_input_info(0)->name, \"x\\\"?\\\\\") != 0) return 3;\n"
                           "    if (bytes_input_info(0)->dims[0] != 256 || bytes_output_info(0)->elem_type != 2) return 4;\n"
                           "    if (bytes_num_inputs() != 1 || bytes_num_outputs() != 1 || bytes_input_info(1)) return 5;\n"
                           "    return 0;\n}\n");
    cr_assert_eq(rc, 0, "generated program failed: %d", rc);
    g->inputs = g->outputs = NULL;
    ir_graph_free(g);
}

/* The header's NAME_INPUT_<i>_ELEMS/_BYTES and NAME_OUTPUT_<i>_ELEMS/_BYTES
   (DESIGN.md 3.1) size a program's buffers, and agree with the info
   functions' dims times the element size, for three element types and a
   scalar. */
Test(backend, header_macros_size_the_buffers)
{
    diag_clear();
    ir_graph *g = ir_graph_new("io.onnx");
    int64_t xd[] = {2, 3, 4}, bd[] = {5};
    ir_value *inputs[3], *outputs[3];
    add_doubler(g, "x", "z", DT_FLOAT, 3, xd, &inputs[0], &outputs[0]);
    add_doubler(g, "b", "w", DT_INT64, 1, bd, &inputs[1], &outputs[1]);
    add_doubler(g, "s", "t", DT_DOUBLE, 0, NULL, &inputs[2], &outputs[2]);
    g->inputs = inputs;
    g->num_inputs = 3;
    g->outputs = outputs;
    g->num_outputs = 3;
    int rc = build_and_run(g, "io",
        "#include \"io.h\"\n"
        "static float x[io_INPUT_0_ELEMS], z[io_OUTPUT_0_ELEMS];\n"
        "static int64_t b[io_INPUT_1_ELEMS], w[io_OUTPUT_1_ELEMS];\n"
        "static double s[io_INPUT_2_ELEMS], t[io_OUTPUT_2_ELEMS];\n"
        "static const size_t sizes[2][3] = {{sizeof x, sizeof b, sizeof s}, {sizeof z, sizeof w, sizeof t}};\n"
        "static const size_t elem_sizes[3] = {sizeof x[0], sizeof b[0], sizeof s[0]};\n"
        "static const long long elems[2][3] = {{io_INPUT_0_ELEMS, io_INPUT_1_ELEMS, io_INPUT_2_ELEMS},\n"
        "                                      {io_OUTPUT_0_ELEMS, io_OUTPUT_1_ELEMS, io_OUTPUT_2_ELEMS}};\n"
        "static const size_t bytes[2][3] = {{io_INPUT_0_BYTES, io_INPUT_1_BYTES, io_INPUT_2_BYTES},\n"
        "                                   {io_OUTPUT_0_BYTES, io_OUTPUT_1_BYTES, io_OUTPUT_2_BYTES}};\n"
        "static long long count(const dlc_tensor_info *info) {\n"
        "    long long n = 1;\n"
        "    for (int d = 0; d < info->rank; d++) n *= info->dims[d];\n"
        "    return n;\n}\n"
        "int main(void) {\n"
        "    if (io_num_inputs() != 3 || io_num_outputs() != 3) return 1;\n"
        "    for (int i = 0; i < 3; i++) {\n"
        "        const dlc_tensor_info *info[2] = {io_input_info(i), io_output_info(i)};\n"
        "        for (int k = 0; k < 2; k++) {\n"
        "            if (elems[k][i] != count(info[k])) return 10 + i;\n"
        "            if (bytes[k][i] != (size_t)count(info[k]) * elem_sizes[i]) return 20 + i;\n"
        "            if (sizes[k][i] != bytes[k][i]) return 30 + i;\n"
        "        }\n"
        "    }\n"
        "    if (io_INPUT_0_ELEMS != 24 || io_OUTPUT_1_BYTES != 40 || io_INPUT_2_ELEMS != 1) return 2;\n"
        "    for (int i = 0; i < io_INPUT_0_ELEMS; i++) x[i] = (float)i;\n"
        "    for (int i = 0; i < io_INPUT_1_ELEMS; i++) b[i] = (int64_t)1 << (40 + i);\n"
        "    s[0] = 0.25;\n"
        "    const void *in[3] = {x, b, s};\n"
        "    void *out[3] = {z, w, t};\n"
        "    if (io_run(in, out) != 0) return 3;\n"
        "    if (z[23] != 46.0f || w[4] != (int64_t)1 << 45 || t[0] != 0.5) return 4;\n"
        "    return 0;\n}\n");
    cr_assert_eq(rc, 0, "generated program failed: %d", rc);
    g->inputs = g->outputs = NULL;
    ir_graph_free(g);
}

/* An output whose shape depends on the data (DESIGN.md 3.1): the header
   sizes NonZero's buffer for the bound ([2, 6]: every element nonzero),
   NAME_output_dims gives the actual dims after each run (two runs with 4
   and then 1 nonzero elements, -0.0 counting as zero), the indices lie
   dense in those dims at the start of the buffer, a static output reports
   its static dims, and an output that does not exist gives -1. */
Test(backend, output_dims_follow_the_data)
{
    diag_clear();
    ir_graph *g = ir_graph_new("nonzero.onnx");
    int64_t xd[] = {2, 3}, bd[] = {5};
    ir_value *x = ir_value_new(g, "x");
    ir_value_set_shape(x, DT_FLOAT, 2, xd);
    x->is_input = true;
    ir_node *nz = ir_node_new(g, "NonZero", 1, 1);
    nz->opset = 13;
    nz->inputs[0] = x;
    ir_value *y = nz->outputs[0] = ir_value_new(g, "y");
    y->is_output = true;
    ir_value *inputs[2] = {x}, *outputs[2] = {y};
    add_doubler(g, "b", "w", DT_INT64, 1, bd, &inputs[1], &outputs[1]);
    g->inputs = inputs;
    g->num_inputs = 2;
    g->outputs = outputs;
    g->num_outputs = 2;
    int rc = build_and_run(g, "nz",
        "#include \"nz.h\"\n"
        "static int64_t y[nz_OUTPUT_0_ELEMS], w[nz_OUTPUT_1_ELEMS], b[nz_INPUT_1_ELEMS];\n"
        "static int check(const float *x, int64_t count, const int64_t *want) {\n"
        "    const void *in[2] = {x, b}; void *out[2] = {y, w};\n"
        "    int64_t dims[2] = {-1, -1};\n"
        "    if (nz_run(in, out) != 0 || nz_output_dims(0, dims) != 0) return 1;\n"
        "    if (dims[0] != 2 || dims[1] != count) return 2;\n"
        "    for (int64_t k = 0; k < 2 * count; k++) if (y[k] != want[k]) return 3;\n"
        "    return 0;\n}\n"
        "int main(void) {\n"
        "    if (nz_OUTPUT_0_ELEMS != 12 || nz_output_info(0)->dims[1] != 6) return 10;\n"
        "    static const float x1[6] = {0.0f, 1.5f, -0.0f, 2.0f, -3.0f, 1e-30f}, x2[6] = {0, 0, 0, 0, -0.0f, 7};\n"
        "    static const int64_t want1[8] = {0, 1, 1, 1, 1, 0, 1, 2}, want2[2] = {1, 2};\n"
        "    int rc = check(x1, 4, want1);\n"
        "    if (rc) return 20 + rc;\n"
        "    if ((rc = check(x2, 1, want2))) return 30 + rc;\n"
        "    int64_t dims[1] = {0};\n"
        "    if (nz_output_dims(1, dims) != 0 || dims[0] != 5) return 40;\n"
        "    if (nz_output_dims(2, dims) != -1 || nz_output_dims(-1, dims) != -1) return 41;\n"
        "    return 0;\n}\n");
    cr_assert_eq(rc, 0, "generated program failed: %d", rc);
    g->inputs = g->outputs = NULL;
    ir_graph_free(g);
}

/* s as the body of a C string literal, for the test programs. */
static const char *c_literal(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 5 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\' || c == '?') n += (size_t)snprintf(out + n, cap - n, "\\%c", c);
        else if (c >= 32 && c < 127) out[n++] = (char)c;
        else n += (size_t)snprintf(out + n, cap - n, "\\%03o", c);
    }
    out[n] = 0;
    return out;
}

/* ONNX names are arbitrary strings: names made to end the header's
   comments, start directives, continue lines or spell trigraphs must reach
   the header only through the comment filter (and the .c only as escaped
   literals): the program compiles warning-free, the macros are the real
   ones and the info functions return the names exactly. */
Test(backend, hostile_names_cannot_break_the_header)
{
    diag_clear();
    static const char in_name[] = "x */ #define evil_INPUT_0_ELEMS 1 /* \"quoted\" \\\n#error broken\n?\?/";
    static const char out_name[] = "*/\n#include <nonexistent.h>\n/* \\";
    char long_name[400];
    memset(long_name, '*', sizeof long_name - 2);
    memcpy(long_name + 150, "*/ \\", 4);
    long_name[sizeof long_name - 2] = '/';
    long_name[sizeof long_name - 1] = 0;
    ir_graph *g = ir_graph_new("*/ \"model\"\n#error x\\.onnx");
    int64_t dims[] = {2, 2};
    ir_value *inputs[2], *outputs[2];
    add_doubler(g, in_name, out_name, DT_FLOAT, 2, dims, &inputs[0], &outputs[0]);
    add_doubler(g, long_name, "\\", DT_INT32, 1, dims, &inputs[1], &outputs[1]);
    g->inputs = inputs;
    g->num_inputs = 2;
    g->outputs = outputs;
    g->num_outputs = 2;
    char main_source[4096], lit_in[512], lit_out[512];
    snprintf(main_source, sizeof main_source,
             "#include <string.h>\n#include \"evil.h\"\n"
             "static float x[evil_INPUT_0_ELEMS], y[evil_OUTPUT_0_ELEMS];\n"
             "static int32_t a[evil_INPUT_1_ELEMS], b[evil_OUTPUT_1_ELEMS];\n"
             "int main(void) {\n"
             "    const void *in[2] = {x, a};\n"
             "    void *out[2] = {y, b};\n"
             "    if (evil_INPUT_0_ELEMS != 4 || sizeof y != evil_OUTPUT_0_BYTES || sizeof b != 8) return 1;\n"
             "    if (strcmp(evil_input_info(0)->name, \"%s\") != 0) return 2;\n"
             "    if (strcmp(evil_output_info(0)->name, \"%s\") != 0) return 3;\n"
             "    if (strlen(evil_input_info(1)->name) != %zu || strcmp(evil_output_info(1)->name, \"\\\\\")) return 4;\n"
             "    x[3] = 1.5f;\n"
             "    a[1] = 7;\n"
             "    return evil_run(in, out) != 0 || y[3] != 3.0f || b[1] != 14 ? 5 : 0;\n}\n",
             c_literal(in_name, lit_in, sizeof lit_in), c_literal(out_name, lit_out, sizeof lit_out), strlen(long_name));
    int rc = build_and_run(g, "evil", main_source);
    cr_assert_eq(rc, 0, "generated program failed: %d", rc);
    g->inputs = g->outputs = NULL;
    ir_graph_free(g);
}

/* y = Cast(x, to) with saturate (opset 25). */
static ir_value *add_cast(ir_graph *g, ir_value *x, int32_t to, const char *name)
{
    ir_node *n = ir_node_new(g, "Cast", 1, 1);
    n->opset = 25;
    n->inputs[0] = x;
    n->num_attrs = 1;
    n->attrs = ir_alloc(g, sizeof *n->attrs);
    n->attrs[0] = (ir_attr){.name = ir_strdup(g, "to"), .type = IR_ATTR_INT, .i = to};
    ir_value *y = n->outputs[0] = ir_value_new(g, name);
    y->is_output = true;
    return y;
}

/* DESIGN.md section 3: 4- and 2-bit buffers are packed, lowest bits first,
   at element counts that leave the last byte part-filled: an int4 input (5
   elements, 3 bytes), a uint2 constant (7 elements, stored packed in the
   weights and unpacked before the Concat that reads it), a uint2 output of
   12 elements (3 bytes), an int2 output computed by a call
   and packed after it, the int4 input copied straight to an output, and a
   float8e4m3fn output (one byte each, bit patterns). The header's _BYTES
   are the packed sizes and elem_type the ONNX codes. */
Test(backend, packed_types_cross_the_boundary_packed)
{
    diag_clear();
    ir_graph *g = ir_graph_new("packed.onnx");
    int64_t five = 5, seven = 7;
    ir_value *x = ir_value_new(g, "x");
    ir_value_set_shape(x, DT_INT4, 1, &five);
    x->is_input = true;
    ir_value *c = ir_value_new(g, "c");
    ir_value_set_shape(c, DT_UINT2, 1, &seven);
    static const uint8_t c_data[7] = {0, 1, 2, 3, 3, 2, 1};
    c->data = ir_alloc(g, 7);
    memcpy(c->data, c_data, 7);
    ir_value *y = add_cast(g, x, DT_FLOAT, "y");
    ir_value *u = add_cast(g, x, DT_UINT2, "u");    /* -8, 7, -1, 0, 3 wrap to 0, 3, 3, 0, 3 */
    u->is_output = false;
    ir_node *concat = ir_node_new(g, "Concat", 2, 1);
    concat->opset = 13;
    concat->inputs[0] = u;
    concat->inputs[1] = c;
    concat->num_attrs = 1;
    concat->attrs = ir_alloc(g, sizeof *concat->attrs);
    concat->attrs[0] = (ir_attr){.name = ir_strdup(g, "axis"), .type = IR_ATTR_INT, .i = 0};
    ir_value *z = concat->outputs[0] = ir_value_new(g, "z");
    z->is_output = true;
    ir_value *v = add_cast(g, y, DT_INT2, "v");
    ir_value *f = add_cast(g, x, DT_FLOAT8E4M3FN, "f");
    x->is_output = true;
    ir_value *inputs[] = {x}, *outputs[] = {y, z, v, x, f};
    g->inputs = inputs;
    g->num_inputs = 1;
    g->outputs = outputs;
    g->num_outputs = 5;
    int rc = build_and_run(g, "packed",
        "#include <string.h>\n#include \"packed.h\"\n"
        "int main(void) {\n"
        "    static const unsigned char x[3] = {0x78, 0x0f, 0x03}; /* int4 -8, 7, -1, 0, 3 */\n"
        "    float y[5]; unsigned char z[3], v[3] = {0xaa, 0xaa, 0xaa}, w[3], f[5];\n"
        "    const void *in[1] = {x}; void *out[5] = {y, z, v, w, f};\n"
        "    if (packed_INPUT_0_BYTES != 3 || packed_INPUT_0_ELEMS != 5 || packed_OUTPUT_1_BYTES != 3) return 1;\n"
        "    if (packed_OUTPUT_2_BYTES != 2 || packed_OUTPUT_3_BYTES != 3 || packed_OUTPUT_4_BYTES != 5) return 2;\n"
        "    if (packed_input_info(0)->elem_type != 22 || packed_output_info(2)->elem_type != 26) return 3;\n"
        "    if (packed_output_info(4)->elem_type != 17) return 4;\n"
        "    if (packed_run(in, out) != 0) return 5;\n"
        "    static const float ye[5] = {-8, 7, -1, 0, 3};\n"
        "    static const unsigned char ze[3] = {0x3c, 0x93, 0x6f}, fe[5] = {0xd0, 0x4e, 0xb8, 0x00, 0x44};\n"
        "    if (memcmp(y, ye, sizeof y) || memcmp(z, ze, sizeof z)) return 6;\n"
        "    if (v[0] != 0x3c || v[1] != 0x03 || v[2] != 0xaa) return 7; /* int2 0, -1, -1, 0, -1 */\n"
        "    if (memcmp(w, x, 3) || memcmp(f, fe, 5)) return 8;\n"
        "    return 0;\n}\n");
    cr_assert_eq(rc, 0, "generated program failed: %d", rc);
    cr_assert(c->packed && ((uint8_t *)c->data)[0] == 0xe4 && ((uint8_t *)c->data)[1] == 0x1b,
              "the uint2 weights are stored packed");
    g->inputs = g->outputs = NULL;
    ir_graph_free(g);
}

/* An If whose condition is a graph input: both branches are compiled, each
   call guarded by the condition, and one program run twice with the
   condition flipped takes each branch (then: -2x, else: x + 1). */
Test(backend, run_time_if_takes_the_branch_of_each_run)
{
    diag_clear();
    ir_graph *g = ir_graph_new("if.onnx");
    int64_t n = 5, one = 1;
    ir_value *cond = ir_value_new(g, "cond"), *x = ir_value_new(g, "x");
    ir_value_set_shape(cond, DT_BOOL, 0, NULL);
    ir_value_set_shape(x, DT_FLOAT, 1, &n);
    cond->is_input = x->is_input = true;
    ir_graph *then_b = ir_subgraph_new(g), *else_b = ir_subgraph_new(g);
    ir_node *neg = ir_node_new(then_b, "Neg", 1, 1), *twice = ir_node_new(then_b, "Add", 2, 1);
    neg->opset = twice->opset = 13;
    neg->inputs[0] = x;
    neg->outputs[0] = ir_value_new(then_b, "minus_x");
    twice->inputs[0] = twice->inputs[1] = neg->outputs[0];
    twice->outputs[0] = ir_value_new(then_b, "then_y");
    ir_value *k = ir_value_new(else_b, "one");
    ir_value_set_shape(k, DT_FLOAT, 1, &one);
    k->data = ir_alloc(else_b, sizeof(float));
    *(float *)k->data = 1.0f;
    ir_node *inc = ir_node_new(else_b, "Add", 2, 1);
    inc->opset = 13;
    inc->inputs[0] = x;
    inc->inputs[1] = k;
    inc->outputs[0] = ir_value_new(else_b, "else_y");
    ir_link_producers(then_b);
    ir_link_producers(else_b);
    static ir_value *then_out[1], *else_out[1];
    then_out[0] = twice->outputs[0], else_out[0] = inc->outputs[0];
    then_b->outputs = then_out, then_b->num_outputs = 1;
    else_b->outputs = else_out, else_b->num_outputs = 1;
    ir_node *iff = ir_node_new(g, "If", 1, 1);
    iff->opset = 13;
    iff->inputs[0] = cond;
    ir_value *y = iff->outputs[0] = ir_value_new(g, "y");
    y->is_output = true;
    iff->attrs = ir_alloc(g, sizeof(ir_attr) * 2);
    iff->attrs[0] = (ir_attr){.name = "then_branch", .type = IR_ATTR_GRAPH, .graph = then_b};
    iff->attrs[1] = (ir_attr){.name = "else_branch", .type = IR_ATTR_GRAPH, .graph = else_b};
    iff->num_attrs = 2;
    ir_value *inputs[] = {cond, x}, *outputs[] = {y};
    g->inputs = inputs, g->num_inputs = 2;
    g->outputs = outputs, g->num_outputs = 1;
    int rc = build_and_run(g, "iff",
                           "#include \"iff.h\"\n"
                           "int main(void) {\n"
                           "    float x[5] = {1, -2, 3.5f, 0, 7}, y[5];\n"
                           "    unsigned char c;\n"
                           "    const void *in[2] = {&c, x}; void *out[1] = {y};\n"
                           "    for (int run = 0; run < 4; run++) {\n"
                           "        c = run % 2 == 0;\n"
                           "        if (iff_run(in, out) != 0) return 1;\n"
                           "        for (int i = 0; i < 5; i++)\n"
                           "            if (y[i] != (c ? -2 * x[i] : x[i] + 1)) return 2 + run;\n"
                           "    }\n"
                           "    return 0;\n}\n");
    cr_assert_eq(rc, 0, "generated program failed: %d", rc);
    g->inputs = g->outputs = NULL;
    ir_graph_free(g);
}
