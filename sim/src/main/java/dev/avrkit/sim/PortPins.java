package dev.avrkit.sim;

/**
 * What a PORT simulation (classic {@code PORTB}, AVR8X {@code PORTA}) offers the world outside the
 * chip. Each port registers itself with {@link Pins#register} when it is created, so parts,
 * tests and virtual boards reach a pin by its name ("PB5") without knowing the port's family.
 */
public interface PortPins {

  /** The port instance name from the model ("PORTB"). */
  String name();

  /**
   * Drives pin {@code bit} from outside: 0 or 1, or {@link PinListener#FLOATING} to release it.
   * The chip sees it only while the pin is an input.
   */
  void drive(int bit, int level);

  /** The level on the wire: 0, 1 or {@link PinListener#FLOATING}. */
  int level(int bit);

  /** Whether the chip drives the pin (its direction bit is set). */
  boolean isOutput(int bit);

  /** Whether the pin's internal pull-up is on (and the pin is an input). */
  boolean pullUp(int bit);
}
