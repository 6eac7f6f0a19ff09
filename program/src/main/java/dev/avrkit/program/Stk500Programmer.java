package dev.avrkit.program;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.image.Region;
import java.util.HexFormat;

/**
 * STK500 version 1, the subset Arduino bootloaders (optiboot on the Uno, the ATmegaBOOT of older
 * Nanos) understand: reset through DTR, GET_SYNC, READ_SIGN, LOAD_ADDRESS (word address for
 * flash), PROG_PAGE and READ_PAGE for flash and EEPROM. No chip erase (the bootloader erases each
 * page before writing it) and no fuses.
 */
public final class Stk500Programmer implements Programmer {
  private static final int STK_OK = 0x10;
  private static final int STK_INSYNC = 0x14;
  private static final int CRC_EOP = 0x20;

  private final Transport line;
  private final TargetInfo target;
  private long timeoutMillis = 500;
  private boolean inProgMode;

  public Stk500Programmer(Transport line, TargetInfo target) {
    this.line = line;
    this.target = target;
  }

  /** Opens a serial port (115200 for optiboot on the Uno, 57600 for older Nanos). */
  public static Stk500Programmer open(String port, int baud, TargetInfo target) {
    return new Stk500Programmer(SerialTransport.open(port, baud), target);
  }

  @Override
  public String description() { return "STK500v1 bootloader on " + line.name(); }

  /** Resets the board through DTR/RTS (the auto-reset capacitor) and syncs with the bootloader. */
  @Override
  public void connect() {
    line.setDtr(false);
    line.setRts(false);
    sleep(250);
    line.setDtr(true);
    line.setRts(true);
    sleep(50);
    line.discardInput();
    LinkException last = null;
    for (int i = 0; i < 10; i++) {
      try {
        line.write((byte) 0x30, (byte) CRC_EOP);
        expectSync(line.read(2, 200), "GET_SYNC");
        last = null;
        break;
      } catch (LinkException e) {
        last = e;
        line.discardInput();
      }
    }
    if (last != null) {
      throw new LinkException(line.name() + ": the bootloader does not answer (" + last.getMessage()
          + "); check the port, the baud rate (115200 Uno, 57600 older Nano) and that the board "
          + "has a bootloader", last);
    }
    command(new byte[] {0x50, CRC_EOP}, 0, "ENTER_PROGMODE");
    inProgMode = true;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void expectSync(byte[] a, String what) {
    if ((a[0] & 0xFF) != STK_INSYNC || (a[a.length - 1] & 0xFF) != STK_OK) {
      throw new LinkException(line.name() + ": " + what + " answered "
          + HexFormat.ofDelimiter(" ").formatHex(a) + " instead of 14 .. 10");
    }
  }

  /** Sends a command and returns the {@code n} bytes between INSYNC and OK. */
  private byte[] command(byte[] cmd, int n, String what) {
    line.write(cmd);
    byte[] a = line.read(n + 2, timeoutMillis + (long) (n + cmd.length) * 10_000 / line.baud());
    expectSync(a, what);
    byte[] r = new byte[n];
    System.arraycopy(a, 1, r, 0, n);
    return r;
  }

  @Override
  public byte[] readSignature() { return command(new byte[] {0x75, CRC_EOP}, 3, "READ_SIGN"); }

  @Override
  public boolean supports(Region m) {
    return m == Region.FLASH || m == Region.EEPROM || m == Region.SIGNATURE;
  }

  @Override
  public boolean canChipErase() { return false; }

  @Override
  public void chipErase() {
    throw new AvrkitException("an Arduino bootloader cannot erase the chip; it erases each page as "
        + "it writes it");
  }

  @Override
  public int writeUnit(Region m) { return m == Region.FLASH ? target.flashPageSize() : 16; }

  @Override
  public int readUnit(Region m) { return 256; }

  private void loadAddress(Region m, long offset) {
    long a = m == Region.FLASH ? offset / 2 : offset;
    command(new byte[] {0x55, (byte) a, (byte) (a >> 8), CRC_EOP}, 0, "LOAD_ADDRESS");
  }

  @Override
  public void write(Region m, long offset, byte[] data) {
    if (m == Region.SIGNATURE) throw new AvrkitException("the signature is read-only");
    loadAddress(m, offset);
    byte[] c = new byte[5 + data.length];
    c[0] = 0x64;
    c[1] = (byte) (data.length >> 8);
    c[2] = (byte) data.length;
    c[3] = (byte) (m == Region.FLASH ? 'F' : 'E');
    System.arraycopy(data, 0, c, 4, data.length);
    c[c.length - 1] = CRC_EOP;
    command(c, 0, String.format("PROG_PAGE %s 0x%X", m.memoryName(), offset));
  }

  /** The bootloader erases every page before writing it: a rewrite is a write. */
  @Override
  public boolean canRewrite(Region m) { return m == Region.FLASH || m == Region.EEPROM; }

  @Override
  public void rewrite(Region m, long offset, byte[] data) { write(m, offset, data); }

  @Override
  public byte[] read(Region m, long offset, int length) {
    if (m == Region.SIGNATURE) {
      byte[] s = readSignature();
      byte[] r = new byte[length];
      System.arraycopy(s, (int) offset, r, 0, length);
      return r;
    }
    loadAddress(m, offset);
    return command(new byte[] {0x74, (byte) (length >> 8), (byte) length,
        (byte) (m == Region.FLASH ? 'F' : 'E'), CRC_EOP}, length,
        String.format("READ_PAGE %s 0x%X", m.memoryName(), offset));
  }

  @Override
  public void recover() {
    line.discardInput();
    line.write((byte) 0x30, (byte) CRC_EOP);
    try {
      expectSync(line.read(2, 300), "GET_SYNC");
    } catch (LinkException e) {
      // a stale answer may have been in the way: one more try
      line.discardInput();
      line.write((byte) 0x30, (byte) CRC_EOP);
      expectSync(line.read(2, 300), "GET_SYNC");
    }
  }

  @Override
  public void close() {
    try {
      if (inProgMode) command(new byte[] {0x51, CRC_EOP}, 0, "LEAVE_PROGMODE");
    } catch (LinkException ignored) {
      // the bootloader times out and starts the program anyway
    } finally {
      line.close();
    }
  }
}
