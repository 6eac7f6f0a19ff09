package dev.avrkit.cli;

import dev.avrkit.device.Device;
import dev.avrkit.device.board.Board;
import dev.avrkit.sim.test.TestFirmware;
import dev.avrkit.sim.test.TestSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The on-target tests of a project for {@code avrkit test}: every test of every test binary (built
 * by {@code cargo test --no-run}) on the simulated board, one summary line each ({@code PASS},
 * {@code FAIL} with its report indented below, {@code SKIP} for ignored tests).
 */
final class OnTargetTests {
  private OnTargetTests() {}

  /** One test binary: its target name (tests/NAME.rs) and ELF. */
  record Binary(String name, Path elf) {}

  /** Counts of a run. */
  record Counts(int passed, int failed, int ignored) {
    Counts plus(Counts o) {
      return new Counts(passed + o.passed, failed + o.failed, ignored + o.ignored);
    }
  }

  /** Runs the tests of each binary; prints one line per test to {@code out}. */
  static Counts run(List<Binary> binaries, Device d, Optional<Board> b, PrintStream out) {
    long clock = b.map(Board::clockHz).orElse(16_000_000L);
    Map<String, Integer> fuses = b.map(Board::fuses).orElse(Map.of());
    long timeout = TestBinaries.defaultTimeout(clock);
    Counts all = new Counts(0, 0, 0);
    for (Binary bin : binaries) {
      TestFirmware fw = TestFirmware.load(bin.elf(), d, clock, fuses);
      int passed = 0, failed = 0, ignored = 0;
      for (TestFirmware.TestCase t : fw.tests()) {
        String label = String.format(Locale.ROOT, "%-10s %s", bin.name(), t.name());
        if (t.ignored()) {
          out.println("SKIP " + label + " (ignored)");
          ignored++;
          continue;
        }
        TestFirmware.Outcome o = fw.run(t, timeout);
        String failure = TestSession.judge(t, o);
        if (failure.isEmpty()) {
          out.printf(Locale.ROOT, "PASS %s (%d cycles)%n", label, o.cycles());
          passed++;
        } else {
          out.println("FAIL " + label);
          if (!o.output().isEmpty()) for (String l : o.output().replace("\r\n", "\n").split("\n")) out.println("    | " + l);
          for (String l : failure.split("\n")) out.println("    " + l);
          failed++;
        }
      }
      all = all.plus(new Counts(passed, failed, ignored));
    }
    return all;
  }
}
