package dev.avrkit.vboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The Arduino Nano Every's USB port: a MuxTO-like bridge. Setting 1200 baud (the "1200-baud
 * touch"; a pty has no DTR) enters the jtag2updi programmer, which speaks JTAGICE mkII frames and
 * drives the ATmega4809's UPDI at 230400 baud; it leaves 500 ms after LEAVE_PROGMODE or SIGN_OFF,
 * or 60 s after entry. At other baud rates the stored firmware runs with USART3 on the port
 * (through a {@link FirmwareRunner}).
 *
 * <p>The firmware version it reports decides the dialect, as avrdude's jtagmkII.c reads it: below
 * 7.00 (the MuxTO's 6.07) hosts send a device descriptor and data-space addresses (flash byte X at
 * 0x4000 + X, fuse n at 0x1280 + n). From 7.00 on they send CMND_SET_XMEGA_PARAMS (NVM offsets,
 * sizes, page sizes, NVM base) before programming mode, which the bridge then requires and checks
 * against the chip, and READ/WRITE_MEMORY addresses relative to the memory (flash byte X at X,
 * EEPROM byte n at n); an address at or above the data offset (0x1000000) is data space, and an
 * address inside a small memory's data-space window (avrdude's single-byte accesses add the
 * memory's offset) is taken as it is. XMEGA page erases carry data-space addresses in both.
 */
final class NanoEveryBoard extends BoardLogic {
  static final int UPDI_BAUD = 230400;
  static final long SESSION_LIMIT_NANOS = 60_000_000_000L;
  static final long LEAVE_DELAY_NANOS = 500_000_000L;

  private final Nvm0Chip chip;
  private final UpdiEngine engine;
  private final UpdiMaster updi;
  private final Optional<FirmwareRunner> runner;
  private boolean bridge;
  private long bridgeSince;
  private long leaveAt = Long.MAX_VALUE;
  private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
  private FirmwareRunner.Session session;
  private boolean saidNoRunner;
  private int lastBaud;
  /** The reported firmware version, {@code major << 8 | minor}. */
  private final int firmware;
  /** CMND_SET_XMEGA_PARAMS of this session (firmware 7+), or null. */
  private XmegaParams params;

  /**
   * What a host said in CMND_SET_XMEGA_PARAMS (avrdude's {@code struct xmega_device_desc}: NVM
   * offsets, sizes and page sizes, little-endian, after two bytes 0x0002 and a length byte 47).
   */
  record XmegaParams(long app, long boot, long eeprom, long fuse, long lock, long userSig,
      long prodSig, long data, long appSize, int bootSize, int flashPage, int eepromSize,
      int eepromPage, int nvmBase, int mcuBase) {
    static final int BODY_LENGTH = 1 + 2 + 1 + 47;

    static XmegaParams parse(byte[] body) {
      int d = 4;
      return new XmegaParams(Jtag2.u32(body, d), Jtag2.u32(body, d + 4), Jtag2.u32(body, d + 8),
          Jtag2.u32(body, d + 12), Jtag2.u32(body, d + 16), Jtag2.u32(body, d + 20),
          Jtag2.u32(body, d + 24), Jtag2.u32(body, d + 28), Jtag2.u32(body, d + 32),
          u16(body, d + 36), u16(body, d + 38), u16(body, d + 40), body[d + 42] & 0xFF,
          u16(body, d + 43), u16(body, d + 45));
    }

    private static int u16(byte[] b, int off) {
      return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }
  }

  NanoEveryBoard(Nvm0Chip chip, Optional<FirmwareRunner> runner, int firmware) {
    this.firmware = firmware;
    this.chip = chip;
    this.engine = new UpdiEngine(chip);
    chip.setListener(s -> log.accept(s));
    this.updi = new UpdiMaster(engine, UPDI_BAUD);
    this.runner = runner;
  }

  @Override
  String mode() {
    return bridge ? "bridge (jtag2updi)" : "running firmware";
  }

  @Override
  List<String> memoryNames() {
    return List.of("flash", "eeprom", "fuses", "lock", "userrow", "signature");
  }

