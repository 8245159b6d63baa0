/* Printing the kernel calls (ir/lir.h) as C99. The output stands alone: the runtime
   sections the calls need are copied in, weights are one string literal
   (compilers parse a 100 MB string in seconds, where 25 million numeric
   initializers take minutes and gigabytes), tensors live in one static arena. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "emit_c.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backend/runtime_source.h"
#include "ir/diag.h"
#include "runtime/host/kernel_table.h"

/* Comments carry model names only through this filter. */
static void write_comment_text(FILE *out, const char *s, size_t max)
{
    for (size_t i = 0; s && s[i] && i < max; i++) {
        unsigned char c = (unsigned char)s[i];
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-' || c == ':' || c == ' ' || c == '/';
        fputc(safe ? c : '_', out);
    }
}

/* A C string literal body: printable ASCII as is, the rest as 3-digit octal
   (never ambiguous with a following digit); '?' escaped against trigraphs. */
static void write_string_body(FILE *out, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\' || c == '?') { fputc('\\', out); fputc(c, out); }
        else if (c >= 32 && c < 127) fputc(c, out);
        else fprintf(out, "\\%03o", c);
    }
}

static void write_c_string(FILE *out, const char *s)
{
    fputc('"', out);
    write_string_body(out, (const unsigned char *)s, strlen(s));
    fputc('"', out);
}

/* A floating-point literal that reads back to exactly x (a float when
   is_float, with the f suffix), as short as possible. */
static void write_real(FILE *out, double x, bool is_float)
{
    if (isnan(x)) { fputs("NAN", out); return; }
    if (isinf(x)) { fputs(x > 0 ? "INFINITY" : "-INFINITY", out); return; }
    char text[64];
    for (int digits = is_float ? 6 : 15; digits <= (is_float ? 9 : 17); digits++) {
        snprintf(text, sizeof text, "%.*g", digits, x);
        if (is_float ? (double)strtof(text, NULL) == x : strtod(text, NULL) == x) break;
    }
    fputs(text, out);
    if (!strpbrk(text, ".eE")) fputs(".0", out);
    if (is_float) fputc('f', out);
}

static void write_int64(FILE *out, int64_t v)
{
    /* -9223372036854775808 is not a valid C literal: minus applied to a too-large constant. */
    if (v == INT64_MIN) fputs("(-INT64_MAX - 1)", out);
    else fprintf(out, "%" PRId64, v);
}

/* An element type as the header names it: ONNX's name with float's and
   double's widths spelled out, and what a buffer of it holds in C. */
static const char *header_type_name(int32_t dtype)
{
    return dtype == DT_FLOAT ? "float32" : dtype == DT_DOUBLE ? "float64" : dtype_name(dtype);
}

/* The C type a kernel sees a tensor of this element type as. */
static const char *c_type(int32_t dtype)
{
    switch (dtype) {
    case DT_FLOAT: return "float";
    case DT_DOUBLE: return "double";
    case DT_INT8: case DT_INT4: case DT_INT2: return "int8_t"; /* 4- and 2-bit: one a byte inside */
    case DT_INT16: return "int16_t";
    case DT_INT32: return "int32_t";
    case DT_INT64: return "int64_t";
    case DT_UINT16: case DT_FLOAT16: case DT_BFLOAT16: return "uint16_t";
    case DT_UINT32: return "uint32_t";
    case DT_UINT64: return "uint64_t";
    default: return "uint8_t";
    }
}

/* What a caller's buffer holds, for the header's comments. */
static const char *c_element(int32_t dtype)
{
    switch (dtype) {
    case DT_BOOL: return "one byte, 0 or 1";
    case DT_FLOAT16: case DT_BFLOAT16: return "uint16_t bit patterns";
    case DT_UINT4: case DT_INT4: case DT_FLOAT4E2M1: return "two per byte, lowest bits first";
    case DT_UINT2: case DT_INT2: return "four per byte, lowest bits first";
    default:
        if (dtype_is_small_float(dtype)) return "uint8_t bit patterns";
        return dtype_size(dtype) ? c_type(dtype) : "raw bytes";
    }
}

static void write_dims(FILE *out, const ir_value *v)
{
    fputc('[', out);
    for (int d = 0; d < v->rank; d++) fprintf(out, "%s%" PRId64, d ? ", " : "", v->dims[d]);
    fputc(']', out);
}

