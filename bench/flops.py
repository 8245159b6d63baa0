#!/usr/bin/python3
"""Counts the floating-point operations of one inference of an ONNX model.

    /usr/bin/python3 bench/flops.py MODEL.onnx [-v]

Prints `flops=F counted=N uncounted=M` (F: floating-point operations, N:
nodes counted, M: nodes of a counted kind whose shapes were unknown, so F is
a lower bound when M > 0); -v adds one line per counted node to stderr.

What is counted, at 2 FLOP per multiply-accumulate (MAC), nothing else (no
bias adds, activations, normalisations, pooling, softmax or elementwise
ops: they are a few percent of a CNN's or transformer's work):

- Conv:          N * C_out * prod(out spatial) * (C_in / group) * prod(kernel) MACs
- ConvTranspose: N * C_in * prod(in spatial) * (C_out / group) * prod(kernel) MACs
- Gemm:          M * N * K MACs
- MatMul:        prod(broadcast batch dims) * M * N * K MACs
- LSTM, GRU, RNN: per step and direction, batch * gates * hidden * (input + hidden)
                 MACs (gates 4, 3, 1): their matrix products, which are most of
                 their work; counting only Conv/Gemm/MatMul would make the
                 recurrent models look idle.

Shapes come from onnx.shape_inference (with data propagation, so Reshape
targets built from Shape/Concat chains resolve).
"""

import copy
import sys

import numpy as np
import onnx
from onnx import numpy_helper, shape_inference


