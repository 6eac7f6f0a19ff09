package dev.avrkit.program;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.image.Region;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SerialUPDI: the UPDI application layer (programming mode by key, reset, chip erase by key for
 * locked parts, SIB) and the NVM drivers of NVM controller version 0 (megaAVR 0, tinyAVR 0/1/2:
 * page buffer, 16-bit addresses) and version 2 (AVR DA/DB/DD: no buffer, 24-bit addresses, word
 * writes), chosen by the model and checked against the chip's SIB.
 */
public final class UpdiProgrammer implements Programmer {
  private static final int SYS_NVMPROG = 0x08;
  private static final int SYS_LOCKSTATUS = 0x01;
  private static final int KEY_NVMPROG = 0x10;
  private static final int KEY_CHIPERASE = 0x08;

  private final UpdiLink link;
  private final TargetInfo target;
  private int nvmVersion;
  private String sib = "";
  private boolean inProgMode;
  private boolean unlockByErase;

  public UpdiProgrammer(UpdiLink link, TargetInfo target) {
    if (!target.isUpdi()) {
      throw new AvrkitException(target.name() + " is not a UPDI part; use --programmer arduino "
          + "(bootloader) for it");
    }
    this.link = link;
    this.target = target;
    this.nvmVersion = target.nvmVersion();
  }

  /** Opens a serial port as a SerialUPDI adapter. */
  public static UpdiProgrammer open(String port, int baud, TargetInfo target) {
    Transport t = SerialTransport.open(port, baud, Transport.Parity.EVEN, 2);
    return new UpdiProgrammer(new UpdiLink(t, baud), target);
  }

  @Override
  public String description() { return "SerialUPDI on " + link.transport().name(); }

  /** The System Information Block read at connect. */
  public String sib() { return sib; }

  @Override
  public void allowUnlockByErase() { unlockByErase = true; }

  private boolean connectTried;

  @Override
  public void connect() {
    link.setAddressBytes(nvmVersion >= 2 ? 3 : 2);
    if (connectTried) link.doubleBreak();
    connectTried = true;
    link.init();
    sib = link.sib();
    for (int i = 0; i < 2 && !sib.contains("P:" + nvmVersion); i++) {
      sib = link.sib(); // a line error may have garbled it: read it again
    }
    Matcher m = Pattern.compile("P:(\\d)").matcher(sib);
    if (m.find()) {
      int v = Integer.parseInt(m.group(1));
      if (v != nvmVersion) {
        throw new AvrkitException(String.format(
            "%s: the chip reports NVM controller P:%d (SIB '%s') but %s has P:%d; a different "
                + "chip is connected: pass its name with --device", link.transport().name(), v, sib,
            target.name(), nvmVersion));
      }
    }
    if (nvmVersion != 0 && nvmVersion != 2) {
      throw new AvrkitException(target.name() + ": NVM controller P:" + nvmVersion
          + " is not supported yet (P:0 megaAVR 0/tinyAVR and P:2 AVR Dx are)");
    }
    if (unlockByErase && isLocked()) {
      chipErase();
      return;
    }
    enterProgMode();
  }

  private void resetPulse() {
    nvmIdle = false;
    link.stcs(UpdiLink.ASI_RESET_REQ, 0x59);
    link.stcs(UpdiLink.ASI_RESET_REQ, 0x00);
    link.rsdOff();
  }

  private void enterProgMode() {
    if ((link.ldcs(UpdiLink.ASI_SYS_STATUS) & SYS_NVMPROG) != 0) {
      inProgMode = true;
      return;
    }
    link.key(UpdiLink.KEY_NVMPROG);
    if ((link.ldcs(UpdiLink.ASI_KEY_STATUS) & KEY_NVMPROG) == 0) {
      throw new LinkException(link.transport().name() + ": the chip did not take the NVMProg key");
    }
    resetPulse();
    long deadline = System.currentTimeMillis() + 500;
    while (true) {
      int s = link.ldcs(UpdiLink.ASI_SYS_STATUS);
      if ((s & SYS_NVMPROG) != 0) break;
      boolean late = System.currentTimeMillis() > deadline;
      if ((s & SYS_LOCKSTATUS) != 0 && late) {
        throw new AvrkitException(link.transport().name() + ": the chip is locked (lock bits set); "
            + "`avrkit erase` unlocks it by chip erase, which erases flash and EEPROM");
      }
      if (late) {
        throw new LinkException(link.transport().name() + ": the chip did not enter programming mode "
            + String.format("(ASI_SYS_STATUS 0x%02X)", s));
      }
    }
    inProgMode = true;
  }

