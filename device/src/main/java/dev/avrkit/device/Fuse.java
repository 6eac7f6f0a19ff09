package dev.avrkit.device;

import java.util.List;
import java.util.Optional;

/**
 * One fuse byte (or lock-bit byte), with its fields and their named values. {@code index} is its
 * number in programming tools (fuse2 = OSCCFG on the 4809, lfuse/hfuse/efuse = 0/1/2 on classic
 * parts). {@code address} is where a programmer writes it: data space (AVR8X, e.g. 0x1282) or the
 * fuses/lockbits address space (classic, offset from 0). {@code defaultValue} is the factory value.
 */
public record Fuse(
    String name,
    String caption,
    int index,
    String addressSpace,
    long address,
    int size,
    Optional<Long> defaultValue,
    List<BitField> fields,
    boolean lockBits) {
  public Fuse { fields = List.copyOf(fields); }

  /**
   * Decodes a fuse value into its fields, in mask order: field name to value name (from the field's
   * value group) or, when no name matches, the number ("0x3").
   */
  public java.util.LinkedHashMap<String, String> decode(long value) {
    java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
    fields.stream()
        .sorted(java.util.Comparator.comparingInt(BitField::shift))
        .forEach(f -> {
          long v = f.extract(value);
          out.put(f.name(), f.values().flatMap(g -> g.byValue(v)).map(Value::name).orElse("0x" + Long.toHexString(v).toUpperCase()));
        });
    return out;
  }

  public Optional<BitField> field(String n) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(n)).findFirst();
  }
}
