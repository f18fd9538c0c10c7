// The Packetflix web UI's entry point (the only script index.html loads): the views — wiring, details,
// namespaces, mounts — behind bookmarkable #/… routes (routes.js), the discovery data ("json" relative to the
// base, plus api/namespaces and api/mounts/{mntns}), auto-refresh and the remembered settings. Plain DOM, no
// framework, no build step; the views live in their own modules.
import { Actions } from "./actions.js";
import { authFetch, installDownloadTickets } from "./auth.js";
import { renderDetails } from "./detailsview.js";
import { LiveView } from "./liveview.js";
import { renderMountPicker, renderMountTree } from "./mountview.js";
import { renderNamespaces } from "./nsview.js";
import { TYPES, mountSlug, resolveMountNamespace } from "./nstree.js";
import { formatRoute, parseRoute } from "./routes.js";
import { downloadPng } from "./snapshot.js";
import { createStore } from "./store.js";
import { WiringView } from "./wiringview.js";

const $ = (id) => document.getElementById(id);
const store = createStore(storageOrNull());

function storageOrNull() {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage disabled: the choices last for this page only.
    return null;
  }
}
const ui = {
  status: $("status"),
  count: $("ns-count"),
  filter: $("filter"),
  refresh: $("refresh"),
  reload: $("reload"),
  duration: $("duration"),
  packetCount: $("count"),
  theme: $("theme"),
  footer: $("footer"),
  png: $("png"),
  views: { wiring: $("view-wiring"), details: $("view-details"), namespaces: $("view-namespaces"), mounts: $("view-mounts") },
};

const state = {
  signature: "",
  timer: 0,
  loading: false,
  data: null,
  route: { view: "wiring", name: null },
  settings: store.settings(),
  types: new Set((store.get("ns-types", TYPES.join(",")) || "").split(",").filter((t) => TYPES.includes(t))),
  namespaces: null,
  mountsFor: null,
};

function limits() {
  return { duration: ui.duration.value.trim(), count: ui.packetCount.value.trim() };
}

function setStatus(text, kind = "") {
  ui.status.textContent = text;
  ui.status.dataset.kind = kind;
  ui.status.classList.toggle("error", kind === "error");
}

const actions = new Actions(new LiveView($("live")), limits);
const wiring = new WiringView($("wiring"), {
  actions,
  settings: () => state.settings,
  filter: () => ui.filter.value,
  count: (text) => {
    ui.count.textContent = text;
  },
  setStatus,
  statusKind: () => ui.status.dataset.kind,
  selectionBar: $("selection"),
  selectionText: $("selection-text"),
  selectionActions: $("selection-actions"),
  // Every card and every wire is in the page (after the last part of a progressive render, docs/ui.md "First paint").
  onComplete: () => {
    if (!document.body.dataset.wiringComplete) document.body.dataset.wiringComplete = performance.now().toFixed(0);
  },
});

/** GET a JSON document; a missing endpoint or a failure is a result with a reason, never an exception. */
async function getJson(url) {
  try {
    const response = await authFetch(url, { cache: "no-store", headers: { Accept: "application/json" } });
    if (!response.ok) return { ok: false, status: response.status, reason: await errorText(response) };
    return { ok: true, data: await response.json() };
  } catch (e) {
    return { ok: false, reason: e.message };
  }
}

// The explorer endpoints say why in {"error": "..."} (a 403 for a token limited to some targets, a 404); other
// answers are only their status line.
async function errorText(response) {
  const status = `HTTP ${response.status} ${response.statusText}`.trim();
  if (!(response.headers.get("Content-Type") ?? "").startsWith("application/json")) return status;
  try {
    const body = await response.json();
    return typeof body?.error === "string" ? `${status}: ${body.error}` : status;
  } catch {
    return status;
  }
}

function renderFooter(data) {
  const meta = data.metadata ?? {};
  const engines = (data.engines ?? []).map((e) => `${e.type} ${e.version}`).join(", ");
  const span = (text) => Object.assign(document.createElement("span"), { textContent: text });
  ui.footer.replaceChildren(
    span(`${meta.hostname ?? "?"}`),
    span(`kernel ${meta["kernel-version"] ?? "?"}`),
    span(engines ? `engines: ${engines}` : "no container engines"),
    span(`${meta["creator-id"] ?? "packetflix"} ${meta["creator-version"] ?? ""}`),
  );
}

function renderCurrent(changed) {
  const { view, name } = state.route;
  if (!state.data) return;
  if (view === "wiring") {
    if (changed) wiring.render(state.data);
    else wiring.reveal(name);
  } else if (view === "details") {
    renderDetails(ui.views.details, state.data, name, { actions, settings: () => state.settings });
  }
}