  @Override
  byte[] memory(String name) {
    return chip.snapshot(name);
  }

  @Override
  byte[] preloadable(String memory) {
    return memory.equals("flash") ? chip.flash : memory.equals("eeprom") ? chip.eeprom : null;
  }

  @Override
  void lineChanged(LineSettings before, LineSettings now, boolean open) throws IOException {
    if (bridge) return; // the USB baud is ignored in bridge mode
    if (now.baud() == 1200) {
      enterBridge();
      return;
    }
    wire.setByteNanos(now.byteNanos());
    if (open && now.baud() != lastBaud) startFirmware(now.baud());
  }

  @Override
  void openChanged(boolean open, LineSettings now) throws IOException {
    if (bridge) return;
    if (open && now.baud() != 1200) startFirmware(now.baud());
    if (!open) stopFirmware();
  }

  private void enterBridge() {
    stopFirmware();
    bridge = true;
    bridgeSince = System.nanoTime();
    leaveAt = Long.MAX_VALUE;
    frame.reset();
    params = null;
    wire.setByteNanos(0); // USB full speed: the bridge, not the USB link, sets the pace
    log.accept("1200-baud touch: bridge mode (jtag2updi), target UPDI at " + UPDI_BAUD + " baud");
  }

  private void leaveBridge(String why) {
    bridge = false;
    leaveAt = Long.MAX_VALUE;
    engine.reset();
    if (chip.progMode()) {
      updi.stcs(0x8, 0x59);
      updi.stcs(0x8, 0x00);
    }
    log.accept("bridge mode ends (" + why + ")");
    Pty p = wire.pty();
    LineSettings s = p.settings();
    if (s.baud() == 1200 && !p.peerOpen()) p.setBaud(9600); // re-arm the next touch
    lastBaud = 0;
    if (p.peerOpen()) startFirmware(s.baud());
  }

  private void startFirmware(int baud) {
    stopFirmware();
    lastBaud = baud;
    if (runner.isEmpty()) {
      if (!saidNoRunner) {
        log.accept(
            "target reset: running the stored firmware needs the simulator (not available); "
                + "the port stays silent outside bridge mode");
        saidNoRunner = true;
      }
      return;
    }
    session =
        runner.get()
            .start(chip.layout, chip.snapshot("flash"), chip.snapshot("eeprom"),
                chip.snapshot("fuses"), baud,
                wire::sendFromFirmware);
    log.accept("target reset: firmware runs, USART3 on the port at " + baud + " baud");
  }

  private void stopFirmware() {
    if (session != null) {
      session.close();
      session = null;
    }
  }

  @Override
  void closed() {
    stopFirmware();
  }

  @Override
  void unplugged() {
    stopFirmware();
    if (bridge) {
      bridge = false;
      engine.reset();
      log.accept("bridge mode ends (unplugged)");
    }
  }

  @Override
  void tick() {
    if (!bridge) return;
    long now = System.nanoTime();
    if (now >= leaveAt) leaveBridge("500 ms after leaving programming mode");
    else if (now - bridgeSince > SESSION_LIMIT_NANOS) leaveBridge("60 s limit");
  }

  @Override
  void received(byte[] data) throws IOException {
    if (!bridge) {
      if (session != null) session.fromHost(data);
      return;
    }
    for (byte b : data) {
      if (frame.size() == 0 && b != Jtag2.MESSAGE_START) continue;
      frame.write(b);
      byte[] f = frame.toByteArray();
      if (f.length == 8 && f[7] != Jtag2.TOKEN) {
        resync(f);
        continue;
      }
      if (f.length >= 8) {
        long size = Jtag2.u32(f, 3);
        if (size > 4096 || size < 1) {
          resync(f);
          continue;
        }
        if (f.length == 8 + size + 2) {
          frame.reset();
          int crc = Jtag2.crc(f, 0, f.length - 2);
          if (crc != ((f[f.length - 2] & 0xFF) | (f[f.length - 1] & 0xFF) << 8)) {
            log.accept("jtag2updi: frame with bad CRC ignored");
            continue;
          }
          int seq = (f[1] & 0xFF) | (f[2] & 0xFF) << 8;
          byte[] body = java.util.Arrays.copyOfRange(f, 8, 8 + (int) size);
          byte[] reply = command(body);
          wire.busy(updi.takeNanos());
          wire.send(Jtag2.frame(seq, reply), 0);
          afterReply(body[0] & 0xFF);
        }
      }
    }
  }

