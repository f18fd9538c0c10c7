// Incremental pcapng reader (draft-ietf-opsawg-pcapng): feed it the bytes as they arrive, in chunks of any
// size, and it returns every block that is complete. Both byte orders; one or more sections. Only the blocks a
// live capture carries are decoded (SHB, IDB, EPB, ISB, and the simple packet block); the rest come back as
// { type: "unknown" } so that a caller can still count them. No DOM or browser globals: node's test runner
// imports it as it is.

export const BLOCK_SHB = 0x0a0d0d0a;
export const BLOCK_IDB = 0x00000001;
export const BLOCK_SPB = 0x00000003;
export const BLOCK_ISB = 0x00000005;
export const BLOCK_EPB = 0x00000006;

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_ENDOFOPT = 0;
const OPT_COMMENT = 1;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const IF_FILTER = 11;
const ISB_STARTTIME = 2;
const ISB_ENDTIME = 3;
const ISB_IFRECV = 4;
const ISB_IFDROP = 5;
const ISB_FILTERACCEPT = 6;
const ISB_OSDROP = 7;
const ISB_USRDELIV = 8;

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** The smallest valid block of each type: 12 bytes of framing plus its fixed fields (pcapng §4.1–§4.6). */
const MINIMUM_LENGTH = { [BLOCK_SHB]: 28, [BLOCK_IDB]: 20, [BLOCK_SPB]: 16, [BLOCK_ISB]: 24, [BLOCK_EPB]: 32 };
const BLOCK_NAMES = { [BLOCK_SHB]: "section header", [BLOCK_IDB]: "interface description", [BLOCK_SPB]: "simple packet", [BLOCK_ISB]: "interface statistics", [BLOCK_EPB]: "enhanced packet" };

export class PcapngError extends Error {}

export class PcapngReader {
  constructor() {
    this.pending = new Uint8Array(0);
    this.littleEndian = true;
    this.inSection = false;
    /** IDBs of the current section, in order: their index is the interface id. */
    this.interfaces = [];
    this.offset = 0;
    /** The error that ended the stream: a malformed stream stays failed instead of being read on from a guess. */
    this.failure = null;
  }

