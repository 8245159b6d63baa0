#!/bin/bash
# Measures how long dlc and the C compilers take on ResNet-50 (about 100 MB
# of weights): exports torchvision's resnet50 (random weights, opset 13),
# compiles it with dlc, then with gcc -O2 and clang -O2.
#   bash bench/compile_time.sh [BUILD_DIR]      (default: build)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DLC=${1:-$ROOT/build}/dlc
WORK=$(mktemp -d /tmp/dlc-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 - "$WORK/resnet50.onnx" <<'PY' 2>/dev/null
import sys, torch, torchvision
torch.manual_seed(0)
m = torchvision.models.resnet50(weights=None).eval()
torch.onnx.export(m, torch.randn(1, 3, 224, 224), sys.argv[1], opset_version=13,
                  input_names=["input"], output_names=["logits"])
PY
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }'; }
echo "model:          $(du -h "$WORK/resnet50.onnx" | cut -f1) resnet50.onnx"
echo "dlc:            $(seconds "$DLC" "$WORK/resnet50.onnx" -o "$WORK/resnet50.c") s"
echo "generated C:    $(du -h "$WORK/resnet50.c" | cut -f1)"
echo "gcc -O2 -c:     $(seconds gcc -O2 -c "$WORK/resnet50.c" -o "$WORK/gcc.o") s"
if command -v clang >/dev/null; then
    echo "clang -O2 -c:   $(seconds clang -O2 -c "$WORK/resnet50.c" -o "$WORK/clang.o") s"
fi
