#!/usr/bin/env bash
# Installs what the tests need (when missing), checks formatting, builds, and runs every test.
# The privileged tests (network namespaces, capture) are the heart of the suite: under this script they must
# run, so a missing prerequisite fails them instead of skipping them. The last line is "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$root"
results="$root/test-results"
failed_steps=0
passed_steps=0

say() { printf '\n== %s\n' "$*"; }

finish() {
  local passed=0 failed=0 skipped=0
  if compgen -G "$results/*.trx" >/dev/null; then
    read -r passed failed skipped < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    for r in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        o = r.get("outcome")
        if o == "Passed": p += 1
        elif o == "NotExecuted": s += 1
        else: f += 1
print(p, f, s)
PY
)
    # The failures again, just above the summary, so the tail of a long log says what failed and why.
    python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for r in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") in ("Passed", "NotExecuted"):
            continue
        message = r.find(".//t:ErrorInfo/t:Message", ns)
        first = (message.text or "").strip().splitlines()[:3] if message is not None else []
        print("FAILED " + r.get("testName", "?"))
        for line in first:
            print("    " + line[:300])
PY
  fi
  # node's TAP summary: "# pass N", "# fail N", "# cancelled N", "# skipped N", "# todo N".
  if [ -f "$results/node.tap" ]; then
    local node_passed node_failed node_skipped
    read -r node_passed node_failed node_skipped < <(awk '
      /^# pass /{p=$3} /^# fail /{f=$3} /^# cancelled /{c=$3} /^# skipped /{s=$3} /^# todo /{t=$3}
      END {print p+0, f+c, s+t}' "$results/node.tap")
    passed=$((passed + node_passed))
    failed=$((failed + node_failed))
    skipped=$((skipped + node_skipped))
  fi
  failed=$((failed + failed_steps))
  passed=$((passed + passed_steps))
  # The last line is always exactly "N passed, N failed" (CI reads it); skipped tests, which should not happen
  # here, get a line of their own just before it.
  if [ "$skipped" -gt 0 ]; then
    echo "$skipped skipped"
  fi
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

if [ "$(id -u)" != 0 ]; then
  echo "test.sh: run as root (sudo ./test.sh): the capture tests create network namespaces" >&2
fi

say "prerequisites"
apt_packages=()
command -v tshark >/dev/null || apt_packages+=(tshark)
command -v tcpdump >/dev/null || apt_packages+=(tcpdump)
ldconfig -p | grep -q 'libpcap\.so\.0\.8' || apt_packages+=(libpcap0.8)
[ -x /bin/busybox ] && /bin/busybox ping -h 2>&1 | grep -q -i usage || apt_packages+=(busybox-static)
command -v ip >/dev/null || apt_packages+=(iproute2)
command -v nsenter >/dev/null || apt_packages+=(util-linux)
command -v node >/dev/null || apt_packages+=(nodejs npm)
command -v chromium >/dev/null || apt_packages+=(chromium)
command -v trafgen >/dev/null || apt_packages+=(netsniff-ng)
command -v docker-compose >/dev/null || apt_packages+=(docker-compose)
command -v setcap >/dev/null || apt_packages+=(libcap2-bin)
command -v systemd-analyze >/dev/null || apt_packages+=(systemd)
# The real-cluster Kubernetes test's cluster (shared/k8s/up.sh brings kubectl and the control plane; these it needs).
command -v socat >/dev/null || apt_packages+=(socat)
[ -x /usr/lib/cni/bridge ] || apt_packages+=(containernetworking-plugins)
command -v openssl >/dev/null || apt_packages+=(openssl)
# deploy/publish.sh links the NativeAOT build (the container image and the x64 tarball) with clang.
command -v clang >/dev/null || apt_packages+=(clang)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "installing: ${apt_packages[*]}"
  # dumpcap asks whether non-root users may capture; answer no, without a prompt.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${apt_packages[@]}" >/dev/null || failed_steps=$((failed_steps + 1))
fi
if [ ! -d test/node/node_modules/ws ]; then
  (cd test/node && npm ci --no-audit --no-fund --loglevel=error) || failed_steps=$((failed_steps + 1))
fi

say "format"
if ! dotnet format Packetflix.slnx --verify-no-changes -v quiet; then
  echo "dotnet format found unformatted code (fix with: dotnet format Packetflix.slnx)"
  failed_steps=$((failed_steps + 1))
fi

say "build"
if ! dotnet build Packetflix.slnx -c Debug --nologo -v quiet; then
  failed_steps=$((failed_steps + 1))
  finish
fi

say "arm64 publish"
# No arm64 hardware here: the linux-arm64 publish deploy/release.sh ships from this machine (the self-contained JIT
# build; NativeAOT does not cross-compile) must at least build. The x64 NativeAOT publish is built and run by the
# deployment tests.
arm64_out="$(mktemp -d)"
if ! bash deploy/publish.sh arm64 "$arm64_out"; then
  echo "deploy/publish.sh arm64 failed"
  failed_steps=$((failed_steps + 1))
fi
rm -rf "$arm64_out"

say "container engines"
# dockerd, a stand-alone containerd and podman's API service, started by hand, for the discovery tests.
if [ "$(id -u)" = 0 ] && ! bash test/engines.sh; then
  failed_steps=$((failed_steps + 1))
fi

say "tests"
rm -rf "$results"
mkdir -p "$results"

say "browser modules (node --test)"
# The UI's pcapng reader, dissector and link builder, on the golden captures in test/data/pcapng.
node --test --test-timeout=60000 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/node.tap" test/node/ui/*.test.mjs
node_status=$?
# A run that fails without a failed test in its summary (a crash, a file that does not load) fails as a step.
if [ "$node_status" -ne 0 ] && ! grep -Eq '^# (fail|cancelled) [1-9]' "$results/node.tap" 2>/dev/null; then
  failed_steps=$((failed_steps + 1))
fi

say "bench (bench/run --quick: sanity of the figures, never a speed; one test)"
if bash bench/run --quick; then passed_steps=$((passed_steps + 1)); else failed_steps=$((failed_steps + 1)); fi

say "dotnet tests"
export PACKETFLIX_REQUIRE_PRIVILEGED=1
dotnet test Packetflix.slnx -c Debug --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 15m
finish
