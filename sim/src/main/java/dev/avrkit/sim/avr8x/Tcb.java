package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;

/**
 * TCB, the 16-bit timer/counter type B, in periodic interrupt mode (CTRLB.CNTMODE = INT: counts
 * 0..CCMP, sets INTFLAGS.CAPT when CNT reaches CCMP, then restarts from 0) and 8-bit PWM mode
 * (PWM8: CNTL counts 0..CCMPL, CAPT at CCMPL, CCMPH is the duty cycle). The clock is the
 * peripheral clock, divided by 2 (CLKSEL = DIV2) or TCA0's prescaler (CLKSEL = CLKTCA). Input
 * capture modes take their input from the event system ({@link #event}, EVCTRL.CAPTEI; EDGE
 * inverts it): CAPT copies CNT to CCMP at the edge, FRQ also restarts CNT (the period), PW
 * restarts CNT at the edge and captures at the opposite one (the pulse width), FRQPW restarts at
 * the edge, captures the width at the opposite one and stops at the next edge with CNT = the
 * period; each capture sets CAPT and is a TCBn_CAPT event. The counter runs freely (0..0xFFFF)
 * in these modes. CNT and CCMP go through TEMP.
 *
 * <p>Waveform output (CTRLB.CCMPEN) in 8-bit PWM mode: WO is high from BOTTOM while CNTL is
 * below CCMPH (CCMPH of CCMPL + 1 ticks; CTRLB.CCMPINIT while the timer is off), on the pad of the model's WO signal that
 * PORTMUX.TCBROUTEA selects (the function without "_ALT" at 0); each edge is an event at its own
 * timer cycle.
 */
final class Tcb implements SimPeripheral {
  private static final int INT = 0, CAPT = 2, FRQ = 3, PW = 4, FRQPW = 5, PWM8 = 7;
  private static final int CCMPEN = 0x10;

  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int ctrla, ctrlb, status, temp, cnt, ccmp, evctrl, captei, edgeMask;
  private boolean input; // the event input's level
  private int frqpw; // FRQPW: 0 waiting for the edge, 1 counting the width, 2 the period, 3 done
  private final IntFlags ints;
  private final int[] tmp = new int[1];
  private int c;
  private int ccmpV;
  private long anchor;
  private boolean sleepStopped;
  private final dev.avrkit.device.Peripheral instance;
  private Port woPort;
  private int woBit = -1;

