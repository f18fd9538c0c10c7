// wiring.js: which interfaces get a wire, the card and interface order, and the wire geometry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { arrange, isPhysical, nifId, orderInterfaces, wirePath, wiresOf } from "../../../src/Packetflix.Server/wwwroot/ui/wiring.js";
import { fixture } from "./fixtures.mjs";
import { synthetic } from "../../data/explorer/synthetic.mjs";

const json = fixture("json.json");
const namespaces = json["network-namespaces"];

test("a veth pair is one wire; bridge ports, macvlan masters and physical NICs get theirs", () => {
  const wires = wiresOf(namespaces);
  const kinds = wires.map((w) => `${w.kind} ${w.a.id} ${w.b?.id ?? "outside"}`).sort();
  assert.deepEqual(kinds, [
    "macvlan nif-4026531840-i8 nif-4026531840-i2",
    "outside nif-4026531840-i2 outside",
    "port nif-4026531840-i7 nif-4026531840-i3",
    "veth nif-4026531840-i7 nif-4026532571-i2",
  ]);
  assert.equal(new Set(wires.map((w) => w.id)).size, wires.length);
});

test("a peer outside the data gets no wire; loopback is not physical", () => {
  const lonely = [{ netns: 1, "network-interfaces": [{ name: "eth0", index: 2, kind: "veth", peer: { netns: 99, index: 5, name: "x" } }, { name: "lo", index: 1, kind: "", mac: "00:00:00:00:00:00" }] }];
  assert.deepEqual(wiresOf(lonely), []);
  assert.equal(isPhysical({ name: "lo", kind: "" }), false);
  assert.equal(isPhysical({ name: "eth0", kind: "", mac: "52:54:00:00:00:01" }), true);
  assert.equal(isPhysical({ name: "eth0", kind: "veth" }), false);
});

test("vxlan underlays and macvlan lower devices the server reports as link are wired", () => {
  const ns = [{ netns: 1, "network-interfaces": [{ name: "eth0", index: 2, kind: "", mac: "52:54:00:00:00:01" }, { name: "vx0", index: 3, kind: "vxlan", link: { index: 2 } }] }];
  assert.deepEqual(wiresOf(ns).map((w) => [w.kind, w.a.id, w.b?.id ?? null]), [["outside", "nif-1-i2", null], ["vxlan", "nif-1-i3", "nif-1-i2"]]);
});

test("missing fields do not break the model", () => {
  assert.deepEqual(wiresOf([{ netns: 1 }, { netns: 2, "network-interfaces": [{ name: "a", index: 1, peer: {} , master: {} }] }]), []);
});

test("the host card goes in its own column; the others by title, for 1, 10 and 100 containers", () => {
  for (const n of [1, 10, 100]) {
    const data = synthetic(n)["network-namespaces"];
    const { host, others } = arrange([...data].reverse());
    assert.equal(host.initial, true);
    assert.equal(others.length, n);
    assert.deepEqual(others.map((ns) => ns.containers[0].name), data.slice(1).map((ns) => ns.containers[0].name));
    assert.equal(wiresOf(data).filter((w) => w.kind === "veth").length, n);
  }
  assert.deepEqual(arrange([]), { host: null, others: [] });
});

test("interfaces: loopback, physical, bridges followed by their ports in the order of the cards they lead to", () => {
  const data = synthetic(3)["network-namespaces"];
  const host = data[0];
  // Reverse card order: the veths follow it.
  const order = new Map(data.slice(1).map((ns, i) => [ns.netns, 2 - i]));
  assert.deepEqual(orderInterfaces(host, order).map((n) => n.name), ["lo", "enp1s0", "docker0", "veth1002", "veth1001", "veth1000"]);
  assert.deepEqual(orderInterfaces({ netns: 1 }).map((n) => n.name), []);
});

test("a wire between side-by-side boxes runs from facing edges at their middles", () => {
  const a = { left: 0, top: 0, right: 100, bottom: 20 };
  const b = { left: 200, top: 100, right: 300, bottom: 120 };
  const right = wirePath(a, b);
  assert.deepEqual([right.start, right.end], [{ x: 100, y: 10 }, { x: 200, y: 110 }]);
  assert.match(right.d, /^M 100 10 C 150 10 150 110 200 110$/);
  const left = wirePath(b, a);
  assert.deepEqual([left.start, left.end], [{ x: 200, y: 110 }, { x: 100, y: 10 }]);
});

test("boxes above each other are joined on their right edges, bulging right", () => {
  const a = { left: 0, top: 0, right: 100, bottom: 20 };
  const b = { left: 10, top: 60, right: 90, bottom: 80 };
  const { d, start, end } = wirePath(a, b);
  assert.deepEqual([start, end], [{ x: 100, y: 10 }, { x: 90, y: 70 }]);
  const controls = d.split(" ").slice(4, 8).map(Number);
  assert.ok(controls[0] > 100 && controls[2] > 100, d);
});

test("the outside is a stub to the left of the box", () => {
  const { d, start, end } = wirePath({ left: 30, top: 0, right: 100, bottom: 10 }, null);
  assert.deepEqual([start, end], [{ x: 30, y: 5 }, { x: 12, y: 5 }]);
  assert.equal(d, "M 30 5 H 12");
  assert.equal(nifId(4026531840, 7), "nif-4026531840-i7");
});
