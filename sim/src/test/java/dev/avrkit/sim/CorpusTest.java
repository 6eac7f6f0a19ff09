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

  /**
   * Timer2 from the 32.768 kHz crystal (async2.c) against the data sheet: update-busy flags after
   * the set-up writes, overflows 256 crystal clocks = 1953.125 TIMER1 (clk/64) clocks apart, and
   * in power-save only the asynchronous timer runs. simavr 1.6 agrees on the overflow period; it
   * has no update-busy flags and keeps the clk_IO timers running in power-save, so only the period
   * is compared with it.
   */
  @Test
  void timer2CountsTheWatchCrystal() throws Exception {
    Path elf = Tools.compile(dir, "async2", "atmega328p");
    String ours = Tools.avrkit(elf, "ATmega328P", 50_000_000, false);
    assertThat(Tools.avrkit(elf, "ATmega328P", 50_000_000, true)).isEqualTo(ours);
    String[] lines = ours.split("\n");
    assertThat(lines[0]).isEqualTo("busy polls yes");
    assertThat(lines[2]).isEqualTo("woken 10 times, timer1 moved little");
    int[] d = java.util.Arrays.stream(lines[1].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    assertThat(d).hasSize(9).containsOnly(1953, 1954);
    int sum = java.util.Arrays.stream(d).sum();
    assertThat(sum).isBetween(17578, 17579); // 9 x 1953.125
    String[] sim = Tools.simavr(elf, "atmega328p").split("\n");
    assertThat(java.util.Arrays.stream(sim[1].trim().split(" ")).mapToInt(Integer::parseInt).sum()).isEqualTo(sum);
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
