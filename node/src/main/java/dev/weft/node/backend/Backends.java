package dev.weft.node.backend;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The backends on this agent's class path ({@link ServiceLoader}: {@code META-INF/services} and
 * {@code provides} in {@code module-info.java}), by name. A new backend is a factory class and one
 * line in those two files; nothing here changes.
 */
public final class Backends {
    private Backends() {
    }

    /** Every backend found, by name. */
    public static Map<String, BackendFactory> all() {
        Map<String, BackendFactory> out = new TreeMap<>();
        for (BackendFactory f : ServiceLoader.load(BackendFactory.class, Backends.class.getClassLoader())) {
            BackendFactory previous = out.put(f.name(), f);
            if (previous != null && previous.getClass() != f.getClass()) {
                throw new IllegalStateException("two backends are called \"" + f.name() + "\": "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return out;
    }

    /** The backend called {@code name}; an error naming the ones there are otherwise. */
    public static BackendFactory named(String name) {
        Map<String, BackendFactory> all = all();
        BackendFactory f = all.get(name);
        if (f == null) {
            throw new IllegalStateException("backend \"" + name + "\" is not supported by this agent (it has "
                    + String.join(", ", all.keySet()) + ")");
        }
        return f;
    }
}
