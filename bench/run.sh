#!/bin/bash
# dlc's generated code against ONNX Runtime, same models, same machine, same run.
#
#   bash bench/run.sh [options] --all | MODEL_DIR...
#
# --all: the benchmark's 13 models in bench/models/ (made first by
# bench/make_models.py --missing where absent). A MODEL_DIR holds model.onnx
# and test_data_set_0/input_K.pb (the layout of tests/e2e/models/<name>/).
# Per model: dlc compiles it (--name model --stats), $CC $CFLAGS compiles the C
# to an object (its sections give the code size) and links it with
# bench/timer.c; then for each thread count, ONNX Runtime (bench/ort_time.js)
# and right after it dlc's code are timed on the same inputs: warm-up, then
# runs until there are at least --runs of them filling at least --min-seconds.
# The outputs of both are compared (|dlc - ORT| <= 1e-4 + 1e-3 |ORT| +
# 1e-5 max|ORT|), so a wrong kernel cannot post a good time. bench/peak.c
# measures the machine's FP32 peak once at the start, bench/flops.py counts
# each model's FLOPs. Prints a markdown table; writes it, a CSV with every
# column and a PNG chart of the ratios (gnuplot) to the scratch folder, and
# with --write to bench/results.{md,csv,png} (--out DIR: to DIR/results.*).
#
# Options: --runs N (minimum runs, default 20), --min-seconds S (default 1),
# --threads T[,T...] (ORT's intraOpNumThreads, and dlc's when dlc has
# --threads; default 1), --warmup W (default 1), --dlc PATH (default
# build/dlc), --write, --out DIR, --keep (keep the scratch folder).
# Environment: CC (gcc), CFLAGS (-O3 -march=native), PYTHON (/usr/bin/python3,
# with onnx and numpy), NODE (node), GNUPLOT (gnuplot), PEAK_SECONDS (2).
# Exit status 1 if some model failed to compile, run or match ORT (its row says so).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
CC=${CC:-gcc}
CFLAGS=${CFLAGS:--O3 -march=native}
PYTHON=${PYTHON:-/usr/bin/python3}
NODE=${NODE:-node}
GNUPLOT=${GNUPLOT:-gnuplot}
PEAK_SECONDS=${PEAK_SECONDS:-2}
DLC=$ROOT/build/dlc
RUNS=20
MIN_SECONDS=1
THREADS_LIST=1
WARMUP=1
OUT_DIR=""
KEEP=0
ALL=0
ARGS="$*"

die() { echo "run.sh: $*" >&2; exit 2; }
whole() { case "$1" in ''|*[!0-9]*) die "$2 takes whole numbers, not '$1'" ;; esac; }

DIRS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) [ $# -ge 2 ] || die "--runs needs a number"; RUNS=$2; shift 2 ;;
        --min-seconds) [ $# -ge 2 ] || die "--min-seconds needs a number"; MIN_SECONDS=$2; shift 2 ;;
        --threads) [ $# -ge 2 ] || die "--threads needs a number"; THREADS_LIST=$2; shift 2 ;;
        --warmup) [ $# -ge 2 ] || die "--warmup needs a number"; WARMUP=$2; shift 2 ;;
        --dlc) [ $# -ge 2 ] || die "--dlc needs a path"; DLC=$2; shift 2 ;;
        --write) OUT_DIR=$BENCH; shift ;;
        --out) [ $# -ge 2 ] || die "--out needs a folder"; OUT_DIR=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --all) ALL=1; shift ;;
        -h|--help) sed -n "2,27p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1 (try --help)" ;;
        *) DIRS+=("$1"); shift ;;
    esac
done
IFS=, read -r -a THREADS <<<"$THREADS_LIST"
for v in "$RUNS" "$WARMUP" "${THREADS[@]}"; do whole "$v" "--runs, --warmup and --threads"; done
case "$MIN_SECONDS" in ''|*[!0-9.]*) die "--min-seconds takes a number of seconds" ;; esac
[ "$RUNS" -ge 1 ] || die "--runs must be at least 1"
for t in "${THREADS[@]}"; do [ "$t" -ge 1 ] || die "--threads must be at least 1"; done
[ -x "$DLC" ] || die "$DLC not found: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && make -C build -j2 dlc (or --dlc PATH)"
command -v "$CC" >/dev/null || die "no C compiler $CC (set CC=...)"
command -v "$NODE" >/dev/null || die "node not found (set NODE=...)"
"$PYTHON" -c 'import onnx, numpy' 2>/dev/null || die "$PYTHON lacks onnx or numpy (set PYTHON=...)"
(cd "$BENCH" && "$NODE" -e 'require(require.resolve("onnxruntime-node", {paths: [".", "../tests/e2e"]}))') 2>/dev/null ||
    die "onnxruntime-node does not load: run tests/e2e/regenerate.sh, or npm install --ignore-scripts onnxruntime-node in bench/"
if [ "$ALL" -eq 1 ]; then
    "$PYTHON" -W ignore "$BENCH/make_models.py" --missing >&2 || die "bench/make_models.py failed"
    for n in $("$PYTHON" "$BENCH/make_models.py" --list); do DIRS+=("$BENCH/models/$n"); done
