package dev.avrkit.sim.mega;

import dev.avrkit.device.AvrkitException;
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

  /** The instance's digit suffix ("0" for USART0, "" for EEPROM). */
  static String suffix(Peripheral p) {
    String n = p.name();
    int i = n.length();
    while (i > 0 && Character.isDigit(n.charAt(i - 1))) i--;
    return n.substring(i);
  }
}
