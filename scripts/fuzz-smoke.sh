#!/usr/bin/env bash
# Every fuzz target (fuzz/, issue 13) for a short run on the committed corpus plus CPython's
# email messages: about SECONDS_EACH seconds each (default 20), failing on the first crash, leak
# or input slower than 1 s. New inputs go to a temporary directory, never into the repository.
# The mutations start from a fixed seed (FUZZ_SEED, default 1) so that a test run does not fail
# by luck on a find unrelated to the change; long runs (below) explore without one.
#   scripts/fuzz-smoke.sh [TARGET...]          (SECONDS_EACH=20)
# Longer runs, growing the committed corpus:
#   cd fuzz && cargo +nightly fuzz run TARGET corpus/TARGET -- -dict=dict/mail.dict -timeout=1
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
SECONDS_EACH="${SECONDS_EACH:-20}"
if ! rustup toolchain list | grep -q '^nightly'; then
    echo "fuzz-smoke: the nightly toolchain is missing (cargo-fuzz needs it): rustup toolchain install nightly" >&2
    exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz-smoke: installing cargo-fuzz 0.13.2" >&2
    cargo install cargo-fuzz --locked --version 0.13.2 </dev/null
fi
python3 seeds.py --cpython >/dev/null
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
cargo +nightly fuzz build -O </dev/null
scratch="$(mktemp -d /tmp/jebi-fuzz-smoke-XXXXXX)"
mkdir -p artifacts
trap 'rm -rf "$scratch"' EXIT
for t in "${targets[@]}"; do
    mkdir -p "$scratch/$t"
    echo "fuzz-smoke: $t (${SECONDS_EACH} s)" >&2
    if ! cargo +nightly fuzz run -O "$t" "$scratch/$t" "corpus/$t" -- \
        -dict=dict/mail.dict -max_total_time="$SECONDS_EACH" -timeout=1 -rss_limit_mb=2048 \
        -seed="${FUZZ_SEED:-1}" \
        -print_final_stats=1 -artifact_prefix="artifacts/$t-" >"$scratch/$t.log" 2>&1; then
        # The panic message, without the stack frames.
        grep -v '^    #' "$scratch/$t.log" | grep -v '^ *[0-9]*: \|^ *at ' | tail -40 >&2
        echo "fuzz-smoke: FAILED: $t; the input is kept in fuzz/artifacts/ (reproduce with" \
             "cd fuzz && cargo +nightly fuzz run $t artifacts/$t-crash-...)" >&2
        exit 1
    fi
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$scratch/$t.log" | tr '\n' ' ' >&2
    echo >&2
done
echo "fuzz-smoke: ${#targets[@]} targets ran without a crash" >&2
