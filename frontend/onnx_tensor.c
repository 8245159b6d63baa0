/* TensorProto to constant values: initializers, tensor attributes and the
   backend test data files. Handles every numeric element type, both raw_data
   and the typed repeated fields, and external data files, which must stay
   inside the model's folder (a model is untrusted input: its "location" must
   not be able to read /etc/passwd or a sibling project's files). */
#define _XOPEN_SOURCE 700 /* realpath, strndup, fseeko */

#include "frontend/onnx_internal.h"
#include "runtime/dtypes.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* raw_data and external files are little-endian; the copies below are
   plain memcpy, which is only right on a little-endian compiler host. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#error "the ONNX reader assumes a little-endian host"
#endif

bool onnx_slurp(const char *path, uint8_t **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return diag_error(DIAG_IO, "cannot open '%s': %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return diag_error(DIAG_IO, "cannot read '%s': it is a directory", path);
    }
    /* Read to EOF with a growing buffer so pipes and /dev/stdin work too. */
    size_t cap = 1 << 16, n = 0;
    uint8_t *p = malloc(cap);
    for (;;) {
        if (!p) { fclose(f); return diag_error(DIAG_IO, "out of memory reading '%s'", path); }
        n += fread(p + n, 1, cap - n, f);
        if (n < cap) break;
        uint8_t *q = realloc(p, cap * 2);
        if (!q) free(p);
        p = q;
        cap *= 2;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        free(p);
        return diag_error(DIAG_IO, "cannot read '%s'", path);
    }
    *buf = p;
    *len = n;
    return true;
}

char *onnx_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *d;
    if (!slash) d = strdup(".");
    else if (slash == path) d = strdup("/");
    else d = strndup(path, (size_t)(slash - path));
    if (!d) abort();
    return d;
}

/* ---- element type and shape ---------------------------------------------- */

static bool check_dtype(int32_t dt, const char *what)
{
    if (dt == DT_STRING)
        return diag_error(DIAG_UNSUPPORTED, "%s is a string tensor; only numeric tensors are supported", what);
    if (dtype_size(dt) > 0) return true;
    if (dt == DT_COMPLEX64 || dt == DT_COMPLEX128)
        return diag_error(DIAG_UNSUPPORTED, "%s has element type %s, which dlc does not support", what,
                          dtype_name(dt));
    if (dt == DT_UNDEFINED) return diag_error(DIAG_INVALID, "%s has no element type", what);
    return diag_error(DIAG_INVALID, "%s has an unknown element type (code %d)", what, (int)dt);
}

/* Sets v's shape from t->dims and returns the element count in *numel,
   refusing counts whose byte size would not fit in memory. */
static bool tensor_shape(ir_value *v, const Onnx__TensorProto *t, const char *what, int64_t *numel)
{
    if (t->n_dims > IR_MAX_RANK)
        return diag_error(DIAG_UNSUPPORTED, "%s has rank %zu; dlc supports up to %d", what, t->n_dims,
                          IR_MAX_RANK);
    int64_t limit = (int64_t)(PTRDIFF_MAX / 16);
    int64_t n = 1;
    v->rank = (int)t->n_dims;
    for (size_t i = 0; i < t->n_dims; i++) {
        int64_t d = t->dims[i];
        if (d < 0) return diag_error(DIAG_INVALID, "%s has a negative dimension (%lld)", what, (long long)d);
        if (d > 0 && n > limit / d) return diag_error(DIAG_INVALID, "%s is too large", what);
        n *= d;
        v->dims[i] = d;
        v->dim_params[i] = NULL;
    }
    *numel = n;
    return true;
}

/* ---- external data ------------------------------------------------------- */

static bool parse_nonneg(const char *s, int64_t *out)
{
    if (!s || !*s) return false;
    errno = 0;
    char *end;
    long long x = strtoll(s, &end, 10);
    if (*end || errno || x < 0) return false;
    *out = x;
    return true;
}

static bool has_dotdot_component(const char *s)
{
    for (const char *p = s; *p;) {
        const char *q = strchr(p, '/');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.') return true;
        p += n;
        if (*p == '/') p++;
    }
    return false;
}

static bool path_is_inside(const char *real, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(real, base, n) != 0) return false;
    return base[n - 1] == '/' || real[n] == '/';
}

/* Resolves location against dir and returns the realpath (malloc'd), or
   NULL + diag if it is absolute, climbs with "..", or escapes dir through
   a symbolic link. */
