package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptController;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;

/**
 * Classic EEPROM: EEAR, EEDR, EECR (EERE read, EEMPE then EEPE within four cycles to write,
 * EEPM erase/write modes, EERIE ready interrupt). A write takes 3.4 ms (1.8 ms for erase or
 * write only) during which EEPE stays set; reading halts the CPU four cycles, writing two.
 */
final class MegaEeprom implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int eecr, eedr, eearl, eearh;
  private final int vReady;
  private final InterruptController irq;
  private long mpeUntil = -1;

  private final Scheduler.Event done =
      new Scheduler.Event() {
        @Override
        protected void fire(long when) {
          bus.set(eecr, bus.get(eecr) & ~0x02);
          update();
        }
      };

  MegaEeprom(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    this.irq = m.interrupts();
    eecr = Regs.require(p, "EECR");
    eedr = Regs.require(p, "EEDR");
    int ear = Regs.find(p, "EEAR");
    if (ear >= 0) {
      eearl = ear;
      eearh = ear + 1;
    } else {
      eearl = Regs.require(p, "EEARL");
      eearh = Regs.find(p, "EEARH");
    }
    vReady = m.vector("EE_READY") >= 0 ? m.vector("EE_READY") : m.vector("EE_RDY");
    bus.onWrite(eecr, (a, v) -> write(v));
  }

  private int address() {
    int a = bus.get(eearl) | (eearh >= 0 ? bus.get(eearh) << 8 : 0);
    byte[] e = m.eeprom();
    return e.length == 0 ? 0 : a % e.length;
  }

  private void write(int v) {
    long now = m.scheduler().now();
    int old = bus.get(eecr);
    boolean busy = (old & 0x02) != 0;
    int keep = (v & 0x38) | (old & 0x02);
    if ((v & 0x04) != 0 && (old & 0x04) == 0) {
      mpeUntil = now + 4;
      keep |= 0x04;
    } else if ((old & 0x04) != 0 && now <= mpeUntil) {
      keep |= v & 0x04;
    }
    byte[] e = m.eeprom();
    if ((v & 0x01) != 0 && !busy && e.length > 0) { // EERE
      bus.set(eedr, e[address()]);
      m.cpu().setCycleDelay(4);
    }
    if ((v & 0x02) != 0 && !busy && (old & 0x04) != 0 && now <= mpeUntil && e.length > 0) {
      int mode = (v >> 4) & 3;
      int a = address();
      int d = bus.get(eedr);
      double ms;
      if (mode == 0) {
        e[a] = (byte) d;
        ms = 3.4;
      } else if (mode == 1) {
        e[a] = (byte) 0xFF;
        ms = 1.8;
      } else {
        e[a] = (byte) (e[a] & d);
        ms = 1.8;
      }
      keep |= 0x02;
      keep &= ~0x04;
      mpeUntil = -1;
      m.cpu().setCycleDelay(2);
      m.scheduler().scheduleIn(done, Math.max(1, (long) (m.clockHz() * ms / 1000)));
    }
    bus.set(eecr, keep);
    update();
  }

  private void update() {
    if (vReady < 0) return;
    int c = bus.get(eecr);
    irq.set(vReady, (c & 0x08) != 0 && (c & 0x02) == 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    mpeUntil = -1;
    bus.set(eecr, 0);
    update();
  }
}
