package dev.weft.cli.cni;

import picocli.CommandLine.Command;

/** {@code weft cni}: cnitool's reach, on weft's runtime. */
@Command(name = "cni", mixinStandardHelpOptions = true,
        description = {"Run CNI operations on a network namespace, like cnitool.",
                "Honours NETCONFPATH, CNI_PATH, CNI_IFNAME, CNI_ARGS and CAP_ARGS."},
        subcommands = {CniOps.Add.class, CniOps.Del.class, CniOps.Check.class, CniOps.Gc.class,
                CniOps.Status.class, CniOps.Version.class, NetnsCommand.class, ServeCommand.class})
public final class CniCommand {
}
