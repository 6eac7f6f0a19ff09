package dev.avrkit.sim.avr8x;

import static dev.avrkit.sim.avr8x.Avr8xTestSupport.idle;
import static dev.avrkit.sim.avr8x.Avr8xTestSupport.protectedWrite;
import static dev.avrkit.sim.avr8x.Avr8xTestSupport.vectorOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.UartConsole;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AVR8X peripherals against the ATmega4809 datasheet (DS40002015), driven through the data bus
 * the way firmware drives them, on a CPU idling in "sei; rjmp ." with BREAK in every vector (a
 * run stops in the vector the CPU takes).
 */
class Avr8xPeripheralsTest {
  // ATmega4809 addresses (ATDF)
  static final int CCP = 0x34, RSTFR = 0x40, SWRR = 0x41, SLPCTRL = 0x50, MCLKCTRLA = 0x60, MCLKCTRLB = 0x61;
  static final int WDT_CTRLA = 0x100, CPUINT_CTRLA = 0x110, CPUINT_STATUS = 0x111, LVL0PRI = 0x112, LVL1VEC = 0x113;
  static final int RTC = 0x140, PORTA = 0x400, VPORTA = 0x0, USART3 = 0x860, TCA0 = 0xA00, TCB0 = 0xA80, TCB1 = 0xA90;
  static final int NVMCTRL = 0x1000, SIGROW = 0x1100, FUSE = 0x1280, EEPROM = 0x1400;

  private static RunResult run(Machine m, long cycles) {
    return m.run(cycles);
  }

  private static int read16(DataBus b, int addr) {
    int lo = b.read(addr);
    return lo | b.read(addr + 1) << 8;
  }

  private static void write16(DataBus b, int addr, int v) {
    b.write(addr, v & 0xFF);
    b.write(addr + 1, v >> 8);
  }

  // ---------------------------------------------------------------- CLKCTRL and CCP

  @Test
  void mainClockIsTheFuseOscillatorDividedBySixUntilAProtectedWrite() {
    Machine m = idle(); // OSCCFG default 0x02: 20 MHz
    assertThat(m.bus().read(MCLKCTRLB)).isEqualTo(0x11);
    assertThat(m.clockHz()).isEqualTo(20_000_000 / 6);
    m.bus().write(MCLKCTRLB, 0); // without CCP: ignored
    assertThat(m.bus().read(MCLKCTRLB)).isEqualTo(0x11);
    protectedWrite(m, MCLKCTRLB, 0);
    assertThat(m.clockHz()).isEqualTo(20_000_000);
    protectedWrite(m, MCLKCTRLB, (1 << 1) | 1); // PDIV 4X, PEN
    assertThat(m.clockHz()).isEqualTo(5_000_000);
    protectedWrite(m, MCLKCTRLA, 1); // OSCULP32K
    assertThat(m.clockHz()).isEqualTo(32_768 / 4);
  }

