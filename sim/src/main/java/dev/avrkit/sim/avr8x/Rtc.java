package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;

/**
 * RTC and PIT. The RTC clock (CLKSEL: 32.768 kHz internal or crystal, 1.024 kHz internal,
 * external taken as 32.768 kHz) is converted to CPU cycles with the current main clock (CLKCTRL
 * tells when it changes). RTC: CNT counts up through CTRLA.PRESCALER (2^n) from 0 to PER; OVF
 * when it wraps, CMP when CNT equals CMP (vector RTC_CNT). PIT: PITCTRLA.PERIOD n gives an
 * interrupt every 2^(n+1) RTC clock cycles (vector RTC_PIT). A write to CTRLA, CNT, PER, CMP or
 * PITCTRLA is synchronised into the RTC clock domain: its busy flag (STATUS.CTRLABUSY, CNTBUSY,
 * PERBUSY, CMPBUSY, PITSTATUS.CTRLBUSY) reads 1 for {@link #SYNC_TICKS} RTC clock cycles after
 * the write (the value itself takes effect at once). 16-bit registers go through TEMP.
 */
final class Rtc implements SimPeripheral {
  /** RTC clock cycles a write takes to cross into the RTC clock domain. */
  static final int SYNC_TICKS = 2;
  private static final int CTRLABUSY = 0, CNTBUSY = 1, PERBUSY = 2, CMPBUSY = 3, PITBUSY = 4;
  /** CPU cycle until which each busy flag reads 1. */
  private final long[] busyUntil = new long[5];
  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int ctrla, status, temp, clksel, cnt, per, cmp;
  private final int pitctrla, pitstatus;
  private final IntFlags ints, pitInts;
  private final int[] tmp = new int[1];
  private int c, perV = 0xFFFF, cmpV;
  private long anchor; // CPU cycle at which the RTC count was c
  private long clock;
  private boolean sleepStopped;

