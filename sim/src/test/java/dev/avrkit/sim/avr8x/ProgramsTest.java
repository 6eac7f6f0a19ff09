package dev.avrkit.sim.avr8x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.sim.StopReason;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Portable C programs built by Debian's avr-gcc for the ATmega4809 (avrxmega3 with our own
 * start-up) print what the same source prints built for this host and for the ATmega328P.
 */
class ProgramsTest {
  @TempDir Path dir;

  private void same(String program) throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    String host = Avr8xTestSupport.runOnHost(dir, program);
    Path elf = Avr8xTestSupport.build4809(dir, program);
    var run = Avr8xTestSupport.simulate(Avr8xTestSupport.atmega4809(), elf, 200_000_000L);
    assertThat(run.result().reason()).as(run.result().summary()).isEqualTo(StopReason.HALTED);
    assertThat(run.text()).isEqualTo(host);
    Path elf328 = Avr8xTestSupport.build328p(dir, program);
    var run328 = Avr8xTestSupport.simulate328(elf328);
    assertThat(run328.text()).isEqualTo(host);
  }

  @Test
  void arithmetic() throws Exception {
    same("arith.c");
  }

  @Test
  void sorting() throws Exception {
    same("sort.c");
  }
}