  @Test
  void sixteenMegahertzFuseAndTimeFollowsTheClock() {
    Machine m = idle(Machine.builder(Avr8xTestSupport.atmega4809()).fuse("OSCCFG", 1));
    assertThat(m.clockHz()).isEqualTo(16_000_000 / 6);
    m.run(16_000_000 / 6); // one second at 2.67 MHz
    assertThat(m.seconds()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    protectedWrite(m, MCLKCTRLB, 0);
    m.run(16_000_000); // one more second at 16 MHz
    assertThat(m.seconds()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void ccpWindowClosesAfterFourInstructions() {
    Machine m = idle();
    m.bus().write(CCP, 0xD8);
    for (int i = 0; i < 5; i++) m.step();
    m.bus().write(MCLKCTRLB, 0);
    assertThat(m.bus().read(MCLKCTRLB)).isEqualTo(0x11);
    m.bus().write(CCP, 0xD8);
    for (int i = 0; i < 3; i++) m.step();
    m.bus().write(MCLKCTRLB, 0);
    assertThat(m.bus().read(MCLKCTRLB)).isZero();
  }

  // ---------------------------------------------------------------- PORT / VPORT

  @Test
  void portStrobesVportAliasAndInputs() {
    Machine m = idle();
    DataBus b = m.bus();
    Port a = (Port) m.peripheral("PORTA").orElseThrow();
    List<String> changes = new ArrayList<>();
    m.addPinListener((port, bit, level, cycle) -> changes.add(port + bit + "=" + level));
    b.write(PORTA + 1, 0x0F); // DIRSET
    b.write(PORTA + 2, 0x03); // DIRCLR
    assertThat(b.read(PORTA)).isEqualTo(0x0C);
    assertThat(b.read(VPORTA)).isEqualTo(0x0C);
    b.write(PORTA + 5, 0x04); // OUTSET
    b.write(PORTA + 7, 0x0C); // OUTTGL
    assertThat(b.read(PORTA + 4)).isEqualTo(0x08);
    assertThat(b.read(VPORTA + 1)).isEqualTo(0x08);
    assertThat(b.read(PORTA + 8) & 0x0C).isEqualTo(0x08); // IN follows the outputs
    b.write(VPORTA + 2, 0x08); // writing 1 to IN toggles OUT
    assertThat(b.read(PORTA + 4)).isZero();
    assertThat(changes).contains("PORTA2=1", "PORTA2=0", "PORTA3=1", "PORTA3=0");
    b.write(PORTA + 0x10, 0x08); // PIN0CTRL: PULLUPEN
    assertThat(b.read(PORTA + 8) & 1).isEqualTo(1);
    assertThat(a.level(0)).isEqualTo(1);
    a.drive(0, 0);
    assertThat(b.read(VPORTA + 2) & 1).isZero();
    b.write(PORTA + 0x10, 0x88); // INVEN
    assertThat(b.read(PORTA + 8) & 1).isEqualTo(1);
  }

  @Test
  void pinInterruptOnFallingEdgeWithWriteOneToClear() {
    Machine m = idle();
    DataBus b = m.bus();
    Port a = (Port) m.peripheral("PORTA").orElseThrow();
    a.drive(5, 1);
    b.write(PORTA + 0x15, 0x03); // PIN5CTRL: ISC = FALLING
    a.drive(5, 1);
    assertThat(b.read(PORTA + 9)).isZero();
    a.drive(5, 0);
    assertThat(b.read(PORTA + 9)).isEqualTo(1 << 5);
    assertThat(b.read(VPORTA + 3)).isEqualTo(1 << 5);
    assertThat(vectorOf(run(m, 1000))).isEqualTo(m.vector("PORTA_PORT"));
    b.write(VPORTA + 3, 1 << 5);
    assertThat(b.read(PORTA + 9)).isZero();
    a.drive(5, 1); // rising: no flag for FALLING
    assertThat(b.read(PORTA + 9)).isZero();
  }

  // ---------------------------------------------------------------- CPUINT

  @Test
  void levelZeroPriorityRoundRobinAndLevelOne() {
    Machine m = idle();
    DataBus b = m.bus();
    int tcb0 = m.vector("TCB0_INT"), tcb1 = m.vector("TCB1_INT");
    // both TCBs flag at once: CCMP 99, enabled together
    for (int t : new int[] {TCB0, TCB1}) {
      write16(b, t + 0xC, 99);
      b.write(t + 5, 1);
    }
    b.write(TCB0, 1);
    b.write(TCB1, 1);
    m.step(); // sei
    RunResult r = run(m, 1000);
    assertThat(vectorOf(r)).as("lowest vector first").isEqualTo(tcb0);
    assertThat(b.read(CPUINT_STATUS)).isEqualTo(0x01); // LVL0EX

    Machine m2 = idle();
    DataBus b2 = m2.bus();
    for (int t : new int[] {TCB0, TCB1}) {
      write16(b2, t + 0xC, 99);
      b2.write(t + 5, 1);
    }
    b2.write(LVL0PRI, tcb0); // vector tcb0 is now the lowest priority
    b2.write(TCB0, 1);
    b2.write(TCB1, 1);
    assertThat(vectorOf(run(m2, 1000))).isEqualTo(tcb1);

    Machine m3 = idle();
    DataBus b3 = m3.bus();
    for (int t : new int[] {TCB0, TCB1}) {
      write16(b3, t + 0xC, 99);
      b3.write(t + 5, 1);
    }
    b3.write(LVL1VEC, tcb1);
    b3.write(TCB0, 1);
    b3.write(TCB1, 1);
    assertThat(vectorOf(run(m3, 1000))).isEqualTo(tcb1);
    assertThat(b3.read(CPUINT_STATUS)).isEqualTo(0x02); // LVL1EX
  }

  @Test
  void ivselNeedsCcpAndMovesTheTableToTheBootSection() {
    Machine m = idle();
    m.bus().write(CPUINT_CTRLA, 0x40);
    assertThat(m.bus().read(CPUINT_CTRLA)).isZero();
    protectedWrite(m, CPUINT_CTRLA, 0x41);
    assertThat(m.bus().read(CPUINT_CTRLA)).isEqualTo(0x41);
    assertThat(m.interrupts().vectorBase()).isZero();
    Machine boot = Machine.builder(Avr8xTestSupport.atmega4809()).fuse("BOOTEND", 2).build();
    assertThat(boot.interrupts().vectorBase()).isEqualTo(512);
    protectedWrite(boot, CPUINT_CTRLA, 0x40);
    assertThat(boot.interrupts().vectorBase()).isZero();
  }

  // ---------------------------------------------------------------- USART

  @Test
  void usartFrameTimeFollowsBaudAndFlagsFollowTheBuffer() {
    List<long[]> sent = new ArrayList<>();
    ArrayDeque<Integer> input = new ArrayDeque<>(List.of((int) 'x'));
    Machine[] box = new Machine[1];
    UartConsole c = new UartConsole() {
      @Override
      public void transmit(String uart, int v) {
        sent.add(new long[] {v, box[0].cpu().cycle()});
      }

      @Override
      public int receive(String uart) {
        Integer v = input.poll();
        return v == null ? -1 : v;
      }
    };
    Machine m = idle(Machine.builder(Avr8xTestSupport.atmega4809()).console(c));
    box[0] = m;
    DataBus b = m.bus();
    int baud = 1389; // 9600 baud at 3.333 MHz: 64 * f / (16 * 9600)
    write16(b, USART3 + 8, baud);
    assertThat(b.read(USART3 + 4) & 0x20).as("DREIF at reset").isNotZero();
    b.write(USART3 + 6, 0xC0); // RXEN, TXEN
    long t0 = m.cpu().cycle();
    b.write(USART3 + 2, 'A');
    assertThat(b.read(USART3 + 4) & 0x20).as("A went straight to the shift register").isNotZero();
    b.write(USART3 + 2, 'B');
    assertThat(b.read(USART3 + 4) & 0x20).as("B waits in the buffer").isZero();
    m.run(100_000);
    long frame = (10L * 16 * baud + 63) / 64;
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0)[0]).isEqualTo('A');
    assertThat(sent.get(0)[1] - t0).isBetween(frame, frame + 2);
    assertThat(sent.get(1)[1] - sent.get(0)[1]).isBetween(frame - 1, frame + 2);
    assertThat(b.read(USART3 + 4) & 0x60).isEqualTo(0x60); // TXCIF, DREIF
    b.write(USART3 + 4, 0x40);
    assertThat(b.read(USART3 + 4) & 0x40).isZero();
    assertThat(b.read(USART3 + 4) & 0x80).as("RXCIF").isNotZero();
    assertThat(b.read(USART3 + 1) & 0x80).isNotZero();
    assertThat(b.read(USART3)).isEqualTo('x');
    assertThat(b.read(USART3 + 4) & 0x80).isZero();
    // DRE interrupt
    b.write(USART3 + 5, 0x20);
    assertThat(vectorOf(m.run(1000))).isEqualTo(m.vector("USART3_DRE"));
  }

  // ---------------------------------------------------------------- TCA

  @Test
  void tcaSingleModeOverflowCompareAndTempReads() {
    Machine m = idle();
    DataBus b = m.bus();
    write16(b, TCA0 + 0x26, 99); // PER
    write16(b, TCA0 + 0x28, 40); // CMP0
    b.write(TCA0, 1); // DIV1, ENABLE
    long start = m.cpu().cycle();
    m.run(30);
    int cnt = read16(b, TCA0 + 0x20);
    assertThat(cnt).isEqualTo((int) (m.cpu().cycle() - start));
    m.run(20);
    assertThat(b.read(TCA0 + 0xB)).isEqualTo(0x10); // CMP0
    m.run(60);
    // OVF after 100 ticks (CMP1 and CMP2, still 0, match at BOTTOM too)
    assertThat(b.read(TCA0 + 0xB)).isEqualTo(0x71);
    b.write(TCA0 + 0xB, 0x11);
    assertThat(b.read(TCA0 + 0xB)).isEqualTo(0x60);
    assertThat(read16(b, TCA0 + 0x20)).isEqualTo((int) ((m.cpu().cycle() - start) % 100));
    b.write(TCA0 + 0xA, 1); // OVF interrupt
    RunResult r = m.run(1000);
    assertThat(vectorOf(r)).isEqualTo(m.vector("TCA0_OVF"));
    assertThat((r.cycles() - start) % 100).isLessThan(12);
  }

  @Test
  void tcaPrescalerAndBufferedPeriod() {
    Machine m = idle();
    DataBus b = m.bus();
    write16(b, TCA0 + 0x26, 9);
    b.write(TCA0, (2 << 1) | 1); // DIV4
    long start = m.cpu().cycle();
    write16(b, TCA0 + 0x36, 19); // PERBUF: takes effect at the next UPDATE (overflow)
    assertThat(b.read(TCA0 + 7) & 1).isEqualTo(1); // PERBV
    m.run(41);
    assertThat(b.read(TCA0 + 0xB) & 1).isEqualTo(1); // overflow after 10 ticks of 4 cycles
    assertThat(read16(b, TCA0 + 0x26)).isEqualTo(19);
    assertThat(b.read(TCA0 + 7) & 1).isZero();
    b.write(TCA0 + 0xB, 1);
    long t = m.cpu().cycle();
    m.run(40 + 80 - (t - start) - 2);
    assertThat(b.read(TCA0 + 0xB) & 1).isZero();
    m.run(6);
    assertThat(b.read(TCA0 + 0xB) & 1).isEqualTo(1); // next overflow 20 ticks later
  }

  @Test
  void tcaSplitModeTwoDownCounters() {
    Machine m = idle();
    DataBus b = m.bus();
    b.write(TCA0 + 3, 1); // SPLITM
    b.write(TCA0 + 0x26, 9); // LPER
    b.write(TCA0 + 0x27, 19); // HPER
    b.write(TCA0 + 0x20, 9); // LCNT
    b.write(TCA0 + 0x21, 19); // HCNT
    b.write(TCA0 + 0x28, 5); // LCMP0
    b.write(TCA0, 1);
    long start = m.cpu().cycle();
    m.run(3);
    int lcnt = b.read(TCA0 + 0x20);
    assertThat(lcnt).isEqualTo(9 - (int) (m.cpu().cycle() - start));
    m.run(12);
    assertThat(b.read(TCA0 + 0xB) & 0x11).isEqualTo(0x11); // LCMP0 then LUNF
    m.run(10);
    assertThat(b.read(TCA0 + 0xB) & 2).isEqualTo(2); // HUNF after 20 ticks
    b.write(TCA0 + 0xB, 0xFF);
    b.write(TCA0 + 0xA, 2); // HUNF interrupt
    assertThat(vectorOf(m.run(100))).isEqualTo(m.vector("TCA0_HUNF"));
  }

  @Test
  void tcaSingleSlopePwmOnTheRoutedPin() {
    Machine m = idle();
    DataBus b = m.bus();
    List<long[]> edges = new ArrayList<>();
    m.addPinListener((port, bit, level, cycle) -> {
      if (port.equals("PORTA") && bit == 0) edges.add(new long[] {level, cycle});
    });
    b.write(0x5E4, 0); // PORTMUX.TCAROUTEA: PORTA
    b.write(PORTA + 1, 1); // PA0 output
    write16(b, TCA0 + 0x26, 99);
    write16(b, TCA0 + 0x28, 25);
    b.write(TCA0 + 1, 0x10 | 3); // CMP0EN, SINGLESLOPE
    edges.clear();
    b.write(TCA0, 1);
    m.run(1000);
    // high from BOTTOM to the CMP0 match: 25 of every 100 cycles (within an instruction)
    List<Long> rises = new ArrayList<>(), falls = new ArrayList<>();
    for (long[] e : edges) (e[0] == 1 ? rises : falls).add(e[1]);
    assertThat(rises.size()).isGreaterThanOrEqualTo(8);
    for (int i = 1; i < rises.size(); i++) assertThat(rises.get(i) - rises.get(i - 1)).isBetween(98L, 102L);
    long fall = falls.stream().filter(f -> f > rises.get(1)).findFirst().orElseThrow();
    assertThat(fall - rises.get(1)).isBetween(23L, 27L);
    b.write(TCA0 + 1, 3); // CMP0EN off: OUT drives the pin again
    assertThat(((Port) m.peripheral("PORTA").orElseThrow()).level(0)).isZero();
  }

  @Test
  void tcaSplitModePwmLikeArduinosAnalogWrite() {
    Machine m = idle();
    DataBus b = m.bus();
    List<long[]> edges = new ArrayList<>();
    m.addPinListener((port, bit, level, cycle) -> {
      if (port.equals("PORTA") && bit == 3) edges.add(new long[] {level, cycle});
    });
    b.write(0x5E4, 0); // PORTA
    b.write(PORTA + 1, 1 << 3); // PA3 = WO3 (HCMP0)
    b.write(TCA0 + 3, 1); // SPLITM
    b.write(TCA0 + 0x26, 99); // LPER
    b.write(TCA0 + 0x27, 99); // HPER
    b.write(TCA0 + 0x29, 30); // HCMP0
    b.write(TCA0 + 1, 0x10); // HCMP0EN
    b.write(TCA0, 1);
    m.run(2000);
    List<Long> rises = new ArrayList<>(), falls = new ArrayList<>();
    for (long[] e : edges) (e[0] == 1 ? rises : falls).add(e[1]);
    assertThat(rises.size()).isGreaterThanOrEqualTo(15);
    // (the counter starts at 0 <= HCMP0: high at once, then it reloads from HPER)
    for (int i = 2; i < rises.size(); i++) assertThat(rises.get(i) - rises.get(i - 1)).isBetween(98L, 102L);
    long fall = falls.stream().filter(f -> f > rises.get(1)).findFirst().orElseThrow();
    assertThat(fall - rises.get(1)).as("high for HCMP0 + 1 of HPER + 1 ticks").isBetween(29L, 33L);
  }

  // ---------------------------------------------------------------- TCB

  @Test
  void tcbPeriodicInterruptAndPwm8() {
    Machine m = idle();
    DataBus b = m.bus();
    write16(b, TCB0 + 0xC, 499);
    b.write(TCB0 + 5, 1);
    b.write(TCB0, 1);
    long start = m.cpu().cycle();
    m.step(); // sei
    RunResult r = m.run(10_000);
    assertThat(vectorOf(r)).isEqualTo(m.vector("TCB0_INT"));
    assertThat(r.cycles() - start).isBetween(499L, 499L + 8);
    assertThat(b.read(TCB0 + 6)).isEqualTo(1);
    b.write(TCB0 + 6, 1);
    assertThat(b.read(TCB0 + 6)).isZero();
    assertThat(b.read(TCB0 + 7)).isEqualTo(1); // STATUS.RUN

    Machine p = idle();
    DataBus pb = p.bus();
    write16(pb, TCB1 + 0xC, 0x8063); // PWM8: CCMPL 99 period, CCMPH duty
    pb.write(TCB1 + 1, 7);
    pb.write(TCB1, (1 << 1) | 1); // DIV2
    long s = p.cpu().cycle();
    p.run(200 - 4);
    assertThat(pb.read(TCB1 + 6)).isZero();
    p.run(8);
    assertThat(pb.read(TCB1 + 6)).isEqualTo(1); // CAPT at CCMPL: 100 ticks of 2 cycles
    assertThat(read16(pb, TCB1 + 0xA) & 0xFF).isLessThan(5);
  }

  // ---------------------------------------------------------------- RTC / PIT

  @Test
  void pitPeriodAndRtcOverflowInRealTime() {
    Machine m = idle(); // 20 MHz / 6
    DataBus b = m.bus();
    b.write(RTC + 0x12, 1); // PITINTCTRL.PI
    b.write(RTC + 0x10, (9 << 3) | 1); // CYC1024: 1024 / 32768 s = 31.25 ms
    m.step();
    RunResult r = m.run(1_000_000);
    assertThat(vectorOf(r)).isEqualTo(m.vector("RTC_PIT"));
    assertThat(r.seconds()).isCloseTo(0.03125, org.assertj.core.data.Offset.offset(5e-6));

    Machine n = idle();
    DataBus nb = n.bus();
    write16(nb, RTC + 0xA, 31); // PER: 32 ticks of 1.024 kHz = 31.25 ms
    nb.write(RTC + 7, 1); // CLKSEL INT1K
    nb.write(RTC + 2, 1); // OVF interrupt
    nb.write(RTC, 1);
    n.step();
    RunResult o = n.run(1_000_000);
    assertThat(vectorOf(o)).isEqualTo(n.vector("RTC_CNT"));
    assertThat(o.seconds()).isCloseTo(0.03125, org.assertj.core.data.Offset.offset(5e-6));
  }

  // ---------------------------------------------------------------- WDT, RSTCTRL, SLPCTRL

  @Test
  void watchdogNeedsCcpAndResetsAfterItsPeriod() {
    Machine m = idle();
    m.bus().write(WDT_CTRLA, 1);
    assertThat(m.bus().read(WDT_CTRLA)).isZero();
    protectedWrite(m, WDT_CTRLA, 2); // 16 cycles of 1.024 kHz = 15.6 ms
    RunResult r = m.run(1_000_000);
    assertThat(r.reason()).isEqualTo(StopReason.WATCHDOG);
    assertThat(r.seconds()).isCloseTo(16 / 1024.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void softwareResetSetsSwrfAndRestarts() {
    Machine m = idle();
    assertThat(m.bus().read(RSTFR)).isEqualTo(0x01); // PORF
    m.bus().write(SWRR, 1); // unprotected: nothing
    m.run(100);
    assertThat(m.lastResetCause()).isEqualTo(Machine.ResetCause.POWER_ON);
    protectedWrite(m, MCLKCTRLB, 0);
    protectedWrite(m, SWRR, 1);
    m.run(10);
    assertThat(m.lastResetCause()).isEqualTo(Machine.ResetCause.SOFTWARE);
    assertThat(m.bus().read(RSTFR)).isEqualTo(0x11);
    assertThat(m.bus().read(MCLKCTRLB)).as("registers back to reset values").isEqualTo(0x11);
    m.bus().write(RSTFR, 0x11);
    assertThat(m.bus().read(RSTFR)).isZero();
  }

  @Test
  void sleepOnlyWithSleepEnable() {
    Machine m = idle();
    byte[] f = m.flash();
    Avr8xTestSupport.put(f, 0x60, 0x9588); // sleep (interrupts off)
    Avr8xTestSupport.put(f, 0x61, 0x9598); // break
    m.flashWritten(0, f.length);
    m.reset(Machine.ResetCause.POWER_ON);
    assertThat(m.run(1000).reason()).isEqualTo(StopReason.BREAK);
    m.reset(Machine.ResetCause.POWER_ON);
    m.bus().write(SLPCTRL, 1);
    assertThat(m.run(1000).reason()).isEqualTo(StopReason.SLEEP_INTERRUPTS_OFF);
  }

  // ---------------------------------------------------------------- NVMCTRL, SIGROW, FUSE

  @Test
  void eepromPageWriteThroughThePageBuffer() {
    Machine m = idle();
    DataBus b = m.bus();
    assertThat(b.read(EEPROM + 5)).isEqualTo(0xFF);
    b.write(EEPROM + 5, 0x42);
    b.write(EEPROM + 6, 0x43);
    assertThat(m.eeprom()[5]).isEqualTo((byte) 0xFF); // only in the buffer
    b.write(NVMCTRL, 3); // ERWP without the SPM key: ignored
    assertThat(m.eeprom()[5]).isEqualTo((byte) 0xFF);
    b.write(CCP, 0x9D);
    b.write(NVMCTRL, 3);
    assertThat(b.read(EEPROM + 5)).isEqualTo(0x42);
    assertThat(b.read(EEPROM + 6)).isEqualTo(0x43);
    assertThat(b.read(EEPROM + 7)).isEqualTo(0xFF);
    assertThat(b.read(NVMCTRL + 2) & 2).as("EEBUSY").isEqualTo(2);
    m.run(m.clockHz() * 5 / 1000);
    assertThat(b.read(NVMCTRL + 2) & 2).isZero();
    assertThat(b.read(NVMCTRL + 4) & 1).as("EEREADY").isEqualTo(1);
  }

  @Test
  void flashSelfProgrammingWithSpm() {
    Machine m = idle();
    byte[] f = m.flash();
    Avr8xTestSupport.put(f, 0x70, 0x95E8); // spm
    Avr8xTestSupport.put(f, 0x71, 0x9598); // break
    m.flashWritten(0, f.length);
    m.cpu().setPc(0x70);
    m.cpu().setReg(0, 0x34);
    m.cpu().setReg(1, 0x12);
    m.cpu().setReg(30, 0x00);
    m.cpu().setReg(31, 0x10); // Z = 0x1000
    assertThat(m.run(100).reason()).isEqualTo(StopReason.BREAK);
    assertThat(f[0x1000]).isEqualTo((byte) 0xFF);
    long before = m.cpu().cycle();
    m.bus().write(CCP, 0x9D);
    m.bus().write(NVMCTRL, 3); // ERWP
    assertThat(f[0x1000]).isEqualTo((byte) 0x34);
    assertThat(f[0x1001]).isEqualTo((byte) 0x12);
    assertThat(m.bus().read(0x4000 + 0x1000)).isEqualTo(0x34); // mapped flash
    assertThat(m.cpu().cycle() - before).as("CPU halted while flash is written").isGreaterThan(m.clockHz() / 1000);
  }

  @Test
  void signatureAndFusesReadable() {
    Machine m = Machine.builder(Avr8xTestSupport.atmega4809()).fuse("OSCCFG", 1).build();
    DataBus b = m.bus();
    assertThat(new int[] {b.read(SIGROW), b.read(SIGROW + 1), b.read(SIGROW + 2)}).containsExactly(0x1E, 0x96, 0x51);
    assertThat(b.read(FUSE + 2)).isEqualTo(0x01); // OSCCFG as set
    assertThat(b.read(FUSE + 5)).isEqualTo(0xC4); // SYSCFG0 default
    b.write(FUSE + 2, 0x02);
    assertThat(b.read(FUSE + 2)).isEqualTo(0x01);
  }
}
