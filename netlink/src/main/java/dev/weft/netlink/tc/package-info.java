/**
 * Traffic control over weft's own netlink (RTM_NEWQDISC/DELQDISC/GETQDISC,
 * RTM_NEWTFILTER/DELTFILTER/GETTFILTER; uapi pkt_sched.h, pkt_cls.h, tc_act/tc_mirred.h), for the
 * bandwidth plugin: {@link dev.weft.netlink.tc.Qdisc} ({@code tbf}, {@code ingress},
 * {@code clsact}) and {@link dev.weft.netlink.tc.Filter} ({@code u32} with {@code mirred}
 * actions) are immutable values; {@link dev.weft.netlink.tc.QdiscCodec} and
 * {@link dev.weft.netlink.tc.FilterCodec} are pure; {@link dev.weft.netlink.tc.TrafficControl}
 * ({@code Netlink.tc()}) runs them. The requests are byte-for-byte what iproute2 6.1's {@code tc}
 * sends for the same command (golden tests; the captures and the script that made them are in the
 * test resources), except that weft marks every nest NLA_F_NESTED, which every kernel parser accepts.
 *
 * <p><b>The shaping design.</b> Traffic to a pod leaves the host through the host-side veth: a
 * TBF as that device's root qdisc shapes it. Traffic from the pod arrives on the host-side veth,
 * where nothing can queue it; the {@code ingress} qdisc's u32 match-all filter redirects every
 * packet ({@code mirred egress redirect}) to an IFB device, whose root TBF shapes it before it
 * continues. Deleting the IFB takes its TBF with it; deleting the veth, the rest.
 *
 * <p><b>Why TBF and not HTB.</b> The reference bandwidth plugin moved from TBF to HTB to let some
 * subnets bypass shaping (containernetworking/plugins#921) and reverted that (#1105) after it
 * caused trouble in production (#1097: HTB quantums derived from the rate far beyond what the
 * kernel considers sane, and a queue length of zero on the IFB). TBF is classless, has no quantum,
 * and is what the reference ships; weft does the same.
 *
 * <p><b>The TBF math.</b> The kernel counts rates in bytes per second and time in scheduler ticks
 * of 64 ns ({@link dev.weft.netlink.tc.Psched}: /proc/net/psched gives 15.625 ticks per µs). As tc:
 * <ul>
 *   <li>rate: bits/s ÷ 8, in the 32-bit field of struct tc_ratespec; at 2^32 bytes/s or more the
 *       field says 0xffffffff and TCA_TBF_RATE64 carries the rate;</li>
 *   <li>buffer (the bucket) = xmittime(rate, burst) = ⌊⌊10^6 × burst ÷ rate⌋ µs × 15.625⌋ ticks,
 *       with the 32-bit rate; the burst also goes as bytes in TCA_TBF_BURST;</li>
 *   <li>limit (the queue) = burst + rate × latency when given as a latency
 *       ({@link dev.weft.netlink.tc.Tbf#withLatency}; the reference uses 25 ms);</li>
 *   <li>rate table: 256 entries, rtab[i] = xmittime(rate, (i + 1) × 8) for tc's default MTU of
 *       2047 (cell_log 3), linklayer ethernet, cell_align -1.</li>
 * </ul>
 * Since Linux 3.13 the kernel takes the burst from TCA_TBF_BURST and computes the bucket in
 * nanoseconds itself ({@code psched_l2t_ns}), and ignores the rate table for linklayer ethernet;
 * both are still sent, as tc does, for older kernels. iproute2 6.14+ rounds xmittime up rather
 * than down; weft follows 6.1, the tc the golden bytes came from — the difference is a tick.
 * A dump reports only the bucket in ticks, so the burst read back is {@code rate × ticks × 64 ns},
 * a few bytes short; {@link dev.weft.netlink.tc.Tbf#sameAs} allows for that.
 *
 * <p><b>Limits and hazards.</b> A burst smaller than the device's MTU passes no full-size packet
 * (the kernel only warns); {@code Tbf} does not know the MTU, so the caller must check. No peak
 * rate, no overhead or mpu, no ATM link layer. {@code matchall} would be the plainer classifier,
 * but this CI's kernel lacks it (CONFIG_NET_CLS_MATCHALL unset); u32 with one zero key is in every
 * kernel with tc. A u32 dump also reports each classifier instance and its hash table (800:);
 * those decode to nothing, only rules are listed. Qdisc dumps cover every device of the
 * namespace and are filtered here. {@code ensureFilter} owns the whole priority it is given:
 * other rules of that priority under that parent are replaced.
 */
package dev.weft.netlink.tc;