/* One comment and two macros per graph input or output: its name (through
   the comment filter), element type, dims, element count and byte size.
   The byte size is ir_value_bytes, dense as DESIGN.md section 3 lays buffers
   out: 4- and 2-bit graph inputs and outputs are packed (ir_value.packed). */
static void write_io_macros(FILE *out, const char *n, const char *what, const char *macro, ir_value *const *values,
                            int count)
{
    for (int i = 0; i < count; i++) {
        const ir_value *v = values[i];
        fprintf(out, "/* %s %d \"", what, i);
        write_comment_text(out, v->name, 120);
        fprintf(out, "%s\": %s (C: %s), dims ", strlen(v->name) > 120 ? "..." : "", header_type_name(v->dtype),
                c_element(v->dtype));
        write_dims(out, v);
        if (v->is_dynamic)
            fprintf(out, ", an upper bound: dimension %d depends on the data (%s_output_dims)", v->dynamic_dim, n);
        fprintf(out, "%s */\n", v->rank ? "" : " (a scalar)");
        fprintf(out, "#define %s_%s_%d_ELEMS %" PRId64 "\n", n, macro, i, ir_value_numel(v));
        fprintf(out, "#define %s_%s_%d_BYTES %zu\n", n, macro, i, ir_value_bytes(v));
    }
    if (count) fputc('\n', out);
}

static void write_io_section(const lir_program *s, const char *n, FILE *out)
{
    const ir_graph *g = s->graph;
    fprintf(out, "/* The model's %d input%s and %d output%s, in the order of %s_run's arrays.\n"
                 "   Each with its ONNX name (characters other than letters, digits, space and\n"
                 "   _.-:/ shown as _, long names cut; %s_input_info(i)->name and\n"
                 "   %s_output_info(i)->name hold it exactly), its element type, the C type of\n"
                 "   its buffer's elements and its dims; then the buffer's element count\n"
                 "   (_ELEMS) and size in bytes (_BYTES). A buffer for output 0 of C type T:\n"
                 "       static T out0[%s_OUTPUT_0_ELEMS]; */\n\n",
            g->num_inputs, g->num_inputs == 1 ? "" : "s", g->num_outputs, g->num_outputs == 1 ? "" : "s", n, n, n, n);
    write_io_macros(out, n, "input", "INPUT", g->inputs, g->num_inputs);
    write_io_macros(out, n, "output", "OUTPUT", g->outputs, g->num_outputs);
}

