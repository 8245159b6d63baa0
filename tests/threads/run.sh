#!/bin/bash
# Code compiled with dlc --threads=4, run with 1 to 4 threads under
# ThreadSanitizer: every output must be bit-identical to the 1-thread run,
# and TSan must report no race. Models: the end-to-end CNNs (the sgemm,
# Winograd and depthwise conv kernels split their work; the transformer's
# MatMuls, with weights packed at compile time, split their columns) and fusion cases with a residual or a BatchNormalization (a task
# per channel). One more build with --threads=1
# checks that NAME_set_num_threads and NAME_MAX_THREADS exist there too
# (DESIGN.md section 3.1: whenever --threads is given).
#
#   bash tests/threads/run.sh DLC [MODEL_DIR...]
#
# Prints one line per model and "threads: N passed, N failed, N skipped".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DLC=$1; shift
MODELS=("$@")
if [ ${#MODELS[@]} -eq 0 ]; then
    MODELS=("$ROOT/tests/fusion/cases/conv_residual_relu" "$ROOT/tests/fusion/cases/depthwise_stride2_residual_relu"
            "$ROOT/tests/fusion/cases/conv_large_relu" "$ROOT/tests/e2e/models/squeezenet1_1"
            "$ROOT/tests/e2e/models/mobilenet_v2" "$ROOT/tests/e2e/models/transformer_classifier"
            "$ROOT/tests/fusion/cases/batchnorm_relu")
fi
WORK=$(mktemp -d /tmp/dlc-threads-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0 skipped=0
run_one() { # MODEL_DIR MAX_THREADS NAME
    local m=$1 t=$2 name=$3 d=$WORK/$3
    if [ ! -f "$m/model.onnx" ]; then echo "skip $name: no model.onnx"; skipped=$((skipped + 1)); return; fi
    mkdir -p "$d"
    if "$DLC" "$m/model.onnx" -o "$d/model.c" --name model --threads="$t" 2>"$d/dlc.err" &&
        ${CC:-gcc} -O1 -g -fsanitize=thread -pthread -I"$d" "$d/model.c" "$ROOT/tests/threads/check_threads.c" \
            -lm -o "$d/check" 2>"$d/cc.err" &&
        TSAN_OPTIONS=halt_on_error=1 "$d/check" 1 >"$d/run.out" 2>&1; then
        echo "pass $name: $(tail -1 "$d/run.out")"; passed=$((passed + 1))
    else
        echo "FAIL $name:"; cat "$d/dlc.err" "$d/cc.err" "$d/run.out" 2>/dev/null | head -20; failed=$((failed + 1))
    fi
}
for m in "${MODELS[@]}"; do run_one "$m" 4 "$(basename "$m")"; done
[ $# -eq 0 ] && run_one "$ROOT/tests/fusion/cases/conv_residual_relu" 1 conv_residual_relu_threads1
echo "threads: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
