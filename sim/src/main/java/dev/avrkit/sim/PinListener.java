package dev.avrkit.sim;

/**
 * Told when a pin's level changes (for VCD and virtual boards). {@code port} is the PORT instance
 * ("PORTB"), {@code level} 0 or 1, or {@link #FLOATING} for an input without pull-up.
 */
@FunctionalInterface
public interface PinListener {
  int FLOATING = 2;

  void pinChanged(String port, int bit, int level, long cycle);
}
