package dev.weft.node.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft policy drops}' view: several nodes' files merged by time, a pod filter, JSON lines, following. */
class DropViewTest {
    @TempDir
    Path dir;

    private static DropRecord rec(long t, String node, String from, String to) {
        return new DropRecord(t, node, "ingress", "ingress_0a", "10.0.0." + t, from, "10.0.1." + t, to, "TCP", 80,
                "denied: pod " + to + " ingress is selected by x/deny; no rule allows TCP/80 from pod " + from);
    }

    @Test
    void nodesAreMergedByTimeFilteredByPodAndFollowed() throws Exception {
        DropFile n1 = new DropFile(dir.resolve("n1.jsonl"), DropFile.DEFAULT_MAX_BYTES);
        DropFile n2 = new DropFile(dir.resolve("n2.jsonl"), DropFile.DEFAULT_MAX_BYTES);
        n1.append(List.of(rec(3, "n1", "x/b", "x/a"), rec(5, "n1", "x/c", "x/d")));
        n2.append(List.of(rec(4, "n2", "x/a", "x/b")));
        DropView view = new DropView(List.of(n1.path(), n2.path()), Optional.of("x/a"), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        view.printAll(new PrintStream(out, true));
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).startsWith("TIME (UTC)");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("n1").contains("x/b").contains("x/a").contains("TCP/80")
                .contains("denied: pod x/a ingress is selected by x/deny");
        assertThat(lines.get(2)).contains("n2");

        n2.append(List.of(rec(9, "n2", "x/e", "x/a"), rec(10, "n2", "x/e", "x/f")));
        ByteArrayOutputStream more = new ByteArrayOutputStream();
        view.printNew(new PrintStream(more, true));
        assertThat(more.toString().lines().toList()).hasSize(1).allMatch(l -> l.contains("x/e"));
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        view.printNew(new PrintStream(none, true));
        assertThat(none.toString()).isEmpty();
    }

    @Test
    void jsonIsOneRecordALineThatParsesBack() throws Exception {
        DropFile f = new DropFile(dir.resolve("d.jsonl"), DropFile.DEFAULT_MAX_BYTES);
        f.append(List.of(rec(1, "n1", "x/b", "x/a")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DropView(List.of(f.path()), Optional.empty(), true).printAll(new PrintStream(out, true));
        assertThat(DropFile.parse(out.toString().strip())).contains(rec(1, "n1", "x/b", "x/a"));
    }
}
