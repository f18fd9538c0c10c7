// dissect.js on every frame of the golden capture (real Ethernet frames: MLDv2, ARP, ICMP, ICMPv6 neighbour
// discovery and echo, DNS over UDP, TCP over IPv4 and IPv6, ICMP port unreachable). Addresses, ports, ids,
// sequence numbers and lengths were checked against tshark's reading of the same file; the wording is ours
// where it differs from Wireshark's (raw TCP sequence numbers and window, no request/response links).
import { test } from "node:test";
import assert from "node:assert/strict";
import { PcapngReader } from "../../../src/Packetflix.Server/wwwroot/ui/pcapng.js";
import { dnsSummary, ipv6Text, summarize } from "../../../src/Packetflix.Server/wwwroot/ui/dissect.js";
import { concat, golden, hex, readAll } from "./golden.mjs";

const LINKTYPE_ETHERNET = 1;

const packets = (name) => readAll(PcapngReader, golden(name)).filter((b) => b.type === "epb");
const row = (s) => [s.source, s.destination, s.protocol, s.info];

/** tshark -r capture-le.pcapng, frame by frame. */
const EXPECTED = [
  ["fe80::ff:fe00:b", "ff02::16", "ICMPv6", "Multicast Listener Report Message v2"],
  ["fe80::ff:fe00:b", "ff02::16", "ICMPv6", "Multicast Listener Report Message v2"],
  ["02:00:00:00:00:0a", "Broadcast", "ARP", "Who has 192.0.2.2? Tell 192.0.2.1"],
  ["02:00:00:00:00:0b", "02:00:00:00:00:0a", "ARP", "192.0.2.2 is at 02:00:00:00:00:0b"],
  ["192.0.2.1", "192.0.2.2", "ICMP", "Echo (ping) request id=0x55ae, seq=0, ttl=64"],
  ["192.0.2.2", "192.0.2.1", "ICMP", "Echo (ping) reply id=0x55ae, seq=0, ttl=64"],
  ["2001:db8::1", "ff02::1:ff00:2", "ICMPv6", "Neighbor Solicitation for 2001:db8::2"],
  ["2001:db8::2", "2001:db8::1", "ICMPv6", "Neighbor Advertisement 2001:db8::2"],
  ["2001:db8::1", "2001:db8::2", "ICMPv6", "Echo (ping) request id=0x55af, seq=0, hop limit=64"],
  ["2001:db8::2", "2001:db8::1", "ICMPv6", "Echo (ping) reply id=0x55af, seq=0, hop limit=64"],
  ["192.0.2.1", "192.0.2.2", "DNS", "Standard query 0x1a2b A example.test"],
  ["192.0.2.2", "192.0.2.1", "DNS", "Standard query response 0x1a2b A example.test A 192.0.2.53"],
  ["192.0.2.1", "192.0.2.2", "TCP", "54340 → 8080 [SYN] Seq=1796972846 Win=64240 Len=0"],
  ["192.0.2.2", "192.0.2.1", "TCP", "8080 → 54340 [SYN, ACK] Seq=4015288335 Ack=1796972847 Win=65160 Len=0"],
  ["192.0.2.1", "192.0.2.2", "TCP", "54340 → 8080 [ACK] Seq=1796972847 Ack=4015288336 Win=63 Len=0"],
  ["192.0.2.1", "192.0.2.2", "TCP", "54340 → 8080 [PSH, ACK] Seq=1796972847 Ack=4015288336 Win=63 Len=5"],
  ["192.0.2.2", "192.0.2.1", "TCP", "8080 → 54340 [ACK] Seq=4015288336 Ack=1796972852 Win=64 Len=0"],
  ["192.0.2.2", "192.0.2.1", "TCP", "8080 → 54340 [PSH, ACK] Seq=4015288336 Ack=1796972852 Win=64 Len=5"],
  ["192.0.2.1", "192.0.2.2", "TCP", "54340 → 8080 [ACK] Seq=1796972852 Ack=4015288341 Win=63 Len=0"],
  ["192.0.2.2", "192.0.2.1", "TCP", "8080 → 54340 [FIN, ACK] Seq=4015288341 Ack=1796972852 Win=64 Len=0"],
  ["192.0.2.1", "192.0.2.2", "TCP", "54340 → 8080 [FIN, ACK] Seq=1796972852 Ack=4015288342 Win=63 Len=0"],
  ["192.0.2.2", "192.0.2.1", "TCP", "8080 → 54340 [ACK] Seq=4015288342 Ack=1796972853 Win=64 Len=0"],
  ["2001:db8::1", "2001:db8::2", "TCP", "37236 → 8080 [SYN] Seq=2753504421 Win=64800 Len=0"],
  ["2001:db8::2", "2001:db8::1", "TCP", "8080 → 37236 [SYN, ACK] Seq=2936869825 Ack=2753504422 Win=64260 Len=0"],
  ["2001:db8::1", "2001:db8::2", "TCP", "37236 → 8080 [ACK] Seq=2753504422 Ack=2936869826 Win=64 Len=0"],
  ["2001:db8::1", "2001:db8::2", "TCP", "37236 → 8080 [PSH, ACK] Seq=2753504422 Ack=2936869826 Win=64 Len=5"],
  ["2001:db8::2", "2001:db8::1", "TCP", "8080 → 37236 [ACK] Seq=2936869826 Ack=2753504427 Win=63 Len=0"],
  ["2001:db8::2", "2001:db8::1", "TCP", "8080 → 37236 [PSH, ACK] Seq=2936869826 Ack=2753504427 Win=63 Len=5"],
  ["2001:db8::1", "2001:db8::2", "TCP", "37236 → 8080 [ACK] Seq=2753504427 Ack=2936869831 Win=64 Len=0"],
  ["2001:db8::2", "2001:db8::1", "TCP", "8080 → 37236 [FIN, ACK] Seq=2936869831 Ack=2753504427 Win=63 Len=0"],
  ["2001:db8::1", "2001:db8::2", "TCP", "37236 → 8080 [FIN, ACK] Seq=2753504427 Ack=2936869832 Win=64 Len=0"],
  ["2001:db8::2", "2001:db8::1", "TCP", "8080 → 37236 [ACK] Seq=2936869832 Ack=2753504428 Win=63 Len=0"],
  ["192.0.2.1", "192.0.2.2", "UDP", "50651 → 9 Len=1"],
  ["192.0.2.2", "192.0.2.1", "ICMP", "Destination unreachable (Port unreachable)"],
];

