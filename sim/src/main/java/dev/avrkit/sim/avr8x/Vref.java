package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.device.ResolvedRegister;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;

/**
 * VREF: the internal references each analog peripheral selects. The registers are plain memory;
 * {@link #volts(String)} reads the selection for a consumer ("ADC0", "AC0") from the field the
 * model gives it (megaAVR 0 / tinyAVR 1: CTRLA.ADC0REFSEL, AC0REFSEL or DAC0REFSEL; AVR-Dx: the
 * register ADC0REF / ACREF, field REFSEL) and turns the value's name into volts ("1V1" = 1.1 V,
 * "4V34"; "AVDD"/"VDD" = the supply). A consumer writing a new selection is noticed by comparing
 * with the last voltage it used (the ADC's start-up delay).
 */
final class Vref implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final Peripheral p;

  Vref(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.p = p;
  }

  /** The machine's VREF, or null when the model has none. */
  static Vref of(Machine m) {
    return m.peripheral("VREF").filter(Vref.class::isInstance).map(Vref.class::cast).orElse(null);
  }

  /**
   * The reference voltage selected for {@code consumer} ("ADC0", "AC0"); NaN when the selection
   * names no voltage (VREFA: an external pin) or the model has no field for it.
   */
  double volts(String consumer) {
    String c = consumer.toUpperCase(java.util.Locale.ROOT);
    String[][] where = {
      {null, c + "REFSEL"},
      {c + "REF", "REFSEL"},
      {null, c.replace("AC", "DAC") + "REFSEL"},
      {c.replaceAll("\\d+$", "") + "REF", "REFSEL"},
    };
    for (String[] w : where) {
      for (ResolvedRegister r : p.registers()) {
        if (w[0] != null && !r.name().equalsIgnoreCase(w[0])) continue;
        var f = r.register().field(w[1]);
        if (f.isEmpty()) continue;
        int mask = (int) f.get().mask();
        int v = Fields.get(mask, bus.get((int) r.address()));
        String name = Fields.name(p, r.path(), w[1], v);
        if (name.equals("AVDD") || name.equals("VDD")) return m.pins().vcc();
        return Fields.volts(name);
      }
    }
    return Double.NaN;
  }

  @Override
  public String name() {
    return p.name();
  }

  @Override
  public void reset() {}
}
