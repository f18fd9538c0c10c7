#!/usr/bin/env python3
"""Capture benchmark suite (bench/README.md): Packetflix side by side with tcpdump and dumpcap on one veth pair.

Two network namespaces joined by a veth pair (made here, unique names, removed on exit); trafgen in namespace A
offers UDP frames to B; each tool in turn captures B's eth0 under the same load. Counts, each by the tool's own
definition:
- offered: the rx_packets + tx_packets delta of B's eth0 (a capture sees both directions; B answers the UDP frames
  with a few rate-limited ICMP port-unreachables). The offered rate shown is rx_packets only (the generator's load).
- tcpdump: "N packets captured" (packets tcpdump processed) and "N packets dropped by kernel" (tcpdump(8)).
- dumpcap: "Packets received/dropped on interface 'X': R/D": R is the packets dumpcap captured (the same number as
  its "Packets captured: N" line), D its drops (pcap + dumpcap + flushed). Not R - D.
- packetflix: the EPBs the client received; dropped = isb_osdrop + our slow-client and session-end drops from the
  final ISB (docs/api.md, "Accounting"); for the CLI, its summary line on stderr.
Every tool's captured + dropped must equal offered (0 unaccounted for ours, a small tolerance for the others, whose
counters are read at exit); a figure that cannot be true (negative, loss > 100 %, more captured than offered,
counts that do not add up) stops the run with exit 3: such a figure means the measurement is broken.
Only the standard library; gnuplot draws the plot when installed (bench/run installs gnuplot-nox).
"""
import argparse
import itertools
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLK = os.sysconf("SC_CLK_TCK")
# Inter-packet gap of the first-packet load: 100 us asked, about 5-10 kpps delivered (timer slack), with no gap
# longer than a few ms.
FIRST_PACKET_GAP_US = 100

SCENARIOS = {  # name: (frame bytes, trafgen threads)
    "60B-1t": (60, 1), "60B-2t": (60, 2), "1442B-1t": (1442, 1), "1442B-2t": (1442, 2),
}
TOOLS = ["tcpdump-null", "tcpdump-pipe", "tcpdump-pipe-B", "dumpcap-pipe", "dumpcap-pipe-B", "pf-ws1", "pf-ws4", "pf-cli"]
# Not in the default run: the same sessions with the clients on the service's unix socket instead of loopback TCP,
# which shows what each session's transport costs (bench/README.md).
UNIX_TOOLS = ["pf-ws1-unix", "pf-ws4-unix"]
LABELS = {
    "tcpdump-null": "tcpdump -w /dev/null",
    "tcpdump-pipe": "tcpdump -w - | cat",
    "tcpdump-pipe-B": "tcpdump -B 8192 -w - | cat",
    "dumpcap-pipe": "dumpcap -w - -n -q | cat (upstream)",
    "dumpcap-pipe-B": "dumpcap -B 8 -w - -n -q | cat",
    "pf-ws1": "packetflix, 1 WebSocket session",
    "pf-ws4": "packetflix, 4 sessions (per session)",
    "pf-cli": "packetflix capture -w file (CLI)",
    "pf-ws1-unix": "packetflix, 1 session on a unix socket",
    "pf-ws4-unix": "packetflix, 4 sessions on a unix socket (per session)",
}
OURS = ("pf-ws1", "pf-ws4", "pf-cli", "pf-ws1-unix", "pf-ws4-unix")
SESSIONS = {"pf-ws1": 1, "pf-ws4": 4, "pf-ws1-unix": 1, "pf-ws4-unix": 4}
# The service's CPU with 4 sessions over 1, for each transport: (one, four, how the report names it).
SESSION_PAIRS = (("pf-ws1", "pf-ws4", ""), ("pf-ws1-unix", "pf-ws4-unix", ", clients on the unix socket"))


class Broken(Exception):
    """A figure that cannot be true: the measurement is broken, not the tool."""


class Hang(Exception):
    """A tool that did not finish after its stop: recorded in the report, the run goes on."""


def run(*cmd, check=True, **kw):
    return subprocess.run(cmd, check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw).stdout


def wait_for(seconds, predicate, what):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise Broken(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.05)


def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (FileNotFoundError, ProcessLookupError):
        return 0


