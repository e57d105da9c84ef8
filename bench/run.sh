#!/usr/bin/env bash
# Builds envlint in release mode and runs every benchmark (see bench/bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
python3 bench/bench.py "$@"
