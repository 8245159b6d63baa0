/* Operators of the ai.onnx.ml domain: Binarizer and ArrayFeatureExtractor
   (opset 1). The tree ensembles, classifiers and string encoders of the
   domain are not supported. */
#include "op.h"

static const int32_t binarizer_types[] = {DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, 0};

static bool infer_binarizer(ir_node *n)
{
    if (!node_check_arity(n, 1, 1) || !node_check_dtype(n, 0, binarizer_types)) return false;
    node_set_output(n, 0, n->inputs[0]->dtype, n->inputs[0]->rank, n->inputs[0]->dims);
    return true;
}

static bool lower_binarizer(ir_node *n, lir_program *c)
{
    rt_binarizer_params p = {.count = ir_value_numel(n->inputs[0]), .threshold = attr_float(n, "threshold", 0.0f)};
    if (p.count == 0) return true;
    lir_call *k = lower_kernel_typed(c, n, KERNELS_rt_binarizer, n->inputs[0]->dtype, &p);
    if (!k) return false;
    call_tensor(k, n->inputs[0]);
    call_tensor(k, n->outputs[0]);
    return true;
}

/* X [..., columns] with every index (all of Y, flattened) picked from the
   last axis: [..., count], or [1, count] for a 1-D X. */
static bool feature_extractor_params(const ir_node *n, rt_feature_extractor_params *p)
{
    if (!node_check_arity(n, 2, 2)) return false;
    const ir_value *x = n->inputs[0], *y = n->inputs[1];
    if (y->dtype != DT_INT64) return diag_node(n, DIAG_INVALID, "Y must be int64, not %s", dtype_name(y->dtype));
    if (x->rank < 1) return diag_node(n, DIAG_INVALID, "X must have at least one dimension");
    *p = (rt_feature_extractor_params){.rows = ir_value_numel(x) / (x->dims[x->rank - 1] ? x->dims[x->rank - 1] : 1),
                                       .columns = x->dims[x->rank - 1], .count = ir_value_numel(y),
                                       .element_bytes = (int64_t)dtype_size(x->dtype)};
    if (x->dims[x->rank - 1] == 0) p->rows = 0;
    return true;
}

static bool infer_feature_extractor(ir_node *n)
{
    rt_feature_extractor_params p = {0};
    if (!feature_extractor_params(n, &p)) return false;
    const ir_value *x = n->inputs[0];
    int64_t dims[IR_MAX_RANK];
    int rank = x->rank == 1 ? 2 : x->rank;
    for (int d = 0; d < x->rank - 1; d++) dims[d] = x->dims[d];
    if (x->rank == 1) dims[0] = 1;
    dims[rank - 1] = p.count;
    node_set_output(n, 0, x->dtype, rank, dims);
    return true;
}

static bool lower_feature_extractor(ir_node *n, lir_program *c)
{
    rt_feature_extractor_params p = {0};
    if (!feature_extractor_params(n, &p)) return false;
    if (ir_value_numel(n->outputs[0]) == 0) return true;
    lir_call *k = lower_kernel(c, n, KERNEL_rt_feature_extractor, &p);
    if (!k) return false;
    call_tensor(k, n->inputs[0]);
    call_tensor(k, n->inputs[1]);
    call_tensor(k, n->outputs[0]);
    return true;
}

static const char *const binarizer_attrs[] = {"threshold", NULL};
static const char *const no_attrs[] = {NULL};

const op_def ops_ml[] = {
    {"Binarizer", "ai.onnx.ml", binarizer_attrs, infer_binarizer, lower_binarizer},
    {"ArrayFeatureExtractor", "ai.onnx.ml", no_attrs, infer_feature_extractor, lower_feature_extractor},
    {0},
};
