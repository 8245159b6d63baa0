/* Operators: random generators. RandomUniform, RandomNormal (opset 1, 22),
   RandomUniformLike, RandomNormalLike (1, 22) and Bernoulli (15, 22).
   The generator is runtime/random.c's: a pure function of a key and the
   element's index, so a model draws the same numbers on every run. The key
   is the seed attribute's value when there is one, else a hash of the
   node's first output name (a fixed choice per model: ONNX leaves an
   unseeded generator's numbers to the runtime). Numbers are made in double
   and cast to the output type. */
#include "op.h"

#include <string.h>

static const int32_t random_types[] = {DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_BFLOAT16, 0};

static bool random_type_ok(const ir_node *n, int32_t dt)
{
    for (const int32_t *t = random_types; *t; t++)
        if (*t == dt) return true;
    return diag_node(n, DIAG_UNSUPPORTED, "output element type %s is not supported (float types only)",
                     dtype_name(dt));
}

/* Bernoulli's output may also be an integer or bool type. */
static bool bernoulli_type_ok(const ir_node *n, int32_t dt)
{
    return dt == DT_BOOL || (dtype_is_int(dt) && dtype_size(dt) != 0) || random_type_ok(n, dt);
}

static int64_t random_key(const ir_node *n)
{
    ir_attr *seed = ir_node_attr(n, "seed");
    if (seed) { /* the float's bits: any value, NaN or 1e30 included, is a key */
        uint32_t bits;
        memcpy(&bits, &seed->f, sizeof bits);
        return (int64_t)bits * 2654435761 + 1;
    }
    uint64_t h = 14695981039346656037u;
    for (const char *s = n->outputs[0]->name; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (int64_t)h;
}

static bool infer_random(ir_node *n)
{
    if (!node_check_arity(n, 0, 0)) return false;
    int32_t dt = (int32_t)attr_int(n, "dtype", DT_FLOAT);
    if (!random_type_ok(n, dt)) return false;
    int64_t dims[IR_MAX_RANK];
    int rank = attr_ints(n, "shape", dims, IR_MAX_RANK);
    if (rank < 0) return diag_node(n, DIAG_INVALID, "the shape attribute is required");
    for (int d = 0; d < rank; d++)
        if (dims[d] < 0) return diag_node(n, DIAG_INVALID, "shape dimension %d is negative", d);
    node_set_output(n, 0, dt, rank, dims);
    return true;
}

/* RandomUniformLike, RandomNormalLike, Bernoulli: the input's shape, the
   dtype attribute's type or the input's. */
static bool infer_like(ir_node *n)
{
    if (!node_check_arity(n, 1, 1)) return false;
    const ir_value *x = n->inputs[0];
    int32_t dt = (int32_t)attr_int(n, "dtype", x->dtype);
    bool bernoulli = strcmp(n->op_type, "Bernoulli") == 0;
    if (!(bernoulli ? bernoulli_type_ok(n, dt) : random_type_ok(n, dt))) return false;
    if (bernoulli && !random_type_ok(n, x->dtype)) return false;
    node_set_output(n, 0, dt, x->rank, x->dims);
    return true;
}

/* Fills y with numbers of the distribution (a, b its parameters). */
static bool lower_numbers(ir_node *n, lir_program *c, int64_t distribution, double a, double b)
{
    ir_value *y = n->outputs[0];
    int64_t count = ir_value_numel(y);
    if (count == 0) return true;
    rt_random_params p = {.count = count, .distribution = distribution, .key = random_key(n), .a = a, .b = b};
    ir_value *t = y->dtype == DT_DOUBLE ? y : lower_temp(c, DT_DOUBLE, y->rank, y->dims);
    lir_call *k = lower_kernel(c, n, KERNEL_rt_random_f64, &p);
    if (!k) return false;
    call_tensor(k, t);
    return t == y || lower_cast(c, n, t, y);
}

static bool lower_uniform(ir_node *n, lir_program *c)
{
    return lower_numbers(n, c, RT_RANDOM_UNIFORM, attr_float(n, "low", 0.0f), attr_float(n, "high", 1.0f));
}

static bool lower_normal(ir_node *n, lir_program *c)
{
    return lower_numbers(n, c, RT_RANDOM_NORMAL, attr_float(n, "mean", 0.0f), attr_float(n, "scale", 1.0f));
}

static bool lower_bernoulli(ir_node *n, lir_program *c)
{
    ir_value *x = n->inputs[0], *y = n->outputs[0];
    int64_t count = ir_value_numel(y);
    if (count == 0) return true;
    rt_random_params p = {.count = count, .distribution = RT_RANDOM_BERNOULLI, .key = random_key(n)};
    ir_value *prob = x->dtype == DT_DOUBLE ? x : lower_temp(c, DT_DOUBLE, x->rank, x->dims);
    if (prob != x && !lower_cast(c, n, x, prob)) return false;
    ir_value *t = y->dtype == DT_DOUBLE ? y : lower_temp(c, DT_DOUBLE, y->rank, y->dims);
    lir_call *k = lower_kernel(c, n, KERNEL_rt_random_bernoulli_f64, &p);
    if (!k) return false;
    call_tensor(k, prob);
    call_tensor(k, t);
    return t == y || lower_cast(c, n, t, y);
}

static const char *const uniform_attrs[] = {"dtype", "high", "low", "seed", "shape", NULL};
static const char *const normal_attrs[] = {"dtype", "mean", "scale", "seed", "shape", NULL};
static const char *const uniform_like_attrs[] = {"dtype", "high", "low", "seed", NULL};
static const char *const normal_like_attrs[] = {"dtype", "mean", "scale", "seed", NULL};
static const char *const bernoulli_attrs[] = {"dtype", "seed", NULL};

const op_def ops_random[] = {
    {"RandomUniform", "", uniform_attrs, infer_random, lower_uniform},
    {"RandomNormal", "", normal_attrs, infer_random, lower_normal},
    {"RandomUniformLike", "", uniform_like_attrs, infer_like, lower_uniform},
    {"RandomNormalLike", "", normal_like_attrs, infer_like, lower_normal},
    {"Bernoulli", "", bernoulli_attrs, infer_like, lower_bernoulli},
    {0},
};
