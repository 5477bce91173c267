/**
 * Backends connect this node to its peers. {@link dev.weft.node.backend.Backend} is the SPI;
 * reconciliation is shared: {@link dev.weft.node.backend.PeerReconciler} compares the peers in
 * the datastore with what was applied and calls the backend for the difference, level-triggered
 * on a period (so a restart, a missed change or a route deleted by hand all converge the same
 * way). host-gw is the first backend; VXLAN comes next on the same reconciler. With a weft-ipam
 * pool for bridge pods, {@link dev.weft.node.backend.BlockRoutes} runs at the end of each round:
 * the pool's blocks and borrowed addresses routed through {@code Backend.routeVia} (host-gw,
 * VXLAN), its own routes told apart by routing protocol 87 so stale ones can be removed.
 */
package dev.weft.node.backend;
