package dev.weft.plugins.meta;

import dev.weft.invoke.PluginExec;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.json.Fields;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import dev.weft.nodestate.PodRecord;
import dev.weft.nodestate.SubnetEnv;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.cni.Command;
import dev.weft.invoke.Invoker;
import dev.weft.sdk.GcRequest;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.Skel;
import dev.weft.sdk.StatusRequest;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code weft}: delegates to weft-bridge on this node's subnet (see the package notes). */
public final class WeftPlugin implements Plugin {
    private final PluginExec exec;

    public WeftPlugin(PluginExec exec) {
        this.exec = exec;
    }

    public static void main(String[] args) {
        Skel.main(exec -> standard(exec));
    }

    /** Wired for a real host; {@code exec} runs the delegate (a process, or in the agent's JVM). */
    public static WeftPlugin standard(PluginExec exec) {
        return new WeftPlugin(exec);
    }

    /** The agent's subnet.env; a missing file means the agent is not ready yet (code 11, try again). */
    static SubnetEnv readSubnetEnv(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CniException(CniErrorCode.TRY_AGAIN_LATER, "weft: " + file
                    + " does not exist yet; is the weft agent running on this node?", e);
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "weft: cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return SubnetEnv.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "weft: " + file + " is malformed: " + e.getMessage(), e);
        }
    }

    /** The delegate's configuration: weft-bridge + weft-host-local on the node subnet; "delegate" keys win. */
    static ObjectNode delegate(ObjectNode conf, WeftConfig c, SubnetEnv s) {
        ObjectNode d = Json.object();
        d.put("cniVersion", conf.path("cniVersion").asString());
        d.put("name", conf.path("name").asString());
        d.put("type", "weft-bridge");
        d.put("bridge", "weft0");
        d.put("isDefaultGateway", true);
        d.put("hairpinMode", true);
        d.put("ipMasq", s.ipMasq());
        d.put("ipMasqNetwork", s.network().toString()); // pods of other nodes see the pod's own address
        if (s.mtu() > 0) {
            d.put("mtu", s.mtu());
        }
        ObjectNode ipam = d.putObject("ipam");
        ipam.put("type", "weft-host-local");
        ipam.putArray("ranges").addArray().addObject().put("subnet", s.subnet().network().toString())
                .put("gateway", s.subnet().address().toString());
        ipam.putArray("routes").addObject().put("dst", s.network().toString());
        c.ipamDataDir().ifPresent(dir -> ipam.put("dataDir", dir.toString()));
        c.delegate().ifPresent(over -> over.properties()
                .forEach(e -> d.set(e.getKey(), e.getValue().deepCopy())));
        if (conf.has("runtimeConfig")) {
            d.set("runtimeConfig", conf.get("runtimeConfig").deepCopy());
        }
        return d;
    }

    private static Path saved(WeftConfig c, Request r) {
        return c.dataDir().resolve(r.containerId().value() + "-" + r.ifName().value() + ".json");
    }

    private Invoker invoker(Request r) {
        return new Invoker(exec, r.cniPath());
    }

    private static Invoker.Target target(Request r) {
        return new Invoker.Target(r.containerId().value(), r.netns(), r.ifName().value(), r.args());
    }

    @Override
    public Result add(Request r) {
        WeftConfig c = WeftConfig.parse(r.config());
        ObjectNode d = delegate(r.config(), c, readSubnetEnv(c.subnetFile()));
        Path file = saved(c, r);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Json.bytes(d));
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "weft: cannot save the delegate config: " + e.getMessage(), e);
        }
        try {
            Result result = invoker(r).add(d.path("type").asString(), d, target(r));
            podRecord(r, result, d.path("bridge").asString()).ifPresent(p -> p.write(c.dataDir()));
            return result;
        } catch (RuntimeException e) {
            deleteQuietly(file); // ADD failed: the runtime's DEL finds nothing to undo here
            throw e;
        }
    }

    /**
     * The pod's identity for the agent, when the runtime sent it (kubelet's {@code K8S_POD_*} CNI
     * args): its addresses and the host end of its veth (the result's host interface that is not
     * the bridge).
     */
    static Optional<PodRecord> podRecord(Request r, Result result, String bridge) {
        Optional<String> ns = r.args().get("K8S_POD_NAMESPACE");
        Optional<String> name = r.args().get("K8S_POD_NAME");
        if (ns.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        Optional<InterfaceName> hostIface = result.interfaces().stream()
                .filter(i -> !i.inSandbox() && !i.name().equals(bridge)).map(i -> InterfaceName.of(i.name())).findFirst();
        List<IpAddress> ips = result.ips().stream().map(ip -> ip.address().address()).toList();
        return Optional.of(new PodRecord(ns.get(), name.get(), r.containerId().value(), r.ifName().value(), ips, hostIface));
    }

    private static ObjectNode load(Path file) {
        try {
            return Json.parseObject(Files.readAllBytes(file), "saved delegate config " + file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "weft: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void del(Request r) {
        WeftConfig c = WeftConfig.parse(r.config());
        Path file = saved(c, r);
        ObjectNode d = load(file);
        if (d == null) {
            return; // never added, or already deleted
        }
        r.prevResult().ifPresent(p -> d.set("prevResult", ResultCodec.encode(p)));
        invoker(r).call(d.path("type").asString(), Command.DEL, d, target(r));
        deleteQuietly(PodRecord.file(c.dataDir(), r.containerId().value(), r.ifName().value()));
        deleteQuietly(file);
    }

    @Override
    public void check(Request r) {
        ObjectNode d = load(saved(WeftConfig.parse(r.config()), r));
        if (d == null) {
            throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft CHECK: no saved configuration for container "
                    + r.containerId() + " interface " + r.ifName());
        }
        r.prevResult().ifPresent(p -> d.set("prevResult", ResultCodec.encode(p)));
        invoker(r).call(d.path("type").asString(), Command.CHECK, d, target(r));
    }

    /** Saved configs of attachments that are no longer valid go; then the delegate collects its own. */
    @Override
    public void gc(GcRequest r) {
        WeftConfig c = WeftConfig.parse(r.config());
        Path dir = c.dataDir();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String n = f.getFileName().toString();
                    boolean valid = r.validAttachments().stream()
                            .anyMatch(a -> n.equals(a.containerId() + "-" + a.ifName() + ".json"));
                    if (!valid) {
                        deleteQuietly(f);
                    }
                }
            } catch (IOException e) {
                throw new CniException(CniErrorCode.IO_FAILURE, "weft GC: " + e.getMessage(), e);
            }
        }
        ObjectNode d = delegate(r.config(), c, readSubnetEnv(c.subnetFile()));
        d.set("cni.dev/valid-attachments", r.config().path("cni.dev/valid-attachments").deepCopy());
        new Invoker(exec, r.cniPath()).call(d.path("type").asString(), Command.GC, d, Invoker.Target.NONE);
    }

    @Override
    public void status(StatusRequest r) {
        try {
            readSubnetEnv(WeftConfig.parse(r.config()).subnetFile());
        } catch (CniException e) {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE, e.msg(), e);
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // best effort: GC removes leftovers
        }
    }
}
