/* The dlc command line: exit status, one-line errors, no partial output,
   the generated files compile. Runs the built dlc binary. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ADD_MODEL "/usr/share/libonnx-testdata/data/node/test_add/model.onnx"

static char work[64];

static void setup(void)
{
    snprintf(work, sizeof work, "/tmp/dlc-test-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(work));
}

static void teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    cr_assert_eq(system(cmd), 0);
}

/* Runs dlc with args; returns its exit status and its stderr in err. */
static int run_dlc(const char *args, char *err, size_t cap)
{
    char cmd[4096], errfile[512];
    snprintf(errfile, sizeof errfile, "%s/stderr.txt", work);
    snprintf(cmd, sizeof cmd, "%s %s >%s/stdout.txt 2>%s", DLC_BINARY, args, work, errfile);
    int status = system(cmd);
    err[0] = 0;
    FILE *f = fopen(errfile, "r");
    if (f) {
        size_t n = fread(err, 1, cap - 1, f);
        err[n] = 0;
        fclose(f);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

static bool exists(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", work, name);
    struct stat st;
    return stat(path, &st) == 0;
}

/* Copies the Add model with a patch applied to its bytes. */
static void write_patched_model(const char *name, const char *from, const char *to, long truncate_at)
{
    FILE *f = fopen(ADD_MODEL, "rb");
    cr_assert_not_null(f);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (from) {
        char *p = memmem(buf, n, from, strlen(from));
        cr_assert_not_null(p);
        memcpy(p, to, strlen(to));
    }
    if (truncate_at >= 0) n = (size_t)truncate_at;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", work, name);
    f = fopen(path, "wb");
    fwrite(buf, 1, n, f);
    fclose(f);
}

TestSuite(cli, .init = setup, .fini = teardown);

Test(cli, help_and_version)
{
    char err[4096], cmd[512], out[4096] = "";
    cr_assert_eq(run_dlc("--help", err, sizeof err), 0);
    snprintf(cmd, sizeof cmd, "%s/stdout.txt", work);
    FILE *f = fopen(cmd, "r");
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = 0;
    fclose(f);
    cr_assert(strstr(out, "--shape") && strstr(out, "--dim") && strstr(out, "--name") && strstr(out, "--emit"));
    cr_assert_eq(run_dlc("--version", err, sizeof err), 0);
}

Test(cli, compiles_add_and_the_output_builds)
{
    char err[4096], args[1024], cmd[2048];
    snprintf(args, sizeof args, "%s -o %s/my-model.c", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 0, "%s", err);
    cr_assert(exists("my-model.c") && exists("my-model.h"));
    snprintf(cmd, sizeof cmd, "grep -q 'int my_model_run(const void \\*const inputs\\[\\], void \\*const outputs\\[\\]);' %s/my-model.h", work);
    cr_assert_eq(system(cmd), 0, "default name is the output stem as an identifier");
    snprintf(cmd, sizeof cmd, "cc -std=c99 -Wall -Wextra -Werror -c %s/my-model.c -o %s/m.o", work, work);
    cr_assert_eq(system(cmd), 0);
}

Test(cli, no_model_is_a_one_line_error)
{
    char err[4096];
    cr_assert_eq(run_dlc("", err, sizeof err), 1);
    cr_assert_eq(strncmp(err, "dlc: error: ", 12), 0, "%s", err);
    cr_assert_eq(count_lines(err), 1);
}

Test(cli, missing_file)
{
    char err[4096], args[2048];
    snprintf(args, sizeof args, "%s/nope.onnx -o %s/out.c", work, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 1);
    cr_assert(strstr(err, "nope.onnx"), "%s", err);
    cr_assert_eq(count_lines(err), 1);
    cr_assert(!exists("out.c") && !exists("out.h"));
}

Test(cli, truncated_model_leaves_no_output)
{
    char err[4096], args[2048];
    write_patched_model("cut.onnx", NULL, NULL, 40);
    snprintf(args, sizeof args, "%s/cut.onnx -o %s/out.c", work, work);
    int rc = run_dlc(args, err, sizeof err);
    cr_assert(rc == 1, "exit %d: %s", rc, err);
    cr_assert_eq(strncmp(err, "dlc: error: ", 12), 0);
    cr_assert(strstr(err, "cut.onnx"), "%s", err);
    cr_assert_eq(count_lines(err), 1);
    cr_assert(!exists("out.c") && !exists("out.h"));
}

Test(cli, unknown_op_names_node_op_and_opset)
{
    char err[4096], args[2048];
    write_patched_model("unknown.onnx", "\x22\x03" "Add", "\x22\x03" "Adx", -1);
    snprintf(args, sizeof args, "%s/unknown.onnx -o %s/out.c", work, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 2, "%s", err);
    cr_assert(strstr(err, "unknown.onnx") && strstr(err, "Adx") && strstr(err, "opset") &&
              strstr(err, "not supported"), "%s", err);
    cr_assert_eq(count_lines(err), 1);
    cr_assert(!exists("out.c"));
}

Test(cli, wrong_shape_pin)
{
    char err[4096], args[2048];
    snprintf(args, sizeof args, "%s -o %s/out.c --shape nosuchinput=1x2", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 1);
    cr_assert(strstr(err, "nosuchinput"), "%s", err);
    snprintf(args, sizeof args, "%s -o %s/out.c --shape x=1xbanana", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 1);
    cr_assert_eq(count_lines(err), 1);
    cr_assert(!exists("out.c"));
}

Test(cli, bad_options)
{
    char err[4096], args[2048];
    snprintf(args, sizeof args, "%s -o %s/out.c --frobnicate", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 1);
    cr_assert(strstr(err, "--frobnicate"), "%s", err);
    snprintf(args, sizeof args, "%s -o %s/out.c --name 9lives", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 1);
    cr_assert(strstr(err, "identifier"), "%s", err);
    cr_assert(!exists("out.c") && !exists("out.h"));
    snprintf(args, sizeof args, "%s -o %s/out.txt", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 1);
}

Test(cli, emit_ir_and_dot)
{
    char err[4096], args[2048], cmd[1024];
    snprintf(args, sizeof args, "%s --emit=ir -o %s/g.txt", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 0, "%s", err);
    snprintf(cmd, sizeof cmd, "grep -q ' = Add(' %s/g.txt", work);
    cr_assert_eq(system(cmd), 0);
    snprintf(args, sizeof args, "%s --emit=dot -o %s/g.dot", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 0, "%s", err);
    snprintf(cmd, sizeof cmd, "grep -q '^digraph' %s/g.dot", work);
    cr_assert_eq(system(cmd), 0);
}

Test(cli, stats_report_arena)
{
    char err[4096], args[2048];
    snprintf(args, sizeof args, "%s -o %s/out.c --stats", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 0, "%s", err);
    cr_assert(strstr(err, "arena") && strstr(err, "weights"), "%s", err);
    /* then a line per kernel call, with the node it comes from */
    cr_assert(strstr(err, "\ndlc:   rt_") && strstr(err, " for "), "%s", err);
}

/* --tune: the target shows in --stats, with each call's block sizes
   (ops/tiling.c: the 2x10 by 10x3 Gemm is one block of 6 rows by 32
   columns on every target); an unknown
   name is a one-line error naming the choices. */
Test(cli, tune_picks_the_target_of_the_block_sizes)
{
    static const char *const targets[] = {"avx512", "avx2", "generic", "host"};
    char err[4096], args[2048];
    for (int i = 0; i < 4; i++) {
        snprintf(args, sizeof args, "/usr/share/libonnx-testdata/data/node/test_gemm_default_no_bias/model.onnx "
                 "-o %s/out.c --stats --tune=%s", work, targets[i]);
        cr_assert_eq(run_dlc(args, err, sizeof err), 0, "%s", err);
        cr_assert(strstr(err, "sgemm blocks 6x32"), "%s", err);
        if (i < 3) cr_assert(strstr(err, "tuned for ") && strstr(err, targets[i]), "%s", err);
    }
    snprintf(args, sizeof args, "%s -o %s/out.c --tune=pentium", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 1);
    cr_assert(strstr(err, "pentium") && strstr(err, "avx2"), "%s", err);
    cr_assert_eq(count_lines(err), 1);
}

/* docs/operators.md must name (in backticks) every operator dlc supports. */
Test(cli, operators_doc_lists_every_op)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s --list-ops > %s/ops.txt", DLC_BINARY, work);
    cr_assert_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/ops.txt", work);
    FILE *ops = fopen(cmd, "r");
    cr_assert_not_null(ops);
    FILE *doc = fopen(DLC_SOURCE_DIR "/docs/operators.md", "r");
    cr_assert_not_null(doc);
    static char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, doc);
    text[n] = 0;
    fclose(doc);
    char line[256];
    int count = 0;
    while (fgets(line, sizeof line, ops)) {
        line[strcspn(line, "\n")] = 0;
        char quoted[300];
        snprintf(quoted, sizeof quoted, "`%s`", line);
        cr_expect(strstr(text, quoted), "docs/operators.md does not mention %s", line);
        count++;
    }
    fclose(ops);
    cr_assert_gt(count, 100);
}

