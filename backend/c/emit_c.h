/* The C backend: prints a planned kernel-call program (ir/lir.h) as one .c and one .h file with
   the API of DESIGN.md section 3. */
#ifndef DLC_EMIT_C_H
#define DLC_EMIT_C_H

#include <stdio.h>

#include "ir/lir.h"

typedef struct emit_c_options {
    const char *name;          /* symbol prefix, a C identifier */
    const char *header_name;   /* file name the .c includes, e.g. "model.h" */
    const char *model_path;    /* for the banner comment */
    int threads;               /* --threads=N as given; 0 without --threads (single-threaded, no API) */
} emit_c_options;

bool emit_c_header(const lir_program *s, const emit_c_options *o, FILE *out);
bool emit_c_source(const lir_program *s, const emit_c_options *o, FILE *out);

#endif
