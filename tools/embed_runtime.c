/* Build-time tool: reads the runtime's marked sections, checks them, and
   writes what the compiler needs to know about the runtime.

   Runtime files (rt.h and vmath.h, then the other runtime headers, then the runtime .c files,
   each group in name order; CMakeLists.txt passes them so) are cut into sections:

       //@section NAME [needs DEP...]     helpers, macros, constants
       //@params NAME [needs DEP...]      one `typedef struct NAME {...} NAME;`:
                                          a kernel family's parameters (.h only);
                                          a field whose line comment says
                                          "enum rt_x" is printed with the
                                          constants of that enum, whose section
                                          it then needs
       //@kernel NAME(PARAMS, T1, T2, ...) [needs DEP...]
                                          the kernel `void NAME(const PARAMS *p,
                                          T1, T2, ...)`: its tensors, named
       //@end

   Every section implicitly needs rt_prelude; a kernel also needs its PARAMS.
   A section may only need sections that come before it (so that the C
   backend, which copies sections in source order, never prints a use before
   its definition); a missing or later dependency, a duplicate name or a
   malformed marker stops the build with FILE:LINE.

   Writes:
   - runtime_embedded.c: every section's text, name and dependencies (the C
     backend copies the sections a model needs into its output);
   - runtime_kernel_ids.h: enums naming every kernel (KERNEL_rt_add_f32),
     every family of kernels that differ only in an element-type suffix
     (KERNELS_rt_add, by _f32/_i64/.../_x32), every two-suffix family
     (KERNELS2_rt_cast, by source and target type), and every parameter
     struct (PARAMS_rt_conv_params): lowering names kernels by these, so a
     misspelled or removed kernel is a compile error;
   - runtime_params.h: includes the runtime headers (the parameter structs
     and shared constants) and defines RT_PARAMS_ID(p), the PARAMS_ id of the
     struct p points to;
   - runtime_table.inc: the runtime compiled into dlc (constant folding runs
     the very same kernels): a calling thunk per kernel, the fields of every
     parameter struct (offsets, types, counts) for the C backend to print,
     and the family tables.

   Usage: embed_runtime OUTDIR FILE...  */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum section_kind { SECTION_PLAIN, SECTION_PARAMS, SECTION_KERNEL };

typedef struct field {
    char *type;                     /* int64_t, int32_t, float or double */
    char *name;
    bool is_array;
    char *enum_name;                /* "enum rt_x" in the field's line comment: values print as names */
} field;

/* An enum of the runtime, `enum rt_x { RT_A, RT_B = 3, ... };`, whose
   constants the C backend prints for the fields that name it. */
typedef struct enum_def {
    char *name;
    int section;                    /* where it is defined */
    char **constants;
    long *values;
    int count;
    bool named;                     /* by some field (only those go into the table) */
} enum_def;

static enum_def *enums;
static int num_enums;

typedef struct section {
    enum section_kind kind;
    char *name;
    const char *file;
    int line;
    const char *body;               /* first line after the marker */
    size_t body_len;
    char **needs;
    int num_needs;
    int *need_index;
    /* kernels */
    char *params;                   /* the parameter struct's name */
    char **tensors;
    int num_tensors;
    /* Type suffixes of the name (rt_cast_f32_i64: "f32", "i64"; rt_add_f32:
       NULL, "f32"; rt_sgemm: NULL, NULL) and the length of the rest. */
    const char *suffix1, *suffix2;
    size_t base_len;
    /* params */
    field *fields;
    int num_fields;
} section;

static section *sections;
static int num_sections, cap_sections;

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) { fputs("embed_runtime: out of memory\n", stderr); exit(1); }
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *r = xrealloc(NULL, n + 1);
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

static void fail_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: error: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "embed_runtime: cannot open %s\n", path); exit(1); }
    size_t len = 0, cap = 1 << 16;
    char *buf = xrealloc(NULL, cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len - 1 == 0) buf = xrealloc(buf, cap *= 2);
    }
    if (ferror(f)) { fprintf(stderr, "embed_runtime: cannot read %s\n", path); exit(1); }
    fclose(f);
    buf[len] = 0;
    return buf;
}