  /** Drops the first byte of a bad frame and looks for the next start byte in the rest. */
  private void resync(byte[] f) {
    frame.reset();
    int i = 1;
    while (i < f.length && f[i] != Jtag2.MESSAGE_START) i++;
    if (i < f.length) frame.write(f, i, f.length - i);
  }

  private void afterReply(int cmd) {
    if (cmd == Jtag2.CMND_LEAVE_PROGMODE || cmd == Jtag2.CMND_SIGN_OFF) {
      leaveAt = System.nanoTime() + LEAVE_DELAY_NANOS;
    }
  }

  private byte[] command(byte[] body) {
    int cmd = body[0] & 0xFF;
    switch (cmd) {
      case Jtag2.CMND_GET_SIGN_ON:
        params = null;
        return Jtag2.signOn(firmware);
      case Jtag2.CMND_SET_XMEGA_PARAMS:
        return setXmegaParams(body);
      case Jtag2.CMND_SIGN_OFF:
      case Jtag2.CMND_GET_SYNC:
      case Jtag2.CMND_GO:
      case Jtag2.CMND_SET_DEVICE_DESCRIPTOR:
        return ok();
      case Jtag2.CMND_SET_PARAMETER:
        return ok();
      case Jtag2.CMND_GET_PARAMETER:
        return parameter(body.length > 1 ? body[1] & 0xFF : -1);
      case Jtag2.CMND_RESET:
        updi.stcs(0x8, 0x59);
        updi.stcs(0x8, 0x00);
        return ok();
      case Jtag2.CMND_ENTER_PROGMODE:
        return enterProgmode();
      case Jtag2.CMND_LEAVE_PROGMODE:
        if (chip.progMode()) {
          updi.stcs(0x8, 0x59);
          updi.stcs(0x8, 0x00);
          updi.stcs(0x3, 0x04); // UPDIDIS
        }
        return ok();
      case Jtag2.CMND_XMEGA_ERASE:
        return erase(body);
      case Jtag2.CMND_READ_MEMORY:
        return readMemory(body);
      case Jtag2.CMND_WRITE_MEMORY:
        return writeMemory(body);
      default:
        log.accept(String.format("jtag2updi: command 0x%02X not supported, answered FAILED", cmd));
        return new byte[] {(byte) Jtag2.RSP_FAILED};
    }
  }

  private static byte[] ok() {
    return new byte[] {(byte) Jtag2.RSP_OK};
  }

  private byte[] parameter(int id) {
    return switch (id) {
      case 0x01 -> new byte[] {(byte) Jtag2.RSP_PARAMETER, 0x01}; // hardware version
      case 0x02 -> new byte[] {(byte) Jtag2.RSP_PARAMETER, (byte) firmware, (byte) (firmware >> 8),
          (byte) firmware, (byte) (firmware >> 8)}; // master and slave firmware
      case 0x03 -> new byte[] {(byte) Jtag2.RSP_PARAMETER, 0x06}; // emulator mode: UPDI
      case 0x05 -> new byte[] {(byte) Jtag2.RSP_PARAMETER, 0x07}; // 115200
      case 0x06 -> new byte[] {(byte) Jtag2.RSP_PARAMETER, (byte) 0x88, 0x13}; // 5000 mV
      default -> new byte[] {(byte) Jtag2.RSP_FAILED};
    };
  }

  private boolean ensureLink() {
    updi.stcs(0x3, 0x08); // CCDETDIS
    updi.stcs(0x2, 0x80); // IBDLY
    return updi.ldcs(0x0) != 0;
  }

