#!/usr/bin/env bash
# Builds envlint in release mode and runs every benchmark (bench/bench.py does both).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 bench/bench.py "$@"
