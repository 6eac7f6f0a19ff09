package dev.avrkit.program;

/** CRC-16/MCRF4XX (reflected polynomial 0x8408, init 0xFFFF, no final XOR): JTAGICE mkII frames. */
public final class Crc16 {
  private Crc16() {}

  public static int of(byte[] data, int offset, int length) {
    int crc = 0xFFFF;
    for (int i = offset; i < offset + length; i++) {
      crc ^= data[i] & 0xFF;
      for (int b = 0; b < 8; b++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
    }
    return crc;
  }

  public static int of(byte[] data) { return of(data, 0, data.length); }
}
