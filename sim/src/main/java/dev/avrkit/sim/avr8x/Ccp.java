package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.Cpu;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.SimPeripheral;

/**
 * The CPU module's configuration change protection: writing 0xD8 (IOREG) or 0x9D (SPM) to CCP
 * opens protected registers for the next four instructions. SP and SREG are hooked by the
 * machine itself. Reading CCP gives 1 while IOREG is open, 2 while SPM is open (datasheet's CCP
 * bit 0/1 status).
 */
final class Ccp implements SimPeripheral {
  static final int IOREG = 0xD8;
  static final int SPM = 0x9D;
  private static final int WINDOW = 4;

  private final String name;
  private final Cpu cpu;
  private int key;
  private long openedAt = Long.MIN_VALUE / 2;

  Ccp(Machine m, Peripheral p) {
    this.name = p.name();
    this.cpu = m.cpu();
    int ccp = Regs8x.find(p, "CCP");
    if (ccp >= 0) {
      m.bus().onWrite(ccp, (a, v) -> {
        if (v == IOREG || v == SPM) {
          key = v;
          openedAt = cpu.instructions();
        }
      });
      m.bus().onRead(ccp, a -> open(IOREG) ? 1 : open(SPM) ? 2 : 0);
    }
  }

  /** Whether {@code which} (IOREG or SPM) was unlocked within the last four instructions. */
  boolean open(int which) {
    return key == which && cpu.instructions() - openedAt <= WINDOW;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    key = 0;
    openedAt = Long.MIN_VALUE / 2;
  }
}
