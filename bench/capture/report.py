"""The capture suite's report: the Markdown table, the ratios measured in the same run, the plot (suite.py)."""
import itertools
import os
import shutil
import statistics
import subprocess
import sys

from common import SCENARIOS, LABELS, OURS, SESSION_PAIRS, Broken


def cell(text):
    """A Markdown table cell: a literal | (the shell pipes in the tools' labels) would split the cell."""
    return text.replace("|", "\\|")


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
