// The Packetflix web UI: one card per network namespace from the discovery JSON ("json" relative to the base),
// with capture actions on every container, pod and interface. Plain DOM, no framework, no build step.
import { downloadLink, wiresharkLink } from "./links.js";
import { LiveView } from "./liveview.js";
import { element, fin } from "./dom.js";
import { authFetch, installDownloadTickets } from "./auth.js";

const STORAGE = "packetflix.";
const OPERATIONAL = new Set(["UP", "UNKNOWN"]);

const store = {
  get(key, fallback) {
    try {
      const value = localStorage.getItem(STORAGE + key);
      return value === null ? fallback : value;
    } catch {
      return fallback;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(STORAGE + key, value);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  },
};

const $ = (id) => document.getElementById(id);
const ui = {
  cards: $("cards"),
  status: $("status"),
  count: $("ns-count"),
  filter: $("filter"),
  refresh: $("refresh"),
  reload: $("reload"),
  duration: $("duration"),
  packetCount: $("count"),
  theme: $("theme"),
  selection: $("selection"),
  selectionText: $("selection-text"),
  selectionActions: $("selection-actions"),
  selectionClear: $("selection-clear"),
  footer: $("footer"),
};

const state = {
  signature: "",
  timer: 0,
  loading: false,
  /** Download anchors and what they capture, so that a change of limits updates them in place. */
  downloads: [],
  /** Interfaces ticked for a multi-interface capture; they all belong to one network namespace. */
  selection: { netns: null, target: null, title: "", names: [] },
  expanded: new Set(),
};

const live = new LiveView($("live"));

function limits() {
  return { duration: ui.duration.value.trim(), count: ui.packetCount.value.trim() };
}

function displayName(container) {
  return container.prefix ? `[${container.prefix}]:${container.name}` : container.name;
}

function namespaceTitle(ns) {
  const containers = ns.containers ?? [];
  if (containers.length > 0) {
    const pods = [...new Set(containers.map((c) => c.pod).filter(Boolean))];
    return pods.length > 0 ? pods.join(", ") : containers.map(displayName).join(", ");
  }
  if (ns.initial) return "host";
  const mounts = ns["bind-mounts"] ?? [];
  return mounts.length > 0 ? mounts.join(", ") : `netns ${ns.netns}`;
}

/** Who a capture of this namespace is for: its first container, else its bind mount, else nobody in particular. */
function namespaceTarget(ns, interfaces) {
  const first = (ns.containers ?? [])[0];
  if (first) {
    return { netns: ns.netns, interfaces, name: first.name, type: first.type, prefix: first.prefix ?? "" };
  }
  const mount = (ns["bind-mounts"] ?? [])[0];
  if (mount) {
    return { netns: ns.netns, interfaces, name: mount.split("/").pop(), type: "bindmount", prefix: "" };
  }
  return { netns: ns.netns, interfaces, name: ns.initial ? "host" : "", type: ns.initial ? "proc" : "", prefix: "" };
}

function actions(target, nifs, label, { disabled = false } = {}) {
  const span = element("span", { className: "actions" });
  const shark = element("a", { className: "btn shark", "aria-label": `Open ${label} in Wireshark`, title: "Open in Wireshark (needs the cshargextcap plugin)" }, [
    fin(),
    "Wireshark",
  ]);
  const download = element("a", { className: "btn", "aria-label": `Download pcapng of ${label}`, title: "Download a pcapng file (see the limits above)" }, [
    "Download",
  ]);
  const view = element("button", { type: "button", className: "btn", "aria-label": `Live view of ${label}` }, ["Live"]);
  if (disabled || nifs.length === 0) {
    for (const a of [shark, download]) {
      a.setAttribute("aria-disabled", "true");
      a.classList.add("disabled");
    }
    view.disabled = true;
  } else {
    shark.href = wiresharkLink(target, nifs);
    download.href = downloadLink(target, nifs, limits());
    download.setAttribute("download", "");
    state.downloads.push({ anchor: download, target, nifs });
    view.addEventListener("click", () => live.open(target, nifs, label));
  }
  span.append(shark, download, view);
  return span;
}

function addressesOf(nif) {
  const addresses = nif.addresses ?? {};
  return [...(addresses.ipv4 ?? []), ...(addresses.ipv6 ?? [])].map((a) => `${a.address}/${a.prefixlen}`);
}

function kindOf(nif) {
  if (nif.kind) return nif.kind;
  return nif.name === "lo" ? "loopback" : "device";
}

function interfaceRow(ns, nif, context) {
  const { byInode, target, title, names } = context;
  const up = OPERATIONAL.has(nif.operstate);
  const key = `${ns.netns}/${nif.name}`;
  const detailsId = `nif-${ns.netns}-${nif.index}`;
  const addresses = addressesOf(nif);
  const li = element("li", { className: `nif ${up ? "up" : "down"}`, id: `nif-${ns.netns}-i${nif.index}` });
  li.dataset.netns = String(ns.netns);
  li.dataset.name = nif.name;

  const tick = element("input", { type: "checkbox", "aria-label": `Select ${nif.name} of ${title} for a multi-interface capture` });
  tick.disabled = !up;
  tick.checked = state.selection.netns === ns.netns && state.selection.names.includes(nif.name);
  tick.addEventListener("change", () => toggleSelection(ns, target, title, nif.name, tick.checked));

  const toggle = element("button", { type: "button", className: "nif-name", "aria-expanded": "false", "aria-controls": detailsId, title: addresses.join("\n") || "no addresses" }, [nif.name]);
  const details = element("dl", { className: "nif-details", id: detailsId });
  const facts = [
    ["Addresses", addresses.length ? addresses.join(", ") : "none"],
    ["MAC", nif.mac || "—"],
    ["MTU", String(nif.mtu ?? "—")],
    ["Index", String(nif.index)],
    ["State", nif.operstate || "?"],
  ];
  for (const [term, value] of facts) details.append(element("dt", {}, [term]), element("dd", {}, [value]));
  const open = state.expanded.has(key);
  details.hidden = !open;
  toggle.setAttribute("aria-expanded", String(open));
  toggle.addEventListener("click", () => {
    const show = details.hidden;
    details.hidden = !show;
    toggle.setAttribute("aria-expanded", String(show));
    if (show) state.expanded.add(key);
    else state.expanded.delete(key);
  });

  const head = element("div", { className: "nif-head" }, [
    tick,
    toggle,
    element("span", { className: "tag kind" }, [kindOf(nif)]),
    element("span", { className: `tag oper ${up ? "oper-up" : "oper-down"}` }, [up ? (nif.operstate === "UP" ? "up" : "unknown") : (nif.operstate || "down").toLowerCase()]),
  ]);
  const firstV4 = (nif.addresses?.ipv4 ?? [])[0];
  if (firstV4) head.append(element("span", { className: "addr" }, [`${firstV4.address}/${firstV4.prefixlen}`]));

  const wires = element("div", { className: "wires" });
  if (nif.peer) {
    const peerNs = byInode.get(nif.peer.netns);
    const where = peerNs ? (peerNs === ns ? "this namespace" : namespaceTitle(peerNs)) : `netns ${nif.peer.netns}`;
    const link = element("a", { href: `#nif-${nif.peer.netns}-i${nif.peer.index}`, className: "wire-link" }, [nif.peer.name || `#${nif.peer.index}`]);
    link.dataset.wire = `nif-${nif.peer.netns}-i${nif.peer.index}`;
    wires.append(element("span", { className: "wire", title: "veth peer" }, ["↔ ", link, ` in ${where}`]));
  }
  if (nif.master) {
    const link = element("a", { href: `#nif-${ns.netns}-i${nif.master.index}`, className: "wire-link" }, [nif.master.name]);
    link.dataset.wire = `nif-${ns.netns}-i${nif.master.index}`;
    wires.append(element("span", { className: "wire", title: "master device" }, [nif.kind === "macvlan" ? "on " : "port of ", link]));
  }
  const ports = (ns["network-interfaces"] ?? []).filter((other) => other.master && other.master.index === nif.index);
  if (ports.length > 0) {
    const span = element("span", { className: "wire", title: "ports" }, [nif.kind === "bridge" ? "ports: " : "slaves: "]);
    ports.forEach((port, i) => {
      const link = element("a", { href: `#nif-${ns.netns}-i${port.index}`, className: "wire-link" }, [port.name]);
      link.dataset.wire = `nif-${ns.netns}-i${port.index}`;
      if (i > 0) span.append(", ");
      span.append(link);
    });
    wires.append(span);
  }
  if (wires.childElementCount > 0) head.append(wires);

  head.append(actions({ ...target, interfaces: names }, [nif.name], `${nif.name} of ${title}`, { disabled: !up }));
  li.append(head, details);
  return li;
}

function containerRow(container, target, nifs, extraClass = "") {
  const label = displayName(container);
  const condition = (container.state || "unknown").toLowerCase();
  return element("li", { className: `containee ${extraClass}` }, [
    element("span", { className: `state-dot state-${condition}`, title: condition }),
    element("span", { className: "tag type" }, [container.type || "?"]),
    element("span", { className: "containee-name" }, [label]),
    element("span", { className: "state-text" }, [condition]),
    actions({ ...target, name: container.name, type: container.type, prefix: container.prefix ?? "" }, nifs, label),
  ]);
}

function card(ns, byInode) {
  const title = namespaceTitle(ns);
  const nifsAll = [...(ns["network-interfaces"] ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const names = nifsAll.map((n) => n.name);
  const operational = nifsAll.filter((n) => OPERATIONAL.has(n.operstate)).map((n) => n.name);
  const target = namespaceTarget(ns, names);
  const article = element("article", { className: `card${ns.initial ? " initial" : ""}`, id: `ns-${ns.netns}`, "aria-label": `Network namespace ${title}` });

  const header = element("header", { className: "card-head" }, [
    element("h2", {}, [ns.initial ? "host (initial namespace)" : title]),
    element("span", { className: "inode", title: "network namespace inode" }, [`net:[${ns.netns}]`]),
  ]);
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
      actions(podTarget, operational, `pod ${pod}`),
    ]));
    for (const member of members) containees.append(containerRow(member, target, operational, "in-pod"));
  }
  for (const c of containers.filter((c) => !c.pod)) containees.append(containerRow(c, target, operational));
  for (const mount of ns["bind-mounts"] ?? []) {
    containees.append(element("li", { className: "containee mount" }, [
      element("span", { className: "tag type" }, ["bind mount"]),
      element("span", { className: "containee-name" }, [mount]),
    ]));
  }
  if (containees.childElementCount > 0) article.append(containees);
  if (ns.initial && containers.length === 0) {
    const hostTarget = { ...target, name: "host", type: "proc", prefix: "" };
    article.append(element("p", { className: "containee" }, ["All interfaces of the host ", actions(hostTarget, operational, "the host")]));
  }

  const list = element("ul", { className: "nifs", "aria-label": "Network interfaces" });
  const context = { byInode, target, title, names };
  for (const nif of nifsAll) list.append(interfaceRow(ns, nif, context));
  article.append(list);

  const search = [title, `${ns.netns}`, ...(ns["bind-mounts"] ?? [])];
  for (const c of containers) search.push(c.name, c.type, c.prefix, displayName(c), c.pod ?? "", c["container-id"] ?? "", c.state ?? "");
  for (const n of nifsAll) search.push(n.name, n.kind, n.mac ?? "", ...addressesOf(n));
  article.dataset.search = search.join(" ").toLowerCase();
  return article;
}

