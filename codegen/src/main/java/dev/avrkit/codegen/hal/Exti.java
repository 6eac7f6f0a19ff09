package dev.avrkit.codegen.hal;

import dev.avrkit.device.BitField;
import dev.avrkit.device.Interrupt;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.device.Signal;
import dev.avrkit.device.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The generated {@code exti.rs}: pin interrupts. On AVR8X parts every pin can interrupt (its
 * PINnCTRL.ISC chooses the edges; one vector per port, e.g. PORTA_PORT; the flags are in
 * VPORTx.INTFLAGS). On classic parts the external interrupts INTn on their pins (EICRA sense,
 * EIMSK, EIFR; one vector each). Sense values, registers and pins come from the device model.
 */
final class Exti {
  private final Model m;

  Exti(Model m) {
    this.m = m;
  }

  /** The ISC values of AVR8X PINnCTRL, by the model's value names. */
  private Optional<Map<String, Long>> iscValues() {
    for (Model.Port p : m.ports()) {
      Optional<BitField> isc = m.reg(p.peripheral(), "PIN0CTRL").flatMap(r -> Model.field(r, "ISC"));
      if (isc.isPresent() && isc.get().values().isPresent()) {
        Map<String, Long> v = new LinkedHashMap<>();
        for (Value x : isc.get().values().get().values()) v.put(x.name().toUpperCase(java.util.Locale.ROOT), x.value());
        v.put("#MASK", isc.get().mask());
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** Classic INTn pins: pin to n. */
  Map<Model.PinRef, Integer> intPins() {
    Map<Model.PinRef, Integer> out = new LinkedHashMap<>();
    Optional<Peripheral> ex = m.d.peripheral("EXINT");
    if (ex.isEmpty()) return out;
    for (Signal s : ex.get().signals()) {
      if (s.group().equalsIgnoreCase("INT") && s.index().isPresent() && s.pad().toUpperCase().matches("P[A-Z][0-7]")) {
        Model.PinRef r = Model.PinRef.parse(s.pad());
        int n = s.index().get();
        if (m.hasPin(r) && n < 4 && hasIrq("INT" + n)) out.put(r, n);
      }
    }
    return out;
  }

  /** Classic pin-change pins: pin to PCINT number n (group n / 8, vector PCINTg). */
  Map<Model.PinRef, Integer> pcintPins() {
    Map<Model.PinRef, Integer> out = new LinkedHashMap<>();
    Optional<Peripheral> ex = m.d.peripheral("EXINT");
    if (m.x || ex.isEmpty() || m.reg("EXINT", "PCICR").isEmpty() || m.reg("EXINT", "PCIFR").isEmpty()) return out;
    for (Signal s : ex.get().signals()) {
      if (s.group().equalsIgnoreCase("PCINT") && s.index().isPresent() && s.pad().toUpperCase().matches("P[A-Z][0-7]")) {
        Model.PinRef r = Model.PinRef.parse(s.pad());
        int n = s.index().get();
        if (m.hasPin(r) && hasIrq("PCINT" + n / 8) && m.reg("EXINT", "PCMSK" + n / 8).isPresent()) out.put(r, n);
      }
    }
    return out;
  }

  private boolean hasIrq(String n) {
    for (Interrupt i : m.d.interrupts()) if (i.name().equalsIgnoreCase(n)) return true;
    return false;
  }

  boolean supported() {
    if (m.x) {
      return iscValues().map(v -> v.keySet().containsAll(java.util.List.of("BOTHEDGES", "RISING", "FALLING"))).orElse(false)
          && m.ports().stream().allMatch(p -> p.intflags() != 0);
    }
    return !intPins().isEmpty() && m.reg("EXINT", "EICRA").isPresent() && m.reg("EXINT", "EIMSK").isPresent()
        && m.reg("EXINT", "EIFR").isPresent();
  }

  /** The vector of a classic pin's pin-change interrupt (PCINT0...), if it has one. */
  Optional<String> pcintVector(Model.PinRef p) {
    return Optional.ofNullable(pcintPins().get(p)).map(n -> "PCINT" + n / 8);
  }

  private String pcintRust() {
    StringBuilder s = new StringBuilder();
    s.append("\n// ---- pin-change interrupts PCINTn (PCICR, PCMSKg, PCIFR) ----\n\n");
    s.append("const PCICR: usize = ").append(Model.hex(m.reg("EXINT", "PCICR").orElseThrow().address())).append(";\n");
    s.append("const PCIFR: usize = ").append(Model.hex(m.reg("EXINT", "PCIFR").orElseThrow().address())).append(";\n\n");
    s.append("""
        /// A pin with a pin-change interrupt PCINTn: any change of its level sets the flag of its
        /// group g = n / 8 (eight pins share the vector `PCINTg`; the handler reads the pins to know
        /// which changed). Pin changes wake the CPU from every sleep mode.
        pub trait PinChange: PinId {
            /// The group g: vector `PCINTg`, bit g of PCICR and PCIFR.
            const GROUP: u8;
            /// The group's mask register PCMSKg.
            const MASK: usize;
            /// The pin's bit in PCMSKg.
            const BIT_IN_MASK: u8;
        }

        impl<M: InputMode, P: PinChange> Pin<M, P> {
            /// Lets a change of the pin raise `PCINTg` (g = `P::GROUP`); clears the group's flag first.
            #[inline(always)]
            pub fn enable_pin_change(&mut self) {
                unsafe {
                    write_volatile(P::MASK as *mut u8, read_volatile(P::MASK as *const u8) | 1 << P::BIT_IN_MASK);
                    write_volatile(PCIFR as *mut u8, 1 << P::GROUP);
                    write_volatile(PCICR as *mut u8, read_volatile(PCICR as *const u8) | 1 << P::GROUP);
                }
            }

            /// Stops the pin's changes from raising the interrupt (the group stays enabled for its other pins).
            #[inline(always)]
            pub fn disable_pin_change(&mut self) {
                unsafe { write_volatile(P::MASK as *mut u8, read_volatile(P::MASK as *const u8) & !(1 << P::BIT_IN_MASK)) }
            }

            /// True when the group's pin-change flag is set.
            #[inline(always)]
            pub fn pin_change_pending(&self) -> bool {
                unsafe { read_volatile(PCIFR as *const u8) & 1 << P::GROUP != 0 }
            }
        }

        /// Clears the pin-change flag of `P`'s group (entering the handler does that too).
        #[inline(always)]
        pub fn clear_pin_change<P: PinChange>() {
            unsafe { write_volatile(PCIFR as *mut u8, 1 << P::GROUP) }
        }

        """);
    for (var e : pcintPins().entrySet()) {
      int n = e.getValue();
      s.append("/// ").append(e.getKey()).append(": PCINT").append(n).append(", vector PCINT").append(n / 8).append(".\n");
      s.append("impl PinChange for crate::port::").append(e.getKey().rustType()).append(" {\n    const GROUP: u8 = ").append(n / 8)
          .append(";\n    const MASK: usize = ").append(Model.hex(m.reg("EXINT", "PCMSK" + n / 8).orElseThrow().address()))
          .append(";\n    const BIT_IN_MASK: u8 = ").append(n % 8).append(";\n}\n");
    }
    return s.toString();
  }

  /** The vector name of a pin's interrupt, as the register crate's interrupt! macro spells it. */
  Optional<String> vector(Model.PinRef p) {
    if (m.x) return Optional.of("PORT" + p.port() + "_PORT").filter(this::hasIrq);
    return Optional.ofNullable(intPins().get(p)).map(n -> "INT" + n);
  }

  String rust() {
    StringBuilder s = new StringBuilder();
    if (m.x) {
      Map<String, Long> v = iscValues().orElseThrow();
      s.append("""
          //! Pin interrupts. Every pin can interrupt: its `PINnCTRL.ISC` chooses the edges, the port's
          //! vector (`PORTA_PORT`...) serves all its pins, and the handler clears the pin's flag:
          //!
          //! ```ignore
          //! button.enable_interrupt(Sense::Falling);
          //! pac::interrupt!(PORTA_PORT, on_press);
          //! fn on_press() { hal::exti::clear::<hal::port::PA0>(); }
          //! ```

          use crate::gpio::{InputMode, Pin, PinId, PinOps};
          use core::ptr::{read_volatile, write_volatile};

          """);
      s.append("/// Which edges or level raise a pin's interrupt (`PORT.PINnCTRL.ISC`).\n#[derive(Clone, Copy, PartialEq, Eq)]\n#[repr(u8)]\n");
      s.append("pub enum Sense {\n");
      s.append("    /// Both edges.\n    BothEdges = 0x").append(Long.toHexString(v.get("BOTHEDGES"))).append(",\n");
      s.append("    /// Rising edge.\n    Rising = 0x").append(Long.toHexString(v.get("RISING"))).append(",\n");
      s.append("    /// Falling edge.\n    Falling = 0x").append(Long.toHexString(v.get("FALLING"))).append(",\n");
      if (v.containsKey("LEVEL")) s.append("    /// Low level (as long as the pin is low).\n    LowLevel = 0x").append(Long.toHexString(v.get("LEVEL"))).append(",\n");
      s.append("}\n\n/// The ISC field in PINnCTRL.\nconst ISC: u8 = 0x").append(String.format("%02X", v.get("#MASK"))).append(";\n");
      s.append("""

          impl<M: InputMode, P: PinOps> Pin<M, P> {
              /// Lets the pin raise its port's interrupt on `sense`.
              #[inline(always)]
              pub fn enable_interrupt(&mut self, sense: Sense) {
                  let ctrl = (self.pin.regs().pinctrl + self.pin.bit() as usize) as *mut u8;
                  unsafe { write_volatile(ctrl, (read_volatile(ctrl) & !ISC) | sense as u8) }
              }

              /// Stops the pin's interrupt (the input keeps working).
              #[inline(always)]
              pub fn disable_interrupt(&mut self) {
                  let ctrl = (self.pin.regs().pinctrl + self.pin.bit() as usize) as *mut u8;
                  unsafe { write_volatile(ctrl, read_volatile(ctrl) & !ISC) }
              }

              /// True when the pin's interrupt flag is set.
              #[inline(always)]
              pub fn interrupt_pending(&self) -> bool {
                  unsafe { read_volatile(self.pin.regs().intflags as *const u8) & self.pin.mask() != 0 }
              }
          }

          /// Clears the interrupt flag of pin `P` (for the handler, which does not own the pin; the
          /// port's interrupt stays raised until the flags are cleared).
          #[inline(always)]
          pub fn clear<P: PinId>() {
              unsafe { write_volatile(P::PORT.intflags as *mut u8, 1 << P::BIT) }
          }
          """);
    } else {
      long eicra = m.reg("EXINT", "EICRA").orElseThrow().address();
      long eimsk = m.reg("EXINT", "EIMSK").orElseThrow().address();
      long eifr = m.reg("EXINT", "EIFR").orElseThrow().address();
      s.append("""
          //! External interrupts INTn on their pins: EICRA chooses the edges, each INTn has its own
          //! vector (`INT0`...), and entering the handler clears the flag:
          //!
          //! ```ignore
          //! button.enable_interrupt(Sense::Falling);
          //! pac::interrupt!(INT0, on_press);
          //! ```
          //! Pin-change interrupts (where the chip has them): every pin with a PCINTn signal,
          //! `pin.enable_pin_change()`, one vector per group of eight (`PCINT0`...). Only the
          //! idle sleep mode wakes on INTn edges; the other modes wake on a low level or a pin change.

          use crate::gpio::{InputMode, Pin, PinId};
          use core::ptr::{read_volatile, write_volatile};

          """);
      s.append("const EICRA: usize = ").append(Model.hex(eicra)).append(";\nconst EIMSK: usize = ").append(Model.hex(eimsk))
          .append(";\nconst EIFR: usize = ").append(Model.hex(eifr)).append(";\n\n");
      s.append("""
          /// Which edges or level raise an INTn interrupt (the two ISCn bits of EICRA).
          #[derive(Clone, Copy, PartialEq, Eq)]
          #[repr(u8)]
          pub enum Sense {
              /// Low level (as long as the pin is low).
              LowLevel = 0,
              /// Both edges.
              BothEdges = 1,
              /// Falling edge.
              Falling = 2,
              /// Rising edge.
              Rising = 3,
          }

          /// A pin with an external interrupt INTn.
          pub trait ExtInt: PinId {
              /// n of INTn.
              const N: u8;
          }

          impl<M: InputMode, P: ExtInt> Pin<M, P> {
              /// Enables INTn on `sense`.
              #[inline(always)]
              pub fn enable_interrupt(&mut self, sense: Sense) {
                  let shift = 2 * P::N;
                  unsafe {
                      let a = read_volatile(EICRA as *const u8) & !(3 << shift);
                      write_volatile(EICRA as *mut u8, a | (sense as u8) << shift);
                      write_volatile(EIFR as *mut u8, 1 << P::N);
                      write_volatile(EIMSK as *mut u8, read_volatile(EIMSK as *const u8) | 1 << P::N);
                  }
              }

              /// Disables INTn.
              #[inline(always)]
              pub fn disable_interrupt(&mut self) {
                  unsafe { write_volatile(EIMSK as *mut u8, read_volatile(EIMSK as *const u8) & !(1 << P::N)) }
              }

              /// True when the INTn flag is set.
              #[inline(always)]
              pub fn interrupt_pending(&self) -> bool {
                  unsafe { read_volatile(EIFR as *const u8) & 1 << P::N != 0 }
              }
          }

          /// Clears the INTn flag of pin `P` (entering the handler does that too).
          #[inline(always)]
          pub fn clear<P: ExtInt>() {
              unsafe { write_volatile(EIFR as *mut u8, 1 << P::N) }
          }

          """);
      for (var e : intPins().entrySet()) {
        s.append("impl ExtInt for crate::port::").append(e.getKey().rustType()).append(" {\n    const N: u8 = ").append(e.getValue())
            .append(";\n}\n");
      }
      if (!pcintPins().isEmpty()) s.append(pcintRust());
    }
    return s.toString();
  }
}
