#!/usr/bin/env bash
# Starts the real container engines the discovery tests talk to, by hand (no systemd), and imports a busybox image
# into each of them. Idempotent: what already runs is left alone. Run as root. See docs/protocol.md §18.7.
#   dockerd     /var/run/docker.sock            (runs its own managed containerd)
#   containerd  /run/containerd/containerd.sock (stand-alone; CRI plugin on the same socket), with the config
#               /var/tmp/packetflix-containerd.toml this script writes, so CRI pods run offline: sandbox image
#               docker.io/local/pfpause:latest (busybox sleeping, built here), CNI bridge pfcni0 10.89.77.0/24 from
#               /var/tmp/packetflix-cni (Debian's containernetworking-plugins; its firewall plugin admits the pods'
#               traffic past the FORWARD DROP policy dockerd sets), and restrict_oom_score_adj (CRI
#               gives sandboxes OOM score -998, which a root without CAP_SYS_RESOURCE cannot set: runc then fails
#               with "can't get final child's PID from pipe"). /etc/containerd and /etc/cni are not touched.
#   podman      /run/podman/podman.sock         (podman system service, Docker-compatible API)
# Image: local/busybox:latest (docker), docker.io/local/busybox:latest in containerd namespaces pftest and k8s.io,
# localhost/local/busybox:latest (podman). A plain rootfs is kept in /var/tmp/packetflix-busybox-rootfs.
set -uo pipefail

