#!/bin/bash
# live_measure.sh - client-level live capture numbers, system libpcap vs
# wpcap, side by side (a measurement, not a test: nothing here asserts).
# tcpreplay (system libpcap) blasts a `wpcap gen` file out of a veth end;
# Debian's tcpdump captures the peer end with `-w /dev/null` on either
# library; reported: frames sent, tcpdump's captured/received/dropped and
# its CPU time (user+sys) per captured frame.
# Usage (root): live_measure.sh [BUILD_DIR] [LOOPS] [BUFFER_KIB] [ROUNDS]
set -u
B=${1:-/work/main/build-cl}
LOOPS=${2:-10}
BUF=${3:-2048}
ROUNDS=${4:-3}
NS=wpcap-cl-$$-measure
T=$(mktemp -d /tmp/wpcap-cl-measure-XXXXXX)
cleanup() { ip netns del "$NS-a" 2>/dev/null; ip netns del "$NS-b" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

ip netns add "$NS-a" && ip netns add "$NS-b" || exit 1
ip link add cla netns "$NS-a" type veth peer name clb netns "$NS-b" || exit 1
for n in a b; do
  ip netns exec "$NS-$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  ip -n "$NS-$n" link set lo up
done
ip -n "$NS-a" link set cla up && ip -n "$NS-b" link set clb up
for _ in $(seq 100); do ip -n "$NS-b" link show clb | grep -q 'state UP' && break; sleep 0.05; done

"$B/wpcap" gen --seed 11 -n 20000 -o "$T/in.pcap" >/dev/null 2>&1 || exit 1

run() {  # $1 = system|wpcap
  local env=(env -u LD_LIBRARY_PATH)
  [ "$1" = wpcap ] && env=(env LD_LIBRARY_PATH="$B")
  ip netns exec "$NS-b" "${env[@]}" /usr/bin/time -f "cpu %U %S" \
    timeout -s INT 20 tcpdump -i clb -Q in -B "$BUF" -w /dev/null >"$T/td.out" 2>"$T/td.err" &
  local tpid=$!
  for _ in $(seq 200); do grep -q "listening on" "$T/td.err" && break; sleep 0.02; done
  ip netns exec "$NS-a" timeout 60 tcpreplay -q -i cla -t -K --loop "$LOOPS" "$T/in.pcap" >"$T/rp.out" 2>&1
  local sent
  sent=$(grep -o 'Actual: [0-9]*' "$T/rp.out" | grep -o '[0-9]*')
  sleep "${SETTLE:-2}"  # > the 1 s block-retire timer: the last ring block is delivered
  pkill -INT -P "$tpid" timeout 2>/dev/null  # only the timeout child of our /usr/bin/time
  wait "$tpid"
  local cap rcv drp u s
  cap=$(grep -o '^[0-9]* packets captured' "$T/td.err" | grep -o '^[0-9]*')
  rcv=$(grep -o '^[0-9]* packets received by filter' "$T/td.err" | grep -o '^[0-9]*')
  drp=$(grep -o '^[0-9]* packets dropped by kernel' "$T/td.err" | grep -o '^[0-9]*')
  read -r _ u s < <(grep '^cpu' "$T/td.err")
  awk -v lib="$1" -v sent="$sent" -v cap="$cap" -v rcv="$rcv" -v drp="$drp" -v u="$u" -v s="$s" 'BEGIN {
    printf "%-7s sent %8d  captured %8d  received %8d  dropped %7d  cpu %5.2fs  %6.0f ns/frame\n",
           lib, sent, cap, rcv, drp, u + s, (cap > 0 ? (u + s) * 1e9 / cap : 0) }'
}

echo "tcpdump -i clb -Q in -B $BUF -w /dev/null; tcpreplay -t -K --loop $LOOPS of 20000 frames"
for r in $(seq "$ROUNDS"); do
  run system
  run wpcap
done
