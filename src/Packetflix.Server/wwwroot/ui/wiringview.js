// The wiring view: the cards (cards.js) with SVG wires between the interfaces they join (wiring.js). Hovering a
// wire, or an interface, highlights its wires and dims the rest; a click (or Enter) pins the highlight until the
// next click. Wires are redrawn when the layout changes (resize, an interface's details opened, the filter).
import { element, svgElement } from "./dom.js";
import { addDeferredRows, card, showTickState } from "./cards.js";
import { resolveNamespace } from "./model.js";
import { Selection, cardTickState } from "./selection.js";
import { arrange, wirePath, wiresOf } from "./wiring.js";

/**
 * Cards built before the first paint (a screenful of the grid and more), then CHUNK_CARDS per task. Each part
 * costs a layout and a paint of its own, so the rest comes in as few parts as keep a task short.
 */
const FIRST_CARDS = 16;
const CHUNK_CARDS = 120;

const KIND_LABEL = { veth: "veth pair", port: "bridge port", macvlan: "macvlan on", ipvlan: "ipvlan on", vxlan: "vxlan underlay", outside: "to the outside" };

export class WiringView {
  /** root: the #wiring element; ui: {status, count, selection…}; actions: Actions; settings: () => settings. */
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.hostColumn = root.querySelector("#host-column");
    this.cards = root.querySelector("#cards");
    this.svg = root.querySelector("#wires");
    this.wires = [];
    this.pinned = null;
    this.hot = null;
    this.frame = 0;
    this.rest = null;
    this.restTimer = 0;
    this.restFrame = 0;
    this.selection = new Selection();
    this.expanded = new Set();
    this.focusName = null;
    this.installEvents();
  }

  allCards() {
    return [...this.root.querySelectorAll("article.card")];
  }

  render(data) {
    const namespaces = data["network-namespaces"] ?? [];
    const byInode = new Map(namespaces.map((ns) => [ns.netns, ns]));
    const { host, others } = arrange(namespaces);
    const cardOrder = new Map(others.map((ns, i) => [ns.netns, i]));
    const actions = this.ctx.actions;
    actions.prune((anchor) => this.ctx.selectionActions.contains(anchor));
    const focusedId = document.activeElement?.closest?.("[id]")?.id;
    const cardCtx = {
      actions,
      settings: this.ctx.settings(),
      selection: this.selection,
      expanded: this.expanded,
      cardOrder,
      onTick: (owner, names, checked) => this.toggleSelection(owner, names, checked),
    };
    // The first render of many cards is progressive (docs/ui.md, "First paint"): the host and the first screenful
    // now, the rest in later tasks after that frame is painted. A re-render (refresh, settings) replaces the page
    // at once, so that the scroll position and the focus stay where they were.
    this.cancelRest();
    const progressive = this.cards.childElementCount === 0 && others.length > FIRST_CARDS;
    const first = progressive ? others.slice(0, FIRST_CARDS) : others;
    const fragment = document.createDocumentFragment();
    for (const ns of first) fragment.append(card(ns, byInode, cardCtx));
    // The host card's rows that lead to cards not built yet come with those cards.
    const waiting = new Set(others.slice(first.length).map((ns) => ns.netns));
    const hostCtx = progressive ? { ...cardCtx, later: (nif) => Boolean(nif.peer) && waiting.has(nif.peer.netns) } : cardCtx;
    const hostCard = host ? card(host, byInode, hostCtx) : null;
    this.hostColumn.replaceChildren(...(hostCard ? [hostCard] : []));
    this.root.classList.toggle("with-host", Boolean(host) && others.length > 0);
    this.cards.replaceChildren(fragment);
    this.wires = wiresOf(namespaces);
    this.namespaces = namespaces;
    this.rest = progressive ? { queue: others.slice(FIRST_CARDS), byInode, cardCtx, hostCard, total: others.length + (host ? 1 : 0) } : null;
    // A refresh keeps the selection of the namespaces that are still there (the cards were built with it).
    if (this.selection.retain((netns) => byInode.has(netns))) this.renderSelection();
    if (focusedId) document.getElementById(focusedId)?.focus?.();
    this.applyFilter();
    this.reveal(this.focusName);
    // applyFilter scheduled the wires for the next frame: drawn once, after the cards' layout, not twice.
  }

  /** The next cards of a progressive render, one task each, a frame painted between them; the last draws every wire. */
  appendRest() {
    const rest = this.rest;
    this.restTimer = 0;
    if (!rest) return;
    const fragment = document.createDocumentFragment();
    const chunk = rest.queue.splice(0, CHUNK_CARDS);
    for (const ns of chunk) fragment.append(card(ns, rest.byInode, rest.cardCtx));
    this.cards.append(fragment);
    if (rest.hostCard) {
      const now = new Set(chunk.map((ns) => ns.netns));
      addDeferredRows(rest.hostCard, rest.queue.length > 0 ? (nif) => now.has(nif.peer.netns) : () => true);
    }
    if (rest.queue.length > 0) {
      this.applyFilter({ draw: false });
      this.restFrame = requestAnimationFrame(() => {
        this.restFrame = 0;
        this.restTimer = setTimeout(() => this.appendRest(), 0);
      });
      return;
    }
    this.rest = null;
    this.applyFilter();
    this.reveal(this.focusName);
  }

  cancelRest() {
    clearTimeout(this.restTimer);
    cancelAnimationFrame(this.restFrame);
    this.restTimer = 0;
    this.restFrame = 0;
    this.rest = null;
  }

  /** #/w/<name>: mark and scroll to the card that name resolves to now (by name, so after a restart too). */
  reveal(name) {
    this.focusName = name;
    for (const c of this.root.querySelectorAll("article.card.focused")) c.classList.remove("focused");
    if (!name || !this.namespaces) return;
    const ns = resolveNamespace(this.namespaces, name);
    if (!ns) {
      this.ctx.setStatus(`Nothing is named “${name}” right now; the view updates when it is back.`, "route");
      return;
    }
    if (this.ctx.statusKind() === "route") this.ctx.setStatus("");
    const target = document.getElementById(`ns-${ns.netns}`);
    target?.classList.add("focused");
    target?.scrollIntoView({ block: "nearest" });
  }

  applyFilter({ draw = true } = {}) {
    const terms = this.ctx.filter().toLowerCase().split(/\s+/).filter(Boolean);
    const cards = this.allCards();
    let shown = 0;
    for (const c of cards) {
      const visible = terms.every((t) => c.dataset.search.includes(t));
      c.hidden = !visible;
      if (visible) shown++;
    }
    // While a progressive render is still adding cards, the total is the one it will reach, the cards to come count
    // as shown unless a filter is set, and "nothing matches" waits for the last card.
    const total = this.rest ? this.rest.total : cards.length;
    if (terms.length === 0) shown += total - cards.length;
    this.ctx.count(shown === total ? `${total}` : `${shown} of ${total}`);
    if (!this.rest && cards.length > 0 && shown === 0) this.ctx.setStatus(`Nothing matches “${this.ctx.filter()}”.`, "filter");
    else if (this.ctx.statusKind() === "filter") this.ctx.setStatus("");
    if (draw) this.draw();
  }

  /** Redraw at the next frame (several layout changes in one frame draw once). */
  draw() {
    // Between the first and the last part of a progressive render the wires wait for the last one (each draw
    // reads every row's box, i.e. lays out every card).
    if (this.frame || this.restTimer || this.restFrame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawNow();
    });
  }

  /**
   * Draw every wire from the interface rows' boxes. All layout reads come first (one layout for the whole page),
   * then the writes; the wires are built off the document and swapped in at once, and the end dots are SVG
   * markers rather than elements of their own (docs/ui.md, "First paint").
   */
  drawNow() {
    const origin = this.root.getBoundingClientRect();
    const heads = new Map();
    const box = (id) => {
      if (heads.has(id)) return heads.get(id);
      // A row not built yet (a progressive render's later part) has no box: its wires come with it.
      const head = document.getElementById(id)?.querySelector(".nif-head");
      let r = null;
      if (head && head.offsetParent !== null) {
        const b = head.getBoundingClientRect();
        r = { left: b.left - origin.left, top: b.top - origin.top, right: b.right - origin.left, bottom: b.bottom - origin.top };
      }
      heads.set(id, r);
      return r;
    };
    const drawn = [];
    for (const wire of this.wires) {
      const a = box(wire.a.id);
      const b = wire.b ? box(wire.b.id) : null;
      if (a && (!wire.b || b)) drawn.push({ wire, d: wirePath(a, b).d });
    }
    const width = this.root.scrollWidth;
    const height = this.root.scrollHeight;
    this.drawnSize = `${origin.width}x${origin.height}`;

    const fragment = document.createDocumentFragment();
    fragment.append(markers());
    for (const { wire, d } of drawn) {
      const label = `${KIND_LABEL[wire.kind] ?? wire.kind}: ${nameOf(wire.a.id)}${wire.b ? ` ↔ ${nameOf(wire.b.id)}` : ""}`;
      const g = svgElement("g", { class: `wire-g kind-${wire.kind}`, id: wire.id, tabindex: "0", role: "button", "aria-label": label });
      g.dataset.a = wire.a.id;
      if (wire.b) g.dataset.b = wire.b.id;
      g.append(
        svgElement("title", {}, [label]),
        svgElement("path", { class: "wire-hit", d }),
        svgElement("path", { class: "wire-line", d, "marker-start": "url(#wire-dot)", "marker-end": wire.b ? "url(#wire-dot)" : "url(#wire-out)" }),
      );
      fragment.append(g);
    }
    this.svg.setAttribute("width", String(width));
    this.svg.setAttribute("height", String(height));
    this.svg.replaceChildren(fragment);
    this.highlight(this.pinned ?? this.hot);
    if (this.rest) {
      // The first screenful is drawn: the other cards follow once this frame is painted.
      if (!this.restTimer) this.restTimer = setTimeout(() => this.appendRest(), 0);
    } else if (this.namespaces) {
      this.ctx.onComplete?.();
    }
  }

  /** Highlight one wire (by id) or an interface's wires (by "nif-…" id), dim the others; null clears. */
  highlight(id) {
    for (const el of this.root.querySelectorAll(".hot")) el.classList.remove("hot");
    for (const el of this.root.querySelectorAll("li.nif.highlight")) el.classList.remove("highlight");
    const groups = id ? [...this.svg.querySelectorAll("g.wire-g")].filter((g) => g.id === id || g.dataset.a === id || g.dataset.b === id) : [];
    this.svg.classList.toggle("dimmed", groups.length > 0);
    for (const g of groups) {
      g.classList.add("hot");
      for (const end of [g.dataset.a, g.dataset.b]) if (end) document.getElementById(end)?.classList.add("highlight");
    }
    this.svg.classList.toggle("pinned", this.pinned !== null);
  }

  installEvents() {
    const over = (e) => {
      const g = e.target.closest?.("g.wire-g");
      const nif = e.target.closest?.("li.nif");
      const link = e.target.closest?.("a.wire-link");
      this.hot = g?.id ?? (link ? link.dataset.wire : nif?.id) ?? null;
      if (this.pinned === null) this.highlight(this.hot);
      if (link) document.getElementById(link.dataset.wire)?.classList.add("highlight");
    };
    const out = () => {
      this.hot = null;
      if (this.pinned === null) this.highlight(null);
    };
    for (const type of ["mouseover", "focusin"]) this.root.addEventListener(type, over);
    for (const type of ["mouseout", "focusout"]) this.root.addEventListener(type, out);
    const pin = (g) => {
      this.pinned = this.pinned === g.id ? null : g.id;
      this.highlight(this.pinned ?? g.id);
    };
    this.svg.addEventListener("click", (e) => {
      const g = e.target.closest?.("g.wire-g");
      if (g) pin(g);
    });
    this.svg.addEventListener("keydown", (e) => {
      const g = e.target.closest?.("g.wire-g");
      if (g && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        pin(g);
      }
    });
    // A wire link scrolls to the other end without changing the route in the URL.
    this.root.addEventListener("click", (e) => {
      const link = e.target.closest?.("a.wire-link");
      if (!link) return;
      e.preventDefault();
      const end = document.getElementById(link.dataset.wire);
      end?.scrollIntoView({ block: "center" });
      end?.querySelector(".nif-name")?.focus();
    });
    this.root.addEventListener("pf-resize", () => this.draw());
    // A size the wires were drawn for (the draw after a render sees the new layout) needs no second draw.
    if (typeof ResizeObserver === "function") {
      new ResizeObserver((entries) => {
        const size = entries[0]?.borderBoxSize?.[0];
        if (!size || `${size.inlineSize}x${size.blockSize}` !== this.drawnSize) this.draw();
      }).observe(this.root);
    }
  }

  /** A tick on a card (owner: {netns, target, title}): one interface, or all of the card's with its own box. */
  toggleSelection(owner, names, checked) {
    this.selection.setMany(owner, names, checked);
    this.syncTicks(owner.netns);
    this.renderSelection();
  }

  /** Keeps a card's boxes in step with the selection (a whole-card tick ticks its rows, and the other way). */
  syncTicks(netns) {
    const article = document.getElementById(`ns-${netns}`);
    if (!article) return;
    for (const box of article.querySelectorAll("input.nif-tick")) box.checked = this.selection.has(netns, box.closest("li.nif").dataset.name);
    const all = article.querySelector("input.card-tick");
    if (all) showTickState(all, cardTickState(this.selection, netns, all.dataset.names ? all.dataset.names.split("/") : []));
  }

  renderSelection() {
    const { selection } = this;
    const { selectionActions, selectionBar, selectionText, actions } = this.ctx;
    actions.prune((anchor) => !selectionActions.contains(anchor));
    selectionActions.replaceChildren();
    if (selection.empty) {
      selectionBar.hidden = true;
      return;
    }
    // One namespace: today's single-target request; several: one `targets=` request (selection.js, links.js).
    const { text, label, tooMany } = selection.summary();
    selectionText.textContent = text;
    selectionActions.append(...actions.makeFor(selection.parts(), label, { disabled: tooMany }).childNodes);
    selectionBar.hidden = false;
  }

  clearSelection() {
    for (const box of this.root.querySelectorAll("input.nif-tick, input.card-tick")) showTickState(box, "none");
    this.selection.clear();
    this.renderSelection();
  }
}

/** The end dots of the wires, as markers (sized in the layer's units, not by the stroke). */
function markers() {
  const dot = (id, r, cls) =>
    svgElement("marker", { id, viewBox: `${-r} ${-r} ${2 * r} ${2 * r}`, markerWidth: 2 * r, markerHeight: 2 * r, markerUnits: "userSpaceOnUse", refX: 0, refY: 0 }, [
      svgElement("circle", { class: cls, r }),
    ]);
  return svgElement("defs", {}, [dot("wire-dot", 3, "wire-end"), dot("wire-out", 5, "wire-outside")]);
}

function nameOf(id) {
  return document.getElementById(id)?.dataset.name ?? id;
}
