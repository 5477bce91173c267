#!/usr/bin/env bash
# ./weft demo: a 3-node weft cluster on this machine, built from network namespaces (weft lab):
# a fabric namespace as the underlay, three nodes each running a weft agent (VXLAN backend,
# embedded datastore), two pods per node attached through the weft CNI plugin. It prints the
# topology and the reachability matrix of every pod pair, pings and measures TCP throughput
# across nodes, then removes everything. The root namespace's networking is never touched.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
LAB=demo
weft() { "$ROOT/weft" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

cleanup() { weft lab down --name "$LAB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup # a demo that crashed earlier leaves namespaces behind: remove them first

step "weft lab up --name $LAB --nodes 3 --pods-per-node 2   (fabric + 3 nodes with agents + 6 pods)"
weft lab up --name "$LAB" --nodes 3 --pods-per-node 2 --backend vxlan

step "weft lab matrix   (ping and TCP between every pair of pods, same node and across nodes)"
weft lab matrix --name "$LAB"

FROM=n1-p1
TO=n3-p2
TO_IP=$(weft lab pod ip "$TO" --name "$LAB")
step "ping from $FROM (node n1) to $TO (node n3, $TO_IP) through VXLAN"
weft lab exec "$FROM" --name "$LAB" -- ping -c 3 -W 2 "$TO_IP"

step "TCP throughput, iperf3 for 3 s: $FROM -> $TO"
weft lab exec "$TO" --name "$LAB" -- iperf3 -s -1 -D
sleep 0.5
weft lab exec "$FROM" --name "$LAB" -- iperf3 -c "$TO_IP" -t 3 -f g | grep -E 'sender|receiver'

step "weft lab down"
cleanup
trap - EXIT
echo "demo finished: the lab's namespaces, agents and files are gone"
