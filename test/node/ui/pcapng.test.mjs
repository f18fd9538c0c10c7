// pcapng.js against the golden captures (a real dumpcap capture, little-endian, and its big-endian rewrite) and
// against hand-made malformed input: every stream either yields its blocks or fails with a PcapngError that says
// where, and the reader never waits for bytes a finished stream will not send.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PcapngError, PcapngReader } from "../../../src/Packetflix.Server/wwwroot/ui/pcapng.js";
import { block, concat, endOfOptions, epb, golden, hex, idb, option, random, readAll, shb, u16, u32 } from "./golden.mjs";

const LE = golden("capture-le.pcapng");
const BE = golden("capture-be.pcapng");
const FRAMES = 34;

/** The block list without the byte-order flag, which is the one thing the two golden files differ in. */
function comparable(blocks) {
  return blocks.map((b) => {
    const { littleEndian, ...rest } = b;
    return rest;
  });
}

test("golden little-endian capture: SHB, DSB, IDB, 34 EPBs, ISB in file order", () => {
  const blocks = readAll(PcapngReader, LE);
  assert.deepEqual(blocks.map((b) => b.type), ["shb", "unknown", "idb", ...Array(FRAMES).fill("epb"), "isb"]);
  assert.equal(blocks.reduce((n, b) => n + b.length, 0), LE.length);
});

test("golden SHB: byte order, version, comment and dumpcap's options", () => {
  const [shbBlock] = readAll(PcapngReader, LE);
  assert.equal(shbBlock.littleEndian, true);
  assert.deepEqual([shbBlock.major, shbBlock.minor], [1, 0]);
  assert.equal(shbBlock.comment, "Packetflix golden capture: veth between two test namespaces");
  // opt_comment, shb_hardware, shb_os, shb_userappl.
  assert.deepEqual(shbBlock.options.map((o) => o.code), [1, 2, 3, 4]);
  assert.match(new TextDecoder().decode(shbBlock.options[3].value), /^Dumpcap \(Wireshark\) 4\./);
});

test("golden unknown block: the Decryption Secrets Block editcap injected is counted, not decoded", () => {
  const unknown = readAll(PcapngReader, LE)[1];
  assert.deepEqual(unknown, { type: "unknown", code: 0x0000000a, length: 196 });
});

test("golden IDB: link type, snap length and options", () => {
  const idbBlock = readAll(PcapngReader, LE)[2];
  assert.deepEqual(
    { id: idbBlock.id, linkType: idbBlock.linkType, snapLength: idbBlock.snapLength, name: idbBlock.name, description: idbBlock.description, filter: idbBlock.filter, tsresol: idbBlock.tsresol },
    { id: 0, linkType: 1, snapLength: 96, name: "veth0", description: null, filter: "ip or ip6 or arp", tsresol: 9 },
  );
});

test("golden EPBs: nanosecond timestamps, snap-length truncation, data", () => {
  const packets = readAll(PcapngReader, LE).filter((b) => b.type === "epb");
  const [first] = packets;
  // tshark: frame 1 at 1796159956.420707352, 110 bytes on the wire, 96 captured.
  assert.deepEqual(first.timestamp, { seconds: 1796159956n, fraction: 420707352n, digits: 9 });
  assert.deepEqual([first.capturedLength, first.originalLength], [96, 110]);
  assert.equal(first.interface.name, "veth0");
  // Frame 5, the ICMP echo request: 98 bytes, cut at 96.
  assert.deepEqual([packets[4].capturedLength, packets[4].originalLength], [96, 98]);
  assert.deepEqual(packets[4].timestamp, { seconds: 1796159957n, fraction: 23935763n, digits: 9 });
  // Frame 34, ICMP port unreachable, 71 bytes, whole.
  assert.deepEqual([packets[33].capturedLength, packets[33].originalLength], [71, 71]);
  for (const p of packets) {
    assert.equal(p.data.length, p.capturedLength);
    assert.equal(p.interfaceId, 0);
    assert.equal(p.comment, null);
  }
  // The ARP request, byte for byte: broadcast from 02:00:00:00:00:0a, "who has 192.0.2.2, tell 192.0.2.1".
  assert.deepEqual(packets[2].data, hex("ffffffffffff 02000000000a 0806 0001 0800 06 04 0001 02000000000a c0000201 000000000000 c0000202"));
});

