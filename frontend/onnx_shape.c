/* Declared types of graph inputs and outputs, and the --dim / --shape pins
   that make symbolic input dimensions concrete. dlc compiles for one fixed
   shape, so after the pins every graph input must be fully known; the error
   messages say exactly which option would fix the model. */
#define _POSIX_C_SOURCE 200809L

#include "frontend/onnx_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *type_kind_name(Onnx__TypeProto__ValueCase c)
{
    switch (c) {
    case ONNX__TYPE_PROTO__VALUE_SEQUENCE_TYPE: return "a sequence";
    case ONNX__TYPE_PROTO__VALUE_MAP_TYPE: return "a map";
    case ONNX__TYPE_PROTO__VALUE_OPTIONAL_TYPE: return "an optional";
    case ONNX__TYPE_PROTO__VALUE_SPARSE_TENSOR_TYPE: return "a sparse tensor";
    default: return "an unknown";
    }
}

bool onnx_type_to_value(ir_graph *g, ir_value *v, const Onnx__TypeProto *type, const char *role)
{
    /* A missing type leaves the value unknown; the input check later asks
       for --shape, and shape inference fills in outputs. */
    if (!type || type->value_case == ONNX__TYPE_PROTO__VALUE__NOT_SET) return true;
    if (type->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE)
        return diag_error(DIAG_UNSUPPORTED, "%s: %s '%s' has %s type; only tensors are supported",
                          g->source_path, role, v->name, type_kind_name(type->value_case));
    const Onnx__TypeProto__Tensor *tt = type->tensor_type;
    if (!tt) return true;
    v->dtype = tt->has_elem_type ? tt->elem_type : DT_UNDEFINED;
    if (v->dtype != DT_UNDEFINED && dtype_size(v->dtype) == 0)
        return diag_error(DIAG_UNSUPPORTED, "%s: %s '%s' has element type %s, which dlc does not support",
                          g->source_path, role, v->name, dtype_name(v->dtype));
    const Onnx__TensorShapeProto *shape = tt->shape;
    if (!shape) return true;
    if (shape->n_dim > IR_MAX_RANK)
        return diag_error(DIAG_UNSUPPORTED, "%s: %s '%s' has rank %zu; dlc supports up to %d",
                          g->source_path, role, v->name, shape->n_dim, IR_MAX_RANK);
    v->rank = (int)shape->n_dim;
    for (int i = 0; i < v->rank; i++) {
        const Onnx__TensorShapeProto__Dimension *d = shape->dim[i];
        v->dims[i] = -1;
        v->dim_params[i] = NULL;
        if (d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE && d->dim_value >= 0)
            v->dims[i] = d->dim_value;
        else if (d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM && d->dim_param &&
                 d->dim_param[0])
            v->dim_params[i] = ir_strdup(g, d->dim_param);
    }
    return true;
}

/* ---- pins ------------------------------------------------------------------ */

static bool apply_dim_pin(ir_graph *g, const onnx_dim_pin *pin)
{
    if (pin->value < 0)
        return diag_error(DIAG_INVALID, "--dim %s=%lld: a dimension cannot be negative", pin->symbol,
                          (long long)pin->value);
    int matches = 0;
    for (int k = 0; k < g->num_inputs; k++) {
        ir_value *v = g->inputs[k];
        for (int i = 0; i < v->rank; i++)
            if (v->dim_params[i] && strcmp(v->dim_params[i], pin->symbol) == 0) {
                v->dims[i] = pin->value;
                matches++;
            }
    }
    if (matches == 0)
        return diag_error(DIAG_INVALID, "--dim %s: no input of %s has a dimension named '%s'", pin->symbol,
                          g->source_path, pin->symbol);
    return true;
}

static ir_value *find_input(ir_graph *g, const char *name)
{
    for (int k = 0; k < g->num_inputs; k++)
        if (strcmp(g->inputs[k]->name, name) == 0) return g->inputs[k];
    return NULL;
}

/* "a, b, c" for messages, cut short on models with very many inputs. */
static void list_inputs(const ir_graph *g, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = 0;
    for (int k = 0; k < g->num_inputs && n + 8 < cap; k++) {
        int w = snprintf(buf + n, cap - n, "%s%s", k ? ", " : "", g->inputs[k]->name);
        n = w < 0 || (size_t)w >= cap - n ? cap - 1 : n + (size_t)w;
    }
    if (g->num_inputs == 0) snprintf(buf, cap, "none");
}

