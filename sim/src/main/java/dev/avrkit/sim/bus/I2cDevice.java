package dev.avrkit.sim.bus;

/**
 * A device on an {@link I2cBus} (a part outside the chip, or the chip's own TWI in slave mode),
 * seen at the level of bytes and acknowledges. The bus calls it in the order the master drives the
 * lines: {@link #start} after every START or repeated START with the address byte, then {@link
 * #write} or {@link #read} per byte, and {@link #stop} at a STOP. All calls happen at the
 * simulated moment the byte completes on the bus.
 */
public interface I2cDevice {

  /**
   * A START (or repeated START) and the address byte: 7-bit {@code address}, {@code read} the R/W
   * bit. Returns true to acknowledge (this device is addressed); every device on the bus is asked,
   * as every device sees the address.
   */
  boolean start(int address, boolean read);

  /** The master wrote {@code data} to this (addressed) device; true = ACK, false = NACK. */
  boolean write(int data);

  /**
   * The master reads a byte from this (addressed) device; {@code ack} is the acknowledge the
   * master will send after it (false on the last byte).
   */
  int read(boolean ack);

  /** A STOP condition (every device is told, addressed or not). */
  void stop();
}
