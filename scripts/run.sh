#!/usr/bin/env bash
# run.sh - the main job on a built-in default: builds wpcap and prints the
# shipped sample capture (samples/sample.pcap) with `wpcap read`.
# Extra arguments are passed to `wpcap read` in place of the sample.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target wpcap_tool pcap_dropin >/dev/null
if [ $# -eq 0 ]; then set -- samples/sample.pcap; fi
exec ./build/wpcap read "$@"
