package dev.avrkit.vboard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The programmer side of a UPDI link inside a bridge (the jtag2updi firmware of the Nano Every's
 * USB chip): builds UPDI instructions, feeds them to the target's {@link UpdiEngine} and counts
 * the bits the exchange takes on the wire (12 per byte, plus the target's guard time before each
 * answer), so the bridge can take as long as real hardware.
 */
final class UpdiMaster {
  private final UpdiEngine target;
  private final int baud;
  private long bits;

  UpdiMaster(UpdiEngine target, int baud) {
    this.target = target;
    this.baud = baud;
  }

  /** Wire time of everything exchanged since the last call, in nanoseconds. */
  long takeNanos() {
    long n = bits * 1_000_000_000L / baud;
    bits = 0;
    return n;
  }

  /** Adds time the bridge spends waiting (NVM busy) expressed in nanoseconds. */
  void addNanos(long nanos) {
    bits += nanos * baud / 1_000_000_000L;
  }

  private byte[] send(int... bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b : bytes) {
      bits += 12;
      byte[] r = target.receive(b);
      if (r.length > 0) {
        bits += target.guardBits() + 12L * r.length;
        out.writeBytes(r);
      }
    }
    return out.toByteArray();
  }

  void stcs(int reg, int value) {
    send(UpdiEngine.SYNCH, 0xC0 | reg, value);
  }

  int ldcs(int reg) {
    byte[] r = send(UpdiEngine.SYNCH, 0x80 | reg);
    return r.length > 0 ? r[0] & 0xFF : -1;
  }

  void key(String key) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    int[] cmd = new int[10];
    cmd[0] = UpdiEngine.SYNCH;
    cmd[1] = 0xE0;
    for (int i = 0; i < 8; i++) cmd[2 + i] = k[7 - i] & 0xFF;
    send(cmd);
  }

  int lds(int address) {
    byte[] r = send(UpdiEngine.SYNCH, 0x04, address & 0xFF, (address >> 8) & 0xFF);
    return r.length > 0 ? r[0] & 0xFF : -1;
  }

  void sts(int address, int value) {
    send(UpdiEngine.SYNCH, 0x44, address & 0xFF, (address >> 8) & 0xFF, value & 0xFF);
  }

  private void pointer(int address) {
    send(UpdiEngine.SYNCH, 0x69, address & 0xFF, (address >> 8) & 0xFF);
  }

  private void repeat(int count) {
    send(UpdiEngine.SYNCH, 0xA0, (count - 1) & 0xFF);
  }

  /** Reads {@code n} bytes from data space with LD *ptr++ (REPEAT blocks of at most 256). */
  byte[] read(int address, int n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(n);
    int done = 0;
    while (done < n) {
      int chunk = Math.min(256, n - done);
      pointer(address + done);
      if (chunk > 1) repeat(chunk);
      out.writeBytes(send(UpdiEngine.SYNCH, 0x24));
      done += chunk;
    }
    return out.toByteArray();
  }

  /** Writes bytes to data space with ST *ptr++ (REPEAT blocks of at most 256), acked each. */
  void write(int address, byte[] data) {
    int done = 0;
    while (done < data.length) {
      int chunk = Math.min(256, data.length - done);
      pointer(address + done);
      if (chunk > 1) repeat(chunk);
      int[] cmd = new int[chunk + 2];
      cmd[0] = UpdiEngine.SYNCH;
      cmd[1] = 0x64;
      for (int i = 0; i < chunk; i++) cmd[2 + i] = data[done + i] & 0xFF;
      send(cmd);
      done += chunk;
    }
  }
}
