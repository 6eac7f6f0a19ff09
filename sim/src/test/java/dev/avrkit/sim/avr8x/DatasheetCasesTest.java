package dev.avrkit.sim.avr8x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.PinListener;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.UartConsole;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Register-level avr-gcc programs (no Arduino code) for ATmega4809 behaviour the data sheet
 * describes, each run on the simulator at 16 MHz: what they print and, where it matters, the
 * pin waveforms in cycles.
 */
class DatasheetCasesTest {
  @TempDir Path dir;

  /** One pin change: port, bit, level, cycle. */
  record Edge(String port, int bit, int level, long cycle) {}

  record Run(String text, RunResult result, List<Edge> edges) {
    /** Levels of one pin in order. */
    List<Integer> levels(String port, int bit) {
      return edges.stream().filter(e -> e.port.equals(port) && e.bit == bit).map(Edge::level).toList();
    }

    /** Cycles of one pin's changes to {@code level}. */
    List<Long> cycles(String port, int bit, int level) {
      return edges.stream().filter(e -> e.port.equals(port) && e.bit == bit && e.level == level)
          .map(Edge::cycle).toList();
    }
  }

  private Run run(String program, long maxCycles) throws Exception {
    return run(program, maxCycles, null);
  }

  /** Runs a program; with {@code vcd} also writes the pins as VCD (what --vcd writes). */
  private Run run(String program, long maxCycles, Path vcd) throws Exception {
    assumeTrue(Avr8xTestSupport.haveAvrGcc(), "avr-gcc not installed");
    Avr8xTestSupport.resource(dir, "regs4809.h");
    Avr8xTestSupport.resource(dir, "common.h");
    Path elf = Avr8xTestSupport.build4809(dir, program);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Machine m = Machine.builder(Avr8xTestSupport.atmega4809()).console(UartConsole.of(out, null))
        .fuse("OSCCFG", 1).build();
    List<Edge> edges = new ArrayList<>();
    m.addPinListener((port, bit, level, cycle) -> edges.add(new Edge(port, bit, level, cycle)));
    m.load(FirmwareImage.load(elf));
    RunResult r;
    if (vcd == null) {
      r = m.run(maxCycles);
    } else {
      try (var w = dev.avrkit.sim.vcd.VcdWriter.attach(m, vcd, List.of())) {
        r = m.run(maxCycles);
      }
    }
    return new Run(out.toString(StandardCharsets.ISO_8859_1), r, edges);
  }

