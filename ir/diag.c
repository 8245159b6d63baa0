/* The first error of a compilation, formatted as one line. */
#include "diag.h"
#include "ir.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static char diag_buffer[2048];
static diag_kind diag_current;
static const ir_graph *diag_graph;

void diag_set_graph(const ir_graph *g) { diag_graph = g; }
const char *diag_message(void) { return diag_buffer; }
diag_kind diag_last_kind(void) { return diag_current; }
void diag_clear(void) { diag_buffer[0] = 0; diag_current = DIAG_NONE; }

/* Model names are arbitrary bytes: keep printable ASCII, escape the rest. */
static size_t append_sanitized(char *dst, size_t cap, const char *s)
{
    size_t n = 0;
    for (; s && *s && n + 5 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 32 && c < 127) dst[n++] = (char)c;
        else n += (size_t)snprintf(dst + n, cap - n, "\\x%02x", c);
    }
    dst[n] = 0;
    return n;
}

bool diag_error(diag_kind kind, const char *fmt, ...)
{
    if (diag_current != DIAG_NONE) return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(diag_buffer, sizeof diag_buffer, fmt, ap);
    va_end(ap);
    for (char *p = diag_buffer; *p; p++)
        if ((unsigned char)*p < 32 || *p == 127) *p = '?';
    diag_current = kind;
    return false;
}

bool diag_node(const ir_node *n, diag_kind kind, const char *fmt, ...)
{
    if (diag_current != DIAG_NONE) return false;
    char where[1024], name[256], msg[1024];
    append_sanitized(name, sizeof name, n->name && n->name[0] ? n->name : "(unnamed)");
    char op[128];
    append_sanitized(op, sizeof op, n->op_type);
    char domain[128] = "";
    if (n->domain && n->domain[0]) {
        domain[0] = ' ';
        append_sanitized(domain + 1, sizeof domain - 1, n->domain);
    }
    char path[256];
    append_sanitized(path, sizeof path, diag_graph ? diag_graph->source_path : "<model>");
    snprintf(where, sizeof where, "%s: node '%s' (%s%s, opset %d)", path, name, op, domain, n->opset);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return diag_error(kind, "%s: %s", where, msg);
}
