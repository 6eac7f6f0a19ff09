package dev.avrkit.program;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The UPDI data link over a single-wire serial line (SerialUPDI: a USB-serial adapter with TX and
 * RX joined through a resistor): 8E2 frames, every instruction starting with SYNCH 0x55, the
 * line's echo of every sent byte checked, stores acknowledged with 0x40. Instructions: LDS, STS,
 * LD/ST through the pointer, REPEAT, LDCS/STCS, KEY and SIB. A double BREAK (0x00 at 300 baud,
 * twice) resets the target's UPDI from any state.
 */
public final class UpdiLink {
  public static final int SYNCH = 0x55;
  public static final int ACK = 0x40;

  // control/status registers
  public static final int CS_STATUSA = 0x0;
  public static final int CS_STATUSB = 0x1;
  public static final int CS_CTRLA = 0x2;
  public static final int CS_CTRLB = 0x3;
  public static final int ASI_KEY_STATUS = 0x7;
  public static final int ASI_RESET_REQ = 0x8;
  public static final int ASI_CTRLA = 0x9;
  public static final int ASI_SYS_STATUS = 0xB;

  public static final int CTRLA_IBDLY = 0x80;
  public static final int CTRLA_RSD = 0x08;
  /**
   * CTRLA.GTVAL 2: the target waits 32 bit times (not the reset value 128) before it answers.
   * On a SerialUPDI line the host's last stop bit has long been sent by then; every answer (status
   * polls, verify reads) comes about 0.8 ms sooner at 115200 baud.
   */
  public static final int CTRLA_GTVAL_32 = 0x02;
  /** What this link keeps in CTRLA besides RSD: inter-byte delay on, short guard time. */
  static final int CTRLA_BASE = CTRLA_IBDLY | CTRLA_GTVAL_32;
  public static final int CTRLB_CCDETDIS = 0x08;
  public static final int CTRLB_UPDIDIS = 0x04;

  /** The 64-bit keys (as written here; sent reversed). */
  public static final String KEY_NVMPROG = "NVMProg ";
  public static final String KEY_CHIPERASE = "NVMErase";
  public static final String KEY_UROWWRITE = "NVMUs&te";

  private final Transport line;
  private final int baud;
  private int addressBytes = 2;
  /** Whether CTRLA.RSD (no acknowledges) is on in the target, as far as this side knows. */
  private boolean rsd;
  private long latencyMillis = 100;

  /** A link on a transport at a baud rate (115200 is safe for every adapter; up to 460800). */
  public UpdiLink(Transport line, int baud) {
    this.line = line;
    this.baud = baud;
  }

  public Transport transport() { return line; }

  /** How long one 12-bit UPDI frame takes on the line. */
  public long byteNanos() { return 12L * 1_000_000_000L / baud; }

  /** 2 for 16-bit addresses (megaAVR 0, tinyAVR), 3 for 24-bit (AVR Dx/Ex). */
  public void setAddressBytes(int n) {
    if (n != 2 && n != 3) throw new IllegalArgumentException("address bytes " + n);
    addressBytes = n;
  }

  /**
   * Opens the link: 8E2 at the baud rate, collision detection off, inter-byte delay on, and checks
   * that the UPDI answers (STATUSA non-zero); on no answer sends a double BREAK and tries again.
   */
  public void init() {
    line.configure(baud, Transport.Parity.EVEN, 2);
    line.discardInput();
    for (int attempt = 0; ; attempt++) {
      try {
        stcs(CS_CTRLB, CTRLB_CCDETDIS);
        stcs(CS_CTRLA, CTRLA_BASE);
        rsd = false;
        int status = ldcs(CS_STATUSA);
        if (status != 0) return;
        throw new LinkException(line.name() + ": UPDI STATUSA reads 0");
      } catch (LinkException e) {
        if (attempt >= 2) {
          throw new LinkException(line.name() + ": no UPDI answer at " + baud + " baud ("
              + e.getMessage() + "); check the wiring (adapter TX and RX joined through a "
              + "resistor to UPDI, common ground), the power, and try a lower --baud", e);
        }
        doubleBreak();
      }
    }
  }

  /** Resets the UPDI with two BREAK characters (0x00 at 300 baud), then restores 8E2. */
  public void doubleBreak() {
    quiet();
    line.configure(300, Transport.Parity.EVEN, 1);
    for (int i = 0; i < 2; i++) {
      line.write(new byte[] {0});
      try {
        line.read(1, 200); // our own BREAK coming back
      } catch (LinkException ignored) {
        // some adapters do not echo a BREAK
      }
    }
    line.configure(baud, Transport.Parity.EVEN, 2);
    quiet();
    rsd = false; // a BREAK resets the UPDI's control registers
  }

