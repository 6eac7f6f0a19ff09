package dev.avrkit.codegen.hal;

import dev.avrkit.codegen.PacGenerator;
import dev.avrkit.device.Architecture;
import dev.avrkit.device.Device;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Generates the HAL crate of a project ({@code hal/} beside {@code pac/}): typestate pins, the
 * board's Arduino pin names, delays, serial, time keeping, PWM and interrupt-safe sharing for one
 * device at one clock. What differs between chips (ports and pins, register addresses, bit
 * positions, USART instances and PORTMUX routes, timers and their outputs, vectors) is generated
 * from the device model; the logic that is the same for a whole family is fixed Rust kept as
 * resources beside this class. See codegen/ARCHITECTURE.md.
 */
public final class HalGenerator {
  private final Model m;
  private final Device d;
  private final Optional<String> board;
  private final long clockHz;
  private final Optional<BoardPins> header;

  private HalGenerator(Device d, Optional<String> board, long clockHz, boolean embeddedHal) {
    this.embeddedHal = embeddedHal;
    this.m = new Model(d);
    this.d = d;
    this.board = board;
    this.clockHz = clockHz;
    this.header = board.flatMap(BoardPins::of);
    this.usarts = new Usarts(m);
    this.exti = new Exti(m);
    this.pwm = new Pwm(m);
    this.time = new TimeGen(m, clockHz, board.flatMap(dev.avrkit.device.board.Boards::find)
        .map(dev.avrkit.device.board.Board::fuses).orElse(Map.of()));
  }

  private final Usarts usarts;
  private final Exti exti;
  private final Pwm pwm;
  private final TimeGen time;
  private final boolean embeddedHal;

  /** The versions of the trait crates that the {@code embedded-hal} feature implements. */
  public static final String EMBEDDED_HAL_VERSION = "1.0", EMBEDDED_IO_VERSION = "0.6";

  /** The crate's package name: {@code avr-atmega4809-hal}. */
  public static String crateName(Device d) {
    return PacGenerator.crateName(d) + "-hal";
  }

  /**
   * The HAL crate's files (relative path to content) for a device on a board (or a bare device)
   * running at {@code clockHz}. The crate depends on the register crate at {@code ../pac}.
   */
  public static Map<String, String> generate(Device d, Optional<String> board, long clockHz) {
    return generate(d, board, clockHz, false);
  }

  /**
   * The same; with {@code embeddedHal} the crate's Cargo.toml has the optional dependencies
   * embedded-hal 1.0 and embedded-io 0.6 and the feature {@code embedded-hal} that turns them and
   * the trait implementations on ({@code avrkit new --embedded-hal}). Without, those lines are
   * there as comments: an optional dependency from crates.io would still be resolved into
   * Cargo.lock, so offline builds of a default project could not even start.
   */
  public static Map<String, String> generate(Device d, Optional<String> board, long clockHz, boolean embeddedHal) {
    return new HalGenerator(d, board, clockHz, embeddedHal).files();
  }

  /** The Arduino name of a port pin ("PE2") on a board's header ("D13"), if it has one. */
  public static Optional<String> arduinoName(String board, String pin) {
    return BoardPins.of(board).flatMap(h -> h.header().entrySet().stream()
        .filter(e -> e.getValue().toString().equalsIgnoreCase(pin)).map(Map.Entry::getKey).findFirst());
  }

  /** The timer {@code hal::time} uses on the device at that clock (TCB3, TC0...), if any. */
  public static Optional<String> millisTimer(Device d, long clockHz) {
    return new TimeGen(new Model(d), clockHz).timer();
  }

  /** The interrupt vector of a pin's {@code hal::exti} interrupt (PORTA_PORT, INT0), if it has one. */
  public static Optional<String> pinVector(Device d, String pin) {
    Exti e = new Exti(new Model(d));
    return e.supported() ? e.vector(Model.PinRef.parse(pin)) : Optional.empty();
  }

