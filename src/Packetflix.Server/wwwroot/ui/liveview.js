// The live view: a WebSocket to "capture" (the same stream Wireshark gets), pcapng parsed in the browser as it
// arrives, a scrolling packet list, counters, pause/stop, and the received bytes saved as a pcapng file. The
// server sends whole blocks, so the concatenated messages are a valid file at every moment.
import { PcapngReader } from "./pcapng.js";
import { summarize } from "./dissect.js";
import { requestLiveUrl } from "./links.js";
import { captureName, describeInterfaces } from "./selection.js";
import { element } from "./dom.js";
import { withTicket } from "./auth.js";

/** Rows kept in the table; older ones are removed (the saved file keeps everything). */
const MAX_ROWS = 2000;
/** Received bytes kept for "Save pcapng"; past this the capture stops rather than exhaust the tab's memory. */
const MAX_SAVED_BYTES = 256 * 1024 * 1024;
const DROPPED_BY_US = /packetflix dropped (\d+) packets/;
const TARGET_EVENT = /capture target/;

export class LiveView {
  constructor(root) {
    this.root = root;
    const $ = (id) => root.querySelector(`#${id}`);
    this.title = $("live-title");
    this.filterForm = $("live-filter-form");
    this.filter = $("live-filter");
    this.packetsOut = $("live-packets");
    this.bytesOut = $("live-bytes");
    this.dropsOut = $("live-drops");
    this.pauseButton = $("live-pause");
    this.stopButton = $("live-stop");
    this.saveButton = $("live-save");
    this.closeButton = $("live-close");
    this.status = $("live-status");
    this.scroller = $("live-scroll");
    this.rows = $("live-rows");
    this.socket = null;
    this.paused = false;
    this.queue = [];
    this.frame = 0;

    this.filterForm.addEventListener("submit", (e) => {
      e.preventDefault();
      if (this.parts) this.start();
    });
    this.pauseButton.addEventListener("click", () => this.togglePause());
    this.stopButton.addEventListener("click", () => this.stop());
    this.saveButton.addEventListener("click", () => this.save());
    this.closeButton.addEventListener("click", () => this.close());
  }

  /** parts: the capture request (links.js), one target or several in one stream (one IDB per target and interface). */
  open(parts, label) {
    this.parts = parts;
    this.label = label;
    this.filter.value = "";
    this.root.hidden = false;
    document.body.classList.add("with-live");
    this.title.textContent = `Live view: ${label}`;
    this.start();
    this.title.focus();
  }

