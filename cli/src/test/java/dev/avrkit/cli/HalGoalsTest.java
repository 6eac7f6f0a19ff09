package dev.avrkit.cli;

import static dev.avrkit.cli.HalPeripheralsTest.avr8x;
import static dev.avrkit.cli.HalPeripheralsTest.build;
import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.vcd.VcdWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HAL issues' measurable goals on the simulated chip of both boards, in CPU cycles (no wall
 * clock): {@code delay_ms(1000)} within 0.1 %, {@code millis()} and {@code micros()} without drift
 * over 60 simulated seconds, PWM frequency within 1 % of what the prescaler asks and the duty cycle
 * within one timer step, I2C SCL at 100 and 400 kHz within 2 % read from the simulator's VCD, SPI
 * SCK exactly F_CPU / divider for every divider, and the ADC's conversion time as the data sheet
 * gives it for the prescaler and sample length chosen. The firmware is built with rustc directly
 * ({@link HalBuild}) against each board's register crate and HAL, built once for this class and
 * {@link HalPeripheralsTest}.
 */
class HalGoalsTest {
  static Machine machine(HalBuild h) {
    return h.machine(null);
  }

  /** A register of the device model by peripheral and name. */
  static ResolvedRegister reg(HalBuild h, String peripheral, String name) {
    return h.device.peripheral(peripheral).orElseThrow().register(name).orElseThrow();
  }

  static int mask(HalBuild h, String peripheral, String register, String field) {
    return (int) reg(h, peripheral, register).register().field(field).orElseThrow().mask();
  }

  /** Runs until {@code cycle}. */
  static void runTo(Machine m, long cycle) {
    RunResult r;
    do {
      r = m.run(cycle - m.scheduler().now());
      assertThat(r.reason()).as("at %.3f s", m.seconds()).isEqualTo(StopReason.CYCLE_LIMIT);
    } while (m.scheduler().now() < cycle);
  }