static bool is_ident_char(int c) { return isalnum(c) || c == '_'; }

static bool is_identifier(const char *s, size_t n)
{
    if (n == 0 || isdigit((unsigned char)s[0])) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_ident_char((unsigned char)s[i])) return false;
    return true;
}

/* ---- markers ------------------------------------------------------------- */

/* The next word of [*p, end): identifier characters, or one punctuation
   character. Skips blanks. Returns its length (0 at the end). */
static size_t next_word(const char **p, const char *end, const char **word)
{
    while (*p < end && (**p == ' ' || **p == '\t')) (*p)++;
    *word = *p;
    if (*p >= end) return 0;
    if (!is_ident_char((unsigned char)**p)) { (*p)++; return 1; }
    while (*p < end && is_ident_char((unsigned char)**p)) (*p)++;
    return (size_t)(*p - *word);
}

static void add_string(char ***list, int *count, char *s)
{
    *list = xrealloc(*list, (size_t)(*count + 1) * sizeof **list);
    (*list)[(*count)++] = s;
}

/* "NAME(PARAMS, a, b, c)" after //@kernel. */
static void parse_kernel_signature(section *s, const char **p, const char *end)
{
    const char *w;
    size_t n = next_word(p, end, &w);
    if (n != 1 || *w != '(')
        fail_at(s->file, s->line, "kernel %s: expected its signature, '%s(PARAMS, tensor, ...)'", s->name, s->name);
    n = next_word(p, end, &w);
    if (!is_identifier(w, n)) fail_at(s->file, s->line, "kernel %s: expected the parameter struct's name after '('", s->name);
    s->params = xstrndup(w, n);
    for (;;) {
        n = next_word(p, end, &w);
        if (n == 1 && *w == ')') break;
        if (n != 1 || *w != ',') fail_at(s->file, s->line, "kernel %s: expected ',' or ')' in its signature", s->name);
        n = next_word(p, end, &w);
        if (!is_identifier(w, n)) fail_at(s->file, s->line, "kernel %s: expected a tensor name", s->name);
        add_string(&s->tensors, &s->num_tensors, xstrndup(w, n));
    }
    if (s->num_tensors == 0) fail_at(s->file, s->line, "kernel %s takes no tensor", s->name);
}

static void parse_marker(section *s, const char *p, const char *end)
{
    const char *w;
    size_t n = next_word(&p, end, &w);
    if (!is_identifier(w, n)) fail_at(s->file, s->line, "expected a section name after the marker");
    s->name = xstrndup(w, n);
    if (s->kind == SECTION_KERNEL) parse_kernel_signature(s, &p, end);
    n = next_word(&p, end, &w);
    if (n == 0) return;
    if (n != 5 || memcmp(w, "needs", 5) != 0)
        fail_at(s->file, s->line, "section %s: expected 'needs' or the end of the line, found '%.*s'", s->name, (int)n, w);
    while ((n = next_word(&p, end, &w)) > 0) {
        if (!is_identifier(w, n)) fail_at(s->file, s->line, "section %s: '%.*s' is not a section name", s->name, (int)n, w);
        add_string(&s->needs, &s->num_needs, xstrndup(w, n));
    }
}

/* ---- parameter structs ----------------------------------------------------- */

/* The body with comments blanked out, for the struct parser. */
static char *strip_comments(const char *body, size_t len)
{
    char *out = xstrndup(body, len);
    for (size_t i = 0; i < len; i++) {
        if (out[i] == '/' && i + 1 < len && out[i + 1] == '*') {
            size_t j = i;
            while (j + 1 < len && !(out[j] == '*' && out[j + 1] == '/')) out[j++] = ' ';
            if (j + 1 < len) out[j] = out[j + 1] = ' ';
            i = j + 1;
        } else if (out[i] == '/' && i + 1 < len && out[i + 1] == '/') {
            while (i < len && out[i] != '\n') out[i++] = ' ';
        }
    }
    return out;
}

