// The VFS tree of a mount namespace from GET api/mounts/{mntns}, pure. One node per path component; a node
// holds the mounts at exactly its path in mountinfo order (proc_pid_mountinfo(5): later lines were mounted later),
// and counts the mount points below it. Overmounts come from the server ("hidden", "hidden-by"); when it does
// not say, they are derived here: a mount is hidden by a later mount at the same path, or at a parent path
// when that later mount is not one of its own ancestors.

export function mountTree(mounts) {
  const root = { name: "/", path: "/", mounts: [], children: [], count: 0 };
  const byPath = new Map([["/", root]]);
  const hidden = overmounts(mounts);
  for (const mount of mounts) {
    const path = normalise(mount["mount-point"]);
    let node = root;
    let current = "";
    for (const part of path.split("/").filter(Boolean)) {
      current += `/${part}`;
      let child = byPath.get(current);
      if (!child) {
        child = { name: part, path: current, mounts: [], children: [], count: 0 };
        byPath.set(current, child);
        node.children.push(child);
      }
      node = child;
    }
    node.mounts.push({ ...mount, hidden: hidden.get(mount.id)?.hidden ?? false, "hidden-by": hidden.get(mount.id)?.by ?? null });
  }
  const count = (node) => {
    node.children.sort((a, b) => a.name.localeCompare(b.name));
    node.count = node.children.reduce((sum, c) => sum + c.mounts.length + count(c), 0);
    return node.count;
  };
  count(root);
  return root;
}

function normalise(path) {
  const clean = `/${String(path ?? "").split("/").filter(Boolean).join("/")}`;
  return clean;
}

/** mount id → {hidden, by}: the server's flags where given, else derived (see the file comment). */
export function overmounts(mounts) {
  const result = new Map();
  const byId = new Map(mounts.map((m) => [m.id, m]));
  const ancestors = (m) => {
    const set = new Set();
    for (let p = byId.get(m.parent); p && !set.has(p.id); p = byId.get(p.parent)) set.add(p.id);
    return set;
  };
  mounts.forEach((m, i) => {
    if (typeof m.hidden === "boolean") {
      result.set(m.id, { hidden: m.hidden, by: m["hidden-by"] ?? null });
      return;
    }
    const path = normalise(m["mount-point"]);
    let by = null;
    for (const later of mounts.slice(i + 1)) {
      const lp = normalise(later["mount-point"]);
      const covers = lp === path || (path.startsWith(lp === "/" ? "/" : `${lp}/`) && !ancestors(m).has(later.id));
      if (covers && later.id !== m.id) {
        by = later.id;
        break;
      }
    }
    result.set(m.id, { hidden: by !== null, by });
  });
  return result;
}

/**
 * The tree cut down to what matches a search (path, fstype, source or options, case-insensitive), with the
 * ancestors of matches kept. Returns null when nothing matches; an empty term returns the tree itself.
 */
export function searchTree(root, term) {
  const needle = term.trim().toLowerCase();
  if (!needle) return root;
  const matches = (node) => node.path.toLowerCase().includes(needle)
    || node.mounts.some((m) => [m.fstype, m.source, m.options].some((v) => String(v ?? "").toLowerCase().includes(needle)));
  const cut = (node) => {
    const children = node.children.map(cut).filter(Boolean);
    if (children.length === 0 && !matches(node)) return null;
    return { ...node, children, match: matches(node) };
  };
  return cut(root);
}

/** "shared:12 (peers /a, /b)" style descriptions of a mount's propagation, ids resolved to mount points. */
export function propagationText(mount, byId) {
  const p = mount.propagation;
  if (!p) return "not available";
  const where = (ids) => (ids ?? []).map((id) => byId.get(id)?.["mount-point"] ?? `#${id}`).join(", ");
  const parts = [];
  if (p.shared != null) parts.push(`shared:${p.shared}${p.peers?.length ? ` (peers ${where(p.peers)})` : ""}`);
  if (p.master != null) parts.push(`master:${p.master}${p.masters?.length ? ` (from ${where(p.masters)})` : ""}`);
  if (p.unbindable) parts.push("unbindable");
  return parts.length ? parts.join(", ") : "private";
}
