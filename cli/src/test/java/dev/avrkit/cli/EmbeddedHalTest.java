package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.codegen.hal.HalGenerator;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.RunResult;
import dev.avrkit.sim.StopReason;
import dev.avrkit.sim.UartConsole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HAL's {@code embedded-hal} cargo feature end to end, offline: {@code avrkit new
 * --embedded-hal} for both boards, crates.io patched to the trait crates' sources in
 * ../shared/rust-crates (as a user online gets them from crates.io), a {@code drivers} crate that
 * depends only on embedded-hal 1.0 and embedded-io 0.6 (it does not know the HAL), and examples
 * that hand it the HAL's pins, delay, PWM channel and serial port, built with {@code cargo build
 * --offline --release} without warnings and run on the simulated board: pulse widths and delays in
 * cycles, pins of two ports downgraded into one array, an input read through its pull-up, the duty
 * cycle of each step of a fade (exact, over whole periods), an echo over Read + Write.
 */
class EmbeddedHalTest {
  static Path tmp;
  private static final Map<String, Path> projects = new HashMap<>();

  @BeforeAll
  static void folder() throws Exception {
    tmp = ProjectCommandsTest.cache().getParent().resolve("embedded-hal-test");
    if (Files.exists(tmp)) {
      try (var w = Files.walk(tmp)) {
        for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    Files.createDirectories(tmp);
  }

  static final String DRIVERS = """
      //! Drivers written only against embedded-hal 1.0 and embedded-io 0.6: nothing here knows the HAL.
      #![no_std]

      use embedded_hal::delay::DelayNs;
      use embedded_hal::digital::{InputPin, OutputPin, StatefulOutputPin};
      use embedded_hal::pwm::SetDutyCycle;
      use embedded_io::{Read, ReadReady, Write, WriteReady};

      /// Pulses an output pin.
      pub struct Blinker<P, D> {
          pin: P,
          delay: D,
      }

      impl<P: OutputPin, D: DelayNs> Blinker<P, D> {
          pub fn new(pin: P, delay: D) -> Self {
              Blinker { pin, delay }
          }

          /// High for `high_us` microseconds, then low for `low_ms` milliseconds.
          pub fn pulse(&mut self, high_us: u32, low_ms: u32) -> Result<(), P::Error> {
              self.pin.set_high()?;
              self.delay.delay_us(high_us);
              self.pin.set_low()?;
              self.delay.delay_ms(low_ms);
              Ok(())
          }

          pub fn free(self) -> (P, D) {
              (self.pin, self.delay)
          }
      }

      /// Toggles each pin in turn, at least `ns` nanoseconds apart.
      pub fn chase<P: StatefulOutputPin, D: DelayNs>(pins: &mut [P], delay: &mut D, ns: u32) -> Result<(), P::Error> {
          for p in pins.iter_mut() {
              p.toggle()?;
              delay.delay_ns(ns);
          }
          Ok(())
      }

      /// Drives `out` to the level `input` reads.
      pub fn follow<I: InputPin, O: OutputPin>(input: &mut I, out: &mut O) {
          if let Ok(high) = input.is_high() {
              let _ = out.set_state(high.into());
          }
      }

      /// Steps PWM outputs through 0/steps .. steps/steps of full, `step_ms` each, toggling
      /// `marker` as each step begins.
      pub fn fade<E: embedded_hal::pwm::Error, M: StatefulOutputPin, D: DelayNs>(
          pwms: &mut [&mut dyn SetDutyCycle<Error = E>],
          marker: &mut M,
          delay: &mut D,
          steps: u16,
          step_ms: u32,
      ) {
          for k in 0..=steps {
              let _ = marker.toggle();
              for p in pwms.iter_mut() {
                  let _ = p.set_duty_cycle_fraction(k, steps);
              }
              delay.delay_ms(step_ms);
          }
      }

      /// Says whether a byte is waiting and whether there is room to send, then echoes what it
      /// reads in upper case.
      pub fn echo<S: Read + Write + ReadReady + WriteReady>(s: &mut S) -> Result<core::convert::Infallible, S::Error> {
          s.flush()?; // nothing sent yet: returns at once
          let r = s.read_ready()?;
          let w = s.write_ready()?;
          s.write_all(b"ready: r")?;
          s.write_all(if r { b"1" } else { b"0" })?;
          s.write_all(b" w")?;
          s.write_all(if w { b"1" } else { b"0" })?;
          s.write_all(b"\\r\\n")?;
          s.flush()?;
          let mut buf = [0u8; 4];
          loop {
              let n = s.read(&mut buf)?;
              buf[..n].make_ascii_uppercase();
              s.write_all(&buf[..n])?;
          }
      }

      /// Sends a line while bytes arrive (`rx` must keep them), says whether some are waiting, then
      /// echoes them in upper case.
      pub fn echo_from<R: Read + ReadReady, W: Write>(rx: &mut R, tx: &mut W) -> Option<core::convert::Infallible> {
          tx.write_all(b"buffered\\r\\n").ok()?;
          tx.flush().ok()?;
          tx.write_all(if rx.read_ready().ok()? { b"r1 " } else { b"r0 " }).ok()?;
          let mut buf = [0u8; 8];
          loop {
              let n = rx.read(&mut buf).ok()?;
              buf[..n].make_ascii_uppercase();
              tx.write_all(&buf[..n]).ok()?;
          }
      }
      """;

  static final String TAIL = """

      #[panic_handler]
      fn panic(_: &core::panic::PanicInfo) -> ! {
          board::halt()
      }
      """;

  static final String PINS = """
      //! Pins and delays through embedded-hal only (the drivers crate).
      #![no_std]
      #![no_main]

      hal::entry!(main);

      fn main(dp: hal::Peripherals) -> ! {
          hal::clock::init(&dp);
          let pins = hal::pins!(dp);
          let mut blink = drivers::Blinker::new(pins.d13.into_output(), hal::Delay::new());
          for _ in 0..3 {
              let Ok(()) = blink.pulse(1000, 2);
          }
          let (mut led, mut delay) = blink.free();
          // pins of two ports in one array
          let mut chain = [pins.d4.into_output().downgrade(), pins.d8.into_output().downgrade()];
          for _ in 0..2 {
              let Ok(()) = drivers::chase(&mut chain, &mut delay, 62_500);
          }
          let mut button = pins.d2.into_pull_up_input();
          loop {
              drivers::follow(&mut button, &mut led);
          }
      }
      """ + TAIL;

  /** Every PWM pin of the board (TCA, TCB, TC1, TC2...) faded together through {@code &mut dyn SetDutyCycle}. */
  static final String FADE = """
      //! PWM through embedded-hal's SetDutyCycle only (the drivers crate), on every PWM pin.
      #![no_std]
      #![no_main]

      use hal::embedded_hal::pwm::SetDutyCycle;
      use hal::pwm::{Prescaler, %s};

      hal::entry!(main);

      fn main(dp: hal::Peripherals) -> ! {
          hal::clock::init(&dp);
          let pins = hal::pins!(dp);
      %s
          let mut marker = pins.d13.into_output();
          let mut outs: [&mut dyn SetDutyCycle<Error = core::convert::Infallible>; %d] = [%s];
          drivers::fade(&mut outs, &mut marker, &mut hal::Delay::new(), 4, 20);
          loop {
              hal::delay_ms(1000);
          }
      }
      """ + TAIL;

  static String fade(List<String[]> pwms) {
    java.util.Set<String> types = new java.util.TreeSet<>();
    StringBuilder timers = new StringBuilder(), outs = new StringBuilder(), refs = new StringBuilder();
    String tca = pwms.stream().map(p -> p[2]).filter(t -> t.startsWith("TCA")).findFirst().orElse(null);
    // the TCBs run on the first TCA's clock: that one first
    List<String[]> order = new ArrayList<>(pwms);
    order.sort(java.util.Comparator.comparing(p -> p[2].startsWith("TCB")));
    for (String[] p : order) {
      String var = p[2].toLowerCase(Locale.ROOT);
      if (types.add(p[3])) {
        timers.append("    let ").append(var).append(" = ").append(p[3]).append("::new(dp.").append(p[2])
            .append(p[2].startsWith("TCB") ? ", &" + tca.toLowerCase(Locale.ROOT) : ", Prescaler::Div64").append(");\n");
      }
    }
    for (String[] p : pwms) {
      String pin = p[0].toLowerCase(Locale.ROOT);
      outs.append("    let mut ").append(pin).append(" = pins.").append(pin).append(".into_output().into_pwm(&")
          .append(p[2].toLowerCase(Locale.ROOT)).append(");\n");
      refs.append(refs.isEmpty() ? "" : ", ").append("&mut ").append(pin);
    }
    return FADE.formatted(String.join(", ", types), timers.toString() + outs, pwms.size(), refs);
  }

  static final String ECHO = """
      //! Serial through embedded-io only (the drivers crate).
      #![no_std]
      #![no_main]

      use hal::embedded_hal::digital::{OutputPin, StatefulOutputPin};
      use hal::gpio::{Output, Pin};
      use hal::serial::{Baud, Serial};

      hal::entry!(main);

      // the traits through the HAL's re-export, on the LED: the same machine code as the HAL's own calls
      #[no_mangle]
      #[inline(never)]
      fn eh_set_high(p: &mut Pin<Output, hal::port::%s>) {
          let Ok(()) = OutputPin::set_high(p);
      }

      #[no_mangle]
      #[inline(never)]
      fn eh_toggle(p: &mut Pin<Output, hal::port::%s>) {
          let Ok(()) = StatefulOutputPin::toggle(p);
      }

      fn main(dp: hal::Peripherals) -> ! {
          hal::clock::init(&dp);
          let pins = hal::pins!(dp);
          let mut led = pins.d13.into_output();
          eh_set_high(&mut led);
          eh_toggle(&mut led);
          let mut serial = Serial::new(dp.%s, pins.%s.into_output(), pins.%s, Baud::<57600>);
          match drivers::echo(&mut serial) {
              Ok(never) | Err(never) => match never {},
          }
      }
      """ + TAIL;

  static final String RX = """
      //! An echo from the interrupt-filled receive buffer through embedded-io only (the drivers crate).
      #![no_std]
      #![no_main]
      #![feature(abi_avr_interrupt)]

      use hal::serial::{Baud, RxBuffer, Serial};

      static RX: RxBuffer<16> = RxBuffer::new();
      pac::interrupt!(%s, on_rx);

      fn on_rx() {
          RX.receive::<pac::%s>();
      }

      hal::entry!(main);

      fn main(dp: hal::Peripherals) -> ! {
          hal::clock::init(&dp);
          let pins = hal::pins!(dp);
          let mut serial = Serial::new(dp.%s, pins.%s.into_output(), pins.%s, Baud::<57600>);
          serial.listen_rx();
          unsafe { hal::interrupt::enable() };
          let _ = drivers::echo_from(&mut &RX, &mut serial);
          loop {}
      }
      """ + TAIL;

  /** The board's project with --embedded-hal, patched to ../shared/rust-crates, its three examples built. */
  static synchronized Path project(String boardName) throws Exception {
    Path done = projects.get(boardName);
    if (done != null) return done;
    Board b = Boards.named(boardName);
    Device d = DeviceCatalog.fromEnvironment().device(b.device());
    Path dir = tmp.resolve(boardName);
    if (Files.exists(dir)) throw new AssertionError("the " + boardName + " project failed in an earlier test (see that failure): " + dir);
    CliRun n = CliRun.run(ProjectCommandsTest.cache(), "new", dir.toString(), "--board", boardName, "--embedded-hal");
    assertThat(n.exit()).as(n.err()).isZero();
    HalToolchain.configure(dir, b);
    String crate = HalGenerator.crateName(d);
    assertThat(Files.readString(dir.resolve("hal/Cargo.toml"))).contains(
        "embedded-hal = { version = \"1.0\", optional = true }\nembedded-io = { version = \"0.6\", optional = true }",
        "[features]\nembedded-hal = [\"dep:embedded-hal\", \"dep:embedded-io\"]");
    String cargo = Files.readString(dir.resolve("Cargo.toml"));
    String dep = "hal = { package = \"" + crate + "\", path = \"hal\", features = [\"embedded-hal\"] }\n";
    assertThat(cargo).contains(dep);
    // the trait crates from ../shared/rust-crates instead of crates.io; the drivers crate beside
    Path crates = Path.of(System.getProperty("avrkit.repo", ".")).resolve("../shared/rust-crates").toAbsolutePath().normalize();
    cargo = cargo.replace(dep, dep + "drivers = { path = \"drivers\" }\n") + "\n[patch.crates-io]\n"
        + "embedded-hal = { path = \"" + crates.resolve("embedded-hal-1.0.0") + "\" }\n"
        + "embedded-io = { path = \"" + crates.resolve("embedded-io-0.6.1") + "\" }\n";
    Files.writeString(dir.resolve("Cargo.toml"), cargo);
    Files.createDirectories(dir.resolve("drivers/src"));
    Files.writeString(dir.resolve("drivers/Cargo.toml"), """
        [package]
        name = "drivers"
        version = "0.1.0"
        edition = "2021"

        [lib]
        test = false
        bench = false

        [dependencies]
        embedded-hal = "1.0"
        embedded-io = "0.6"
        """);
    Files.writeString(dir.resolve("drivers/src/lib.rs"), DRIVERS);
    Board.Console c = b.console();
    Files.writeString(dir.resolve("examples/eh_pins.rs"), PINS);
    Files.writeString(dir.resolve("examples/eh_fade.rs"), fade(HalGenerator.pwmPins(d, boardName)));
    Files.writeString(dir.resolve("examples/eh_io.rs"), ECHO.formatted(b.led(), b.led(), c.usart(), arduino(boardName, c.tx()), arduino(boardName, c.rx())));
    String rxVector = d.interrupts().stream().map(i -> i.name())
        .filter(v -> v.matches(c.usart() + "_RXC?") || v.equals("USART_RX")).findFirst().orElseThrow();
    Files.writeString(dir.resolve("examples/eh_rx.rs"), RX.formatted(rxVector, c.usart(), c.usart(), arduino(boardName, c.tx()),
        arduino(boardName, c.rx())));
    Path bin = ProjectFlowTest.avrkitBin(tmp.resolve("bin-" + boardName));
    String out = HalSimTest.build(dir, bin, "--example", "eh_pins", "--example", "eh_fade", "--example", "eh_io", "--example", "eh_rx");
    assertThat(out).as(out).startsWith("0\n");
    // no warnings from the HAL, the drivers or the examples (the trait crates' own are theirs: a
    // path dependency's lints are not capped as a crates.io dependency's are)
    assertThat(out).as(out).doesNotContain("`" + crate + "` (lib) generated", "`drivers` (lib) generated", "(example \"eh_");
    String lock = Files.readString(dir.resolve("Cargo.lock"));
    assertThat(lock).contains("name = \"embedded-hal\"\nversion = \"1.0.0\"", "name = \"embedded-io\"\nversion = \"0.6.1\"");
    projects.put(boardName, dir);
    return dir;
  }

  static String arduino(String board, Board.Pin p) {
    return HalGenerator.arduinoName(board, p.toString()).orElse(p.toString()).toLowerCase(Locale.ROOT);
  }

  static Path elf(Path dir, String example) {
    return dir.resolve("target/avr-none/release/examples/" + example + ".elf");
  }

  /**
   * A simulated board with the firmware loaded; {@code input} is what the console receives, once the
   * firmware has sent a line (a USART holds two received bytes: what arrives while the firmware is
   * busy elsewhere is lost, as on the chip).
   */
  static Machine machine(Board b, Device d, Path elf, String input, StringBuilder console) {
    Deque<Integer> in = new ArrayDeque<>();
    for (byte x : input.getBytes(StandardCharsets.US_ASCII)) in.add((int) x);
    Machine.Builder mb = Machine.builder(d).clockHz(b.clockHz()).console(new UartConsole() {
      @Override
      public void transmit(String uart, int ch) {
        console.append((char) ch);
      }

      @Override
      public int receive(String uart) {
        return in.isEmpty() || console.indexOf("\n") < 0 ? -1 : in.poll();
      }
    });
    b.fuses().forEach(mb::fuse);
    Machine m = mb.build();
    m.load(FirmwareImage.load(elf));
    return m;
  }

  /** Records the level changes of {@code pins} ("PE2"...): pin to {cycle, level} after the first defined level. */
  static Map<String, List<long[]>> watch(Machine m, String... pins) {
    Map<String, List<long[]>> edges = new LinkedHashMap<>();
    Map<String, Integer> last = new HashMap<>();
    for (String p : pins) edges.put(p, new ArrayList<>());
    m.addPinListener((port, bit, level, cycle) -> {
      String p = "P" + port.charAt(4) + bit;
      if (!edges.containsKey(p) || level == 2) return;
      Integer before = last.put(p, level);
      if (before != null && before != level) edges.get(p).add(new long[] {cycle, level});
    });
    return edges;
  }

  static void runUntil(Machine m, double seconds) {
    RunResult r;
    do {
      long left = (long) Math.ceil((seconds - m.seconds()) * m.clockHz());
      r = m.run(Math.max(1, Math.min(left, m.clockHz() / 100)));
    } while (r.reason() == StopReason.CYCLE_LIMIT && m.seconds() < seconds);
    assertThat(r.reason()).isEqualTo(StopReason.CYCLE_LIMIT);
  }

  static String port(String board, String arduino) {
    return HalGenerator.portPin(board, arduino).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void pinsAndDelaysThroughTheTraits(String boardName) throws Exception {
    Path dir = project(boardName);
    Board b = Boards.named(boardName);
    Device d = DeviceCatalog.fromEnvironment().device(b.device());
    Machine m = machine(b, d, elf(dir, "eh_pins"), "", new StringBuilder());
    String led = b.led().toString(), d4 = port(boardName, "D4"), d8 = port(boardName, "D8"), d2 = port(boardName, "D2");
    Map<String, List<long[]>> e = watch(m, led, d4, d8);
    runUntil(m, 0.012);
    // three pulses: DelayNs::delay_us(1000) high (16 000 cycles at 16 MHz, less one, plus the calls),
    // delay_ms(2) low; then the LED follows D2, which its pull-up holds high
    List<long[]> l = e.get(led);
    assertThat(l).as("LED edges").hasSize(7);
    for (int i = 0; i < 7; i++) assertThat(l.get(i)[1]).isEqualTo(i % 2 == 0 ? 1 : 0);
    for (int i = 0; i < 3; i++) {
      assertThat(l.get(2 * i + 1)[0] - l.get(2 * i)[0]).as("high: delay_us(1000)").isBetween(16_000L, 16_040L);
      if (i < 2) assertThat(l.get(2 * i + 2)[0] - l.get(2 * i + 1)[0]).as("low: delay_ms(2)").isBetween(32_000L, 32_060L);
    }
    // the chase: D4, D8, D4, D8 toggled delay_ns(62 500) apart (1000 cycles; rounded up to 63 us = 1008,
    // plus the loop, the indirect toggle of a downgraded pin and the division by 1000)
    List<long[]> chase = new ArrayList<>();
    chase.addAll(e.get(d4));
    chase.addAll(e.get(d8));
    chase.sort((a, c) -> Long.compare(a[0], c[0]));
    assertThat(e.get(d4)).hasSize(2);
    assertThat(e.get(d8)).hasSize(2);
    assertThat(chase.get(0)).isEqualTo(e.get(d4).get(0));
    assertThat(chase.get(1)).isEqualTo(e.get(d8).get(0));
    assertThat(chase.get(0)[0]).as("the chase after the pulses").isGreaterThan(l.get(5)[0]);
    for (int i = 1; i < 4; i++) assertThat(chase.get(i)[0] - chase.get(i - 1)[0]).as("delay_ns(62500)").isBetween(1000L, 1100L);
    assertThat(l.get(6)[0]).as("the pull-up reads high after the chase").isGreaterThan(chase.get(3)[0]);
    // D2 pulled to ground and let go: the LED follows within 100 cycles
    m.pins().pin(d2).drive(0);
    m.run(100);
    assertThat(m.pins().pin(led).level()).isZero();
    m.pins().pin(d2).drive(1);
    m.run(100);
    assertThat(m.pins().pin(led).level()).isEqualTo(1);
    assertThat(e.get(led)).hasSize(9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void fadeThroughSetDutyCycle(String boardName) throws Exception {
    Path dir = project(boardName);
    Board b = Boards.named(boardName);
    Device d = DeviceCatalog.fromEnvironment().device(b.device());
    Machine m = machine(b, d, elf(dir, "eh_fade"), "", new StringBuilder());
    String led = b.led().toString();
    List<String[]> pwms = HalGenerator.pwmPins(d, boardName);
    assertThat(pwms).as("the board's PWM pins").hasSizeGreaterThanOrEqualTo(4);
    List<String> watched = new ArrayList<>(List.of(led));
    for (String[] p : pwms) watched.add(p[1]);
    Map<String, List<long[]>> e = watch(m, watched.toArray(String[]::new));
    // the pin's level when the PWM starts: low (into_output)
    runUntil(m, 0.11);
    List<long[]> marks = e.get(led);
    assertThat(marks).as("one marker toggle per step").hasSize(5);
    long period = 64 * 256; // F_CPU / 64 / 256
    for (String[] p : pwms) {
      for (int k = 0; k <= 4; k++) {
        // eight whole periods from the second period of the step on: exactly eight times the high time
        long from = marks.get(k)[0] + 2 * period, to = from + 8 * period;
        long high = highCycles(e.get(p[1]), from, to);
        int duty = k * 255 / 4; // SetDutyCycle::set_duty_cycle_fraction(k, 4) with max_duty_cycle() = 255
        long expect = duty == 255 ? 8 * period : 8L * 64 * duty;
        assertThat(high).as("%s (%s, %s): cycles high in 8 periods at %d/4 (duty %d of 255)", p[0], p[1], p[2], k, duty)
            .isEqualTo(expect);
      }
    }
    System.out.printf("[embedded-hal] %s: SetDutyCycle exact on %s%n", boardName,
        pwms.stream().map(p -> p[0] + "/" + p[2]).toList());
  }

  /** Cycles at level 1 in [from, to) of a pin that starts low. */
  static long highCycles(List<long[]> edges, long from, long to) {
    long high = 0;
    long level = 0, since = from;
    for (long[] x : edges) {
      if (x[0] <= from) {
        level = x[1];
        continue;
      }
      if (x[0] >= to) break;
      if (level == 1) high += x[0] - since;
      since = x[0];
      level = x[1];
    }
    if (level == 1) high += to - since;
    return high;
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void echoThroughEmbeddedIo(String boardName) throws Exception {
    Path dir = project(boardName);
    Board b = Boards.named(boardName);
    Device d = DeviceCatalog.fromEnvironment().device(b.device());
    StringBuilder console = new StringBuilder();
    Machine m = machine(b, d, elf(dir, "eh_io"), "hello, avr!", console);
    runUntil(m, 0.01);
    assertThat(console.toString()).isEqualTo("ready: r0 w1\r\nHELLO, AVR!");
    assertThat(m.pins().pin(b.led().toString()).level()).as("LED set high, then toggled").isZero();
    // zero cost: OutputPin::set_high is one sbi on the output register, toggle one out to the input
    // register (no read-modify-write)
    String dis = HalSimTest.objdump(elf(dir, "eh_io"));
    List<String> set = HalSimTest.body(dis, "eh_set_high");
    assertThat(set).as(dis).hasSize(2);
    assertThat(set.get(0)).startsWith("sbi 0x").endsWith(", " + b.led().bit());
    assertThat(set.get(1)).isEqualTo("ret");
    List<String> toggle = HalSimTest.body(dis, "eh_toggle");
    assertThat(toggle).hasSize(3);
    assertThat(toggle.get(0)).isEqualTo(String.format("ldi r24, 0x%02X", b.led().mask()));
    assertThat(toggle.get(1)).startsWith("out 0x").endsWith(", r24");
    assertThat(toggle.get(2)).isEqualTo("ret");
    System.out.printf("[embedded-hal] %s: OutputPin::set_high %s, StatefulOutputPin::toggle %s%n", boardName, set, toggle);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nano-every", "uno"})
  void echoFromTheReceiveBufferThroughEmbeddedIo(String boardName) throws Exception {
    Path dir = project(boardName);
    Board b = Boards.named(boardName);
    Device d = DeviceCatalog.fromEnvironment().device(b.device());
    StringBuilder console = new StringBuilder();
    // the bytes arrive while the firmware sends its first line: the interrupt buffers them
    Deque<Integer> in = new ArrayDeque<>();
    for (byte x : "hello, avr!".getBytes(StandardCharsets.US_ASCII)) in.add((int) x);
    Machine.Builder mb = Machine.builder(d).clockHz(b.clockHz()).console(new UartConsole() {
      @Override
      public void transmit(String uart, int ch) {
        console.append((char) ch);
      }

      @Override
      public int receive(String uart) {
        return in.isEmpty() ? -1 : in.poll();
      }
    });
    b.fuses().forEach(mb::fuse);
    Machine m = mb.build();
    m.load(FirmwareImage.load(elf(dir, "eh_rx")));
    runUntil(m, 0.01);
    assertThat(in).as("all sent").isEmpty();
    assertThat(console.toString()).isEqualTo("buffered\r\nr1 HELLO, AVR!");
  }

  @Test
  void embeddedHalNeedsAHal() throws Exception {
    // the ATtiny10's reduced core gets no HAL
    CliRun r = CliRun.run(ProjectCommandsTest.cache(), "new", tmp.resolve("t10").toString(), "--device", "ATtiny10", "--embedded-hal");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n", "Exception")
        .contains("--embedded-hal: the ATtiny10", "gets no HAL", "leave out --embedded-hal");
    assertThat(tmp.resolve("t10")).doesNotExist();
    CliRun c = CliRun.run(ProjectCommandsTest.cache(), "new", tmp.toString(), "--config-only", "--embedded-hal");
    assertThat(c.exit()).isEqualTo(2);
    assertThat(c.err()).contains("leave out --board, --device, --led, --clock and --embedded-hal");
  }
}
