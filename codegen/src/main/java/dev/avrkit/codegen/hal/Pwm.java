package dev.avrkit.codegen.hal;

import dev.avrkit.device.BitField;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Signal;
import dev.avrkit.device.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated {@code pwm.rs}: 8-bit PWM. AVR8X: each TCA in split mode (two 8-bit down-counters,
 * six channels WO0..WO5; the TCAROUTEA route follows the pin's port). Classic: Timer/Counters 0, 1
 * and 2 in 8-bit fast PWM mode, channels OCnA/OCnB. Registers, bits, prescaler values (from the
 * value groups, divisors from their names or captions) and channel pins come from the model.
 */
final class Pwm {
  private final Model m;

  Pwm(Model m) {
    this.m = m;
  }

  /** One PWM timer: instance name, and its prescaler values (divisor to field value). */
  record Timer(String name, Map<Integer, Long> prescalers) {}

  /** One channel: timer, pin, duty register, output enable register and bits, route (AVR8X). */
  record Channel(String timer, Model.PinRef pin, long duty, long enReg, long enBits, Optional<long[]> route) {}

  private static final Pattern DIV = Pattern.compile("(?i)(?:DIV|CLK/)(\\d+)");

  private Map<Integer, Long> prescalers(Optional<BitField> f) {
    Map<Integer, Long> out = new LinkedHashMap<>();
    if (f.isEmpty() || f.get().values().isEmpty()) return out;
    for (Value v : f.get().values().get().values()) {
      String text = v.name() + " " + (v.caption() == null ? "" : v.caption());
      Matcher d = DIV.matcher(text);
      if (d.find()) out.put(Integer.parseInt(d.group(1)), v.value() << f.get().shift());
      else if (text.toLowerCase(Locale.ROOT).contains("no prescaling")) out.put(1, v.value() << f.get().shift());
    }
    return out;
  }

  List<Timer> timers() {
    List<Timer> out = new ArrayList<>();
    for (Peripheral p : m.d.peripherals()) {
      String n = p.name();
      if (m.x && n.matches("TCA\\d") && p.register("SPLIT.LPER").isPresent() && p.register("SPLIT.HPER").isPresent()
          && m.mask(n, "SPLIT.CTRLD", "SPLITM").isPresent() && m.mask(n, "SPLIT.CTRLA", "ENABLE").isPresent()) {
        Map<Integer, Long> pre = prescalers(m.reg(n, "SPLIT.CTRLA").flatMap(r -> Model.field(r, "CLKSEL")));
        if (!pre.isEmpty() && !channels(n).isEmpty()) out.add(new Timer(n, pre));
      } else if (!m.x && n.matches("TC\\d")) {
        String k = n.substring(2);
        Map<Integer, Long> pre = prescalers(m.reg(n, "TCCR" + k + "B").flatMap(r -> Model.field(r, "CS" + k)));
        if (!pre.isEmpty() && !channels(n).isEmpty() && m.mask(n, "TCCR" + k + "A", "WGM" + k).isPresent()) out.add(new Timer(n, pre));
      }
    }
    return out;
  }

  /**
   * AVR8X TCBs in 8-bit PWM mode (CTRLB.CNTMODE = PWM8: CCMPL the period, CCMPH the duty), clocked
   * by the first TCA's prescaler (CTRLA.CLKSEL = CLKTCA, or TCA0 on AVR Dx) as in Arduino's megaAVR
   * core, so that they run at the TCA's PWM frequency. Only when the first PWM timer is that TCA.
   */
  List<String> tcbs() {
    List<String> out = new ArrayList<>();
    if (!m.x || timers().isEmpty() || !timers().get(0).name().equals("TCA0")) return out;
    for (Peripheral p : m.d.peripherals()) {
      String n = p.name();
      if (n.matches("TCB\\d") && tcbClock(n).isPresent() && tcbValue(n, "CTRLB", "CNTMODE", "PWM8").isPresent()
          && m.mask(n, "CTRLB", "CCMPEN").isPresent() && m.mask(n, "CTRLA", "ENABLE").isPresent()
          && p.register("CCMP").isPresent() && !channels(n).isEmpty()) {
        out.add(n);
      }
    }
    return out;
  }

  private Optional<Long> tcbValue(String timer, String reg, String field, String name) {
    return m.reg(timer, reg).flatMap(r -> Model.field(r, field))
        .flatMap(f -> f.values().flatMap(g -> g.byName(name)).map(v -> (v.value() << f.shift()) & f.mask()));
  }

  /** CTRLA.CLKSEL's value for TCA0's clock. */
  private Optional<Long> tcbClock(String timer) {
    return tcbValue(timer, "CTRLA", "CLKSEL", "CLKTCA").or(() -> tcbValue(timer, "CTRLA", "CLKSEL", "TCA0"));
  }

  List<Channel> channels(String timer) {
    List<Channel> out = new ArrayList<>();
    Peripheral p = m.d.peripheral(timer).orElseThrow();
    if (timer.matches("TCB\\d")) {
      for (Signal s : p.signals()) {
        if (!s.group().equalsIgnoreCase("WO") || !s.pad().toUpperCase(Locale.ROOT).matches("P[A-Z][0-7]")) continue;
        Model.PinRef pin = Model.PinRef.parse(s.pad());
        var duty = m.reg(timer, "CCMP").map(r -> r.address() + 1); // CCMPH
        var ctrlb = m.reg(timer, "CTRLB");
        var en = m.mask(timer, "CTRLB", "CCMPEN");
        Optional<long[]> route = m.portmux(timer, s.function().toUpperCase(Locale.ROOT).endsWith("_ALT") ? "ALT1" : "DEFAULT");
        if (!m.hasPin(pin) || duty.isEmpty() || ctrlb.isEmpty() || en.isEmpty() || route.isEmpty()) continue;
        out.add(new Channel(timer, pin, duty.get(), ctrlb.get().address(), en.get(), route));
      }
      return out;
    }
    for (Signal s : p.signals()) {
      if (!s.pad().toUpperCase(Locale.ROOT).matches("P[A-Z][0-7]")) continue;
      Model.PinRef pin = Model.PinRef.parse(s.pad());
      if (!m.hasPin(pin)) continue;
      if (m.x) {
        if (!s.group().equalsIgnoreCase("WO") || s.index().isEmpty() || s.index().get() > 5) continue;
        int i = s.index().get();
        String cmp = i < 3 ? "SPLIT.LCMP" + i : "SPLIT.HCMP" + (i - 3);
        String en = i < 3 ? "LCMP" + i + "EN" : "HCMP" + (i - 3) + "EN";
        var duty = m.reg(timer, cmp);
        var ctrlb = m.reg(timer, "SPLIT.CTRLB");
        var bit = ctrlb.flatMap(r -> Model.field(r, en));
        Optional<long[]> route = m.portmux(timer, "PORT" + pin.port());
        if (duty.isEmpty() || bit.isEmpty() || route.isEmpty()) continue;
        out.add(new Channel(timer, pin, duty.get().address(), ctrlb.get().address(), bit.get().mask(), route));
      } else {
        String k = timer.substring(2);
        String g = s.group().toUpperCase(Locale.ROOT);
        if (!g.equals("OCA") && !g.equals("OCB")) continue;
        String ab = g.substring(2);
        var duty = m.reg(timer, "OCR" + k + ab);
        var tccra = m.reg(timer, "TCCR" + k + "A");
        var com = tccra.flatMap(r -> Model.field(r, "COM" + k + ab));
        if (duty.isEmpty() || com.isEmpty()) continue;
        // COMnx = 2: clear on compare match, set at BOTTOM (non-inverting)
        out.add(new Channel(timer, pin, duty.get().address(), tccra.get().address(), 2L << com.get().shift(), Optional.empty()));
      }
    }
    return out;
  }

  boolean supported() {
    return !timers().isEmpty();
  }

  /** The Rust type of a PWM timer: TCA0 -> Tca0, TC1 -> Tc1. */
  static String typeName(String timer) {
    return timer.charAt(0) + timer.substring(1).toLowerCase(Locale.ROOT);
  }

  private static String b(long v) {
    return String.format("0x%02X", v);
  }

  /**
   * embedded-hal 1.0's {@code SetDutyCycle} for {@code PwmPin}: 255 steps, 0 and 255 exactly off
   * and on (the timer is disconnected and the pin driven, as Arduino's analogWrite does: the
   * compare output alone is high for compare value + 1 of 256 timer steps, in TCA's split mode and
   * the classic fast PWM alike, so it is never fully off), step k otherwise k/256 high (compare
   * value k - 1).
   */
  private String embeddedHal() {
    return """
        /// embedded-hal 1.0's `SetDutyCycle` (the `embedded-hal` feature): `max_duty_cycle()` is 255;
        /// 0 and 255 disconnect the timer and drive the pin low or high (exactly off and on), a duty
        /// `k` in between is `k` / 256 of each period high.
        #[cfg(feature = "embedded-hal")]
        mod eh {
            use super::{Channel, PwmPin};
            use core::convert::Infallible;

            impl<T, P: Channel<T>> embedded_hal::pwm::ErrorType for PwmPin<T, P> {
                type Error = Infallible;
            }

            impl<T, P: Channel<T> + crate::gpio::PinId> embedded_hal::pwm::SetDutyCycle for PwmPin<T, P> {
                #[inline(always)]
                fn max_duty_cycle(&self) -> u16 {
                    255
                }

                fn set_duty_cycle(&mut self, duty: u16) -> Result<(), Infallible> {
                    if duty == 0 {
                        self.disable();
                        self.pin.set_low();
                    } else if duty >= 255 {
                        self.disable();
                        self.pin.set_high();
                    } else {
                        self.set_duty(if P::PLUS_ONE { duty as u8 - 1 } else { duty as u8 });
                        self.enable();
                    }
                    Ok(())
                }
            }
        }

        """;
  }

  String rust() {
    StringBuilder s = new StringBuilder();
    s.append("""
        //! 8-bit PWM: a timer owns its channels' duty cycles; a pin becomes a PWM output with
        //! `into_pwm(&timer)`. The frequency is F_CPU / prescaler / 256.
        //!
        //! ```ignore
        """);
    Timer first = timers().get(0);
    Channel fc = channels(first.name()).get(0);
    s.append("//! let timer = hal::pwm::").append(typeName(first.name())).append("::new(dp.").append(first.name())
        .append(", hal::pwm::Prescaler::Div64);\n");
    s.append("//! let mut out = pins.").append(fc.pin().field()).append(".into_output().into_pwm(&timer);\n");
    s.append("//! out.set_duty(128); // half\n//! ```\n");
    if (m.x) s.append("//! All channels of one TCA in use must be on one port (TCAROUTEA routes them together).\n");
    s.append("\nuse crate::gpio::{Output, Pin, PinId};\nuse crate::F_CPU;\nuse core::ptr::{read_volatile, write_volatile};\n\n");
    s.append("#[inline(always)]\nfn rd(a: usize) -> u8 {\n    unsafe { read_volatile(a as *const u8) }\n}\n\n");
    s.append("#[inline(always)]\nfn wr(a: usize, v: u8) {\n    unsafe { write_volatile(a as *mut u8, v) }\n}\n\n");
    s.append("""
        /// A pin that a PWM timer `T` can drive.
        pub trait Channel<T> {
            /// The duty cycle register (the compare register).
            const DUTY: usize;
            /// The register and bits that connect the timer to the pin.
            const ENABLE: (usize, u8);
            /// The PORTMUX register, field mask and value that route the timer to the pin, if any.
            const ROUTE: Option<(usize, u8, u8)>;
            /// A register and value written right before the duty, and read right before it (a TCB's
            /// CCMPL, the period: CCMPL and CCMPH are one 16-bit register accessed through TEMP, low
            /// byte first).
            const PERIOD: Option<(usize, u8)> = None;
            /// True when the output is high for compare value + 1 of the 256 steps (TCA split mode,
            /// classic fast PWM); false for a TCB in 8-bit PWM mode, high while CNT < CCMPH
            /// (compare value steps: 0 is off).
            const PLUS_ONE: bool = true;
        }

        /// A pin driven by PWM timer `T`.
        pub struct PwmPin<T, P> {
            pin: Pin<Output, P>,
            _t: core::marker::PhantomData<T>,
        }

        impl<P: PinId> Pin<Output, P> {
            /// Connects the pin to timer `timer` (compare value 0: one timer step of 256 high).
            #[inline(always)]
            pub fn into_pwm<T>(self, _timer: &T) -> PwmPin<T, P>
            where
                P: Channel<T>,
            {
                if let Some((reg, mask, value)) = <P as Channel<T>>::ROUTE {
                    wr(reg, (rd(reg) & !mask) | value);
                }
                let mut p = PwmPin { pin: self, _t: core::marker::PhantomData };
                p.set_duty(0);
                p.enable();
                p
            }
        }

        impl<T, P: Channel<T>> PwmPin<T, P> {
            /// Sets the compare value: `duty` + 1 of the 256 timer steps of each period are high (the
            /// pin is never fully off; `SetDutyCycle` of the `embedded-hal` feature is); on a TCB
            /// channel (`Channel::PLUS_ONE` false) `duty` steps.
            #[inline(always)]
            pub fn set_duty(&mut self, duty: u8) {
                if let Some((reg, period)) = P::PERIOD {
                    wr(reg, period);
                }
                wr(P::DUTY, duty);
            }

            /// The duty cycle set.
            #[inline(always)]
            pub fn duty(&self) -> u8 {
                if let Some((reg, _)) = P::PERIOD {
                    rd(reg);
                }
                rd(P::DUTY)
            }

            /// The largest duty cycle value.
            #[inline(always)]
            pub const fn max_duty(&self) -> u8 {
                u8::MAX
            }

            /// Connects the timer to the pin.
            #[inline(always)]
            pub fn enable(&mut self) {
                let (r, bits) = P::ENABLE;
                wr(r, rd(r) | bits);
            }

            /// Disconnects the timer: the pin is a plain output again, at its output value.
            #[inline(always)]
            pub fn disable(&mut self) {
                let (r, bits) = P::ENABLE;
                wr(r, rd(r) & !bits);
            }

            /// Disconnects the timer and gives the pin back.
            pub fn into_output(mut self) -> Pin<Output, P> {
                self.disable();
                self.pin
            }
        }

        """);
    s.append(embeddedHal());
    // the prescaler enum: divisors every PWM timer has
    List<Integer> divs = new ArrayList<>(timers().get(0).prescalers().keySet());
    for (Timer t : timers()) divs.retainAll(t.prescalers().keySet());
    java.util.Collections.sort(divs);
    s.append("/// The timer clock: F_CPU divided by this (every PWM timer of the chip has these).\n");
    s.append("#[derive(Clone, Copy, PartialEq, Eq)]\npub enum Prescaler {\n");
    for (int dv : divs) s.append("    /// F_CPU / ").append(dv).append(".\n    Div").append(dv).append(",\n");
    s.append("}\n\nimpl Prescaler {\n    /// The divisor.\n    pub const fn divisor(self) -> u32 {\n        match self {\n");
    for (int dv : divs) s.append("            Prescaler::Div").append(dv).append(" => ").append(dv).append(",\n");
    s.append("        }\n    }\n\n    /// The PWM frequency in Hz with this prescaler (8-bit: 256 timer clocks a period).\n");
    s.append("    pub const fn frequency(self) -> u32 {\n        F_CPU / self.divisor() / 256\n    }\n}\n\n");
    for (Timer t : timers()) {
      String n = t.name();
      String ty = typeName(n);
      s.append("/// ").append(n).append(" as a PWM timer.\npub struct ").append(ty).append(" {\n    _timer: pac::").append(n).append(",\n}\n\n");
      s.append("impl ").append(ty).append(" {\n");
      if (m.x) {
        s.append("    /// Starts ").append(n).append(" in split mode: both 8-bit counters count down from 255 at F_CPU / `prescaler`.\n");
        s.append("    pub fn new(timer: pac::").append(n).append(", prescaler: Prescaler) -> Self {\n");
        s.append("        let clksel = match prescaler {\n");
        for (int dv : divs) s.append("            Prescaler::Div").append(dv).append(" => ").append(b(t.prescalers().get(dv))).append(",\n");
        s.append("        };\n");
        s.append("        wr(").append(Model.hex(m.reg(n, "SPLIT.CTRLA").orElseThrow().address())).append(", 0); // CTRLA: stop\n");
        s.append("        wr(").append(Model.hex(m.reg(n, "SPLIT.CTRLD").orElseThrow().address())).append(", ")
            .append(b(m.mask(n, "SPLIT.CTRLD", "SPLITM").orElseThrow())).append("); // CTRLD: SPLITM\n");
        s.append("        wr(").append(Model.hex(m.reg(n, "SPLIT.LPER").orElseThrow().address())).append(", 0xFF); // LPER\n");
        s.append("        wr(").append(Model.hex(m.reg(n, "SPLIT.HPER").orElseThrow().address())).append(", 0xFF); // HPER\n");
        s.append("        wr(").append(Model.hex(m.reg(n, "SPLIT.CTRLA").orElseThrow().address())).append(", clksel | ")
            .append(b(m.mask(n, "SPLIT.CTRLA", "ENABLE").orElseThrow())).append("); // CTRLA: CLKSEL, ENABLE\n");
      } else {
        String k = n.substring(2);
        long wgmA = m.mask(n, "TCCR" + k + "A", "WGM" + k).orElseThrow();
        Optional<Long> wgmB = m.mask(n, "TCCR" + k + "B", "WGM" + k);
        // 8-bit fast PWM: WGM = 3 (TC0, TC2: WGMn1:0 = 3) or 5 (TC1: WGM10 + WGM12)
        long a = wgmB.isPresent() && n.equals("TC1") ? 1L << Long.numberOfTrailingZeros(wgmA) : 3L << Long.numberOfTrailingZeros(wgmA);
        long bb = wgmB.isPresent() && n.equals("TC1") ? 1L << Long.numberOfTrailingZeros(wgmB.get()) : 0;
        s.append("    /// Starts ").append(n).append(" in 8-bit fast PWM mode: counts 0..255 at F_CPU / `prescaler`.\n");
        s.append("    pub fn new(timer: pac::").append(n).append(", prescaler: Prescaler) -> Self {\n");
        s.append("        let cs = match prescaler {\n");
        for (int dv : divs) s.append("            Prescaler::Div").append(dv).append(" => ").append(b(t.prescalers().get(dv))).append(",\n");
        s.append("        };\n");
        s.append("        wr(").append(Model.hex(m.reg(n, "TCCR" + k + "A").orElseThrow().address())).append(", ").append(b(a))
            .append("); // TCCR").append(k).append("A: fast PWM, outputs off\n");
        s.append("        wr(").append(Model.hex(m.reg(n, "TCCR" + k + "B").orElseThrow().address())).append(", ").append(b(bb))
            .append(" | cs); // TCCR").append(k).append("B: clock\n");
      }
      s.append("        ").append(ty).append(" { _timer: timer }\n    }\n}\n\n");
      for (Channel c : channels(n)) {
        s.append("impl Channel<").append(ty).append("> for crate::port::").append(c.pin().rustType()).append(" {\n");
        s.append("    const DUTY: usize = ").append(Model.hex(c.duty())).append(";\n");
        s.append("    const ENABLE: (usize, u8) = (").append(Model.hex(c.enReg())).append(", ").append(b(c.enBits())).append(");\n");
        s.append("    const ROUTE: Option<(usize, u8, u8)> = ").append(c.route().map(r -> "Some((" + Model.hex(r[0]) + ", " + b(r[1])
            + ", " + b(r[2]) + "))").orElse("None")).append(";\n}\n");
      }
      s.append("\n");
    }
    for (String n : tcbs()) {
      String ty = typeName(n);
      String tca = typeName(timers().get(0).name());
      s.append("/// ").append(n).append(" as an 8-bit PWM timer (CNTMODE = PWM8), clocked by ").append(timers().get(0).name())
          .append("'s prescaler: it runs at the\n/// frequency of `").append(tca).append("`, F_CPU / prescaler / 256.\n");
      s.append("pub struct ").append(ty).append(" {\n    _timer: pac::").append(n).append(",\n}\n\n");
      s.append("impl ").append(ty).append(" {\n");
      s.append("    /// Starts ").append(n).append(" counting 0..255 on the clock of `_clock` (which must stay running).\n");
      s.append("    pub fn new(timer: pac::").append(n).append(", _clock: &").append(tca).append(") -> Self {\n");
      long ctrla = m.reg(n, "CTRLA").orElseThrow().address();
      s.append("        wr(").append(Model.hex(ctrla)).append(", 0); // CTRLA: stop\n");
      s.append("        wr(").append(Model.hex(m.reg(n, "CTRLB").orElseThrow().address())).append(", ")
          .append(b(tcbValue(n, "CTRLB", "CNTMODE", "PWM8").orElseThrow())).append("); // CTRLB: CNTMODE = PWM8, output off\n");
      s.append("        wr(").append(Model.hex(m.reg(n, "CCMP").orElseThrow().address())).append(", 0xFF); // CCMPL: period (through TEMP)\n");
      s.append("        wr(").append(Model.hex(m.reg(n, "CCMP").orElseThrow().address() + 1)).append(", 0); // CCMPH: duty 0\n");
      s.append("        wr(").append(Model.hex(ctrla)).append(", ").append(b(tcbClock(n).orElseThrow())).append(" | ")
          .append(b(m.mask(n, "CTRLA", "ENABLE").orElseThrow())).append("); // CTRLA: CLKSEL = TCA clock, ENABLE\n");
      s.append("        ").append(ty).append(" { _timer: timer }\n    }\n}\n\n");
      for (Channel c : channels(n)) {
        s.append("impl Channel<").append(ty).append("> for crate::port::").append(c.pin().rustType()).append(" {\n");
        s.append("    const DUTY: usize = ").append(Model.hex(c.duty())).append(";\n");
        s.append("    const ENABLE: (usize, u8) = (").append(Model.hex(c.enReg())).append(", ").append(b(c.enBits())).append(");\n");
        s.append("    const ROUTE: Option<(usize, u8, u8)> = ").append(c.route().map(r -> "Some((" + Model.hex(r[0]) + ", " + b(r[1])
            + ", " + b(r[2]) + "))").orElse("None")).append(";\n");
        s.append("    const PERIOD: Option<(usize, u8)> = Some((").append(Model.hex(m.reg(n, "CCMP").orElseThrow().address())).append(", 0xFF));\n");
        s.append("    const PLUS_ONE: bool = false;\n}\n");
      }
      s.append("\n");
    }
    return s.toString();
  }
}
