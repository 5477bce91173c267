#!/usr/bin/env bash
# ./weft demo: weft's CNI runtime and plugins wiring two "containers" (network namespaces) to a
# bridge in a "host" namespace: weft-bridge + weft-host-local + weft-loopback, dual stack, with
# the reference portmap chained after them. Everything lives in throwaway namespaces that weft
# creates itself; the root namespace is never touched. (The cluster lab will replace this with a
# multi-node demo.)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
id=$$
HOST="weft-demo-host-$id"
C1="weft-demo-c1-$id"
C2="weft-demo-c2-$id"
WORK=$(mktemp -d /tmp/weft-demo.XXXXXX)

cleanup() {
  for ns in "$C1" "$C2" "$HOST"; do "$ROOT/weft" cni netns del "$ns" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
weft_in_host() { ip netns exec "$HOST" "$ROOT/weft" "$@" --cache-dir "$WORK/cache"; }

mkdir -p "$WORK/net.d"
cat > "$WORK/net.d/10-demo.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "demo",
  "plugins": [
    {"type": "weft-bridge", "bridge": "weft0", "isDefaultGateway": true, "ipMasq": true,
     "ipam": {"type": "weft-host-local", "dataDir": "$WORK/ipam",
              "ranges": [[{"subnet": "10.88.0.0/24"}], [{"subnet": "fd88::/64"}]]}},
    {"type": "weft-loopback"},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
export NETCONFPATH="$WORK/net.d" CNI_PATH="$ROOT/build/cni/bin:/usr/lib/cni"

step "weft cni netns add: host=$HOST containers=$C1 $C2"
for ns in "$HOST" "$C1" "$C2"; do "$ROOT/weft" cni netns add "$ns"; done

step "weft cni version demo   (each plugin's spec versions, validated)"
weft_in_host cni version demo

step "weft cni add demo $C1"
weft_in_host cni add demo "$C1"
weft_in_host cni add demo "$C2" >/dev/null

step "inside $C1"
ip -n "$C1" -br addr show dev eth0
ip -n "$C1" route
ip netns exec "$C1" ping -c 2 -W 2 10.88.0.3
ip netns exec "$C1" ping -6 -c 2 -W 2 fd88::3

step "weft cni check, then del"
weft_in_host cni check demo "$C1" && echo "CHECK passed"
weft_in_host cni del demo "$C1"
weft_in_host cni del demo "$C2"
ip -n "$C1" -br link
echo
echo "demo finished: interfaces and addresses are released; the namespaces are removed on exit"
