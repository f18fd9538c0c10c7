// links.js builds the capture URLs. The Wireshark link must be byte for byte the one Ghostwire's UI builds
// (TargetCapture.tsx): an installed cshargextcap URL handler parses exactly that form. The expected strings are
// the ones the C# tests hold too (the Extcap client's parser test and the Playwright UI test).
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureQuery, downloadLink, liveUrl, requestQuery, targetJson, targetsJson, wiresharkLink } from "../../../src/Packetflix.Server/wwwroot/ui/links.js";

const nginx = { netns: 4026532571, interfaces: ["eth0", "lo"], name: "nginx", type: "docker", prefix: "" };

test("the Wireshark link of Ghostwire's own example, byte for byte", () => {
  assert.equal(
    wiresharkLink(nginx, ["eth0", "lo"], "http://localhost:5001/"),
    "packetflix:ws://localhost:5001/capture?container=%7B%22netns%22%3A4026532571%2C%22network-interfaces%22%3A"
      + "%5B%22eth0%22%2C%22lo%22%5D%2C%22name%22%3A%22nginx%22%2C%22type%22%3A%22docker%22%2C%22prefix%22%3A%22%22%7D&nif=eth0/lo",
  );
});

test("the target JSON: netns, network-interfaces, name, type, prefix in this order, nothing else", () => {
  const discovered = { ...nginx, pid: 4242, starttime: 1234, pod: "web", labels: { a: "b" }, prefix: "ns1" };
  assert.equal(targetJson(discovered), '{"netns":4026532571,"network-interfaces":["eth0","lo"],"name":"nginx","type":"docker","prefix":"ns1"}');
});

test("the container JSON is encoded with encodeURIComponent, the nif list not at all", () => {
  // encodeURIComponent leaves !'()* as they are (Uri.EscapeDataString would not): Ghostwire's form wins.
  const odd = { ...nginx, name: "a b!'()*&=/é" };
  const query = captureQuery(odd, ["eth0", "veth-1"]);
  assert.ok(query.includes("%22name%22%3A%22a%20b!'()*%26%3D%2F%C3%A9%22"), query);
  assert.ok(query.endsWith("&nif=eth0/veth-1"), query);
  assert.equal(decodeURIComponent(query.slice("container=".length, query.indexOf("&nif="))), targetJson(odd));
});

test("http becomes ws and https wss; a sub-path base is kept", () => {
  assert.ok(wiresharkLink(nginx, ["eth0"], "https://edge.example:8443/").startsWith("packetflix:wss://edge.example:8443/capture?container="));
  assert.ok(wiresharkLink(nginx, ["eth0"], "http://edge.example/sub/packetflix/").startsWith("packetflix:ws://edge.example/sub/packetflix/capture?container="));
  assert.ok(wiresharkLink(nginx, ["eth0"], "http://h/").endsWith("&nif=eth0"));
});

test("no filter parameter in the Wireshark link; the live view's filter is encoded", () => {
  assert.ok(!wiresharkLink(nginx, ["eth0"], "http://h/").includes("filter="));
  assert.equal(liveUrl(nginx, ["eth0"], "", "http://h/"), `ws://h/capture?${captureQuery(nginx, ["eth0"])}`);
  assert.equal(liveUrl(nginx, ["eth0"], "tcp port 80 && !arp", "https://h/x/"), `wss://h/x/capture?${captureQuery(nginx, ["eth0"])}&filter=tcp%20port%2080%20%26%26%20!arp`);
});

test("the download link is relative, with only the limits that are set", () => {
  const query = captureQuery(nginx, ["eth0"]);
  assert.equal(downloadLink(nginx, ["eth0"], { duration: "", count: "" }), `capture.pcapng?${query}`);
  // The Playwright test expects exactly this ending for duration 30 and count 6.
  assert.equal(downloadLink(nginx, ["eth0"], { duration: "30", count: "6" }), `capture.pcapng?${query}&duration=30&count=6`);
  assert.equal(downloadLink(nginx, ["eth0", "lo"], { duration: "1m30s", count: "" }), `capture.pcapng?${captureQuery(nginx, ["eth0", "lo"])}&duration=1m30s`);
  assert.equal(downloadLink(nginx, ["eth0"], { duration: "", count: "5&x=1" }), `capture.pcapng?${query}&count=5%26x%3D1`);
});

test("without an explicit base the page's document.baseURI is used, read when the link is built", () => {
  assert.equal(globalThis.document, undefined);
  globalThis.document = { baseURI: "https://ui.example/p/" };
  try {
    assert.ok(wiresharkLink(nginx, ["eth0"]).startsWith("packetflix:wss://ui.example/p/capture?"));
    assert.ok(liveUrl(nginx, ["eth0"], "").startsWith("wss://ui.example/p/capture?"));
  } finally {
    delete globalThis.document;
  }
});

test("several targets: one targets= array, each target with its part's interfaces, the same five fields", () => {
  const discovered = { ...nginx, pid: 4242, starttime: 1234, pod: "web" };
  const db = { netns: 4026532600, interfaces: ["eth0"], name: "db", type: "podman", prefix: "kind" };
  const parts = [{ target: discovered, nifs: ["lo"] }, { target: db, nifs: ["eth0"] }];
  assert.equal(targetsJson(parts),
    '[{"netns":4026532571,"network-interfaces":["lo"],"name":"nginx","type":"docker","prefix":""},'
    + '{"netns":4026532600,"network-interfaces":["eth0"],"name":"db","type":"podman","prefix":"kind"}]');
  assert.equal(requestQuery(parts, "icmp"), `targets=${encodeURIComponent(targetsJson(parts))}&filter=icmp`);
  // One part is the single-target query, byte for byte.
  assert.equal(requestQuery([{ target: nginx, nifs: ["eth0", "lo"] }]), captureQuery(nginx, ["eth0", "lo"]));
});
