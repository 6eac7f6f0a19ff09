package dev.avrkit.sim;

/**
 * The simulation of one peripheral instance (PORTB, USART0, TCA0...). Created by a {@link
 * PeripheralFactory} when the machine is built; in its constructor it hooks its registers on the
 * {@link DataBus} (addresses from the device model) and looks up its vectors with {@link
 * Machine#vector}. It never runs every cycle: it schedules {@link Scheduler.Event}s.
 */
public interface SimPeripheral {

  /** The instance name from the device model (e.g. "USART0"). */
  String name();

  /**
   * Back to the reset state. The machine has already written every register's ATDF reset value
   * into the data space and cleared the scheduler.
   */
  void reset();
}
