#!/bin/sh
# How the golden packets beside this script were captured (once, by hand, as root; the test only
# reads the .hex files). dnsmasq 2.90 (Debian 12) serves a bridge in a "fabric" namespace; busybox
# 1.35 udhcpc runs in a "container" namespace on a veth with a fixed MAC; tcpdump in the container
# namespace records the exchange (dnsmasq pings an address before offering it, so the first OFFER
# comes about 3 s after the DISCOVER; udhcpc waits 4 s between DISCOVERs); each UDP payload (the BOOTP message) is written as one hex line.
# Usage: capture.sh OUTDIR
set -eu
OUT=$1
TMP=$(mktemp -d)
FAB=wt-dcap-fab-$$
CTR=wt-dcap-ctr-$$
cleanup() {
    [ -f "$TMP/dnsmasq.pid" ] && kill "$(cat "$TMP/dnsmasq.pid")" 2>/dev/null || true
    [ -n "${TCPDUMP:-}" ] && kill "$TCPDUMP" 2>/dev/null || true
    ip netns del "$CTR" 2>/dev/null || true
    ip netns del "$FAB" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
ip netns add "$FAB"
ip netns add "$CTR"
ip -n "$FAB" link add br0 type bridge
ip -n "$FAB" addr add 192.0.2.1/24 dev br0
ip -n "$FAB" link set br0 up
ip -n "$FAB" link add veth0 type veth peer name eth0 netns "$CTR"
ip -n "$FAB" link set veth0 master br0 up
ip -n "$CTR" link set eth0 address 02:00:00:00:d4:cf
ip -n "$CTR" link set eth0 up
ip netns exec "$FAB" dnsmasq --conf-file=/dev/null --no-resolv --port=0 --interface=br0 --bind-interfaces \
    --dhcp-range=192.0.2.50,192.0.2.99,255.255.255.0,2m --dhcp-leasefile="$TMP/leases" --pid-file="$TMP/dnsmasq.pid" \
    --dhcp-option=3,192.0.2.1 --dhcp-option=6,192.0.2.53,192.0.2.54 --dhcp-option=15,weft.test \
    --dhcp-option=121,10.20.0.0/16,192.0.2.1,0.0.0.0/0,192.0.2.1 --dhcp-option-force=33,10.10.0.5,192.0.2.1
ip netns exec "$CTR" tcpdump -i eth0 -n -U -w "$TMP/cap.pcap" udp port 67 or udp port 68 2>/dev/null &
TCPDUMP=$!
sleep 1
ip netns exec "$CTR" busybox udhcpc -i eth0 -f -q -n -t 3 -T 4 -B -s /bin/true \
    -x 0x3d:0077656674 -x hostname:ctr -O staticroutes -O dns -O domain
sleep 1
kill "$TCPDUMP"; wait "$TCPDUMP" 2>/dev/null || true; TCPDUMP=
# tcpdump -x prints the IP packet in hex; the BOOTP message starts after the 20-byte IP and 8-byte UDP headers.
tcpdump -r "$TMP/cap.pcap" -n -x 2>/dev/null | awk '
    /^[0-9]/ { if (hex != "") print hex; hex = "" ; next }
    { for (i = 2; i <= NF; i++) hex = hex $i }
    END { if (hex != "") print hex }' | while read -r pkt; do
    echo "$pkt" | cut -c57-
done > "$TMP/payloads"
mkdir -p "$OUT"
i=0
for name in discover offer request ack; do
    i=$((i + 1))
    sed -n "${i}p" "$TMP/payloads" > "$OUT/dnsmasq-$name.hex"
done
cat "$TMP/leases"
