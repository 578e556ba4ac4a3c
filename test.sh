#!/usr/bin/env bash
# Runs every test of the suite (unit, component and end-to-end against the AppHost graph with real Redis).
set -euo pipefail
cd "$(dirname "$0")"
./eng/prerequisites.sh
dotnet test --solution Integration.sln
