package dev.weft.node.policy;

import dev.weft.netlink.bpf.BpfMap;
import dev.weft.netlink.bpf.BpfProgram;
import dev.weft.netlink.ns.NetNs;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.Random;

import static dev.weft.node.policy.Ipv4Frames.IP;
import static dev.weft.node.policy.Ipv4Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path's two programs, verified and run by the kernel (BPF_PROG_TEST_RUN) in a namespace
 * of the test's own with a pod veth, an uplink, a route to another node's subnet and its gateway's
 * neighbour entry: what is redirected comes out with its TTL one less, a checksum still right and,
 * towards the uplink, the gateway's and the uplink's MAC addresses; everything the programs must
 * leave to the kernel (spoofed source, another veth, non-remote peer, no neighbour yet, too big
 * for the route's MTU, TTL at the floor, not IPv4, IP options) goes on unchanged.
 */
@RequiresRoot
class FastPathProgramsRootTest {
    private static final String GATEWAY_MAC = "02:00:00:00:00:01";

    @RegisterExtension
    final Netns netns = new Netns();

    private NetNs ns;
    private BpfMap pods;
    private BpfMap remote;
    private BpfProgram fromPod;
    private BpfProgram toPod;
    private int uplink;
    private int podVeth;
    private int otherVeth;
    private byte[] uplinkMac;

    @BeforeEach
    void setUp() throws Exception {
        String name = netns.create("wfp");
        String[][] setup = {
                {"sysctl", "-qw", "net.ipv4.ip_forward=1"},
                {"ip", "link", "add", "up0", "mtu", "1400", "type", "veth", "peer", "name", "up1"},
                {"ip", "link", "add", "vh0", "type", "veth", "peer", "name", "vp0"},
                {"ip", "link", "add", "vh1", "type", "veth", "peer", "name", "vp1"},
                {"ip", "link", "set", "up0", "up"}, {"ip", "link", "set", "up1", "up"},
                {"ip", "link", "set", "vh0", "up"}, {"ip", "link", "set", "vp0", "up"},
                {"ip", "link", "set", "vh1", "up"}, {"ip", "link", "set", "vp1", "up"},
                {"ip", "addr", "add", "172.31.0.2/24", "dev", "up0"},
                {"ip", "neigh", "replace", "172.31.0.1", "lladdr", GATEWAY_MAC, "dev", "up0", "nud", "permanent"},
                {"ip", "route", "add", "10.99.0.0/16", "via", "172.31.0.1", "dev", "up0"},
                {"ip", "route", "add", "10.98.0.0/16", "via", "172.31.0.9", "dev", "up0"},
                {"ip", "route", "add", "10.88.0.5/32", "dev", "vh0"},
        };
        Proc.inNetnsAll(name, setup);
        ns = NetNs.named(name);
        uplink = ifindex(name, "up0");
        podVeth = ifindex(name, "vh0");
        otherVeth = ifindex(name, "vh1");
        uplinkMac = Ipv4Frames.mac(Proc.inNetns(name, "cat", "/sys/class/net/up0/address").out().strip());
        pods = BpfMap.create(BpfMap.HASH, "t_pods", 4, 4, 16);
        remote = BpfMap.create(BpfMap.LPM_TRIE, "t_remote", 8, 4, 16);
        pods.put(Ipv4Frames.address("10.88.0.5"), Ipv4Frames.u32(podVeth));
        remote.put(Ipv4Frames.lpm("10.99.0.0", 16), new byte[] {1, 0, 0, 0});
        remote.put(Ipv4Frames.lpm("10.98.0.0", 16), new byte[] {1, 0, 0, 0});
        fromPod = BpfProgram.load(BpfProgram.SCHED_CLS, FastPathPrograms.FROM_POD, FastPathPrograms.fromPod(pods, remote));
        toPod = BpfProgram.load(BpfProgram.SCHED_CLS, FastPathPrograms.TO_POD, FastPathPrograms.toPod(pods, remote));
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {fromPod, toPod, pods, remote, ns}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the namespace goes with the extension anyway
            }
        }
    }

    private static int ifindex(String ns, String dev) {
        return Integer.parseInt(Proc.inNetns(ns, "cat", "/sys/class/net/" + dev + "/ifindex").out().strip());
    }

    private BpfProgram.TestRun run(BpfProgram p, byte[] frame, int ifindex) {
        return ns.run(() -> p.testRun(frame, ifindex));
    }

    private void assertLeftToTheKernel(BpfProgram p, byte[] frame, int ifindex, String why) {
        BpfProgram.TestRun r = run(p, frame, ifindex);
        assertThat(r.retval()).as(why).isEqualTo(BpfProgram.TC_NEXT);
        assertThat(r.packet()).as(why + ": unchanged").isEqualTo(frame);
    }

    @Test
    void aPodsPacketToAnotherNodesPodLeavesThroughTheUplinkRoutedByTheFib() {
        byte[] in = udp("10.88.0.5", "10.99.1.7", 64);
        BpfProgram.TestRun r = run(fromPod, in, podVeth);
        assertThat(r.retval()).isEqualTo(BpfProgram.TC_REDIRECT);
        byte[] out = r.packet();
        assertThat(Ipv4Frames.ttl(out)).isEqualTo(63);
        assertThat(Ipv4Frames.headerSum(out)).as("checksum still right").isEqualTo(0xffff);
        assertThat(Arrays.copyOfRange(out, 0, 6)).as("to the gateway's MAC").isEqualTo(Ipv4Frames.mac(GATEWAY_MAC));
        assertThat(Arrays.copyOfRange(out, 6, 12)).as("from the uplink's").isEqualTo(uplinkMac);
        assertThat(Arrays.copyOfRange(out, IP + 12, out.length)).as("addresses and payload untouched")
                .isEqualTo(Arrays.copyOfRange(in, IP + 12, in.length));
    }

    @Test
    void whatTheFromPodProgramMustNotForwardGoesOnUnchanged() {
        assertLeftToTheKernel(fromPod, udp("10.88.0.6", "10.99.1.7", 64), podVeth, "a source no pod holds");
        assertLeftToTheKernel(fromPod, udp("10.88.0.5", "10.99.1.7", 64), otherVeth, "the pod's address from another veth");
        assertLeftToTheKernel(fromPod, udp("10.88.0.5", "10.77.1.1", 64), podVeth, "not another node's subnet");
        assertLeftToTheKernel(fromPod, udp("10.88.0.5", "10.98.1.1", 64), podVeth, "the gateway has no neighbour entry yet");
        assertLeftToTheKernel(fromPod, udp("10.88.0.5", "10.99.1.7", 64, 1, 1450), podVeth, "bigger than the uplink's MTU");
        assertLeftToTheKernel(fromPod, udp("10.88.0.5", "10.99.1.7", FastPathPrograms.TTL_FLOOR), podVeth, "TTL at the floor");
        assertThat(run(fromPod, udp("10.88.0.5", "10.99.1.7", FastPathPrograms.TTL_FLOOR + 1), podVeth).retval())
                .as("TTL above the floor").isEqualTo(BpfProgram.TC_REDIRECT);

        byte[] arp = udp("10.88.0.5", "10.99.1.7", 64);
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertLeftToTheKernel(fromPod, arp, podVeth, "not IPv4");
        byte[] options = udp("10.88.0.5", "10.99.1.7", 64);
        options[IP] = 0x46;
        assertLeftToTheKernel(fromPod, options, podVeth, "IP options");
        // a frame shorter than its headers: the verifier refuses the programs without their bounds check,
        // and BPF_PROG_TEST_RUN refuses an IPv4 frame without a whole IP header, so there is nothing to run here
    }

    @Test
    void anotherNodesPodsPacketGoesToThePodsVeth() {
        byte[] in = udp("10.99.3.4", "10.88.0.5", 61);
        BpfProgram.TestRun r = run(toPod, in, uplink);
        assertThat(r.retval()).isEqualTo(BpfProgram.TC_REDIRECT);
        assertThat(Ipv4Frames.ttl(r.packet())).isEqualTo(60);
        assertThat(Ipv4Frames.headerSum(r.packet())).isEqualTo(0xffff);

        assertLeftToTheKernel(toPod, udp("10.77.0.1", "10.88.0.5", 61), uplink, "from outside the remote subnets");
        assertLeftToTheKernel(toPod, udp("10.99.3.4", "10.88.0.6", 61), uplink, "to an address no fast pod holds");
        assertLeftToTheKernel(toPod, udp("10.99.3.4", "10.88.0.5", FastPathPrograms.TTL_FLOOR), uplink, "TTL at the floor");
        pods.remove(Ipv4Frames.address("10.88.0.5"));
        assertLeftToTheKernel(toPod, in, uplink, "the pod left the map (isolated)");
    }

    @Test
    void theDecrementedChecksumIsRightForAnyHeader() {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            int ttl = FastPathPrograms.TTL_FLOOR + 1 + random.nextInt(255 - FastPathPrograms.TTL_FLOOR);
            byte[] in = udp("10.99." + random.nextInt(256) + "." + random.nextInt(256), "10.88.0.5", ttl,
                    random.nextInt(0x10000), 46);
            BpfProgram.TestRun r = run(toPod, in, uplink);
            assertThat(r.retval()).isEqualTo(BpfProgram.TC_REDIRECT);
            assertThat(Ipv4Frames.ttl(r.packet())).isEqualTo(ttl - 1);
            assertThat(Ipv4Frames.headerSum(r.packet())).as("ttl %d, header %s", ttl, Arrays.toString(in))
                    .isEqualTo(0xffff);
        }
    }
}
