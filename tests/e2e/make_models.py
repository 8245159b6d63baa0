#!/usr/bin/python3
"""Generate the dlc end-to-end model fixtures.

Each model is written in the ONNX backend-test layout:

    OUTDIR/<name>/model.onnx
    OUTDIR/<name>/test_data_set_0/input_K.pb     (onnx.TensorProto, named after graph input K)
    OUTDIR/<name>/test_data_set_0/output_K.pb    (written by --pack, from ONNX Runtime)

Two steps, because the reference outputs come from ONNX Runtime (node binding):

  1. make_models.py [--only NAME]... OUTDIR
       exports every model (torch, random weights seeded with torch.manual_seed(0),
       opset 13, batch 1, fixed shapes, do_constant_folding=False), writes input_K.pb,
       and leaves a scratch folder OUTDIR/<name>/_ort/ with the inputs as raw
       little-endian .bin files + meta.json (for ort_reference.js) and the
       PyTorch outputs (torch_output_K.npy, used as a cross-check).
  2. node ort_reference.js OUTDIR/<name>     -> _ort/ort_output_K.bin + ort_outputs.json
  3. make_models.py --pack OUTDIR/<name>...
       turns the ORT outputs into output_K.pb, checks them against PyTorch,
       and deletes _ort/.

regenerate.sh runs all three. Needs only python3-torch, python3-torchvision,
python3-onnx and numpy; never downloads anything (weights=None everywhere).
"""

import argparse
import json
import os
import shutil
import sys

import numpy as np

OPSET = 13
SCRATCH = "_ort"


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

def _randomize_batchnorm(model, torch):
    """Random BN statistics/affine params: with torchvision's default init
    (mean 0, var 1, gamma 1, beta 0) BatchNorm would be an identity and a
    broken BN implementation would go unnoticed."""
    g = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            c = m.num_features
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(c, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(c, generator=g) + 0.5)
                m.weight.copy_(torch.rand(c, generator=g) + 0.5)
                m.bias.copy_(torch.randn(c, generator=g) * 0.1)


def _vision(ctor):
    def build(torch, rng):
        import torchvision.models as tvm
        model = getattr(tvm, ctor)(weights=None)
        _randomize_batchnorm(model, torch)
        x = rng.standard_normal((1, 3, 224, 224)).astype(np.float32)
        return model, [("input", x)], ["output"]
    return build


def build_transformer(torch, rng):
    nn = torch.nn
    vocab, dim, seq, classes = 1000, 64, 16, 4

    class TextClassifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok = nn.Embedding(vocab, dim)
            self.pos = nn.Parameter(torch.randn(1, seq, dim) * 0.1)
            layer = nn.TransformerEncoderLayer(d_model=dim, nhead=4, dim_feedforward=128,
                                               dropout=0.0, batch_first=True)
            self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
            self.head = nn.Linear(dim, classes)

        def forward(self, tokens):
            x = self.tok(tokens) + self.pos
            x = self.encoder(x)
            return self.head(x.mean(dim=1))

    model = TextClassifier()
    tokens = rng.integers(0, vocab, size=(1, seq), dtype=np.int64)
    return model, [("tokens", tokens)], ["logits"]


