package dev.avrkit.sim.avr8x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.sim.Avr8xBench;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ATmega4809 case of {@code avrkit bench sim} builds, runs and reports (a few rounds). */
class Avr8xBenchTest {
  @TempDir Path dir;

  @Test
  void periph4809RunsAndReports() {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Path elf = Avr8xBench.buildElf(dir, 50);
    var r = Avr8xBench.run(elf, 50, 1, null);
    // 25 DACREF conversions of 224 and 25 of GND
    assertThat(r.entries().get(0).output()).startsWith("periph " + String.format("%04x", 25 * 224) + " ");
    assertThat(r.cycles()).as("50 rounds of 7 TWI bytes at 16 cycles per bit").isGreaterThan(50L * 7 * 9 * 16);
    assertThat(Avr8xBench.format(r)).contains("ATmega4809 @ 16 MHz").contains("avrkit");
    assertThatThrownBy(() -> Avr8xBench.buildElf(dir, 0)).isInstanceOf(AvrkitException.class).hasMessageContaining("--rounds");
  }
}
