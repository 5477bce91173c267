package dev.weft.plugins.tuning;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.result.Interface;
import dev.weft.cni.result.Result;
import dev.weft.io.AtomicFile;
import dev.weft.io.StateFiles;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.Links;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.plugins.common.Rollback;
import dev.weft.plugins.net.NsHandle;
import dev.weft.sdk.GcRequest;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.Skel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code weft-tuning}: sysctls and link settings of a container's interface, put back at DEL. */
public final class TuningPlugin implements Plugin {
    /** The reference's allow-list: when it exists, every sysctl key must match one of its lines (regexes). */
    public static final Path DEFAULT_ALLOW_LIST = Path.of("/etc/cni/tuning/allowlist.conf");
    private static final System.Logger LOG = System.getLogger(TuningPlugin.class.getName());

    private final Path allowList;

    public static void main(String[] args) {
        Skel.main(exec -> standard());
    }

    public static TuningPlugin standard() {
        return new TuningPlugin(DEFAULT_ALLOW_LIST);
    }

    /** With the sysctl allow-list at {@code allowList} (none when the file does not exist). */
    public TuningPlugin(Path allowList) {
        this.allowList = allowList;
    }

    private TuningConfig config(Request r) {
        TuningConfig c = TuningConfig.parse(r.config(), r.runtimeConfig(), r.args(), r.ifName().value());
        checkAllowList(c);
        return c;
    }

