#!/usr/bin/env bash
# Ramp-up to full picture quality (issue 18): headless Chromium with the fake 640×480 camera against the real host on
# 127.0.0.1; from the child's first decoded frame of the parent, the time until each side decodes the other at
# ≥ 640 px and ≥ 18 frames/s, and until each browser's send-side estimate passes 1 Mbit/s (30 s bound).
#
#   bench/ramp-up.sh [runs]      (default 5; each run starts a fresh host with a temporary data directory)
#
# Prints one line per run and then
#   ramp <n> runs median_child_sees_parent_full_ms=<x> median_parent_sees_child_full_ms=<y> reached <k>/<n> within 30000 ms
# Builds first, then measures inside `unshare --net` with only `lo` up, like bench/join-time.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[ -x /usr/bin/chromium ] || { echo "ramp-up.sh: /usr/bin/chromium is missing (apt-get install chromium)" >&2; exit 1; }
echo "# building the host and the harness" >&2
dotnet build src/Web -c Release -nologo -v q -clp:ErrorsOnly >&2
dotnet build bench/VideoVisit.JoinTime -c Release -nologo -v q -clp:ErrorsOnly >&2

WEB_DLL="$(pwd)/src/Web/bin/Release/net10.0/VideoVisit.Web.dll"
HARNESS="$(pwd)/bench/VideoVisit.JoinTime/bin/Release/net10.0/VideoVisit.JoinTime.dll"
if [ "$(id -u)" = 0 ]; then NS=(unshare --net); else NS=(unshare --user --map-root-user --net); fi
# Bounded: at most ~90 s per run before the harness gives up.
timeout $((90 * RUNS + 120)) "${NS[@]}" bash -c "ip link set lo up && dotnet '$HARNESS' '$WEB_DLL' $RUNS ramp"
