#!/usr/bin/env bash
# fuzz.sh BUILD_DIR SECONDS - runs every libFuzzer target in BUILD_DIR/fuzz
# for SECONDS each, starting from its seed corpus tests/fuzz/corpus/<name>/
# (copied, so the repository is not changed). Any crash, leak or timeout
# fails the run; the crashing input is kept in BUILD_DIR/fuzz-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
seconds=${2:-30}
mkdir -p "$build/fuzz-artifacts"
status=0
for bin in "$build"/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  work=$(mktemp -d)
  if [ -d "tests/fuzz/corpus/$name" ]; then cp -r "tests/fuzz/corpus/$name/." "$work/"; fi
  echo "fuzz: $name for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -artifact_prefix="$build/fuzz-artifacts/$name-" -print_final_stats=0 "$work" >"$build/fuzz-artifacts/$name.log" 2>&1; then
    echo "fuzz: $name FAILED (see $build/fuzz-artifacts/$name.log)"; tail -40 "$build/fuzz-artifacts/$name.log"
    status=1
  fi
  rm -rf "$work"
done
exit $status
