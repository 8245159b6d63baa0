/* Unit tests for the ONNX frontend (frontend/). Test models are built here
   with the protobuf-c messages and packed to temporary files, so no fixture
   files are needed; the last tests read the ONNX backend test data. */
#define _XOPEN_SOURCE 700

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend/onnx_reader.h"
#include "ir/diag.h"
#include "ir/ir.h"
#include "onnx.pb-c.h"

#define BACKEND_NODE_DIR "/work/shared/onnx-backend-tests/node"

/* ---- a tiny arena so the message trees built below are freed in one go ---- */

static void *arena[4096];
static int arena_n;

static void *alloc(size_t n)
{
    cr_assert(arena_n < 4096);
    void *p = calloc(1, n ? n : 1);
    cr_assert(p);
    return arena[arena_n++] = p;
}

static char *str(const char *s)
{
    char *d = alloc(strlen(s) + 1);
    strcpy(d, s);
    return d;
}

static char tmpdir[64];

static void setup(void)
{
    diag_clear();
    strcpy(tmpdir, "/tmp/dlc-frontend-XXXXXX");
    cr_assert(mkdtemp(tmpdir));
}

static void teardown(void)
{
    for (int i = 0; i < arena_n; i++) free(arena[i]);
    arena_n = 0;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) cr_log_warn("could not remove %s", tmpdir);
}

TestSuite(frontend, .init = setup, .fini = teardown);

/* ---- message builders ----------------------------------------------------- */

/* dims: -1 means symbolic, named by the next entry of params. */
static Onnx__ValueInfoProto *value_info(const char *name, int32_t elem, int rank, const int64_t *dims,
                                        const char *const *params)
{
    Onnx__ValueInfoProto *vi = alloc(sizeof *vi);
    onnx__value_info_proto__init(vi);
    vi->name = str(name);
    Onnx__TypeProto *tp = alloc(sizeof *tp);
    onnx__type_proto__init(tp);
    Onnx__TypeProto__Tensor *tt = alloc(sizeof *tt);
    onnx__type_proto__tensor__init(tt);
    tt->has_elem_type = 1;
    tt->elem_type = elem;
    tp->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
    tp->tensor_type = tt;
    vi->type = tp;
    if (rank < 0) return vi;
    Onnx__TensorShapeProto *sh = alloc(sizeof *sh);
    onnx__tensor_shape_proto__init(sh);
    sh->n_dim = (size_t)rank;
    sh->dim = alloc(sizeof(*sh->dim) * (size_t)rank);
    int p = 0;
    for (int i = 0; i < rank; i++) {
        Onnx__TensorShapeProto__Dimension *d = alloc(sizeof *d);
        onnx__tensor_shape_proto__dimension__init(d);
        if (dims[i] >= 0) {
            d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
            d->dim_value = dims[i];
        } else {
            d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
            d->dim_param = str(params[p++]);
        }
        sh->dim[i] = d;
    }
    tt->shape = sh;
    return vi;
}

static Onnx__TensorProto *tensor(const char *name, int32_t dtype, int rank, const int64_t *dims)
{
    Onnx__TensorProto *t = alloc(sizeof *t);
    onnx__tensor_proto__init(t);
    t->name = str(name);
    t->has_data_type = 1;
    t->data_type = dtype;
    t->n_dims = (size_t)rank;
    t->dims = alloc(sizeof(int64_t) * (size_t)rank);
    memcpy(t->dims, dims, sizeof(int64_t) * (size_t)rank);
    return t;
}

static void set_raw(Onnx__TensorProto *t, const void *data, size_t bytes)
{
    t->has_raw_data = 1;
    t->raw_data.len = bytes;
    t->raw_data.data = alloc(bytes);
    memcpy(t->raw_data.data, data, bytes);
}

static Onnx__NodeProto *node(const char *op, const char *name, int nin, const char *const *ins, int nout,
                             const char *const *outs)
{
    Onnx__NodeProto *n = alloc(sizeof *n);
    onnx__node_proto__init(n);
    n->op_type = str(op);
    n->name = str(name);
    n->n_input = (size_t)nin;
    n->input = alloc(sizeof(char *) * (size_t)nin);
    for (int i = 0; i < nin; i++) n->input[i] = str(ins[i]);
    n->n_output = (size_t)nout;
    n->output = alloc(sizeof(char *) * (size_t)nout);
    for (int i = 0; i < nout; i++) n->output[i] = str(outs[i]);
    return n;
}

static void add_attr(Onnx__NodeProto *n, Onnx__AttributeProto *a)
{
    Onnx__AttributeProto **list = alloc(sizeof *list * (n->n_attribute + 1));
    if (n->n_attribute) memcpy(list, n->attribute, sizeof *list * n->n_attribute);
    list[n->n_attribute++] = a;
    n->attribute = list;
}

static Onnx__AttributeProto *attr(const char *name, Onnx__AttributeProto__AttributeType type)
{
    Onnx__AttributeProto *a = alloc(sizeof *a);
    onnx__attribute_proto__init(a);
    a->name = str(name);
    a->has_type = 1;
    a->type = type;
    return a;
}

typedef struct graph_builder {
    Onnx__GraphProto *g;
    Onnx__ModelProto *m;
} graph_builder;

#define MAXN 16

static graph_builder new_model(int64_t opset)
{
    graph_builder b;
    b.m = alloc(sizeof *b.m);
    onnx__model_proto__init(b.m);
    b.m->has_ir_version = 1;
    b.m->ir_version = 8;
    b.g = alloc(sizeof *b.g);
    onnx__graph_proto__init(b.g);
    b.g->name = str("test_graph");
    b.g->node = alloc(sizeof(void *) * MAXN);
    b.g->input = alloc(sizeof(void *) * MAXN);
    b.g->output = alloc(sizeof(void *) * MAXN);
    b.g->initializer = alloc(sizeof(void *) * MAXN);
    b.m->graph = b.g;
    b.m->opset_import = alloc(sizeof(void *) * 4);
    Onnx__OperatorSetIdProto *op = alloc(sizeof *op);
    onnx__operator_set_id_proto__init(op);
    op->domain = str("");
    op->has_version = 1;
    op->version = opset;
    b.m->opset_import[b.m->n_opset_import++] = op;
    return b;
}

static void add_opset(graph_builder *b, const char *domain, int64_t version)
{
    Onnx__OperatorSetIdProto *op = alloc(sizeof *op);
    onnx__operator_set_id_proto__init(op);
    op->domain = str(domain);
    op->has_version = 1;
    op->version = version;
    b->m->opset_import[b->m->n_opset_import++] = op;
}

#define ADD(b, field, x) ((b).g->field[(b).g->n_##field++] = (x))