  /** Whether the chip reports itself locked (after connect also possible before prog mode). */
  public boolean isLocked() {
    return (link.ldcs(UpdiLink.ASI_SYS_STATUS) & SYS_LOCKSTATUS) != 0;
  }

  @Override
  public byte[] readSignature() { return link.ld(target.sigrowAddress(), 3); }

  @Override
  public boolean supports(Region m) { return target.hasMemory(m); }

  /** Chip erase by key: works on locked chips too; leaves the chip in programming mode. */
  @Override
  public void chipErase() {
    link.key(UpdiLink.KEY_CHIPERASE);
    if ((link.ldcs(UpdiLink.ASI_KEY_STATUS) & KEY_CHIPERASE) == 0) {
      throw new LinkException(link.transport().name() + ": the chip did not take the chip-erase key");
    }
    resetPulse();
    long deadline = System.currentTimeMillis() + 5000;
    while ((link.ldcs(UpdiLink.ASI_SYS_STATUS) & SYS_LOCKSTATUS) != 0) {
      if (System.currentTimeMillis() > deadline) {
        throw new LinkException(link.transport().name() + ": chip erase did not finish within 5 s");
      }
    }
    inProgMode = false;
    enterProgMode();
  }

  @Override
  public int writeUnit(Region m) {
    return switch (m) {
      case FLASH -> target.flashPageSize();
      case EEPROM -> nvmVersion >= 2 ? 1 : target.eepromPageSize();
      case USERROW -> target.userRowSize();
      default -> 1;
    };
  }

  /** Flash of P:0 parts goes out in bursts of pages (see {@link #STREAM_PAGES}). */
  @Override
  public int burstUnit(Region m) {
    if (m == Region.FLASH && nvmVersion == 0 && streaming) {
      return (int) Math.min(target.flashSize(), (long) target.flashPageSize() * STREAM_PAGES);
    }
    return writeUnit(m);
  }

  @Override
  public int readUnit(Region m) { return m == Region.FLASH ? 512 : 256; }

  private long base(Region m) { return target.dataAddress(m); }

  @Override
  public byte[] read(Region m, long offset, int length) {
    byte[] out = new byte[length];
    int done = 0;
    while (done < length) {
      long at = base(m) + offset + done;
      int left = length - done;
      int n;
      byte[] got;
      if (m == Region.FLASH && at % 2 == 0 && left >= 2) {
        n = Math.min(512, left - left % 2); // flash by words: 512 bytes a round trip
        got = link.ldWords(at, n);
      } else {
        n = Math.min(m == Region.FLASH && at % 2 != 0 ? 1 : 256, left);
        got = link.ld(at, n);
      }
      System.arraycopy(got, 0, out, done, n);
      done += n;
    }
    return out;
  }

  @Override
  public void write(Region m, long offset, byte[] data) {
    long addr = base(m) + offset;
    if (nvmVersion == 0) writeV0(m, addr, data, false);
    else writeV2(m, addr, data, false);
  }

  @Override
  public boolean canRewrite(Region m) {
    return m == Region.FLASH || m == Region.EEPROM || m == Region.USERROW;
  }

  /** Page erase and write (NVM v0: ERWP; v2: FLPER then FLWR). */
  @Override
  public void rewrite(Region m, long offset, byte[] data) {
    long addr = base(m) + offset;
    if (nvmVersion == 0) writeV0(m, addr, data, true);
    else writeV2(m, addr, data, true);
  }

  // NVMCTRL v0 (megaAVR 0 / tinyAVR)
  private static final int V0_WP = 1;
  private static final int V0_ERWP = 3;
  private static final int V0_PBC = 4;
  private static final int V0_CHER = 5;
  private static final int V0_WFU = 7;

