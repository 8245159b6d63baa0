#!/bin/bash
# A quick check of the benchmark harness itself (not of anyone's speed), for
# tests/run_all.sh: checks bench/flops.py's count on a hand-built graph
# (bench/test_flops.py), then makes the MLP of bench/make_models.py in a
# scratch folder and runs bench/run.sh on it (3 runs, --threads 1,2) twice:
#   1. with dlc as it is: must exit 0, with two CSV rows whose check is ok,
#      a table and a chart;
#   2. with a stand-in dlc whose --help lists --threads N and whose generated
#      model_run adds 1 to its first output, with a model_set_num_threads that
#      does nothing: must exit 1 with MISMATCH in the table, and the timer
#      must report 2 threads in the T=2 row (the --threads plumbing).
# Prints "bench-selftest: N passed, M failed" (the tally tests/run_all.sh reads).
#
#   bash bench/selftest.sh DLC
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DLC=$(cd "$(dirname "${1:?usage: selftest.sh DLC}")" && pwd)/$(basename "$1")
WORK=$(mktemp -d /tmp/dlc-bench-selftest-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0
ok() { echo "pass $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }
finish() { echo "bench-selftest: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }
export PEAK_SECONDS=0.1

if /usr/bin/python3 "$ROOT/bench/test_flops.py"; then ok "flops.py counts a hand-checked graph"; else bad "flops.py"; fi

if ! /usr/bin/python3 -W ignore "$ROOT/bench/make_models.py" --only mlp --out "$WORK/models" >"$WORK/make.log" 2>&1; then
    tail -5 "$WORK/make.log"; bad "make_models.py --only mlp"; finish
fi
ok "make_models.py --only mlp"
run() { # NAME DLC -> exit status of run.sh; results in $WORK/NAME/
    bash "$ROOT/bench/run.sh" --runs 3 --min-seconds 0 --threads 1,2 --dlc "$2" --out "$WORK/$1" \
        "$WORK/models/mlp" >"$WORK/$1.log" 2>&1
}

run real "$DLC"; rc=$?
rows=$(grep -c '^mlp,' "$WORK/real/results.csv" 2>/dev/null)
oks=$(grep '^mlp,' "$WORK/real/results.csv" 2>/dev/null | grep -c ',ok,ok$')
if [ "$rc" -eq 0 ] && [ "$rows" = 2 ] && [ "$oks" = 2 ] && grep -q '^| mlp | 1 |' "$WORK/real/results.md"; then
    ok "run.sh with dlc: exit 0, 2 rows, outputs match ORT"
else
    tail -20 "$WORK/real.log"; bad "run.sh with dlc (exit $rc, $rows rows, $oks ok)"
fi
if command -v "${GNUPLOT:-gnuplot}" >/dev/null; then
    if [ -s "$WORK/real/results.png" ]; then ok "chart"; else bad "chart: no results.png"; fi
fi

# The stand-in dlc: the real one without its thread option (whatever form
# run.sh passes), then a wrong model_run and a thread setter.
cat >"$WORK/dlc" <<EOF
#!/bin/bash
if [ "\$1" = --help ]; then "$DLC" --help; echo "  --threads N   (stand-in)"; exit 0; fi
args=() out=
while [ \$# -gt 0 ]; do
    case "\$1" in
        --threads) shift 2 ;;
        --threads=*) shift ;;
        -o) out=\$2; args+=("\$1" "\$2"); shift 2 ;;
        *) args+=("\$1"); shift ;;
    esac
done
"$DLC" "\${args[@]}" || exit \$?
sed -i 's/^int model_run(/int model_run_real(/' "\$out"
cat >>"\$out" <<'C'
int model_run(const void *const inputs[], void *const outputs[])
{
    int rc = model_run_real(inputs, outputs);
    ((float *)outputs[0])[0] += 1.0f;
    return rc;
}
void model_set_num_threads(int n) { (void)n; }
C
EOF
chmod +x "$WORK/dlc"
run fake "$WORK/dlc"; rc=$?
if [ "$rc" -eq 1 ] && grep -q 'MISMATCH' "$WORK/fake/results.md"; then
    ok "a wrong output shows as MISMATCH, exit 1"
else
    tail -20 "$WORK/fake.log"; bad "a wrong output did not show (exit $rc)"
fi
# CSV columns 2-4: threads, ort_threads, dlc_threads
if grep -q '^mlp,2,2,2,' "$WORK/fake/results.csv" 2>/dev/null; then
    ok "dlc with --threads: the timer sets 2 threads"
else
    bad "dlc with --threads: the T=2 row has no dlc_threads=2"
fi
finish
