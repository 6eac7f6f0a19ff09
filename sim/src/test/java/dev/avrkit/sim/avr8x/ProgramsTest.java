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

  /** The 328P corpus's program (resources/corpus, console on USART0) built for both parts. */
  private void corpus(String program) throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Path d328 = java.nio.file.Files.createDirectories(dir.resolve("328p"));
    Path d4809 = java.nio.file.Files.createDirectories(dir.resolve("4809"));
    copy("/corpus/common.h", d328.resolve("common.h"));
    copy("/corpus/" + program, d328.resolve(program));
    copy("/corpus/" + program, d4809.resolve(program));
    Path elf328 = d328.resolve("p.elf");
    Avr8xTestSupport.run(java.util.List.of("avr-gcc", "-mmcu=atmega328p", "-Os", "-o", elf328.toString(),
        d328.resolve(program).toString()), d328);
    Avr8xTestSupport.resource(d4809, "regs4809.h");
    Avr8xTestSupport.resource(d4809, "common.h"); // the 4809 stand-in: USART3, SLPCTRL
    Path elf = Avr8xTestSupport.build4809(d4809, program);
    var on328 = Avr8xTestSupport.simulate328(elf328);
    var on4809 = Avr8xTestSupport.simulate(Avr8xTestSupport.atmega4809(), elf, 200_000_000L);
    assertThat(on4809.result().reason()).as(on4809.result().summary()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    assertThat(on4809.text()).endsWith("done\n").isEqualTo(on328.text());
  }

  private static void copy(String resource, Path to) throws java.io.IOException {
    try (var in = ProgramsTest.class.getResourceAsStream(resource)) {
      assumeTrue(in != null, "corpus program " + resource + " not in the test resources");
      java.nio.file.Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void corpusArithmeticOn4809AsOn328p() throws Exception {
    corpus("arith.c");
  }

  @Test
  void corpusSortOn4809AsOn328p() throws Exception {
    corpus("sort.c");
  }

  /**
   * Timer interrupts against the datasheet: in 50 ms (50 TCB0 periods of 16000 cycles) TCB3 in
   * PWM8 on CLK_TCA/64 with period 250 interrupts 50 times, TCA0 (/64, PER 999, 4 ms) 12 times,
   * the PIT (32 / 32768 Hz = 0.977 ms) 51 times, and TCA0 advances 250 between TCB0 interrupts.
   */
  @Test
  void timerInterruptsFollowTheClock() throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Avr8xTestSupport.resource(dir, "regs4809.h");
    Avr8xTestSupport.resource(dir, "common.h");
    Path elf = Avr8xTestSupport.build4809(dir, "timers4809.c");
    var run = Avr8xTestSupport.simulate(Avr8xTestSupport.atmega4809(), elf, 100_000_000L);
    assertThat(run.text()).isEqualTo("tcb0 50 tcb3 50 tca 12 pit 51\ntca between tcb0 250 250\ndone\n");
    assertThat(run.result().seconds()).isBetween(0.050, 0.060);
  }

  /**
   * Self-programming the way the datasheet describes it for megaAVR 0: stores to mapped flash
   * fill the page buffer, NVMCTRL.CTRLA ERWP / WP after CCP = 0x9D write the page; data-space
   * reads and LPM see the new bytes, an unkeyed command does nothing, WP only ANDs.
   */
  @Test
  void flashPageWrittenThroughMappedFlash() throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Avr8xTestSupport.resource(dir, "regs4809.h");
    Avr8xTestSupport.resource(dir, "common.h");
    Path elf = Avr8xTestSupport.build4809(dir, "flashpage4809.c");
    var run = Avr8xTestSupport.simulate(Avr8xTestSupport.atmega4809(), elf, 100_000_000L);
    assertThat(run.result().reason()).as(run.result().summary()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    assertThat(run.text()).isEqualTo("before ff ff\nbuffered ff\nunkeyed ff\n"
        + "written 03 0a 7c bad 0 next ff\nand 06 2d\ndone\n");
    byte[] f = run.machine().flash();
    assertThat(f[0x3000]).isEqualTo((byte) 0x03);
    assertThat(f[0x3000 + 127]).isEqualTo((byte) 0x7C);
    assertThat(run.result().seconds()).as("CPU halted 4 + 2 ms while the page was written").isGreaterThan(0.006);
  }

  @Test
  void arithmetic() throws Exception {
    same("arith.c");
  }

  @Test
  void sorting() throws Exception {
    same("sort.c");
  }

  /**
   * CPUINT nesting with real handlers (level 1 preempts a level 0 handler; STATUS LVL0EX/LVL1EX;
   * SREG.I stays set on entry) and the USART3 receive interrupt fed from the console.
   */
  @Test
  void nestedInterruptLevelsAndUsartReceive() throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Avr8xTestSupport.resource(dir, "regs4809.h");
    Avr8xTestSupport.resource(dir, "common.h");
    Path elf = Avr8xTestSupport.build4809(dir, "irq4809.c");
    var out = new java.io.ByteArrayOutputStream();
    var in = new java.io.ByteArrayInputStream("hello, avr\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    var m = dev.avrkit.sim.Machine.builder(Avr8xTestSupport.atmega4809())
        .console(dev.avrkit.sim.UartConsole.of(out, in)).fuse("OSCCFG", 1).build();
    m.load(dev.avrkit.image.FirmwareImage.load(elf));
    var r = m.run(100_000_000L);
    assertThat(r.reason()).as(r.summary()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    assertThat(out.toString(java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("l0 status 01 sreg.i 1, l1 status 03, after 00\nHELLO, AVR\ndone\n");
  }
}
