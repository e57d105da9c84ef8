#!/usr/bin/env bash
# Runs fuzz targets (default: all seven) for SECONDS each (default 660), two at a time,
# from the seed corpora (./seed.sh) and what earlier runs added. Needs a nightly
# toolchain and cargo-fuzz. Each run's libFuzzer output goes to logs/<target>.log; the
# last lines of each are printed at the end.
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-660}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fix dotenv docs compose ts ts_sliced rust)
[ -d corpus ] || ./seed.sh
mkdir -p logs
cargo +nightly fuzz build -O
run() {
    cargo +nightly fuzz run -O "$1" "corpus/$1" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -malloc_limit_mb=512 -print_final_stats=1 \
        >"logs/$1.log" 2>&1 && echo "$1: no crash" || echo "$1: FAILED (see logs/$1.log, artifacts/$1/)"
}
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    run "${targets[i]}" &
    [ -n "${targets[i + 1]:-}" ] && run "${targets[i + 1]}" &
    wait
done
for t in "${targets[@]}"; do
    echo "== $t"
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|panicked' "logs/$t.log" || true
    grep -E '^#[0-9]+' "logs/$t.log" | tail -1 || true
done
