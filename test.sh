#!/usr/bin/env bash
# Runs every test of the suite: unit, component (each service in process against a real Redis) and end-to-end (the
# AppHost's whole graph through Aspire.Hosting.Testing, with real Redis, DCP and processes).
set -euo pipefail
cd "$(dirname "$0")"
./eng/prerequisites.sh
echo "Building the suite and its tests (the first build restores packages and takes a few minutes)..."
dotnet build Integration.sln --nologo -v minimal -clp:NoSummary
echo "Running the tests..."
results=TestResults/latest
rm -rf "$results"
status=0
dotnet test --solution Integration.sln --no-build --results-directory "$results" --report-xunit-markdown || status=$?
if [ "$status" -ne 0 ]; then
  # The services' logs scroll a failure far up; repeat each failed test and its message last, where a reader looks.
  echo
  echo "Failed tests (the full reports are in $results/*.md):"
  for report in "$results"/*.md; do
    [ -e "$report" ] || continue
    awk -f eng/failed-tests.awk "$report"
  done
fi
exit "$status"
