#!/bin/bash
# dlc's generated code against ONNX Runtime, same models, same machine, same run.
#
#   bash bench/run.sh [--runs N] [--threads T] [--warmup W] [--dlc PATH] [--write] [--keep] MODEL_DIR...
#
# Each MODEL_DIR holds model.onnx and test_data_set_0/input_K.pb (the layout of
# tests/e2e/models/<name>/; make those with tests/e2e/regenerate.sh). Per model,
# one after the other: dlc compiles it (--name model), $CC $CFLAGS builds the C
# with bench/timer.c and the timer runs it; then bench/ort_time.js runs ONNX
# Runtime on the same model and inputs. Both do W warm-up runs and N timed runs
# (default 1 and 20) and report the median and the minimum. The outputs of both
# are compared (|dlc - ORT| <= 1e-4 + 1e-3 |ORT|) so a wrong kernel cannot post a
# good time. Prints a markdown table; --write also saves it to bench/results.md.
#
# Options: --runs N, --threads T (ORT's intraOpNumThreads, default 1; dlc's code
# is single-threaded), --warmup W, --dlc PATH (default build/dlc), --write,
# --keep (keep the scratch folder). Environment: CC (gcc), CFLAGS (-O3
# -march=native), PYTHON (/usr/bin/python3, with onnx and numpy), NODE (node).
# Exit status 1 if some model failed to compile, run or match ORT (its row says so).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
CC=${CC:-gcc}
CFLAGS=${CFLAGS:--O3 -march=native}
PYTHON=${PYTHON:-/usr/bin/python3}
NODE=${NODE:-node}
DLC=$ROOT/build/dlc
RUNS=20
THREADS=1
WARMUP=1
WRITE=0
KEEP=0

die() { echo "run.sh: $*" >&2; exit 2; }

DIRS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) [ $# -ge 2 ] || die "--runs needs a number"; RUNS=$2; shift 2 ;;
        --threads) [ $# -ge 2 ] || die "--threads needs a number"; THREADS=$2; shift 2 ;;
        --warmup) [ $# -ge 2 ] || die "--warmup needs a number"; WARMUP=$2; shift 2 ;;
        --dlc) [ $# -ge 2 ] || die "--dlc needs a path"; DLC=$2; shift 2 ;;
        --write) WRITE=1; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n "2,20p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1 (try --help)" ;;
        *) DIRS+=("$1"); shift ;;
    esac
