#!/usr/bin/python3
"""Make the benchmark's models in bench/models/ (not committed: regenerated).

    /usr/bin/python3 bench/make_models.py [--only NAME]... [--missing] [--list] [--out DIR]

Each model is a folder in the layout bench/run.sh reads (that of
tests/e2e/models/<name>/): model.onnx, test_data_set_0/input_K.pb, and
test_data_set_0/output_K.pb computed by ONNX Runtime. The machinery is the
end-to-end fixtures' (tests/e2e/make_models.py: torch export at its fixed
opset, batch 1, fixed shapes, torch.manual_seed(0) random weights, random
BatchNorm statistics; then tests/e2e/ort_reference.js for the outputs), so the
seven models both lists share come out identical; this file adds the models
only the benchmark uses. Pretrained weights are not downloaded (weights=None):
timing does not depend on the weights' values.

--missing makes only the models whose folder has no output_0.pb yet (what
bench/run.sh --all calls); --list prints the model names in benchmark order.
Needs torch, torchvision, onnx, numpy, node and onnxruntime-node in
tests/e2e/node_modules (tests/e2e/regenerate.sh installs it).
"""

import argparse
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
E2E = os.path.join(HERE, "..", "tests", "e2e")
sys.path.insert(0, E2E)
import make_models as e2e  # noqa: E402  (tests/e2e/make_models.py)


def build_gpt_decoder(torch, rng):
    """A GPT-style causal decoder: 2 pre-norm blocks, 4 heads, hidden 256,
    64 tokens, GELU MLP (4x), causal mask added to the attention scores."""
    nn = torch.nn
    vocab, dim, heads, seq, layers = 1000, 256, 4, 64, 2

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
            self.qkv = nn.Linear(dim, 3 * dim)
            self.proj = nn.Linear(dim, dim)
            self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))
            mask = torch.full((seq, seq), float("-inf")).triu(1)
            self.register_buffer("mask", mask)

        def attention(self, x):
            q, k, v = self.qkv(x).split(dim, dim=2)
            shape = (1, seq, heads, dim // heads)
            q, k, v = (t.reshape(shape).transpose(1, 2) for t in (q, k, v))
            scores = q @ k.transpose(2, 3) / (dim // heads) ** 0.5 + self.mask
            y = scores.softmax(dim=-1) @ v
            return self.proj(y.transpose(1, 2).reshape(1, seq, dim))

        def forward(self, x):
            x = x + self.attention(self.ln1(x))
            return x + self.mlp(self.ln2(x))

    class Decoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok = nn.Embedding(vocab, dim)
            self.pos = nn.Parameter(torch.randn(1, seq, dim) * 0.1)
            self.blocks = nn.Sequential(*[Block() for _ in range(layers)])
            self.ln = nn.LayerNorm(dim)
            self.head = nn.Linear(dim, vocab, bias=False)

        def forward(self, tokens):
            return self.head(self.ln(self.blocks(self.tok(tokens) + self.pos)))

    tokens = rng.integers(0, vocab, size=(1, seq), dtype=np.int64)
    return Decoder(), [("tokens", tokens)], ["logits"]


def build_mlp(torch, rng):
    """784-256-128-10 at batch 1: Gemm+Relu twice, then Gemm."""
    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                          nn.Linear(128, 10))
    x = rng.standard_normal((1, 784)).astype(np.float32)
    return model, [("input", x)], ["logits"]


def build_mnist_cnn(torch, rng):
    """1x1x28x28: two (3x3 conv, Relu, 2x2 max pool), flatten, two Gemm."""
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),      # 32 x 13 x 13
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),     # 64 x 5 x 5
        nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))
    x = rng.standard_normal((1, 1, 28, 28)).astype(np.float32)
    return model, [("image", x)], ["logits"]


# name -> builder, in the order of the benchmark's table: the torchvision CNNs
# (224x224), then the sequence models, then the small ones.
MODELS = {
    "resnet18": e2e.MODELS["resnet18"],
    "resnet50": e2e._vision("resnet50"),
    "mobilenet_v2": e2e.MODELS["mobilenet_v2"],
    "squeezenet1_1": e2e.MODELS["squeezenet1_1"],
    "alexnet": e2e.MODELS["alexnet"],
    "efficientnet_b0": e2e._vision("efficientnet_b0"),
    "densenet121": e2e._vision("densenet121"),
    "transformer_classifier": e2e.MODELS["transformer_classifier"],
    "gpt_decoder": build_gpt_decoder,
    "lstm_forecaster": e2e.MODELS["lstm_forecaster"],
    "gru_classifier": e2e.MODELS["gru_classifier"],
    "mlp": build_mlp,
    "mnist_cnn": build_mnist_cnn,
}


def complete(outdir, name):
    return os.path.isfile(os.path.join(outdir, name, "test_data_set_0", "output_0.pb"))


def make(names, outdir):
    """Exports NAMES into OUTDIR, then their ONNX Runtime reference outputs."""
    e2e.MODELS.update(MODELS)  # e2e.generate looks builders up there
    for n in names:
        e2e.generate(n, outdir)
    dirs = [os.path.join(outdir, n) for n in names]
    node = os.environ.get("NODE", "node")
    subprocess.run([node, os.path.join(E2E, "ort_reference.js")] + dirs, check=True)
    return all([e2e.pack(d, 1e-3, pack_atol(d)) for d in dirs])


def pack_atol(mdir):
    """The absolute tolerance of the ORT-against-PyTorch check: 1e-4, or 1e-5
    of the largest output where that is more. Deep CNNs with random weights
    and BatchNorm statistics (resnet50) have outputs in the thousands, where
    float rounding in long sums reaches 1e-3 on the elements near zero."""
    scratch = os.path.join(mdir, e2e.SCRATCH)
    refs = [np.load(os.path.join(scratch, f)) for f in sorted(os.listdir(scratch))
            if f.startswith("torch_output_")]
    largest = max([float(np.max(np.abs(r))) for r in refs if r.size] or [0.0])
    return max(1e-4, 1e-5 * largest)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", action="append", metavar="NAME",
                    help="make only this model (repeatable); one of: " + ", ".join(MODELS))
    ap.add_argument("--missing", action="store_true", help="make only the models not made yet")
    ap.add_argument("--list", action="store_true", help="print the model names and exit")
    ap.add_argument("--out", default=os.path.join(HERE, "models"), help="default: bench/models")
    a = ap.parse_args()
    if a.list:
        print("\n".join(MODELS))
        return 0
    names = a.only or list(MODELS)
    for n in names:
        if n not in MODELS:
            ap.error("unknown model %r (known: %s)" % (n, ", ".join(MODELS)))
    if a.missing:
        names = [n for n in names if not complete(a.out, n)]
    if not names:
        return 0
    os.makedirs(a.out, exist_ok=True)
    return 0 if make(names, a.out) else 1


if __name__ == "__main__":
    sys.exit(main())