static bool word_is(const char *w, size_t n, const char *s) { return strlen(s) == n && memcmp(w, s, n) == 0; }

/* The NAME of "enum NAME" in the rest of the line at p, or NULL. */
static char *enum_of_line(const char *p, const char *end)
{
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e) e = end;
    for (const char *q = p; q + 5 < e; q++)
        if (memcmp(q, "enum ", 5) == 0 && (q == p || !is_ident_char((unsigned char)q[-1]))) {
            const char *w = q + 5, *we = w;
            while (we < e && is_ident_char((unsigned char)*we)) we++;
            if (we > w) return xstrndup(w, (size_t)(we - w));
        }
    return NULL;
}

/* `typedef struct NAME { TYPE a, b[N]; ... } NAME;` with TYPE one of
   int64_t, int32_t, float, double. Anything else in a params section is an
   error: the C backend prints every field, so it must know them all. */
static void parse_params(section *s)
{
    char *text = strip_comments(s->body, s->body_len);
    const char *p = text, *end = text + strlen(text), *w;
    for (char *q = text; *q; q++)
        if (*q == '\n' || *q == '\r') *q = ' ';
    size_t n = next_word(&p, end, &w);
    bool ok = word_is(w, n, "typedef");
    n = next_word(&p, end, &w);
    ok = ok && word_is(w, n, "struct");
    n = next_word(&p, end, &w);
    ok = ok && word_is(w, n, s->name);
    n = next_word(&p, end, &w);
    if (!ok || !word_is(w, n, "{"))
        fail_at(s->file, s->line, "params %s: expected 'typedef struct %s {'", s->name, s->name);
    for (;;) {
        n = next_word(&p, end, &w);
        if (word_is(w, n, "}")) break;
        if (!(word_is(w, n, "int64_t") || word_is(w, n, "int32_t") || word_is(w, n, "float") || word_is(w, n, "double")))
            fail_at(s->file, s->line, "params %s: field type '%.*s' (int64_t, int32_t, float, double only)", s->name,
                    (int)n, w);
        char *type = xstrndup(w, n);
        for (;;) {
            n = next_word(&p, end, &w);
            if (!is_identifier(w, n)) fail_at(s->file, s->line, "params %s: expected a field name", s->name);
            s->fields = xrealloc(s->fields, (size_t)(s->num_fields + 1) * sizeof *s->fields);
            field *f = &s->fields[s->num_fields++];
            f->type = type;
            f->name = xstrndup(w, n);
            f->is_array = false;
            f->enum_name = enum_of_line(s->body + (w - text), s->body + s->body_len);
            n = next_word(&p, end, &w);
            if (word_is(w, n, "[")) {
                f->is_array = true;
                while ((n = next_word(&p, end, &w)) > 0 && !word_is(w, n, "]")) {}
                n = next_word(&p, end, &w);
            }
            if (word_is(w, n, ";")) break;
            if (!word_is(w, n, ",")) fail_at(s->file, s->line, "params %s: expected ',' or ';' after %s", s->name, f->name);
        }
    }
    n = next_word(&p, end, &w);
    if (!word_is(w, n, s->name)) fail_at(s->file, s->line, "params %s: expected '} %s;'", s->name, s->name);
    if (s->num_fields == 0) fail_at(s->file, s->line, "params %s has no field", s->name);
    free(text);
}

/* ---- reading the files ----------------------------------------------------- */

