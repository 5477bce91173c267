package dev.weft.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Throwaway network namespaces with unique names. Register it as a JUnit extension
 * ({@code @RegisterExtension static final Netns NS = new Netns();} or an instance field): a
 * namespace made during a test is removed after that test, one made in {@code @BeforeAll} after
 * the class, whether the test passed or not, together with every process still running inside
 * it (a daemon the test forgot, a stuck ping). Outside JUnit it is an {@link AutoCloseable}.
 */
public final class Netns implements BeforeEachCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {
    private final List<String> classScoped = new ArrayList<>();
    private final List<String> testScoped = new ArrayList<>();
    private volatile boolean inTest;

    /** Creates {@code prefix-XXXXXXXX} with {@code lo} up and returns its name (at most 15 + 9 chars). */
    public synchronized String create(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Proc.run("ip", "netns", "add", name).check();
        (inTest ? testScoped : classScoped).add(name);
        Proc.run("ip", "-n", name, "link", "set", "lo", "up").check();
        return name;
    }

    /** The path of a namespace made by {@link #create}. */
    public static String path(String name) {
        return "/run/netns/" + name;
    }

    /** Removes {@code name} now (and what runs inside it); a missing namespace is fine. */
    public static void delete(String name) {
        Proc.Result pids = Proc.run("ip", "netns", "pids", name);
        if (pids.ok()) {
            for (String pid : pids.out().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        Proc.run("ip", "netns", "del", name);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        inTest = false;
        removeAll(testScoped);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        removeAll(classScoped);
    }

    @Override
    public synchronized void close() {
        removeAll(testScoped);
        removeAll(classScoped);
    }

    private static void removeAll(List<String> names) {
        for (String n : names.reversed()) {
            delete(n);
        }
        names.clear();
    }
}
