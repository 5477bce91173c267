package dev.weft.policy.eval;

import dev.weft.net.IpAddress;
import dev.weft.policy.PodInfo;

import java.util.List;
import java.util.Optional;

/** One end of a connection: a pod, a node (host network), or an address outside the cluster. */
public sealed interface Endpoint {

    /** The addresses peers are matched against by ipBlock. */
    List<IpAddress> ips();

    /** The pod, if this end is one: only pods are matched by selectors and have named ports. */
    default Optional<PodInfo> pod() {
        return Optional.empty();
    }

    /** A pod. */
    record Pod(PodInfo info) implements Endpoint {
        @Override
        public List<IpAddress> ips() {
            return info.ips();
        }

        @Override
        public Optional<PodInfo> pod() {
            return Optional.of(info);
        }

        @Override
        public String toString() {
            return "pod " + info.key();
        }
    }

    /**
     * A node's host network. Traffic between a node and its own pods is always allowed (Kubernetes
     * requires it so kubelet probes work); to other nodes' pods it is just an address.
     */
    record Node(String nodeName, IpAddress ip) implements Endpoint {
        @Override
        public List<IpAddress> ips() {
            return List.of(ip);
        }

        @Override
        public String toString() {
            return "node " + nodeName + " (" + ip + ")";
        }
    }

    /** Any other address: matched only by ipBlock peers or by rules without peers. */
    record External(IpAddress ip) implements Endpoint {
        @Override
        public List<IpAddress> ips() {
            return List.of(ip);
        }

        @Override
        public String toString() {
            return ip.toString();
        }
    }
}
