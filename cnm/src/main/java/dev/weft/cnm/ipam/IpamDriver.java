package dev.weft.cnm.ipam;

import dev.weft.cni.Attachment;
import dev.weft.cni.CniException;
import dev.weft.cnm.state.CnmConfig;
import dev.weft.cnm.state.CnmState;
import dev.weft.cnm.state.NodeSubnet;
import dev.weft.cnm.state.PoolRecord;
import dev.weft.cnm.wire.Body;
import dev.weft.cnm.wire.CnmException;
import dev.weft.ipam.hostlocal.AllocationStore;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.nodestate.SubnetEnv;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * libnetwork's remote IPAM driver on weft's host-local store (see the package notes). Every method
 * takes the request body and returns the response body; refusals are {@link CnmException}s.
 */
public final class IpamDriver {
    /** The option libnetwork sets on the network's gateway request. */
    public static final String REQUEST_ADDRESS_TYPE = "RequestAddressType";
    public static final String GATEWAY_TYPE = "com.docker.network.gateway";
    /** Owners of Docker's addresses in the host-local store start with this (CNI pods' never do). */
    public static final String OWNER_PREFIX = dev.weft.ipam.hostlocal.HostLocalPlugin.DOCKER_OWNER_PREFIX;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CnmConfig config;
    private final CnmState state;

    public IpamDriver(CnmConfig config, CnmState state) {
        this.config = config;
        this.state = state;
    }

    public ObjectNode capabilities(Body req) {
        return Body.JSON.createObjectNode().put("RequiresMACAddress", false).put("RequiresRequestReplay", false);
    }

    public ObjectNode defaultAddressSpaces(Body req) {
        return Body.JSON.createObjectNode().put("LocalDefaultAddressSpace", "weft-local")
                .put("GlobalDefaultAddressSpace", "weft-global");
    }

    public ObjectNode requestPool(Body req) {
        req.required("AddressSpace");
        Optional<Cidr> asked = req.parsed("Pool", Cidr::parse);
        if (req.string("SubPool").isPresent()) {
            throw asked.isEmpty() ? CnmException.malformed("field \"SubPool\" needs \"Pool\"")
                    : CnmException.failed("weft IPAM: a SubPool (--ip-range) is not supported");
        }
        Optional<SubnetEnv> node = nodeSubnet();
        PoolRecord pool;
        if (asked.isEmpty() || node.isPresent() && node.get().subnet().network().equals(asked.get())) {
            if (req.bool("V6")) {
                throw CnmException.failed("weft IPAM: no IPv6 pool of its own; give the network a --subnet");
            }
            SubnetEnv s = node.orElseThrow(() -> CnmException.failed("weft IPAM: no pool given and no node subnet ("
                    + config.subnetFile().map(Path::toString).orElse("no subnet file configured")
                    + "); give the network a --subnet"));
            Cidr cidr = s.subnet().network();
            pool = new PoolRecord(PoolRecord.idFor(cidr), cidr, s.subnet().address(), config.ipamDataDir(),
                    config.cniNetwork(), true);
        } else {
            Cidr cidr = asked.get();
            if (cidr.size().compareTo(java.math.BigInteger.valueOf(4)) < 0) {
                throw CnmException.failed("weft IPAM: pool " + cidr + " is too small");
            }
            pool = new PoolRecord(PoolRecord.idFor(cidr), cidr, cidr.network().plus(1), config.stateDir().resolve("ipam"),
                    "pool-" + cidr.toString().replace('/', '-').replace(':', '_'), false);
        }
        for (PoolRecord p : state.pools()) {
            if (p.cidr().overlaps(pool.cidr())) {
                throw CnmException.failed("weft IPAM: pool " + pool.cidr() + " overlaps " + p.cidr()
                        + ", in use by another network");
            }
        }
        state.put(pool);
        ObjectNode out = Body.JSON.createObjectNode().put("PoolID", pool.id()).put("Pool", pool.cidr().toString());
        out.putObject("Data");
        return out;
    }

    public ObjectNode releasePool(Body req) {
        PoolRecord pool = pool(req.required("PoolID"));
        AllocationStore store = store(pool);
        store.locked(() -> {
            store.allocations().forEach((ip, owner) -> {
                if (pool.cidr().contains(ip) && isDockers(owner)) {
                    store.release(ip, owner);
                }
            });
            return null;
        });
        state.removePool(pool.id());
        return Body.JSON.createObjectNode();
    }

