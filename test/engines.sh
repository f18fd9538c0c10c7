#!/usr/bin/env bash
# Starts the real container engines the discovery tests talk to, by hand (no systemd), and imports a busybox image
# into each of them. Idempotent: what already runs is left alone. Run as root. See docs/protocol.md §18.7.
#   dockerd     /var/run/docker.sock            (runs its own managed containerd)
#   containerd  /run/containerd/containerd.sock (stand-alone; CRI plugin on the same socket)
#   podman      /run/podman/podman.sock         (podman system service, Docker-compatible API)
# Image: local/busybox:latest (docker), docker.io/local/busybox:latest in containerd namespace pftest,
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

containerd_up() { ctr --address /run/containerd/containerd.sock version; }
if ! containerd_up >/dev/null 2>&1; then
  say "starting stand-alone containerd (log /tmp/containerd.log)"
  nohup /usr/bin/containerd >/tmp/containerd.log 2>&1 </dev/null &
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

if ! ctr -n pftest image ls -q | grep -qx "docker.io/$image"; then
  say "importing docker.io/$image into containerd namespace pftest"
  docker save "$image" | ctr -n pftest image import - >/dev/null || die "ctr image import failed"
fi

if ! podman image exists "localhost/$image"; then
  say "importing localhost/$image into podman"
  tar -C "$rootfs" -c . | podman import - "localhost/$image" >/dev/null 2>/tmp/engines-import.log || die "podman import failed"
fi

say "ready: docker $(docker version -f '{{.Server.Version}}'), containerd $(ctr version | awk '/Version/{print $2; exit}'), podman $(podman version -f '{{.Server.Version}}' 2>/dev/null || podman --version)"
