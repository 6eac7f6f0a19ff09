package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;

/**
 * WDT: CTRLA.PERIOD (bits 3:0) n = 1..11 gives a time-out of 2^(n+2) cycles of the 1.024 kHz
 * watchdog clock (8 ms .. 8 s); WDR restarts it; the time-out resets the device. CTRLA.WINDOW
 * (bits 7:4) opens a closed window of the same coding: a WDR inside it resets too. CTRLA is
 * IOREG-protected and loaded from fuse WDTCFG at reset; STATUS.LOCK (bit 7, set by writing it
 * or by a WDTCFG with PERIOD) makes CTRLA read-only until reset.
 */
final class Wdt implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int ctrla, status;
  private long started;

  private final Scheduler.Event timeout;

  Wdt(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    timeout = Regs8x.resetEvent(m, Machine.ResetCause.WATCHDOG);
    ctrla = Regs8x.at(p, 0, "CTRLA");
    status = Regs8x.at(p, 1, "STATUS");
    Regs8x.ioregProtected(m, ctrla, (a, v) -> {
      if ((bus.get(status) & 0x80) != 0) return; // locked
      bus.set(a, v);
      restart();
    });
    Regs8x.ioregProtected(m, status, (a, v) -> {
      if ((v & 0x80) != 0) bus.set(a, bus.get(a) | 0x80);
    });
    m.setWatchdog(this::wdr);
    m.setWakeWithoutInterrupts(() -> (bus.get(ctrla) & 15) != 0);
    m.peripheral("CLKCTRL").filter(Clkctrl.class::isInstance).ifPresent(k -> ((Clkctrl) k).onClockChange(
        () -> {}, () -> {
          if (timeout.scheduled()) restart();
        }));
  }

  /** CPU cycles of 2^(n+2) cycles of the 1.024 kHz watchdog clock (n = PERIOD or WINDOW). */
  private long cycles(int n) {
    return (m.clockHz() << (n + 2)) / 1024;
  }

  private void wdr() {
    int window = (bus.get(ctrla) >> 4) & 15;
    if (window != 0 && window <= 11 && m.scheduler().now() - started < cycles(window)) {
      m.resetFrom(Machine.ResetCause.WATCHDOG);
      return;
    }
    restart();
  }

  private void restart() {
    int period = bus.get(ctrla) & 15;
    int window = (bus.get(ctrla) >> 4) & 15;
    started = m.scheduler().now();
    if (period == 0 || period > 11) {
      m.scheduler().cancel(timeout);
      return;
    }
    long t = cycles(period) + (window >= 1 && window <= 11 ? cycles(window) : 0);
    m.scheduler().schedule(timeout, started + t);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    int cfg = m.fuse("WDTCFG").orElse(0);
    bus.set(ctrla, cfg);
    bus.set(status, (cfg & 15) != 0 ? 0x80 : 0);
    restart();
  }
}