    private void checkAllowList(TuningConfig c) {
        if (c.sysctl().isEmpty() || !Files.exists(allowList)) {
            return;
        }
        List<Pattern> allowed = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(allowList)) {
                if (!line.isBlank()) {
                    allowed.add(Pattern.compile(line.strip()));
                }
            }
        } catch (IOException | PatternSyntaxException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot read the sysctl allow-list " + allowList + ": "
                    + e.getMessage(), e);
        }
        for (String key : c.sysctl().keySet()) {
            if (allowed.stream().noneMatch(p -> p.matcher(key).find())) {
                throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"sysctl." + key
                        + "\" is not allowed by " + allowList);
            }
        }
    }

    /** Where an attachment's previous values wait for DEL: {@code DATADIR/NETWORK/CONTAINERID_IFNAME.json}. */
    static Path savedFile(Path dataDir, String network, String containerId, String ifName) {
        return dataDir.resolve(network.isEmpty() ? "_" : network).resolve(containerId + "_" + ifName + ".json");
    }

    private static Path savedFile(TuningConfig c, Request r) {
        return savedFile(c.dataDir(), r.network(), r.containerId().value(), r.ifName().value());
    }

    @Override
    public Result add(Request r) {
        TuningConfig c = config(r);
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-tuning must be called as a chained plugin (no prevResult)"));
        try (NsHandle ctr = NsHandle.open(r.netns()); Rollback undo = new Rollback()) {
            LinkInfo link = requireLink(ctr, r);
            Saved now = read(ctr, link, c);
            Path file = savedFile(c, r);
            Saved saved = Files.exists(file) ? now.under(Saved.decode(readAll(file))) : now;
            boolean created = !Files.exists(file);
            write(file, saved);
            if (created) {
                undo.add(() -> Files.deleteIfExists(file));
            }
            apply(ctr, link, c, now, undo);
            undo.commit();
            return c.mac().map(m -> withMac(prev, r, m.toString())).orElse(prev);
        }
    }

    private static LinkInfo requireLink(NsHandle ctr, Request r) {
        return ctr.nl().links().get(r.ifName().value()).orElseThrow(() -> new CniException(
                CniErrorCode.INVALID_ENVIRONMENT, "CNI_IFNAME: no interface \"" + r.ifName() + "\" in " + r.netns()));
    }

    /** The current values of everything {@code c} will change (a missing sysctl is an error naming it). */
    private static Saved read(NsHandle ctr, LinkInfo link, TuningConfig c) {
        Map<String, String> sysctl = new LinkedHashMap<>();
        c.sysctl().forEach((key, s) -> {
            try {
                sysctl.put(s.path(), ctr.ns().readSysctl(s.path()));
            } catch (NetlinkException.NotFoundException e) {
                throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"sysctl." + key + "\": there is no "
                        + "/proc/sys/" + s.path() + " in the container's namespace", e);
            }
        });
        return new Saved(sysctl, c.mac().map(m -> link.mac()), c.mtu() != 0 ? link.mtu() : 0,
                c.promisc() ? Optional.of(link.isPromisc()) : Optional.empty(),
                c.allmulti().map(a -> link.isAllmulti()),
                c.txQLen().map(q -> ctr.nl().links().txQueueLength(link.index())));
    }

    private static void apply(NsHandle ctr, LinkInfo link, TuningConfig c, Saved before, Rollback undo) {
        Links links = ctr.nl().links();
        int i = link.index();
        for (var e : c.sysctl().entrySet()) {
            TuningConfig.Sysctl s = e.getValue();
            String old = before.sysctl().get(s.path());
            try {
                ctr.ns().sysctl(s.path(), s.value());
            } catch (RuntimeException refused) {
                throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"sysctl." + e.getKey()
                        + "\": the kernel refused \"" + s.value() + "\" (" + refused.getMessage() + ")", refused);
            }
            undo.add(() -> ctr.ns().sysctl(s.path(), old));
        }
        if (c.mac().isPresent()) {
            links.setMac(i, c.mac().get());
            undo.add(() -> links.setMac(i, before.mac().orElseThrow()));
        }
        if (c.promisc()) {
            links.setPromisc(i, true);
            undo.add(() -> links.setPromisc(i, before.promisc().orElse(false)));
        }
        if (c.mtu() != 0) {
            links.setMtu(i, c.mtu());
            undo.add(() -> links.setMtu(i, before.mtu()));
        }
        if (c.allmulti().isPresent()) {
            links.setAllmulti(i, c.allmulti().get());
            undo.add(() -> links.setAllmulti(i, before.allmulti().orElseThrow()));
        }
        if (c.txQLen().isPresent()) {
            links.setTxQueueLength(i, c.txQLen().get());
            undo.add(() -> links.setTxQueueLength(i, before.txQLen().orElseThrow()));
        }
    }

    /** The previous result with the interface's new MAC, as the reference reports it. */
    private static Result withMac(Result prev, Request r, String mac) {
        return prev.withInterfaces(prev.interfaces().stream().map(i -> i.name().equals(r.ifName().value()) && i.inSandbox()
                ? new Interface(i.name(), mac, i.mtu(), i.sandbox(), i.socketPath(), i.pciId()) : i).toList());
    }

    @Override
    public void del(Request r) {
        TuningConfig c = TuningConfig.parse(r.config(), r.runtimeConfig(), r.args(), r.ifName().value());
        Path file = savedFile(c, r);
        if (!Files.exists(file)) {
            return;
        }
        Saved saved = Saved.decode(readAll(file));
        if (r.hasNetns()) {
            try (NsHandle ctr = NsHandle.open(r.netns())) {
                ctr.nl().links().get(r.ifName().value()).ifPresent(link -> restore(ctr, link, saved));
            } catch (CniException gone) {
                if (gone.code() != CniErrorCode.UNKNOWN_CONTAINER.code()) {
                    throw gone;
                }
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    /** Puts every saved value back; one that fails is logged and the others still restored. */
    private static void restore(NsHandle ctr, LinkInfo link, Saved s) {
        Links links = ctr.nl().links();
        int i = link.index();
        List<Runnable> steps = new ArrayList<>();
        s.sysctl().forEach((path, v) -> steps.add(() -> ctr.ns().sysctl(path, v)));
        if (s.mtu() != 0) {
            steps.add(() -> links.setMtu(i, s.mtu()));
        }
        s.mac().ifPresent(m -> steps.add(() -> links.setMac(i, m)));
        s.promisc().ifPresent(p -> steps.add(() -> links.setPromisc(i, p)));
        s.allmulti().ifPresent(a -> steps.add(() -> links.setAllmulti(i, a)));
        s.txQLen().ifPresent(q -> steps.add(() -> links.setTxQueueLength(i, q)));
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "weft-tuning: cannot restore a value on " + link.name() + ": "
                        + e.getMessage());
            }
        }
    }

    @Override
    public void check(Request r) {
        TuningConfig c = config(r);
        r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-tuning CHECK needs prevResult"));
        try (NsHandle ctr = NsHandle.open(r.netns())) {
            LinkInfo link = requireLink(ctr, r);
            for (var e : c.sysctl().entrySet()) {
                String have = ctr.ns().readSysctl(e.getValue().path());
                if (!have.equals(e.getValue().value())) {
                    throw differs("sysctl " + e.getKey(), e.getValue().value(), have);
                }
            }
            if (c.mac().isPresent() && !c.mac().get().equals(link.mac())) {
                throw differs("mac", c.mac().get(), link.mac());
            }
            if (c.mtu() != 0 && c.mtu() != link.mtu()) {
                throw differs("mtu", c.mtu(), link.mtu());
            }
            if (c.promisc() != link.isPromisc()) {
                throw differs("promisc", c.promisc(), link.isPromisc());
            }
            if (c.allmulti().isPresent() && c.allmulti().get() != link.isAllmulti()) {
                throw differs("allmulti", c.allmulti().get(), link.isAllmulti());
            }
            if (c.txQLen().isPresent()) {
                int q = ctr.nl().links().txQueueLength(link.index());
                if (q != c.txQLen().get()) {
                    throw differs("txQLen", c.txQLen().get(), q);
                }
            }
        }
    }

    private static CniException differs(String what, Object want, Object have) {
        return new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-tuning CHECK: " + what + " is " + have
                + ", configured " + want);
    }

    /** Drops saved values of this network's attachments that are no longer valid. */
    @Override
    public void gc(GcRequest r) {
        TuningConfig c = TuningConfig.parse(r.config(), dev.weft.cni.config.RuntimeConfig.EMPTY,
                dev.weft.cni.CniArgs.EMPTY, "eth0");
        Path dir = savedFile(c.dataDir(), r.network(), "x", "y").getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<Path> keep = r.validAttachments().stream()
                .map(a -> savedFile(c.dataDir(), r.network(), a.containerId(), a.ifName())).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".json")).filter(p -> !keep.contains(p)).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir, e);
        }
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private static void write(Path p, Saved s) {
        try {
            StateFiles.privateDirectory(p.getParent()); // as the weft plugin keeps its state (#13)
            AtomicFile.write(p, s.encode());
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot save the previous values to " + p + ": "
                    + e.getMessage(), e);
        }
    }
}
