/* A check of how deeply a model's messages nest, on the raw protobuf bytes,
   before they are decoded. protobuf-c decodes nested messages recursively
   with no limit, so a file of 3,000 Ifs nested in each other's branches (or
   of types nested in sequence types) would overflow the stack inside the
   decoder. This walks only the fields through which ONNX messages recurse
   (graphs in attributes, types in types), with a small bounded recursion of
   its own, and turns excess depth into one clean error. Bytes it cannot
   parse are left to the decoder, which reports them. */
#include "frontend/onnx_internal.h"

/* The message kinds on the recursive paths. */
typedef enum kind { K_MODEL, K_GRAPH, K_NODE, K_ATTR, K_FUNCTION, K_VALUE_INFO, K_TYPE, K_TYPE_ELEM, K_OTHER } kind;

/* The kind of field number `field` of a message of kind k (K_OTHER: not followed). */
static kind child_kind(kind k, uint64_t field)
{
    switch (k) {
    case K_MODEL: return field == 7 ? K_GRAPH : field == 25 ? K_FUNCTION : K_OTHER;
    case K_GRAPH: return field == 1 ? K_NODE : (field >= 11 && field <= 13) ? K_VALUE_INFO : K_OTHER;
    case K_FUNCTION: return field == 7 ? K_NODE : field == 12 ? K_VALUE_INFO : K_OTHER;
    case K_NODE: return field == 5 ? K_ATTR : K_OTHER;
    case K_ATTR: return (field == 6 || field == 11) ? K_GRAPH : (field == 14 || field == 15) ? K_TYPE : K_OTHER;
    case K_VALUE_INFO: return field == 2 ? K_TYPE : K_OTHER;
    /* TypeProto: sequence_type (4), map_type (5), optional_type (9) hold
       a message whose elem_type (1) / value_type (2) is a TypeProto again. */
    case K_TYPE: return (field == 4 || field == 5 || field == 9) ? K_TYPE_ELEM : K_OTHER;
    case K_TYPE_ELEM: return (field == 1 || field == 2) ? K_TYPE : K_OTHER;
    default: return K_OTHER;
    }
}

typedef struct walk {
    const char *path;
    int max_graphs;                /* subgraph nesting allowed below the main graph */
    bool failed;
} walk;

enum { MAX_MESSAGE_DEPTH = 4 * ONNX_MAX_SUBGRAPH_DEPTH + 64 };

static bool read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64 && *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) { *out = v; return true; }
    }
    return false;
}

/* Walks one message of kind k; graphs counts the graphs around it. */
static void walk_message(walk *w, kind k, const uint8_t *p, const uint8_t *end, int depth, int graphs)
{
    if (k == K_GRAPH && ++graphs > w->max_graphs + 1) {
        w->failed = true;
        diag_error(DIAG_UNSUPPORTED, "%s: subgraphs are nested more than %d deep (dlc's limit)", w->path,
                   w->max_graphs);
        return;
    }
    if (depth > MAX_MESSAGE_DEPTH) {
        w->failed = true;
        diag_error(DIAG_UNSUPPORTED, "%s: the model's messages are nested more than %d deep (types within types?)",
                   w->path, MAX_MESSAGE_DEPTH);
        return;
    }
    uint64_t tag, len, skip;
    while (p < end && !w->failed && read_varint(&p, end, &tag)) {
        switch (tag & 7) {
        case 0: if (!read_varint(&p, end, &skip)) return; break;
        case 1: if (end - p < 8) return; p += 8; break;
        case 5: if (end - p < 4) return; p += 4; break;
        case 2:
            if (!read_varint(&p, end, &len) || len > (uint64_t)(end - p)) return;
            kind c = child_kind(k, tag >> 3);
            if (c != K_OTHER) walk_message(w, c, p, p + len, depth + 1, graphs);
            p += len;
            break;
        default: return;           /* groups or garbage: the decoder decides */
        }
    }
}

bool onnx_check_nesting(const uint8_t *buf, size_t len, const char *path)
{
    walk w = {.path = path, .max_graphs = ONNX_MAX_SUBGRAPH_DEPTH};
    walk_message(&w, K_MODEL, buf, buf + len, 0, 0);
    return !w.failed;
}
