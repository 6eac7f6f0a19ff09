package dev.avrkit.sim.avr8x;

import dev.avrkit.device.BitField;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Value;
import java.util.Locale;
import java.util.Optional;

/**
 * Bit fields and their named values from the device model, for peripherals whose register
 * layout differs between the AVR8X families: a mask of 0 (the field is absent) makes the feature
 * absent instead of guessing a bit position.
 */
final class Fields {
  private Fields() {}

  /** The field {@code field} of register {@code reg} (a path: "CTRLA", "SINGLE.CTRLA"). */
  static Optional<BitField> field(Peripheral p, String reg, String field) {
    return p.register(reg).flatMap(r -> r.register().field(field));
  }

  /** The field's mask in its register, or 0 when the model has no such field. */
  static int mask(Peripheral p, String reg, String field) {
    return field(p, reg, field).map(f -> (int) f.mask()).orElse(0);
  }

  /** Extracts the field from a register value (0 when absent). */
  static int get(int mask, int regValue) {
    return mask == 0 ? 0 : (regValue & mask) >>> Integer.numberOfTrailingZeros(mask);
  }

  /** The field value of the named value ({@code "DIV64"}), or -1. */
  static int value(Peripheral p, String reg, String field, String name) {
    return field(p, reg, field)
        .flatMap(BitField::values)
        .flatMap(g -> g.byName(name))
        .map(v -> (int) v.value())
        .orElse(-1);
  }

  /** The name of field value {@code v} ("DIV64"), or "" when the model names none. */
  static String name(Peripheral p, String reg, String field, int v) {
    return field(p, reg, field)
        .flatMap(BitField::values)
        .flatMap(g -> g.byValue(v))
        .map(Value::name)
        .map(s -> s.toUpperCase(Locale.ROOT))
        .orElse("");
  }

  /**
   * A table from field value to the number in its value name after {@code prefix}
   * ("DIV64" -> 64, "ACC16" -> 16, "10BIT" with prefix "" -> 10); -1 where a value has no such
   * name.
   */
  static int[] numbers(Peripheral p, String reg, String field, String prefix) {
    int m = mask(p, reg, field);
    int[] t = new int[m == 0 ? 1 : (m >>> Integer.numberOfTrailingZeros(m)) + 1];
    java.util.Arrays.fill(t, -1);
    for (int v = 0; v < t.length; v++) {
      String n = name(p, reg, field, v);
      if (!n.startsWith(prefix)) continue;
      String digits = n.substring(prefix.length()).replaceAll("[^0-9].*$", "");
      if (!digits.isEmpty()) t[v] = Integer.parseInt(digits);
    }
    return t;
  }

  /**
   * A voltage from a value name as the models spell them: "1V1" = 1.1 V, "0V55", "4V34",
   * "2V048"; NaN for names without one ("AVDD", "VREFA").
   */
  static double volts(String valueName) {
    var mt = java.util.regex.Pattern.compile("(\\d+)V(\\d*)").matcher(valueName);
    if (!mt.find()) return Double.NaN;
    return Double.parseDouble(mt.group(1) + "." + (mt.group(2).isEmpty() ? "0" : mt.group(2)));
  }

  /** The pad ("PD3") of the instance's signal in {@code group} with {@code index}, or null. */
  static String pad(Peripheral p, String group, int index) {
    for (var s : p.signals()) {
      if (s.group().equalsIgnoreCase(group) && s.index().orElse(0) == index) return s.pad();
    }
    return null;
  }

  /** The simulated PORT of a pad ("PA7" -> PORTA), or null. */
  static Port port(dev.avrkit.sim.Machine m, String pad) {
    if (pad == null || pad.length() < 3) return null;
    return m.peripheral("PORT" + pad.charAt(1)).filter(Port.class::isInstance).map(Port.class::cast).orElse(null);
  }

  /** The bit of a pad ("PA7" -> 7). */
  static int bit(String pad) {
    return pad.charAt(pad.length() - 1) - '0';
  }
}
