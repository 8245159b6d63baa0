/* dlc-conformance: runs ONNX backend test cases through dlc.

   Each case (a folder with model.onnx and test_data_set_N/{input,output}_K.pb)
   is compiled with dlc, the generated C is built with the harness
   (harness.c) by a real C compiler, run on every data set, and its outputs
   compared with the expected ones: |actual - expected| <= atol + rtol *
   |expected| for floating point, exact for integers and bool. Cases run in
   child processes (a crash is a result, not the end of the run).

   Every case ends as pass, fail (with the largest error or what broke),
   unsupported (dlc's reason), or known failure (listed with its reason in a
   known-failures file; a listed case that passes is reported so the list
   can shrink). The run fails when any case fails unexpectedly. */
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
#include "runtime/rt.h"

typedef enum { R_PASS, R_FAIL, R_UNSUPPORTED, R_KNOWN_FAILURE, R_FIXED } result_kind;
static const char *const result_names[] = {"pass", "FAIL", "unsupported", "known failure", "pass (listed as known failure)"};

typedef struct config {
    const char *dlc, *cc, *cflags, *filter, *report, *work, *known_failures;
    bool sanitize, compile_only, keep;
    int jobs;
    double rtol, atol;
} config;

typedef struct test_case {
    char suite[256], name[256], path[4096];
    result_kind result;
    char detail[512];
    bool known;
    char known_reason[256];
} test_case;

static const char usage[] =
    "usage: dlc-conformance [options] DIR...\n"
    "  DIR is a suite folder (its subfolders holding model.onnx are the cases) or one case;\n"
    "  LABEL=DIR names the suite LABEL (default: the folder's name).\n"
    "options:\n"
    "  --dlc PATH            the dlc binary (default: the one built with this runner)\n"
    "  --cc CC               C compiler for the generated code (default: cc)\n"
    "  --cflags FLAGS        (default: -std=c99 -O1 -Wall -Wextra -Werror)\n"
    "  --sanitize            build the generated code with -fsanitize=address,undefined\n"
    "  --compile-only        stop after compiling the generated code (pass = it compiles)\n"
    "  --filter TEXT         only cases whose name contains TEXT\n"
    "  --known-failures FILE cases expected to fail: lines 'suite/case reason'\n"
    "  --report FILE         write every case's result to FILE (markdown)\n"
    "  --jobs N              cases run at once (default 2)\n"
    "  --rtol X --atol X     tolerances for floating point (default 1e-3, 1e-5)\n"
    "  --work DIR            scratch folder (default: a new one under /tmp, removed after)\n"
    "  --keep                keep the scratch folder\n"
    "The last line is 'conformance: N passed, N failed, N skipped' (skipped = unsupported or known failure).\n"
    "Exit status: 0 when no case failed unexpectedly.\n";

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

static bool write_raw(const char *path, const ir_value *v)
{
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    size_t bytes = ir_value_bytes(v);
    bool ok = fwrite(v->data, 1, bytes, f) == bytes;
    return fclose(f) == 0 && ok;
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
        char raw[4096];
        snprintf(raw, sizeof raw, "%s/out_%d.bin", dir, i);
        size_t len = 0;
        void *actual = expected ? read_raw(raw, &len) : NULL;
        char why[256] = "";
        if (!expected) SET(R_UNSUPPORTED, "expected output %s: %s", names[i], diag_message());
        else if (!actual) SET(R_FAIL, "output %d was not written", i);
        else if (len != ir_value_bytes(expected))
            SET(R_FAIL, "output %d has %zu bytes, expected %zu", i, len, ir_value_bytes(expected));
        else if (!compare_tensor(expected, actual, cfg, worst, why, sizeof why))
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
    size_t at = (size_t)snprintf(cmd, sizeof cmd, "%s %s -o %s/model.c --name model", quote(cfg->dlc, q1, sizeof q1),
                                 quote(model, q2, sizeof q2), dir);
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
        SET(R_PASS, "%d data set%s, largest error %.3g%s%s%s", count, count == 1 ? "" : "s", worst,
            bound.count ? " (bound at compile time: " : "", names, bound.count ? ")" : "");
    if (tc->result == R_PASS && bound.pin_shapes)
        snprintf(tc->detail + strlen(tc->detail), sizeof tc->detail - strlen(tc->detail), " (shapes pinned from the data)");
    }
}

