package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.PinListener;
import dev.avrkit.sim.PortPins;
import dev.avrkit.sim.SimPeripheral;

/**
 * A classic I/O port: DDRx, PORTx (output or pull-up), PINx (pin levels; writing 1 toggles
 * PORTx). Pins that are inputs read what {@link #drive} applies from outside, else 1 with the
 * pull-up on and 0 when floating. Level changes go to the machine's pin listeners.
 */
public final class MegaPort implements SimPeripheral, PortPins {
  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int pin, ddr, port;
  private int driveMask, driveLevel;
  private int overrideMask, overrideLevel;
  private int takeMask, takeLevel;
  private int levels;
  private int floating;

  MegaPort(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    String letter = p.name().substring(p.name().length() - 1);
    this.pin = Regs.require(p, "PIN" + letter);
    this.ddr = Regs.require(p, "DDR" + letter);
    this.port = Regs.require(p, "PORT" + letter);
    m.pins().register(this);
    bus.onRead(pin, a -> levels);
    bus.onWrite(pin, (a, v) -> {
      bus.set(port, bus.get(port) ^ v);
      update();
    });
    bus.onWrite(ddr, (a, v) -> {
      bus.set(a, v);
      update();
    });
    bus.onWrite(port, (a, v) -> {
      bus.set(a, v);
      update();
    });
  }

  /**
   * Drives an input pin from outside: level 0/1, or {@link PinListener#FLOATING} (or -1) to
   * release it.
   */
  @Override
  public void drive(int bit, int level) {
    int b = 1 << bit;
    if (level < 0 || level == PinListener.FLOATING) driveMask &= ~b;
    else {
      driveMask |= b;
      driveLevel = level != 0 ? driveLevel | b : driveLevel & ~b;
    }
    update();
  }

  /**
   * A peripheral (timer output compare) takes over the output value of a pin: level 0/1, or -1 to
   * give it back to PORTx. The pin still only drives when its DDR bit is set.
   */
  public void override(int bit, int level) {
    int b = 1 << bit;
    if (level < 0) overrideMask &= ~b;
    else {
      overrideMask |= b;
      overrideLevel = level != 0 ? overrideLevel | b : overrideLevel & ~b;
    }
    update();
  }

  /**
   * A peripheral takes the pin over whatever its DDR bit says (the TWI's open-drain SDA/SCL):
   * level 0 or 1 (1 = released to the bus pull-up), or -1 to give it back to the port.
   */
  public void takeOver(int bit, int level) {
    int b = 1 << bit;
    if (level < 0) takeMask &= ~b;
    else {
      takeMask |= b;
      takeLevel = level != 0 ? takeLevel | b : takeLevel & ~b;
    }
    update();
  }

  @Override
  public int level(int bit) {
    return (floating >> bit & 1) != 0 ? PinListener.FLOATING : levels >> bit & 1;
  }

  @Override
  public boolean isOutput(int bit) {
    return (bus.get(ddr) >> bit & 1) != 0;
  }

  @Override
  public boolean pullUp(int bit) {
    return (bus.get(ddr) >> bit & 1) == 0 && (bus.get(port) >> bit & 1) != 0;
  }

  /** Current pin levels (bit n = pin n). */
  public int levels() {
    return levels;
  }

  private void update() {
    int d = bus.get(ddr), o = bus.get(port);
    int out = (o & ~overrideMask) | (overrideLevel & overrideMask);
    int lv = (d & out) | (~d & driveMask & driveLevel) | (~d & ~driveMask & o);
    lv = (lv & ~takeMask | takeLevel & takeMask) & 0xFF;
    int fl = ~d & ~driveMask & ~o & ~takeMask & 0xFF;
    int changed = (lv ^ levels) | (fl ^ floating);
    levels = lv;
    floating = fl;
    if (changed != 0) {
      for (int i = 0; i < 8; i++) {
        if ((changed & (1 << i)) != 0) {
          m.pinChanged(name, i, (fl & (1 << i)) != 0 ? PinListener.FLOATING : (lv >> i) & 1);
        }
      }
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    overrideMask = overrideLevel = 0;
    takeMask = takeLevel = 0;
    levels = 0;
    floating = 0xFF;
    update();
  }
}
