package dev.weft.bgp.root;

import dev.weft.bgp.testing.BgpLab;
import dev.weft.testkit.Proc;

import java.util.ArrayList;
import java.util.List;

/** Small {@code ip} helpers of the root tests (tests may use ip; product code may not). */
final class Proc2 {
    private Proc2() {
    }

    static void ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        Proc.run(cmd.toArray(String[]::new)).check();
    }

    /** {@code ns}'s eth0 at {@code address} on {@code bridge} of the lab's fabric. */
    static void attach(BgpLab lab, String ns, String fabricEnd, String bridge, String address) {
        ip(lab.fabric(), "link", "add", fabricEnd, "type", "veth", "peer", "name", "eth0", "netns", ns);
        ip(lab.fabric(), "link", "set", fabricEnd, "master", bridge, "up");
        ip(ns, "addr", "add", address, "dev", "eth0");
        ip(ns, "link", "set", "eth0", "up");
    }
}