  /** The watchdog period {@code hal::wdt::Period} names {@code ms} milliseconds with ("Ms512"), if the HAL has a wdt module and that period. */
  public static Optional<String> watchdogPeriod(Device d, int ms) {
    WdtGen w = new WdtGen(new Model(d));
    String name = ms < 1000 ? "Ms" + ms : "S" + ms / 1000;
    return w.present() && w.periods().stream().anyMatch(p -> p.variant().equals(name)) ? Optional.of(name) : Optional.empty();
  }

  /** True when the HAL has a sleep module with {@code Mode::PowerDown}. */
  public static boolean hasSleep(Device d) {
    return new SleepGen(new Model(d)).present();
  }

  /** The vector of a classic pin's pin-change interrupt (PCINT0...), if {@code hal::exti} gives it one. */
  public static Optional<String> pinChangeVector(Device d, String pin) {
    Exti e = new Exti(new Model(d));
    return e.supported() ? e.pcintVector(Model.PinRef.parse(pin)) : Optional.empty();
  }

  /**
   * The board's first PWM pin that the generated {@code hal::pwm} drives: Arduino name, port pin
   * and timer ({"D5", "PB2", "TCA0"}), if any.
   */
  public static Optional<String[]> pwmPin(Device d, String board) {
    Pwm p = new Pwm(new Model(d));
    if (!p.supported()) return Optional.empty();
    return BoardPins.of(board).flatMap(h -> h.pwm().entrySet().stream()
        .filter(e -> p.timers().stream().anyMatch(t -> t.name().equals(e.getValue().timer())
            && p.channels(t.name()).stream().anyMatch(c -> c.pin().equals(h.header().get(e.getKey())))))
        .findFirst().map(e -> new String[] {e.getKey(), h.header().get(e.getKey()).toString(), e.getValue().timer(),
            Pwm.typeName(e.getValue().timer())}));
  }

  /**
   * Every PWM pin of the board that the generated {@code hal::pwm} drives, in header order: Arduino
   * name, port pin, timer and its Rust type ({"D3", "PF5", "TCB1", "Tcb1"}). A TCB runs on the
   * clock of the chip's first TCA ({@code Tcb1::new(dp.TCB1, &tca0)}).
   */
  public static List<String[]> pwmPins(Device d, String board) {
    Pwm p = new Pwm(new Model(d));
    List<String[]> out = new ArrayList<>();
    if (!p.supported()) return out;
    BoardPins.of(board).ifPresent(h -> h.pwm().forEach((name, o) -> {
      Model.PinRef pin = h.header().get(name);
      boolean driven = (p.timers().stream().anyMatch(t -> t.name().equals(o.timer())) || p.tcbs().contains(o.timer()))
          && p.channels(o.timer()).stream().anyMatch(c -> c.pin().equals(pin));
      if (driven) out.add(new String[] {name, pin.toString(), o.timer(), Pwm.typeName(o.timer())});
    }));
    return out;
  }

  /** The port pin ("PA0") of an Arduino name ("D2") on a board's header. */
  public static Optional<String> portPin(String board, String arduino) {
    return BoardPins.of(board).map(h -> h.header().get(arduino.toUpperCase(Locale.ROOT))).map(Model.PinRef::toString);
  }

  /**
   * The peripheral a generated module owns ({@code pub type Instance = pac::NAME}: "ADC0", "TWI",
   * "NVMCTRL", "SPI0"), when the chip gets that module; {@code module} is adc, i2c, eeprom or spi.
   */
  public static Optional<String> instance(Device d, String module) {
    Model m = new Model(d);
    Optional<String> rust = switch (module) {
      case "adc" -> new AdcGen(m).rust();
      case "i2c" -> new I2cGen(m).rust();
      case "eeprom" -> new EepromGen(m).rust();
      case "spi" -> new SpiGen(m).rust();
      default -> throw new IllegalArgumentException("no module " + module);
    };
    return rust.flatMap(r -> {
      java.util.regex.Matcher x = java.util.regex.Pattern.compile("pub type Instance = pac::(\\w+);").matcher(r);
      return x.find() ? Optional.of(x.group(1)) : Optional.empty();
    });
  }

