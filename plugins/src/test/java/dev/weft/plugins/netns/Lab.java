package dev.weft.plugins.netns;

import dev.weft.ipam.hostlocal.HostLocalPlugin;
import dev.weft.nft.Masquerade;
import dev.weft.nft.NftCli;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.invoke.FakeExec;
import dev.weft.sdk.Dispatcher;
import dev.weft.sdk.IpamDelegate;
import dev.weft.testkit.Proc;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Throwaway namespaces for plugin tests: a "host" namespace that plays the node (plugins are
 * given it as their host side, so nothing touches the namespace the test runs in) and container
 * namespaces. {@link #close()} deletes them all, and with them every link the test made.
 */
final class Lab implements AutoCloseable {
    final String id = UUID.randomUUID().toString().substring(0, 6);
    final String host = "wtp-h-" + id;
    private final List<String> created = new ArrayList<>();
    final Path dir;

    Lab(Path dir) {
        this.dir = dir;
        create(host);
        sh("ip", "-n", host, "link", "set", "lo", "up");
    }

    String container(String name) {
        String ns = "wtp-" + name + "-" + id;
        create(ns);
        return ns;
    }

    private void create(String ns) {
        check(sh("ip", "netns", "add", ns), "ip netns add " + ns);
        created.add(ns);
    }

    static String path(String ns) {
        return "/run/netns/" + ns;
    }

    NetlinkKernel kernel() {
        return new NetlinkKernel(path(host));
    }

    Masquerade masquerade() {
        return new Masquerade(new NftCli(Optional.of(Path.of(path(host)))), dir.resolve("masq.lock"));
    }

    dev.weft.nft.MacSpoofCheck spoofCheck() {
        return new dev.weft.nft.MacSpoofCheck(new NftCli(Optional.of(Path.of(path(host)))), dir.resolve("spoof.lock"));
    }

    /** IPAM delegation to weft-host-local, run in-process (it only touches files). */
    static IpamDelegate hostLocal() {
        FakeExec exec = new FakeExec().register("weft-host-local", call -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new Dispatcher(new HostLocalPlugin()).run(call.env(), call.stdin(), out, new ByteArrayOutputStream());
            byte[] bytes = out.toByteArray();
            var err = dev.weft.cni.json.ErrorCodec.decode(bytes);
            if (err.isPresent()) {
                throw err.get();
            }
            return bytes;
        });
        return new IpamDelegate(exec);
    }

    record Out(int exit, String out) {
    }

    /** Runs a command; its stdout and stderr together. */
    static Out sh(String... cmd) {
        Proc.Result r = Proc.run(cmd);
        return new Out(r.exit(), r.out() + r.err());
    }

    static Out in(String ns, String... cmd) {
        String[] full = new String[cmd.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = ns;
        System.arraycopy(cmd, 0, full, 4, cmd.length);
        return sh(full);
    }

    static Out check(Out o, String what) {
        if (o.exit() != 0) {
            throw new IllegalStateException(what + ": " + o.out());
        }
        return o;
    }

    void deleteNamespace(String ns) {
        sh("ip", "netns", "del", ns);
        created.remove(ns);
    }

    @Override
    public void close() {
        for (String ns : created.reversed()) {
            sh("ip", "netns", "del", ns);
        }
        created.clear();
    }
}
