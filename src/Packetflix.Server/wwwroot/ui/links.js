// The URLs of the capture actions. The Wireshark link is exactly the one Ghostwire builds (its TargetCapture.tsx),
// so an installed cshargextcap URL handler keeps working: document.baseURI with http→ws / https→wss, then
// "capture?container=<encodeURIComponent(JSON)>&nif=<a/b>", the nif list not percent-encoded. document is read
// only when a link is built without an explicit base, never at import (node's test runner imports this module).

/** The target JSON of a link: netns, network-interfaces, name, type, prefix, in this order, no pid/starttime. */
export function targetJson(target) {
  return JSON.stringify({
    netns: target.netns,
    "network-interfaces": target.interfaces,
    name: target.name,
    type: target.type,
    prefix: target.prefix,
  });
}

export function captureQuery(target, nifs, filter = "") {
  let query = `container=${encodeURIComponent(targetJson(target))}&nif=${nifs.join("/")}`;
  if (filter) {
    query += `&filter=${encodeURIComponent(filter)}`;
  }
  return query;
}

function webSocketBase(base) {
  return base.replace(/^http(s?):/, "ws$1:");
}

export function wiresharkLink(target, nifs, base = document.baseURI) {
  return `packetflix:${webSocketBase(base)}capture?${captureQuery(target, nifs)}`;
}

/** Relative to the page's base, so it works under any sub-path. */
export function downloadLink(target, nifs, limits) {
  let url = `capture.pcapng?${captureQuery(target, nifs)}`;
  if (limits.duration) url += `&duration=${encodeURIComponent(limits.duration)}`;
  if (limits.count) url += `&count=${encodeURIComponent(limits.count)}`;
  return url;
}

export function liveUrl(target, nifs, filter, base = document.baseURI) {
  return `${webSocketBase(base)}capture?${captureQuery(target, nifs, filter)}`;
}
