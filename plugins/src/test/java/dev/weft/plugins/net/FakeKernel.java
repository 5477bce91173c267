package dev.weft.plugins.net;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory kernel: namespaces of links, addresses, routes and sysctls, for plugin unit tests. */
public final class FakeKernel implements Kernel {
    private final AtomicInteger nextIndex = new AtomicInteger(10);
    private final Map<String, FakeNs> namespaces = new LinkedHashMap<>();
    /** veth index → its peer; deleting either end deletes both, as the kernel does. */
    private final Map<Integer, Integer> peers = new HashMap<>();

    public FakeKernel() {
        namespaces.put("", new FakeNs(""));
    }

    /** Creates a container namespace at {@code path} with a loopback device. */
    public FakeNs addNamespace(String path) {
        FakeNs ns = new FakeNs(path);
        ns.put(new Link(nextIndex.getAndIncrement(), "lo", "", MacAddress.of(new byte[6]), 65536, false, 0, ""));
        namespaces.put(path, ns);
        return ns;
    }

    public void removeNamespace(String path) {
        namespaces.remove(path);
    }

    public FakeNs ns(String path) {
        return namespaces.get(path);
    }

    @Override
    public Namespace current() {
        return namespaces.get("");
    }

    @Override
    public Namespace open(String path) {
        FakeNs ns = namespaces.get(path);
        if (ns == null || path.isEmpty()) {
            throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "network namespace " + path + " does not exist");
        }
        return ns;
    }

    /** One fake namespace. */
    public final class FakeNs implements Namespace {
        private final String path;
        final Map<Integer, Link> links = new LinkedHashMap<>();
        final Map<Integer, List<InterfaceAddress>> addresses = new HashMap<>();
        final Map<Integer, List<Cidr>> routes = new HashMap<>();
        final Map<String, String> sysctls = new HashMap<>();
        public Optional<Integer> defaultRouteIndex = Optional.empty();

        FakeNs(String path) {
            this.path = path;
        }

        void put(Link l) {
            links.put(l.index(), l);
        }

        public Link addDevice(String name, String kind) {
            Link l = new Link(nextIndex.getAndIncrement(), name, kind, MacAddress.randomLocal(), 1500, false, 0, "");
            put(l);
            return l;
        }

        public Map<String, String> sysctls() {
            return sysctls;
        }

        public List<Cidr> routes(String linkName) {
            return link(linkName).map(l -> routes.getOrDefault(l.index(), List.of())).orElse(List.of());
        }

        private Link update(Link l, java.util.function.UnaryOperator<Link> f) {
            Link cur = links.get(l.index());
            if (cur == null) {
                throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "no link " + l.name() + " in " + path);
            }
            Link n = f.apply(cur);
            links.put(n.index(), n);
            return n;
        }

        private void requireFree(String name) {
            if (link(name).isPresent()) {
                throw new CniException(CniErrorCode.INTERNAL, "link " + name + " exists in " + path);
            }
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Optional<Link> link(String name) {
            return links.values().stream().filter(l -> l.name().equals(name)).findFirst();
        }

        @Override
        public Optional<Link> link(int index) {
            return Optional.ofNullable(links.get(index));
        }

        @Override
        public List<Link> links() {
            return List.copyOf(links.values());
        }

        @Override
        public Ensured<Link> ensureBridge(String name, int mtu, boolean vlanFiltering) {
            Optional<Link> l = link(name);
            if (l.isPresent()) {
                if (!l.get().isBridge()) {
                    throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, name + " is not a bridge");
                }
                return new Ensured<>(l.get(), false);
            }
            Link b = new Link(nextIndex.getAndIncrement(), name, "bridge", MacAddress.randomLocal(),
                    mtu == 0 ? 1500 : mtu, false, 0, "");
            put(b);
            return new Ensured<>(b, true);
        }

        @Override
        public Link createVeth(String hostName, String peerName, Namespace peerNs, int mtu) {
            requireFree(hostName);
            ((FakeNs) peerNs).requireFree(peerName);
            int m = mtu == 0 ? 1500 : mtu;
            Link host = new Link(nextIndex.getAndIncrement(), hostName, "veth", MacAddress.randomLocal(), m, false, 0, "");
            put(host);
            Link peer = new Link(nextIndex.getAndIncrement(), peerName, "veth", MacAddress.randomLocal(), m, false, 0, "");
            ((FakeNs) peerNs).put(peer);
            peers.put(host.index(), peer.index());
            peers.put(peer.index(), host.index());
            return host;
        }

        @Override
        public Link createMacvlan(String name, Link parent, int mode, int mtu, Namespace target) {
            Link l = new Link(nextIndex.getAndIncrement(), name, "macvlan", MacAddress.randomLocal(),
                    mtu == 0 ? parent.mtu() : mtu, false, 0, "");
            ((FakeNs) target).put(l);
            return l;
        }

        @Override
        public void setUp(Link link) {
            update(link, l -> new Link(l.index(), l.name(), l.kind(), l.mac(), l.mtu(), true, l.masterIndex(), l.alias()));
        }

        @Override
        public void setDown(Link link) {
            update(link, l -> new Link(l.index(), l.name(), l.kind(), l.mac(), l.mtu(), false, l.masterIndex(), l.alias()));
        }

        @Override
        public void setMaster(Link link, Link master) {
            update(link, l -> new Link(l.index(), l.name(), l.kind(), l.mac(), l.mtu(), l.up(), master.index(), l.alias()));
        }

        @Override
        public void setHairpin(Link port, boolean on) {
            sysctls.put("hairpin/" + port.name(), String.valueOf(on));
        }

        @Override
        public void setPromisc(Link link, boolean on) {
            sysctls.put("promisc/" + link.name(), String.valueOf(on));
        }

        @Override
        public void setAccessVlan(Link port, int vid) {
            sysctls.put("vlan/" + port.name(), String.valueOf(vid));
        }

        @Override
        public void setMtu(Link link, int mtu) {
            update(link, l -> new Link(l.index(), l.name(), l.kind(), l.mac(), mtu, l.up(), l.masterIndex(), l.alias()));
        }

        @Override
        public void setAlias(Link link, String alias) {
            update(link, l -> new Link(l.index(), l.name(), l.kind(), l.mac(), l.mtu(), l.up(), l.masterIndex(), alias));
        }

        @Override
        public void moveTo(Link link, Namespace target, String newName) {
            Link cur = links.remove(link.index());
            addresses.remove(link.index());
            routes.remove(link.index());
            ((FakeNs) target).put(new Link(cur.index(), newName, cur.kind(), cur.mac(), cur.mtu(), false, 0, cur.alias()));
        }

        @Override
        public void rename(Link link, String newName) {
            update(link, l -> new Link(l.index(), newName, l.kind(), l.mac(), l.mtu(), l.up(), l.masterIndex(), l.alias()));
        }

        @Override
        public void delete(Link link) {
            forget(link.index());
            Integer peer = peers.remove(link.index());
            if (peer != null) {
                peers.remove(peer);
                namespaces.values().forEach(ns -> ns.forget(peer));
            }
        }

        private void forget(int index) {
            links.remove(index);
            addresses.remove(index);
            routes.remove(index);
        }

        @Override
        public List<InterfaceAddress> addresses(Link link) {
            return List.copyOf(addresses.getOrDefault(link.index(), List.of()));
        }

        @Override
        public void addAddress(Link link, InterfaceAddress address) {
            List<InterfaceAddress> l = addresses.computeIfAbsent(link.index(), k -> new ArrayList<>());
            if (!l.contains(address)) {
                l.add(address);
            }
        }

        @Override
        public void deleteAddress(Link link, InterfaceAddress address) {
            addresses.getOrDefault(link.index(), new ArrayList<>()).remove(address);
        }

        @Override
        public void addRoute(Cidr dst, IpAddress gateway, Link link) {
            List<Cidr> l = routes.computeIfAbsent(link.index(), k -> new ArrayList<>());
            if (!l.contains(dst)) {
                l.add(dst);
            }
        }

        @Override
        public List<Cidr> routeDestinations(Link link) {
            return List.copyOf(routes.getOrDefault(link.index(), List.of()));
        }

        @Override
        public Optional<Link> defaultRouteLink() {
            return defaultRouteIndex.flatMap(this::link);
        }

        @Override
        public void sysctl(String key, String value) {
            sysctls.put(key.replace('.', '/'), value);
        }

        @Override
        public String readSysctl(String key) {
            return sysctls.getOrDefault(key.replace('.', '/'), "0");
        }

        @Override
        public void close() {
        }
    }
}
