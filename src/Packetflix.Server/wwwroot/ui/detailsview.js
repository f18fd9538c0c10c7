// The details view (#/n/<name>): one network namespace with its containers (labels, DNS, capabilities, CPU
// affinity, scheduling), interfaces, routes, sockets and forwarded ports, each section collapsible, with the
// capture actions. The name is resolved again on every refresh, so the view follows a restarted container.
import { element, notAvailable, section } from "./dom.js";
import { capabilityRows, dnsRows, forwardedRows, hostsRows, labelRows, processRows, routeRows, socketRows } from "./details.js";
import { OPERATIONAL, addressesOf, displayName, kindOf, namespaceSlug, namespaceTarget, namespaceTitle, resolveNamespace, sortNamespaces } from "./model.js";
import { formatRoute } from "./routes.js";

export function renderDetails(root, data, name, ctx) {
  const namespaces = data["network-namespaces"] ?? [];
  if (!name) {
    root.replaceChildren(element("h2", {}, ["Details"]), element("p", {}, ["Pick a network namespace:"]), pickList(sortNamespaces(namespaces)));
    return;
  }
  const ns = resolveNamespace(namespaces, name);
  if (!ns) {
    root.replaceChildren(element("h2", {}, [`Details of ${name}`]), notAvailable(`nothing is named “${name}” right now`), pickList(sortNamespaces(namespaces)));
    return;
  }
  const settings = ctx.settings();
  const families = { ipv4: settings.ipv4, ipv6: settings.ipv6 };
  const nifs = [...(ns["network-interfaces"] ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const names = nifs.map((n) => n.name);
  const operational = nifs.filter((n) => OPERATIONAL.has(n.operstate)).map((n) => n.name);
  const target = namespaceTarget(ns, names);
  const title = namespaceTitle(ns);
  const head = element("header", { className: "details-head" }, [
    element("h2", {}, [ns.initial ? "host (initial namespace)" : title]),
    element("span", { className: "inode" }, [`net:[${ns.netns}]`]),
    // With containers, each container's section has the capture actions; without, the namespace gets them here.
    ...((ns.containers ?? []).length === 0 ? [ctx.actions.make(target, operational, title)] : []),
    element("a", { href: formatRoute({ view: "wiring", name: namespaceSlug(ns) }), className: "view-link" }, ["Show in wiring"]),
  ]);
  head.dataset.netns = String(ns.netns);
  const parts = [head];
  if (ns.partial) parts.push(element("p", { className: "partial" }, [`Partial data: ${ns.reason ?? "no reason given"}`]));

  for (const c of ns.containers ?? []) parts.push(containerSection(c, target, operational, ctx));
  parts.push(section("Network interfaces", [table(["Name", "Kind", "State", "Addresses", "MAC", "Capture"], nifs.map((n) => [
    n.name, kindOf(n), n.operstate ?? "?", addressesOf(n, families).join(", ") || "none", n.mac || "—",
    ctx.actions.make({ ...target, interfaces: names }, [n.name], `${n.name} of ${title}`, { disabled: !OPERATIONAL.has(n.operstate) }),
  ]))], { id: "sec-interfaces" }));
  parts.push(section("Routes", [tableOrNa(["Family", "Destination", "Gateway", "Device", "Table", "Metric", "Scope", "Protocol"], routeRows(ns, families))], { id: "sec-routes" }));
  parts.push(section("Sockets", [tableOrNa(["Protocol", "State", "Local", "Remote", "Process", "Container"], socketRows(ns))], { id: "sec-sockets" }));
  parts.push(section("Forwarded ports", [tableOrNa(["Protocol", "Host", "Container", "Port", "Source"], forwardedRows(ns))], { id: "sec-forwarded" }));
  root.replaceChildren(...parts);
}

function containerSection(c, target, nifs, ctx) {
  const label = displayName(c);
  const d = c.details;
  const children = [
    facts([["Type", c.type || "?"], ["State", c.state || "unknown"], ["ID", c["container-id"] || "—"], ["PID", String(c.pid ?? "—")], ["Pod", c.pod || "—"]]),
    ctx.actions.make({ ...target, name: c.name, type: c.type, prefix: c.prefix ?? "" }, nifs, label),
  ];
  if (d?.partial) children.push(element("p", { className: "partial" }, [`Partial data: ${d.reason ?? "no reason given"}`]));
  const labels = labelRows(c);
  children.push(section("Labels", [labels.length ? facts(labels) : element("p", { className: "na" }, ["none"])], { open: labels.length <= 10 }));
  const dns = dnsRows(d);
  const hosts = hostsRows(d);
  children.push(section("DNS", dns ? [facts(dns), element("h4", {}, ["/etc/hosts"]), hosts ? table(["Address", "Names"], hosts) : notAvailable()] : [notAvailable()]));
  const caps = capabilityRows(d);
  children.push(section("Capabilities", [caps ? capabilityList(caps) : notAvailable()], { open: false }));
  const process = processRows(d);
  children.push(section("CPU and scheduling", [process ? facts(process) : notAvailable()]));
  const node = section(`Container ${label}`, children);
  node.classList.add("container-section");
  return node;
}

function capabilityList(caps) {
  const nonDefault = caps.filter((c) => c.nonDefault).length;
  const list = element("ul", { className: "caps" }, caps.map((c) =>
    element("li", { className: c.nonDefault ? "cap non-default" : "cap" }, c.nonDefault ? [c.name, element("span", { className: "tag warn" }, ["non-default"])] : [c.name])));
  return element("div", {}, [element("p", {}, [`${caps.length} in the bounding set, ${nonDefault} not in the engine's default set`]), list]);
}

function facts(pairs) {
  const dl = element("dl", { className: "facts" });
  for (const [term, value] of pairs) dl.append(element("dt", {}, [term]), element("dd", {}, [value]));
  return dl;
}

export function table(columns, rows) {
  return element("table", { className: "grid" }, [
    element("thead", {}, [element("tr", {}, columns.map((c) => element("th", { scope: "col" }, [c])))]),
    element("tbody", {}, rows.map((r) => element("tr", {}, r.map((v) => element("td", {}, [v]))))),
  ]);
}

function tableOrNa(columns, rows) {
  if (rows === null) return notAvailable();
  if (rows.length === 0) return element("p", { className: "na" }, ["none"]);
  return table(columns, rows);
}

function pickList(namespaces) {
  return element("ul", { className: "pick" }, namespaces.map((ns) => {
    const slug = namespaceSlug(ns);
    return element("li", {}, [element("a", { href: formatRoute({ view: "details", name: slug }) }, [ns.initial ? "host" : namespaceTitle(ns)])]);
  }));
}
