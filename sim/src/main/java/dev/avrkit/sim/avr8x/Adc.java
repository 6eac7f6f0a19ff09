package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;

/**
 * ADC, the successive-approximation ADC of megaAVR 0 / tinyAVR 0/1 (and AVR-Dx, single-ended):
 * single conversions (COMMAND.STCONV, or an event with EVCTRL.STARTEI), free-running
 * (CTRLA.FREERUN), accumulation of CTRLB.SAMPNUM samples into RES, 8/10/12-bit resolution from
 * CTRLA.RESSEL's value names, window compare (CTRLE.WINCM against WINLT/WINHT, flag WCMP) and
 * the RESRDY/WCMP interrupts. RESRDY is also cleared by reading RES; RES, WINLT and WINHT go
 * through TEMP.
 *
 * <p>Inputs (MUXPOS value names): AINn = the pin of the model's AIN signal n ({@link
 * dev.avrkit.sim.Pins.Pin#voltage()}), GND = 0 V, DACREFn / DACn = the comparator's DACREF
 * voltage, INTREF = the ADC's VREF reference, TEMPSENSE = the die temperature (25 °C unless set)
 * as the voltage that, converted at 1.1 V, reads back with the data sheet's formula
 * T[K] = (RES - (int8) SIGROW.TEMPSENSE1) x SIGROW.TEMPSENSE0 / 256. A sample is
 * floor(V / V_ref x 2^bits), clamped; the reference is CTRLC.REFSEL (INTREF: VREF's ADC0
 * selection, VDDREF: the supply, VREFA: taken as the supply, the model names no VREFA pin).
 *
 * <p>Timing, in CLK_ADC = CLK_PER / CTRLC.PRESC cycles: each sample takes 1 (start) + 2 +
 * SAMPCTRL.SAMPLEN (sampling) + CTRLD.SAMPDLY (+ the sample's index with CTRLD.ASDV) + one per
 * result bit (13 at 10 bits with SAMPLEN 0, as the data sheet's figure); the first conversion
 * after the ADC is enabled or its reference changes waits CTRLD.INITDLY cycles more. The ADC
 * clock's phase is not modelled: a conversion starts at the cycle STCONV is written.
 */
