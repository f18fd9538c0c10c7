// The URLs of the capture actions. The Wireshark link is exactly the one Ghostwire builds (its TargetCapture.tsx),
// so an installed cshargextcap URL handler keeps working: document.baseURI with http→ws / https→wss, then
// "capture?container=<encodeURIComponent(JSON)>&nif=<a/b>", the nif list not percent-encoded. document is read
// only when a link is built without an explicit base, never at import (node's test runner imports this module).
//
// A capture request is a list of parts, one per target: [{ target, nifs }]. One part is exactly the upstream
// single-target request above, byte for byte; several are one "targets=" request (docs/api.md, "Several targets"):
// the URL-encoded JSON array of the Target objects, each with its own "network-interfaces" (the ticked ones) and
// no nif parameter, the form the packetflix extcap parses from packetflix: links too (docs/clients.md).

/** The target JSON of a link: netns, network-interfaces, name, type, prefix, in this order, no pid/starttime. */
export function targetJson(target) {
  return JSON.stringify(targetObject(target, target.interfaces));
}

function targetObject(target, interfaces) {
  return { netns: target.netns, "network-interfaces": interfaces, name: target.name, type: target.type, prefix: target.prefix };
}

/** The Target array of a multi-target request: each target with the interfaces of its part, fields as above. */
export function targetsJson(parts) {
  return JSON.stringify(parts.map((part) => targetObject(part.target, part.nifs)));
}

export function captureQuery(target, nifs, filter = "") {
  return requestQuery([{ target, nifs }], filter);
}

/** The query of a request: the single-target form for one part, `targets=` for several. */
export function requestQuery(parts, filter = "") {
  if (parts.length === 0) throw new Error("a capture request needs at least one target");
  let query = parts.length === 1
    ? `container=${encodeURIComponent(targetJson(parts[0].target))}&nif=${parts[0].nifs.join("/")}`
    : `targets=${encodeURIComponent(targetsJson(parts))}`;
  if (filter) {
    query += `&filter=${encodeURIComponent(filter)}`;
  }
  return query;
}

function webSocketBase(base) {
  return base.replace(/^http(s?):/, "ws$1:");
}

export function wiresharkLink(target, nifs, base) {
  return requestWiresharkLink([{ target, nifs }], base);
}

export function requestWiresharkLink(parts, base = document.baseURI) {
  return `packetflix:${webSocketBase(base)}capture?${requestQuery(parts)}`;
}

/** Relative to the page's base, so it works under any sub-path. */
export function downloadLink(target, nifs, limits) {
  return requestDownloadLink([{ target, nifs }], limits);
}

export function requestDownloadLink(parts, limits) {
  let url = `capture.pcapng?${requestQuery(parts)}`;
  if (limits.duration) url += `&duration=${encodeURIComponent(limits.duration)}`;
  if (limits.count) url += `&count=${encodeURIComponent(limits.count)}`;
  return url;
}

export function liveUrl(target, nifs, filter, base) {
  return requestLiveUrl([{ target, nifs }], filter, base);
}

export function requestLiveUrl(parts, filter, base = document.baseURI) {
  return `${webSocketBase(base)}capture?${requestQuery(parts, filter)}`;
}
