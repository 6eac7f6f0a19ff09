package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code avrkit NAME ...} builds only the named command (start-up time); it must behave exactly as
 * the full command tree: same usage text for every command and subcommand, same answers to
 * options, help and mistyped names.
 */
class MainTest {
  @TempDir Path cache;

  /** Every command and nested subcommand of the full tree, by qualified name ("avrkit packs list"). */
  static void collect(CommandLine cl, Map<String, String> usage) {
    usage.put(cl.getCommandSpec().qualifiedName(), cl.getUsageMessage());
    cl.getSubcommands().values().forEach(c -> collect(c, usage));
  }

  @Test
  void eachCommandAloneHasTheUsageOfTheFullTree() {
    CommandLine full = new CommandLine(new Main());
    Map<String, String> usage = new java.util.TreeMap<>();
    collect(full, usage);
    int commands = 0;
    for (Map.Entry<String, CommandLine> e : full.getSubcommands().entrySet()) {
      String name = e.getKey();
      if (e.getValue().getCommand() instanceof CommandLine.HelpCommand) {
        assertThat(Main.withOnly(name)).as("help goes to the full tree").isNull();
        continue;
      }
      CommandLine alone = Main.withOnly(name);
      assertThat(alone).as(name).isNotNull();
      assertThat(alone.getSubcommands()).as(name).containsOnlyKeys(name);
      Map<String, String> aloneUsage = new java.util.TreeMap<>();
      collect(alone.getSubcommands().get(name), aloneUsage);
      assertThat(aloneUsage).as(name).isNotEmpty();
      aloneUsage.forEach((q, u) -> assertThat(u).as(q).isEqualTo(usage.get(q)));
      commands += aloneUsage.size();
    }
    assertThat(commands).as("commands compared").isGreaterThan(15);
  }

  @Test
  void optionsHelpAndMistakesStillGoToTheFullTree() {
    assertThat(Main.withOnly("--help")).isNull();
    assertThat(Main.withOnly("inf")).isNull();
    CliRun help = CliRun.run(cache, "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("info", "devices", "sim", "flash");
    CliRun version = CliRun.run(cache, "--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("avrkit ");
    CliRun typo = CliRun.run(cache, "inof", "atmega4809");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err()).startsWith("error: ").contains("info");
    CliRun infoHelp = CliRun.run(cache, "info", "--help");
    assertThat(infoHelp.exit()).isZero();
    assertThat(infoHelp.out()).startsWith("Usage: avrkit info ");
    CliRun helpInfo = CliRun.run(cache, "help", "info");
    assertThat(helpInfo.out()).isEqualTo(infoHelp.out());
  }
}
