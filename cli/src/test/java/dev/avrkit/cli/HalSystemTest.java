package dev.avrkit.cli;

import static dev.avrkit.cli.HalPeripheralsTest.avr8x;
import static dev.avrkit.cli.HalPeripheralsTest.build;
import static dev.avrkit.cli.HalPeripheralsTest.result;
import static dev.avrkit.cli.HalPeripheralsTest.symbol;
import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.codegen.hal.HalGenerator;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.UartConsole;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HAL's watchdog, reset cause, sleep modes, pin-change interrupts, interrupt-driven serial
 * receive buffer and TCB PWM, built with the real rustc and run on the simulated chip of both
 * boards (sharing {@link HalPeripheralsTest}'s built register crate and HAL): measured cycles, not
 * just "it ran".
 */
class HalSystemTest {
  /** {@link HalPeripheralsTest#PRELUDE} and {@code running()}: done, but the clock goes on (a bare {@code loop {}} ends a simulation). */
  static final String BASE = HalPeripheralsTest.PRELUDE.replace("fn done() -> ! {", "#[allow(dead_code)]\nfn done() -> ! {") + """

      #[allow(dead_code)]
      fn running() -> ! {
          unsafe { core::ptr::write_volatile(&raw mut DONE, 0xA5) };
          loop {
              hal::delay_ms(1);
          }
      }
      """;
  /** With interrupt handlers. */
  static final String PRELUDE = BASE.replace("#![no_main]\n", "#![no_main]\n#![feature(abi_avr_interrupt)]\n");

  static Machine machine(HalBuild h, UartConsole console) {
    return h.machine(console);
  }

  static boolean done(Machine m, Path elf) {
    return m.bus().peek((int) symbol(elf, "DONE")) == 0xA5;
  }

  /** Runs until the firmware is done, something stops the run, or {@code seconds} more passed. */
  static RunResult runFor(Machine m, Path elf, double seconds) {
    double end = m.seconds() + seconds;
    RunResult r;
    do {
      r = m.run(Math.max(1, Math.min(m.clockHz() / 2000, (long) Math.ceil((end - m.seconds()) * m.clockHz()))));
    } while (r.reason() == StopReason.CYCLE_LIMIT && m.seconds() < end && !done(m, elf));
    return r;
  }

  static String portPin(HalBuild h, String arduino) {
    return HalGenerator.portPin(h.board.name(), arduino).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void watchdogResetsAfterItsPeriodAndTheNextBootSaysWhy(String boardName) throws Exception {
    HalBuild h = build(boardName);
    Path elf = h.firmware("wdt", BASE + """
        use hal::wdt::{reset_cause, Period, Watchdog};

        fn code(c: Option<hal::wdt::ResetCause>) -> u16 {
            match c {
                Some(c) => 10 + c as u16,
                None => 0xFF,
            }
        }

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            let cause = reset_cause();
            put(0, code(cause));
            put(3, hal::wdt::ResetFlags::read().0 as u16); // cleared
            let mut wdt = Watchdog::new(dp.WDT);
            if cause == Some(hal::wdt::ResetCause::Watchdog) {
                wdt.stop();
                put(1, wdt.running() as u16);
                running()
            }
            %s
            let pins = hal::pins!(dp);
            let mut led = pins.d13.into_output();
            wdt.start(Period::Ms16);
            put(1, wdt.running() as u16);
            put(2, Period::Ms16.micros() as u16);
            // fed for 50 ms: no reset
            for _ in 0..5 {
                hal::delay_ms(10);
                wdt.feed();
            }
            wdt.feed();
            led.set_high();
            loop {}
        }
        """.formatted(HalPeripheralsTest.clockInit(h)));
    Machine m = machine(h, UartConsole.none());
    String led = h.board.led().portName() + "/" + h.board.led().bit();
    List<Long> high = new ArrayList<>();
    m.addPinListener((port, bit, level, cycle) -> {
      if ((port + "/" + bit).equals(led) && level == 1) high.add(cycle);
    });
    m.load(FirmwareImage.load(elf));
    RunResult r = runFor(m, elf, 0.2);
    assertThat(r.reason()).as("the watchdog ended the run").isEqualTo(StopReason.WATCHDOG);
    assertThat(result(m, elf, 0)).as("first boot: power-on").isEqualTo(10 + 0);
    assertThat(result(m, elf, 3)).as("flags cleared").isZero();
    assertThat(result(m, elf, 1)).as("running").isEqualTo(1);
    assertThat(high).as("LED on after the fed 50 ms").hasSize(1);
    assertThat(high.get(0)).as("fed for 50 ms without a reset").isGreaterThan(50 * h.board.clockHz() / 1000);
    // the period from the last wdr: oscillator cycles at the nominal 1.024 kHz (AVR8X) / 128 kHz
    long nominal = avr8x(h) ? 16 * h.board.clockHz() / 1024 : 2048 * h.board.clockHz() / 128_000;
    assertThat(result(m, elf, 2)).as("Period::Ms16.micros()").isEqualTo((int) (nominal * 1_000_000 / h.board.clockHz()));
    long period = r.cycles() - high.get(0);
    assertThat(period).as("cycles from the last feed to the reset").isBetween(nominal - 8, nominal + 24);
    // the next boot
    m.reset(Machine.ResetCause.WATCHDOG);
    r = runFor(m, elf, 0.1);
    assertThat(done(m, elf)).as("second boot finished (%s)", r.reason()).isTrue();
    assertThat(result(m, elf, 0)).as("second boot: watchdog").isEqualTo(10 + 3);
    assertThat(result(m, elf, 1)).as("stopped").isZero();
    long at = m.cpu().cycle();
    r = m.run(m.clockHz() / 10);
    assertThat(r.reason()).as("no reset once stopped (100 ms)").isEqualTo(StopReason.CYCLE_LIMIT);
    assertThat(m.cpu().cycle() - at).isEqualTo(m.clockHz() / 10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void powerDownWakesOnAPinInterruptOnlyAndPinChangesAreCounted(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    // a non-INT pin on the Uno: D4 = PD4, PCINT20, vector PCINT2
    String pin = x ? "d2" : "d4";
    String port = portPin(h, pin);
    String vector = x ? HalGenerator.pinVector(h.device, port).orElseThrow() : HalGenerator.pinChangeVector(h.device, port).orElseThrow();
    String enable = x ? "button.enable_interrupt(hal::exti::Sense::BothEdges);" : "button.enable_pin_change();";
    String clear = x ? "hal::exti::clear::<hal::port::" + port + ">();" : "";
    Path elf = h.firmware("sleep", PRELUDE + """
        use hal::sleep::{sleep, Mode};

        static mut EDGES: u16 = 0;

        hal::millis_interrupt!();
        pac::interrupt!(%s, on_change);

        fn on_change() {
            %s
            unsafe { core::ptr::write_volatile(&raw mut EDGES, core::ptr::read_volatile(&raw const EDGES) + 1) };
        }

        fn edges() -> u16 {
            unsafe { core::ptr::read_volatile(&raw const EDGES) }
        }

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let pins = hal::pins!(dp);
            hal::time::start(dp.%s);
            let mut button = pins.%s.into_pull_up_input();
            %s
            unsafe { hal::interrupt::enable() };
            hal::delay_ms(2);
            let before = hal::time::millis() as u16;
            put(0, before);
            put(1, 1);
            sleep(Mode::PowerDown);
            put(2, hal::time::millis() as u16);
            put(3, edges());
            while edges() < 6 {}
            put(4, edges());
            done()
        }
        """.formatted(vector, clear, HalPeripheralsTest.clockInit(h), HalGenerator.millisTimer(h.device, h.board.clockHz()).orElseThrow(),
        pin, enable));
    Machine m = machine(h, UartConsole.none());
    m.load(FirmwareImage.load(elf));
    m.pins().pin(port).drive(1);
    runFor(m, elf, 0.030);
    assertThat(result(m, elf, 1)).as("went to sleep").isEqualTo(1);
    assertThat(done(m, elf)).isFalse();
    assertThat(m.cpu().sleeping()).as("still asleep after 30 ms with the millisecond timer's interrupt enabled").isTrue();
    assertThat(result(m, elf, 2)).as("not woken").isZero();
    long press = m.cpu().cycle();
    m.pins().pin(port).drive(0);
    m.run(h.board.clockHz() / 10_000); // 100 µs
    assertThat(m.cpu().sleeping()).as("awake 100 µs after the press").isFalse();
    int before = result(m, elf, 0);
    assertThat(result(m, elf, 2) - before).as("ms counted during 28 ms of power-down (the timer stops)").isBetween(0, 1);
    assertThat(result(m, elf, 3)).as("the wake-up edge was handled").isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      m.run(h.board.clockHz() / 1000);
      m.pins().pin(port).drive(i % 2 == 0 ? 1 : 0);
    }
    runFor(m, elf, 0.01);
    assertThat(done(m, elf)).as("six edges counted").isTrue();
    assertThat(result(m, elf, 4)).isEqualTo(6);
    assertThat(m.cpu().cycle() - press).isGreaterThan(5 * h.board.clockHz() / 1000);
  }

  /**
   * AVR8X: in power-down only the fully asynchronous pins (Px2, Px6) see a falling edge; D2 (PA0)
   * with {@code Sense::Falling} does not wake the chip (the reason {@code Mode::PowerDown}'s docs
   * and the sleep example use both edges), D4 (PC6) does, and awake PA0's falling edge counts.
   */
  @Test
  void powerDownIgnoresFallingEdgesOnSynchronousPins() throws Exception {
    HalBuild h = build("nano-every");
    String a = portPin(h, "d2"), c = portPin(h, "d4");
    Path elf = h.firmware("sleepsync", PRELUDE + """
        use hal::exti::Sense;
        use hal::sleep::{sleep, Mode};

        static mut A: u16 = 0;
        static mut C: u16 = 0;

        pac::interrupt!(%s, on_a);
        pac::interrupt!(%s, on_c);

        fn on_a() {
            hal::exti::clear::<hal::port::%s>();
            unsafe { core::ptr::write_volatile(&raw mut A, core::ptr::read_volatile(&raw const A) + 1) };
        }

        fn on_c() {
            hal::exti::clear::<hal::port::%s>();
            unsafe { core::ptr::write_volatile(&raw mut C, core::ptr::read_volatile(&raw const C) + 1) };
        }

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let pins = hal::pins!(dp);
            let mut d2 = pins.d2.into_pull_up_input();
            let mut d4 = pins.d4.into_pull_up_input();
            d2.enable_interrupt(Sense::Falling);
            d4.enable_interrupt(Sense::Falling);
            put(1, 1);
            sleep(Mode::PowerDown);
            put(2, unsafe { core::ptr::read_volatile(&raw const A) });
            put(3, unsafe { core::ptr::read_volatile(&raw const C) });
            while unsafe { core::ptr::read_volatile(&raw const A) } == 0 {}
            done()
        }
        """.formatted(HalGenerator.pinVector(h.device, a).orElseThrow(), HalGenerator.pinVector(h.device, c).orElseThrow(), a, c,
        HalPeripheralsTest.clockInit(h)));
    Machine m = machine(h, UartConsole.none());
    m.load(FirmwareImage.load(elf));
    m.pins().pin(a).drive(1);
    m.pins().pin(c).drive(1);
    runFor(m, elf, 0.005);
    assertThat(result(m, elf, 1)).isEqualTo(1);
    m.pins().pin(a).drive(0);
    m.run(h.board.clockHz() / 200); // 5 ms
    assertThat(m.cpu().sleeping()).as("a falling edge on %s (synchronous) does not wake power-down", a).isTrue();
    m.pins().pin(a).drive(1);
    m.pins().pin(c).drive(0);
    m.run(h.board.clockHz() / 10_000);
    assertThat(m.cpu().sleeping()).as("one on %s (fully asynchronous) does", c).isFalse();
    assertThat(result(m, elf, 2)).as("PA0 edges seen asleep").isZero();
    assertThat(result(m, elf, 3)).as("PC6 edges").isEqualTo(1);
    m.pins().pin(a).drive(0);
    runFor(m, elf, 0.005);
    assertThat(done(m, elf)).as("awake, PA0's falling edge interrupts").isTrue();
  }

  /** An ADC conversion read by its result-ready interrupt while the CPU sleeps. */
  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void adcResultByInterruptWakesTheSleepingCpu(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    Path elf = h.firmware("adcirq", PRELUDE + """
        use hal::adc::{Adc, Config};
        use hal::sleep::{sleep, Mode};

        static mut RESULT: u16 = 0xFFFF;
        static mut N: u16 = 0;

        pac::interrupt!(%s, on_result);

        fn on_result() {
            let v = hal::adc::interrupt_result();
            unsafe {
                core::ptr::write_volatile(&raw mut RESULT, v);
                core::ptr::write_volatile(&raw mut N, core::ptr::read_volatile(&raw const N) + 1);
            }
        }

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let pins = hal::pins!(dp);
            let mut adc = Adc::new(dp.%s, Config::default());
            let a0 = pins.a0.into_analog_input(&mut adc);
            adc.listen(true);
            adc.start(&a0);
            sleep(Mode::%s);
            put(0, unsafe { core::ptr::read_volatile(&raw const RESULT) });
            put(1, unsafe { core::ptr::read_volatile(&raw const N) });
            done()
        }
        """.formatted(x ? "ADC0_RESRDY" : "ADC", HalPeripheralsTest.clockInit(h), x ? "ADC0" : "ADC", x ? "Idle" : "AdcNoiseReduction"));
    Machine m = machine(h, UartConsole.none());
    m.load(FirmwareImage.load(elf));
    m.pins().pin(x ? "PD3" : "PC0").setVoltage(2.5);
    runFor(m, elf, 0.01);
    assertThat(done(m, elf)).isTrue();
    assertThat(result(m, elf, 0)).as("A0 at 2.5 V, read in the handler").isBetween(511, 513);
    assertThat(result(m, elf, 1)).as("handler runs").isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void receiveBufferKeepsABurstSentWhileTheFirmwareIsBusy(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    Path elf = h.firmware("rxbuf", PRELUDE + """
        use hal::serial::{Baud, RxBuffer, Serial};

        static RX: RxBuffer<32> = RxBuffer::new();
        pac::interrupt!(%s, on_rx);

        fn on_rx() {
            RX.receive::<pac::%s>();
        }

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let pins = hal::pins!(dp);
            let mut serial = Serial::new(dp.%s, pins.%s.into_output(), pins.%s, Baud::<%d>);
            serial.listen_rx();
            unsafe { hal::interrupt::enable() };
            put(0, RX.read().map_or(0xFFFF, u16::from)); // nothing yet
            hal::delay_ms(20); // busy while 20 bytes arrive
            put(1, RX.len() as u16);
            let mut n: u16 = 0;
            let mut sum: u16 = 0;
            let mut first: u16 = 0;
            while let Some(b) = RX.read() {
                if n == 0 {
                    first = u16::from(b);
                }
                n += 1;
                sum = sum.wrapping_add(u16::from(b));
            }
            put(2, n);
            put(3, sum);
            put(4, first);
            put(5, u16::from(RX.lost()));
            done()
        }
        """.formatted(x ? "USART3_RXC" : "USART_RX", x ? "USART3" : "USART0", HalPeripheralsTest.clockInit(h), x ? "USART3" : "USART0",
        x ? "usb_tx" : "d1", x ? "usb_rx" : "d0", x ? 115200 : 57600));
    String burst = "abcdefghijklmnopqrst";
    Deque<Integer> in = new ArrayDeque<>();
    for (char c : burst.toCharArray()) in.add((int) c);
    Machine m = machine(h, new UartConsole() {
      @Override
      public void transmit(String uart, int b) {}

      @Override
      public int receive(String uart) {
        return in.isEmpty() ? -1 : in.poll();
      }
    });
    m.load(FirmwareImage.load(elf));
    runFor(m, elf, 0.1);
    assertThat(done(m, elf)).isTrue();
    assertThat(in).as("the burst was sent").isEmpty();
    assertThat(result(m, elf, 0)).as("read() does not wait").isEqualTo(0xFFFF);
    assertThat(result(m, elf, 1)).as("bytes buffered while busy").isEqualTo(20);
    assertThat(result(m, elf, 2)).isEqualTo(20);
    assertThat(result(m, elf, 3)).isEqualTo(burst.chars().sum());
    assertThat(result(m, elf, 4)).isEqualTo('a');
    assertThat(result(m, elf, 5)).as("lost").isZero();
  }

  @Test
  void tcbPwmOnTheNanoEverysD3AndD6() throws Exception {
    HalBuild h = build("nano-every");
    Path elf = h.firmware("tcbpwm", BASE + """
        use hal::pwm::{Prescaler, Tca0, Tcb0, Tcb1};

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            %s
            let pins = hal::pins!(dp);
            let tca = Tca0::new(dp.TCA0, Prescaler::Div64);
            let tcb1 = Tcb1::new(dp.TCB1, &tca);
            let tcb0 = Tcb0::new(dp.TCB0, &tca);
            let mut d3 = pins.d3.into_output().into_pwm(&tcb1);
            let mut d6 = pins.d6.into_output().into_pwm(&tcb0);
            let mut d5 = pins.d5.into_output().into_pwm(&tca);
            d3.set_duty(64);
            d6.set_duty(192);
            d5.set_duty(128);
            put(0, u16::from(d3.duty()));
            running()
        }
        """.formatted(HalPeripheralsTest.clockInit(h)));
    Machine m = machine(h, UartConsole.none());
    String d3 = portPin(h, "d3"), d6 = portPin(h, "d6"), d5 = portPin(h, "d5");
    java.util.Map<String, List<long[]>> edges = new java.util.HashMap<>();
    m.addPinListener((port, bit, level, cycle) -> {
      edges.computeIfAbsent("P" + port.charAt(4) + bit, k -> new ArrayList<>()).add(new long[] {cycle, level});
    });
    m.load(FirmwareImage.load(elf));
    runFor(m, elf, 0.01);
    assertThat(done(m, elf)).isTrue();
    m.run(h.board.clockHz() / 100); // 10 ms: about ten periods
    assertThat(result(m, elf, 0)).isEqualTo(64);
    // F_CPU / 64 / 256 = 976.56 Hz: 16384 cycles; a TCB in PWM8 is high for duty x 64 cycles
    // (while CNT < CCMPH), TCA0 in split mode (counting down, high from the match to BOTTOM) for
    // (duty + 1) x 64
    for (String[] c : new String[][] {{d3, "64"}, {d6, "192"}, {d5, "129"}}) {
      List<long[]> e = edges.getOrDefault(c[0], List.of());
      List<Long> rises = new ArrayList<>();
      List<Long> highs = new ArrayList<>();
      for (int i = 0; i < e.size(); i++) {
        if (e.get(i)[1] == 1 && i > 0) rises.add(e.get(i)[0]);
        if (e.get(i)[1] == 1 && i + 1 < e.size() && e.get(i + 1)[1] == 0) highs.add(e.get(i + 1)[0] - e.get(i)[0]);
      }
      assertThat(rises).as("rising edges on %s", c[0]).hasSizeGreaterThan(5);
      for (int i = rises.size() - 4; i < rises.size(); i++) {
        assertThat(rises.get(i) - rises.get(i - 1)).as("PWM period on %s", c[0]).isEqualTo(16384);
      }
      assertThat(highs.get(highs.size() - 1)).as("high time on %s", c[0]).isEqualTo(Long.parseLong(c[1]) * 64);
    }
  }
}
