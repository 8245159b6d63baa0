#!/usr/bin/python3
"""Writes the fusion test cases: small ONNX graphs with the patterns that
passes/pass_fuse_epilogue.c folds into a Conv, Gemm or MatMul (and a few it
must leave alone), on odd shapes (sizes 1, primes, not multiples of the
vector width), each in the layout of the ONNX backend tests:

    cases/<name>/model.onnx
    cases/<name>/test_data_set_0/input_K.pb, output_0.pb
    cases/<name>/fused_nodes        (live nodes expected after fusion)

Expected outputs come from PyTorch in double precision. Run with Debian's
python3 (it has onnx, numpy and torch):

    /usr/bin/python3 tests/fusion/make_cases.py

The cases are committed (a few KB each); rerun after changing this file."""
import os
import shutil

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")
rng = np.random.default_rng(20261127)


def rand(*shape):
    return rng.uniform(-1, 1, size=shape).astype(np.float32)


def t(a):
    return torch.from_numpy(np.asarray(a, dtype=np.float64))


class Case:
    """A graph under construction: inputs with data, constants, nodes."""

    def __init__(self, name, opset=13):
        self.name, self.opset = name, opset
        self.inputs, self.feeds, self.inits, self.nodes = [], [], [], []
        self.count = 0

    def input(self, shape):
        name = "x%d" % len(self.inputs)
        self.inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, list(shape)))
        self.feeds.append(rand(*shape))
        return name, self.feeds[-1]

    def const(self, array):
        name = "c%d" % len(self.inits)
        self.inits.append(numpy_helper.from_array(np.asarray(array, dtype=np.float32), name))
        return name

    def node(self, op, inputs, **attrs):
        self.count += 1
        out = "v%d" % self.count
        self.nodes.append(helper.make_node(op, inputs, [out], name="%s_%d" % (op, self.count), **attrs))
        return out

    def write(self, output, expected, fused_nodes):
        graph = helper.make_graph(self.nodes, self.name, self.inputs,
                                  [helper.make_tensor_value_info(output, TensorProto.FLOAT, list(expected.shape))],
                                  self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", self.opset)])
        model.ir_version = 8
        if self.opset <= 17:  # Debian's onnx 1.12 knows opsets up to 17 (Gelu is 20)
            onnx.checker.check_model(model)
        d = os.path.join(OUT, self.name)
        os.makedirs(os.path.join(d, "test_data_set_0"))
        onnx.save(model, os.path.join(d, "model.onnx"))
        for k, (vi, data) in enumerate(zip(self.inputs, self.feeds)):
            tp = numpy_helper.from_array(data, vi.name)
            with open(os.path.join(d, "test_data_set_0", "input_%d.pb" % k), "wb") as f:
                f.write(tp.SerializeToString())
        tp = numpy_helper.from_array(expected.numpy().astype(np.float32), output)
        with open(os.path.join(d, "test_data_set_0", "output_0.pb"), "wb") as f:
            f.write(tp.SerializeToString())
        with open(os.path.join(d, "fused_nodes"), "w") as f:
            f.write("%d\n" % fused_nodes)


# The activations, each as (ONNX nodes after value v, the same in torch, opset).
def act_relu(c, v):
    return c.node("Relu", [v]), F.relu


def act_clip6(c, v):
    return c.node("Clip", [v, c.const(0.0), c.const(6.0)]), lambda x: x.clamp(0, 6)


def act_clip_max_only(c, v):
    return c.node("Clip", [v, "", c.const(0.25)]), lambda x: x.clamp(max=0.25)


def act_leaky(c, v):
    return c.node("LeakyRelu", [v], alpha=0.1), lambda x: F.leaky_relu(x, 0.1)


def act_sigmoid(c, v):
    return c.node("Sigmoid", [v]), torch.sigmoid


def act_hard_sigmoid(c, v):
    return c.node("HardSigmoid", [v], alpha=0.3, beta=0.4), lambda x: (0.3 * x + 0.4).clamp(0, 1)


def act_hard_swish(c, v):
    return c.node("HardSwish", [v]), lambda x: x * (x / 6 + 0.5).clamp(0, 1)


def act_silu(c, v):
    return c.node("Mul", [v, c.node("Sigmoid", [v])]), lambda x: x * torch.sigmoid(x)


def act_tanh(c, v):
    return c.node("Tanh", [v]), torch.tanh


def act_gelu_exported(c, v):
    """nn.GELU as torch.onnx exports it before opset 20."""
    e = c.node("Add", [c.node("Erf", [c.node("Div", [v, c.const(1.4142135381698608)])]), c.const(1.0)])
    return c.node("Mul", [c.node("Mul", [v, e]), c.const(0.5)]), F.gelu


def act_gelu_op(c, v):
    return c.node("Gelu", [v]), F.gelu


def act_gelu_tanh_op(c, v):
    return c.node("Gelu", [v], approximate="tanh"), lambda x: F.gelu(x, approximate="tanh")


def conv_case(name, act=None, residual=False, bias=True, shape=(1, 3, 7, 5), out_channels=5, kernel=3, stride=1,
              group=1, opset=13):
    c = Case(name, opset)
    x, xd = c.input(shape)
    cin = shape[1]
    w = rand(out_channels, cin // group, kernel, kernel)
    b = rand(out_channels)
    pad = kernel // 2
    ins = [x, c.const(w)] + ([c.const(b)] if bias else [])
    v = c.node("Conv", ins, kernel_shape=[kernel, kernel], pads=[pad] * 4, strides=[stride, stride], group=group)
    y = F.conv2d(t(xd), t(w), t(b) if bias else None, stride=stride, padding=pad, groups=group)
    if residual:
        r, rd = c.input(tuple(y.shape))
        v = c.node("Add", [r, v] if residual == "left" else [v, r])
        y = y + t(rd)
    if act:
        v, fn = act(c, v)
        y = fn(y)
    c.write(v, y, 1)


def gemm_case(name, m, n, k, act=None, c_shape=(None,), residual=False, alpha=1.0, beta=1.0):
    c = Case(name)
    a, ad = c.input((m, k))
    w = rand(n, k)
    ins = [a, c.const(w)]
    y = t(ad) @ t(w).T * alpha
    if c_shape != (None,):
        cd = rand(*c_shape)
        ins.append(c.const(cd))
        y = y + beta * t(cd)
    v = c.node("Gemm", ins, transB=1, alpha=alpha, beta=beta)
    if residual:
        r, rd = c.input((m, n))
        v = c.node("Add", [v, r])
        y = y + t(rd)
    if act:
        v, fn = act(c, v)
        y = fn(y)
    c.write(v, y, 1)


def matmul_case(name, a_shape, b_shape, act=None, bias=True, residual=False, opset=13):
    c = Case(name, opset)
    a, ad = c.input(a_shape)
    bd = rand(*b_shape)
    v = c.node("MatMul", [a, c.const(bd)])
    y = t(ad) @ t(bd)
    if bias:
        biasd = rand(b_shape[-1])
        v = c.node("Add", [v, c.const(biasd)])
        y = y + t(biasd)
    if residual:
        r, rd = c.input(tuple(y.shape))
        v = c.node("Add", [r, v])
        y = y + t(rd)
    if act:
        v, fn = act(c, v)
        y = fn(y)
    c.write(v, y, 1)


def torch_case(name, module, shape, fused_nodes, opset=13):
    """A module exported by torch.onnx at an opset before LayerNormalization (17)."""
    d = os.path.join(OUT, name)
    os.makedirs(os.path.join(d, "test_data_set_0"))
    x = torch.from_numpy(rand(*shape))
    module = module.eval()
    torch.onnx.export(module, (x,), os.path.join(d, "model.onnx"), input_names=["x"], output_names=["y"],
                      opset_version=opset)
    with torch.no_grad():
        y = module.double()(x.double()).float()
    for k, (arr, nm) in enumerate([(x, "x")]):
        with open(os.path.join(d, "test_data_set_0", "input_%d.pb" % k), "wb") as f:
            f.write(numpy_helper.from_array(arr.numpy(), nm).SerializeToString())
    with open(os.path.join(d, "test_data_set_0", "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(y.numpy(), "y").SerializeToString())
    with open(os.path.join(d, "fused_nodes"), "w") as f:
        f.write("%d\n" % fused_nodes)


class LayerNormResidual(torch.nn.Module):
    """x + LayerNorm(x) * 2: x has users besides the pattern."""

    def __init__(self, width):
        super().__init__()
        self.norm = torch.nn.LayerNorm(width)

    def forward(self, x):
        return x + self.norm(x) * 2


def transpose_matmul_case(name, a_shape, a_perm, b_shape, b_perm, fused_nodes=1):
    """MatMul(Transpose(a), Transpose(b)), either Transpose optional (perm None)."""
    c = Case(name)
    a, ad = c.input(a_shape)
    b, bd = c.input(b_shape)
    ta, tb = t(ad), t(bd)
    if a_perm:
        a = c.node("Transpose", [a], perm=list(a_perm))
        ta = ta.permute(*a_perm)
    if b_perm:
        b = c.node("Transpose", [b], perm=list(b_perm))
        tb = tb.permute(*b_perm)
    c.write(c.node("MatMul", [a, b]), ta @ tb, fused_nodes)


def attention_scores_case(name, scale_op, mask_input, fused_nodes=2):
    """Softmax(Q K^T / c + mask): the scale and the mask fold into the MatMul."""
    c = Case(name)
    q, qd = c.input((2, 3, 7, 8))
    k, kd = c.input((2, 3, 8, 7))
    v = c.node("MatMul", [q, k])
    y = t(qd) @ t(kd)
    v = c.node(scale_op, [v, c.const(2.8284271 if scale_op == "Div" else 0.35355338)])
    y = y / 2.8284271 if scale_op == "Div" else y * 0.35355338
    if mask_input:
        m, md = c.input((1, 1, 7, 7))
    else:
        md = np.triu(np.full((7, 7), -1e4, dtype=np.float32), 1)
        m = c.const(md)
    v = c.node("Add", [v, m])
    y = y + t(md)
    c.write(c.node("Softmax", [v], axis=-1), torch.softmax(y, -1), fused_nodes)


def batchnorm_case(name, act, shape=(2, 5, 7, 3)):
    """BatchNormalization (not after a Conv, so not folded) + an activation."""
    c = Case(name, 14)
    x, xd = c.input(shape)
    ch = shape[1]
    sc, bi, mean = rand(ch), rand(ch), rand(ch)
    var = (rand(ch) + 1.5).astype(np.float32)
    v = c.node("BatchNormalization", [x, c.const(sc), c.const(bi), c.const(mean), c.const(var)], epsilon=1e-3)
    y = F.batch_norm(t(xd), t(mean), t(var), t(sc), t(bi), False, 0.0, 1e-3)
    v, fn = act(c, v)
    c.write(v, fn(y), 1)


def transpose_cases():
    batchnorm_case("batchnorm_relu", act_relu)
    batchnorm_case("batchnorm_clip6_1x1", act_clip6, (1, 13, 1, 1))
    attention_scores_case("matmul_div_causal_mask_softmax", "Div", False)
    attention_scores_case("matmul_mul_mask_input_softmax", "Mul", True)
    transpose_matmul_case("transpose_b_kt", (3, 7, 5), None, (3, 11, 5), (0, 2, 1))   # Q K^T
    transpose_matmul_case("transpose_heads", (7, 3, 5), (1, 0, 2), (3, 5, 9), None)    # tokens x heads -> heads x tokens
    transpose_matmul_case("transpose_both_4d", (1, 13, 2, 8), (0, 2, 1, 3), (1, 13, 2, 8), (0, 2, 3, 1))
    transpose_matmul_case("transpose_a_2d", (17, 1), (1, 0), (17, 33), None)            # a one-row product, A strided
    transpose_matmul_case("transpose_b_2d_gemv", (1, 19), None, (23, 19), (1, 0))       # one row, B strided: not the row path


def layer_norm_cases():
    torch.manual_seed(7)
    ln = torch.nn.LayerNorm(37)
    with torch.no_grad():
        ln.weight.uniform_(-1, 1)
        ln.bias.uniform_(-1, 1)
    torch_case("layer_norm_affine", ln, (2, 5, 37), 1)
    torch_case("layer_norm_plain", torch.nn.LayerNorm(16, elementwise_affine=False, eps=1e-3), (3, 16), 1)
    torch_case("layer_norm_width1", torch.nn.LayerNorm(1), (4, 1), 1)
    torch_case("layer_norm_residual", LayerNormResidual(23), (1, 7, 23), 3)


def unfusable_cases():
    # The conv's output is also a graph output: only the activation node can go.
    c = Case("no_conv_output_is_used_twice")
    x, xd = c.input((1, 3, 5, 5))
    w, b = rand(4, 3, 1, 1), rand(4)
    v = c.node("Conv", [x, c.const(w), c.const(b)], kernel_shape=[1, 1])
    y = F.conv2d(t(xd), t(w), t(b))
    u = c.node("Relu", [v])
    out = c.node("Add", [u, v])
    c.write(out, F.relu(y) + y, 3)
    # An Add that broadcasts a computed [1, C, 1, 1]: not a residual of the output's shape.
    c = Case("no_conv_add_broadcast")
    x, xd = c.input((1, 3, 5, 5))
    s, sd = c.input((1, 4, 1, 1))
    w = rand(4, 3, 3, 3)
    v = c.node("Conv", [x, c.const(w)], kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    out = c.node("Add", [v, s])
    c.write(out, F.conv2d(t(xd), t(w), padding=1) + t(sd), 2)
    # The residual is computed after the Conv: it cannot be read there.
    c = Case("no_conv_residual_computed_later")
    x, xd = c.input((1, 2, 5, 5))
    w = rand(2, 2, 3, 3)
    v = c.node("Conv", [x, c.const(w)], kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    r = c.node("Sigmoid", [x])
    out = c.node("Relu", [c.node("Add", [v, r])])
    c.write(out, F.relu(F.conv2d(t(xd), t(w), padding=1) + torch.sigmoid(t(xd))), 4)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    acts = {"relu": act_relu, "clip6": act_clip6, "clip_max": act_clip_max_only, "leaky_relu": act_leaky,
            "sigmoid": act_sigmoid, "hard_sigmoid": act_hard_sigmoid, "hard_swish": act_hard_swish,
            "silu": act_silu, "tanh": act_tanh, "gelu_exported": act_gelu_exported}
    for name, act in acts.items():
        conv_case("conv_" + name, act, opset=14)
    conv_case("conv_gelu_op", act_gelu_op, opset=20)
    conv_case("conv_residual", residual=True)
    conv_case("conv_residual_relu", act_relu, residual="left")
    conv_case("conv_nobias_residual_hard_swish", act_hard_swish, residual=True, bias=False, opset=14)
    conv_case("conv_1x1_relu", act_relu, shape=(1, 7, 5, 3), out_channels=11, kernel=1)
    conv_case("conv_stride2_leaky_relu", act_leaky, shape=(2, 3, 9, 7), out_channels=7, stride=2)
    conv_case("conv_grouped_sigmoid", act_sigmoid, shape=(1, 6, 5, 5), out_channels=9, group=3)
    conv_case("conv_large_relu", act_relu, shape=(1, 37, 13, 11), out_channels=67)  # several KC blocks, MR edges
    conv_case("depthwise_clip6", act_clip6, shape=(1, 6, 9, 7), out_channels=6, group=6)
    conv_case("depthwise_stride2_residual_relu", act_relu, residual=True, shape=(1, 5, 9, 7), out_channels=5,
              stride=2, group=5)
    conv_case("depthwise_5x5_silu", act_silu, shape=(1, 3, 11, 11), out_channels=3, kernel=5, group=3)
    gemm_case("gemm_m1_relu", 1, 13, 17, act_relu, c_shape=(13,))
    gemm_case("gemm_bias_residual_sigmoid", 7, 13, 17, act_sigmoid, c_shape=(1, 13), residual=True)
    gemm_case("gemm_noc_residual_tanh", 5, 33, 300, act_tanh, residual=True)
    gemm_case("gemm_alpha_beta_rowc_relu", 7, 13, 17, act_relu, c_shape=(7, 1), alpha=0.5, beta=2.0)
    gemm_case("gemm_fullc_leaky_relu", 6, 35, 9, act_leaky, c_shape=(6, 35))
    matmul_case("matmul_bias_gelu_exported", (2, 7, 17), (17, 13), act_gelu_exported)
    matmul_case("matmul_bias_residual", (1, 11, 16), (16, 16), residual=True)
    matmul_case("matmul_batched_bias_relu", (3, 5, 7), (3, 7, 9), act_relu)
    matmul_case("matmul_gelu_tanh_op", (1, 29, 19), (19, 31), act_gelu_tanh_op, bias=False, opset=20)
    matmul_case("matmul_m1_bias_silu", (1, 64), (64, 37), act_silu)
    unfusable_cases()
    layer_norm_cases()
    transpose_cases()


if __name__ == "__main__":
    main()
