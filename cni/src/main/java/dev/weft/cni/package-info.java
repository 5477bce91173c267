/**
 * The CNI model, without I/O: spec versions, the wire error type, container IDs, and (in
 * sub-packages) network configurations and results with their version conversions.
 *
 * <p>Everything here is a pure value or a pure function over JSON trees, so the runtime, the
 * plugin SDK and tests share one reading of the spec (containernetworking/cni SPEC.md 1.1.0 and
 * CONVENTIONS.md). Errors leave this layer only as {@link dev.weft.cni.CniException}.
 */
package dev.weft.cni;
