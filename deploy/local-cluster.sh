#!/usr/bin/env bash
# A several-node VideoVisit on one machine, built from the files in deploy/: nginx with TLS (a CA made on the spot),
# two host nodes sharing one database and Redis, and coturn. For trying a field set-up before renting servers, and
# for the end-to-end test that runs a visit through it (tests/VideoVisit.EndToEnd.Tests/LocalClusterTests.cs).
#
#   bash deploy/local-cluster.sh            # runs in the foreground; Ctrl-C stops everything it started
#
# Everything listens on 127.0.0.1 only, on free ports chosen at start. The tests run it inside their own network
# namespace (scripts/test.sh); to keep a trial apart from the rest of the machine, run it the same way:
#   sudo unshare --net bash -c 'ip link set lo up; bash deploy/local-cluster.sh'
# (a browser must then run inside that namespace too).
#
# When it is ready it prints, one per line:
#   CLUSTER ca <file>             the CA certificate to trust (or let the browser ignore certificate errors)
#   CLUSTER https <url>           nginx in front of both nodes
#   CLUSTER node1 <url>           nginx in front of node 1 only (and node2 likewise), to place people on a node
#   DEMO <role> <url>             the demo visit's invitation links, through nginx
#   CLUSTER ready
# Settings: VV_CLUSTER_DIR (work folder; default a new temporary one), VV_HOST_DLL (the built host; default
# src/Web/bin/Release/net10.0/VideoVisit.Web.dll, built if missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${VV_CLUSTER_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/videovisit-cluster.XXXXXX")}
DLL=${VV_HOST_DLL:-$ROOT/src/Web/bin/Release/net10.0/VideoVisit.Web.dll}
mkdir -p "$DIR"

PY=$(command -v /usr/bin/python3 || command -v python3 || true)
for tool in nginx:/usr/sbin/nginx redis-server:redis-server turnserver:turnserver openssl:openssl python3:${PY:-python3} ss:ss dotnet:dotnet; do
  command -v "${tool#*:}" >/dev/null || { echo "local-cluster: ${tool%%:*} is not installed (Debian: see deploy/README.md)" >&2; exit 1; }
done
if [ ! -f "$DLL" ]; then
  echo "local-cluster: building the host"
  dotnet build "$ROOT/src/Web" -c Release -nologo -clp:ErrorsOnly
fi

# --- everything it starts is stopped when it ends, however it ends -----------------------------------------------
PIDS=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  echo "CLUSTER stopped"
}
trap stop_all EXIT
trap 'exit 0' INT TERM

