#!/usr/bin/env bash
# Join-to-first-frame (bench/README.md): headless Chromium with a fake camera against the real host on 127.0.0.1,
# from the second participant's page load until each side decodes the other's video; median of the runs.
#
#   bench/join-time.sh [runs] [ramp]   (default 7; each run starts a fresh host with a temporary data directory;
#                                       "ramp" measures the ramp-up to full quality instead, see bench/ramp-up.sh)
#
# Prints one line per run and then
#   join <n> runs median_second_sees_first_ms=<x> median_first_sees_second_ms=<y>
# Builds first (the registry is reachable), then measures inside `unshare --net` with only `lo` up, as
# scripts/test.sh runs the tests, so Chromium can only use loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-7}"
MODE="${2:-}"
[ -z "$MODE" ] || [ "$MODE" = ramp ] || { echo "join-time.sh: the second argument is 'ramp' or nothing" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[ -x /usr/bin/chromium ] || { echo "join-time.sh: /usr/bin/chromium is missing (apt-get install chromium)" >&2; exit 1; }
echo "# building the host and the harness" >&2
dotnet build src/Web -c Release -nologo -v q -clp:ErrorsOnly >&2
dotnet build bench/VideoVisit.JoinTime -c Release -nologo -v q -clp:ErrorsOnly >&2

WEB_DLL="$(pwd)/src/Web/bin/Release/net10.0/VideoVisit.Web.dll"
HARNESS="$(pwd)/bench/VideoVisit.JoinTime/bin/Release/net10.0/VideoVisit.JoinTime.dll"
if [ "$(id -u)" = 0 ]; then NS=(unshare --net); else NS=(unshare --user --map-root-user --net); fi
# Bounded: at most ~60 s per run (90 s ramping) before the harness gives up.
PER_RUN=60; [ "$MODE" = ramp ] && PER_RUN=90
timeout $((PER_RUN * RUNS + 120)) "${NS[@]}" bash -c "ip link set lo up && dotnet '$HARNESS' '$WEB_DLL' $RUNS $MODE"
