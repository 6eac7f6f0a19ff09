package dev.avrkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.image.FirmwareImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ATmega328P behaviour simavr cannot check: USART receive from the console, the watchdog waking
 * the CPU from power-down and resetting it, and what {@code avrkit sim} reports and returns.
 */
class ProgramBehaviourTest {
  @TempDir static Path dir;

  @Test
  void receivesFromTheConsoleWhileSleeping() throws Exception {
    Path elf = Tools.compile(dir, "echo_rx", "atmega328p");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Machine m =
        Machine.builder(Tools.device("ATmega328P"))
            .console(UartConsole.of(out, new ByteArrayInputStream("hello avr\nsecond.".getBytes(StandardCharsets.US_ASCII))))
            .build();
    m.load(FirmwareImage.load(elf));
    RunResult r = m.run(100_000_000);
    assertEquals(StopReason.SLEEP_INTERRUPTS_OFF, r.reason(), r.summary());
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("HELLO AVR\nSECOND\nreceived 17\ndone\n");
  }

  @Test
  void watchdogWakesFromPowerDownThenResets() throws Exception {
    Path elf = Tools.compile(dir, "watchdog", "atmega328p");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Machine m = Machine.builder(Tools.device("ATmega328P")).console(UartConsole.of(out, null)).watchdogStops(false).build();
    m.load(FirmwareImage.load(elf));
    RunResult r = m.run(100_000_000);
    assertEquals(StopReason.SLEEP_INTERRUPTS_OFF, r.reason(), r.summary());
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("wakeups 3\nreset by watchdog\ndone\n");
    // three 16 ms watchdog periods (2048 cycles of the 128 kHz oscillator) and the 15 ms reset
    assertThat(r.seconds()).isBetween(0.064, 0.070);

    Machine stops = Machine.builder(Tools.device("ATmega328P")).build();
    stops.load(FirmwareImage.load(elf));
    assertEquals(StopReason.WATCHDOG, stops.run(100_000_000).reason());
  }

  /** Idle keeps the timers running; power-down stops TIMER1 and only the watchdog wakes the CPU
   * (simavr 1.6 keeps timers running in every sleep mode). */
  @Test
  void sleepModesGateTheTimerClock() throws Exception {
    Path elf = Tools.compile(dir, "sleepmodes", "atmega328p");
    assertThat(Tools.avrkit(elf, "ATmega328P", 50_000_000, false))
        .isEqualTo("idle wakeups 10\npower-down: wdt 1, timer1 stopped 1\ndone\n");
  }

  /** Timer output compare pins: period and high time of each PWM/CTC output, from the datasheet. */
  @Test
  void pwmOutputsOnTheirPins() throws Exception {
    Path elf = Tools.compile(dir, "pwm", "atmega328p");
    Machine m = Machine.builder(Tools.device("ATmega328P")).build();
    java.util.Map<String, java.util.List<long[]>> edges = new java.util.HashMap<>();
    m.addPinListener((port, bit, level, cycle) -> edges.computeIfAbsent(port + bit, k -> new java.util.ArrayList<>()).add(new long[] {cycle, level}));
    m.load(FirmwareImage.load(elf));
    assertEquals(StopReason.SLEEP_INTERRUPTS_OFF, m.run(10_000_000).reason());
    // pin: period, high time (cycles)
    Object[][] expect = {
      {"PORTB1", 256, 65}, // fast PWM 8-bit, OCR1A = 64: high OCR+1 of TOP+1
      {"PORTB2", 256, 64}, // inverted, OCR1B = 191: high TOP-OCR
      {"PORTD6", 510, 200}, // phase correct, OCR0A = 100: high 2*OCR of 2*TOP
      {"PORTB3", 100, 50}, // CTC toggle, OCR2A = 49: half period OCR+1
    };
    for (Object[] e : expect) {
      java.util.List<long[]> l = edges.get((String) e[0]);
      assertThat(l).as((String) e[0]).hasSizeGreaterThan(20);
      long lastRise = -1, rises = 0;
      for (int i = 4; i < l.size() - 1; i++) {
        if (l.get(i)[1] == 1 && l.get(i + 1)[1] == 0) {
          assertEquals((int) e[2], l.get(i + 1)[0] - l.get(i)[0], e[0] + " high time");
          if (lastRise >= 0) assertEquals((int) e[1], l.get(i)[0] - lastRise, e[0] + " period");
          lastRise = l.get(i)[0];
          rises++;
        }
      }
      assertThat(rises).isGreaterThan(5);
    }
  }

  @Test
  void simRunReportsAndExitCodes() throws Exception {
    Path elf = Tools.compile(dir, "arith", "atmega328p");
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    int code =
        SimRun.run(
            new SimRun.Options(elf, null, "uno", null, null, Map.of(), null, false),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true),
            new PrintStream(err, true));
    assertEquals(0, code);
    assertThat(out.toString()).startsWith("u32 ").endsWith("done\n");
    assertThat(err.toString()).contains("stopped: sleep with interrupts disabled").contains(" cycles, ").contains(" instructions, ");

    Path uart = dir.resolve("uart.txt");
    err.reset();
    code =
        SimRun.run(
            new SimRun.Options(elf, "ATmega328P", null, 1000L, uart.toString(), SimRun.parseFuses(java.util.List.of("HIGH=0xDE")), null, false),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true),
            new PrintStream(err, true));
    assertEquals(3, code);
    assertThat(err.toString()).contains("cycle limit reached");
    assertThat(Files.exists(uart)).isTrue();

    org.junit.jupiter.api.Assertions.assertThrows(AvrkitException.class, () -> SimRun.parseFuses(java.util.List.of("OSCCFG")));
    org.junit.jupiter.api.Assertions.assertThrows(
        AvrkitException.class,
        () -> SimRun.machine(new SimRun.Options(elf, "ATmega328P", null, null, null, Map.of("OSCCFG", 1), null, false), UartConsole.none()));
    org.junit.jupiter.api.Assertions.assertThrows(
        AvrkitException.class,
        () -> SimRun.machine(new SimRun.Options(elf, null, "mega2560", null, null, Map.of(), null, false), UartConsole.none()));
  }

  /** --clock is the crystal of classic parts; AVR8X parts refuse it and point at fuse OSCCFG. */
  @Test
  void clockOptionOnClassicAndAvr8xParts() {
    Path elf = dir.resolve("unused.elf");
    Machine m = SimRun.machine(
        new SimRun.Options(elf, "ATmega328P", null, null, null, Map.of(), 8_000_000L, false), UartConsole.none());
    assertEquals(8_000_000L, m.clockHz());
    java.util.Arrays.fill(m.flash(), (byte) 0); // NOPs
    m.flashWritten(0, m.flash().length);
    m.cpu().setPc(0);
    assertEquals(StopReason.CYCLE_LIMIT, m.run(8_000).reason());
    assertEquals(0.001, m.seconds(), 1e-9, "8000 cycles at 8 MHz");
    AvrkitException e = org.junit.jupiter.api.Assertions.assertThrows(
        AvrkitException.class,
        () -> SimRun.machine(new SimRun.Options(elf, null, "nano-every", null, null, Map.of(), 20_000_000L, false),
            UartConsole.none()));
    assertThat(e.getMessage()).contains("--clock does not apply to the ATmega4809")
        .contains("the clock comes from fuse OSCCFG and CLKCTRL").contains("--fuse OSCCFG=0x02");
    org.junit.jupiter.api.Assertions.assertThrows(AvrkitException.class, () -> SimRun.machine(
        new SimRun.Options(elf, "ATmega328P", null, null, null, Map.of(), 0L, false), UartConsole.none()));
  }
}