bool emit_c_header(const lir_program *s, const emit_c_options *o, FILE *out)
{
    const char *n = o->name;
    fprintf(out, "/* Generated by dlc %s from ", DLC_VERSION);
    write_comment_text(out, o->model_path, 200);
    fprintf(out, ". Do not edit.\n"
                 "   Arena (intermediate tensors, static): %zu bytes. Weights: %zu bytes.\n"
                 "   %s_run is not reentrant: it uses one static arena. */\n",
            s->arena_bytes, s->weights_bytes, n);
    fprintf(out, "#ifndef %s_DLC_H\n#define %s_DLC_H\n\n", n, n);
    fputs("#include <stddef.h>\n#include <stdint.h>\n\n"
          "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
          "#ifndef DLC_TENSOR_INFO_DEFINED\n#define DLC_TENSOR_INFO_DEFINED\n"
          "typedef struct dlc_tensor_info {\n"
          "    const char *name;        /* the ONNX value name, as in the model */\n"
          "    int32_t elem_type;       /* ONNX TensorProto.DataType code: 1 float, 7 int64, 9 bool, ... */\n"
          "    int32_t rank;\n"
          "    const int64_t *dims;     /* rank entries, all concrete */\n"
          "} dlc_tensor_info;\n#endif\n\n", out);
    fprintf(out, "#define %s_ARENA_BYTES %zu\n#define %s_WEIGHTS_BYTES %zu\n\n", n, s->arena_bytes, n,
            s->weights_bytes);
    write_io_section(s, n, out);
    /* The declarations of DESIGN.md section 3, word for word. */
    fprintf(out, "int %s_num_inputs(void);\nint %s_num_outputs(void);\n"
                 "const dlc_tensor_info *%s_input_info(int i);\n"
                 "const dlc_tensor_info *%s_output_info(int i);\n\n"
                 "/* Runs the model. inputs[i] and outputs[i] are dense row-major buffers of the\n"
                 "   element type and dims above, in the order of the graph's inputs (initializers\n"
                 "   excluded) and outputs. Returns 0 on success. */\n"
                 "int %s_run(const void *const inputs[], void *const outputs[]);\n\n",
            n, n, n, n, n);
    fprintf(out, "/* The dims of output i after the last run into dims (%s_output_info(i)->rank\n"
                 "   entries); 0 on success, -1 for no such output. An output whose shape depends\n"
                 "   on the data holds its elements dense row-major in these dims at the start\n"
                 "   of its buffer (which is sized for the upper bound, %s_output_info(i)->dims);\n"
                 "   before the first run such a dimension reads 0. Any other output: its\n"
                 "   static dims, %s_output_info(i)->dims. */\n"
                 "int %s_output_dims(int i, int64_t *dims);\n\n",
            n, n, n, n);
    if (o->threads == 1)
        fprintf(out, "/* Compiled with --threads=1: %s_run runs on the calling thread; n is ignored. */\n"
                     "#define %s_MAX_THREADS 1\nvoid %s_set_num_threads(int n);\n\n",
                n, n, n);
    else if (s->threads > 1)
        fprintf(out, "/* Compiled with --threads=%d: %s_run shares its work among n threads (1 to\n"
                     "   %s_MAX_THREADS; 1 until this is called), a pool of pthreads created on the\n"
                     "   first run that needs it. Link with -pthread. The results do not depend on n. */\n"
                     "#define %s_MAX_THREADS %d\nvoid %s_set_num_threads(int n);\n\n",
                s->threads, n, n, n, s->threads, n);
    fprintf(out, "#ifdef __cplusplus\n}\n#endif\n\n#endif\n");
    return !ferror(out);
}

static void write_weights(const lir_program *s, FILE *out)
{
    const ir_graph *g = s->graph;
    if (!s->weights_bytes) return;
    fprintf(out, "static const union { unsigned char bytes[%zu]; double align; } DLC_ALIGN dlc_weights = {\n\"",
            s->weights_bytes);
    size_t at = 0, column = 0;
    static const unsigned char zeros[LIR_ALIGN];
    for (int i = 0; i < g->num_values; i++) {
        const ir_value *v = g->values[i];
        if (s->locs[v->id].kind != LIR_LOC_CONST || s->locs[v->id].within) continue; /* a view's bytes are its root's */
        size_t off = s->locs[v->id].offset, bytes = ir_value_bytes(v);
        if (off > at) { write_string_body(out, zeros, off - at); at = off; }
        for (size_t b = 0; b < bytes; b += 4096) {
            size_t chunk = bytes - b < 4096 ? bytes - b : 4096;
            write_string_body(out, (const unsigned char *)v->data + b, chunk);
            column += chunk;
            if (column >= 4096) { fputs("\"\n\"", out); column = 0; }
        }
        at += bytes;
    }
    if (s->weights_bytes > at) write_string_body(out, zeros, s->weights_bytes - at);
    fputs("\"};\n\n", out);
}

static void write_infos(const char *what, ir_value *const *values, int count, FILE *out)
{
    for (int i = 0; i < count; i++) {
        const ir_value *v = values[i];
        fprintf(out, "static const int64_t dlc_%s_dims_%d[] = {", what, i);
        for (int d = 0; d < v->rank; d++) fprintf(out, "%s%" PRId64, d ? ", " : "", v->dims[d]);
        if (!v->rank) fputs("0", out);
        fputs("};\n", out);
    }
    if (!count) return;
    fprintf(out, "static const dlc_tensor_info dlc_%s_infos[] = {\n", what);
    for (int i = 0; i < count; i++) {
        const ir_value *v = values[i];
        fputs("    {", out);
        write_c_string(out, v->name);
        fprintf(out, ", %d, %d, dlc_%s_dims_%d},\n", (int)v->dtype, v->rank, what, i);
    }
    fputs("};\n", out);
}

