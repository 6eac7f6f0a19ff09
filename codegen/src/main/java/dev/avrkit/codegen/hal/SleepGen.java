package dev.avrkit.codegen.hal;

import dev.avrkit.device.BitField;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.device.Value;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The generated half of {@code sleep.rs}: the sleep control register (AVR8X {@code SLPCTRL.CTRLA},
 * classic {@code SMCR}), its enable bit and the {@code Mode} enum from the sleep mode field's value
 * group (IDLE, STDBY, PDOWN and on classic parts ADC, PSAVE, ESTDBY; reserved values left out).
 * Which wake-up sources each mode keeps is data-sheet text (the model has none), per family.
 */
final class SleepGen {
  private final Model m;

  SleepGen(Model m) {
    this.m = m;
  }

  private Optional<ResolvedRegister> control() {
    if (m.x) return m.reg("SLPCTRL", "CTRLA");
    return m.reg("CPU", "SMCR").or(() -> m.reg("CPU", "MCUCR").filter(r -> Model.field(r, "SE").isPresent() && Model.field(r, "SM").isPresent()));
  }

  private Optional<BitField> modeField() {
    return control().flatMap(r -> Model.field(r, m.x ? "SMODE" : "SM")).filter(f -> f.values().isPresent());
  }

  private Optional<Long> enable() {
    return control().flatMap(r -> Model.field(r, m.x ? "SEN" : "SE")).map(BitField::mask);
  }

  /** Rust variant name by the model's value name, with its documentation. */
  private static final Map<String, String[]> X = Map.of(
      "IDLE", new String[] {"Idle", "Idle: only the CPU stops; every interrupt wakes it."},
      "STDBY", new String[] {"Standby", "Standby: the peripheral clock stops except for peripherals set to run in standby\n"
          + "/// (`RUNSTDBY`: RTC, TCB, ADC, AC...). Wake-up sources: pin interrupts, the RTC and its PIT,\n"
          + "/// TWI address match, USART start of frame, and the interrupts of peripherals running in\n"
          + "/// standby. `hal::time` stops (its TCB does not run in standby)."},
      "PDOWN", new String[] {"PowerDown", "Power-down: every clock stops but the PIT's. Wake-up sources: pin interrupts (every pin\n"
          + "/// with `Sense::BothEdges` or `Sense::LowLevel`; rising or falling edge only on the fully\n"
          + "/// asynchronous pins Px2 and Px6), the RTC's PIT, TWI address match, BOD VLM. `hal::time`\n"
          + "/// stops."});
  private static final Map<String, String[]> CLASSIC = Map.of(
      "IDLE", new String[] {"Idle", "Idle: only the CPU stops; every interrupt wakes it."},
      "ADC", new String[] {"AdcNoiseReduction", "ADC noise reduction: the I/O clock stops (Timer/Counter 0 and 1, USART, SPI);\n"
          + "/// wake-up sources: ADC conversion complete, INTn low level, pin change, TWI address match,\n"
          + "/// Timer/Counter 2, EEPROM ready, the watchdog."},
      "PDOWN", new String[] {"PowerDown", "Power-down: every clock stops. Wake-up sources: INTn low level (not edges), pin change\n"
          + "/// (PCINT), TWI address match, the watchdog interrupt. `hal::time` stops."},
      "PSAVE", new String[] {"PowerSave", "Power-save: power-down with Timer/Counter 2 running from its asynchronous clock\n"
          + "/// (its interrupts wake the CPU too)."},
      "STDBY", new String[] {"Standby", "Standby: power-down with the main oscillator running (wakes in 6 cycles)."},
      "ESTDBY", new String[] {"ExtendedStandby", "Extended standby: power-save with the main oscillator running."});

  /** The modes: variant to (register value, doc). */
  Map<String, String[]> modes() {
    Map<String, String[]> out = new LinkedHashMap<>();
    Optional<BitField> f = modeField();
    if (f.isEmpty()) return out;
    Map<String, String[]> names = m.x ? X : CLASSIC;
    for (Value v : f.get().values().get().values()) {
      String[] n = names.get(v.name().toUpperCase(Locale.ROOT));
      if (n == null) continue;
      out.put(n[0], new String[] {String.format("0x%02X", (v.value() << f.get().shift()) & f.get().mask()), n[1]});
    }
    return out;
  }

  boolean present() {
    return control().isPresent() && enable().isPresent() && modes().containsKey("Idle") && modes().containsKey("PowerDown");
  }

  Optional<String> rust() {
    if (!present()) return Optional.empty();
    StringBuilder s = new StringBuilder();
    s.append("\n// ---- the ").append(m.d.name()).append("'s sleep control (generated from the device model) ----\n\n");
    s.append("/// `").append(m.x ? "SLPCTRL.CTRLA" : control().get().register().name()).append("` and its sleep enable bit.\n");
    s.append("const CONTROL: usize = ").append(Model.hex(control().get().address())).append(";\n");
    s.append("const ENABLE: u8 = ").append(String.format("0x%02X", enable().get())).append(";\n");
    s.append("/// The sleep mode field.\nconst MODE_MASK: u8 = ").append(String.format("0x%02X", modeField().get().mask())).append(";\n\n");
    s.append("/// The sleep modes of the ").append(m.d.name()).append(" (values of ").append(m.x ? "`SLPCTRL.CTRLA.SMODE`" : "`SMCR.SM`")
        .append("), with the wake-up sources each keeps")
        .append(m.x ? " (megaAVR 0 / tinyAVR / AVR Dx data sheets).\n" : " (the ATmega328P data sheet; other classic parts keep\n/// similar ones, see their data sheet).\n");
    s.append("#[derive(Clone, Copy, PartialEq, Eq, Debug)]\n#[repr(u8)]\npub enum Mode {\n");
    for (var e : modes().entrySet()) {
      s.append("    /// ").append(e.getValue()[1].replace("\n/// ", "\n    /// ")).append("\n    ").append(e.getKey()).append(" = ").append(e.getValue()[0]).append(",\n");
    }
    s.append("}\n");
    return Optional.of(s.toString());
  }
}
