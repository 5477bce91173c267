package dev.weft.cnm;

import dev.weft.cnm.network.Plumbing;
import dev.weft.cnm.state.EndpointRecord;
import dev.weft.cnm.state.NetworkRecord;
import dev.weft.net.InterfaceAddress;

import java.util.ArrayList;
import java.util.List;

/** Records what the driver asks of the data path; {@link #failNext} makes the next plug fail. */
final class FakePlumbing implements Plumbing {
    final List<String> calls = new ArrayList<>();
    boolean failNext;

    @Override
    public synchronized Plumbed plug(NetworkRecord network, String endpointId, InterfaceAddress address) {
        if (failNext) {
            failNext = false;
            calls.add("plug-failed " + endpointId.substring(0, 12));
            throw new IllegalStateException("injected: no veth today");
        }
        calls.add("plug " + network.bridge() + " " + endpointId.substring(0, 12) + " " + address);
        return new Plumbed("wc" + endpointId.substring(0, 11), "vethfake" + endpointId.substring(0, 5));
    }

    @Override
    public synchronized void unplug(NetworkRecord network, EndpointRecord endpoint) {
        calls.add("unplug " + endpoint.srcName() + " " + endpoint.hostVeth());
    }

    @Override
    public synchronized void removeNetwork(NetworkRecord network) {
        calls.add("remove " + network.bridge());
    }
}
