#!/usr/bin/python3
"""Checks bench/flops.py on a hand-built graph whose count is worked out by
hand: a grouped Conv, a ConvTranspose, a Gemm with transA, a broadcasting
MatMul, an LSTM, and a MatMul after a Reshape whose target is computed from
Shape -> Gather -> Div -> Unsqueeze -> Concat (which onnx 1.12's shape
inference alone leaves unknown). Odd sizes throughout. Run by
bench/selftest.sh; exits 1 on a wrong count."""

import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flops  # noqa: E402


def weight(name, *dims):
    return numpy_helper.from_array(np.zeros(dims, np.float32), name)


def graph():
    f = TensorProto.FLOAT
    inputs = [helper.make_tensor_value_info(n, f, d) for n, d in
              [("x", [1, 6, 7, 5]), ("xt", [1, 4, 3, 3]), ("a", [7, 5]), ("m", [2, 1, 3, 4]),
               ("seq", [3, 1, 2]), ("r", [2, 6])]]
    inits = [weight("w", 4, 3, 3, 2), weight("wt", 4, 2, 3, 3), weight("b", 7, 3), weight("mb", 5, 4, 6),
             weight("lw", 1, 16, 2), weight("lr", 1, 16, 4), weight("rw", 3, 5),
             numpy_helper.from_array(np.array(1, np.int64), "one"),
             numpy_helper.from_array(np.array(2, np.int64), "two"),
             numpy_helper.from_array(np.array([4], np.int64), "four"),
             numpy_helper.from_array(np.array([0], np.int64), "axes0")]
    nodes = [
        # 1 x 4 x 5 x 4 outputs, 3 (6/2 groups) x 3 x 2 each: 1440 MACs
        helper.make_node("Conv", ["x", "w"], ["y1"], group=2),
        # 1 x 4 x 3 x 3 inputs, 2 x 3 x 3 each: 648 MACs
        helper.make_node("ConvTranspose", ["xt", "wt"], ["y2"]),
        # M 5, N 3, K 7: 105 MACs
        helper.make_node("Gemm", ["a", "b"], ["y3"], transA=1),
        # 2 x 5 x 3 x 6 outputs, K 4: 720 MACs
        helper.make_node("MatMul", ["m", "mb"], ["y4"]),
        # 3 steps x 1 direction x batch 1 x 4 gates x hidden 4 x (2 + 4): 288 MACs
        helper.make_node("LSTM", ["seq", "lw", "lr"], ["y5"], hidden_size=4),
        # r (2 x 6) reshaped to [4, 6 / 2] = 4 x 3, times 3 x 5: 60 MACs
        helper.make_node("Shape", ["r"], ["s"]),
        helper.make_node("Gather", ["s", "one"], ["s1"]),
        helper.make_node("Div", ["s1", "two"], ["half"]),
        helper.make_node("Unsqueeze", ["half", "axes0"], ["half1"]),
        helper.make_node("Concat", ["four", "half1"], ["target"], axis=0),
        helper.make_node("Reshape", ["r", "target"], ["r2"]),
        helper.make_node("MatMul", ["r2", "rw"], ["y6"]),
    ]
    outputs = [helper.make_tensor_value_info("y%d" % k, f, None) for k in range(1, 7)]
    g = helper.make_graph(nodes, "flops_test", inputs, outputs, inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])


def main():
    expected = 2 * (1440 + 648 + 105 + 720 + 288 + 60)
    got, counted, unknown = flops.count(graph())
    if (got, counted, unknown) != (expected, 6, 0):
        print("test_flops: counted %d FLOP on %d nodes (%d unknown), expected %d on 6"
              % (got, counted, unknown, expected))
        return 1
    print("test_flops: %d FLOP, as worked out by hand" % got)
    return 0


if __name__ == "__main__":
    sys.exit(main())