static void write_info_functions(const char *n, const char *what, const char *plural, int count, FILE *out)
{
    fprintf(out, "int %s_num_%s(void) { return %d; }\n", n, plural, count);
    if (count)
        fprintf(out, "const dlc_tensor_info *%s_%s_info(int i)\n{\n"
                     "    return i >= 0 && i < %d ? &dlc_%s_infos[i] : NULL;\n}\n", n, what, count, what);
    else
        fprintf(out, "const dlc_tensor_info *%s_%s_info(int i)\n{\n    (void)i;\n    return NULL;\n}\n", n, what);
}

/* NAME_output_dims: the static dims of output i, with a data-dependent
   dimension read from where the output's kernel wrote it in the arena
   (plan_memory keeps that place to the end of the run). */
static bool write_output_dims_function(const lir_program *s, const char *n, FILE *out)
{
    const ir_graph *g = s->graph;
    fprintf(out, "int %s_output_dims(int i, int64_t *dims)\n{\n", n);
    fprintf(out, "    const dlc_tensor_info *info = %s_output_info(i);\n"
                 "    if (!info || !dims) return -1;\n"
                 "    for (int d = 0; d < info->rank; d++) dims[d] = info->dims[d];\n", n);
    for (int i = 0; i < g->num_outputs; i++) {
        const ir_value *v = g->outputs[i];
        if (!v->is_dynamic) continue;
        const lir_loc *l = v->dynamic_size ? &s->locs[v->dynamic_size->id] : NULL;
        if (!l || l->kind != LIR_LOC_ARENA)
            return diag_error(DIAG_INVALID, "internal: output %d has no run-time size", i);
        fprintf(out, "    if (i == %d) dims[%d] = *(const int64_t *)(const void *)(dlc_arena.bytes + %zu);\n", i,
                v->dynamic_dim, l->offset);
    }
    fputs("    return 0;\n}\n\n", out);
    return true;
}

/* ---- NAME_run: named tensors and a list of kernel calls ----------------------- */

/* Every tensor a call or an output copy uses gets a local pointer named by
   its place: in<i>, out<i>, w<n> (weights), t<n> (arena), numbered in order
   of first use. A value that lives inside another tensor's memory
   (lir_loc.within: a view such as a Reshape, a part of a Concat, the result
   of an in-place call) is v<n>, a pointer into that tensor. Model names only
   appear in sanitised comments. */
typedef struct tensor_names {
    char (*name)[24];              /* by value id; "" when unused */
    const ir_value **order;        /* named values in order of first use */
    int count, weights, temps, views;
} tensor_names;

static void name_tensor(const lir_program *s, tensor_names *tn, const ir_value *v)
{
    if (!v || tn->name[v->id][0]) return;
    const lir_loc *l = &s->locs[v->id];
    if (l->within) {
        name_tensor(s, tn, l->within); /* declared first: the view points into it */
        snprintf(tn->name[v->id], sizeof tn->name[0], "v%d", tn->views++);
        tn->order[tn->count++] = v;
        return;
    }
    switch (l->kind) {
    case LIR_LOC_INPUT: snprintf(tn->name[v->id], sizeof tn->name[0], "in%d", l->index); break;
    case LIR_LOC_OUTPUT: snprintf(tn->name[v->id], sizeof tn->name[0], "out%d", l->index); break;
    case LIR_LOC_CONST: snprintf(tn->name[v->id], sizeof tn->name[0], "w%d", tn->weights++); break;
    case LIR_LOC_ARENA: snprintf(tn->name[v->id], sizeof tn->name[0], "t%d", tn->temps++); break;
    default: return;
    }
    tn->order[tn->count++] = v;
}

/* A view: its root's pointer, moved by the view's offset (in elements when
   the two have the same element type, as views have today). */
static void write_view_address(const lir_program *s, const tensor_names *tn, const ir_value *v, FILE *out)
{
    const lir_loc *l = &s->locs[v->id];
    const ir_value *root = l->within;
    size_t at = l->offset - s->locs[root->id].offset, size = dtype_size(v->dtype);
    const char *q = l->kind == LIR_LOC_CONST || l->kind == LIR_LOC_INPUT ? "const " : "";
    const char *type = c_type(v->dtype), *base = tn->name[root->id];
    if (!strcmp(type, c_type(root->dtype)) && size && at % size == 0)
        fprintf(out, at ? "%s + %zu;" : "%s;", base, at / size);
    else
        fprintf(out, "(%s%s *)((%sunsigned char *)%s + %zu);", q, type, q, base, at);
}

