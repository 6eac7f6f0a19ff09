package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Signal;
import dev.avrkit.sim.ClassicInterruptController;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Pins;
import dev.avrkit.sim.SimPeripheral;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic analog comparator (module AC: ACSR). The positive input is AIN0 or, with ACBG, the
 * 1.1 V bandgap; the negative input is AIN1 or, with ADCSRB.ACME set and the ADC off, the ADC
 * channel ADMUX.MUX[2:0] selects. ACO = positive above negative; ACI is set on the output edge
 * ACIS selects (toggle, falling, rising) and requests the ANALOG_COMP interrupt with ACIE.
 *
 * <p>No polling: the output is re-evaluated when a pin changes level, when a voltage is set from
 * outside ({@link Pins#addAnalogListener}), and when ACSR is written or read.
 */
final class MegaAc implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int acsr, acd, acbg, aco, aci, acie, acisMask;
  private final int adcsrb, acme, adcsra, aden, admux;
  private final int vector;
  private final Pins.Pin ain0, ain1;
  private final List<Runnable> edgeListeners = new ArrayList<>();
  private MegaAdc adc;
  /** Per port letter: the pins whose level changes can move the comparator's inputs. */
  private final int[] watched = new int[26];
  /** The same for the ADC channel pins, which matter only while the multiplexer feeds AIN-. */
  private final int[] watchedMux = new int[26];

  MegaAc(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    acsr = Regs.require(p, "ACSR");
    acd = Regs.mask(p, "ACSR", "ACD");
    acbg = Regs.maskOrZero(p, "ACSR", "ACBG");
    aco = Regs.mask(p, "ACSR", "ACO");
    aci = Regs.mask(p, "ACSR", "ACI");
    acie = Regs.mask(p, "ACSR", "ACIE");
    acisMask = Regs.mask(p, "ACSR", "ACIS");
    var adcInst = m.device().peripheral("ADC");
    adcsrb = adcInst.map(a -> Regs.find(a, "ADCSRB")).orElse(-1);
    acme = adcInst.map(a -> Regs.maskOrZero(a, "ADCSRB", "ACME")).orElse(0);
    adcsra = adcInst.map(a -> Regs.find(a, "ADCSRA")).orElse(-1);
    aden = adcInst.map(a -> Regs.maskOrZero(a, "ADCSRA", "ADEN")).orElse(0);
    admux = adcInst.map(a -> Regs.find(a, "ADMUX")).orElse(-1);
    vector = m.vector("ANALOG_COMP");
    ain0 = pin(m, p, 0);
    ain1 = pin(m, p, 1);
    if (vector >= 0 && m.interrupts() instanceof ClassicInterruptController c) {
      c.onTaken(vector, v -> { bus.set(acsr, bus.get(acsr) & ~aci); updateIrq(); });
    }
    bus.onWrite(acsr, (a, v) -> {
      int old = bus.get(a);
      int keep = old & (aco | aci);
      if ((v & aci) != 0) keep &= ~aci;
      bus.set(a, (v & ~(aco | aci)) | keep);
      evaluate();
      updateIrq();
    });
    bus.onRead(acsr, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        evaluate();
        return bus.get(a);
      }

      @Override
      public int peek(int a) {
        return bus.get(a);
      }
    });
    relevant(watched, ain0);
    relevant(watched, ain1);
    adcInst.ifPresent(a -> {
      for (Signal sig : a.signals()) {
        if (sig.group().equals("ADC") && sig.pad() != null) m.pins().find(sig.pad()).ifPresent(pin -> relevant(watchedMux, pin));
      }
    });
    m.addPinListener((port, bit, level, cycle) -> {
      if (port.length() != 5 || port.charAt(4) < 'A' || port.charAt(4) > 'Z') return;
      int i = port.charAt(4) - 'A';
      if ((watched[i] >> bit & 1) != 0 || (watchedMux[i] >> bit & 1) != 0 && muxed()) evaluate();
    });
    m.pins().addAnalogListener(this::evaluate);
  }

  private static Pins.Pin pin(Machine m, Peripheral p, int index) {
    for (Signal s : p.signals()) {
      if (s.group().equals("AIN") && s.index().orElse(-1) == index && s.pad() != null) {
        var pin = m.pins().find(s.pad());
        if (pin.isPresent()) return pin.get();
      }
    }
    return m.pins().addAnalogPin("AIN" + index);
  }

  private static void relevant(int[] masks, Pins.Pin pin) {
    String port = pin.port();
    if (port.length() == 5 && port.charAt(4) >= 'A' && port.charAt(4) <= 'Z') masks[port.charAt(4) - 'A'] |= 1 << pin.bit();
  }

  private boolean muxed() {
    return adcsrb >= 0 && (bus.get(adcsrb) & acme) != 0 && (bus.get(adcsra) & aden) == 0;
  }

  /** The ADC's auto trigger listens for ACI edges here. */
  void addEdgeListener(Runnable r) {
    edgeListeners.add(r);
  }

  private double negative() {
    if (muxed()) {
      if (adc == null) {
        adc = m.peripherals().stream().filter(MegaAdc.class::isInstance).map(MegaAdc.class::cast).findFirst().orElse(null);
      }
      if (adc != null) return adc.channelVolts(bus.get(admux) & 7);
    }
    return ain1.voltage();
  }

  private void evaluate() {
    int a = bus.get(acsr);
    if ((a & acd) != 0) return;
    double pos = (a & acbg) != 0 ? MegaAdc.BANDGAP_VOLTS : ain0.voltage();
    boolean out = pos > negative();
    boolean was = (a & aco) != 0;
    if (out == was) return;
    a = out ? a | aco : a & ~aco;
    int acis = (a & acisMask) >> Integer.numberOfTrailingZeros(acisMask);
    // ACIS: 0 output toggle, 2 falling edge, 3 rising edge (1 reserved)
    boolean edge = acis == 0 || (acis == 2 && !out) || (acis == 3 && out);
    if (edge && (a & aci) == 0) {
      a |= aci;
      bus.set(acsr, a);
      for (Runnable r : edgeListeners) r.run();
    }
    bus.set(acsr, a);
    updateIrq();
  }

  private void updateIrq() {
    int a = bus.get(acsr);
    m.interrupts().set(vector, (a & aci) != 0 && (a & acie) != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    if (adc == null) {
      adc = m.peripherals().stream().filter(MegaAdc.class::isInstance).map(MegaAdc.class::cast).findFirst().orElse(null);
      if (adc != null) adc.onInputsChanged(this::evaluate);
    }
    evaluate();
    updateIrq();
  }
}
