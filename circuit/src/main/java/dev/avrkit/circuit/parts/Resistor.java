package dev.avrkit.circuit.parts;

import dev.avrkit.circuit.Circuit;
import dev.avrkit.circuit.Part;

/**
 * {@code wokwi-resistor}: a weak link between pins 1 and 2. A side that nothing else drives takes
 * the other side's value (an external pull-up or pull-down); a driven side wins over it. The
 * {@code value} in ohms is checked but does not change levels (Wokwi's digital model too).
 */
public final class Resistor implements Part {
  private final Circuit.Context ctx;

  public Resistor(Circuit.Context ctx) {
    this.ctx = ctx;
    ctx.number("value", 1000, 0, 1e12);
    ctx.addResistor("1", "2");
  }

  @Override
  public String id() {
    return ctx.id();
  }
}