function toggleSelection(ns, target, title, name, checked) {
  const selection = state.selection;
  if (checked && selection.netns !== null && selection.netns !== ns.netns) {
    for (const box of ui.cards.querySelectorAll(`li.nif[data-netns="${selection.netns}"] input[type=checkbox]`)) box.checked = false;
    selection.names = [];
    setStatus("The selection was cleared: a capture can combine interfaces of one network namespace only.");
  }
  if (checked) {
    selection.netns = ns.netns;
    selection.target = target;
    selection.title = title;
    if (!selection.names.includes(name)) selection.names.push(name);
  } else {
    selection.names = selection.names.filter((n) => n !== name);
  }
  if (selection.names.length === 0) selection.netns = null;
  selection.names.sort((a, b) => a.localeCompare(b));
  renderSelection();
}

function renderSelection() {
  const selection = state.selection;
  state.downloads = state.downloads.filter((d) => !ui.selectionActions.contains(d.anchor));
  ui.selectionActions.replaceChildren();
  if (selection.names.length === 0) {
    ui.selection.hidden = true;
    return;
  }
  const nifs = selection.names;
  ui.selectionText.textContent = `${nifs.length} interface${nifs.length === 1 ? "" : "s"} of ${selection.title}: ${nifs.join(", ")}`;
  ui.selectionActions.append(...actions(selection.target, nifs, `${nifs.join(", ")} of ${selection.title}`).childNodes);
  ui.selection.hidden = false;
}