test("golden ISB: dumpcap's counters and times", () => {
  const blocks = readAll(PcapngReader, LE);
  const isb = blocks.at(-1);
  assert.equal(isb.interfaceId, 0);
  assert.equal(isb.interface.name, "veth0");
  assert.equal(isb.comment, "Counters provided by dumpcap");
  assert.equal(isb.ifRecv, BigInt(FRAMES));
  assert.equal(isb.ifDrop, 0n);
  assert.deepEqual([isb.filterAccept, isb.osDrop, isb.userDelivered], [null, null, null]);
  // isb_starttime/isb_endtime are two 32-bit halves, high first (pcapng §4.6); dumpcap 4.0 writes them, and
  // the block's own timestamp, in microseconds although the IDB says nanoseconds, so these are its raw units.
  assert.equal(isb.startTime, 1796159955875009n);
  assert.equal(isb.endTime, 1796159958796431n);
});

test("golden big-endian capture decodes to the same blocks as the little-endian one", () => {
  const little = readAll(PcapngReader, LE);
  const big = readAll(PcapngReader, BE);
  assert.equal(big[0].littleEndian, false);
  assert.deepEqual(comparable(big), comparable(little));
});

for (const size of [1, 3, 12, 100, 1500]) {
  test(`golden captures in chunks of ${size} bytes give the same blocks as one push`, () => {
    for (const bytes of [LE, BE]) {
      const reader = new PcapngReader();
      const blocks = [];
      for (let at = 0; at < bytes.length; at += size) blocks.push(...reader.push(bytes.subarray(at, at + size)));
      reader.end();
      assert.equal(reader.buffered, 0);
      assert.deepEqual(blocks, readAll(PcapngReader, bytes));
    }
  });
}

test("a block is returned exactly when its last byte arrives, not before", () => {
  const whole = readAll(PcapngReader, BE);
  const ends = [];
  whole.reduce((at, b) => (ends.push(at + b.length), at + b.length), 0);
  const reader = new PcapngReader();
  let completed = 0;
  for (let at = 0; at < BE.length; at++) {
    completed += reader.push(BE.subarray(at, at + 1)).length;
    assert.equal(completed, ends.filter((end) => end <= at + 1).length, `after byte ${at}`);
  }
});

test("a second section with the other byte order starts over: new interfaces, new byte order", () => {
  const blocks = readAll(PcapngReader, concat(LE, BE));
  assert.equal(blocks.length, 2 * (FRAMES + 4));
  const second = blocks.slice(FRAMES + 4);
  assert.equal(second[0].littleEndian, false);
  assert.equal(second[2].id, 0);
  assert.equal(second[3].interface, second[2]);
  assert.deepEqual(comparable(second), comparable(blocks.slice(0, FRAMES + 4)));
});

test("a simple packet block reads as a packet of interface 0 without a timestamp", () => {
  const data = hex("0102030405");
  // Captured length is the original length capped by the IDB's snap length (pcapng §4.4), never the padding.
  const cases = [
    [{ snapLength: 0 }, 5, 5],
    [{ snapLength: 5 }, 9, 5],
  ];
  for (const [interfaceFields, originalLength, capturedLength] of cases) {
    const spb = block(3, u32(originalLength), data);
    const blocks = readAll(PcapngReader, concat(shb(endOfOptions()), idb(interfaceFields, option(2, "eth0"), endOfOptions()), spb));
    const packet = blocks[2];
    assert.deepEqual(
      { type: packet.type, interfaceId: packet.interfaceId, timestamp: packet.timestamp, capturedLength: packet.capturedLength, originalLength: packet.originalLength, data: packet.data },
      { type: "epb", interfaceId: 0, timestamp: null, capturedLength, originalLength, data },
    );
    assert.equal(packet.interface.name, "eth0");
  }
});

test("if_tsresol: microseconds by default, powers of ten and of two", () => {
  const cases = [
    [[], 1_500_000n, { seconds: 1n, fraction: 500000n, digits: 6 }],
    [[option(9, Uint8Array.of(3))], 2_250n, { seconds: 2n, fraction: 250n, digits: 3 }],
    // 2^-10 seconds: 1536 units are 1.5 s, shown in nanoseconds.
    [[option(9, Uint8Array.of(0x8a))], 1_536n, { seconds: 1n, fraction: 500000000n, digits: 9 }],
  ];
  for (const [options, units, expected] of cases) {
    const blocks = readAll(PcapngReader, concat(shb(), idb({}, ...options), epb(units, hex("00"))));
    assert.deepEqual(blocks[2].timestamp, expected);
  }
});

