// The wiring model, pure: which interfaces are joined by a wire, in which order the cards and interfaces go so
// that wires stay short, and the geometry of a wire between two boxes. wiringview.js puts it in the DOM.
import { isLoopback, sortNamespaces } from "./model.js";

/** The DOM id of an interface row; wires end on these. */
export function nifId(netns, index) {
  return `nif-${netns}-i${index}`;
}

/**
 * Every wire of the discovery data: veth peers (once per pair), bridge/bond ports to their master, macvlan and
 * ipvlan to their lower device, vxlan to its underlay, and physical NICs to the outside. `a` and `b` are
 * {netns, index}; `b` is null for the outside. A peer in a namespace the data does not hold gets no wire.
 */
export function wiresOf(namespaces) {
  const present = new Set();
  for (const ns of namespaces) for (const nif of ns["network-interfaces"] ?? []) present.add(nifId(ns.netns, nif.index));
  const wires = [];
  const seen = new Set();
  const add = (kind, a, b) => {
    const ida = nifId(a.netns, a.index);
    const idb = b ? nifId(b.netns, b.index) : "outside";
    if (b && !present.has(idb)) return;
    const key = [ida, idb].sort().join("|") + kind;
    if (seen.has(key)) return;
    seen.add(key);
    wires.push({ id: `wire-${ida}-${idb}`, kind, a: { ...a, id: ida }, b: b ? { ...b, id: idb } : null });
  };
  for (const ns of namespaces) {
    for (const nif of ns["network-interfaces"] ?? []) {
      const self = { netns: ns.netns, index: nif.index };
      if (nif.peer && nif.peer.netns !== undefined && nif.peer.index !== undefined) {
        add("veth", self, { netns: nif.peer.netns, index: nif.peer.index });
      }
      if (nif.master && nif.master.index !== undefined) {
        const kind = nif.kind === "macvlan" || nif.kind === "ipvlan" ? nif.kind : "port";
        add(kind, self, { netns: ns.netns, index: nif.master.index });
      }
      // The lower device of a macvlan/ipvlan or the underlay of a vxlan, when the server reports one (optional).
      const lower = nif.link ?? nif.underlay;
      if (lower && lower.index !== undefined) {
        add(nif.kind || "link", self, { netns: lower.netns ?? ns.netns, index: lower.index });
      }
      if (isPhysical(nif)) add("outside", self, null);
    }
  }
  return wires;
}

/** A NIC with no kind that is not loopback and has no peer: hardware, so it leads outside the host. */
export function isPhysical(nif) {
  return !nif.kind && !isLoopback(nif) && !nif.peer && nif.mac !== "00:00:00:00:00:00";
}

/**
 * The card layout: the initial namespace in a column of its own (it holds the host ends of every container's
 * veth, so it is the tallest card), then the others by title. Its interfaces follow the cards they lead to, so
 * wires from the host column fan out in order instead of crossing.
 */
export function arrange(namespaces) {
  const sorted = sortNamespaces(namespaces);
  const host = sorted.find((ns) => ns.initial) ?? null;
  const others = sorted.filter((ns) => ns !== host);
  return { host, others };
}

/**
 * Interfaces of a card in display order: loopback, physical, then bridges each followed by its ports, then the
 * rest; veths among them ordered by the position of the card their peer is on (`cardOrder`: netns → position).
 */
export function orderInterfaces(ns, cardOrder = new Map()) {
  const nifs = [...(ns["network-interfaces"] ?? [])];
  const peerPos = (nif) => (nif.peer ? cardOrder.get(nif.peer.netns) ?? Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER);
  const rank = (nif) => (isLoopback(nif) ? 0 : isPhysical(nif) ? 1 : nif.kind === "bridge" || nif.kind === "bond" ? 2 : 3);
  const byName = (a, b) => peerPos(a) - peerPos(b) || a.name.localeCompare(b.name);
  const masters = nifs.filter((n) => rank(n) < 3).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const result = [];
  const placed = new Set();
  for (const m of masters) {
    result.push(m);
    placed.add(m);
    const ports = nifs.filter((n) => !placed.has(n) && n.master && n.master.index === m.index).sort(byName);
    for (const p of ports) {
      result.push(p);
      placed.add(p);
    }
  }
  result.push(...nifs.filter((n) => !placed.has(n)).sort(byName));
  return result;
}

/**
 * The SVG path of a wire between two boxes ({left, top, right, bottom} in the overlay's coordinates). Boxes
 * side by side are joined from the facing edges; boxes one above the other (same column, or the same card) are
 * joined on their right edges by a loop that bulges right. `b` null is the outside: a short stub to the left.
 * Returns the path and its two end points.
 */
export function wirePath(a, b) {
  const ay = (a.top + a.bottom) / 2;
  if (!b) {
    const start = { x: a.left, y: ay };
    const end = { x: a.left - 18, y: ay };
    return { d: `M ${f(start.x)} ${f(start.y)} H ${f(end.x)}`, start, end };
  }
  const by = (b.top + b.bottom) / 2;
  let start;
  let end;
  let c1;
  let c2;
  if (a.right <= b.left || b.right <= a.left) {
    const leftToRight = a.right <= b.left;
    start = { x: leftToRight ? a.right : a.left, y: ay };
    end = { x: leftToRight ? b.left : b.right, y: by };
    const dx = Math.max(24, Math.abs(end.x - start.x) / 2) * (leftToRight ? 1 : -1);
    c1 = { x: start.x + dx, y: start.y };
    c2 = { x: end.x - dx, y: end.y };
  } else {
    start = { x: a.right, y: ay };
    end = { x: b.right, y: by };
    const bulge = Math.max(a.right, b.right) + 16 + Math.min(48, Math.abs(by - ay) / 6);
    c1 = { x: bulge, y: start.y };
    c2 = { x: bulge, y: end.y };
  }
  return { d: `M ${f(start.x)} ${f(start.y)} C ${f(c1.x)} ${f(c1.y)} ${f(c2.x)} ${f(c2.y)} ${f(end.x)} ${f(end.y)}`, start, end };
}

function f(n) {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
