#!/usr/bin/env bash
# Runs every test of the suite: unit, component (each service in process against a real Redis) and end-to-end (the
# AppHost's whole graph through Aspire.Hosting.Testing, with real Redis, DCP and processes).
set -euo pipefail
cd "$(dirname "$0")"
./eng/prerequisites.sh
echo "Building the suite and its tests (the first build restores packages and takes a few minutes)..."
dotnet build Integration.sln --nologo -v minimal -clp:NoSummary
echo "Running the tests..."
dotnet test --solution Integration.sln --no-build
