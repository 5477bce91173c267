package dev.weft.cli.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code weft bench cni}'s switches as picocli reads them: a negatable boolean with default true
 * and no fallback value is a toggle in picocli ({@code --no-cluster-ipam} set it to true, so the
 * bench started etcd when told not to).
 */
class CniBenchCommandTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"''|true", "--cluster-ipam|true", "--no-cluster-ipam|false"})
    void clusterIpamDefaultsToOnAndCanBeTurnedOff(String option, boolean expected) {
        CniBenchCommand bench = new CniBenchCommand();
        new CommandLine(bench).parseArgs(option.isEmpty() ? new String[0] : new String[] {option});
        assertThat(bench.clusterIpam).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"''|10", "--cri-pods=0|0", "--cri-pods=3|3"})
    void criPodsDefaultToTen(String option, int expected) {
        CniBenchCommand bench = new CniBenchCommand();
        new CommandLine(bench).parseArgs(option.isEmpty() ? new String[0] : new String[] {option});
        assertThat(bench.criPods).isEqualTo(expected);
    }
}
