/** Kubernetes NetworkPolicy: the model, its evaluation and the pure compiler to nftables. */
package dev.weft.policy;
