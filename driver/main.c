/* dlc: the command line. Parses the arguments into pipeline options and
   runs the pipeline (driver/pipeline.c); errors become one line on stderr
   and the exit status. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/target.h"
#include "driver/pipeline.h"
#include "frontend/onnx_reader.h"
#include "ir/diag.h"
#include "ops/op.h"

#define MAX_PINS 64

static const char usage[] =
    "usage: dlc MODEL.onnx -o OUT.c [options]\n"
    "       dlc --help | --version\n"
    "\n"
    "Compiles an ONNX model into standalone C: OUT.c and OUT.h (same folder, same stem).\n"
    "\n"
    "options:\n"
    "  -o FILE              output file (OUT.c for --emit=c; '-' is stdout for ir and dot)\n"
    "  --name NAME          symbol prefix of the generated API (default: OUT's stem as a C identifier)\n"
    "  --shape NAME=DIMS    pin the shape of graph input NAME, e.g. --shape input=1x3x224x224\n"
    "  --dim SYMBOL=N       pin every symbolic dimension called SYMBOL to N, e.g. --dim batch=1\n"
    "  --bind NAME=FILE     make graph input NAME a constant: the TensorProto in FILE\n"
    "                       (specialises the model; NAME is no longer an input)\n"
    "  --emit=KIND          c (default): C source and header; ir: the optimised IR as text;\n"
    "                       dot: the optimised graph for Graphviz\n"
    "  --dump-ir            print the optimised IR to stderr as well\n"
    "  --stats              print node, kernel-call, arena and weight sizes to stderr, then\n"
    "                       each kernel call (kernel, node, output shape, scratch, block sizes)\n"
    "  --tune=CPU           tune the block sizes of the matrix products for CPU: host (default,\n"
    "                       the CPU dlc runs on), avx512, avx2 or generic; changes speed, never\n"
    "                       results (the SIMD code itself is chosen when the C is compiled)\n"
    "  --threads[=N]        code that can run on up to N threads (default 4, at most 64), with a\n"
    "                       pthreads pool (N >= 2) and NAME_set_num_threads(n) (it starts at 1);\n"
    "                       without this option the code is single-threaded and needs no thread\n"
    "                       library\n"
    "  --no-fusion          do not fuse bias, residual Add and activations into Conv, Gemm\n"
    "                       and MatMul (slower code; for comparing and debugging)\n"
    "  --list-ops           print the operators dlc supports, one per line\n"
    "  --help               this text\n"
    "  --version            the version\n"
    "\n"
    "The generated API (see OUT.h): NAME_num_inputs, NAME_num_outputs, NAME_input_info,\n"
    "NAME_output_info, NAME_run(inputs, outputs).\n"
    "\n"
    "Exit status: 0 on success; 2 when the model is valid but uses something dlc does not\n"
    "support (an operator, attribute or element type); 1 for any other error. Errors are\n"
    "one line 'dlc: error: ...' on stderr.\n";

typedef struct options {
    const char *model, *output, *name, *emit;
    bool dump_ir, stats, no_fusion;
    int threads;
    const target_desc *tune;
    onnx_shape_pin shapes[MAX_PINS];
    onnx_dim_pin dims[MAX_PINS];
    const char *binds[MAX_PINS];
    int num_shapes, num_dims, num_binds;
} options;

static int fail(void)
{
    fprintf(stderr, "dlc: error: %s\n", diag_message()[0] ? diag_message() : "unknown error");
    return diag_last_kind() == DIAG_UNSUPPORTED ? 2 : 1;
}

static bool parse_dim_pin(const char *spec, onnx_dim_pin *pin)
{
    const char *eq = strrchr(spec, '=');
    if (!eq || eq == spec || !eq[1]) return diag_error(DIAG_INVALID, "--dim expects SYMBOL=N, got '%s'", spec);
    char *end;
    errno = 0;
    long long v = strtoll(eq + 1, &end, 10);
    if (*end || errno || v < 0) return diag_error(DIAG_INVALID, "--dim %s: '%s' is not a non-negative integer", spec, eq + 1);
    size_t n = (size_t)(eq - spec);
    char *sym = malloc(n + 1);
    if (!sym) return diag_error(DIAG_INVALID, "out of memory");
    memcpy(sym, spec, n);
    sym[n] = 0;
    pin->symbol = sym;
    pin->value = v;
    return true;
}

static void print_op(const op_def *d, void *user)
{
    (void)user;
    printf("%s%s%s\n", d->domain && d->domain[0] ? d->domain : "", d->domain && d->domain[0] ? "." : "", d->op_type);
}

/* Returns 0 to go on, 1 on a usage error, 2 after --help/--version. */
static int parse_args(int argc, char **argv, options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *value = NULL;
#define TAKES(flag) (strcmp(a, flag) == 0 ? (i + 1 < argc ? (value = argv[++i]) != NULL : (diag_error(DIAG_INVALID, "%s needs a value", flag), false)) \
                     : strncmp(a, flag "=", strlen(flag) + 1) == 0 ? (value = a + strlen(flag) + 1) != NULL : false)
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { fputs(usage, stdout); return 2; }
        if (strcmp(a, "--version") == 0) { printf("dlc %s\n", DLC_VERSION); return 2; }
        if (strcmp(a, "--list-ops") == 0) { op_for_each(print_op, NULL); return 2; }
        if (strcmp(a, "--dump-ir") == 0) { o->dump_ir = true; continue; }
        if (strcmp(a, "--stats") == 0) { o->stats = true; continue; }
        if (strcmp(a, "--no-fusion") == 0) { o->no_fusion = true; continue; }
        if (strcmp(a, "--threads") == 0) { o->threads = 4; continue; }
        if (strncmp(a, "--threads=", 10) == 0) {
            char *end;
            long n = strtol(a + 10, &end, 10);
            if (end == a + 10 || *end || n < 1 || n > 64) {
                diag_error(DIAG_INVALID, "--threads=N takes a number of threads from 1 to 64, not '%s'", a + 10);
                return 1;
            }
            o->threads = (int)n;
            continue;
        }
        if (TAKES("-o")) { o->output = value; continue; }
        if (TAKES("--name")) { o->name = value; continue; }
        if (TAKES("--emit")) { o->emit = value; continue; }
        if (TAKES("--tune")) {
            o->tune = target_find(value);
            if (!o->tune) {
                diag_error(DIAG_INVALID, "--tune takes one of %s, not '%s'", target_names(), value);
                return 1;
            }
            continue;
        }
        if (TAKES("--shape")) {
            if (o->num_shapes == MAX_PINS) { diag_error(DIAG_INVALID, "too many --shape options"); return 1; }
            if (!onnx_parse_shape_pin(value, &o->shapes[o->num_shapes++])) return 1;
            continue;
        }
        if (TAKES("--bind")) {
            if (o->num_binds == MAX_PINS) { diag_error(DIAG_INVALID, "too many --bind options"); return 1; }
            if (!strchr(value, '=')) { diag_error(DIAG_INVALID, "--bind expects NAME=FILE, got '%s'", value); return 1; }
            o->binds[o->num_binds++] = value;
            continue;
        }
        if (TAKES("--dim")) {
            if (o->num_dims == MAX_PINS) { diag_error(DIAG_INVALID, "too many --dim options"); return 1; }
            if (!parse_dim_pin(value, &o->dims[o->num_dims++])) return 1;
            continue;
        }
