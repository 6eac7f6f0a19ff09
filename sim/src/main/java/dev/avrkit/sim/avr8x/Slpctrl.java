package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;

/**
 * SLPCTRL: SLEEP sleeps only while CTRLA.SEN (bit 0) is set. The sleep mode (SMODE bits 2:1:
 * idle, standby, power-down) is kept in the register; every peripheral keeps running in all
 * modes (what idle does), so a power-down wake-up source also wakes the simulated CPU.
 */
final class Slpctrl implements SimPeripheral {
  private final String name;

  Slpctrl(Machine m, Peripheral p) {
    this.name = p.name();
    int ctrla = Regs8x.at(p, 0, "CTRLA");
    m.setSleepControl(() -> (m.bus().get(ctrla) & 1) != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {}
}