  /**
   * Flash pages a P:0 write sends in one piece, with one status read at the end. Between pages
   * the line is kept busy (not silent: a round trip costs a USB latency) for the page write time.
   */
  private static final int STREAM_PAGES = 16;
  /**
   * NVMCTRL v0 page write (WP) time, 2 ms in the megaAVR 0 / tinyAVR 0/1/2 data sheets; the
   * streamed write leaves 5 % more before the next page-buffer store. The page buffer cannot be
   * loaded while a page is written (the bus stalls and bytes on the line are lost), so a chip that
   * is slower than this fails the burst's status read; the pipeline then writes the burst's pages
   * again one by one, and from then on every page waits for its status poll.
   */
  private static final long V0_PAGE_WRITE_NANOS = 2_000_000;
  private boolean streaming = true;

  private void writeV0(Region m, long addr, byte[] data, boolean erase) {
    switch (m) {
      case FLASH, EEPROM, USERROW -> {
        if (m == Region.FLASH && !erase && streaming) {
          streamFlashV0(addr, data);
          return;
        }
        int page = m == Region.FLASH ? target.flashPageSize()
            : m == Region.EEPROM ? target.eepromPageSize() : target.userRowSize();
        for (int off = 0; off < data.length; ) {
          int n = (int) Math.min(data.length - off, page - (addr + off) % page);
          writePageV0(m, addr + off, java.util.Arrays.copyOfRange(data, off, off + n), erase);
          off += n;
        }
      }
      case FUSES, LOCK -> {
        for (int i = 0; i < data.length; i++) {
          waitReady(200);
          long a = addr + i;
          link.sts(target.nvmctrlAddress() + 8, (int) (a & 0xFF));
          link.sts(target.nvmctrlAddress() + 9, (int) ((a >> 8) & 0xFF));
          link.sts(target.nvmctrlAddress() + 6, data[i] & 0xFF);
          command(V0_WFU);
          waitReady(200);
        }
      }
      default -> throw new AvrkitException("cannot write " + m.memoryName() + " over UPDI");
    }
  }

  /** One page: buffer clear, fill, write (or erase+write) in one piece, then wait for the NVM. */
  private void writePageV0(Region m, long addr, byte[] data, boolean erase) {
    if (!nvmIdle) waitReady(200);
    // the first status read rides along: one round trip less a page
    int status = link.sendThenLds(link.batch()
        .sts(target.nvmctrlAddress(), V0_PBC)
        .st(addr, data)
        .sts(target.nvmctrlAddress(), m == Region.FLASH && !erase ? V0_WP : V0_ERWP),
        target.nvmctrlAddress() + 2);
    nvmIdle = false;
    if (!checkStatus(status)) waitReady(200);
  }

  /**
   * Flash pages of an erased chip, streamed: one buffer clear, then per page REPEAT, ST *ptr++
   * and WP (the buffer clears itself after each write), the line kept busy while each page is
   * written, and the NVM status read at the end. Pages of 0xFF are left out: writing them to
   * erased flash changes nothing.
   */
  private void streamFlashV0(long addr, byte[] data) {
    int page = target.flashPageSize();
    long nvm = target.nvmctrlAddress();
    boolean any = false;
    for (int off = 0; off < data.length && !any; off++) any = data[off] != (byte) 0xFF;
    if (!any) return;
    if (!nvmIdle) waitReady(200);
    // the store of a page's first byte follows REPEAT (3 bytes), ST (2) and the byte itself
    long gap = V0_PAGE_WRITE_NANOS * 21 / 20 - 6 * link.byteNanos();
    UpdiLink.Batch b = link.batch().sts(nvm, V0_PBC);
    long pointer = -1;
    boolean writing = false;
    for (int off = 0; off < data.length; ) {
      int n = (int) Math.min(data.length - off, page - (addr + off) % page);
      boolean blank = true;
      for (int i = off; i < off + n && blank; i++) blank = data[i] == (byte) 0xFF;
      if (!blank) {
        if (writing && gap > 0) b.idle(gap);
        if (pointer != addr + off) b.pointer(addr + off);
        b.stNext(data, off, n).sts(nvm, V0_WP);
        pointer = addr + off + n;
        writing = true;
      }
      off += n;
    }
    try {
      int status = link.sendThenLds(b, nvm + 2);
      nvmIdle = false;
      checkStatus(status); // the last page may still be in writing: the next write waits for it
    } catch (LinkException e) {
      streaming = false; // from here on page by page, each with its status poll
      throw e;
    }
  }

  // NVMCTRL v2 (AVR Dx)
  private static final int V2_NOCMD = 0x00;
  private static final int V2_FLWR = 0x02;
  private static final int V2_FLPER = 0x08;
  private static final int V2_EEERWR = 0x13;

