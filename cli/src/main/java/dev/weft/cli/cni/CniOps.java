package dev.weft.cli.cni;

import dev.weft.cni.result.VersionInfo;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.config.PluginConfig;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import dev.weft.cni.Attachment;
import dev.weft.runtime.RuntimeConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** The {@code weft cni} operations. */
final class CniOps {
    private CniOps() {
    }

    /** Arguments of the per-attachment operations. */
    abstract static class AttachmentOp implements Callable<Integer> {
        @Mixin
        CniOptions options;

        @Parameters(index = "0", paramLabel = "NETWORK", description = "Network name in the config directory.")
        String network;

        @Parameters(index = "1", paramLabel = "NETNS", description = "Netns name (under /run/netns) or path.")
        String netns;

        @Option(names = "--ifname", description = "Interface name in the netns (env CNI_IFNAME, default eth0).")
        String ifName;

        @Option(names = "--args", description = "CNI_ARGS, e.g. K=V;K2=V2 (env CNI_ARGS).")
        String args;

        @Option(names = "--container-id", description = "Container ID (default: cnitool's hash of the netns path).")
        String containerId;

        RuntimeConf rt() {
            return options.attachment(netns, ifName, args, containerId);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "ADD the netns to the network; prints the result.")
    static final class Add extends AttachmentOp {
        @Override
        public Integer call() {
            NetworkConfigList list = options.load(network);
            Result r = options.runtime().add(list, rt());
            System.out.println(Json.pretty(ResultCodec.encode(r)));
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, description = "DEL the netns from the network.")
    static final class Del extends AttachmentOp {
        @Override
        public Integer call() {
            options.runtime().del(options.load(network), rt());
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "CHECK the attachment against its cached result.")
    static final class Check extends AttachmentOp {
        @Override
        public Integer call() {
            options.runtime().check(options.load(network), rt());
            return 0;
        }
    }

    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = "GC the network: DEL cached attachments not listed with --valid, then plugin GC.")
    static final class Gc implements Callable<Integer> {
        @Mixin
        CniOptions options;

        @Parameters(index = "0", paramLabel = "NETWORK")
        String network;

        @Option(names = "--valid", paramLabel = "CONTAINERID/IFNAME", description = "An attachment to keep (repeatable).")
        List<String> valid = List.of();

        @Override
        public Integer call() {
            Set<Attachment> keep = new LinkedHashSet<>();
            for (String v : valid) {
                int slash = v.lastIndexOf('/');
                if (slash <= 0 || slash == v.length() - 1) {
                    throw new IllegalArgumentException("--valid \"" + v + "\" is not CONTAINERID/IFNAME");
                }
                keep.add(new Attachment(v.substring(0, slash), v.substring(slash + 1)));
            }
            options.runtime().gc(options.load(network), keep);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "STATUS of every plugin of the network.")
    static final class Status implements Callable<Integer> {
        @Mixin
        CniOptions options;

        @Parameters(index = "0", paramLabel = "NETWORK")
        String network;

        @Override
        public Integer call() {
            options.runtime().status(options.load(network));
            System.err.println("network \"" + network + "\" is ready");
            return 0;
        }
    }

    @Command(name = "version", mixinStandardHelpOptions = true,
            description = "VERSION of every plugin of the network, and validation of the list's cniVersion.")
    static final class Version implements Callable<Integer> {
        @Mixin
        CniOptions options;

        @Parameters(index = "0", paramLabel = "NETWORK")
        String network;

        @Override
        public Integer call() {
            NetworkConfigList list = options.load(network);
            var runtime = options.runtime();
            ObjectNode out = Json.object();
            out.put("network", list.name());
            out.put("cniVersion", list.cniVersion().text());
            ObjectNode plugins = out.putObject("plugins");
            for (PluginConfig p : list.plugins()) {
                VersionInfo info = runtime.versionInfo(p.type());
                plugins.set(p.type(), info.encode());
            }
            var caps = runtime.validate(list);
            caps.forEach(out.putArray("capabilities")::add);
            System.out.println(Json.pretty(out));
            return 0;
        }
    }
}
