#!/usr/bin/env bash
# ./weft demo: weft's CNI runtime wiring a "container" namespace to a bridge in a "host"
# namespace, with the reference plugins (bridge + host-local + portmap + tuning). Everything
# lives in two throwaway namespaces; the root namespace is never touched.
# (The cluster lab replaces this with a multi-node demo.)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
id=$$
HOST="weft-demo-host-$id"
CTR="weft-demo-ctr-$id"
WORK=$(mktemp -d /tmp/weft-demo.XXXXXX)

cleanup() {
  ip netns del "$CTR" 2>/dev/null || true
  ip netns del "$HOST" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
weft() { ip netns exec "$HOST" "$ROOT/weft" "$@" --cache-dir "$WORK/cache"; }

mkdir -p "$WORK/net.d"
cat > "$WORK/net.d/10-demo.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "demo",
  "plugins": [
    {"type": "bridge", "bridge": "weft0", "isGateway": true,
     "ipam": {"type": "host-local", "subnet": "10.88.0.0/24", "dataDir": "$WORK/ipam",
              "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}},
    {"type": "tuning", "sysctl": {"net.core.somaxconn": "512"}}
  ]
}
JSON
export NETCONFPATH="$WORK/net.d" CNI_PATH="${CNI_PATH:-/usr/lib/cni}"

step "namespaces: host=$HOST container=$CTR"
ip netns add "$HOST"; ip -n "$HOST" link set lo up
ip netns add "$CTR"

step "weft cni version demo   (plugins found and their spec versions)"
weft cni version demo

step "weft cni add demo $CTR"
weft cni add demo "$CTR"

step "inside the container namespace"
ip -n "$CTR" -br addr show dev eth0
ip -n "$CTR" route
ip netns exec "$CTR" ping -c 2 -W 2 10.88.0.1

step "weft cni del demo $CTR"
weft cni del demo "$CTR"
ip -n "$CTR" -br link show
echo
echo "demo finished: eth0 is gone and the namespaces are removed on exit"
