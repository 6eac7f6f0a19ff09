package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.Cpu;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptLines;
import dev.avrkit.sim.Machine;

/**
 * AVR8X CPUINT: two levels plus NMI. Level 1 (one vector chosen by LVL1VEC) interrupts level 0
 * handlers; level 0 is fixed priority (lowest vector first) starting after LVL0PRI, which round
 * robin (CTRLA.LVL0RR) sets to the last level 0 vector taken. STATUS has LVL0EX, LVL1EX, NMIEX;
 * RETI clears the highest one set and never touches SREG.I. CTRLA.IVSEL puts the vectors at the
 * start of flash instead of after the boot section (BOOTEND x 256); CTRLA.CVT makes the table
 * compact (NMI, level 1, all of level 0: slots 1-3); CTRLA is IOREG-protected.
 */
final class Cpuint extends InterruptLines {
  private static final int LVL0EX = 0x01, LVL1EX = 0x02, NMIEX = 0x80;
  private static final int LVL0RR = 0x01, CVT = 0x20, IVSEL = 0x40;
  /** Compact vector table slots: NMI, the level 1 interrupt, all level 0 interrupts. */
  private static final int CVT_NMI = 1, CVT_LVL1 = 2, CVT_LVL0 = 3;

  private final Machine m;
  private final Cpu cpu;
  private final DataBus bus;
  private final int ctrla, status, lvl0pri, lvl1vec;
  private final int nmi;
  private Slpctrl slpctrl;

  Cpuint(Machine m) {
    super(m.cpu(), m.layout().vectors());
    this.m = m;
    this.cpu = m.cpu();
    this.bus = m.bus();
    Peripheral p = m.device().peripheral("CPUINT").orElseThrow();
    ctrla = Regs8x.at(p, 0, "CTRLA");
    status = Regs8x.at(p, 1, "STATUS");
    lvl0pri = Regs8x.at(p, 2, "LVL0PRI");
    lvl1vec = Regs8x.at(p, 3, "LVL1VEC");
    nmi = m.vector("CRCSCAN_NMI");
    Regs8x.ioregProtected(m, ctrla, (a, v) -> bus.set(a, v & 0x61));
    bus.onWrite(status, (a, v) -> {}); // read-only
    Regs8x.storeThen(bus, lvl0pri, cpu::attention);
    Regs8x.storeThen(bus, lvl1vec, cpu::attention);
  }

  /** Whether a raised line may be taken now: while the CPU sleeps, only the mode's wake-up sources. */
  private boolean ready(int v) {
    if (!raised(v)) return false;
    if (!cpu.sleeping()) return true;
    if (slpctrl == null) {
      slpctrl = m.peripheral("SLPCTRL").filter(Slpctrl.class::isInstance).map(Slpctrl.class::cast).orElse(null);
      if (slpctrl == null) return true;
    }
    return slpctrl.canWake(v);
  }

  @Override
  public int next(boolean globalEnable) {
    if (!anyRaised()) return -1;
    int st = bus.get(status);
    if (nmi > 0 && ready(nmi) && (st & NMIEX) == 0) return nmi;
    if (!globalEnable || (st & (NMIEX | LVL1EX)) != 0) return -1;
    int l1 = bus.get(lvl1vec);
    if (l1 > 0 && ready(l1)) return l1;
    if ((st & LVL0EX) != 0) return -1;
    int n = vectors();
    int start = bus.get(lvl0pri);
    for (int k = 1; k <= n; k++) {
      int v = (start + k) % n;
      if (v != 0 && v != nmi && v != l1 && ready(v)) return v;
    }
    return -1;
  }

  @Override
  public void entered(int vector) {
    int st = bus.get(status);
    if (vector == nmi && nmi > 0) st |= NMIEX;
    else if (vector == bus.get(lvl1vec) && vector != 0) st |= LVL1EX;
    else {
      st |= LVL0EX;
      if ((bus.get(ctrla) & LVL0RR) != 0) bus.set(lvl0pri, vector);
    }
    bus.set(status, st);
  }

  @Override
  public void returned() {
    int st = bus.get(status);
    if ((st & NMIEX) != 0) st &= ~NMIEX;
    else if ((st & LVL1EX) != 0) st &= ~LVL1EX;
    else st &= ~LVL0EX;
    bus.set(status, st);
    cpu.attention();
  }

  @Override
  public boolean clearsGlobalEnable() {
    return false;
  }

  /**
   * With CTRLA.CVT the table is compact: NMI at slot 1, the level 1 interrupt (LVL1VEC) at 2 and
   * every level 0 interrupt at 3 (the handler finds the source in the flags).
   */
  @Override
  public int slot(int vector) {
    if ((bus.get(ctrla) & CVT) == 0 || vector == 0) return vector;
    if (vector == nmi && nmi > 0) return CVT_NMI;
    if (vector == bus.get(lvl1vec)) return CVT_LVL1;
    return CVT_LVL0;
  }

  @Override
  public int vectorBase() {
    if ((bus.get(ctrla) & IVSEL) != 0) return 0;
    if (m.fuse("BOOTEND").isPresent()) return m.fuse("BOOTEND").getAsInt() * 256;
    return m.fuse("BOOTSIZE").orElse(0) * 512; // AVR-Dx: boot size in 512-byte pages
  }

  @Override
  public void reset() {
    lowerAll();
    bus.set(ctrla, 0);
    bus.set(status, 0);
    bus.set(lvl0pri, 0);
    bus.set(lvl1vec, 0);
  }
}
