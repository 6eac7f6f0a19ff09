package dev.avrkit.cli;

import dev.avrkit.device.Device;
import dev.avrkit.sim.test.TestFirmware;
import dev.avrkit.sim.test.TestSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs test binaries (the avrkit_test harness) on the simulated board: for avrkit run and avrkit test. */
final class TestBinaries {
  private TestBinaries() {}

  /** The default time-out of a test: 10 s of simulated time at the board's clock. */
  static long defaultTimeout(long clockHz) {
    return 10 * clockHz;
  }

  /** {@code avrkit run TEST-ELF [libtest args]} (cargo test): libtest's report; 0 or 101. */
  static int runOne(Path elf, Device d, long clockHz, Map<String, Integer> fuses, List<String> args, PrintStream out) {
    TestSession.Options o = TestSession.Options.parse(args, defaultTimeout(clockHz));
    TestFirmware fw = TestFirmware.load(elf, d, clockHz, fuses);
    TestSession.Summary s = TestSession.run(fw, o, out);
    return s.ok() ? 0 : TestSession.FAILED_EXIT;
  }
}