static char *resolve_external(const char *dir, const char *location, const char *what)
{
    if (!*location) {
        diag_error(DIAG_INVALID, "%s: external data has no location", what);
        return NULL;
    }
    if (location[0] == '/') {
        diag_error(DIAG_INVALID, "%s: external data location '%s' is an absolute path; it must be relative "
                   "to the model's folder", what, location);
        return NULL;
    }
    if (has_dotdot_component(location)) {
        diag_error(DIAG_INVALID, "%s: external data location '%s' contains '..'; it must stay inside the "
                   "model's folder", what, location);
        return NULL;
    }
    size_t len = strlen(dir) + strlen(location) + 2;
    char *joined = malloc(len);
    if (!joined) abort();
    snprintf(joined, len, "%s/%s", dir, location);
    char *real = realpath(joined, NULL);
    int err = errno;
    free(joined);
    if (!real) {
        diag_error(DIAG_IO, "%s: cannot open external data file '%s': %s", what, location, strerror(err));
        return NULL;
    }
    char *base = realpath(dir, NULL);
    if (!base || !path_is_inside(real, base)) {
        diag_error(DIAG_INVALID, "%s: external data location '%s' resolves outside the model's folder",
                   what, location);
        free(base);
        free(real);
        return NULL;
    }
    free(base);
    return real;
}

static bool read_external(ir_graph *g, ir_value *v, const Onnx__TensorProto *t, const char *dir,
                          const char *what, size_t bytes)
{
    const char *location = NULL;
    int64_t offset = 0, length = -1;
    for (size_t i = 0; i < t->n_external_data; i++) {
        const char *key = onnx_str(t->external_data[i]->key);
        const char *val = onnx_str(t->external_data[i]->value);
        if (strcmp(key, "location") == 0) location = val;
        else if (strcmp(key, "offset") == 0 && !parse_nonneg(val, &offset))
            return diag_error(DIAG_INVALID, "%s: external data offset '%s' is not a valid number", what, val);
        else if (strcmp(key, "length") == 0 && !parse_nonneg(val, &length))
            return diag_error(DIAG_INVALID, "%s: external data length '%s' is not a valid number", what, val);
    }
    char *real = resolve_external(dir, location ? location : "", what);
    if (!real) return false;

    FILE *f = fopen(real, "rb");
    free(real);
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        if (f) fclose(f);
        return diag_error(DIAG_IO, "%s: cannot read external data file '%s'", what, location);
    }
    int64_t size = (int64_t)st.st_size;
    if (offset > size) {
        fclose(f);
        return diag_error(DIAG_INVALID, "%s: external data offset %lld is past the end of '%s' (%lld bytes)",
                          what, (long long)offset, location, (long long)size);
    }
    if (length < 0) length = size - offset;
    if (length != (int64_t)bytes || offset + length > size) {
        fclose(f);
        return diag_error(DIAG_INVALID, "%s: external data in '%s' holds %lld bytes at offset %lld, expected "
                          "%zu", what, location, (long long)length, (long long)offset, bytes);
    }
    v->data = ir_alloc(g, bytes);
    bool ok = fseeko(f, (off_t)offset, SEEK_SET) == 0 && fread(v->data, 1, bytes, f) == bytes;
    fclose(f);
    if (!ok) return diag_error(DIAG_IO, "%s: cannot read external data file '%s'", what, location);
    return true;
}

/* ---- typed fields -------------------------------------------------------- */

/* Which repeated field holds a given type when raw_data is not used. */
static const char *typed_field(int32_t dt, const Onnx__TensorProto *t, size_t *count)
{
    switch (dt) {
    case DT_FLOAT: *count = t->n_float_data; return "float_data";
    case DT_DOUBLE: *count = t->n_double_data; return "double_data";
    case DT_INT64: *count = t->n_int64_data; return "int64_data";
    case DT_UINT32: case DT_UINT64: *count = t->n_uint64_data; return "uint64_data";
    default: *count = t->n_int32_data; return "int32_data";
    }
}

/* Copies n elements from the typed field into dst, narrowing the int32 and
   uint64 carriers to the element's own width (small types and the 16-bit
   float bit patterns all travel in int32_data). */
