// Shared by the browser-module tests: where the modules and the golden captures live, and a reader that takes a
// whole file. The golden .pcapng files are the ones the C# reader tests read (test/data/pcapng, see its README).
import { readFileSync } from "node:fs";

export const uiDirectory = new URL("../../../src/Packetflix.Server/wwwroot/ui/", import.meta.url);

/** The bytes of a golden capture, as a plain Uint8Array (as a WebSocket message would be). */
export function golden(name) {
  return new Uint8Array(readFileSync(new URL(`../../data/pcapng/${name}`, import.meta.url)));
}

/** Blocks of a whole byte sequence, read in one push, with end() checking nothing was left over. */
export function readAll(PcapngReader, bytes) {
  const reader = new PcapngReader();
  const blocks = reader.push(bytes);
  reader.end();
  return blocks;
}

/** Little-endian pcapng block: type, body (padded to 32 bits here), both lengths. */
export function block(type, ...parts) {
  const body = concat(...parts);
  const padded = concat(body, new Uint8Array((4 - (body.length % 4)) % 4));
  const length = padded.length + 12;
  return concat(u32(type), u32(length), padded, u32(length));
}

/** An option: code, length, value padded to 32 bits. */
export function option(code, value) {
  const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
  return concat(u16(code), u16(bytes.length), bytes, new Uint8Array((4 - (bytes.length % 4)) % 4));
}

export const endOfOptions = () => new Uint8Array(4);

/** A little-endian SHB (version 1.0, unknown section length) with the given options. */
export function shb(...options) {
  return block(0x0a0d0d0a, u32(0x1a2b3c4d), u16(1), u16(0), new Uint8Array(8).fill(0xff), ...options);
}

/** A little-endian IDB for the link type and snap length (0: none), with the given options. */
export function idb({ linkType = 1, snapLength = 0 } = {}, ...options) {
  return block(1, u16(linkType), u16(0), u32(snapLength), ...options);
}

/** A little-endian EPB on interface 0 with a 64-bit timestamp in the interface's units. */
export function epb(units, data, originalLength = data.length) {
  const ts = BigInt(units);
  return block(6, u32(0), u32(Number(ts >> 32n)), u32(Number(ts & 0xffffffffn)), u32(data.length), u32(originalLength), data);
}

export function u16(value) {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setUint16(0, value, true);
  return bytes;
}

export function u32(value) {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

export function concat(...parts) {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

export function hex(text) {
  return Uint8Array.from(text.replace(/\s+/g, "").match(/../g), (b) => parseInt(b, 16));
}

/** A small deterministic generator (mulberry32), so that a fuzz failure can be repeated. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
