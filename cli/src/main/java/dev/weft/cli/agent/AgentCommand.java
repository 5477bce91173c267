package dev.weft.cli.agent;

import dev.weft.node.AgentRuntime;
import dev.weft.node.policy.FastPathMode;
import dev.weft.node.ipam.IpamSettings;
import dev.weft.node.metrics.MetricsEndpoint;
import dev.weft.node.metrics.MetricsServer;
import dev.weft.node.metrics.NodeMetrics;
import dev.weft.node.backend.TxChecksum;
import dev.weft.cli.cluster.ClusterCommand;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code weft agent}: run this node's agent until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run the node agent: lease this node's subnet, connect it to its peers, serve CNI, enforce policy.",
                "It writes subnet.env for the weft CNI plugin, renews the lease and recovers it when lost, connects",
                "to peers with the cluster's backend, serves the exec shim's socket and keeps NetworkPolicy in nftables."})
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

    @Option(names = "--status-file", defaultValue = "/run/weft/status.json",
            description = "Where the agent reports its subnet, connected peers and refused peers after every round.")
    Path statusFile;

    @Option(names = "--mtu", defaultValue = "0",
            description = "Pod MTU; 0 detects it: the MTU of the device holding --public-ip, less 50 for VXLAN.")
    int mtu;

    /*
     * negatable and fallbackValue: a plain boolean option whose default is true is a toggle in picocli,
     * so "--ip-masq" alone used to turn masquerade off, and "--no-ip-masq" did not exist.
     */
    @Option(names = "--ip-masq", defaultValue = "true", fallbackValue = "true", negatable = true,
            description = "Masquerade pod traffic leaving the pod network (default). --no-ip-masq (or --ip-masq=false): do not, "
                    + "for clusters whose pod addresses are routable; written to subnet.env as WEFT_IPMASQ.")
    boolean ipMasq;

    @Option(names = "--resync", defaultValue = "5s",
            description = "Full resync period (changes in the datastore or the kernel trigger a round sooner).")
    String resync;

    @Option(names = "--vxlan-tx-checksum", defaultValue = "auto",
            description = "TX checksum offload on the VXLAN device: auto (off on kernels before 5.7, which corrupt "
                    + "NATed VXLAN checksums), on or off.")
    String txChecksum;

    @Option(names = "--fast-path", defaultValue = "ebpf",
            description = "Routed pods' fast path past the node's IP stack (bgp): ebpf (tcx programs; the nftables "
                    + "table where the kernel refuses them), nftables, or off.")
    String fastPath;

    @Option(names = "--cni-socket", defaultValue = "/run/weft/cni.sock",
            description = "Serve CNI calls from the exec shim here (root-only); empty: do not serve.")
    String cniSocket;

    @Option(names = "--cni-data-dir", defaultValue = "/var/lib/cni/weft",
            description = "The weft CNI plugin's dataDir, where it records the pods it attached (default ${DEFAULT-VALUE}).")
    Path cniDataDir;

    @Option(names = "--dhcp-dir", defaultValue = "/var/lib/weft/dhcp",
            description = "Where the agent keeps the node's DHCP leases for weft-dhcp (default ${DEFAULT-VALUE});"
                    + " empty: it holds none.")
    String dhcpDir;

    @Option(names = "--dhcp-socket", defaultValue = "/run/weft/dhcp.sock",
            description = "Serve those leases here to weft-dhcp calls outside the agent (default ${DEFAULT-VALUE});"
                    + " empty: do not serve. A `weft dhcp daemon` already serving it keeps the leases.")
    String dhcpSocket;

    @Option(names = "--policy", defaultValue = "true", fallbackValue = "true", negatable = true,
            description = "Enforce NetworkPolicy with nftables (--no-policy: do not).")
    boolean policy;

    @Option(names = "--drop-log", defaultValue = "true", fallbackValue = "true", negatable = true,
            description = "Log packets NetworkPolicy drops (rate-limited) to RUN/drops.jsonl for `weft policy drops` "
                    + "(--no-drop-log: do not).")
    boolean dropLog;

    @Option(names = "--drop-log-group", defaultValue = "" + dev.weft.policy.compile.LogDrops.DEFAULT_GROUP,
            description = "The NFLOG group the policy chains log to and the agent listens on (default ${DEFAULT-VALUE}).")
    int dropLogGroup;

    @Option(names = "--cnm-socket", defaultValue = "",
            description = "Also serve Docker's network and IPAM drivers here (e.g. /run/docker/plugins/weft.sock); empty: do not.")
    String cnmSocket;

    @Option(names = "--cnm-state-dir", defaultValue = "/var/lib/weft/cnm", description = "The Docker drivers' state (default ${DEFAULT-VALUE}).")
    Path cnmStateDir;

    @Option(names = "--cnm-ipam-data-dir", defaultValue = "/var/lib/cni/networks",
            description = "host-local's dataDir of the node's CNI network, which Docker networks on the node's subnet share (default ${DEFAULT-VALUE}).")
    Path cnmIpamDataDir;

    @Option(names = "--cnm-cni-network", defaultValue = "weft",
            description = "The node's CNI network name: its host-local directory under --cnm-ipam-data-dir (default ${DEFAULT-VALUE}).")
    String cnmCniNetwork;

    @Option(names = "--docker-socket", defaultValue = "/run/docker.sock",
            description = "dockerd's API, read for container labels (Docker containers as pods for NetworkPolicy; needs --policy); empty: do not.")
    String dockerSocket;
    @Option(names = "--run-dir", defaultValue = "/run/weft",
            description = "Where a backend's daemon keeps its files (bgp: BIRD under RUN/bird/; default ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(names = "--metrics-address", defaultValue = "",
            description = "Serve Prometheus metrics (GET /metrics) here: ADDRESS:PORT (127.0.0.1:9647, [::1]:9647) or"
                    + " unix:/path; default: the unix socket RUN-DIR/metrics.sock; off: do not serve. Every interface"
                    + " (0.0.0.0:PORT) only when written so.")
    String metricsAddress;

    @Option(names = "--leave", description = "Give the subnet back when stopped (the node leaves the cluster).")
    boolean leave;

    @Option(names = "--ipam-gc", defaultValue = "auto",
            description = "The cluster-IPAM GC loop: auto (while the cluster has IP pools), on or off (default ${DEFAULT-VALUE}).")
    String ipamGc;

    @Option(names = "--ipam-gc-period", defaultValue = "1m", description = "How often the IPAM GC runs (default ${DEFAULT-VALUE}).")
    String ipamGcPeriod;

    @Option(names = "--ipam-gc-grace", defaultValue = "10m",
            description = "How long a pod's namespace must be seen gone before its address is released (default ${DEFAULT-VALUE}).")
    String ipamGcGrace;

    @Option(names = "--ipam-reserve", defaultValue = "" + IpamSettings.DEFAULT_RESERVE,
            description = "Addresses per cluster-IPAM pool this node keeps reserved in its own blocks, so a warm ADD "
                    + "needs no datastore write; refilled below half; 0: none (default ${DEFAULT-VALUE}).")
    int ipamReserve;

    @Option(names = "--ipam-data-dir", defaultValue = "/var/lib/cni/weft-ipam",
            description = "weft-ipam's dataDir: its records of this node's attachments (default ${DEFAULT-VALUE}).")
    Path ipamDataDir;

    @Override
    public Integer call() throws Exception {
        String name = node != null ? node : InetAddress.getLocalHost().getHostName();
        Duration period = duration("--resync", resync);
        FastPathMode fastPathMode = FastPathMode.parse(fastPath);
        IpamSettings ipam = new IpamSettings(java.util.Optional.of(datastore), IpamSettings.Mode.parse(ipamGc),
                duration("--ipam-gc-period", ipamGcPeriod), duration("--ipam-gc-grace", ipamGcGrace),
                ipamDataDir.toAbsolutePath(), ipamReserve);
        MetricsEndpoint endpoint = metricsAddress.equals("off") ? null : MetricsEndpoint.of(metricsAddress, runDir);
        NodeMetrics metrics = NodeMetrics.create();
        try (Datastore store = ClusterCommand.open(datastore);
             MetricsServer served = endpoint == null ? null : MetricsServer.start(endpoint, metrics)) {
            AgentRuntime agent = AgentRuntime.start(new AgentRuntime.Settings(name, IpAddress.parse(publicIp),
                    subnetFile, stateFile, statusFile, mtu, ipMasq, period, TxChecksum.parse(txChecksum),
                    policy ? cniDataDir : null, cniSocket.isEmpty() ? null : Path.of(cniSocket), runDir,
                    dhcpSocket.isEmpty() ? null : Path.of(dhcpSocket), dhcpDir.isEmpty() ? null : Path.of(dhcpDir),
                    fastPathMode), store, ipam,
                    dropLog ? java.util.Optional.of(new dev.weft.policy.compile.LogDrops(dropLogGroup,
                            dev.weft.policy.compile.LogDrops.DEFAULT.perSecond(), dev.weft.policy.compile.LogDrops.DEFAULT.burst()))
                            : java.util.Optional.empty(), metrics);
            System.err.println("weft agent: node " + name + " holds " + agent.lease().subnet() + " ("
                    + agent.backend() + ", MTU " + agent.mtu() + (agent.fastPath().equals("none") ? "" : ", fast path " + agent.fastPath()) + ")");
            dev.weft.cnm.CnmService cnm = cnmSocket.isEmpty() ? null : CnmWiring.start(Path.of(cnmSocket), cnmStateDir,
                    subnetFile, cnmIpamDataDir, cnmCniNetwork, policy && !dockerSocket.isEmpty() ? Path.of(dockerSocket) : null,
                    cniDataDir, store, agent::enforcePolicyNow);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (cnm != null) {
                    cnm.close();
                }
                agent.stop(leave);
                if (served != null) {
                    served.close();
                }
                stopped.countDown();
            }));
            stopped.await();
        }
        return 0;
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}: an ISO-8601 duration without its {@code PT}. */
    public static Duration duration(String option, String text) {
        try {
            return Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(option + " \"" + text + "\" is not a duration like 90s, 10m or 1h", e);
        }
    }
}
