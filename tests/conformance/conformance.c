/* dlc-conformance: runs ONNX backend test cases through dlc.

   Each case (a folder with model.onnx and test_data_set_N/{input,output}_K.pb)
   is compiled with dlc, the generated C is built with the harness
   (harness.c) by a real C compiler, run on every data set, and its outputs
   compared with the expected ones: the same dims (the actual dims the
   generated NAME_output_dims gives, which for a shape that depends on the
   data are less than the buffer's), then |actual - expected| <= atol + rtol *
   |expected| for floating point, exact for integers and bool. Cases run in
   child processes (a crash is a result, not the end of the run). A model
   with a random generator (RandomUniform, RandomNormal, their -Like forms,
   Bernoulli, Multinomial) cannot reproduce the reference's numbers: its
   outputs are checked for size and type, and each element for lying within
   the expected output's range of values (0 and 1 for Bernoulli); the
   verdict says so.

   Every case ends as pass, fail (with the largest error or what broke) or
   unsupported (dlc's reason). With --expect FILE (tests/conformance/
   expectations.txt) each result is also compared with the case's expected
   one, so that a lost capability fails the run: a case expected to pass
   that fails or turns unsupported is a regression; a case expected
   unsupported or known-failure that passes is reported as newly passing;
   --update-expectations rewrites the file from the run. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "frontend/onnx_reader.h"
#include "ir/diag.h"
#include "ir/ir.h"
#include "runtime/dtypes.h"
#include "runtime/rt.h"

/* What a case did (a child process reports one of these). */
typedef enum { R_PASS, R_FAIL, R_UNSUPPORTED } result_kind;
static const char *const result_names[] = {"pass", "fail", "unsupported"};

/* What the expectations file says of a case. */
typedef enum { X_NONE, X_PASS, X_UNSUPPORTED, X_KNOWN_FAILURE } expect_kind;
static const char *const expect_names[] = {"(not listed)", "pass", "unsupported", "known-failure"};

/* A result judged against its expectation. */
typedef enum {
    V_AS_EXPECTED,      /* including every case when no --expect is given */
    V_NEW,              /* not listed, did not fail */
    V_NEWLY_PASSING,    /* listed unsupported or known-failure, passes */
    V_KNOWN_FAILURE,    /* listed known-failure, fails (or compile-only: compiles) */
    V_FAIL,             /* fails, not listed as pass or known-failure */
    V_REGRESSION,       /* listed pass, fails or unsupported; listed known-failure, unsupported */
} verdict;

typedef struct config {
    const char *dlc, *dlc_flags, *cc, *cflags, *filter, *report, *work, *expect;
    bool sanitize, compile_only, keep, update_expectations;
    int jobs;
    double rtol, atol;
} config;

typedef struct test_case {
    char suite[256], name[256], path[4096];
    result_kind result;
    char detail[512];
    expect_kind expected;
    const char *expected_reason;    /* the file's reason ("" if none) */
    verdict verdict;
    bool random;                    /* the model draws random numbers: range checks only */
} test_case;

static const char usage[] =
    "usage: dlc-conformance [options] DIR...\n"
    "  DIR is a suite folder (its subfolders holding model.onnx are the cases) or one case;\n"
    "  LABEL=DIR names the suite LABEL (default: the folder's name).\n"
    "options:\n"
    "  --dlc PATH            the dlc binary (default: the one built with this runner)\n"
    "  --dlc-flags FLAGS     more options for dlc, e.g. --no-fusion (default: none)\n"
    "  --cc CC               C compiler for the generated code (default: cc)\n"
    "  --cflags FLAGS        (default: -std=c99 -O1 -Wall -Wextra -Werror)\n"
    "  --sanitize            build the generated code with -fsanitize=address,undefined\n"
    "  --compile-only        stop after compiling the generated code (pass = it compiles)\n"
    "  --filter TEXT         only cases whose name contains TEXT\n"
    "  --expect FILE         compare every case with its line in FILE (tests/conformance/expectations.txt):\n"
    "                        'SUITE/CASE pass', 'SUITE/CASE unsupported REASON' or\n"
    "                        'SUITE/CASE known-failure REASON'. A case expected to pass that fails or\n"
    "                        is unsupported (or a known failure that turns unsupported) is a REGRESSION\n"
    "                        and fails the run; an unsupported or known-failure case that passes is\n"
    "                        NEWLY PASSING and a case not listed is NEW (neither fails the run unless\n"
    "                        the case fails); listed cases not run (--filter, suite absent) are ignored.\n"
    "                        With --compile-only a known-failure case may compile.\n"
    "  --update-expectations with --expect: rewrite FILE from this run (pass, or unsupported with dlc's\n"
    "                        reason; a still-failing known-failure keeps its line; other failing cases\n"
    "                        are not written: fix them or list them as known-failure by hand). Lines of\n"
    "                        cases not run are kept. The exit status still compares with the old FILE.\n"
    "  --report FILE         write every case's result to FILE (markdown)\n"
    "  --jobs N              cases run at once (default 2)\n"
    "  --rtol X --atol X     tolerances for floating point (default 1e-3, 1e-5)\n"
    "  --work DIR            scratch folder (default: a new one under /tmp, removed after)\n"
    "  --keep                keep the scratch folder\n"
    "Output: a line per failing, regressed, newly passing or new case, a line per suite, with --expect a\n"
    "line 'expectations: ...', and last 'conformance: N passed, N failed, N skipped'\n"
    "(failed = fail or regression; skipped = unsupported or known failure).\n"
    "Exit status: 0 when no case failed or regressed, 1 otherwise, 2 for a usage or file error.\n";

/* ---- small utilities ---------------------------------------------------- */

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The first line of a file, trimmed, or "" . */
static void first_line(const char *path, char *out, size_t cap, const char *must_contain)
{
    out[0] = 0;
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        if (must_contain && !strstr(line, must_contain)) continue;
        line[strcspn(line, "\r\n")] = 0;
        snprintf(out, cap, "%s", line);
        break;
    }
    fclose(f);
}

