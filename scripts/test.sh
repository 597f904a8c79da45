#!/usr/bin/env bash
# The one test command (see README). On a fresh machine it installs what the tests need, restores and builds,
# then runs every test project inside a network namespace that has only `lo` (docs/testing.md: loopback only), and
# ends with the plain line "N passed, N failed, N skipped". Exits non-zero when a test failed or none ran.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CONFIGURATION=${CONFIGURATION:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- what the tests need from Debian ------------------------------------------------------------------------
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Firefox ESR: the end-to-end tests drive it over its own WebDriver BiDi agent (tests/VideoVisit.EndToEnd.Tests/FirefoxFixture.cs).
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
command -v ffprobe >/dev/null || missing+=(ffmpeg)
command -v ip >/dev/null || missing+=(iproute2)
# Networks that block or lose packets are made with nftables rules in the tests' own namespace (no netem here).
[ -x /usr/sbin/nft ] || missing+=(nftables)
command -v unshare >/dev/null || missing+=(util-linux)
command -v npm >/dev/null || missing+=(npm)
# The deploy/ files are checked by the programs that read them.
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v turnserver >/dev/null || missing+=(coturn)
command -v systemd-analyze >/dev/null || missing+=(systemd)
# deploy/local-cluster.sh makes its CA with openssl and renders the shipped configurations with python3.
command -v openssl >/dev/null || missing+=(openssl)
[ -x /usr/bin/python3 ] || missing+=(python3)
# A real Prometheus scrapes the host's metrics port (tests/VideoVisit.Web.Tests/Hosting/PrometheusScrapeTests.cs).
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
# Japanese fonts, so screenshots of the Japanese pages can be read.
fc-list 2>/dev/null | grep -qi "IPAGothic" || missing+=(fonts-ipafont-gothic)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- restore and build (the only steps that use the package registries) ---------------------------------------
dotnet restore VideoVisit.sln
dotnet build VideoVisit.sln -c "$CONFIGURATION" --no-restore -nologo -clp:ErrorsOnly

# --- run every test project with loopback as the only network ---------------------------------------------------
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
RUN="ip link set lo up && dotnet test VideoVisit.sln -c $CONFIGURATION --no-build -m:1"
if [ "$(id -u)" = 0 ]; then
  NS=(unshare --net)
else
  NS=(unshare --user --map-root-user --net)
fi
set +e
"${NS[@]}" bash -c "$RUN" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Passed!/Failed! - Failed: a, Passed: b, Skipped: c, Total: d" line per project.
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed: ' "$LOG" | \
  sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' | \
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
