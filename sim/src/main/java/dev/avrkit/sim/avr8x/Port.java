package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptController;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.PinListener;
import dev.avrkit.sim.PortPins;
import dev.avrkit.sim.SimPeripheral;

/**
 * One AVR8X PORT (and its VPORT alias when the model has one): DIR/OUT with SET, CLR and TGL
 * strobes, IN (writing 1 toggles OUT), PINnCTRL (PULLUPEN bit 3, INVEN bit 7: inverts the pin's
 * output, OUT or a peripheral's, and its input; ISC bits 2:0: both edges, rising, falling,
 * input disabled (IN keeps its last value), low level), INTFLAGS (write 1 to clear) and the
 * PORTx_PORT interrupt. A pin's level is its output when DIR is set, else what {@link
 * #drive} put on it, else 1 with the pull-up, else floating (reads 0). Every level change goes to
 * {@link Machine#pinChanged}.
 *
 * <p>Edge sensing needs the peripheral clock except on the fully asynchronous pins (bits 2 and 6
 * of every port): in standby and power-down a rising or falling edge on any other pin sets no
 * flag, while both-edges and low-level sensing still do (data sheet, PORT "Asynchronous Sensing
 * Pin Properties").
 */
public final class Port implements SimPeripheral, PortPins {
  private static final int ISC_BOTH = 1, ISC_RISING = 2, ISC_FALLING = 3, ISC_INPUT_DISABLE = 4, ISC_LEVEL = 5;

  private final Machine m;
  private final DataBus bus;
  private final InterruptController irq;
  private final String name;
  private final int dir, out, in, intflags, pinctrl;
  private final int vdir, vout, vin, vflags;
  private final int vector;
  private int dirV, outV, flags;
  private int extDriven, extLevel;
  private int ovrMask, ovrLevel;
  private int odMask, odLevel;
  private int inV;
  private final int[] level = new int[8];

  Port(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.irq = m.interrupts();
    this.name = p.name();
    dir = Regs8x.at(p, 0, "DIR");
    out = Regs8x.at(p, 4, "OUT");
    in = Regs8x.at(p, 8, "IN");
    intflags = Regs8x.at(p, 9, "INTFLAGS");
    pinctrl = Regs8x.at(p, 0x10, "PIN0CTRL");
    vector = m.vector(name + "_PORT");
    m.pins().register(this);
    Peripheral vp = m.device().peripheral("V" + name).orElse(null);
    if (vp != null) {
      vdir = Regs8x.at(vp, 0, "DIR");
      vout = Regs8x.at(vp, 1, "OUT");
      vin = Regs8x.at(vp, 2, "IN");
      vflags = Regs8x.at(vp, 3, "INTFLAGS");
    } else {
      vdir = vout = vin = vflags = -1;
    }
    hook(dir, () -> dirV, v -> setDir(v));
    hook(dir + 1, () -> dirV, v -> setDir(dirV | v));
    hook(dir + 2, () -> dirV, v -> setDir(dirV & ~v));
    hook(dir + 3, () -> dirV, v -> setDir(dirV ^ v));
    hook(out, () -> outV, v -> setOut(v));
    hook(out + 1, () -> outV, v -> setOut(outV | v));
    hook(out + 2, () -> outV, v -> setOut(outV & ~v));
    hook(out + 3, () -> outV, v -> setOut(outV ^ v));
    hook(in, () -> inV, v -> setOut(outV ^ v));
    hook(intflags, () -> flags, v -> clearFlags(v));
    for (int i = 0; i < 8; i++) {
      Regs8x.storeThen(bus, pinctrl + i, this::update);
    }
    if (vp != null) {
      hook(vdir, () -> dirV, v -> setDir(v));
      hook(vout, () -> outV, v -> setOut(v));
      hook(vin, () -> inV, v -> setOut(outV ^ v));
      hook(vflags, () -> flags, v -> clearFlags(v));
    }
  }

  private void hook(int addr, java.util.function.IntSupplier get, java.util.function.IntConsumer set) {
    bus.onRead(addr, a -> get.getAsInt());
    bus.onWrite(addr, (a, v) -> set.accept(v));
  }

  private void setDir(int v) {
    dirV = v & 0xFF;
    update();
  }

  private void setOut(int v) {
    outV = v & 0xFF;
    update();
  }

  private void clearFlags(int v) {
    flags &= ~v;
    // a low level keeps its flag set while the pin stays low
    for (int i = 0; i < 8; i++) {
      if (isc(i) == ISC_LEVEL && ((inV >> i) & 1) == 0) flags |= 1 << i;
    }
    publish();
  }

