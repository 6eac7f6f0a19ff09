package dev.avrkit.vboard;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * An AVR8X part as its UPDI interface and NVM controller see it. Version 0 (megaAVR 0, tinyAVR
 * 0/1/2): flash, EEPROM, fuses, lock byte, user row and SIGROW in data space, the shared page
 * buffer and the NVMCTRL commands WP, ER, ERWP, PBC, CHER, EEER and WFU. Version 2 (AVR DA/DB/DD):
 * 24-bit UPDI addresses with flash at 0x800000 (and one FLMAP section in the 0x8000 data window),
 * no page buffer: a command is selected in CTRLA (NOCMD, NOOP, FLWR, FLPER, FLMPERn, EEWR, EEERWR,
 * EEBER, EEMBERn, CHER, EECHER) and then every byte written to flash, EEPROM, fuses, lock key or
 * user row is the operation; selecting a second command without NOCMD in between is the
 * DOUBLESELECT error. Both: the UPDI keys (NVMProg, NVMErase) and system reset. Not thread-safe: one board thread drives it; other threads read
 * snapshots through {@link #snapshot(String)} under the board's lock.
 */
final class Nvm0Chip {
  static final int CMD_WP = 1;
  static final int CMD_ER = 2;
  static final int CMD_ERWP = 3;
  static final int CMD_PBC = 4;
  static final int CMD_CHER = 5;
  static final int CMD_EEER = 6;
  static final int CMD_WFU = 7;
  static final long KEY_NVMPROG = keyValue("NVMProg ");
  static final long KEY_CHIPERASE = keyValue("NVMErase");
  static final long KEY_UROWWRITE = keyValue("NVMUs&te");

  // Approximate NVM operation times (ATmega4809 datasheet order of magnitude).
  static final long PAGE_WRITE_NANOS = 2_000_000;
  static final long PAGE_ERASE_NANOS = 2_000_000;
  static final long CHIP_ERASE_NANOS = 10_000_000;
  static final long FUSE_WRITE_NANOS = 4_000_000;

  final ChipLayout layout;
  /** NVM controller version 2 (AVR Dx) rather than 0. */
  final boolean v2;
  // version 2 commands (NVMCTRL.CTRLA.CMD)
  static final int V2_NOCMD = 0x00;
  static final int V2_NOOP = 0x01;
  static final int V2_FLWR = 0x02;
  static final int V2_FLPER = 0x08;
  static final int V2_EEWR = 0x12;
  static final int V2_EEERWR = 0x13;
  static final int V2_EEBER = 0x18;
  static final int V2_CHER = 0x20;
  static final int V2_EECHER = 0x30;
  // version 2 STATUS.ERROR codes (bits 6:4)
  static final int V2_ERR_ILLEGALCMD = 0x10;
  static final int V2_ERR_ILLEGALSADDR = 0x20;
  static final int V2_ERR_DOUBLESELECT = 0x30;
  static final long V2_WORD_WRITE_NANOS = 50_000; // flash is written as it arrives, word by word
  static final long V2_EEPROM_BYTE_NANOS = 100_000; // one EEPROM/fuse byte (shortened)
  private int cmd; // version 2: the selected command
  final byte[] flash;
  final byte[] eeprom;
  final byte[] fuses;
  final byte[] userRow;
  final byte[] sigrow = new byte[0x80];
  int lock;
  private final byte[] other = new byte[0x10000]; // I/O and SRAM stand-in
  private final byte[] pageBuffer;
  private final boolean[] loaded;
  private int bufferAddress = -1; // data-space address of the last byte written to the buffer
  private int ctrlb;
  private int data;
  private int addr;
  private int statusErr;
  private long busyUntil;
  private LongSupplier clock;
  // UPDI ASI state
  private long keysGiven; // bit 3 chip erase, 4 NVMPROG, 5 UROWWRITE (ASI_KEY_STATUS layout)
  private boolean inReset;
  private boolean progMode;
  private boolean urowProg;
  private byte[] urowBuffer;
  private Listener listener = e -> {};

  /** What a board prints about the chip: memories written, erases, mode changes. */
  interface Listener {
    void event(String what);
  }

  Nvm0Chip(ChipLayout layout, LongSupplier clock) {
    if (!layout.updi() || (layout.nvmVersion() != 0 && layout.nvmVersion() != 2)) {
      throw new dev.avrkit.device.AvrkitException(
          layout.name() + " has NVM controller version " + layout.nvmVersion()
              + "; the virtual UPDI target simulates versions 0 (megaAVR 0, tinyAVR) and 2 (AVR Dx)"
              + " only");
    }
    v2 = layout.nvmVersion() == 2;
    this.layout = layout;
    this.clock = clock;
    flash = filled(layout.flashSize());
    eeprom = filled(layout.eepromSize());
    fuses = layout.fuseDefaults();
    userRow = filled(layout.userRowSize());
    lock = layout.lockDefault();
    pageBuffer = filled(Math.max(layout.flashPage(), layout.eepromPage()));
    loaded = new boolean[pageBuffer.length];
    byte[] sig = layout.signature();
    System.arraycopy(sig, 0, sigrow, 0, 3);
    // a fixed serial number so reads are repeatable
    for (int i = 3; i < sigrow.length; i++) sigrow[i] = (byte) (i * 7 + 0x31);
  }

  void setListener(Listener l) {
    listener = l;
  }

  static byte[] filled(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 0xFF);
    return b;
  }

  static long keyValue(String key) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    long v = 0;
    // the key goes on the wire last character first; read LSB first that is the string in order
    for (int i = 0; i < 8; i++) v = (v << 8) | (k[i] & 0xFF);
    return v;
  }

  /**
   * LOCKSTATUS: whether the lock bits loaded at the last reset lock the chip. Written lock bits
   * (the LOCKBIT byte, or the 32-bit KEY on version 2) take effect at the next reset, as the chip
   * loads fuses and lock bits then; until that the session that wrote them can read them back.
   */
  boolean locked() {
    return lockLoaded;
  }

  /** Whether the lock bits as they are now lock the chip (once loaded by a reset). */
  private boolean lockBitsLock() {
    if (v2) return lock != layout.lockDefault();
    return lock != layout.lockDefault() && (lock & 0xFF) != 0xC5;
  }

  /** The lock bits as loaded at the last reset lock the chip. */
  private boolean lockLoaded;

  private int lockSize() {
    return v2 ? 4 : 1;
  }

  boolean progMode() {
    return progMode;
  }

  // ---- UPDI ASI side -------------------------------------------------------------------------

  /** A KEY instruction with a 64-bit key (the bytes as sent on the wire, LSB first). */
  void key(long key) {
    if (key == KEY_NVMPROG) keysGiven |= 0x10;
    else if (key == KEY_CHIPERASE) keysGiven |= 0x08;
    else if (key == KEY_UROWWRITE) keysGiven |= 0x20;
  }

  int keyStatus() {
    return (int) keysGiven;
  }

  /** ASI_RESET_REQ: 0x59 holds the system in reset, anything else releases it. */
  void resetRequest(int value) {
    if (value == 0x59) {
      inReset = true;
      return;
    }
    if (!inReset) return;
    inReset = false;
    if ((keysGiven & 0x08) != 0) {
      chipErase();
      listener.event("chip erase by key (lock cleared)");
    }
    boolean wasLocked = lockLoaded;
    lockLoaded = lockBitsLock(); // the reset loads the lock bits
    if (lockLoaded != wasLocked) {
      listener.event(lockLoaded ? "reset: lock bits loaded, the chip is locked"
          : "reset: lock bits loaded, the chip is unlocked");
    }
    boolean wasProg = progMode;
    progMode = (keysGiven & 0x10) != 0 && !locked();
    if ((keysGiven & 0x20) != 0 && !progMode) {
      urowProg = true;
      urowBuffer = filled(layout.userRowSize());
      listener.event("UPDI: user row write mode (by key)");
    } else {
      urowProg = false;
    }
    keysGiven &= 0x20; // the user-row key stays until the host clears it
    if (progMode && !wasProg) listener.event("UPDI: NVM programming mode");
    if (!progMode && wasProg) listener.event("UPDI: left programming mode, target runs");
  }

  /** ASI_KEY_STATUS written: bits written as 1 clear those keys. */
  void clearKeys(int bits) {
    keysGiven &= ~bits;
  }

  /** ASI_SYS_CTRLA written: UROWWRITE_FINAL (bit 1) commits the user row buffer. */
  void sysCtrlA(int value) {
    if ((value & 0x02) != 0 && urowProg) {
      System.arraycopy(urowBuffer, 0, userRow, 0, userRow.length);
      urowProg = false;
      busyUntil = clock.getAsLong() + PAGE_ERASE_NANOS + PAGE_WRITE_NANOS;
      listener.event("userrow written (user row write by key)");
    }
  }

  /** The UPDI was disabled (CTRLB.UPDIDIS): programming mode ends. */
  void updiDisabled() {
    if (progMode) listener.event("UPDI: disabled, left programming mode");
    progMode = false;
    urowProg = false;
    keysGiven = 0;
    inReset = false;
  }

  /** ASI_SYS_STATUS: RSTSYS 5, INSLEEP 4, NVMPROG 3, UROWPROG 2, LOCKSTATUS 0. */
  int sysStatus() {
    return (inReset ? 0x20 : 0) | (progMode ? 0x08 : 0) | (urowProg ? 0x04 : 0)
        | (locked() ? 0x01 : 0);
  }

  // ---- data space ----------------------------------------------------------------------------

  private boolean in(int a, int start, int size) {
    return size > 0 && a >= start && a < start + size;
  }

  int read(int a) {
    a &= v2 ? 0xFFFFFF : 0xFFFF;
    int nv = layout.nvmctrlData();
    if (in(a, nv, 0x10)) return v2 ? nvmRegisterV2(a - nv) : nvmRegister(a - nv);
    if (locked()) return 0;
    if (in(a, layout.flashData(), layout.flashSize())) return flash[a - layout.flashData()] & 0xFF;
    if (v2 && in(a, 0x8000, 0x8000)) { // the FLMAP section of flash in the data-space window
      int f = ((ctrlb >> 4) & 0x03) * 0x8000 + (a - 0x8000);
      return f < flash.length ? flash[f] & 0xFF : 0xFF;
    }
    if (v2 && in(a, layout.lockData(), 4)) return (lock >>> (8 * (a - layout.lockData()))) & 0xFF;
    if (in(a, layout.eepromData(), layout.eepromSize())) return eeprom[a - layout.eepromData()] & 0xFF;
    if (in(a, layout.fuseData(), fuses.length)) return fuses[a - layout.fuseData()] & 0xFF;
    if (a == layout.lockData()) return lock & 0xFF;
    if (in(a, layout.userRowData(), layout.userRowSize())) return userRow[a - layout.userRowData()] & 0xFF;
    if (in(a, layout.sigrowData(), sigrow.length)) return sigrow[a - layout.sigrowData()] & 0xFF;
    return other[a & 0xFFFF] & 0xFF;
  }

  private int nvmRegisterV2(int off) {
    return switch (off) {
      case 0 -> cmd;
      case 1 -> ctrlb;
      case 2 -> (busy() ? (cmd >= V2_EEWR && cmd < V2_CHER ? 0x02 : 0x01) : 0) | statusErr;
      case 6 -> data & 0xFF;
      case 7 -> (data >> 8) & 0xFF;
      case 8 -> addr & 0xFF;
      case 9 -> (addr >> 8) & 0xFF;
      case 10 -> (addr >> 16) & 0xFF;
      default -> 0;
    };
  }

  private int nvmRegister(int off) {
    return switch (off) {
      case 0 -> 0;
      case 1 -> ctrlb;
      case 2 -> (busy() ? 0x03 : 0) | statusErr;
      case 6 -> data & 0xFF;
      case 7 -> (data >> 8) & 0xFF;
      case 8 -> addr & 0xFF;
      case 9 -> (addr >> 8) & 0xFF;
      default -> 0;
    };
  }

  /**
   * The time the chip sees: by default wall-clock time; a board that knows when each byte
   * arrives on the line (SerialUPDI) sets the byte's arrival time, so that NVM write times
   * are measured on the line's time, not on when the board thread got round to the byte.
   */
  void setClock(LongSupplier c) {
    clock = c;
  }

  long now() {
    return clock.getAsLong();
  }

  /**
   * How long a store to data-space address {@code a} stalls the bus (NVM controller version 0):
   * writing the page buffer while the NVM controller is still writing a page halts the bus until
   * the write is done (datasheet: "any operation on the page buffer will halt ... until the
   * previous NVMCTRL operation is completed"). 0 when it does not stall.
   */
  long stallNanos(int a) {
    if (v2 || !progMode) return 0;
    a &= 0xFFFF;
    boolean buffer =
        in(a, layout.flashData(), layout.flashSize())
            || in(a, layout.eepromData(), layout.eepromSize())
            || in(a, layout.userRowData(), layout.userRowSize());
    return buffer ? Math.max(0, busyUntil - clock.getAsLong()) : 0;
  }

  boolean busy() {
    return clock.getAsLong() < busyUntil;
  }

  void write(int a, int v) {
    if (v2) {
      writeV2(a & 0xFFFFFF, v & 0xFF);
      return;
    }
    a &= 0xFFFF;
    v &= 0xFF;
    int nv = layout.nvmctrlData();
    if (in(a, nv, 0x10)) {
      switch (a - nv) {
        case 0 -> command(v);
        case 1 -> ctrlb = v;
        case 6 -> data = (data & 0xFF00) | v;
        case 7 -> data = (data & 0x00FF) | (v << 8);
        case 8 -> addr = (addr & 0xFF00) | v;
        case 9 -> addr = (addr & 0x00FF) | (v << 8);
        default -> {}
      }
      return;
    }
    if (urowProg && in(a, layout.userRowData(), layout.userRowSize())) {
      urowBuffer[a - layout.userRowData()] = (byte) v;
      return;
    }
    if (locked()) return;
    if (in(a, layout.flashData(), layout.flashSize())
        || in(a, layout.eepromData(), layout.eepromSize())
        || in(a, layout.userRowData(), layout.userRowSize())
        || in(a, layout.fuseData(), fuses.length)
        || a == layout.lockData()) {
      if (!progMode) return; // NVM is written through the page buffer by programming mode only
      int i = a % pageBuffer.length;
      pageBuffer[i] &= (byte) v;
      loaded[i] = true;
      bufferAddress = a;
      addr = a;
      return;
    }
    if (in(a, layout.sigrowData(), sigrow.length)) return;
    other[a] = (byte) v;
  }

  // ---- NVM controller version 2 ----------------------------------------------------------------

  private void writeV2(int a, int v) {
    int nv = layout.nvmctrlData();
    if (in(a, nv, 0x10)) {
      switch (a - nv) {
        case 0 -> commandV2(v & 0x7F);
        case 1 -> ctrlb = v;
        case 6 -> data = (data & 0xFF00) | v;
        case 7 -> data = (data & 0x00FF) | (v << 8);
        case 8 -> addr = (addr & 0xFFFF00) | v;
        case 9 -> addr = (addr & 0xFF00FF) | (v << 8);
        case 10 -> addr = (addr & 0x00FFFF) | (v << 16);
        default -> {}
      }
      return;
    }
    if (urowProg && in(a, layout.userRowData(), layout.userRowSize())) {
      urowBuffer[a - layout.userRowData()] = (byte) v;
      return;
    }
    boolean flashLike =
        in(a, layout.flashData(), layout.flashSize())
            || in(a, layout.userRowData(), layout.userRowSize());
    boolean eepromLike =
        in(a, layout.eepromData(), layout.eepromSize())
            || in(a, layout.fuseData(), fuses.length)
            || in(a, layout.lockData(), 4);
    if (!flashLike && !eepromLike) {
      if (in(a, layout.sigrowData(), sigrow.length) || a > 0xFFFF) return;
      other[a] = (byte) v;
      return;
    }
    if (locked() || !progMode) return;
    // a write while the NVM is busy stalls the bus until it is done (nothing is lost)
    addr = a;
    switch (cmd) {
      case V2_FLWR -> {
        if (!flashLike) {
          statusErr = V2_ERR_ILLEGALSADDR;
          return;
        }
        byte[] mem = flashMem(a);
        int off = flashOffset(a);
        mem[off] &= (byte) v;
        if ((a & 1) == 1) busyUntil = clock.getAsLong() + V2_WORD_WRITE_NANOS;
        noteFlashWrite(mem, off);
      }
      case V2_FLPER -> {
        if (!flashLike) {
          statusErr = V2_ERR_ILLEGALSADDR;
          return;
        }
        byte[] mem = flashMem(a);
        int off = flashOffset(a);
        int page = mem == flash ? layout.flashPage() : layout.userRowSize();
        int start = off - off % page;
        Arrays.fill(mem, start, Math.min(mem.length, start + page), (byte) 0xFF);
        busyUntil = clock.getAsLong() + PAGE_ERASE_NANOS;
        listener.event(String.format("%s page 0x%05X erased", mem == flash ? "flash" : "userrow", start));
      }
      case V2_EEWR, V2_EEERWR, V2_EEBER -> {
        if (!eepromLike) {
          statusErr = V2_ERR_ILLEGALSADDR;
          return;
        }
        int old = read(a);
        int nw = cmd == V2_EEBER ? 0xFF : cmd == V2_EEERWR ? v : old & v;
        storeEepromLike(a, nw);
        busyUntil = clock.getAsLong() + V2_EEPROM_BYTE_NANOS;
      }
      default -> statusErr = V2_ERR_ILLEGALCMD;
    }
  }

  private byte[] flashMem(int a) {
    return in(a, layout.flashData(), layout.flashSize()) ? flash : userRow;
  }

  private int flashOffset(int a) {
    return in(a, layout.flashData(), layout.flashSize())
        ? a - layout.flashData()
        : a - layout.userRowData();
  }

  private int lastNotedPage = -1;

  /** One event per flash page written (not per word). */
  private void noteFlashWrite(byte[] mem, int off) {
    int page = mem == flash ? off / layout.flashPage() : -2;
    if (page == lastNotedPage) return;
    lastNotedPage = page;
    listener.event(
        mem == flash
            ? String.format("flash page 0x%05X written", page * layout.flashPage())
            : "userrow written");
  }

  private void storeEepromLike(int a, int v) {
    if (in(a, layout.eepromData(), layout.eepromSize())) {
      eeprom[a - layout.eepromData()] = (byte) v;
    } else if (in(a, layout.fuseData(), fuses.length)) {
      fuses[a - layout.fuseData()] = (byte) v;
      listener.event(String.format("fuse%d = 0x%02X", a - layout.fuseData(), v));
    } else {
      int sh = 8 * (a - layout.lockData());
      lock = (lock & ~(0xFF << sh)) | (v << sh);
      if (a == layout.lockData() + 3) {
        listener.event(String.format("lock = 0x%08X%s", lock,
            lockBitsLock() ? " (locks the chip at the next reset)" : ""));
      }
    }
  }

  private void commandV2(int c) {
    if (!progMode) {
      statusErr = V2_ERR_ILLEGALCMD;
      return;
    }
    if (c == V2_NOCMD || c == V2_NOOP) {
      cmd = c;
      statusErr = 0;
      lastNotedPage = -1;
      return;
    }
    if (cmd != V2_NOCMD && cmd != V2_NOOP && c != cmd) {
      statusErr = V2_ERR_DOUBLESELECT;
      return;
    }
    switch (c) {
      case V2_FLWR, V2_FLPER, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, V2_EEWR, V2_EEERWR, V2_EEBER, 0x19,
          0x1A, 0x1B, 0x1C, 0x1D -> cmd = c;
      // the erase commands run at once and leave no write command selected (avrdude 7.1 selects
      // FLWR right after CHER without NOCMD in between, and real AVR Dx parts take that)
      case V2_CHER -> {
        Arrays.fill(flash, (byte) 0xFF);
        Arrays.fill(eeprom, (byte) 0xFF);
        busyUntil = clock.getAsLong() + CHIP_ERASE_NANOS;
        listener.event("chip erase (NVMCTRL CHER)");
      }
      case V2_EECHER -> {
        Arrays.fill(eeprom, (byte) 0xFF);
        busyUntil = clock.getAsLong() + CHIP_ERASE_NANOS;
        listener.event("EEPROM erase (NVMCTRL EECHER)");
      }
      default -> statusErr = V2_ERR_ILLEGALCMD;
    }
  }

  private void command(int cmd) {
    if (!progMode) {
      statusErr = 0x04;
      return;
    }
    statusErr = 0;
    int a = bufferAddress >= 0 ? bufferAddress : addr;
    switch (cmd) {
      case 0 -> {}
      case CMD_WP -> writeBuffer(a, false, true);
      case CMD_ER -> writeBuffer(a, true, false);
      case CMD_ERWP -> writeBuffer(a, true, true);
      case CMD_PBC -> clearBuffer();
      case CMD_CHER -> {
        chipErase();
        busyUntil = clock.getAsLong() + CHIP_ERASE_NANOS;
        listener.event("chip erase (NVMCTRL CHER)");
      }
      case CMD_EEER -> {
        Arrays.fill(eeprom, (byte) 0xFF);
        busyUntil = clock.getAsLong() + CHIP_ERASE_NANOS;
        listener.event("EEPROM erase");
      }
      case CMD_WFU -> writeFuse(addr, data & 0xFF);
      default -> statusErr = 0x04;
    }
  }

  private void clearBuffer() {
    Arrays.fill(pageBuffer, (byte) 0xFF);
    Arrays.fill(loaded, false);
    bufferAddress = -1;
  }

  private void writeBuffer(int a, boolean erase, boolean write) {
    byte[] mem;
    int offset;
    int page;
    boolean eepromLike;
    if (in(a, layout.flashData(), layout.flashSize())) {
      mem = flash;
      offset = a - layout.flashData();
      page = layout.flashPage();
      eepromLike = false;
    } else if (in(a, layout.eepromData(), layout.eepromSize())) {
      mem = eeprom;
      offset = a - layout.eepromData();
      page = layout.eepromPage();
      eepromLike = true;
    } else if (in(a, layout.userRowData(), layout.userRowSize())) {
      mem = userRow;
      offset = a - layout.userRowData();
      page = layout.userRowSize();
      eepromLike = true;
    } else {
      statusErr = 0x04;
      clearBuffer();
      return;
    }
    int start = offset - offset % page;
    for (int i = 0; i < page && start + i < mem.length; i++) {
      int bi = (a - a % page + i) % pageBuffer.length;
      boolean touch = !eepromLike || loaded[bi];
      if (!touch) continue;
      if (erase) mem[start + i] = (byte) 0xFF;
      if (write) mem[start + i] &= pageBuffer[bi];
    }
    busyUntil =
        clock.getAsLong() + (erase ? PAGE_ERASE_NANOS : 0) + (write ? PAGE_WRITE_NANOS : 0);
    clearBuffer();
    listener.event(
        String.format(
            "%s page 0x%04X %s",
            mem == flash ? "flash" : mem == eeprom ? "eeprom" : "userrow",
            start,
            erase && write ? "erased+written" : erase ? "erased" : "written"));
  }

  private void writeFuse(int a, int v) {
    if (in(a, layout.fuseData(), fuses.length)) {
      fuses[a - layout.fuseData()] = (byte) v;
      listener.event(String.format("fuse%d = 0x%02X", a - layout.fuseData(), v));
    } else if (a == layout.lockData()) {
      lock = v;
      listener.event(String.format("lock = 0x%02X%s", v,
          lockBitsLock() ? " (locks the chip at the next reset)" : ""));
    } else {
      statusErr = 0x04;
      return;
    }
    busyUntil = clock.getAsLong() + FUSE_WRITE_NANOS;
  }

  void chipErase() {
    Arrays.fill(flash, (byte) 0xFF);
    int sys0 = fuses.length > 5 ? fuses[5] & 0xFF : 0;
    boolean eesave = (sys0 & 0x01) != 0;
    if (!eesave || locked()) Arrays.fill(eeprom, (byte) 0xFF);
    lock = layout.lockDefault();
    clearBuffer();
    cmd = V2_NOCMD;
  }

  /** A copy of one memory by avrdude's name: flash, eeprom, fuses, lock, userrow, signature, sigrow. */
  byte[] snapshot(String memory) {
    return switch (memory.toLowerCase()) {
      case "flash" -> flash.clone();
      case "eeprom" -> eeprom.clone();
      case "fuses", "fuse" -> fuses.clone();
      case "lock", "lockbits" ->
          v2
              ? new byte[] {(byte) lock, (byte) (lock >> 8), (byte) (lock >> 16), (byte) (lock >> 24)}
              : new byte[] {(byte) lock};
      case "userrow", "usersig" -> userRow.clone();
      case "signature" -> Arrays.copyOf(sigrow, 3);
      case "sigrow" -> sigrow.clone();
      default -> throw new IllegalArgumentException("no memory " + memory);
    };
  }
}
