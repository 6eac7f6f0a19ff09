package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptController;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;

/**
 * TCA, the 16-bit timer/counter type A, in single mode (NORMAL, FRQ, SINGLESLOPE, DSTOP, DSBOTH,
 * DSBOTTOM; counting up or down with CTRLE.DIR; PER/CMPn buffered through PERBUF/CMPnBUF and
 * updated at UPDATE unless CTRLE.LUPD) and split mode (CTRLD.SPLITM: two 8-bit down-counters
 * LCNT/HCNT with LPER/HPER, underflows LUNF/HUNF and low compares LCMP0..2). The clock is the
 * peripheral clock divided by CTRLA.CLKSEL (1, 2, 4, 8, 16, 64, 256, 1024).
 *
 * <p>Counts are computed from the cycle of the last interesting tick; only the next overflow,
 * underflow or compare match is scheduled. INTFLAGS (OVF/LUNF 0, HUNF 1, CMPn/LCMPn 4+n) are set
 * whatever INTCTRL says and cleared by writing 1. 16-bit registers go through TEMP in single mode.
 */
final class Tca implements SimPeripheral {
  private static final int[] DIV = {1, 2, 4, 8, 16, 64, 256, 1024};
  private static final int NORMAL = 0, FRQ = 1, DSTOP = 5, DSBOTH = 6, DSBOTTOM = 7;

  private final Machine m;
  private final DataBus bus;
  private final InterruptController irq;
  private final String name;
  private final int ctrla, ctrlb, ctrld, ctrleclr, ctrleset, ctrlfclr, ctrlfset, intctrl, intflags,
      temp, cnt, per, cmp0, perbuf, cmp0buf;
  private final int vOvf, vHunf;
  private final int[] vCmp = new int[3];
  private final int[] tmp = new int[1];
  private final Peripheral muxPeripheral;
  private boolean wave;
  private boolean sleepStopped;

  // state
  private int c; // single: 16-bit count; split: LCNT | HCNT << 8
  private boolean down; // single mode direction (dual slope: current direction)
  private int perV = 0xFFFF;
  private final int[] cmpV = new int[3];
  private int perBufV = 0xFFFF;
  private final int[] cmpBufV = new int[3];
  private int bufValid; // CTRLF: PERBV 0, CMPnBV n+1
  private int flags;
  private boolean lupd;
  private long anchor; // cycle of the last tick the count refers to

