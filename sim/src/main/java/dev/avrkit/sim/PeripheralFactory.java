package dev.avrkit.sim;

/** Creates the simulation of one peripheral instance of the device model. */
@FunctionalInterface
public interface PeripheralFactory {
  SimPeripheral create(Machine machine, dev.avrkit.device.Peripheral instance);
}