function clearSelection() {
  for (const box of ui.cards.querySelectorAll("li.nif input[type=checkbox]")) box.checked = false;
  state.selection = { netns: null, target: null, title: "", names: [] };
  renderSelection();
}

function render(data) {
  const namespaces = [...(data["network-namespaces"] ?? [])];
  const byInode = new Map(namespaces.map((ns) => [ns.netns, ns]));
  namespaces.sort((a, b) => (a.initial === b.initial ? namespaceTitle(a).localeCompare(namespaceTitle(b)) : a.initial ? -1 : 1));
  state.downloads = state.downloads.filter((d) => ui.selectionActions.contains(d.anchor));
  const focusedId = document.activeElement?.closest?.("[id]")?.id;
  const fragment = document.createDocumentFragment();
  for (const ns of namespaces) fragment.append(card(ns, byInode));
  ui.cards.replaceChildren(fragment);
  if (state.selection.netns !== null && !byInode.has(state.selection.netns)) clearSelection();
  if (focusedId && ui.cards.querySelector(`#${CSS.escape(focusedId)}`)) ui.cards.querySelector(`#${CSS.escape(focusedId)}`).focus?.();
  renderFooter(data);
  applyFilter();
}

function renderFooter(data) {
  const meta = data.metadata ?? {};
  const engines = (data.engines ?? []).map((e) => `${e.type} ${e.version}`).join(", ");
  ui.footer.replaceChildren(
    element("span", {}, [`${meta.hostname ?? "?"}`]),
    element("span", {}, [`kernel ${meta["kernel-version"] ?? "?"}`]),
    element("span", {}, [engines ? `engines: ${engines}` : "no container engines"]),
    element("span", {}, [`${meta["creator-id"] ?? "packetflix"} ${meta["creator-version"] ?? ""}`]),
  );
}

