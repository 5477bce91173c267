package dev.weft.cli.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft agent}'s options as picocli reads them. */
class AgentCommandTest {

    /**
     * Masquerade on by default, off for clusters whose pod addresses are routable (issue #13,
     * item 12). A boolean option with default true used to be a toggle: {@code --ip-masq} alone
     * turned masquerade <em>off</em>, and {@code --no-ip-masq} was an unknown option.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''|true",
            "--ip-masq|true",
            "--ip-masq=true|true",
            "--ip-masq=false|false",
            "--no-ip-masq|false"})
    void ipMasqDefaultsToOnAndCanBeTurnedOff(String option, boolean expected) {
        AgentCommand agent = parse(option);
        assertThat(agent.ipMasq).isEqualTo(expected);
    }

    /** The other switches that default to on: the negated form turns them off, the plain one keeps them on. */
    @ParameterizedTest(name = "{0} -> policy {1}, drop log {2}")
    @CsvSource(delimiter = '|', value = {
            "''|true|true",
            "--no-policy|false|true",
            "--policy|true|true",
            "--no-drop-log|true|false",
            "--drop-log|true|true"})
    void policyAndDropLogDefaultToOnAndCanBeTurnedOff(String option, boolean policy, boolean dropLog) {
        AgentCommand agent = parse(option);
        assertThat(agent.policy).isEqualTo(policy);
        assertThat(agent.dropLog).isEqualTo(dropLog);
    }

    /** Reserved addresses per pool: 8 unless told, 0 turns them off. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''|8",
            "--ipam-reserve=32|32",
            "--ipam-reserve=0|0"})
    void ipamReserveDefaultsToEight(String option, int expected) {
        AgentCommand agent = parse(option);
        assertThat(agent.ipamReserve).isEqualTo(expected);
    }

    /** The routed pods' fast path: eBPF unless told. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''|EBPF",
            "--fast-path=nftables|NFTABLES",
            "--fast-path=off|OFF"})
    void theFastPathDefaultsToEbpf(String option, dev.weft.node.policy.FastPathMode expected) {
        assertThat(dev.weft.node.policy.FastPathMode.parse(parse(option).fastPath)).isEqualTo(expected);
    }

    /** {@code weft agent --public-ip 192.0.2.1} with {@code option} (none when empty), as picocli reads it. */
    private static AgentCommand parse(String option) {
        AgentCommand agent = new AgentCommand();
        String[] args = option.isEmpty() ? new String[] {"--public-ip", "192.0.2.1"}
                : new String[] {"--public-ip", "192.0.2.1", option};
        new CommandLine(agent).parseArgs(args);
        return agent;
    }
}
