// The three capture actions of a container, pod or interface: the Wireshark link (exactly Ghostwire's form, see
// links.js), a pcapng download with the page's limits, and the live view. Download anchors are remembered so
// that a change of the limits updates them in place.
import { downloadLink, wiresharkLink } from "./links.js";
import { element } from "./dom.js";

export class Actions {
  /** live: the LiveView; limits: () => {duration, count}. */
  constructor(live, limits) {
    this.live = live;
    this.limits = limits;
    this.downloads = [];
  }

  /** Forget the anchors that are no longer in the page (after a re-render). */
  prune(keep) {
    this.downloads = this.downloads.filter((d) => keep(d.anchor));
  }

  update() {
    const current = this.limits();
    for (const d of this.downloads) d.anchor.href = downloadLink(d.target, d.nifs, current);
  }

  make(target, nifs, label, { disabled = false } = {}) {
    const span = element("span", { className: "actions" });
    const shark = element("a", { className: "btn shark", "aria-label": `Open ${label} in Wireshark`, title: "Open in Wireshark (needs the cshargextcap plugin)" }, ["Wireshark"]);
    const download = element("a", { className: "btn", "aria-label": `Download pcapng of ${label}`, title: "Download a pcapng file (see the limits above)" }, [
      "Download",
    ]);
    const view = element("button", { type: "button", className: "btn", "aria-label": `Live view of ${label}` }, ["Live"]);
    if (disabled || nifs.length === 0) {
      for (const a of [shark, download]) {
        a.setAttribute("aria-disabled", "true");
        a.classList.add("disabled");
      }
      view.disabled = true;
    } else {
      shark.href = wiresharkLink(target, nifs);
      download.href = downloadLink(target, nifs, this.limits());
      download.setAttribute("download", "");
      this.downloads.push({ anchor: download, target, nifs });
      view.addEventListener("click", () => this.live.open(target, nifs, label));
    }
    span.append(shark, download, view);
    return span;
  }
}
