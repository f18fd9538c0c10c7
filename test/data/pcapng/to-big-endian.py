#!/usr/bin/env python3
"""Rewrites a little-endian pcapng file as big-endian, block by block and field by field.

No Debian tool writes big-endian pcapng (Wireshark writes the host's byte order), so the big-endian golden file is
this conversion of the little-endian one; tshark reading both the same way is what shows it is right. Every field
is re-encoded per draft-ietf-opsawg-pcapng (§4.1 SHB, §4.2 IDB, §4.3 EPB, §4.6 ISB, §4.7 DSB, option values per
their definition); a block or option whose layout the script does not know stops it rather than being copied
with the wrong byte order.
"""
import struct
import sys

# Option value layouts, by block type: "s" bytes kept as they are (strings, if_filter, if_tsresol, ...),
# "Q" a 64-bit number, "I" a 32-bit number, "T" a timestamp (two 32-bit halves, high first).
COMMON = {1: "s"}  # opt_comment
SHB = {**COMMON, 2: "s", 3: "s", 4: "s"}  # shb_hardware, shb_os, shb_userappl
IDB = {**COMMON, 2: "s", 3: "s", 4: "s", 5: "s", 6: "s", 7: "s", 8: "Q", 9: "s", 10: "I", 11: "s", 12: "s",
       13: "s", 14: "Q", 15: "s", 16: "s", 17: "s", 18: "s"}
EPB = {**COMMON, 2: "I", 3: "s", 4: "Q", 5: "Q", 6: "I", 7: "s"}
ISB = {**COMMON, 2: "T", 3: "T", 4: "Q", 5: "Q", 6: "Q", 7: "Q", 8: "Q"}
DSB = {**COMMON}


def pad4(n):
    return (n + 3) & ~3


def options(area, layout, block):
    out = b""
    at = 0
    while at + 4 <= len(area):
        code, length = struct.unpack_from("<HH", area, at)
        value = area[at + 4:at + 4 + length]
        out += struct.pack(">HH", code, length)
        if code == 0:
            return out
        kind = layout.get(code)
        if kind is None:
            sys.exit(f"{block}: option {code} has a layout this script does not know")
        if kind == "s":
            out += value
        elif kind == "Q":
            out += struct.pack(">Q", *struct.unpack("<Q", value))
        elif kind == "I":
            out += struct.pack(">I", *struct.unpack("<I", value))
        else:
            out += struct.pack(">II", *struct.unpack("<II", value))
        out += b"\0" * (pad4(length) - length)
        at += 4 + pad4(length)
    return out


def convert(data):
    out = b""
    at = 0
    while at < len(data):
        kind, length = struct.unpack_from("<II", data, at)
        body = data[at + 8:at + length - 4]
        if kind == 0x0A0D0D0A:
            magic, major, minor, section = struct.unpack_from("<IHHq", body)
            if magic != 0x1A2B3C4D:
                sys.exit("input is not little-endian pcapng")
            new = struct.pack(">IHHq", magic, major, minor, section) + options(body[16:], SHB, "SHB")
        elif kind == 1:
            new = struct.pack(">HHI", *struct.unpack_from("<HHI", body)) + options(body[8:], IDB, "IDB")
        elif kind == 6:
            fields = struct.unpack_from("<IIIII", body)
            captured = fields[3]
            new = struct.pack(">IIIII", *fields) + body[20:20 + pad4(captured)] \
                + options(body[20 + pad4(captured):], EPB, "EPB")
        elif kind == 5:
            new = struct.pack(">III", *struct.unpack_from("<III", body)) + options(body[12:], ISB, "ISB")
        elif kind == 0x0A:
            secrets_type, secrets_length = struct.unpack_from("<II", body)
            new = struct.pack(">II", secrets_type, secrets_length) + body[8:8 + pad4(secrets_length)] \
                + options(body[8 + pad4(secrets_length):], DSB, "DSB")
        else:
            sys.exit(f"block type 0x{kind:08X} at offset {at}: layout unknown to this script")
        if len(new) != len(body):
            sys.exit(f"block at offset {at} changed length")
        out += struct.pack(">II", kind, length) + new + struct.pack(">I", length)
        at += length
    return out


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as source:
        converted = convert(source.read())
    with open(sys.argv[2], "wb") as target:
        target.write(converted)
