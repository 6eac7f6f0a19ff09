package dev.avrkit.vboard;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;

/** Reading a pseudo-terminal in the tests: whatever arrives within a time window. */
final class PortReads {
  private PortReads() {}

  /** Appends to {@code got} every byte that arrives on {@code in} during the next {@code ms}. */
  static void readFor(FileInputStream in, ByteArrayOutputStream got, int ms) throws Exception {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      int n = in.available();
      if (n > 0) {
        byte[] b = new byte[n];
        got.write(b, 0, in.read(b));
      } else {
        Thread.sleep(5);
      }
    }
  }
}