  private final Scheduler.Event rtcEvent = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      long t = nextTicks();
      anchor = when;
      c += (int) t;
      if (c > perV || c > 0xFFFF) {
        c = 0;
        ints.raise(1);
      }
      if (c == cmpV) ints.raise(2);
      rescheduleRtc();
    }
  };

  private final Scheduler.Event pitEvent = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      pitInts.raise(1);
      publish();
      schedulePit(false);
    }
  };

  private long pitBase;
  private long pitCount;

  Rtc(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    ctrla = Regs8x.at(p, 0, "CTRLA");
    status = Regs8x.at(p, 1, "STATUS");
    temp = Regs8x.at(p, 4, "TEMP");
    clksel = Regs8x.at(p, 7, "CLKSEL");
    cnt = Regs8x.at(p, 8, "CNT");
    per = Regs8x.at(p, 0xA, "PER");
    cmp = Regs8x.at(p, 0xC, "CMP");
    pitctrla = Regs8x.at(p, 0x10, "PITCTRLA");
    pitstatus = Regs8x.at(p, 0x11, "PITSTATUS");
    int vCnt = Regs8x.vector(m, p, "CNT"), vPit = Regs8x.vector(m, p, "PIT");
    m.addSleepListener(this::sleepChanged);
    bus.onWrite(ctrla, (a, v) -> {
      busy(CTRLABUSY);
      config(() -> bus.set(a, v));
    });
    bus.onWrite(clksel, (a, v) -> {
      config(() -> bus.set(a, v));
      schedulePit(true);
    });
    bus.onWrite(status, (a, v) -> {});
    bus.onWrite(pitstatus, (a, v) -> {});
    bus.onRead(status, a -> busyBits(CTRLABUSY, 4));
    bus.onRead(pitstatus, a -> busyBits(PITBUSY, 1));
    ints = new IntFlags(m, Regs8x.at(p, 2, "INTCTRL"), Regs8x.at(p, 3, "INTFLAGS"), vCnt, 3, this::publish);
    pitInts = new IntFlags(m, Regs8x.at(p, 0x12, "PITINTCTRL"), Regs8x.at(p, 0x13, "PITINTFLAGS"), vPit, 1,
        this::publish);
    Regs8x.storeThen(bus, pitctrla, () -> {
      busy(PITBUSY);
      schedulePit(true);
    });
    bus.onRead(temp, a -> tmp[0]);
    bus.onWrite(temp, (a, v) -> tmp[0] = v);
    Regs8x.word(bus, cnt, tmp, word(() -> count(), v -> { busy(CNTBUSY); config(() -> c = v); }));
    Regs8x.word(bus, per, tmp, word(() -> perV, v -> { busy(PERBUSY); config(() -> perV = v); }));
    Regs8x.word(bus, cmp, tmp, word(() -> cmpV, v -> { busy(CMPBUSY); config(() -> cmpV = v); }));
    m.peripheral("CLKCTRL").filter(Clkctrl.class::isInstance).ifPresent(k -> ((Clkctrl) k).onClockChange(
        () -> config(() -> {}),
        () -> {
          rescheduleRtc();
          schedulePit(true);
        }));
  }

  private static Regs8x.Word word(java.util.function.IntSupplier g, java.util.function.IntConsumer s) {
    return new Regs8x.Word() {
      @Override
      public int get() {
        return g.getAsInt();
      }

      @Override
      public void set(int v) {
        s.accept(v & 0xFFFF);
      }
    };
  }

  private void busy(int flag) {
    busyUntil[flag] = m.scheduler().now() + cycles(SYNC_TICKS);
  }

  /** {@code n} busy flags from {@code first}, as register bits 0.. */
  private int busyBits(int first, int n) {
    long now = m.scheduler().now();
    int v = 0;
    for (int i = 0; i < n; i++) if (now < busyUntil[first + i]) v |= 1 << i;
    return v;
  }

  private long sourceHz() {
    return (bus.get(clksel) & 3) == 1 ? 1024 : 32768;
  }

  private long prescale() {
    return 1L << ((bus.get(ctrla) >> 3) & 15);
  }

  private boolean enabled() {
    return (bus.get(ctrla) & 1) != 0 && !sleepStopped;
  }

  /**
   * The RTC counter stops in power-down, and in standby unless CTRLA.RUNSTDBY (bit 7); the PIT
   * runs in every sleep mode.
   */
  private void sleepChanged(boolean asleep) {
    int mode = asleep ? Slpctrl.mode(m) : -1;
    boolean stop = mode == Slpctrl.POWER_DOWN || (mode == Slpctrl.STANDBY && (bus.get(ctrla) & 0x80) == 0);
    if (stop != sleepStopped) config(() -> sleepStopped = stop);
  }

  /** CPU cycles of n RTC-source clock cycles, rounded up. */
  private long cycles(long sourceTicks) {
    return (sourceTicks * m.clockHz() + sourceHz() - 1) / sourceHz();
  }

  private long ticksSince(long from) {
    long dt = m.scheduler().now() - from;
    if (dt <= 0) return 0;
    return dt * sourceHz() / m.clockHz() / prescale();
  }

  private int count() {
    if (!enabled()) return c;
    long t = ticksSince(anchor);
    long v = c + t;
    if (c <= perV && v > perV) v -= perV + 1L;
    return (int) (v & 0xFFFF);
  }

  private void config(Runnable change) {
    if (enabled()) {
      long t = ticksSince(anchor);
      c = count();
      anchor += cycles(t * prescale());
    }
    boolean was = enabled();
    change.run();
    if (!was && enabled()) anchor = m.scheduler().now();
    rescheduleRtc();
  }

  private long nextTicks() {
    long best = c <= perV ? perV - c + 1L : 0x10000L - c;
    if (cmpV > c && cmpV <= perV) best = Math.min(best, cmpV - c);
    return best;
  }

  private void rescheduleRtc() {
    if (!enabled()) m.scheduler().cancel(rtcEvent);
    else m.scheduler().schedule(rtcEvent, anchor + cycles(nextTicks() * prescale()));
    publish();
  }

  private void schedulePit(boolean restart) {
    int ctl = bus.get(pitctrla);
    int period = (ctl >> 3) & 15;
    if ((ctl & 1) == 0 || period == 0 || period > 14) {
      m.scheduler().cancel(pitEvent);
      return;
    }
    if (restart || !pitEvent.scheduled() && pitCount == 0) {
      pitBase = m.scheduler().now();
      pitCount = 0;
    }
    pitCount++;
    long src = (1L << (period + 1)) * pitCount;
    m.scheduler().schedule(pitEvent, pitBase + cycles(src));
  }

  private void publish() {
    ints.publish();
    pitInts.publish();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    m.scheduler().cancel(rtcEvent);
    sleepStopped = false;
    m.scheduler().cancel(pitEvent);
    c = 0;
    perV = 0xFFFF;
    cmpV = 0;
    ints.clear(0xFF);
    pitInts.clear(0xFF);
    pitCount = 0;
    java.util.Arrays.fill(busyUntil, 0);
    anchor = m.scheduler().now();
    publish();
  }
}