  /** Waits until the line has been silent for a moment (late answers, delayed echoes). */
  private void quiet() {
    long end = System.currentTimeMillis() + 1000;
    while (System.currentTimeMillis() < end) {
      try {
        line.read(1, 30);
      } catch (LinkException e) {
        return; // 30 ms without a byte
      }
    }
  }

  /** Sends bytes and checks that the line echoes them unchanged. */
  private void send(byte... data) {
    line.write(data);
    byte[] echo = line.read(data.length, timeout(data.length));
    if (!Arrays.equals(echo, data)) {
      throw new LinkException(line.name() + ": the UPDI line echoed "
          + HexFormat.ofDelimiter(" ").formatHex(echo) + " for "
          + HexFormat.ofDelimiter(" ").formatHex(data) + " (noise or a collision on the line)");
    }
  }

  private byte[] receive(int n) { return line.read(n, timeout(n)); }

  private long timeout(int bytes) {
    return latencyMillis + (bytes * 12L * 1000L) / baud + 1;
  }

  private void expectAck(String what) {
    int a = receive(1)[0] & 0xFF;
    if (a != ACK) {
      throw new LinkException(String.format(
          "%s: UPDI %s answered 0x%02X instead of the acknowledge 0x40", line.name(), what, a));
    }
  }

  private int addressSizeBits() { return addressBytes == 3 ? 0x08 : 0x04; }

