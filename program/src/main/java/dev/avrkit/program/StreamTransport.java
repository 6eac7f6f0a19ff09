package dev.avrkit.program;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A transport over an input and an output stream (a pipe, a socket, a file pair of a pty). Line
 * settings are remembered (a peer in the same process may look at {@link #baud()}) but have no
 * other effect. A background thread reads the input so that reads can time out.
 */
public final class StreamTransport implements Transport {
  private final String name;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buf = new byte[1 << 16];
  private int head;
  private int tail;
  private int count;
  private boolean eof;
  private IOException failure;
  private final Thread reader;
  private volatile boolean closed;
  private int baud = 115200;

  public StreamTransport(String name, InputStream in, OutputStream out) {
    this.name = name;
    this.in = in;
    this.out = out;
    this.reader = new Thread(this::pump, "avrkit-transport-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void pump() {
    byte[] b = new byte[4096];
    try {
      while (!closed) {
        int n = in.read(b);
        if (n < 0) break;
        synchronized (this) {
          for (int i = 0; i < n; i++) {
            while (count == buf.length) wait();
            buf[tail] = b[i];
            tail = (tail + 1) % buf.length;
            count++;
          }
          notifyAll();
        }
      }
    } catch (IOException e) {
      synchronized (this) { failure = e; }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (this) {
        eof = true;
        notifyAll();
      }
    }
  }

  @Override
  public String name() { return name; }

  @Override
  public void configure(int baud, Parity parity, int stopBits) { this.baud = baud; }

  @Override
  public int baud() { return baud; }

  @Override
  public void write(byte[] data, int offset, int length) {
    try {
      out.write(data, offset, length);
      out.flush();
    } catch (IOException e) {
      throw new LinkException(name + ": write failed (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public synchronized byte[] read(int length, long timeoutMillis) {
    byte[] r = new byte[length];
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    int got = 0;
    try {
      while (got < length) {
        if (count > 0) {
          r[got++] = buf[head];
          head = (head + 1) % buf.length;
          count--;
          notifyAll();
          continue;
        }
        if (eof) {
          throw new LinkException(name + ": the port closed after " + got + " of " + length
              + " expected bytes" + (failure != null ? " (" + failure.getMessage() + ")" : ""));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new TimeoutLinkException(name, got, length, timeoutMillis);
        wait(Math.max(1, left / 1_000_000L), 0);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinkException(name + ": interrupted");
    }
    return r;
  }

  @Override
  public synchronized void discardInput() {
    head = tail = count = 0;
    notifyAll();
  }

  @Override
  public void setDtr(boolean on) {}

  @Override
  public void setRts(boolean on) {}

  @Override
  public void close() {
    closed = true;
    try {
      out.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      in.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
