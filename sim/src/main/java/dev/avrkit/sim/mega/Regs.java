package dev.avrkit.sim.mega;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.BitField;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import java.util.Optional;

/** Finds the registers of a classic instance by name (with or without the instance digit). */
final class Regs {
  private Regs() {}

  /** Address of a register named {@code base} or {@code base + n} (UDR0 for "UDR", "0"), or -1. */
  static int find(Peripheral p, String... names) {
    for (String n : names) {
      Optional<ResolvedRegister> r = p.register(n);
      if (r.isPresent()) return (int) r.get().address();
    }
    for (ResolvedRegister r : p.registers()) {
      for (String n : names) {
        if (r.name().equalsIgnoreCase(n)) return (int) r.address();
      }
    }
    return -1;
  }

  static int require(Peripheral p, String... names) {
    int a = find(p, names);
    if (a < 0) {
      throw new AvrkitException(
          "device model: " + p.name() + " has no register " + String.join("/", names)
              + "; the simulator cannot model this instance");
    }
    return a;
  }

  /** A bit field of a register of the instance, from the model; an error naming both when absent. */
  static BitField field(Peripheral p, String register, String field) {
    ResolvedRegister r =
        p.register(register)
            .orElseThrow(() -> new AvrkitException("device model: " + p.name() + " has no register " + register));
    return r.register()
        .field(field)
        .orElseThrow(
            () ->
                new AvrkitException(
                    "device model: " + p.name() + "." + register + " has no bit field " + field
                        + "; the simulator cannot model this instance"));
  }

  /** The mask of a bit field (ADCSRA.ADEN = 0x80 on the ATmega328P). */
  static int mask(Peripheral p, String register, String field) {
    return (int) field(p, register, field).mask();
  }

  /** The mask of a bit field, 0 when the model has no such register or field. */
  static int maskOrZero(Peripheral p, String register, String field) {
    return p.register(register).flatMap(r -> r.register().field(field)).map(f -> (int) f.mask()).orElse(0);
  }

  /** The instance's digit suffix ("0" for USART0, "" for EEPROM). */
  static String suffix(Peripheral p) {
    String n = p.name();
    int i = n.length();
    while (i > 0 && Character.isDigit(n.charAt(i - 1))) i--;
    return n.substring(i);
  }
}
