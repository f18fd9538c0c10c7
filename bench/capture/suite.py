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
import json
import os
import signal
import sys
import time

from measure import Bench
from common import FIRST_PACKET_GAP_US, SCENARIOS, TOOLS, UNIX_TOOLS, LABELS, OURS, Broken, Hang, fmt_row
from report import report, plot, machine


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