static const char *line_end(const char *p)
{
    const char *e = strchr(p, '\n');
    return e ? e : p + strlen(p);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void read_sections(const char *path, const char *text)
{
    int line = 1;
    for (const char *p = text; *p;) {
        const char *e = line_end(p);
        enum section_kind kind;
        const char *rest = NULL;
        if (strncmp(p, "//@section ", 11) == 0) kind = SECTION_PLAIN, rest = p + 11;
        else if (strncmp(p, "//@params ", 10) == 0) kind = SECTION_PARAMS, rest = p + 10;
        else if (strncmp(p, "//@kernel ", 10) == 0) kind = SECTION_KERNEL, rest = p + 10;
        else if (strncmp(p, "//@", 3) == 0) fail_at(path, line, "unknown or misplaced marker '%.*s'", (int)(e - p), p);
        if (rest) {
            if (num_sections == cap_sections) {
                cap_sections = cap_sections ? 2 * cap_sections : 256;
                sections = xrealloc(sections, (size_t)cap_sections * sizeof *sections);
            }
            section *s = &sections[num_sections++];
            memset(s, 0, sizeof *s);
            s->kind = kind;
            s->file = path;
            s->line = line;
            parse_marker(s, rest, e);
            if (kind == SECTION_PARAMS && !ends_with(path, ".h"))
                fail_at(path, line, "params %s: parameter structs belong in a runtime header (.h), which lowering includes", s->name);
            s->body = *e ? e + 1 : e;
            const char *q = s->body;
            int body_line = line + 1;
            while (*q && strncmp(q, "//@end", 6) != 0) {
                if (strncmp(q, "//@", 3) == 0) fail_at(path, body_line, "section %s has no //@end before this marker", s->name);
                const char *qe = line_end(q);
                q = *qe ? qe + 1 : qe;
                body_line++;
            }
            if (!*q) fail_at(path, line, "section %s has no //@end", s->name);
            s->body_len = (size_t)(q - s->body);
            if (kind == SECTION_PARAMS) parse_params(s);
            e = line_end(q);
            line = body_line;
        }
        p = *e ? e + 1 : e;
        line++;
    }
}

static int find_section(const char *name, int before)
{
    for (int i = 0; i < before; i++)
        if (strcmp(sections[i].name, name) == 0) return i;
    return -1;
}

/* Every `enum NAME { A, B = 3, ... }` in section i. */
static void read_enums(int i)
{
    const section *s = &sections[i];
    char *text = strip_comments(s->body, s->body_len);
    const char *end = text + strlen(text), *w;
    for (char *q = text; *q; q++)
        if (*q == '\n' || *q == '\r') *q = ' ';
    for (const char *p = text; (p = strstr(p, "enum ")) != NULL;) {
        p += 5;
        size_t n = next_word(&p, end, &w);
        if (!is_identifier(w, n)) continue; /* an anonymous enum: nothing to name fields by */
        char *name = xstrndup(w, n);
        n = next_word(&p, end, &w);
        if (!word_is(w, n, "{")) { free(name); continue; }
        enums = xrealloc(enums, (size_t)(num_enums + 1) * sizeof *enums);
        enum_def *e = &enums[num_enums++];
        *e = (enum_def){name, i, NULL, NULL, 0, false};
        long value = 0;
        while ((n = next_word(&p, end, &w)) > 0 && !word_is(w, n, "}")) {
            if (word_is(w, n, ",")) continue;
            if (!is_identifier(w, n)) fail_at(s->file, s->line, "enum %s: cannot read its constants", name);
            e->constants = xrealloc(e->constants, (size_t)(e->count + 1) * sizeof *e->constants);
            e->values = xrealloc(e->values, (size_t)(e->count + 1) * sizeof *e->values);
            e->constants[e->count] = xstrndup(w, n);
            const char *save = p;
            n = next_word(&p, end, &w);
            if (word_is(w, n, "=")) {
                char *num_end;
                value = strtol(p, &num_end, 0);
                if (num_end == p) fail_at(s->file, s->line, "enum %s: only literal values are supported", name);
                p = num_end;
            } else {
                p = save;
            }
            e->values[e->count++] = value++;
        }
    }
    free(text);
}

static enum_def *find_enum(const char *name)
{
    for (int i = 0; i < num_enums; i++)
        if (strcmp(enums[i].name, name) == 0) return &enums[i];
    return NULL;
}

/* A params section needs the sections of the enums its fields name. */
static void add_enum_needs(section *s, int index)
{
    for (int k = 0; k < s->num_fields; k++) {
        const char *name = s->fields[k].enum_name;
        if (!name) continue;
        enum_def *e = find_enum(name);
        if (!e) fail_at(s->file, s->line, "params %s: field %s names enum %s, which no section defines", s->name,
                        s->fields[k].name, name);
        e->named = true;
        if (e->section == index) continue;
        if (e->section > index)
            fail_at(s->file, s->line, "params %s: enum %s is defined after it", s->name, name);
        add_string(&s->needs, &s->num_needs, sections[e->section].name);
    }
}

/* Dependencies resolved to earlier sections; errors name the file and line. */
static void check_sections(void)
{
    if (num_sections == 0 || strcmp(sections[0].name, "rt_prelude") != 0) {
        fputs("embed_runtime: the first section must be rt_prelude (rt.h comes first)\n", stderr);
        exit(1);
    }
    for (int i = 0; i < num_sections; i++) read_enums(i);
    for (int i = 0; i < num_sections; i++) {
        section *s = &sections[i];
        if (find_section(s->name, i) >= 0) fail_at(s->file, s->line, "a second section named %s", s->name);
        if (s->kind == SECTION_PARAMS) add_enum_needs(s, i);
        if (s->kind == SECTION_KERNEL) {
            int k = find_section(s->params, i);
            if (k < 0 || sections[k].kind != SECTION_PARAMS)
                fail_at(s->file, s->line, "kernel %s: no params section %s before it", s->name, s->params);
            add_string(&s->needs, &s->num_needs, s->params);
        }
        s->need_index = xrealloc(NULL, (size_t)s->num_needs * sizeof *s->need_index);
        for (int k = 0; k < s->num_needs; k++) {
            int at = find_section(s->needs[k], i);
            if (at < 0) {
                bool later = find_section(s->needs[k], num_sections) >= 0;
                fail_at(s->file, s->line, "section %s needs %s, %s", s->name, s->needs[k],
                        later ? "which comes after it (a section may only need earlier ones)" : "which does not exist");
            }
            s->need_index[k] = at;
        }
    }
}

/* ---- outputs ---------------------------------------------------------------- */

static FILE *open_output(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) { fprintf(stderr, "embed_runtime: cannot write %s\n", path); exit(1); }
    return f;
}

