package dev.weft.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * A node's subnet as peers see it: who holds it, the node's public (underlay) address, and
 * backend data (e.g. the VTEP MAC for VXLAN). {@code storeLease}/{@code modRevision} are the
 * datastore's, for renewal and CAS.
 */
public record SubnetLease(Cidr subnet, String node, IpAddress publicIp, Map<String, String> backendData,
                          long storeLease, long modRevision) {
    static final String PREFIX = "/weft/subnets/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public SubnetLease {
        backendData = Map.copyOf(backendData);
    }

    /** {@code /weft/subnets/10.244.3.0-24}: no slash inside the key's last part. */
    public static String key(Cidr subnet) {
        return SubnetKey.of(PREFIX, subnet);
    }

    byte[] toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("node", node).put("publicIp", publicIp.toString());
        ObjectNode bd = o.putObject("backendData");
        new TreeMap<>(backendData).forEach(bd::put);
        return JSON.writeValueAsBytes(o);
    }

    static SubnetLease fromEntry(dev.weft.store.Entry e) {
        Cidr subnet = SubnetKey.parse(PREFIX, e.key());
        JsonNode n = JSON.readTree(e.value());
        Map<String, String> bd = new TreeMap<>();
        n.path("backendData").properties().forEach(p -> bd.put(p.getKey(), p.getValue().asString()));
        return new SubnetLease(subnet, n.path("node").asString(), IpAddress.parse(n.path("publicIp").asString()), bd,
                e.lease(), e.modRevision());
    }
}
