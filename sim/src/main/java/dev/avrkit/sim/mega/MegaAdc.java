package dev.avrkit.sim.mega;

import dev.avrkit.device.BitField;
import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Signal;
import dev.avrkit.device.Value;
import dev.avrkit.sim.ClassicInterruptController;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Pins;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classic 10-bit successive-approximation ADC (module ADC: ADMUX, ADCSRA, ADCSRB, ADCL/H).
 *
 * <p>Inputs come from the model: the MUX value group names ADC0..ADC7 (pins from the instance's
 * signals; channels without a pad, ADC6/ADC7 of the TQFP package, become analog-only pins of
 * {@link Pins}), ADC_VBG (the 1.1 V bandgap), ADC_GND and TEMPSENS; the REFS value captions
 * name AREF (the analog-only pin "AREF"), AVCC (the supply, {@link Pins#vcc()}) or the internal
 * reference (its voltage in the caption). The prescaler divisions are the ADPS captions. The
 * result is {@code floor(Vin * 1024 / Vref)}, at most 1023.
 *
 * <p>Timing as in the data sheet's "Prescaling and Conversion Timing": the ADC clock's prescaler
 * runs from the moment ADEN is set; a conversion started by ADSC begins at the next ADC clock
 * edge, samples 1.5 ADC clocks later (13.5 for the first conversion after ADEN) and completes
 * after 13 ADC clocks (25 for the first), when ADCL/ADCH take the result (unless ADCL was read
 * and ADCH not yet: then the result is lost) and ADIF is set. Auto-triggered conversions reset
 * the prescaler at the trigger, sample 2 ADC clocks and complete 13.5 after it; free running
 * starts the next conversion as one completes. A trigger is the rising edge of the source's
 * flag (a timer flag that is not cleared triggers once). Entering ADC noise reduction sleep with
 * the ADC on and idle starts a conversion.
 */
final class MegaAdc implements SimPeripheral {
  /** Data sheet: the bandgap reference, V_BG typical. */
  static final double BANDGAP_VOLTS = 1.1;
  /** Data sheet, "Temperature Measurement": 314 mV at +25 C, 1 mV/C. */
  static final double TEMP_SENSOR_VOLTS = 0.314;

  private static final int IN_GND = -1, IN_BANDGAP = -2, IN_TEMP = -3;
  private static final int REF_AVCC = 0, REF_AREF = 1, REF_INTERNAL = 2;

  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final Peripheral p;
  private final int admux, adcsra, adcsrb, adcl;
  private final int refsMask, adlar, muxMask;
  private final BitField refsField, muxField, adpsField, adtsField;
  private final int aden, adsc, adate, adif, adie;
  private final int vector;
  /** Per MUX value: pin index into {@link #inputs}, or IN_*. */
  private final int[] muxInput;
  private final Pins.Pin[] inputs;
  /** Per REFS value: REF_* and the internal reference's volts. */
  private final int[] refKind;
  private final double[] refVolts;
  private final int[] adpsDiv;
  /** Per ADTS value: a trigger source (see {@link #wireTriggers}). */
  private final String[] adtsCaption;
  private final Pins.Pin aref;
  private final int smcr, smMask, smAdc;

  private long origin;
  private boolean converting, first, locked;
  private int latchedMux, latchedRef;
  private double sampled;
  private int data;
  private boolean wired;
  /** The comparator re-evaluates when ADMUX, ADCSRB or ADEN change its multiplexed input. */
  private Runnable inputsChanged = () -> {};

  private final Scheduler.Event sample =
      new Scheduler.Event() {
        @Override
        protected void fire(long when) {
          sampled = inputVolts(latchedMux);
        }
      };

  private final Scheduler.Event done =
      new Scheduler.Event() {
        @Override
        protected void fire(long when) {
          complete(when);
        }
      };

  MegaAdc(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    this.p = p;
    admux = Regs.require(p, "ADMUX");
    adcsra = Regs.require(p, "ADCSRA");
    adcsrb = Regs.find(p, "ADCSRB");
    adcl = Regs.require(p, "ADC", "ADCL", "ADCW");
    refsField = Regs.field(p, "ADMUX", "REFS");
    muxField = Regs.field(p, "ADMUX", "MUX");
    refsMask = (int) refsField.mask();
    muxMask = (int) muxField.mask();
    adlar = Regs.mask(p, "ADMUX", "ADLAR");
    aden = Regs.mask(p, "ADCSRA", "ADEN");
    adsc = Regs.mask(p, "ADCSRA", "ADSC");
    adate = Regs.maskOrZero(p, "ADCSRA", "ADATE");
    adif = Regs.mask(p, "ADCSRA", "ADIF");
    adie = Regs.mask(p, "ADCSRA", "ADIE");
    adpsField = Regs.field(p, "ADCSRA", "ADPS");
    adtsField = adcsrb >= 0 ? p.register("ADCSRB").flatMap(r -> r.register().field("ADTS")).orElse(null) : null;
    vector = m.vector("ADC");

    Pins pins = m.pins();
    aref = pins.addAnalogPin("AREF");
    int muxValues = 1 << muxField.width();
    muxInput = new int[muxValues];
    java.util.Arrays.fill(muxInput, IN_GND);
    inputs = new Pins.Pin[16];
    Pattern adcN = Pattern.compile("ADC(\\d+)");
    for (Value v : values(muxField)) {
      String n = v.name().toUpperCase(Locale.ROOT);
      Matcher mt = adcN.matcher(n);
      int idx = (int) v.value();
      if (idx >= muxValues) continue;
      if (mt.matches()) {
        int ch = Integer.parseInt(mt.group(1));
        if (ch >= inputs.length) continue;
        inputs[ch] = pinOf(pins, ch);
        muxInput[idx] = ch;
      } else if (n.contains("VBG") || n.contains("BANDGAP")) {
        muxInput[idx] = IN_BANDGAP;
      } else if (n.contains("TEMP")) {
        muxInput[idx] = IN_TEMP;
      }
    }
    int refValues = 1 << refsField.width();
    refKind = new int[refValues];
    refVolts = new double[refValues];
    Pattern volts = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*V\\b");
    for (int i = 0; i < refValues; i++) refKind[i] = REF_AREF;
    for (Value v : values(refsField)) {
      int idx = (int) v.value();
      if (idx >= refValues) continue;
      String c = v.caption().toUpperCase(Locale.ROOT);
      Matcher mt = volts.matcher(v.caption());
      if (c.startsWith("AVCC")) refKind[idx] = REF_AVCC;
      else if (c.contains("INTERNAL") && mt.find()) {
        refKind[idx] = REF_INTERNAL;
        refVolts[idx] = Double.parseDouble(mt.group(1));
      }
    }
    int adpsValues = 1 << adpsField.width();
    adpsDiv = new int[adpsValues];
    for (int i = 0; i < adpsValues; i++) adpsDiv[i] = Math.max(2, 1 << i);
    for (Value v : values(adpsField)) {
      try {
        if (v.value() < adpsValues) adpsDiv[(int) v.value()] = Integer.parseInt(v.caption().trim());
      } catch (NumberFormatException e) {
        // keep 2^ADPS
      }
    }
    adtsCaption = new String[adtsField == null ? 0 : 1 << adtsField.width()];
    if (adtsField != null) for (Value v : values(adtsField)) if (v.value() < adtsCaption.length) adtsCaption[(int) v.value()] = v.caption();

    var cpu = m.device().peripheral("CPU");
    smcr = cpu.map(c -> Regs.find(c, "SMCR")).orElse(-1);
    BitField sm = cpu.flatMap(c -> c.register("SMCR")).flatMap(r -> r.register().field("SM")).orElse(null);
    smMask = sm == null ? 0 : (int) sm.mask();
    smAdc = sm == null ? -1 : sm.values().flatMap(g -> g.byName("ADC")).map(v -> (int) v.value()).orElse(-1);
    m.addSleepListener(this::sleepChanged);

    if (vector >= 0 && m.interrupts() instanceof ClassicInterruptController c) {
      c.onTaken(vector, v -> setA(bus.get(adcsra) & ~adif));
    }
    bus.onWrite(adcsra, (a, v) -> writeA(v));
    bus.onWrite(admux, (a, v) -> { bus.set(a, v); inputsChanged.run(); });
    if (adcsrb >= 0) bus.onWrite(adcsrb, (a, v) -> { bus.set(a, v); inputsChanged.run(); });
    bus.onRead(adcl, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        locked = true;
        return peek(a);
      }

      @Override
      public int peek(int a) {
        return adjusted() & 0xFF;
      }
    });
    bus.onRead(adcl + 1, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        locked = false;
        return peek(a);
      }

      @Override
      public int peek(int a) {
        return adjusted() >> 8;
      }
    });
    bus.onWrite(adcl, (a, v) -> {});
    bus.onWrite(adcl + 1, (a, v) -> {});
  }

  private static java.util.List<Value> values(BitField f) {
    return f.values().map(g -> g.values()).orElse(java.util.List.of());
  }

  /** The pin of channel n: the model's ADC signal pad, else an analog-only pin "ADCn". */
  private Pins.Pin pinOf(Pins pins, int ch) {
    for (Signal s : p.signals()) {
      if (s.group().equals("ADC") && s.index().orElse(-1) == ch && s.pad() != null) {
        var pin = pins.find(s.pad());
        if (pin.isPresent()) return pin.get();
      }
    }
    return pins.addAnalogPin("ADC" + ch);
  }

  private int adjusted() {
    return (bus.get(admux) & adlar) != 0 ? data << 6 & 0xFFFF : data;
  }

  private int div() {
    return adpsDiv[(int) adpsField.extract(bus.get(adcsra))];
  }

  private void writeA(int v) {
    int old = bus.get(adcsra);
    int nv = v & ~(adif | adsc);
    if ((v & adif) == 0) nv |= old & adif; // writing 1 clears ADIF
    long now = m.scheduler().now();
    boolean on = (v & aden) != 0;
    if (on && (old & aden) == 0) {
      origin = now;
      first = true;
    }
    if (!on) {
      converting = false;
      m.scheduler().cancel(sample);
      m.scheduler().cancel(done);
    }
    bus.set(adcsra, nv | (converting ? adsc : 0));
    if (on && (v & adsc) != 0 && !converting) startOnEdge(now);
    updateIrq();
    if (((old ^ v) & aden) != 0) inputsChanged.run();
  }

  void onInputsChanged(Runnable r) {
    inputsChanged = r;
  }

  /** A conversion started by ADSC (or sleep): from the next ADC clock edge. */
  private void startOnEdge(long now) {
    int d = div();
    long edge = origin + (Math.floorDiv(now - origin, d) + 1) * d;
    begin(edge, first ? 13 * d + d / 2 : d + d / 2, (first ? 25L : 13L) * d);
  }

  private void begin(long start, long sampleAfter, long length) {
    converting = true;
    latchedMux = (int) muxField.extract(bus.get(admux));
    latchedRef = (int) refsField.extract(bus.get(admux));
    first = false;
    bus.set(adcsra, bus.get(adcsra) | adsc);
    m.scheduler().schedule(sample, start + sampleAfter);
    m.scheduler().schedule(done, start + length);
  }

  private void complete(long when) {
    converting = false;
    double ref =
        switch (refKind[latchedRef]) {
          case REF_AVCC -> m.pins().vcc();
          case REF_INTERNAL -> refVolts[latchedRef];
          default -> aref.voltage();
        };
    int r;
    if (ref <= 0) r = sampled > 0 ? 1023 : 0;
    else r = (int) Math.max(0, Math.min(1023, Math.floor(sampled * 1024 / ref + 1e-9)));
    if (!locked) data = r;
    int a = (bus.get(adcsra) & ~adsc) | adif;
    bus.set(adcsra, a);
    if ((a & adate) != 0 && (a & aden) != 0 && freeRunning()) {
      origin = when;
      int d = div();
      begin(when, d + d / 2, 13L * d);
    }
    updateIrq();
  }

  /** The voltage on ADC channel {@code ch} (the comparator's multiplexed negative input). */
  double channelVolts(int ch) {
    return ch < inputs.length && inputs[ch] != null ? inputs[ch].voltage() : 0;
  }

  private double inputVolts(int mux) {
    int in = muxInput[mux];
    return switch (in) {
      case IN_GND -> 0;
      case IN_BANDGAP -> BANDGAP_VOLTS;
      case IN_TEMP -> TEMP_SENSOR_VOLTS;
      default -> inputs[in] != null ? inputs[in].voltage() : 0;
    };
  }

  /** Auto trigger: the rising edge of the selected source's flag at the current moment. */
  private void trigger(int adtsValue) {
    int a = bus.get(adcsra);
    if ((a & aden) == 0 || (a & adate) == 0 || converting) return;
    if (adtsField == null || adtsField.extract(bus.get(adcsrb)) != adtsValue) return;
    long now = m.scheduler().now();
    origin = now; // the prescaler is reset at the trigger
    int d = div();
    boolean f = first;
    begin(now, f ? 14L * d : 2L * d, f ? 25L * d + d / 2 : 13L * d + d / 2);
  }

  private boolean freeRunning() {
    if (adtsField == null || adcsrb < 0) return true;
    String c = adtsCaption[(int) adtsField.extract(bus.get(adcsrb))];
    return c != null && c.toUpperCase(Locale.ROOT).startsWith("FREE");
  }

  /**
   * Connects the timer sources named by the ADTS captions ("Timer/Counter1 Compare Match B",
   * "Timer/Counter0 Overflow", "Timer/Counter1 Capture Event") to the timers' flag edges, and
   * the analog comparator's. Done at the first reset, when every peripheral exists.
   */
  private void wireTriggers() {
    wired = true;
    Pattern tc = Pattern.compile("Timer/Counter(\\d+) (Compare Match ([AB])|Overflow|Capture Event)");
    for (int i = 0; i < adtsCaption.length; i++) {
      String c = adtsCaption[i];
      if (c == null) continue;
      int src = i;
      Matcher mt = tc.matcher(c);
      if (mt.find()) {
        String n = mt.group(1);
        String flag =
            mt.group(3) != null ? "OCF" + n + mt.group(3) : mt.group(2).startsWith("Overflow") ? "TOV" + n : "ICF" + n;
        m.peripheral("TC" + n)
            .filter(MegaTimer.class::isInstance)
            .map(MegaTimer.class::cast)
            .ifPresent(t -> {
              var inst = m.device().peripheral("TC" + n).orElseThrow();
              int mask = Regs.maskOrZero(inst, "TIFR" + n, flag);
              if (mask != 0) t.addFlagListener(rising -> { if ((rising & mask) != 0) trigger(src); });
            });
      } else if (c.toUpperCase(Locale.ROOT).startsWith("ANALOG COMPARATOR")) {
        m.peripherals().stream()
            .filter(MegaAc.class::isInstance)
            .map(MegaAc.class::cast)
            .forEach(ac -> ac.addEdgeListener(() -> trigger(src)));
      }
    }
  }

  private void sleepChanged(boolean asleep) {
    if (!asleep || smcr < 0 || smAdc < 0) return;
    int mode = (bus.get(smcr) & smMask) >> Integer.numberOfTrailingZeros(smMask);
    if (mode == smAdc && (bus.get(adcsra) & aden) != 0 && !converting) startOnEdge(m.scheduler().now());
  }

  private void setA(int v) {
    bus.set(adcsra, v);
    updateIrq();
  }

  private void updateIrq() {
    int a = bus.get(adcsra);
    m.interrupts().set(vector, (a & adif) != 0 && (a & adie) != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    if (!wired) wireTriggers();
    converting = first = locked = false;
    data = 0;
    sampled = 0;
    origin = m.scheduler().now();
    m.scheduler().cancel(sample);
    m.scheduler().cancel(done);
    updateIrq();
  }
}