  async start() {
    this.disconnect();
    this.reader = new PcapngReader();
    this.chunks = [];
    this.savedBytes = 0;
    this.packets = 0;
    this.packetBytes = 0;
    this.drops = new Map();
    this.firstTime = null;
    this.queue = [];
    this.rows.replaceChildren();
    this.setPaused(false);
    this.updateCounters();
    this.saveButton.disabled = true;
    this.stopButton.disabled = false;
    const filter = this.filter.value.trim();
    const where = describeInterfaces(this.parts);
    this.setStatus(`Connecting to ${where}${filter ? ` with filter “${filter}”` : ""}…`);
    const socket = new WebSocket(await withTicket(requestLiveUrl(this.parts, filter)));
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    this.root.dataset.state = "connecting";
    socket.addEventListener("open", () => {
      if (this.socket !== socket) return;
      this.root.dataset.state = "capturing";
      this.setStatus(`Capturing on ${where}${filter ? ` with filter “${filter}”` : ""}.`);
    });
    socket.addEventListener("message", (e) => {
      if (this.socket === socket) this.receive(e.data);
    });
    socket.addEventListener("close", (e) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.stopButton.disabled = true;
      this.root.dataset.state = "stopped";
      const why = e.code === 1000 || e.code === 1005 ? "" : ` (${e.code}${e.reason ? `: ${e.reason}` : ""})`;
      this.setStatus(`Stopped after ${this.packets} packets${why}.`, why !== "" && e.code !== 1001);
    });
  }

  receive(data) {
    if (typeof data === "string") {
      this.setStatus("Unexpected text message from the server; stopping.", true);
      this.stop();
      return;
    }
    const bytes = new Uint8Array(data);
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.savedBytes += bytes.length;
    this.saveButton.disabled = false;
    let blocks;
    try {
      blocks = this.reader.push(bytes);
    } catch (e) {
      this.setStatus(`The capture stream is not valid pcapng: ${e.message}`, true);
      this.stop();
      return;
    }
    for (const block of blocks) {
      if (block.type === "epb") {
        this.packets++;
        this.packetBytes += block.originalLength;
        if (!this.paused) this.queue.push(block);
      } else if (block.type === "isb") {
        const ours = block.comment ? Number(DROPPED_BY_US.exec(block.comment)?.[1] ?? 0) : 0;
        const kernel = Number((block.osDrop ?? 0n) + (block.ifDrop ?? 0n));
        this.drops.set(block.interfaceId, { kernel, ours, comment: block.comment, name: block.interface?.name });
        // A multi-target stream goes on when one target ends or rejoins; its ISB comment says so (docs/api.md,
        // "Several targets"), and the status line passes it on.
        if (block.comment && TARGET_EVENT.test(block.comment)) this.setStatus(`${block.interface?.name ?? `#${block.interfaceId}`}: ${block.comment}`);
      }
    }
    this.updateCounters();
    if (this.savedBytes > MAX_SAVED_BYTES) {
      this.setStatus("Stopped: 256 MiB captured, the most this page keeps. Save it, then start again.", true);
      this.stop();
    }
    if (this.queue.length > 0 && !this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = 0;
    const stick = this.scroller.scrollTop + this.scroller.clientHeight >= this.scroller.scrollHeight - 30;
    const fragment = document.createDocumentFragment();
    this.queue.splice(0, Math.max(0, this.queue.length - MAX_ROWS));
    const start = this.packets - this.queue.length;
    this.queue.forEach((block, i) => fragment.append(this.row(block, start + i + 1)));
    this.queue = [];
    this.rows.append(fragment);
    while (this.rows.childElementCount > MAX_ROWS) this.rows.firstElementChild.remove();
    if (stick) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  row(block, number) {
    const idb = block.interface;
    const summary = summarize(idb ? idb.linkType : 1, block.data);
    const tr = element("tr", { className: `packet proto-${summary.protocol.toLowerCase()}` });
    const cells = [
      [String(number), "num"],
      [this.time(block.timestamp), "time"],
      [idb?.name ?? `#${block.interfaceId}`, ""],
      [summary.source, "addr"],
      [summary.destination, "addr"],
      [summary.protocol, "proto"],
      [String(block.originalLength), "num"],
      [summary.info, "info"],
    ];
    for (const [text, className] of cells) tr.append(element("td", { className }, [text]));
    return tr;
  }

  /** Seconds since the first packet, as Wireshark shows by default; the absolute time is in the tooltip. */
  time(ts) {
    if (!ts) return "";
    const ns = ts.seconds * 1000000000n + ts.fraction * 10n ** BigInt(9 - ts.digits);
    if (this.firstTime === null) this.firstTime = ns;
    const relative = ns - this.firstTime;
    return `${relative / 1000000000n}.${String((relative % 1000000000n) / 1000n).padStart(6, "0")}`;
  }

  updateCounters() {
    let kernel = 0;
    let ours = 0;
    for (const d of this.drops.values()) {
      kernel += d.kernel;
      ours += d.ours;
    }
    this.packetsOut.textContent = this.packets.toLocaleString("en");
    this.bytesOut.textContent = this.packetBytes.toLocaleString("en");
    this.dropsOut.textContent = (kernel + ours).toLocaleString("en");
    // With several interfaces (several targets) the tooltip also names where the drops were.
    const each = this.drops.size > 1
      ? [...this.drops.values()].filter((d) => d.kernel + d.ours > 0).map((d) => `\n${d.name ?? "?"}: ${d.kernel + d.ours}`).join("")
      : "";
    this.dropsOut.title = `${kernel} dropped by the kernel, ${ours} by Packetflix because this page did not keep up${each}`;
    this.dropsOut.classList.toggle("alert", kernel + ours > 0);
  }

  togglePause() {
    this.setPaused(!this.paused);
  }

  setPaused(paused) {
    this.paused = paused;
    this.pauseButton.setAttribute("aria-pressed", String(paused));
    this.pauseButton.textContent = paused ? "Resume" : "Pause";
    this.root.classList.toggle("paused", paused);
  }

  /** Ends the capture the way cshargextcap does: close 1000 "ciao"; the server stops and answers. */
  stop() {
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) {
      this.setStatus("Stopping…");
      this.socket.close(1000, "ciao");
    }
  }

  disconnect() {
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      if (socket.readyState <= WebSocket.OPEN) socket.close(1000, "ciao");
    }
  }

  save() {
    if (!this.chunks || this.chunks.length === 0) return;
    const blob = new Blob(this.chunks, { type: "application/x-pcapng" });
    const url = URL.createObjectURL(blob);
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
    const name = captureName(this.parts);
    const a = element("a", { href: url, download: `${name}-${stamp}.pcapng` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  close() {
    this.disconnect();
    this.root.hidden = true;
    this.root.dataset.state = "closed";
    document.body.classList.remove("with-live");
  }

  setStatus(text, error = false) {
    this.status.textContent = text;
    this.status.classList.toggle("error", error);
  }
}
