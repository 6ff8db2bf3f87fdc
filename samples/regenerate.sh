#!/bin/sh
# samples/regenerate.sh - rebuild samples/sample.pcap with the project's own
# generator (deterministic: the same bytes every time).
#   usage: samples/regenerate.sh [WPCAP_BINARY [OUTPUT]]
# Defaults: build/wpcap and samples/sample.pcap. tests/tools/cli_test.cc runs
# this script and checks the output is byte-identical to the shipped file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
wpcap=${1:-"$here/../build/wpcap"}
out=${2:-"$here/sample.pcap"}
exec "$wpcap" gen -n 300 --seed 99 --format pcap -o "$out"
