// The page's bookmarkable routes, in the URL fragment so that they work under any base path:
//   #/w[/<name>]   wiring (all cards, or scrolled to one namespace)
//   #/n[/<name>]   details of a network namespace
//   #/m[/<name>]   mounts of a mount namespace
//   #/ns[/pid]     namespaces (user-namespace hierarchy, or the PID tree)
// <name> is a container, pod or bind-mount name (or "host"), never an inode, so a bookmark survives a restart.
// Other fragments (#cards, #nif-…) are in-page anchors and not routes: parseRoute returns null for them.

const VIEWS = { w: "wiring", n: "details", m: "mounts", ns: "namespaces" };
const LETTERS = Object.fromEntries(Object.entries(VIEWS).map(([letter, view]) => [view, letter]));

export function parseRoute(hash) {
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  if (text === "" || text === "/") return { view: "wiring", name: null };
  if (!text.startsWith("/")) return null;
  const [head, ...rest] = text.slice(1).split("/");
  const view = VIEWS[head];
  if (!view) return null;
  let name = null;
  if (rest.length > 0 && rest.join("/") !== "") {
    try {
      name = decodeURIComponent(rest.join("/"));
    } catch {
      name = rest.join("/");
    }
  }
  if (view === "namespaces") return { view, name: null, mode: name === "pid" ? "pid" : "user" };
  return { view, name };
}

export function formatRoute(route) {
  const letter = LETTERS[route.view] ?? "w";
  if (route.view === "namespaces") return route.mode === "pid" ? "#/ns/pid" : "#/ns";
  return route.name ? `#/${letter}/${encodeURIComponent(route.name)}` : `#/${letter}`;
}
