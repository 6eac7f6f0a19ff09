package dev.avrkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code avrkit bench}: speed measurements of avrkit's parts (one subcommand per part). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: measure avrkit against its peers.",
    subcommands = {
      BenchSimCommand.class,
      BenchPacksCommand.class,
      BenchFlashCommand.class,
      BenchTestCommand.class,
      BenchCircuitCommand.class,
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