for (const name of ["capture-le.pcapng", "capture-be.pcapng"]) {
  test(`every frame of ${name} gets its summary`, () => {
    const frames = packets(name);
    assert.equal(frames.length, EXPECTED.length);
    frames.forEach((p, i) => assert.deepEqual(row(summarize(p.interface.linkType, p.data)), EXPECTED[i], `frame ${i + 1}`));
  });
}

test("every prefix of every golden frame gives a summary, never an exception or a decoder failure", () => {
  for (const p of packets("capture-le.pcapng")) {
    for (let length = 0; length <= p.data.length; length++) {
      const summary = summarize(LINKTYPE_ETHERNET, p.data.subarray(0, length));
      for (const field of ["source", "destination", "protocol", "info"]) assert.equal(typeof summary[field], "string");
      // Short data is handled by the bounds checks, not by the catch-all.
      assert.notEqual(summary.protocol, "?", `${length} bytes: ${summary.info}`);
    }
  }
});

test("a short Ethernet frame, IPv4 header or TCP header says so", () => {
  const frames = packets("capture-le.pcapng");
  assert.deepEqual(row(summarize(LINKTYPE_ETHERNET, frames[4].data.subarray(0, 13))), ["", "", "Ethernet", "truncated"]);
  assert.deepEqual(row(summarize(LINKTYPE_ETHERNET, frames[4].data.subarray(0, 30))), ["", "", "IPv4", "truncated"]);
  assert.deepEqual(row(summarize(LINKTYPE_ETHERNET, frames[12].data.subarray(0, 40))), ["192.0.2.1", "192.0.2.2", "TCP", "TCP (truncated)"]);
});