  private int isc(int bit) {
    return bus.get(pinctrl + bit) & 7;
  }

  /**
   * Drives pin {@code bit} from outside (a button, a virtual board): level 0 or 1, or
   * {@link PinListener#FLOATING} to release it.
   */
  @Override
  public void drive(int bit, int lvl) {
    if (lvl == PinListener.FLOATING) extDriven &= ~(1 << bit);
    else {
      extDriven |= 1 << bit;
      extLevel = lvl != 0 ? extLevel | 1 << bit : extLevel & ~(1 << bit);
    }
    update();
  }

  /**
   * A peripheral output (timer waveform) takes over pin {@code bit} while the pin is an output:
   * level 0 or 1, or -1 to give it back to OUT.
   */
  void override(int bit, int lvl) {
    int b = 1 << bit;
    int mask = lvl < 0 ? ovrMask & ~b : ovrMask | b;
    int level = lvl > 0 ? ovrLevel | b : ovrLevel & ~b;
    if (mask == ovrMask && (level & mask) == (ovrLevel & ovrMask)) return;
    ovrMask = mask;
    ovrLevel = level;
    update();
  }

  /**
   * A peripheral that owns pin {@code bit} whatever DIR says (TWI's open-drain SDA/SCL): level 0
   * (pulled low) or 1 (released, the bus pull-up), or -1 to give the pin back to the port.
   */
  void openDrain(int bit, int lvl) {
    int b = 1 << bit;
    int mask = lvl < 0 ? odMask & ~b : odMask | b;
    int level = lvl > 0 ? odLevel | b : odLevel & ~b;
    if (mask == odMask && (level & mask) == (odLevel & odMask)) return;
    odMask = mask;
    odLevel = level;
    update();
  }

  @Override
  public boolean isOutput(int bit) {
    return (dirV >> bit & 1) != 0;
  }

  @Override
  public boolean pullUp(int bit) {
    return (dirV >> bit & 1) == 0 && (bus.get(pinctrl + bit) & 0x08) != 0;
  }

  /** The level of pin {@code bit}: 0, 1 or {@link PinListener#FLOATING}. */
  @Override
  public int level(int bit) {
    return level[bit];
  }

  private void update() {
    int newIn = 0;
    for (int i = 0; i < 8; i++) {
      int b = 1 << i;
      int ctrl = bus.get(pinctrl + i);
      int inven = (ctrl >> 7) & 1; // INVEN inverts the output driver and the input
      int lv;
      if ((odMask & b) != 0) lv = (odLevel >> i) & 1;
      else if ((dirV & b) != 0) lv = ((((ovrMask & b) != 0 ? ovrLevel : outV) >> i) & 1) ^ inven;
      else if ((extDriven & b) != 0) lv = (extLevel >> i) & 1;
      else if ((ctrl & 0x08) != 0) lv = 1;
      else lv = PinListener.FLOATING;
      int read = (lv == 1 ? 1 : 0) ^ inven;
      // input buffer disabled: the synchroniser stops, IN keeps its last value
      if ((ctrl & 7) == ISC_INPUT_DISABLE) read = (inV >> i) & 1;
      newIn |= read << i;
      if (lv != level[i]) {
        level[i] = lv;
        m.pinChanged(name, i, lv);
      }
      int old = (inV >> i) & 1;
      int isc = ctrl & 7;
      boolean fire =
          switch (isc) {
            case ISC_BOTH -> old != read;
            case ISC_RISING -> old == 0 && read == 1 && edgeClocked(i);
            case ISC_FALLING -> old == 1 && read == 0 && edgeClocked(i);
            case ISC_LEVEL -> read == 0;
            default -> false;
          };
      if (fire) flags |= b;
    }
    inV = newIn;
    publish();
  }

  /** Rising/falling sensing works: a fully asynchronous pin, or the peripheral clock runs. */
  private boolean edgeClocked(int bit) {
    return bit == 2 || bit == 6 || Slpctrl.mode(m) < Slpctrl.STANDBY;
  }

  private void publish() {
    bus.set(dir, dirV);
    bus.set(out, outV);
    bus.set(in, inV);
    bus.set(intflags, flags);
    irq.set(vector, flags != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    dirV = outV = flags = 0;
    inV = 0;
    ovrMask = ovrLevel = 0;
    odMask = odLevel = 0;
    for (int i = 0; i < 8; i++) level[i] = -1;
    update();
    flags = 0;
    publish();
  }
}