/* Two models compiled with different names link into one program. */
Test(cli, two_models_link_together)
{
    char err[4096], args[2048], cmd[4096];
    snprintf(args, sizeof args, "%s -o %s/first.c --name first", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 0, "%s", err);
    snprintf(args, sizeof args, "%s -o %s/second.c --name second", ADD_MODEL, work);
    cr_assert_eq(run_dlc(args, err, sizeof err), 0, "%s", err);
    snprintf(cmd, sizeof cmd, "%s/main.c", work);
    FILE *f = fopen(cmd, "w");
    fputs("#include \"first.h\"\n#include \"second.h\"\n"
          "int main(void) {\n"
          "    static float x[60], y[60], z[60];\n"
          "    for (int i = 0; i < 60; i++) { x[i] = (float)i; y[i] = 1.0f; }\n"
          "    const void *in[2] = {x, y}; void *out[1] = {z};\n"
          "    if (first_run(in, out) || z[59] != 60.0f) return 1;\n"
          "    if (second_run(in, out) || z[0] != 1.0f) return 2;\n"
          "    return first_num_inputs() + second_num_inputs() == 4 ? 0 : 3;\n}\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "cc -std=c99 -Wall -Wextra -Werror %s/first.c %s/second.c %s/main.c -o %s/both -lm && %s/both", work,
             work, work, work, work);
    cr_assert_eq(system(cmd), 0);
}
