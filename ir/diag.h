/* Diagnostics: the first error of a compilation, as one line, with its kind.
   dlc is a one-shot compiler, so the state is global; every function that can
   fail returns false (or NULL) after calling one of these. */
#ifndef DLC_DIAG_H
#define DLC_DIAG_H

#include <stdbool.h>

struct ir_node;
struct ir_graph;

typedef enum {
    DIAG_NONE = 0,
    DIAG_INVALID,       /* the model or the command line is wrong */
    DIAG_UNSUPPORTED,   /* valid, but dlc does not handle it (yet) */
    DIAG_IO             /* a file could not be read or written */
} diag_kind;

#if defined(__GNUC__)
#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DIAG_PRINTF(a, b)
#endif

/* Record an error (only the first one is kept). Always return false. */
bool diag_error(diag_kind kind, const char *fmt, ...) DIAG_PRINTF(2, 3);
/* Same, prefixed with the model file, the node's name, op type and opset. */
bool diag_node(const struct ir_node *n, diag_kind kind, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* The graph whose file name diag_node prefixes. */
void diag_set_graph(const struct ir_graph *g);

const char *diag_message(void);   /* "" when no error */
diag_kind diag_last_kind(void);
void diag_clear(void);

#endif