static void close_output(FILE *f)
{
    if (ferror(f) || fclose(f) != 0) { fputs("embed_runtime: write error\n", stderr); exit(1); }
}

static void write_string(FILE *out, const char *s, size_t len)
{
    fputs("\"", out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') fputs(i + 1 < len ? "\\n\"\n    \"" : "\\n", out);
        else if (c == '\\' || c == '"') fprintf(out, "\\%c", c);
        else if (c == '?') fputs("\\?", out); /* no trigraphs */
        else if (c < 32 || c >= 127) fprintf(out, "\\%03o", c);
        else fputc(c, out);
    }
    fputs("\"", out);
}

static void write_embedded(const char *dir)
{
    FILE *c = open_output(dir, "runtime_embedded.c");
    fputs("/* Generated by tools/embed_runtime: the runtime's sections as text. */\n"
          "#include \"runtime/host/sections.h\"\n\n", c);
    for (int i = 0; i < num_sections; i++) {
        if (!sections[i].num_needs) continue;
        fprintf(c, "static const int needs_%d[] = {", i);
        for (int k = 0; k < sections[i].num_needs; k++) fprintf(c, "%s%d", k ? ", " : "", sections[i].need_index[k]);
        fputs("};\n", c);
    }
    fputs("\nconst runtime_section runtime_sections[] = {\n", c);
    for (int i = 0; i < num_sections; i++) {
        const section *s = &sections[i];
        fprintf(c, "    {\"%s\", ", s->name);
        write_string(c, s->body, s->body_len);
        if (s->num_needs) fprintf(c, ", %d, needs_%d},\n", s->num_needs, i);
        else fputs(", 0, 0},\n", c);
    }
    fprintf(c, "};\nconst int runtime_num_sections = %d;\n", num_sections);
    close_output(c);
}

