package dev.avrkit.sim.mega;

import dev.avrkit.device.Architecture;
import dev.avrkit.sim.PeripheralRegistry;

/**
 * The classic (AVRe+, ATDF "AVR8") peripherals: registered by module name of the device model.
 */
public final class MegaPeripherals {
  private MegaPeripherals() {}

  /** Adds the classic peripherals to a registry. */
  public static void register(PeripheralRegistry.Builder b) {
    Architecture a = Architecture.AVR8;
  }
}