  private boolean relativeAddresses() {
    return firmware >= 0x0700;
  }

  /**
   * Firmware 7+: takes the host's XMEGA parameters after checking them against the chip (a zero
   * offset or size means "not given", as avrdude leaves memories out that its part lacks).
   */
  private byte[] setXmegaParams(byte[] body) {
    if (!relativeAddresses()) {
      log.accept("jtag2updi: CMND_SET_XMEGA_PARAMS needs firmware 7.00 or later; answered FAILED");
      return new byte[] {(byte) Jtag2.RSP_FAILED};
    }
    if (body.length != XmegaParams.BODY_LENGTH || (body[3] & 0xFF) != 47) {
      log.accept("jtag2updi: CMND_SET_XMEGA_PARAMS of " + body.length + " bytes, not "
          + XmegaParams.BODY_LENGTH + "; answered FAILED");
      return new byte[] {(byte) Jtag2.RSP_FAILED};
    }
    XmegaParams p = XmegaParams.parse(body);
    ChipLayout l = chip.layout;
    List<String> wrong = new java.util.ArrayList<>();
    check(wrong, "flash page size", p.flashPage(), l.flashPage(), false);
    check(wrong, "EEPROM page size", p.eepromPage(), l.eepromPage(), false);
    check(wrong, "EEPROM size", p.eepromSize(), l.eepromSize(), true);
    check(wrong, "NVM controller base", p.nvmBase(), l.nvmctrlData(), false);
    check(wrong, "application flash offset", p.app(), l.flashData(), true);
    if (p.appSize() > l.flashSize()) { // a host may claim less (a boot loader's share)
      wrong.add(String.format("application flash size 0x%X (the chip has 0x%X)", p.appSize(),
          l.flashSize()));
    }
    check(wrong, "EEPROM offset", p.eeprom(), l.eepromData(), true);
    check(wrong, "fuse offset", p.fuse() & ~15L, l.fuseData() & ~15L, true);
    check(wrong, "lock offset", p.lock(), l.lockData(), true);
    check(wrong, "user signature offset", p.userSig(), l.userRowData(), true);
    check(wrong, "data offset", p.data(), DATA_OFFSET, true);
    if (p.prodSig() != 0 && (p.prodSig() < l.sigrowData() || p.prodSig() >= l.sigrowData() + 0x80)) {
      wrong.add(String.format("production signature offset 0x%X (SIGROW is at 0x%X)",
          p.prodSig(), l.sigrowData()));
    }
    if (!wrong.isEmpty()) {
      log.accept("jtag2updi: CMND_SET_XMEGA_PARAMS does not fit the " + l.name() + ": "
          + String.join(", ", wrong) + "; answered ILLEGAL_VALUE");
      return new byte[] {(byte) Jtag2.RSP_ILLEGAL_VALUE};
    }
    params = p;
    log.accept(String.format("jtag2updi: XMEGA parameters: flash page %d, EEPROM %d bytes "
        + "(page %d) at 0x%X, fuses at 0x%X, lock at 0x%X, NVMCTRL at 0x%X", p.flashPage(),
        p.eepromSize(), p.eepromPage(), p.eeprom(), p.fuse(), p.lock(), p.nvmBase()));
    return ok();
  }

  private static void check(List<String> wrong, String what, long got, long chip, boolean zeroOk) {
    if (got == chip || (zeroOk && got == 0)) return;
    wrong.add(String.format("%s 0x%X (the chip's: 0x%X)", what, got, chip));
  }

  /** Where firmware 7+ hosts' memory-relative addresses start: data space (SRAM, I/O). */
  static final long DATA_OFFSET = 0x1000000L;

