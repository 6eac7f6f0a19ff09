package dev.avrkit.cli;

import dev.avrkit.sim.SimBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code avrkit bench sim}: simulated MHz of avrkit versus simavr on one ELF. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Simulated MHz of avrkit and simavr on one ELF.",
      "crc32: CRC-32 rounds with a timer interrupt running; periph: ADC conversions and TWI",
      "transfers for a fixed simulated time. Built with avr-gcc (or --elf), run on both",
      "simulators in the same run; prints simulated MHz of each and the ratio."
    })
public final class BenchSimCommand implements Callable<Integer> {
  @Option(names = "--program", description = "crc32 or periph (default ${DEFAULT-VALUE})", defaultValue = "crc32")
  String program;

  @Option(names = "--rounds", description = "crc32: CRC-32 rounds over 256 bytes (default 2000); periph: TIMER1 overflows of 4,194,304 cycles (default 20)")
  Integer rounds;

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
    int n = rounds != null ? rounds : SimBenchmark.defaultRounds(program);
    Path file = elf != null ? elf : SimBenchmark.buildElf(dir, program, n);
    SimBenchmark.Report r = SimBenchmark.run(file, program, n, repeat, !noSimavr, verbose ? System.err : null);
    System.out.print(SimBenchmark.format(r));
    return 0;
  }
}