static void declare_tensor(const lir_program *s, const tensor_names *tn, const ir_value *v, FILE *out)
{
    const lir_loc *l = &s->locs[v->id];
    const char *type = c_type(v->dtype), *name = tn->name[v->id];
    bool is_const = l->kind == LIR_LOC_CONST || l->kind == LIR_LOC_INPUT;
    const char *q = is_const ? "const " : "";
    fprintf(out, "    %s%s *const %s = ", q, type, name);
    if (l->within) {
        write_view_address(s, tn, v, out);
    } else {
        fprintf(out, "(%s%s *)", q, type);
        switch (l->kind) {
        case LIR_LOC_INPUT: fprintf(out, "inputs[%d];", l->index); break;
        case LIR_LOC_OUTPUT: fprintf(out, "outputs[%d];", l->index); break;
        case LIR_LOC_CONST: fprintf(out, "(dlc_weights.bytes + %zu);", l->offset); break;
        default: fprintf(out, "(dlc_arena.bytes + %zu);", l->offset); break;
        }
    }
    fputs(" /* ", out);
    write_comment_text(out, v->name, 80);
    fprintf(out, ": %s ", dtype_name(v->dtype));
    write_dims(out, v);
    if (l->within) fprintf(out, ", in %s", tn->name[l->within->id]);
    fputs(" */\n", out);
}

static void write_tensor(const tensor_names *tn, const ir_value *v, FILE *out)
{
    fputs(v ? tn->name[v->id] : "NULL", out);
}

/* The identifier of a call's parameter struct: the kernel's name without
   "rt_" and its type suffix, and the call's index (conv_3, add_12). */
static void write_params_name(const lir_call *k, int index, FILE *out)
{
    const char *base = rt_kernel(k->kernel)->base;
    if (strncmp(base, "rt_", 3) == 0) base += 3;
    fprintf(out, "%s_%d", base, index);
}

/* An integer field: the enum constant that has its value, if the field
   names an enum, else the number. */
static void write_int_field(FILE *out, const rt_param_field *f, int64_t v)
{
    for (int k = 0; k < f->num_constants; k++)
        if (f->constants[k].value == v) {
            fputs(f->constants[k].name, out);
            return;
        }
    write_int64(out, v);
}

static void write_field_value(FILE *out, const rt_param_field *f, const unsigned char *base, int i)
{
    const unsigned char *at = base + f->offset;
    switch (f->type) {
    case RT_FIELD_INT64: { int64_t v; memcpy(&v, at + (size_t)i * 8, 8); write_int_field(out, f, v); break; }
    case RT_FIELD_INT32: { int32_t v; memcpy(&v, at + (size_t)i * 4, 4); write_int_field(out, f, v); break; }
    case RT_FIELD_FLOAT: { float v; memcpy(&v, at + (size_t)i * 4, 4); write_real(out, v, true); break; }
    case RT_FIELD_DOUBLE: { double v; memcpy(&v, at + (size_t)i * 8, 8); write_real(out, v, false); break; }
    }
}

static bool field_is_zero(const rt_param_field *f, const unsigned char *base, int i)
{
    size_t size = f->type == RT_FIELD_INT64 || f->type == RT_FIELD_DOUBLE ? 8 : 4;
    static const unsigned char zero[8];
    return memcmp(base + f->offset + (size_t)i * size, zero, size) == 0;
}

/* One field as `.name = value` (arrays up to their last non-zero element). */
static void write_field(FILE *out, const rt_param_field *f, const unsigned char *base)
{
    fprintf(out, ".%s = ", f->name);
    if (!f->is_array) {
        write_field_value(out, f, base, 0);
        return;
    }
    int n = f->count;
    while (n > 1 && field_is_zero(f, base, n - 1)) n--;
    fputc('{', out);
    for (int e = 0; e < n; e++) {
        if (e) fputs(", ", out);
        write_field_value(out, f, base, e);
    }
    fputc('}', out);
}

/* `static const rt_conv_params conv_3 = {.batch = 1, ...};` on one line when
   it fits in 110 columns, else the fields wrapped below it. */