  static long u32(Machine m, long addr) {
    long v = 0;
    for (int i = 3; i >= 0; i--) v = v << 8 | m.bus().peek((int) addr + i);
    return v;
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void delayAndMillisKeepTime(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    String timer = x ? "TCB3" : "TC0";
    // idle sleep between the ticks (the simulator skips a sleeping CPU's cycles to the next event)
    ResolvedRegister sleep = x ? reg(h, "SLPCTRL", "CTRLA")
        : h.device.peripherals().stream().flatMap(p -> p.register("SMCR").stream()).findFirst().orElseThrow();
    int enable = (int) sleep.register().field(x ? "SEN" : "SE").orElseThrow().mask();
    Path elf = h.firmware("time", """
        #![no_std]
        #![no_main]
        #![feature(abi_avr_interrupt, asm_experimental_arch)]

        hal::entry!(main);
        hal::millis_interrupt!();

        #[no_mangle]
        static mut NOW: [u32; 2] = [0; 2];

        #[panic_handler]
        fn panic(_: &core::panic::PanicInfo) -> ! {
            loop {}
        }

        fn main(dp: hal::Peripherals) -> ! {
            hal::clock::init(&dp);
            let pins = hal::pins!(dp);
            let mut led = pins.d13.into_output();
            led.set_high();
            hal::delay_ms(1000);
            led.set_low();
            hal::delay_ms(1000);
            led.set_high();
            hal::time::start(dp.%s);
            unsafe { hal::interrupt::enable() };
            // idle sleep mode: a tick wakes the CPU
            unsafe { core::ptr::write_volatile(0x%x as *mut u8, 0x%x) };
            loop {
                let ms = hal::time::millis();
                let us = hal::time::micros();
                unsafe {
                    core::ptr::write_volatile(&raw mut NOW[0], ms);
                    core::ptr::write_volatile(&raw mut NOW[1], us);
                    core::arch::asm!("sleep");
                }
            }
        }
        """.formatted(timer, sleep.address(), enable));
    assertThat(HalSimTest.linksPanicking(elf)).as("no unwrap, no core::panicking").isFalse();
    Machine m = machine(h);
    List<Long> edges = new ArrayList<>();
    m.addPinListener((port, bit, level, cycle) -> {
      if (port.equals(h.board.led().portName()) && bit == h.board.led().bit() && level != 2) edges.add(cycle);
    });
    // the cycle the millisecond timer starts: the write that enables it (TCB3.CTRLA.ENABLE, TCCR0B.CS0)
    ResolvedRegister start = x ? reg(h, timer, "CTRLA") : h.device.peripherals().stream()
        .flatMap(p -> p.register("TCCR0B").stream()).findFirst().orElseThrow();
    long[] t0 = {-1};
    m.bus().setObserver((a, v, write) -> {
      if (write && a == start.address() && v != 0 && t0[0] < 0) t0[0] = m.scheduler().now();
    });
    m.load(FirmwareImage.load(elf));
    long hz = h.board.clockHz();
    runTo(m, 3 * hz);
    // delay_ms(1000): 16 000 000 cycles (and the pin write)
    assertThat(edges).as("LED edges").hasSize(4); // set up low, high, low, high
    for (int i = 2; i < 4; i++) {
      long dt = edges.get(i) - edges.get(i - 1);
      assertThat((double) dt / hz).as("delay_ms(1000) in seconds").isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.001));
      System.out.printf("[hal-goals] %s: delay_ms(1000) = %d cycles (%+.5f %%)%n", boardName, dt, (dt - (double) hz) / hz * 100);
    }
    assertThat(t0[0]).as("the timer started").isPositive();
    long ms = hz / 1000;
    long addr = HalPeripheralsTest.symbol(elf, "NOW");
    for (int s : new int[] {10, 30, 60}) {
      // half-way between two ticks: the count is then unambiguous
      long at = t0[0] + s * hz + ms / 2;
      runTo(m, at);
      long millis = u32(m, addr), micros = u32(m, addr + 4);
      assertThat(millis).as("millis() %d s after the timer started", s).isEqualTo((at - t0[0]) / ms);
      // micros() read just after the tick that woke the CPU: a few microseconds past the millisecond
      assertThat(micros - millis * 1000).as("micros() past millis() * 1000 at %d s", s).isBetween(0L, 20L);
      System.out.printf("[hal-goals] %s: %d s after start (cycle %d): millis() = %d, micros() = %d%n", boardName, s, at, millis,
          micros);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void pwmFrequencyAndDuty(String boardName) throws Exception {
    HalBuild h = build(boardName);
    String[] pwm = dev.avrkit.codegen.hal.HalGenerator.pwmPin(h.device, boardName).orElseThrow();
    String pin = pwm[0].toLowerCase(Locale.ROOT);
    int[][] configs = {{1, 1}, {8, 64}, {64, 128}, {256, 200}, {1024, 254}};
    StringBuilder table = new StringBuilder();
    for (int[] c : configs) table.append("(Prescaler::Div").append(c[0]).append(", ").append(c[1]).append("), ");
    Path elf = h.firmware("pwm", HalPeripheralsTest.PRELUDE + """
        use hal::pwm::{Prescaler, %s};

        #[no_mangle]
        static mut PHASE: u8 = 0;

        const CONFIGS: [(Prescaler, u8); %d] = [%s];

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            hal::clock::init(&dp);
            let pins = hal::pins!(dp);
            let mut pin = pins.%s.into_output();
            let mut i = 0;
            while i < CONFIGS.len() {
                let (p, duty) = CONFIGS[i];
                let timer = %s::new(unsafe { hal::Peripherals::steal() }.%s, p);
                let mut out = pin.into_pwm(&timer);
                out.set_duty(duty);
                put(i, p.frequency() as u16);
                unsafe { core::ptr::write_volatile(&raw mut PHASE, i as u8 + 1) };
                // six periods
                hal::delay_ms((6 * 256 * p.divisor() / (hal::F_CPU / 1000) + 1) as u16);
                // between two settings: edges then belong to neither
                unsafe { core::ptr::write_volatile(&raw mut PHASE, 0) };
                pin = out.into_output();
                i += 1;
            }
            done()
        }
        """.formatted(pwm[3], configs.length, table, pin, pwm[3], pwm[2]));
    // the positive control of HalSimTest's check that no example links core::panicking without
    // unwrap or expect: this firmware calls take().unwrap() (the timing firmware, without, links none)
    assertThat(HalSimTest.linksPanicking(elf)).as("a firmware calling unwrap links core::panicking").isTrue();
    HalSimTest.Model.PinRefLike pp = new HalSimTest.Model.PinRefLike(pwm[1]);
    String port = "PORT" + pp.port();
    List<long[]> edges = new ArrayList<>(); // cycle, level, phase
    long phaseAddr = HalPeripheralsTest.symbol(elf, "PHASE");
    Machine[] mm = new Machine[1];
    Machine m = HalPeripheralsTest.run(h, elf, s -> {
      mm[0] = s;
      s.addPinListener((p, bit, level, cycle) -> {
        if (p.equals(port) && bit == pp.bit()) edges.add(new long[] {cycle, level, s.bus().peek((int) phaseAddr)});
      });
    }, 1.0);
    long hz = h.board.clockHz();
    for (int k = 0; k < configs.length; k++) {
      int div = configs[k][0], duty = configs[k][1];
      int phase = k + 1;
      List<long[]> e = edges.stream().filter(a -> a[2] == phase).toList();
      List<Long> rises = new ArrayList<>(), highs = new ArrayList<>();
      for (int i = 0; i + 1 < e.size(); i++) {
        if (e.get(i)[1] == 1) {
          rises.add(e.get(i)[0]);
          if (e.get(i + 1)[1] == 0) highs.add(e.get(i + 1)[0] - e.get(i)[0]);
        }
      }
      assertThat(rises).as("rising edges at /%d", div).hasSizeGreaterThanOrEqualTo(5);
      double asked = HalPeripheralsTest.result(m, elf, k); // Prescaler::frequency()
      long step = div; // one timer clock
      // the first period after the timer is set up may be short: from the second one
      for (int i = 2; i < rises.size(); i++) {
        long period = rises.get(i) - rises.get(i - 1);
        assertThat(period).as("period at /%d in cycles", div).isEqualTo(256L * div);
        double f = (double) hz / period;
        assertThat(Math.abs(f - (double) hz / div / 256) / f).as("frequency at /%d", div).isLessThan(0.01);
        assertThat(Math.abs(f - asked) / f).as("against Prescaler::frequency() at /%d", div).isLessThan(0.01);
      }
      assertThat(highs).as("high pulses at /%d", div).hasSizeGreaterThanOrEqualTo(4);
      for (int i = 2; i < highs.size(); i++) {
        long want = (long) duty * step;
        assertThat(Math.abs(highs.get(i) - want)).as("high time at /%d, duty %d (cycles): %s", div, duty, highs).isLessThanOrEqualTo(step);
      }
      System.out.printf("[hal-goals] %s: PWM /%d duty %d: period %d cycles (%.3f Hz, asked %.1f), high %d cycles (%d x %d = %d)%n",
          boardName, div, duty, rises.get(rises.size() - 1) - rises.get(rises.size() - 2),
          (double) hz / (rises.get(rises.size() - 1) - rises.get(rises.size() - 2)), (double) hz / div / 256,
          highs.get(highs.size() - 1), duty, step, duty * step);
    }
  }

  /** Accepts every byte at its address. */
  static final class Sink implements dev.avrkit.sim.bus.I2cDevice {
    final int address;
    int bytes;

    Sink(int address) {
      this.address = address;
    }

    @Override
    public boolean start(int a, boolean read) {
      return a == address;
    }

    @Override
    public boolean write(int data) {
      bytes++;
      return true;
    }

    @Override
    public int read(boolean ack) {
      return 0x5A;
    }

    @Override
    public void stop() {}
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void i2cSclFromTheVcd(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    String twi = x ? "TWI0" : "TWI";
    Path elf = h.firmware("i2c_scl", HalPeripheralsTest.PRELUDE + """
        use hal::i2c::{I2c, Route};

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            hal::clock::init(&dp);
            let pins = hal::pins!(dp);
            let mut led = pins.d13.into_output();
            let mut i2c = I2c::new(dp.%s, Route::default(), 100_000);
            put(0, i2c.write(0x50, &[1, 2, 3, 4, 5, 6, 7, 8]).is_ok() as u16);
            led.set_high(); // marks the 400 kHz part in the VCD
            let mut i2c = I2c::new(i2c.free(), Route::default(), 400_000);
            put(1, i2c.write(0x50, &[1, 2, 3, 4, 5, 6, 7, 8]).is_ok() as u16);
            led.set_low();
            done()
        }
        """.formatted(twi));
    Path vcd = h.dir.resolve("i2c-" + boardName + ".vcd");
    Sink sink = new Sink(0x50);
    VcdWriter[] w = new VcdWriter[1];
    Machine m = HalPeripheralsTest.run(h, elf, s -> {
      s.i2cBus(twi).attach(sink);
      w[0] = VcdWriter.attach(s, vcd, List.of());
    }, 1.0);
    w[0].close();
    assertThat(HalPeripheralsTest.result(m, elf, 0)).as("write at 100 kHz").isEqualTo(1);
    assertThat(HalPeripheralsTest.result(m, elf, 1)).as("write at 400 kHz").isEqualTo(1);
    assertThat(sink.bytes).isEqualTo(16);
    String scl = x ? "PA3" : "PC5";
    String led = "P" + h.board.led().port() + h.board.led().bit();
    Map<String, List<long[]>> waves = vcdWaves(vcd, List.of(scl, led));
    List<long[]> ledWave = waves.get(led);
    for (int khz : new int[] {100, 400}) {
      boolean fast = khz == 400;
      double nominal = 1e6 / khz; // ns
      List<Double> periods = new ArrayList<>();
      long prev = -1;
      long level = 2;
      for (long[] e : waves.get(scl)) {
        boolean rise = level == 0 && e[1] == 1; // 0 to 1 (not a released pin, z, read high)
        level = e[1];
        if (!rise) continue;
        boolean inFast = levelAt(ledWave, e[0]) == 1;
        if (inFast != fast) {
          prev = -1;
          continue;
        }
        if (prev >= 0) periods.add((double) (e[0] - prev));
        prev = e[0];
      }
      // nine clocks a byte (8 bits and the acknowledge): 8 periods inside each byte at the rate asked;
      // between bytes the master holds SCL low until the CPU has answered, which only lengthens one
      // (and once more before the STOP)
      assertThat(periods).as("SCL periods at %d kHz", khz).hasSizeGreaterThan(80);
      List<Double> inside = periods.stream().filter(p -> Math.abs(p - nominal) / nominal < 0.02).toList();
      List<Double> others = periods.stream().filter(p -> Math.abs(p - nominal) / nominal >= 0.02).toList();
      assertThat(inside).as("SCL periods within 2 %% of %d kHz", khz).hasSizeGreaterThanOrEqualTo(9 * 8);
      assertThat(others).as("other SCL periods at %d kHz: the gaps between bytes, never shorter", khz)
          .hasSizeLessThanOrEqualTo(9).allMatch(p -> p > nominal);
      double sum = 0;
      for (double p : inside) sum += p;
      System.out.printf("[hal-goals] %s: SCL %d kHz asked, %.2f kHz measured from the VCD (%d periods inside bytes; between bytes %s ns)%n",
          boardName, khz, 1e6 / (sum / inside.size()), inside.size(), others);
    }
  }

  /** The level of a wave (time, level) at {@code t}. */
  static long levelAt(List<long[]> wave, long t) {
    long l = 0;
    for (long[] e : wave) {
      if (e[0] > t) break;
      l = e[1];
    }
    return l;
  }

  /** The changes (ns, level: 0, 1, or 2 for z and x) of the named pins ("PA3") in a VCD file. */
  static Map<String, List<long[]>> vcdWaves(Path vcd, List<String> pins) throws Exception {
    Map<String, String> byId = new HashMap<>();
    Map<String, List<long[]>> out = new HashMap<>();
    for (String p : pins) out.put(p, new ArrayList<>());
    long t = 0;
    for (String line : Files.readAllLines(vcd)) {
      if (line.startsWith("$var ")) {
        String[] f = line.split("\\s+");
        if (pins.contains(f[4])) byId.put(f[3], f[4]);
      } else if (line.startsWith("#")) {
        t = Long.parseLong(line.substring(1).trim());
      } else if (!line.isEmpty() && "01xz".indexOf(line.charAt(0)) >= 0) {
        String pin = byId.get(line.substring(1));
        if (pin != null) out.get(pin).add(new long[] {t, "01".indexOf(line.charAt(0)) >= 0 ? line.charAt(0) - '0' : 2});
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void spiClockIsTheDivider(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    int[] dividers = {2, 4, 8, 16, 32, 64, 128};
    StringBuilder list = new StringBuilder();
    for (int d : dividers) list.append("Divider::Div").append(d).append(", ");
    Path elf = h.firmware("spi_clock", HalPeripheralsTest.PRELUDE + """
        use hal::spi::{Divider, Mode, Route, Settings, Spi};

        #[no_mangle]
        static mut PHASE: u8 = 0;

        const DIVIDERS: [Divider; %d] = [%s];

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            hal::clock::init(&dp);
            let mut spi = Spi::new(dp.%s, Route::%s, Settings::default());
            let mut i = 0;
            while i < DIVIDERS.len() {
                spi.configure(Settings { mode: Mode::Mode0, divider: DIVIDERS[i], lsb_first: false });
                unsafe { core::ptr::write_volatile(&raw mut PHASE, i as u8 + 1) };
                put(i, u16::from(spi.transfer_byte(0x55)));
                i += 1;
            }
            unsafe { core::ptr::write_volatile(&raw mut PHASE, 0) };
            done()
        }
        """.formatted(dividers.length, list, x ? "SPI0" : "SPI", x ? "Alt2" : "Default"));
    String sck = x ? "PE2" : "PB5";
    long phaseAddr = HalPeripheralsTest.symbol(elf, "PHASE");
    List<long[]> rises = new ArrayList<>(); // cycle, phase
    HalPeripheralsTest.run(h, elf, s -> {
      int[] last = {0};
      s.addPinListener((port, bit, level, cycle) -> {
        if (("P" + port.charAt(4) + bit).equals(sck)) {
          if (level == 1 && last[0] == 0) rises.add(new long[] {cycle, s.bus().peek((int) phaseAddr)});
          last[0] = level;
        }
      });
    }, 1.0);
    StringBuilder seen = new StringBuilder();
    for (int k = 0; k < dividers.length; k++) {
      int phase = k + 1;
      List<Long> r = rises.stream().filter(a -> a[1] == phase).map(a -> a[0]).toList();
      assertThat(r).as("SCK rising edges at /%d", dividers[k]).hasSize(8);
      for (int i = 1; i < r.size(); i++) {
        assertThat(r.get(i) - r.get(i - 1)).as("SCK period at /%d in cycles", dividers[k]).isEqualTo(dividers[k]);
      }
      seen.append(" /").append(dividers[k]).append(": ").append(r.get(1) - r.get(0));
    }
    System.out.printf("[hal-goals] %s: SCK periods in cycles:%s%n", boardName, seen);
  }

  /** Cycles from each conversion's start (the CPU's write) to its result-ready flag. */
  static final class AdcWatch {
    final List<Long> cycles = new ArrayList<>();

    AdcWatch(Machine m, int startAddr, int startBit, int flagAddr, int flagBit) {
      Scheduler s = m.scheduler();
      Scheduler.Event[] poll = new Scheduler.Event[1];
      long[] began = {-1};
      // fires every cycle while a conversion runs; the ADC's own event at the same cycle comes first
      poll[0] = new Scheduler.Event() {
        @Override
        protected void fire(long when) {
          if ((m.bus().peek(flagAddr) & flagBit) != 0) cycles.add(when - began[0]);
          else s.schedule(this, when + 1);
        }
      };
      m.bus().setObserver((a, v, write) -> {
        if (write && a == startAddr && (v & startBit) != 0) {
          began[0] = s.now();
          s.schedule(poll[0], began[0] + 1);
        }
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void adcConversionTimeIsTheDataSheets(String boardName) throws Exception {
    HalBuild h = build(boardName);
    boolean x = avr8x(h);
    String adc = x ? "ADC0" : "ADC";
    Path elf = h.firmware("adc_time", HalPeripheralsTest.PRELUDE + """
        #[allow(unused_imports)]
        use hal::adc::{channel, Adc, Config, InitDelay, Prescaler};

        fn main() -> ! {
            let dp = hal::Peripherals::take().unwrap();
            hal::clock::init(&dp);
            put(0, Config::default().prescaler.divisor());
            let mut adc = Adc::new(dp.%s, Config::default());
            adc.read_blocking(&channel::Gnd);
            adc.read_blocking(&channel::Gnd);
            let config = Config { prescaler: Prescaler::Div64, sample_length: 10, %s..Config::default() };
            let mut adc = Adc::new(adc.free(), config);
            adc.read_blocking(&channel::Gnd);
            adc.read_blocking(&channel::Gnd);
            done()
        }
        """.formatted(adc, x ? "init_delay: InitDelay::Dly16, " : ""));
    ResolvedRegister start = reg(h, adc, x ? "COMMAND" : "ADCSRA");
    ResolvedRegister flag = reg(h, adc, x ? "INTFLAGS" : "ADCSRA");
    int startBit = mask(h, adc, start.name(), x ? "STCONV" : "ADSC");
    int flagBit = mask(h, adc, flag.name(), x ? "RESRDY" : "ADIF");
    AdcWatch[] w = new AdcWatch[1];
    Machine m = HalPeripheralsTest.run(h, elf,
        s -> w[0] = new AdcWatch(s, (int) start.address(), startBit, (int) flag.address(), flagBit), 1.0);
    List<Long> c = w[0].cycles;
    assertThat(c).as("conversions timed").hasSize(4);
    int dflt = HalPeripheralsTest.result(m, elf, 0);
    // the default prescaler: the fastest ADC clock within the data sheet's range for full resolution
    assertThat(h.board.clockHz() / dflt).isLessThanOrEqualTo(x ? 1_500_000 : 200_000);
    assertThat(h.board.clockHz() / (dflt / 2)).isGreaterThan(x ? 1_500_000 : 200_000);
    if (x) {
      // ATmega4809 data sheet: 1 (start) + 2 + SAMPLEN (sampling) + 10 (bits) ADC clocks; the
      // first conversion after enabling waits INITDLY more (0 by default, its reset value)
      assertThat(c.get(0)).as("first conversion, /%d", dflt).isEqualTo(13L * dflt);
      assertThat(c.get(1)).as("second conversion, /%d", dflt).isEqualTo(13L * dflt);
      assertThat(c.get(2)).as("SAMPLEN 10 and INITDLY 16, first conversion, /64").isEqualTo((13L + 10 + 16) * 64);
      assertThat(c.get(3)).as("SAMPLEN 10, /64").isEqualTo((13L + 10) * 64);
    } else {
      // ATmega328P data sheet: 25 ADC clocks for the first conversion after ADEN, 13 after that,
      // from the ADC clock's next rising edge (up to one ADC clock after ADSC is written); the
      // classic ADC's sampling time is fixed (sample_length is ignored)
      assertThat(c.get(0)).as("first conversion, /%d", dflt).isBetween(25L * dflt + 1, 26L * dflt);
      assertThat(c.get(1)).as("second conversion, /%d", dflt).isBetween(13L * dflt + 1, 14L * dflt);
      assertThat(c.get(2)).as("first conversion, /64").isBetween(25L * 64 + 1, 26L * 64);
      assertThat(c.get(3)).as("second conversion, /64").isBetween(13L * 64 + 1, 14L * 64);
    }
    System.out.printf("[hal-goals] %s: ADC conversions in cycles: %s (default prescaler /%d)%n", boardName, c, dflt);
  }
}
