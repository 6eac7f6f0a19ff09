package dev.avrkit.program;

import dev.avrkit.image.Region;

/**
 * One way of reaching a chip's memories (SerialUPDI, jtag2updi bridge, STK500v1 bootloader).
 * Addresses are offsets from the start of each memory ({@link Region}): flash byte 0, fuse 2...
 * The {@link FlashPipeline} drives it; implementations speak the protocol and nothing more.
 * Errors on the link are {@link LinkException}s.
 */
public interface Programmer extends AutoCloseable {
  /** What this is and where: "jtag2updi on /dev/ttyACM0". */
  String description();

  /** Connects and enters programming mode. */
  void connect();

  /**
   * Allows {@link #connect()} to unlock a locked chip by a chip erase (the pipeline allows it
   * when the plan erases anyway). Without it a locked chip is reported, not erased.
   */
  default void allowUnlockByErase() {}

  /** The three signature bytes. */
  byte[] readSignature();

  /** Whether this programmer can read and write that memory. */
  boolean supports(Region memory);

  /** Whether {@link #chipErase()} is available (bootloaders have none: they erase per page). */
  default boolean canChipErase() { return true; }

  /** Erases flash and EEPROM (unless EESAVE) and unlocks the chip. */
  void chipErase();

  /** The unit of writing: {@link #write} takes whole, aligned units (a flash page, one fuse). */
  int writeUnit(Region memory);

  /**
   * The largest run of consecutive units {@link #write} takes in one call (a multiple of
   * {@link #writeUnit}), sent without waiting for the chip after each unit. When such a burst
   * fails, the pipeline writes its units again one at a time (with {@link #rewrite} where it can,
   * as part of the burst may have reached the chip).
   */
  default int burstUnit(Region memory) { return writeUnit(memory); }

  /** The largest block {@link #read} takes at once. */
  int readUnit(Region memory);

  /** Writes one unit, or a burst of up to {@link #burstUnit} bytes, at an aligned offset. */
  void write(Region memory, long offset, byte[] data);

  /**
   * Whether {@link #rewrite} can fix a unit that verified wrong (erase just that unit and write
   * it again). Without it a wrong byte in flash can only be fixed by a chip erase.
   */
  default boolean canRewrite(Region memory) { return false; }

  /** Erases one unit and writes it again (after a failed verify). */
  default void rewrite(Region memory, long offset, byte[] data) {
    throw new UnsupportedOperationException("rewrite");
  }

  /** Reads bytes (at most {@link #readUnit}). */
  byte[] read(Region memory, long offset, int length);

  /**
   * After a {@link LinkException}: brings the link back (resynchronise, re-enter programming
   * mode) so that the failed step can be tried again; throws when it cannot.
   */
  void recover();

  /** Leaves programming mode (the chip starts its program) and closes the port. */
  @Override
  void close();
}
