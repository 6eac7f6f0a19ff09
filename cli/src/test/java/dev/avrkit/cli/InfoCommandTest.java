package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
  @TempDir Path cache;

  CliRun run(String... args) {
    String[] a = new String[args.length + 2];
    a[0] = "info";
    a[1] = "--packs=" + CliRun.packs();
    System.arraycopy(args, 0, a, 2, args.length);
    return CliRun.run(cache, a);
  }

  @Test
  void memoryMapAndPeripherals() {
    CliRun r = run("ATMEGA4809");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("ATmega4809 (AVR MEGA, AVR8X = AVRxt core)")
        .contains("signature:   1E 96 51")
        .contains("flash    49152 bytes, page 128, mapped in data space at 0x4000")
        .contains("ram       6144 bytes at 0x2800")
        .containsPattern("USART3 +USART +data +0x0860");
  }

  @Test
  void registersFusesInterrupts() {
    CliRun r = run("atmega4809", "--peripheral", "tca0", "--fuses", "--interrupts");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("0x0A00 +SINGLE.CTRLA")
        .containsPattern("CLKSEL +\\[3:1\\]")
        .contains("OSCCFG.FREQSEL = 20MHZ")
        .containsPattern("7 +TCA0_LUNF = TCA0_OVF");
    CliRun uno = run("atmega328p", "--fuses", "-p", "WDT");
    assertThat(uno.out()).contains("HIGH.SPIEN = ").containsPattern("WDP +0x27");
  }

  @Test
  void json() {
    CliRun r = run("atmega4809", "--json", "--fuses", "-p", "PORTE");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"signature\": \"1E 96 51\"").contains("\"path\": \"DIRSET\"")
        .contains("\"address\": 1153").contains("\"FREQSEL\": \"20MHZ\"");
  }

  @Test
  void unknownNamesSuggest() {
    CliRun r = run("atmega4890");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: unknown device 'atmega4890'; did you mean ATmega4809").doesNotContain("at dev.");
    CliRun p = run("atmega4809", "-p", "USART4");
    assertThat(p.exit()).isEqualTo(2);
    assertThat(p.err()).contains("has no peripheral 'USART4'; did you mean USART0");
  }
}