  /** The {@code hal::spi::Route} ("Default", "Alt2") whose SCK and MOSI are those port pins ("PE2", "PE0"). */
  public static Optional<String> spiRoute(Device d, String sck, String mosi) {
    return new SpiGen(new Model(d)).rust().flatMap(r -> {
      java.util.regex.Matcher x = java.util.regex.Pattern.compile("/// SCK (\\w+), MOSI (\\w+),[^\\n]*\\n\\s*(\\w+),").matcher(r);
      while (x.find()) if (x.group(1).equals(sck) && x.group(2).equals(mosi)) return Optional.of(x.group(3));
      return Optional.empty();
    });
  }

  /** True when {@code hal::serial} supports that USART instance of the device. */
  public static boolean hasUsart(Device d, String usart) {
    return new Usarts(new Model(d)).instances().stream().anyMatch(p -> p.name().equalsIgnoreCase(usart));
  }

  /**
   * The application's dependency on the HAL ({@code hal = { package = ..., path = "hal" }}), with
   * the {@code embedded-hal} feature turned on when asked.
   */
  public static String dependency(Device d, boolean embeddedHal) {
    return "hal = { package = \"" + crateName(d) + "\", path = \"hal\"" + (embeddedHal ? ", features = [\"embedded-hal\"]" : "") + " }";
  }

  /**
   * True when the HAL can be generated: AVR8X parts and classic AVR parts (not the reduced AVRrc
   * core, which lacks the instructions the delays use, nor XMEGA) with DDRx/PORTx/PINx or VPORT
   * ports, at a whole number of MHz, 4 MHz or more (the microsecond delay needs 4 cycles).
   */
  public static boolean supports(Device d, long clockHz) {
    Architecture a = d.architecture();
    return (a == Architecture.AVR8X || a == Architecture.AVR8) && clockHz % 1_000_000 == 0 && clockHz >= 4_000_000
        && clockHz <= 0xFFFF_FFFFL && !new Model(d).ports().isEmpty();
  }