  private void writeV2(Region m, long addr, byte[] data, boolean erase) {
    waitReady(200);
    if (m == Region.USERROW) {
      writeUserRowV2(addr, data);
      return;
    }
    if (m == Region.FLASH && erase) {
      command(V2_NOCMD);
      command(V2_FLPER);
      link.sts(addr, 0xFF); // a write into the page starts the page erase
      waitReady(200);
    }
    if (m == Region.FLASH) {
      command(V2_NOCMD);
      command(V2_FLWR);
      for (int i = 0; i < data.length; i += 512) {
        byte[] part = java.util.Arrays.copyOfRange(data, i, Math.min(data.length, i + 512));
        link.stWords(addr + i, part);
      }
    } else {
      command(V2_NOCMD);
      command(V2_EEERWR);
      for (int i = 0; i < data.length; i++) {
        link.sts(addr + i, data[i] & 0xFF);
        waitReady(200);
      }
    }
    waitReady(200);
    command(V2_NOCMD);
  }

  /**
   * The user row of an AVR Dx is a flash page, not EEPROM (EEERWR to it is the ILLEGALSADDR
   * error): read the row, put the new bytes in, erase the page (FLPER and a dummy write), then
   * write the whole row back byte by byte under FLWR, so bytes outside the image keep their value.
   */
  private void writeUserRowV2(long addr, byte[] data) {
    long rowBase = target.userRowAddress();
    int size = target.userRowSize();
    int at = (int) (addr - rowBase);
    if (at < 0 || at + data.length > size) {
      throw new AvrkitException(String.format("userrow write at 0x%X (%d bytes) is outside the "
          + "%d-byte user row", at, data.length, size));
    }
    byte[] row = link.ld(rowBase, size);
    System.arraycopy(data, 0, row, at, data.length);
    command(V2_NOCMD);
    command(V2_FLPER);
    link.sts(rowBase, 0xFF); // a write into the page starts the page erase
    waitReady(200);
    command(V2_NOCMD);
    command(V2_FLWR);
    link.st(rowBase, row);
    waitReady(200);
    command(V2_NOCMD);
  }

  private void command(int cmd) {
    nvmIdle = false;
    link.sts(target.nvmctrlAddress(), cmd);
  }

  /** Whether the NVM controller was seen idle after the last command this side gave it. */
  private boolean nvmIdle;

  private void waitReady(long millis) {
    nvmIdle = false;
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      int s = link.lds(target.nvmctrlAddress() + 2);
      if (checkStatus(s)) return;
      if (System.currentTimeMillis() > deadline) {
        throw new LinkException(link.transport().name() + ": the NVM controller stayed busy for "
            + millis + " ms");
      }
    }
  }

  /**
   * Looks at NVMCTRL.STATUS: a write error is a {@link LinkException}; true (and the controller
   * noted idle) when it is not busy.
   */
  private boolean checkStatus(int s) {
    int errMask = nvmVersion >= 2 ? 0x70 : 0x04;
    if ((s & errMask) != 0) {
      throw new LinkException(String.format(
          "%s: the NVM controller reports a write error (STATUS 0x%02X)", link.transport().name(), s));
    }
    if ((s & 0x03) == 0) {
      nvmIdle = true;
      return true;
    }
    return false;
  }

  /** Erases flash and EEPROM with the NVM controller's chip-erase command (unlocked chips). */
  public void nvmChipErase() {
    waitReady(200);
    if (nvmVersion >= 2) command(V2_NOCMD);
    command(nvmVersion >= 2 ? 0x20 : V0_CHER);
    waitReady(5000);
    if (nvmVersion >= 2) command(V2_NOCMD); // P:2 keeps a command selected until NOCMD
  }

  @Override
  public void recover() {
    link.doubleBreak();
    link.init();
    inProgMode = false;
    enterProgMode();
  }

  @Override
  public void close() {
    try {
      if (inProgMode) {
        resetPulse();
        link.stcs(UpdiLink.CS_CTRLB, UpdiLink.CTRLB_UPDIDIS | UpdiLink.CTRLB_CCDETDIS);
      }
    } catch (LinkException ignored) {
      // leaving anyway: the chip restarts on the next reset or power cycle
    } finally {
      link.transport().close();
    }
  }
}
