package dev.avrkit.cli;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.sim.Avr8xBench;
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
      "simulators in the same run; prints simulated MHz of each and the ratio.",
      "periph4809: ADC0 conversions and 1 MHz TWI0 transfers on the ATmega4809 (avrkit only:",
      "no other simulator runs it)."
    })
public final class BenchSimCommand implements Callable<Integer> {
  @Option(names = "--program", description = "crc32, periph or periph4809 (default ${DEFAULT-VALUE})", defaultValue = "crc32")
  String program;

  @Option(names = "--rounds", description = "crc32: CRC-32 rounds over 256 bytes (default 20000: about half a second in avrkit, long enough to leave JIT warm-up behind); periph: TIMER1 overflows of 4,194,304 cycles (default 20); periph4809: conversion + TWI exchange rounds (default 20000)")
  Integer rounds;

  @Option(names = "--repeat", description = "runs per simulator, best counts (default ${DEFAULT-VALUE})", defaultValue = "3")
  int repeat;

  @Option(names = "--elf", description = "use this ELF (ATmega328P; ATmega4809 with periph4809) instead of building the program")
  Path elf;

  @Option(names = "--no-simavr", description = "only run avrkit")
  boolean noSimavr;

  @Option(names = {"-v", "--verbose"}, description = "print every run")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("avrkit-bench");
    if (program.equals("periph4809")) {
      int n = rounds != null ? rounds : Avr8xBench.DEFAULT_ROUNDS;
      Path file = elf != null ? elf : Avr8xBench.buildElf(dir, n);
      System.out.print(Avr8xBench.format(Avr8xBench.run(file, n, repeat, verbose ? System.err : null)));
      return 0;
    }
    if (!SimBenchmark.PROGRAMS.contains(program)) {
      throw new AvrkitException("no benchmark program '" + program + "'; choose one of "
          + String.join(", ", SimBenchmark.PROGRAMS) + ", periph4809");
    }
    int n = rounds != null ? rounds : SimBenchmark.defaultRounds(program);
    Path file = elf != null ? elf : SimBenchmark.buildElf(dir, program, n);
    SimBenchmark.Report r = SimBenchmark.run(file, program, n, repeat, !noSimavr, verbose ? System.err : null);
    System.out.print(SimBenchmark.format(r));
    return 0;
  }
}
