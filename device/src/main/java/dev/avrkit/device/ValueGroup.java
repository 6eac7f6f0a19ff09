package dev.avrkit.device;

import java.util.List;
import java.util.Optional;

/** Named values that a bit field can take ({@code <value-group>}). */
public record ValueGroup(String name, String caption, List<Value> values) {
  public ValueGroup { values = List.copyOf(values); }

  public Optional<Value> byValue(long v) {
    return values.stream().filter(x -> x.value() == v).findFirst();
  }

  public Optional<Value> byName(String n) {
    return values.stream().filter(x -> x.name().equalsIgnoreCase(n)).findFirst();
  }
}