  /** Appends bytes and returns the blocks completed by them. Throws PcapngError on a malformed stream. */
  push(chunk) {
    if (this.failure) throw this.failure;
    try {
      return this.read(chunk);
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  /** The stream has ended: throws PcapngError when it stopped inside a block. */
  end() {
    if (this.failure) throw this.failure;
    if (this.pending.length > 0) {
      this.failure = new PcapngError(`stream is truncated: ${this.pending.length} bytes of an incomplete block at offset ${this.offset}`);
      throw this.failure;
    }
  }

  read(chunk) {
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    this.pending = this.pending.length === 0 ? bytes : concat(this.pending, bytes);
    const blocks = [];
    let position = 0;
    while (this.pending.length - position >= 12) {
      const view = new DataView(this.pending.buffer, this.pending.byteOffset + position, this.pending.length - position);
      const rawType = view.getUint32(0, true);
      let little = this.littleEndian;
      if (rawType === BLOCK_SHB) {
        const magic = view.getUint32(8, true);
        if (magic === BYTE_ORDER_MAGIC) {
          little = true;
        } else if (magic === 0x4d3c2b1a) {
          little = false;
        } else {
          throw new PcapngError(`bad byte-order magic at offset ${this.offset}`);
        }
      } else if (!this.inSection) {
        throw new PcapngError(`stream does not start with a section header block (offset ${this.offset})`);
      }
      const length = view.getUint32(4, little);
      if (length < 12 || length % 4 !== 0) {
        throw new PcapngError(`bad block length ${length} at offset ${this.offset}`);
      }
      if (view.byteLength < length) {
        break;
      }
      if (view.getUint32(length - 4, little) !== length) {
        throw new PcapngError(`block length mismatch at offset ${this.offset}`);
      }
      const body = new DataView(view.buffer, view.byteOffset, length);
      const type = view.getUint32(0, little);
      if (length < (MINIMUM_LENGTH[type] ?? 12)) {
        throw new PcapngError(`${BLOCK_NAMES[type]} block too short (${length} bytes) at offset ${this.offset}`);
      }
      blocks.push(this.decode(type, body, little, length));
      position += length;
      this.offset += length;
    }
    this.pending = position === 0 ? this.pending : this.pending.slice(position);
    return blocks;
  }

  /** Bytes of an incomplete block still waiting for the rest. */
  get buffered() {
    return this.pending.length;
  }

  decode(type, view, little, length) {
    switch (type) {
      case BLOCK_SHB: {
        this.littleEndian = little;
        this.inSection = true;
        this.interfaces = [];
        const options = readOptions(view, 24, length - 4, little);
        return {
          type: "shb",
          length,
          littleEndian: little,
          major: view.getUint16(12, little),
          minor: view.getUint16(14, little),
          comment: text(options, OPT_COMMENT),
          options,
        };
      }
      case BLOCK_IDB: {
        const options = readOptions(view, 16, length - 4, little);
        const resolution = options.find((o) => o.code === IF_TSRESOL);
        const idb = {
          type: "idb",
          length,
          id: this.interfaces.length,
          linkType: view.getUint16(8, little),
          snapLength: view.getUint32(12, little),
          name: text(options, IF_NAME),
          description: text(options, IF_DESCRIPTION),
          filter: filterText(options),
          tsresol: resolution && resolution.value.length > 0 ? resolution.value[0] : 6,
        };
        this.interfaces.push(idb);
        return idb;
      }
      case BLOCK_EPB: {
        const interfaceId = view.getUint32(8, little);
        const capturedLength = view.getUint32(20, little);
        const originalLength = view.getUint32(24, little);
        if (28 + capturedLength > length - 4) {
          throw new PcapngError(`packet data runs past its block at offset ${this.offset}`);
        }
        const data = new Uint8Array(view.buffer.slice(view.byteOffset + 28, view.byteOffset + 28 + capturedLength));
        const options = readOptions(view, 28 + pad4(capturedLength), length - 4, little);
        return {
          type: "epb",
          length,
          interfaceId,
          interface: this.interfaces[interfaceId],
          timestamp: timestamp(view, 12, little, this.interfaces[interfaceId]),
          capturedLength,
          originalLength,
          data,
          comment: text(options, OPT_COMMENT),
        };
      }
      case BLOCK_SPB: {
        // §4.4: no captured length field; it is the original length capped by the snap length and the block.
        const originalLength = view.getUint32(8, little);
        const snapLength = this.interfaces[0]?.snapLength || Infinity;
        const capturedLength = Math.min(originalLength, snapLength, length - 16);
        const data = new Uint8Array(view.buffer.slice(view.byteOffset + 12, view.byteOffset + 12 + capturedLength));
        return { type: "epb", length, interfaceId: 0, interface: this.interfaces[0], timestamp: null, capturedLength, originalLength, data };
      }
      case BLOCK_ISB: {
        const interfaceId = view.getUint32(8, little);
        const options = readOptions(view, 20, length - 4, little);
        return {
          type: "isb",
          length,
          interfaceId,
          interface: this.interfaces[interfaceId],
          timestamp: timestamp(view, 12, little, this.interfaces[interfaceId]),
          startTime: units(options, ISB_STARTTIME, little),
          endTime: units(options, ISB_ENDTIME, little),
          ifRecv: u64(options, ISB_IFRECV, little),
          ifDrop: u64(options, ISB_IFDROP, little),
          filterAccept: u64(options, ISB_FILTERACCEPT, little),
          osDrop: u64(options, ISB_OSDROP, little),
          userDelivered: u64(options, ISB_USRDELIV, little),
          comment: text(options, OPT_COMMENT),
        };
      }
      default:
        return { type: "unknown", code: type, length };
    }
  }
}

function concat(a, b) {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

function pad4(n) {
  return (n + 3) & ~3;
}

/** Options: code u16, length u16, value padded to 32 bits, until opt_endofopt or the end of the block. */
function readOptions(view, start, end, little) {
  const options = [];
  let at = start;
  while (at + 4 <= end) {
    const code = view.getUint16(at, little);
    const size = view.getUint16(at + 2, little);
    if (code === OPT_ENDOFOPT) {
      break;
    }
    if (at + 4 + size > end) {
      throw new PcapngError(`option ${code} runs past its block`);
    }
    options.push({ code, value: new Uint8Array(view.buffer, view.byteOffset + at + 4, size) });
    at += 4 + pad4(size);
  }
  return options;
}

function text(options, code) {
  const option = options.find((o) => o.code === code);
  return option ? utf8.decode(option.value) : null;
}

/** if_filter: the first byte says which kind; 0 is a libpcap filter string. */
function filterText(options) {
  const option = options.find((o) => o.code === IF_FILTER);
  return option && option.value.length > 0 && option.value[0] === 0 ? utf8.decode(option.value.subarray(1)) : null;
}

function u64(options, code, little) {
  const option = options.find((o) => o.code === code);
  if (!option || option.value.length < 8) {
    return null;
  }
  return new DataView(option.value.buffer, option.value.byteOffset, 8).getBigUint64(0, little);
}

/** isb_starttime/isb_endtime: two 32-bit halves, high first, like a packet's timestamp (pcapng §4.6). */
function units(options, code, little) {
  const option = options.find((o) => o.code === code);
  if (!option || option.value.length < 8) {
    return null;
  }
  const view = new DataView(option.value.buffer, option.value.byteOffset, 8);
  return (BigInt(view.getUint32(0, little)) << 32n) | BigInt(view.getUint32(4, little));
}

/**
 * A timestamp as { seconds (BigInt), fraction (BigInt), digits } in the interface's resolution: if_tsresol's
 * top bit clear means 10^-n seconds, set means 2^-n (pcapng §4.2); the default is microseconds.
 */
function timestamp(view, at, little, idb) {
  const high = BigInt(view.getUint32(at, little));
  const low = BigInt(view.getUint32(at + 4, little));
  const units = (high << 32n) | low;
  const resolution = idb ? idb.tsresol : 6;
  if (resolution & 0x80) {
    const per = 1n << BigInt(resolution & 0x7f);
    // Binary fractions are shown in nanoseconds.
    return { seconds: units / per, fraction: ((units % per) * 1000000000n) / per, digits: 9 };
  }
  const per = 10n ** BigInt(resolution);
  return { seconds: units / per, fraction: units % per, digits: resolution };
}
