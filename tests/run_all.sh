#!/bin/bash
# Builds dlc with AddressSanitizer and UndefinedBehaviorSanitizer and runs
# every test:
#   1. unit tests (Criterion, through ctest);
#   2. the ONNX backend conformance suites: ONNX 1.23's copy in ../shared
#      (node, pytorch-converted, pytorch-operator, simple and the 9 light
#      models) and ONNX 1.12's from Debian's libonnx-testdata, generated code
#      built with gcc -Wall -Wextra -Werror and ASan+UBSan;
#   3. the end-to-end models in tests/e2e (made by tests/e2e/regenerate.sh
#      when missing), compared with ONNX Runtime's outputs; the real
#      published models of tests/real (wake-word and voice-activity models
#      fetched from the npm registry); the fusion cases
#      of tests/fusion, with and without --no-fusion; code compiled with
#      --threads=4 run on 1 to 4 threads under ThreadSanitizer
#      (tests/threads/run.sh: bit-identical outputs, no race); the fusion
#      cases, the conv node cases and pytorch-converted once more with
#      -O3 -march=native (the AVX-512 or AVX2 kernels; the rest use the portable ones);
#   4. clang -std=c99 -Wall -Wextra -Werror on the generated code of the
#      smaller suites and the end-to-end models;
#   5. a Release build of dlc (gcc -O2 -Werror) and the example programs;
#   6. the benchmark harness on a tiny MLP (bench/selftest.sh, ~15 s: that
#      bench/run.sh measures, checks against ONNX Runtime and reports).
# Reports go to build-test/reports/. The last line sums every part.
#
# Every runner invocation (2, 3 and 4) gets --expect
# tests/conformance/expectations.txt, the expected result of each case
# (pass, unsupported or known-failure): a case expected to pass that fails or
# turns unsupported is a REGRESSION and fails the run; a case that newly
# passes, or is not listed, is reported and the file should be updated.
# DLC_UPDATE_EXPECTATIONS=1 bash tests/run_all.sh rewrites the file from the
# results of 2 and 3 (--update-expectations): commit it with the change that
# moved the cases, after reading its diff. The clang check (4) compares too
# (a case expected to pass must compile) but never rewrites the file.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${DLC_TEST_BUILD:-$ROOT/build-test}
JOBS=${DLC_TEST_JOBS:-$(nproc)}
SHARED=${DLC_BACKEND_TESTS:-$ROOT/../shared/onnx-backend-tests}
DEBIAN=/usr/share/libonnx-testdata/data
REPORTS=$BUILD/reports
EXPECT=$ROOT/tests/conformance/expectations.txt
UPDATE=()
[ "${DLC_UPDATE_EXPECTATIONS:-0}" = 1 ] && UPDATE=(--update-expectations)