async function loadExplorer() {
  const { view, name, mode } = state.route;
  if (view !== "namespaces" && view !== "mounts") return;
  state.namespaces = await getJson("api/namespaces");
  if (state.route !== undefined && state.route.view !== view) return;
  if (view === "namespaces") {
    renderNamespaces(ui.views.namespaces, state.namespaces, mode, state.types, {
      onTypes: (type, on) => {
        if (on) state.types.add(type);
        else state.types.delete(type);
        store.set("ns-types", [...state.types].join(","));
        loadExplorer();
      },
      mountHref: (ns) => formatRoute({ view: "mounts", name: mountSlug(ns) }),
    });
    return;
  }
  const list = state.namespaces.ok ? state.namespaces.data.namespaces ?? [] : [];
  const mnt = resolveMountNamespace(list, name);
  // Built off the page and swapped in whole, so a refresh never shows a half-drawn view; the search is kept.
  const holder = document.createElement("div");
  const search = renderMountPicker(holder, state.namespaces, mnt);
  search.value = document.getElementById("mnt-search")?.value ?? "";
  const box = document.createElement("div");
  box.id = "mount-tree";
  holder.append(box);
  if (name && !mnt) {
    renderMountTree(box, search, { ok: false, reason: state.namespaces.ok ? `no mount namespace is named “${name}” right now` : state.namespaces.reason });
  } else if (mnt) {
    const mounts = await getJson(`api/mounts/${mnt.inode}`);
    if (state.route.view !== "mounts" || state.route.name !== name) return;
    renderMountTree(box, search, mounts);
  }
  const focused = document.activeElement?.id;
  ui.views.mounts.replaceChildren(...holder.childNodes);
  if (focused === "mnt-search") search.focus();
}

async function load() {
  if (state.loading) return;
  state.loading = true;
  try {
    const result = await getJson("json");
    if (!result.ok) {
      setStatus(result.status ? `Discovery is not available: ${result.reason}` : `Discovery failed: ${result.reason}`, "error");
      return;
    }
    const data = result.data;
    // Re-render only on change, so that an auto-refresh does not steal the keyboard focus or the scroll position.
    const signature = JSON.stringify([data["network-namespaces"], data.engines]);
    if (ui.status.dataset.kind === "error") setStatus("");
    const changed = signature !== state.signature;
    state.data = data;
    if (changed) {
      state.signature = signature;
      renderFooter(data);
      renderCurrent(true);
    }
    document.body.dataset.loaded = "true";
    if (!document.body.dataset.firstPaint) {
      requestAnimationFrame(() => {
        document.body.dataset.firstPaint = performance.now().toFixed(0);
      });
    }
  } finally {
    state.loading = false;
  }
  if (state.route.view === "namespaces" || state.route.view === "mounts") await loadExplorer();
}

function route() {
  const parsed = parseRoute(location.hash);
  if (!parsed) return;
  const previous = state.route.view;
  state.route = parsed;
  for (const [view, section] of Object.entries(ui.views)) section.hidden = view !== parsed.view;
  for (const link of document.querySelectorAll("nav.views a")) {
    if (link.dataset.view === parsed.view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (ui.status.dataset.kind === "route") setStatus("");
  if (parsed.view === "wiring") {
    wiring.focusName = parsed.name;
    renderCurrent(previous !== "wiring");
    if (previous === "wiring") wiring.draw();
  } else if (parsed.view === "details") {
    renderCurrent(true);
  } else {
    loadExplorer();
  }
}

function schedule() {
  clearInterval(state.timer);
  const interval = Number(ui.refresh.value);
  if (interval > 0) state.timer = setInterval(load, interval);
}

function applyTheme() {
  const theme = ui.theme.value;
  if (theme === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.dataset.theme = theme;
}

function initSettings() {
  for (const box of document.querySelectorAll("#settings input[data-setting]")) {
    box.checked = Boolean(state.settings[box.dataset.setting]);
    box.addEventListener("change", () => {
      state.settings = store.saveSettings({ ...state.settings, [box.dataset.setting]: box.checked });
      state.signature = "";
      if (state.data) {
        state.signature = JSON.stringify([state.data["network-namespaces"], state.data.engines]);
        if (state.route.view === "wiring") wiring.render(state.data);
        else renderCurrent(true);
      }
    });
  }
}

function init() {
  installDownloadTickets();
  ui.theme.value = store.get("theme", "system");
  applyTheme();
  ui.theme.addEventListener("change", () => {
    store.set("theme", ui.theme.value);
    applyTheme();
  });

  ui.filter.value = store.get("filter", "");
  ui.filter.addEventListener("input", () => {
    store.set("filter", ui.filter.value);
    wiring.applyFilter();
  });
  ui.filter.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      ui.filter.value = "";
      store.set("filter", "");
      wiring.applyFilter();
    }
  });

  ui.refresh.value = store.get("refresh", "0");
  if (ui.refresh.selectedIndex < 0) ui.refresh.value = "0";
  ui.refresh.addEventListener("change", () => {
    store.set("refresh", ui.refresh.value);
    schedule();
  });
  ui.reload.addEventListener("click", () => {
    state.signature = "";
    load();
  });

  ui.duration.value = store.get("duration", "60");
  ui.packetCount.value = store.get("count", "");
  for (const [input, key] of [[ui.duration, "duration"], [ui.packetCount, "count"]]) {
    input.addEventListener("input", () => {
      store.set(key, input.value.trim());
      actions.update();
    });
  }
  $("selection-clear").addEventListener("click", () => wiring.clearSelection());
  initSettings();
  ui.png.addEventListener("click", () => {
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
    downloadPng(ui.views[state.route.view], `packetflix-${state.route.view}-${stamp}.png`);
  });

  document.addEventListener("keydown", (e) => {
    const target = e.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target?.isContentEditable;
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      ui.filter.focus();
      ui.filter.select();
    }
  });
  window.addEventListener("hashchange", route);
  route();
  schedule();
  load();
}

init();
