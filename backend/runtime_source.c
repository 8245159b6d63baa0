/* Choosing the runtime sections a model needs. The sections and their
   dependencies were parsed and checked when dlc was built. */
#include "runtime_source.h"

#include <stdlib.h>
#include <string.h>

struct runtime_selection {
    bool *selected;                /* by section index */
};

runtime_selection *runtime_selection_new(void)
{
    runtime_selection *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->selected = calloc((size_t)runtime_num_sections, sizeof *s->selected);
    if (!s->selected) { free(s); return NULL; }
    runtime_select(s, "rt_prelude");
    return s;
}

void runtime_selection_free(runtime_selection *s)
{
    if (!s) return;
    free(s->selected);
    free(s);
}

static void select_index(runtime_selection *s, int i)
{
    if (s->selected[i]) return;
    s->selected[i] = true;
    for (int k = 0; k < runtime_sections[i].num_needs; k++) select_index(s, runtime_sections[i].needs[k]);
}

bool runtime_select(runtime_selection *s, const char *name)
{
    for (int i = 0; i < runtime_num_sections; i++)
        if (strcmp(runtime_sections[i].name, name) == 0) {
            select_index(s, i);
            return true;
        }
    return false;
}

void runtime_write_selected(const runtime_selection *s, FILE *out)
{
    for (int i = 0; i < runtime_num_sections; i++)
        if (s->selected[i]) fputs(runtime_sections[i].text, out);
}
