package dev.avrkit.program;

import java.util.ArrayDeque;
import java.util.Random;

/**
 * An in-process transport to a test peer: every written byte goes to the peer at once; whatever
 * the peer answers is queued for reading. Faults can be injected from a seeded random source:
 * answer bytes dropped or corrupted with a given probability, or the "cable" pulled after a
 * number of bytes.
 */
final class PeerTransport implements Transport {
  interface Peer {
    /** One byte from the host; answers go to {@code out}. */
    void receive(int b, PeerTransport out);
  }

  private final Peer peer;
  private final ArrayDeque<Byte> queue = new ArrayDeque<>();
  private int baud = 115200;
  private Parity parity = Parity.NONE;
  private boolean dtr = true;
  private Random random;
  private double drop;
  private double corrupt;
  private long unplugAfter = Long.MAX_VALUE;
  private long bytesIn;
  private boolean closed;
  int dtrLowOpens;

  PeerTransport(Peer peer) { this.peer = peer; }

  PeerTransport faults(long seed, double drop, double corrupt) {
    this.random = new Random(seed);
    this.drop = drop;
    this.corrupt = corrupt;
    return this;
  }

  PeerTransport unplugAfter(long bytes) {
    this.unplugAfter = bytes;
    return this;
  }

  /** Used by peers to answer. */
  void emit(int b) {
    if (random != null) {
      if (random.nextDouble() < drop) return;
      if (random.nextDouble() < corrupt) b ^= 1 << random.nextInt(8);
    }
    queue.add((byte) b);
  }

  Parity parity() { return parity; }

  boolean dtr() { return dtr; }

  @Override
  public String name() { return "peer"; }

  @Override
  public void configure(int baud, Parity parity, int stopBits) {
    this.baud = baud;
    this.parity = parity;
  }

  @Override
  public int baud() { return baud; }

  @Override
  public void write(byte[] data, int offset, int length) {
    if (closed) throw new LinkException("peer: port closed");
    for (int i = 0; i < length; i++) {
      if (++bytesIn > unplugAfter) {
        closed = true;
        throw new LinkException("peer: write failed: the port went away (unplugged?)");
      }
      peer.receive(data[offset + i] & 0xFF, this);
    }
  }

  @Override
  public byte[] read(int length, long timeoutMillis) {
    if (closed) throw new LinkException("peer: read failed: the port went away (unplugged?)");
    if (queue.size() < length) {
      int got = queue.size();
      queue.clear();
      throw new TimeoutLinkException("peer", got, length, timeoutMillis);
    }
    byte[] r = new byte[length];
    for (int i = 0; i < length; i++) r[i] = queue.poll();
    return r;
  }

  @Override
  public void discardInput() { queue.clear(); }

  @Override
  public void setDtr(boolean on) { dtr = on; }

  @Override
  public void setRts(boolean on) {}

  @Override
  public void close() { closed = true; }
}