static bool apply_shape_pin(ir_graph *g, const onnx_shape_pin *pin)
{
    ir_value *v = find_input(g, pin->name);
    if (!v) {
        char names[512];
        list_inputs(g, names, sizeof names);
        return diag_error(DIAG_INVALID, "--shape: the model has no input '%s' (inputs: %s)", pin->name, names);
    }
    if (pin->rank < 0 || pin->rank > IR_MAX_RANK)
        return diag_error(DIAG_INVALID, "--shape %s: rank %d is out of range (0 to %d)", pin->name, pin->rank,
                          IR_MAX_RANK);
    if (v->rank >= 0 && v->rank != pin->rank)
        return diag_error(DIAG_INVALID, "--shape %s: gives %d dimensions but the model declares rank %d",
                          pin->name, pin->rank, v->rank);
    for (int i = 0; i < pin->rank; i++) {
        if (pin->dims[i] < 0)
            return diag_error(DIAG_INVALID, "--shape %s: dimension %d cannot be negative", pin->name, i);
        /* Only dimensions the model itself fixes conflict; symbolic ones
           (possibly set by --dim just before) are the user's to choose. */
        bool fixed = v->rank >= 0 && !v->dim_params[i] && v->dims[i] >= 0;
        if (fixed && v->dims[i] != pin->dims[i])
            return diag_error(DIAG_INVALID, "--shape %s: dimension %d is %lld in the model, not %lld",
                              pin->name, i, (long long)v->dims[i], (long long)pin->dims[i]);
    }
    if (v->rank < 0)
        for (int i = 0; i < IR_MAX_RANK; i++) v->dim_params[i] = NULL;
    v->rank = pin->rank;
    for (int i = 0; i < pin->rank; i++) v->dims[i] = pin->dims[i];
    return true;
}

static bool check_input_fixed(const ir_graph *g, const ir_value *v)
{
    if (v->dtype == DT_UNDEFINED)
        return diag_error(DIAG_INVALID, "%s: input '%s' has no element type", g->source_path, v->name);
    if (v->rank < 0)
        return diag_error(DIAG_INVALID, "%s: input '%s' has unknown rank; pin its shape with --shape %s=D0xD1x...",
                          g->source_path, v->name, v->name);
    for (int i = 0; i < v->rank; i++) {
        if (v->dims[i] >= 0) continue;
        if (v->dim_params[i])
            return diag_error(DIAG_INVALID, "%s: input '%s' dimension %d ('%s') is not fixed; pin it with "
                              "--dim %s=N or --shape %s=...", g->source_path, v->name, i, v->dim_params[i],
                              v->dim_params[i], v->name);
        return diag_error(DIAG_INVALID, "%s: input '%s' dimension %d is not fixed; pin it with --shape %s=...",
                          g->source_path, v->name, i, v->name);
    }
    return true;
}

bool onnx_apply_pins(ir_graph *g, const onnx_read_options *opt)
{
    if (opt) {
        for (int i = 0; i < opt->num_dims; i++)
            if (!apply_dim_pin(g, &opt->dims[i])) return false;
        for (int i = 0; i < opt->num_shapes; i++)
            if (!apply_shape_pin(g, &opt->shapes[i])) return false;
    }
    for (int k = 0; k < g->num_inputs; k++)
        if (!check_input_fixed(g, g->inputs[k])) return false;
    return true;
}

/* ---- parsing "NAME=1x3x224x224" --------------------------------------------- */

static bool parse_dims(const char *s, const char *spec, onnx_shape_pin *pin)
{
    pin->rank = 0;
    for (;;) {
        if (*s < '0' || *s > '9')
            return diag_error(DIAG_INVALID, "--shape %s: expected a number at '%s'", spec, s);
        int64_t d = 0;
        for (; *s >= '0' && *s <= '9'; s++) {
            if (d > (INT64_MAX - 9) / 10)
                return diag_error(DIAG_INVALID, "--shape %s: dimension too large", spec);
            d = d * 10 + (*s - '0');
        }
        if (pin->rank == IR_MAX_RANK)
            return diag_error(DIAG_INVALID, "--shape %s: more than %d dimensions", spec, IR_MAX_RANK);
        pin->dims[pin->rank++] = d;
        if (*s == 0) return true;
        if (*s != 'x' && *s != ',')
            return diag_error(DIAG_INVALID, "--shape %s: unexpected '%c'; separate dimensions with 'x' or ','",
                              spec, *s);
        s++;
    }
}

bool onnx_parse_shape_pin(const char *spec, onnx_shape_pin *pin)
{
    memset(pin, 0, sizeof *pin);
    /* ONNX names may contain '=', dimension lists never do. */
    const char *eq = strrchr(spec, '=');
    if (!eq || eq == spec)
        return diag_error(DIAG_INVALID, "--shape %s: expected NAME=DIMS, e.g. input=1x3x224x224", spec);
    if (!parse_dims(eq + 1, spec, pin)) return false;
    char *name = strndup(spec, (size_t)(eq - spec));
    if (!name) abort();
    pin->name = name;
    return true;
}

void onnx_shape_pin_release(onnx_shape_pin *pin)
{
    free((char *)pin->name);
    pin->name = NULL;
}
