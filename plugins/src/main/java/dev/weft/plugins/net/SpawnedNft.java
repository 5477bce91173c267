package dev.weft.plugins.net;

import dev.weft.netlink.sys.Spawn;
import dev.weft.nft.NftCli;
import dev.weft.nft.NftException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts {@code nft} (and {@code nsenter}) with one {@code posix_spawn} ({@link Spawn}) instead of
 * the JVM's {@code ProcessBuilder}, which execs {@code jspawnhelper} first: a second exec per nft
 * run, about half of what starting nft costs the agent (measured from the JVM on a loaded 2-core
 * machine: 80 ms per {@code /bin/true} through ProcessBuilder, 38 ms with one vfork+exec). Every
 * weft-portmap ADD and DEL runs nft once, so this is most of what is left of their time.
 *
 * <p>Hazard: {@link Spawn} blocks in {@code poll}/{@code waitpid} inside native code, which pins a
 * virtual thread's carrier; called from a virtual thread (the agent's requests), the spawn runs on
 * a platform thread of its own and the virtual thread waits for it, unmounted.
 */
final class SpawnedNft implements NftCli.Runner {
    static final SpawnedNft INSTANCE = new SpawnedNft();

    private final Map<String, Path> programs = new ConcurrentHashMap<>();

    private SpawnedNft() {
    }

    @Override
    public NftCli.Output run(List<String> cmd, byte[] stdin) {
        List<String> argv = new ArrayList<>(cmd);
        argv.set(0, program(cmd.getFirst()).toString());
        if (!Thread.currentThread().isVirtual()) {
            return spawn(argv, stdin);
        }
        AtomicReference<Object> box = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("weft-nft-spawn").start(() -> {
            try {
                box.set(spawn(argv, stdin));
            } catch (RuntimeException e) {
                box.set(e);
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NftException("interrupted running nft", e);
        }
        if (box.get() instanceof RuntimeException e) {
            throw e;
        }
        return (NftCli.Output) box.get();
    }

    private static NftCli.Output spawn(List<String> argv, byte[] stdin) {
        Spawn.Result r = Spawn.run(argv, System.getenv(), stdin);
        return new NftCli.Output(r.exit(), new String(r.stdout(), StandardCharsets.UTF_8),
                new String(r.stderr(), StandardCharsets.UTF_8));
    }

    /** The program's path: the first executable of that name on the PATH (posix_spawn does not search). */
    private Path program(String name) {
        return programs.computeIfAbsent(name, n -> {
            String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, n);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
            throw new NftException("cannot run " + n + ": not found on the PATH (is the nftables package installed?)");
        });
    }
}
