package dev.weft.cnm.network;

import dev.weft.cnm.state.EndpointRecord;
import dev.weft.cnm.state.NetworkRecord;
import dev.weft.net.InterfaceAddress;

/**
 * The data path behind the network driver: what makes an endpoint's device and takes it away.
 * {@link BridgePlumbing} runs weft-bridge in-process; tests use a recording fake.
 */
public interface Plumbing {

    /** The devices made for an endpoint: the one Docker moves ({@code srcName}) and the bridge port. */
    record Plumbed(String srcName, String hostVeth) {
    }

    /** Makes the endpoint's device pair with {@code address} on the network's bridge. */
    Plumbed plug(NetworkRecord network, String endpointId, InterfaceAddress address);

    /** Removes what {@link #plug} made (either device may be gone already; that is success). */
    void unplug(NetworkRecord network, EndpointRecord endpoint);

    /** The network is gone: its bridge goes when it is the network's own and has no ports left. */
    void removeNetwork(NetworkRecord network);
}
