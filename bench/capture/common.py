"""What the capture suite's parts share: the loads, the tools and their labels, and small process helpers."""
import os
import subprocess
import time

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


def fmt_row(r):
    return (f"offered={r['offered']} captured={r['captured']} kernel_drop={r['kernel_drop']} our_drop={r['our_drop']} "
            f"loss={r['loss']:.1f}% unaccounted={r['unaccounted']}")
