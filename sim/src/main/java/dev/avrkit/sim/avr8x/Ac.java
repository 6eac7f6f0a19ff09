package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;

/**
 * AC, the analog comparator: the positive input (MUXPOS: a pin of the model's "P" signals) is
 * compared with the negative one (MUXNEG: an "N" pin, or DACREF = DACREF/256 x the reference
 * VREF selects for this AC); STATUS.STATE is the result (MUXCTRLA.INVERT inverts it), with the
 * hysteresis CTRLA.HYSMODE names ("25mV"). CTRLA.INTMODE picks the edges that set STATUS.CMP
 * (write 1 to clear) and the AC vector; CTRLA.OUTEN drives the OUT pin (when it is an output).
 * The comparison is re-evaluated whenever a pin's level or analog voltage changes and when a
 * register is written or STATUS read; the propagation delay is not modelled.
 */
final class Ac implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final Peripheral p;
  private final int ctrla, muxctrl, dacref, intctrl, status;
  private final int enable, hysmode, intmode, outen, muxpos, muxneg, invert, cmpFlag, stateBit, cmpEnable;
  private final int vector;
  private final String outPad;
  private boolean state;
  private int flags;

  Ac(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.p = p;
    ctrla = Regs8x.at(p, 0, "CTRLA");
    String mux = p.register("MUXCTRLA").isPresent() ? "MUXCTRLA" : "MUXCTRL";
    muxctrl = Regs8x.at(p, 2, mux);
    dacref = Regs8x.find(p, "DACREF");
    intctrl = Regs8x.at(p, 6, "INTCTRL");
    status = Regs8x.at(p, 7, "STATUS");
    enable = Fields.mask(p, "CTRLA", "ENABLE");
    hysmode = Fields.mask(p, "CTRLA", "HYSMODE");
    intmode = Math.max(Fields.mask(p, "CTRLA", "INTMODE"), Fields.mask(p, "INTCTRL", "INTMODE"));
    outen = Fields.mask(p, "CTRLA", "OUTEN");
    muxpos = Fields.mask(p, mux, "MUXPOS");
    muxneg = Fields.mask(p, mux, "MUXNEG");
    invert = Fields.mask(p, mux, "INVERT");
    cmpFlag = Math.max(Fields.mask(p, "STATUS", "CMP"), Fields.mask(p, "STATUS", "CMPIF"));
    stateBit = Fields.mask(p, "STATUS", "STATE");
    cmpEnable = Fields.mask(p, "INTCTRL", "CMP");
    vector = Regs8x.vector(m, p, "AC");
    outPad = Fields.pad(p, "OUT", 0);
    for (int a : new int[] {ctrla, muxctrl, dacref, intctrl}) {
      if (a >= 0) Regs8x.storeThen(bus, a, this::evaluate);
    }
    bus.onRead(status, a -> {
      evaluate();
      return bus.get(a);
    });
    bus.onWrite(status, (a, v) -> {
      flags &= ~(v & cmpFlag);
      evaluate();
    });
    // after the PORT has finished updating (the OUT pin is a PORT pin too), in the same cycle
    m.addPinListener((port, bit, level, cycle) -> {
      if ((bus.get(ctrla) & enable) != 0 && !settle.scheduled()) m.scheduler().schedule(settle, m.scheduler().now());
    });
    m.pins().addAnalogListener(() -> {
      if ((bus.get(ctrla) & enable) != 0) evaluate();
    });
  }

  private final dev.avrkit.sim.Scheduler.Event settle = new dev.avrkit.sim.Scheduler.Event() {
    @Override
    protected void fire(long when) {
      evaluate();
    }
  };

  /** The machine's comparator {@code name} ("AC0"), or null. */
  static Ac of(Machine m, String name) {
    return m.peripheral(name).filter(Ac.class::isInstance).map(Ac.class::cast).orElse(null);
  }

  /** The comparator's output (STATUS.STATE). */
  boolean output() {
    return state;
  }

  /** The DACREF voltage: DACREF / 256 x this AC's reference (the reference without DACREF). */
  double dacrefVolts() {
    double ref = reference();
    return dacref < 0 ? ref : bus.get(dacref) / 256.0 * ref;
  }

  private double reference() {
    Vref v = Vref.of(m);
    double ref = v == null ? Double.NaN : v.volts(p.name());
    return Double.isNaN(ref) ? m.pins().vcc() : ref;
  }

  private double input(String reg, int mask, String group) {
    int sel = Fields.get(mask, bus.get(muxctrl));
    String name = Fields.name(p, reg(), reg, sel);
    if (name.startsWith("DACREF")) return dacrefVolts();
    if (name.equals("VREF")) return reference();
    if (name.equals("GND")) return 0;
    String digits = name.replaceAll("^\\D+", "");
    String pad = digits.isEmpty() ? null : Fields.pad(p, group, Integer.parseInt(digits));
    if (pad == null) return 0;
    return m.pins().find(pad).map(x -> x.voltage()).orElse(0.0);
  }

  private String reg() {
    return p.register("MUXCTRLA").isPresent() ? "MUXCTRLA" : "MUXCTRL";
  }

  private double hysteresis() {
    String n = Fields.name(p, "CTRLA", "HYSMODE", Fields.get(hysmode, bus.get(ctrla)));
    String mv = n.replaceAll("MV$", "").replaceAll("\\D", "");
    return n.endsWith("MV") && !mv.isEmpty() ? Integer.parseInt(mv) / 1000.0 : 0;
  }

  private void evaluate() {
    boolean on = (bus.get(ctrla) & enable) != 0;
    boolean next = state;
    if (on) {
      double diff = input("MUXPOS", muxpos, "P") - input("MUXNEG", muxneg, "N");
      double h = hysteresis() / 2;
      boolean raw = state ^ ((bus.get(muxctrl) & invert) != 0);
      if (diff > h) raw = true;
      else if (diff < -h) raw = false;
      else if (h == 0) raw = diff > 0;
      next = raw ^ ((bus.get(muxctrl) & invert) != 0);
    } else {
      next = false;
    }
    if (next != state) {
      state = next;
      if (on) {
        int modeReg = intmode == Fields.mask(p, "CTRLA", "INTMODE") ? ctrla : intctrl;
        String mode = Fields.name(p, modeReg == ctrla ? "CTRLA" : "INTCTRL", "INTMODE",
            Fields.get(intmode, bus.get(modeReg)));
        boolean edge = mode.startsWith("POS") ? next : mode.startsWith("NEG") ? !next : true;
        if (edge) flags |= cmpFlag;
      }
      Evsys ev = Evsys.of(m);
      if (ev != null) ev.level(p.name() + "_OUT", next);
      Ccl ccl = Ccl.of(m);
      if (ccl != null) ccl.inputsChanged();
    }
    Port port = Fields.port(m, outPad);
    if (port != null) port.override(Fields.bit(outPad), on && (bus.get(ctrla) & outen) != 0 ? (state ? 1 : 0) : -1);
    bus.set(status, flags | (state ? stateBit : 0));
    m.interrupts().set(vector, (flags & cmpFlag) != 0 && (bus.get(intctrl) & cmpEnable) != 0);
  }

  @Override
  public String name() {
    return p.name();
  }

  @Override
  public void reset() {
    state = false;
    flags = 0;
    evaluate();
  }
}