# A port nothing listens on (TCP and UDP alike), from the range Linux does not hand out on its own.
free_port() {
  local port used
  used=$(ss -Htanu 2>/dev/null | awk '{print $5}' | sed 's/.*://' | sort -u)
  while true; do
    port=$((20000 + RANDOM % 12000))
    grep -qx "$port" <<<"$used" || grep -qx "$port" "$DIR/ports" 2>/dev/null || break
  done
  echo "$port" >> "$DIR/ports" # never the same port twice in one run
  echo "$port"
}
wait_tcp() { # port name
  for _ in $(seq 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "local-cluster: $2 did not start; its log is in $DIR" >&2
  exit 1
}
secret() { openssl rand -hex 24; }

# --- TLS: a CA made on the spot, and a certificate for localhost signed by it -------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=VideoVisit local cluster CA" \
  -keyout "$DIR/ca.key" -out "$DIR/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$DIR/server.key" -out "$DIR/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$DIR/server.ext"
openssl x509 -req -in "$DIR/server.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial -days 2 \
  -extfile "$DIR/server.ext" -out "$DIR/server.crt" 2>/dev/null
cat "$DIR/server.crt" "$DIR/ca.crt" > "$DIR/fullchain.pem"

# --- Redis: the shipped configuration, bound to loopback with its own password and folder -------------------------
REDIS_PORT=$(free_port)
REDIS_PASSWORD=$(secret)
mkdir -p "$DIR/redis"
redis-server "$ROOT/deploy/redis/videovisit.conf" --bind 127.0.0.1 --port "$REDIS_PORT" --requirepass "$REDIS_PASSWORD" \
  --dir "$DIR/redis" --daemonize no --logfile "$DIR/redis.log" &
PIDS+=($!)
wait_tcp "$REDIS_PORT" redis

# --- coturn: the shipped configuration with this machine's addresses, ports and secret ----------------------------
TURN_PORT=$(free_port)
TURN_TLS_PORT=$(free_port)
TURN_SECRET=$(secret)
"$PY" - "$ROOT/deploy/coturn/turnserver.conf" "$DIR/turnserver.conf" <<EOF
import sys
text = open(sys.argv[1]).read()
for old, new in [
    ("listening-port=3478", "listening-port=$TURN_PORT"),
    ("tls-listening-port=443", "tls-listening-port=$TURN_TLS_PORT"),
    ("listening-ip=203.0.113.20", "listening-ip=127.0.0.1"),
    ("relay-ip=203.0.113.20", "relay-ip=127.0.0.1"),
    ("allowed-peer-ip=203.0.113.10", "allowed-peer-ip=127.0.0.1"),
    ("static-auth-secret=CHANGE-ME-to-the-hosts-Turn-SharedSecret", "static-auth-secret=$TURN_SECRET"),
    ("/etc/letsencrypt/live/turn.example.org/fullchain.pem", "$DIR/fullchain.pem"),
    ("/etc/letsencrypt/live/turn.example.org/privkey.pem", "$DIR/server.key"),
    ("log-file=syslog", "log-file=$DIR/turn.log"),
]:
    if old not in text:
        sys.exit(f"deploy/coturn/turnserver.conf no longer has {old!r}")
    text = text.replace(old, new)
# The media nodes are on loopback here, which the shipped configuration rightly refuses to relay to.
text += "\nallow-loopback-peers\npidfile=$DIR/turnserver.pid\n"
open(sys.argv[2], "w").write(text)
EOF
turnserver -c "$DIR/turnserver.conf" >/dev/null 2>&1 &
PIDS+=($!)
wait_tcp "$TURN_PORT" coturn

# --- two host nodes: one database, one Redis, one data folder (keys), each its own media ports --------------------
HTTPS_PORT=$(free_port)
NODE_HTTPS_PORTS=("$(free_port)" "$(free_port)")
HTTP_PORT=$(free_port)
PUBLIC="https://localhost:$HTTPS_PORT"
mkdir -p "$DIR/data"
SIGNING_KEY=$(openssl rand -base64 32)
NODE_PORTS=()
for n in 1 2; do
  port=$(free_port)
  NODE_PORTS+=("$port")
  (
    cd "$ROOT/src/Web"
    # The host must not inherit a developer's settings; Development so that it seeds and prints the demo visit.
    exec env -u ASPNETCORE_URLS -u ASPNETCORE_ENVIRONMENT -u DOTNET_ENVIRONMENT \
      ASPNETCORE_ENVIRONMENT=Development \
      Data__Directory="$DIR/data" \
      Auth__SigningKey="$SIGNING_KEY" \
      Redis__Configuration="127.0.0.1:$REDIS_PORT,password=$REDIS_PASSWORD" \
      Media__UdpPort=0 Media__TcpPort="$(free_port)" Media__AnnouncedAddress=127.0.0.1 \
      Turn__Urls__0="turn:127.0.0.1:$TURN_PORT?transport=udp" Turn__SharedSecret="$TURN_SECRET" \
      Proxy__KnownProxies__0=127.0.0.1 \
      Invitations__PublicUrl="$PUBLIC" Demo__PublicUrl="$PUBLIC" \
      Demo__Enabled="$([ "$n" = 1 ] && echo true || echo false)" \
      dotnet "$DLL" --urls "http://127.0.0.1:$port"
  ) > "$DIR/node$n.log" 2>&1 &
  PIDS+=($!)
  # Node 1 first: it creates the database and seeds the demo before node 2 opens them.
  wait_tcp "$port" "node $n"
done

# --- nginx: the shipped site in front of both nodes, and once per node to place people on a node -----------------
"$PY" - "$ROOT/deploy/nginx/videovisit.conf" "$DIR" "$HTTP_PORT" "$HTTPS_PORT" "${NODE_PORTS[0]}" "${NODE_PORTS[1]}" \
  "${NODE_HTTPS_PORTS[0]}" "${NODE_HTTPS_PORTS[1]}" <<'EOF'
import re, sys
src, d, http, https, node1, node2, pin1, pin2 = sys.argv[1:]
site = open(src).read()
def must(old, new, text):
    if old not in text:
        sys.exit(f"deploy/nginx/videovisit.conf no longer has {old!r}")
    return text.replace(old, new)
common = [
    ("/etc/letsencrypt/live/visits.example.org/fullchain.pem", f"{d}/fullchain.pem"),
    ("/etc/letsencrypt/live/visits.example.org/privkey.pem", f"{d}/server.key"),
    ("visits.example.org", "localhost"),
    ("    listen [::]:80;\n", ""),
    ("    listen [::]:443 ssl http2;\n", ""),
]
out = site
for old, new in common + [
    ("listen 80;", f"listen 127.0.0.1:{http};"),
    ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
    # Both nodes; a client stays on one (the hub's negotiation and its WebSocket must reach the same node).
    ("    server 127.0.0.1:5080;\n", f"    ip_hash;\n    server 127.0.0.1:{node1};\n    server 127.0.0.1:{node2};\n"),
]:
    out = must(old, new, out)
# The same site once more per node: its own upstream, TLS port and session cache; the map and port 80 once only.
for name, node, pin in (("node1", node1, pin1), ("node2", node2, pin2)):
    block = site
    for old, new in common:
        block = must(old, new, block)
    block = re.sub(r"map \$http_upgrade.*?\n}\n", "", block, flags=re.S)
    block = re.sub(r"server \{\n    listen 80;.*?\n}\n", "", block, flags=re.S)
    block = must("listen 443 ssl http2;", f"listen 127.0.0.1:{pin} ssl http2;", block)
    block = must("videovisit_host", f"videovisit_{name}", block)
    block = must("    server 127.0.0.1:5080;\n", f"    server 127.0.0.1:{node};\n", block)
    block = must("shared:VideoVisitTLS:10m", f"shared:VideoVisitTLS_{name}:1m", block)
    out += "\n" + block
open(f"{d}/site.conf", "w").write(out)
EOF
user=$([ "$(id -u)" = 0 ] && echo "user root;" || true)
cat > "$DIR/nginx.conf" <<EOF
daemon off;
$user
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $DIR/nginx-access.log;
    client_body_temp_path $DIR/nginx-body;
    proxy_temp_path $DIR/nginx-proxy;
    fastcgi_temp_path $DIR/nginx-fastcgi;
    uwsgi_temp_path $DIR/nginx-uwsgi;
    scgi_temp_path $DIR/nginx-scgi;
    include $DIR/site.conf;
}
EOF
/usr/sbin/nginx -t -c "$DIR/nginx.conf" -e "$DIR/nginx-error.log" >/dev/null 2>&1 || {
  echo "local-cluster: nginx refused the configuration:" >&2
  /usr/sbin/nginx -t -c "$DIR/nginx.conf" -e "$DIR/nginx-error.log" >&2 || true
  exit 1
}
/usr/sbin/nginx -c "$DIR/nginx.conf" -e "$DIR/nginx-error.log" &
PIDS+=($!)
wait_tcp "$HTTPS_PORT" nginx

# --- the links ---------------------------------------------------------------------------------------------------
for _ in $(seq 300); do grep -q "^DEMO child " "$DIR/node1.log" && break; sleep 0.2; done
echo "CLUSTER dir $DIR"
echo "CLUSTER ca $DIR/ca.crt"
echo "CLUSTER https $PUBLIC"
echo "CLUSTER node1 https://localhost:${NODE_HTTPS_PORTS[0]}"
echo "CLUSTER node2 https://localhost:${NODE_HTTPS_PORTS[1]}"
grep "^DEMO " "$DIR/node1.log" || { echo "local-cluster: node 1 printed no demo links" >&2; exit 1; }
echo "CLUSTER ready"

# Until stopped, or until something it started has died.
while true; do
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "local-cluster: a process it started ended (pid $pid); logs in $DIR" >&2; exit 1; }
  done
  sleep 1
done