static void write_call_params(const lir_call *k, int index, FILE *out)
{
    const rt_params_info *pi = rt_params(rt_kernel(k->kernel)->params);
    const unsigned char *base = k->params;
    int count = pi->num_fields;
    char **fields = calloc((size_t)count, sizeof *fields), *head = NULL;
    size_t total = 0, len = 0;
    if (!fields) abort();
    for (int i = 0; i < count; i++) {
        FILE *m = open_memstream(&fields[i], &len);
        if (!m) abort();
        write_field(m, &pi->fields[i], base);
        fclose(m);
        total += len + 2;
    }
    FILE *m = open_memstream(&head, &len);
    if (!m) abort();
    fprintf(m, "    static const %s ", pi->name);
    write_params_name(k, index, m);
    fputs(" = {", m);
    fclose(m);
    fputs(head, out);
    if (len + total + 1 <= 110) {
        for (int i = 0; i < count; i++) fprintf(out, "%s%s", i ? ", " : "", fields[i]);
        fputs("};\n", out);
    } else {
        size_t column = 110;
        for (int i = 0; i < count; i++) {
            size_t len = strlen(fields[i]) + 1;
            if (column + len > 110) { fputs(i ? ",\n        " : "\n        ", out); column = 8; }
            else fputs(", ", out);
            fputs(fields[i], out);
            column += len + 1;
        }
        fputs("\n    };\n", out);
    }
    for (int i = 0; i < count; i++) free(fields[i]);
    free(fields);
    free(head);
}

static void write_call(const lir_program *s, const tensor_names *tn, const lir_call *k, int index, FILE *out)
{
    write_call_params(k, index, out);
    if (k->guard) { /* a branch of an If decided at run time */
        fprintf(out, "    if ((*(const unsigned char *)%s != 0) == %d)\n    ", tn->name[k->guard->id], k->guard_when ? 1 : 0);
    }
    fprintf(out, "    %s(&", rt_kernel(k->kernel)->name);
    write_params_name(k, index, out);
    for (int j = 0; j < k->num_tensors; j++) {
        fputs(", ", out);
        write_tensor(tn, k->tensors[j], out);
    }
    if (k->scratch_bytes) fprintf(out, ", dlc_arena.bytes + %zu", s->scratch_offsets[index]);
    fputs(");\n", out);
}

static void write_node_comment(const ir_node *n, FILE *out)
{
    fputs("\n    /* ", out);
    write_comment_text(out, n->op_type, 64);
    if (n->name && n->name[0]) {
        fputs(" ", out);
        write_comment_text(out, n->name, 120);
    }
    /* what the fusion pass folded in, e.g. "+ residual + Relu" */
    if (n->epilogue.has_scale) fputs(" * scale", out);
    if (n->epilogue.has_residual) fputs(" + residual", out);
    if (n->epilogue.activation != IR_ACT_NONE) fprintf(out, " + %s", ir_activation_name(n->epilogue.activation));
    const char *separator = " -> ";
    for (int i = 0; i < n->num_outputs; i++)
        if (n->outputs[i]) {
            fputs(separator, out);
            write_dims(out, n->outputs[i]);
            separator = ", ";
        }
    fputs(" */\n", out);
}

