#!/usr/bin/env bash
# Capture throughput on a veth pair between two network namespaces this script creates: trafgen offers 60-byte
# UDP frames at each rate, and tcpdump, dumpcap piped into cat (upstream Packetflix's design) and Packetflix
# (WebSocket client reading the stream) each capture the same load in turn. Prints offered rate, captured,
# dropped and the ratios against the reference tools measured in this same run.
# Counts, each by the tool's own definition:
# - offered: rx_packets + tx_packets delta of the capturing veth over the receiver's whole lifetime (a capture
#   sees both directions, and the kernel answers the UDP frames with a few rate-limited ICMP port-unreachables);
# - tcpdump: "N packets captured" (packets tcpdump received and processed) and "N packets dropped by kernel"
#   (tcpdump(8));
# - dumpcap: "Packets received/dropped on interface 'X': R/D": R is the packets dumpcap captured (the same number
#   as its "Packets captured: N" line; the trailing percentage is R / (R + D)), D the drops (pcap + dumpcap + flushed);
# - packetflix: EPBs the client received, and isb_osdrop plus the slow-client drops from the last ISB.
# The run fails (exit 3) when a count is negative, loss exceeds 100 % or a receiver captured more than was offered:
# such a figure comes from a broken measurement, not from the tool.
# Usage: sudo bench/capture/run.sh [seconds-per-run] [rate ...]   rates as trafgen -b takes them (e.g. 100000pps), or "max"
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
secs="${1:-6}"
shift || true
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(50000pps 100000pps 200000pps max)

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
for tool in trafgen tcpdump dumpcap; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install netsniff-ng tcpdump tshark)" >&2; exit 1; }
done

out="$root/.build/bench"
echo "building..." >&2
dotnet publish "$root/src/Packetflix.Server/Packetflix.Server.csproj" -c Release -o "$out/server" --nologo -v quiet >&2
dotnet publish "$root/bench/capture/Packetflix.Bench.Capture.csproj" -c Release -o "$out/client" --nologo -v quiet >&2

a="pfb-a-$$"; b="pfb-b-$$"; tmp="$(mktemp -d)"; server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$a"; ip netns add "$b"
ip link add "pfbv$$" type veth peer name "pfbw$$"
ip link set "pfbv$$" netns "$a"; ip link set "pfbw$$" netns "$b"
ip -n "$a" link set "pfbv$$" name eth0; ip -n "$b" link set "pfbw$$" name eth0
ip -n "$a" addr add 10.233.0.1/24 dev eth0; ip -n "$b" addr add 10.233.0.2/24 dev eth0
for ns in "$a" "$b"; do
  # No IPv6: no router solicitations or MLD reports of a freshly-upped link mixed into the counts.
  ip netns exec "$ns" sysctl -q -w net.ipv6.conf.eth0.disable_ipv6=1 net.ipv6.conf.lo.disable_ipv6=1
  ip -n "$ns" link set eth0 up; ip -n "$ns" link set lo up