  Map<String, String> files() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Cargo.toml", cargoToml());
    f.put("src/lib.rs", libRs());
    f.put("src/gpio.rs", resource("gpio.rs"));
    f.put("src/port.rs", portRs());
    f.put("src/delay.rs", resource("delay.rs"));
    f.put("src/interrupt.rs", resource("interrupt.rs"));
    f.put("src/fmt.rs", resource("fmt.rs"));
    f.put("src/clock.rs", time.clockRs());
    if (!usarts.instances().isEmpty()) f.put("src/serial.rs", resource("serial.rs") + usarts.rust());
    if (time.timer().isPresent()) f.put("src/time.rs", time.timeRs());
    if (exti.supported()) f.put("src/exti.rs", exti.rust());
    if (pwm.supported()) f.put("src/pwm.rs", pwm.rust());
    header.ifPresent(h -> f.put("src/board.rs", boardRs(h)));
    new AdcGen(m).rust().ifPresent(a -> f.put("src/adc.rs", resource("adc.rs") + a));
    new I2cGen(m).rust().ifPresent(a -> f.put("src/i2c.rs", resource("i2c.rs") + a));
    new EepromGen(m).rust().ifPresent(a -> f.put("src/eeprom.rs", resource("eeprom.rs") + a));
    new SpiGen(m).rust().ifPresent(a -> f.put("src/spi.rs", resource("spi.rs") + a));
    new WdtGen(m).rust().ifPresent(a -> f.put("src/wdt.rs", resource("wdt.rs") + a));
    new SleepGen(m).rust().ifPresent(a -> f.put("src/sleep.rs", resource("sleep.rs") + a));
    return f;
  }

  static String resource(String name) {
    try (InputStream in = HalGenerator.class.getResourceAsStream("/dev/avrkit/codegen/hal/" + name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String title() {
    return d.name() + board.map(b -> " on the " + b).orElse("");
  }

  String cargoToml() {
    return """
        [package]
        name = "%s"
        version = "0.1.0"
        edition = "2021"
        description = "Hardware abstraction for the %s at %s (generated by avrkit)"
        license = "MIT OR Apache-2.0"

        [lib]
        path = "src/lib.rs"
        test = false
        bench = false

        [dependencies]
        pac = { package = "%s", path = "../pac" }
        %s
        # `embedded-hal` is declared for check-cfg too, so a project without the feature builds
        # without warnings
        [lints.rust]
        unexpected_cfgs = { level = "warn", check-cfg = ['cfg(feature, values("embedded-hal"))'] }
        """.formatted(crateName(d), title(), mhz(), PacGenerator.crateName(d), embeddedHalLines());
  }

  /**
   * The optional trait crates and the feature, or the same lines commented out. Turning the
   * feature on later: uncomment them and add {@code features = ["embedded-hal"]} to the hal
   * dependency in the project's Cargo.toml.
   */
  private String embeddedHalLines() {
    String lines = """
        embedded-hal = { version = "%s", optional = true }
        embedded-io = { version = "%s", optional = true }

        [features]
        embedded-hal = ["dep:embedded-hal", "dep:embedded-io"]
        """.formatted(EMBEDDED_HAL_VERSION, EMBEDDED_IO_VERSION);
    if (embeddedHal) {
      return "# embedded-hal 1.0 and embedded-io 0.6 trait implementations (`avrkit new --embedded-hal`)\n" + lines;
    }
    return """
        # embedded-hal 1.0 and embedded-io 0.6 trait implementations: off, so that the project builds
        # offline without crates.io. To turn them on, uncomment the four lines below and add
        # `features = ["embedded-hal"]` to the `hal` dependency in ../Cargo.toml.
        """ + lines.lines().map(l -> l.isEmpty() ? "" : "# " + l).collect(java.util.stream.Collectors.joining("\n")) + "\n";
  }

  private String mhz() {
    return clockHz % 1_000_000 == 0 ? (clockHz / 1_000_000) + " MHz" : clockHz + " Hz";
  }

  String libRs() {
    StringBuilder s = new StringBuilder();
    s.append("//! Hardware abstraction for the ").append(title()).append(" at ").append(mhz())
        .append(", generated by avrkit from\n//! ").append(d.pack().name()).append(" ").append(d.pack().release())
        .append(".\n//!\n");
    s.append("//! ```ignore\n//! let dp = hal::Peripherals::take().unwrap();\n//! let pins = hal::pins!(dp);\n");
    s.append("//! let mut led = pins.").append(header.map(h -> "d13").orElse(firstPin().field())).append(".into_output();\n");
    s.append("//! led.toggle();\n//! ```\n");
    s.append("#![no_std]\n");
    // every public item documented (the tests build the HAL with -D warnings)
    s.append("#![warn(missing_docs)]\n");
    s.append("#![cfg_attr(target_arch = \"avr\", feature(asm_experimental_arch))]\n\n");
    s.append("pub use pac;\npub use pac::Peripherals;\n\n");
    s.append("/// The CPU clock in Hz that the delays and baud rates are computed for.\n");
    s.append("pub const F_CPU: u32 = ").append(rustInt(clockHz)).append(";\n\n");
    s.append("pub mod clock;\npub mod delay;\npub mod fmt;\npub mod gpio;\npub mod interrupt;\npub mod port;\n");
    if (exti.supported()) s.append("pub mod exti;\n");
    if (pwm.supported()) s.append("pub mod pwm;\n");
    if (!usarts.instances().isEmpty()) s.append("pub mod serial;\n");
    if (time.timer().isPresent()) s.append("pub mod time;\n");
    if (header.isPresent()) s.append("pub mod board;\n");
    if (new AdcGen(m).present()) s.append("pub mod adc;\n");
    if (new I2cGen(m).present()) s.append("pub mod i2c;\n");
    if (new EepromGen(m).present()) s.append("pub mod eeprom;\n");
    if (new SpiGen(m).present()) s.append("pub mod spi;\n");
    if (new WdtGen(m).present()) s.append("pub mod wdt;\n");
    if (new SleepGen(m).present()) s.append("pub mod sleep;\n");
    s.append("\npub use delay::{delay_ms, delay_us, Delay};\npub use fmt::Out;\n\n");
    s.append("/// The embedded-hal 1.0 traits that the HAL implements (the `embedded-hal` feature), for\n");
    s.append("/// application code written against them: `use hal::embedded_hal::digital::OutputPin;`.\n");
    s.append("#[cfg(feature = \"embedded-hal\")]\npub use embedded_hal;\n");
    s.append("/// The embedded-io 0.6 traits that `serial` implements (the `embedded-hal` feature).\n");
    s.append("#[cfg(feature = \"embedded-hal\")]\npub use embedded_io;\n\n");
    s.append("""
        /// Names the firmware's entry point, which gets the peripherals: `hal::entry!(main);` with
        /// `fn main(dp: hal::Peripherals) -> !`. The register crate's runtime calls it once after
        /// start-up and marks the peripherals taken, so a later `Peripherals::take()` returns
        /// `None`; when nothing calls `take()`, link-time optimisation drops the flag.
        #[macro_export]
        macro_rules! entry {
            ($main:path) => {
                $crate::pac::entry!($main);
            };
        }
        """);
    return s.toString();
  }

  private Model.PinRef firstPin() {
    for (Model.Port p : m.ports()) {
      for (int b = 0; b < 8; b++) if ((p.mask() & (1 << b)) != 0) return new Model.PinRef(p.letter(), b);
    }
    throw new IllegalStateException("no port pins on the " + d.name());
  }

  static String rustInt(long v) {
    String s = Long.toString(v);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (i > 0 && (s.length() - i) % 3 == 0) b.append('_');
      b.append(s.charAt(i));
    }
    return b.toString();
  }

  String portRs() {
    StringBuilder s = new StringBuilder();
    List<Model.Port> ports = m.ports();
    s.append("//! The ").append(d.name()).append("'s pins by port name (`PA0`...), with the register addresses from\n");
    s.append("//! the device model.");
    if (m.x) s.append(" Pins are reached through the VPORTs in I/O space; pull-ups through PINnCTRL.");
    else s.append(" The pull-up of an input is its PORTx bit.");
    s.append("\n\nuse crate::gpio::{Floating, Input, Pin, PinId, PortRegs};\n\n");
    for (Model.Port p : ports) {
      s.append("/// Registers of ").append(p.peripheral()).append(".\n");
      s.append("const ").append(p.peripheral()).append(": PortRegs = PortRegs {\n");
      s.append("    dir: ").append(Model.hex(p.dir())).append(",\n");
      s.append("    out: ").append(Model.hex(p.out())).append(",\n");
      s.append("    input: ").append(Model.hex(p.in())).append(",\n");
      s.append("    pinctrl: ").append(p.pinctrl() == 0 ? "0" : Model.hex(p.pinctrl())).append(",\n");
      s.append("    pullup: 0x").append(String.format("%02X", p.pullup())).append(",\n");
      s.append("    intflags: ").append(p.intflags() == 0 ? "0" : Model.hex(p.intflags())).append(",\n};\n\n");
    }
    List<Model.PinRef> pins = new ArrayList<>();
    for (Model.Port p : ports) {
      for (int b = 0; b < 8; b++) {
        if ((p.mask() & (1 << b)) == 0) continue;
        Model.PinRef r = new Model.PinRef(p.letter(), b);
        pins.add(r);
        s.append("/// Pin ").append(r).append(".\npub struct ").append(r.rustType()).append(";\n");
        s.append("impl PinId for ").append(r.rustType()).append(" {\n    const PORT: PortRegs = ").append(p.peripheral())
            .append(";\n    const BIT: u8 = ").append(b).append(";\n}\n");
      }
    }
    s.append("\n/// Every pin of the chip, each once, as after reset (floating inputs).\npub struct Pins {\n");
    for (Model.PinRef r : pins) {
      s.append("    /// ").append(r).append("\n    pub ").append(r.field()).append(": Pin<Input<Floating>, ").append(r.rustType()).append(">,\n");
    }
    s.append("}\n\nimpl Pins {\n");
    s.append("    /// Takes the ports (so that no other code can reach them through the register crate) and\n");
    s.append("    /// gives out their pins.\n    #[inline(always)]\n    pub fn new(");
    List<String> args = new ArrayList<>();
    for (Model.Port p : ports) args.add("_" + p.peripheral().toLowerCase(Locale.ROOT) + ": pac::" + p.peripheral());
    s.append(String.join(", ", args)).append(") -> Self {\n        Pins {\n");
    for (Model.PinRef r : pins) s.append("            ").append(r.field()).append(": Pin::new(").append(r.rustType()).append("),\n");
    s.append("        }\n    }\n}\n\n");
    if (header.isEmpty()) {
      s.append("/// All pins of the chip: `let pins = pins!(dp);` takes the ports out of the peripherals.\n");
      s.append("#[macro_export]\nmacro_rules! pins {\n    ($dp:expr) => {\n        $crate::port::Pins::new(");
      List<String> a = new ArrayList<>();
      for (Model.Port p : ports) a.add("$dp." + p.peripheral());
      s.append(String.join(", ", a)).append(")\n    };\n}\n");
    }
    return s.toString();
  }

  String boardRs(BoardPins h) {
    StringBuilder s = new StringBuilder();
    String b = board.orElseThrow();
    s.append("//! The ").append(b).append("'s header by Arduino pin name: `let pins = pins!(dp);` then `pins.d13`.\n\n");
    s.append("use crate::gpio::{Floating, Input, Pin};\nuse crate::port;\n\n");
    s.append("/// The header pins of the ").append(b).append(", each once, as after reset (floating inputs).\npub struct Pins {\n");
    for (var e : h.header().entrySet()) {
      Model.PinRef r = e.getValue();
      if (!m.hasPin(r)) {
        throw new IllegalArgumentException("boards.properties: " + b + ".header: " + e.getKey() + " = " + r
            + " is not a pin of the " + d.name());
      }
      s.append("    /// ").append(e.getKey()).append(" (").append(r).append(")").append(note(e.getKey())).append("\n");
      s.append("    pub ").append(e.getKey().toLowerCase(Locale.ROOT)).append(": Pin<Input<Floating>, port::").append(r.rustType()).append(">,\n");
    }
    s.append("}\n\nimpl Pins {\n    /// The header pins out of all the chip's pins.\n    #[inline(always)]\n");
    s.append("    pub fn new(p: port::Pins) -> Self {\n        Pins {\n");
    for (var e : h.header().entrySet()) {
      s.append("            ").append(e.getKey().toLowerCase(Locale.ROOT)).append(": p.").append(e.getValue().field()).append(",\n");
    }
    s.append("        }\n    }\n}\n\n");
    s.append("/// The header pins: `let pins = pins!(dp);` takes the ports out of the peripherals.\n");
    s.append("#[macro_export]\nmacro_rules! pins {\n    ($dp:expr) => {\n        $crate::board::Pins::new($crate::port::Pins::new(");
    List<String> a = new ArrayList<>();
    for (Model.Port p : m.ports()) a.add("$dp." + p.peripheral());
    s.append(String.join(", ", a)).append("))\n    };\n}\n");
    return s.toString();
  }

  private String note(String name) {
    StringBuilder n = new StringBuilder();
    if (name.equals("D13")) n.append(", the LED");
    header.map(BoardPins::pwm).map(p -> p.get(name)).ifPresent(p -> n.append(", PWM from ").append(p.timer()).append(" ").append(p.output()));
    return n.toString();
  }
}