  /** The next edge of the 8-bit PWM waveform (BOTTOM or the CCMPH match). */
  private final Scheduler.Event edge = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      waveform();
    }
  };

  private final Scheduler.Event match = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      c = mode() == PWM8 ? (c & 0xFF00) | top() : top();
      anchor = when;
      ints.raise(1);
      captured();
      reschedule();
    }
  };

  Tcb(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    this.instance = p;
    ctrla = Regs8x.at(p, 0, "CTRLA");
    ctrlb = Regs8x.at(p, 1, "CTRLB");
    status = Regs8x.at(p, 7, "STATUS");
    temp = Regs8x.at(p, 9, "TEMP");
    cnt = Regs8x.at(p, 0xA, "CNT");
    ccmp = Regs8x.at(p, 0xC, "CCMP");
    evctrl = Regs8x.find(p, "EVCTRL");
    captei = Fields.mask(p, "EVCTRL", "CAPTEI");
    edgeMask = Fields.mask(p, "EVCTRL", "EDGE");
    ints = new IntFlags(m, Regs8x.at(p, 5, "INTCTRL"), Regs8x.at(p, 6, "INTFLAGS"), Regs8x.vector(m, p, "INT"), 3,
        this::publish);
    m.addSleepListener(this::sleepChanged);
    bus.onWrite(ctrla, (a, v) -> config(() -> bus.set(a, v)));
    bus.onWrite(ctrlb, (a, v) -> config(() -> {
      bus.set(a, v);
      frqpw = 0;
    }));
    bus.onRead(status, a -> enabled() ? 1 : 0);
    bus.onWrite(status, (a, v) -> {});
    bus.onRead(temp, a -> tmp[0]);
    bus.onWrite(temp, (a, v) -> tmp[0] = v);
    Regs8x.word(bus, cnt, tmp, new Regs8x.Word() {
      @Override
      public int get() {
        return count();
      }

      @Override
      public void set(int v) {
        config(() -> c = v & 0xFFFF);
      }
    });
    Regs8x.word(bus, ccmp, tmp, new Regs8x.Word() {
      @Override
      public int get() {
        return ccmpV;
      }

      @Override
      public void set(int v) {
        config(() -> ccmpV = v & 0xFFFF);
      }
    });
    hookCaptureRead();
  }

  /** Reading CCMP in a capture mode clears CAPT (and lets FRQPW measure again). */
  private void hookCaptureRead() {
    bus.onRead(ccmp, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        tmp[0] = (ccmpV >> 8) & 0xFF;
        int mode = mode();
        if (mode >= CAPT && mode <= FRQPW) {
          ints.clear(1);
          if (mode == FRQPW && frqpw == 3) config(() -> frqpw = 0);
          publish();
        }
        return ccmpV & 0xFF;
      }

      @Override
      public int peek(int a) {
        return ccmpV & 0xFF;
      }
    });
  }

  /** The event input (EVSYS user TCBn): level changes and pulses of the channel. */
  void event(boolean level) {
    if (evctrl < 0 || (bus.get(evctrl) & captei) == 0) return;
    boolean up = level && !input, down = !level && input;
    input = level;
    boolean inverted = (bus.get(evctrl) & edgeMask) != 0;
    boolean rise = inverted ? down : up, fall = inverted ? up : down;
    if (!enabled() || !(rise || fall)) return;
    int mode = mode();
    if (mode == CAPT && rise) {
      config(() -> ccmpV = c);
      capture();
    } else if (mode == FRQ && rise) {
      config(() -> {
        ccmpV = c;
        c = 0;
      });
      capture();
    } else if (mode == PW) {
      if (rise) config(() -> c = 0);
      else {
        config(() -> ccmpV = c);
        capture();
      }
    } else if (mode == FRQPW) {
      if (rise && frqpw == 0) {
        config(() -> c = 0);
        frqpw = 1;
      } else if (fall && frqpw == 1) {
        config(() -> ccmpV = c);
        frqpw = 2;
      } else if (rise && frqpw == 2) {
        config(() -> {});
        frqpw = 3;
        capture();
      }
    }
  }

  private void capture() {
    ints.raise(1);
    publish();
    captured();
  }

  private void captured() {
    Evsys ev = Evsys.of(m);
    if (ev != null) ev.pulse(name + "_CAPT");
  }

  private boolean enabled() {
    return (bus.get(ctrla) & 1) != 0;
  }

  /** Counting: enabled and its clock not stopped by a sleep mode. */
  private boolean running() {
    return enabled() && !sleepStopped;
  }

  /** Power-down stops TCB's clock; standby too unless CTRLA.RUNSTDBY (bit 6). */
  private void sleepChanged(boolean asleep) {
    int mode = asleep ? Slpctrl.mode(m) : -1;
    boolean stop = mode == Slpctrl.POWER_DOWN || (mode == Slpctrl.STANDBY && (bus.get(ctrla) & 0x40) == 0);
    if (stop != sleepStopped) config(() -> sleepStopped = stop);
  }

  private int mode() {
    return bus.get(ctrlb) & 7;
  }

  private int div() {
    int sel = (bus.get(ctrla) >> 1) & 7;
    if (sel == 1) return 2;
    if (sel == 2) {
      return m.peripheral("TCA0").filter(Tca.class::isInstance).map(t -> ((Tca) t).prescaler()).orElse(1);
    }
    return 1;
  }

  private int top() {
    return mode() == PWM8 ? ccmpV & 0xFF : ccmpV;
  }

  private int wrap() {
    return mode() == PWM8 ? 0x100 : 0x10000;
  }

  private boolean periodic() {
    return mode() == INT || mode() == PWM8;
  }

  private int count() {
    if (!running() || (mode() == FRQPW && frqpw == 3)) return c;
    long ticks = (m.scheduler().now() - anchor) / div();
    return advance(ticks);
  }

  private int advance(long ticks) {
    if (ticks <= 0) return c;
    int top = top();
    long v = c + ticks;
    if (periodic() && c <= top) {
      if (v > top) v -= top + 1L;
    } else {
      v %= wrap();
    }
    int result = (int) v;
    return mode() == PWM8 ? (c & 0xFF00) | (result & 0xFF) : result & 0xFFFF;
  }

  private void config(Runnable change) {
    boolean frozen = mode() == FRQPW && frqpw == 3;
    if (running() && !frozen) {
      long ticks = Math.max(0, (m.scheduler().now() - anchor) / div());
      c = advance(ticks);
      anchor += ticks * div();
    }
    boolean was = running();
    change.run();
    if ((!was || frozen) && running()) anchor = m.scheduler().now();
    reschedule();
  }

  private void reschedule() {
    if (!running() || !periodic()) {
      m.scheduler().cancel(match);
      publish();
      return;
    }
    int top = top();
    int cur = mode() == PWM8 ? c & 0xFF : c;
    long ticks = cur < top ? top - cur : cur == top ? top + 1L : wrap() - cur + top;
    m.scheduler().schedule(match, anchor + ticks * div());
    publish();
  }

  private void publish() {
    ints.publish();
    waveform();
  }

  private boolean pwmOut() {
    return mode() == PWM8 && (bus.get(ctrlb) & CCMPEN) != 0;
  }

  /** The pad PORTMUX.TCBROUTEA gives WO now (from the model's WO signals), or none. */
  private void route() {
    dev.avrkit.device.Signal pick = null;
    for (dev.avrkit.device.Signal sig : instance.signals()) {
      if (!sig.group().equalsIgnoreCase("WO")) continue;
      boolean alt = sig.function().toUpperCase(java.util.Locale.ROOT).endsWith("_ALT");
      int routed = 0;
      if (sig.field().isPresent()) {
        String[] f = sig.field().get().split("\\.");
        var mux = m.device().peripheral(f[0]).orElse(null);
        if (mux != null && f.length == 3) {
          int addr = Regs8x.find(mux, f[1]);
          int mask = Fields.mask(mux, f[1], f[2]);
          if (addr >= 0) routed = Fields.get(mask, bus.get(addr));
        }
      }
      if (alt == (routed != 0)) pick = sig;
    }
    Port port = pick == null ? null : Fields.port(m, pick.pad());
    int bit = pick == null ? -1 : Fields.bit(pick.pad());
    if (port != woPort || bit != woBit) {
      if (woPort != null) woPort.override(woBit, -1);
      woPort = port;
      woBit = bit;
    }
  }

  /** Drives WO from the count now and schedules the next edge. */
  private void waveform() {
    if (!pwmOut()) {
      m.scheduler().cancel(edge);
      if (woPort != null) {
        woPort.override(woBit, -1);
        woPort = null;
        woBit = -1;
      }
      return;
    }
    route();
    int duty = (ccmpV >> 8) & 0xFF;
    int cur = count() & 0xFF;
    // stopped: WO holds CTRLB.CCMPINIT (low after reset) until the timer counts
    int level = !enabled() ? (bus.get(ctrlb) >> 6) & 1 : cur < duty ? 1 : 0;
    if (woPort != null) woPort.override(woBit, level);
    int top = ccmpV & 0xFF;
    if (!running() || duty == 0 || duty > top) { // no edges: always low or always high
      m.scheduler().cancel(edge);
      return;
    }
    long elapsed = Math.max(0, (m.scheduler().now() - anchor) / div());
    int toBottom = cur <= top ? top - cur + 1 : 0x100 - cur;
    long k = cur < duty ? duty - cur : toBottom;
    m.scheduler().schedule(edge, anchor + (elapsed + k) * div());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    m.scheduler().cancel(match);
    sleepStopped = false;
    m.scheduler().cancel(edge);
    c = 0;
    ccmpV = 0;
    ints.clear(0xFF);
    input = false;
    frqpw = 0;
    tmp[0] = 0;
    anchor = m.scheduler().now();
    publish();
  }
}
