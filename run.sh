#!/usr/bin/env bash
# Runs the whole suite on this machine: Redis and every service, from the AppHost.
# Extra arguments go to the AppHost, e.g. ./run.sh --Hosting:RandomizePorts=true
set -euo pipefail
cd "$(dirname "$0")"
./eng/prerequisites.sh
dotnet build AppHost/Integration.AppHost.csproj -c Release --nologo -v quiet
# exec: Ctrl+C and SIGTERM reach the AppHost itself, which stops everything it started.
exec dotnet AppHost/bin/Release/net10.0/Integration.AppHost.dll "$@"