say() { echo "engines.sh: $*"; }
die() { echo "engines.sh: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"

# Waits (bounded) until a command succeeds.
wait_for() {
  local what="$1" tries="$2"; shift 2
  for _ in $(seq "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "$what did not come up (see its log in /tmp)"
}

running() { pgrep -x "$1" >/dev/null 2>&1; }

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v containerd >/dev/null && command -v ctr >/dev/null || missing+=(containerd)
command -v podman >/dev/null || missing+=(podman)
[ -x /bin/busybox ] || missing+=(busybox-static)
[ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -q >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/tmp/engines-apt.log 2>&1 \
    || die "apt-get install ${missing[*]} failed (see /tmp/engines-apt.log)"
fi
# The docker CLI may come from docker.io (/usr/bin/docker) or be preinstalled elsewhere.
command -v docker >/dev/null || die "no docker CLI"

# dockerd first: when /run/containerd/containerd.sock already exists, dockerd attaches to that containerd instead of
# starting its own, and the tests restart the stand-alone containerd.
if ! running dockerd; then
  # A socket file left by a containerd that was killed would make dockerd dial it and give up; only a socket
  # that answers may stay.
  if [ -S /run/containerd/containerd.sock ] && ! ctr --address /run/containerd/containerd.sock version >/dev/null 2>&1; then
    say "removing stale /run/containerd/containerd.sock"
    rm -f /run/containerd/containerd.sock
  fi
  say "starting dockerd (log /tmp/dockerd.log)"
  nohup /usr/sbin/dockerd >/tmp/dockerd.log 2>&1 </dev/null &
else
  say "dockerd already running"
fi
wait_for "dockerd" 150 docker version

containerd_config=/var/tmp/packetflix-containerd.toml
cni_dir=/var/tmp/packetflix-cni
mkdir -p "$cni_dir"
cat >"$containerd_config.new" <<EOF_CONFIG
version = 2

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "docker.io/local/pfpause:latest"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$cni_dir"
EOF_CONFIG
mv "$containerd_config.new" "$containerd_config"
cat >"$cni_dir/10-pfcni.conflist" <<'EOF_CNI'
{
  "cniVersion": "0.4.0",
  "name": "pfcni",
  "plugins": [
    { "type": "bridge", "bridge": "pfcni0", "isGateway": true, "ipMasq": false,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "10.89.77.0/24" }]], "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "firewall", "backend": "iptables" },
    { "type": "loopback" }
  ]
}
EOF_CNI

containerd_up() { ctr --address /run/containerd/containerd.sock version; }
# The stand-alone containerd is the one on /run/containerd (Docker's managed one has --config under /var/run/docker).
standalone_pid() {
  for pid in $(pgrep -x containerd); do
    grep -qa -- /var/run/docker/ "/proc/$pid/cmdline" 2>/dev/null || { echo "$pid"; return; }
  done
}
pid="$(standalone_pid)"
if [ -n "$pid" ] && ! grep -qa -- "$containerd_config" "/proc/$pid/cmdline"; then
  # Started without this script's config (by hand, or by an older engines.sh): CRI pods would not start.
  say "restarting stand-alone containerd $pid with --config $containerd_config (its tasks keep running in their shims)"
  kill -TERM "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
fi
if ! containerd_up >/dev/null 2>&1; then
  say "starting stand-alone containerd (log /tmp/containerd.log)"
  mkdir -p /run/containerd
  nohup /usr/bin/containerd --config "$containerd_config" >>/tmp/containerd.log 2>&1 </dev/null &
else
  say "stand-alone containerd already running"
fi
wait_for "containerd" 150 containerd_up

podman_up() { curl -sf --max-time 2 --unix-socket /run/podman/podman.sock http://d/_ping; }
if ! podman_up >/dev/null 2>&1; then
  say "starting podman system service (log /tmp/podman-service.log)"
  mkdir -p /run/podman
  nohup podman system service --time=0 unix:///run/podman/podman.sock >/tmp/podman-service.log 2>&1 </dev/null &
else
  say "podman system service already running"
fi
wait_for "podman system service" 150 podman_up

rootfs=/var/tmp/packetflix-busybox-rootfs
if [ ! -x "$rootfs/bin/sleep" ]; then
  say "building busybox rootfs in $rootfs"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"/{bin,etc,proc,sys,dev,tmp,run,var,rootfs}
  cp /bin/busybox "$rootfs/bin/"
  for c in sh sleep ping ip ifconfig cat ls ps hostname wget nc echo mkdir mount; do ln -s busybox "$rootfs/bin/$c"; done
fi

image=local/busybox:latest
if ! docker image inspect "$image" >/dev/null 2>&1; then
  say "importing $image into docker"
  tar -C "$rootfs" -c . | docker import - "$image" >/dev/null || die "docker import failed"
fi

# Namespace pftest for the containerd tests; CRI sees the images of namespace k8s.io (busybox for the pods'
# containers, and below a pause image, busybox with a long sleep as its command, as the sandbox image).
for ns in pftest k8s.io; do
  if ! ctr -n "$ns" image ls -q | grep -qx "docker.io/$image"; then
    say "importing docker.io/$image into containerd namespace $ns"
    docker save "$image" | ctr -n "$ns" image import - >/dev/null || die "ctr image import ($ns) failed"
  fi
done
pause=local/pfpause:latest
if ! ctr -n k8s.io image ls -q | grep -qx "docker.io/$pause"; then
  say "importing docker.io/$pause (the CRI sandbox image) into containerd namespace k8s.io"
  if ! docker image inspect "$pause" >/dev/null 2>&1; then
    tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/sleep","2147483647"]' - "$pause" >/dev/null || die "docker import (pause) failed"
  fi
  docker save "$pause" | ctr -n k8s.io image import - >/dev/null || die "ctr image import (pause) failed"
fi

if ! podman image exists "localhost/$image"; then
  say "importing localhost/$image into podman"
  tar -C "$rootfs" -c . | podman import - "localhost/$image" >/dev/null 2>/tmp/engines-import.log || die "podman import failed"
fi

say "ready: docker $(docker version -f '{{.Server.Version}}'), containerd $(ctr version | awk '/Version/{print $2; exit}'), podman $(podman version -f '{{.Server.Version}}' 2>/dev/null || podman --version)"