done
[ ${#DIRS[@]} -gt 0 ] || die "no MODEL_DIR given (try --help)"
for v in "$RUNS" "$THREADS" "$WARMUP"; do
    case "$v" in ''|*[!0-9]*) die "--runs, --threads and --warmup take whole numbers" ;; esac
done
{ [ "$RUNS" -ge 1 ] && [ "$THREADS" -ge 1 ]; } || die "--runs and --threads must be at least 1"
[ -x "$DLC" ] || die "$DLC not found: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && make -C build -j2 dlc (or --dlc PATH)"
command -v "$CC" >/dev/null || die "no C compiler $CC (set CC=...)"
command -v "$NODE" >/dev/null || die "node not found (set NODE=...)"
"$PYTHON" -c 'import onnx, numpy' 2>/dev/null || die "$PYTHON lacks onnx or numpy (set PYTHON=...)"
(cd "$BENCH" && "$NODE" -e 'require(require.resolve("onnxruntime-node", {paths: [".", "../tests/e2e"]}))') 2>/dev/null ||
    die "onnxruntime-node does not load: run tests/e2e/regenerate.sh, or npm install --ignore-scripts onnxruntime-node in bench/"
[ "$THREADS" -eq 1 ] || echo "run.sh: note: --threads $THREADS applies to ORT only; dlc's generated code runs on one thread" >&2

WORK=$(mktemp -d /tmp/dlc-bench-XXXXXX)
if [ "$KEEP" -eq 1 ]; then echo "run.sh: scratch folder $WORK" >&2; else trap 'rm -rf "$WORK"' EXIT; fi

# Converts test_data_set_0/input_K.pb to raw little-endian files + meta.json
# (read by ort_time.js), and output_K.pb to raw files with their dtype (for the
# check). Prints the raw input files, in order, one per line.
prepare() { # MODEL_DIR OUT_DIR
    "$PYTHON" - "$1" "$2" <<'PY'
import glob, json, os, re, sys
import numpy as np
from onnx import TensorProto, numpy_helper
src, dst = sys.argv[1], sys.argv[2]
def cases(kind):
    files = glob.glob(os.path.join(src, "test_data_set_0", kind + "_*.pb"))
    return sorted(files, key=lambda f: int(re.search(r"_(\d+)\.pb$", f).group(1)))
meta = {"inputs": [], "outputs": []}
for kind in ("input", "output"):
    for k, f in enumerate(cases(kind)):
        t = TensorProto()
        with open(f, "rb") as fh:
            t.ParseFromString(fh.read())
        a = np.ascontiguousarray(numpy_helper.to_array(t))
        raw = os.path.join(dst, "%s_%d.bin" % (kind, k))
        a.astype(a.dtype.newbyteorder("<"), copy=False).tofile(raw)
        meta[kind + "s"].append({"name": t.name, "elem_type": t.data_type, "dims": list(a.shape),
                                 "dtype": str(a.dtype), "file": raw})
if not meta["inputs"]:
    sys.exit("no test_data_set_0/input_*.pb in %s" % src)
with open(os.path.join(dst, "meta.json"), "w") as fh:
    json.dump(meta, fh, indent=1)
for i in meta["inputs"]:
    print(i["file"])
PY
}

# Compares dlc's and ORT's outputs; prints the largest |dlc - ORT| and "ok" or "MISMATCH".
check() { # OUT_DIR
    "$PYTHON" - "$1" <<'PY'
import json, os, sys
import numpy as np
d = sys.argv[1]
meta = json.load(open(os.path.join(d, "meta.json")))
worst, ok = 0.0, True
for k, o in enumerate(meta["outputs"]):
    dt = np.dtype(o["dtype"])
    a = np.fromfile(os.path.join(d, "dlc_out_%d.bin" % k), dtype=dt).astype(np.float64)
    b = np.fromfile(os.path.join(d, "ort_out_%d.bin" % k), dtype=dt).astype(np.float64)
    if a.shape != b.shape:
        print("size-differs MISMATCH"); sys.exit(0)
    if a.size:
        diff = np.abs(a - b)
        worst = max(worst, float(np.nanmax(diff)) if not np.isnan(diff).all() else float("nan"))
        if not np.all((diff <= 1e-4 + 1e-3 * np.abs(b)) | (np.isnan(a) & np.isnan(b))):
            ok = False
print("%.1e %s" % (worst, "ok" if ok else "MISMATCH"))
PY
}

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; } # field NAME < "a=1 NAME=2 ..."