  /** PINnCTRL.INVEN inverts output and input; ISC = INPUT_DISABLE keeps IN's last value. */
  @Test
  void invertedPinsAndDisabledInputs() throws Exception {
    Run r = run("inven4809.c", 20_000_000L);
    assertThat(r.result().reason()).as(r.result().summary()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    assertThat(r.text()).isEqualTo("out0 in 0\nout1 in 1\npullup inverted in 0\npullup in 1\n"
        + "disabled in 1\nenabled in 0\ndone\n");
    // PA0 floats after reset; with INVEN, OUT 0 drives it high, OUT 1 low, OUT 0 high again
    assertThat(r.levels("PORTA", 0)).containsExactly(PinListener.FLOATING, 1, 0, 1);
  }

  /** CPUINT.CTRLA.CVT: level 0 interrupts all go to vector 3, the level 1 interrupt to vector 2. */
  @Test
  void compactVectorTable() throws Exception {
    Run r = run("cvt4809.c", 20_000_000L);
    assertThat(r.result().reason()).as(r.result().summary()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    // TCB0 every 1000 cycles, TCB1 every 1500: TCB1 fired twice before TCB0's third interrupt
    assertThat(r.text()).isEqualTo("plain: 12 3 13 2 3 0 2 0\n"
        + "compact: 12 3 13 2 3 6 2 0 sources 3\n"
        + "level 1: 2 2, level 0 went on 1\ndone\n");
  }

  /**
   * TCB 8-bit PWM with CCMPEN: high for CCMPH timer ticks from BOTTOM, period CCMPL + 1 ticks,
   * every edge on its timer cycle while the CPU runs; TCB1 on its PORTMUX alternative pin.
   */
  @Test
  void tcb8BitPwmWaveform() throws Exception {
    Run r = run("tcbpwm4809.c", 20_000_000L);
    assertThat(r.result().reason()).as(r.result().summary()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    assertThat(r.text()).isEqualTo("pwm ran\ndone\n");
    assertPwm(r, "PORTA", 2, 30, 100);
    assertPwm(r, "PORTF", 5, 20, 100); // CCMP (10 << 8) | 49 at CLK_PER / 2
  }

  /** Every full period of the pin: exactly {@code high} cycles high of {@code period}. */
  static void assertPwm(Run r, String port, int bit, long high, long period) {
    List<Long> rises = r.cycles(port, bit, 1), falls = r.cycles(port, bit, 0);
    assertThat(rises.size()).as(port + bit + " periods").isGreaterThan(20);
    for (int i = 0; i + 1 < rises.size(); i++) {
      long rise = rises.get(i);
      long fall = falls.stream().filter(f -> f > rise).findFirst().orElseThrow();
      assertThat(fall - rise).as(port + bit + " high time " + i).isEqualTo(high);
      assertThat(rises.get(i + 1) - rise).as(port + bit + " period " + i).isEqualTo(period);
    }
  }

  /**
   * RTC STATUS and PITSTATUS busy flags read 1 after a write for the synchronisation into the
   * RTC clock domain: two 32.768 kHz cycles, 977 CPU cycles at 16 MHz, measured by the program
   * with TCB0 (plus at most one poll loop).
   */
  @Test
  void rtcBusyFlagsDuringSynchronisation() throws Exception {
    Run r = run("rtcbusy4809.c", 20_000_000L);
    assertThat(r.result().reason()).as(r.result().summary()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    var mt = java.util.regex.Pattern.compile("idle 00 00\nbusy cycles (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)\ndone\n")
        .matcher(r.text());
    assertThat(mt.matches()).as(r.text()).isTrue();
    long sync = (2L * 16_000_000 + 32767) / 32768;
    for (int i = 1; i <= 5; i++) assertThat(Long.parseLong(mt.group(i))).as("flag " + i).isBetween(sync - 20, sync + 20);
  }

  /**
   * TCA0 waveform edges fall on their timer cycle while the CPU runs multi-cycle instructions:
   * single-slope PWM (PER 99, CMP0 25) is high exactly 25 of 100 cycles every period; in split
   * mode WO0 (LPER 99, LCMP0 25) is high 26 of 100 and WO3 (HPER 49, HCMP0 10) 11 of 50.
   */
  @Test
  void tcaEdgesOnTheirTimerCycle() throws Exception {
    Path vcd = dir.resolve("tca.vcd");
    Run r = run("tcapwm4809.c", 20_000_000L, vcd);
    assertThat(r.result().reason()).as(r.result().summary()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    assertThat(r.text()).isEqualTo("tca ran\ndone\n");
    long split = r.cycles("PORTA", 3, 1).get(0); // WO3 first rises in split mode
    Run single = new Run(r.text(), r.result(), r.edges().stream().filter(e -> e.cycle() < split - 200).toList());
    Run both = new Run(r.text(), r.result(), r.edges().stream().filter(e -> e.cycle() >= split).toList());
    assertPwm(single, "PORTA", 0, 25, 100);
    assertPwm(both, "PORTA", 0, 26, 100);
    assertPwm(both, "PORTA", 3, 11, 50);
    // the VCD (--vcd) stamps each edge at its own cycle too: 25 cycles = 1562.5 ns high of 6250
    List<long[]> pa0 = vcdEdges(vcd, "PA0");
    long splitNs = split * 1000 / 16;
    List<Long> rises = pa0.stream().filter(e -> e[1] == 1 && e[0] < splitNs - 20_000).map(e -> e[0]).toList();
    assertThat(rises.size()).isGreaterThan(20);
    for (int i = 0; i + 1 < rises.size(); i++) {
      long rise = rises.get(i);
      long fall = pa0.stream().filter(e -> e[1] == 0 && e[0] > rise).findFirst().orElseThrow()[0];
      assertThat(fall - rise).as("VCD high time " + i).isBetween(1562L, 1563L);
      assertThat(rises.get(i + 1) - rise).as("VCD period " + i).isBetween(6249L, 6251L);
    }
  }

  /** A pin's changes in a VCD file: {time in ns, level}. */
  static List<long[]> vcdEdges(Path vcd, String pin) throws java.io.IOException {
    List<String> lines = java.nio.file.Files.readAllLines(vcd);
    String id = lines.stream().filter(l -> l.startsWith("$var wire 1 ") && l.endsWith(" " + pin + " $end"))
        .map(l -> l.split(" ")[3]).findFirst().orElseThrow();
    List<long[]> out = new ArrayList<>();
    long t = 0;
    for (String l : lines) {
      if (l.startsWith("#")) t = Long.parseLong(l.substring(1));
      else if ((l.startsWith("0") || l.startsWith("1")) && l.substring(1).equals(id)) out.add(new long[] {t, l.charAt(0) - '0'});
    }
    return out;
  }

  /**
   * Sleep modes stop the clocks the data sheet says and only their wake-up sources wake the CPU:
   * TCA0's overflow ends idle but neither standby nor power-down (TCA0 holds its count); TCB0 and
   * the RTC counter with RUNSTDBY end standby but not power-down; the PIT ends every mode.
   */
  @Test
  void sleepModesStopClocksAndFilterWakeUps() throws Exception {
    Run r = run("sleep4809.c", 50_000_000L);
    assertThat(r.result().reason()).as(r.result().summary()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
    assertThat(r.text()).isEqualTo(
        "idle: tca 1 tcb 0 rtc 0 pit 0, tca0 counted on\n"
            + "standby: tca 0 tcb 0 rtc 0 pit 1, tca0 counted little\n"
            + "power-down: tca 0 tcb 0 rtc 0 pit 1, tca0 counted little\n"
            + "standby tcb: tca 0 tcb 1 rtc 0 pit 0, tca0 counted little\n"
            + "power-down tcb: tca 0 tcb 0 rtc 0 pit 1, tca0 counted little\n"
            + "standby rtc: tca 0 tcb 0 rtc 1 pit 0, tca0 counted little\n"
            + "power-down rtc: tca 0 tcb 0 rtc 0 pit 1, tca0 counted little\n"
            + "done\n");
  }
}