done
mac_a=$(ip -n "$a" -o link show eth0 | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
mac_b=$(ip -n "$b" -o link show eth0 | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
inode_b=$(stat -L -c %i "/run/netns/$b")
cat > "$tmp/udp.cfg" <<CFG
{ eth(da=$mac_b, sa=$mac_a), ipv4(saddr=10.233.0.1, daddr=10.233.0.2, ttl=64), udp(sp=4000, dp=9), fill(0x41, 18) }
CFG

: > "$tmp/server.log"
"$out/server/packetflix" --port 0 --listen 127.0.0.1 > "$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q 'listening on' "$tmp/server.log" && break; sleep 0.2; done
url=$(grep -o 'listening on http://[0-9.:]*' "$tmp/server.log" | head -1 | cut -d' ' -f3)
[ -n "$url" ] || { cat "$tmp/server.log"; exit 1; }

frames() { # every frame that crossed b's eth0, either way
  ip netns exec "$b" sh -c 'echo $(( $(cat /sys/class/net/eth0/statistics/rx_packets) + $(cat /sys/class/net/eth0/statistics/tx_packets) ))'
}

generate() { # rate
  local args=(-o eth0 -i "$tmp/udp.cfg" -P 1 -q)
  [ "$1" = max ] || args+=(-b "$1")
  ip netns exec "$a" timeout -s INT "$secs" trafgen "${args[@]}" >/dev/null 2>&1 || true
}

measure() { # tool rate -> "offered captured dropped"
  local tool="$1" rate="$2" before after captured dropped pid line
  before=$(frames)
  case "$tool" in
    tcpdump)
      ip netns exec "$b" tcpdump -i eth0 -w /dev/null -q 2> "$tmp/t.err" & pid=$! ;;
    dumpcap-pipe)
      # ip netns exec execs dumpcap, so $! is dumpcap itself; its stdout is a pipe into cat, as upstream runs it.
      ip netns exec "$b" dumpcap -i eth0 -w - 2> "$tmp/t.err" > >(cat > /dev/null) & pid=$! ;;
    packetflix)
      "$out/client/pf-bench-client" "ws://${url#http://}/capture?netns=$inode_b&nif=eth0" $((secs + 5)) > "$tmp/t.out" & pid=$! ;;
  esac
  sleep 1.5
  generate "$rate"
  case "$tool" in
    tcpdump)
      sleep 1; kill -INT "$pid"; wait "$pid" || true
      captured=$(grep -o '^[0-9]* packets captured' "$tmp/t.err" | cut -d' ' -f1)
      dropped=$(grep -o '^[0-9]* packets dropped by kernel' "$tmp/t.err" | cut -d' ' -f1) ;;
    dumpcap-pipe)
      sleep 1; kill -INT "$pid"; wait "$pid" || true
      line=$(grep -o "received/dropped on interface 'eth0': [0-9]*/[0-9]*" "$tmp/t.err" | tail -1 | cut -d' ' -f5)
      captured=${line%/*}; dropped=${line#*/} ;;
    packetflix)
      wait "$pid" || true
      line=$(cat "$tmp/t.out")
      captured=$(echo "$line" | grep -o 'packets=[0-9]*' | cut -d= -f2)
      dropped=$(( $(echo "$line" | grep -o 'isb_osdrop=[0-9]*' | cut -d= -f2) + $(echo "$line" | grep -o 'slow_client_drops=[0-9]*' | cut -d= -f2) )) ;;
  esac
  after=$(frames)
  [ -n "$captured" ] && [ -n "$dropped" ] || {
    echo "$tool: no final statistics in its output:" >&2; cat "$tmp/t.err" "$tmp/t.out" >&2 2>/dev/null; exit 3; }
  echo "$((after - before)) $captured $dropped"
}

insane() { # tool rate offered captured dropped loss -> message on stderr and exit 3 when a figure cannot be true
  local why=""
  [ "$3" -ge 0 ] && [ "$4" -ge 0 ] && [ "$5" -ge 0 ] || why="a negative count"
  [ -z "$why" ] && awk -v l="$6" 'BEGIN { exit !(l > 100) }' && why="loss above 100 %"
  [ -z "$why" ] && [ "$4" -gt "$3" ] && why="more captured than offered"
  [ -z "$why" ] && return 0
  echo "broken measurement: $1 at $2 reports $why (offered $3, captured $4, dropped $5, loss $6 %)" >&2
  exit 3
}

printf '%-9s %-13s %12s %10s %10s %9s %7s %9s\n' rate receiver offered_pps offered captured dropped loss% captured%
for rate in "${rates[@]}"; do
  declare -A cap=()
  for tool in tcpdump dumpcap-pipe packetflix; do
    # Not `read < <(measure)`: measure's exit 3 must end the run, so its output goes through a file.
    measure "$tool" "$rate" > "$tmp/m.out"
    read -r offered captured dropped < "$tmp/m.out"
    total=$((captured + dropped))
    loss=$(awk -v d="$dropped" -v t="$total" 'BEGIN { printf "%.1f", t ? 100 * d / t : 0 }')
    share=$(awk -v c="$captured" -v o="$offered" 'BEGIN { printf "%.1f", o ? 100 * c / o : 0 }')
    insane "$tool" "$rate" "$offered" "$captured" "$dropped" "$loss"
    printf '%-9s %-13s %12d %10d %10d %9d %7s %9s\n' "$rate" "$tool" $((offered / secs)) "$offered" "$captured" "$dropped" "$loss" "$share"
    cap[$tool]=$captured
  done
  awk -v p="${cap[packetflix]}" -v t="${cap[tcpdump]}" -v d="${cap[dumpcap-pipe]}" -v r="$rate" \
    'BEGIN { printf "%-9s ratio packetflix/tcpdump = %.2f, packetflix/dumpcap-pipe = %.2f\n", r, t ? p / t : 0, d ? p / d : 0 }'
done
