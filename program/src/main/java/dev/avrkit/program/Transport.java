package dev.avrkit.program;

/**
 * The physical layer: a byte pipe to a programmer or a chip (a serial port, a pseudo-terminal, a
 * stream pair in tests) with the serial-line controls the protocols need. 8 data bits always.
 * Implementations: {@link SerialTransport} (jSerialComm) and {@link StreamTransport}.
 */
public interface Transport extends AutoCloseable {
  /** Parity of the frames. */
  enum Parity { NONE, EVEN, ODD }

  /** A name for messages: the port path. */
  String name();

  /** Sets the line: baud rate, parity, stop bits (1 or 2). */
  void configure(int baud, Parity parity, int stopBits);

  /** The current baud rate. */
  int baud();

  /** Sends all bytes. */
  void write(byte[] data, int offset, int length);

  default void write(byte... data) { write(data, 0, data.length); }

  /**
   * Reads exactly {@code length} bytes, waiting at most {@code timeoutMillis} in total; throws
   * {@link LinkException} naming how many bytes came when they do not all come in time.
   */
  byte[] read(int length, long timeoutMillis);

  /** Drops whatever has been received and not yet read. */
  void discardInput();

  /** Sets DTR (true = asserted). */
  void setDtr(boolean on);

  /** Sets RTS (true = asserted). */
  void setRts(boolean on);

  @Override
  void close();
}