def status_kib(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix="pf-bench-", dir=args.tmpdir)
        suffix = f"{os.getpid() % 10000}{random.randint(0, 999)}"
        self.a, self.b = f"pfb-a-{suffix}", f"pfb-b-{suffix}"
        self.veth = (f"pfbv{suffix}", f"pfbw{suffix}")
        self.procs = []
        self.server = None
        self.results = []  # dicts, one per measurement

    # ---- set-up and clean-up -------------------------------------------------------------------------------
    def setup(self, server_cmd):
        run("ip", "netns", "add", self.a)
        run("ip", "netns", "add", self.b)
        run("ip", "link", "add", self.veth[0], "type", "veth", "peer", "name", self.veth[1])
        run("ip", "link", "set", self.veth[0], "netns", self.a)
        run("ip", "link", "set", self.veth[1], "netns", self.b)
        for ns, dev, addr in ((self.a, self.veth[0], "10.233.0.1/24"), (self.b, self.veth[1], "10.233.0.2/24")):
            run("ip", "-n", ns, "link", "set", dev, "name", "eth0")
            run("ip", "-n", ns, "addr", "add", addr, "dev", "eth0")
            # No IPv6: no router solicitations or MLD reports in the counts.
            run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.eth0.disable_ipv6=1",
                "net.ipv6.conf.lo.disable_ipv6=1")
            run("ip", "-n", ns, "link", "set", "eth0", "up")
            run("ip", "-n", ns, "link", "set", "lo", "up")
        self.mac_a = self.mac(self.a)
        self.mac_b = self.mac(self.b)
        # Static neighbours: no ARP exchange for B's ICMP answers mixed into the counts.
        run("ip", "-n", self.a, "neigh", "replace", "10.233.0.2", "lladdr", self.mac_b, "dev", "eth0", "nud", "permanent")
        run("ip", "-n", self.b, "neigh", "replace", "10.233.0.1", "lladdr", self.mac_a, "dev", "eth0", "nud", "permanent")
        self.inode_b = os.stat(f"/run/netns/{self.b}").st_ino
        for size in (60, 1442):
            with open(f"{self.tmp}/udp{size}.cfg", "w") as f:
                f.write(f"{{ eth(da={self.mac_b}, sa={self.mac_a}), ipv4(saddr=10.233.0.1, daddr=10.233.0.2, ttl=64), "
                        f"udp(sp=4000, dp=9), fill(0x41, {size - 42}) }}\n")
        log = open(f"{self.tmp}/server.log", "w")
        # The unix socket listener only when a tool uses it: a long --tmpdir could exceed sun_path's 108 bytes.
        self.socket = f"{self.tmp}/packetflix.sock"
        unix = ["--listen", f"unix:{self.socket}"] if any(t in UNIX_TOOLS for t in self.args.tools.split(",")) else []
        self.server = subprocess.Popen(server_cmd + ["--port", "0", "--listen", "127.0.0.1"] + unix, stdout=log, stderr=log)
        self.procs.append(self.server)
        # The whole address, not just the words: the line may be read half-written (the unix listener follows it).
        wait_for(90, lambda: re.search(r"listening on http://[0-9.:]+[\s,]", self.read("server.log")), "the service to listen")
        self.url = re.search(r"listening on (http://[0-9.:]+)", self.read("server.log")).group(1)
        time.sleep(2)  # let start-up settle before the idle figure
        self.server_idle_rss = status_kib(self.server.pid, "VmRSS")

    def mac(self, ns):
        return re.search(r"link/ether ([0-9a-f:]+)", run("ip", "-n", ns, "-o", "link", "show", "eth0")).group(1)

    def cleanup(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.kill()
                p.wait()
        for ns in (self.a, self.b):
            run("ip", "netns", "del", ns, check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def read(self, name):
        try:
            with open(f"{self.tmp}/{name}") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def frames(self):
        base = f"/sys/class/net/eth0/statistics"
        out = run("ip", "netns", "exec", self.b, "cat", f"{base}/rx_packets", f"{base}/tx_packets").split()
        return int(out[0]), int(out[1])

    def spawn(self, cmd, **kw):
        p = subprocess.Popen(cmd, **kw)
        self.procs.append(p)
        return p

    # ---- one measurement -----------------------------------------------------------------------------------
    def start_tool(self, tool):
        """Starts the tool; returns (capturer pids, reader pids, ready predicate, stop function -> counts)."""
        b, tmp, ns = self.b, self.tmp, ["ip", "netns", "exec", self.b]
        for name in ("t.err", "cli.err", "ready0", "ready1", "ready2", "ready3", "q.pcapng"):
            if os.path.exists(f"{tmp}/{name}"):
                os.remove(f"{tmp}/{name}")
        err = open(f"{tmp}/t.err", "w")
        if tool.startswith("tcpdump") or tool.startswith("dumpcap"):
            if tool == "tcpdump-null":
                cmd = ns + ["tcpdump", "-i", "eth0", "-n", "-w", "/dev/null"]
            elif tool.startswith("tcpdump"):
                cmd = ns + ["tcpdump", "-i", "eth0", "-n", "-w", "-"] + (["-B", "8192"] if tool.endswith("-B") else [])
            else:  # exactly as upstream runs it, plus -B 8 (MiB, our ring size) for the fair variant
                cmd = ns + ["dumpcap", "-w", "-", "-n", "-q", "-i", "eth0"] + (["-B", "8"] if tool.endswith("-B") else [])
            # ip netns exec execs the tool, so the pid is the capturer itself.
            cap = self.spawn(cmd, stdout=subprocess.DEVNULL if tool == "tcpdump-null" else subprocess.PIPE, stderr=err)
            readers = []
            if tool != "tcpdump-null":
                readers = [self.spawn(["cat"], stdin=cap.stdout, stdout=subprocess.DEVNULL)]
                cap.stdout.close()
            ready = lambda: ("listening on" in self.read("t.err")) or ("Capturing on" in self.read("t.err"))

            def stop():
                cap.send_signal(signal.SIGINT)
                cap.wait(60)
                for r in readers:
                    r.wait(60)
                text = self.read("t.err")
                if tool.startswith("tcpdump"):
                    c = re.search(r"^(\d+) packets captured", text, re.M)
                    d = re.search(r"^(\d+) packets dropped by kernel", text, re.M)
                    if not c or not d:
                        raise Broken(f"{tool}: no final statistics on stderr: {text[-500:]}")
                    return [(int(c.group(1)), int(d.group(1)), 0)]
                m = re.findall(r"received/dropped on interface '[^']*': (\d+)/(\d+)", text)
                if not m:
                    raise Broken(f"{tool}: no final statistics on stderr: {text[-500:]}")
                # R is the packets dumpcap captured, D its drops (pcap + dumpcap + flushed): not R - D.
                return [(int(m[-1][0]), int(m[-1][1]), 0)]
            return [cap.pid], [r.pid for r in readers], ready, stop

        client = [f"{self.args.client}", "ws"]
        ws_url = f"ws://{self.url[len('http://'):]}/capture?netns={self.inode_b}&nif=eth0"
        if tool in SESSIONS:
            n = SESSIONS[tool]
            outs = [open(f"{tmp}/c{i}.out", "w") for i in range(n)]
            unix = [self.socket] if tool in UNIX_TOOLS else []
            clients = [self.spawn(client + [ws_url, "600", f"{tmp}/ready{i}"] + unix, stdout=outs[i], stderr=err)
                       for i in range(n)]
            ready = lambda: all(os.path.exists(f"{tmp}/ready{i}") for i in range(n))

            def stop():
                counts = []
                for c in clients:
                    c.send_signal(signal.SIGINT)
                for i, c in enumerate(clients):
                    try:
                        rc = c.wait(self.args.stop_timeout)
                    except subprocess.TimeoutExpired:
                        for k in clients:
                            k.kill()
                        raise Hang(f"{tool}: client {i} got no close echo within {self.args.stop_timeout:g} s of its close frame "
                                   f"(server log: {self.read('server.log')[-300:]!r})") from None
                    line = self.read(f"c{i}.out")
                    kv = dict(x.split("=", 1) for x in line.split())
                    if rc != 0 or kv.get("valid") != "1":
                        raise Broken(f"{tool}: client {i} exited {rc}, stream invalid or without final ISB: {line} "
                                     f"{self.read('t.err')[-500:]}")
                    if int(kv["isb_usrdeliv"]) != int(kv["packets"]):
                        raise Broken(f"{tool}: the final ISB says {kv['isb_usrdeliv']} delivered, the client "
                                     f"counted {kv['packets']} EPBs")
                    counts.append((int(kv["packets"]), int(kv["isb_osdrop"]),
                                   int(kv["slow_client_drops"]) + int(kv["session_end_drops"])))
                return counts
            return [self.server.pid], [c.pid for c in clients], ready, stop

        # pf-cli: the CLI writes a file through the service.
        cli = self.spawn([self.args.cli, "capture", str(self.inode_b), "-i", "eth0", "-w", f"{tmp}/q.pcapng",
                          "--host", self.url], stdout=subprocess.DEVNULL, stderr=open(f"{tmp}/cli.err", "w"),
                         # As a script's background job: SIGINT inherited ignored, which the CLI must reset.
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        ready = lambda: os.path.exists(f"{tmp}/q.pcapng") and os.path.getsize(f"{tmp}/q.pcapng") > 0

        def stop():
            size = -1
            while size != os.path.getsize(f"{tmp}/q.pcapng"):  # the last batch may still be on its way
                size = os.path.getsize(f"{tmp}/q.pcapng")
                time.sleep(0.5)
            cli.send_signal(signal.SIGINT)
            rc = cli.wait(90)
            text = self.read("cli.err")
            m = re.search(r"^(\d+) packets captured, (\d+) dropped by the kernel, (\d+) dropped by packetflix$", text, re.M)
            if rc != 0 or not m:
                raise Broken(f"pf-cli: exit {rc}, no summary line: {text[-500:]}")
            late = re.search(r"^(\d+) more packets arrived after the stop", text, re.M)
            captured = int(m.group(1))
            self.validate_file(f"{tmp}/q.pcapng", captured)
            os.remove(f"{tmp}/q.pcapng")
            return [(captured, int(m.group(2)), int(m.group(3)) + (int(late.group(1)) if late else 0))]
        return [self.server.pid, cli.pid], [], ready, stop

    def validate_file(self, path, captured):
        """tshark in --quick (the issue's check); capinfos (same dissector library, no dissection) for big files."""
        if self.args.quick or captured <= 200000:
            p = subprocess.run(["tshark", "-r", path, "-T", "fields", "-e", "frame.number"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
            count, errtext = p.stdout.count("\n"), p.stderr
        else:
            p = subprocess.run(["capinfos", "-c", "-M", "-T", "-r", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
            fields = p.stdout.strip().split("\t")
            count, errtext = (int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else -1), p.stderr
        if p.returncode != 0 or re.search(r"cut short|damaged|error", errtext, re.I):
            raise Broken(f"tshark/capinfos cannot read the CLI's file: {errtext[-500:]}")
        if count != captured:
            raise Broken(f"the CLI's summary says {captured} captured, the file holds {count}")

    def measure(self, tool, scenario, rate=None, seconds=None, phase="round"):
        size, threads = SCENARIOS[scenario]
        seconds = seconds or self.args.seconds
        cap_pids, reader_pids, ready, stop = self.start_tool(tool)
        wait_for(90, ready, f"{tool} to start capturing")
        rx0, tx0 = self.frames()
        cpu0 = {p: cpu_ticks(p) for p in cap_pids + reader_pids}
        t0 = time.monotonic()
        gen = ["ip", "netns", "exec", self.a, "timeout", "-s", "INT", str(seconds), "trafgen", "-o", "eth0", "-i",
               f"{self.tmp}/udp{size}.cfg", "-P", str(threads), "-q"] + (["-b", f"{int(rate)}pps"] if rate else [])
        g = self.spawn(gen, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while g.poll() is None:
            peak = max(peak, sum(status_kib(p, "VmRSS") for p in cap_pids))
            time.sleep(0.2)
        gen_secs = time.monotonic() - t0
        rx1 = rx0
        while True:  # until the receiver's counter stands still, then give the capturers their block timeouts
            time.sleep(0.3)
            rx, tx = self.frames()
            if rx == rx1:
                break
            rx1 = rx
        time.sleep(self.args.drain)
        cpu = sum(cpu_ticks(p) - cpu0[p] for p in cap_pids) / CLK
        cpu_readers = sum(cpu_ticks(p) - cpu0[p] for p in reader_pids) / CLK
        hwm = max([status_kib(p, "VmHWM") for p in cap_pids] + [peak])
        if tool in OURS:
            hwm = peak  # the service lives across rows: its VmHWM is a lifetime peak, so sample instead
        counts = stop()
        rx1, tx1 = self.frames()
        offered = (rx1 - rx0) + (tx1 - tx0)
        rows = []
        for i, (captured, kernel, ours) in enumerate(counts):
            dropped = kernel + ours
            r = dict(tool=tool, scenario=scenario, phase=phase, rate=rate or "max", session=i, offered=offered,
                     offered_pps=(rx1 - rx0) / gen_secs, gbps=(rx1 - rx0) * (size + 4) * 8 / gen_secs / 1e9,
                     captured=captured, kernel_drop=kernel, our_drop=ours, dropped=dropped,
                     loss=100.0 * dropped / (captured + dropped) if captured + dropped else 0.0,
                     unaccounted=offered - captured - dropped, seconds=gen_secs, cpu=cpu, cpu_readers=cpu_readers,
                     rss_mib=hwm / 1024, load=os.getloadavg()[0])
            r["cpu_per_mpkt"] = cpu / (captured / 1e6) if captured else 0.0
            r["cpu_total_per_mpkt"] = (cpu + cpu_readers) / (captured / 1e6) if captured else 0.0
            self.check(r)
            rows.append(r)
        self.results.extend(rows)
        if self.args.out:  # kept as it goes: a later failure keeps the rows measured so far
            os.makedirs(self.args.out, exist_ok=True)
            with open(f"{self.args.out}/results.json", "w") as f:
                json.dump(self.results, f, indent=1)
        return rows

    def check(self, r):
        why = None
        if min(r["offered"], r["captured"], r["kernel_drop"], r["our_drop"]) < 0:
            why = "a negative count"
        elif r["loss"] > 100:
            why = "loss above 100 %"
        elif r["captured"] > r["offered"]:
            why = "more captured than offered"
        elif r["tool"] in OURS and r["unaccounted"] != 0:
            why = f"{r['unaccounted']} packets unaccounted for (offered - captured - dropped)"
        elif abs(r["unaccounted"]) > max(200, r["offered"] // 100):
            why = (f"captured + dropped is {r['unaccounted']} away from offered: the tool's counters are not read "
                   "by their definition")
        if why:
            raise Broken(f"{r['tool']} in {r['scenario']} at {r['rate']}: {why} ({fmt_row(r)})")

    # ---- zero-loss search and time to first packet ---------------------------------------------------------
    def search(self, tool, scenario, hi):
        """Bisection on trafgen's rate: the highest offered rate this tool captured with 0 loss, in `steps` probes."""
        lo, best = 0.0, 0.0
        for _ in range(self.args.search_steps):
            rate = (lo + hi) / 2
            try:
                r = self.measure(tool, scenario, rate=rate, seconds=self.args.search_seconds, phase="search")
            except Hang:
                hi = rate
                continue
            if all(x["dropped"] == 0 for x in r):
                lo, best = rate, max(best, r[0]["offered_pps"])
            else:
                hi = rate
        return best

    def first_packet(self, rounds):
        """WebSocket open -> first EPB against spawning dumpcap in the netns -> its first packet, under a steady load.

        A steady load needs trafgen's inter-packet gap (-t): with a rate (-b) trafgen sends a second's packets in one
        burst, and a first packet then waits up to a second for the next burst (the median ~0.5 s measured the
        generator, not the capture).
        """
        g = self.spawn(["ip", "netns", "exec", self.a, "trafgen", "-o", "eth0", "-i", f"{self.tmp}/udp60.cfg", "-P", "1",
                        "-q", "-t", f"{FIRST_PACKET_GAP_US}us"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       start_new_session=True)
        ws_url = f"ws://{self.url[len('http://'):]}/capture?netns={self.inode_b}&nif=eth0"
        ws, warm, dc = [], [], []
        try:
            for _ in range(rounds):
                for target, cmd in ((ws, [self.args.client, "ws", ws_url, "3"]),
                                    (warm, [self.args.client, "ws-warm", ws_url, "3"]),
                                    (dc, [self.args.client, "spawn", "ip", "netns", "exec", self.b, "dumpcap", "-w",
                                          "-", "-n", "-q", "-i", "eth0"])):
                    try:
                        out = run(*cmd, check=False, timeout=self.args.stop_timeout + 10)
                    except subprocess.TimeoutExpired:
                        continue
                    m = re.search(r"first_epb_ms=([0-9.]+)", out)  # -1 when no packet came at all
                    if m:
                        target.append(float(m.group(1)))
        finally:
            os.killpg(g.pid, signal.SIGINT)  # trafgen's worker is a child of the one we started
            try:
                g.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(g.pid, signal.SIGKILL)
                g.wait()
        if not ws or not warm or not dc:
            raise Broken(f"no first packet measured: WebSocket {ws}, warm client {warm}, dumpcap {dc}")
        return statistics.median(ws), statistics.median(warm), statistics.median(dc), ws, warm, dc


def cell(text):
    """A Markdown table cell: a literal | (the shell pipes in the tools' labels) would split the cell."""
    return text.replace("|", "\\|")


def fmt_row(r):
    return (f"offered={r['offered']} captured={r['captured']} kernel_drop={r['kernel_drop']} our_drop={r['our_drop']} "
            f"loss={r['loss']:.1f}% unaccounted={r['unaccounted']}")


def median_of(rows, key):
    return statistics.median([r[key] for r in rows]) if rows else 0.0


def report(bench, scenarios, tools, extra):
    out = []
    say = out.append
    say("| load | tool | rounds | offered kpps | offered Gbit/s | captured kpps | loss % (kernel + ours) | unaccounted | "
        "CPU s / Mpkt (capturer) | CPU s / Mpkt (+ reader) | peak RSS MiB |")
    say("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    summary = {}
    for sc in scenarios:
        for tool in tools:
            rows = [r for r in bench.results if r["scenario"] == sc and r["tool"] == tool and r["phase"] == "round"]
            if not rows:
                continue
            cap_pps = [r["captured"] / r["seconds"] for r in rows]
            s = dict(offered=median_of(rows, "offered_pps"), gbps=median_of(rows, "gbps"), cap=statistics.median(cap_pps),
                     loss=median_of(rows, "loss"), cpu=median_of(rows, "cpu_per_mpkt"),
                     cput=median_of(rows, "cpu_total_per_mpkt"), rss=max(r["rss_mib"] for r in rows),
                     una=max(abs(r["unaccounted"]) for r in rows), lossmin=min(r["loss"] for r in rows),
                     lossmax=max(r["loss"] for r in rows), n=sum(1 for r in rows if r["session"] == 0))
            summary[(sc, tool)] = s
            say(f"| {sc} | {cell(LABELS[tool])} | {s['n']} | {s['offered'] / 1e3:.0f} | {s['gbps']:.2f} | {s['cap'] / 1e3:.0f} | "
                f"{s['loss']:.1f} ({s['lossmin']:.1f}–{s['lossmax']:.1f}) | {s['una']} | {s['cpu']:.2f} | {s['cput']:.2f} | "
                f"{s['rss']:.0f} |")
    say("")
    say("Ratios (medians of captured packets per second, this run; > 1 means Packetflix captured more):")
    say("")
    say("| load | ours | vs tcpdump -w - \\| cat | vs tcpdump -w /dev/null | vs dumpcap pipe (upstream) | vs dumpcap -B 8 pipe | "
        "CPU/Mpkt vs tcpdump -w /dev/null | CPU/Mpkt vs tcpdump -w - \\| cat |")
    say("|---|---|---:|---:|---:|---:|---:|---:|")
    ratios = {}
    for sc in scenarios:
        for ours in OURS:
            if (sc, ours) not in summary:
                continue
            o = summary[(sc, ours)]

            def rt(ref, key="cap"):
                v = summary.get((sc, ref), {}).get(key)
                return o[key] / v if v else None
            vals = [rt("tcpdump-pipe"), rt("tcpdump-null"), rt("dumpcap-pipe"), rt("dumpcap-pipe-B"),
                    rt("tcpdump-null", "cpu"), rt("tcpdump-pipe", "cpu")]
            ratios[(sc, ours)] = vals
            say(f"| {sc} | {LABELS[ours]} | " + " | ".join("–" if v is None else f"{v:.2f}×" for v in vals) + " |")
            for ref, v in zip(("tcpdump-pipe", "tcpdump-null", "dumpcap-pipe"), vals[:3]):
                refloss = summary.get((sc, ref), {}).get("loss", 100)
                if v is not None and v > 3 and refloss < 10:
                    raise Broken(f"{ours} in {sc} captured {v:.1f}× what {ref} did, which lost only {refloss:.1f} %: "
                                 "a figure that cannot be true")
    for sc, (one_tool, four_tool, how) in itertools.product(scenarios, SESSION_PAIRS):
        one, four = summary.get((sc, one_tool)), summary.get((sc, four_tool))
        if one and four and one["cpu"]:
            # The service's CPU per packet of one stream: 4 sessions carry 4x the packets. Flat out, trafgen gets
            # less of the cores while four clients read, so the two rows may see different rates, and CPU per
            # packet is not flat in the rate: say so rather than print the ratio as if the loads were equal.
            a, b = one["offered"], four["offered"]
            load = ("same offered load" if abs(a - b) <= 0.1 * max(a, b) else
                    f"not the same load: {b / 1e3:.0f} kpps offered with 4 sessions, {a / 1e3:.0f} with 1; --rate fixes it")
            say(f"\n{sc}: service CPU with 4 sessions / with 1 session{how} ({load}) = "
                f"{four['cpu'] / one['cpu']:.2f}× per packet captured by each session{round_ratios(bench, sc, (one_tool, four_tool))}")
    say("")
    say("\n".join(extra))
    return "\n".join(out), summary


def round_ratios(bench, sc, pair):
    """The same ratio per round and pooled. The service's CPU over a few seconds at a moderate rate is a few tenths
    of a second, and one session's rows of one build differed up to 3.7x between rounds (single-row ratios 0.6x to
    3.0x, docs/benchmarks.md). The tools take turns within a round, so round i of each was measured seconds apart."""
    rows = [[r for r in bench.results if r["scenario"] == sc and r["tool"] == t and r["phase"] == "round" and r["session"] == 0]
            for t in pair]
    if len(rows[0]) < 2 or len(rows[0]) != len(rows[1]) or not all(r["cpu_per_mpkt"] for r in rows[0]):
        return ""
    each = [f["cpu_per_mpkt"] / o["cpu_per_mpkt"] for o, f in zip(*rows)]
    pooled = [sum(r["cpu"] for r in rs) / sum(r["captured"] for r in rs) for rs in rows]
    return (f"; per round {statistics.median(each):.2f}× median ({min(each):.2f}–{max(each):.2f}), "
            f"all rounds pooled {pooled[1] / pooled[0]:.2f}×")


def plot(bench, path, tools):
    if not shutil.which("gnuplot"):
        print("gnuplot not installed: no plot", file=sys.stderr)
        return False
    data = f"{bench.tmp}/plot"
    os.makedirs(data, exist_ok=True)
    lines = {60: [], 1442: []}
    for size in (60, 1442):
        for tool in tools:
            rows = [r for r in bench.results if r["tool"] == tool and SCENARIOS[r["scenario"]][0] == size and r["session"] == 0
                    and r["phase"] != "warm-up"]
            if not rows:
                continue
            with open(f"{data}/{tool}-{size}.dat", "w") as f:
                for r in sorted(rows, key=lambda r: r["offered_pps"]):
                    f.write(f"{r['offered_pps'] / 1e3:.1f} {r['captured'] / r['seconds'] / 1e3:.1f} {r['loss']:.2f}\n")
            lines[size].append((tool, f"{data}/{tool}-{size}.dat"))
    script = [f"set terminal png size 1400,1000 font ',10'", f"set output '{path}'", "set multiplot layout 2,2",
              "set key left top", "set grid"]
    for size in (60, 1442):
        for col, ylabel in ((2, "captured kpps"), (3, "loss %")):
            script.append(f"set title '{size}-byte frames: {ylabel} vs offered'")
            script.append("set xlabel 'offered kpps (rx_packets)'")
            script.append(f"set ylabel '{ylabel}'")
            script.append("set yrange [0:*]" if col == 2 else "set yrange [0:100]")
            parts = [f"'{f}' using 1:{col} with linespoints title '{LABELS[t]}'" for t, f in lines[size]]
            script.append("plot " + ", ".join(parts) if parts else "plot 0 title 'no data'")
    script.append("unset multiplot")
    p = subprocess.run(["gnuplot"], input="\n".join(script), text=True, stderr=subprocess.PIPE)
    if p.returncode != 0:
        print(f"gnuplot failed: {p.stderr}", file=sys.stderr)
    return p.returncode == 0


def machine():
    cpus = os.cpu_count()
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0) / 1024 / 1024
    versions = []
    for cmd in (["trafgen", "-v"], ["tcpdump", "--version"], ["dumpcap", "-v"]):
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        versions.append(p.stdout.splitlines()[0].strip() if p.stdout else "?")
    return f"{cpus} vCPUs ({model}), {mem:.0f} GiB RAM, kernel {os.uname().release}; " + "; ".join(versions)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="sanity only (./test.sh): small load, no speed asserted")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--scenario", default="all", help=f"comma list of {','.join(SCENARIOS)} or all")
    ap.add_argument("--tools", default="all", help=f"comma list of {','.join(TOOLS + UNIX_TOOLS)} or all (all: the first {len(TOOLS)})")
    ap.add_argument("--seconds", type=float, default=4, help="generator seconds per measurement")
    ap.add_argument("--rate", type=float, default=None,
                    help="offered packets per second for every row (trafgen -b), e.g. 85000 for 1 Gbit/s of 1442 B; "
                         "default: as fast as trafgen goes")
    ap.add_argument("--warm-up", type=float, default=3.0,
                    help="seconds of one warm-up capture per service tool before the rows (0: none)")
    ap.add_argument("--drain", type=float, default=1.0, help="seconds after the load before the counters are read")
    ap.add_argument("--search", default="tcpdump-null,tcpdump-pipe,dumpcap-pipe,pf-ws1",
                    help="tools for the zero-loss rate search on 60B-1t, or none")
    ap.add_argument("--search-steps", type=int, default=5)
    ap.add_argument("--search-seconds", type=float, default=3)
    ap.add_argument("--first-packet-rounds", type=int, default=5)
    ap.add_argument("--stop-timeout", type=float, default=60, help="seconds a client may take to end after its stop")
    ap.add_argument("--server", required=True, help="command of the service, e.g. .build/bench/server/packetflix")
    ap.add_argument("--server-arg", action="append", default=[],
                    help="one more argument for the service, e.g. --server-arg=--share-captures=false (repeatable)")
    ap.add_argument("--client", required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--out", help="directory for report.md, results.json and capture.png")
    ap.add_argument("--tmpdir", default=None)
    args = ap.parse_args()
    # Started as a script's background job, we inherit SIGINT ignored, and an ignored signal stays ignored across
    # exec: the clients and tools we stop with SIGINT would never see it. A handled signal is reset to its default
    # in the child (execve(2)).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    scenarios = list(SCENARIOS) if args.scenario == "all" else args.scenario.split(",")
    tools = TOOLS if args.tools == "all" else args.tools.split(",")
    for name in scenarios + tools:
        if name not in SCENARIOS and name not in TOOLS + UNIX_TOOLS:
            ap.error(f"unknown scenario or tool {name}")
    bench = Bench(args)
    started = time.monotonic()
    loads = []
    try:
        bench.setup(args.server.split() + args.server_arg)
        if args.quick:
            # A small, fixed load: sanity of the figures only (no negative count, loss <= 100 %, a valid stream,
            # 0 unaccounted), never a speed.
            for tool in tools:
                for r in bench.measure(tool, scenarios[0], rate=20000, seconds=args.seconds):
                    print(f"{tool:14s} {fmt_row(r)}")
            print("bench/run --quick: sane")
            return 0
        extra, hangs = [], []
        # The service lives across rows and compiles its capture and send paths (JIT) during its first captures;
        # tcpdump and dumpcap start compiled. A warm-up capture of each kind of ours, at the first load, is
        # measured and reported on its own line, so the rows compare steady-state cost per packet.
        warm = [t for t in OURS if t in tools] if args.warm_up else []
        for tool in warm:
            try:
                rows = bench.measure(tool, scenarios[0], rate=args.rate, seconds=args.warm_up, phase="warm-up")
            except Hang as e:
                hangs.append(f"warm-up {tool}: {e}")
                print(f"HANG {hangs[-1]}", flush=True)
                continue
            r = rows[0]
            print(f"warm-up {scenarios[0]:9s} {tool:15s} {fmt_row(r)} cpu={r['cpu']:.2f}s", flush=True)
            extra.append(f"Warm-up before the rows ({LABELS[tool]}, {scenarios[0]}, {args.warm_up:g} s, not in the "
                         f"table): {r['cpu']:.2f} CPU s for {sum(x['captured'] for x in rows) / 1e6:.2f} M packets "
                         f"captured ({r['cpu_per_mpkt']:.2f} s / Mpkt per session), the JIT compiling the paths.")
        if warm:
            extra.append("")
        for rnd in range(args.rounds):
            for sc in scenarios:
                for tool in tools:
                    try:
                        rows = bench.measure(tool, sc, rate=args.rate)
                    except Hang as e:
                        hangs.append(f"round {rnd + 1} {sc} {tool}: {e}")
                        print(f"HANG {hangs[-1]}", flush=True)
                        continue
                    for r in rows:
                        print(f"round {rnd + 1} {sc:9s} {tool:15s} {r['offered_pps'] / 1e3:7.0f} kpps {fmt_row(r)} "
                              f"cpu={r['cpu']:.2f}s load={r['load']:.1f}", flush=True)
                        loads.append(r["load"])
        searched = [t for t in args.search.split(",") if t in TOOLS] if args.search != "none" else []
        if searched:
            top = max([r["offered_pps"] for r in bench.results if r["scenario"] == "60B-1t" and r["phase"] == "round"]
                      or [800000]) * 1.1
            extra.append(f"Highest zero-loss offered rate, 60-byte frames, 1 generator thread (bisection, "
                         f"{args.search_steps} probes of {args.search_seconds:g} s each between 0 and {top / 1e3:.0f} kpps):")
            extra.append("")
            best = {}
            for tool in searched:
                best[tool] = bench.search(tool, "60B-1t", top)
                seen = max([r["offered_pps"] for r in bench.results if r["tool"] == tool and r["scenario"] == "60B-1t"
                            and r["phase"] != "warm-up"
                            and r["dropped"] == 0] or [0])
                extra.append(f"- {LABELS[tool]}: {best[tool] / 1e3:.0f} kpps by the search; highest offered rate of "
                             f"any 60B-1t row or probe it captured with 0 loss: {seen / 1e3:.0f} kpps")
                print(f"zero-loss {tool}: {best[tool] / 1e3:.0f} kpps", flush=True)
            if best.get("pf-ws1"):
                for ref in ("tcpdump-null", "tcpdump-pipe", "dumpcap-pipe"):
                    if best.get(ref):
                        extra.append(f"- ratio packetflix / {LABELS[ref]}: {best['pf-ws1'] / best[ref]:.2f}×")
            extra.append("")
        if args.first_packet_rounds:
            ws, warm, dc, wsl, warml, dcl = bench.first_packet(args.first_packet_rounds)
            extra.append(f"Time to first packet (median of {args.first_packet_rounds}, a steady load: trafgen -t "
                         f"{FIRST_PACKET_GAP_US}us): a fresh client "
                         f"process (its connect path not compiled yet), WebSocket open → first EPB {ws:.0f} ms; the same "
                         f"client after one throw-away connect, WebSocket "
                         f"open → first EPB {warm:.0f} ms; spawning `dumpcap -w - -n -q -i eth0` in the netns → its "
                         f"first packet {dc:.0f} ms; ratios {ws / dc:.2f}× and {warm / dc:.2f}× (all: "
                         f"{', '.join(f'{x:.0f}' for x in wsl)}; {', '.join(f'{x:.0f}' for x in warml)} vs "
                         f"{', '.join(f'{x:.0f}' for x in dcl)} ms)")
            extra.append("")
        if hangs:
            extra.append("Rows lost to a tool that did not stop: " + "; ".join(hangs))
            extra.append("")
        idle = bench.server_idle_rss / 1024
        extra.append(f"Service RSS: {idle:.0f} MiB idle after start-up; peak sampled during the rows in the table.")
        one, five, fifteen = os.getloadavg()
        extra.append(f"Machine: {machine()}. Load average during the run: {min(loads):.1f}–{max(loads):.1f} "
                     f"(1-min, sampled after each row); at the end {one:.1f} / {five:.1f} / {fifteen:.1f}. "
                     f"Run time {(time.monotonic() - started) / 60:.1f} min, {args.seconds:g} s of load per row.")
        text, _ = report(bench, scenarios, tools, extra)
        print()
        print(text)
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(f"{args.out}/report.md", "w") as f:
                f.write(text + "\n")
            with open(f"{args.out}/results.json", "w") as f:
                json.dump(bench.results, f, indent=1)
            if plot(bench, f"{args.out}/capture.png", tools):
                print(f"plot: {args.out}/capture.png")
        return 0
    except Broken as e:
        print(f"broken measurement: {e}", file=sys.stderr)
        return 3
    finally:
        bench.cleanup()


if __name__ == "__main__":
    sys.exit(main())
