package dev.avrkit.device;

import java.util.List;
import java.util.Optional;

/**
 * A register as the module describes it. {@code offset} is relative to its register group (on
 * classic parts ATDF puts the absolute address here and 0 in the instance: the model keeps what
 * the file says; use {@link ResolvedRegister} for absolute addresses). {@code size} is 1, 2 or 4
 * bytes; {@code count} &gt; 1 makes it an array. {@code modes} lists the modes it belongs to
 * (empty = all).
 */
public record Register(
    String name,
    String caption,
    long offset,
    int size,
    int count,
    Access access,
    Optional<Long> initialValue,
    Optional<Long> mask,
    List<BitField> fields,
    List<String> modes) {
  public Register {
    fields = List.copyOf(fields);
    modes = List.copyOf(modes);
  }

  public Optional<BitField> field(String n) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(n)).findFirst();
  }
}
