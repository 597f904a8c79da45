#!/usr/bin/env bash
# SRTP speed, VideoVisit vs libsrtp2 and vs the `openssl speed` limit, single core, one run (bench/README.md).
#
#   bench/srtp-vs-libsrtp.sh [seconds-per-case]      (default 2; VIDEOVISIT_SRTP_BACKEND=managed measures the fallback;
#                                                     SRTP_BENCH_ROUNDS=n alternating rounds, best of n kept, default 2;
#                                                     SRTP_BENCH_CLOCK=cpu divides by each process's CPU time instead of
#                                                     wall time — ours and libsrtp2 by thread CPU time, openssl speed
#                                                     without -elapsed — which is steadier when others load the machine)
#
# Prints, per profile / packet size / operation:
#   ratio <profile> <bytes> <op> <videovisit_pps> <libsrtp_pps> <ratio>
#   limit <profile> <bytes> <op> <videovisit_pps> <openssl_limit_pps> <fraction>
# The openssl limit: AEAD_AES_128_GCM = `openssl speed -aead -evp aes-128-gcm` at the payload size (packet − 12-byte
# header); AES_CM_128_HMAC_SHA1_80 = aes-128-ctr at the payload size combined with hmac(sha1) over packet + ROC as
# 1/(1/ctr + 1/hmac). Encrypt-direction figures serve as the limit for unprotect too.
set -euo pipefail

SECONDS_PER_CASE="${1:-2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/srtp-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
CORE=0
ROUNDS="${SRTP_BENCH_ROUNDS:-2}"
CLOCK="${SRTP_BENCH_CLOCK:-wall}"
ELAPSED=-elapsed
if [[ "$CLOCK" == cpu ]]; then ELAPSED=; fi

need=()
dpkg -s libsrtp2-dev >/dev/null 2>&1 || need+=(libsrtp2-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v gcc >/dev/null || need+=(gcc)
command -v openssl >/dev/null || need+=(openssl)
command -v taskset >/dev/null || need+=(util-linux)
if ((${#need[@]})); then
  echo "# installing: ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "# building anchor and bench" >&2
gcc -O2 -Wall -o "$WORK/srtp_anchor" "$ROOT/bench/anchors/srtp_anchor.c" $(pkg-config --cflags --libs libsrtp2)
dotnet build -c Release -v q -nologo "$ROOT/bench/VideoVisit.Bench" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
BENCH_DLL="$ROOT/bench/VideoVisit.Bench/bin/Release/net10.0/VideoVisit.Bench.dll"

libsrtp_so="$(pkg-config --variable=libdir libsrtp2)/libsrtp2.so"
if ldd "$libsrtp_so" | grep -q libnss3; then crypto="NSS"; elif ldd "$libsrtp_so" | grep -q libcrypto; then crypto="OpenSSL"; else crypto="built-in"; fi
echo "info libsrtp2 $(pkg-config --modversion libsrtp2) crypto=$crypto; $(openssl version); cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); core=$CORE clock=$CLOCK rounds=$ROUNDS"

# Interop: libsrtp2 must unprotect what we protect (same key derivation, IV and tag conventions).
for p in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM AEAD_AES_256_GCM; do
  "$WORK/srtp_anchor" verify "$p" "$(dotnet "$BENCH_DLL" srtp-sample "$p" rtp)" || true
  "$WORK/srtp_anchor" verify-rtcp "$p" "$(dotnet "$BENCH_DLL" srtp-sample "$p" rtcp)" || true
done

# openssl speed -mr prints "+R:<count>:<alg>:<seconds>" (on stderr); ops/s = count / seconds.
ossl_ops() {
  local secs
  secs=$(printf '%.0f' "$SECONDS_PER_CASE")
  if ((secs < 1)); then secs=1; fi
  taskset -c $CORE openssl speed $ELAPSED -mr -seconds "$secs" "$@" 2>&1 |
    awk -F: '/^\+R:/ { printf "%.0f\n", $2 / $4 }' | tail -1
}

# The machines are shared, so all three run ROUNDS times alternately and each case keeps its best figure.
: >"$WORK/ours.txt"
: >"$WORK/libsrtp.txt"
: >"$WORK/openssl.txt"
for ((round = 1; round <= ROUNDS; round++)); do
  echo "# round $round/$ROUNDS: VideoVisit, libsrtp2, openssl speed (${SECONDS_PER_CASE}s per case)" >&2
  taskset -c $CORE dotnet "$BENCH_DLL" srtp-pps "$SECONDS_PER_CASE" auto "$CLOCK" >>"$WORK/ours.txt"
  taskset -c $CORE "$WORK/srtp_anchor" pps "$SECONDS_PER_CASE" "$CLOCK" >>"$WORK/libsrtp.txt"
  for bytes in 160 1200; do
    payload=$((bytes - 12))
    echo "gcm $bytes $(ossl_ops -bytes "$payload" -aead -evp aes-128-gcm)" >>"$WORK/openssl.txt"
    echo "ctr $bytes $(ossl_ops -bytes "$payload" -evp aes-128-ctr)" >>"$WORK/openssl.txt"
    echo "hmac $bytes $(ossl_ops -bytes $((bytes + 4)) -hmac sha1)" >>"$WORK/openssl.txt"
  done
done
grep -m1 '^backend' "$WORK/ours.txt" | sed 's/^/info videovisit /'

: >"$WORK/limit.txt"
for bytes in 160 1200; do
  best() { awk -v a="$1" -v b="$bytes" '$1 == a && $2 == b && $3 > m { m = $3 } END { printf "%.0f", m }' "$WORK/openssl.txt"; }
  gcm=$(best gcm)
  ctr=$(best ctr)
  hmac=$(best hmac)
  cm=$(awk -v a="$ctr" -v b="$hmac" 'BEGIN { printf "%.0f", 1 / (1 / a + 1 / b) }')
  echo "info openssl $bytes B: aes-128-gcm(aead,$((bytes - 12)) B)=$gcm aes-128-ctr($((bytes - 12)) B)=$ctr hmac-sha1($((bytes + 4)) B)=$hmac => cm-limit=$cm ops/s"
  for op in protect unprotect; do
    echo "AEAD_AES_128_GCM $bytes $op $gcm" >>"$WORK/limit.txt"
    echo "AES_CM_128_HMAC_SHA1_80 $bytes $op $cm" >>"$WORK/limit.txt"
  done
done

awk '
  FILENAME ~ /ours/    && $1 == "pps" { k = $2" "$3" "$4; if (!(k in ours)) order[++n] = k; if ($5 > ours[k]) ours[k] = $5 }
  FILENAME ~ /libsrtp/ && $1 == "pps" { k = $2" "$3" "$4; if ($5 > lib[k]) lib[k] = $5 }
  FILENAME ~ /limit/                  { lim[$1" "$2" "$3] = $4 }
  END {
    for (i = 1; i <= n; i++) { k = order[i]; printf "ratio %s %d %d %.2f\n", k, ours[k], lib[k], ours[k] / lib[k] }
    for (i = 1; i <= n; i++) { k = order[i]; printf "limit %s %d %d %.2f\n", k, ours[k], lim[k], ours[k] / lim[k] }
  }' "$WORK/ours.txt" "$WORK/libsrtp.txt" "$WORK/limit.txt"
