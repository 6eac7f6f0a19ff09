package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.ClassicInterruptController;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptController;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;

/**
 * Classic Timer/Counter 0, 1 and 2 (modules TC8, TC16, TC8_ASYNC): normal, CTC, fast PWM, phase
 * correct and phase and frequency correct modes, prescalers, TOV/OCFA/OCFB/ICF flags and their
 * interrupts, the 16-bit TEMP register, double-buffered OCR in PWM modes.
 *
 * <p>No per-cycle work: the counter value is computed from the cycle count when read, and one
 * event is scheduled at the next timer clock where a flag is set or the counter turns. Timer
 * clocks come from the free-running prescaler (ticks at multiples of the division since reset),
 * as on the chip. With CS = 6/7 Timer0 and Timer1 count falling/rising edges of their Tn pin
 * (from the model's "T" signal), seen through the machine's pin listeners.
 *
 * <p>Timer2 (TC8_ASYNC) with ASSR.AS2 set counts the 32.768 kHz crystal on TOSC1/2 through its
 * prescaler instead of the CPU clock: its clocks fall on the crystal's edges (cycle = the first
 * CPU cycle at or after k * division / 32768 s), it keeps counting in power-save, ADC noise
 * reduction and extended standby, and ASSR's update-busy flags (TCN2UB, OCR2xUB, TCR2xUB) stay set
 * after a write to their register until the second crystal edge, as the data sheet describes.
 */
final class MegaTimer implements SimPeripheral {
  private static final int[] DIV_SYNC = {0, 1, 8, 64, 256, 1024, 0, 0};
  private static final int[] DIV_ASYNC = {0, 1, 8, 32, 64, 128, 256, 1024};
  /** The watch crystal on TOSC1/2. */
  static final long TOSC_HZ = 32_768;

  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final boolean wide;
  private final boolean async;
  private final int tccra, tccrb, tcnt, ocra, ocrb, icr, timsk, tifr;
  private final int vOvf, vCompA, vCompB, vCapt;
  private final InterruptController irq;

  private int count;
  private int dir = 1;
  private long t0;
  private int div;
  private int ocrA, ocrB, ocrABuf, ocrBBuf;
  private int temp;
  private boolean blockCompare;

  /** Told the TIFR bits that go from 0 to 1 (the ADC's auto trigger). */
  private final java.util.List<java.util.function.IntConsumer> flagListeners = new java.util.ArrayList<>();

  /** Output compare pins (OCnA, OCnB): port instance name and bit from the model's signals. */
  private final String[] ocPort = new String[2];
  private final int[] ocBit = {-1, -1};
  private final int[] ocLevel = new int[2];
  private final int[] ocCom = new int[2];

  /** The external clock pin Tn (port instance, bit) from the model's signals; null when none. */
  private final String tPort;
  private final int tBit;

  /** SMCR (sleep mode) and ASSR (Timer2 asynchronous clock) addresses, -1 when absent. */
  private final int smcr;
  private final int assr;
  /** The timer clock is stopped by the current sleep mode. */
  private boolean frozen;
  /** ASSR.AS2 and the update-busy flags (TCN2UB, OCR2AUB, OCR2BUB, TCR2AUB, TCR2BUB) from the model. */
  private final int asMask, exclkMask;
  private final int[] busyMask = new int[5];
  private final long[] busyUntil = new long[5];
  private static final int UB_TCN = 0, UB_OCRA = 1, UB_OCRB = 2, UB_TCRA = 3, UB_TCRB = 4;
  /** The counter runs from the crystal (AS2 was set when it was last rescheduled). */
  private boolean asyncClk;

  private final Scheduler.Event tick =
      new Scheduler.Event() {
        @Override
        protected void fire(long when) {
          onTick(when);
        }
      };

