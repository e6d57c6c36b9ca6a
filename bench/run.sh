#!/usr/bin/env bash
# The LiveBoard benchmark in one command (see bench/README.md):
#   bash bench/run.sh [--viewers N] [--rate MARKS_PER_S] [--duration S] [--rounds R] [--targets liveboard,raw-ws,signalr,socketio] …
# Builds LiveBoard.Server (Release, published to a temp folder), the references and the generator, installs the
# socket.io reference's npm packages, then runs the generator pinned to cpu 1; it starts each server pinned to cpu 0.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ -n "${BENCH_BUILD_DIR:-}" ]; then
  build_dir=$BENCH_BUILD_DIR   # kept, so a later run rebuilds only what changed
else
  build_dir=$(mktemp -d "${TMPDIR:-/tmp}/liveboard-bench-build.XXXXXX")
  trap 'rm -rf "$build_dir"' EXIT
fi
echo "run.sh: building into $build_dir"
dotnet publish src/LiveBoard.Server -c Release -o "$build_dir/server" -tl:off -v q -nologo
dotnet build bench/References -c Release -o "$build_dir/references" -tl:off -v q -nologo
dotnet build bench/LiveBoard.Bench -c Release -o "$build_dir/bench" -tl:off -v q -nologo
if [ -f bench/socketio/package-lock.json ]; then
  (cd bench/socketio && npm ci --no-audit --no-fund --silent)
else
  (cd bench/socketio && npm install --no-audit --no-fund --silent)
fi

# Thousands of sockets in one process, on both sides.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export BENCH_COMMAND="bash bench/run.sh $*"
export BENCH_GIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?') on $(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
taskset -c "${BENCH_GENERATOR_CPUS:-1}" dotnet "$build_dir/bench/LiveBoard.Bench.dll" \
  --server-dll "$build_dir/server/LiveBoard.Server.dll" \
  --references-dll "$build_dir/references/LiveBoard.Bench.References.dll" \
  --socketio-dir "$PWD/bench/socketio" \
  --results "$PWD/bench/results" \
  "$@"
