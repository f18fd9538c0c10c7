#!/usr/bin/env bash
# Re-creates capture-le.pcapng: a real dumpcap capture between two private network namespaces, with a capture
# comment, a capture filter (if_filter), a snap length that truncates the larger frames, the ISB dumpcap writes
# when it stops, and a Decryption Secrets Block that editcap injects (a block type our readers do not interpret).
# Run as root; it changes nothing outside the two namespaces it creates and removes. The committed files are the
# golden ones: re-running gives other timestamps, ports and noise frames, so the tests that pin frames must follow.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
a=pfx-golden-a
b=pfx-golden-b
work="$(mktemp -d)"
cleanup() {
  [ -n "${dumpcap_pid:-}" ] && kill "$dumpcap_pid" 2>/dev/null || true
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$a"
ip netns add "$b"
ip -n "$a" link add veth0 type veth peer name veth0 netns "$b"
for ns in "$a" "$b"; do
  # No router solicitations or autoconfiguration: only the traffic below (and MLD reports) on the wire.
  ip netns exec "$ns" sysctl -q -w net.ipv6.conf.veth0.accept_ra=0 net.ipv6.conf.veth0.router_solicitations=0 \
    net.ipv6.conf.veth0.autoconf=0
  ip -n "$ns" link set lo up
done
ip -n "$a" link set veth0 address 02:00:00:00:00:0a
ip -n "$b" link set veth0 address 02:00:00:00:00:0b
ip -n "$a" addr add 192.0.2.1/24 dev veth0
ip -n "$b" addr add 192.0.2.2/24 dev veth0
ip -n "$a" addr add 2001:db8::1/64 dev veth0 nodad
ip -n "$b" addr add 2001:db8::2/64 dev veth0 nodad
ip -n "$a" link set veth0 up
ip -n "$b" link set veth0 up
sleep 1

# In b: a DNS responder on UDP 53 (one A answer) and a TCP server on 8080 that answers "hello" with "world".
cat >"$work/server.py" <<'PY'
import socket, struct, threading
def dns():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("192.0.2.2", 53))
    q, peer = s.recvfrom(512)
    flags = struct.pack("!H", 0x8180)
    answer = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + bytes([192, 0, 2, 53])
    s.sendto(q[:2] + flags + q[4:6] + struct.pack("!HHH", 1, 0, 0) + q[12:] + answer, peer)
def tcp(family, address):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, 8080))
    s.listen(1)
    c, _ = s.accept()
    c.recv(16)
    c.sendall(b"world")
    c.close()
threads = [threading.Thread(target=dns), threading.Thread(target=tcp, args=(socket.AF_INET, "192.0.2.2")),
           threading.Thread(target=tcp, args=(socket.AF_INET6, "2001:db8::2"))]
for t in threads: t.start()
print("ready", flush=True)
for t in threads: t.join()
PY
cat >"$work/client.py" <<'PY'
import socket, struct
q = struct.pack("!HHHHHH", 0x1a2b, 0x0100, 1, 0, 0, 0) + b"\x07example\x04test\x00" + struct.pack("!HH", 1, 1)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(5)
u.sendto(q, ("192.0.2.2", 53))
u.recvfrom(512)
for family, address in ((socket.AF_INET, "192.0.2.2"), (socket.AF_INET6, "2001:db8::2")):
    t = socket.create_connection((address, 8080), timeout=5)
    t.sendall(b"hello")
    t.recv(16)
    t.close()
# Nobody listens on UDP 9: b answers with ICMP port unreachable.
u.sendto(b"x", ("192.0.2.2", 9))
PY
ip netns exec "$b" python3 -u "$work/server.py" >"$work/server.out" &
server_pid=$!
until grep -q ready "$work/server.out"; do sleep 0.1; done

ip netns exec "$a" dumpcap -q -i veth0 -s 96 -f "ip or ip6 or arp" -w "$work/raw.pcapng" \
  --capture-comment "Packetflix golden capture: veth between two test namespaces" 2>"$work/dumpcap.err" &
dumpcap_pid=$!
until grep -q "Capturing on" "$work/dumpcap.err"; do sleep 0.1; done
sleep 1
ip netns exec "$a" busybox ping -q -c 1 -W 5 192.0.2.2 >/dev/null
ip netns exec "$a" busybox ping6 -q -c 1 -W 5 2001:db8::2 >/dev/null
ip netns exec "$a" python3 "$work/client.py"
wait "$server_pid"
server_pid=
sleep 1
kill -INT "$dumpcap_pid"
wait "$dumpcap_pid" || true
dumpcap_pid=

# editcap writes the DSB right after the SHB and keeps dumpcap's SHB and IDB options, but (4.0) drops the ISB:
# dumpcap's ISB is appended again as it was written.
printf 'CLIENT_RANDOM %064d %096d\n' 0 0 >"$work/keylog.txt"
editcap --inject-secrets "tls,$work/keylog.txt" "$work/raw.pcapng" "$here/capture-le.pcapng"
python3 - "$work/raw.pcapng" "$here/capture-le.pcapng" <<'PY'
import struct, sys
raw = open(sys.argv[1], "rb").read()
at, isbs = 0, b""
while at < len(raw):
    kind, length = struct.unpack_from("<II", raw, at)
    if kind == 5:
        isbs += raw[at:at + length]
    at += length
assert isbs, "dumpcap wrote no ISB"
open(sys.argv[2], "ab").write(isbs)
PY
python3 "$here/to-big-endian.py" "$here/capture-le.pcapng" "$here/capture-be.pcapng"
capinfos "$here/capture-le.pcapng"
tshark -r "$here/capture-le.pcapng" | cat
