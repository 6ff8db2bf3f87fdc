#!/usr/bin/env bash
# test.sh - the whole test suite, as CI runs it:
#   1. Release build, every GoogleTest/CTest test (unit, ABI, differential
#      against the system libpcap, real clients, integration in netns);
#   2. ASan+UBSan build of the same tests;
#   3. libFuzzer targets (clang) for a bounded time each over their corpora.
# Environment: WPCAP_SKIP_ASAN=1, WPCAP_SKIP_FUZZ=1 to skip stages;
# WPCAP_FUZZ_SECONDS (default 30) per fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
JOBS=$(nproc)

echo "== release build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DWPCAP_BUILD_BENCH=ON >/dev/null
cmake --build build -j"$JOBS"
ctest --test-dir build --output-on-failure -j"$JOBS"

if [ "${WPCAP_SKIP_ASAN:-0}" != 1 ]; then
  echo "== ASan+UBSan build and tests"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWPCAP_SANITIZE=ON -DWPCAP_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -j"$JOBS"
  # Tests that load a library into another program (dlmopen'd oracles, real
  # clients such as tcpdump/nmap on LD_LIBRARY_PATH) need an uninstrumented
  # library: they are labelled no_sanitize and run in the release build only.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$JOBS" -LE no_sanitize
fi

if [ "${WPCAP_SKIP_FUZZ:-0}" != 1 ]; then
  echo "== libFuzzer targets"
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWPCAP_FUZZ=ON \
    -DWPCAP_BUILD_TESTS=ON -DWPCAP_BUILD_BENCH=OFF >/dev/null
  cmake --build build-fuzz -j"$JOBS" --target fuzz_all
  scripts/fuzz.sh build-fuzz "${WPCAP_FUZZ_SECONDS:-30}"
fi
echo "== all tests passed"