#undef TAKES
        if (diag_last_kind() != DIAG_NONE) return 1;
        if (a[0] == '-' && a[1]) { diag_error(DIAG_INVALID, "unknown option '%s' (see dlc --help)", a); return 1; }
        if (o->model) { diag_error(DIAG_INVALID, "more than one model given ('%s' and '%s')", o->model, a); return 1; }
        o->model = a;
    }
    if (!o->model) { diag_error(DIAG_INVALID, "no model given (usage: dlc MODEL.onnx -o OUT.c)"); return 1; }
    if (!o->emit) o->emit = "c";
    if (strcmp(o->emit, "c") && strcmp(o->emit, "ir") && strcmp(o->emit, "dot")) {
        diag_error(DIAG_INVALID, "--emit=%s: expected c, ir or dot", o->emit);
        return 1;
    }
    if (!o->output) { diag_error(DIAG_INVALID, "no output file given (-o OUT.c)"); return 1; }
    if (strcmp(o->emit, "c") == 0) {
        size_t n = strlen(o->output);
        if (n < 3 || strcmp(o->output + n - 2, ".c") != 0) {
            diag_error(DIAG_INVALID, "-o %s: the output of --emit=c must end in .c", o->output);
            return 1;
        }
    }
    return 0;
}

static void release_options(options *o)
{
    for (int i = 0; i < o->num_dims; i++) free((char *)o->dims[i].symbol);
    for (int i = 0; i < o->num_shapes; i++) onnx_shape_pin_release(&o->shapes[i]);
}

int main(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    int r = parse_args(argc, argv, &o);
    if (r != 0) {
        release_options(&o);
        return r == 2 ? 0 : fail();
    }
    pipeline_options po = {.model = o.model, .output = o.output, .name = o.name, .emit = o.emit,
                           .dump_ir = o.dump_ir, .stats = o.stats, .no_fusion = o.no_fusion, .threads = o.threads,
                           .tune = o.tune,
                           .shapes = o.shapes, .num_shapes = o.num_shapes, .dims = o.dims,
                           .num_dims = o.num_dims, .binds = o.binds, .num_binds = o.num_binds};
    bool ok = pipeline_compile(&po);
    release_options(&o);
    return ok ? 0 : fail();
}