/* ---- collecting cases, known failures, reporting ------------------------ */

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

static void load_known_failures(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "dlc-conformance: cannot read %s\n", path); exit(2); }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        char *space = strpbrk(line, " \t");
        const char *reason = "";
        if (space) {
            *space = 0;
            reason = space + 1;
            while (*reason == ' ' || *reason == '\t') reason++;
        }
        for (int i = 0; i < num_cases; i++) {
            char key[600];
            snprintf(key, sizeof key, "%s/%s", cases[i].suite, cases[i].name);
            if (strcmp(key, line) == 0) {
                cases[i].known = true;
                snprintf(cases[i].known_reason, sizeof cases[i].known_reason, "%s", reason);
            }
        }
    }
    fclose(f);
}

static void write_report(const config *cfg)
{
    FILE *f = fopen(cfg->report, "w");
    if (!f) { fprintf(stderr, "dlc-conformance: cannot write %s\n", cfg->report); return; }
    fprintf(f, "# dlc conformance report\n\nC compiler: `%s %s%s`; tolerance rtol %g, atol %g.\n\n", cfg->cc,
            cfg->cflags, cfg->sanitize ? " -fsanitize=address,undefined" : "", cfg->rtol, cfg->atol);
    fprintf(f, "| suite | case | result | detail |\n| --- | --- | --- | --- |\n");
    for (int i = 0; i < num_cases; i++) {
        const test_case *tc = &cases[i];
        fprintf(f, "| %s | %s | %s | ", tc->suite, tc->name, result_names[tc->result]);
        for (const char *s = tc->detail; *s; s++) fputs(*s == '|' ? "\\|" : (char[2]){*s, 0}, f);
        if (tc->known) fprintf(f, " (known: %s)", tc->known_reason);
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
        else if (!strcmp(a, "--dlc") && has_next) cfg->dlc = argv[++i];
        else if (!strcmp(a, "--cc") && has_next) cfg->cc = argv[++i];
        else if (!strcmp(a, "--cflags") && has_next) cfg->cflags = argv[++i];
        else if (!strcmp(a, "--filter") && has_next) cfg->filter = argv[++i];
        else if (!strcmp(a, "--known-failures") && has_next) cfg->known_failures = argv[++i];
        else if (!strcmp(a, "--report") && has_next) cfg->report = argv[++i];
        else if (!strcmp(a, "--work") && has_next) cfg->work = argv[++i];
        else if (!strcmp(a, "--jobs") && has_next) cfg->jobs = atoi(argv[++i]);
        else if (!strcmp(a, "--rtol") && has_next) cfg->rtol = atof(argv[++i]);
        else if (!strcmp(a, "--atol") && has_next) cfg->atol = atof(argv[++i]);
        else if (a[0] == '-') { fprintf(stderr, "dlc-conformance: unknown or incomplete option %s\n%s", a, usage); return false; }
        else { *first_dir = i; return true; }
    }
    fputs(usage, stderr);
    return false;
}

