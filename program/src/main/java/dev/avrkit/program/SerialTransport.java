package dev.avrkit.program;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

/**
 * A serial port (USB-serial adapter, the Nano Every's USB port, or a pseudo-terminal path such
 * as {@code /dev/pts/4} or a symlink to one) through jSerialComm.
 */
public final class SerialTransport implements Transport {
  private static final int POLL_MS = 50;
  private final String path;
  private final SerialPort port;
  private int baud;
  private Parity parity;
  private int stopBits;

  private SerialTransport(String path, SerialPort port, int baud, Parity parity, int stopBits) {
    this.path = path;
    this.port = port;
    this.baud = baud;
    this.parity = parity;
    this.stopBits = stopBits;
  }

  /** The port does not exist: trying again will not help (the pipeline does not retry it). */
  static final class NoSuchPort extends LinkException {
    NoSuchPort(String message) { super(message); }
  }

  /** Opens a port at a baud rate, 8N1, DTR and RTS as the system sets them on open. */
  public static SerialTransport open(String path, int baud) {
    return open(path, baud, Parity.NONE, 1);
  }

  /** Opens a port with the given line settings. */
  public static SerialTransport open(String path, int baud, Parity parity, int stopBits) {
    SerialPort p;
    try {
      p = SerialPort.getCommPort(path);
    } catch (SerialPortInvalidPortException e) {
      throw new NoSuchPort(path + ": no such serial port; list ports with `avrkit ports`");
    }
    // opened 8N1 first: jSerialComm fails (EINVAL) to open a port, pseudo-terminals at least,
    // whose line is already 8E2 when asked for 8E2; switching after opening works
    p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
    p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
    p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
        POLL_MS, 0);
    if (!p.openPort(0)) {
      throw new LinkException(path + ": cannot open the serial port (error " + p.getLastErrorCode()
          + "): check that it exists, that no other program (serial monitor, avrdude) holds it, "
          + "and that you may use it (group dialout)");
    }
    SerialTransport t = new SerialTransport(path, p, baud, Parity.NONE, 1);
    t.configure(baud, parity, stopBits);
    return t;
  }

  private static int parityOf(Parity p) {
    return switch (p) {
      case NONE -> SerialPort.NO_PARITY;
      case EVEN -> SerialPort.EVEN_PARITY;
      case ODD -> SerialPort.ODD_PARITY;
    };
  }

  @Override
  public String name() { return path; }

  @Override
  public void configure(int baud, Parity parity, int stopBits) {
    // jSerialComm reports failure when asked to set the settings a port already has (seen on
    // pseudo-terminals), so unchanged settings are not set again
    if (baud == this.baud && parity == this.parity && stopBits == this.stopBits) return;
    int stop = stopBits == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
    boolean ok = port.setComPortParameters(baud, 8, stop, parityOf(parity));
    if (!ok) {
      throw new LinkException(path + ": cannot set " + baud + " baud " + parity + " "
          + stopBits + " stop bits (error " + port.getLastErrorCode() + ")");
    }
    this.baud = baud;
    this.parity = parity;
    this.stopBits = stopBits;
  }

  @Override
  public int baud() { return baud; }

  @Override
  public void write(byte[] data, int offset, int length) {
    int done = 0;
    long stalledSince = 0;
    while (done < length) {
      int n = port.writeBytes(data, length - done, offset + done);
      if (n < 0) {
        throw new LinkException(path + ": write failed: the port went away (unplugged?)");
      }
      if (n == 0) {
        long now = System.nanoTime();
        if (stalledSince == 0) stalledSince = now;
        if (now - stalledSince > 2_000_000_000L || !java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
          throw new LinkException(path + ": write stalled after " + done + " of " + length
              + " bytes: the port went away (unplugged?)");
        }
        Thread.onSpinWait();
        continue;
      }
      stalledSince = 0;
      done += n;
    }
  }

  @Override
  public byte[] read(int length, long timeoutMillis) {
    byte[] r = new byte[length];
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    int got = 0;
    while (got < length) {
      byte[] tmp = new byte[length - got];
      int n = port.readBytes(tmp, tmp.length);
      if (n < 0) {
        throw new LinkException(path + ": read failed after " + got + " of " + length
            + " bytes: the port went away (unplugged?)");
      }
      System.arraycopy(tmp, 0, r, got, n);
      got += n;
      if (got < length && System.nanoTime() > deadline) {
        throw new TimeoutLinkException(path, got, length, timeoutMillis);
      }
    }
    return r;
  }

  @Override
  public void discardInput() {
    port.flushIOBuffers();
    int avail;
    while ((avail = port.bytesAvailable()) > 0) port.readBytes(new byte[avail], avail);
  }

  @Override
  public void setDtr(boolean on) {
    if (on) port.setDTR(); else port.clearDTR();
  }

  @Override
  public void setRts(boolean on) {
    if (on) port.setRTS(); else port.clearRTS();
  }

  @Override
  public void close() { port.closePort(); }
}
