#!/usr/bin/env bash
# Runs the whole suite on this machine through the Aspire AppHost: Redis and every service, with Aspire's dashboard
# at http://127.0.0.1:18888. Extra arguments go to the AppHost, e.g. ./run.sh --Workflows:Replicas=2
# Ctrl+C or SIGTERM stops everything. (A script that starts ./run.sh in the background must stop it with SIGTERM:
# background jobs of a non-interactive shell ignore SIGINT.)
set -euo pipefail
cd "$(dirname "$0")"
./eng/prerequisites.sh
echo "Building the suite (Release; the first build restores packages and takes a few minutes)..."
dotnet build AppHost/Integration.AppHost.csproj -c Release --nologo -v minimal -clp:NoSummary
# The dashboard: a fixed local URL, no login, plain HTTP. For local runs only; a deployment gets none of these.
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:18888}"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="${ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL:-http://127.0.0.1:18889}"
export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="${ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL:-http://127.0.0.1:18890}"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true
export ASPIRE_VERSION_CHECK_DISABLED=true
echo "Starting the suite; the dashboard is at $ASPNETCORE_URLS (Ctrl+C stops everything)."
# exec: Ctrl+C and SIGTERM reach the AppHost itself, which has DCP stop everything it started.
exec dotnet AppHost/bin/Release/net10.0/Integration.AppHost.dll "$@"
