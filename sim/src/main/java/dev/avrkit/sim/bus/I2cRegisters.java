package dev.avrkit.sim.bus;

/**
 * An I2C device with 256 byte registers behind an auto-incrementing register pointer, as most
 * sensors and the small 24C0x memories work: the first byte written after a START sets the
 * pointer, further bytes are stored from there; reads return bytes from the pointer on. The
 * pointer wraps at 256. Used by {@code avrkit bench sim} and by tests that need a bus partner.
 */
public final class I2cRegisters implements I2cDevice {
  private final int address;
  private final int[] regs = new int[256];
  private int pointer;
  private boolean first;

  /** A device answering at the 7-bit {@code address}. */
  public I2cRegisters(int address) {
    this.address = address;
  }

  /** Register {@code index} (0..255) as the master left it. */
  public int get(int index) {
    return regs[index & 0xFF];
  }

  /** Sets register {@code index} (0..255), for the master to read. */
  public void set(int index, int value) {
    regs[index & 0xFF] = value & 0xFF;
  }

  @Override
  public boolean start(int a, boolean read) {
    first = !read;
    return a == address;
  }

  @Override
  public boolean write(int data) {
    if (first) pointer = data & 0xFF;
    else regs[pointer++ & 0xFF] = data & 0xFF;
    first = false;
    return true;
  }

  @Override
  public int read(boolean ack) {
    return regs[pointer++ & 0xFF];
  }

  @Override
  public void stop() {}
}
