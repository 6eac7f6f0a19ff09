package dev.avrkit.program;

import java.util.function.Supplier;

/**
 * A transport that opens its port (and does whatever must come first, like the 1200-baud touch)
 * only when it is first used, so that a programmer can be built, and everything checked, before
 * the board is touched.
 */
final class LazyTransport implements Transport {
  private final String name;
  private final int initialBaud;
  private final Supplier<Transport> opener;
  private Transport t;
  private boolean closed;

  LazyTransport(String name, int initialBaud, Supplier<Transport> opener) {
    this.name = name;
    this.initialBaud = initialBaud;
    this.opener = opener;
  }

  private Transport t() {
    if (closed) throw new LinkException(name + ": port closed");
    if (t == null) t = opener.get();
    return t;
  }

  @Override
  public String name() { return name; }

  @Override
  public void configure(int baud, Parity parity, int stopBits) { t().configure(baud, parity, stopBits); }

  @Override
  public int baud() { return t == null ? initialBaud : t.baud(); }

  @Override
  public void write(byte[] data, int offset, int length) { t().write(data, offset, length); }

  @Override
  public byte[] read(int length, long timeoutMillis) { return t().read(length, timeoutMillis); }

  @Override
  public void discardInput() { t().discardInput(); }

  @Override
  public void setDtr(boolean on) { t().setDtr(on); }

  @Override
  public void setRts(boolean on) { t().setRts(on); }

  @Override
  public void close() {
    closed = true;
    if (t != null) t.close();
  }
}
