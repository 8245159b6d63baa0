#!/bin/sh
# Regenerate dlc's end-to-end model fixtures (see README.md).
#
#   tests/e2e/regenerate.sh [--only NAME]... [OUTDIR]
#
# OUTDIR defaults to tests/e2e/models. Exports every model with PyTorch, then
# computes the reference outputs with ONNX Runtime (onnxruntime-node, CPU).
# Installs nothing system-wide: it only checks the prerequisites, and runs
# `npm ci --ignore-scripts` in tests/e2e/ if node_modules is missing.
#
# Environment: PYTHON (default /usr/bin/python3), NODE (default node), NPM (default npm).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
NODE=${NODE:-node}
NPM=${NPM:-npm}

die() { echo "regenerate.sh: $*" >&2; exit 1; }

ONLY=""
OUTDIR=""
while [ $# -gt 0 ]; do
    case "$1" in
        --only) [ $# -ge 2 ] || die "--only needs a model name"; ONLY="$ONLY --only $2"; shift 2 ;;
        --only=*) ONLY="$ONLY --only ${1#--only=}"; shift ;;
        -h|--help) sed -n "2,11p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1 (try --help)" ;;
        *) [ -z "$OUTDIR" ] || die "only one OUTDIR"; OUTDIR=$1; shift ;;
    esac
done
OUTDIR=${OUTDIR:-$HERE/models}

# ---- prerequisites -------------------------------------------------------
command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found (set PYTHON=...)"
"$PYTHON" - <<'EOF' || die "the python above lacks a module: on Debian/Ubuntu, apt-get install python3-torch python3-torchvision python3-onnx python3-numpy"
import sys
missing = []
for mod in ("numpy", "torch", "torchvision", "onnx"):
    try:
        __import__(mod)
    except Exception as e:
        missing.append("%s (%s)" % (mod, e))
if missing:
    sys.stderr.write("missing python modules: %s\n" % ", ".join(missing))
    sys.exit(1)
EOF
command -v "$NODE" >/dev/null 2>&1 || die "node not found (Node.js >= 16 needed for onnxruntime-node; set NODE=...)"
NODE_MAJOR=$("$NODE" -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 16 ] || die "node $("$NODE" --version) is too old, onnxruntime-node needs >= 16"

if [ ! -d "$HERE/node_modules/onnxruntime-node" ]; then
    command -v "$NPM" >/dev/null 2>&1 || die "npm not found and $HERE/node_modules is missing"
    echo "regenerate.sh: installing onnxruntime-node into $HERE/node_modules (npm ci --ignore-scripts)"
    # --ignore-scripts: the CPU binding ships in the package; the install script only
    # fetches optional GPU providers.
    (cd "$HERE" && "$NPM" ci --ignore-scripts --no-audit --no-fund) ||
        die "npm ci failed (needs access to the npm registry)"
fi
(cd "$HERE" && "$NODE" -e 'require("onnxruntime-node")') ||
    die "onnxruntime-node does not load; delete $HERE/node_modules and rerun"

# ---- generate -------------------------------------------------------------
mkdir -p "$OUTDIR"
[ -n "$ONLY" ] || rm -f "$OUTDIR/.complete"
OUTDIR=$(cd "$OUTDIR" && pwd)
# shellcheck disable=SC2086  # $ONLY is a list of words on purpose
if [ -n "$ONLY" ]; then NAMES=$(echo $ONLY | sed 's/--only //g'); else NAMES=$("$PYTHON" "$HERE/make_models.py" --list); fi

echo "== exporting models (PyTorch) into $OUTDIR"
# shellcheck disable=SC2086
"$PYTHON" -W ignore "$HERE/make_models.py" $ONLY "$OUTDIR"

DIRS=""
for n in $NAMES; do DIRS="$DIRS $OUTDIR/$n"; done
echo "== reference outputs (ONNX Runtime, CPU)"
# shellcheck disable=SC2086
"$NODE" "$HERE/ort_reference.js" $DIRS
# shellcheck disable=SC2086
"$PYTHON" "$HERE/make_models.py" --pack $DIRS
# tests/run_all.sh regenerates when models/.complete is missing (it is not committed),
# so a fresh checkout gets the big models made once.
[ -n "$ONLY" ] || touch "$OUTDIR/.complete"
echo "== done: $(echo "$NAMES" | wc -w) models in $OUTDIR"