/* Element-type suffixes of kernel names (ir/dtype.c's, and x<bits> for
   kernels that only move bytes). */
static const char *const type_suffixes[] = {"f32", "f64", "f16", "bf16", "i8", "i16", "i32", "i64", "u8", "u16",
                                            "u32", "u64", "bool", "x8", "x16", "x32", "x64", "f8e4m3fn",
                                            "f8e4m3fnuz", "f8e5m2", "f8e5m2fnuz", "f8e8m0", "f4e2m1", "u4", "i4",
                                            "u2", "i2", NULL};

/* The suffix NAME ends with ("_f32" -> "f32"), or NULL. */
static const char *type_suffix(const char *name, size_t len)
{
    for (const char *const *t = type_suffixes; *t; t++) {
        size_t n = strlen(*t);
        if (len > n + 1 && name[len - n - 1] == '_' && memcmp(name + len - n, *t, n) == 0) return *t;
    }
    return NULL;
}

/* Adds NAME's first len characters to a list of family names, once. */
static void add_family(char ***list, int *count, const char *name, size_t len)
{
    for (int i = 0; i < *count; i++)
        if (strlen((*list)[i]) == len && memcmp((*list)[i], name, len) == 0) return;
    add_string(list, count, xstrndup(name, len));
}

static char **families, **families2;   /* "rt_add" (KERNELS_rt_add), "rt_cast" (KERNELS2_rt_cast) */
static int num_families, num_families2;

/* Each kernel's type suffixes, and the families they make. */
static void collect_families(void)
{
    for (int i = 0; i < num_sections; i++) {
        section *s = &sections[i];
        if (s->kind != SECTION_KERNEL) continue;
        s->base_len = strlen(s->name);
        if (!(s->suffix2 = type_suffix(s->name, s->base_len))) continue;
        s->base_len -= strlen(s->suffix2) + 1;
        add_family(&families, &num_families, s->name, s->base_len);
        if (!(s->suffix1 = type_suffix(s->name, s->base_len))) continue;
        s->base_len -= strlen(s->suffix1) + 1;
        add_family(&families2, &num_families2, s->name, s->base_len);
    }
}

static void write_ids(const char *dir)
{
    FILE *h = open_output(dir, "runtime_kernel_ids.h");
    fputs("/* Generated by tools/embed_runtime: names of the runtime's kernels. */\n"
          "#ifndef DLC_RUNTIME_KERNEL_IDS_H\n#define DLC_RUNTIME_KERNEL_IDS_H\n\n", h);
    fputs("typedef enum rt_kernel_id {\n    RT_KERNEL_NONE,\n", h);
    for (int i = 0; i < num_sections; i++)
        if (sections[i].kind == SECTION_KERNEL) fprintf(h, "    KERNEL_%s,\n", sections[i].name);
    fputs("    RT_NUM_KERNELS\n} rt_kernel_id;\n\n", h);
    fputs("/* Kernels that differ only in their element-type suffix. */\n"
          "typedef enum rt_kernel_family {\n    RT_FAMILY_NONE,\n", h);
    for (int i = 0; i < num_families; i++) fprintf(h, "    KERNELS_%s,\n", families[i]);
    fputs("    RT_NUM_FAMILIES\n} rt_kernel_family;\n\n", h);
    fputs("/* Kernels named by two suffixes (source and target type, e.g. Cast). */\n"
          "typedef enum rt_kernel_family2 {\n    RT_FAMILY2_NONE,\n", h);
    for (int i = 0; i < num_families2; i++) fprintf(h, "    KERNELS2_%s,\n", families2[i]);
    fputs("    RT_NUM_FAMILIES2\n} rt_kernel_family2;\n\n", h);
    fputs("typedef enum rt_params_id {\n    RT_PARAMS_NONE,\n", h);
    for (int i = 0; i < num_sections; i++)
        if (sections[i].kind == SECTION_PARAMS) fprintf(h, "    PARAMS_%s,\n", sections[i].name);
    fputs("    RT_NUM_PARAMS\n} rt_params_id;\n\n#endif\n", h);
    close_output(h);
}

