package dev.weft.cli.install;

import dev.weft.node.install.AotCache;
import dev.weft.node.install.Installer;
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

    @Option(names = "--shim", description = "The exec shim (weft-shim): plugins forward to the agent, the JVM path is the fallback.")
    Path shim;

    @Option(names = "--aot-cache", description = "Train and install a JDK AOT cache for the JVM path (a few seconds).")
    boolean aotCache;

    @Override
    public Integer call() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Installer installer = new Installer(javaHome);
        Path from = fromLib != null ? fromLib : runningLib();
        installer.installLib(from, libDir);
        if (aotCache) {
            AotCache.train(javaHome, libDir);
        }
        String classpath = libDir.toAbsolutePath() + "/*";
        if (shim != null && !java.nio.file.Files.isExecutable(shim)) {
            throw new IllegalArgumentException("--shim " + shim + " is not an executable file");
        }
        for (Path p : installer.installPlugins(binDir, classpath, Installer.aotCache(libDir),
                java.util.Optional.ofNullable(shim))) {
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
