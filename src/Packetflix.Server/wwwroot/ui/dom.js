// Small DOM helpers: elements are built with textContent and attributes only, never from HTML strings, so
// names from the discovery JSON (container names, labels) cannot inject markup.

const SVG = "http://www.w3.org/2000/svg";

/** element("a", { className: "btn", href: "…", "aria-label": "…" }, ["text", childNode]) */
export function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

/** An SVG element with attributes and children (text or nodes). */
export function svgElement(tag, attributes = {}, children = []) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

/** A collapsible section (<details>), open unless told otherwise. */
export function section(title, children, { open = true, id } = {}) {
  const node = element("details", { className: "section", id }, [element("summary", {}, [title]), ...children]);
  node.open = open;
  return node;
}

/** "not available" in place of a part the service did not send (or could not read, with its reason). */
export function notAvailable(reason) {
  return element("p", { className: "na" }, [reason ? `not available: ${reason}` : "not available"]);
}