static void write_params_header(const char *dir, char **files, int num_files)
{
    FILE *h = open_output(dir, "runtime_params.h");
    fputs("/* Generated by tools/embed_runtime: the runtime's headers (parameter\n"
          "   structs, shared constants) for the compiler, and RT_PARAMS_ID(p). */\n"
          "#ifndef DLC_RUNTIME_PARAMS_H\n#define DLC_RUNTIME_PARAMS_H\n\n"
          "#include \"runtime_kernel_ids.h\"\n\n", h);
    for (int i = 0; i < num_files; i++)
        if (ends_with(files[i], ".h")) fprintf(h, "#include \"%s\"\n", files[i]);
    fputs("\n#define RT_PARAMS_ID(p) _Generic((p)", h);
    for (int i = 0; i < num_sections; i++)
        if (sections[i].kind == SECTION_PARAMS)
            fprintf(h, ", \\\n    %s *: PARAMS_%s, const %s *: PARAMS_%s", sections[i].name, sections[i].name,
                    sections[i].name, sections[i].name);
    fputs(")\n\n#endif\n", h);
    close_output(h);
}

static const char *field_type_code(const char *type)
{
    if (strcmp(type, "int64_t") == 0) return "RT_FIELD_INT64";
    if (strcmp(type, "int32_t") == 0) return "RT_FIELD_INT32";
    if (strcmp(type, "float") == 0) return "RT_FIELD_FLOAT";
    return "RT_FIELD_DOUBLE";
}

