package dev.avrkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * C programs compiled by avr-gcc for the ATmega328P, run in avrkit and in simavr: the console
 * output must be the same (cycles.c prints TIMER1-measured cycle counts, timers.c interrupt
 * counts, selfprog.c SPM page erase/fill/write, extclock.c TIMER0/1 counting T0/T1 pin edges). avrkit runs each program twice, with the pre-decoded fast path and with the plain
 * interpreter.
 */
class CorpusTest {
  @TempDir static Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"arith", "sort", "timers", "cycles", "uart_irq", "extint", "selfprog", "extclock", "bench/crc32"})
  void sameOutputAsSimavr(String program) throws Exception {
    Path elf = Tools.compile(dir, program, "atmega328p");
    String ours = Tools.avrkit(elf, "ATmega328P", 50_000_000, false);
    String plain = Tools.avrkit(elf, "ATmega328P", 50_000_000, true);
    String simavr = Tools.simavr(elf, "atmega328p");
    assertThat(ours).matches("(?s).*(done|crc32 [0-9a-f]{8})\n");
    assertThat(plain).isEqualTo(ours);
    assertThat(ours).isEqualTo(simavr);
  }

  @Test
  void cycleCountsMatchTheInstructionTables() throws Exception {
    // measure_loop: lds, lds, ldi, then 100 x (sts 2 + subi 1 + cpi 1 + brne 2) - 1 = 604 cycles
    Path elf = Tools.compile(dir, "cycles", "atmega328p");
    assertThat(Tools.avrkit(elf, "ATmega328P", 50_000_000, false)).startsWith("loop 604\n");
  }

  /** INT0 sense control against the datasheet (simavr 1.6 miscounts these edges). */
  @ParameterizedTest
  @ValueSource(strings = {"1:10", "2:5", "3:5"})
  void int0SenseControl(String modeAndCount) throws Exception {
    String[] mc = modeAndCount.split(":");
    Path elf = Tools.compile(dir, "extint", "atmega328p", "-DPRINT_INT0", "-DINT0_MODE=" + mc[0]);
    assertThat(Tools.avrkit(elf, "ATmega328P", 50_000_000, false))
        .startsWith("int0 " + mc[1] + "\npcint0 10 pcint2 10\n");
  }
}
