// wiring.js with the `link` field of /json (docs/discovery.md): the lower device of a macvlan/ipvlan/vlan or a
// vxlan's underlay, possibly in another namespace, as the server reports it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wiresOf } from "../../../src/Packetflix.Server/wwwroot/ui/wiring.js";

const host = {
  netns: 4026531840,
  initial: true,
  "network-interfaces": [
    { name: "lo", index: 1, kind: "", mac: "00:00:00:00:00:00", master: null, peer: null, link: null },
    { name: "enp1s0", index: 2, kind: "", mac: "52:54:00:12:34:56", master: null, peer: null, link: null },
  ],
};
const web = {
  netns: 4026532571,
  initial: false,
  "network-interfaces": [
    { name: "lo", index: 1, kind: "", mac: "00:00:00:00:00:00", master: null, peer: null, link: null },
    { name: "eth0", index: 9, kind: "macvlan", mac: "02:42:c0:a8:01:02", master: null, peer: null, link: { netns: 4026531840, index: 2, name: "enp1s0" } },
    { name: "vx0", index: 10, kind: "vxlan", mac: "5e:00:00:00:00:0a", master: null, peer: null, link: { netns: 4026531840, index: 2, name: "enp1s0" } },
  ],
};

test("a macvlan and a vxlan in a container are wired to their lower device in the host namespace", () => {
  const wires = wiresOf([host, web]).map((w) => `${w.kind} ${w.a.id} ${w.b?.id ?? "outside"}`).sort();
  assert.deepEqual(wires, [
    "macvlan nif-4026532571-i9 nif-4026531840-i2",
    "outside nif-4026531840-i2 outside",
    "vxlan nif-4026532571-i10 nif-4026531840-i2",
  ]);
});

test("a link into a namespace the data does not hold gets no wire, nor does link null", () => {
  const alone = { ...web, "network-interfaces": web["network-interfaces"].slice(0, 2) };
  assert.deepEqual(wiresOf([alone]), []);
});
