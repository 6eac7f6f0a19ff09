package dev.avrkit.program;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.image.Region;

/**
 * The jtag2updi protocol (JTAGICE mkII framing over a serial port) as ElTangas' jtag2updi firmware
 * and the Nano Every's MuxTO bridge speak it, in avrdude's session order: sign-on at 19200 baud,
 * emulator mode, sync, baud switch, device descriptor, programming mode.
 *
 * <p>The bridge's firmware version (the S_MCU version of the sign-on answer, as avrdude reads it)
 * picks the dialect, as in avrdude's jtagmkII.c. Below 7.00 (the MuxTO reports 6.07): the 298-byte
 * device descriptor, and every memory addressed in the chip's data space (flash byte X at
 * 0x4000 + X on the ATmega4809). From 7.00 on: CMND_SET_XMEGA_PARAMS (the memories' data-space
 * offsets, sizes and page sizes and the NVM controller's base, all from the device model) instead
 * of the descriptor, and flash, EEPROM and user row addressed relative to the memory (flash byte X
 * at X), as avrdude's paged accesses do; fuses, lock and signature keep their data-space addresses
 * there too, as avrdude's single-byte accesses send them, and so do page erases.
 */
public final class Jtag2UpdiProgrammer implements Programmer {
  /** The baud the bridge starts at. */
  public static final int INITIAL_BAUD = 19200;
  private static final int PAR_EMU_MODE = 0x03;
  private static final int PAR_BAUD_RATE = 0x05;
  private static final int EMULATOR_MODE_PDI = 0x06;

  private static final int MTYPE_FLASH = 0xC0;
  private static final int MTYPE_EEPROM_XMEGA = 0xC4;
  private static final int MTYPE_EEPROM = 0x22;
  private static final int MTYPE_FUSE_BITS = 0xB2;
  private static final int MTYPE_LOCK_BITS = 0xB3;
  private static final int MTYPE_SIGN_JTAG = 0xB4;
  private static final int MTYPE_USERSIG = 0xC5;
  private static final int CMND_SET_XMEGA_PARAMS = 0x36;
  /** Firmware from which hosts send XMEGA parameters and memory-relative addresses. */
  private static final int RELATIVE_FIRMWARE = 0x0700;
  /**
   * Where data space (SRAM, I/O) starts in the address space of firmware 7+ (avrdude's
   * DATA_OFFSET; a property of the protocol, not of the chip).
   */
  private static final long NVM_DATA_OFFSET = 0x1000000L;

  private final JtagMk2 jtag;
  private final TargetInfo target;
  private final int baud;
  private String firmware = "?";
  private int firmwareVersion;
  private boolean inProgMode;
  private boolean unlockByErase;

  /** A session on an open transport (at {@link #INITIAL_BAUD}); switches to {@code baud}. */
  public Jtag2UpdiProgrammer(Transport line, TargetInfo target, int baud) {
    if (!target.isUpdi()) {
      throw new AvrkitException(target.name() + " is not a UPDI part: jtag2updi cannot program it");
    }
    this.jtag = new JtagMk2(line);
    this.target = target;
    this.baud = baud;
  }

  /** Opens a serial port and starts a session there. */
  public static Jtag2UpdiProgrammer open(String port, int baud, TargetInfo target) {
    return new Jtag2UpdiProgrammer(SerialTransport.open(port, INITIAL_BAUD), target, baud);
  }

  @Override
  public String description() { return "jtag2updi on " + jtag.transport().name(); }

  /** The bridge's firmware version from its sign-on answer ("6.07"; "?" before connecting). */
  public String firmware() { return firmware; }

  /**
   * Whether this session addresses flash, EEPROM and user row relative to the memory (bridge
   * firmware 7.00 or later) rather than in data space.
   */
  public boolean relativeAddressing() { return firmwareVersion >= RELATIVE_FIRMWARE; }

  private static int baudCode(int baud) {
    return switch (baud) {
      case 2400 -> 1;
      case 4800 -> 2;
      case 9600 -> 3;
      case 19200 -> 4;
      case 38400 -> 5;
      case 57600 -> 6;
      case 115200 -> 7;
      case 14400 -> 8;
      default -> throw new AvrkitException("jtag2updi speaks 2400, 4800, 9600, 14400, 19200, 38400, "
          + "57600 or 115200 baud, not " + baud);
    };
  }

  @Override
  public void allowUnlockByErase() { unlockByErase = true; }