START=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD0=$(cut -d' ' -f1 /proc/loadavg)
ROWS=()
FAILED=0
ORT_VERSION="?"
for dir in "${DIRS[@]}"; do
    dir=${dir%/}
    name=$(basename "$dir")
    w=$WORK/$name
    mkdir -p "$w"
    row() { ROWS+=("| $name | $1 |"); }
    if [ ! -f "$dir/model.onnx" ]; then
        echo "run.sh: $dir: no model.onnx" >&2; row "no model.onnx | | | | |"; FAILED=1; continue
    fi
    echo "== $name" >&2
    if ! inputs=$(prepare "$dir" "$w" 2>"$w/prepare.err"); then
        echo "run.sh: $name: $(tail -1 "$w/prepare.err")" >&2; row "bad test data | | | | |"; FAILED=1; continue
    fi
    mapfile -t INPUTS <<<"$inputs"

    # dlc: compile the model, build it with the timer, time it
    if ! "$DLC" "$dir/model.onnx" -o "$w/model.c" --name model 2>"$w/dlc.err"; then
        echo "run.sh: $name: $(tail -1 "$w/dlc.err")" >&2; row "dlc failed | | | | |"; FAILED=1; continue
    fi
    # shellcheck disable=SC2086  # CFLAGS is a list of words
    if ! $CC $CFLAGS -I"$w" "$w/model.c" "$BENCH/timer.c" -o "$w/timer" -lm 2>"$w/cc.err"; then
        echo "run.sh: $name: $CC failed: $(head -1 "$w/cc.err")" >&2; row "C build failed | | | | |"; FAILED=1; continue
    fi
    if ! d=$("$w/timer" -w "$WARMUP" -n "$RUNS" -o "$w/dlc_out_" "${INPUTS[@]}" 2>"$w/timer.err"); then
        echo "run.sh: $name: timer: $(tail -1 "$w/timer.err")" >&2; row "dlc run failed | | | | |"; FAILED=1; continue
    fi
    echo "   dlc  $d" >&2

    # ONNX Runtime right after, same inputs
    if ! o=$("$NODE" "$BENCH/ort_time.js" --threads "$THREADS" --runs "$RUNS" --warmup "$WARMUP" \
               --out "$w/ort_out_" "$dir/model.onnx" "$w/meta.json" 2>"$w/ort.err"); then
        echo "run.sh: $name: ORT: $(tail -1 "$w/ort.err")" >&2
        row "$(echo "$d" | field median_ms) | ORT failed | | $(echo "$d" | field min_ms) | |"; FAILED=1; continue
    fi
    echo "   ORT  $o" >&2
    ORT_VERSION=$(echo "$o" | field ort)

    c=$(check "$w")
    case "$c" in *MISMATCH*) FAILED=1 ;; esac
    dmed=$(echo "$d" | field median_ms); dmin=$(echo "$d" | field min_ms)
    omed=$(echo "$o" | field median_ms); omin=$(echo "$o" | field min_ms)
    ratio=$(awk -v o="$omed" -v d="$dmed" 'BEGIN { printf "%.2f", o / d }')
    fmt() { awk -v x="$1" 'BEGIN { printf (x < 1 ? "%.3f" : x < 100 ? "%.2f" : "%.1f"), x }'; }
    row "$(fmt "$dmed") | $(fmt "$omed") | $ratio | $(fmt "$dmin") | $(fmt "$omin") | $c"
done

CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?)
DIRTY=""
if git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q .; then DIRTY=" (modified)"; fi
{
    echo "$("$DLC" --version 2>&1 | head -1) at $COMMIT$DIRTY, $CC $CFLAGS ($("$CC" --version | head -1));"
    echo "ONNX Runtime $ORT_VERSION (onnxruntime-node, CPU EP, graphOptimizationLevel all, intraOpNumThreads $THREADS);"
    echo "$START, ${CPU:-unknown CPU}, $(nproc) cores, 1-minute load average $LOAD0 at the start, $(cut -d' ' -f1 /proc/loadavg) at the end."
    echo "$WARMUP warm-up + $RUNS timed runs each; ratio = ORT median / dlc median (> 1: dlc is faster)."
    echo
    echo "| model | dlc median ms | ORT median ms | ratio ORT/dlc | dlc min ms | ORT min ms | max abs(dlc-ORT) |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${ROWS[@]}"
} >"$WORK/table.md"
cat "$WORK/table.md"
if [ "$WRITE" -eq 1 ]; then
    {
        echo "# Benchmark results"
        echo
        echo "Written by \`bench/run.sh --write\` (see README.md for what is measured)."
        echo "Command: \`bash bench/run.sh --runs $RUNS --threads $THREADS --warmup $WARMUP --write$(printf ' %s' "${DIRS[@]#"$ROOT"/}")\`"
        echo
        cat "$WORK/table.md"
    } >"$BENCH/results.md"
    echo "run.sh: wrote $BENCH/results.md" >&2
fi
exit "$FAILED"
