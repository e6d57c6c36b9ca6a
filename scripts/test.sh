#!/usr/bin/env bash
# Runs every test in LiveBoard.sln. The last line is always "N passed, N failed"
# (CI reads it); exits non-zero if the build fails, any test fails, the test run
# itself fails (e.g. a crashed test host), or no test ran at all.
set -uo pipefail   # no -e: we want to reach the summary line whatever happens
cd "$(dirname "$0")/.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

summary() { echo "$1 passed, $2 failed"; exit "$3"; }

bash scripts/setup.sh || { echo "test.sh: scripts/setup.sh failed"; summary 0 1 1; }

log_dir=$(mktemp -d "${TMPDIR:-/tmp}/liveboard-test.XXXXXX")
echo "test.sh: full output in $log_dir"

# Build once; -tl:off keeps the plain (parseable, log-friendly) console output.
dotnet build LiveBoard.sln -c Release -tl:off 2>&1 | tee "$log_dir/build.log"
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "test.sh: build failed"
  summary 0 1 1
fi

# One test project at a time (-m:1): browser, cluster and server tests each start real servers, browsers and Redis;
# on a 2-core machine running them side by side only makes their timings noisy.
dotnet test LiveBoard.sln -c Release --no-build -tl:off -m:1 2>&1 | tee "$log_dir/test.log"
rc=${PIPESTATUS[0]}

# With the default console verbosity, VSTest (.NET SDK 10) prints one line per test assembly:
#   Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: 1 s - X.Tests.dll (net10.0)
#   Failed!  - Failed:     1, Passed:    11, Skipped:     0, Total:    12, Duration: 1 s - X.Tests.dll (net10.0)
# (--logger "console;verbosity=normal" replaces these lines with a multi-line block, so it is not used.)
read -r passed failed lines < <(
  sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log_dir/test.log" | awk '
    /^[[:space:]]*(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+,/ {
      n++; gsub(/,/, ""); f += $4; p += $6 }
    END { printf "%d %d %d\n", p, f, n }')

if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # e.g. a test host crash or an aborted run: count it as a failure, never as a pass
  echo "test.sh: dotnet test exited with $rc although no failed test was counted"
  failed=1
fi
if [ "$((passed + failed))" -eq 0 ]; then
  echo "test.sh: no test ran ($lines test assemblies reported)"
  summary 0 0 1
fi
[ "$failed" -eq 0 ] && summary "$passed" 0 0
summary "$passed" "$failed" 1
