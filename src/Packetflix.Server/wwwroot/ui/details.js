// The details of a network namespace and its containers, as rows ready to show, pure. Every part the service
// may not send (docs/discovery.md: routes, sockets, forwarded ports, a container's details) comes back as null,
// which the view shows as "not available", never as an error.

/** [{name, nonDefault}] of a container's bounding set, non-default ones first, or null. */
export function capabilityRows(details) {
  const caps = details?.capabilities;
  if (!caps || !Array.isArray(caps.bounding)) return null;
  const extra = new Set(caps["non-default"] ?? []);
  return caps.bounding
    .map((name) => ({ name, nonDefault: extra.has(name) }))
    .sort((a, b) => Number(b.nonDefault) - Number(a.nonDefault) || a.name.localeCompare(b.name));
}

/** [term, value] pairs of a container's DNS configuration and UTS name; missing ones say "not available". */
export function dnsRows(details) {
  if (!details) return null;
  const text = (v) => (v === undefined || v === null ? "not available" : Array.isArray(v) ? (v.length ? v.join(", ") : "none") : String(v));
  return [
    ["/etc/hostname", text(details.hostname)],
    ["UTS hostname", text(details["uts-hostname"])],
    ["Nameservers", text(details.nameservers)],
    ["Search", text(details.search)],
  ];
}

/** [address, names] of /etc/hosts, or null. */
export function hostsRows(details) {
  if (!details || !Array.isArray(details.hosts)) return null;
  return details.hosts.map((h) => [h.address, (h.names ?? []).join(" ")]);
}

/** [term, value] pairs of CPU affinity and scheduling. */
export function processRows(details) {
  if (!details) return null;
  const scheduler = details.scheduler;
  return [
    ["CPU affinity", details["cpu-affinity"] ?? "not available"],
    ["Scheduler", scheduler?.policy ?? "not available"],
    ["Nice", typeof scheduler?.nice === "number" ? String(scheduler.nice) : "not available"],
  ];
}

/** Routes of the families the settings show, main table first, as table rows; null when not sent. */
export function routeRows(ns, families = { ipv4: true, ipv6: true }) {
  if (!Array.isArray(ns.routes)) return null;
  return ns.routes
    .filter((r) => (r.family === "ipv6" ? families.ipv6 : families.ipv4))
    .sort((a, b) => Number(a.table !== 254) - Number(b.table !== 254) || (a.family ?? "").localeCompare(b.family ?? "") || (a.metric ?? 0) - (b.metric ?? 0))
    .map((r) => [r.family ?? "", r.dst ?? "", r.gateway ?? "—", r.dev ?? "", String(r.table ?? ""), String(r.metric ?? ""), r.scope ?? "", r.protocol ?? ""]);
}

/** Sockets, listening ones first, as table rows; null when not sent. */
export function socketRows(ns) {
  if (!Array.isArray(ns.sockets)) return null;
  const port = (s) => Number(String(s.local ?? "").split(":").pop()) || 0;
  return [...ns.sockets]
    .sort((a, b) => Number(b.state === "listen") - Number(a.state === "listen") || port(a) - port(b))
    .map((s) => [s.proto ?? "", s.state ?? "", s.local ?? "", s.remote ?? "", s.process ? `${s.process} (${s.pid})` : s.pid ? String(s.pid) : "—", s.container ?? "—"]);
}

/** Host ports forwarded into this namespace's containers, as table rows; null when not sent. */
export function forwardedRows(ns) {
  if (!Array.isArray(ns["forwarded-ports"])) return null;
  return ns["forwarded-ports"].map((p) => [p.proto ?? "", `${p["host-address"] ?? ""}:${p["host-port"] ?? ""}`, p.container ?? "—", String(p["container-port"] ?? "—"), p.source ?? ""]);
}

/** Labels as [key, value] sorted by key, or an empty list. */
export function labelRows(container) {
  return Object.entries(container.labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
}
