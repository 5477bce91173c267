#!/bin/sh
# How dnsmasq-nak.hex was captured (once, by hand, as root): the same namespaces and dnsmasq as
# capture.sh; a client in the container namespace sends an INIT-REBOOT DHCPREQUEST (weft's own
# weft-reboot.hex, with option 50 changed to 10.9.9.9, an address of another network) from a UDP
# socket bound to eth0, and dnsmasq 2.90 (authoritative: otherwise it ignores clients it does not
# know) answers with a DHCPNAK ("wrong network"). tcpdump in the container namespace records it;
# the BOOTP message is written as one hex line.
# Usage: capture-nak.sh OUTDIR
set -eu
OUT=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
FAB=wt-dnak-fab-$$
CTR=wt-dnak-ctr-$$
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
    --dhcp-option=3,192.0.2.1 --dhcp-authoritative
ip netns exec "$CTR" tcpdump -i eth0 -n -U -w "$TMP/cap.pcap" udp port 67 or udp port 68 2>/dev/null &
TCPDUMP=$!
sleep 1
ip netns exec "$CTR" python3 - "$HERE/weft-reboot.hex" <<'PY'
import socket, sys
msg = bytearray.fromhex(open(sys.argv[1]).read().strip())
i = msg.index(bytes([50, 4]), 240)          # option 50, requested address
msg[i + 2:i + 6] = bytes([10, 9, 9, 9])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, 25, b"eth0")  # SO_BINDTODEVICE
s.bind(("0.0.0.0", 68))
s.settimeout(5)
s.sendto(bytes(msg), ("255.255.255.255", 67))
print("reply of", len(s.recv(2048)), "bytes")
PY
sleep 1
kill "$TCPDUMP"; wait "$TCPDUMP" 2>/dev/null || true; TCPDUMP=
tcpdump -r "$TMP/cap.pcap" -n -x 'udp src port 67' 2>/dev/null | awk '
    /^[0-9]/ { if (hex != "") print hex; hex = "" ; next }
    { for (i = 2; i <= NF; i++) hex = hex $i }
    END { if (hex != "") print hex }' | head -1 | cut -c57- > "$OUT/dnsmasq-nak.hex"
