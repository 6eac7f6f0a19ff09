package dev.avrkit.sim.avr8x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.sim.StopReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that prints a line and ends at once (its last bytes still in the USART's data buffer
 * and shift register) shows the whole line on the console, on both families and for each way a
 * program ends; on the ATmega328P simavr (which prints each byte when UDR is written) agrees.
 */
class LastBytesTest {
  @TempDir Path dir;

  private static final String LINE = "arith ffbae609\n";

  @ParameterizedTest
  @CsvSource({"EXIT,HALTED", "SLEEP,SLEEP_INTERRUPTS_OFF", "BREAK,BREAK"})
  void transmittersFinishWhenTheProgramEnds(String end, StopReason reason) throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Path elf4809 = Avr8xTestSupport.build4809(dir, "lastbytes.c", "-DEND_" + end);
    var on4809 = Avr8xTestSupport.simulate(Avr8xTestSupport.atmega4809(), elf4809, 50_000_000L);
    assertThat(on4809.result().reason()).as(on4809.result().summary()).isEqualTo(reason);
    assertThat(on4809.text()).isEqualTo(LINE);
    assertThat(on4809.machine().cpu().cycle())
        .as("the USART ran on after the program ended")
        .isGreaterThan(on4809.result().cycles());

    Avr8xTestSupport.resource(dir, "console.h");
    Path src = Avr8xTestSupport.resource(dir, "lastbytes.c");
    Path elf328 = dir.resolve("lastbytes-" + end + "-328p.elf");
    List<String> cmd = new ArrayList<>(List.of("avr-gcc", "-mmcu=atmega328p", "-Os", "-DF_CPU=16000000UL",
        "-DEND_" + end, "-I" + dir, "-o", elf328.toString(), src.toString()));
    Avr8xTestSupport.run(cmd, dir);
    var on328 = Avr8xTestSupport.simulate328(elf328);
    assertThat(on328.result().reason()).as(on328.result().summary()).isEqualTo(reason);
    assertThat(on328.text()).isEqualTo(LINE);
    if (end.equals("SLEEP")) { // simavr ends only this way (it loops on "cli; rjmp ." and BREAK)
      assertThat(Avr8xTestSupport.simavr(elf328, "atmega328p")).isEqualTo(on328.text());
    }
  }
}
