package dev.avrkit.sim.bus;

/** Sees every I2C bus event, for decoders (waveform pictures, logs, scenario checks). */
@FunctionalInterface
public interface I2cListener {
  /** What happened on the bus. */
  enum Kind {
    START,
    ADDRESS,
    WRITE,
    READ,
    STOP
  }

  /**
   * {@code value}: the address byte (address << 1 | R/W) for ADDRESS, the data byte for WRITE
   * and READ, 0 otherwise; {@code ack} whether it was acknowledged; {@code cycle} the CPU cycle.
   */
  void event(Kind kind, int value, boolean ack, long cycle);
}
