#!/usr/bin/env bash
# Builds the Packetflix container image without any registry: a root file system made here from the minimal file
# set (our NativeAOT publish, the shared libraries ldd names for it and for libpcap, an /etc/passwd entry for
# 65534), loaded with `docker import`, then a small Dockerfile FROM it sets the user, entry point and environment.
# The result is the image the Dockerfile next to this script builds from a registry, minus Debian's other files.
#
#   deploy/container/build-local.sh [--publish DIR] [--tag NAME] [--arch x64|arm64]
#
# --publish DIR  reuse an existing deploy/publish.sh output instead of publishing (NativeAOT: one native binary)
# --tag NAME     image name (default packetflix:local)
# Needs: docker, ldd (libc-bin), setcap (libcap2-bin), tar, the host's libpcap0.8, and clang for the NativeAOT link
# (deploy/publish.sh). Run as root (setcap, docker).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tag=packetflix:local
publish=""
arch=x64
while [ $# -gt 0 ]; do
  case "$1" in
    --publish) publish="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --arch) arch="$2"; shift 2 ;;
    *) echo "build-local.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
die() { echo "build-local.sh: $*" >&2; exit 1; }
for tool in docker ldd setcap tar; do
  command -v "$tool" >/dev/null || die "needs $tool (setcap: apt-get install libcap2-bin)"
done
[ "$arch" = x64 ] || die "only the host's architecture (x64) can be assembled from host libraries; use the Dockerfile for arm64"

work="$(mktemp -d /var/tmp/packetflix-image.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs/opt/packetflix" "$rootfs/etc" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"

if [ -z "$publish" ]; then
  publish="$work/publish"
  bash "$root/deploy/publish.sh" "$arch" "$publish"
fi
[ -x "$publish/packetflix" ] || die "$publish/packetflix is missing (not a deploy/publish.sh output?)"
# deploy/publish.sh left no debug symbols: they are not needed at run time and are a good part of the size.
cp -a "$publish/." "$rootfs/opt/packetflix/"

# libpcap is loaded with dlopen (so ldd of our binary does not show it), and so is OpenSSL (only for --tls-cert):
# both are named explicitly, then every library they and our native files link is copied with its directory.
libpcap="$(ldconfig -p | awk '/libpcap\.so\.0\.8 .*x86-64/ {print $NF; exit}')"
[ -n "$libpcap" ] || die "libpcap0.8 is not installed on this host (apt-get install libpcap0.8)"
extra=("$libpcap")
for lib in libssl.so.3 libcrypto.so.3; do
  path="$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')"
  [ -n "$path" ] && extra+=("$path")
done
copy_lib() {
  local src="$1" real
  [ -e "$rootfs$src" ] && return 0
  mkdir -p "$rootfs$(dirname "$src")"
  real="$(readlink -f "$src")"
  # Keep the soname path a symlink to the real file, as the distribution lays it out.
  if [ "$real" != "$src" ]; then
    mkdir -p "$rootfs$(dirname "$real")"
    cp -a "$real" "$rootfs$real"
    ln -sf "$real" "$rootfs$src"
  else
    cp -a "$src" "$rootfs$src"
  fi
}
mapfile -t natives < <(find "$rootfs/opt/packetflix" -maxdepth 1 -type f \( -name packetflix -o -name '*.so' \))
for object in "${natives[@]}" "${extra[@]}"; do
  [ -e "$object" ] || continue
  # ldd prints "name => /path (addr)" and the loader as "/lib64/ld-linux-x86-64.so.2 (addr)".
  while read -r lib; do
    copy_lib "$lib"
  done < <(ldd "$object" 2>/dev/null | awk '/=> \// {print $3} /^\t\// {print $1}')
  case "$object" in "$rootfs"/*) ;; *) copy_lib "$object" ;; esac
done
# The runtime reads /lib64/ld-linux-x86-64.so.2 through the path in the ELF header; Debian keeps it a symlink.
[ -e "$rootfs/lib64/ld-linux-x86-64.so.2" ] || die "the dynamic loader was not found by ldd"

# User 65534 as Debian names it; /etc/group for tools that look its group up.
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
# ldconfig -p is not run inside; the loader's default paths (/lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu) are
# compiled in, so no ld.so.cache is needed.

# File capabilities: the security.capability xattr on the binary; tar keeps it with --xattrs and docker import
# writes it into the layer (the container tests prove it: without it user 65534 would be refused).
# The entry point is a copy without file capabilities: it checks the container's bounding set and names what is
# missing (the capable binary itself would not even be executed then: execve fails with EPERM), then execs it.
cp "$rootfs/opt/packetflix/packetflix" "$rootfs/opt/packetflix/packetflix-start"
caps="$(grep -v '^#' "$here/capabilities.txt" | paste -sd, -)"
setcap "$caps+ep" "$rootfs/opt/packetflix/packetflix"

base="${tag%%:*}-rootfs:local"
tar -C "$rootfs" --numeric-owner --xattrs --xattrs-include='security.capability' -c . \
  | docker import --message "packetflix rootfs from build-local.sh" - "$base" >/dev/null
docker build -q -t "$tag" --build-arg "BASE=$base" -f "$here/Dockerfile.local" "$here" >/dev/null
docker image rm "$base" >/dev/null 2>&1 || true
echo "$tag"
