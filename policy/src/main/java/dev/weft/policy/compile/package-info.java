/**
 * NetworkPolicy to nftables, as a pure function ({@link dev.weft.policy.compile.PolicyCompiler}).
 *
 * <p>Table {@code inet weft_policy}, owned by weft alone:
 * <pre>
 * chain prerouting  hook prerouting priority raw      pod_ifaces + (iifname . saddr) sets: drop spoofed sources
 * chain forward     hook forward priority filter      ct established,related accept; ct invalid drop;
 *                                                     ip saddr vmap @egress4 (and 6); ip daddr vmap @ingress4 (and 6)
 * chain ingress_H   rules per (policy rule, peer, family, protocol) ... accept; limit ... log group G prefix "weft ingress_H"; drop
 * chain egress_H    the same with return instead of accept, so the ingress side still runs; log; drop
 * set   peer4_H     addresses of the pods one distinct selector picks (peer6_H for IPv6)
 * set   nport4_H    address . protocol . port, for egress to named ports (resolved per peer pod)
 * </pre>
 * {@code H} hashes the content: chains are shared by all local pods with the same rule list and never
 * change in place; sets are shared by every rule with an equal selector. Rules grow with policies and pods
 * only add set and map elements, so an update for a pod or label change is element adds and deletes
 * ({@link dev.weft.policy.compile.PolicyCompiler#diff}). A full compile is
 * {@code add table; delete table; add table; …} in one transaction: there is never a moment without rules.
 *
 * <p>Why only {@code forward}: node-to-own-pod traffic leaves through {@code output} and pod-to-own-node traffic
 * arrives through {@code input}, so the Kubernetes exemption for a pod's own node needs no rule and kubelet
 * probes cannot be broken by a policy. Anti-spoofing sits before conntrack so a spoofed packet can neither
 * ride nor create a flow; it covers pods whose host interface the agent knows.
 *
 * <p>Beside it, {@link dev.weft.policy.compile.FastPath} compiles table {@code netdev weft_fast} for routed pods
 * that no policy isolates (see its notes); the agent applies it in the same transaction as this table's changes.
 *
 * <p>Drops are logged ({@link dev.weft.policy.compile.LogDrops}): a per-chain {@code limit} in front of an NFLOG
 * {@code log group}, so a flood costs the node at most the limit's records a second per chain, and the
 * packets over it are dropped unlogged. The prefix names the chain; the agent's drop log maps it and the
 * packet's addresses back to pods and policies. Loading a log rule needs {@code nfnetlink_log}: an agent that
 * cannot bind the group compiles without logging rather than fail its policy.
 *
 * <p>Hazards: the rules see pod traffic only if it is routed (weft's veth pairs) or bridged with
 * {@code br_netfilter}. Accepting here does not override a drop in another table. A diff assumes the kernel
 * holds what the old snapshot compiled to; if it fails, apply the full compile. {@link
 * dev.weft.policy.compile.NftScript} duplicates {@code dev.weft.nft.Transaction} plus {@code add map} and
 * {@code delete set}, which Transaction lacks; it belongs in the nft module.
 */
package dev.weft.policy.compile;
