package dev.avrkit.codegen.project;

import dev.avrkit.codegen.PacGenerator;
import dev.avrkit.codegen.hal.HalGenerator;
import dev.avrkit.device.BitField;
import dev.avrkit.device.Device;
import dev.avrkit.device.Interrupt;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.device.Value;
import dev.avrkit.device.board.Board;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a new project (everything but the generated register crate), as text. The Rust
 * sources use the register crate's typed API; what differs between devices (register names of
 * classic and AVR8X parts, pins, PORTMUX routes, interrupt names) is filled in from the device
 * model and the board data.
 */
final class Templates {
  private final String name;
  private final ProjectTarget t;
  private final Device d;
  private final boolean x;
  private final boolean hal;
  private final boolean embeddedHal;

  Templates(String name, ProjectTarget t) {
    this(name, t, false);
  }

  /** With {@code embeddedHal}, the application turns on the HAL's {@code embedded-hal} feature. */
  Templates(String name, ProjectTarget t, boolean embeddedHal) {
    this.embeddedHal = embeddedHal;
    this.name = name;
    this.t = t;
    this.d = t.device();
    this.x = ProjectTarget.isAvr8x(d);
    this.hal = HalGenerator.supports(d, t.clockHz());
  }

  /** True when the project gets the generated HAL (see {@link HalGenerator#supports}). */
  boolean hal() {
    return hal;
  }

