/* The conformance runner's expectations (--expect, --update-expectations):
   runs the built dlc-conformance on copies of ONNX 1.12's test_add, one of
   them made unsupported (its op renamed, as if dlc had lost Add) and one
   made wrong (an expected output changed), against doctored expectation
   files, and checks the exit status, the lines printed and the rewritten
   file. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define ADD_CASE "/usr/share/libonnx-testdata/data/node/test_add"

static char work[64];
static char output[65536];      /* the last run's stdout and stderr */

static void shell(const char *fmt, const char *a, const char *b)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, fmt, a, b);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* Overwrites bytes of a file at offset (negative: from the end). */
static void patch(const char *path, long offset, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f, "%s", path);
    fseek(f, offset, offset < 0 ? SEEK_END : SEEK_SET);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
}

/* WORK/t/{test_add,test_add_lost,test_add_wrong}: passes, unsupported, fails. */
static void setup(void)
{
    snprintf(work, sizeof work, "/tmp/dlc-test-conformance-XXXXXX");
    cr_assert_not_null(mkdtemp(work));
    char path[512];
    const char *names[] = {"test_add", "test_add_lost", "test_add_wrong"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/t/%s", work, names[i]);
        shell("mkdir -p '%s' && cp -r " ADD_CASE "/. '%s'", path, path);
    }
    /* model.onnx names its op as the field 4 string "\x22\x03Add". */
    snprintf(path, sizeof path, "%s/t/test_add_lost/model.onnx", work);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    char *op = memmem(buf, n, "\x22\x03" "Add", 5);
    cr_assert_not_null(op);
    patch(path, op - buf + 4, "x", 1);
    /* The last 4 bytes of output_0.pb are the last float of raw_data. */
    snprintf(path, sizeof path, "%s/t/test_add_wrong/test_data_set_0/output_0.pb", work);
    float ten = 10.0f;
    patch(path, -4, &ten, sizeof ten);
}

static void teardown(void)
{
    shell("rm -rf '%s'%s", work, "");
}

static void write_expectations(const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/expect.txt", work);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static void read_text(const char *name, char *out, size_t cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", work, name);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = 0;
    fclose(f);
}

/* Runs the runner with --expect WORK/expect.txt and options on the suite
   t=WORK/t; returns its exit status, its output in `output`. */
static int run(const char *options)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s --jobs 2 --expect %s/expect.txt %s t=%s/t >%s/out.txt 2>&1", DLC_CONFORMANCE,
             work, options, work, work);
    int status = system(cmd);
    read_text("out.txt", output, sizeof output);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

TestSuite(conformance, .init = setup, .fini = teardown);

Test(conformance, results_as_expected_pass_the_run)
{
    write_expectations("# a comment\n"
                       "t/test_add pass\n"
                       "t/test_add_lost unsupported whatever dlc said then\n"
                       "t/test_add_wrong known-failure the data is wrong\n"
                       "elsewhere/test_gone pass\n");
    cr_assert_eq(run(""), 0, "%s", output);
    cr_assert(strstr(output, "expectations: 3 as expected, 0 regressions, 0 newly passing, 0 new; "
                             "1 listed cases not run"), "%s", output);
    cr_assert(strstr(output, "\nconformance: 1 passed, 0 failed, 2 skipped\n"), "%s", output);
}

Test(conformance, a_pass_turned_unsupported_is_a_regression)
{
    write_expectations("t/test_add pass\nt/test_add_lost pass\nt/test_add_wrong known-failure wrong data\n");
    cr_assert_eq(run(""), 1, "%s", output);
    cr_assert(strstr(output, "REGRESSION t/test_add_lost: expected pass, got unsupported: "), "%s", output);
    cr_assert(strstr(output, "Adx"), "the reason is dlc's: %s", output);
    cr_assert(strstr(output, "\nconformance: 1 passed, 1 failed, 1 skipped\n"), "%s", output);
}

Test(conformance, a_pass_turned_fail_is_a_regression)
{
    write_expectations("t/test_add pass\nt/test_add_lost unsupported x\nt/test_add_wrong pass\n");
    cr_assert_eq(run(""), 1, "%s", output);
    cr_assert(strstr(output, "REGRESSION t/test_add_wrong: expected pass, got fail: output 0 differs"), "%s", output);
}

