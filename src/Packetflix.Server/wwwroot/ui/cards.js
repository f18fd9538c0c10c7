// One card per network namespace: its containers, pods and bind mounts, and its interfaces with their capture
// actions and wire links. Used by the wiring view; the wires themselves are drawn by wiringview.js.
import { element } from "./dom.js";
import { OPERATIONAL, addressesOf, displayName, isLoopback, kindOf, namespaceSlug, namespaceTarget, namespaceTitle } from "./model.js";
import { formatRoute } from "./routes.js";
import { cardTickState } from "./selection.js";
import { nifId, orderInterfaces } from "./wiring.js";

/**
 * ctx: { actions (Actions), settings, selection (selection.js Selection), expanded (Set of "netns/name"),
 *        onTick({netns, target, title}, names, checked), cardOrder (Map netns → position),
 *        later (optional: nif → true for rows to leave out until addDeferredRows builds them) }
 */
export function card(ns, byInode, ctx) {
  const title = namespaceTitle(ns);
  const ordered = orderInterfaces(ns, ctx.cardOrder);
  const names = [...ordered].map((n) => n.name).sort((a, b) => a.localeCompare(b));
  const shown = ordered.filter((n) => ctx.settings.showLo || !isLoopback(n));
  const operational = names.filter((name) => OPERATIONAL.has(ordered.find((n) => n.name === name).operstate));
  const target = namespaceTarget(ns, names);
  const slug = namespaceSlug(ns);
  const article = element("article", { className: `card${ns.initial ? " initial" : ""}`, id: `ns-${ns.netns}`, "aria-label": `Network namespace ${title}` });
  article.dataset.slug = slug;

  const owner = { netns: ns.netns, target, title };
  // The whole card in the selection: its capturable interfaces, as its container's actions capture them.
  const all = element("input", { type: "checkbox", className: "card-tick", "aria-label": `Select all interfaces of ${title}` });
  all.dataset.names = operational.join("/");
  all.disabled = operational.length === 0;
  showTickState(all, cardTickState(ctx.selection, ns.netns, operational));
  all.addEventListener("change", () => ctx.onTick(owner, operational, all.checked));
  const header = element("header", { className: "card-head" }, [
    all,
    element("h2", {}, [ns.initial ? "host (initial namespace)" : title]),
    element("span", { className: "card-links" }, [
      element("a", { href: formatRoute({ view: "details", name: slug }), className: "view-link", "aria-label": `Details of ${title}` }, ["Details"]),
      element("a", { href: formatRoute({ view: "mounts", name: slug }), className: "view-link", "aria-label": `Mounts of ${title}` }, ["Mounts"]),
    ]),
  ]);
  if (ctx.settings.showIds) header.append(element("span", { className: "inode", title: "network namespace inode" }, [`net:[${ns.netns}]`]));
  article.append(header);

  const containees = element("ul", { className: "containees", "aria-label": "Containers" });
  const containers = ns.containers ?? [];
  const pods = new Map();
  for (const c of containers) {
    if (c.pod) {
      if (!pods.has(c.pod)) pods.set(c.pod, []);
      pods.get(c.pod).push(c);
    }
  }
  for (const [pod, members] of pods) {
    const podTarget = { ...target, name: pod, type: "pod", prefix: members[0].prefix ?? "" };
    containees.append(element("li", { className: "containee pod" }, [
      element("span", { className: "tag type" }, ["pod"]),
      element("span", { className: "containee-name" }, [pod]),
      ctx.actions.make(podTarget, operational, `pod ${pod}`),
    ]));
    for (const member of members) containees.append(containerRow(member, target, operational, ctx, "in-pod"));
  }
  for (const c of containers.filter((c) => !c.pod)) containees.append(containerRow(c, target, operational, ctx));
  for (const mount of ns["bind-mounts"] ?? []) {
    containees.append(element("li", { className: "containee mount" }, [
      element("span", { className: "tag type" }, ["bind mount"]),
      element("span", { className: "containee-name" }, [mount]),
    ]));
  }
  if (containees.childElementCount > 0) article.append(containees);
  if (ns.initial && containers.length === 0) {
    const hostTarget = { ...target, name: "host", type: "proc", prefix: "" };
    article.append(element("p", { className: "containee" }, ["All interfaces of the host ", ctx.actions.make(hostTarget, operational, "the host")]));
  }

  const list = element("ul", { className: "nifs", "aria-label": "Network interfaces" });
  const rowContext = { ...ctx, byInode, target, title, names, owner };
  const later = ctx.later ? shown.filter(ctx.later) : [];
  for (const nif of shown) if (!later.includes(nif)) list.append(interfaceRow(ns, nif, rowContext));
  if (later.length > 0) deferred.set(article, { ns, shown, later, rowContext, list });
  article.append(list);

  const search = [title, `${ns.netns}`, slug, ...(ns["bind-mounts"] ?? [])];
  for (const c of containers) search.push(c.name, c.type, c.prefix, displayName(c), c.pod ?? "", c["container-id"] ?? "", c.state ?? "");
  for (const n of ordered) search.push(n.name, n.kind, n.mac ?? "", ...addressesOf(n));
  article.dataset.search = search.join(" ").toLowerCase();
  return article;
}

