#!/usr/bin/env bash
# install_test.sh BUILD_DIR SRC_DIR - installs the build into a temporary
# prefix and builds a small pcap program three ways: pcap-config,
# pkg-config (libpcap.pc) and find_package(wpcap); each must run.
set -euo pipefail
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
for f in include/pcap.h include/pcap/pcap.h include/pcap/bpf.h include/pcap/dlt.h bin/pcap-config \
         lib/libpcap.so.0.8 lib/libpcap.so.1 lib/libwpcap.so lib/libwpcap.a lib/pkgconfig/libpcap.pc \
         lib/pkgconfig/wpcap.pc lib/cmake/wpcap/wpcapConfig.cmake; do
  [ -e "$tmp/prefix/$f" ] || { echo "missing installed file: $f"; exit 1; }
done
# SONAME of the drop-in.
objdump -p "$tmp/prefix/lib/libpcap.so.0.8" | grep -q 'SONAME *libpcap.so.0.8'

prog=$src/version_probe.c
export LD_LIBRARY_PATH="$tmp/prefix/lib"
# 1. pcap-config
cc -o "$tmp/p1" "$prog" $("$tmp/prefix/bin/pcap-config" --cflags) $("$tmp/prefix/bin/pcap-config" --libs)
"$tmp/p1" | grep -q wpcap
# 2. pkg-config
PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" cc -o "$tmp/p2" "$prog" \
  $(PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" pkg-config --cflags --libs libpcap)
"$tmp/p2" | grep -q wpcap
# 3. static archive
c++ -o "$tmp/p3" "$prog" -x none -I"$tmp/prefix/include" "$tmp/prefix/lib/libwpcap.a" -lpthread -ldl
LD_LIBRARY_PATH= "$tmp/p3" | grep -q wpcap
# 4. find_package(wpcap)
mkdir -p "$tmp/cm"
cat > "$tmp/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.25)
project(probe C)
find_package(wpcap REQUIRED)
add_executable(probe $prog)
target_link_libraries(probe wpcap::wpcap)
CM
cmake -S "$tmp/cm" -B "$tmp/cm/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cm/build" >/dev/null
"$tmp/cm/build/probe" | grep -q wpcap
echo "install test passed"
