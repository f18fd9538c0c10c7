// Namespace trees from GET api/namespaces, pure. The user-namespace hierarchy holds every namespace under the
// user namespace that owns it (NS_GET_USERNS), child user namespaces under their parent (NS_GET_PARENT); the PID
// mode nests PID namespaces by parent only. See ioctl_ns(2).

export const TYPES = ["user", "pid", "net", "mnt", "uts", "ipc", "cgroup", "time"];

const typeRank = (type) => {
  const i = TYPES.indexOf(type);
  return i < 0 ? TYPES.length : i;
};

function compare(a, b) {
  return Number(Boolean(b.ns.initial)) - Number(Boolean(a.ns.initial)) || typeRank(a.ns.type) - typeRank(b.ns.type) || a.ns.inode - b.ns.inode;
}

function sortDeep(nodes) {
  nodes.sort(compare);
  for (const n of nodes) sortDeep(n.children);
  return nodes;
}

/**
 * The user-namespace tree: roots are user namespaces without a known parent (and namespaces whose owner is not
 * in the data). `types` (a Set) filters the non-user namespaces shown; user namespaces are the tree's skeleton
 * and stay, unless "user" is filtered out and nothing below them is left.
 */
export function userTree(namespaces, types = new Set(TYPES)) {
  const nodes = new Map();
  for (const ns of namespaces) if (ns.type === "user") nodes.set(ns.inode, { ns, children: [] });
  const roots = [];
  for (const node of nodes.values()) {
    const parent = node.ns.parent != null ? nodes.get(node.ns.parent) : undefined;
    (parent && parent !== node ? parent.children : roots).push(node);
  }
  for (const ns of namespaces) {
    if (ns.type === "user" || !types.has(ns.type)) continue;
    const owner = nodes.get(ns["user-namespace"]);
    (owner ? owner.children : roots).push({ ns, children: [] });
  }
  const prune = (list) => list.filter((n) => {
    n.children = prune(n.children);
    return n.ns.type !== "user" || types.has("user") || n.children.length > 0;
  });
  return sortDeep(prune(roots));
}

/** The PID-namespace tree (other types are not part of it). */
export function pidTree(namespaces) {
  const nodes = new Map();
  for (const ns of namespaces) if (ns.type === "pid") nodes.set(ns.inode, { ns, children: [] });
  const roots = [];
  for (const node of nodes.values()) {
    const parent = node.ns.parent != null ? nodes.get(node.ns.parent) : undefined;
    (parent && parent !== node ? parent.children : roots).push(node);
  }
  return sortDeep(roots);
}

/** How many nodes a tree holds (all levels). */
export function countNodes(nodes) {
  return nodes.reduce((sum, n) => sum + 1 + countNodes(n.children), 0);
}

/** "[outer]:inner" names of the containers of a namespace, as the server reports them. */
export function containerNames(ns) {
  return (ns.containers ?? []).map((c) => c.display || (c.prefix ? `[${c.prefix}]:${c.name}` : c.name));
}

/** The mount namespace a Mounts bookmark names: by container, "host", process name, "pid:N", or inode. */
export function resolveMountNamespace(namespaces, name) {
  const mnts = namespaces.filter((ns) => ns.type === "mnt");
  if (!name) return null;
  const pid = /^(?:pid:)?(\d+)$/.exec(name);
  return mnts.find((ns) => (ns.containers ?? []).some((c) => c.name === name || c.display === name))
    ?? (name === "host" ? mnts.find((ns) => ns.initial) : null)
    ?? mnts.find((ns) => ns.ealdorman?.name === name)
    ?? (pid ? mnts.find((ns) => ns.ealdorman?.pid === Number(pid[1]) || (ns.leaders ?? []).some((l) => l.pid === Number(pid[1]))) : null)
    ?? mnts.find((ns) => String(ns.inode) === name)
    ?? null;
}

/** The name a Mounts bookmark uses: the first container's, "host" for the initial one, else "pid:<ealdorman>". */
export function mountSlug(ns) {
  const first = (ns.containers ?? [])[0];
  if (first) return first.name;
  if (ns.initial) return "host";
  return ns.ealdorman ? `pid:${ns.ealdorman.pid}` : String(ns.inode);
}
