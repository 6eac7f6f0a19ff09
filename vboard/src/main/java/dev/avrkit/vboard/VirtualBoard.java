package dev.avrkit.vboard;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.image.MemoryContent;
import dev.avrkit.image.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A virtual board on a pseudo-terminal: {@code nano-every} (MuxTO bridge: 1200-baud touch, then
 * jtag2updi to a simulated ATmega4809), {@code uno} (optiboot-style STK500v1 boot loader on a
 * simulated ATmega328P) or {@code serialupdi:<device>} (a bare AVR8X part with NVM controller
 * version 0 or 2, e.g. an AVR128DA48, behind a SerialUPDI adapter). The chips' memories come from the device model.
 *
 * <p>A board runs on its own thread from {@link #start} until {@link #close}. Host programs open
 * {@link #port()}. Tests read the memories with {@link #memory(String)}, pull the plug with
 * {@link #unplug()} / {@link #replug()}, and inject seeded faults with {@link Options#faults()}.
 */
public final class VirtualBoard implements AutoCloseable {

  /**
   * How to run a board.
   *
   * @param link where to put the symlink to the pty (empty: no link, use {@link #port()})
   * @param latencyMs USB latency added to every answer, in milliseconds
   * @param faults faults to inject ({@link Faults#NONE} for none)
   * @param runner runs the stored firmware outside programming modes (empty: the port is silent)
   * @param log receives one line per event (mode changes, memories written)
   * @param firmware a firmware file (ELF, Intel HEX, raw) to preload into flash/EEPROM at start
   * @param bridgeFirmware the firmware version the nano-every's jtag2updi bridge reports at
   *     sign-on, {@code major << 8 | minor}: {@link #MUXTO_FIRMWARE} (6.07, as Arduino's MuxTO;
   *     hosts send data-space addresses) or 7.00 and later (hosts send CMND_SET_XMEGA_PARAMS and
   *     memory-relative addresses, as avrdude does for JTAGICE mkII firmware 7+)
   * @param nvmSlowdown how many times longer than the data sheet's typical times the NVM
   *     controller of a {@code serialupdi} board takes for page writes, erases and fuse writes
   *     (1: typical; more: a slow chip, e.g. to see that a programmer does not rely on typical
   *     times)
   */
  public record Options(
      Optional<Path> link,
      int latencyMs,
      Faults faults,
      Optional<FirmwareRunner> runner,
      Consumer<String> log,
      Optional<Path> firmware,
      int bridgeFirmware,
      double nvmSlowdown) {
    /** The firmware version Arduino's MuxTO bridge reports: 6.07. */
    public static final int MUXTO_FIRMWARE = 0x0607;

    public Options {
      if (latencyMs < 0) throw new AvrkitException("--latency-ms must not be negative");
      if (bridgeFirmware < 0x0100 || bridgeFirmware > 0xFF63 || (bridgeFirmware & 0xFF) > 99) {
        throw new AvrkitException(String.format(
            "bridge firmware version %d.%02d is not a JTAGICE mkII version (1.00 to 255.99)",
            bridgeFirmware >> 8, bridgeFirmware & 0xFF));
      }
      if (!(nvmSlowdown >= 1 && nvmSlowdown <= 100)) {
        throw new AvrkitException("NVM slowdown " + nvmSlowdown + " is outside 1 to 100");
      }
    }

    /** A link path, 1 ms latency, no faults, no firmware runner, no log, MuxTO firmware 6.07. */
    public static Options at(Path link) {
      return new Options(Optional.of(link), 1, Faults.NONE, Optional.empty(), s -> {},
          Optional.empty(), MUXTO_FIRMWARE, 1);
    }

    public Options withFirmware(Path file) {
      return new Options(link, latencyMs, faults, runner, log, Optional.of(file), bridgeFirmware, nvmSlowdown);
    }

    public Options withLatencyMs(int ms) {
      return new Options(link, ms, faults, runner, log, firmware, bridgeFirmware, nvmSlowdown);
    }

    public Options withFaults(Faults f) {
      return new Options(link, latencyMs, f, runner, log, firmware, bridgeFirmware, nvmSlowdown);
    }

    public Options withLog(Consumer<String> l) {
      return new Options(link, latencyMs, faults, runner, l, firmware, bridgeFirmware, nvmSlowdown);
    }

    public Options withRunner(FirmwareRunner r) {
      return new Options(link, latencyMs, faults, Optional.of(r), log, firmware, bridgeFirmware, nvmSlowdown);
    }

    /**
     * The jtag2updi bridge of a {@code nano-every} reports firmware {@code major.minor} (e.g. 7, 0
     * for a bridge that takes CMND_SET_XMEGA_PARAMS and memory-relative addresses).
     */
    public Options withBridgeFirmware(int major, int minor) {
      return new Options(link, latencyMs, faults, runner, log, firmware, major << 8 | minor, nvmSlowdown);
    }

    /** The NVM of a {@code serialupdi} board takes {@code factor} times its typical times. */
    public Options withNvmSlowdown(double factor) {
      return new Options(link, latencyMs, faults, runner, log, firmware, bridgeFirmware, factor);
    }
  }

  private final String name;
  private final BoardLogic logic;
  private final Options options;
  private final Object lock = new Object();
  private final EventLog events;
  private final Wire wire;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean unplugged;
  private volatile long replugAt = Long.MAX_VALUE;
  private volatile Throwable failure;
  private LineSettings initialSettings; // set before the board thread starts

  private VirtualBoard(String name, BoardLogic logic, Options options, Pty pty) {
    this.name = name;
    this.logic = logic;
    this.options = options;
    this.events = new EventLog(options.log());
    this.wire = new Wire(pty, options.latencyMs() * 1_000_000L, options.faults());
    wire.onUnplugFault(
        () -> {
          unplugNow("fault injection");
          replugAt = System.nanoTime() + options.faults().unplugMs() * 1_000_000L;
        });
    logic.attach(wire, events);
    thread = new Thread(this::loop, "vboard-" + name);
    thread.setDaemon(true);
  }

  /** The board kinds {@link #start(String, DeviceCatalog, Options)} knows. */
  public static List<String> kinds() {
    return List.of("nano-every", "uno", "serialupdi:<device>");
  }

  /**
   * Starts a board by its CLI name: {@code nano-every}, {@code uno} or {@code serialupdi:<device>}
   * (e.g. {@code serialupdi:attiny3217}). Throws {@link AvrkitException} for unknown names or
   * devices the virtual hardware cannot stand in for.
   */
  public static VirtualBoard start(String board, DeviceCatalog catalog, Options options)
      throws IOException {
    String b = board.trim().toLowerCase(Locale.ROOT);
    // the chip, its clock and the USART on the USB port come from the board data (boards.properties)
    Optional<dev.avrkit.device.board.Board> data = Optional.empty();
    String device;
    if (b.equals("nano-every") || b.equals("uno")) {
      data = Optional.of(dev.avrkit.device.board.Boards.named(b));
      device = data.get().device();
    } else if (b.startsWith("serialupdi:")) {
      device = board.trim().substring("serialupdi:".length());
    } else {
      throw new AvrkitException(
          "unknown board '" + board + "'; use one of " + String.join(", ", kinds()));
    }
    String kind = b.startsWith("serialupdi:") ? "serialupdi" : b;
    Device d = catalog.device(device);
    Options o = options;
    if (o.runner().isEmpty() && data.isPresent()) {
      // the stored firmware runs in avrkit's simulator, its USART on the USB port
      o = o.withRunner(new SimFirmwareRunner(d, data.get().console().usart(), data.get().clockHz(), options.log()));
    }
    return start(kind, ChipLayout.of(d), o);
  }

  /**
   * Starts a board of kind {@code nano-every}, {@code uno} or {@code serialupdi} on a chip whose
   * layout is given (normally {@link ChipLayout#of} of a device from the model).
   */
  public static VirtualBoard start(String kind, ChipLayout layout, Options options)
      throws IOException {
    BoardLogic logic;
    switch (kind) {
      case "nano-every" -> {
        Nvm0Chip chip = new Nvm0Chip(layout, System::nanoTime);
        // as Arduino ships it (boards.properties: OSCCFG 16 MHz, SYSCFG0 0xC9, BOOTEND 0), placed
        // by the model's fuse names
        dev.avrkit.device.board.Boards.named("nano-every").fuses().forEach((fuse, value) -> {
          Integer i = layout.fuseIndex().get(fuse.toUpperCase(Locale.ROOT));
          if (i != null && i < chip.fuses.length) chip.fuses[i] = (byte) (int) value;
        });
        logic = new NanoEveryBoard(chip, options.runner(), options.bridgeFirmware());
      }
      case "uno" -> {
        if (layout.updi()) {
          throw new AvrkitException(layout.name() + " is a UPDI part; the uno board needs a classic AVR");
        }
        logic = new UnoBoard(layout, options.runner());
      }
      case "serialupdi" -> {
        if (!layout.updi()) {
          throw new AvrkitException(
              layout.name() + " has no UPDI interface; serialupdi:<device> needs an AVR8X part "
                  + "(e.g. serialupdi:attiny3217, serialupdi:atmega4809)");
        }
        Nvm0Chip chip = new Nvm0Chip(layout, System::nanoTime);
        logic = new SerialUpdiBoard(chip, options.nvmSlowdown());
      }
      default -> throw new AvrkitException(
          "unknown board '" + kind + "'; use one of " + String.join(", ", kinds()));
    }
    VirtualBoard preload = new VirtualBoard(kind + " (" + layout.name() + ")", logic, options, null);
    if (options.firmware().isPresent()) {
      preload.events.accept("preloaded " + preload.loadFirmware(options.firmware().get()));
    }
    Pty pty;
    try {
      pty = Pty.open(options.link());
    } catch (IOException e) {
      throw new AvrkitException("cannot create the virtual port: " + e.getMessage());
    }
    preload.wire.setPty(pty);
    VirtualBoard vb = preload;
    // the line settings as the port is created, before anyone can open it: a host that changes
    // them at once (a 1200-baud touch right after start) is then seen changing them
    vb.initialSettings = pty.settings();
    vb.wire.setByteNanos(vb.initialSettings.byteNanos());
    vb.thread.start();
    return vb;
  }

  /** Board name and chip, e.g. "nano-every (ATmega4809)". */
  public String name() {
    return name;
  }

  /** The path host programs open: the link if one was asked for, else the pty's slave. */
  public Path port() {
    return wire.pty().portPath();
  }

  /** The board's current mode ("bridge (jtag2updi)", "boot loader (STK500v1)", "unplugged"...). */
  public String mode() {
    if (unplugged) return "unplugged";
    synchronized (lock) {
      return logic.mode();
    }
  }

  /** The names of this board's memories (flash, eeprom, fuses, lock, userrow, signature). */
  public List<String> memoryNames() {
    return logic.memoryNames();
  }

  /** A copy of one memory's whole contents, as the chip holds it now. */
  public byte[] memory(String memory) {
    synchronized (lock) {
      if (!logic.memoryNames().contains(memory.toLowerCase(Locale.ROOT))) {
        throw new AvrkitException(
            "board " + name + " has no memory '" + memory + "'; it has "
                + String.join(", ", logic.memoryNames()));
      }
      return logic.memory(memory);
    }
  }

  /** Preloads flash from {@code offset} (the {@code --firmware} option); before or while running. */
  public void loadFlash(byte[] image, int offset) {
    load("flash", image, offset);
  }

  private void load(String memory, byte[] bytes, long offset) {
    synchronized (lock) {
      byte[] mem = logic.preloadable(memory);
      if (mem == null) throw new AvrkitException("board " + name + " cannot preload " + memory);
      if (offset < 0 || offset + bytes.length > mem.length) {
        throw new AvrkitException(
            String.format(
                "image (%d bytes at 0x%X) does not fit the %d bytes of %s of %s",
                bytes.length, offset, mem.length, memory, name));
      }
      System.arraycopy(bytes, 0, mem, (int) offset, bytes.length);
    }
  }

  /**
   * Preloads flash and EEPROM from a firmware file (ELF, Intel HEX or raw binary, as the image
   * module reads them); other memories in the file are ignored. Returns a one-line summary.
   */
  public String loadFirmware(Path file) {
    FirmwareImage img = FirmwareImage.load(file);
    StringBuilder sb = new StringBuilder();
    for (Region r : List.of(Region.FLASH, Region.EEPROM)) {
      MemoryContent c = img.memory(r);
      if (c.isEmpty()) continue;
      for (MemoryContent.Chunk ch : c.chunks()) load(r.memoryName(), ch.bytes(), ch.address());
      if (sb.length() > 0) sb.append(", ");
      sb.append(c.byteCount()).append(" bytes of ").append(r.memoryName());
    }
    if (sb.length() == 0) throw new AvrkitException(file + ": no flash or EEPROM contents in it");
    return sb + " from " + file;
  }

  /** Writes every memory to {@code dir/<memory>.bin}; returns the files written. */
  public List<Path> dumpMemories(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new java.util.ArrayList<>();
    for (String m : memoryNames()) {
      Path p = dir.resolve(m + ".bin");
      Files.write(p, memory(m));
      out.add(p);
    }
    return out;
  }

  /** Pulls the USB plug: the port disappears (the host's open port fails), state is kept. */
  public void unplug() {
    replugAt = Long.MAX_VALUE;
    unplugNow("unplug()");
  }

  private void unplugNow(String why) {
    synchronized (lock) {
      if (unplugged) return;
      unplugged = true;
      wire.pty().close();
      logic.unplugged();
    }
    events.accept("unplugged (" + why + ")");
  }

  /** Plugs the board back in: a new pty under the same link. */
  public void replug() throws IOException {
    synchronized (lock) {
      if (!unplugged) return;
      wire.setPty(Pty.open(options.link()));
      unplugged = false;
      replugAt = Long.MAX_VALUE;
    }
    events.accept("plugged in again at " + port());
  }

  /** How many bytes the fault injection dropped, corrupted or delayed so far. */
  public long faultsInjected() {
    return wire.injected();
  }

  /** Whether the board thread stopped because of an internal error (then rethrown here). */
  public void checkHealthy() {
    Throwable f = failure;
    if (f != null) throw new IllegalStateException("virtual board failed: " + f, f);
  }

  private void loop() {
    byte[] buf = new byte[4096];
    LineSettings last = initialSettings;
    boolean lastOpen = false;
    try {
      while (running) {
        if (unplugged) {
          if (System.nanoTime() >= replugAt) replug();
          Thread.sleep(5);
          last = null;
          lastOpen = false;
          continue;
        }
        Pty pty = wire.pty();
        byte[] data;
        try {
          data = wire.read(buf, 2);
        } catch (IOException e) {
          if (unplugged || !running) continue;
          throw e;
        }
        synchronized (lock) {
          if (unplugged) continue;
          LineSettings now = pty.settings();
          boolean open = pty.peerOpen() || data.length > 0;
          if (last == null) {
            wire.setByteNanos(now.byteNanos());
          } else if (!now.equals(last)) {
            events.accept("host set " + now);
            logic.lineChanged(last, now, open);
          }
          if (open != lastOpen && last != null) logic.openChanged(open, now);
          last = now;
          lastOpen = open;
          try {
            if (data.length > 0) logic.received(data);
            logic.tick();
            events.tick();
          } catch (IOException e) {
            if (!unplugged) throw e; // else: the plug was pulled mid-answer
          }
        }
      }
    } catch (Throwable t) {
      if (running) {
        failure = t;
        events.accept("virtual board stopped: " + t);
      }
    }
  }

  /** Stops the board and removes its port (memories stay readable). */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      logic.closed();
    }
    wire.pty().close();
    events.flush();
  }
}