test("the same IP packets without Ethernet: raw IP, IPv4, IPv6, Linux cooked v1 and v2", () => {
  const frames = packets("capture-le.pcapng");
  const icmp = frames[4].data;
  const icmpv6 = frames[8].data;
  const ip = (frame) => frame.subarray(14);
  assert.deepEqual(row(summarize(101, ip(icmp))), EXPECTED[4]);
  assert.deepEqual(row(summarize(101, ip(icmpv6))), EXPECTED[8]);
  assert.deepEqual(row(summarize(228, ip(icmp))), EXPECTED[4]);
  assert.deepEqual(row(summarize(229, ip(icmpv6))), EXPECTED[8]);
  // SLL: packet type, ARPHRD, address length, 8 address bytes, protocol (big-endian).
  const sll = concat(hex("0000 0001 0006 02000000000a 0000 0800"), ip(icmp));
  assert.deepEqual(row(summarize(113, sll)), EXPECTED[4]);
  // SLL2: protocol, reserved, interface index, ARPHRD, packet type, address length, 8 address bytes.
  const sll2 = concat(hex("86dd 0000 00000002 0001 00 06 02000000000a 0000"), ip(icmpv6));
  assert.deepEqual(row(summarize(276, sll2)), EXPECTED[8]);
  assert.deepEqual(row(summarize(147, icmp)), ["", "", "DLT 147", `${icmp.length} bytes`]);
});

test("802.1Q and QinQ tags are shown before the info of what they carry", () => {
  const frame = packets("capture-le.pcapng")[4].data;
  const tagged = concat(frame.subarray(0, 12), hex("8100 0064"), frame.subarray(12));
  assert.deepEqual(row(summarize(LINKTYPE_ETHERNET, tagged)), [...EXPECTED[4].slice(0, 3), `VLAN 100 ${EXPECTED[4][3]}`]);
  const double = concat(frame.subarray(0, 12), hex("88a8 0007 8100 0064"), frame.subarray(12));
  assert.equal(summarize(LINKTYPE_ETHERNET, double).info, `VLAN 7 VLAN 100 ${EXPECTED[4][3]}`);
});

test("an EtherType without a decoder is named, not guessed", () => {
  const frame = packets("capture-le.pcapng")[2].data;
  const lldp = concat(frame.subarray(0, 12), hex("88cc"), frame.subarray(14));
  assert.deepEqual(row(summarize(LINKTYPE_ETHERNET, lldp)), ["02:00:00:00:00:0a", "ff:ff:ff:ff:ff:ff", "Ethernet", "EtherType 0x88cc"]);
});

test("a non-first IPv4 fragment is not read as a transport header", () => {
  const frame = Uint8Array.from(packets("capture-le.pcapng")[4].data);
  frame[14 + 6] = 0x00;
  frame[14 + 7] = 0xb9; // fragment offset 185 × 8 = 1480
  assert.deepEqual(row(summarize(LINKTYPE_ETHERNET, frame)), ["192.0.2.1", "192.0.2.2", "IPv4", "Fragmented IP protocol (proto=1, off=1480)"]);
});

test("ipv6Text follows RFC 5952: lower case, no leading zeros, longest zero run (first on a tie) as ::", () => {
  const cases = [
    ["20010db8000000000000000000000001", "2001:db8::1"],
    ["00000000000000000000000000000000", "::"],
    ["00000000000000000000000000000001", "::1"],
    ["20010db8000000010001000100010001", "2001:db8:0:1:1:1:1:1"],
    ["20010000000000010000000000000001", "2001:0:0:1::1"],
    ["20010db8000000000001000000000001", "2001:db8::1:0:0:1"],
    ["fe8000000000000000000000ABCDEF01".toLowerCase(), "fe80::abcd:ef01"],
  ];
  for (const [bytes, text] of cases) assert.equal(ipv6Text(hex(bytes), 0), text);
});

test("dnsSummary reads compressed names and stops at truncation without throwing", () => {
  const response = packets("capture-le.pcapng")[11].data;
  const dns = 14 + 20 + 8;
  assert.equal(dnsSummary(response, dns), EXPECTED[11][3]);
  // Cut inside the answer: the question is still read.
  assert.equal(dnsSummary(response.subarray(0, response.length - 6), dns), "Standard query response 0x1a2b A example.test");
  // A compression pointer that points at itself ends instead of looping.
  const loop = concat(hex("1a2b 8180 0001 0000 0000 0000"), hex("c00c 0001 0001"));
  assert.equal(dnsSummary(loop, 0), "Standard query response 0x1a2b");
});
