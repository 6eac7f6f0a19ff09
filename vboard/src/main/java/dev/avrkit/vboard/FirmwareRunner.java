package dev.avrkit.vboard;

/**
 * Runs the firmware stored in a virtual board's flash, with one UART connected to the board's USB
 * port (USART3 on the Nano Every, USART0 on the Uno). Boards use one when they are not in a
 * programming mode. Implemented by the simulator (module sim) once it can run a device with a
 * UART; until one is given, a board outside programming mode answers nothing and says so.
 */
public interface FirmwareRunner {

  /**
   * Starts the firmware from reset. {@code toHost} receives the bytes the firmware's UART sends
   * (called from the runner's thread). The memories are copies taken at reset.
   */
  Session start(ChipLayout chip, byte[] flash, byte[] eeprom, byte[] fuses, int baud, Sink toHost);

  /** Where the firmware's UART output goes. */
  interface Sink {
    void send(byte[] data);
  }

  /** A running firmware: feed it the host's bytes; close to stop it (reset or programming). */
  interface Session extends AutoCloseable {
    void fromHost(byte[] data);

    /** The host changed the baud rate of the USB port. */
    default void baudChanged(int baud) {}

    @Override
    void close();
  }
}