    public ObjectNode requestAddress(Body req) {
        PoolRecord pool = pool(req.required("PoolID"));
        Optional<IpAddress> asked = req.parsed("Address", IpAddress::parse);
        Map<String, String> options = req.strings("Options");
        if (asked.isPresent() && !pool.cidr().contains(asked.get())) {
            throw CnmException.failed("weft IPAM: address " + asked.get() + " is outside pool " + pool.cidr());
        }
        IpAddress ip;
        if (GATEWAY_TYPE.equals(options.get(REQUEST_ADDRESS_TYPE))) {
            if (asked.isPresent() && !asked.get().equals(pool.gateway())) {
                throw CnmException.failed("weft IPAM: the gateway of pool " + pool.cidr() + " is " + pool.gateway()
                        + ", not " + asked.get());
            }
            ip = pool.gateway(); // never stored: host-local skips the gateway as well
        } else {
            ip = allocate(pool, asked);
        }
        ObjectNode out = Body.JSON.createObjectNode()
                .put("Address", new InterfaceAddress(ip, pool.cidr().prefixLength()).toString());
        out.putObject("Data");
        return out;
    }

    public ObjectNode releaseAddress(Body req) {
        PoolRecord pool = pool(req.required("PoolID"));
        IpAddress ip = req.parsed("Address", IpAddress::parse)
                .orElseThrow(() -> CnmException.malformed("field \"Address\" is required"));
        if (ip.equals(pool.gateway())) {
            return Body.JSON.createObjectNode();
        }
        AllocationStore store = store(pool);
        store.locked(() -> {
            Attachment owner = store.allocations().get(ip);
            if (owner != null && !isDockers(owner)) {
                throw CnmException.failed("weft IPAM: " + ip + " belongs to CNI attachment " + owner.containerId()
                        + ", not to Docker");
            }
            if (owner != null) {
                store.release(ip, owner);
            }
            return null;
        });
        return Body.JSON.createObjectNode();
    }

    private IpAddress allocate(PoolRecord pool, Optional<IpAddress> asked) {
        AllocationStore store = store(pool);
        Attachment owner = new Attachment(OWNER_PREFIX + HexFormat.of().formatHex(randomBytes()), "eth0");
        try {
            return store.locked(() -> {
                if (asked.isPresent()) {
                    IpAddress ip = asked.get();
                    if (ip.equals(pool.gateway()) || !inRange(pool, ip) || !store.reserve(ip, owner, 0)) {
                        throw CnmException.failed("weft IPAM: address " + ip + " is not available in pool " + pool.cidr());
                    }
                    return ip;
                }
                IpAddress start = store.lastReserved(0).filter(ip -> inRange(pool, ip)).map(ip -> next(pool, ip))
                        .orElse(first(pool));
                IpAddress ip = start;
                do {
                    if (!ip.equals(pool.gateway()) && store.reserve(ip, owner, 0)) {
                        return ip;
                    }
                    ip = next(pool, ip);
                } while (!ip.equals(start));
                throw CnmException.failed("weft IPAM: no address left in pool " + pool.cidr());
            });
        } catch (CniException e) {
            throw CnmException.failed("weft IPAM: " + e.msg(), e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }

    private static IpAddress first(PoolRecord p) {
        return p.cidr().network().plus(1);
    }

    private static IpAddress last(PoolRecord p) {
        return p.cidr().isV4() ? p.cidr().last().plus(-1) : p.cidr().last();
    }

    private static boolean inRange(PoolRecord p, IpAddress ip) {
        return ip.bitLength() == p.cidr().network().bitLength() && ip.compareTo(first(p)) >= 0
                && ip.compareTo(last(p)) <= 0;
    }

    private static IpAddress next(PoolRecord p, IpAddress ip) {
        return ip.equals(last(p)) ? first(p) : ip.plus(1);
    }

    static boolean isDockers(Attachment owner) {
        return owner.containerId().startsWith(OWNER_PREFIX);
    }

    private PoolRecord pool(String id) {
        return state.pool(id).orElseThrow(() -> CnmException.failed("weft IPAM: unknown pool \"" + id + "\""));
    }

    private static AllocationStore store(PoolRecord p) {
        return new AllocationStore(p.storeDir(), p.storeNetwork());
    }

    private Optional<SubnetEnv> nodeSubnet() {
        try {
            return NodeSubnet.read(config);
        } catch (IllegalStateException e) {
            throw CnmException.failed("weft IPAM: " + e.getMessage(), e);
        }
    }
}
