// One-line packet summaries in the browser, in the spirit of Wireshark's packet list: source, destination,
// protocol and info for Ethernet, ARP, IPv4, IPv6, ICMP, ICMPv6, TCP, UDP and DNS. Every read is bounds-checked:
// a truncated or odd packet gets a shorter summary, never an exception. No DOM or browser globals: node's test
// runner imports it as it is.

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_IPV4 = 228;
const LINKTYPE_IPV6 = 229;
const LINKTYPE_LINUX_SLL2 = 276;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_ARP = 0x0806;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_IPV6 = 0x86dd;

/** Returns { source, destination, protocol, info } for a packet of the given link type. */
export function summarize(linkType, data) {
  try {
    switch (linkType) {
      case LINKTYPE_ETHERNET:
        return ethernet(data);
      case LINKTYPE_LINUX_SLL:
        return data.length >= 16 ? byEthertype(u16(data, 14), data, 16, "", "") : short("SLL");
      case LINKTYPE_LINUX_SLL2:
        return data.length >= 20 ? byEthertype(u16(data, 0), data, 20, "", "") : short("SLL2");
      case LINKTYPE_RAW:
        return data.length > 0 && data[0] >> 4 === 6 ? ipv6(data, 0) : ipv4(data, 0);
      case LINKTYPE_IPV4:
        return ipv4(data, 0);
      case LINKTYPE_IPV6:
        return ipv6(data, 0);
      default:
        return { source: "", destination: "", protocol: `DLT ${linkType}`, info: `${data.length} bytes` };
    }
  } catch (e) {
    return { source: "", destination: "", protocol: "?", info: `cannot decode: ${e.message}` };
  }
}

function short(protocol) {
  return { source: "", destination: "", protocol, info: "truncated" };
}

function u16(d, at) {
  if (at + 2 > d.length) throw new RangeError("truncated");
  return (d[at] << 8) | d[at + 1];
}

function u32(d, at) {
  if (at + 4 > d.length) throw new RangeError("truncated");
  return ((d[at] << 24) >>> 0) + (d[at + 1] << 16) + (d[at + 2] << 8) + d[at + 3];
}

export function mac(d, at) {
  const parts = [];
  for (let i = 0; i < 6; i++) parts.push(d[at + i].toString(16).padStart(2, "0"));
  return parts.join(":");
}