static void copy_typed(void *dst, int32_t dt, const Onnx__TensorProto *t, size_t n)
{
    size_t size = dtype_size(dt);
    if (n == 0) return;            /* the field's pointer may be NULL */
    switch (dt) {
    case DT_FLOAT: memcpy(dst, t->float_data, n * 4); return;
    case DT_DOUBLE: memcpy(dst, t->double_data, n * 8); return;
    case DT_INT64: memcpy(dst, t->int64_data, n * 8); return;
    case DT_UINT64: memcpy(dst, t->uint64_data, n * 8); return;
    case DT_UINT32:
        for (size_t i = 0; i < n; i++) ((uint32_t *)dst)[i] = (uint32_t)t->uint64_data[i];
        return;
    case DT_BOOL:
        for (size_t i = 0; i < n; i++) ((uint8_t *)dst)[i] = t->int32_data[i] != 0;
        return;
    default:
        for (size_t i = 0; i < n; i++) {
            uint32_t x = (uint32_t)t->int32_data[i];
            if (size == 4) ((uint32_t *)dst)[i] = x;
            else if (size == 2) ((uint16_t *)dst)[i] = (uint16_t)x;
            else ((uint8_t *)dst)[i] = (uint8_t)x;
        }
        return;
    }
}

/* 4- and 2-bit elements arrive packed (raw_data, external files, and one
   packed byte per int32_data entry); dlc keeps one a byte. */
static void unpack_data(ir_graph *g, ir_value *v, int64_t numel)
{
    if (!dtype_is_packed(v->dtype)) return;
    uint8_t *out = ir_alloc(g, (size_t)numel);
    bool is_signed = v->dtype == DT_INT4 || v->dtype == DT_INT2;
    rt_unpack_bits(v->data, out, numel, dtype_bits(v->dtype), is_signed);
    v->data = out;
}

bool onnx_tensor_to_value(ir_graph *g, ir_value *v, const Onnx__TensorProto *t, const char *dir,
                          const char *what)
{
    int32_t dt = t->has_data_type ? t->data_type : DT_UNDEFINED;
    if (!check_dtype(dt, what)) return false;
    if (t->segment) return diag_error(DIAG_UNSUPPORTED, "%s is segmented; segmented tensors are not supported", what);
    int64_t numel = 0;
    if (!tensor_shape(v, t, what, &numel)) return false;
    v->dtype = dt;
    size_t bytes = dtype_packed_bytes(dt, numel);  /* as stored: packed for 4- and 2-bit types */

    if (t->has_data_location && t->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL) {
        if (!read_external(g, v, t, dir, what, bytes)) return false;
        unpack_data(g, v, numel);
        return true;
    }

    if (t->has_raw_data) {
        if (t->raw_data.len != bytes)
            return diag_error(DIAG_INVALID, "%s: raw_data holds %zu bytes, expected %zu (%lld x %s)", what,
                              t->raw_data.len, bytes, (long long)numel, dtype_name(dt));
        v->data = ir_alloc(g, bytes);
        if (bytes) memcpy(v->data, t->raw_data.data, bytes);
        unpack_data(g, v, numel);
        return true;
    }

    size_t count;
    const char *field = typed_field(dt, t, &count);
    size_t expected = dtype_is_packed(dt) ? bytes : (size_t)numel;
    if (count != expected) {
        if (count == 0)
            return diag_error(DIAG_INVALID, "%s has no data (expected %lld values in raw_data or %s)", what,
                              (long long)numel, field);
        return diag_error(DIAG_INVALID, "%s: %s holds %zu values, expected %zu", what, field, count, expected);
    }
    /* ir_alloc never returns NULL, even for 0 bytes: an empty constant is
       still a constant. */
    v->data = ir_alloc(g, bytes);
    copy_typed(v->data, dt, t, count);
    unpack_data(g, v, numel);
    return true;
}

ir_value *onnx_read_tensor_file(ir_graph *g, const char *path)
{
    uint8_t *buf;
    size_t len;
    if (!onnx_slurp(path, &buf, &len)) return NULL;
    Onnx__TensorProto *t = onnx__tensor_proto__unpack(NULL, len, buf);
    free(buf);
    if (!t) {
        diag_error(DIAG_INVALID, "%s: not a valid ONNX TensorProto (protobuf decoding failed)", path);
        return NULL;
    }
    ir_value *v = ir_value_detached(g, onnx_str(t->name));
    char what[1024];
    snprintf(what, sizeof what, "%s: tensor '%s'", path, onnx_str(t->name));
    char *dir = onnx_dirname(path);
    bool ok = onnx_tensor_to_value(g, v, t, dir, what);
    free(dir);
    onnx__tensor_proto__free_unpacked(t, NULL);
    return ok ? v : NULL;
}
