package dev.weft.doctor.finding;

/** The names of the findings the advisor weighs; probes report under these, reasons cite them. */
public final class ProbeNames {
    public static final String KERNEL_VXLAN = "kernel.vxlan";
    public static final String KERNEL_MACVLAN = "kernel.macvlan";
    public static final String KERNEL_TUN = "kernel.tun";
    public static final String KERNEL_IPIP = "kernel.ipip";
    public static final String KERNEL_BRIDGE_VLAN = "kernel.bridge-vlan-filtering";
    public static final String KERNEL_NFTABLES = "kernel.nf-tables";
    public static final String KERNEL_CONNTRACK = "kernel.conntrack";
    public static final String UPLINK_MTU = "uplink.mtu";
    public static final String PEERS_ON_LINK = "peers.on-link";
    public static final String BGP_PEER = "bgp.peer";
    public static final String SEGMENT_EXTRA_MACS = "segment.extra-macs";
    public static final String SEGMENT_POOL = "segment.pool";
    public static final String SYSCTL_FORWARDING = "sysctl.forwarding";
    public static final String SYSCTL_RP_FILTER = "sysctl.rp-filter";
    public static final String DATASTORE_REACHABLE = "datastore.reachable";
    public static final String DATASTORE_CLOCK = "datastore.clock-skew";

    private ProbeNames() {
    }
}
