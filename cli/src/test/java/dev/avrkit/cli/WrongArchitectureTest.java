package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ATmega328P build (avr-gcc's avr5) is refused for the ATmega4809 by {@code avrkit sim} and
 * {@code avrkit run} with the error {@code avrkit flash} gives (same check, same words); --force
 * runs it anyway.
 */
class WrongArchitectureTest {
  @TempDir static Path dir;
  static Path avr5;
  static Path avrxmega3;

  @BeforeAll
  static void build() throws Exception {
    // the smallest program: "cli; rjmp ." at the reset vector, no start-up code
    Path src = Files.writeString(dir.resolve("t.c"), "__attribute__((naked, section(\".vectors\")))"
        + " void start(void) { __asm__ volatile(\"cli\\n1: rjmp 1b\"); }\n");
    avr5 = dir.resolve("uno.elf");
    avrxmega3 = dir.resolve("every.elf");
    assumeTrue(gcc("-mmcu=atmega328p", avr5, src), "avr-gcc not installed");
    assumeTrue(gcc("-mmcu=avrxmega3", avrxmega3, src), "avr-gcc not installed");
  }

  private static boolean gcc(String mcu, Path out, Path src) {
    try {
      Process p = new ProcessBuilder("avr-gcc", mcu, "-Os", "-nostartfiles", "-o", out.toString(), src.toString())
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static CliRun run(String... args) {
    return CliRun.run(dir.resolve("cache"), args);
  }

  /** Exit 2 with an error line naming {@code thing}, no stack trace. */
  private static CliRun refused(String thing, String... args) {
    CliRun r = run(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
    assertThat(errorLine(r)).contains(thing);
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("internal error");
    return r;
  }

  private static String errorLine(CliRun r) {
    return r.err().lines().filter(l -> l.startsWith("error: ")).findFirst()
        .orElseThrow(() -> new AssertionError("no error line in\n" + r.err()));
  }

  @Test
  void simAndRunRefuseItAsFlashDoesUnlessForced() {
    CliRun flash = run("flash", avr5.toString(), "--device", "atmega4809", "-c", "serialupdi", "-P", "/dev/avrkit-no-such-port");
    assertThat(flash.exit()).isEqualTo(2);
    String refused = errorLine(flash);
    assertThat(refused).contains("uno.elf: the image was built for avr5", "needs avrxmega3 code");

    CliRun sim = refused("uno.elf", "sim", avr5.toString(), "--board", "nano-every");
    assertThat(errorLine(sim)).isEqualTo(refused);
    CliRun simDevice = refused("uno.elf", "sim", avr5.toString(), "--device", "ATmega4809");
    assertThat(errorLine(simDevice)).isEqualTo(refused);
    CliRun run = refused("uno.elf", "run", avr5.toString(), "--board", "nano-every", "--sim");
    assertThat(errorLine(run)).isEqualTo(refused);

    CliRun forced = run("sim", avr5.toString(), "--board", "nano-every", "--force");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(forced.err()).contains("ATmega4809", "stopped: endless loop with interrupts disabled");
    CliRun runForced = run("run", avr5.toString(), "--board", "nano-every", "--sim", "--force",
        "--fast", "--seconds", "0.001");
    assertThat(runForced.exit()).as(runForced.err()).isZero();
    assertThat(runForced.err()).contains("stopped: endless loop with interrupts disabled").doesNotContain("error:");

    // the right architecture runs, the wrong one the other way round is refused too
    CliRun right = run("sim", avrxmega3.toString(), "--board", "nano-every");
    assertThat(right.exit()).as(right.err()).isZero();
    CliRun uno = refused("every.elf", "sim", avrxmega3.toString(), "--board", "uno");
    assertThat(errorLine(uno)).contains("built for avrxmega3", "ATmega328P");
  }
}
