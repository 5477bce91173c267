package dev.weft.policy;

import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What policy needs to know about a pod: identity, labels, addresses, named ports and placement.
 *
 * @param namedPorts container port name to number and protocol; named policy ports resolve here
 * @param nodeName   the node running the pod: only that node's compiler gives it chains
 * @param hostIface  the host side of the pod's veth, when known, for anti-spoofing
 */
public record PodInfo(String namespace, String name, SortedMap<String, String> labels, List<IpAddress> ips,
                      SortedMap<String, ContainerPort> namedPorts, String nodeName, Optional<InterfaceName> hostIface) {

    public PodInfo {
        requireText("pod namespace", namespace);
        requireText("pod name", name);
        requireText("pod " + namespace + "/" + name + " nodeName", nodeName);
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        ips = ips.stream().sorted().distinct().toList();
        namedPorts = Collections.unmodifiableSortedMap(new TreeMap<>(namedPorts));
        if (hostIface == null) {
            throw new IllegalArgumentException("pod " + namespace + "/" + name + " hostIface must be Optional, not null");
        }
        // The name is written into nft scripts inside quotes, which nft cannot escape.
        hostIface.filter(i -> !i.value().matches("[A-Za-z0-9_.@+-]+")).ifPresent(i -> {
            throw new IllegalArgumentException("pod " + namespace + "/" + name + " hostIface \"" + i
                    + "\" has characters weft does not put into nft scripts");
        });
    }

    /** A pod without named ports or a known host interface: the common case in tests and explain. */
    public static PodInfo of(String namespace, String name, Map<String, String> labels, String nodeName,
                             IpAddress... ips) {
        return new PodInfo(namespace, name, new TreeMap<>(labels), List.of(ips), new TreeMap<>(), nodeName,
                Optional.empty());
    }

    public PodInfo withNamedPorts(Map<String, ContainerPort> ports) {
        return new PodInfo(namespace, name, labels, ips, new TreeMap<>(ports), nodeName, hostIface);
    }

    public PodInfo withLabels(Map<String, String> newLabels) {
        return new PodInfo(namespace, name, new TreeMap<>(newLabels), ips, namedPorts, nodeName, hostIface);
    }

    public PodInfo withHostIface(InterfaceName iface) {
        return new PodInfo(namespace, name, labels, ips, namedPorts, nodeName, Optional.of(iface));
    }

    /** {@code namespace/name}, the key for sorting and messages. */
    public String key() {
        return namespace + "/" + name;
    }

    static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }
}