static int run_command(const char *cmd)
{
    int status = system(cmd);
    if (status == -1) return -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Shell-quotes s into out (single quotes). */
static const char *quote(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    out[n++] = '\'';
    for (; *s && n + 5 < cap; s++) {
        if (*s == '\'') { memcpy(out + n, "'\\''", 4); n += 4; }
        else out[n++] = *s;
    }
    out[n++] = '\'';
    out[n] = 0;
    return out;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the entries of dir that start with prefix. */
static int list_dir(const char *dir, const char *prefix, char ***names)
{
    DIR *d = opendir(dir);
    int count = 0, cap = 16;
    *names = malloc((size_t)cap * sizeof **names);
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0) continue;
        if (count == cap) *names = realloc(*names, (size_t)(cap *= 2) * sizeof **names);
        (*names)[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(*names, (size_t)count, sizeof **names, compare_names);
    return count;
}

static void free_list(char **names, int count)
{
    for (int i = 0; i < count; i++) free(names[i]);
    free(names);
}

/* ---- comparing one output ---------------------------------------------- */

static double element_as_double(int32_t dtype, const void *data, int64_t k)
{
    switch (dtype) {
    case DT_FLOAT: return ((const float *)data)[k];
    case DT_DOUBLE: return ((const double *)data)[k];
    case DT_FLOAT16: return rt_f16_to_f32(((const uint16_t *)data)[k]);
    case DT_BFLOAT16: return rt_bf16_to_f32(((const uint16_t *)data)[k]);
    default: return 0;
    }
}

/* Returns true when equal within tolerance; *worst gets the largest error. */
static bool compare_tensor(const ir_value *expected, const void *actual, const config *cfg, double *worst,
                           char *why, size_t why_cap)
{
    int64_t n = ir_value_numel(expected);
    bool ok = true;
    if (dtype_is_float(expected->dtype)) {
        for (int64_t i = 0; i < n; i++) {
            double e = element_as_double(expected->dtype, expected->data, i);
            double a = element_as_double(expected->dtype, actual, i);
            if (isnan(e) && isnan(a)) continue;
            if (isinf(e) || isinf(a)) {
                if (e != a) {
                    if (ok) snprintf(why, why_cap, "element %lld: %g, expected %g", (long long)i, a, e);
                    ok = false;
                    *worst = INFINITY;
                }
                continue;
            }
            double err = fabs(a - e);
            if (isnan(err)) err = INFINITY;
            if (err > *worst) *worst = err;
            if (!(err <= cfg->atol + cfg->rtol * fabs(e))) {
                if (ok) snprintf(why, why_cap, "element %lld: %.9g, expected %.9g", (long long)i, a, e);
                ok = false;
            }
        }
        return ok;
    }
    size_t size = dtype_size(expected->dtype);
    for (int64_t i = 0; i < n; i++) {
        if (memcmp((const char *)actual + (size_t)i * size, (const char *)expected->data + (size_t)i * size, size)) {
            ir_value tmp = *expected;
            tmp.data = (void *)actual;
            snprintf(why, why_cap, "element %lld: %lld, expected %lld", (long long)i, (long long)ir_const_int(&tmp, i),
                     (long long)ir_const_int(expected, i));
            *worst = INFINITY;
            return false;
        }
    }
    return true;
}

/* A random model's output: every element within [min, max] of the
   expected output's elements (NaN nowhere). */
static bool within_expected_range(const ir_value *expected, const void *actual, char *why, size_t why_cap)
{
    int64_t n = ir_value_numel(expected);
    double lo = INFINITY, hi = -INFINITY;
    ir_value got = *expected;
    got.data = (void *)actual;
    bool is_float = dtype_is_float(expected->dtype);
    for (int64_t i = 0; i < n; i++) {
        double e = is_float ? element_as_double(expected->dtype, expected->data, i) : (double)ir_const_int(expected, i);
        if (e < lo) lo = e;
        if (e > hi) hi = e;
    }
    for (int64_t i = 0; i < n; i++) {
        double a = is_float ? element_as_double(expected->dtype, actual, i) : (double)ir_const_int(&got, i);
        if (!(a >= lo && a <= hi)) {
            snprintf(why, why_cap, "element %lld: %g, outside the expected range [%g, %g]", (long long)i, a, lo, hi);
            return false;
        }
    }
    return true;
}

/* Whether the model at path has a node of a random generator. */
static bool model_is_random(const char *path)
{
    static const char *const generators[] = {"RandomUniform", "RandomNormal", "RandomUniformLike",
                                             "RandomNormalLike", "Bernoulli", "Multinomial"};
    ir_graph *g = onnx_read_model(path, NULL);
    bool random = false;
    for (int i = 0; g && i < g->num_nodes; i++)
        for (size_t k = 0; k < sizeof generators / sizeof generators[0]; k++)
            random = random || strcmp(g->nodes[i]->op_type, generators[k]) == 0;
    if (g) ir_graph_free(g);
    diag_clear();
    return random;
}

/* Writes v as the generated code's buffer holds it: 4- and 2-bit elements
   packed (dlc's reader unpacks them to a byte each). */
static bool write_raw(const char *path, const ir_value *v)
{
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    int64_t n = ir_value_numel(v);
    size_t bytes = dtype_packed_bytes(v->dtype, n);
    uint8_t *packed = dtype_is_packed(v->dtype) ? malloc(bytes + 1) : NULL;
    if (packed) rt_pack_bits(v->data, packed, n, dtype_bits(v->dtype));
    bool ok = fwrite(packed ? packed : v->data, 1, bytes, f) == bytes;
    free(packed);
    return fclose(f) == 0 && ok;
}

/* A packed output of the generated code, a byte an element as dlc's reader
   gives the expected one (malloc'd; NULL when out of memory). */
static void *unpack_output(const ir_value *expected, void *actual)
{
    int64_t n = ir_value_numel(expected);
    uint8_t *out = malloc((size_t)n + 1);
    bool is_signed = expected->dtype == DT_INT4 || expected->dtype == DT_INT2;
    if (out) rt_unpack_bits(actual, out, n, dtype_bits(expected->dtype), is_signed);
    free(actual);
    return out;
}

static void *read_raw(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Checks the dims the harness wrote for an output (NAME_output_dims, rank
   int64 values in dims_path) against the expected tensor's; false with why. */
static bool compare_dims(const ir_value *expected, const char *dims_path, char *why, size_t why_cap)
{
    size_t len = 0;
    int64_t *dims = read_raw(dims_path, &len);
    bool ok = dims && len == (size_t)expected->rank * sizeof *dims;
    for (int d = 0; ok && d < expected->rank; d++) ok = dims[d] == expected->dims[d];
    if (!ok) {
        int n = snprintf(why, why_cap, "dims [");
        for (size_t d = 0; dims && d < len / sizeof *dims && n < (int)why_cap; d++)
            n += snprintf(why + n, why_cap - (size_t)n, "%s%lld", d ? ", " : "", (long long)dims[d]);
        if (n < (int)why_cap) n += snprintf(why + n, why_cap - (size_t)n, "], expected [");
        for (int d = 0; d < expected->rank && n < (int)why_cap; d++)
            n += snprintf(why + n, why_cap - (size_t)n, "%s%lld", d ? ", " : "", (long long)expected->dims[d]);
        if (n < (int)why_cap) snprintf(why + n, why_cap - (size_t)n, "]");
    }
    free(dims);
    return ok;
}

/* ---- one case ----------------------------------------------------------- */

#define SET(kind, ...) (tc->result = (kind), snprintf(tc->detail, sizeof tc->detail, __VA_ARGS__))

/* dlc's error line without "dlc: error: " and the model path. */
static void dlc_reason(const char *err_file, const char *model_path, char *out, size_t cap)
{
    char line[1024];
    first_line(err_file, line, sizeof line, "error");
    const char *s = line;
    if (strncmp(s, "dlc: error: ", 12) == 0) s += 12;
    size_t plen = strlen(model_path);
    if (strncmp(s, model_path, plen) == 0 && s[plen] == ':') s += plen + 2;
    snprintf(out, cap, "%s", s[0] ? s : "(no message)");
}

#define MAX_BINDS 8

/* Graph inputs the case binds at compile time (see run_case). */
typedef struct bindings {
    char names[MAX_BINDS][256];
    int count;
    bool pin_shapes;            /* pass every input's shape with --shape */
} bindings;

static bool is_bound(const bindings *b, const char *name)
{
    for (int i = 0; i < b->count; i++)
        if (strcmp(b->names[i], name) == 0) return true;
    return false;
}

/* The TensorProto name stored in a .pb file ("" if unreadable). */
static void tensor_name(const char *path, char *out, size_t cap)
{
    ir_graph *g = ir_graph_new(NULL);
    ir_value *v = onnx_read_tensor_file(g, path);
    snprintf(out, cap, "%s", v ? v->name : "");
    ir_graph_free(g);
    diag_clear();
}

static void run_data_set(test_case *tc, const config *cfg, const char *dir, const char *set_dir,
                         const bindings *bound, double *worst)
{
    char **names, path[8192], cmd[32768], q[4096];
    int count = list_dir(set_dir, "input_", &names);
    size_t at = (size_t)snprintf(cmd, sizeof cmd, "timeout 300 %s/harness", dir);
    for (int i = 0; i < count; i++) {
        ir_graph *g = ir_graph_new(NULL);
        snprintf(path, sizeof path, "%s/%s", set_dir, names[i]);
        ir_value *v = onnx_read_tensor_file(g, path);
        char raw[4096];
        snprintf(raw, sizeof raw, "%s/in_%d.bin", dir, i);
        bool skip = v && is_bound(bound, v->name);
        if (!v) SET(R_UNSUPPORTED, "input %s: %s", names[i], diag_message());
        else if (!skip && !write_raw(raw, v)) SET(R_FAIL, "cannot write %s", raw);
        ir_graph_free(g);
        diag_clear();
        if (tc->result != R_PASS) { free_list(names, count); return; }
        if (!skip) at += (size_t)snprintf(cmd + at, sizeof cmd - at, " %s", quote(raw, q, sizeof q));
    }
    free_list(names, count);
    count = list_dir(set_dir, "output_", &names);
    for (int i = 0; i < count; i++) {
        char raw[4096];
        snprintf(raw, sizeof raw, "%s/out_%d.bin", dir, i);
        remove(raw);
        snprintf(raw + strlen(raw), sizeof raw - strlen(raw), ".dims");
        remove(raw);
        raw[strlen(raw) - 5] = 0;
        at += (size_t)snprintf(cmd + at, sizeof cmd - at, " %s", quote(raw, q, sizeof q));
    }
    snprintf(cmd + at, sizeof cmd - at, " >%s/run.out 2>%s/run.err", dir, dir);
    int rc = run_command(cmd);
    if (rc != 0) {
        char err[1024], errfile[4200];
        snprintf(errfile, sizeof errfile, "%s/run.err", dir);
        first_line(errfile, err, sizeof err, "harness:");
        if (!err[0]) first_line(errfile, err, sizeof err, "SUMMARY");
        if (!err[0]) first_line(errfile, err, sizeof err, "runtime error");
        if (!err[0]) first_line(errfile, err, sizeof err, NULL);
        SET(R_FAIL, "running the generated code: exit %d%s%s", rc, err[0] ? ": " : "", err);
        free_list(names, count);
        return;
    }
    for (int i = 0; i < count && tc->result == R_PASS; i++) {
        ir_graph *g = ir_graph_new(NULL);
        snprintf(path, sizeof path, "%s/%s", set_dir, names[i]);
        ir_value *expected = onnx_read_tensor_file(g, path);
        char raw[4096], dims_path[4200];
        snprintf(raw, sizeof raw, "%s/out_%d.bin", dir, i);
        snprintf(dims_path, sizeof dims_path, "%s.dims", raw);
        size_t len = 0;
        void *actual = expected ? read_raw(raw, &len) : NULL;
        char why[256] = "";
        if (!expected) SET(R_UNSUPPORTED, "expected output %s: %s", names[i], diag_message());
        else if (!actual) SET(R_FAIL, "output %d was not written", i);
        else if (!compare_dims(expected, dims_path, why, sizeof why)) SET(R_FAIL, "output %d has %s", i, why);
        else if (len != dtype_packed_bytes(expected->dtype, ir_value_numel(expected)))
            SET(R_FAIL, "output %d has %zu bytes, expected %zu", i, len,
                dtype_packed_bytes(expected->dtype, ir_value_numel(expected)));
        else if (dtype_is_packed(expected->dtype) && !(actual = unpack_output(expected, actual)))
            SET(R_FAIL, "out of memory");
        else if (tc->random ? !within_expected_range(expected, actual, why, sizeof why)
                            : !compare_tensor(expected, actual, cfg, worst, why, sizeof why))
            SET(R_FAIL, "output %d differs: %s (largest error %g)", i, why, *worst);
        free(actual);
        ir_graph_free(g);
        diag_clear();
    }
    free_list(names, count);
}

/* Runs dlc (binding the listed inputs to set_dir's values) and the C
   compiler. False with tc's result set when either fails. */
static bool compile_case(test_case *tc, const config *cfg, const char *dir, const char *set_dir,
                         const bindings *bound)
{
    char cmd[32768], q1[4096], q2[4096], model[4200], err[4200];
    snprintf(model, sizeof model, "%s/model.onnx", tc->path);
    snprintf(err, sizeof err, "%s/dlc.err", dir);
    size_t at = (size_t)snprintf(cmd, sizeof cmd, "%s %s -o %s/model.c --name model %s", quote(cfg->dlc, q1, sizeof q1),
                                 quote(model, q2, sizeof q2), dir, cfg->dlc_flags ? cfg->dlc_flags : "");
    if (bound->count || bound->pin_shapes) {
        char **names;
        int count = list_dir(set_dir, "input_", &names);
        for (int i = 0; i < count; i++) {
            char path[8192], arg[8600];
            snprintf(path, sizeof path, "%s/%s", set_dir, names[i]);
            ir_graph *g = ir_graph_new(NULL);
            ir_value *v = onnx_read_tensor_file(g, path);
            if (v && is_bound(bound, v->name)) {
                snprintf(arg, sizeof arg, "%s=%s", v->name, path);
                at += (size_t)snprintf(cmd + at, sizeof cmd - at, " --bind %s", quote(arg, q1, sizeof q1));
            } else if (v && bound->pin_shapes && v->rank > 0) {
                int n = snprintf(arg, sizeof arg, "%s=", v->name);
                for (int d = 0; d < v->rank; d++) n += snprintf(arg + n, sizeof arg - (size_t)n, "%s%lld", d ? "x" : "", (long long)v->dims[d]);
                at += (size_t)snprintf(cmd + at, sizeof cmd - at, " --shape %s", quote(arg, q1, sizeof q1));
            }
            ir_graph_free(g);
            diag_clear();
        }
        free_list(names, count);
    }
    snprintf(cmd + at, sizeof cmd - at, " 2>%s", err);
    int rc = run_command(cmd);
    if (rc != 0) {
        char reason[400];
        dlc_reason(err, model, reason, sizeof reason);
        if (rc == 2) SET(R_UNSUPPORTED, "%s", reason);
        else if (rc >= 128) SET(R_FAIL, "dlc crashed (signal %d)", rc - 128);
        else SET(R_FAIL, "dlc: %s", reason);
        return false;
    }
    if (cfg->compile_only)
        snprintf(cmd, sizeof cmd, "%s %s -I%s -c %s/model.c -o %s/model.o 2>%s/cc.err", cfg->cc, cfg->cflags, dir, dir,
                 dir, dir);
    else
        snprintf(cmd, sizeof cmd, "%s %s %s -I%s %s/model.c %s -o %s/harness -lm 2>%s/cc.err", cfg->cc, cfg->cflags,
                 cfg->sanitize ? "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" : "",
                 dir, dir, DLC_HARNESS_SOURCE, dir, dir);
    if (run_command(cmd) != 0) {
        char line[400], path[4200];
        snprintf(path, sizeof path, "%s/cc.err", dir);
        first_line(path, line, sizeof line, "error");
        SET(R_FAIL, "the generated C does not compile: %s", line);
        return false;
    }
    return true;
}

/* When dlc needs a graph input's value at compile time (a Reshape target
   fed as an input, say), the test data supplies it: the case is compiled
   once per data set with that input bound (--bind) to the set's value.
   Returns true when a new binding was added. */
static bool learn_binding(test_case *tc, const char *set_dir, bindings *bound)
{
    if (!strstr(tc->detail, "must be known at compile time")) return false;
    bool added = false;
    /* dlc names them: "... computed at run time from graph input 'a', graph input 'b' ..." */
    for (const char *p = strstr(tc->detail, "graph input '"); p; p = strstr(p, "graph input '")) {
        p += strlen("graph input '");
        const char *close = strchr(p, '\'');
        if (!close || bound->count == MAX_BINDS) break;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(close - p), p);
        char **names;
        int count = list_dir(set_dir, "input_", &names);
        bool found = false;
        for (int i = 0; i < count && !found; i++) {
            char path[8192], tname[256];
            snprintf(path, sizeof path, "%s/%s", set_dir, names[i]);
            tensor_name(path, tname, sizeof tname);
            found = strcmp(tname, name) == 0;
        }
        free_list(names, count);
        if (found && !is_bound(bound, name)) {
            snprintf(bound->names[bound->count++], sizeof bound->names[0], "%s", name);
            added = true;
        }
        p = close;
    }
    if (added) tc->result = R_PASS;
    return added;
}

static void run_case(test_case *tc, const config *cfg, const char *dir)
{
    tc->result = R_PASS;
    mkdir(dir, 0755);
    char model[4200];
    snprintf(model, sizeof model, "%s/model.onnx", tc->path);
    tc->random = model_is_random(model);
    char **sets;
    int count = list_dir(tc->path, "test_data_set_", &sets);
    bindings bound = {.count = 0};
    double worst = 0;
    char first_set[8192] = "";
    if (count) snprintf(first_set, sizeof first_set, "%s/%s", tc->path, sets[0]);
    bool compiled = compile_case(tc, cfg, dir, first_set, &bound);
    /* A model with symbolic dimensions: pin them to the data set's shapes. */
    if (!compiled && count && strstr(tc->detail, "is not fixed; pin it")) {
        bound.pin_shapes = true;
        tc->result = R_PASS;
        compiled = compile_case(tc, cfg, dir, first_set, &bound);
    }
    while (!compiled && count && tc->result == R_UNSUPPORTED && learn_binding(tc, first_set, &bound))
        compiled = compile_case(tc, cfg, dir, first_set, &bound);
    if (compiled && cfg->compile_only) SET(R_PASS, "compiles");
    else if (compiled && count == 0) SET(R_UNSUPPORTED, "no test data sets");
    for (int i = 0; compiled && !cfg->compile_only && i < count && tc->result == R_PASS; i++) {
        char set_dir[8192];
        snprintf(set_dir, sizeof set_dir, "%s/%s", tc->path, sets[i]);
        if (i > 0 && (bound.count || bound.pin_shapes) && !compile_case(tc, cfg, dir, set_dir, &bound)) break;
        run_data_set(tc, cfg, dir, set_dir, &bound, &worst);
    }
    free_list(sets, count);
    if (tc->result == R_PASS && !cfg->compile_only) {
        char names[600] = "";
        for (int i = 0; i < bound.count; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "", bound.names[i]);
        if (tc->random)
            SET(R_PASS, "%d data set%s, random numbers: sizes, types and value ranges checked, not values", count,
                count == 1 ? "" : "s");
        else
            SET(R_PASS, "%d data set%s, largest error %.3g%s%s%s", count, count == 1 ? "" : "s", worst,
                bound.count ? " (bound at compile time: " : "", names, bound.count ? ")" : "");
    if (tc->result == R_PASS && bound.pin_shapes)
        snprintf(tc->detail + strlen(tc->detail), sizeof tc->detail - strlen(tc->detail), " (shapes pinned from the data)");
    }
}

/* ---- collecting cases ---------------------------------------------------- */

static test_case *cases;
static int num_cases, cap_cases;

static void add_case(const char *suite, const char *name, const char *path)
{
    if (num_cases == cap_cases) cases = realloc(cases, (size_t)(cap_cases = cap_cases ? cap_cases * 2 : 256) * sizeof *cases);
    test_case *tc = &cases[num_cases++];
    memset(tc, 0, sizeof *tc);
    snprintf(tc->suite, sizeof tc->suite, "%s", suite);
    snprintf(tc->name, sizeof tc->name, "%s", name);
    snprintf(tc->path, sizeof tc->path, "%s", path);
}

static const char *base_name(const char *path, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", path);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/') buf[--n] = 0;
    const char *s = strrchr(buf, '/');
    return s ? s + 1 : buf;
}

static void collect(const char *label, const char *dir, const char *filter)
{
    char model[4200], b1[4096], b2[4096];
    snprintf(model, sizeof model, "%s/model.onnx", dir);
    if (file_exists(model)) {
        add_case(label ? label : base_name(dir, b1, sizeof b1), base_name(dir, b2, sizeof b2), dir);
        return;
    }
    char **names;
    int count = list_dir(dir, "", &names);
    for (int i = 0; i < count; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(model, sizeof model, "%s/model.onnx", path);
        if (!is_dir(path) || !file_exists(model)) continue;
        if (filter && !strstr(names[i], filter)) continue;
        add_case(label ? label : base_name(dir, b1, sizeof b1), names[i], path);
    }
    free_list(names, count);
}

static void case_key(const test_case *tc, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", tc->suite, tc->name);
}

/* ---- expectations -------------------------------------------------------- */

typedef struct expectation {
    char *key;                  /* SUITE/CASE */
    expect_kind kind;
    char *reason;               /* "" when none */
    bool seen;                  /* a case of this run has this key */
} expectation;

static expectation *expectations;
static int num_expectations, cap_expectations;
static int num_sorted;          /* expectations[0..num_sorted) are sorted by key */
static char *expect_header;     /* the file's leading comment block, kept by --update-expectations */

/* The header of a file --update-expectations creates. */
static const char default_header[] =
    "# Expected result of every conformance case tests/run_all.sh runs, one line per\n"
    "# case, sorted by case:\n"
    "#     SUITE/CASE pass\n"
    "#     SUITE/CASE unsupported REASON      (REASON: dlc's error, for reading only)\n"
    "#     SUITE/CASE known-failure REASON    (REASON written by hand: why it cannot pass)\n"
    "# SUITE is the label run_all.sh gives the suite: onnx-1.23/node, onnx-1.12/simple, e2e, ...\n"
    "#\n"
    "# dlc-conformance --expect FILE compares each case it runs with its line, so that a\n"
    "# lost capability fails the run:\n"
    "#   - expected pass, got fail or unsupported: REGRESSION, the run fails;\n"
    "#   - expected known-failure, got unsupported: REGRESSION (dlc now refuses it);\n"
    "#   - expected unsupported or known-failure, got pass: NEWLY PASSING, not a failure,\n"
    "#     but the file is out of date;\n"
    "#   - expected unsupported, got fail: FAIL, as without the file;\n"
    "#   - not listed: NEW (a failure only if it fails);\n"
    "#   - listed but not run (suite absent, --filter): ignored.\n"
    "# With --compile-only (run_all.sh's clang check) a known-failure case may compile.\n"
    "#\n"
    "# Update it in the commit that changes what passes (a new operator's cases move\n"
    "# from unsupported to pass), with every suite:\n"
    "#     DLC_UPDATE_EXPECTATIONS=1 bash tests/run_all.sh\n"
    "# or with only the cases concerned (the lines of cases not run are kept):\n"
    "#     build/tests/conformance/dlc-conformance --expect tests/conformance/expectations.txt \\\n"
    "#         --update-expectations --filter test_relu onnx-1.23/node=../shared/onnx-backend-tests/node\n"
    "# It writes pass, or unsupported with dlc's reason; a known-failure that still\n"
    "# fails keeps its line; any other failing case is not written: fix it, or add\n"
    "# its known-failure line by hand. Review the diff: a line leaving 'pass' is a\n"
    "# capability lost. Comments below this header are not kept.\n"
    "\n";

static void add_expectation(const char *key, expect_kind kind, const char *reason)
{
    if (num_expectations == cap_expectations)
        expectations = realloc(expectations, (size_t)(cap_expectations = cap_expectations ? cap_expectations * 2 : 1024) *
                                                 sizeof *expectations);
    expectations[num_expectations++] = (expectation){strdup(key), kind, strdup(reason), false};
}

static int compare_expectations(const void *a, const void *b)
{
    return strcmp(((const expectation *)a)->key, ((const expectation *)b)->key);
}

static void sort_expectations(void)
{
    if (num_expectations)   /* qsort and bsearch want a non-null array */
        qsort(expectations, (size_t)num_expectations, sizeof *expectations, compare_expectations);
    num_sorted = num_expectations;
}

static expectation *find_expectation(const char *key)
{
    expectation probe = {.key = (char *)key};
    if (!num_sorted) return NULL;
    return bsearch(&probe, expectations, (size_t)num_sorted, sizeof *expectations, compare_expectations);
}

static expect_kind parse_expect_kind(const char *word)
{
    for (int k = X_PASS; k <= X_KNOWN_FAILURE; k++)
        if (strcmp(word, expect_names[k]) == 0) return (expect_kind)k;
    return X_NONE;
}

static void trim_end(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
}

/* Splits "KEY STATUS [REASON]" in place. False when STATUS is unknown or a
   known failure gives no reason. */
static bool parse_expectation_line(char *line, char **key, expect_kind *kind, char **reason)
{
    *key = line;
    char *p = line + strcspn(line, " \t");
    if (*p) *p++ = 0;
    p += strspn(p, " \t");
    char *word = p;
    p += strcspn(p, " \t");
    if (*p) *p++ = 0;
    p += strspn(p, " \t");
    trim_end(p);
    *reason = p;
    *kind = parse_expect_kind(word);
    return *kind != X_NONE && (*kind != X_KNOWN_FAILURE || *p);
}

/* Reads an expectations file: its leading comment block (kept by
   --update-expectations) and one expectation per other non-blank line not
   starting with '#'. Exits with status 2 on an unreadable file or a bad
   line: a gate that cannot read its list must not let the run pass. */
static void load_expectations(const char *path, bool may_be_missing)
{
    FILE *f = fopen(path, "r");
    if (!f && may_be_missing && errno == ENOENT) {
        expect_header = strdup(default_header);
        return;
    }
    if (!f) { fprintf(stderr, "dlc-conformance: cannot read %s: %s\n", path, strerror(errno)); exit(2); }
    size_t header_len = 0, cap = 0;
    FILE *header = open_memstream(&expect_header, &header_len);
    char *line = NULL;
    bool in_header = true;
    for (int lineno = 1; getline(&line, &cap, f) >= 0; lineno++) {
        trim_end(line);
        bool skip = line[0] == '#' || line[strspn(line, " \t")] == 0;
        if (in_header && skip) fprintf(header, "%s\n", line);
        if (skip) continue;
        in_header = false;
        char *key, *reason;
        expect_kind kind;
        if (!parse_expectation_line(line, &key, &kind, &reason)) {
            fprintf(stderr, "dlc-conformance: %s:%d: expected 'SUITE/CASE pass', 'SUITE/CASE unsupported REASON' "
                    "or 'SUITE/CASE known-failure REASON'\n", path, lineno);
            exit(2);
        }
        add_expectation(key, kind, reason);
    }
    free(line);
    fclose(f);
    fclose(header);
    sort_expectations();
    for (int i = 1; i < num_expectations; i++)
        if (strcmp(expectations[i - 1].key, expectations[i].key) == 0) {
            fprintf(stderr, "dlc-conformance: %s: %s is listed twice\n", path, expectations[i].key);
            exit(2);
        }
}

static void attach_expectations(void)
{
    for (int i = 0; i < num_cases; i++) {
        char key[600];
        case_key(&cases[i], key, sizeof key);
        expectation *x = find_expectation(key);
        cases[i].expected = x ? x->kind : X_NONE;
        cases[i].expected_reason = x ? x->reason : "";
        if (x) x->seen = true;
    }
}

static verdict judge(const test_case *tc, const config *cfg)
{
    result_kind r = tc->result;
    if (!cfg->expect) return r == R_FAIL ? V_FAIL : V_AS_EXPECTED;
    switch (tc->expected) {
    case X_PASS: return r == R_PASS ? V_AS_EXPECTED : V_REGRESSION;
    case X_UNSUPPORTED: return r == R_PASS ? V_NEWLY_PASSING : r == R_FAIL ? V_FAIL : V_AS_EXPECTED;
    case X_KNOWN_FAILURE:
        if (r == R_UNSUPPORTED) return V_REGRESSION;
        /* Compiling says nothing of a case whose outputs are wrong. */
        return r == R_FAIL || cfg->compile_only ? V_KNOWN_FAILURE : V_NEWLY_PASSING;
    case X_NONE: break;
    }
    return r == R_FAIL ? V_FAIL : V_NEW;
}

/* The line --update-expectations writes for a case; false when the case
   keeps its old line (if any): a failure is never recorded by the tool, a
   known failure needs a reason written by hand. */
static bool updated_expectation(const test_case *tc, expect_kind *kind, const char **reason)
{
    if (tc->result == R_FAIL) return false;
    *kind = tc->result == R_PASS ? X_PASS : X_UNSUPPORTED;
    *reason = tc->result == R_PASS ? "" : tc->detail;
    return true;
}

static bool write_expectations(const char *path)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return false;
    fputs(expect_header ? expect_header : default_header, f);
    for (int i = 0; i < num_expectations; i++) {
        const expectation *x = &expectations[i];
        if (i > 0 && strcmp(expectations[i - 1].key, x->key) == 0) continue;   /* a case given twice */
        fprintf(f, "%s %s%s%s\n", x->key, expect_names[x->kind], x->reason[0] ? " " : "", x->reason);
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) { remove(tmp); return false; }
    return true;
}

/* --update-expectations: the run's results replace the lines of the cases
   run; every other line stays. */
static bool update_expectations(const char *path)
{
    int changed = 0, unwritten = 0;
    for (int i = 0; i < num_cases; i++) {
        const test_case *tc = &cases[i];
        expect_kind kind;
        const char *reason;
        if (!updated_expectation(tc, &kind, &reason)) {
            unwritten += tc->expected != X_KNOWN_FAILURE;
            continue;
        }
        char key[600];
        case_key(tc, key, sizeof key);
        expectation *x = find_expectation(key);
        if (x && x->kind == kind && strcmp(x->reason, reason) == 0) continue;
        changed++;
        if (!x) { add_expectation(key, kind, reason); continue; }
        x->kind = kind;
        free(x->reason);
        x->reason = strdup(reason);
    }
    sort_expectations();
    if (!write_expectations(path)) { fprintf(stderr, "dlc-conformance: cannot write %s\n", path); return false; }
    printf("expectations: updated %s: %d line%s changed\n", path, changed, changed == 1 ? "" : "s");
    if (unwritten)
        printf("expectations: %d failing case%s not written: fix them, or list them as known-failure with a reason\n",
               unwritten, unwritten == 1 ? "" : "s");
    return true;
}

/* ---- results ------------------------------------------------------------ */

typedef struct tally {
    int passed, failed, unsupported, known_failures;    /* each case in one of these */
    int regressions, newly_passing, new_cases, as_expected;
} tally;

static void count_case(tally *t, const test_case *tc)
{
    if (tc->verdict == V_FAIL || tc->verdict == V_REGRESSION) t->failed++;
    else if (tc->verdict == V_KNOWN_FAILURE) t->known_failures++;
    else if (tc->result == R_UNSUPPORTED) t->unsupported++;
    else t->passed++;
    t->regressions += tc->verdict == V_REGRESSION;
    t->newly_passing += tc->verdict == V_NEWLY_PASSING;
    t->new_cases += tc->expected == X_NONE;
    t->as_expected += tc->verdict == V_AS_EXPECTED || tc->verdict == V_KNOWN_FAILURE;
}

static void print_case(const test_case *tc, const config *cfg)
{
    const char *suite = tc->suite, *name = tc->name, *detail = tc->detail;
    switch (tc->verdict) {
    case V_REGRESSION:
        printf("REGRESSION %s/%s: expected %s, got %s: %s\n", suite, name, expect_names[tc->expected],
               result_names[tc->result], detail);
        break;
    case V_NEWLY_PASSING:
        printf("NEWLY PASSING %s/%s: expected %s, got pass: %s\n", suite, name, expect_names[tc->expected], detail);
        break;
    case V_FAIL:
        printf("FAIL: %s/%s: %s%s\n", suite, name, detail,
               cfg->expect && tc->expected == X_NONE ? " (new: not in the expectations)" : "");
        break;
    case V_NEW:
        printf("NEW %s/%s: not in the expectations, got %s: %s\n", suite, name, result_names[tc->result], detail);
        break;
    case V_AS_EXPECTED: case V_KNOWN_FAILURE: break;
    }
}

static void print_suite(const char *suite, const tally *t, const config *cfg)
{
    printf("%-28s %5d pass  %5d fail  %5d unsupported  %5d known failures", suite, t->passed, t->failed,
           t->unsupported, t->known_failures);
    if (cfg->expect)
        printf("  (%d regressions, %d newly passing, %d new)", t->regressions, t->newly_passing, t->new_cases);
    putchar('\n');
}

static void print_expectation_summary(const tally *t, const config *cfg)
{
    int not_run = 0;
    for (int i = 0; i < num_sorted; i++) not_run += !expectations[i].seen;
    printf("expectations: %d as expected, %d regressions, %d newly passing, %d new; %d listed cases not run\n",
           t->as_expected, t->regressions, t->newly_passing, t->new_cases, not_run);
    if (t->regressions)
        printf("expectations: %d case%s lost a capability (REGRESSION lines above): the run fails\n", t->regressions,
               t->regressions == 1 ? "" : "s");
    if ((t->newly_passing || t->new_cases) && !cfg->update_expectations)
        printf("expectations: %s is out of date: rerun with --update-expectations (or DLC_UPDATE_EXPECTATIONS=1 "
               "bash tests/run_all.sh) and commit it\n", cfg->expect);
}

/* The result a child left in WORK/I.result ("the case's process died" if
   none); the file is removed. */
static void read_result(test_case *tc, const char *work, int i)
{
    char res[4300], line[600];
    snprintf(res, sizeof res, "%s/%d.result", work, i);
    FILE *f = fopen(res, "r");
    tc->result = R_FAIL;
    snprintf(tc->detail, sizeof tc->detail, "the case's process died");
    if (!f) return;
    int kind;
    if (fscanf(f, "%d\n", &kind) == 1 && kind >= 0 && kind <= R_UNSUPPORTED) {
        tc->result = (result_kind)kind;
        tc->detail[0] = 0;
        if (fgets(line, sizeof line, f)) {
            trim_end(line);
            snprintf(tc->detail, sizeof tc->detail, "%s", line);
        }
    }
    fclose(f);
    remove(res);
}

static void write_report(const config *cfg)
{
    FILE *f = fopen(cfg->report, "w");
    if (!f) { fprintf(stderr, "dlc-conformance: cannot write %s\n", cfg->report); return; }
    fprintf(f, "# dlc conformance report\n\nC compiler: `%s %s%s`; tolerance rtol %g, atol %g.\n\n", cfg->cc,
            cfg->cflags, cfg->sanitize ? " -fsanitize=address,undefined" : "", cfg->rtol, cfg->atol);
    fprintf(f, "| suite | case | result | expected | detail |\n| --- | --- | --- | --- | --- |\n");
    for (int i = 0; i < num_cases; i++) {
        const test_case *tc = &cases[i];
        fprintf(f, "| %s | %s | %s | %s | ", tc->suite, tc->name, result_names[tc->result],
                cfg->expect ? expect_names[tc->expected] : "");
        for (const char *s = tc->detail; *s; s++) fputs(*s == '|' ? "\\|" : (char[2]){*s, 0}, f);
        if (tc->expected == X_KNOWN_FAILURE) fprintf(f, " (known failure: %s)", tc->expected_reason);
        fputs(" |\n", f);
    }
    fclose(f);
}

static bool parse_args(int argc, char **argv, config *cfg, int *first_dir)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_next = i + 1 < argc;
        if (!strcmp(a, "--help")) { fputs(usage, stdout); exit(0); }
        else if (!strcmp(a, "--sanitize")) cfg->sanitize = true;
        else if (!strcmp(a, "--compile-only")) cfg->compile_only = true;
        else if (!strcmp(a, "--keep")) cfg->keep = true;
        else if (!strcmp(a, "--update-expectations")) cfg->update_expectations = true;
        else if (!strcmp(a, "--dlc") && has_next) cfg->dlc = argv[++i];
        else if (!strcmp(a, "--dlc-flags") && has_next) cfg->dlc_flags = argv[++i];
        else if (!strcmp(a, "--cc") && has_next) cfg->cc = argv[++i];
        else if (!strcmp(a, "--cflags") && has_next) cfg->cflags = argv[++i];
        else if (!strcmp(a, "--filter") && has_next) cfg->filter = argv[++i];
        else if (!strcmp(a, "--expect") && has_next) cfg->expect = argv[++i];
        else if (!strcmp(a, "--report") && has_next) cfg->report = argv[++i];
        else if (!strcmp(a, "--work") && has_next) cfg->work = argv[++i];
        else if (!strcmp(a, "--jobs") && has_next) cfg->jobs = atoi(argv[++i]);
        else if (!strcmp(a, "--rtol") && has_next) cfg->rtol = atof(argv[++i]);
        else if (!strcmp(a, "--atol") && has_next) cfg->atol = atof(argv[++i]);
        else if (!strcmp(a, "--known-failures")) {
            fprintf(stderr, "dlc-conformance: --known-failures is gone: known failures are lines of --expect FILE\n");
            return false;
        }
        else if (a[0] == '-') { fprintf(stderr, "dlc-conformance: unknown or incomplete option %s\n%s", a, usage); return false; }
        else { *first_dir = i; break; }
    }
    if (!*first_dir) { fputs(usage, stderr); return false; }
    if (cfg->update_expectations && (!cfg->expect || cfg->compile_only)) {
        /* Compiling cannot tell a pass from a known failure. */
        fprintf(stderr, "dlc-conformance: --update-expectations needs --expect FILE and a full run (not --compile-only)\n");
        return false;
    }
    return true;
}

