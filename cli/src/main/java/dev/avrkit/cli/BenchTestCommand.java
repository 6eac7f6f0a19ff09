package dev.avrkit.cli;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import dev.avrkit.sim.test.TestFirmware;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code avrkit bench test}: how fast the on-target test runner runs a test binary's tests. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Wall time of the on-target test runner on one test binary (cargo test's ELF), build excluded:",
      "loading it (device model, ELF, simulated board), listing its tests, and running each from reset,",
      "the first time (cold: the JVM compiles the simulator) and the best of --repeat more rounds;",
      "then the wall time of whole runs as cargo test makes them (avrkit run ELF through the avrkit launcher,",
      "JVM start included) against the goal of 5 s.",
      "A test binary with 50 small tests: write tests/fifty.rs with `avrkit bench test --write-source`."
    })
public final class BenchTestCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "TEST-ELF", description = "the test binary (target/avr-none/debug/deps/NAME-HASH.elf)")
  Path elf;

  @Option(names = "--board", paramLabel = "BOARD", description = "the board it is built for (default ${DEFAULT-VALUE})", defaultValue = "nano-every")
  String board;

  @Option(names = "--repeat", description = "warm rounds after the first (default ${DEFAULT-VALUE})", defaultValue = "5")
  int repeat;

  @Option(names = "--runs", description = "whole runs through the launcher to time (default ${DEFAULT-VALUE}; 0: none)", defaultValue = "5")
  int runs;

  /** The goal for a whole run of 50 small tests, build excluded. */
  static final double GOAL_SECONDS = 5;

  @Option(names = "--write-source", paramLabel = "N", description = "print a test file with N small tests (tests/NAME.rs of a project) and stop")
  Integer writeSource;

  @Override
  public Integer call() {
    if (writeSource != null) {
      if (writeSource < 1 || writeSource > 1000) throw new AvrkitException("--write-source " + writeSource + ": give 1 to 1000 tests");
      System.out.print(dev.avrkit.codegen.project.TestHarness.benchRs(writeSource, true));
      return 0;
    }
    if (elf == null) throw new AvrkitException("give the test binary to measure (cargo test --no-run prints its path), or --write-source N");
    if (!Files.isRegularFile(elf)) throw new AvrkitException(elf + ": no such file; give the test binary's ELF");
    if (repeat < 0 || repeat > 1000) throw new AvrkitException("--repeat " + repeat + ": give 0 to 1000 rounds");
    Board b = Boards.named(board);
    long t0 = System.nanoTime();
    Device d = DeviceCatalog.fromEnvironment().device(b.device());
    long t1 = System.nanoTime();
    TestFirmware fw = TestFirmware.load(elf, d, b.clockHz(), b.fuses());
    long t2 = System.nanoTime();
    List<TestFirmware.TestCase> tests = fw.tests();
    long t3 = System.nanoTime();
    long timeout = TestBinaries.defaultTimeout(b.clockHz());
    long cycles = 0;
    for (TestFirmware.TestCase t : tests) cycles += fw.run(t, timeout).cycles();
    long t4 = System.nanoTime();
    List<Long> warm = new ArrayList<>();
    for (int r = 0; r < repeat; r++) {
      long s = System.nanoTime();
      for (TestFirmware.TestCase t : tests) fw.run(t, timeout);
      warm.add(System.nanoTime() - s);
    }
    long best = warm.stream().mapToLong(Long::longValue).min().orElse(t4 - t3);
    System.out.printf(Locale.ROOT, "%s: %d tests, %d simulated cycles in all (%s)%n", elf.getFileName(), tests.size(), cycles, b.device());
    System.out.printf(Locale.ROOT, "  device model    %8.1f ms%n", ms(t1 - t0));
    System.out.printf(Locale.ROOT, "  load ELF        %8.1f ms  (simulated board built, flash loaded)%n", ms(t2 - t1));
    System.out.printf(Locale.ROOT, "  list tests      %8.1f ms%n", ms(t3 - t2));
    System.out.printf(Locale.ROOT, "  run all (cold)  %8.1f ms  (%.2f ms a test)%n", ms(t4 - t3), ms(t4 - t3) / Math.max(1, tests.size()));
    if (repeat > 0) {
      System.out.printf(Locale.ROOT, "  run all (warm)  %8.1f ms  (best of %d; %.3f ms a test: reset + run)%n", ms(best), repeat,
          ms(best) / Math.max(1, tests.size()));
    }
    System.out.printf(Locale.ROOT, "  total (cold)    %8.1f ms  (in this JVM)%n", ms(t4 - t0));
    if (runs > 0) return wholeRuns(tests.size());
    return 0;
  }

  /** Times {@code avrkit run --board B ELF} (what cargo test runs) through the launcher script. */
  private int wholeRuns(int count) {
    String launcher = System.getenv("AVRKIT_LAUNCHER");
    if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
      System.out.println("  whole run       (not timed: run avrkit through its launcher script, which sets AVRKIT_LAUNCHER)");
      return 0;
    }
    List<Double> secs = new ArrayList<>();
    int failed = 0;
    for (int i = 0; i < runs; i++) {
      long s = System.nanoTime();
      try {
        Process p = new ProcessBuilder(launcher, "run", "--board", board, elf.toAbsolutePath().toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        if (rc != 0 && rc != dev.avrkit.sim.test.TestSession.FAILED_EXIT) failed++;
      } catch (java.io.IOException e) {
        throw new AvrkitException("cannot run " + launcher + " (" + e.getMessage() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
      secs.add((System.nanoTime() - s) / 1e9);
    }
    if (failed > 0) throw new AvrkitException(failed + " of " + runs + " runs of avrkit run " + elf + " did not finish their tests");
    List<Double> sorted = secs.stream().sorted().toList();
    double best = sorted.get(0), median = sorted.get(sorted.size() / 2), worst = sorted.get(sorted.size() - 1);
    System.out.printf(Locale.ROOT, "  whole run       %8.3f s best, %.3f s median, %.3f s worst of %d  (avrkit run --board %s ELF,%n"
        + "                  JVM start included: what cargo test runs after the build)%n", best, median, worst, runs, board);
    boolean ok = median < GOAL_SECONDS;
    System.out.printf(Locale.ROOT, "  goal            %s: %d tests in %.3f s (median) against %.0f s%n", ok ? "met" : "MISSED", count, median,
        GOAL_SECONDS);
    return 0;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
