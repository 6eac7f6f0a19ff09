package dev.avrkit.sim.avr8x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.UartConsole;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADC0, VREF and AC0 of the ATmega4809 against the data sheet (DS40002015), with a register-level
 * C program built by avr-gcc: the internal channels, pins driven through {@code machine.pins()},
 * and conversion times measured by the program itself with TCB0.
 */
class AnalogProgramsTest {
  @TempDir Path dir;

  private static final int[] DIV = {2, 4, 8, 16, 32, 64, 128, 256};

  static String run4809(Path elf, long cycles, java.util.function.Consumer<Machine> setup) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Machine m = Machine.builder(Avr8xTestSupport.atmega4809()).console(UartConsole.of(out, null)).fuse("OSCCFG", 1).build();
    m.load(FirmwareImage.load(elf));
    setup.accept(m);
    RunResult r = m.run(cycles);
    String text = out.toString(StandardCharsets.ISO_8859_1);
    assertThat(r.reason()).as(r.summary() + "\n" + text).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    return text;
  }

  /** The number printed after {@code key} ("presc 3 cycles 427" -> 427). */
  static long num(String text, String key) {
    Matcher mt = Pattern.compile(Pattern.quote(key) + " (\\d+)").matcher(text);
    assertThat(mt.find()).as("'" + key + "' in:\n" + text).isTrue();
    return Long.parseLong(mt.group(1));
  }

  @Test
  void adcChannelsTimingAndComparator() throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Avr8xTestSupport.resource(dir, "regs4809.h");
    Avr8xTestSupport.resource(dir, "common.h");
    Avr8xTestSupport.resource(dir, "periph4809.h");
    Path elf = Avr8xTestSupport.build4809(dir, "adc4809.c");
    String text = run4809(elf, 50_000_000L, m -> {
      m.pins().pin("PD3").setVoltage(2.5);
      m.pins().pin("PD2").setVoltage(0.8);
    });
    // the check: DACREF (AC0 reference 1.1 V, DACREF 255) at 10 bits against VDD = 5 V
    assertThat(text).as(text).contains("dacref 224 gnd 0\n");
    assertThat(text).contains("ain3 512\n"); // 2.5 V / 5 V x 1024
    // 13 CLK_ADC cycles per conversion at SAMPLEN 0 for every prescaler, plus the program's own
    // constant polling overhead (found from /2 and checked to be the same everywhere)
    long overhead = num(text, "presc 0 cycles") - 13 * 2;
    assertThat(overhead).as("STCONV write to the handler reading TCB0 (wake-up, entry, prologue)").isBetween(0L, 40L);
    for (int p = 0; p < 8; p++) {
      assertThat(num(text, "presc " + p + " cycles")).as("DIV" + DIV[p]).isEqualTo(13L * DIV[p] + overhead);
    }
    assertThat(num(text, "samplen 5 cycles")).isEqualTo((13 + 5) * 4 + overhead);
    assertThat(num(text, "samplen 31 cycles")).isEqualTo((13 + 31) * 4 + overhead);
    assertThat(num(text, "sampdly 3 cycles")).isEqualTo((13 + 3) * 4 + overhead);
    assertThat(num(text, "initdly first")).isEqualTo((13 + 16) * 4 + overhead);
    assertThat(num(text, "next")).isEqualTo(13 * 4 + overhead);
    assertThat(text).contains("8bit 56\n"); // 1.0957 V / 5 V x 256
    assertThat(text).contains("acc4 896 cycles " + (4 * 13 * 4 + overhead) + "\n");
    assertThat(text).contains("acc64 14336\n");
    assertThat(text).contains("window below 1 above 0\n");
    assertThat(num(text, "freerun")).as("1040 cycles / 26 per result").isBetween(39L, 40L);
    assertThat(text).contains("temp 298 K\n"); // 25 °C through SIGROW's calibration
    // PD2 = 0.8 V: below 1.096 V, above 0.55 V, below PD3 = 2.5 V, inverted; edges set CMP
    assertThat(text).contains("ac 0 1 0 1 cmp 1\n");
  }
}