function applyFilter() {
  const terms = ui.filter.value.toLowerCase().split(/\s+/).filter(Boolean);
  const cards = [...ui.cards.querySelectorAll("article.card")];
  let shown = 0;
  for (const c of cards) {
    const visible = terms.every((t) => c.dataset.search.includes(t));
    c.hidden = !visible;
    if (visible) shown++;
  }
  ui.count.textContent = shown === cards.length ? `${cards.length}` : `${shown} of ${cards.length}`;
  if (cards.length > 0 && shown === 0) setStatus(`Nothing matches “${ui.filter.value}”.`, "filter");
  else if (ui.status.dataset.kind === "filter") setStatus("");
}

function setStatus(text, kind = "") {
  ui.status.textContent = text;
  ui.status.dataset.kind = kind;
  ui.status.classList.toggle("error", kind === "error");
}

async function load() {
  if (state.loading) return;
  state.loading = true;
  try {
    const response = await authFetch("json", { cache: "no-store", headers: { Accept: "application/json" } });
    if (!response.ok) {
      setStatus(`Discovery is not available: HTTP ${response.status} ${response.statusText}`.trim(), "error");
      return;
    }
    const data = await response.json();
    // Re-render only on change, so that an auto-refresh does not steal the keyboard focus or the scroll position.
    const signature = JSON.stringify([data["network-namespaces"], data.engines]);
    if (ui.status.dataset.kind === "error") setStatus("");
    if (signature !== state.signature) {
      state.signature = signature;
      render(data);
    }
    document.body.dataset.loaded = "true";
  } catch (e) {
    setStatus(`Discovery failed: ${e.message}`, "error");
  } finally {
    state.loading = false;
  }
}

function schedule() {
  clearInterval(state.timer);
  const interval = Number(ui.refresh.value);
  if (interval > 0) state.timer = setInterval(load, interval);
}

function applyTheme() {
  const theme = ui.theme.value;
  if (theme === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.dataset.theme = theme;
}

function updateDownloads() {
  const current = limits();
  for (const d of state.downloads) d.anchor.href = downloadLink(d.target, d.nifs, current);
}

function init() {
  installDownloadTickets();
  ui.theme.value = store.get("theme", "system");
  applyTheme();
  ui.theme.addEventListener("change", () => {
    store.set("theme", ui.theme.value);
    applyTheme();
  });

  ui.filter.value = store.get("filter", "");
  ui.filter.addEventListener("input", () => {
    store.set("filter", ui.filter.value);
    applyFilter();
  });
  ui.filter.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      ui.filter.value = "";
      store.set("filter", "");
      applyFilter();
    }
  });

  ui.refresh.value = store.get("refresh", "0");
  if (ui.refresh.selectedIndex < 0) ui.refresh.value = "0";
  ui.refresh.addEventListener("change", () => {
    store.set("refresh", ui.refresh.value);
    schedule();
  });
  ui.reload.addEventListener("click", () => {
    state.signature = "";
    load();
  });

  ui.duration.value = store.get("duration", "60");
  ui.packetCount.value = store.get("count", "");
  for (const [input, key] of [[ui.duration, "duration"], [ui.packetCount, "count"]]) {
    input.addEventListener("input", () => {
      store.set(key, input.value.trim());
      updateDownloads();
    });
  }

  ui.selectionClear.addEventListener("click", clearSelection);

  document.addEventListener("keydown", (e) => {
    const target = e.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target?.isContentEditable;
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      ui.filter.focus();
      ui.filter.select();
    }
  });

  // Hovering or focusing a wire link highlights the interface at its other end.
  for (const type of ["mouseover", "focusin"]) {
    ui.cards.addEventListener(type, (e) => {
      const link = e.target.closest?.("a.wire-link");
      if (link) document.getElementById(link.dataset.wire)?.classList.add("highlight");
    });
  }
  for (const type of ["mouseout", "focusout"]) {
    ui.cards.addEventListener(type, (e) => {
      const link = e.target.closest?.("a.wire-link");
      if (link) document.getElementById(link.dataset.wire)?.classList.remove("highlight");
    });
  }

  schedule();
  load();
}

init();