int main(int argc, char **argv)
{
    config cfg = {.dlc = DLC_BINARY, .cc = "cc", .cflags = "-std=c99 -O1 -Wall -Wextra -Werror", .jobs = 2,
                  .rtol = 1e-3, .atol = 1e-5};
    int first_dir = 0;
    if (!parse_args(argc, argv, &cfg, &first_dir)) return 2;
    for (int i = first_dir; i < argc; i++) {
        /* LABEL=DIR names the suite in the report and the known-failures file. */
        char label[256] = "";
        const char *dir = argv[i], *eq = strchr(dir, '=');
        if (eq && (size_t)(eq - dir) < sizeof label) {
            memcpy(label, dir, (size_t)(eq - dir));
            label[eq - dir] = 0;
            dir = eq + 1;
        }
        if (!is_dir(dir)) { fprintf(stderr, "dlc-conformance: %s is not a folder\n", dir); return 2; }
        collect(label[0] ? label : NULL, dir, cfg.filter);
    }
    if (cfg.known_failures) load_known_failures(cfg.known_failures);
    char work[4096];
    if (cfg.work) snprintf(work, sizeof work, "%s", cfg.work);
    else snprintf(work, sizeof work, "/tmp/dlc-conformance-%ld", (long)getpid());
    mkdir(work, 0755);
    if (cfg.jobs < 1) cfg.jobs = 1;

    /* Each case runs in a child that leaves its result in WORK/N.result. */
    int running = 0;
    for (int i = 0; i <= num_cases; i++) {
        while (running >= cfg.jobs || (i == num_cases && running > 0)) {
            if (wait(NULL) > 0) running--;
            else break;
        }
        if (i == num_cases) break;
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            char dir[4200], res[4300];
            snprintf(dir, sizeof dir, "%s/%d", work, i);
            run_case(&cases[i], &cfg, dir);
            snprintf(res, sizeof res, "%s/%d.result", work, i);
            FILE *f = fopen(res, "w");
            if (f) { fprintf(f, "%d\n%s\n", (int)cases[i].result, cases[i].detail); fclose(f); }
            if (!cfg.keep) {
                char cmd[4400];
                snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
                run_command(cmd);
            }
            _exit(0);
        }
        if (pid < 0) { perror("fork"); return 2; }
        running++;
    }

    int totals[5] = {0};
    const char *suite = NULL;
    int suite_totals[5] = {0};
    for (int i = 0; i <= num_cases; i++) {
        if (i == num_cases || (suite && strcmp(suite, cases[i].suite) != 0)) {
            if (suite)
                printf("%-20s %5d pass  %5d fail  %5d unsupported  %5d known failures  %5d fixed\n", suite,
                       suite_totals[R_PASS], suite_totals[R_FAIL], suite_totals[R_UNSUPPORTED],
                       suite_totals[R_KNOWN_FAILURE], suite_totals[R_FIXED]);
            memset(suite_totals, 0, sizeof suite_totals);
            if (i == num_cases) break;
        }
        test_case *tc = &cases[i];
        suite = tc->suite;
        char res[4300], line[600];
        snprintf(res, sizeof res, "%s/%d.result", work, i);
        FILE *f = fopen(res, "r");
        tc->result = R_FAIL;
        snprintf(tc->detail, sizeof tc->detail, "the case's process died");
        if (f) {
            int kind;
            if (fscanf(f, "%d\n", &kind) == 1 && kind >= 0 && kind <= R_UNSUPPORTED) {
                tc->result = (result_kind)kind;
                if (fgets(line, sizeof line, f)) {
                    line[strcspn(line, "\n")] = 0;
                    snprintf(tc->detail, sizeof tc->detail, "%s", line);
                }
            }
            fclose(f);
            remove(res);
        }
        if (tc->known && tc->result == R_FAIL) tc->result = R_KNOWN_FAILURE;
        else if (tc->known && tc->result == R_PASS) tc->result = R_FIXED;
        if (tc->result == R_FAIL || tc->result == R_FIXED)
            printf("%s: %s/%s: %s\n", result_names[tc->result], tc->suite, tc->name, tc->detail);
        totals[tc->result]++;
        suite_totals[tc->result]++;
    }
    if (!cfg.keep) rmdir(work);
    if (cfg.report) write_report(&cfg);
    printf("conformance: %d passed, %d failed, %d skipped\n", totals[R_PASS] + totals[R_FIXED], totals[R_FAIL],
           totals[R_UNSUPPORTED] + totals[R_KNOWN_FAILURE]);
    return totals[R_FAIL] ? 1 : 0;
}
