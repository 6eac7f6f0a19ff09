package dev.avrkit.circuit;

import dev.avrkit.sim.UartConsole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * Wokwi's serial monitor: the firmware's USART output goes to {@code out} and is kept for
 * {@code wait-serial} (text seen since the last match) and failure reports (the last lines);
 * {@code write-serial} bytes and then the optional input stream feed the receiver.
 */
public final class SerialMonitor implements UartConsole {
  /** Sees every byte sent by the firmware (waveform decoder). */
  public interface ByteListener {
    void transmitted(String uart, int b, long cycle);
  }

  private final OutputStream out;
  private final ConcurrentLinkedQueue<Integer> scripted = new ConcurrentLinkedQueue<>();
  private final UartConsole input;
  private final StringBuilder text = new StringBuilder();
  private long dropped; // characters removed from the front of text
  private long cursor; // wait-serial matches start here (absolute position)
  private final List<ByteListener> listeners = new ArrayList<>();
  private LongSupplier clock = () -> 0;

  public SerialMonitor(OutputStream out, InputStream in) {
    this.out = out;
    this.input = in == null ? null : UartConsole.of(OutputStream.nullOutputStream(), in);
  }

  void setClock(LongSupplier c) {
    this.clock = c;
  }

  public void addListener(ByteListener l) {
    listeners.add(l);
  }

  @Override
  public void transmit(String uart, int b) {
    try {
      if (out != null) {
        out.write(b);
        if (b == '\n') out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    text.append((char) (b & 0xFF));
    if (text.length() > 1 << 20) {
      int cut = text.length() - (1 << 19);
      text.delete(0, cut);
      dropped += cut;
    }
    if (!listeners.isEmpty()) {
      long c = clock.getAsLong();
      for (ByteListener l : listeners) l.transmitted(uart, b, c);
    }
  }

  @Override
  public int receive(String uart) {
    Integer b = scripted.poll();
    if (b != null) return b;
    if (input == null) return -1;
    return input.receive(uart);
  }

  @Override
  public void flush() {
    try {
      if (out != null) out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Queues bytes for the firmware's receiver. */
  public void write(byte[] bytes) {
    for (byte x : bytes) scripted.add(x & 0xFF);
  }

  /** Whether {@code s} appeared since the last match; a match moves the cursor past it. */
  public boolean consume(String s) {
    int from = (int) Math.max(0, cursor - dropped);
    int i = text.indexOf(s, from);
    if (i < 0) return false;
    cursor = dropped + i + s.length();
    return true;
  }

  /** Whether {@code s} appeared anywhere in the output so far (kept part). */
  public boolean seen(String s) {
    return text.indexOf(s) >= 0;
  }

  /** All output kept so far. */
  public String text() {
    return text.toString();
  }

  /** The last {@code n} lines of output (a line without its newline yet counts). */
  public List<String> lastLines(int n) {
    String[] lines = text.toString().split("\r?\n", -1);
    List<String> l = new ArrayList<>();
    int end = lines.length;
    if (end > 0 && lines[end - 1].isEmpty()) end--;
    for (int i = Math.max(0, end - n); i < end; i++) l.add(lines[i]);
    return l;
  }
}