fi
[ ${#DIRS[@]} -gt 0 ] || die "no MODEL_DIR given, and no --all (try --help)"

WORK=$(mktemp -d /tmp/dlc-bench-XXXXXX)
if [ "$KEEP" -eq 1 ]; then echo "run.sh: scratch folder $WORK" >&2; else trap 'rm -rf "$WORK"' EXIT; fi

# When dlc has --threads (its --help lists it), each model is compiled with it
# (--threads N, --threads=N or a bare --threads, as the help line shows) and
# the timer is built with -DDLC_BENCH_SET_THREADS=1, so it calls
# model_set_num_threads(T). Otherwise the generated code runs on one thread
# and the timer says so (threads=1 in its output, and in the table).
MAX_THREADS=$(printf '%s\n' "${THREADS[@]}" | sort -n | tail -1)
DLC_THREAD_ARGS=()
TIMER_DEFS=()
if line=$("$DLC" --help 2>&1 | grep -m1 -e '--threads'); then
    case "$line" in
        *--threads=[A-Z]* | *"--threads[=N]"*) DLC_THREAD_ARGS=("--threads=$MAX_THREADS") ;;
        *"--threads "[A-Z]*) DLC_THREAD_ARGS=(--threads "$MAX_THREADS") ;;
        *) DLC_THREAD_ARGS=(--threads) ;;
    esac
    TIMER_DEFS=(-DDLC_BENCH_SET_THREADS=1)
fi

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

# Compares dlc's and ORT's outputs; prints "max_diff=D check=ok" or "... check=MISMATCH".
# Tolerance per element: 1e-4 + 1e-3 |ORT| + 1e-5 max|ORT| (the last term for
# deep nets with random weights, whose outputs reach the thousands).
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
        print("max_diff=nan check=MISMATCH"); sys.exit(0)
    if a.size:
        diff = np.abs(a - b)
        worst = max(worst, float(np.nanmax(diff)) if not np.isnan(diff).all() else float("nan"))
        scale = float(np.nanmax(np.abs(b))) if not np.isnan(b).all() else 0.0
        if not np.all((diff <= 1e-4 + 1e-3 * np.abs(b) + 1e-5 * scale) | (np.isnan(a) & np.isnan(b))):
            ok = False
print("max_diff=%.1e check=%s" % (worst, "ok" if ok else "MISMATCH"))
PY
}

field() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p"; } # field NAME < "a=1 NAME=2 ..."
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# Sizes from `size -A` of the model's object: code (.text*) and read-only
# data (.rodata*, where the weights are). Prints "text_bytes=T rodata_bytes=R".
sections() { # OBJECT
    size -A "$1" | awk '$1 ~ /^\.text/ { t += $2 } $1 ~ /^\.(l)?rodata/ { r += $2 }
                        END { printf "text_bytes=%d rodata_bytes=%d", t, r }'
}

# Builds the model in $w: dlc, then the object, then the timer. Prints the
# build facts (sizes, compile times) as key=value; on failure, "status=...".
build_model() { # MODEL_DIR W
    local dir=$1 w=$2 t0 stats
    t0=$(date +%s.%N)
    if ! "$DLC" "$dir/model.onnx" -o "$w/model.c" --name model --stats "${DLC_THREAD_ARGS[@]}" 2>"$w/dlc.err"; then
        echo "run.sh: $(basename "$dir"): $(tail -1 "$w/dlc.err")" >&2; echo "status=dlc-failed"; return 1
    fi
    local dlc_s; dlc_s=$(seconds_since "$t0")
    stats=$(grep -m1 'arena' "$w/dlc.err" || true)
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086  # CFLAGS is a list of words
    if ! $CC $CFLAGS -c "$w/model.c" -o "$w/model.o" 2>"$w/cc.err" ||
       ! $CC $CFLAGS "${TIMER_DEFS[@]}" -I"$w" "$BENCH/timer.c" "$w/model.o" -o "$w/timer" -lm -pthread 2>>"$w/cc.err"; then
        echo "run.sh: $(basename "$dir"): $CC failed: $(head -1 "$w/cc.err")" >&2; echo "status=cc-failed"; return 1
    fi
    local cc_s; cc_s=$(seconds_since "$t0")
    echo "dlc_s=$dlc_s cc_s=$cc_s c_bytes=$(stat -c %s "$w/model.c") $(sections "$w/model.o")" \
         "arena_bytes=$(echo "$stats" | sed -n 's/.*arena \([0-9]*\) bytes.*/\1/p')" \
         "weights_bytes=$(echo "$stats" | sed -n 's/.*weights \([0-9]*\) bytes.*/\1/p')"
}

