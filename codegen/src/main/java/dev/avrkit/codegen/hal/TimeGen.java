package dev.avrkit.codegen.hal;

import dev.avrkit.device.Interrupt;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The generated {@code clock.rs} (clock set-up: the CCP-protected main clock prescaler on AVR8X,
 * CLKPR on classic parts) and {@code time.rs} ({@code millis()}/{@code micros()} from a 1 kHz
 * timer interrupt: a TCB in periodic interrupt mode on AVR8X, TCB3 when there is one as in
 * Arduino's megaAVR core; Timer/Counter 0 in CTC mode on classic parts). Addresses and bits come
 * from the device model.
 */
final class TimeGen {
  private final Model m;
  private final long clockHz;

  TimeGen(Model m, long clockHz) {
    this(m, clockHz, java.util.Map.of());
  }

  /** {@code fuses}: the board's fuse values (name to value), empty for a bare device. */
  TimeGen(Model m, long clockHz, java.util.Map<String, Integer> fuses) {
    this.m = m;
    this.clockHz = clockHz;
    this.fuses = fuses;
  }

  private final java.util.Map<String, Integer> fuses;

  /** The board's fuses leave the CKDIV8 divider off (its bit is 1, unprogrammed): nothing to set up. */
  private Optional<String> ckdiv8Off() {
    for (var e : fuses.entrySet()) {
      var f = m.d.fuse(e.getKey()).flatMap(x -> x.field("CKDIV8"));
      if (f.isPresent() && (e.getValue() & f.get().mask()) != 0) return Optional.of(e.getKey() + " = 0x" + Integer.toHexString(e.getValue()));
    }
    return Optional.empty();
  }

  String clockRs() {
    StringBuilder s = new StringBuilder("//! Clock set-up: makes the CPU run at [`crate::F_CPU`].\n\n");
    Optional<ResolvedRegister> mclkb = m.reg("CLKCTRL", "MCLKCTRLB");
    Optional<ResolvedRegister> clkpr = m.reg("CPU", "CLKPR");
    if (m.x && mclkb.isPresent()) {
      s.append("/// Turns the main clock prescaler off (it divides by 6 after reset), so that the CPU runs at the\n");
      s.append("/// oscillator's frequency, which the fuses select (16 or 20 MHz on megaAVR 0 and tinyAVR).\n");
      s.append("/// `CLKCTRL.MCLKCTRLB` is configuration-change protected: the write follows the CCP key (0xD8).\n");
      s.append("#[inline(always)]\npub fn init(dp: &pac::Peripherals) {\n");
      s.append("    dp.CLKCTRL.mclkctrlb.write_protected(|w| w.pen().clear_bit());\n}\n");
    } else if (!m.x && ckdiv8Off().isPresent()) {
      s.append("/// Nothing to do: the board's fuses (").append(ckdiv8Off().get()).append(") leave the CKDIV8 clock divider off,\n");
      s.append("/// and avrkit writes them with every upload.\n#[inline(always)]\npub fn init(_dp: &pac::Peripherals) {}\n");
    } else if (!m.x && clkpr.isPresent()) {
      s.append("/// Clears the clock prescaler (the CKDIV8 fuse sets it on some chips). `CLKPR` takes a new value\n");
      s.append("/// only within 4 cycles after `CLKPCE` is set.\n");
      s.append("#[inline(always)]\npub fn init(dp: &pac::Peripherals) {\n");
      s.append("    dp.CPU.clkpr.write(|w| w.clkpce().set_bit());\n    dp.CPU.clkpr.write(|w| unsafe { w.bits(0) });\n}\n");
    } else {
      s.append("/// Nothing to set up on this chip.\n#[inline(always)]\npub fn init(_dp: &pac::Peripherals) {}\n");
    }
    return s.toString();
  }

  private boolean hasIrq(String n) {
    for (Interrupt i : m.d.interrupts()) {
      if (i.name().equalsIgnoreCase(n)) return true;
      for (String a : i.names()) if (a.equalsIgnoreCase(n)) return true;
    }
    return false;
  }

  /** The timer {@code time.rs} uses: TCB3 or the last TCB with an interrupt (AVR8X), TC0 (classic). */
  Optional<String> timer() {
    if (m.x) {
      if (clockHz / 1000 > 0x10000) return Optional.empty();
      return m.d.peripherals().stream().filter(p -> p.name().matches("TCB\\d") && hasIrq(p.name() + "_INT"))
          .filter(p -> p.register("CCMP").isPresent() && p.register("CNT").isPresent() && p.register("CTRLB").isPresent()
              && p.register("INTCTRL").isPresent() && m.mask(p.name(), "CTRLA", "ENABLE").isPresent()
              && m.mask(p.name(), "INTFLAGS", "CAPT").isPresent())
          .max(Comparator.comparing((Peripheral p) -> p.name().equals("TCB3")).thenComparing(Peripheral::name))
          .map(Peripheral::name);
    }
    boolean ok = clockHz % 64_000 == 0 && clockHz / 64_000 <= 256 && hasIrq("TIMER0_COMPA")
        && m.reg("TC0", "TCCR0A").isPresent() && m.reg("TC0", "OCR0A").isPresent() && m.reg("TC0", "TIMSK0").isPresent()
        && m.reg("TC0", "TCNT0").isPresent() && m.mask("TC0", "TCCR0A", "WGM0").isPresent() && m.mask("TC0", "TCCR0B", "CS0").isPresent()
        && m.mask("TC0", "TIMSK0", "OCIE0A").isPresent() && m.mask("TC0", "TIFR0", "OCF0A").isPresent();
    return ok ? Optional.of("TC0") : Optional.empty();
  }

  private String addr(String p, String r) {
    return Model.hex(m.reg(p, r).orElseThrow(() -> new IllegalStateException("no " + p + "." + r)).address());
  }

  private String bit(String p, String r, String f) {
    return String.format("0x%02X", m.mask(p, r, f).orElseThrow(() -> new IllegalStateException("no " + p + "." + r + "." + f)));
  }

  String timeRs() {
    String t = timer().orElseThrow();
    StringBuilder s = new StringBuilder();
    s.append("//! Time since start-up: `millis()` and `micros()` from ").append(t)
        .append("'s interrupt, once a millisecond.\n//!\n");
    s.append("//! ```ignore\n//! hal::millis_interrupt!(); // installs the handler (once, in the firmware crate)\n");
    s.append("//! hal::time::start(dp.").append(t).append(");\n//! unsafe { hal::interrupt::enable() };\n//! let t = hal::time::millis();\n//! ```\n\n");
    s.append("use core::cell::Cell;\nuse core::ptr::{read_volatile, write_volatile};\n");
    s.append("use crate::interrupt::{self, Mutex};\nuse crate::F_CPU;\n\n");
    s.append("static MILLIS: Mutex<Cell<u32>> = Mutex::new(Cell::new(0));\n\n");
    s.append("#[inline(always)]\nfn rd(a: usize) -> u8 {\n    unsafe { read_volatile(a as *const u8) }\n}\n\n");
    s.append("#[inline(always)]\nfn wr(a: usize, v: u8) {\n    unsafe { write_volatile(a as *mut u8, v) }\n}\n\n");
    if (m.x) {
      s.append("const CTRLA: usize = ").append(addr(t, "CTRLA")).append(";\n");
      s.append("const CTRLB: usize = ").append(addr(t, "CTRLB")).append(";\n");
      s.append("const INTCTRL: usize = ").append(addr(t, "INTCTRL")).append(";\n");
      s.append("const INTFLAGS: usize = ").append(addr(t, "INTFLAGS")).append(";\n");
      s.append("const CNT: usize = ").append(addr(t, "CNT")).append(";\n");
      s.append("const CCMP: usize = ").append(addr(t, "CCMP")).append(";\n");
      s.append("const ENABLE: u8 = ").append(bit(t, "CTRLA", "ENABLE")).append(";\n");
      s.append("const CAPT: u8 = ").append(bit(t, "INTFLAGS", "CAPT")).append(";\n");
      s.append("/// Timer clocks (CLK_PER) per millisecond.\nconst PERIOD: u32 = F_CPU / 1000;\n\n");
      s.append("""
          /// Starts the millisecond interrupt: %s in periodic interrupt mode counts CLK_PER from 0 to
          /// F_CPU / 1000 - 1. Interrupts must be enabled for the time to run.
          pub fn start(_timer: pac::%s) {
              let top = (PERIOD - 1) as u16;
              // 16-bit registers: low byte first (it goes to TEMP)
              wr(CCMP, top as u8);
              wr(CCMP + 1, (top >> 8) as u8);
              wr(CTRLB, 0); // periodic interrupt mode
              wr(INTCTRL, CAPT);
              wr(CTRLA, ENABLE); // CLK_PER, no division
          }

          /// The interrupt handler (installed by [`crate::millis_interrupt!`]).
          pub fn tick() {
              wr(INTFLAGS, CAPT);
              interrupt::free(|cs| {
                  let m = MILLIS.borrow(cs);
                  m.set(m.get().wrapping_add(1));
              });
          }

          /// Milliseconds since [`start`] (wraps after 49.7 days).
          pub fn millis() -> u32 {
              interrupt::free(|cs| MILLIS.borrow(cs).get())
          }

          /// Microseconds since [`start`] (wraps after 71.6 minutes), to a timer clock.
          pub fn micros() -> u32 {
              interrupt::free(|cs| {
                  let mut ms = MILLIS.borrow(cs).get();
                  let lo = rd(CNT);
                  let cnt = lo as u32 | (rd(CNT + 1) as u32) << 8;
                  // the counter turned over but the interrupt has not run yet
                  if rd(INTFLAGS) & CAPT != 0 && cnt < PERIOD / 2 {
                      ms = ms.wrapping_add(1);
                  }
                  ms.wrapping_mul(1000).wrapping_add(cnt / (F_CPU / 1_000_000))
              })
          }

          /// Installs [`time::tick`](crate::time::tick) as the %s interrupt handler.
          #[macro_export]
          macro_rules! millis_interrupt {
              () => {
                  $crate::pac::interrupt!(%s_INT, $crate::time::tick);
              };
          }
          """.formatted(t, t, t, t));
    } else {
      s.append("const TCCR0A: usize = ").append(addr(t, "TCCR0A")).append(";\n");
      s.append("const TCCR0B: usize = ").append(addr(t, "TCCR0B")).append(";\n");
      s.append("const OCR0A: usize = ").append(addr(t, "OCR0A")).append(";\n");
      s.append("const TCNT0: usize = ").append(addr(t, "TCNT0")).append(";\n");
      s.append("const TIMSK0: usize = ").append(addr(t, "TIMSK0")).append(";\n");
      s.append("const TIFR0: usize = ").append(addr(t, "TIFR0")).append(";\n");
      long wgm = m.mask(t, "TCCR0A", "WGM0").orElseThrow();
      long cs = m.mask(t, "TCCR0B", "CS0").orElseThrow();
      s.append("/// WGM0 = 2: clear the counter on compare match A (CTC).\nconst CTC: u8 = ")
          .append(String.format("0x%02X", 2L << Long.numberOfTrailingZeros(wgm))).append(";\n");
      s.append("/// CS0 = 3: CLK / 64.\nconst CLK_64: u8 = ").append(String.format("0x%02X", 3L << Long.numberOfTrailingZeros(cs))).append(";\n");
      s.append("const OCIE0A: u8 = ").append(bit(t, "TIMSK0", "OCIE0A")).append(";\n");
      s.append("const OCF0A: u8 = ").append(bit(t, "TIFR0", "OCF0A")).append(";\n");
      s.append("/// Timer clocks (CLK / 64) per millisecond.\nconst PERIOD: u32 = F_CPU / 64 / 1000;\n\n");
      s.append("""
          /// Starts the millisecond interrupt: Timer/Counter 0 in CTC mode counts CLK / 64 from 0 to
          /// F_CPU / 64 / 1000 - 1. Interrupts must be enabled for the time to run. (Its OC0A/OC0B
          /// pins have no PWM meanwhile.)
          pub fn start(_timer: pac::TC0) {
              wr(TCCR0A, CTC);
              wr(OCR0A, (PERIOD - 1) as u8);
              wr(TIMSK0, OCIE0A);
              wr(TCCR0B, CLK_64);
          }

          /// The interrupt handler (installed by [`crate::millis_interrupt!`]).
          pub fn tick() {
              interrupt::free(|cs| {
                  let m = MILLIS.borrow(cs);
                  m.set(m.get().wrapping_add(1));
              });
          }

          /// Milliseconds since [`start`] (wraps after 49.7 days).
          pub fn millis() -> u32 {
              interrupt::free(|cs| MILLIS.borrow(cs).get())
          }

          /// Microseconds since [`start`] (wraps after 71.6 minutes), to a timer clock (4 us at 16 MHz).
          pub fn micros() -> u32 {
              interrupt::free(|cs| {
                  let mut ms = MILLIS.borrow(cs).get();
                  let cnt = rd(TCNT0) as u32;
                  // the counter turned over but the interrupt has not run yet
                  if rd(TIFR0) & OCF0A != 0 && cnt < PERIOD / 2 {
                      ms = ms.wrapping_add(1);
                  }
                  ms.wrapping_mul(1000).wrapping_add(cnt * 64 / (F_CPU / 1_000_000))
              })
          }

          /// Installs [`time::tick`](crate::time::tick) as the TIMER0_COMPA interrupt handler.
          #[macro_export]
          macro_rules! millis_interrupt {
              () => {
                  $crate::pac::interrupt!(TIMER0_COMPA, $crate::time::tick);
              };
          }
          """);
    }
    return s.toString();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
