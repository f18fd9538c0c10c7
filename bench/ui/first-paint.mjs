// First paint of the wiring view with 101 cards and 201 wires (test/data/explorer/wiring-100.json), in headless
// Chromium driven by Playwright: the median of several fresh page loads of `body[data-first-paint]` (ms after
// navigation start, set by app.js in the first animation frame after the cards and wires are in the DOM) and
// the machine's load average, as a figure for docs/ui.md — never an assertion. Also the median of
// `body[data-wiring-complete]`: when the last card and every wire are in (the first paint shows the first
// screenful; the other cards follow, docs/ui.md "First paint"). A page older than that progressive render sets
// no such mark and draws everything in its first frame, so there the two are the same.
//
//   node bench/ui/first-paint.mjs [--runs 9] [--json FILE] [--trace FILE] [--wwwroot DIR]
//
// --wwwroot serves another copy of the page (say `git archive` of an older commit) to compare on the same load.
//
// The page's own files are served from src/Packetflix.Server/wwwroot by a small static server here, so the
// figure is the UI's (no discovery run, no rebuild of the service needed). Playwright is the playwright-core
// the .NET tests already carry (Microsoft.Playwright's driver, under the server tests' build output) unless
// PLAYWRIGHT_CORE names another copy; the browser is Debian's chromium (CHROMIUM to override).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const runs = Number(option("--runs", "9"));
const jsonFile = option("--json", join(root, "test", "data", "explorer", "wiring-100.json"));
const traceFile = option("--trace", "");

const corePath = process.env.PLAYWRIGHT_CORE ?? join(root, "test", "Packetflix.Server.Tests", "bin", "Debug", "net10.0", ".playwright", "package");
if (!existsSync(join(corePath, "index.mjs"))) {
  console.error(`playwright-core not found at ${corePath}: build the tests first (dotnet build) or set PLAYWRIGHT_CORE`);
  process.exit(2);
}
const { chromium } = await import(pathToFileURL(join(corePath, "index.mjs")).href);

const wwwroot = option("--wwwroot", join(root, "src", "Packetflix.Server", "wwwroot"));
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json" };
const json = await readFile(jsonFile);
const progressive = (await readFile(join(wwwroot, "ui", "app.js"), "utf8")).includes("wiringComplete");
const server = createServer(async (request, response) => {
  const path = new URL(request.url, "http://x").pathname;
  try {
    if (path === "/json") {
      response.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      response.end(json);
      return;
    }
    const file = normalize(join(wwwroot, path === "/" ? "index.html" : path));
    if (!file.startsWith(wwwroot)) throw new Error("outside");
    const body = await readFile(file);
    response.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-cache" });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const figures = [];
try {
  for (let i = 0; i < runs + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    if (traceFile && i === runs) await browser.startTracing(page, { path: traceFile, screenshots: false });
    await page.goto(base + "#/w");
    await page.locator("body[data-first-paint]").waitFor({ timeout: 120_000 });
    const ms = Number(await page.locator("body").getAttribute("data-first-paint"));
    if (progressive) await page.locator("body[data-wiring-complete]").waitFor({ timeout: 120_000 });
    const complete = progressive ? Number(await page.locator("body").getAttribute("data-wiring-complete")) : ms;
    const cards = await page.locator("article.card").count();
    const wires = await page.locator("#wires .wire-g").count();
    if (traceFile && i === runs) await browser.stopTracing();
    // The first load warms the module cache, as a returning visitor's browser is: not counted.
    if (i > 0) figures.push({ ms, complete, cards, wires });
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (args.includes("--verbose")) for (const f of figures) console.log(`load: first paint ${f.ms} ms, complete ${f.complete} ms`);
const sorted = figures.map((f) => f.ms).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const completes = figures.map((f) => f.complete).sort((a, b) => a - b);
const [one, five] = loadavg();
console.log(`first paint of ${figures[0].cards} cards and ${figures[0].wires} wires: median ${median} ms of ${runs} loads` +
  ` (min ${sorted[0]}, max ${sorted[sorted.length - 1]}); all cards and wires: median ${completes[Math.floor(completes.length / 2)]} ms` +
  ` (min ${completes[0]}, max ${completes[completes.length - 1]}); load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min)`);
