package dev.avrkit.cli;

import dev.avrkit.sim.SimBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code avrkit bench sim}: simulated MHz of avrkit versus simavr on one CPU-bound ELF. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Simulated MHz of avrkit and simavr on one CPU-bound ELF.",
      "CRC-32 rounds with a timer interrupt running, built with avr-gcc (or --elf), run on both",
      "simulators in the same run; prints simulated MHz of each and the ratio."
    })
public final class BenchSimCommand implements Callable<Integer> {
  @Option(names = "--rounds", description = "CRC-32 rounds over 256 bytes (default ${DEFAULT-VALUE})", defaultValue = "2000")
  int rounds;

  @Option(names = "--repeat", description = "runs per simulator, best counts (default ${DEFAULT-VALUE})", defaultValue = "3")
  int repeat;

  @Option(names = "--elf", description = "use this ATmega328P ELF instead of building the CRC-32 one")
  Path elf;

  @Option(names = "--no-simavr", description = "only run avrkit")
  boolean noSimavr;

  @Option(names = {"-v", "--verbose"}, description = "print every run")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("avrkit-bench");
    Path file = elf != null ? elf : SimBenchmark.buildElf(dir, rounds);
    SimBenchmark.Report r = SimBenchmark.run(file, rounds, repeat, !noSimavr, verbose ? System.err : null);
    System.out.print(SimBenchmark.format(r));
    return 0;
  }
}
