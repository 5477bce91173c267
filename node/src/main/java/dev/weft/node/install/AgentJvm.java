package dev.weft.node.install;

import java.util.List;

/**
 * The JVM flags of weft's long-running processes (the node agent, {@code weft cni serve}, {@code weft
 * cnm serve}, {@code weft dhcp daemon}): the {@code weft} launcher script repeats them
 * ({@code AgentJvmTest} keeps the two equal), and {@code weft bench cni} runs its agent on them.
 *
 * <p>Why: without them the JVM sizes itself for the machine, not for an agent. On 24 GB it starts
 * with a 384 MB heap (1/64 of RAM) that may grow to 6 GB (1/4), and the young generation's pages,
 * once touched, stay resident; {@code weft cni serve} reached 248 MB resident over 900 calls while
 * its live data is a few MB. A small heap that starts at 16 MB, may grow to 128 MB (large clusters'
 * policy snapshots) and is given back when mostly free bounds that part. Serial GC has no GC
 * threads and the least overhead per MB; 512 KB stacks halve each platform thread's reservation
 * (the agent never recurses deeply). C2 stays on: C1-only code costs the in-agent ADD
 * (docs/BENCHMARKS.md, "Agent footprint", has the figures).
 */
public final class AgentJvm {
    /** The flags, in the order the launcher script writes them. */
    public static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx128m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss512k", "-XX:TrimNativeHeapInterval=5000");

    private AgentJvm() {
    }
}