def _eval_small(node, vals):
    """numpy value of a shape-arithmetic node whose inputs are all known, or None."""
    x = [vals[i] if i else None for i in node.input]
    op = node.op_type
    if op in ("Add", "Sub", "Mul"):
        return {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply}[op](x[0], x[1])
    if op == "Div":  # integer Div truncates
        return (x[0] // x[1]) if x[0].dtype.kind == "i" else x[0] / x[1]
    if op in ("Identity", "Cast"):
        return x[0]
    if op == "Gather":
        return np.take(x[0], x[1], axis=attr(node, "axis", 0))
    if op == "Unsqueeze":
        return np.expand_dims(x[0], tuple(int(a) for a in x[1]))
    if op == "Squeeze":
        return np.squeeze(x[0], tuple(int(a) for a in x[1])) if len(x) > 1 else np.squeeze(x[0])
    if op == "Concat":
        return np.concatenate(x, axis=attr(node, "axis", 0))
    if op == "Slice":
        axes = x[3] if len(x) > 3 and x[3] is not None else range(len(x[1]))
        steps = x[4] if len(x) > 4 and x[4] is not None else [1] * len(x[1])
        sl = [slice(None)] * x[0].ndim
        for a, b, e, st in zip(axes, x[1], x[2], steps):
            sl[int(a)] = slice(int(b), int(e), int(st))
        return x[0][tuple(sl)]
    return None


def _fold_value(node, vals, shapes):
    """The value of NODE if it is a small integer tensor computable now, else None."""
    if node.op_type == "Constant":
        t = attr(node, "value", None)
        v = numpy_helper.to_array(t) if t is not None else None
    elif node.op_type == "Shape":
        dims = shapes.get(node.input[0])
        v = np.array(dims, np.int64) if dims and None not in dims else None
    elif all(i in vals for i in node.input if i):
        try:
            v = _eval_small(node, vals)
        except (ValueError, IndexError, TypeError, ZeroDivisionError):
            v = None  # not what a shape computation looks like: leave it to the runtime
    else:
        v = None
    if v is None or v.dtype.kind not in "iu" or v.size > 64:
        return None
    return np.asarray(v)


def _fold_shape_arithmetic(model):
    """Replaces the graph's small integer computations on shapes (Shape, then
    Gather, Add, Div, Concat, ... as torch exports them without constant
    folding) by initializers, which onnx 1.12's shape inference cannot see
    through, so the Reshape targets after them become known. Repeats until
    nothing more folds (a folded Reshape target gives new shapes, which give
    new Shape values). Returns a copy."""
    model = copy.deepcopy(model)
    g = model.graph
    vals = {i.name: numpy_helper.to_array(i) for i in g.initializer
            if i.data_type == onnx.TensorProto.INT64 and np.prod(i.dims) <= 64}
    while True:
        shapes = _infer(model)
        keep, folded = [], []
        for node in g.node:
            v = _fold_value(node, vals, shapes)
            if v is None:
                keep.append(copy.deepcopy(node))  # g.node is cleared below
            else:
                vals[node.output[0]] = v
                folded.append(numpy_helper.from_array(v, node.output[0]))
        if not folded:
            return model
        g.initializer.extend(folded)
        del g.node[:]
        g.node.extend(keep)


def _infer(model):
    inferred = shape_inference.infer_shapes(model, data_prop=True)
    g = inferred.graph
    out = {}
    for vi in list(g.input) + list(g.value_info) + list(g.output):
        t = vi.type.tensor_type
        if t.HasField("shape"):
            out[vi.name] = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
    for init in g.initializer:
        out[init.name] = list(init.dims)
    return out


def shapes_of(model):
    """value name -> list of dims (ints, or None where unknown)."""
    return _infer(_fold_shape_arithmetic(model))


def prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


def attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def conv_macs(node, s):
    x, w, y = s[node.input[0]], s[node.input[1]], s[node.output[0]]
    group = attr(node, "group", 1)
    if node.op_type == "Conv":  # w: C_out x C_in/group x k...
        return y[0] * y[1] * prod(y[2:]) * w[1] * prod(w[2:])
    # ConvTranspose, w: C_in x C_out/group x k...
    del group  # w[1] already is C_out / group
    return x[0] * x[1] * prod(x[2:]) * w[1] * prod(w[2:])


def gemm_macs(node, s):
    a, y = s[node.input[0]], s[node.output[0]]
    k = a[0] if attr(node, "transA", 0) else a[1]
    return y[0] * y[1] * k


def matmul_macs(node, s):
    a, y = s[node.input[0]], s[node.output[0]]
    k = a[-1]
    return prod(y) * k  # y holds the broadcast batch dims, M and N


def recurrent_macs(node, s):
    gates = {"LSTM": 4, "GRU": 3, "RNN": 1}[node.op_type]
    x, w = s[node.input[0]], s[node.input[1]]  # x: seq x batch x input; w: dirs x gates*H x input
    hidden = attr(node, "hidden_size", None) or w[1] // gates
    if attr(node, "layout", 0):
        x = [x[1], x[0], x[2]]
    return x[0] * w[0] * x[1] * gates * hidden * (x[2] + hidden)


COUNTERS = {"Conv": conv_macs, "ConvTranspose": conv_macs, "Gemm": gemm_macs,
            "MatMul": matmul_macs, "LSTM": recurrent_macs, "GRU": recurrent_macs,
            "RNN": recurrent_macs}


def count(model, verbose=False):
    """(flops, nodes counted, nodes of counted kinds with unknown shapes)"""
    s = shapes_of(model)
    flops, counted, unknown = 0, 0, 0
    for node in model.graph.node:
        f = COUNTERS.get(node.op_type)
        if not f:
            continue
        try:
            macs = f(node, s)
        except (KeyError, IndexError, TypeError):
            macs = None  # a shape was missing or had an unknown dim
        if macs is None:
            unknown += 1
            continue
        counted += 1
        flops += 2 * macs
        if verbose:
            print("%-14s %-40s %12d FLOP" % (node.op_type, node.name, 2 * macs), file=sys.stderr)
    return flops, counted, unknown


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    if len(args) != 1:
        sys.exit("usage: flops.py MODEL.onnx [-v]")
    flops, counted, unknown = count(onnx.load(args[0]), "-v" in sys.argv[1:])
    print("flops=%d counted=%d uncounted=%d" % (flops, counted, unknown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