/** Rows card() left out (ctx.later), by card. */
const deferred = new WeakMap();

/**
 * Builds the rows card() left out for which ready(nif) holds now, each in its place in the card's order (the host
 * card's veths of a progressive render: each with the card its wire leads to, see wiringview.js).
 */
export function addDeferredRows(article, ready) {
  const entry = deferred.get(article);
  if (!entry) return;
  const now = new Set(entry.later.filter(ready));
  if (now.size === 0) return;
  entry.later = entry.later.filter((nif) => !now.has(nif));
  const built = new Map([...entry.list.children].map((li) => [li.id, li]));
  // Backwards, so that each row goes before the row after it in the order, built before or just now.
  let next = null;
  for (let i = entry.shown.length - 1; i >= 0; i--) {
    const nif = entry.shown[i];
    if (now.has(nif)) {
      const li = interfaceRow(entry.ns, nif, entry.rowContext);
      entry.list.insertBefore(li, next);
      next = li;
    } else {
      next = built.get(nifId(entry.ns.netns, nif.index)) ?? next;
    }
  }
  if (entry.later.length === 0) deferred.delete(article);
}

function containerRow(container, target, nifs, ctx, extraClass = "") {
  const label = displayName(container);
  const condition = (container.state || "unknown").toLowerCase();
  return element("li", { className: `containee ${extraClass}` }, [
    element("span", { className: `state-dot state-${condition}`, title: condition }),
    element("span", { className: "tag type" }, [container.type || "?"]),
    element("span", { className: "containee-name" }, [label]),
    element("span", { className: "state-text" }, [condition]),
    ctx.actions.make({ ...target, name: container.name, type: container.type, prefix: container.prefix ?? "" }, nifs, label),
  ]);
}

function wireLink(netns, index, text) {
  const link = element("a", { href: `#${nifId(netns, index)}`, className: "wire-link" }, [text]);
  link.dataset.wire = nifId(netns, index);
  return link;
}

