// selection.js: ticks across the wiring view's cards become one capture request. One namespace must stay exactly
// today's single-target request (the Ghostwire form, byte for byte); several are one `targets=` request whose JSON
// array the server and the packetflix extcap parse (docs/api.md "Several targets", docs/clients.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_TARGETS, Selection, captureName, cardTickState, describeInterfaces } from "../../../src/Packetflix.Server/wwwroot/ui/selection.js";
import { requestDownloadLink, requestLiveUrl, requestQuery, requestWiresharkLink, wiresharkLink, downloadLink } from "../../../src/Packetflix.Server/wwwroot/ui/links.js";

const web = { netns: 4026532571, target: { netns: 4026532571, interfaces: ["eth0", "lo"], name: "web", type: "docker", prefix: "" }, title: "web" };
const db = { netns: 4026532600, target: { netns: 4026532600, interfaces: ["eth0", "eth1", "lo"], name: "db", type: "podman", prefix: "kind" }, title: "[kind]:db" };
const base = "http://localhost:5001/";

test("one namespace: exactly the single-target link, download and bar text of before", () => {
  const s = new Selection();
  s.set(web, "lo", true);
  s.set(web, "eth0", true);
  const parts = s.parts();
  assert.equal(parts.length, 1);
  assert.deepEqual(parts[0].nifs, ["eth0", "lo"]);
  assert.equal(requestWiresharkLink(parts, base), wiresharkLink(web.target, ["eth0", "lo"], base));
  assert.equal(
    requestWiresharkLink(parts, base),
    "packetflix:ws://localhost:5001/capture?container=%7B%22netns%22%3A4026532571%2C%22network-interfaces%22%3A"
      + "%5B%22eth0%22%2C%22lo%22%5D%2C%22name%22%3A%22web%22%2C%22type%22%3A%22docker%22%2C%22prefix%22%3A%22%22%7D&nif=eth0/lo",
  );
  assert.equal(requestDownloadLink(parts, { duration: "30", count: "6" }), downloadLink(web.target, ["eth0", "lo"], { duration: "30", count: "6" }));
  assert.deepEqual(s.summary(), { text: "2 interfaces of web: eth0, lo", label: "eth0, lo of web", tooMany: false });
  s.set(web, "lo", false);
  assert.deepEqual(s.summary(), { text: "1 interface of web: eth0", label: "eth0 of web", tooMany: false });
});

test("two namespaces: one targets= request, each target with its own ticked interfaces and no nif", () => {
  const s = new Selection();
  s.set(web, "eth0", true);
  s.setMany(db, ["lo", "eth1"], true);
  const link = requestWiresharkLink(s.parts(), base);
  assert.match(link, /^packetflix:ws:\/\/localhost:5001\/capture\?targets=[^&]+$/);
  const json = decodeURIComponent(link.slice(link.indexOf("targets=") + "targets=".length));
  assert.equal(json,
    '[{"netns":4026532571,"network-interfaces":["eth0"],"name":"web","type":"docker","prefix":""},'
    + '{"netns":4026532600,"network-interfaces":["eth1","lo"],"name":"db","type":"podman","prefix":"kind"}]');
  // encodeURIComponent as for container=: the extcap's Go-style query parser takes it apart (GoQuery).
  assert.ok(link.includes("targets=%5B%7B%22netns%22%3A4026532571%2C"), link);
  assert.equal(requestDownloadLink(s.parts(), { duration: "5", count: "" }), `capture.pcapng?targets=${encodeURIComponent(json)}&duration=5`);
  assert.equal(requestLiveUrl(s.parts(), "icmp", "https://h/p/"), `wss://h/p/capture?targets=${encodeURIComponent(json)}&filter=icmp`);
  assert.deepEqual(s.summary(), {
    text: "3 interfaces in 2 namespaces: eth0 of web; eth1, lo of [kind]:db",
    label: "eth0 of web; eth1, lo of [kind]:db",
    tooMany: false,
  });
});

test("targets keep the order they were first ticked in; unticking the last interface drops the target", () => {
  const s = new Selection();
  s.set(db, "eth0", true);
  s.set(web, "eth0", true);
  s.set(db, "lo", true);
  assert.deepEqual(s.parts().map((p) => p.target.name), ["db", "web"]);
  s.setMany(db, ["eth0", "lo"], false);
  assert.equal(s.size, 1);
  assert.equal(requestQuery(s.parts()), requestQuery([{ target: web.target, nifs: ["eth0"] }]));
  assert.ok(requestQuery(s.parts()).startsWith("container="));
  s.set(web, "eth0", false);
  assert.ok(s.empty);
  assert.deepEqual(s.summary(), { text: "", label: "", tooMany: false });
  assert.throws(() => requestQuery(s.parts()), /at least one target/);
});

test("a whole-card tick: all, some or none of the card's interfaces", () => {
  const s = new Selection();
  const names = ["eth0", "eth1", "lo"];
  assert.equal(cardTickState(s, db.netns, names), "none");
  s.setMany(db, names, true);
  assert.equal(cardTickState(s, db.netns, names), "all");
  s.set(db, "eth1", false);
  assert.equal(cardTickState(s, db.netns, names), "some");
  assert.deepEqual(s.namesOf(db.netns), ["eth0", "lo"]);
  assert.ok(s.has(db.netns, "lo") && !s.has(db.netns, "eth1") && !s.has(web.netns, "lo"));
});

test("a refresh drops the namespaces that are gone, and says whether it did", () => {
  const s = new Selection();
  s.set(web, "eth0", true);
  s.set(db, "eth0", true);
  assert.equal(s.retain(() => true), false);
  assert.equal(s.retain((netns) => netns === db.netns), true);
  assert.deepEqual(s.parts().map((p) => p.target.name), ["db"]);
  s.clear();
  assert.ok(s.empty);
});

test("more namespaces than one request may carry: the bar says so and its actions are disabled", () => {
  const s = new Selection();
  for (let i = 0; i <= MAX_TARGETS; i++) s.set({ netns: 1000 + i, target: { netns: 1000 + i, interfaces: ["eth0"], name: `c${i}`, type: "docker", prefix: "" }, title: `c${i}` }, "eth0", true);
  const { text, tooMany } = s.summary();
  assert.equal(MAX_TARGETS, 32);
  assert.ok(tooMany);
  assert.match(text, /^33 interfaces in 33 namespaces: .* at most 32 namespaces fit one capture$/);
  s.set({ netns: 1000 }, "eth0", false);
  assert.equal(s.summary().tooMany, false);
});

test("the live view's file name and status line", () => {
  const one = [{ target: { ...web.target, name: "we b/1" }, nifs: ["eth0"], title: "web" }];
  assert.equal(captureName(one), "we_b_1");
  assert.equal(captureName([{ target: { name: "" }, nifs: [] }]), "capture");
  const two = [{ target: web.target, nifs: ["eth0"], title: "web" }, { target: db.target, nifs: ["eth0", "lo"], title: "[kind]:db" }];
  assert.equal(captureName(two), "web+db");
  assert.equal(describeInterfaces(one), "eth0");
  assert.equal(describeInterfaces(two), "web: eth0; [kind]:db: eth0, lo");
});