static void write_table(const char *dir, char **files, int num_files)
{
    FILE *t = open_output(dir, "runtime_table.inc");
    fputs("/* Generated by tools/embed_runtime: the runtime compiled into dlc. */\n", t);
    for (int i = 0; i < num_files; i++) fprintf(t, "#include \"%s\"\n", files[i]);

    fputs("\n/* Enums that fields name: their constants, for printing. */\n", t);
    for (int i = 0; i < num_enums; i++) {
        if (!enums[i].named) continue;
        fprintf(t, "static const rt_enum_constant enum_%s[] = {", enums[i].name);
        for (int k = 0; k < enums[i].count; k++)
            fprintf(t, "%s{\"%s\", %ld}", k ? ", " : "", enums[i].constants[k], enums[i].values[k]);
        fputs(enums[i].count ? "};\n" : "{0, 0}};\n", t);
    }
    fputs("\n/* Parameter structs, field by field. */\n", t);
    for (int i = 0; i < num_sections; i++) {
        const section *s = &sections[i];
        if (s->kind != SECTION_PARAMS) continue;
        fprintf(t, "static const rt_param_field fields_%s[] = {\n", s->name);
        for (int k = 0; k < s->num_fields; k++) {
            const field *f = &s->fields[k];
            fprintf(t, "    {\"%s\", %s, offsetof(%s, %s), ", f->name, field_type_code(f->type), s->name, f->name);
            if (f->is_array) fprintf(t, "(int)(sizeof(((%s *)0)->%s) / sizeof(%s)), 1", s->name, f->name, f->type);
            else fputs("1, 0", t);
            if (f->enum_name)
                fprintf(t, ", enum_%s, %d},\n", f->enum_name, find_enum(f->enum_name)->count);
            else
                fputs(", 0, 0},\n", t);
        }
        fputs("};\n", t);
    }
    fputs("\nstatic const rt_params_info params_table[RT_NUM_PARAMS] = {\n", t);
    for (int i = 0; i < num_sections; i++) {
        const section *s = &sections[i];
        if (s->kind == SECTION_PARAMS)
            fprintf(t, "    [PARAMS_%s] = {\"%s\", sizeof(%s), %d, fields_%s},\n", s->name, s->name, s->name,
                    s->num_fields, s->name);
    }
    fputs("};\n\n/* Kernels: a thunk that calls each with its parameter struct and tensors. */\n", t);
    for (int i = 0; i < num_sections; i++) {
        const section *s = &sections[i];
        if (s->kind != SECTION_KERNEL) continue;
        fprintf(t, "static void thunk_%s(const void *p, void *const *t)\n{\n    %s((const %s *)p", s->name, s->name,
                s->params);
        for (int k = 0; k < s->num_tensors; k++) fprintf(t, ", t[%d]", k);
        fprintf(t, ");\n}\nstatic const char *const tensors_%s[] = {", s->name);
        for (int k = 0; k < s->num_tensors; k++) fprintf(t, "%s\"%s\"", k ? ", " : "", s->tensors[k]);
        fputs("};\n", t);
    }
    fputs("\nstatic const rt_kernel_info kernel_table[RT_NUM_KERNELS] = {\n", t);
    for (int i = 0; i < num_sections; i++) {
        const section *s = &sections[i];
        if (s->kind != SECTION_KERNEL) continue;
        fprintf(t, "    [KERNEL_%s] = {\"%s\", \"%.*s\", PARAMS_%s, %d, tensors_%s, thunk_%s},\n", s->name, s->name,
                (int)s->base_len, s->name, s->params, s->num_tensors, s->name, s->name);
    }
    fputs("};\n\n/* Family members by suffix. */\nstatic const rt_family_member family_members[] = {\n", t);
    for (int i = 0; i < num_sections; i++) {
        const section *s = &sections[i];
        if (s->kind != SECTION_KERNEL || !s->suffix2) continue;
        size_t family_len = strlen(s->name) - strlen(s->suffix2) - 1;
        fprintf(t, "    {KERNELS_%.*s, \"%s\", KERNEL_%s},\n", (int)family_len, s->name, s->suffix2, s->name);
    }
    fputs("    {RT_FAMILY_NONE, 0, RT_KERNEL_NONE}\n};\n", t);
    fputs("static const rt_family2_member family2_members[] = {\n", t);
    for (int i = 0; i < num_sections; i++) {
        const section *s = &sections[i];
        if (s->kind != SECTION_KERNEL || !s->suffix1) continue;
        fprintf(t, "    {KERNELS2_%.*s, \"%s\", \"%s\", KERNEL_%s},\n", (int)s->base_len, s->name, s->suffix1,
                s->suffix2, s->name);
    }
    fputs("    {RT_FAMILY2_NONE, 0, 0, RT_KERNEL_NONE}\n};\n", t);
    fputs("\nstatic const char *const family_names[RT_NUM_FAMILIES] = {\"\"", t);
    for (int i = 0; i < num_families; i++) fprintf(t, ", \"%s\"", families[i]);
    fputs("};\nstatic const char *const family2_names[RT_NUM_FAMILIES2] = {\"\"", t);
    for (int i = 0; i < num_families2; i++) fprintf(t, ", \"%s\"", families2[i]);
    fputs("};\n", t);
    close_output(t);
}

int main(int argc, char **argv)
{
    if (argc < 3) { fputs("usage: embed_runtime OUTDIR FILE...\n", stderr); return 2; }
    for (int i = 2; i < argc; i++) read_sections(argv[i], read_file(argv[i]));
    check_sections();
    collect_families();
    write_embedded(argv[1]);
    write_ids(argv[1]);
    write_params_header(argv[1], argv + 2, argc - 2);
    write_table(argv[1], argv + 2, argc - 2);
    return 0;
}