  private final Scheduler.Event tick = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      arrive(when);
    }
  };

  Tca(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.irq = m.interrupts();
    this.name = p.name();
    ctrla = Regs8x.at(p, 0, "SINGLE.CTRLA", "CTRLA");
    ctrlb = Regs8x.at(p, 1, "SINGLE.CTRLB", "CTRLB");
    ctrld = Regs8x.at(p, 3, "SINGLE.CTRLD", "CTRLD");
    ctrleclr = Regs8x.at(p, 4, "SINGLE.CTRLECLR", "CTRLECLR");
    ctrleset = Regs8x.at(p, 5, "SINGLE.CTRLESET", "CTRLESET");
    ctrlfclr = Regs8x.at(p, 6, "SINGLE.CTRLFCLR", "CTRLFCLR");
    ctrlfset = Regs8x.at(p, 7, "SINGLE.CTRLFSET", "CTRLFSET");
    intctrl = Regs8x.at(p, 0xA, "SINGLE.INTCTRL", "INTCTRL");
    intflags = Regs8x.at(p, 0xB, "SINGLE.INTFLAGS", "INTFLAGS");
    temp = Regs8x.at(p, 0xF, "SINGLE.TEMP", "TEMP");
    cnt = Regs8x.at(p, 0x20, "SINGLE.CNT", "CNT");
    per = Regs8x.at(p, 0x26, "SINGLE.PER", "PER");
    cmp0 = Regs8x.at(p, 0x28, "SINGLE.CMP0", "CMP0");
    perbuf = Regs8x.at(p, 0x36, "SINGLE.PERBUF", "PERBUF");
    cmp0buf = Regs8x.at(p, 0x38, "SINGLE.CMP0BUF", "CMP0BUF");
    m.addSleepListener(this::sleepChanged);
    muxPeripheral = m.device().peripheral("PORTMUX").orElse(null);
    vOvf = Regs8x.vector(m, p, "OVF");
    vHunf = Regs8x.vector(m, p, "HUNF");
    for (int n = 0; n < 3; n++) vCmp[n] = Regs8x.vector(m, p, "CMP" + n);

    bus.onWrite(ctrla, (a, v) -> config(() -> bus.set(a, v)));
    bus.onWrite(ctrlb, (a, v) -> config(() -> bus.set(a, v)));
    bus.onWrite(ctrld, (a, v) -> config(() -> bus.set(a, v & 1)));
    bus.onRead(ctrleclr, a -> (down ? 1 : 0) | (lupd ? 2 : 0));
    bus.onRead(ctrleset, a -> (down ? 1 : 0) | (lupd ? 2 : 0));
    bus.onWrite(ctrleclr, (a, v) -> config(() -> {
      if (!split()) {
        if ((v & 1) != 0) down = false;
        if ((v & 2) != 0) lupd = false;
      }
    }));
    bus.onWrite(ctrleset, (a, v) -> config(() -> {
      if (!split()) {
        if ((v & 1) != 0) down = true;
        if ((v & 2) != 0) lupd = true;
      }
      command((v >> 2) & 3);
    }));
    bus.onRead(ctrlfclr, a -> bufValid);
    bus.onRead(ctrlfset, a -> bufValid);
    bus.onWrite(ctrlfclr, (a, v) -> bufValid &= ~v & 15);
    bus.onWrite(ctrlfset, (a, v) -> bufValid |= v & 15);
    Regs8x.storeThen(bus, intctrl, this::publish);
    Regs8x.flags(bus, intflags, () -> flags, v -> flags &= ~v, this::publish);
    bus.onRead(temp, a -> tmp[0]);
    bus.onWrite(temp, (a, v) -> tmp[0] = v);
    reg16(cnt, () -> count(), v -> config(() -> c = v));
    reg16(per, () -> perV, v -> config(() -> {
      perV = v;
      if (!split()) bufValid &= ~1;
    }));
    for (int n = 0; n < 3; n++) {
      int k = n;
      reg16(cmp0 + 2 * n, () -> cmpV[k], v -> config(() -> {
        cmpV[k] = v;
        if (!split()) bufValid &= ~(2 << k);
      }));
      reg16(cmp0buf + 2 * n, () -> cmpBufV[k], v -> {
        cmpBufV[k] = v;
        bufValid |= 2 << k;
      });
    }
    reg16(perbuf, () -> perBufV, v -> {
      perBufV = v;
      bufValid |= 1;
    });
  }

  /** A 16-bit register: through TEMP in single mode, two plain 8-bit registers in split mode. */
  private void reg16(int addr, java.util.function.IntSupplier get, java.util.function.IntConsumer set) {
    bus.onRead(addr, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        int v = get.getAsInt();
        if (!split()) tmp[0] = (v >> 8) & 0xFF;
        return v & 0xFF;
      }

      @Override
      public int peek(int a) {
        return get.getAsInt() & 0xFF;
      }
    });
    bus.onRead(addr + 1, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        return split() ? (get.getAsInt() >> 8) & 0xFF : tmp[0];
      }

      @Override
      public int peek(int a) {
        return (get.getAsInt() >> 8) & 0xFF;
      }
    });
    bus.onWrite(addr, (a, v) -> {
      if (split()) set.accept((get.getAsInt() & 0xFF00) | v);
      else tmp[0] = v;
    });
    bus.onWrite(addr + 1, (a, v) -> {
      if (split()) set.accept((get.getAsInt() & 0x00FF) | v << 8);
      else set.accept(tmp[0] | v << 8);
    });
  }

  private boolean split() {
    return (bus.get(ctrld) & 1) != 0;
  }

  private boolean enabled() {
    return (bus.get(ctrla) & 1) != 0;
  }

  /** Counting: enabled and its clock not stopped by a sleep mode. */
  private boolean running() {
    return enabled() && !sleepStopped;
  }

  /** Standby and power-down stop CLK_PER for TCA (it has no RUNSTDBY): the count holds. */
  private void sleepChanged(boolean asleep) {
    boolean stop = asleep && Slpctrl.mode(m) >= Slpctrl.STANDBY;
    if (stop != sleepStopped) config(() -> sleepStopped = stop);
  }

  private int div() {
    return DIV[(bus.get(ctrla) >> 1) & 7];
  }

  private int wgmode() {
    return bus.get(ctrlb) & 7;
  }

  /** The prescaler of the TCA clock (TCB's CLKSEL = CLKTCA uses it). */
  int prescaler() {
    return div();
  }

  private int top() {
    return wgmode() == FRQ ? cmpV[0] : perV;
  }

  private boolean dual() {
    return wgmode() >= DSTOP;
  }

  /** The count now (lazy). */
  private int count() {
    if (!running()) return c;
    long ticks = (m.scheduler().now() - anchor) / div();
    if (ticks <= 0) return c;
    if (split()) {
      int lo = c & 0xFF, hi = c >> 8;
      return (int) (lo - ticks) & 0xFF | ((int) (hi - ticks) & 0xFF) << 8;
    }
    return (int) (down ? c - ticks : c + ticks) & 0xFFFF;
  }

  /** Brings the count to now, runs {@code change}, then schedules the next interesting tick. */
  private void config(Runnable change) {
    if (running()) {
      long now = m.scheduler().now();
      long ticks = Math.max(0, (now - anchor) / div());
      c = count();
      anchor += ticks * div();
    }
    boolean was = running();
    change.run();
    if (!was && running()) anchor = m.scheduler().now();
    reschedule();
  }

  private void command(int cmd) {
    switch (cmd) {
      case 1 -> update();
      case 2 -> {
        c = split() ? 0 : (down ? top() : 0);
        anchor = m.scheduler().now();
      }
      case 3 -> {
        if (!enabled()) {
          c = 0;
          down = false;
          lupd = false;
          flags = 0;
          bufValid = 0;
          perV = perBufV = 0xFFFF;
          java.util.Arrays.fill(cmpV, 0);
          java.util.Arrays.fill(cmpBufV, 0);
          publish();
        }
      }
      default -> {}
    }
  }

  /** UPDATE condition: buffered PER/CMPn move in (unless LUPD). */
  private void update() {
    if (lupd) return;
    if ((bufValid & 1) != 0) perV = perBufV;
    for (int n = 0; n < 3; n++) if ((bufValid & (2 << n)) != 0) cmpV[n] = cmpBufV[n];
    bufValid = 0;
  }

  /** Ticks from the anchor to the next interesting one (>= 1), or -1 if none. */
  private long nextTicks() {
    if (split()) {
      int lo = c & 0xFF, hi = c >> 8;
      long best = Math.min(lo + 1L, hi + 1L);
      for (int n = 0; n < 3; n++) {
        int v = cmpV[n] & 0xFF;
        if (v < lo) best = Math.min(best, lo - v);
        int h = cmpV[n] >> 8;
        if ((bus.get(ctrlb) & (0x10 << n)) != 0 && h < hi) best = Math.min(best, hi - h);
      }
      return best;
    }
    int top = top();
    long best;
    if (dual()) {
      if (!down) {
        best = c < top ? top - c : 1;
        for (int n = 0; n < 3; n++) if (cmpV[n] > c && cmpV[n] <= top) best = Math.min(best, cmpV[n] - c);
      } else {
        best = c > 0 ? c : 1;
        for (int n = 0; n < 3; n++) if (cmpV[n] < c) best = Math.min(best, c - cmpV[n]);
      }
      return best;
    }
    if (!down) {
      best = c <= top ? top - c + 1L : 0x10000L - c;
      for (int n = 0; n < 3; n++) if (cmpV[n] > c && cmpV[n] <= top) best = Math.min(best, cmpV[n] - c);
    } else {
      best = c + 1L;
      for (int n = 0; n < 3; n++) if (cmpV[n] < c) best = Math.min(best, c - cmpV[n]);
    }
    return best;
  }

  private void reschedule() {
    if (!running()) {
      m.scheduler().cancel(tick);
      publish();
      return;
    }
    long t = nextTicks();
    m.scheduler().schedule(tick, anchor + t * div());
    publish();
  }

  private void arrive(long when) {
    long t = nextTicks();
    anchor = when;
    if (split()) {
      int lo = (c & 0xFF) - (int) t, hi = (c >> 8) - (int) t;
      if (lo < 0) {
        lo = perV & 0xFF;
        flags |= 1;
      }
      if (hi < 0) {
        hi = perV >> 8;
        flags |= 2;
      }
      for (int n = 0; n < 3; n++) if ((cmpV[n] & 0xFF) == lo) flags |= 0x10 << n;
      c = lo | hi << 8;
    } else {
      int top = top();
      int mode = wgmode();
      if (dual()) {
        if (!down) {
          c += (int) t;
          if (c >= top) {
            c = top;
            down = true;
            if (mode == DSTOP || mode == DSBOTH) flags |= 1;
          }
        } else {
          c -= (int) t;
          if (c <= 0) {
            c = 0;
            down = false;
            if (mode == DSBOTTOM || mode == DSBOTH) flags |= 1;
            update();
          }
        }
      } else if (!down) {
        c += (int) t;
        if (c > top || c > 0xFFFF) {
          c = 0;
          flags |= 1;
          update();
        }
      } else {
        c -= (int) t;
        if (c < 0) {
          c = top;
          flags |= 1;
          update();
        }
      }
      for (int n = 0; n < 3; n++) if (cmpV[n] == c) flags |= 0x10 << n;
    }
    reschedule();
  }

  /**
   * Waveform outputs on the pins PORTMUX.TCAROUTEA selects (port A + route, WOn on pin n): in the
   * PWM modes WOn is high while the count is below CMPn (single slope: set at BOTTOM, cleared at
   * the match; dual slope: cleared on the match up, set on the match down), in split mode WO0..2
   * follow LCMPn and WO3..5 HCMPn (the down-counter sets them at the match and clears them when
   * it reloads from PER: CMP + 1 of PER + 1 ticks); enabled by CTRLB.CMPnEN / LCMPnEN / HCMPnEN.
   */
  private void waveforms() {
    Port port = route();
    if (port == null) return;
    int en = bus.get(ctrlb);
    boolean on = enabled();
    if (split()) {
      int lo = count() & 0xFF, hi = count() >> 8;
      for (int n = 0; n < 3; n++) {
        // down-counting: set at the compare match, cleared when the counter reloads from PER
        port.override(n, (en & (1 << n)) == 0 ? -1 : on && lo <= (cmpV[n] & 0xFF) ? 1 : 0);
        port.override(n + 3, (en & (0x10 << n)) == 0 ? -1 : on && hi <= (cmpV[n] >> 8) ? 1 : 0);
      }
      return;
    }
    int mode = wgmode();
    boolean pwm = mode == 3 || dual();
    for (int n = 0; n < 3; n++) {
      boolean use = (en & (0x10 << n)) != 0 && pwm;
      port.override(n, !use ? -1 : on && count() < cmpV[n] ? 1 : 0);
    }
  }

  private Port route() {
    int mux = muxPeripheral == null ? -1 : Regs8x.find(muxPeripheral, "TCAROUTEA");
    int r = mux < 0 ? 0 : bus.get(mux) & 7;
    if (r > 5) return null;
    return m.peripheral("PORT" + (char) ('A' + r)).filter(Port.class::isInstance).map(Port.class::cast).orElse(null);
  }

  private void publish() {
    if ((bus.get(ctrlb) & 0x77) != 0 || wave) {
      wave = (bus.get(ctrlb) & 0x77) != 0;
      waveforms();
    }
    bus.set(intflags, flags);
    int on = flags & bus.get(intctrl);
    irq.set(vOvf, (on & 1) != 0);
    irq.set(vHunf, (on & 2) != 0);
    for (int n = 0; n < 3; n++) irq.set(vCmp[n], (on & (0x10 << n)) != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    m.scheduler().cancel(tick);
    sleepStopped = false;
    c = 0;
    down = false;
    lupd = false;
    perV = perBufV = 0xFFFF;
    java.util.Arrays.fill(cmpV, 0);
    java.util.Arrays.fill(cmpBufV, 0);
    bufValid = 0;
    flags = 0;
    tmp[0] = 0;
    anchor = m.scheduler().now();
    publish();
  }
}
