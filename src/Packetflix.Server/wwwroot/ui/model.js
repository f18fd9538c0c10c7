// Pure helpers over the discovery JSON (docs/discovery.md "/json"): titles, capture targets, addresses, and the
// name-based lookup behind bookmarkable URLs. No DOM here, so node's test runner covers it.

export const OPERATIONAL = new Set(["UP", "UNKNOWN"]);

export function displayName(container) {
  return container.prefix ? `[${container.prefix}]:${container.name}` : container.name;
}

export function namespaceTitle(ns) {
  const containers = ns.containers ?? [];
  if (containers.length > 0) {
    const pods = [...new Set(containers.map((c) => c.pod).filter(Boolean))];
    return pods.length > 0 ? pods.join(", ") : containers.map(displayName).join(", ");
  }
  if (ns.initial) return "host";
  const mounts = ns["bind-mounts"] ?? [];
  return mounts.length > 0 ? mounts.join(", ") : `netns ${ns.netns}`;
}

/**
 * The name a bookmark uses for a namespace: its first pod or container (as displayed, with the prefix), else the
 * last part of its bind mount, else "host" for the initial one. Names survive a container restart; inodes do not.
 */
export function namespaceSlug(ns) {
  const first = (ns.containers ?? [])[0];
  if (first) return first.pod || displayName(first);
  if (ns.initial) return "host";
  const mount = (ns["bind-mounts"] ?? [])[0];
  return mount ? mount.split("/").pop() : String(ns.netns);
}

/** The network namespace a bookmark's name points to now (by container, pod, bind mount, "host", or inode). */
export function resolveNamespace(namespaces, name) {
  if (!name) return null;
  const exact = (ns) =>
    (ns.containers ?? []).some((c) => c.name === name || displayName(c) === name || c.pod === name)
    || (ns["bind-mounts"] ?? []).some((m) => m === name || m.split("/").pop() === name);
  return namespaces.find(exact)
    ?? (name === "host" ? namespaces.find((ns) => ns.initial) : null)
    ?? namespaces.find((ns) => String(ns.netns) === name)
    ?? null;
}

/** Who a capture of this namespace is for: its first container, else its bind mount, else nobody in particular. */
export function namespaceTarget(ns, interfaces) {
  const first = (ns.containers ?? [])[0];
  if (first) {
    return { netns: ns.netns, interfaces, name: first.name, type: first.type, prefix: first.prefix ?? "" };
  }
  const mount = (ns["bind-mounts"] ?? [])[0];
  if (mount) {
    return { netns: ns.netns, interfaces, name: mount.split("/").pop(), type: "bindmount", prefix: "" };
  }
  return { netns: ns.netns, interfaces, name: ns.initial ? "host" : "", type: ns.initial ? "proc" : "", prefix: "" };
}

/** "a.b.c.d/len" of an interface, filtered by the IP families the settings show. */
export function addressesOf(nif, families = { ipv4: true, ipv6: true }) {
  const addresses = nif.addresses ?? {};
  return [...(families.ipv4 ? addresses.ipv4 ?? [] : []), ...(families.ipv6 ? addresses.ipv6 ?? [] : [])]
    .map((a) => `${a.address}/${a.prefixlen}`);
}

export function kindOf(nif) {
  if (nif.kind) return nif.kind;
  return isLoopback(nif) ? "loopback" : "device";
}

export function isLoopback(nif) {
  return nif.name === "lo" && !nif.kind;
}

/** Namespaces in card order: the initial one first, then by title. */
export function sortNamespaces(namespaces) {
  return [...namespaces].sort((a, b) =>
    a.initial === b.initial ? namespaceTitle(a).localeCompare(namespaceTitle(b)) : a.initial ? -1 : 1);
}
