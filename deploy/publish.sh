#!/usr/bin/env bash
# The service as it is shipped (container image, release tarballs): a self-contained publish for one architecture.
#   deploy/publish.sh x64|arm64 OUTDIR
#
# For the machine's own architecture it is a NativeAOT build: one native binary with the code the service uses,
# compiled ahead of time. It starts with no JIT and holds about half the memory of the JIT build (37 vs 67 MiB idle;
# docs/benchmarks.md, "Memory"). NativeAOT links with the platform's C toolchain (clang; Debian: apt-get install
# clang), and it does not cross-compile between architectures without a sysroot of the target, so another
# architecture gets the self-contained JIT build (the same code, run by the .NET runtime it carries). The container
# image's Dockerfile builds each platform natively, so both of its images are NativeAOT.
#
# Both leave the binary at OUTDIR/packetflix with no debug symbols beside it.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
[ $# -eq 2 ] || { echo "usage: deploy/publish.sh x64|arm64 OUTDIR" >&2; exit 2; }
arch="$1"
out="$2"
die() { echo "publish.sh: $*" >&2; exit 1; }
case "$arch" in x64 | arm64) ;; *) die "unknown architecture $arch (x64 or arm64)" ;; esac
case "$(uname -m)" in
  x86_64) host=x64 ;;
  aarch64) host=arm64 ;;
  *) host="$(uname -m)" ;;
esac

project="$root/src/Packetflix.Server/Packetflix.Server.csproj"
if [ "$arch" = "$host" ]; then
  # The ILCompiler package runs "clang" as compiler and linker.
  command -v clang >/dev/null || die "NativeAOT needs clang to link (apt-get install clang)"
  dotnet publish "$project" -c Release -r "linux-$arch" -p:PublishAot=true -o "$out" --nologo -v quiet
  # packetflix.dbg holds the native debug symbols (50 MB); the XML docs describe assemblies that are not shipped.
  find "$out" \( -name '*.dbg' -o -name '*.pdb' -o -name '*.xml' \) -delete
else
  dotnet publish "$project" -c Release -r "linux-$arch" --self-contained -o "$out" --nologo -v quiet
  find "$out" -name '*.pdb' -delete
fi
[ -x "$out/packetflix" ] || die "$out/packetflix is missing after the publish"
