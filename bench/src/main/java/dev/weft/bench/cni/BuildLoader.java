package dev.weft.bench.cni;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Another build's weft classes in this JVM: weft's jars from that build's {@code build/lib}
 * (all but its bench jar), with this build's bench classes on top, so that this build's
 * {@link BreakdownRig} drives that build's plugins. Child-first for {@code dev.weft.*}; every
 * library (Jackson and the rest) comes from this JVM's class path, the same versions.
 */
final class BuildLoader extends URLClassLoader {
    private static final String WEFT = "dev.weft.";

    private BuildLoader(URL[] urls, ClassLoader parent) {
        super(urls, parent);
    }

    /** A loader over {@code lib}'s weft jars and this build's bench classes. */
    static BuildLoader of(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) {
            throw new IllegalArgumentException("--breakdown-against: " + lib + " is not a directory (a build's build/lib)");
        }
        List<URL> urls = new ArrayList<>();
        urls.add(ownCode());
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path j : jars.sorted().toList()) {
                String n = j.getFileName().toString();
                if (n.startsWith("weft-") && n.endsWith(".jar") && !n.startsWith("weft-bench-")) {
                    urls.add(j.toUri().toURL());
                }
            }
        }
        if (urls.size() < 2) {
            throw new IllegalArgumentException("--breakdown-against: no weft jars in " + lib);
        }
        return new BuildLoader(urls.toArray(URL[]::new), BuildLoader.class.getClassLoader());
    }

    private static URL ownCode() throws MalformedURLException {
        try {
            return BreakdownRig.class.getProtectionDomain().getCodeSource().getLocation().toURI().toURL();
        } catch (java.net.URISyntaxException e) {
            throw new MalformedURLException(e.getMessage());
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(WEFT)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name); // child first: this build's bench classes, then the other build's
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
