package dev.weft.cli.install;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code weft install}: put weft's plugins beside the reference ones. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install weft's CNI plugins (weft-host-local, weft-static, ...) into a CNI bin dir.")
public final class InstallCommand implements Callable<Integer> {
    @Option(names = "--cni-bin-dir", defaultValue = "/opt/cni/bin", description = "Where the executables go (default ${DEFAULT-VALUE}).")
    Path binDir;

    @Option(names = "--cni-conf-dir", description = "Config dir to create if missing (configs are not written).")
    Path confDir;

    @Option(names = "--lib-dir", defaultValue = "/opt/weft/lib", description = "Where weft's jars go (default ${DEFAULT-VALUE}).")
    Path libDir;

    @Option(names = "--from-lib", description = "The jars to install (default: the ones running this command).")
    Path fromLib;

    @Override
    public Integer call() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Installer installer = new Installer(javaHome);
        Path from = fromLib != null ? fromLib : runningLib();
        installer.installLib(from, libDir);
        for (Path p : installer.installPlugins(binDir, libDir)) {
            System.err.println("installed " + p);
        }
        if (confDir != null) {
            java.nio.file.Files.createDirectories(confDir);
        }
        return 0;
    }

    private static Path runningLib() throws Exception {
        Path jar = Path.of(InstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent();
    }
}
