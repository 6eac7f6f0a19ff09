package dev.avrkit.vboard;

import java.io.IOException;
import java.util.function.Consumer;

/** What one kind of virtual board does with the bytes and line changes of its port. */
abstract class BoardLogic {
  protected Wire wire;
  protected Consumer<String> log = s -> {};

  void attach(Wire w, Consumer<String> l) {
    this.wire = w;
    this.log = l;
  }

  /** The host changed the line settings (baud, framing); {@code open} whether the port is open. */
  abstract void lineChanged(LineSettings before, LineSettings now, boolean open) throws IOException;

  /** A process opened ({@code true}) or closed the port. */
  abstract void openChanged(boolean open, LineSettings now) throws IOException;

  /** Bytes from the host. */
  abstract void received(byte[] data) throws IOException;

  /** Called every few milliseconds. */
  void tick() throws IOException {}

  /** The board's current mode, for printing ("bridge (jtag2updi)", "bootloader", ...). */
  abstract String mode();

  /** A copy of a memory (flash, eeprom, fuses, lock, userrow, signature). */
  abstract byte[] memory(String name);

  /** The memories this board has, by name. */
  abstract java.util.List<String> memoryNames();

  /** The live array of a writable memory (flash, eeprom) for preloading, or null. */
  abstract byte[] preloadable(String memory);

  /** The board is being closed: stop whatever runs. */
  void closed() {}

  /** The board was unplugged: stop whatever runs, forget sessions. */
  void unplugged() {}
}
