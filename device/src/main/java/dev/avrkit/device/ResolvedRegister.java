package dev.avrkit.device;

import java.util.Optional;

/**
 * A register at its absolute address in an instance. {@code path} names it within the instance:
 * "CTRLA", or "SINGLE.CTRLA" inside a union/nested group; array elements of a register with
 * count n appear once with {@code register().count() == n} at the first element's address.
 * {@code mode} is the mode (union member or schema 4.x mode) it belongs to, if any.
 */
public record ResolvedRegister(String path, long address, Register register, Optional<String> mode) {
  public String name() { return register.name(); }

  public int size() { return register.size(); }
}