  MegaTimer(Machine m, Peripheral p, boolean wide, boolean async) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    this.wide = wide;
    this.async = async;
    this.irq = m.interrupts();
    String n = Regs.suffix(p);
    tccra = Regs.require(p, "TCCR" + n + "A");
    tccrb = Regs.require(p, "TCCR" + n + "B");
    tcnt = Regs.require(p, "TCNT" + n, "TCNT" + n + "L");
    ocra = Regs.require(p, "OCR" + n + "A", "OCR" + n + "AL");
    ocrb = Regs.find(p, "OCR" + n + "B", "OCR" + n + "BL");
    icr = wide ? Regs.find(p, "ICR" + n, "ICR" + n + "L") : -1;
    timsk = Regs.require(p, "TIMSK" + n);
    tifr = Regs.require(p, "TIFR" + n);
    String tp = null;
    int tb = -1;
    for (dev.avrkit.device.Signal sig : p.signals()) {
      if (sig.group().equals("T") && sig.pad() != null && sig.pad().length() == 3) {
        tp = "PORT" + sig.pad().charAt(1);
        tb = sig.pad().charAt(2) - '0';
      }
      int ch = sig.group().equals("OCA") ? 0 : sig.group().equals("OCB") ? 1 : -1;
      String pad = sig.pad();
      if (ch >= 0 && pad != null && pad.length() >= 3 && pad.charAt(0) == 'P') {
        ocPort[ch] = "PORT" + pad.charAt(1);
        ocBit[ch] = Integer.parseInt(pad.substring(2));
      }
    }
    tPort = tp;
    tBit = tb;
    if (tp != null && !async) m.addPinListener(this::externalEdge);
    smcr = m.device().peripheral("CPU").map(c -> Regs.find(c, "SMCR")).orElse(-1);
    assr = async ? Regs.find(p, "ASSR") : -1;
    asMask = assr >= 0 ? Regs.maskOrZero(p, "ASSR", "AS" + n) : 0;
    exclkMask = assr >= 0 ? Regs.maskOrZero(p, "ASSR", "EXCLK") : 0;
    if (assr >= 0) {
      String[] ub = {"TCN" + n + "UB", "OCR" + n + "AUB", "OCR" + n + "BUB", "TCR" + n + "AUB", "TCR" + n + "BUB"};
      for (int i = 0; i < ub.length; i++) busyMask[i] = Regs.maskOrZero(p, "ASSR", ub[i]);
      bus.onRead(assr, a -> (bus.get(a) & (asMask | exclkMask)) | busyFlags());
      bus.onWrite(assr, (a, v) -> { sync(); bus.set(a, v & (asMask | exclkMask)); reschedule(); });
    }
    m.addSleepListener(this::sleepChanged);
    String t = "TIMER" + n + "_";
    vOvf = m.vector(t + "OVF");
    vCompA = m.vector(t + "COMPA");
    vCompB = m.vector(t + "COMPB");
    vCapt = m.vector(t + "CAPT");
    if (irq instanceof ClassicInterruptController c) {
      ack(c, vOvf, 0x01);
      ack(c, vCompA, 0x02);
      ack(c, vCompB, 0x04);
      ack(c, vCapt, 0x20);
    }
    bus.onWrite(tccra, (a, v) -> { sync(); bus.set(a, v); updateCom(); reschedule(); busy(UB_TCRA); });
    bus.onWrite(tccrb, (a, v) -> { sync(); bus.set(a, v & ~0xC0); reschedule(); busy(UB_TCRB); });
    bus.onWrite(timsk, (a, v) -> { bus.set(a, v); updateIrq(); });
    bus.onWrite(tifr, (a, v) -> { bus.set(a, bus.get(a) & ~v); updateIrq(); });
    if (wide) {
      hook16(tcnt, () -> { sync(); return count; }, v -> { sync(); count = v; blockCompare = true; reschedule(); });
      hook16(ocra, () -> ocrABuf, v -> { sync(); ocrABuf = v; if (!pwm()) ocrA = v; reschedule(); });
      if (ocrb >= 0) hook16(ocrb, () -> ocrBBuf, v -> { sync(); ocrBBuf = v; if (!pwm()) ocrB = v; reschedule(); });
      if (icr >= 0) hook16(icr, () -> bus.get(icr) | bus.get(icr + 1) << 8, v -> { sync(); bus.set(icr, v); bus.set(icr + 1, v >> 8); reschedule(); });
    } else {
      bus.onRead(tcnt, a -> { sync(); return count; });
      bus.onWrite(tcnt, (a, v) -> { sync(); count = v; blockCompare = true; reschedule(); busy(UB_TCN); });
      bus.onRead(ocra, a -> ocrABuf);
      bus.onWrite(ocra, (a, v) -> { sync(); ocrABuf = v; if (!pwm()) ocrA = v; reschedule(); busy(UB_OCRA); });
      if (ocrb >= 0) {
        bus.onRead(ocrb, a -> ocrBBuf);
        bus.onWrite(ocrb, (a, v) -> { sync(); ocrBBuf = v; if (!pwm()) ocrB = v; reschedule(); busy(UB_OCRB); });
      }
    }
  }

  /** A write to a register that crosses into the crystal's clock domain: its flag until the 2nd edge. */
  private void busy(int which) {
    if (!asyncClk || busyMask[which] == 0) return;
    long now = m.scheduler().now();
    long hz = m.clockHz();
    long edge = Math.floorDiv(now * TOSC_HZ, hz) + 2;
    busyUntil[which] = ceilDiv(edge * hz, TOSC_HZ);
  }

  private int busyFlags() {
    long now = m.scheduler().now();
    int v = 0;
    for (int i = 0; i < busyMask.length; i++) if (now < busyUntil[i]) v |= busyMask[i];
    return v;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  /**
   * {@code l} gets the TIFR bits that a timer event sets while they were clear (the rising edge
   * of a flag, which is what auto-triggers an ADC conversion).
   */
  void addFlagListener(java.util.function.IntConsumer l) {
    flagListeners.add(l);
  }

  private void ack(ClassicInterruptController c, int v, int bit) {
    if (v >= 0) c.onTaken(v, x -> { bus.set(tifr, bus.get(tifr) & ~bit); updateIrq(); });
  }

  private interface IntSrc { int get(); }
  private interface IntSink { void put(int v); }

  /** 16-bit register through TEMP: low byte read latches high; high byte write goes to TEMP. */
  private void hook16(int lo, IntSrc get, IntSink put) {
    bus.onRead(lo, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        int v = get.get();
        temp = (v >> 8) & 0xFF;
        return v & 0xFF;
      }

      @Override
      public int peek(int a) {
        return get.get() & 0xFF;
      }
    });
    bus.onRead(lo + 1, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        return temp;
      }

      @Override
      public int peek(int a) {
        return (get.get() >> 8) & 0xFF;
      }
    });
    bus.onWrite(lo + 1, (a, v) -> temp = v);
    bus.onWrite(lo, (a, v) -> put.put((temp << 8 | v) & 0xFFFF));
  }

  private int wgm() {
    int a = bus.get(tccra) & 3;
    int b = (bus.get(tccrb) >> 3) & (wide ? 3 : 1);
    return a | b << 2;
  }

  private int max() {
    return wide ? 0xFFFF : 0xFF;
  }

  /** 0 normal, 1 CTC, 2 fast PWM, 3 phase correct, 4 phase and frequency correct. */
  private int kind() {
    int w = wgm();
    if (!wide) {
      return switch (w) {
        case 0 -> 0;
        case 2 -> 1;
        case 3, 7 -> 2;
        case 1, 5 -> 3;
        default -> 0;
      };
    }
    return switch (w) {
      case 0 -> 0;
      case 4, 12 -> 1;
      case 5, 6, 7, 14, 15 -> 2;
      case 1, 2, 3, 10, 11 -> 3;
      case 8, 9 -> 4;
      default -> 0;
    };
  }

  private int top() {
    int w = wgm();
    if (!wide) {
      return switch (w) {
        case 2, 5, 7 -> ocrA;
        default -> 0xFF;
      };
    }
    return switch (w) {
      case 1, 5 -> 0xFF;
      case 2, 6 -> 0x1FF;
      case 3, 7 -> 0x3FF;
      case 4, 9, 11, 15 -> ocrA;
      case 8, 10, 12, 14 -> icr >= 0 ? bus.get(icr) | bus.get(icr + 1) << 8 : 0xFFFF;
      default -> 0xFFFF;
    };
  }

  private boolean topIsIcr() {
    int w = wgm();
    return wide && (w == 8 || w == 10 || w == 12 || w == 14);
  }

  private boolean pwm() {
    int k = kind();
    return k >= 2;
  }

  private int division() {
    int cs = bus.get(tccrb) & 7;
    return async ? DIV_ASYNC[cs] : DIV_SYNC[cs];
  }

  /** Timer clocks in (from, to]. */
  private long ticks(long from, long to) {
    if (div == 0 || to <= from) return 0;
    if (asyncClk) {
      long d = (long) div * m.clockHz();
      return Math.floorDiv(to * TOSC_HZ, d) - Math.floorDiv(from * TOSC_HZ, d);
    }
    return Math.floorDiv(to, div) - Math.floorDiv(from, div);
  }

  /** The cycle of the k-th timer clock after {@code from} (k >= 1). */
  private long tickTime(long from, long k) {
    if (asyncClk) {
      long d = (long) div * m.clockHz();
      return ceilDiv((Math.floorDiv(from * TOSC_HZ, d) + k) * d, TOSC_HZ);
    }
    return (Math.floorDiv(from, div) + k) * div;
  }

  /**
   * Sleep modes other than idle stop clk_IO: Timer0/1 (and Timer2 unless it runs from its
   * asynchronous clock in power-save, ADC noise reduction or extended standby) stop counting.
   */
  private void sleepChanged(boolean asleep) {
    if (asleep) {
      int mode = smcr >= 0 ? (m.bus().get(smcr) >> 1) & 7 : 0;
      boolean asyncClock = assr >= 0 && (m.bus().get(assr) & asMask) != 0;
      boolean runs = mode == 0 || (asyncClock && (mode == 1 || mode == 3 || mode == 7));
      if (!runs) {
        sync();
        frozen = true;
        m.scheduler().cancel(tick);
      }
    } else if (frozen) {
      frozen = false;
      t0 = m.scheduler().now();
      reschedule();
    }
  }

  /** Brings the counter up to now (no flag can lie in between: events are scheduled there). */
  private void sync() {
    long now = m.scheduler().now();
    if (div != 0 && !frozen) {
      long n = ticks(t0, now);
      if (n > 0) {
        count = (int) (count + dir * n) & max();
        blockCompare = false;
      }
    }
    t0 = now;
  }

  private void reschedule() {
    div = division();
    asyncClk = assr >= 0 && asMask != 0 && (bus.get(assr) & asMask) != 0;
    m.scheduler().cancel(tick);
    if (div == 0 || frozen) return;
    long k = ticksToNext();
    m.scheduler().schedule(tick, tickTime(t0, k));
  }

  /** Timer clocks from now until the counter leaves a value where something happens. */
  private long ticksToNext() {
    int c = count;
    int top = top();
    int kind = kind();
    long best = Long.MAX_VALUE;
    if (dir > 0) {
      int[] cands = {ocrA, ocrB, top, max()};
      for (int v : cands) if (v >= c) best = Math.min(best, v - c + 1);
    } else {
      int[] cands = {ocrA, ocrB, 0};
      for (int v : cands) if (v <= c) best = Math.min(best, c - v + 1);
    }
    if (best == Long.MAX_VALUE) best = max() - c + 1;
    if (kind >= 3 || kind == 0) return best;
    return best;
  }

  /** The timer clock at which the counter leaves its current value (events are only set there). */
  private void onTick(long when) {
    onTick(when, ticks(t0, when));
  }

  /**
   * An edge on the Tn pin (a PinListener event): with CS = 6 (falling) or 7 (rising) on Timer0/1
   * the counter takes one step. The chip synchronises the pin first (2.5 to 3.5 cycles of delay);
   * here the step happens at the edge.
   */
  private void externalEdge(String port, int bit, int level, long cycle) {
    if (!port.equals(tPort) || bit != tBit) return;
    int cs = bus.get(tccrb) & 7;
    if (cs < 6 || frozenExternal()) return;
    if ((cs == 6 && level == 0) || (cs == 7 && level == 1)) {
      t0 = m.scheduler().now();
      onTick(t0, 1);
    }
  }

  private boolean frozenExternal() {
    return async; // Timer2 has no external clock pin (TOSC is not modelled)
  }

  private void onTick(long when, long n) {
    // advance to the value being left (one clock before 'when')
    if (n > 1) count = (int) (count + dir * (n - 1)) & max();
    int v = count;
    int kind = kind();
    int top = top();
    int flags = 0;
    boolean matchOk = !(blockCompare && n <= 1);
    if (matchOk && v == ocrA) flags |= 0x02;
    if (matchOk && ocrb >= 0 && v == ocrB) flags |= 0x04;
    int dirAtMatch = dir;
    int next;
    switch (kind) {
      case 1 -> { // CTC
        if (v == top) {
          next = 0;
          if (topIsIcr()) flags |= 0x20;
          if (top == max()) flags |= 0x01;
        } else if (v == max()) {
          next = 0;
          flags |= 0x01;
        } else next = v + 1;
      }
      case 2 -> { // fast PWM
        if (v == top || v == max()) {
          next = 0;
          flags |= 0x01;
          if (topIsIcr()) flags |= 0x20;
          if (wgm() == (wide ? 15 : 7)) flags |= 0x02;
          ocrA = ocrABuf;
          ocrB = ocrBBuf;
        } else next = v + 1;
      }
      case 3, 4 -> { // phase correct, phase and frequency correct
        if (dir > 0 && v >= top) {
          dir = -1;
          next = top == 0 ? 0 : top - 1;
          if (topIsIcr()) flags |= 0x20;
          if (kind == 3) {
            ocrA = ocrABuf;
            ocrB = ocrBBuf;
          }
        } else if (dir < 0 && v == 0) {
          dir = 1;
          next = 1;
          flags |= 0x01;
          if (kind == 4) {
            ocrA = ocrABuf;
            ocrB = ocrBBuf;
          }
        } else next = (v + dir) & max();
      }
      default -> { // normal
        if (v == max()) {
          next = 0;
          flags |= 0x01;
        } else next = v + 1;
      }
    }
    count = next & max();
    blockCompare = false;
    t0 = when;
    if (ocCom[0] != 0 || ocCom[1] != 0) {
      outputCompare(kind, (flags & 0x02) != 0 && v == ocrA, (flags & 0x04) != 0, dirAtMatch, kind == 2 && next == 0);
    }
    if (flags != 0) {
      int rising = flags & ~bus.get(tifr);
      if (rising != 0) for (java.util.function.IntConsumer l : flagListeners) l.accept(rising);
      bus.set(tifr, bus.get(tifr) | flags);
      updateIrq();
    }
    reschedule();
  }

  /** Applies COMnx to the OC pins: compare match and BOTTOM (fast PWM) actions. */
  private void outputCompare(int kind, boolean matchA, boolean matchB, int dirAtMatch, boolean bottom) {
    boolean[] match = {matchA, matchB};
    for (int ch = 0; ch < 2; ch++) {
      int com = ocCom[ch];
      if (com == 0 || ocBit[ch] < 0) continue;
      int lv = ocLevel[ch];
      if (kind <= 1) { // normal, CTC
        if (match[ch]) lv = com == 1 ? lv ^ 1 : com == 2 ? 0 : 1;
      } else if (kind == 2) { // fast PWM: 2 = clear on match, set at BOTTOM; 3 = inverted
        if (com >= 2) {
          if (match[ch]) lv = com == 2 ? 0 : 1;
          if (bottom) lv = com == 2 ? 1 : 0;
        } else if (ch == 0 && match[ch]) lv ^= 1;
      } else if (com >= 2 && match[ch]) { // phase correct: clear up, set down (2); inverted (3)
        boolean up = dirAtMatch > 0;
        lv = (com == 2) == up ? 0 : 1;
      }
      if (lv != ocLevel[ch]) {
        ocLevel[ch] = lv;
        int c = ch, level = lv;
        port(ch).ifPresent(pp -> pp.override(ocBit[c], level));
      }
    }
  }

  private java.util.Optional<MegaPort> port(int ch) {
    if (ocPort[ch] == null) return java.util.Optional.empty();
    return m.peripheral(ocPort[ch]).filter(MegaPort.class::isInstance).map(MegaPort.class::cast);
  }

  /** COMnA/COMnB changed: connect or release the OC pins. */
  private void updateCom() {
    int a = bus.get(tccra);
    for (int ch = 0; ch < 2; ch++) {
      int com = (a >> (ch == 0 ? 6 : 4)) & 3;
      if (com == ocCom[ch]) continue;
      ocCom[ch] = com;
      int c = ch;
      port(ch).ifPresent(pp -> pp.override(ocBit[c], com == 0 ? -1 : ocLevel[c]));
    }
  }

  private void updateIrq() {
    int f = bus.get(tifr) & bus.get(timsk);
    irq.set(vOvf, (f & 0x01) != 0);
    irq.set(vCompA, (f & 0x02) != 0);
    irq.set(vCompB, (f & 0x04) != 0);
    irq.set(vCapt, (f & 0x20) != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    count = 0;
    dir = 1;
    t0 = m.scheduler().now();
    div = 0;
    ocrA = ocrB = ocrABuf = ocrBBuf = 0;
    temp = 0;
    blockCompare = false;
    ocLevel[0] = ocLevel[1] = 0;
    ocCom[0] = ocCom[1] = 0;
    frozen = false;
    asyncClk = false;
    java.util.Arrays.fill(busyUntil, 0);
    updateIrq();
  }
}
