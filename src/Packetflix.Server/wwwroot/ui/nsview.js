// The namespaces view (#/ns, #/ns/pid): every namespace along the user-namespace hierarchy, or the PID tree, from
// GET api/namespaces. Each row: type, inode, representative process, containers, owner; initial ones marked.
import { element, notAvailable } from "./dom.js";
import { TYPES, containerNames, countNodes, pidTree, userTree } from "./nstree.js";
import { formatRoute } from "./routes.js";

export function renderNamespaces(root, result, mode, types, ctx) {
  const controls = element("div", { className: "view-controls" });
  const modeSelect = element("select", { id: "ns-mode", "aria-label": "Tree" }, [
    element("option", { value: "user" }, ["user-namespace hierarchy"]),
    element("option", { value: "pid" }, ["PID namespace tree"]),
  ]);
  modeSelect.value = mode;
  modeSelect.addEventListener("change", () => {
    location.hash = formatRoute({ view: "namespaces", mode: modeSelect.value });
  });
  controls.append(element("label", { for: "ns-mode" }, ["Tree"]), modeSelect);
  const filters = element("fieldset", { className: "type-filter" }, [element("legend", {}, ["Types"])]);
  for (const type of TYPES) {
    const box = element("input", { type: "checkbox", id: `ns-type-${type}`, value: type });
    box.checked = types.has(type);
    box.disabled = mode === "pid";
    box.addEventListener("change", () => ctx.onTypes(type, box.checked));
    filters.append(element("label", { className: "check" }, [box, type]));
  }
  controls.append(filters);
  const parts = [element("h2", {}, ["Namespaces"]), controls];
  if (!result.ok) {
    parts.push(notAvailable(result.reason));
    root.replaceChildren(...parts);
    return;
  }
  const list = result.data.namespaces ?? [];
  if (result.data.partial) parts.push(element("p", { className: "partial" }, [`Partial data: ${result.data.reason ?? "no reason given"}`]));
  const tree = mode === "pid" ? pidTree(list) : userTree(list, types);
  parts.push(element("p", { className: "muted" }, [`${countNodes(tree)} of ${list.length} namespaces shown`]));
  const ul = element("ul", { className: "tree", role: "tree", "aria-label": mode === "pid" ? "PID namespaces" : "Namespaces by user namespace" });
  for (const node of tree) ul.append(treeItem(node, ctx, 1));
  parts.push(ul);
  root.replaceChildren(...parts);
}

function treeItem(node, ctx, level) {
  const ns = node.ns;
  const li = element("li", { className: `ns-node type-${ns.type}${ns.initial ? " initial" : ""}`, role: "treeitem", "aria-level": String(level), id: `nsn-${ns.type}-${ns.inode}` });
  li.dataset.type = ns.type;
  li.dataset.inode = String(ns.inode);
  const row = element("div", { className: "ns-row" });
  const childList = element("ul", { role: "group" });
  if (node.children.length > 0) {
    const toggle = element("button", { type: "button", className: "twisty", "aria-expanded": "true", "aria-label": `Collapse ${ns.type}:[${ns.inode}]` }, ["▾"]);
    toggle.addEventListener("click", () => {
      const open = childList.hidden;
      childList.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "▾" : "▸";
      toggle.setAttribute("aria-label", `${open ? "Collapse" : "Expand"} ${ns.type}:[${ns.inode}]`);
    });
    row.append(toggle);
  } else {
    row.append(element("span", { className: "twisty-space" }));
  }
  row.append(element("span", { className: `tag nstype` }, [ns.type]), element("span", { className: "ns-id" }, [`${ns.type}:[${ns.inode}]`]));
  if (ns.initial) row.append(element("span", { className: "tag initial-tag" }, ["initial"]));
  const e = ns.ealdorman;
  row.append(element("span", { className: "ns-proc", title: e?.cmdline ?? "" }, [e ? `${e.name} (${e.pid})` : "no process"]));
  const names = containerNames(ns);
  if (names.length) row.append(element("span", { className: "ns-containers" }, [names.join(", ")]));
  if ((ns.leaders ?? []).length > 1) row.append(element("span", { className: "muted" }, [`${ns.leaders.length} leaders`]));
  if (ns["owner-uid"] !== undefined) row.append(element("span", { className: "ns-owner" }, [`uid ${ns["owner-uid"]}${ns["owner-user"] ? ` (${ns["owner-user"]})` : ""}`]));
  for (const mount of ns["bind-mounts"] ?? []) row.append(element("span", { className: "muted" }, [mount]));
  if (ns.type === "mnt") row.append(element("a", { href: ctx.mountHref(ns), className: "view-link" }, ["Mounts"]));
  li.append(row);
  if (node.children.length > 0) {
    for (const child of node.children) childList.append(treeItem(child, ctx, level + 1));
    li.append(childList);
  }
  return li;
}
