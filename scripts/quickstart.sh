#!/bin/bash
# Quick start: installs dependencies, builds dlc, compiles the example
# forecaster model to C and runs the program that embeds it.
set -eu
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
make -C build -j"$(nproc)" --no-print-directory dlc example_forecast
echo
echo "== build/dlc examples/forecast/forecast.onnx -o build/examples/forecast/forecast_model.c --name forecast"
build/dlc examples/forecast/forecast.onnx -o build/examples/forecast/forecast_model.c --name forecast --stats
echo "== running the example program"
build/examples/example_forecast