  /**
   * The data-space address of a READ/WRITE_MEMORY address of a memory type; -1 when it lies
   * outside the memory. Firmware below 7: the address is a data-space address already.
   */
  private long dataAddress(int type, long address) {
    if (!relativeAddresses()) return address & 0xFFFF;
    if (address >= DATA_OFFSET) return address - DATA_OFFSET;
    ChipLayout l = chip.layout;
    long base;
    long size;
    switch (type) {
      case Jtag2.MTYPE_FLASH, Jtag2.MTYPE_FLASH_PAGE, Jtag2.MTYPE_BOOT_FLASH -> {
        return address < l.flashSize() ? l.flashData() + address : -1;
      }
      case Jtag2.MTYPE_SRAM -> {
        return address;
      }
      case Jtag2.MTYPE_EEPROM, Jtag2.MTYPE_EEPROM_XMEGA -> {
        base = l.eepromData();
        size = l.eepromSize();
      }
      case Jtag2.MTYPE_FUSE_BITS -> {
        base = l.fuseData();
        size = l.fuseDefaults().length;
      }
      case Jtag2.MTYPE_LOCK_BITS -> {
        base = l.lockData();
        size = l.nvmVersion() >= 2 ? 4 : 1;
      }
      case Jtag2.MTYPE_USERSIG -> {
        base = l.userRowData();
        size = l.userRowSize();
      }
      case Jtag2.MTYPE_SIGN_JTAG -> {
        base = l.sigrowData();
        size = 3;
      }
      case Jtag2.MTYPE_PRODSIG -> {
        base = params != null && params.prodSig() != 0 ? params.prodSig() : l.sigrowData();
        size = l.sigrowData() + 0x80 - base;
      }
      default -> {
        return -1;
      }
    }
    if (address >= base && address < base + size) return address; // with the offset already
    return address < size ? base + address : -1;
  }

  private byte[] enterProgmode() {
    if (chip.progMode()) return ok();
    if (relativeAddresses() && params == null) {
      log.accept("jtag2updi: firmware 7 needs CMND_SET_XMEGA_PARAMS before programming mode; "
          + "answered FAILED");
      return new byte[] {(byte) Jtag2.RSP_FAILED};
    }
    ensureLink();
    if ((updi.ldcs(0xB) & 0x01) != 0) {
      log.accept("jtag2updi: target is locked; only a chip erase can unlock it");
      return new byte[] {(byte) Jtag2.RSP_ILLEGAL_MCU_STATE};
    }
    updi.key("NVMProg ");
    updi.stcs(0x8, 0x59);
    updi.stcs(0x8, 0x00);
    for (int i = 0; i < 10 && (updi.ldcs(0xB) & 0x08) == 0; i++) updi.addNanos(1_000_000);
    return (updi.ldcs(0xB) & 0x08) != 0 ? ok() : new byte[] {(byte) Jtag2.RSP_FAILED};
  }

  private void nvmCommand(int cmd) {
    int base = chip.layout.nvmctrlData();
    updi.sts(base, cmd);
    waitNvm();
  }

  private void waitNvm() {
    int base = chip.layout.nvmctrlData();
    // the real bridge polls STATUS; here time is charged and the target's busy flag observed
    wire.busy(updi.takeNanos());
    for (int i = 0; i < 1000 && (updi.lds(base + 2) & 0x03) != 0; i++) {
      wire.busy(updi.takeNanos() + 500_000);
    }
  }

  private byte[] erase(byte[] body) {
    int mode = body.length > 1 ? body[1] & 0xFF : 0;
    long address = body.length >= 6 ? Jtag2.u32(body, 2) : 0;
    if (mode == 0) { // chip erase, also for locked parts (by key)
      ensureLink();
      updi.key("NVMErase");
      updi.stcs(0x8, 0x59);
      updi.stcs(0x8, 0x00);
      updi.addNanos(Nvm0Chip.CHIP_ERASE_NANOS);
      // back into programming mode: the erase reset left it
      updi.key("NVMProg ");
      updi.stcs(0x8, 0x59);
      updi.stcs(0x8, 0x00);
      return ok();
    }
    if (!chip.progMode()) return new byte[] {(byte) Jtag2.RSP_ILLEGAL_MCU_STATE};
    // page erases (application/boot/EEPROM page): erase the page holding the address
    updi.write((int) address, new byte[] {(byte) 0xFF});
    nvmCommand(Nvm0Chip.CMD_ER);
    return ok();
  }