  @Override
  public void connect() {
    Transport line = jtag.transport();
    line.discardInput();
    jtag.setRetries(9);
    jtag.setTimeoutMillis(300);
    byte[] on;
    try {
      on = jtag.expect(JtagMk2.RSP_SIGN_ON, "sign-on", (byte) JtagMk2.CMND_GET_SIGN_ON);
    } catch (LinkException e) {
      throw new LinkException(line.name() + ": no jtag2updi programmer answers (" + e.getMessage()
          + "); for a Nano Every use --board nano-every (it does the 1200-baud touch first)", e);
    }
    jtag.setRetries(3);
    jtag.setTimeoutMillis(1000);
    // the S_MCU firmware (bytes 7 minor, 8 major) decides the dialect, as avrdude reads it
    if (on.length >= 9) {
      firmwareVersion = (on[8] & 0xFF) << 8 | (on[7] & 0xFF);
      firmware = String.format("%d.%02d", on[8] & 0xFF, on[7] & 0xFF);
    }
    jtag.expect(JtagMk2.RSP_OK, "set emulator mode",
        (byte) JtagMk2.CMND_SET_PARAMETER, (byte) PAR_EMU_MODE, (byte) EMULATOR_MODE_PDI);
    jtag.expect(JtagMk2.RSP_OK, "sync", (byte) JtagMk2.CMND_GET_SYNC);
    if (baud != line.baud()) {
      jtag.expect(JtagMk2.RSP_OK, "set baud rate",
          (byte) JtagMk2.CMND_SET_PARAMETER, (byte) PAR_BAUD_RATE, (byte) baudCode(baud));
      line.configure(baud, Transport.Parity.NONE, 1);
    }
    if (relativeAddressing()) {
      jtag.expect(JtagMk2.RSP_OK, "set XMEGA parameters (firmware " + firmware + ")", xmegaParams());
    } else {
      jtag.expect(JtagMk2.RSP_OK, "set device descriptor", deviceDescriptor());
    }
    enterProgMode();
  }

  private void enterProgMode() {
    byte[] a = jtag.command((byte) JtagMk2.CMND_ENTER_PROGMODE);
    if ((a[0] & 0xFF) == 0xA5 && unlockByErase) {
      chipErase(); // erase by key; the bridge re-enters programming mode
      a = jtag.command((byte) JtagMk2.CMND_ENTER_PROGMODE);
    }
    if ((a[0] & 0xFF) != JtagMk2.RSP_OK) {
      throw new AvrkitException(String.format("%s: the chip did not enter programming mode (%s); "
          + "if it is locked, `avrkit erase` unlocks it by erasing it", jtag.transport().name(),
          JtagMk2.answerName(a[0] & 0xFF)));
    }
    inProgMode = true;
  }

  /** avrdude's device descriptor (298 bytes): the bridge reads the page sizes out of it. */
  private byte[] deviceDescriptor() {
    byte[] b = new byte[1 + 298];
    b[0] = JtagMk2.CMND_SET_DEVICE_DESCRIPTOR;
    int d = 1;
    int fp = target.flashPageSize();
    b[d + 243] = (byte) fp;
    b[d + 244] = (byte) (fp >> 8);
    b[d + 245] = (byte) target.eepromPageSize();
    long fs = target.flashSize();
    for (int i = 0; i < 4; i++) b[d + 252 + i] = (byte) (fs >> (8 * i));
    long pages = fp == 0 ? 0 : fs / fp;
    b[d + 281] = (byte) pages;
    b[d + 282] = (byte) (pages >> 8);
    return b;
  }

  /**
   * CMND_SET_XMEGA_PARAMS for firmware 7+ (avrdude's {@code struct xmega_device_desc}): 0x0002,
   * length 47, then the data-space offsets of application flash, boot flash, EEPROM, fuses, lock,
   * user row, SIGROW and data space (u32 each), application size (u32), boot size, flash page
   * size, EEPROM size (u16 each), EEPROM page size (u8), NVMCTRL base and MCU control base (u16).
   * UPDI parts have no separate boot flash (its size follows a fuse): boot offset and size 0; the
   * MCU control base is 0 as avrdude sends it for UPDI parts.
   */
  private byte[] xmegaParams() {
    byte[] b = new byte[1 + 2 + 1 + 47];
    b[0] = (byte) CMND_SET_XMEGA_PARAMS;
    b[1] = 0x02;
    b[2] = 0x00;
    b[3] = 47;
    int d = 4;
    long[] offsets = {target.flashDataBase(), 0, target.eepromAddress(), target.fuseAddress(),
        target.lockAddress(), target.userRowAddress(), target.sigrowAddress(), NVM_DATA_OFFSET};
    for (long o : offsets) {
      put(b, d, o, 4);
      d += 4;
    }
    put(b, d, target.flashSize(), 4);
    put(b, d + 4, 0, 2); // boot size
    put(b, d + 6, target.flashPageSize(), 2);
    put(b, d + 8, target.eepromSize(), 2);
    b[d + 10] = (byte) target.eepromPageSize();
    put(b, d + 11, target.nvmctrlAddress(), 2);
    put(b, d + 13, 0, 2); // MCU control base
    return b;
  }

  private static void put(byte[] b, int at, long value, int bytes) {
    for (int i = 0; i < bytes; i++) b[at + i] = (byte) (value >> (8 * i));
  }

