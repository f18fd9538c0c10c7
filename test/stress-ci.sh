#!/usr/bin/env bash
# The suite must pass on a busy machine, not only on a quiet one. This clones the repository's current HEAD into a
# fresh temporary directory and runs CI there (CI=true bash .ci/run) RUNS times in a row (default 3) while
# `stress-ng --cpu 2` keeps two cores busy. It prints each run's last line ("N passed, N failed"), stops stress-ng
# however it ends, and exits non-zero if any run failed. Run as root, like test.sh.
#   RUNS=1 test/stress-ci.sh     one iteration
#   KEEP=1 test/stress-ci.sh     keep the clone and the logs (otherwise only the logs are kept on failure)
set -uo pipefail

runs="${RUNS:-3}"
case "$runs" in
  '' | *[!0-9]* | 0) echo "stress-ci: RUNS must be a whole number of at least 1, got '$runs'" >&2; exit 2 ;;
esac

repo="$(git -C "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" rev-parse --show-toplevel)" || exit 2
head="$(git -C "$repo" rev-parse HEAD)" || exit 2

if ! command -v stress-ng >/dev/null; then
  echo "stress-ci: installing stress-ng"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q stress-ng >/dev/null || { echo "stress-ci: cannot install stress-ng" >&2; exit 2; }
fi

work="$(mktemp -d /tmp/pf-stress-ci.XXXXXX)"
stress_pid=""
failed=0
cleanup() {
  if [ -n "$stress_pid" ]; then
    kill "$stress_pid" 2>/dev/null
    wait "$stress_pid" 2>/dev/null
  fi
  if [ "${KEEP:-0}" = 1 ] || [ "$failed" -gt 0 ]; then
    echo "stress-ci: clone and logs kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A clone, not a copy of the worktree: exactly what a new user gets (no build output, no node_modules, no local edits).
git clone -q --no-hardlinks "$repo" "$work/repo" || exit 2
git -C "$work/repo" checkout -q --detach "$head" || exit 2
echo "stress-ci: $head in $work/repo, $runs run(s) beside stress-ng --cpu 2"

# stress-ng's own timeout backs up the trap: even a killed script leaves no stress-ng running for long.
stress-ng --cpu 2 --timeout 6h >"$work/stress-ng.log" 2>&1 &
stress_pid=$!

passed=0
for i in $(seq "$runs"); do
  log="$work/run-$i.log"
  (cd "$work/repo" && CI=true bash .ci/run) >"$log" 2>&1
  status=$?
  last="$(tail -n 1 "$log")"
  echo "stress-ci: run $i of $runs (exit $status): $last"
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    grep -A3 "^FAILED " "$log" | grep -v "^--$" | sed "s/^/stress-ci:   /" | head -40
  fi
  # Each run starts from a fresh build of the same clone.
  git -C "$work/repo" clean -q -fdx -e test/node/node_modules
done

echo "stress-ci: $passed of $runs runs passed"
[ "$failed" -eq 0 ]
