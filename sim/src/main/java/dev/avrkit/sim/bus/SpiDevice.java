package dev.avrkit.sim.bus;

/**
 * A device on an {@link SpiBus}. It watches its own chip-select pin (through {@link
 * dev.avrkit.sim.Machine#pins()} or a pin listener) and says whether it is selected.
 */
public interface SpiDevice {

  /** Whether the device takes part in transfers now (its chip select is active). */
  boolean selected();

  /**
   * One byte exchanged while selected, in wire order (the first bit on the wire is bit 7):
   * {@code mosi} from the master, returns what the device puts on MISO (0xFF for none).
   */
  int transfer(int mosi);
}
