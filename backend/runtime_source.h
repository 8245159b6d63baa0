/* Choosing the runtime sections (runtime/host/sections.h) a model needs,
   and copying them into the generated C. */
#ifndef DLC_RUNTIME_SOURCE_H
#define DLC_RUNTIME_SOURCE_H

#include <stdbool.h>
#include <stdio.h>

#include "runtime/host/sections.h"

/* A set of sections to copy into generated code. */
typedef struct runtime_selection runtime_selection;
runtime_selection *runtime_selection_new(void);    /* NULL when out of memory */
void runtime_selection_free(runtime_selection *s);
/* Marks a section and what it needs; false if no such section exists. */
bool runtime_select(runtime_selection *s, const char *name);
/* Writes the selected sections, in source order. */
void runtime_write_selected(const runtime_selection *s, FILE *out);

#endif
