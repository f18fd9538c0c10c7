#!/usr/bin/env bash
# The service's memory under each GC setting and as a NativeAOT publish (bench/README.md, "Memory").
# For every variant: RSS 2 s after the service listens (idle) and the peak RSS of one WebSocket session capturing
# 1442-byte frames from two trafgen threads (the capture suite's pf-ws1 row, 1 round), measured in turn on the same
# veth load. Prints one table; writes it to .build/bench/memory/report.md. About 3 minutes plus the publishes.
#   bench/run memory [--no-build] [--seconds S]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "bench/memory: run as root" >&2; exit 1; }
build=1 seconds=4
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --seconds) seconds="$2"; shift ;;
    *) echo "bench/memory: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
out="$root/.build/bench"
mkdir -p "$out/memory"
if [ "$build" = 1 ]; then
  echo "bench/memory: Release publishes (JIT and NativeAOT)..." >&2
  dotnet publish "$root/src/Packetflix.Server/Packetflix.Server.csproj" -c Release -o "$out/server" --nologo -v quiet >&2
  dotnet publish "$root/bench/capture/Packetflix.Bench.Capture.csproj" -c Release -o "$out/client" --nologo -v quiet >&2
  dotnet publish "$root/src/Packetflix.Extcap/Packetflix.Extcap.csproj" -c Release -o "$out/cli" --nologo -v quiet >&2
  # NativeAOT exactly as deploy/ ships it (deploy/publish.sh; links with clang).
  bash "$root/deploy/publish.sh" x64 "$out/server-aot" >"$out/memory/aot-build.log" 2>&1 \
    || echo "bench/memory: NativeAOT publish failed (see $out/memory/aot-build.log)" >&2
fi
# name | server command (env settings in front of the binary; suite.py splits on spaces)
variants=(
  "server GC + DATAS (default)|$out/server/packetflix"
  "server GC, DATAS off|env DOTNET_GCDynamicAdaptationMode=0 $out/server/packetflix"
  "workstation, concurrent|env DOTNET_gcServer=0 $out/server/packetflix"
  "workstation, non-concurrent|env DOTNET_gcServer=0 DOTNET_gcConcurrent=0 $out/server/packetflix"
  "workstation, GCConserveMemory=7|env DOTNET_gcServer=0 DOTNET_GCConserveMemory=7 $out/server/packetflix"
)
if [ -x "$out/server-aot/packetflix" ]; then
  variants+=("NativeAOT, server GC + DATAS|$out/server-aot/packetflix"
             "NativeAOT, workstation|env DOTNET_gcServer=0 $out/server-aot/packetflix"
             "NativeAOT, server GC, gen0 budget 4 MiB|env DOTNET_GCgen0size=0x400000 $out/server-aot/packetflix"
             "NativeAOT, workstation, gen0 budget 4 MiB|env DOTNET_gcServer=0 DOTNET_GCgen0size=0x400000 $out/server-aot/packetflix")
fi
report="$out/memory/report.md"
{
  echo "| variant | idle RSS MiB | peak RSS MiB, 1 session at full rate | captured | loss |"
  echo "|---|---:|---:|---:|---:|"
} >"$report"
for entry in "${variants[@]}"; do
  name="${entry%%|*}" cmd="${entry#*|}"
  dir="$(mktemp -d "$out/memory/run.XXXXXX")"
  echo "bench/memory: $name" >&2
  if ! python3 "$root/bench/capture/suite.py" --server "$cmd" --client "$out/client/pf-bench-client" \
      --cli "$out/cli/packetflix-extcap" --scenario 1442B-2t --tools pf-ws1 --rounds 1 --seconds "$seconds" \
      --search none --first-packet-rounds 0 --out "$dir" >"$dir/suite.log" 2>&1; then
    echo "| $name | failed (see $dir/suite.log) | | | |" >>"$report"
    continue
  fi
  python3 - "$dir" "$name" >>"$report" <<'PY'
import json, re, sys
d, name = sys.argv[1], sys.argv[2]
rows = json.load(open(f"{d}/results.json"))
idle = re.search(r"Service RSS: (\d+) MiB idle", open(f"{d}/report.md").read())
r = rows[0]
print(f"| {name} | {idle.group(1) if idle else '?'} | {r['rss_mib']:.0f} | {r['captured']} | {r['loss']:.1f} % |")
PY
done
cat "$report"