  @Override
  public byte[] readSignature() { return read(Region.SIGNATURE, 0, 3); }

  @Override
  public boolean supports(Region m) { return target.hasMemory(m); }

  @Override
  public void chipErase() {
    long old = 1000;
    jtag.setTimeoutMillis(5000);
    try {
      jtag.expect(JtagMk2.RSP_OK, "chip erase", (byte) JtagMk2.CMND_XMEGA_ERASE, (byte) 0, (byte) 0,
          (byte) 0, (byte) 0, (byte) 0);
    } finally {
      jtag.setTimeoutMillis(old);
    }
  }

  @Override
  public int writeUnit(Region m) {
    return switch (m) {
      case FLASH -> target.flashPageSize();
      case EEPROM -> target.eepromPageSize();
      case USERROW -> target.userRowSize();
      default -> 1;
    };
  }

  @Override
  public int readUnit(Region m) { return 256; }

  /** Where a memory starts in the data space of the chip (page erases use it in both dialects). */
  private long base(Region m) { return target.dataAddress(m); }

  /**
   * Where READ/WRITE_MEMORY addresses of a memory start: its data-space address, or 0 for flash,
   * EEPROM and user row once the bridge runs firmware 7+ (avrdude's jtagmkII_memaddr).
   */
  private long memoryBase(Region m) {
    if (relativeAddressing() && (m == Region.FLASH || m == Region.EEPROM || m == Region.USERROW)) {
      return 0;
    }
    return base(m);
  }

  private static int type(Region m, boolean write) {
    return switch (m) {
      case FLASH -> MTYPE_FLASH;
      case EEPROM -> write ? MTYPE_EEPROM_XMEGA : MTYPE_EEPROM;
      case FUSES -> MTYPE_FUSE_BITS;
      case LOCK -> MTYPE_LOCK_BITS;
      case USERROW -> MTYPE_USERSIG;
      case SIGNATURE -> MTYPE_SIGN_JTAG;
      case DATA -> 0x20;
    };
  }

  private static byte[] header(int cmd, int type, int length, long address, int extra) {
    byte[] b = new byte[10 + extra];
    b[0] = (byte) cmd;
    b[1] = (byte) type;
    for (int i = 0; i < 4; i++) {
      b[2 + i] = (byte) (length >> (8 * i));
      b[6 + i] = (byte) (address >> (8 * i));
    }
    return b;
  }

  @Override
  public void write(Region m, long offset, byte[] data) {
    byte[] b = header(JtagMk2.CMND_WRITE_MEMORY, type(m, true), data.length, memoryBase(m) + offset,
        data.length);
    System.arraycopy(data, 0, b, 10, data.length);
    jtag.expect(JtagMk2.RSP_OK, String.format("writing %s at 0x%X", m.memoryName(), offset), b);
  }

  @Override
  public boolean canRewrite(Region m) { return m == Region.FLASH; }

  /** Page erase (XMEGA_ERASE, application page) and write again. */
  @Override
  public void rewrite(Region m, long offset, byte[] data) {
    long a = base(m) + offset;
    jtag.expect(JtagMk2.RSP_OK, String.format("erasing the flash page at 0x%X", offset),
        (byte) JtagMk2.CMND_XMEGA_ERASE, (byte) 4, (byte) a, (byte) (a >> 8), (byte) (a >> 16),
        (byte) (a >> 24));
    write(m, offset, data);
  }

  @Override
  public byte[] read(Region m, long offset, int length) {
    byte[] out = new byte[length];
    int done = 0;
    while (done < length) {
      int n = Math.min(256, length - done);
      byte[] a = jtag.expect(JtagMk2.RSP_MEMORY,
          String.format("reading %s at 0x%X", m.memoryName(), offset + done),
          header(JtagMk2.CMND_READ_MEMORY, type(m, false), n, memoryBase(m) + offset + done, 0));
      if (a.length != n + 1) {
        throw new LinkException(String.format("%s: asked for %d bytes of %s, got %d",
            jtag.transport().name(), n, m.memoryName(), a.length - 1));
      }
      System.arraycopy(a, 1, out, done, n);
      done += n;
    }
    return out;
  }

  @Override
  public void recover() {
    jtag.transport().discardInput();
    jtag.expect(JtagMk2.RSP_OK, "sync", (byte) JtagMk2.CMND_GET_SYNC);
    enterProgMode();
  }

  @Override
  public void close() {
    try {
      if (inProgMode) {
        jtag.setRetries(1);
        jtag.command((byte) JtagMk2.CMND_LEAVE_PROGMODE);
        jtag.command((byte) JtagMk2.CMND_GO);
        jtag.command((byte) JtagMk2.CMND_SIGN_OFF);
      }
    } catch (LinkException ignored) {
      // the bridge leaves programming mode on its own after a while
    } finally {
      jtag.transport().close();
    }
  }
}