final class Adc implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final Peripheral p;
  private final int ctrla, ctrlb, ctrlc, ctrld, ctrle, sampctrl, muxposReg, command, evctrl, intctrl,
      intflags, temp, res, winlt, winht;
  private final int enable, freerun, ressel, sampnum, presc, refsel, initdly, asdv, sampdly, wincm,
      samplen, muxpos, stconv, spconv, startei, fResrdy, fWcmp;
  private final int[] bitsOf, prescOf, samplesOf, initdlyOf;
  private final int vResrdy, vWcmp;
  private final int[] tmp = new int[1];
  private int flags;
  private int result, winLow, winHigh;
  private boolean busy, initPending = true;
  private int sample, samples, sampleBits;
  private long acc;
  private double lastRef = Double.NaN;
  private double temperatureC = 25.0;

  private final Scheduler.Event sampleDone = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      sampled(when);
    }
  };

  Adc(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.p = p;
    ctrla = Regs8x.at(p, 0, "CTRLA");
    ctrlb = Regs8x.at(p, 1, "CTRLB");
    ctrlc = Regs8x.at(p, 2, "CTRLC");
    ctrld = Regs8x.at(p, 3, "CTRLD");
    ctrle = Regs8x.at(p, 4, "CTRLE");
    sampctrl = Regs8x.at(p, 5, "SAMPCTRL");
    muxposReg = Regs8x.at(p, 6, "MUXPOS");
    command = Regs8x.at(p, 8, "COMMAND");
    evctrl = Regs8x.at(p, 9, "EVCTRL");
    intctrl = Regs8x.at(p, 0xA, "INTCTRL");
    intflags = Regs8x.at(p, 0xB, "INTFLAGS");
    temp = Regs8x.at(p, 0xD, "TEMP");
    res = Regs8x.at(p, 0x10, "RES");
    winlt = Regs8x.at(p, 0x12, "WINLT");
    winht = Regs8x.at(p, 0x14, "WINHT");
    enable = Fields.mask(p, "CTRLA", "ENABLE");
    freerun = Fields.mask(p, "CTRLA", "FREERUN");
    ressel = Fields.mask(p, "CTRLA", "RESSEL");
    sampnum = Fields.mask(p, "CTRLB", "SAMPNUM");
    presc = Fields.mask(p, "CTRLC", "PRESC");
    refsel = Fields.mask(p, "CTRLC", "REFSEL");
    initdly = Fields.mask(p, "CTRLD", "INITDLY");
    asdv = Fields.mask(p, "CTRLD", "ASDV");
    sampdly = Fields.mask(p, "CTRLD", "SAMPDLY");
    wincm = Fields.mask(p, "CTRLE", "WINCM");
    samplen = Fields.mask(p, "SAMPCTRL", "SAMPLEN");
    muxpos = Fields.mask(p, "MUXPOS", "MUXPOS");
    stconv = Fields.mask(p, "COMMAND", "STCONV");
    spconv = Fields.mask(p, "COMMAND", "SPCONV");
    startei = Fields.mask(p, "EVCTRL", "STARTEI");
    fResrdy = Fields.mask(p, "INTFLAGS", "RESRDY");
    fWcmp = Fields.mask(p, "INTFLAGS", "WCMP");
    bitsOf = Fields.numbers(p, "CTRLA", "RESSEL", "");
    prescOf = Fields.numbers(p, "CTRLC", "PRESC", "DIV");
    samplesOf = Fields.numbers(p, "CTRLB", "SAMPNUM", "ACC");
    initdlyOf = Fields.numbers(p, "CTRLD", "INITDLY", "DLY");
    vResrdy = Regs8x.vector(m, p, "RESRDY");
    int wv = Regs8x.vector(m, p, "WCOMP");
    vWcmp = wv >= 0 ? wv : Regs8x.vector(m, p, "WCMP");

    bus.onWrite(ctrla, (a, v) -> {
      boolean was = enabled();
      bus.set(a, v);
      if (!enabled()) stop();
      else if (!was) initPending = true;
    });
    bus.onWrite(ctrlc, (a, v) -> {
      if (((bus.get(a) ^ v) & refsel) != 0) initPending = true;
      bus.set(a, v);
    });
    bus.onRead(command, a -> busy ? stconv : 0);
    bus.onWrite(command, (a, v) -> {
      if ((v & spconv) != 0) stop();
      else if ((v & stconv) != 0) start();
    });
    Regs8x.storeThen(bus, intctrl, this::publish);
    Regs8x.flags(bus, intflags, () -> flags, v -> flags &= ~v, this::publish);
    bus.onRead(temp, a -> tmp[0]);
    bus.onWrite(temp, (a, v) -> tmp[0] = v);
    bus.onRead(res, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        tmp[0] = (result >> 8) & 0xFF;
        resultRead();
        return result & 0xFF;
      }

      @Override
      public int peek(int a) {
        return result & 0xFF;
      }
    });
    bus.onRead(res + 1, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        resultRead();
        return tmp[0];
      }

      @Override
      public int peek(int a) {
        return (result >> 8) & 0xFF;
      }
    });
    bus.onWrite(res, (a, v) -> {});
    bus.onWrite(res + 1, (a, v) -> {});
    Regs8x.word(bus, winlt, tmp, new Regs8x.Word() {
      @Override
      public int get() {
        return winLow;
      }

      @Override
      public void set(int v) {
        winLow = v & 0xFFFF;
      }
    });
    Regs8x.word(bus, winht, tmp, new Regs8x.Word() {
      @Override
      public int get() {
        return winHigh;
      }

      @Override
      public void set(int v) {
        winHigh = v & 0xFFFF;
      }
    });
  }

  /** The machine's ADC {@code name} ("ADC0"), or null. */
  static Adc of(Machine m, String name) {
    return m.peripheral(name).filter(Adc.class::isInstance).map(Adc.class::cast).orElse(null);
  }

  /** Whether the model's ADC is this kind (COMMAND.STCONV and a 16-bit RES). */
  static boolean fits(Peripheral p) {
    return Fields.mask(p, "COMMAND", "STCONV") != 0 && p.register("RES").isPresent();
  }

  /** The die temperature TEMPSENSE reports. */
  void setTemperature(double celsius) {
    temperatureC = celsius;
  }

  /** An event on the ADC's start input (EVSYS user): starts a conversion when EVCTRL.STARTEI. */
  void startEvent() {
    if ((bus.get(evctrl) & startei) != 0) start();
  }

  private boolean enabled() {
    return (bus.get(ctrla) & enable) != 0;
  }

  private int field(int mask, int reg) {
    return Fields.get(mask, bus.get(reg));
  }

  private static int lookup(int[] table, int v, int dflt) {
    return v < table.length && table[v] > 0 ? table[v] : dflt;
  }

  private void start() {
    if (!enabled() || busy) return;
    busy = true;
    sample = 0;
    acc = 0;
    samples = lookup(samplesOf, field(sampnum, ctrlb), 1);
    sampleBits = lookup(bitsOf, field(ressel, ctrla), 10);
    double ref = reference();
    if (isInternalRef() && !Double.isNaN(lastRef) && ref != lastRef) initPending = true;
    lastRef = ref;
    long delay = sampleCycles(0);
    if (initPending) {
      delay += (long) Math.max(0, lookup(initdlyOf, field(initdly, ctrld), 0)) * clkAdc();
      initPending = false;
    }
    m.scheduler().schedule(sampleDone, m.scheduler().now() + delay);
  }

  private void stop() {
    busy = false;
    m.scheduler().cancel(sampleDone);
  }

  private int clkAdc() {
    return lookup(prescOf, field(presc, ctrlc), 2);
  }

  /** CPU cycles of sample {@code i}. */
  private long sampleCycles(int i) {
    int dly = field(sampdly, ctrld);
    if ((bus.get(ctrld) & asdv) != 0) dly = (dly + i) & (sampdly >>> Integer.numberOfTrailingZeros(sampdly));
    return (long) (3 + field(samplen, sampctrl) + dly + sampleBits) * clkAdc();
  }

  private boolean isInternalRef() {
    if (refsel == 0) return true;
    return Fields.name(p, "CTRLC", "REFSEL", field(refsel, ctrlc)).equals("INTREF");
  }

  private double reference() {
    double vcc = m.pins().vcc();
    if (isInternalRef()) {
      Vref v = Vref.of(m);
      double r = v == null ? Double.NaN : v.volts(p.name());
      return Double.isNaN(r) ? vcc : r;
    }
    return vcc;
  }

  private double input() {
    int sel = field(muxpos, muxposReg);
    String name = Fields.name(p, "MUXPOS", "MUXPOS", sel);
    if (name.startsWith("AIN")) {
      String pad = Fields.pad(p, "AIN", Integer.parseInt(name.substring(3)));
      return pad == null ? 0 : m.pins().find(pad).map(x -> x.voltage()).orElse(0.0);
    }
    if (name.startsWith("DACREF") || name.startsWith("DAC")) {
      String digits = name.replaceAll("\\D", "");
      Ac ac = Ac.of(m, "AC" + (digits.isEmpty() ? "0" : digits));
      return ac == null ? 0 : ac.dacrefVolts();
    }
    if (name.equals("INTREF")) {
      Vref v = Vref.of(m);
      double r = v == null ? Double.NaN : v.volts(p.name());
      return Double.isNaN(r) ? 0 : r;
    }
    if (name.equals("TEMPSENSE")) return temperatureVolts();
    return 0; // GND and unnamed selections
  }

  /** The sensor voltage that reads back as the temperature through SIGROW's calibration. */
  private double temperatureVolts() {
    var sig = m.device().peripheral("SIGROW");
    int gain = sig.map(s -> Regs8x.find(s, "TEMPSENSE0")).filter(a -> a >= 0).map(bus::get).orElse(0);
    int offset = sig.map(s -> Regs8x.find(s, "TEMPSENSE1")).filter(a -> a >= 0).map(a -> (int) (byte) bus.get(a)).orElse(0);
    double kelvin = temperatureC + 273.15;
    double reading = gain == 0 ? kelvin : kelvin * 256 / gain + offset;
    return (reading + 0.5) * 1.1 / 1024;
  }

  private void sampled(long when) {
    double ref = reference();
    int max = (1 << sampleBits) - 1;
    long v = (long) Math.floor(input() / ref * (1 << sampleBits));
    acc += Math.max(0, Math.min(max, v));
    sample++;
    if (sample < samples) {
      m.scheduler().schedule(sampleDone, when + sampleCycles(sample));
      return;
    }
    result = (int) (acc & 0xFFFF);
    flags |= fResrdy;
    if (window(result)) flags |= fWcmp;
    busy = false;
    publish();
    Evsys ev = Evsys.of(m);
    if (ev != null) ev.pulse(p.name() + "_RESRDY");
    if ((bus.get(ctrla) & freerun) != 0 && enabled()) start();
  }

  private boolean window(int r) {
    String mode = Fields.name(p, "CTRLE", "WINCM", field(wincm, ctrle));
    return switch (mode) {
      case "BELOW" -> r < winLow;
      case "ABOVE" -> r > winHigh;
      case "INSIDE" -> r > winLow && r < winHigh;
      case "OUTSIDE" -> r < winLow || r > winHigh;
      default -> false;
    };
  }

  private void resultRead() {
    if ((flags & fResrdy) != 0) {
      flags &= ~fResrdy;
      publish();
    }
  }

  private void publish() {
    bus.set(intflags, flags);
    int en = bus.get(intctrl);
    m.interrupts().set(vResrdy, (flags & en & fResrdy) != 0);
    m.interrupts().set(vWcmp, (flags & en & fWcmp) != 0);
  }

  @Override
  public String name() {
    return p.name();
  }

  @Override
  public void reset() {
    stop();
    flags = 0;
    result = winLow = winHigh = 0;
    tmp[0] = 0;
    initPending = true;
    lastRef = Double.NaN;
    publish();
  }
}
