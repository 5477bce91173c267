package dev.weft.testkit;

import java.nio.file.Path;

/** The JVM running the tests, for tests that start weft in a child JVM. */
public final class Jvm {
    private Jvm() {
    }

    /** The test classpath as surefire sets it, falling back to this JVM's. */
    public static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
    }

    /** This JVM's {@code java} executable. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