passed=0 failed=0 skipped=0
tally() { # reads "...: N passed, N failed, N skipped" from a log
    local line
    line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
    if [ -z "$line" ]; then
        echo "run_all: $2 printed no totals; counting it as one failure"
        failed=$((failed + 1))
        return
    fi
    passed=$((passed + $(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/')))
    failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
    if echo "$line" | grep -q skipped; then
        skipped=$((skipped + $(echo "$line" | sed -E 's/.* ([0-9]+) skipped.*/\1/')))
    fi
}

echo "== building dlc with ASan+UBSan in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DDLC_SANITIZE=ON >/dev/null || exit 1
make -C "$BUILD" -j"$JOBS" --no-print-directory >"$BUILD/make.log" 2>&1 || { tail -30 "$BUILD/make.log"; exit 1; }
mkdir -p "$REPORTS"
RUNNER=$BUILD/tests/conformance/dlc-conformance

echo "== unit tests"
(cd "$BUILD" && ctest --output-on-failure -j"$JOBS") >"$REPORTS/unit.log" 2>&1
cat "$REPORTS/unit.log" | grep -E "tests passed|tests failed|Failed|\*\*\*" | head -20
unit_total=$(grep -oE 'out of [0-9]+' "$REPORTS/unit.log" | grep -oE '[0-9]+' | tail -1)
unit_failed=$(grep -oE '[0-9]+ tests failed' "$REPORTS/unit.log" | grep -oE '^[0-9]+' | tail -1)
unit_failed=${unit_failed:-0}
if [ -z "$unit_total" ]; then echo "run_all: ctest ran no test"; failed=$((failed + 1)); else
    passed=$((passed + unit_total - unit_failed)); failed=$((failed + unit_failed)); fi

echo "== ONNX backend conformance (generated code under ASan+UBSan)"
suites=()
if [ -d "$SHARED/node" ]; then
    for s in node pytorch-converted pytorch-operator simple; do suites+=("onnx-1.23/$s=$SHARED/$s"); done
else
    echo "run_all: $SHARED not found: the ONNX 1.23 suites are not run (set DLC_BACKEND_TESTS)"
fi
# The light models (model-zoo architectures with ConstantOfShape weights)
# come without input files: tests/light/make_cases.py writes the case folders.
if [ -d "$SHARED/light" ]; then
    if /usr/bin/python3 "$ROOT/tests/light/make_cases.py" "$SHARED/light" "$BUILD/light-cases" >"$REPORTS/light-cases.log" 2>&1
    then suites+=("onnx-1.23/light=$BUILD/light-cases")
    else echo "run_all: tests/light/make_cases.py failed:"; tail -5 "$REPORTS/light-cases.log"; failed=$((failed + 1)); fi
fi
if [ -d "$DEBIAN/node" ]; then
    for s in node pytorch-converted pytorch-operator simple; do suites+=("onnx-1.12/$s=$DEBIAN/$s"); done
else
    echo "run_all: $DEBIAN not found (package libonnx-testdata): the ONNX 1.12 suites are not run"
fi
"$RUNNER" --sanitize --jobs "$JOBS" --expect "$EXPECT" "${UPDATE[@]}" --report "$REPORTS/conformance.md" \
    "${suites[@]}" >"$REPORTS/conformance.log" 2>&1
grep -vE '^(pass|unsupported)' "$REPORTS/conformance.log" | tail -40
tally "$REPORTS/conformance.log" conformance

echo "== end-to-end models against ONNX Runtime"
if [ ! -f "$ROOT/tests/e2e/models/.complete" ] && [ -x "$ROOT/tests/e2e/regenerate.sh" ]; then
    "$ROOT/tests/e2e/regenerate.sh" >"$REPORTS/e2e-regenerate.log" 2>&1 ||
        { echo "run_all: tests/e2e/regenerate.sh failed:"; tail -20 "$REPORTS/e2e-regenerate.log"; }
fi
if [ -d "$ROOT/tests/e2e/models" ]; then
    "$RUNNER" --sanitize --jobs 1 --rtol 1e-3 --atol 1e-4 --expect "$EXPECT" "${UPDATE[@]}" --report "$REPORTS/e2e.md" \
        "e2e=$ROOT/tests/e2e/models" >"$REPORTS/e2e.log" 2>&1
    cat "$REPORTS/e2e.log" | tail -12
    tally "$REPORTS/e2e.log" e2e
else
    echo "run_all: no end-to-end models (tests/e2e/models missing)"; failed=$((failed + 1))
fi

echo "== real published models (tests/real: npm packages, pinned) against ONNX Runtime"
if bash "$ROOT/tests/real/run.sh" "$BUILD/real" >"$REPORTS/real-prepare.log" 2>&1; then
    "$RUNNER" --sanitize --jobs "$JOBS" --rtol 1e-3 --atol 1e-4 --expect "$EXPECT" "${UPDATE[@]}" \
        --report "$REPORTS/real.md" "real=$BUILD/real/cases" >"$REPORTS/real.log" 2>&1
    tail -3 "$REPORTS/real.log"
    tally "$REPORTS/real.log" real
else
    echo "run_all: tests/real/run.sh failed (it needs the npm registry):"; tail -5 "$REPORTS/real-prepare.log"
    failed=$((failed + 1))
fi

echo "== fusion cases (tests/fusion), fused and with --no-fusion, against their expected outputs"
for flags in "" "--no-fusion"; do
    log=$REPORTS/fusion${flags:+-unfused}.log
    "$RUNNER" --sanitize --jobs "$JOBS" --dlc-flags "$flags" "fusion=$ROOT/tests/fusion/cases" >"$log" 2>&1
    grep -vE '^(pass|unsupported)' "$log" | tail -4
    tally "$log" "fusion ${flags:-(fused)}"
done

# The suites above build the generated code for the baseline x86-64 ISA,
# i.e. its portable kernels; this one builds it with -O3 -march=native, as
# users and the benchmark do, so the AVX-512 (or AVX2) kernels this machine
# has run against the same references and the warnings gcc gives only at -O3
# fail the run: the fusion cases, the ONNX 1.23 node cases with "conv" in
# their name and the pytorch-converted models.
echo "== SIMD kernels: generated code built with -O3 -march=native (fusion cases, conv node cases, pytorch-converted)"
native=("fusion=$ROOT/tests/fusion/cases")
[ -d "$SHARED/pytorch-converted" ] && native+=("onnx-1.23/pytorch-converted=$SHARED/pytorch-converted")
"$RUNNER" --sanitize --jobs "$JOBS" --cflags "-std=c99 -O3 -march=native -Wall -Wextra -Werror" "${native[@]}" \
    >"$REPORTS/native.log" 2>&1
grep -vE '^(pass|unsupported)' "$REPORTS/native.log" | tail -4
tally "$REPORTS/native.log" native
if [ -d "$SHARED/node" ]; then
    "$RUNNER" --sanitize --jobs "$JOBS" --filter conv --expect "$EXPECT" \
        --cflags "-std=c99 -O3 -march=native -Wall -Wextra -Werror" "onnx-1.23/node=$SHARED/node" \
        >"$REPORTS/native-conv.log" 2>&1
    grep -vE '^(pass|unsupported)' "$REPORTS/native-conv.log" | grep -v 'listed cases not run' | tail -4
    tally "$REPORTS/native-conv.log" "native conv"
fi

echo "== --threads: 1 to 4 threads under ThreadSanitizer, outputs bit-identical (tests/threads/run.sh)"
bash "$ROOT/tests/threads/run.sh" "$BUILD/dlc" >"$REPORTS/threads.log" 2>&1
grep -v '^pass' "$REPORTS/threads.log" | tail -8
tally "$REPORTS/threads.log" threads

echo "== clang -std=c99 -Wall -Wextra -Werror on generated code"
if command -v clang >/dev/null; then
    clang_suites=()
    [ -d "$SHARED/simple" ] && clang_suites+=("onnx-1.23/simple=$SHARED/simple" "onnx-1.23/pytorch-converted=$SHARED/pytorch-converted")
    [ -d "$ROOT/tests/e2e/models" ] && clang_suites+=("e2e=$ROOT/tests/e2e/models")
    "$RUNNER" --compile-only --cc clang --jobs "$JOBS" --cflags "-std=c99 -O0 -Wall -Wextra -Werror" \
        --expect "$EXPECT" "${clang_suites[@]}" >"$REPORTS/clang.log" 2>&1
    grep -vE '^(pass|unsupported)' "$REPORTS/clang.log" | tail -12
    tally "$REPORTS/clang.log" clang
else
    echo "run_all: clang not installed: the clang check is not run"; failed=$((failed + 1))
fi

echo "== release build (gcc -O2 -Werror: warnings that only optimised builds see) and the examples"
RELEASE=$BUILD/release
examples="example_forecast example_shapes example_sentiment"
run_examples() { for e in $examples; do "$RELEASE/examples/$e" || return 1; done; }
# shellcheck disable=SC2086
if cmake -S "$ROOT" -B "$RELEASE" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
    make -C "$RELEASE" -j"$JOBS" --no-print-directory dlc $examples >"$REPORTS/release.log" 2>&1 &&
    run_examples >>"$REPORTS/release.log" 2>&1; then
    echo "release build and examples: pass"; passed=$((passed + 1))
else
    echo "release build or an example failed:"; tail -20 "$REPORTS/release.log"; failed=$((failed + 1))
fi

echo "== the benchmark harness (bench/selftest.sh)"
if [ -x "$RELEASE/dlc" ]; then
    bash "$ROOT/bench/selftest.sh" "$RELEASE/dlc" >"$REPORTS/bench-selftest.log" 2>&1
    grep -E '^(pass|FAIL) ' "$REPORTS/bench-selftest.log"
    tally "$REPORTS/bench-selftest.log" bench-selftest
else
    echo "run_all: no Release dlc: the benchmark harness is not checked"; failed=$((failed + 1))
fi

echo "reports: $REPORTS"
echo "all: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
