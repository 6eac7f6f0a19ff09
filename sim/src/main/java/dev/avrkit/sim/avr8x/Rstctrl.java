package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;

/**
 * RSTCTRL: RSTFR tells the reset causes since power-on (PORF 0, BORF 1, EXTRF 2, WDRF 3, SWRF 4,
 * UPDIRF 5; write 1 to clear); writing SWRR.SWRE (bit 0, IOREG-protected) resets the device
 * once the current instruction ends.
 */
final class Rstctrl implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int rstfr;
  private int flags;

  private final Scheduler.Event swReset;

  Rstctrl(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    swReset = Regs8x.resetEvent(m, Machine.ResetCause.SOFTWARE);
    rstfr = Regs8x.at(p, 0, "RSTFR");
    int swrr = Regs8x.at(p, 1, "SWRR");
    bus.onWrite(rstfr, (a, v) -> {
      flags &= ~v;
      bus.set(a, flags);
    });
    Regs8x.ioregProtected(m, swrr, (a, v) -> {
      if ((v & 1) != 0) m.scheduler().scheduleIn(swReset, 1);
    });
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    switch (m.lastResetCause()) {
      case POWER_ON -> flags = 0x01;
      case WATCHDOG -> flags |= 0x08;
      case SOFTWARE -> flags |= 0x10;
      case EXTERNAL -> flags |= 0x04;
    }
    bus.set(rstfr, flags);
  }
}
