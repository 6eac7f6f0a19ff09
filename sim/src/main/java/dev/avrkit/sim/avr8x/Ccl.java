package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;

/**
 * CCL, the configurable custom logic, as combinational look-up tables: each enabled LUTn (with
 * CTRLA.ENABLE) outputs bit (IN2 IN1 IN0) of TRUTHn; inputs by the INSELn value names: MASK (0),
 * FEEDBACK (its own output), LINK (LUT n+1's output), EVENTA/EVENTB (the EVSYS users
 * USERCCLLUTnA/B), IO (the model's LUTn_IN pin k), ACn (the comparator's output); other sources
 * read 0. The output goes to the LUTn_OUT pin PORTMUX.CCLROUTEA selects (function "CCL" or
 * "CCL_ALT"; with LUTnCTRLA.OUTEN, while the pin is an output), to the event system (CCL_LUTn)
 * and sets INTFLAGS bit n on the edges INTCTRL0.INTMODEn names (the CCL vector). Filters, edge
 * detectors, clock sources and the sequencers are not simulated: outputs change in the cycle
 * their inputs do. Re-evaluated on pin changes, event inputs, comparator changes and writes.
 */
final class Ccl implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final Peripheral p;
  private final int ctrla, enable, intctrl, intflags, vector;
  private final int luts;
  private final int[] lutA, lutB, lutC, truth;
  private final boolean[] out, evA, evB;
  private int flags;
  private boolean evaluating;

  Ccl(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.p = p;
    ctrla = Regs8x.at(p, 0, "CTRLA");
    enable = Fields.mask(p, "CTRLA", "ENABLE");
    intctrl = Regs8x.find(p, "INTCTRL0");
    intflags = Regs8x.find(p, "INTFLAGS");
    vector = Regs8x.vector(m, p, "CCL");
    int n = 0;
    while (Regs8x.find(p, "LUT" + n + "CTRLA") >= 0) n++;
    luts = n;
    lutA = new int[n];
    lutB = new int[n];
    lutC = new int[n];
    truth = new int[n];
    out = new boolean[n];
    evA = new boolean[n];
    evB = new boolean[n];
    for (int i = 0; i < n; i++) {
      lutA[i] = Regs8x.find(p, "LUT" + i + "CTRLA");
      lutB[i] = Regs8x.find(p, "LUT" + i + "CTRLB");
      lutC[i] = Regs8x.find(p, "LUT" + i + "CTRLC");
      truth[i] = Regs8x.find(p, "TRUTH" + i);
      for (int a : new int[] {lutA[i], lutB[i], lutC[i], truth[i]}) {
        if (a >= 0) Regs8x.storeThen(bus, a, this::evaluate);
      }
    }
    Regs8x.storeThen(bus, ctrla, this::evaluate);
    if (intctrl >= 0) Regs8x.storeThen(bus, intctrl, this::publish);
    if (intflags >= 0) Regs8x.flags(bus, intflags, () -> flags, v -> flags &= ~v, this::publish);
    // a pin change is looked at once the PORT has finished updating (outputs it drives change
    // pins of a PORT too), still in the same cycle
    m.addPinListener((port, bit, level, cycle) -> {
      if ((bus.get(ctrla) & enable) != 0 && !settle.scheduled()) m.scheduler().schedule(settle, m.scheduler().now());
    });
  }

  private final dev.avrkit.sim.Scheduler.Event settle = new dev.avrkit.sim.Scheduler.Event() {
    @Override
    protected void fire(long when) {
      evaluate();
    }
  };

  /** The machine's CCL, or null. */
  static Ccl of(Machine m) {
    return m.peripheral("CCL").filter(Ccl.class::isInstance).map(Ccl.class::cast).orElse(null);
  }

  /** An event input (EVSYS user USERCCLLUTnA/B). */
  void event(int lut, boolean b, boolean level) {
    if (lut < 0 || lut >= luts) return;
    if (b) evB[lut] = level;
    else evA[lut] = level;
    evaluate();
  }

  /** Something a LUT may read changed (a comparator output). */
  void inputsChanged() {
    if ((bus.get(ctrla) & enable) != 0) evaluate();
  }

  private int input(int lut, int k) {
    String reg = k < 2 ? "LUT" + lut + "CTRLB" : "LUT" + lut + "CTRLC";
    int addr = k < 2 ? lutB[lut] : lutC[lut];
    if (addr < 0) return 0;
    int mask = Fields.mask(p, reg, "INSEL" + k);
    String name = Fields.name(p, reg, "INSEL" + k, Fields.get(mask, bus.get(addr)));
    switch (name) {
      case "FEEDBACK":
        return out[lut] ? 1 : 0;
      case "LINK":
        return out[(lut + 1) % luts] ? 1 : 0;
      case "EVENTA":
        return evA[lut] ? 1 : 0;
      case "EVENTB":
        return evB[lut] ? 1 : 0;
      case "IO": {
        String pad = Fields.pad(p, "LUT" + lut + "_IN", k);
        return pad != null && m.pins().find(pad).map(x -> x.level() == 1).orElse(false) ? 1 : 0;
      }
      default:
        if (name.matches("AC\\d")) {
          Ac ac = Ac.of(m, name);
          return ac != null && ac.output() ? 1 : 0;
        }
        return 0;
    }
  }

  private void evaluate() {
    if (evaluating) return; // LINK / FEEDBACK and the pins a LUT drives settle in one pass
    evaluating = true;
    try {
      boolean on = (bus.get(ctrla) & enable) != 0;
      for (int i = luts - 1; i >= 0; i--) {
        boolean lutOn = on && lutA[i] >= 0 && (bus.get(lutA[i]) & 1) != 0;
        boolean v = false;
        if (lutOn) {
          int idx = input(i, 0) | input(i, 1) << 1 | input(i, 2) << 2;
          v = truth[i] >= 0 && (bus.get(truth[i]) >> idx & 1) != 0;
        }
        if (v != out[i]) {
          out[i] = v;
          String mode = intctrl < 0 ? "" : Fields.name(p, "INTCTRL0", "INTMODE" + i,
              Fields.get(Fields.mask(p, "INTCTRL0", "INTMODE" + i), bus.get(intctrl)));
          if (mode.equals("BOTH") || mode.equals("RISING") && v || mode.equals("FALLING") && !v) flags |= 1 << i;
          Evsys ev = Evsys.of(m);
          if (ev != null) ev.level("CCL_LUT" + i, v);
        }
        outputPin(i, lutOn && (bus.get(lutA[i]) & Fields.mask(p, "LUT" + i + "CTRLA", "OUTEN")) != 0);
      }
      publish();
    } finally {
      evaluating = false;
    }
  }

  private void outputPin(int lut, boolean enabled) {
    Peripheral mux = m.device().peripheral("PORTMUX").orElse(null);
    boolean alt = false;
    if (mux != null) {
      int a = Regs8x.find(mux, "CCLROUTEA");
      int mask = Fields.mask(mux, "CCLROUTEA", "LUT" + lut);
      alt = a >= 0 && (bus.get(a) & mask) != 0;
    }
    String want = alt ? "CCL_ALT" : "CCL";
    for (var s : p.signals()) {
      if (!s.group().equalsIgnoreCase("LUT" + lut + "_OUT")) continue;
      Port port = Fields.port(m, s.pad());
      if (port == null) continue;
      boolean mine = enabled && s.function().equalsIgnoreCase(want);
      port.override(Fields.bit(s.pad()), mine ? (out[lut] ? 1 : 0) : -1);
    }
  }

  private void publish() {
    if (intflags >= 0) bus.set(intflags, flags);
    m.interrupts().set(vector, flags != 0 && intctrl >= 0 && bus.get(intctrl) != 0);
  }

  @Override
  public String name() {
    return p.name();
  }

  @Override
  public void reset() {
    m.scheduler().cancel(settle);
    flags = 0;
    java.util.Arrays.fill(out, false);
    java.util.Arrays.fill(evA, false);
    java.util.Arrays.fill(evB, false);
    publish();
  }
}
