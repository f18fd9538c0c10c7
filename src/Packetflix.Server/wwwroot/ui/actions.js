// The three capture actions of a container, pod, interface or selection: the Wireshark link (exactly Ghostwire's
// form for one target, see links.js), a pcapng download with the page's limits, and the live view. Download
// anchors are remembered so that a change of the limits updates them in place.
import { requestDownloadLink, requestWiresharkLink } from "./links.js";
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
    for (const d of this.downloads) d.anchor.href = requestDownloadLink(d.parts, current);
  }

  /** The actions of one target's interfaces. */
  make(target, nifs, label, options = {}) {
    return this.makeFor([{ target, nifs }], label, { ...options, disabled: options.disabled || nifs.length === 0 });
  }

  /** The actions of a capture request (links.js parts: one per target, several in one `targets=` request). */
  makeFor(parts, label, { disabled = false } = {}) {
    const span = element("span", { className: "actions" });
    const shark = element("a", { className: "btn shark", "aria-label": `Open ${label} in Wireshark`, title: "Open in Wireshark (needs the cshargextcap plugin)" }, ["Wireshark"]);
    const download = element("a", { className: "btn", "aria-label": `Download pcapng of ${label}`, title: "Download a pcapng file (see the limits above)" }, [
      "Download",
    ]);
    const view = element("button", { type: "button", className: "btn", "aria-label": `Live view of ${label}` }, ["Live"]);
    if (disabled || parts.length === 0) {
      for (const a of [shark, download]) {
        a.setAttribute("aria-disabled", "true");
        a.classList.add("disabled");
      }
      view.disabled = true;
    } else {
      shark.href = requestWiresharkLink(parts);
      download.href = requestDownloadLink(parts, this.limits());
      download.setAttribute("download", "");
      this.downloads.push({ anchor: download, parts });
      view.addEventListener("click", () => this.live.open(parts, label));
    }
    span.append(shark, download, view);
    return span;
  }
}