export function ipv4Text(d, at) {
  if (at + 4 > d.length) throw new RangeError("truncated");
  return `${d[at]}.${d[at + 1]}.${d[at + 2]}.${d[at + 3]}`;
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run (2+) of zero groups as "::". */
export function ipv6Text(d, at) {
  if (at + 16 > d.length) throw new RangeError("truncated");
  const groups = [];
  for (let i = 0; i < 8; i++) groups.push((d[at + 2 * i] << 8) | d[at + 2 * i + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

function ethernet(d) {
  if (d.length < 14) return short("Ethernet");
  const dst = mac(d, 0);
  const src = mac(d, 6);
  let type = u16(d, 12);
  let at = 14;
  let vlan = "";
  while ((type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ) && at + 4 <= d.length) {
    vlan += `VLAN ${u16(d, at) & 0x0fff} `;
    type = u16(d, at + 2);
    at += 4;
  }
  const result = byEthertype(type, d, at, src, dst);
  if (vlan) result.info = `${vlan}${result.info}`;
  return result;
}

function byEthertype(type, d, at, src, dst) {
  switch (type) {
    case ETHERTYPE_IPV4:
      return ipv4(d, at);
    case ETHERTYPE_IPV6:
      return ipv6(d, at);
    case ETHERTYPE_ARP:
      return arp(d, at, src, dst);
    default:
      return { source: src, destination: dst, protocol: "Ethernet", info: `EtherType 0x${type.toString(16).padStart(4, "0")}` };
  }
}

function arp(d, at, src, dst) {
  const broadcast = dst === "ff:ff:ff:ff:ff:ff" ? "Broadcast" : dst;
  if (at + 28 > d.length || u16(d, at) !== 1 || u16(d, at + 2) !== ETHERTYPE_IPV4) {
    return { source: src, destination: broadcast, protocol: "ARP", info: "ARP (not Ethernet/IPv4)" };
  }
  const op = u16(d, at + 6);
  const senderMac = mac(d, at + 8);
  const senderIp = ipv4Text(d, at + 14);
  const targetIp = ipv4Text(d, at + 24);
  let info;
  if (op === 1) {
    info = senderIp === targetIp ? `Gratuitous ARP for ${senderIp}` : `Who has ${targetIp}? Tell ${senderIp}`;
  } else if (op === 2) {
    info = `${senderIp} is at ${senderMac}`;
  } else {
    info = `ARP opcode ${op}`;
  }
  return { source: src, destination: broadcast, protocol: "ARP", info };
}

function ipv4(d, at) {
  if (at + 20 > d.length || d[at] >> 4 !== 4) return short("IPv4");
  const headerLength = (d[at] & 0x0f) * 4;
  const totalLength = u16(d, at + 2);
  const fragment = u16(d, at + 6);
  const ttl = d[at + 8];
  const protocol = d[at + 9];
  const src = ipv4Text(d, at + 12);
  const dst = ipv4Text(d, at + 16);
  const end = Math.min(d.length, at + Math.max(totalLength, headerLength));
  if ((fragment & 0x1fff) !== 0) {
    return { source: src, destination: dst, protocol: "IPv4", info: `Fragmented IP protocol (proto=${protocol}, off=${(fragment & 0x1fff) * 8})` };
  }
  return transport(protocol, d.subarray(0, end), at + headerLength, src, dst, ttl, "IPv4");
}

function ipv6(d, at) {
  if (at + 40 > d.length || d[at] >> 4 !== 6) return short("IPv6");
  const payloadLength = u16(d, at + 4);
  let next = d[at + 6];
  const hopLimit = d[at + 7];
  const src = ipv6Text(d, at + 8);
  const dst = ipv6Text(d, at + 24);
  const end = Math.min(d.length, at + 40 + payloadLength);
  let offset = at + 40;
  // Extension headers (RFC 8200 §4): hop-by-hop, routing, destination options, fragment, AH.
  while ([0, 43, 44, 51, 60].includes(next) && offset + 8 <= end) {
    if (next === 44) {
      const fragmentOffset = u16(d, offset + 2) >> 3;
      if (fragmentOffset !== 0) {
        return { source: src, destination: dst, protocol: "IPv6", info: `IPv6 fragment (nh=${d[offset]}, off=${fragmentOffset * 8})` };
      }
      next = d[offset];
      offset += 8;
    } else if (next === 51) {
      const length = (d[offset + 1] + 2) * 4;
      next = d[offset];
      offset += length;
    } else {
      const length = (d[offset + 1] + 1) * 8;
      next = d[offset];
      offset += length;
    }
  }
  return transport(next, d.subarray(0, end), offset, src, dst, hopLimit, "IPv6");
}

function transport(protocol, d, at, src, dst, ttl, family) {
  switch (protocol) {
    case 1:
      return { source: src, destination: dst, protocol: "ICMP", info: icmp(d, at, ttl) };
    case 58:
      return { source: src, destination: dst, protocol: "ICMPv6", info: icmpv6(d, at, ttl) };
    case 6:
      return tcp(d, at, src, dst);
    case 17:
      return udp(d, at, src, dst);
    default:
      return { source: src, destination: dst, protocol: family, info: `IP protocol ${protocol}` };
  }
}

function echo(d, at, kind, hops) {
  if (at + 8 > d.length) return kind;
  const id = u16(d, at + 4);
  const seq = u16(d, at + 6);
  return `${kind} id=0x${id.toString(16).padStart(4, "0")}, seq=${seq}, ${hops}`;
}

function icmp(d, at, ttl) {
  if (at + 4 > d.length) return "ICMP (truncated)";
  const type = d[at];
  const code = d[at + 1];
  switch (type) {
    case 0:
      return echo(d, at, "Echo (ping) reply", `ttl=${ttl}`);
    case 8:
      return echo(d, at, "Echo (ping) request", `ttl=${ttl}`);
    case 3:
      // Wireshark's wording for the common codes (RFC 792, RFC 1191).
      return `Destination unreachable (${["Network unreachable", "Host unreachable", "Protocol unreachable", "Port unreachable", "Fragmentation needed"][code] ?? `code ${code}`})`;
    case 5:
      return "Redirect";
    case 11:
      return code === 0 ? "Time-to-live exceeded in transit" : "Fragment reassembly time exceeded";
    default:
      return `ICMP type ${type} code ${code}`;
  }
}

function icmpv6(d, at, ttl) {
  if (at + 4 > d.length) return "ICMPv6 (truncated)";
  const type = d[at];
  const code = d[at + 1];
  switch (type) {
    case 1:
      return "Destination Unreachable";
    case 2:
      return "Packet Too Big";
    case 3:
      return "Time Exceeded";
    case 128:
      return echo(d, at, "Echo (ping) request", `hop limit=${ttl}`);
    case 129:
      return echo(d, at, "Echo (ping) reply", `hop limit=${ttl}`);
    case 133:
      return "Router Solicitation";
    case 134:
      return "Router Advertisement";
    case 135:
      return at + 24 <= d.length ? `Neighbor Solicitation for ${ipv6Text(d, at + 8)}` : "Neighbor Solicitation";
    case 136:
      return at + 24 <= d.length ? `Neighbor Advertisement ${ipv6Text(d, at + 8)}` : "Neighbor Advertisement";
    case 143:
      return "Multicast Listener Report Message v2";
    default:
      return `ICMPv6 type ${type} code ${code}`;
  }
}

// In bit order, as Wireshark lists them: [SYN, ACK], [FIN, PSH, ACK].
const TCP_FLAGS = [
  [0x01, "FIN"],
  [0x02, "SYN"],
  [0x04, "RST"],
  [0x08, "PSH"],
  [0x10, "ACK"],
  [0x20, "URG"],
  [0x40, "ECE"],
  [0x80, "CWR"],
];

function tcp(d, at, src, dst) {
  if (at + 20 > d.length) return { source: src, destination: dst, protocol: "TCP", info: "TCP (truncated)" };
  const sport = u16(d, at);
  const dport = u16(d, at + 2);
  const seq = u32(d, at + 4);
  const ack = u32(d, at + 8);
  const headerLength = (d[at + 12] >> 4) * 4;
  const flags = d[at + 13];
  const window = u16(d, at + 14);
  const payload = Math.max(0, d.length - at - headerLength);
  const names = TCP_FLAGS.filter(([bit]) => flags & bit).map(([, name]) => name);
  let info = `${sport} → ${dport} [${names.join(", ")}] Seq=${seq}`;
  if (flags & 0x10) info += ` Ack=${ack}`;
  info += ` Win=${window} Len=${payload}`;
  if ((sport === 53 || dport === 53) && payload > 2) {
    // DNS over TCP: a two-byte length first (RFC 1035 §4.2.2).
    const dns = dnsSummary(d, at + headerLength + 2);
    if (dns) return { source: src, destination: dst, protocol: "DNS", info: dns };
  }
  return { source: src, destination: dst, protocol: "TCP", info };
}

function udp(d, at, src, dst) {
  if (at + 8 > d.length) return { source: src, destination: dst, protocol: "UDP", info: "UDP (truncated)" };
  const sport = u16(d, at);
  const dport = u16(d, at + 2);
  const length = u16(d, at + 4);
  if ([53, 5353, 5355].includes(sport) || [53, 5353, 5355].includes(dport)) {
    const dns = dnsSummary(d, at + 8);
    if (dns) return { source: src, destination: dst, protocol: sport === 5353 || dport === 5353 ? "MDNS" : "DNS", info: dns };
  }
  return { source: src, destination: dst, protocol: "UDP", info: `${sport} → ${dport} Len=${Math.max(0, length - 8)}` };
}

const DNS_TYPES = { 1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV", 64: "SVCB", 65: "HTTPS", 255: "ANY" };
const DNS_RCODES = ["No error", "Format error", "Server failure", "No such name", "Not implemented", "Refused"];

/** "Standard query 0x1a2b A example.com" or "Standard query response 0x1a2b A example.com A 93.184.216.34". */
export function dnsSummary(d, at) {
  if (at + 12 > d.length) return null;
  const id = u16(d, at);
  const flags = u16(d, at + 2);
  const questions = u16(d, at + 4);
  const answers = u16(d, at + 6);
  const response = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0x0f;
  const rcode = flags & 0x0f;
  let text = `${opcode === 0 ? "Standard query" : `Opcode ${opcode}`}${response ? " response" : ""} 0x${id.toString(16).padStart(4, "0")}`;
  if (response && rcode !== 0) text += ` ${DNS_RCODES[rcode] ?? `rcode ${rcode}`}`;
  let offset = at + 12;
  for (let i = 0; i < questions && i < 4; i++) {
    const name = dnsName(d, at, offset);
    if (!name || name.end + 4 > d.length) return text;
    const type = u16(d, name.end);
    text += ` ${DNS_TYPES[type] ?? `TYPE${type}`} ${name.text}`;
    offset = name.end + 4;
  }
  for (let i = 0; i < answers && i < 4; i++) {
    const name = dnsName(d, at, offset);
    if (!name || name.end + 10 > d.length) return text;
    const type = u16(d, name.end);
    const length = u16(d, name.end + 8);
    const rdata = name.end + 10;
    if (rdata + length > d.length) return text;
    if (type === 1 && length === 4) text += ` A ${ipv4Text(d, rdata)}`;
    else if (type === 28 && length === 16) text += ` AAAA ${ipv6Text(d, rdata)}`;
    else if (type === 5 || type === 12) text += ` ${DNS_TYPES[type]} ${dnsName(d, at, rdata)?.text ?? "?"}`;
    else text += ` ${DNS_TYPES[type] ?? `TYPE${type}`}`;
    offset = rdata + length;
  }
  return text;
}

/** A possibly compressed name (RFC 1035 §4.1.4); end is where the name ends at its original place. */
function dnsName(d, message, at) {
  const labels = [];
  let offset = at;
  let end = -1;
  for (let jumps = 0; jumps < 32; ) {
    if (offset >= d.length) return null;
    const length = d[offset];
    if (length === 0) {
      return { text: labels.length ? labels.join(".") : "<Root>", end: end < 0 ? offset + 1 : end };
    }
    if ((length & 0xc0) === 0xc0) {
      if (offset + 2 > d.length) return null;
      if (end < 0) end = offset + 2;
      offset = message + (((length & 0x3f) << 8) | d[offset + 1]);
      jumps++;
      continue;
    }
    if (offset + 1 + length > d.length) return null;
    labels.push(String.fromCharCode(...d.subarray(offset + 1, offset + 1 + length)));
    offset += 1 + length;
  }
  return null;
}
