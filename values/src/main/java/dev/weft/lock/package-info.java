/**
 * Host-wide mutual exclusion for the few files several plugin processes and the agent share
 * (IPAM stores, nftables tables). It lives beside the values because every layer above needs it
 * and it needs nothing.
 */
package dev.weft.lock;
