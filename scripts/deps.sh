#!/usr/bin/env bash
# deps.sh - installs the Debian packages wpcap needs to build, test and
# compare against the system libpcap (only those missing). Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  build-essential cmake g++ pkg-config         # toolchain
  clang libclang-rt-14-dev                     # libFuzzer + sanitizer runtimes (fuzz targets)
  libgtest-dev libgmock-dev                    # unit tests
  libbenchmark-dev                             # bench/
  libxbyak-dev                                 # x86-64 code emission for the BPF JIT (header-only)
  libpcap0.8 libpcap0.8-dev                    # the oracle: Debian's libpcap, and its headers for ABI checks
  tcpdump                                      # real client in differential tests
  tshark tcpreplay nmap                        # real clients (dumpcap, tcpreplay, nmap) in live-capture tests
  iproute2                                     # network namespaces and veth pairs for integration tests
  python3                                      # small test drivers
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