Test(conformance, a_known_failure_turned_unsupported_is_a_regression)
{
    write_expectations("t/test_add pass\nt/test_add_lost known-failure wrong data\nt/test_add_wrong known-failure x\n");
    cr_assert_eq(run(""), 1, "%s", output);
    cr_assert(strstr(output, "REGRESSION t/test_add_lost: expected known-failure, got unsupported"), "%s", output);
}

Test(conformance, newly_passing_and_new_cases_do_not_fail_the_run)
{
    write_expectations("t/test_add unsupported it was not supported\nt/test_add_wrong known-failure x\n");
    cr_assert_eq(run(""), 0, "%s", output);
    cr_assert(strstr(output, "NEWLY PASSING t/test_add: expected unsupported, got pass"), "%s", output);
    cr_assert(strstr(output, "NEW t/test_add_lost: not in the expectations, got unsupported"), "%s", output);
    cr_assert(strstr(output, "is out of date"), "%s", output);
    cr_assert(strstr(output, "\nconformance: 1 passed, 0 failed, 2 skipped\n"), "%s", output);
}

Test(conformance, an_unlisted_failing_case_fails_the_run)
{
    write_expectations("t/test_add pass\nt/test_add_lost unsupported x\n");
    cr_assert_eq(run(""), 1, "%s", output);
    cr_assert(strstr(output, "FAIL: t/test_add_wrong: output 0 differs"), "%s", output);
}

Test(conformance, compile_only_lets_a_known_failure_compile)
{
    write_expectations("t/test_add pass\nt/test_add_lost unsupported x\nt/test_add_wrong known-failure x\n");
    cr_assert_eq(run("--compile-only"), 0, "%s", output);
    cr_assert_null(strstr(output, "NEWLY PASSING"), "%s", output);
    cr_assert_eq(run("--compile-only --update-expectations"), 2, "updating needs a full run: %s", output);
}

Test(conformance, update_rewrites_the_cases_run_and_keeps_the_rest)
{
    write_expectations("# header kept\n\n"
                       "zz/other known-failure kept as it is\n"
                       "t/test_add unsupported it was not supported\n"
                       "t/test_add_lost pass\n"
                       "a/other pass\n");
    cr_assert_eq(run("--update-expectations --filter test_add"), 1, "the run still compares with the old file: %s",
                 output);
    cr_assert(strstr(output, "expectations: updated "), "%s", output);
    cr_assert(strstr(output, "1 failing case not written"), "test_add_wrong: %s", output);
    char text[8192];
    read_text("expect.txt", text, sizeof text);
    const char *want = "# header kept\n\n"
                       "a/other pass\n"
                       "t/test_add pass\n"
                       "t/test_add_lost unsupported ";
    cr_assert_eq(strncmp(text, want, strlen(want)), 0, "%s", text);
    cr_assert(strstr(text, "Adx") && strstr(text, "\nzz/other known-failure kept as it is\n"), "%s", text);
    cr_assert_null(strstr(text, "test_add_wrong"), "a failure is never written: %s", text);
    /* The rewritten file is what the next run expects. */
    cr_assert_eq(run("--filter test_add_l"), 0, "%s", output);
}

Test(conformance, update_creates_a_missing_file_with_its_header)
{
    cr_assert_eq(run("--update-expectations --filter test_add_l"), 0, "%s", output);
    char text[8192];
    read_text("expect.txt", text, sizeof text);
    cr_assert_eq(strncmp(text, "# Expected result of every conformance case", 43), 0, "%s", text);
    cr_assert(strstr(text, "\n\nt/test_add_lost unsupported "), "%s", text);
    cr_assert_eq(run("--filter test_add_l"), 0, "%s", output);
}

Test(conformance, a_bad_line_or_a_missing_file_stops_the_run)
{
    write_expectations("t/test_add passes\n");
    cr_assert_eq(run(""), 2, "%s", output);
    cr_assert(strstr(output, "expect.txt:1:"), "%s", output);
    write_expectations("t/test_add known-failure\n");
    cr_assert_eq(run(""), 2, "a known failure needs a reason: %s", output);
    write_expectations("t/test_add pass\nt/test_add pass\n");
    cr_assert_eq(run(""), 2, "listed twice: %s", output);
    char path[512];
    snprintf(path, sizeof path, "%s/expect.txt", work);
    remove(path);
    cr_assert_eq(run(""), 2, "%s", output);
}