  /**
   * Relative path to content; examples only where the device has what they need (the catalog in
   * {@link Examples}). The files that depend on the Rust toolchain come from {@link CargoConfig}.
   */
  Map<String, String> files() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Cargo.toml", cargoToml());
    f.put(".gitignore", "/target\n");
    f.put("src/board.rs", boardRs());
    Map<String, String> fallbacks = new LinkedHashMap<>();
    fallbacks.put(Examples.MAIN, registerBlinkRs());
    if (t.console().isPresent()) millisRs().ifPresent(s -> fallbacks.put("millis", s));
    f.putAll(Examples.files(exampleValues(), fallbacks));
    f.putAll(TestHarness.files(t));
    return f;
  }

  /** Files that are not text (a PNG an example's scenario compares with), by relative path. */
  Map<String, byte[]> binaryFiles() {
    return Examples.binaryFiles(exampleValues());
  }

  /**
   * The values the examples' placeholders take in this project ({@code {{KEY}}} in the resources
   * of {@link Examples}); a key is absent when the project lacks what it stands for.
   */
  Map<String, String> exampleValues() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("TITLE", t.title());
    v.put("LED_PORT_PIN", t.led().toString());
    t.console().ifPresent(c -> {
      v.put("CONSOLE_USART", c.usart());
      v.put("CONSOLE_BAUD", Integer.toString(c.baud()));
      v.put("HELLO_LINE", helloLine());
    });
    t.board().ifPresent(b -> {
      String part = switch (b.name()) {
        case "uno" -> "wokwi-arduino-uno";
        case "nano" -> "wokwi-arduino-nano";
        case "nano-every" -> "avrkit-nano-every";
        default -> null;
      };
      if (part != null) v.put("BOARD_PART", part);
      HalGenerator.arduinoName(b.name(), t.led().toString()).ifPresent(n -> v.put("LED_ARDUINO", n.toUpperCase(Locale.ROOT)));
    });
    if (!hal) return v;
    v.put("LED", halLed());
    halSerial().ifPresent(c -> {
      v.put("SERIAL_USART", c[0]);
      v.put("SERIAL_TX", c[1]);
      v.put("SERIAL_RX", c[2]);
      v.put("SERIAL_BAUD", c[3]);
    });
    halTimer().ifPresent(tm -> v.put("MILLIS_TIMER", tm));
    if (t.board().isEmpty()) return v;
    String board = t.board().get().name();
    HalGenerator.pwmPin(d, board).ifPresent(p -> {
      v.put("PWM_ARDUINO", p[0]);
      v.put("PWM_PIN", p[0].toLowerCase(Locale.ROOT));
      v.put("PWM_PORT_PIN", p[1]);
      v.put("PWM_TIMER", p[2]);
      v.put("PWM_TYPE", p[3]);
    });
    HalGenerator.instance(d, "adc").ifPresent(a -> v.put("ADC", a));
    HalGenerator.instance(d, "i2c").ifPresent(a -> v.put("TWI", a));
    HalGenerator.instance(d, "eeprom").ifPresent(a -> v.put("EEPROM", a));
    HalGenerator.instance(d, "spi").ifPresent(spi -> {
      Optional<String> sck = HalGenerator.portPin(board, "D13"), mosi = HalGenerator.portPin(board, "D11");
      if (sck.isPresent() && mosi.isPresent()) HalGenerator.spiRoute(d, sck.get(), mosi.get()).ifPresent(r -> {
        v.put("SPI", spi);
        v.put("SPI_ROUTE", r);
      });
    });
    Optional<String> d2 = HalGenerator.portPin(board, "D2");
    d2.flatMap(p -> HalGenerator.pinVector(d, p)).ifPresent(vec -> {
      v.put("BUTTON_PORT_PIN", d2.get());
      v.put("BUTTON_VECTOR", vec);
    });
    HalGenerator.watchdogPeriod(d, 512).ifPresent(p -> v.put("WDT_PERIOD", p));
    // waking from power-down: AVR8X pin interrupts on both edges (every pin can wake that way);
    // classic parts: the pin change interrupt (INTn edges wake only from idle)
    if (d2.isPresent() && HalGenerator.hasSleep(d)) {
      if (d.architecture() == dev.avrkit.device.Architecture.AVR8X) {
        HalGenerator.pinVector(d, d2.get()).ifPresent(vec -> {
          v.put("WAKE_VECTOR", vec);
          v.put("WAKE_ENABLE", "button.enable_interrupt(hal::exti::Sense::BothEdges);");
          v.put("WAKE_CLEAR", "hal::exti::clear::<hal::port::" + d2.get() + ">();");
        });
      } else {
        HalGenerator.pinChangeVector(d, d2.get()).ifPresent(vec -> {
          v.put("WAKE_VECTOR", vec);
          v.put("WAKE_ENABLE", "button.enable_pin_change();");
          v.put("WAKE_CLEAR", "// entering the handler cleared the flag");
        });
      }
    }
    return v;
  }

  String crateName() {
    return PacGenerator.crateName(d);
  }

  private String lower(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    return switch (l) {
      case "in", "if", "as", "fn", "for", "loop", "match", "mod", "move", "ref", "type", "use", "where", "async" -> l + "_";
      default -> l;
    };
  }

  String cargoToml() {
    return """
        [package]
        name = "%s"
        version = "0.1.0"
        edition = "2021"

        # avrkit reads these: which chip to build for, and which board to flash or simulate.
        [package.metadata.avrkit]
        device = "%s"
        %s

        # Board support shared by the blink (src/main.rs) and the examples.
        [lib]
        name = "board"
        path = "src/board.rs"
        %s
        doctest = false
        bench = false

        [[bin]]
        name = "%s"
        path = "src/main.rs"
        test = false
        bench = false

        [dependencies]
        # The register crate and start-up runtime avrkit generated from the device pack.
        pac = { package = "%s", path = "pac" }
        %s
        # Small code in every profile: AVR flash is tight and debug builds would not fit. LTO
        # lets the compiler see the whole program (the register crate's accessors and core's
        # panic paths shrink to what the firmware uses).
        [profile.dev]
        panic = "abort"
        opt-level = "s"
        codegen-units = 1
        lto = true
        debug = true
        overflow-checks = false

        [profile.release]
        panic = "abort"
        opt-level = "s"
        codegen-units = 1
        lto = true
        debug = true
        """.formatted(name, d.name(),
            t.board().map(b -> "board = \"" + b.name() + "\"").orElse("# board = \"nano-every\""),
            TestHarness.libTestSetting(t), name, crateName(), !hal ? "" : "# The hardware abstraction avrkit generated for this chip and board (pins, delays...).\n"
                + HalGenerator.dependency(d, embeddedHal) + "\n") + TestHarness.cargoSection(t);
  }

  // ---------------------------------------------------------------- board.rs

  String boardRs() {
    StringBuilder s = new StringBuilder();
    s.append("//! Board support for the ").append(t.title()).append(" at ").append(mhz()).append(": clock set-up, the LED on\n");
    s.append("//! ").append(t.led());
    t.console().ifPresent(c -> s.append(", the console on ").append(c.usart()).append(" (TX ").append(c.tx()).append(", RX ").append(c.rx()).append(")"));
    s.append(" and a busy-wait delay.\n//! Generated by avrkit; yours to change.\n");
    s.append("#![no_std]\n").append(TestHarness.libAttributes(t)).append("\n");
    s.append("pub use pac;\n\n");
    s.append("/// The CPU clock after [`clock_init`], in Hz.\npub const F_CPU: u32 = ").append(t.clockHz()).append(";\n");
    t.console().ifPresent(c -> s.append("/// The console's baud rate.\npub const BAUD: u32 = ").append(c.baud()).append(";\n"));
    s.append("\n");
    s.append(clockInit());
    Board.Pin led = t.led();
    String port = led.portName();
    String pin = "pin" + led.bit();
    s.append("/// Makes the LED pin (").append(led).append(") an output.\n#[inline(always)]\npub fn led_init(dp: &pac::Peripherals) {\n");
    if (x) s.append("    dp.").append(port).append(".dirset.write(|w| w.").append(pin).append("().set_bit());\n}\n\n");
    else s.append("    dp.").append(port).append(".ddr").append(lc(led.port())).append(".modify(|_, w| w.").append(pin).append("().set_bit());\n}\n\n");
    s.append("/// Toggles the LED.\n#[inline(always)]\npub fn led_toggle(dp: &pac::Peripherals) {\n");
    if (x) s.append("    dp.").append(port).append(".outtgl.write(|w| w.").append(pin).append("().set_bit());\n}\n\n");
    else s.append("    // writing 1 to a PINx bit toggles the output\n    dp.").append(port).append(".pin").append(lc(led.port()))
        .append(".write(|w| w.").append(pin).append("().set_bit());\n}\n\n");
    long perMs = t.clockHz() / 4000;
    s.append("""
        /// Busy-waits `ms` milliseconds at [`F_CPU`]: %d rounds of the runtime's 4-cycle delay loop
        /// per millisecond.
        #[inline(never)]
        pub fn delay_ms(ms: u16) {
            for _ in 0..ms {
                pac::runtime::delay_loop(%d);
            }
        }

        """.formatted(perMs, perMs));
    t.console().ifPresent(c -> s.append(console(c)));
    s.append("""
        /// Stops: interrupts off and an endless loop (the simulator ends the run here). The programs'
        /// panic handlers call it (the handler is not in this library: test binaries bring their own).
        pub fn halt() -> ! {
            pac::interrupt::disable();
            loop {}
        }
        """);
    s.append(TestHarness.libTests(t));
    return s.toString();
  }

  private String mhz() {
    long c = t.clockHz();
    return c % 1_000_000 == 0 ? (c / 1_000_000) + " MHz" : c + " Hz";
  }

  private static String lc(char c) {
    return String.valueOf(Character.toLowerCase(c));
  }

  private boolean has(String periph, String reg) {
    return d.peripheral(periph).flatMap(p -> p.register(reg)).isPresent();
  }

  private String clockInit() {
    StringBuilder s = new StringBuilder();
    if (x && has("CLKCTRL", "MCLKCTRLB")) {
      s.append("/// Runs the CPU at [`F_CPU`]: the main clock prescaler is on after reset (divide by 6), so turn\n");
      s.append("/// it off. MCLKCTRLB is configuration-change protected: the write follows the CCP key (0xD8).\n");
      s.append("#[inline(always)]\npub fn clock_init(dp: &pac::Peripherals) {\n");
      s.append("    dp.CLKCTRL.mclkctrlb.write_protected(|w| w.pen().clear_bit());\n}\n\n");
    } else if (!x && has("CPU", "CLKPR")) {
      s.append("/// Runs the CPU at [`F_CPU`]: clears the clock prescaler (set by the CKDIV8 fuse on some\n");
      s.append("/// chips). CLKPR takes a new value only within 4 cycles after CLKPCE is set.\n");
      s.append("#[inline(always)]\npub fn clock_init(dp: &pac::Peripherals) {\n");
      s.append("    dp.CPU.clkpr.write(|w| w.clkpce().set_bit());\n");
      s.append("    dp.CPU.clkpr.write(|w| unsafe { w.bits(0) });\n}\n\n");
    } else {
      s.append("/// The clock needs no set-up on this chip.\n#[inline(always)]\npub fn clock_init(_dp: &pac::Peripherals) {}\n\n");
    }
    return s.toString();
  }

  private String console(Board.Console c) {
    StringBuilder s = new StringBuilder();
    String u = c.usart();
    s.append("/// The serial console: ").append(u);
    c.portmux().ifPresent(r -> s.append(" routed with PORTMUX ").append(r));
    s.append(" to ").append(c.tx()).append(" (TX) / ").append(c.rx()).append(" (RX), 8N1 at [`BAUD`].\npub struct Console;\n\n");
    s.append("impl Console {\n    /// Sets up the transmitter.\n    pub fn init(dp: &pac::Peripherals) -> Console {\n");
    if (x) {
      c.portmux().ifPresent(r -> s.append(portmux(r)));
      s.append("        dp.").append(c.tx().portName()).append(".dirset.write(|w| w.pin").append(c.tx().bit()).append("().set_bit());\n");
      s.append("        // BAUD = 64 * F_CPU / (16 * BAUD), rounded\n");
      s.append("        dp.").append(u).append(".baud.write(|w| unsafe { w.bits(((4 * F_CPU + BAUD / 2) / BAUD) as u16) });\n");
      s.append("        dp.").append(u).append(".ctrlb.write(|w| w.txen().set_bit());\n");
    } else {
      String n = u.replaceAll("\\D", "");
      s.append("        // double speed: UBRR = F_CPU / (8 * BAUD) - 1, rounded\n");
      s.append("        dp.").append(u).append(".ucsr").append(n).append("a.write(|w| w.u2x").append(n).append("().set_bit());\n");
      s.append("        dp.").append(u).append(".ubrr").append(n).append(".write(|w| unsafe { w.bits(((F_CPU + 4 * BAUD) / (8 * BAUD) - 1) as u16) });\n");
      s.append("        dp.").append(u).append(".ucsr").append(n).append("c.write(|w| w.ucsz").append(n).append("().bits(3));\n");
      s.append("        dp.").append(u).append(".ucsr").append(n).append("b.write(|w| w.txen").append(n).append("().set_bit());\n");
    }
    s.append("        Console\n    }\n\n");
    s.append("    /// Sends one byte (waits while the transmit buffer is full).\n    pub fn write_byte(&mut self, b: u8) {\n");
    s.append("        let usart = unsafe { pac::").append(u).append("::steal() };\n");
    if (x) {
      s.append("        while usart.status.read().dreif().bit_is_clear() {}\n");
      s.append("        // clear \"transmit complete\" so that flush() waits for this byte\n");
      s.append("        usart.status.write(|w| w.txcif().set_bit());\n");
      s.append("        usart.txdatal.write(|w| w.data().bits(b));\n");
    } else {
      String n = u.replaceAll("\\D", "");
      s.append("        while usart.ucsr").append(n).append("a.read().udre").append(n).append("().bit_is_clear() {}\n");
      s.append("        // clear \"transmit complete\" so that flush() waits for this byte\n");
      s.append("        usart.ucsr").append(n).append("a.modify(|_, w| w.txc").append(n).append("().set_bit());\n");
      s.append("        usart.udr").append(n).append(".write(|w| unsafe { w.bits(b) });\n");
    }
    s.append("    }\n\n");
    s.append("    /// Waits until the last byte sent has left the transmitter.\n    pub fn flush(&mut self) {\n");
    s.append("        let usart = unsafe { pac::").append(u).append("::steal() };\n");
    if (x) {
      s.append("        while usart.status.read().txcif().bit_is_clear() {}\n");
    } else {
      String n = u.replaceAll("\\D", "");
      s.append("        while usart.ucsr").append(n).append("a.read().txc").append(n).append("().bit_is_clear() {}\n");
    }
    s.append("    }\n\n");
    s.append("""
            /// Sends a string.
            pub fn write_str(&mut self, s: &str) {
                for b in s.bytes() {
                    self.write_byte(b);
                }
            }

            /// Sends a number in decimal (no buffer, no bounds checks: nothing that could panic).
            pub fn write_u32(&mut self, n: u32) {
                let mut d: u32 = 1_000_000_000;
                while d > 1 && d > n {
                    d /= 10;
                }
                while d > 0 {
                    self.write_byte(b'0' + ((n / d) % 10) as u8);
                    d /= 10;
                }
            }
        }

        """);
    return s.toString();
  }

  /** The PORTMUX write for a route, with the field value looked up in the device model. */
  private String portmux(Board.PortmuxRoute r) {
    ResolvedRegister reg = d.peripheral("PORTMUX").flatMap(p -> p.register(r.register()))
        .orElseThrow(() -> new IllegalArgumentException("no PORTMUX." + r.register() + " on the " + d.name()));
    BitField f = reg.register().fields().stream().filter(b -> b.name().equalsIgnoreCase(r.field())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no field " + r.field() + " in PORTMUX." + r.register()));
    long v = f.values().flatMap(g -> g.byName(r.value())).map(Value::value)
        .orElseThrow(() -> new IllegalArgumentException("no value " + r.value() + " for PORTMUX." + r.register() + "." + r.field()));
    return "        // " + r.field() + " = " + r.value() + "\n        dp.PORTMUX." + lower(r.register()) + ".modify(|_, w| w."
        + lower(r.field()) + "().bits(" + v + "));\n";
  }

  // ---------------------------------------------------------------- programs

  /** The blink without the HAL (for chips it does not support): the board file's LED functions. */
  String registerBlinkRs() {
    return """
        //! Blinks the LED (%s) of the %s at 1 Hz: 500 ms on, 500 ms off.
        #![no_std]
        #![no_main]

        use board::pac;

        pac::entry!(main);

        /// Called once after start-up; the runtime hands over the chip's peripherals.
        fn main(dp: pac::Peripherals) -> ! {
            board::clock_init(&dp);
            board::led_init(&dp);
            loop {
                board::led_toggle(&dp);
                board::delay_ms(500);
            }
        }

        #[panic_handler]
        fn panic(_: &core::panic::PanicInfo) -> ! {
            board::halt()
        }
        """.formatted(t.led(), t.title());
  }

  private Optional<String> halTimer() {
    return HalGenerator.millisTimer(d, t.clockHz());
  }

  /** The serial example's USART, pins and baud: the board's console; 57600 on classic parts (115200 is 2.1 % off). */
  private Optional<String[]> halSerial() {
    return t.console().filter(c -> HalGenerator.hasUsart(d, c.usart())).map(c -> {
      String tx = t.board().flatMap(b -> HalGenerator.arduinoName(b.name(), c.tx().toString())).orElse(c.tx().toString());
      String rx = t.board().flatMap(b -> HalGenerator.arduinoName(b.name(), c.rx().toString())).orElse(c.rx().toString());
      return new String[] {c.usart(), tx.toLowerCase(Locale.ROOT), rx.toLowerCase(Locale.ROOT), x ? "115200" : "57600"};
    });
  }

  /** The LED pin's field in {@code pins!}: its Arduino name on a board, else its port name. */
  private String halLed() {
    return t.board().flatMap(b -> HalGenerator.arduinoName(b.name(), t.led().toString()))
        .orElse(t.led().toString()).toLowerCase(Locale.ROOT);
  }

  /** The line {@code examples/hello.rs} prints. */
  String helloLine() {
    return "Hello from the " + t.title() + "!";
  }

  /** Interrupt names as the register crate spells them (upper case). */
  private boolean hasInterrupt(String n) {
    for (Interrupt i : d.interrupts()) {
      if (i.name().equalsIgnoreCase(n)) return true;
      for (String a : i.names()) if (a.equalsIgnoreCase(n)) return true;
    }
    return false;
  }

  Optional<String> millisRs() {
    String timerSetup;
    String ack;
    String irq;
    String what;
    if (x && d.peripheral("TCB0").isPresent() && hasInterrupt("TCB0_INT")) {
      irq = "TCB0_INT";
      what = "TCB0's periodic interrupt";
      timerSetup = """
                // TCB0 in periodic interrupt mode: counts CLK_PER up to CCMP, then interrupts
                dp.TCB0.ccmp.write(|w| unsafe { w.bits((board::F_CPU / 1000 - 1) as u16) });
                dp.TCB0.intctrl.write(|w| w.capt().set_bit());
                dp.TCB0.ctrla.write(|w| w.enable().set_bit());
            """;
      ack = "        pac::TCB0::steal().intflags.write(|w| w.capt().set_bit());\n";
    } else if (!x && has("TC0", "TCCR0A") && has("TC0", "OCR0A") && has("TC0", "TIMSK0") && hasInterrupt("TIMER0_COMPA")
        && t.clockHz() % 64_000 == 0 && t.clockHz() / 64_000 <= 256) {
      irq = "TIMER0_COMPA";
      what = "Timer/Counter 0's compare match A interrupt";
      timerSetup = """
                // Timer/Counter 0 in CTC mode: CLK/64, OCR0A = F_CPU / 64 / 1000 - 1, interrupt on match
                dp.TC0.tccr0a.write(|w| w.wgm0().bits(2));
                dp.TC0.ocr0a.write(|w| unsafe { w.bits((board::F_CPU / 64 / 1000 - 1) as u8) });
                dp.TC0.timsk0.write(|w| w.ocie0a().set_bit());
                dp.TC0.tccr0b.write(|w| unsafe { w.bits(3) });
            """;
      ack = "";
    } else {
      return Optional.empty();
    }
    return Optional.of("""
        //! Keeps time with %s every millisecond and prints the time every
        //! second: "millis: 1000", "millis: 2000", ...
        #![no_std]
        #![no_main]
        #![feature(abi_avr_interrupt)]

        use board::pac;

        /// Milliseconds since start-up; only the interrupt handler writes it.
        static mut MILLIS: u32 = 0;

        pac::entry!(main);
        pac::interrupt!(%s, on_tick);

        /// One more millisecond.
        fn on_tick() {
            unsafe {
                MILLIS = MILLIS.wrapping_add(1);
        %s    }
        }

        /// Milliseconds since start-up (read with interrupts off: the main program cannot read the four
        /// bytes at once).
        fn millis() -> u32 {
            pac::interrupt::free(|| unsafe { core::ptr::read_volatile(core::ptr::addr_of!(MILLIS)) })
        }

        fn main(dp: pac::Peripherals) -> ! {
            board::clock_init(&dp);
            let mut console = board::Console::init(&dp);
        %s    unsafe { pac::interrupt::enable() };
            let mut next = 1000;
            loop {
                if millis() >= next {
                    console.write_str("millis: ");
                    console.write_u32(next);
                    console.write_str("\\r\\n");
                    next += 1000;
                }
            }
        }

        #[panic_handler]
        fn panic(_: &core::panic::PanicInfo) -> ! {
            board::halt()
        }
        """.formatted(what, irq, ack, timerSetup));
  }

  static List<String> exampleNames(Map<String, String> files) {
    return Examples.names(files);
  }
}