  private byte[] address(long a) {
    byte[] b = new byte[addressBytes];
    for (int i = 0; i < addressBytes; i++) b[i] = (byte) (a >> (8 * i));
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** Loads a control/status register. */
  public int ldcs(int reg) {
    send((byte) SYNCH, (byte) (0x80 | reg));
    return receive(1)[0] & 0xFF;
  }

  /** Stores a control/status register (no acknowledge). */
  public void stcs(int reg, int value) {
    send((byte) SYNCH, (byte) (0xC0 | reg), (byte) value);
  }

  /** Loads one byte from a data-space address. */
  public int lds(long address) {
    send(concat(new byte[] {(byte) SYNCH, (byte) (0x00 | addressSizeBits())}, address(address)));
    return receive(1)[0] & 0xFF;
  }

  /** Stores one byte to a data-space address (acknowledged unless RSD is on). */
  public void sts(long address, int value) {
    if (rsd) {
      send(batch().sts(address, value).bytes());
      return;
    }
    send(concat(new byte[] {(byte) SYNCH, (byte) (0x40 | addressSizeBits())}, address(address)));
    expectAck("STS address");
    send((byte) value);
    expectAck("STS data");
  }

  private void setPointer(long address) {
    send(concat(new byte[] {(byte) SYNCH, (byte) (0x60 | 0x08 | (addressBytes == 3 ? 0x02 : 0x01))},
        address(address)));
    if (!rsd) expectAck("ST ptr");
  }

  private void repeat(int count) {
    if (count < 1 || count > 256) throw new IllegalArgumentException("repeat " + count);
    send((byte) SYNCH, (byte) 0xA0, (byte) (count - 1));
  }

  /** Loads {@code n} bytes (1..256) from consecutive data-space addresses. */
  public byte[] ld(long address, int n) {
    if (n == 1) return new byte[] {(byte) lds(address)};
    // RSD on: pointer, REPEAT and LD go out in one piece, one round trip for the whole block
    Batch b = batch().pointer(address).repeat(n);
    b.out.write(SYNCH);
    b.out.write(0x24);
    send(b.bytes());
    return receive(n);
  }

  /**
   * Loads {@code n} bytes (even, 2..512) as 16-bit words from an even address: pointer, REPEAT and
   * LD *ptr++ of words in one piece, half the round trips of {@link #ld} for flash.
   */
  public byte[] ldWords(long address, int n) {
    if (n % 2 != 0 || n < 2 || n > 512) throw new IllegalArgumentException("word read of " + n);
    Batch b = batch().pointer(address).repeat(n / 2);
    b.out.write(SYNCH);
    b.out.write(0x25);
    send(b.bytes());
    return receive(n);
  }

  /**
   * Stores bytes (1..256) to consecutive data-space addresses, without acknowledges (CTRLA.RSD):
   * pointer, REPEAT and data go out in one piece; the echo of every byte is still checked.
   */
  public void st(long address, byte[] data) {
    if (data.length == 0) return;
    send(batch().st(address, data).bytes());
  }

  /** Stores 16-bit words (data length even, up to 512 bytes) without acknowledges. */
  public void stWords(long address, byte[] data) {
    if (data.length % 2 != 0 || data.length == 0) throw new IllegalArgumentException("odd length");
    Batch b = batch().pointer(address).repeat(data.length / 2);
    b.out.write(SYNCH);
    b.out.write(0x65);
    b.out.writeBytes(data);
    send(b.bytes());
  }

  /**
   * Sends a batch and, in the same write, an LDS of one byte; checks the echo of all of it and
   * returns the loaded byte: one round trip for stores followed by a status read.
   */
  public int sendThenLds(Batch b, long address) {
    b.out.write(SYNCH);
    b.out.write(0x00 | addressSizeBits());
    b.out.writeBytes(address(address));
    send(b.bytes());
    return receive(1)[0] & 0xFF;
  }

  /** Turns CTRLA.RSD off (acknowledges on), e.g. after a reset whose effect on it is unknown. */
  public void rsdOff() {
    stcs(CS_CTRLA, CTRLA_BASE);
    rsd = false;
  }

  /** Starts a batch of instructions without answers, sent in one piece by {@link #send(Batch)}. */
  public Batch batch() { return new Batch(); }

  /** Sends a batch and checks its echo: one round trip for all of it. */
  public void send(Batch b) { send(b.bytes()); }

  /**
   * Instructions that expect no answer once CTRLA.RSD is on (stores, pointer, REPEAT), collected
   * to go out in one piece. The batch turns RSD on first when it is off.
   */
  public final class Batch {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    private Batch() {
      if (!rsd) {
        out.writeBytes(new byte[] {(byte) SYNCH, (byte) (0xC0 | CS_CTRLA), (byte) (CTRLA_BASE | CTRLA_RSD)});
        rsd = true;
      }
    }

    /** STS of one byte. */
    public Batch sts(long address, int value) {
      out.write(SYNCH);
      out.write(0x40 | addressSizeBits());
      out.writeBytes(address(address));
      out.write(value);
      return this;
    }

    Batch pointer(long address) {
      out.write(SYNCH);
      out.write(0x60 | 0x08 | (addressBytes == 3 ? 0x02 : 0x01));
      out.writeBytes(address(address));
      return this;
    }

    Batch repeat(int count) {
      if (count < 1 || count > 256) throw new IllegalArgumentException("repeat " + count);
      if (count > 1) out.writeBytes(new byte[] {(byte) SYNCH, (byte) 0xA0, (byte) (count - 1)});
      return this;
    }

    /** Pointer, REPEAT and ST *ptr++ of the bytes. */
    public Batch st(long address, byte[] data) {
      return pointer(address).stNext(data, 0, data.length);
    }

    /** REPEAT and ST *ptr++ of {@code n} bytes from {@code data[from]}, where the pointer is. */
    Batch stNext(byte[] data, int from, int n) {
      repeat(n);
      out.write(SYNCH);
      out.write(0x64);
      out.write(data, from, n);
      return this;
    }

    /**
     * Keeps the line busy for at least {@code nanos} with instructions that change nothing and
     * expect no answer (STCS CTRLA with the value it has), so that what follows reaches the
     * target no sooner: a wait that costs no round trip.
     */
    Batch idle(long nanos) {
      long byteNanos = byteNanos();
      long bytes = (nanos + byteNanos - 1) / byteNanos;
      for (long i = 0; i < bytes; i += 3) {
        out.writeBytes(new byte[] {(byte) SYNCH, (byte) (0xC0 | CS_CTRLA), (byte) (CTRLA_BASE | CTRLA_RSD)});
      }
      return this;
    }

    /** Bytes collected so far. */
    int size() { return out.size(); }

    byte[] bytes() { return out.toByteArray(); }
  }

  /** Sends a 64-bit key (8 ASCII characters, sent last character first). */
  public void key(String key) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    if (k.length != 8) throw new IllegalArgumentException("key " + key);
    byte[] msg = new byte[10];
    msg[0] = (byte) SYNCH;
    msg[1] = (byte) 0xE0;
    for (int i = 0; i < 8; i++) msg[2 + i] = k[7 - i];
    send(msg);
  }

  /** Reads the 32-byte System Information Block ("megaAVR P:0D:1-3M2 (01.59B20.0)"). */
  public String sib() {
    send((byte) SYNCH, (byte) 0xE6);
    byte[] s = receive(32);
    int n = 0;
    while (n < s.length && s[n] != 0) n++;
    return new String(s, 0, n, StandardCharsets.ISO_8859_1).trim();
  }
}
