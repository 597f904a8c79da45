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
exec bash "$(dirname "$0")/join-time.sh" "${1:-5}" ramp
