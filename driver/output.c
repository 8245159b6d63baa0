/* Writing the compiler's output files. Every file is written to a
   temporary name and renamed into place only when everything succeeded, so
   a failed compilation leaves no partial file behind. */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/c/emit_c.h"
#include "ir/diag.h"

static bool is_identifier(const char *s)
{
    if (!s || !*s || (*s >= '0' && *s <= '9')) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* OUT's stem as a C identifier: "out/my-model.c" -> "my_model". */
static char *default_name(const char *output)
{
    const char *base = strrchr(output, '/');
    base = base ? base + 1 : output;
    size_t n = strlen(base) - 2;
    char *name = malloc(n + 2);
    if (!name) return NULL;
    size_t k = 0;
    if (n == 0 || (base[0] >= '0' && base[0] <= '9')) name[k++] = 'm';
    for (size_t i = 0; i < n; i++) {
        char c = base[i];
        name[k++] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '_';
    }
    name[k] = 0;
    return name;
}


/* Writes path through a temporary file renamed into place on success. */
static bool write_atomically(const char *path, bool (*write)(FILE *, const void *), const void *ctx, char *tmp, size_t tmp_size)
{
    snprintf(tmp, tmp_size, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) return diag_error(DIAG_IO, "cannot write %s: %s", path, strerror(errno));
    bool ok = write(f, ctx);
    if (fclose(f) != 0 && ok) ok = diag_error(DIAG_IO, "cannot write %s: %s", path, strerror(errno));
    if (!ok) {
        remove(tmp);
        return diag_error(DIAG_IO, "cannot write %s", path);
    }
    return true;
}

typedef struct c_job { const lir_program *s; const emit_c_options *o; } c_job;
static bool write_header(FILE *f, const void *ctx) { const c_job *j = ctx; return emit_c_header(j->s, j->o, f); }
static bool write_source(FILE *f, const void *ctx) { const c_job *j = ctx; return emit_c_source(j->s, j->o, f); }
static bool write_ir(FILE *f, const void *ctx) { ir_print_text(ctx, f); return !ferror(f); }
static bool write_dot(FILE *f, const void *ctx) { ir_print_dot(ctx, f); return !ferror(f); }

bool output_write_graph(ir_graph *g, const pipeline_options *o)
{
    bool dot = strcmp(o->emit, "dot") == 0;
    if (strcmp(o->output, "-") == 0) return dot ? write_dot(stdout, g) : write_ir(stdout, g);
    char tmp[4096];
    if (!write_atomically(o->output, dot ? write_dot : write_ir, g, tmp, sizeof tmp)) return false;
    if (rename(tmp, o->output) != 0) { remove(tmp); return diag_error(DIAG_IO, "cannot write %s: %s", o->output, strerror(errno)); }
    return true;
}

bool output_write_c(const lir_program *p, const pipeline_options *o)
{
    char *name = o->name ? NULL : default_name(o->output);
    const char *sym = o->name ? o->name : name;
    size_t n = strlen(o->output);
    char *header_path = malloc(n + 1);
    memcpy(header_path, o->output, n + 1);
    header_path[n - 1] = 'h';
    const char *header_base = strrchr(header_path, '/');
    emit_c_options eo = {sym, header_base ? header_base + 1 : header_path, o->model, o->threads};
    c_job job = {p, &eo};
    char tmp_h[4096], tmp_c[4096];
    bool ok = is_identifier(sym) || diag_error(DIAG_INVALID, "--name '%s' is not a C identifier", sym);
    if (ok && !write_atomically(header_path, write_header, &job, tmp_h, sizeof tmp_h)) ok = false;
    if (ok && !write_atomically(o->output, write_source, &job, tmp_c, sizeof tmp_c)) { remove(tmp_h); ok = false; }
    if (ok && (rename(tmp_h, header_path) != 0 || rename(tmp_c, o->output) != 0)) {
        remove(tmp_h);
        remove(tmp_c);
        ok = diag_error(DIAG_IO, "cannot write %s: %s", o->output, strerror(errno));
    }
    free(header_path);
    free(name);
    return ok;
}