test("a stream cut inside a block: the complete blocks come back, end() says it is truncated and where", () => {
  const reader = new PcapngReader();
  const blocks = reader.push(LE.subarray(0, 600));
  assert.deepEqual(blocks.map((b) => b.type), ["shb", "unknown", "idb"]);
  assert.equal(reader.buffered, 600 - 228 - 196 - 96);
  assert.throws(() => reader.end(), (e) => e instanceof PcapngError && /truncated.*offset 520/.test(e.message));
});

test("a block that claims 4 GiB does not make the reader wait for it once the stream has ended", () => {
  const reader = new PcapngReader();
  assert.deepEqual(reader.push(concat(shb(), u32(6), u32(0xfffffff0), new Uint8Array(64))).map((b) => b.type), ["shb"]);
  assert.throws(() => reader.end(), /truncated/);
});

const malformed = [
  ["no section header first", concat(block(6, new Uint8Array(20))), /does not start with a section header block \(offset 0\)/],
  ["bad byte-order magic", hex("0a0d0d0a 1c000000 11223344 0100 0000 ffffffffffffffff 1c000000"), /bad byte-order magic at offset 0/],
  ["block length not a multiple of 4", hex("0a0d0d0a 1d000000 4d3c2b1a 0100 0000 ffffffffffffffff 1d000000 00"), /bad block length 29 at offset 0/],
  ["block length below 12", concat(shb(), u32(6), u32(8), u32(8)), /bad block length 8 at offset 28/],
  ["trailing length differs", hex("0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 20000000"), /block length mismatch at offset 0/],
  ["section header too short", hex("0a0d0d0a 10000000 4d3c2b1a 10000000"), /section header block too short \(16 bytes\) at offset 0/],
  ["packet block too short", concat(shb(), block(6, new Uint8Array(8))), /enhanced packet block too short \(20 bytes\) at offset 28/],
  ["option runs past its block", hex("0a0d0d0a 20000000 4d3c2b1a 0100 0000 ffffffffffffffff 01000800 20000000"), /option 1 runs past its block/],
  ["packet data runs past its block", concat(shb(), idb(), block(6, u32(0), u32(0), u32(0), u32(64), u32(64), new Uint8Array(8))), /packet data runs past its block at offset 48/],
];
for (const [name, bytes, message] of malformed) {
  test(`malformed input (${name}) fails with a PcapngError, and stays failed`, () => {
    const reader = new PcapngReader();
    const fails = (e) => e instanceof PcapngError && message.test(e.message);
    assert.throws(() => reader.push(bytes), fails);
    // The stream is not read on from a guess: every later call reports the same error.
    assert.throws(() => reader.push(LE), fails);
    assert.throws(() => reader.end(), fails);
  });
}

test("random corruption of the golden captures: blocks or a PcapngError, never another exception", () => {
  const next = random(0x9c4f);
  const outcomes = { read: 0, failed: 0 };
  for (let round = 0; round < 400; round++) {
    const bytes = Uint8Array.from(round % 2 ? BE : LE);
    for (let flips = 1 + Math.floor(next() * 8); flips > 0; flips--) {
      bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
    }
    const reader = new PcapngReader();
    try {
      reader.push(bytes.subarray(0, Math.floor(next() * bytes.length)));
      reader.push(bytes.subarray(reader.offset + reader.buffered));
      reader.end();
      outcomes.read++;
    } catch (e) {
      assert.ok(e instanceof PcapngError, `round ${round}: ${e.stack}`);
      outcomes.failed++;
    }
  }
  // Both paths ran: corruption inside packet data reads on, corruption of the framing fails.
  assert.ok(outcomes.read > 20 && outcomes.failed > 20, JSON.stringify(outcomes));
});

test("an ArrayBuffer (a WebSocket message) is read like a Uint8Array", () => {
  const buffer = LE.buffer.slice(LE.byteOffset, LE.byteOffset + LE.length);
  assert.deepEqual(new PcapngReader().push(buffer), new PcapngReader().push(LE));
});

test("the option helper builds what pcapng.js expects", () => {
  // A self-check of the test's own block builder, against hand-written bytes.
  assert.deepEqual(option(2, "eth0"), concat(u16(2), u16(4), hex("65746830")));
});
