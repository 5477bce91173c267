package dev.weft.plugins.meta;

import dev.weft.invoke.PluginExec;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import dev.weft.io.AtomicFile;
import dev.weft.io.StateFiles;
import dev.weft.nodestate.PodRecord;
import dev.weft.nodestate.SubnetEnv;
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
import java.util.Optional;

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

    /**
     * The delegate's configuration: weft-bridge + weft-host-local on the node subnet (weft-ptp when
     * pods are routed, {@link SubnetEnv#routed()}), weft-bridge +
     * weft-ipam with a cluster pool on a routed backend ({@link SubnetEnv#bridgePool()}), or on the
     * underlay ({@link SubnetEnv#underlay()}) weft-macvlan + weft-ipam; "delegate" keys win.
     */
    static ObjectNode delegate(ObjectNode conf, WeftConfig c, SubnetEnv s) {
        ObjectNode d = Json.object();
        d.put("cniVersion", conf.path("cniVersion").asString());
        d.put("name", conf.path("name").asString());
        if (s.underlay().isPresent()) {
            UnderlayDelegate.fill(d, s, s.underlay().get());
        } else if (s.routed()) {
            routed(d, c, s);
        } else {
            bridge(d, c, s);
            s.bridgePool().ifPresent(p -> BridgePoolDelegate.fill(d, p));
        }
        c.delegate().ifPresent(over -> over.properties()
                .forEach(e -> d.set(e.getKey(), e.getValue().deepCopy())));
        if (conf.has("runtimeConfig")) {
            d.set("runtimeConfig", conf.get("runtimeConfig").deepCopy());
        }
        return d;
    }

    private static void bridge(ObjectNode d, WeftConfig c, SubnetEnv s) {
        d.put("type", "weft-bridge");
        d.put("bridge", SubnetEnv.BRIDGE);
        d.put("isDefaultGateway", true);
        d.put("hairpinMode", true);
        nodeSubnet(d, c, s);
    }

    /**
     * Routed pods (bgp): weft-ptp, a veth per pod with the subnet's gateway on its host end and a host
     * route to the pod, on the same node subnet and IPAM as the bridge's (the agent blackholes the rest).
     */
    private static void routed(ObjectNode d, WeftConfig c, SubnetEnv s) {
        d.put("type", "weft-ptp");
        nodeSubnet(d, c, s);
        // weft-ptp has no isDefaultGateway: the default route comes from the IPAM's routes
        ((tools.jackson.databind.node.ArrayNode) d.path("ipam").path("routes")).addObject().put("dst", "0.0.0.0/0");
    }

    /** Masquerade, MTU and weft-host-local on the node subnet: the same for bridged and routed pods. */
    private static void nodeSubnet(ObjectNode d, WeftConfig c, SubnetEnv s) {
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
    }

    private static Path saved(WeftConfig c, Request r) {
        return SavedFiles.config(c.dataDir(), r.attachment());
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
        Optional<PodIdentity> pod = PodIdentity.of(r.args()); // refused (code 4) before anything is set up
        ObjectNode d = delegate(r.config(), c, readSubnetEnv(c.subnetFile()));
        Path file = saved(c, r);
        try {
            StateFiles.privateDirectory(c.dataDir());
            AtomicFile.write(file, Json.bytes(d));
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "weft: cannot save the delegate config: " + e.getMessage(), e);
        }
        String type = d.path("type").asString();
        String bridge = d.path("bridge").asString();
        ObjectNode forDel = d.deepCopy(); // d is handed over: an in-process delegate may keep it
        Result result;
        try {
            result = invoker(r).add(type, d, target(r));
        } catch (RuntimeException e) {
            deleteQuietly(file); // ADD failed: the runtime's DEL finds nothing to undo here
            throw e;
        }
        try {
            pod.ifPresent(p -> p.record(r, result, bridge).write(c.dataDir()));
        } catch (RuntimeException e) {
            undoDelegate(r, type, forDel, e);
            deleteQuietly(file);
            throw new CniException(CniErrorCode.IO_FAILURE, "weft: cannot record the pod: " + e.getMessage(), e);
        }
        return result;
    }

    /** DEL of the delegate after its ADD succeeded but this ADD failed; a failure is kept on {@code cause}. */
    private void undoDelegate(Request r, String type, ObjectNode conf, RuntimeException cause) {
        try {
            invoker(r).call(type, Command.DEL, conf, target(r));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
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

    /**
     * The pod record goes first: once the delegate's DEL has freed the address, another pod may
     * get it, and the agent must no longer publish this pod at it.
     */
    @Override
    public void del(Request r) {
        WeftConfig c = WeftConfig.parse(r.config());
        deleteQuietly(PodRecord.file(c.dataDir(), r.containerId().value(), r.ifName().value()));
        Path file = saved(c, r);
        ObjectNode d = load(file);
        if (d == null) {
            return; // never added, or already deleted
        }
        r.prevResult().ifPresent(p -> d.set("prevResult", ResultCodec.encode(p)));
        invoker(r).call(d.path("type").asString(), Command.DEL, d, target(r));
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

    /**
     * Pod records and saved configs of attachments that are no longer valid go, then the delegate
     * frees their addresses: a record never outlives its address. Only weft's own files are
     * touched (see {@link SavedFiles}).
     */
    @Override
    public void gc(GcRequest r) {
        WeftConfig c = WeftConfig.parse(r.config());
        try {
            SavedFiles.removeAllBut(c.dataDir(), r.validAttachments());
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "weft GC: " + e.getMessage(), e);
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

    static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // best effort: GC removes leftovers
        }
    }
}
