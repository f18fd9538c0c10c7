// The wiring view's selection: the interfaces ticked on the cards, in one or several network namespaces. Each
// namespace is one target of the capture request (links.js): one namespace is exactly today's single-target
// request, several are one `targets=` request (docs/api.md, "Several targets"). Pure: no DOM, so node's test
// runner covers it; wiringview.js only keeps the check boxes in step with it.

/** The server's limit of targets per request (docs/api.md, "Several targets"). */
export const MAX_TARGETS = 32;

export class Selection {
  constructor() {
    /** netns → { target, title, names: Set } in the order the namespaces were first ticked. */
    this.entries = new Map();
  }

  get empty() {
    return this.entries.size === 0;
  }

  /** How many namespaces (targets) hold ticked interfaces. */
  get size() {
    return this.entries.size;
  }

  has(netns, name) {
    return this.entries.get(netns)?.names.has(name) ?? false;
  }

  /** The ticked interfaces of a namespace, sorted by name. */
  namesOf(netns) {
    return sortedNames(this.entries.get(netns)?.names ?? []);
  }

  /** Tick (or untick) one interface. owner: { netns, target, title } of its card. */
  set(owner, name, checked) {
    this.setMany(owner, [name], checked);
  }

  /** Tick or untick several interfaces of one namespace (a whole-card tick). */
  setMany(owner, names, checked) {
    let entry = this.entries.get(owner.netns);
    if (checked) {
      if (!entry) {
        entry = { target: owner.target, title: owner.title, names: new Set() };
        this.entries.set(owner.netns, entry);
      }
      for (const name of names) entry.names.add(name);
    } else if (entry) {
      for (const name of names) entry.names.delete(name);
      if (entry.names.size === 0) this.entries.delete(owner.netns);
    }
  }

  /** Drops the namespaces that are gone (after a refresh); true when something was dropped. */
  retain(isPresent) {
    let changed = false;
    for (const netns of [...this.entries.keys()]) {
      if (!isPresent(netns)) {
        this.entries.delete(netns);
        changed = true;
      }
    }
    return changed;
  }

  clear() {
    this.entries.clear();
  }

  /** The capture request (links.js parts): one part per namespace, its ticked interfaces sorted. */
  parts() {
    return [...this.entries.values()].map((entry) => ({ target: entry.target, nifs: sortedNames(entry.names), title: entry.title }));
  }

  /**
   * What the selection bar says and how its actions are labelled. One namespace: exactly as before the bar
   * could hold several ("2 interfaces of web: eth0, lo", label "eth0, lo of web"). tooMany: more targets than
   * one request may carry; the bar's actions are disabled then.
   */
  summary() {
    const parts = this.parts();
    if (parts.length === 0) return { text: "", label: "", tooMany: false };
    if (parts.length === 1) {
      const [{ nifs, title }] = parts;
      return { text: `${countOf(nifs.length)} of ${title}: ${nifs.join(", ")}`, label: `${nifs.join(", ")} of ${title}`, tooMany: false };
    }
    const total = parts.reduce((sum, part) => sum + part.nifs.length, 0);
    const each = parts.map((part) => `${part.nifs.join(", ")} of ${part.title}`).join("; ");
    const tooMany = parts.length > MAX_TARGETS;
    const limit = tooMany ? ` — at most ${MAX_TARGETS} namespaces fit one capture` : "";
    return { text: `${countOf(total)} in ${parts.length} namespaces: ${each}${limit}`, label: each, tooMany };
  }
}

function countOf(n) {
  return `${n} interface${n === 1 ? "" : "s"}`;
}

function sortedNames(names) {
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** The file name stem of a saved capture: the target's name (as before), or the names of several joined by "+". */
export function captureName(parts) {
  const names = parts.map((part) => (part.target.name || "capture").replace(/[^A-Za-z0-9._-]/g, "_"));
  return names.length === 1 ? names[0] : names.join("+").slice(0, 80);
}

/** "eth0, lo" for one target; "web: eth0; db: eth0, lo" for several (the live view's status line). */
export function describeInterfaces(parts) {
  if (parts.length === 1) return parts[0].nifs.join(", ");
  return parts.map((part) => `${part.title ?? part.target.name}: ${part.nifs.join(", ")}`).join("; ");
}

/** A whole-card box: "all" when every one of the card's capturable interfaces is ticked, "some", or "none". */
export function cardTickState(selection, netns, names) {
  const ticked = names.filter((name) => selection.has(netns, name)).length;
  return ticked === 0 ? "none" : ticked === names.length ? "all" : "some";
}
