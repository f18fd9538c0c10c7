#!/usr/bin/env bash
# Release tarballs: the service for linux-x64 and linux-arm64 (deploy/publish.sh: NativeAOT for this machine's
# architecture, the self-contained JIT build for the other), with SHA-256 checksums.
#   deploy/release.sh [OUTDIR]      (default: ./release)
# On an x64 machine arm64 is cross-compiled; it is not run here (no arm64 hardware in CI).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$(mkdir -p "${1:-$root/release}" && cd "${1:-$root/release}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="$(dotnet msbuild "$root/src/Packetflix.Server/Packetflix.Server.csproj" -getProperty:Version -nologo 2>/dev/null || echo 0.0.0)"
for arch in x64 arm64; do
  name="packetflix-$version-linux-$arch"
  bash "$root/deploy/publish.sh" "$arch" "$work/$name"
  cp "$root/deploy/container/capabilities.txt" "$root/deploy/systemd/packetflix.service" "$work/$name/"
  tar -C "$work" --owner=0 --group=0 -czf "$out/$name.tar.gz" "$name"
done
(cd "$out" && sha256sum packetflix-"$version"-linux-*.tar.gz > SHA256SUMS)
cat "$out/SHA256SUMS"
