"""The measuring part of the capture suite: the veth pair, the load, each tool's run and its counts (suite.py)."""
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time

from common import (CLK, FIRST_PACKET_GAP_US, OURS, SCENARIOS, SESSIONS, UNIX_TOOLS, Broken, Hang, cpu_ticks, fmt_row, run,
                    status_kib, wait_for)


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
