#!/usr/bin/python3
"""Case folders for the real models of tests/real/models.txt.

  make_cases.py PACKAGES OUT     writes OUT/NAME/model.onnx (a link into the
                                 unpacked package in PACKAGES/PACKAGE@VERSION),
                                 test_data_set_0/input_K.pb and the raw inputs
                                 for ort_reference.js in OUT/NAME/_ort/
  make_cases.py --pack OUT/NAME  turns ONNX Runtime's outputs into
                                 test_data_set_0/output_K.pb

The layout is the ONNX backend test cases', so the conformance runner runs
the folders as one more suite. Inputs are seeded (the model's name), so a
rerun writes the same files.
"""
import json
import os
import sys
import zlib

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
SCRATCH = "_ort"


def read_models():
    models = []
    with open(os.path.join(HERE, "models.txt")) as f:
        for line in f:
            fields = line.split("#", 1)[0].split()
            if fields:
                models.append((fields[0], fields[1], fields[2], fields[3:]))
    return models


def make_input(name, spec, rng):
    if spec.startswith("int64:"):
        return np.array(int(spec[len("int64:"):]), dtype=np.int64)
    dims = [int(d) for d in spec.split("x")]
    return rng.standard_normal(dims).astype(np.float32)


def write_case(packages, out, name, package, path, specs):
    case = os.path.join(out, name)
    data, scratch = os.path.join(case, "test_data_set_0"), os.path.join(case, SCRATCH)
    os.makedirs(data, exist_ok=True)
    os.makedirs(scratch, exist_ok=True)
    model = os.path.join(case, "model.onnx")
    if os.path.lexists(model):
        os.remove(model)
    os.symlink(os.path.abspath(os.path.join(packages, package, path)), model)
    graph = onnx.load(model).graph
    initialized = {t.name for t in graph.initializer}
    names = [i.name for i in graph.input if i.name not in initialized]
    given = dict(s.split("=", 1) for s in specs)
    if sorted(given) != sorted(names):
        sys.exit(f"{name}: models.txt gives inputs {sorted(given)}, the model has {sorted(names)}")
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    meta = {"inputs": [], "outputs": [o.name for o in graph.output]}
    for k, iname in enumerate(names):
        arr = make_input(iname, given[iname], rng)
        with open(os.path.join(data, f"input_{k}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(arr, iname).SerializeToString())
        arr.astype(arr.dtype.newbyteorder("<")).tofile(os.path.join(scratch, f"input_{k}.bin"))
        meta["inputs"].append({"name": iname, "dtype": str(arr.dtype), "dims": list(arr.shape),
                               "file": f"input_{k}.bin"})
    with open(os.path.join(scratch, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)


DTYPES = {"float32": np.float32, "float64": np.float64, "int64": np.int64, "int32": np.int32, "bool": np.bool_}


def pack(case):
    scratch = os.path.join(case, SCRATCH)
    with open(os.path.join(scratch, "ort_outputs.json")) as f:
        outputs = json.load(f)
    for k, o in enumerate(outputs):
        arr = np.fromfile(os.path.join(scratch, o["file"]), dtype=np.dtype(DTYPES[o["dtype"]]).newbyteorder("<"))
        arr = arr.reshape(o["dims"]).astype(DTYPES[o["dtype"]])
        with open(os.path.join(case, "test_data_set_0", f"output_{k}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(arr, o["name"]).SerializeToString())


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "--pack":
        for case in sys.argv[2:]:
            pack(case)
        return
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    for name, package, path, specs in read_models():
        write_case(sys.argv[1], sys.argv[2], name, package, path, specs)


if __name__ == "__main__":
    main()