def build_lstm(torch, rng):
    nn = torch.nn

    class Forecaster(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(input_size=4, hidden_size=32, num_layers=2, batch_first=True)
            self.head = nn.Linear(32, 1)

        def forward(self, x):
            y, _ = self.lstm(x)
            return self.head(y[:, -1, :])

    x = rng.standard_normal((1, 24, 4)).astype(np.float32)
    return Forecaster(), [("series", x)], ["forecast"]


def build_gru(torch, rng):
    nn = torch.nn

    class BiGRUClassifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(input_size=8, hidden_size=16, num_layers=1,
                              batch_first=True, bidirectional=True)
            self.head = nn.Linear(64, 3)

        def forward(self, x):
            y, h = self.gru(x)              # y (1, 20, 32): both directions, all steps
                                            # h (2, 1, 16): last state of each direction
            # Uses both GRU outputs (Y and Y_h). With fixed shapes torch 1.13 turns
            # h.size(1) into a constant, so this Reshape's shape is Constant ->
            # Unsqueeze -> Concat; the Shape -> Gather -> Unsqueeze -> Concat -> Expand
            # chain comes from the exporter's zero initial state.
            last = h.transpose(0, 1).reshape(h.size(1), -1)
            return self.head(torch.cat([y.mean(dim=1), last], dim=1))

    x = rng.standard_normal((1, 20, 8)).astype(np.float32)
    return BiGRUClassifier(), [("sequence", x)], ["logits"]


def build_function_blocks(torch, rng):
    """Two residual blocks exported as ONNX local functions (FunctionProto,
    export_modules_as_functions; opset 15, the first torch exports them
    at), one of them calling another (LayerNorm): dlc inlines them."""
    class Block(torch.nn.Module):
        def __init__(self, d):
            super().__init__()
            self.fc = torch.nn.Linear(d, d)
            self.norm = torch.nn.LayerNorm(d)

        def forward(self, x):
            return self.norm(torch.nn.functional.gelu(self.fc(x)) + x)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.b1, self.b2, self.head = Block(24), Block(24), torch.nn.Linear(24, 5)

        def forward(self, x):
            return self.head(self.b2(self.b1(x)))

    x = rng.standard_normal((3, 24)).astype(np.float32)
    export = {"opset_version": 15, "export_modules_as_functions": {Block, torch.nn.LayerNorm}}
    return Net(), [("features", x)], ["scores"], export


# name -> builder; order = generation order (small first). A builder returns
# (model, inputs, output names) and may add a dict of torch.onnx.export
# options that replace the defaults.
MODELS = {
    "function_blocks": build_function_blocks,
    "lstm_forecaster": build_lstm,
    "gru_classifier": build_gru,
    "transformer_classifier": build_transformer,
    "squeezenet1_1": _vision("squeezenet1_1"),
    "mobilenet_v2": _vision("mobilenet_v2"),
    "resnet18": _vision("resnet18"),
    "alexnet": _vision("alexnet"),
}


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------

def _model_seed(name):
    # stable per-model seed so --only NAME gives the same files as a full run
    return sum((i + 1) * ord(c) for i, c in enumerate(name)) % (2 ** 31)


def generate(name, outdir):
    import onnx
    import torch
    from onnx import numpy_helper

    mdir = os.path.join(outdir, name)
    ddir = os.path.join(mdir, "test_data_set_0")
    sdir = os.path.join(mdir, SCRATCH)
    if os.path.isdir(mdir):
        shutil.rmtree(mdir)
    os.makedirs(ddir)
    os.makedirs(sdir)

    torch.manual_seed(0)
    rng = np.random.default_rng(_model_seed(name))
    model, inputs, output_names, *options = MODELS[name](torch, rng)
    export = {"opset_version": OPSET}
    export.update(options[0] if options else {})
    model.eval()

    args = tuple(torch.from_numpy(a) for _, a in inputs)
    path = os.path.join(mdir, "model.onnx")
    # Export with autograd enabled: under no_grad, nn.TransformerEncoderLayer (torch 1.13)
    # takes its fused "fast path" (aten::_transformer_encoder_layer_fwd), which has no
    # ONNX export.
    torch.onnx.export(model, args, path,
                      **export,
                      do_constant_folding=False,
                      input_names=[n for n, _ in inputs],
                      output_names=output_names,
                      # PRESERVE (the model is in eval mode) rather than EVAL: EVAL runs
                      # torch's "eval peephole" that folds BatchNorm into Conv; we want
                      # BatchNormalization nodes in the graph (as in most published ONNX
                      # models) so dlc's own Conv+BN folding and BN kernel are exercised.
                      training=torch.onnx.TrainingMode.PRESERVE)
    with torch.no_grad():
        ref = model(*args)
    if not isinstance(ref, (tuple, list)):
        ref = (ref,)

    m = onnx.load(path)
    onnx.checker.check_model(m)
    assert bool(m.functions) == ("export_modules_as_functions" in export), name
    graph_inputs = [i.name for i in m.graph.input]
    assert graph_inputs == [n for n, _ in inputs], (graph_inputs, inputs)
    assert [o.name for o in m.graph.output] == output_names

    meta = {"inputs": [], "outputs": output_names}
    for k, (iname, arr) in enumerate(inputs):
        arr = np.ascontiguousarray(arr)
        t = numpy_helper.from_array(arr, iname)
        with open(os.path.join(ddir, "input_%d.pb" % k), "wb") as f:
            f.write(t.SerializeToString())
        fname = "input_%d.bin" % k
        arr.astype(arr.dtype.newbyteorder("<")).tofile(os.path.join(sdir, fname))
        meta["inputs"].append({"name": iname, "dtype": str(arr.dtype),
                               "dims": list(arr.shape), "file": fname})
    for k, r in enumerate(ref):
        np.save(os.path.join(sdir, "torch_output_%d.npy" % k), r.detach().numpy())
    with open(os.path.join(sdir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)

    ops = {}
    for n in m.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    print("%-24s %8.2f MB  %d nodes  ops: %s" % (
        name, os.path.getsize(path) / 1e6, len(m.graph.node),
        " ".join("%s:%d" % kv for kv in sorted(ops.items()))))


DTYPES = {"float32": np.float32, "float64": np.float64, "int64": np.int64,
          "int32": np.int32, "bool": np.bool_}


def pack(mdir, rtol, atol):
    """_ort/ort_output_K.bin (+ ort_outputs.json) -> test_data_set_0/output_K.pb"""
    from onnx import numpy_helper

    sdir = os.path.join(mdir, SCRATCH)
    with open(os.path.join(sdir, "ort_outputs.json")) as f:
        outs = json.load(f)
    ok = True
    for k, o in enumerate(outs):
        dt = np.dtype(DTYPES[o["dtype"]]).newbyteorder("<")
        arr = np.fromfile(os.path.join(sdir, o["file"]), dtype=dt).reshape(o["dims"])
        arr = arr.astype(arr.dtype.newbyteorder("="))
        t = numpy_helper.from_array(arr, o["name"])
        with open(os.path.join(mdir, "test_data_set_0", "output_%d.pb" % k), "wb") as f:
            f.write(t.SerializeToString())
        tref = np.load(os.path.join(sdir, "torch_output_%d.npy" % k))
        if tref.shape != arr.shape or not np.allclose(arr, tref, rtol=rtol, atol=atol):
            diff = np.max(np.abs(arr.astype(np.float64) - tref)) if tref.shape == arr.shape else "shape"
            print("%s: output %d (%s): ONNX Runtime and PyTorch disagree (max abs diff %s)"
                  % (mdir, k, o["name"], diff), file=sys.stderr)
            ok = False
        else:
            print("%-40s output_%d %-10s %s max|x|=%.3g  |ort-torch|<=%.2g" % (
                mdir, k, o["name"], list(arr.shape), float(np.max(np.abs(arr))),
                float(np.max(np.abs(arr.astype(np.float64) - tref)))))
    if ok:
        shutil.rmtree(sdir)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", action="append", metavar="NAME",
                    help="generate only this model (repeatable); one of: " + ", ".join(MODELS))
    ap.add_argument("--list", action="store_true", help="print the model names and exit")
    ap.add_argument("--pack", action="store_true",
                    help="arguments are model folders: convert ONNX Runtime outputs to output_K.pb")
    ap.add_argument("--rtol", type=float, default=1e-3)
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("paths", nargs="*", metavar="OUTDIR")
    a = ap.parse_args()

    if a.list:
        print("\n".join(MODELS))
        return 0
    if a.pack:
        if not a.paths:
            ap.error("--pack needs model folders")
        return 0 if all([pack(p, a.rtol, a.atol) for p in a.paths]) else 1
    if len(a.paths) != 1:
        ap.error("exactly one OUTDIR")
    names = a.only or list(MODELS)
    for n in names:
        if n not in MODELS:
            ap.error("unknown model %r (known: %s)" % (n, ", ".join(MODELS)))
    for n in names:
        generate(n, a.paths[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
