package dev.avrkit.program;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.BitField;
import dev.avrkit.device.Device;
import dev.avrkit.device.Fuse;
import dev.avrkit.device.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuse and lock-bit values read through the device model: decoding into named field values, and
 * the safety rules: values that disable UPDI, the reset pin or serial programming, or that lock
 * the chip, are refused unless forced.
 */
public final class FuseRules {
  private FuseRules() {}

  /** "FREQSEL=16MHZ (Run at 16 MHz), OSCLOCK=0" for a value of a fuse. */
  public static String decode(Fuse f, long value) {
    List<String> parts = new ArrayList<>();
    for (BitField b : f.fields()) {
      long v = b.extract(value);
      Optional<Value> named = b.values().flatMap(g -> g.byValue(v));
      parts.add(b.name() + "=" + named.map(n -> n.name()
          + (n.caption().isBlank() ? "" : " (" + n.caption() + ")"))
          .orElse(b.width() == 1 ? Long.toString(v) : String.format("0x%X", v)));
    }
    return String.join(", ", parts);
  }

  /** The lock-bit "fuse" of a device, if the model has one. */
  public static Optional<Fuse> lockByte(Device d) {
    return d.fuses().stream().filter(Fuse::lockBits).findFirst();
  }

  /** The fuse at an index (fuse2 = OSCCFG on the 4809), not lock bits. */
  public static Optional<Fuse> fuseAt(Device d, int index) {
    return d.fuses().stream().filter(f -> !f.lockBits() && f.index() == index).findFirst();
  }

  /**
   * Why writing {@code value} to the fuse is dangerous, or empty when it is not: the reset pin
   * or UPDI turned into GPIO, serial programming or the reset pin disabled (classic), debugWIRE
   * enabled (classic).
   */
  public static Optional<String> fuseDanger(Device d, Fuse f, long value) {
    for (BitField b : f.fields()) {
      String n = b.name().toUpperCase();
      long v = b.extract(value);
      String named = b.values().flatMap(g -> g.byValue(v)).map(Value::name).orElse("");
      if (n.equals("RSTPINCFG") || n.equals("UPDIPINCFG")) {
        boolean sharedUpdi = b.values().map(g -> g.byName("UPDI").isPresent()).orElse(false);
        if (sharedUpdi && !named.equalsIgnoreCase("UPDI")) {
          return Optional.of(String.format("%s=0x%02X sets %s to %s: the UPDI pin stops being UPDI "
              + "and only a 12 V (high-voltage) programmer can reach the chip again",
              f.name(), value, b.name(), named.isEmpty() ? Long.toString(v) : named));
        }
        if (!sharedUpdi && (named.toUpperCase().contains("GPIO") || named.isEmpty() && v == 0)) {
          return Optional.of(String.format("%s=0x%02X sets %s to %s: the reset pin becomes a GPIO "
              + "(the board's reset button stops working)", f.name(), value, b.name(),
              named.isEmpty() ? Long.toString(v) : named));
        }
      }
      if (d.architecture() == Architecture.AVR8) {
        if (n.equals("RSTDISBL") && v == 0) {
          return Optional.of(f.name() + String.format("=0x%02X", value) + " programs RSTDISBL: the "
              + "reset pin is disabled and ISP programming stops working (high-voltage only)");
        }
        if (n.equals("SPIEN") && v == 1) {
          return Optional.of(f.name() + String.format("=0x%02X", value) + " unprograms SPIEN: "
              + "serial (ISP) programming is disabled");
        }
        if (n.equals("DWEN") && v == 0) {
          return Optional.of(f.name() + String.format("=0x%02X", value) + " programs DWEN: "
              + "debugWIRE takes the reset pin and ISP stops working until it is turned off");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Why writing a lock-bit value is dangerous: anything but "no lock" locks the chip (reading
   * back and verifying become impossible; only a chip erase unlocks it). On UPDI parts "no lock"
   * is the lock's factory value in the model: LOCKBIT 0xC5 (megaAVR 0, tinyAVR), the 32-bit KEY
   * 0x5CC5C55C (AVR Dx).
   */
  public static Optional<String> lockDanger(Device d, long value) {
    Optional<Fuse> lock = lockByte(d);
    if (d.architecture() == Architecture.AVR8X) {
      int size = lock.map(f -> Math.max(1, f.size())).orElse(1);
      long unlocked = lock.flatMap(Fuse::defaultValue).orElse(0xC5L);
      String name = lock.map(Fuse::name).orElse("LOCKBIT");
      if (value != unlocked) {
        String digits = "%0" + (2 * size) + "X";
        return Optional.of(String.format("%s=0x" + digits + " locks the chip (0x" + digits
            + " = unlocked): flash and EEPROM can no longer be read or verified, only a chip "
            + "erase unlocks it", name, value, unlocked));
      }
      return Optional.empty();
    }
    if (lock.isPresent()) {
      for (BitField b : lock.get().fields()) {
        if (b.name().equalsIgnoreCase("LB") && b.extract(value) != (b.mask() >>> b.shift())) {
          return Optional.of(String.format("lock=0x%02X sets LB: the chip is locked against "
              + "reading and writing until a chip erase", value));
        }
      }
    }
    return Optional.empty();
  }

  /** Parses a value given as "0xC9", "201", "0b11001001", or field settings "FREQSEL=16MHZ". */
  public static long parseValue(Fuse f, String text, long current) {
    String t = text.trim();
    Long number = null;
    try {
      number = t.toLowerCase().startsWith("0b") ? Long.parseLong(t.substring(2), 2) : Long.decode(t);
    } catch (NumberFormatException e) {
      // field settings below
    }
    if (number != null) {
      long max = (1L << (8 * Math.max(1, f.size()))) - 1;
      if (number < 0 || number > max) {
        throw new dev.avrkit.device.AvrkitException(String.format("fuse %s: %s does not fit in "
            + "%d byte(s) (0..0x%X); give a value in range or FIELD:VALUE settings", f.name(), t,
            Math.max(1, f.size()), max));
      }
      return number;
    }
    long v = current;
    for (String part : t.split("[,+]")) {
      String[] kv = part.split(":", 2);
      if (kv.length != 2) {
        throw new dev.avrkit.device.AvrkitException("fuse " + f.name() + ": '" + text
            + "' is neither a number nor FIELD:VALUE settings (fields: "
            + String.join(", ", f.fields().stream().map(BitField::name).toList()) + ")");
      }
      BitField b = f.field(kv[0].trim()).orElseThrow(() -> new dev.avrkit.device.AvrkitException(
          "fuse " + f.name() + " has no field " + kv[0].trim() + " (fields: "
              + String.join(", ", f.fields().stream().map(BitField::name).toList()) + ")"));
      String val = kv[1].trim();
      long fv;
      Optional<Value> named = b.values().flatMap(g -> g.byName(val));
      if (named.isPresent()) {
        fv = named.get().value();
      } else {
        try {
          fv = Long.decode(val);
        } catch (NumberFormatException e) {
          throw new dev.avrkit.device.AvrkitException("fuse " + f.name() + "." + b.name()
              + ": unknown value " + val + b.values().map(g -> " (values: " + String.join(", ",
                  g.values().stream().map(Value::name).toList()) + ")").orElse(""));
        }
      }
      v = b.insert(v, fv);
    }
    return v;
  }
}