# Times ORT, then dlc's code, with T threads; prints their figures prefixed
# ort_ and dlc_, then the check, as key=value; on failure, "status=...".
time_pair() { # MODEL_DIR W T INPUT...
    local dir=$1 w=$2 t=$3 o d; shift 3
    if ! o=$("$NODE" "$BENCH/ort_time.js" --threads "$t" --runs "$RUNS" --min-seconds "$MIN_SECONDS" \
               --warmup "$WARMUP" --out "$w/ort_out_" "$dir/model.onnx" "$w/meta.json" 2>"$w/ort.err"); then
        echo "run.sh: $(basename "$dir"): ORT: $(tail -1 "$w/ort.err")" >&2; echo "status=ort-failed"; return 1
    fi
    echo "   ORT  T=$t $o" >&2
    if ! d=$("$w/timer" -w "$WARMUP" -n "$RUNS" -s "$MIN_SECONDS" -t "$t" -o "$w/dlc_out_" "$@" 2>"$w/timer.err"); then
        echo "run.sh: $(basename "$dir"): timer: $(tail -1 "$w/timer.err")" >&2
        echo "$o" | sed 's/\([a-z_0-9]*=\)/ort_\1/g'; echo "status=dlc-run-failed"; return 1
    fi
    echo "   dlc  T=$t $d" >&2
    echo "$o" | sed 's/\([a-z_0-9]*=\)/ort_\1/g'
    echo "$d" | sed 's/\([a-z_0-9]*=\)/dlc_\1/g'
    check "$w"
}

# One model: prepare, count, build, then time each thread count. Appends one
# record per thread count (key=value words on one line) to $WORK/records.txt.
bench_model() { # MODEL_DIR
    local dir=${1%/} name w inputs flops build t pair
    name=$(basename "$dir"); w=$WORK/$name
    mkdir -p "$w"
    echo "== $name" >&2
    record() { echo "model=$name $*" | tr '\n' ' ' >>"$WORK/records.txt"; echo >>"$WORK/records.txt"; }
    if [ ! -f "$dir/model.onnx" ]; then record "status=no-model.onnx"; return 1; fi
    if ! inputs=$(prepare "$dir" "$w" 2>"$w/prepare.err"); then
        echo "run.sh: $name: $(tail -1 "$w/prepare.err")" >&2; record "status=bad-test-data"; return 1
    fi
    local -a INPUTS; mapfile -t INPUTS <<<"$inputs"
    flops=$("$PYTHON" "$BENCH/flops.py" "$dir/model.onnx" 2>"$w/flops.err" || echo "flops=")
    if ! build=$(build_model "$dir" "$w"); then record "$build"; return 1; fi
    echo "   build $build" >&2
    local rc=0
    for t in "${THREADS[@]}"; do
        pair=$(time_pair "$dir" "$w" "$t" "${INPUTS[@]}") || rc=1
        case "$pair" in *MISMATCH*) rc=1 ;; esac
        record "threads=$t $flops $build $pair"
    done
    return $rc
}

# The machine's single-thread FP32 peak (bench/peak.c), once per run.
PEAK=""
# shellcheck disable=SC2086
if $CC $CFLAGS "$BENCH/peak.c" -o "$WORK/peak" 2>"$WORK/peak.err"; then
    PEAK=$("$WORK/peak" "$PEAK_SECONDS" || true)
    echo "run.sh: $PEAK" >&2
fi

START=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$WORK/records.txt"
FAILED=0
for dir in "${DIRS[@]}"; do bench_model "$dir" || FAILED=1; done

# What the report's header says about the machine and the versions.
DLC_DIR=$(cd "$(dirname "$DLC")" && pwd)
COMMIT=$(git -C "$DLC_DIR" rev-parse --short HEAD 2>/dev/null || echo "?")
if git -C "$DLC_DIR" status --porcelain --untracked-files=no 2>/dev/null | grep -q .; then COMMIT="$COMMIT (modified)"; fi
ORT_VERSION=$(field ort_ort <"$WORK/records.txt" | head -1)
{
    echo "start=$START"
    echo "end=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
    echo "cores=$(nproc)"
    echo "load_start=$LOAD0"
    echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "dlc=$("$DLC" --version 2>&1 | head -1), ${DLC#"$ROOT"/} built $(date -u -r "$DLC" '+%Y-%m-%d %H:%M UTC') in a checkout at $COMMIT"
    echo "dlc_threads_option=${DLC_THREAD_ARGS[*]:-none (generated code is single-threaded)}"
    echo "cc=$CC $CFLAGS ($("$CC" --version | head -1))"
    echo "ort=${ORT_VERSION:-?}"
    echo "peak=$PEAK"
    echo "runs=$RUNS"
    echo "min_seconds=$MIN_SECONDS"
    echo "warmup=$WARMUP"
    echo "command=bash bench/run.sh ${ARGS//$ROOT\//}"
} >"$WORK/machine.txt"
"$PYTHON" "$BENCH/report.py" --machine "$WORK/machine.txt" --records "$WORK/records.txt" \
    --out "$WORK/results" --gnuplot "$GNUPLOT"
if [ -n "$OUT_DIR" ]; then
    mkdir -p "$OUT_DIR"
    for ext in md csv png; do
        [ ! -f "$WORK/results.$ext" ] || cp "$WORK/results.$ext" "$OUT_DIR/results.$ext"
    done
    echo "run.sh: wrote ${OUT_DIR#"$ROOT"/}/results.md, results.csv$([ -f "$WORK/results.png" ] && echo ", results.png")" >&2
fi
exit "$FAILED"
