// routes.js: the bookmarkable #/… URLs of the views.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatRoute, parseRoute } from "../../../src/Packetflix.Server/wwwroot/ui/routes.js";

test("an empty fragment is the wiring view", () => {
  assert.deepEqual(parseRoute(""), { view: "wiring", name: null });
  assert.deepEqual(parseRoute("#"), { view: "wiring", name: null });
  assert.deepEqual(parseRoute("#/"), { view: "wiring", name: null });
});

test("each view with and without a name", () => {
  assert.deepEqual(parseRoute("#/w"), { view: "wiring", name: null });
  assert.deepEqual(parseRoute("#/w/web"), { view: "wiring", name: "web" });
  assert.deepEqual(parseRoute("#/n/web"), { view: "details", name: "web" });
  assert.deepEqual(parseRoute("#/m/host"), { view: "mounts", name: "host" });
  assert.deepEqual(parseRoute("#/ns"), { view: "namespaces", name: null, mode: "user" });
  assert.deepEqual(parseRoute("#/ns/pid"), { view: "namespaces", name: null, mode: "pid" });
});

test("names are percent-decoded, and may hold slashes (pods) and brackets (prefixes)", () => {
  assert.deepEqual(parseRoute("#/w/default%2Fcoredns"), { view: "wiring", name: "default/coredns" });
  assert.deepEqual(parseRoute("#/n/default/coredns"), { view: "details", name: "default/coredns" });
  assert.deepEqual(parseRoute("#/w/%5Bkind%5D%3Aweb"), { view: "wiring", name: "[kind]:web" });
  assert.deepEqual(parseRoute("#/w/100%"), { view: "wiring", name: "100%" });
});

test("in-page anchors and unknown views are not routes", () => {
  assert.equal(parseRoute("#cards"), null);
  assert.equal(parseRoute("#nif-4026531840-i7"), null);
  assert.equal(parseRoute("#/x/web"), null);
});

test("formatRoute round-trips through parseRoute", () => {
  for (const route of [{ view: "wiring", name: "web" }, { view: "details", name: "default/coredns" }, { view: "mounts", name: "[k]:a b" }, { view: "wiring", name: null }]) {
    assert.deepEqual(parseRoute(formatRoute(route)), route);
  }
  assert.equal(formatRoute({ view: "details", name: "a b" }), "#/n/a%20b");
  assert.equal(formatRoute({ view: "namespaces", mode: "pid" }), "#/ns/pid");
  assert.deepEqual(parseRoute(formatRoute({ view: "namespaces", mode: "user" })), { view: "namespaces", name: null, mode: "user" });
});
