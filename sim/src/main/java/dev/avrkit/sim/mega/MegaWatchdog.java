package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.ClassicInterruptController;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptController;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;

/**
 * Classic watchdog (WDTCSR): timeouts of 2K..1024K cycles of the 128 kHz oscillator (16 ms to
 * 8 s), interrupt mode (WDIE), system reset mode (WDE), both (interrupt first, then reset),
 * the timed sequence (WDCE with WDE, then the change within four cycles), WDR, WDRF keeping WDE
 * set, and the WDTON fuse (HIGH bit 4 programmed = always on in reset mode).
 */
final class MegaWatchdog implements SimPeripheral {
  private static final int WDIF = 0x80, WDIE = 0x40, WDCE = 0x10, WDE = 0x08;
  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int wdtcsr;
  private final int mcusr;
  private final int vWdt;
  private final InterruptController irq;
  private long wdceUntil = -1;

  private final Scheduler.Event timeout =
      new Scheduler.Event() {
        @Override
        protected void fire(long when) {
          int c = bus.get(wdtcsr);
          if ((c & WDIE) != 0) {
            bus.set(wdtcsr, c | WDIF);
            update();
            restart();
          } else if ((c & WDE) != 0 || wdton()) {
            m.resetFrom(Machine.ResetCause.WATCHDOG);
          }
        }
      };

  MegaWatchdog(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    this.irq = m.interrupts();
    wdtcsr = Regs.require(p, "WDTCSR", "WDTCR");
    mcusr = m.device().peripheral("CPU").map(c -> Regs.find(c, "MCUSR", "MCUCSR")).orElse(-1);
    vWdt = m.vector("WDT");
    if (vWdt >= 0 && irq instanceof ClassicInterruptController c) {
      c.onTaken(vWdt, v -> {
        int x = bus.get(wdtcsr) & ~WDIF;
        if ((x & WDE) != 0) x &= ~WDIE; // interrupt and reset mode: next timeout resets
        bus.set(wdtcsr, x);
        update();
      });
    }
    bus.onWrite(wdtcsr, (a, v) -> write(v));
    m.setWatchdog(this::restart);
    m.setWakeWithoutInterrupts(() -> running() && ((bus.get(wdtcsr) & WDE) != 0 || wdton()));
  }

  private boolean wdton() {
    return m.fuse("HIGH").isPresent() && (m.fuse("HIGH").getAsInt() & 0x10) == 0;
  }

  private boolean running() {
    return (bus.get(wdtcsr) & (WDE | WDIE)) != 0 || wdton();
  }

  private void write(int v) {
    long now = m.scheduler().now();
    int old = bus.get(wdtcsr);
    int flags = old & WDIF & ~v; // WDIF cleared by writing one
    if ((v & (WDCE | WDE)) == (WDCE | WDE)) {
      wdceUntil = now + 4;
      bus.set(wdtcsr, (old & ~WDIF & ~WDCE) | WDCE | WDE | flags | (v & WDIE));
    } else if (now <= wdceUntil) {
      int x = (v & 0x6F & ~WDIF) | flags;
      if (mcusrWdrf() && (old & WDE) != 0) x |= WDE;
      if (wdton()) x |= WDE;
      bus.set(wdtcsr, x);
      wdceUntil = -1;
    } else {
      // outside the timed sequence only WDIE (and setting WDE) may change
      int x = (old & ~(WDIE | WDIF)) | (v & WDIE) | (v & WDE) | flags;
      bus.set(wdtcsr, x & ~WDCE);
    }
    update();
    restart();
  }

  /** MCUSR.WDRF (WDE cannot be cleared while it is set). */
  private boolean mcusrWdrf() {
    return mcusr >= 0 && (bus.get(mcusr) & 0x08) != 0;
  }

  private void restart() {
    m.scheduler().cancel(timeout);
    if (!running()) return;
    int c = bus.get(wdtcsr);
    int wdp = (c & 7) | ((c >> 2) & 8);
    long oscCycles = 2048L << Math.min(wdp, 9);
    long cpuCycles = oscCycles * m.clockHz() / 128_000L;
    m.scheduler().scheduleIn(timeout, Math.max(1, cpuCycles));
  }

  private void update() {
    if (vWdt < 0) return;
    int c = bus.get(wdtcsr);
    irq.set(vWdt, (c & WDIF) != 0 && (c & WDIE) != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    wdceUntil = -1;
    int x = 0;
    if (m.lastResetCause() == Machine.ResetCause.WATCHDOG || wdton()) x |= WDE;
    bus.set(wdtcsr, x);
    update();
    restart();
  }
}