/* Collects the cases of every DIR or LABEL=DIR argument. */
static bool collect_args(int argc, char **argv, int first_dir, const config *cfg)
{
    for (int i = first_dir; i < argc; i++) {
        /* LABEL=DIR names the suite in the report and the expectations file. */
        char label[256] = "";
        const char *dir = argv[i], *eq = strchr(dir, '=');
        if (eq && (size_t)(eq - dir) < sizeof label) {
            memcpy(label, dir, (size_t)(eq - dir));
            label[eq - dir] = 0;
            dir = eq + 1;
        }
        if (!is_dir(dir)) { fprintf(stderr, "dlc-conformance: %s is not a folder\n", dir); return false; }
        collect(label[0] ? label : NULL, dir, cfg->filter);
    }
    return true;
}

/* Runs every case, cfg->jobs at a time, each in a child that leaves its
   result in WORK/I.result. */
static bool run_cases(const config *cfg, const char *work)
{
    int running = 0;
    for (int i = 0; i <= num_cases; i++) {
        while (running >= cfg->jobs || (i == num_cases && running > 0)) {
            if (wait(NULL) > 0) running--;
            else break;
        }
        if (i == num_cases) break;
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            char dir[4200], res[4300];
            snprintf(dir, sizeof dir, "%s/%d", work, i);
            run_case(&cases[i], cfg, dir);
            snprintf(res, sizeof res, "%s/%d.result", work, i);
            FILE *f = fopen(res, "w");
            if (f) { fprintf(f, "%d\n%s\n", (int)cases[i].result, cases[i].detail); fclose(f); }
            if (!cfg->keep) {
                char cmd[4400];
                snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
                run_command(cmd);
            }
            _exit(0);
        }
        if (pid < 0) { perror("fork"); return false; }
        running++;
    }
    return true;
}

