package dev.weft.overlay.udp;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.overlay.udp.datapath.DatapathKind;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The datapath process's command line, the inverse of {@link UdpOverlayConfig#toArgs()}: options as
 * {@code --name value} pairs. Kept free of an option library on purpose (picocli belongs to the
 * CLI module; this process is started by the agent with arguments it wrote itself). Errors name
 * the option.
 */
public final class UdpOverlayArgs {
    static final String USAGE = """
            weft-udp-datapath --subnet CIDR --gateway IP --cluster CIDR --uplink IP --peers FILE
                [--tun NAME] [--port N] [--mtu N] [--udp-datapath simple|batched|offload] [--queues N] [--stats FILE]
            weft-udp-datapath --probe     print which datapath features this kernel offers, and why not
            """;
    private static final Set<String> VALUED = Set.of("--tun", "--subnet", "--gateway", "--cluster", "--uplink", "--port", "--mtu",
            "--udp-datapath", "--queues", "--peers", "--stats");

    private UdpOverlayArgs() {
    }

    /** Parses {@code args} into a configuration; a missing, unknown or malformed option is an {@link IllegalArgumentException} naming it. */
    public static UdpOverlayConfig parse(List<String> args) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (!VALUED.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            v.put(name, args.get(++i));
        }
        return new UdpOverlayConfig(InterfaceName.of(v.getOrDefault("--tun", UdpOverlayConfig.DEFAULT_TUN)),
                Cidr.parse(required(v, "--subnet")), IpAddress.parse(required(v, "--gateway")), Cidr.parse(required(v, "--cluster")),
                IpAddress.parse(required(v, "--uplink")), integer(v, "--port", UdpOverlayConfig.DEFAULT_PORT), integer(v, "--mtu", 0),
                Optional.ofNullable(v.get("--udp-datapath")).map(DatapathKind::parse), integer(v, "--queues", 0),
                Path.of(required(v, "--peers")), Optional.ofNullable(v.get("--stats")).map(Path::of).orElse(null));
    }

    private static String required(Map<String, String> v, String option) {
        String s = v.get(option);
        if (s == null) {
            throw new IllegalArgumentException("missing " + option);
        }
        return s;
    }

    private static int integer(Map<String, String> v, String option, int dflt) {
        String s = v.get(option);
        if (s == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " \"" + s + "\" is not a number");
        }
    }
}