function interfaceRow(ns, nif, context) {
  const { byInode, target, title, names, settings, selection, expanded, owner } = context;
  const up = OPERATIONAL.has(nif.operstate);
  const key = `${ns.netns}/${nif.name}`;
  const detailsId = `nif-${ns.netns}-${nif.index}`;
  const families = { ipv4: settings.ipv4, ipv6: settings.ipv6 };
  const addresses = addressesOf(nif, families);
  const li = element("li", { className: `nif ${up ? "up" : "down"}${isLoopback(nif) ? " lo" : ""}`, id: nifId(ns.netns, nif.index) });
  li.dataset.netns = String(ns.netns);
  li.dataset.name = nif.name;

  const tick = element("input", { type: "checkbox", className: "nif-tick", "aria-label": `Select ${nif.name} of ${title} for a multi-interface capture` });
  tick.disabled = !up;
  tick.checked = selection.has(ns.netns, nif.name);
  tick.addEventListener("change", () => context.onTick(owner, [nif.name], tick.checked));

  const toggle = element("button", { type: "button", className: "nif-name", "aria-expanded": "false", "aria-controls": detailsId, title: addresses.join("\n") || "no addresses" }, [nif.name]);
  // Filled when first opened: most rows are never opened, and ten elements per row are a third of a large page.
  const details = element("dl", { className: "nif-details", id: detailsId });
  const fill = () => {
    if (details.childElementCount > 0) return;
    const facts = [
      ["Addresses", addresses.length ? addresses.join(", ") : "none"],
      ["MAC", nif.mac || "—"],
      ["MTU", String(nif.mtu ?? "—")],
      ["Index", String(nif.index)],
      ["State", nif.operstate || "?"],
    ];
    for (const [term, value] of facts) details.append(element("dt", {}, [term]), element("dd", {}, [value]));
  };
  const open = expanded.has(key);
  if (open) fill();
  details.hidden = !open;
  toggle.setAttribute("aria-expanded", String(open));
  toggle.addEventListener("click", () => {
    const show = details.hidden;
    if (show) fill();
    details.hidden = !show;
    toggle.setAttribute("aria-expanded", String(show));
    if (show) expanded.add(key);
    else expanded.delete(key);
    li.dispatchEvent(new CustomEvent("pf-resize", { bubbles: true }));
  });

  const head = element("div", { className: "nif-head" }, [
    tick,
    toggle,
    element("span", { className: "tag kind" }, [kindOf(nif)]),
    element("span", { className: `tag oper ${up ? "oper-up" : "oper-down"}` }, [up ? (nif.operstate === "UP" ? "up" : "unknown") : (nif.operstate || "down").toLowerCase()]),
  ]);
  const first = addresses[0];
  if (first) head.append(element("span", { className: "addr" }, [first]));
  if (settings.showMacs && nif.mac) head.append(element("span", { className: "addr mac" }, [nif.mac]));

  const wires = element("div", { className: "wires" });
  if (nif.peer) {
    const peerNs = byInode.get(nif.peer.netns);
    const where = peerNs ? (peerNs === ns ? "this namespace" : namespaceTitle(peerNs)) : `netns ${nif.peer.netns}`;
    wires.append(element("span", { className: "wire", title: "veth peer" }, ["↔ ", wireLink(nif.peer.netns, nif.peer.index, nif.peer.name || `#${nif.peer.index}`), ` in ${where}`]));
  }
  if (nif.master) {
    wires.append(element("span", { className: "wire", title: "master device" }, [nif.kind === "macvlan" || nif.kind === "ipvlan" ? "on " : "port of ", wireLink(ns.netns, nif.master.index, nif.master.name)]));
  }
  const ports = (ns["network-interfaces"] ?? []).filter((other) => other.master && other.master.index === nif.index);
  if (ports.length > 0) {
    const span = element("span", { className: "wire", title: "ports" }, [nif.kind === "bridge" ? "ports: " : "slaves: "]);
    ports.forEach((port, i) => {
      if (i > 0) span.append(", ");
      span.append(wireLink(ns.netns, port.index, port.name));
    });
    wires.append(span);
  }
  if (wires.childElementCount > 0) head.append(wires);

  head.append(context.actions.make({ ...target, interfaces: names }, [nif.name], `${nif.name} of ${title}`, { disabled: !up }));
  li.append(head, details);
  return li;
}

/** A whole-card box shows "all" as checked, "some" as indeterminate (HTML's mixed state), "none" as clear. */
export function showTickState(box, state) {
  box.checked = state === "all";
  box.indeterminate = state === "some";
}
