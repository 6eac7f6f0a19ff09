package dev.avrkit.sim;

/**
 * The data space of one simulated machine: plain memory for SRAM and unclaimed I/O registers,
 * and per-address read/write hooks that peripherals install for the registers they implement.
 *
 * <p>Addresses are data-space byte addresses as the device model gives them ({@code
 * ResolvedRegister.address()}). On classic cores (AVRe+) r0..r31 occupy data addresses 0..31 and
 * share this memory. Reads and writes from the CPU go through {@link #read}/{@link #write};
 * debuggers and tracers use {@link #peek}/{@link #poke}, which never trigger peripheral side
 * effects (unless a hook says otherwise, see {@link ReadHook#peek}).
 *
 * <p>Fast path: SRAM accesses never look at the hook tables; everything below {@link #ramStart()}
 * or above {@link #ramEnd()} goes through the tables.
 */
public final class DataBus {

  /** A register read with side effects allowed (e.g. reading UDR pops the receive FIFO). */
  @FunctionalInterface
  public interface ReadHook {
    int read(int address);

    /** The value without side effects, for debuggers and tracers. Defaults to {@link #read}. */
    default int peek(int address) {
      return read(address);
    }
  }

  /** A register write. The hook decides what is stored ({@link DataBus#set}). */
  @FunctionalInterface
  public interface WriteHook {
    void write(int address, int value);
  }

  /** Sees every CPU data access (for VCD register tracing and GDB watchpoints). */
  @FunctionalInterface
  public interface AccessObserver {
    void access(int address, int value, boolean write);
  }

  final int[] mem;
  private final ReadHook[] readHooks;
  private final WriteHook[] writeHooks;
  final int ramStart;
  final int ramEnd;
  private final int flashMappedAt;
  private final byte[] flash;
  private WriteHook flashWrite;
  AccessObserver observer;

  DataBus(int size, int ramStart, int ramEnd, int flashMappedAt, byte[] flash) {
    this.mem = new int[size];
    this.readHooks = new ReadHook[size];
    this.writeHooks = new WriteHook[size];
    this.ramStart = ramStart;
    this.ramEnd = ramEnd;
    this.flashMappedAt = flashMappedAt;
    this.flash = flash;
  }

  /** Size of the data space in bytes. */
  public int size() {
    return mem.length;
  }

  /** First SRAM address. */
  public int ramStart() {
    return ramStart;
  }

  /** One past the last SRAM address. */
  public int ramEnd() {
    return ramEnd;
  }

  /** Installs the read hook of one address (replacing any other). */
  public void onRead(int address, ReadHook hook) {
    readHooks[address] = hook;
  }

  /** Installs the write hook of one address (replacing any other). */
  public void onWrite(int address, WriteHook hook) {
    writeHooks[address] = hook;
  }

  /** Installs read and write hooks on {@code count} consecutive addresses. */
  public void onRange(int address, int count, ReadHook read, WriteHook write) {
    for (int i = 0; i < count; i++) {
      if (read != null) readHooks[address + i] = read;
      if (write != null) writeHooks[address + i] = write;
    }
  }

  /**
   * Installs the hook for CPU stores into mapped flash (data addresses from {@code
   * flashMappedAt}; AVR8X NVMCTRL loads them into its page buffer). Without one such stores are
   * dropped. The hook gets the data-space address; reads of mapped flash still come from flash.
   */
  public void onFlashWrite(WriteHook hook) {
    this.flashWrite = hook;
  }

  /** Whether a peripheral hooked writes to that address. */
  public boolean hookedWrite(int address) {
    return writeHooks[address] != null;
  }

  /** Sets (or with null removes) the observer of all CPU data accesses. */
  public void setObserver(AccessObserver o) {
    this.observer = o;
  }

  /** The raw stored byte (what unhooked registers and hooks that store their value hold). */
  public int get(int address) {
    return mem[address];
  }

  /** Stores a byte without calling hooks (peripherals use it to publish register values). */
  public void set(int address, int value) {
    mem[address] = value & 0xFF;
  }

  /** A CPU read: hooks and side effects apply. */
  public int read(int a) {
    if (a >= ramStart && a < ramEnd) {
      int v = mem[a];
      if (observer != null) observer.access(a, v, false);
      return v;
    }
    return readSlow(a);
  }

  int readSlow(int a) {
    int v;
    if (a >= flashMappedAt) {
      int off = a - flashMappedAt;
      v = off < flash.length ? flash[off] & 0xFF : 0;
    } else if (a >= mem.length) {
      v = 0;
    } else {
      ReadHook h = readHooks[a];
      v = h != null ? h.read(a) & 0xFF : mem[a];
    }
    if (observer != null) observer.access(a, v, false);
    return v;
  }

  /** A CPU write: hooks and side effects apply. */
  public void write(int a, int v) {
    if (a >= ramStart && a < ramEnd) {
      mem[a] = v;
      if (observer != null) observer.access(a, v, true);
      return;
    }
    writeSlow(a, v);
  }

  void writeSlow(int a, int v) {
    if (a < mem.length && a < flashMappedAt) {
      WriteHook h = writeHooks[a];
      if (h != null) h.write(a, v & 0xFF);
      else mem[a] = v & 0xFF;
    } else if (a >= flashMappedAt && flashWrite != null && a - flashMappedAt < flash.length) {
      flashWrite.write(a, v & 0xFF);
    }
    if (observer != null) observer.access(a, v & 0xFF, true);
  }

  /** Reads without side effects (debuggers, tracers). */
  public int peek(int a) {
    if (a >= flashMappedAt) {
      int off = a - flashMappedAt;
      return off < flash.length ? flash[off] & 0xFF : 0;
    }
    if (a < 0 || a >= mem.length) return 0;
    ReadHook h = readHooks[a];
    return h != null ? h.peek(a) & 0xFF : mem[a];
  }

  /**
   * Writes like the CPU would (hooks run) but without telling the observer (debuggers). Mapped
   * flash is not written this way (debuggers write flash directly).
   */
  public void poke(int a, int v) {
    if (a >= ramStart && a < ramEnd) mem[a] = v & 0xFF;
    else if (a < mem.length && a < flashMappedAt) {
      WriteHook h = writeHooks[a];
      if (h != null) h.write(a, v & 0xFF);
      else mem[a] = v & 0xFF;
    }
  }
}
