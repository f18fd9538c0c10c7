// "Download as PNG" of the current view, without a dependency: the view's boxes (backgrounds, borders), its text
// and its SVG wires are painted onto a canvas from their layout (getBoundingClientRect and computed styles), then
// saved with canvas.toBlob. Painting from the layout keeps the page's Content-Security-Policy as it is (no
// stylesheets to inline, no foreignObject) and the canvas untainted.

const MAX_PIXELS = 60_000_000;

function visible(color) {
  return color && color !== "transparent" && !/rgba\([^)]*,\s*0\)$/.test(color);
}

export async function downloadPng(root, fileName) {
  const origin = root.getBoundingClientRect();
  const width = Math.ceil(Math.max(root.scrollWidth, origin.width));
  const height = Math.ceil(Math.max(root.scrollHeight, origin.height));
  const scale = Math.min(2, Math.sqrt(MAX_PIXELS / Math.max(1, width * height)));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.floor(width * scale));
  canvas.height = Math.max(1, Math.floor(height * scale));
  const g = canvas.getContext("2d");
  g.scale(scale, scale);
  g.fillStyle = getComputedStyle(document.body).backgroundColor;
  g.fillRect(0, 0, width, height);
  const at = (r) => ({ x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height });

  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      paintText(g, node, at);
      continue;
    }
    if (node instanceof SVGElement) {
      paintSvg(g, node, origin);
      continue;
    }
    const style = getComputedStyle(node);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const box = at(node.getBoundingClientRect());
    if (box.w === 0 || box.h === 0) continue;
    if (visible(style.backgroundColor)) {
      g.fillStyle = style.backgroundColor;
      g.fillRect(box.x, box.y, box.w, box.h);
    }
    const border = parseFloat(style.borderTopWidth);
    if (border > 0 && visible(style.borderTopColor)) {
      g.strokeStyle = style.borderTopColor;
      g.lineWidth = border;
      g.setLineDash(style.borderTopStyle === "dashed" ? [6, 4] : []);
      g.strokeRect(box.x + border / 2, box.y + border / 2, box.w - border, box.h - border);
      g.setLineDash([]);
    }
    if (node instanceof HTMLInputElement && node.type !== "checkbox" && node.value) {
      g.fillStyle = style.color;
      g.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      g.textBaseline = "middle";
      g.fillText(node.value, box.x + 6, box.y + box.h / 2, box.w - 8);
    }
  }
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

function paintText(g, node, at) {
  const text = node.textContent;
  const parent = node.parentElement;
  if (!text.trim() || !parent || parent instanceof SVGElement || parent.closest("title, option, select")) return;
  const style = getComputedStyle(parent);
  if (style.visibility === "hidden") return;
  const range = document.createRange();
  range.selectNodeContents(node);
  const rects = [...range.getClientRects()].filter((r) => r.width > 0);
  if (rects.length === 0) return;
  g.fillStyle = style.color;
  g.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  g.textBaseline = "middle";
  if (rects.length === 1) {
    const r = at(rects[0]);
    g.fillText(text.trim(), r.x, r.y + r.h / 2);
    return;
  }
  // Wrapped text: place it word by word, where the layout put each word.
  let offset = 0;
  for (const word of text.split(/(\s+)/)) {
    if (word.trim()) {
      range.setStart(node, offset);
      range.setEnd(node, offset + word.length);
      const r = range.getClientRects()[0];
      if (r) {
        const p = at(r);
        g.fillText(word, p.x, p.y + p.h / 2);
      }
    }
    offset += word.length;
  }
}

function paintSvg(g, node, origin) {
  if (!(node instanceof SVGPathElement || node instanceof SVGCircleElement) || node.closest("defs")) return;
  const style = getComputedStyle(node);
  if (style.display === "none" || style.visibility === "hidden" || node.closest("svg")?.getAttribute("aria-hidden") === "true") return;
  const svg = node.ownerSVGElement.getBoundingClientRect();
  g.save();
  g.translate(svg.left - origin.left, svg.top - origin.top);
  g.globalAlpha = Number(style.opacity) || 1;
  if (node instanceof SVGPathElement) {
    if (!visible(style.stroke) || style.stroke === "none") {
      g.restore();
      return;
    }
    g.strokeStyle = style.stroke;
    g.lineWidth = parseFloat(style.strokeWidth) || 1;
    g.stroke(new Path2D(node.getAttribute("d")));
    // The end dots are markers (wiringview.js): painted at the path's ends, as the browser draws them.
    for (const [attribute, at] of [["marker-start", 0], ["marker-end", node.getTotalLength()]]) {
      const dot = markerDot(node, attribute);
      if (!dot) continue;
      const p = node.getPointAtLength(at);
      g.beginPath();
      g.arc(p.x, p.y, dot.r, 0, 2 * Math.PI);
      g.fillStyle = dot.fill;
      g.fill();
    }
  } else {
    g.beginPath();
    g.arc(Number(node.getAttribute("cx")), Number(node.getAttribute("cy")), Number(node.getAttribute("r")), 0, 2 * Math.PI);
    if (visible(style.fill) && style.fill !== "none") {
      g.fillStyle = style.fill;
      g.fill();
    }
  }
  g.restore();
}

/** The circle of a path's marker (url(#id) in the attribute), with its radius and computed fill, or null. */
function markerDot(path, attribute) {
  const id = /^url\(#([^)]+)\)$/.exec(path.getAttribute(attribute) ?? "")?.[1];
  const circle = id ? document.getElementById(id)?.querySelector("circle") : null;
  if (!circle) return null;
  const fill = getComputedStyle(circle).fill;
  return visible(fill) && fill !== "none" ? { r: Number(circle.getAttribute("r")), fill } : null;
}
