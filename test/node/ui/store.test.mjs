// store.js: the remembered settings, with a fake storage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, createStore } from "../../../src/Packetflix.Server/wwwroot/ui/store.js";

function fakeStorage() {
  const map = new Map();
  return { map, getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)) };
}

test("values live under packetflix.* and fall back when absent", () => {
  const storage = fakeStorage();
  const store = createStore(storage);
  assert.equal(store.get("theme", "system"), "system");
  store.set("theme", "dark");
  assert.equal(storage.map.get("packetflix.theme"), "dark");
  assert.equal(createStore(storage).get("theme", "system"), "dark");
});

test("settings default to showing everything but MACs, and are saved as JSON", () => {
  const storage = fakeStorage();
  const store = createStore(storage);
  assert.deepEqual(store.settings(), { showLo: true, ipv4: true, ipv6: true, showMacs: false, showIds: true });
  const saved = store.saveSettings({ ...store.settings(), showLo: false, ipv6: false, extra: 1 });
  assert.deepEqual(saved, { ...DEFAULT_SETTINGS, showLo: false, ipv6: false });
  assert.deepEqual(JSON.parse(storage.map.get("packetflix.settings")), saved);
  assert.deepEqual(createStore(storage).settings(), saved);
});

test("malformed stored settings fall back key by key", () => {
  const storage = fakeStorage();
  storage.setItem("packetflix.settings", "{not json");
  assert.deepEqual(createStore(storage).settings(), DEFAULT_SETTINGS);
  storage.setItem("packetflix.settings", JSON.stringify({ showLo: "no", showMacs: true }));
  assert.deepEqual(createStore(storage).settings(), { ...DEFAULT_SETTINGS, showMacs: true });
  storage.setItem("packetflix.settings", "null");
  assert.deepEqual(createStore(storage).settings(), DEFAULT_SETTINGS);
});

test("a throwing or missing storage keeps the page working", () => {
  const throwing = { getItem() { throw new Error("denied"); }, setItem() { throw new Error("denied"); } };
  for (const storage of [throwing, null]) {
    const store = createStore(storage);
    assert.equal(store.get("filter", ""), "");
    store.set("filter", "x");
    assert.deepEqual(store.settings(), DEFAULT_SETTINGS);
    store.saveSettings({ showLo: false });
  }
});