/* Reads, judges and prints every case's result, a line per suite; returns the totals. */
static tally judge_results(const config *cfg, const char *work)
{
    tally total = {0}, in_suite = {0};
    for (int i = 0; i < num_cases; i++) {
        test_case *tc = &cases[i];
        read_result(tc, work, i);
        tc->verdict = judge(tc, cfg);
        print_case(tc, cfg);
        count_case(&total, tc);
        count_case(&in_suite, tc);
        if (i + 1 == num_cases || strcmp(tc->suite, cases[i + 1].suite) != 0) {
            print_suite(tc->suite, &in_suite, cfg);
            in_suite = (tally){0};
        }
    }
    return total;
}

int main(int argc, char **argv)
{
    config cfg = {.dlc = DLC_BINARY, .cc = "cc", .cflags = "-std=c99 -O1 -Wall -Wextra -Werror", .jobs = 2,
                  .rtol = 1e-3, .atol = 1e-5};
    int first_dir = 0;
    if (!parse_args(argc, argv, &cfg, &first_dir) || !collect_args(argc, argv, first_dir, &cfg)) return 2;
    if (cfg.expect) {
        load_expectations(cfg.expect, cfg.update_expectations);
        attach_expectations();
    }
    char work[4096];
    if (cfg.work) snprintf(work, sizeof work, "%s", cfg.work);
    else snprintf(work, sizeof work, "/tmp/dlc-conformance-%ld", (long)getpid());
    mkdir(work, 0755);
    if (cfg.jobs < 1) cfg.jobs = 1;
    if (!run_cases(&cfg, work)) return 2;
    tally total = judge_results(&cfg, work);
    if (!cfg.keep) rmdir(work);
    if (cfg.report) write_report(&cfg);
    if (cfg.expect) print_expectation_summary(&total, &cfg);
    if (cfg.update_expectations && !update_expectations(cfg.expect)) return 2;
    printf("conformance: %d passed, %d failed, %d skipped\n", total.passed, total.failed,
           total.unsupported + total.known_failures);
    return total.failed ? 1 : 0;
}
