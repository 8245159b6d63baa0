#!/usr/bin/env python3
"""Turns the ONNX backend suite's `light` models into conformance cases.

The light folder holds model-zoo architectures (AlexNet, ResNet-50, VGG-19,
...) whose weights are ConstantOfShape fills, as light_NAME.onnx beside
light_NAME_output_0.pb, without input files: with constant weights the output
does not depend on the input. This writes, for each model, the layout the
conformance runner reads:

    OUT/NAME/model.onnx                        (a symbolic link)
    OUT/NAME/test_data_set_0/input_K.pb        seeded uniform [0, 1) input
    OUT/NAME/test_data_set_0/output_0.pb       (a symbolic link)

    /usr/bin/python3 tests/light/make_cases.py LIGHT_DIR OUT
"""
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def real_inputs(graph):
    """Graph inputs that no initializer feeds (the light models list their
    biases as inputs too)."""
    initialized = {t.name for t in graph.initializer}
    return [i for i in graph.input if i.name not in initialized]


def write_case(light_dir, out_dir, stem):
    model_path = os.path.join(light_dir, stem + ".onnx")
    output_path = os.path.join(light_dir, stem + "_output_0.pb")
    case = os.path.join(out_dir, stem[len("light_"):])
    data = os.path.join(case, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    for link, target in ((os.path.join(case, "model.onnx"), model_path),
                         (os.path.join(data, "output_0.pb"), output_path)):
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(os.path.abspath(target), link)
    graph = onnx.load(model_path, load_external_data=False).graph
    rng = np.random.default_rng(0)
    for k, value in enumerate(real_inputs(graph)):
        tensor_type = value.type.tensor_type
        if tensor_type.elem_type != onnx.TensorProto.FLOAT:
            sys.exit(f"{stem}: input {value.name} is not float")
        dims = [d.dim_value for d in tensor_type.shape.dim]
        array = rng.random(dims, dtype=np.float32)
        tensor = numpy_helper.from_array(array, value.name)
        with open(os.path.join(data, f"input_{k}.pb"), "wb") as f:
            f.write(tensor.SerializeToString())


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    light_dir, out_dir = sys.argv[1], sys.argv[2]
    stems = sorted(f[:-len(".onnx")] for f in os.listdir(light_dir)
                   if f.startswith("light_") and f.endswith(".onnx"))
    for stem in stems:
        write_case(light_dir, out_dir, stem)
    print(f"make_cases: {len(stems)} light models in {out_dir}")


if __name__ == "__main__":
    main()
