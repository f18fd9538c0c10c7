#!/bin/sh
# Embedded discovery benchmark: cold and warm latency and RSS for N fake containers (root required).
# Usage: bench/discovery/run.sh [N ...]   (default: 10 100 1000 10000)
set -eu
cd "$(dirname "$0")/../.."
dotnet build -c Release bench/discovery/Packetflix.Bench.Discovery.csproj -v q -nologo
exec dotnet bench/discovery/bin/Release/net10.0/Packetflix.Bench.Discovery.dll "$@"
