// The UI's modules touch no DOM or browser global when imported, so that they can be tested (and reused)
// outside a page. app.js is the page's entry point (the only script index.html loads) and is the one module
// that starts the UI when it is imported; nothing imports it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { uiDirectory } from "./golden.mjs";

const BROWSER_GLOBALS = ["document", "window", "localStorage", "sessionStorage", "navigator", "location", "WebSocket", "requestAnimationFrame", "HTMLElement", "customElements"];
const ENTRY = "app.js";
const modules = readdirSync(uiDirectory).filter((f) => f.endsWith(".js"));

test("index.html loads app.js as its only script, and no module imports app.js", () => {
  const html = readFileSync(new URL("../index.html", uiDirectory), "utf8");
  assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script type="module" src="ui/app.js">']);
  for (const file of modules) {
    assert.doesNotMatch(readFileSync(new URL(file, uiDirectory), "utf8"), /from\s+["']\.\/app\.js["']/, file);
  }
});

test("every other module imports without reading a browser global", async () => {
  assert.ok(modules.includes("pcapng.js") && modules.includes("dissect.js") && modules.includes("links.js"));
  const touched = [];
  const saved = new Map();
  for (const name of BROWSER_GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  try {
    for (const file of modules.filter((f) => f !== ENTRY)) {
      await import(new URL(file, uiDirectory));
      assert.deepEqual(touched, [], `${file} read ${touched.join(", ")} at import`);
    }
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete globalThis[name];
    }
  }
});

test("index.html preloads exactly the modules app.js imports, directly or not", () => {
  const html = readFileSync(new URL("../index.html", uiDirectory), "utf8");
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="ui\/([^"]+)">/g)].map((m) => m[1]).sort();
  const reached = new Set();
  const visit = (file) => {
    for (const m of readFileSync(new URL(file, uiDirectory), "utf8").matchAll(/from\s+["']\.\/([^"']+)["']/g)) {
      if (!reached.has(m[1])) {
        reached.add(m[1]);
        visit(m[1]);
      }
    }
  };
  visit(ENTRY);
  assert.deepEqual(preloaded, [...reached].sort());
});
