#!/bin/sh
# Captures the golden netlink bytes of TcGoldenTest: what iproute2's tc sends (sendmsg) and what
# the kernel answers (recvmsg), as hex, one datagram per line, from strace's -e write=/-e read=
# dumps. Run as root; makes and removes its own namespace. Captured with iproute2 6.1.0 (tc -V),
# strace 6.1, Linux 6.18 (x86-64, little-endian), /proc/net/psched 000003e8 00000040 000f4240.
# Ifindexes in the namespace: lo 1, v1 2, v0 3, ifb0 4. Replies to tc's own link lookups
# (RTM_NEWLINK) are left out.
set -eu
NS=weft-tc-golden
OUT=$(cd "$(dirname "$0")" && pwd)
ip netns add $NS
trap 'ip netns del $NS' EXIT
ip -n $NS link add v0 type veth peer name v1
ip -n $NS link add ifb0 type ifb
for d in v0 v1 ifb0; do ip -n $NS link set $d up; done

# $1 file name, $2 send|recv, rest: the tc command
capture() {
    name=$1; dir=$2; shift 2
    if [ "$dir" = send ]; then opt="-e trace=sendmsg -e write=3"; else opt="-e trace=recvmsg -e read=3"; fi
    {
        echo "# tc $*"
        ip netns exec $NS strace $opt tc "$@" 2>&1 >/dev/null \
            | awk 'function flush() { if (line != "" && substr(line, 9, 4) != "1000") print line; line = "" }
                   /^ \* [0-9]+ bytes in buffer/ { flush(); next }
                   /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / { hex = substr($0, 11, 49); gsub(/ /, "", hex); line = line hex; next }
                   END { flush() }'
    } > "$OUT/$name.hex"
}

capture tbf-add send qdisc add dev v0 root handle 1: tbf rate 8mbit burst 32kb limit 100000
capture tbf-replace send qdisc replace dev v0 root handle 1: tbf rate 8mbit burst 32kb limit 100000
capture ingress-add send qdisc add dev v0 ingress
capture filter-add send filter add dev v0 parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev ifb0
capture qdisc-dump recv qdisc show
capture filter-dump recv filter show dev v0 parent ffff:
capture filter-dump-request send filter show dev v0 parent ffff:
capture ingress-del send qdisc del dev v0 ingress
capture root-del send qdisc del dev v0 root
capture tbf-latency-add send qdisc add dev v0 root tbf rate 10mbit burst 10kb latency 25ms
capture tbf-latency-dump recv qdisc show dev v0
ip netns exec $NS tc qdisc del dev v0 root
capture tbf-rate64-add send qdisc add dev v0 root handle 1: tbf rate 40gbit burst 1mb limit 10mb
capture tbf-rate64-dump recv qdisc show dev v0
capture clsact-add send qdisc add dev v1 clsact
