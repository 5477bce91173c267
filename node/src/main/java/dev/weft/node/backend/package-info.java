/**
 * Backends connect this node to its peers. {@link dev.weft.node.backend.Backend} is the SPI;
 * reconciliation is shared: {@link dev.weft.node.backend.PeerReconciler} compares the peers in
 * the datastore with what was applied and calls the backend for the difference, level-triggered
 * on a period (so a restart, a missed change or a route deleted by hand all converge the same
 * way). host-gw is the first backend; VXLAN comes next on the same reconciler.
 */
package dev.weft.node.backend;
