// The mounts view (#/m/<name>): pick a mount namespace (by container or process), see its mount points as a
// collapsible VFS tree with child counts, fstype, source, options, propagation, read-only and overmounts marked,
// and search it. Data: GET api/namespaces (the choice) and GET api/mounts/{mntns}.
import { element, notAvailable } from "./dom.js";
import { containerNames, mountSlug } from "./nstree.js";
import { mountTree, propagationText, searchTree } from "./mounttree.js";
import { formatRoute } from "./routes.js";

export function renderMountPicker(root, namespacesResult, selected) {
  const mnts = namespacesResult.ok ? (namespacesResult.data.namespaces ?? []).filter((ns) => ns.type === "mnt") : [];
  const select = element("select", { id: "mnt-pick", "aria-label": "Mount namespace" }, [element("option", { value: "" }, ["choose a mount namespace…"])]);
  for (const ns of mnts) {
    const who = containerNames(ns).join(", ") || (ns.initial ? "host" : ns.ealdorman ? `${ns.ealdorman.name} (${ns.ealdorman.pid})` : "no process");
    select.append(element("option", { value: mountSlug(ns) }, [`${who} — mnt:[${ns.inode}]`]));
  }
  select.value = selected ? mountSlug(selected) : "";
  select.addEventListener("change", () => {
    if (select.value) location.hash = formatRoute({ view: "mounts", name: select.value });
  });
  const search = element("input", { id: "mnt-search", type: "search", placeholder: "path, fstype, source, option…", "aria-label": "Search mounts", autocomplete: "off", spellcheck: "false" });
  root.replaceChildren(
    element("h2", {}, ["Mounts"]),
    element("div", { className: "view-controls" }, [element("label", { for: "mnt-pick" }, ["Mount namespace"]), select, search]),
  );
  if (!namespacesResult.ok) root.append(notAvailable(namespacesResult.reason));
  return search;
}

/** Renders the tree into `box`, again on each search input; returns nothing. */
export function renderMountTree(box, search, result) {
  if (!result.ok) {
    box.replaceChildren(notAvailable(result.reason));
    return;
  }
  const data = result.data;
  const mounts = data.mounts ?? [];
  const byId = new Map(mounts.map((m) => [m.id, m]));
  const full = mountTree(mounts);
  const draw = () => {
    const tree = searchTree(full, search.value);
    const summary = element("p", { className: "muted" }, [
      `mnt:[${data.mntns}]${data.container ? ` of ${data.container}` : ""}${data.ealdorman ? `, process ${data.ealdorman.name} (${data.ealdorman.pid})` : ""}: `
        + `${mounts.length} mounts, ${countHidden(full)} overmounted`,
    ]);
    const parts = [summary];
    if (data.partial) parts.push(element("p", { className: "partial" }, [`Partial data: ${data.reason ?? "no reason given"}`]));
    if (!tree) parts.push(element("p", { className: "na" }, [`Nothing matches “${search.value}”.`]));
    else {
      const ul = element("ul", { className: "tree vfs", role: "tree", "aria-label": "Mount points" });
      ul.append(vfsItem(tree, byId, 1, Boolean(search.value.trim())));
      parts.push(ul);
    }
    box.replaceChildren(...parts);
  };
  search.oninput = draw;
  draw();
}

function countHidden(node) {
  return node.mounts.filter((m) => m.hidden).length + node.children.reduce((s, c) => s + countHidden(c), 0);
}

function vfsItem(node, byId, level, searching) {
  const li = element("li", { className: `vfs-node${node.mounts.length ? " mount" : " folder"}${node.match ? " match" : ""}`, role: "treeitem", "aria-level": String(level) });
  li.dataset.path = node.path;
  const row = element("div", { className: "vfs-row" });
  const childList = element("ul", { role: "group" });
  if (node.children.length > 0) {
    const open = searching || level <= 2;
    childList.hidden = !open;
    const toggle = element("button", { type: "button", className: "twisty", "aria-expanded": String(open), "aria-label": `${open ? "Collapse" : "Expand"} ${node.path}` }, [open ? "▾" : "▸"]);
    toggle.addEventListener("click", () => {
      const show = childList.hidden;
      childList.hidden = !show;
      toggle.setAttribute("aria-expanded", String(show));
      toggle.textContent = show ? "▾" : "▸";
      toggle.setAttribute("aria-label", `${show ? "Collapse" : "Expand"} ${node.path}`);
    });
    row.append(toggle);
  } else {
    row.append(element("span", { className: "twisty-space" }));
  }
  row.append(element("span", { className: "vfs-name" }, [level === 1 ? "/" : node.name]));
  if (node.count > 0) row.append(element("span", { className: "count", title: "mount points below" }, [`${node.count}`]));
  li.append(row);
  for (const m of node.mounts) {
    const line = element("div", { className: `mount-line${m.hidden ? " overmounted" : ""}` });
    line.dataset.id = String(m.id);
    line.append(element("span", { className: "tag fstype" }, [m.fstype ?? "?"]), element("span", { className: "source" }, [m.source ?? ""]));
    if (m["read-only"]) line.append(element("span", { className: "tag ro" }, ["ro"]));
    if (m.root && m.root !== "/") line.append(element("span", { className: "muted" }, [`root ${m.root}`]));
    line.append(element("span", { className: "options" }, [m.options ?? ""]), element("span", { className: "propagation" }, [propagationText(m, byId)]));
    if (m.hidden) {
      const by = byId.get(m["hidden-by"]);
      line.append(element("span", { className: "tag warn" }, [`overmounted${by ? ` by ${by["mount-point"]} (#${by.id})` : ""}`]));
    }
    li.append(line);
  }
  if (node.children.length > 0) {
    for (const child of node.children) childList.append(vfsItem(child, byId, level + 1, searching));
    li.append(childList);
  }
  return li;
}
