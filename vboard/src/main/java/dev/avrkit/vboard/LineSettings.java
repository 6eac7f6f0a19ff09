package dev.avrkit.vboard;

/**
 * The serial line settings the host program chose on a pseudo-terminal (what {@code stty} or
 * {@code tcsetattr} set on the slave side): baud rate, data bits, parity ('N', 'E', 'O') and stop
 * bits. {@code baud} is 0 when the host set a rate without a standard constant (B0 = hang up).
 */
public record LineSettings(int baud, int dataBits, char parity, int stopBits) {

  /** Bits on the wire per byte: start + data + parity + stop (10 for 8N1, 12 for 8E2). */
  public int bitsPerByte() {
    return 1 + dataBits + (parity == 'N' ? 0 : 1) + stopBits;
  }

  /** Nanoseconds one byte takes on a wire at this baud (0 when the baud is unknown). */
  public long byteNanos() {
    return baud <= 0 ? 0 : bitsPerByte() * 1_000_000_000L / baud;
  }

  @Override
  public String toString() {
    return baud + " " + dataBits + parity + stopBits;
  }
}
