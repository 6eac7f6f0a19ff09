package dev.avrkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code avrkit bench sim}'s ATmega328P programs build, run on avrkit and on simavr, and both
 * simulators print the same line (a few rounds, so the test is quick; the speed itself is the
 * bench's business, not a test's).
 */
class SimBenchmarkTest {
  @TempDir Path dir;

  static boolean have(String tool) {
    try {
      return new ProcessBuilder(tool, "--help").redirectErrorStream(true).start().waitFor() >= 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void crc32AgreesWithSimavr() {
    assumeTrue(have("avr-gcc") && have("simavr"), "avr-gcc and simavr not installed");
    Path elf = SimBenchmark.buildElf(dir, "crc32", 20);
    SimBenchmark.Report r = SimBenchmark.run(elf, "crc32", 20, 1, true, null);
    SimBenchmark.Entry avrkit = r.entries().get(0);
    assertThat(avrkit.simulator()).isEqualTo("avrkit");
    assertThat(avrkit.output()).matches("crc32 [0-9a-f]{8}");
    assertThat(r.entries()).filteredOn(e -> e.simulator().equals("simavr")).singleElement()
        .satisfies(e -> assertThat(e.output()).isEqualTo(avrkit.output()));
    assertThat(r.cycles()).as("20 rounds over 256 bytes, some cycles per byte").isGreaterThan(20L * 256 * 8);
    assertThat(SimBenchmark.format(r)).contains("x 20 rounds").contains("simavr");
  }
}
