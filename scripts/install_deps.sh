#!/bin/bash
# Installs what dlc needs on Debian 12 and is missing: build tools, the
# ONNX reader's dependencies (protobuf-c, Debian's ONNX schema), Criterion,
# clang, the ONNX backend test data, and what makes the end-to-end test
# models (PyTorch, torchvision, onnx for Python; Node.js for ONNX Runtime),
# and gnuplot for the benchmark's chart (bench/run.sh).
set -eu
packages=(build-essential cmake clang libprotobuf-c-dev protobuf-c-compiler libonnx-dev
          libcriterion-dev libonnx-testdata python3-onnx python3-torch python3-torchvision
          python3-numpy nodejs npm gnuplot-nox)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from elsewhere than Debian's packages: accept any on PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for p in "${missing[@]}"; do [ "$p" = nodejs ] || [ "$p" = npm ] || filtered+=("$p"); done
    missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "install_deps: installing ${missing[*]}"
    SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install_deps: all dependencies present"