static void write_bytes(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert(f, "cannot write %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* Packs the model to DIR/name and returns the path (arena-owned). */
static char *save(graph_builder *b, const char *name)
{
    size_t len = onnx__model_proto__get_packed_size(b->m);
    uint8_t *buf = alloc(len);
    onnx__model_proto__pack(b->m, buf);
    char *path = alloc(strlen(tmpdir) + strlen(name) + 2);
    sprintf(path, "%s/%s", tmpdir, name);
    write_bytes(path, buf, len);
    return path;
}

static ir_graph *load(const char *path, const onnx_read_options *opt)
{
    diag_clear();
    return onnx_read_model(path, opt);
}

/* x[3] + w_raw -> t; t + w_typed -> y */
static graph_builder add_model(void)
{
    graph_builder b = new_model(13);
    int64_t d3[] = {3};
    float w1[] = {1, 2, 3}, w2[] = {10, 20, 30};
    Onnx__TensorProto *t1 = tensor("w_raw", DT_FLOAT, 1, d3);
    set_raw(t1, w1, sizeof w1);
    Onnx__TensorProto *t2 = tensor("w_typed", DT_FLOAT, 1, d3);
    t2->n_float_data = 3;
    t2->float_data = alloc(sizeof w2);
    memcpy(t2->float_data, w2, sizeof w2);
    ADD(b, initializer, t1);
    ADD(b, initializer, t2);
    ADD(b, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(b, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    ADD(b, node, node("Add", "add1", 2, (const char *[]){"x", "w_raw"}, 1, (const char *[]){"t"}));
    ADD(b, node, node("Add", "add2", 2, (const char *[]){"t", "w_typed"}, 1, (const char *[]){"y"}));
    return b;
}

/* ---- basic models ----------------------------------------------------------- */

Test(frontend, add_model_with_raw_and_typed_initializers)
{
    graph_builder b = add_model();
    char *path = save(&b, "add.onnx");
    ir_graph *g = load(path, NULL);
    cr_assert(g, "%s", diag_message());
    cr_assert_str_eq(g->name, "test_graph");
    cr_assert_eq(g->opset, 13);
    cr_assert_eq(g->num_inputs, 1);
    cr_assert_str_eq(g->inputs[0]->name, "x");
    cr_assert(g->inputs[0]->is_input);
    cr_assert_eq(g->inputs[0]->dtype, DT_FLOAT);
    cr_assert_eq(g->inputs[0]->rank, 1);
    cr_assert_eq(g->inputs[0]->dims[0], 3);
    cr_assert_eq(g->num_nodes, 2);
    ir_node *n0 = g->nodes[0], *n1 = g->nodes[1];
    cr_assert_str_eq(n0->name, "add1");
    cr_assert_str_eq(n0->op_type, "Add");
    cr_assert_str_eq(n0->domain, "");
    cr_assert_eq(n0->opset, 13);
    cr_assert_eq(n0->inputs[0], g->inputs[0]);
    ir_value *w1 = n0->inputs[1], *w2 = n1->inputs[1];
    cr_assert(ir_value_is_const(w1) && ir_value_is_const(w2));
    cr_assert(!w1->is_input);
    cr_assert_eq(w1->rank, 1);
    cr_assert_eq(ir_const_double(w1, 2), 3.0);
    cr_assert_eq(ir_const_double(w2, 0), 10.0);
    cr_assert_eq(ir_const_double(w2, 2), 30.0);
    cr_assert_eq(n1->inputs[0], n0->outputs[0]);
    cr_assert_eq(n0->outputs[0]->producer, n0);
    cr_assert_eq(g->num_outputs, 1);
    cr_assert_eq(g->outputs[0], n1->outputs[0]);
    cr_assert(g->outputs[0]->is_output);
    cr_assert_eq(g->outputs[0]->rank, 1);
    cr_assert_eq(g->outputs[0]->dtype, DT_FLOAT);
    /* Intermediate values stay unknown until shape inference. */
    cr_assert_eq(n0->outputs[0]->rank, -1);
    ir_graph_free(g);
}

Test(frontend, missing_file_is_io_error)
{
    ir_graph *g = load("/nonexistent/dir/model.onnx", NULL);
    cr_assert_null(g);
    cr_assert_eq(diag_last_kind(), DIAG_IO);
    cr_assert(strstr(diag_message(), "/nonexistent/dir/model.onnx"));
    g = load(tmpdir, NULL);
    cr_assert_null(g);
    cr_assert_eq(diag_last_kind(), DIAG_IO);
}

Test(frontend, initializer_listed_as_input_is_a_constant)
{
    graph_builder b = add_model();
    int64_t d3[] = {3};
    ADD(b, input, value_info("w_raw", DT_FLOAT, 1, d3, NULL));
    ir_graph *g = load(save(&b, "m.onnx"), NULL);
    cr_assert(g, "%s", diag_message());
    cr_assert_eq(g->num_inputs, 1);
    cr_assert_str_eq(g->inputs[0]->name, "x");
    ir_graph_free(g);
}

Test(frontend, typed_initializers_of_every_carrier)
{
    graph_builder b = add_model();
    int64_t d2[] = {2}, d0[] = {0};
    Onnx__TensorProto *i64 = tensor("i64", DT_INT64, 1, d2);
    i64->n_int64_data = 2;
    i64->int64_data = alloc(16);
    i64->int64_data[0] = -5;
    i64->int64_data[1] = INT64_C(1) << 40;
    Onnx__TensorProto *i8 = tensor("i8", DT_INT8, 1, d2);
    i8->n_int32_data = 2;
    i8->int32_data = alloc(8);
    i8->int32_data[0] = -3;
    i8->int32_data[1] = 100;
    Onnx__TensorProto *bo = tensor("bo", DT_BOOL, 1, d2);
    bo->n_int32_data = 2;
    bo->int32_data = alloc(8);
    bo->int32_data[1] = 1;
    Onnx__TensorProto *f16 = tensor("f16", DT_FLOAT16, 1, d2);
    f16->n_int32_data = 2;
    f16->int32_data = alloc(8);
    f16->int32_data[0] = 0x3c00; /* 1.0 */
    f16->int32_data[1] = 0xc000; /* -2.0 */
    Onnx__TensorProto *u32 = tensor("u32", DT_UINT32, 1, d2);
    u32->n_uint64_data = 2;
    u32->uint64_data = alloc(16);
    u32->uint64_data[0] = 4000000000u;
    Onnx__TensorProto *f64 = tensor("f64", DT_DOUBLE, 1, d2);
    f64->n_double_data = 2;
    f64->double_data = alloc(16);
    f64->double_data[1] = 2.5;
    Onnx__TensorProto *empty = tensor("empty", DT_FLOAT, 1, d0);
    Onnx__TensorProto *scalar = tensor("scalar", DT_INT32, 0, d0);
    int32_t s = 42;
    set_raw(scalar, &s, 4);
    Onnx__TensorProto *list[] = {i64, i8, bo, f16, u32, f64, empty, scalar};
    for (int i = 0; i < 8; i++) ADD(b, initializer, list[i]);
    ir_graph *g = load(save(&b, "m.onnx"), NULL);
    cr_assert(g, "%s", diag_message());
    ir_value *v = ir_find_value(g, "i64");
    cr_assert_eq(v->dtype, DT_INT64);
    cr_assert_eq(ir_const_int(v, 0), -5);
    cr_assert_eq(ir_const_int(v, 1), INT64_C(1) << 40);
    v = ir_find_value(g, "i8");
    cr_assert_eq(ir_const_int(v, 0), -3);
    cr_assert_eq(ir_const_int(v, 1), 100);
    v = ir_find_value(g, "bo");
    cr_assert_eq(ir_value_bytes(v), 2);
    cr_assert_eq(((uint8_t *)v->data)[0], 0);
    cr_assert_eq(((uint8_t *)v->data)[1], 1);
    v = ir_find_value(g, "f16");
    cr_assert_eq(((uint16_t *)v->data)[0], 0x3c00);
    cr_assert_eq(((uint16_t *)v->data)[1], 0xc000);
    v = ir_find_value(g, "u32");
    cr_assert_eq(((uint32_t *)v->data)[0], 4000000000u);
    v = ir_find_value(g, "f64");
    cr_assert_eq(ir_const_double(v, 1), 2.5);
    v = ir_find_value(g, "empty");
    cr_assert(ir_value_is_const(v));
    cr_assert_eq(ir_value_numel(v), 0);
    v = ir_find_value(g, "scalar");
    cr_assert_eq(v->rank, 0);
    cr_assert_eq(ir_const_int(v, 0), 42);
    ir_graph_free(g);
}

/* 4- and 2-bit initializers arrive packed (raw_data, or a packed byte per
   int32_data entry) and become a byte per element, int4 and int2
   sign-extended; an 8-bit float keeps its bit pattern. */
Test(frontend, packed_initializers_are_unpacked)
{
    graph_builder b = add_model();
    int64_t d3[] = {3}, d5[] = {5};
    Onnx__TensorProto *i4 = tensor("i4", DT_INT4, 1, d3);
    set_raw(i4, "\x8f\x03", 2);                  /* -1, -8, 3 */
    Onnx__TensorProto *u2 = tensor("u2", DT_UINT2, 1, d5);
    u2->n_int32_data = 2;
    u2->int32_data = alloc(8);
    u2->int32_data[0] = 0xe4;                     /* 0, 1, 2, 3 */
    u2->int32_data[1] = 0x02;                     /* 2 */
    Onnx__TensorProto *f8 = tensor("f8", DT_FLOAT8E5M2, 1, d3);
    set_raw(f8, "\x3c\x7c\xfe", 3);
    Onnx__TensorProto *list[] = {i4, u2, f8};
    for (int i = 0; i < 3; i++) ADD(b, initializer, list[i]);
    ir_graph *g = load(save(&b, "m.onnx"), NULL);
    cr_assert(g, "%s", diag_message());
    ir_value *v = ir_find_value(g, "i4");
    cr_assert(v->dtype == DT_INT4 && !v->packed && ir_value_bytes(v) == 3);
    cr_assert(ir_const_int(v, 0) == -1 && ir_const_int(v, 1) == -8 && ir_const_int(v, 2) == 3);
    v = ir_find_value(g, "u2");
    for (int i = 0; i < 5; i++) cr_assert_eq(ir_const_int(v, i), i < 4 ? i : 2, "element %d", i);
    v = ir_find_value(g, "f8");
    cr_assert(((uint8_t *)v->data)[1] == 0x7c && ((uint8_t *)v->data)[2] == 0xfe);
    ir_graph_free(g);
}

Test(frontend, bad_tensors_are_reported)
{
    int64_t d3[] = {3};
    struct { int32_t dtype; bool raw; size_t bytes; diag_kind kind; const char *needle; } cases[] = {
        {DT_FLOAT, true, 8, DIAG_INVALID, "raw_data holds 8 bytes, expected 12"},
        {DT_FLOAT, false, 0, DIAG_INVALID, "has no data"},
        {DT_STRING, false, 0, DIAG_UNSUPPORTED, "string"},
        {DT_INT4, true, 3, DIAG_INVALID, "raw_data holds 3 bytes, expected 2"}, /* 3 int4 pack into 2 */
        {DT_COMPLEX64, false, 0, DIAG_UNSUPPORTED, "complex64"},
        {99, true, 3, DIAG_INVALID, "unknown element type"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        graph_builder b = add_model();
        Onnx__TensorProto *t = tensor("bad", cases[i].dtype, 1, d3);
        if (cases[i].raw) {
            char zeros[16] = {0};
            set_raw(t, zeros, cases[i].bytes);
        }
        ADD(b, initializer, t);
        ir_graph *g = load(save(&b, "m.onnx"), NULL);
        cr_assert_null(g, "case %zu loaded", i);
        cr_assert_eq(diag_last_kind(), cases[i].kind, "case %zu: %s", i, diag_message());
        cr_assert(strstr(diag_message(), cases[i].needle), "case %zu: %s", i, diag_message());
        cr_assert(strstr(diag_message(), "'bad'"), "%s", diag_message());
    }
}

Test(frontend, typed_field_count_is_checked)
{
    graph_builder b = add_model();
    int64_t d4[] = {4};
    Onnx__TensorProto *t = tensor("short", DT_INT64, 1, d4);
    t->n_int64_data = 3;
    t->int64_data = alloc(24);
    ADD(b, initializer, t);
    cr_assert_null(load(save(&b, "m.onnx"), NULL));
    cr_assert(strstr(diag_message(), "int64_data holds 3 values, expected 4"), "%s", diag_message());
}

/* ---- external data ------------------------------------------------------------ */

static void set_external(Onnx__TensorProto *t, const char *location, const char *offset, const char *length)
{
    t->has_data_location = 1;
    t->data_location = ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL;
    t->external_data = alloc(sizeof(void *) * 3);
    const char *keys[] = {"location", "offset", "length"};
    const char *vals[] = {location, offset, length};
    for (int i = 0; i < 3; i++) {
        if (!vals[i]) continue;
        Onnx__StringStringEntryProto *e = alloc(sizeof *e);
        onnx__string_string_entry_proto__init(e);
        e->key = str(keys[i]);
        e->value = str(vals[i]);
        t->external_data[t->n_external_data++] = e;
    }
}

static ir_graph *load_external(const char *location, const char *offset, const char *length)
{
    graph_builder b = add_model();
    int64_t d3[] = {3};
    Onnx__TensorProto *t = tensor("ext", DT_FLOAT, 1, d3);
    set_external(t, location, offset, length);
    ADD(b, initializer, t);
    return load(save(&b, "m.onnx"), NULL);
}

Test(frontend, external_data_inside_the_folder)
{
    float data[5] = {-1, 4, 5, 6, -1};
    char path[256];
    snprintf(path, sizeof path, "%s/weights.bin", tmpdir);
    write_bytes(path, data, sizeof data);
    ir_graph *g = load_external("weights.bin", "4", "12");
    cr_assert(g, "%s", diag_message());
    ir_value *v = ir_find_value(g, "ext");
    cr_assert_eq(ir_const_double(v, 0), 4.0);
    cr_assert_eq(ir_const_double(v, 2), 6.0);
    ir_graph_free(g);

    /* In a subfolder, length defaulting to the rest of the file. */
    snprintf(path, sizeof path, "%s/sub", tmpdir);
    cr_assert_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/sub/w.bin", tmpdir);
    write_bytes(path, data + 2, 12);
    g = load_external("sub/w.bin", NULL, NULL);
    cr_assert(g, "%s", diag_message());
    cr_assert_eq(ir_const_double(ir_find_value(g, "ext"), 1), 6.0);
    ir_graph_free(g);

    /* Wrong length. */
    cr_assert_null(load_external("weights.bin", "0", NULL));
    cr_assert(strstr(diag_message(), "external data"), "%s", diag_message());
}

Test(frontend, external_data_outside_the_folder_is_refused)
{
    const char *bad[] = {"../x", "sub/../../x", "/etc/passwd", "", "link/passwd"};
    char path[256];
    snprintf(path, sizeof path, "%s/link", tmpdir);
    cr_assert_eq(symlink("/etc", path), 0);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ir_graph *g = load_external(bad[i], NULL, NULL);
        cr_assert_null(g, "location '%s' was accepted", bad[i]);
        cr_assert_eq(diag_last_kind(), DIAG_INVALID, "%s", diag_message());
        cr_assert(strstr(diag_message(), "external"), "%s", diag_message());
    }
    cr_assert_null(load_external("missing.bin", NULL, NULL));
    cr_assert_eq(diag_last_kind(), DIAG_IO, "%s", diag_message());
}

/* ---- symbolic dimensions and pins ----------------------------------------------- */

static char *symbolic_model(void)
{
    graph_builder b = new_model(13);
    int64_t dims[] = {-1, 3};
    ADD(b, input, value_info("x", DT_FLOAT, 2, dims, (const char *[]){"N"}));
    ADD(b, input, value_info("z", DT_FLOAT, 2, dims, (const char *[]){"N"}));
    ADD(b, output, value_info("y", DT_FLOAT, 2, dims, (const char *[]){"N"}));
    ADD(b, node, node("Add", "", 2, (const char *[]){"x", "z"}, 1, (const char *[]){"y"}));
    return save(&b, "sym.onnx");
}

Test(frontend, symbolic_dims_need_a_pin)
{
    char *path = symbolic_model();
    cr_assert_null(load(path, NULL));
    cr_assert_eq(diag_last_kind(), DIAG_INVALID);
    cr_assert(strstr(diag_message(), "input 'x' dimension 0 ('N') is not fixed; pin it with --dim N=N or "
                                     "--shape x=..."), "%s", diag_message());
    cr_assert(strstr(diag_message(), path), "%s", diag_message());

    onnx_dim_pin pin = {"N", 5};
    onnx_read_options opt = {.dims = &pin, .num_dims = 1};
    ir_graph *g = load(path, &opt);
    cr_assert(g, "%s", diag_message());
    cr_assert_eq(g->inputs[0]->dims[0], 5);
    cr_assert_eq(g->inputs[1]->dims[0], 5);
    cr_assert_eq(g->inputs[0]->dims[1], 3);
    cr_assert_str_eq(g->inputs[0]->dim_params[0], "N");
    /* Outputs keep their symbolic dims; shape inference recomputes them. */
    cr_assert_eq(g->outputs[0]->dims[0], -1);
    ir_graph_free(g);

    onnx_dim_pin unused[] = {{"N", 5}, {"M", 2}};
    opt.dims = unused;
    opt.num_dims = 2;
    cr_assert_null(load(path, &opt));
    cr_assert(strstr(diag_message(), "'M'"), "%s", diag_message());
}

Test(frontend, shape_pins)
{
    char *path = symbolic_model();
    onnx_shape_pin pins[2];
    cr_assert(onnx_parse_shape_pin("x=4x3", &pins[0]));
    cr_assert(onnx_parse_shape_pin("z=4,3", &pins[1]));
    onnx_read_options opt = {.shapes = pins, .num_shapes = 2};
    ir_graph *g = load(path, &opt);
    cr_assert(g, "%s", diag_message());
    cr_assert_eq(g->inputs[0]->dims[0], 4);
    cr_assert_eq(g->inputs[1]->dims[0], 4);
    ir_graph_free(g);
    onnx_shape_pin_release(&pins[0]);
    onnx_shape_pin_release(&pins[1]);

    onnx_shape_pin bad = {.name = "nope", .rank = 2, .dims = {4, 3}};
    opt.shapes = &bad;
    opt.num_shapes = 1;
    cr_assert_null(load(path, &opt));
    cr_assert_str_eq(diag_message(), "--shape: the model has no input 'nope' (inputs: x, z)");

    onnx_shape_pin conflict = {.name = "x", .rank = 2, .dims = {4, 5}};
    opt.shapes = &conflict;
    cr_assert_null(load(path, &opt));
    cr_assert(strstr(diag_message(), "dimension 1 is 3 in the model, not 5"), "%s", diag_message());

    onnx_shape_pin rank = {.name = "x", .rank = 3, .dims = {4, 3, 1}};
    opt.shapes = &rank;
    cr_assert_null(load(path, &opt));
    cr_assert(strstr(diag_message(), "rank 2"), "%s", diag_message());

    /* Pinning only x leaves z's 'N' open. */
    onnx_shape_pin only_x = {.name = "x", .rank = 2, .dims = {4, 3}};
    opt.shapes = &only_x;
    cr_assert_null(load(path, &opt));
    cr_assert(strstr(diag_message(), "input 'z'"), "%s", diag_message());
}

Test(frontend, unknown_rank_input_asks_for_shape)
{
    graph_builder b = new_model(13);
    ADD(b, input, value_info("x", DT_FLOAT, -1, NULL, NULL));
    ADD(b, output, value_info("y", DT_FLOAT, -1, NULL, NULL));
    ADD(b, node, node("Relu", "r", 1, (const char *[]){"x"}, 1, (const char *[]){"y"}));
    char *path = save(&b, "m.onnx");
    cr_assert_null(load(path, NULL));
    cr_assert(strstr(diag_message(), "unknown rank") && strstr(diag_message(), "--shape x="), "%s",
              diag_message());
    onnx_shape_pin pin = {.name = "x", .rank = 1, .dims = {7}};
    onnx_read_options opt = {.shapes = &pin, .num_shapes = 1};
    ir_graph *g = load(path, &opt);
    cr_assert(g, "%s", diag_message());
    cr_assert_eq(g->inputs[0]->rank, 1);
    cr_assert_eq(g->inputs[0]->dims[0], 7);
    cr_assert_eq(g->outputs[0]->rank, -1);
    ir_graph_free(g);
}

Test(frontend, parse_shape_pin)
{
    onnx_shape_pin pin;
    cr_assert(onnx_parse_shape_pin("input=1x3x224x224", &pin));
    cr_assert_str_eq(pin.name, "input");
    cr_assert_eq(pin.rank, 4);
    cr_assert_eq(pin.dims[3], 224);
    onnx_shape_pin_release(&pin);
    cr_assert(onnx_parse_shape_pin("a=b=2,0", &pin));
    cr_assert_str_eq(pin.name, "a=b");
    cr_assert_eq(pin.rank, 2);
    cr_assert_eq(pin.dims[1], 0);
    onnx_shape_pin_release(&pin);
    const char *bad[] = {"x", "x=", "=1x2", "x=1xx2", "x=1x", "x=-1", "x=1x2y", "x=1x1x1x1x1x1x1x1x1",
                         "x=99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        diag_clear();
        cr_assert(!onnx_parse_shape_pin(bad[i], &pin), "'%s' accepted", bad[i]);
        cr_assert_eq(diag_last_kind(), DIAG_INVALID);
        cr_assert(strstr(diag_message(), "--shape"), "%s", diag_message());
        cr_assert_null(pin.name);
    }
}

/* ---- graph structure ---------------------------------------------------------------- */

Test(frontend, out_of_order_nodes_are_sorted)
{
    graph_builder b = new_model(13);
    int64_t d3[] = {3};
    ADD(b, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(b, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    ADD(b, node, node("Neg", "last", 1, (const char *[]){"b"}, 1, (const char *[]){"y"}));
    ADD(b, node, node("Relu", "middle", 1, (const char *[]){"a"}, 1, (const char *[]){"b"}));
    ADD(b, node, node("Abs", "first", 1, (const char *[]){"x"}, 1, (const char *[]){"a"}));
    ir_graph *g = load(save(&b, "m.onnx"), NULL);
    cr_assert(g, "%s", diag_message());
    cr_assert_str_eq(g->nodes[0]->name, "first");
    cr_assert_str_eq(g->nodes[1]->name, "middle");
    cr_assert_str_eq(g->nodes[2]->name, "last");
    cr_assert_eq(g->nodes[2]->inputs[0], g->nodes[1]->outputs[0]);
    ir_graph_free(g);
}

Test(frontend, cycles_and_dangling_inputs_are_errors)
{
    graph_builder b = new_model(13);
    int64_t d3[] = {3};
    ADD(b, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(b, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    ADD(b, node, node("Add", "p", 2, (const char *[]){"x", "q_out"}, 1, (const char *[]){"y"}));
    ADD(b, node, node("Relu", "q", 1, (const char *[]){"y"}, 1, (const char *[]){"q_out"}));
    cr_assert_null(load(save(&b, "m.onnx"), NULL));
    cr_assert(strstr(diag_message(), "cycle"), "%s", diag_message());

    graph_builder c = new_model(13);
    ADD(c, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(c, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    ADD(c, node, node("Add", "adder", 2, (const char *[]){"x", "ghost"}, 1, (const char *[]){"y"}));
    cr_assert_null(load(save(&c, "m2.onnx"), NULL));
    cr_assert(strstr(diag_message(), "node 'adder' (Add, opset 13)"), "%s", diag_message());
    cr_assert(strstr(diag_message(), "'ghost'"), "%s", diag_message());

    graph_builder d = new_model(13);
    ADD(d, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(d, output, value_info("nowhere", DT_FLOAT, 1, d3, NULL));
    cr_assert_null(load(save(&d, "m3.onnx"), NULL));
    cr_assert(strstr(diag_message(), "'nowhere'"), "%s", diag_message());

    graph_builder e = new_model(13);
    ADD(e, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(e, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    ADD(e, node, node("Relu", "a", 1, (const char *[]){"x"}, 1, (const char *[]){"y"}));
    ADD(e, node, node("Relu", "b", 1, (const char *[]){"x"}, 1, (const char *[]){"y"}));
    cr_assert_null(load(save(&e, "m4.onnx"), NULL));
    cr_assert(strstr(diag_message(), "node 'b'"), "%s", diag_message());
}

Test(frontend, optional_inputs_and_outputs_are_null)
{
    graph_builder b = new_model(13);
    int64_t d3[] = {3};
    ADD(b, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(b, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    ADD(b, node, node("Clip", "c", 3, (const char *[]){"x", "", ""}, 1, (const char *[]){"y"}));
    ADD(b, node, node("Dropout", "d", 1, (const char *[]){"y"}, 2, (const char *[]){"", "mask"}));
    ir_graph *g = load(save(&b, "m.onnx"), NULL);
    cr_assert(g, "%s", diag_message());
    cr_assert_eq(g->nodes[0]->num_inputs, 3);
    cr_assert_null(g->nodes[0]->inputs[1]);
    cr_assert_null(g->nodes[0]->inputs[2]);
    cr_assert_null(g->nodes[1]->outputs[0]);
    cr_assert_str_eq(g->nodes[1]->outputs[1]->name, "mask");
    ir_graph_free(g);
}

Test(frontend, non_tensor_inputs_are_unsupported)
{
    graph_builder b = new_model(13);
    int64_t d3[] = {3};
    Onnx__ValueInfoProto *vi = value_info("seq", DT_FLOAT, 1, d3, NULL);
    Onnx__TypeProto__Sequence *sq = alloc(sizeof *sq);
    onnx__type_proto__sequence__init(sq);
    vi->type->value_case = ONNX__TYPE_PROTO__VALUE_SEQUENCE_TYPE;
    vi->type->sequence_type = sq;
    ADD(b, input, vi);
    ADD(b, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    ADD(b, node, node("SequenceAt", "s", 1, (const char *[]){"seq"}, 1, (const char *[]){"y"}));
    cr_assert_null(load(save(&b, "m.onnx"), NULL));
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
    cr_assert(strstr(diag_message(), "input 'seq' has a sequence type; only tensors are supported"), "%s",
              diag_message());
}

Test(frontend, domains_and_opsets)
{
    graph_builder b = new_model(17);
    add_opset(&b, "ai.onnx.ml", 3);
    b.m->opset_import[0]->domain = str("ai.onnx");
    int64_t d3[] = {3};
    ADD(b, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(b, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    Onnx__NodeProto *n1 = node("Relu", "r", 1, (const char *[]){"x"}, 1, (const char *[]){"t"});
    n1->domain = str("ai.onnx");
    Onnx__NodeProto *n2 = node("Normalizer", "n", 1, (const char *[]){"t"}, 1, (const char *[]){"y"});
    n2->domain = str("ai.onnx.ml");
    ADD(b, node, n1);
    ADD(b, node, n2);
    ir_graph *g = load(save(&b, "m.onnx"), NULL);
    cr_assert(g, "%s", diag_message());
    cr_assert_eq(g->opset, 17);
    cr_assert_str_eq(g->nodes[0]->domain, "");
    cr_assert_eq(g->nodes[0]->opset, 17);
    cr_assert_str_eq(g->nodes[1]->domain, "ai.onnx.ml");
    cr_assert_eq(g->nodes[1]->opset, 3);
    ir_graph_free(g);
}

/* ---- attributes ------------------------------------------------------------------------ */

Test(frontend, constant_node_and_attributes)
{
    graph_builder b = new_model(13);
    int64_t d3[] = {3}, d2[] = {2};
    ADD(b, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(b, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    Onnx__NodeProto *c = node("Constant", "const", 0, NULL, 1, (const char *[]){"k"});
    Onnx__AttributeProto *value = attr("value", ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__TENSOR);
    value->t = tensor("k_tensor", DT_INT64, 1, d2);
    int64_t kv[] = {7, -8};
    set_raw(value->t, kv, sizeof kv);
    add_attr(c, value);
    Onnx__AttributeProto *ints = attr("perm", ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS);
    ints->n_ints = 2;
    ints->ints = alloc(16);
    ints->ints[0] = 1;
    add_attr(c, ints);
    Onnx__AttributeProto *s = attr("mode", ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRING);
    s->has_s = 1;
    s->s.data = (uint8_t *)str("constant");
    s->s.len = 8;
    add_attr(c, s);
    Onnx__AttributeProto *f = attr("alpha", ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT);
    f->has_f = 1;
    f->f = 0.25f;
    add_attr(c, f);
    Onnx__AttributeProto *strs = attr("names", ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRINGS);
    strs->n_strings = 2;
    strs->strings = alloc(2 * sizeof *strs->strings);
    strs->strings[0].data = (uint8_t *)str("a");
    strs->strings[0].len = 1;
    strs->strings[1].data = (uint8_t *)str("bc");
    strs->strings[1].len = 2;
    add_attr(c, strs);
    ADD(b, node, c);
    Onnx__NodeProto *iff = node("If", "branch", 1, (const char *[]){"x"}, 1, (const char *[]){"y"});
    Onnx__AttributeProto *body = attr("then_branch", ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__GRAPH);
    body->g = alloc(sizeof *body->g);
    onnx__graph_proto__init(body->g);
    add_attr(iff, body);
    ADD(b, node, iff);

    ir_graph *g = load(save(&b, "m.onnx"), NULL);
    cr_assert(g, "%s", diag_message());
    ir_node *n = g->nodes[0];
    cr_assert_eq(n->num_inputs, 0);
    cr_assert_eq(n->num_attrs, 5);
    ir_attr *a = ir_node_attr(n, "value");
    cr_assert(a);
    cr_assert_eq(a->type, IR_ATTR_TENSOR);
    cr_assert_str_eq(a->tensor->name, "k_tensor");
    cr_assert_eq(a->tensor->dtype, DT_INT64);
    cr_assert_eq(a->tensor->rank, 1);
    cr_assert_eq(ir_const_int(a->tensor, 1), -8);
    a = ir_node_attr(n, "perm");
    cr_assert_eq(a->type, IR_ATTR_INTS);
    cr_assert_eq(a->count, 2);
    cr_assert_eq(a->ints[0], 1);
    cr_assert_str_eq(ir_node_attr(n, "mode")->s, "constant");
    cr_assert_eq(ir_node_attr(n, "alpha")->f, 0.25f);
    a = ir_node_attr(n, "names");
    cr_assert_eq(a->count, 2);
    cr_assert_str_eq(a->strings[1], "bc");
    cr_assert_eq(ir_node_attr(g->nodes[1], "then_branch")->type, IR_ATTR_GRAPH);
    ir_graph_free(g);
}

/* ---- garbage input ------------------------------------------------------------------------ */

static void expect_no_crash(const char *path, int *failed)
{
    ir_graph *g = load(path, NULL);
    if (g) {
        ir_graph_free(g);
        return;
    }
    cr_assert(diag_message()[0], "failure without a message");
    (*failed)++;
}

Test(frontend, truncated_and_corrupted_models)
{
    graph_builder b = add_model();
    size_t len = onnx__model_proto__get_packed_size(b.m);
    uint8_t *buf = alloc(len);
    onnx__model_proto__pack(b.m, buf);
    char path[256];
    snprintf(path, sizeof path, "%s/bad.onnx", tmpdir);

    int failed = 0, tries = 0;
    for (size_t cut = 0; cut < len; cut++, tries++) {
        write_bytes(path, buf, cut);
        expect_no_crash(path, &failed);
    }
    /* Fields are packed in field-number order (ir_version, graph,
       opset_import), so exactly one cut is still a valid model: the one
       that drops opset_import whole. */
    cr_assert_eq(failed, tries - 1, "%d of %d truncated models loaded", tries - failed, tries);

    uint8_t *copy = alloc(len);
    failed = tries = 0;
    for (size_t i = 0; i < len; i++) {
        for (int mask = 1; mask < 256; mask <<= 3) {
            memcpy(copy, buf, len);
            copy[i] ^= (uint8_t)mask;
            write_bytes(path, copy, len);
            expect_no_crash(path, &failed);
            tries++;
        }
    }
    cr_log_info("corrupted models: %d of %d rejected", failed, tries);
    cr_assert_gt(failed, 0);

    /* Not protobuf at all. */
    write_bytes(path, "hello, world\n", 13);
    cr_assert_null(load(path, NULL));
    cr_assert(strstr(diag_message(), "not a valid ONNX model"), "%s", diag_message());
}

/* ---- test data files ------------------------------------------------------------------------ */

Test(frontend, read_tensor_file)
{
    ir_graph *g = ir_graph_new("test");
    ir_value *v = onnx_read_tensor_file(g, BACKEND_NODE_DIR "/test_add/test_data_set_0/input_0.pb");
    cr_assert(v, "%s", diag_message());
    cr_assert_eq(v->dtype, DT_FLOAT);
    cr_assert_eq(v->rank, 3);
    cr_assert_eq(v->dims[0], 3);
    cr_assert_eq(v->dims[1], 4);
    cr_assert_eq(v->dims[2], 5);
    cr_assert(ir_value_is_const(v));
    cr_assert_eq(g->num_values, 0, "a detached value must not join the graph");

    char path[256];
    snprintf(path, sizeof path, "%s/junk.pb", tmpdir);
    write_bytes(path, "\xff\xff\xff", 3);
    diag_clear();
    cr_assert_null(onnx_read_tensor_file(g, path));
    cr_assert(diag_message()[0]);
    diag_clear();
    cr_assert_null(onnx_read_tensor_file(g, "/nonexistent.pb"));
    cr_assert_eq(diag_last_kind(), DIAG_IO);
    ir_graph_free(g);
}

/* Every backend node model either loads or fails with a message. Models
   with symbolic inputs fail the pin check; that is expected here. */
Test(frontend, all_backend_node_models, .timeout = 300)
{
    DIR *d = opendir(BACKEND_NODE_DIR);
    cr_assert(d, "cannot open " BACKEND_NODE_DIR);
    int total = 0, loaded = 0;
    int kinds[4] = {0};
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s/model.onnx", BACKEND_NODE_DIR, e->d_name);
        if (access(path, R_OK) != 0) continue;
        total++;
        ir_graph *g = load(path, NULL);
        if (g) {
            loaded++;
            ir_graph_free(g);
            continue;
        }
        cr_assert(diag_message()[0], "%s failed without a message", path);
        cr_assert(diag_last_kind() > DIAG_NONE && diag_last_kind() <= DIAG_IO);
        kinds[diag_last_kind()]++;
        if (getenv("DLC_TEST_VERBOSE")) fprintf(stderr, "%s\n", diag_message());
    }
    closedir(d);
    fprintf(stderr, "backend node models: %d of %d loaded (%d invalid, %d unsupported, %d io)\n", loaded, total,
            kinds[DIAG_INVALID], kinds[DIAG_UNSUPPORTED], kinds[DIAG_IO]);
    cr_assert_gt(total, 0);
    cr_assert_gt(loaded, total / 2);
}

/* ---- local functions (frontend/onnx_function.c) ------------------------------ */

/* Function NAME of domain "my": y = x * k, k a Constant whose value_float
   refers to the caller's attribute "factor"; with calls_self, its body
   calls NAME once more first. */
static Onnx__FunctionProto *scale_function(const char *name, int64_t opset, bool calls_self)
{
    Onnx__FunctionProto *f = alloc(sizeof *f);
    onnx__function_proto__init(f);
    f->name = str(name);
    f->domain = str("my");
    f->n_input = 1, f->input = alloc(sizeof(char *)), f->input[0] = str("x");
    f->n_output = 1, f->output = alloc(sizeof(char *)), f->output[0] = str("y");
    f->node = alloc(sizeof(void *) * 3);
    Onnx__NodeProto *k = node("Constant", "k", 0, NULL, 1, (const char *[]){"k"});
    Onnx__AttributeProto *v = attr("value_float", ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT);
    v->ref_attr_name = str("factor");
    add_attr(k, v);
    f->node[f->n_node++] = k;
    const char *x = "x";
    if (calls_self) {
        Onnx__NodeProto *again = node(name, "again", 1, (const char *[]){"x"}, 1, (const char *[]){"x2"});
        again->domain = str("my");
        f->node[f->n_node++] = again;
        x = "x2";
    }
    f->node[f->n_node++] = node("Mul", "mul", 2, (const char *[]){x, "k"}, 1, (const char *[]){"y"});
    f->opset_import = alloc(sizeof(void *));
    Onnx__OperatorSetIdProto *op = alloc(sizeof *op);
    onnx__operator_set_id_proto__init(op);
    op->domain = str("");
    op->has_version = 1;
    op->version = opset;
    f->opset_import[f->n_opset_import++] = op;
    return f;
}

/* x[3] -> Scale(factor) -> t -> Scale(factor) -> y, f the function. */
static graph_builder function_model(Onnx__FunctionProto *f, float first, float second)
{
    graph_builder b = new_model(13);
    add_opset(&b, "my", 1);
    int64_t d3[] = {3};
    ADD(b, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(b, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    const char *names[2][2] = {{"x", "t"}, {"t", "y"}};
    float factors[2] = {first, second};
    for (int i = 0; i < 2; i++) {
        Onnx__NodeProto *call = node(f->name, i ? "call2" : "call1", 1, &names[i][0], 1, &names[i][1]);
        call->domain = str("my");
        Onnx__AttributeProto *a = attr("factor", ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT);
        a->has_f = 1, a->f = factors[i];
        add_attr(call, a);
        ADD(b, node, call);
    }
    b.m->functions = alloc(sizeof(void *));
    b.m->functions[b.m->n_functions++] = f;
    return b;
}

Test(frontend, local_functions_are_inlined_per_call)
{
    graph_builder b = function_model(scale_function("Scale", 13, false), 2.0f, 5.0f);
    ir_graph *g = load(save(&b, "fn.onnx"), NULL);
    cr_assert_not_null(g, "%s", diag_message());
    cr_assert_eq(g->num_nodes, 4, "two calls of Constant + Mul");
    float want[2] = {2.0f, 5.0f};
    for (int i = 0; i < 2; i++) {
        ir_node *k = g->nodes[2 * i], *mul = g->nodes[2 * i + 1];
        cr_assert_str_eq(k->op_type, "Constant");
        cr_assert_str_eq(mul->op_type, "Mul");
        cr_assert_eq(k->num_attrs, 1);
        cr_assert_str_eq(k->attrs[0].name, "value_float", "the reference takes the body's attribute name");
        cr_assert_float_eq(k->attrs[0].f, want[i], 0, "call %d gets its own factor", i);
        cr_assert_eq(mul->inputs[1], k->outputs[0], "the body's values are per call");
    }
    cr_assert_str_eq(g->nodes[1]->inputs[0]->name, "x", "formal input -> the call's input");
    cr_assert_str_eq(g->nodes[1]->outputs[0]->name, "t", "formal output -> the call's output");
    cr_assert_str_eq(g->nodes[0]->outputs[0]->name, "Scale#1/k");
    cr_assert_str_eq(g->nodes[2]->outputs[0]->name, "Scale#2/k");
    ir_graph_free(g);
}

Test(frontend, local_function_errors)
{
    graph_builder b = function_model(scale_function("Scale", 11, false), 2.0f, 5.0f);
    cr_assert_null(load(save(&b, "fn_opset.onnx"), NULL));
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
    cr_assert(strstr(diag_message(), "version 11"), "%s", diag_message());
    b = function_model(scale_function("Forever", 13, true), 2.0f, 5.0f);
    cr_assert_null(load(save(&b, "fn_recursive.onnx"), NULL));
    cr_assert(strstr(diag_message(), "'Forever' calls functions more than 64 deep"), "%s", diag_message());
}

/* ---- subgraphs (If, Loop and Scan bodies) ------------------------------------- */

static Onnx__GraphProto *subgraph(const char *name)
{
    Onnx__GraphProto *g = alloc(sizeof *g);
    onnx__graph_proto__init(g);
    g->name = str(name);
    g->node = alloc(sizeof(void *) * MAXN);
    g->input = alloc(sizeof(void *) * MAXN);
    g->output = alloc(sizeof(void *) * MAXN);
    return g;
}

static void add_graph_attr(Onnx__NodeProto *n, const char *name, Onnx__GraphProto *body)
{
    Onnx__AttributeProto *a = attr(name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__GRAPH);
    a->g = body;
    add_attr(n, a);
}

#define SUB_ADD(g, field, x) ((g)->field[(g)->n_##field++] = (x))

/* cond, x[3] -> a = Relu(x); y = If(cond, then: Neg(a), else: x). With
   if_first, the If comes before the Relu whose output its branch reads. */
static graph_builder if_model(bool if_first, const char *then_reads)
{
    graph_builder b = new_model(13);
    int64_t d3[] = {3};
    ADD(b, input, value_info("cond", DT_BOOL, 0, NULL, NULL));
    ADD(b, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(b, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    Onnx__GraphProto *then_g = subgraph("then"), *else_g = subgraph("else");
    SUB_ADD(then_g, node, node("Neg", "neg", 1, (const char *[]){then_reads}, 1, (const char *[]){"t"}));
    SUB_ADD(then_g, output, value_info("t", DT_FLOAT, 1, d3, NULL));
    SUB_ADD(else_g, output, value_info("x", DT_FLOAT, 1, d3, NULL));
    Onnx__NodeProto *iff = node("If", "if", 1, (const char *[]){"cond"}, 1, (const char *[]){"y"});
    add_graph_attr(iff, "then_branch", then_g);
    add_graph_attr(iff, "else_branch", else_g);
    Onnx__NodeProto *relu = node("Relu", "relu", 1, (const char *[]){"x"}, 1, (const char *[]){"a"});
    ADD(b, node, if_first ? iff : relu);
    ADD(b, node, if_first ? relu : iff);
    return b;
}

Test(frontend, subgraphs_read_outer_scope_values)
{
    for (int if_first = 0; if_first < 2; if_first++) {
        graph_builder b = if_model(if_first, "a");
        ir_graph *g = load(save(&b, "if.onnx"), NULL);
        cr_assert_not_null(g, "%s", diag_message());
        cr_assert_eq(g->num_nodes, 2);
        ir_node *relu = g->nodes[0], *iff = g->nodes[1];
        cr_assert_str_eq(relu->op_type, "Relu", "the If reads 'a' in its branch: it comes after the Relu");
        ir_graph *then_g = ir_node_attr(iff, "then_branch")->graph, *else_g = ir_node_attr(iff, "else_branch")->graph;
        cr_assert(then_g && else_g);
        cr_assert_eq(then_g->parent, g);
        cr_assert_eq(then_g->num_nodes, 1);
        cr_assert_eq(then_g->nodes[0]->inputs[0], relu->outputs[0], "outer 'a' is the main graph's value");
        cr_assert(!ir_graph_owns_value(then_g, then_g->nodes[0]->inputs[0]));
        cr_assert(ir_graph_owns_value(then_g, then_g->outputs[0]));
        cr_assert_eq(else_g->num_outputs, 1);
        cr_assert_eq(else_g->outputs[0], g->inputs[1], "an output may be an outer value itself");
        cr_assert(!g->inputs[1]->is_output, "the body's output flag stays in the body");
        ir_graph_free(g);
    }
}

Test(frontend, nested_subgraphs_resolve_every_enclosing_scope)
{
    /* cond, x -> y = If(cond, then: If(cond, then: Neg(x), else: x), else: x) */
    graph_builder b = new_model(13);
    int64_t d3[] = {3};
    ADD(b, input, value_info("cond", DT_BOOL, 0, NULL, NULL));
    ADD(b, input, value_info("x", DT_FLOAT, 1, d3, NULL));
    ADD(b, output, value_info("y", DT_FLOAT, 1, d3, NULL));
    Onnx__GraphProto *inner_then = subgraph("inner_then"), *inner_else = subgraph("inner_else");
    SUB_ADD(inner_then, node, node("Neg", "neg", 1, (const char *[]){"x"}, 1, (const char *[]){"t"}));
    SUB_ADD(inner_then, output, value_info("t", DT_FLOAT, 1, d3, NULL));
    SUB_ADD(inner_else, output, value_info("x", DT_FLOAT, 1, d3, NULL));
    Onnx__NodeProto *inner = node("If", "inner", 1, (const char *[]){"cond"}, 1, (const char *[]){"m"});
    add_graph_attr(inner, "then_branch", inner_then);
    add_graph_attr(inner, "else_branch", inner_else);
    Onnx__GraphProto *outer_then = subgraph("outer_then"), *outer_else = subgraph("outer_else");
    SUB_ADD(outer_then, node, inner);
    SUB_ADD(outer_then, output, value_info("m", DT_FLOAT, 1, d3, NULL));
    SUB_ADD(outer_else, output, value_info("x", DT_FLOAT, 1, d3, NULL));
    Onnx__NodeProto *outer = node("If", "outer", 1, (const char *[]){"cond"}, 1, (const char *[]){"y"});
    add_graph_attr(outer, "then_branch", outer_then);
    add_graph_attr(outer, "else_branch", outer_else);
    ADD(b, node, outer);
    ir_graph *g = load(save(&b, "nested.onnx"), NULL);
    cr_assert_not_null(g, "%s", diag_message());
    ir_graph *mid = ir_node_attr(g->nodes[0], "then_branch")->graph;
    ir_node *inner_if = mid->nodes[0];
    cr_assert_eq(inner_if->inputs[0], g->inputs[0], "the inner If's condition is the main graph's 'cond'");
    ir_graph *leaf = ir_node_attr(inner_if, "then_branch")->graph;
    cr_assert_eq(leaf->parent, mid);
    cr_assert_eq(leaf->nodes[0]->inputs[0], g->inputs[1], "two levels up");
    ir_graph_free(g);
}

Test(frontend, subgraph_errors)
{
    graph_builder b = if_model(false, "ghost");
    cr_assert_null(load(save(&b, "ghost.onnx"), NULL));
    cr_assert_eq(diag_last_kind(), DIAG_INVALID);
    cr_assert(strstr(diag_message(), "node 'neg' (Neg, opset 13): input 'ghost' is not produced"), "%s",
              diag_message());
    /* The branch defines 'a' again: names must stay unique across scopes. */
    b = if_model(false, "a");
    b.g->node[1]->attribute[0]->g->node[0]->output[0] = str("a");
    b.g->node[1]->attribute[0]->g->output[0]->name = str("a");
    cr_assert_null(load(save(&b, "shadow.onnx"), NULL));
    cr_assert(strstr(diag_message(), "output 'a' is already defined"), "%s", diag_message());
}

/* ---- the deep-nesting file, written byte by byte (packing 3,000 nested
   messages with protobuf-c would recurse as deep as decoding them) ---- */

typedef struct bytes {
    uint8_t *data;
    size_t len;
} bytes;

static void put_varint(uint8_t *out, size_t *at, uint64_t v)
{
    do {
        out[(*at)++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
}

/* Appends field `field` (length-delimited) holding data[0..len) to a new buffer after `head`. */
static bytes wrap(const uint8_t *head, size_t head_len, int field, bytes inner)
{
    bytes out = {malloc(head_len + inner.len + 16), 0};
    cr_assert(out.data);
    if (head_len) memcpy(out.data, head, head_len);
    out.len = head_len;
    put_varint(out.data, &out.len, (uint64_t)field << 3 | 2);
    put_varint(out.data, &out.len, inner.len);
    if (inner.len) memcpy(out.data + out.len, inner.data, inner.len);
    out.len += inner.len;
    free(inner.data);
    return out;
}

Test(frontend, deeply_nested_subgraphs_are_a_clean_error)
{
    /* NodeProto If(c) -> r; AttributeProto then_branch, type GRAPH. */
    static const uint8_t node_head[] = {0x0a, 1, 'c', 0x12, 1, 'r', 0x22, 2, 'I', 'f'};
    static const uint8_t attr_head[] = {0x0a, 11, 't', 'h', 'e', 'n', '_', 'b', 'r', 'a', 'n', 'c', 'h', 0xa0, 0x01, 5};
    static const uint8_t model_head[] = {0x08, 8, 0x42, 2, 0x10, 11}; /* ir_version 8, opset_import {version 11} */
    bytes graph = {malloc(1), 0};
    for (int level = 0; level < 3000; level++) {
        bytes attr_b = wrap(attr_head, sizeof attr_head, 6, graph);
        bytes node_b = wrap(node_head, sizeof node_head, 5, attr_b);
        graph = wrap(NULL, 0, 1, node_b);
    }
    bytes model = wrap(model_head, sizeof model_head, 7, graph);
    char path[128];
    snprintf(path, sizeof path, "%s/deep.onnx", tmpdir);
    write_bytes(path, model.data, model.len);
    free(model.data);
    cr_assert_null(load(path, NULL));
    cr_assert_eq(diag_last_kind(), DIAG_UNSUPPORTED);
    cr_assert(strstr(diag_message(), "subgraphs are nested more than 64 deep"), "%s", diag_message());
}