static bool write_run(const lir_program *s, const emit_c_options *o, FILE *out)
{
    const ir_graph *g = s->graph;
    tensor_names tn = {calloc((size_t)g->num_values + 1, sizeof *tn.name),
                       calloc((size_t)g->num_values + 1, sizeof *tn.order), 0, 0, 0, 0};
    if (!tn.name || !tn.order) {
        free(tn.name);
        free(tn.order);
        return diag_error(DIAG_INVALID, "out of memory");
    }
    for (int c = 0; c < s->num_calls; c++)
        for (int j = 0; j < s->calls[c]->num_tensors; j++) name_tensor(s, &tn, s->calls[c]->tensors[j]);
    for (int c = 0; c < s->num_calls; c++) name_tensor(s, &tn, s->calls[c]->guard);
    for (int i = 0; i < s->num_copies; i++) /* an empty output copies nothing: no name, no unused variable */
        if (ir_value_bytes(s->copies[i].from)) name_tensor(s, &tn, s->copies[i].from);

    fprintf(out, "int %s_run(const void *const inputs[], void *const outputs[])\n{\n", o->name);
    fputs("    (void)inputs;\n    (void)outputs;\n    (void)dlc_arena;\n", out);
    if (s->weights_bytes) fputs("    (void)dlc_weights;\n", out);
    /* Inputs, outputs, weights, arena tensors, then views, each in order of first use. */
    static const lir_loc_kind kinds[] = {LIR_LOC_INPUT, LIR_LOC_OUTPUT, LIR_LOC_CONST, LIR_LOC_ARENA};
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < tn.count; i++)
            if (s->locs[tn.order[i]->id].kind == kinds[k] && !s->locs[tn.order[i]->id].within)
                declare_tensor(s, &tn, tn.order[i], out);
    for (int i = 0; i < tn.count; i++)
        if (s->locs[tn.order[i]->id].within) declare_tensor(s, &tn, tn.order[i], out);
    const ir_node *last = NULL;
    for (int c = 0; c < s->num_calls; c++) {
        const lir_call *k = s->calls[c];
        if (k->node != last) write_node_comment(k->node, out);
        last = k->node;
        write_call(s, &tn, k, c, out);
    }
    for (int i = 0; i < s->num_copies; i++) {
        const lir_output_copy *cp = &s->copies[i];
        size_t bytes = ir_value_bytes(cp->from);
        if (!bytes) continue;
        fprintf(out, "    memcpy(outputs[%d], ", cp->output);
        write_tensor(&tn, cp->from, out);
        fprintf(out, ", %zu);\n", bytes);
    }
    fputs("    return 0;\n}\n", out);
    free(tn.name);
    free(tn.order);
    return true;
}

bool emit_c_source(const lir_program *s, const emit_c_options *o, FILE *out)
{
    const ir_graph *g = s->graph;
    fprintf(out, "/* Generated by dlc %s from ", DLC_VERSION);
    write_comment_text(out, o->model_path, 200);
    fprintf(out, ". Do not edit.\n   Arena: %zu bytes. Weights: %zu bytes. Kernel calls: %d. */\n",
            s->arena_bytes, s->weights_bytes, s->num_calls);
    fputs("#include \"", out);
    write_string_body(out, (const unsigned char *)o->header_name, strlen(o->header_name));
    fputs("\"\n\n", out);

    runtime_selection *sel = runtime_selection_new();
    if (!sel) return diag_error(DIAG_INVALID, "out of memory");
    if (s->threads > 1) {
        /* the kernels' rt_parallel_for gets the pthreads pool (runtime/parallel.h) */
        fprintf(out, "#define RT_THREADS %d\n\n", s->threads);
        runtime_select(sel, "rt_parallel");
    }
    for (int c = 0; c < s->num_calls; c++) {
        const char *kernel = rt_kernel(s->calls[c]->kernel)->name;
        if (!runtime_select(sel, kernel)) {
            runtime_selection_free(sel);
            return diag_error(DIAG_INVALID, "internal: no runtime source for kernel %s", kernel);
        }
    }
    runtime_write_selected(sel, out);
    runtime_selection_free(sel);

    fputs("\n#if defined(__GNUC__)\n#define DLC_ALIGN __attribute__((aligned(64)))\n#else\n#define DLC_ALIGN\n#endif\n\n", out);
    write_weights(s, out);
    fprintf(out, "static union { unsigned char bytes[%zu]; double align; } DLC_ALIGN dlc_arena;\n\n",
            s->arena_bytes ? s->arena_bytes : 1);
    write_infos("input", g->inputs, g->num_inputs, out);
    write_infos("output", g->outputs, g->num_outputs, out);
    fputc('\n', out);
    write_info_functions(o->name, "input", "inputs", g->num_inputs, out);
    write_info_functions(o->name, "output", "outputs", g->num_outputs, out);
    fputc('\n', out);
    if (s->threads > 1) fprintf(out, "void %s_set_num_threads(int n) { rt_set_num_threads(n); }\n\n", o->name);
    else if (o->threads == 1) fprintf(out, "void %s_set_num_threads(int n) { (void)n; }\n\n", o->name);
    return write_output_dims_function(s, o->name, out) && write_run(s, o, out) && !ferror(out);
}