  private byte[] readMemory(byte[] body) {
    if (body.length < 10) return new byte[] {(byte) Jtag2.RSP_FAILED};
    int type = body[1] & 0xFF;
    int len = (int) Jtag2.u32(body, 2);
    long at = dataAddress(type, Jtag2.u32(body, 6));
    if (len <= 0 || len > 4096) return new byte[] {(byte) Jtag2.RSP_FAILED};
    if (at < 0) return outOfRange("read", type, Jtag2.u32(body, 6));
    if (!chip.progMode() && type != Jtag2.MTYPE_SIGN_JTAG) {
      return new byte[] {(byte) Jtag2.RSP_ILLEGAL_MCU_STATE};
    }
    byte[] data = updi.read((int) at, len);
    byte[] reply = new byte[1 + data.length];
    reply[0] = (byte) Jtag2.RSP_MEMORY;
    System.arraycopy(data, 0, reply, 1, data.length);
    return reply;
  }

  private byte[] outOfRange(String what, int type, long address) {
    log.accept(String.format("jtag2updi: %s of memory type 0x%02X at 0x%X: outside the memory; "
        + "answered ILLEGAL_MEMORY_RANGE", what, type, address));
    return new byte[] {(byte) 0xA3};
  }

  private byte[] writeMemory(byte[] body) {
    if (body.length < 10) return new byte[] {(byte) Jtag2.RSP_FAILED};
    int type = body[1] & 0xFF;
    int len = (int) Jtag2.u32(body, 2);
    long at = dataAddress(type, Jtag2.u32(body, 6));
    if (body.length < 10 + len) return new byte[] {(byte) Jtag2.RSP_FAILED};
    if (at < 0) return outOfRange("write", type, Jtag2.u32(body, 6));
    int address = (int) at;
    if (!chip.progMode()) return new byte[] {(byte) Jtag2.RSP_ILLEGAL_MCU_STATE};
    byte[] data = java.util.Arrays.copyOfRange(body, 10, 10 + len);
    ChipLayout l = chip.layout;
    switch (type) {
      case Jtag2.MTYPE_FUSE_BITS, Jtag2.MTYPE_LOCK_BITS -> {
        int base = l.nvmctrlData();
        for (int i = 0; i < len; i++) {
          updi.sts(base + 8, (address + i) & 0xFF);
          updi.sts(base + 9, ((address + i) >> 8) & 0xFF);
          updi.sts(base + 6, data[i] & 0xFF);
          nvmCommand(Nvm0Chip.CMD_WFU);
        }
      }
      case Jtag2.MTYPE_SIGN_JTAG, Jtag2.MTYPE_PRODSIG -> {
        return new byte[] {(byte) Jtag2.RSP_ILLEGAL_MEMORY_TYPE}; // read-only
      }
      case Jtag2.MTYPE_FLASH, Jtag2.MTYPE_FLASH_PAGE, Jtag2.MTYPE_BOOT_FLASH -> {
        for (int off = 0; off < len; ) {
          int page = l.flashPage();
          int n = Math.min(len - off, page - ((address + off) % page));
          nvmCommand(Nvm0Chip.CMD_PBC);
          updi.write(address + off, java.util.Arrays.copyOfRange(data, off, off + n));
          nvmCommand(Nvm0Chip.CMD_WP);
          off += n;
        }
      }
      default -> { // EEPROM, user row: page buffer, erase+write
        int page = type == Jtag2.MTYPE_USERSIG ? Math.max(l.userRowSize(), 1) : l.eepromPage();
        for (int off = 0; off < len; ) {
          int n = Math.min(len - off, page - ((address + off) % page));
          nvmCommand(Nvm0Chip.CMD_PBC);
          updi.write(address + off, java.util.Arrays.copyOfRange(data, off, off + n));
          nvmCommand(Nvm0Chip.CMD_ERWP);
          off += n;
        }
      }
    }
    return ok();
  }
}
