package dev.weft.cli.agent;

import dev.weft.agent.AgentConfig;
import dev.weft.agent.NodeAgent;
import dev.weft.cli.cluster.ClusterCommand;
import dev.weft.cluster.SubnetLease;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Rtnl;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.store.Datastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code weft agent}: run this node's agent until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run the node agent: lease this node's pod subnet, write subnet.env for the weft CNI plugin,",
                "renew the lease and recover it when lost, and connect to peers (vxlan or host-gw)."})
public final class AgentCommand implements Callable<Integer> {
    @Option(names = "--node", description = "Node name (default: the host name).")
    String node;

    @Option(names = "--public-ip", required = true, description = "This node's underlay address.")
    String publicIp;

    @Option(names = "--datastore", defaultValue = ClusterCommand.DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
    String datastore;

    @Option(names = "--subnet-file", defaultValue = "/run/weft/subnet.env", description = "Where subnet.env goes.")
    Path subnetFile;

    @Option(names = "--state-file", defaultValue = "/var/lib/weft/subnet", description = "Remembers the subnet across restarts.")
    Path stateFile;

    @Option(names = "--mtu", defaultValue = "0",
            description = "Pod MTU; 0 detects it: the MTU of the device holding --public-ip, less 50 for VXLAN.")
    int mtu;

    @Option(names = "--ip-masq", defaultValue = "true", description = "Masquerade pod traffic leaving the pod network.")
    boolean ipMasq;

    @Option(names = "--leave", description = "Give the subnet back when stopped (the node leaves the cluster).")
    boolean leave;

    @Override
    public Integer call() throws Exception {
        IpAddress ip = IpAddress.parse(publicIp);
        String name = node != null ? node : InetAddress.getLocalHost().getHostName();
        try (Datastore store = ClusterCommand.open(datastore)) {
            String backend = new dev.weft.cluster.SubnetManager(store).config().backend();
            dev.weft.netlink.Netlink nl = dev.weft.netlink.Netlink.open();
            dev.weft.agent.backend.VxlanBackend vxlan = backend.equals("vxlan")
                    ? dev.weft.agent.backend.VxlanBackend.ensure(nl, ip, dev.weft.agent.backend.VxlanBackend.DEFAULT_VNI,
                            dev.weft.agent.backend.VxlanBackend.DEFAULT_PORT)
                    : null;
            int podMtu = mtu > 0 ? mtu : vxlan != null ? vxlan.mtu() : detectMtu(ip);
            NodeAgent agent = new NodeAgent(new AgentConfig(name, ip, subnetFile, stateFile, podMtu, ipMasq,
                    vxlan != null ? vxlan.backendData() : Map.of()), store);
            SubnetLease l = agent.start();
            dev.weft.agent.backend.Backend impl;
            if (vxlan != null) {
                vxlan.ensureLocal(l.subnet());
                impl = vxlan;
            } else {
                impl = new dev.weft.agent.backend.HostGwBackend(nl, ip);
            }
            System.err.println("weft agent: node " + name + " holds " + l.subnet() + " (" + backend + ", MTU " + podMtu + ")");
            dev.weft.agent.backend.PeerReconciler running = new dev.weft.agent.backend.PeerReconciler(
                    new dev.weft.cluster.SubnetManager(store), impl, name, java.time.Duration.ofSeconds(5)).start();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.close();
                agent.stop(leave);
                nl.close();
                stopped.countDown();
            }));
            stopped.await();
        }
        return 0;
    }

    /** The MTU of the device that holds {@code ip} in this namespace. */
    static int detectMtu(IpAddress ip) {
        try (Rtnl rt = Rtnl.open()) {
            int index = rt.addresses(0).stream().filter(a -> a.address().address().equals(ip))
                    .map(AddrCodec.Addr::index).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no device holds " + ip + "; pass --mtu"));
            return rt.link(index).orElseThrow().mtu();
        }
    }
}
