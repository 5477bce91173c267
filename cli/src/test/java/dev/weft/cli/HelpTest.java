package dev.weft.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft --help} gives each command one complete line: its first description line is a sentence. */
class HelpTest {
    @Test
    void everyCommandSummaryIsACompleteSentence() {
        java.util.List<String> cut = new java.util.ArrayList<>();
        check(new CommandLine(new Main()), cut);
        assertThat(cut).as("summaries cut mid-sentence").isEmpty();
    }

    private static void check(CommandLine cmd, java.util.List<String> cut) {
        for (CommandLine sub : cmd.getSubcommands().values()) {
            String[] description = sub.getCommandSpec().usageMessage().description();
            if (description.length > 0 && !description[0].strip().matches("(?s).*[.)!]$")) {
                cut.add(sub.getCommandSpec().qualifiedName() + ": " + description[0]);
            }
            check(sub, cut);
        }
    }
}
