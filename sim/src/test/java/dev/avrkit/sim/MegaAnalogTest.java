package dev.avrkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.avrkit.image.FirmwareImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ATmega328P's ADC and analog comparator, with register-level C programs built by avr-gcc.
 * simavr (1.6) is the oracle for what it can be given from the command line: the bandgap, GND
 * and an unconnected input (simavr takes input voltages only through its C IRQ API, so every pin
 * reads 0 V there, as a floating pin does here; its {@code -i} VCD input names IRQs by a
 * four-character ioctl, and the ADC's is "adc " with a space, which a VCD name cannot carry),
 * with the supplies set by the program's .mmcu records. simavr scales by 1023 where the data
 * sheet says 1024 (ADC = Vin * 1024 / Vref), so with inputs the two would differ by up to 1 LSB. Input voltages, conversion timing, triggers and sleep are checked against the data
 * sheet's numbers instead: simavr 1.6 converts in exactly 13/25 ADC clocks from the ADSC write
 * (no prescaler edge), does not clear ADIF when a one is written to it, implements no trigger
 * but free running and starts no conversion in ADC noise reduction sleep.
 */
class MegaAnalogTest {
  @TempDir static Path dir;

  private static final String MMCU = "-Wl,--section-start=.mmcu=0x910000";

  @Test
  void adcAgreesWithSimavrOnTheInternalChannels() throws Exception {
    Path[] elf = compileWithMmcu("adc");
    String ours = Tools.avrkit(elf[1], "ATmega328P", 50_000_000, false);
    // data sheet: ADC = Vin * 1024 / Vref; the 1.1 V bandgap with 5 V AVcc = 225, GND = 0
    assertThat(ours)
        .isEqualTo("isr 1 value 225 adif 0\nvbg 225 gnd 0 adc0 0 vbg/1.1V 1023\nadlar 56 64 adif 1\ndone\n");
    assertThat(Tools.simavr(elf[0], "atmega328p")).isEqualTo(ours);
  }

  @Test
  void conversionTimingTriggersAndNoiseReductionSleep() throws Exception {
    Path elf = compileWithMmcu("adc", "-DTIMING")[1];
    String out = Tools.avrkit(elf, "ATmega328P", 50_000_000, false);
    // /128: 25 ADC clocks for the first conversion after ADEN, 13 after, plus up to one ADC clock
    // to the next prescaler edge and the polling loop
    int first = number(out, "first (\\d+)"), normal = number(out, "normal (\\d+)");
    assertThat(first).isBetween(25 * 128, 26 * 128 + 16);
    assertThat(normal).isBetween(13 * 128, 14 * 128 + 16);
    assertThat(out).contains(" adif cleared 0\n");
    // free running at /16: one result every 13 * 16 cycles after the 25-clock first one
    assertThat(number(out, "free running (\\d+)")).isBetween((20000 - 25 * 16) / 208, (20000 - 25 * 16) / 208 + 2);
    // TIMER0 overflow every 16384 cycles: five rising edges, the fifth ends the loop before its
    // conversion completes; with TOV0 left set only the first edge triggers
    assertThat(out).contains("timer0 triggered 4\nflag not cleared 1\n");
    assertThat(out).contains("noise reduction isr 1 value 225\n");
  }

  @Test
  void everyChannelReadsTheVoltageOnItsPin() throws Exception {
    Path elf = Tools.compile(dir, "adc_inputs", "atmega328p");
    double[] volts = {0.0, 0.5, 1.25, 2.5, 3.3, 4.99, 1.1, 5.0};
    String out =
        run(elf, m -> {
          for (int ch = 0; ch < 6; ch++) m.pins().pin("PC" + ch).setVoltage(volts[ch]);
          m.pins().addAnalogPin("ADC6").setVoltage(volts[6]);
          m.pins().addAnalogPin("ADC7").setVoltage(volts[7]);
          m.pins().addAnalogPin("AREF").setVoltage(2.5);
        });
    StringBuilder avcc = new StringBuilder("avcc"), aref = new StringBuilder("aref"), in11 = new StringBuilder("1v1");
    for (double v : volts) {
      avcc.append(' ').append(Math.min(1023, (int) Math.floor(v * 1024 / 5.0 + 1e-9)));
      aref.append(' ').append(Math.min(1023, (int) Math.floor(v * 1024 / 2.5 + 1e-9)));
      in11.append(' ').append(Math.min(1023, (int) Math.floor(v * 1024 / 1.1 + 1e-9)));
    }
    assertThat(out).isEqualTo(avcc + "\n" + aref + "\n" + in11 + "\ncomparator 1 0 isr 1\ndone\n");
  }

  /**
   * Compiles a corpus program that carries simavr's .mmcu records (supply voltages) at simavr's
   * usual address; returns the ELF for simavr and a copy without that section for avrkit (whose
   * loader rightly refuses bytes outside every AVR memory).
   */
  static Path[] compileWithMmcu(String program, String... extra) throws Exception {
    String[] args = new String[extra.length + 1];
    args[0] = MMCU;
    System.arraycopy(extra, 0, args, 1, extra.length);
    Path elf = Tools.compile(dir, program, "atmega328p", args);
    Path stripped = elf.resolveSibling(elf.getFileName().toString().replace(".elf", "-nommcu.elf"));
    Tools.run(java.util.List.of("avr-objcopy", "-R", ".mmcu", elf.toString(), stripped.toString()), dir, null, 60);
    return new Path[] {elf, stripped};
  }

  private static int number(String out, String regex) {
    Matcher mt = Pattern.compile(regex).matcher(out);
    assertThat(mt.find()).as(regex + " in " + out).isTrue();
    return Integer.parseInt(mt.group(1));
  }

  private static String run(Path elf, Consumer<Machine> setup) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Machine m = Machine.builder(Tools.device("ATmega328P")).console(UartConsole.of(out, null)).build();
    m.load(FirmwareImage.load(elf));
    setup.accept(m);
    RunResult r = m.run(50_000_000);
    assertEquals(StopReason.SLEEP_INTERRUPTS_OFF, r.reason(), () -> r.summary() + "\noutput: " + out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
