package dev.avrkit.vboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The link between host and board as the board sees it: bytes take their wire time at the line's
 * baud rate (or a fixed bits-per-byte and baud the board imposes, e.g. 12-bit UPDI frames), each
 * answer waits a USB latency, and faults are injected in both directions. Time is wall-clock
 * time: {@code rxDone} is when the last received byte would have finished arriving.
 */
final class Wire {
  private volatile Pty pty;
  private final long latencyNanos;
  private final Faults faults;
  private final Random random;
  private long rxDone;
  private long txDone;
  private long bytesSeen;
  private volatile long injected;
  private long byteNanos = 10 * 1_000_000_000L / 9600;
  private Runnable unplugHook = () -> {};

  Wire(Pty pty, long latencyNanos, Faults faults) {
    this.pty = pty;
    this.latencyNanos = latencyNanos;
    this.faults = faults;
    this.random = new Random(faults.seed());
  }

  void setPty(Pty p) {
    pty = p;
  }

  Pty pty() {
    return pty;
  }

  void onUnplugFault(Runnable r) {
    unplugHook = r;
  }

  /** The time one byte takes on the line now (set by the board from the line settings). */
  void setByteNanos(long n) {
    byteNanos = n;
  }

  long byteNanos() {
    return byteNanos;
  }

  /** How many bytes were dropped, corrupted or delayed so far. */
  long injected() {
    return injected;
  }

  /** When the last received byte finished arriving. */
  long rxDone() {
    return rxDone;
  }

  /**
   * Reads bytes from the host (faults applied), waiting up to {@code timeoutMs}. Returns the
   * delivered bytes (possibly none).
   */
  byte[] read(byte[] buf, int timeoutMs) throws IOException {
    Pty p = pty;
    int n = p.read(buf, 0, buf.length, timeoutMs);
    if (n <= 0) return new byte[0];
    long now = System.nanoTime();
    rxDone = Math.max(now, rxDone) + n * byteNanos;
    if (!faults.any()) return java.util.Arrays.copyOf(buf, n);
    ByteArrayOutputStream out = new ByteArrayOutputStream(n);
    for (int i = 0; i < n; i++) {
      int b = fault(buf[i] & 0xFF);
      if (b >= 0) out.write(b);
    }
    return out.toByteArray();
  }

  /** Returns the byte after faults, or -1 when dropped; may sleep (delay) or unplug. */
  private int fault(int b) {
    bytesSeen++;
    if (faults.unplugAfter() > 0 && bytesSeen == faults.unplugAfter()) unplugHook.run();
    double r = random.nextDouble();
    if (r < faults.drop()) {
      injected++;
      return -1;
    }
    r -= faults.drop();
    if (r < faults.corrupt()) {
      injected++;
      return b ^ (1 << random.nextInt(8));
    }
    r -= faults.corrupt();
    if (r < faults.delay()) {
      injected++;
      sleepUntil(System.nanoTime() + faults.delayMs() * 1_000_000L);
    }
    return b;
  }

  /**
   * Sends bytes to the host: they start after the received bytes finished arriving plus
   * {@code turnaroundNanos}, take their wire time, and reach the host after the USB latency.
   */
  void send(byte[] data, long turnaroundNanos) throws IOException {
    send(data, data.length, turnaroundNanos);
  }

  /**
   * Like {@link #send(byte[], long)}, but only the last {@code timedBytes} take wire time (the
   * others are the echo of the host's own bytes on a single-wire line, already paid for).
   */
  synchronized void send(byte[] data, int timedBytes, long turnaroundNanos) throws IOException {
    if (data.length == 0) return;
    long now = System.nanoTime();
    long start =
        timedBytes == 0
            ? Math.max(now, rxDone)
            : Math.max(Math.max(now, txDone), rxDone + turnaroundNanos);
    txDone = start + timedBytes * byteNanos;
    sleepUntil(txDone + latencyNanos);
    byte[] out = data;
    if (faults.any()) {
      ByteArrayOutputStream o = new ByteArrayOutputStream(data.length);
      for (byte b : data) {
        int f = fault(b & 0xFF);
        if (f >= 0) o.write(f);
      }
      out = o.toByteArray();
    }
    Pty p = pty;
    p.write(out, 0, out.length);
  }

  /**
   * Passes bytes a running firmware sent (already paced by the simulator) to the host after the
   * USB latency, from any thread; what the host does not read is dropped, like a USB serial
   * bridge does, so a chatty firmware never blocks the board.
   */
  void sendFromFirmware(byte[] data) {
    sleepUntil(System.nanoTime() + latencyNanos);
    try {
      pty.write(data, 0, data.length, 0);
    } catch (IOException e) {
      // unplugged or closed: the bytes are lost as on hardware
    }
  }

  /** Waits as if the board were busy for {@code nanos} after the last received byte. */
  void busy(long nanos) {
    long until = Math.max(System.nanoTime(), rxDone) + nanos;
    rxDone = until;
    sleepUntil(until);
  }

  static void sleepUntil(long deadline) {
    long d;
    while ((d = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(d);
      if (Thread.currentThread().isInterrupted()) return;
    }
  }
}
