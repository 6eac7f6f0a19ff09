package dev.avrkit.device;

import java.util.List;
import java.util.Optional;

/**
 * A bit field of a register. {@code mask} is as ATDF gives it, in the register's bits, and may be
 * non-contiguous (ATmega328P WDTCSR.WDP = 0x27). {@code values} is the value group it refers to,
 * if any. {@code modes} names the register-group modes it belongs to (empty = all modes).
 */
public record BitField(
    String name, String caption, long mask, Access access, Optional<ValueGroup> values, List<String> modes) {
  public BitField { modes = List.copyOf(modes); }

  /** Lowest set bit of the mask. */
  public int shift() { return Long.numberOfTrailingZeros(mask); }

  /** Number of bits set in the mask. */
  public int width() { return Long.bitCount(mask); }

  /** True when the mask's bits are adjacent. */
  public boolean contiguous() { return ((mask >>> shift()) & ((mask >>> shift()) + 1)) == 0; }

  /** Extracts this field's value from a register value (non-contiguous bits packed low to high). */
  public long extract(long registerValue) {
    long out = 0;
    int o = 0;
    for (int b = 0; b < 64; b++) {
      if ((mask & (1L << b)) != 0) {
        if ((registerValue & (1L << b)) != 0) out |= 1L << o;
        o++;
      }
    }
    return out;
  }

  /** Inverse of {@link #extract}: places a field value into the mask's bits. */
  public long insert(long registerValue, long fieldValue) {
    long out = registerValue & ~mask;
    int o = 0;
    for (int b = 0; b < 64; b++) {
      if ((mask & (1L << b)) != 0) {
        if ((fieldValue & (1L << o)) != 0) out |= 1L << b;
        o++;
      }
    }
    return out;
  }
}
