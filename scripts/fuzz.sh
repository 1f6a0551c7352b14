#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ in turn, SECONDS_PER_TARGET each (default 600), and
# prints one summary line per target: executions, executions per second, corpus size, findings.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]
#
# - Installs cargo-fuzz when it is missing (from crates.io).
# - Uses `cargo +nightly fuzz` (AddressSanitizer) when a nightly toolchain is installed, else the
#   stable toolchain with RUSTC_BOOTSTRAP=1 and `--sanitizer none` (panics, timeouts and
#   out-of-memory are still caught; memory errors in unsafe and C code are not).
# - One fuzzer at a time, under `nice -n 19`: an hour of fuzzing should not slow down the rest
#   of the machine. libFuzzer stops at its first crash, timeout or out-of-memory; it is started
#   again for the rest of the target's time, so one run reports every finding of its time. (Its
#   fork mode does this too, but its short jobs cost most of a 10-minute budget in restarts.)
# - Limits: -timeout=10 (seconds per input), -rss_limit_mb=2048, and -max_len=65536 bytes (a
#   large post's code block; longer inputs mostly measure how fast a parser walks a long line),
#   8192 for serve_path (a request path longer than a URL any browser sends is noise).
# - The working corpus grows in fuzz/corpus/TARGET (git-ignored), seeded from the committed
#   fuzz/seeds/TARGET; findings land in fuzz/artifacts/TARGET (git-ignored), logs in fuzz/logs/.
#   Reproduce one with `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-…`.
#
# The exit status is 1 when any target found a crash, timeout or out-of-memory.
set -euo pipefail

seconds=${1:-600}
cd "$(dirname "$0")/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz
fi

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    fuzz=(cargo +nightly fuzz)
    sanitizer=()
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
    sanitizer=(--sanitizer none)
fi

mkdir -p fuzz/logs
nice -n 19 "${fuzz[@]}" build "${sanitizer[@]}"

summary=()
found_any=0
for target in $("${fuzz[@]}" list); do
    max_len=65536
    [ "$target" = serve_path ] && max_len=8192
    corpus=fuzz/corpus/$target
    artifacts=fuzz/artifacts/$target
    log=fuzz/logs/$target.log
    mkdir -p "$corpus" "$artifacts"
    findings=0
    echo "fuzzing $target for ${seconds}s (log: $log)"
    : >"$log"
    started=$SECONDS
    while remaining=$((seconds - (SECONDS - started))) && [ "$remaining" -gt 0 ]; do
        status=0
        nice -n 19 "${fuzz[@]}" run "${sanitizer[@]}" "$target" "$corpus" "fuzz/seeds/$target" -- \
            -max_total_time="$remaining" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
            -print_final_stats=1 >"$log.run" 2>&1 || status=$?
        cat "$log.run" >>"$log"
        [ "$status" = 0 ] && break
        # A failure that saved no input is not a finding (a build error, say): stop.
        grep -q 'Test unit written to' "$log.run" || break
        findings=$((findings + 1))
    done
    rm -f "$log.run"
    elapsed=$((SECONDS - started))
    execs=$(awk '/^stat::number_of_executed_units/ { n += $NF } END { print n + 0 }' "$log")
    per_second=$((execs / (elapsed > 0 ? elapsed : 1)))
    corpus_size=$(find "$corpus" -type f | wc -l)
    # What the findings were: libFuzzer's and the sanitizer's summary lines, and panic locations.
    kinds=$(grep -oE '^SUMMARY: [A-Za-z]+: [a-z -]+|panicked at [^:]+:[0-9]+' "$log" |
        sed -E 's/^SUMMARY: //; s/ +$//' | sort | uniq -c |
        awk '{ n = $1; $1 = ""; printf "%s%s (%dx)", sep, substr($0, 2), n; sep = "; " }' || true)
    [ "$findings" -gt 0 ] && found_any=1
    summary+=("$(printf '%-13s execs=%-10s exec/s=%-6s corpus=%-6s findings=%-3s %s' \
        "$target" "$execs" "$per_second" "$corpus_size" "$findings" "$kinds")")
done

echo
printf '%s\n' "${summary[@]}"
exit "$found_any"
