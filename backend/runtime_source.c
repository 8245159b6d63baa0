/* Cutting the embedded runtime text into sections and copying the ones a
   model needs. */
#include "runtime_source.h"

#include <stdlib.h>
#include <string.h>

typedef struct section {
    char name[96];
    const char *body;            /* first line after the marker */
    size_t body_len;
    char needs[8][96];
    int num_needs;
} section;

struct runtime_selection {
    section *sections;
    int num_sections;
    bool *selected;
};

static const char *line_end(const char *p)
{
    const char *e = strchr(p, '\n');
    return e ? e : p + strlen(p);
}

/* Parses "//@section NAME needs A B" (or //@kernel) into s. */
static void parse_marker(const char *p, const char *end, section *s)
{
    p = strchr(p, ' ');
    int field = 0;
    while (p && p < end) {
        while (p < end && *p == ' ') p++;
        const char *w = p;
        while (p < end && *p != ' ') p++;
        size_t n = (size_t)(p - w);
        if (n == 0 || n >= sizeof s->name) break;
        if (field == 0) { memcpy(s->name, w, n); s->name[n] = 0; }
        else if (n == 5 && memcmp(w, "needs", 5) == 0) { /* keyword */ }
        else if (s->num_needs < 8) { memcpy(s->needs[s->num_needs], w, n); s->needs[s->num_needs++][n] = 0; }
        field++;
    }
}

static void index_sections(runtime_selection *s)
{
    int cap = 64;
    s->sections = calloc((size_t)cap, sizeof *s->sections);
    for (const runtime_file *f = runtime_files; f->name; f++) {
        const char *p = f->text;
        while (*p) {
            const char *e = line_end(p);
            bool is_section = strncmp(p, "//@section ", 11) == 0 || strncmp(p, "//@kernel ", 10) == 0;
            if (is_section) {
                if (s->num_sections == cap) {
                    cap *= 2;
                    s->sections = realloc(s->sections, (size_t)cap * sizeof *s->sections);
                }
                section *sec = &s->sections[s->num_sections++];
                memset(sec, 0, sizeof *sec);
                parse_marker(p, e, sec);
                sec->body = *e ? e + 1 : e;
                const char *q = sec->body;
                while (*q && strncmp(q, "//@end", 6) != 0) {
                    const char *qe = line_end(q);
                    q = *qe ? qe + 1 : qe;
                }
                sec->body_len = (size_t)(q - sec->body);
                e = line_end(q);
            }
            p = *e ? e + 1 : e;
        }
    }
}

runtime_selection *runtime_selection_new(void)
{
    runtime_selection *s = calloc(1, sizeof *s);
    index_sections(s);
    s->selected = calloc((size_t)s->num_sections + 1, sizeof *s->selected);
    runtime_select(s, "rt_prelude");
    return s;
}

void runtime_selection_free(runtime_selection *s)
{
    if (!s) return;
    free(s->sections);
    free(s->selected);
    free(s);
}

bool runtime_select(runtime_selection *s, const char *name)
{
    for (int i = 0; i < s->num_sections; i++) {
        if (strcmp(s->sections[i].name, name) != 0) continue;
        if (s->selected[i]) return true;
        s->selected[i] = true;
        for (int k = 0; k < s->sections[i].num_needs; k++)
            if (!runtime_select(s, s->sections[i].needs[k])) return false;
        return true;
    }
    return false;
}

void runtime_write_selected(const runtime_selection *s, FILE *out)
{
    for (int i = 0; i < s->num_sections; i++)
        if (s->selected[i]) fwrite(s->sections[i].body, 1, s->sections[i].body_len, out);
}
