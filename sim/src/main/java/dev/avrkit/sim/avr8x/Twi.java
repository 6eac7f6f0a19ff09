package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;
import dev.avrkit.sim.bus.I2cBus;
import dev.avrkit.sim.bus.I2cDevice;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * TWI (I2C) of the AVR8X parts: master and slave on the instance's {@link I2cBus}.
 *
 * <p>Master: writing MADDR sends a START (a repeated START while this master owns the bus) and
 * the address; MDATA written sends a byte; MCTRLB.MCMD REPSTART / RECVTRANS / STOP continue
 * after a received byte with the acknowledge MCTRLB.ACKACT; smart mode (MCTRLA.SMEN) sends it
 * when MDATA is read and receives the next byte; QCEN (quick command) sends STOP after the
 * address. MSTATUS: RIF/WIF with CLKHOLD when the master waits for the program, RXACK,
 * ARBLOST, BUSERR and BUSSTATE (UNKNOWN after enable until the program writes IDLE or the
 * inactive-bus time-out MCTRLA.TIMEOUT passes; OWNER while it holds the bus; BUSY when it lost
 * arbitration). The TWIM interrupt follows RIF & RIEN | WIF & WIEN.
 *
 * <p>Timing: each SCL period is 10 + 2 x MBAUD CLK_PER cycles, low and high half each (the data
 * sheet's f_SCL = f_CLK_PER / (10 + 2 MBAUD + f_CLK_PER T_rise) with ideal lines, T_rise = 0);
 * FMPEN and the SDA hold/setup settings do not change it. Every SCL and SDA edge is a pin level
 * change on the route's pins (PORTMUX, so a VCD shows the bus), and the byte-level bus calls
 * happen where the byte ends on the wire: {@code start}/{@code write} at the acknowledge bit,
 * {@code read} when its first bit begins (with the acknowledge MCTRLB.ACKACT selects then),
 * {@code stop} at the STOP. A device holding SCL low stretches the clock (the master waits at
 * each rising edge); SDA held low when the master sends a 1 loses arbitration (ARBLOST + WIF,
 * bus BUSY); SDA held low when a STOP should end the transfer is a bus error (BUSERR + WIF, bus
 * UNKNOWN). A STOP in the middle of a byte ({@link I2cBus#misplacedStop}) is a bus error too:
 * BUSERR + WIF, the lines released, the bus IDLE (the bus state logic saw a STOP). A START on a
 * bus whose lines are held waits until they are released.
 *
 * <p>Slave: an {@link I2cDevice} on the same bus answering SADDR (bit 0: general call) or
 * SADDRMASK (mask, or a second address with ADDREN), or every address with PMEN. An address or
 * data byte sets APIF / DIF with CLKHOLD and stretches SCL until the program answers with
 * SCTRLB.SCMD (or, in smart mode, reads/writes SDATA); a STOP sets APIF with AP = 0 when PIEN.
 * At the byte level the slave acknowledges with the SCTRLB.ACKACT the program chose last. The
 * TWIS interrupt follows DIF & DIEN | APIF & APIEN (or PIEN for STOP).
 */
final class Twi implements SimPeripheral {
  private static final int UNKNOWN = 0, IDLE = 1, OWNER = 2, BUSY = 3;

  private final Machine m;
  private final DataBus bus;
  private final Peripheral p;
  private final I2cBus i2c;
  private final int mctrla, mctrlb, mstatus, mbaud, maddr, mdata, sctrla, sctrlb, sstatus, saddr, sdata,
      saddrmask;
  private final int mEnable, smen, qcen, wien, rien, timeout, ackact, flush, mcmd;
  private final int rif, wif, clkhold, rxack, arblost, buserr, busstate;
  private final int sEnable, sSmen, pmen, dien, apien, pien, sAckact, scmd;
  private final int dif, apif, sClkhold, sRxack, coll, sBuserr, sDir, ap;
  private final int vMaster, vSlave;
  private final int cmdRepstart, cmdRecvtrans, cmdStop, scmdComptrans, scmdResponse;
  private final int[] timeoutUs;

  // master state
  private int mflags; // RIF WIF CLKHOLD RXACK ARBLOST BUSERR bits of MSTATUS
  private int state = UNKNOWN;
  private boolean readMode, ackPending, pendingStart, transferring;
  private int rx;
  private String sdaPad, sclPad;
  private int scl = 1, sda = 1;

  // slave state
  private int sflags;
  private int sdataV;
  private boolean holding;

  /** One step of the waveform: {@code delay} cycles after the previous, then pins, then action. */
  private static final class Step {
    final int delay, scl, sda;
    final boolean waitScl;
    final Runnable action;

    Step(int delay, int scl, int sda, boolean waitScl, Runnable action) {
      this.delay = delay;
      this.scl = scl;
      this.sda = sda;
      this.waitScl = waitScl;
      this.action = action;
    }
  }

  private final ArrayDeque<Step> steps = new ArrayDeque<>();
  private boolean running;
  private int queuedCmd;

  private final Scheduler.Event wave = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      runSteps(when);
    }
  };

  private final Scheduler.Event idleTimeout = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      if (state == UNKNOWN && !i2c.sdaHeldLow() && !i2c.sclHeldLow()) becomeIdle();
      else if (state == UNKNOWN || state == BUSY) armTimeout();
    }
  };

  private final Scheduler.Event retryStart = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      if (!pendingStart) return;
      // SDA rising while SCL is high is a STOP: a released bus is idle again
      if (state == BUSY && !i2c.sdaHeldLow() && !i2c.sclHeldLow()) state = IDLE;
      tryStart();
    }
  };

  Twi(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.p = p;
    this.i2c = m.i2cBus(p.name());
    mctrla = Regs8x.at(p, 3, "MCTRLA");
    mctrlb = Regs8x.at(p, 4, "MCTRLB");
    mstatus = Regs8x.at(p, 5, "MSTATUS");
    mbaud = Regs8x.at(p, 6, "MBAUD");
    maddr = Regs8x.at(p, 7, "MADDR");
    mdata = Regs8x.at(p, 8, "MDATA");
    sctrla = Regs8x.at(p, 9, "SCTRLA");
    sctrlb = Regs8x.at(p, 0xA, "SCTRLB");
    sstatus = Regs8x.at(p, 0xB, "SSTATUS");
    saddr = Regs8x.at(p, 0xC, "SADDR");
    sdata = Regs8x.at(p, 0xD, "SDATA");
    saddrmask = Regs8x.at(p, 0xE, "SADDRMASK");
    mEnable = Fields.mask(p, "MCTRLA", "ENABLE");
    smen = Fields.mask(p, "MCTRLA", "SMEN");
    qcen = Fields.mask(p, "MCTRLA", "QCEN");
    wien = Fields.mask(p, "MCTRLA", "WIEN");
    rien = Fields.mask(p, "MCTRLA", "RIEN");
    timeout = Fields.mask(p, "MCTRLA", "TIMEOUT");
    ackact = Fields.mask(p, "MCTRLB", "ACKACT");
    flush = Fields.mask(p, "MCTRLB", "FLUSH");
    mcmd = Fields.mask(p, "MCTRLB", "MCMD");
    rif = Fields.mask(p, "MSTATUS", "RIF");
    wif = Fields.mask(p, "MSTATUS", "WIF");
    clkhold = Fields.mask(p, "MSTATUS", "CLKHOLD");
    rxack = Fields.mask(p, "MSTATUS", "RXACK");
    arblost = Fields.mask(p, "MSTATUS", "ARBLOST");
    buserr = Fields.mask(p, "MSTATUS", "BUSERR");
    busstate = Fields.mask(p, "MSTATUS", "BUSSTATE");
    sEnable = Fields.mask(p, "SCTRLA", "ENABLE");
    sSmen = Fields.mask(p, "SCTRLA", "SMEN");
    pmen = Fields.mask(p, "SCTRLA", "PMEN");
    dien = Fields.mask(p, "SCTRLA", "DIEN");
    apien = Fields.mask(p, "SCTRLA", "APIEN");
    pien = Fields.mask(p, "SCTRLA", "PIEN");
    sAckact = Fields.mask(p, "SCTRLB", "ACKACT");
    scmd = Fields.mask(p, "SCTRLB", "SCMD");
    dif = Fields.mask(p, "SSTATUS", "DIF");
    apif = Fields.mask(p, "SSTATUS", "APIF");
    sClkhold = Fields.mask(p, "SSTATUS", "CLKHOLD");
    sRxack = Fields.mask(p, "SSTATUS", "RXACK");
    coll = Fields.mask(p, "SSTATUS", "COLL");
    sBuserr = Fields.mask(p, "SSTATUS", "BUSERR");
    sDir = Fields.mask(p, "SSTATUS", "DIR");
    ap = Fields.mask(p, "SSTATUS", "AP");
    cmdRepstart = Fields.value(p, "MCTRLB", "MCMD", "REPSTART");
    cmdRecvtrans = Fields.value(p, "MCTRLB", "MCMD", "RECVTRANS");
    cmdStop = Fields.value(p, "MCTRLB", "MCMD", "STOP");
    scmdComptrans = Fields.value(p, "SCTRLB", "SCMD", "COMPTRANS");
    scmdResponse = Fields.value(p, "SCTRLB", "SCMD", "RESPONSE");
    timeoutUs = Fields.numbers(p, "MCTRLA", "TIMEOUT", "");
    vMaster = Regs8x.vector(m, p, "TWIM");
    vSlave = Regs8x.vector(m, p, "TWIS");

    bus.onWrite(mctrla, (a, v) -> {
      boolean was = (bus.get(a) & mEnable) != 0;
      bus.set(a, v);
      boolean on = (v & mEnable) != 0;
      if (on && !was) {
        state = UNKNOWN;
        routePins();
        armTimeout();
      } else if (!on && was) {
        abortMaster();
        state = UNKNOWN;
      }
      publish();
    });
    bus.onWrite(mctrlb, (a, v) -> {
      bus.set(a, v & ~(mcmd | flush));
      if ((v & flush) != 0) {
        abortMaster();
        bus.set(maddr, 0);
        rx = 0;
      }
      int cmd = Fields.get(mcmd, v);
      if (cmd != 0) command(cmd);
      publish();
    });
    bus.onRead(mstatus, a -> mflags | (masterOn() ? state : 0) & busstate);
    bus.onWrite(mstatus, (a, v) -> {
      mflags &= ~(v & (rif | wif | arblost | buserr));
      if (masterOn() && Fields.get(busstate, v) == IDLE && state != OWNER) becomeIdle();
      publish();
    });
    bus.onWrite(maddr, (a, v) -> {
      bus.set(a, v);
      if (!masterOn()) return;
      mflags &= ~(rif | wif | clkhold | arblost | buserr);
      pendingStart = true;
      tryStart();
      publish();
    });
    bus.onRead(mdata, a -> {
      if (masterOn() && (bus.get(mctrla) & smen) != 0 && readMode && ackPending && !transferring) {
        int data = rx;
        mflags &= ~(rif | wif | clkhold);
        boolean nack = (bus.get(mctrlb) & ackact) != 0;
        sendAck(!nack);
        if (!nack) receiveByte();
        publish();
        return data;
      }
      return rx;
    });
    bus.onWrite(mdata, (a, v) -> {
      rx = v & 0xFF;
      if (!masterOn() || state != OWNER || readMode || transferring) return;
      mflags &= ~(rif | wif | clkhold);
      sendByte(v & 0xFF);
      publish();
    });

    bus.onWrite(sctrla, (a, v) -> {
      bus.set(a, v);
      routePins();
      slavePublish();
    });
    bus.onWrite(sctrlb, (a, v) -> {
      bus.set(a, v & ~scmd);
      int c = Fields.get(scmd, v);
      if (c == scmdResponse || c == scmdComptrans) slaveRespond(c == scmdComptrans);
    });
    bus.onRead(sstatus, a -> sflags);
    bus.onWrite(sstatus, (a, v) -> {
      sflags &= ~(v & (dif | apif | coll | sBuserr));
      slavePublish();
    });
    bus.onRead(sdata, a -> {
      int d = sdataV;
      if ((bus.get(sctrla) & sSmen) != 0 && (sflags & dif) != 0) slaveRespond(false);
      return d;
    });
    bus.onWrite(sdata, (a, v) -> {
      sdataV = v & 0xFF;
      if ((bus.get(sctrla) & sSmen) != 0 && (sflags & dif) != 0) slaveRespond(false);
    });
    i2c.attach(new Slave());
    i2c.onMisplacedStop(this::busError);
  }

  // ------------------------------------------------------------------ pins and waveform

  private boolean masterOn() {
    return (bus.get(mctrla) & mEnable) != 0;
  }

  private boolean slaveOn() {
    return (bus.get(sctrla) & sEnable) != 0;
  }

  /** Takes the route's SDA/SCL pins while master or slave is on, gives back the old ones. */
  private void routePins() {
    Map<String, String> pads = Route.pads(m, p);
    String nsda = pads.get("SDA"), nscl = pads.get("SCL");
    boolean on = masterOn() || slaveOn();
    if (sdaPad != null && (!on || !sdaPad.equals(nsda))) drive(sdaPad, -1);
    if (sclPad != null && (!on || !sclPad.equals(nscl))) drive(sclPad, -1);
    sdaPad = on ? nsda : null;
    sclPad = on ? nscl : null;
    i2c.setPins(nsda == null ? "" : nsda, nscl == null ? "" : nscl);
    drawPins();
  }

  private void drive(String pad, int level) {
    Port port = Fields.port(m, pad);
    if (port != null) port.openDrain(Fields.bit(pad), level);
  }

  private void drawPins() {
    if (sdaPad != null) drive(sdaPad, sda == 1 && !i2c.sdaHeldLow() ? 1 : 0);
    if (sclPad != null) drive(sclPad, scl == 1 && !i2c.sclHeldLow() ? 1 : 0);
  }

  private int half() {
    return 5 + (bus.get(mbaud) & 0xFF);
  }

  private void step(int delay, int scl, int sda, Runnable action) {
    steps.add(new Step(delay, scl, sda, false, action));
  }

  private void waitScl(Runnable action) {
    steps.add(new Step(0, -1, -1, true, action));
  }

  private void go() {
    if (running || wave.scheduled() || steps.isEmpty()) return;
    transferring = true;
    m.scheduler().schedule(wave, m.scheduler().now() + steps.peek().delay);
  }

  private void runSteps(long when) {
    running = true;
    try {
      walk(when);
    } finally {
      running = false;
    }
    // a START asked for while the bus was busy (MADDR written during a STOP) goes out now
    if (!transferring && pendingStart) tryStart();
  }

  private void walk(long when) {
    while (!steps.isEmpty()) {
      Step s = steps.peek();
      if ((s.waitScl || s.scl == 1) && i2c.sclHeldLow()) {
        // clock stretching: look again after a low half period, and start over from there
        steps.poll();
        steps.addFirst(new Step(half(), s.scl, s.sda, s.waitScl, s.action));
        m.scheduler().schedule(wave, when + half());
        drawPins();
        return;
      }
      steps.poll();
      if (s.scl >= 0) scl = s.scl;
      if (s.sda >= 0) sda = s.sda;
      drawPins();
      if (s.action != null) s.action.run();
      if (steps.isEmpty() && queuedCmd != 0) {
        int c = queuedCmd;
        queuedCmd = 0;
        transferring = false;
        command(c);
        publish();
      }
      if (steps.isEmpty()) break;
      int d = steps.peek().delay;
      if (d > 0) {
        m.scheduler().schedule(wave, when + d);
        return;
      }
    }
    transferring = false;
  }

  /** One bit the master sends: SDA set while SCL is low, SCL high after the low half. */
  private void bit(int level, boolean arbitrate) {
    step(0, -1, level, null);
    step(half(), 1, -1, arbitrate && level == 1 ? this::checkArbitration : null);
    step(half(), 0, -1, null);
  }

  private void checkArbitration() {
    if (!i2c.sdaHeldLow()) return;
    steps.clear();
    scl = 1;
    sda = 1;
    drawPins();
    state = BUSY;
    readMode = false;
    ackPending = false;
    mflags |= arblost | wif;
    armTimeout();
    publish();
  }

  // ------------------------------------------------------------------ master

  private void armTimeout() {
    int t = Fields.get(timeout, bus.get(mctrla));
    int us = t < timeoutUs.length ? timeoutUs[t] : -1;
    if (us <= 0 || !masterOn()) return;
    m.scheduler().schedule(idleTimeout, m.scheduler().now() + Math.max(1, m.clockHz() * us / 1_000_000));
  }

  private void becomeIdle() {
    state = IDLE;
    m.scheduler().cancel(idleTimeout);
    if (pendingStart) tryStart();
    publish();
  }

  private void tryStart() {
    if (transferring || !masterOn()) return;
    boolean repeated = state == OWNER;
    if (!repeated && state != IDLE) {
      if (state == BUSY) m.scheduler().schedule(retryStart, m.scheduler().now() + 2L * half());
      return; // waits for the bus to become idle
    }
    if (!repeated && (i2c.sdaHeldLow() || i2c.sclHeldLow())) {
      state = BUSY;
      m.scheduler().schedule(retryStart, m.scheduler().now() + 2L * half());
      publish();
      return;
    }
    pendingStart = false;
    if (repeated && ackPending) sendAck((bus.get(mctrlb) & ackact) == 0);
    int addr = bus.get(maddr);
    readMode = (addr & 1) != 0;
    state = OWNER;
    if (repeated) {
      step(0, -1, 1, null);
      step(half(), 1, -1, null);
      step(half(), -1, 0, null);
    } else {
      step(0, -1, 0, null);
    }
    step(half(), 0, -1, null);
    for (int b = 7; b >= 0; b--) bit((addr >> b) & 1, true);
    ackSlot(() -> i2c.start(addr >> 1, (addr & 1) != 0), ack -> addressDone(ack));
    go();
  }

  /**
   * The acknowledge bit from the receiver: {@code answer} is asked at its start (the byte has
   * ended on the wire), its level is put on SDA, then {@code done} runs after the clock.
   */
  private void ackSlot(java.util.function.BooleanSupplier answer, java.util.function.Consumer<Boolean> done) {
    boolean[] ack = new boolean[1];
    step(0, -1, 1, () -> {
      ack[0] = answer.getAsBoolean();
      if (state != OWNER) return; // the frame broke (bus error)
      sda = ack[0] ? 0 : 1;
      drawPins();
    });
    step(half(), 1, -1, null);
    step(half(), 0, -1, () -> done.accept(ack[0]));
  }

  private void addressDone(boolean ack) {
    mflags = ack ? mflags & ~rxack : mflags | rxack;
    if (ack && (bus.get(mctrla) & qcen) != 0) {
      mflags |= readMode ? rif : wif;
      stop();
    } else if (ack && readMode) {
      receiveByte();
    } else {
      mflags |= wif | clkhold;
    }
    publish();
  }

  private void sendByte(int v) {
    for (int b = 7; b >= 0; b--) bit((v >> b) & 1, true);
    ackSlot(() -> i2c.write(v), ack -> {
      mflags = (ack ? mflags & ~rxack : mflags | rxack) | wif | clkhold;
      publish();
    });
    go();
  }

  /** Receives a byte (after any clock stretching), then holds SCL with RIF. */
  private void receiveByte() {
    waitScl(() -> {
      int v = i2c.read((bus.get(mctrlb) & ackact) == 0);
      if (state != OWNER) return; // the frame broke (bus error)
      rx = v;
      for (int b = 7; b >= 0; b--) {
        int lv = (v >> b) & 1;
        steps.add(new Step(0, -1, lv, false, null));
        steps.add(new Step(half(), 1, -1, false, null));
        steps.add(new Step(half(), 0, -1, false, null));
      }
      steps.add(new Step(0, -1, 1, false, () -> {
        ackPending = true;
        mflags |= rif | clkhold;
        publish();
      }));
    });
    go();
  }

  /** The master's acknowledge after a received byte. */
  private void sendAck(boolean ack) {
    ackPending = false;
    step(0, -1, ack ? 0 : 1, null);
    step(half(), 1, -1, null);
    step(half(), 0, -1, null);
    go();
  }

  private void command(int cmd) {
    if (transferring && masterOn() && state == OWNER) {
      queuedCmd = cmd; // after the bit under way (a smart-mode acknowledge)
      return;
    }
    if (!masterOn() || state != OWNER) return;
    mflags &= ~(rif | wif | clkhold);
    boolean ack = (bus.get(mctrlb) & ackact) == 0;
    if (cmd == cmdRepstart) {
      pendingStart = true;
      tryStart();
    } else if (cmd == cmdRecvtrans) {
      if (readMode) {
        if (ackPending) sendAck(ack);
        receiveByte();
      }
    } else if (cmd == cmdStop) {
      if (ackPending) sendAck(ack);
      stop();
    }
  }

  private void stop() {
    step(0, -1, 0, null);
    step(half(), 1, -1, null);
    step(half(), -1, 1, () -> {
      if (i2c.sdaHeldLow()) {
        mflags |= buserr | wif;
        state = UNKNOWN;
        armTimeout();
      } else {
        i2c.stop();
        state = IDLE;
      }
      readMode = false;
      publish();
    });
    go();
  }

  /** A STOP inside a byte this master sends or receives: BUSERR + WIF, lines released, bus IDLE. */
  private void busError() {
    if (!masterOn() || state != OWNER || !transferring) return;
    steps.clear();
    m.scheduler().cancel(wave);
    transferring = false;
    queuedCmd = 0;
    readMode = false;
    ackPending = false;
    scl = sda = 1;
    drawPins();
    mflags = (mflags & ~(rif | clkhold)) | buserr | wif;
    state = IDLE;
    publish();
  }

  private void abortMaster() {
    steps.clear();
    m.scheduler().cancel(wave);
    m.scheduler().cancel(idleTimeout);
    m.scheduler().cancel(retryStart);
    transferring = false;
    queuedCmd = 0;
    pendingStart = false;
    ackPending = false;
    readMode = false;
    mflags = 0;
    scl = sda = 1;
    drawPins();
  }

  private void publish() {
    bus.set(mstatus, mflags | (masterOn() ? state : 0) & busstate);
    int en = bus.get(mctrla);
    m.interrupts().set(vMaster, ((mflags & rif) != 0 && (en & rien) != 0) || ((mflags & wif) != 0 && (en & wien) != 0));
  }

  // ------------------------------------------------------------------ slave

  /** The chip's TWI slave as a device on its own bus. */
  private final class Slave implements I2cDevice {
    private boolean addressed, reading;

    @Override
    public boolean start(int address, boolean read) {
      addressed = false;
      if (!slaveOn() || !matches(address)) return false;
      addressed = true;
      reading = read;
      sflags = (sflags & ~(dif | sDir | ap | sRxack)) | apif | sClkhold | ap | (read ? sDir : 0);
      hold();
      return (bus.get(sctrlb) & sAckact) == 0;
    }

    @Override
    public boolean write(int data) {
      if (!addressed) return false;
      sdataV = data;
      sflags = (sflags & ~(apif | sDir)) | dif | sClkhold;
      hold();
      return (bus.get(sctrlb) & sAckact) == 0;
    }

    @Override
    public int read(boolean ack) {
      if (!addressed) return 0xFF;
      int v = sdataV;
      sflags = ack ? sflags & ~sRxack : sflags | sRxack;
      // the next byte is asked for once this one and the master's acknowledge are on the wire
      if (ack) m.scheduler().schedule(slaveNext, m.scheduler().now() + 18L * half());
      slavePublish();
      return v;
    }

    @Override
    public void stop() {
      if (!addressed) return;
      addressed = false;
      release();
      sflags &= ~(sClkhold | ap);
      if ((bus.get(sctrla) & pien) != 0) sflags |= apif;
      slavePublish();
    }

    private boolean matches(int address) {
      int sa = bus.get(saddr);
      int mask = bus.get(saddrmask);
      if ((bus.get(sctrla) & pmen) != 0) return true;
      if (address == 0 && (sa & 1) != 0) return true; // general call
      if ((mask & 1) != 0) return address == (sa >> 1) || address == (mask >> 1);
      return ((address ^ (sa >> 1)) & ~(mask >> 1) & 0x7F) == 0;
    }
  }

  private final Scheduler.Event slaveNext = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      if (!slaveOn()) return;
      sflags = (sflags & ~apif) | dif | sClkhold | sDir;
      hold();
    }
  };

  private void hold() {
    holding = true;
    i2c.holdSclLow(true);
    slavePublish();
  }

  private void release() {
    if (holding) {
      holding = false;
      i2c.holdSclLow(false);
    }
  }

  /** SCMD (or smart mode): the program answered; for a read, DIF comes back when data is needed. */
  private void slaveRespond(boolean complete) {
    boolean wasAddress = (sflags & apif) != 0 && (sflags & ap) != 0;
    sflags &= ~(dif | apif | sClkhold);
    if (complete && (sflags & ap) == 0) {
      slavePublish();
      return;
    }
    if (wasAddress && (sflags & sDir) != 0) {
      // master read: the address is acknowledged; the first data byte is asked for at once
      sflags |= dif | sClkhold;
      slavePublish();
      return;
    }
    release();
    slavePublish();
  }

  private void slavePublish() {
    bus.set(sstatus, sflags);
    int en = bus.get(sctrla);
    boolean apIrq = (sflags & apif) != 0 && ((sflags & ap) != 0 ? (en & apien) != 0 : (en & (pien | apien)) != 0);
    m.interrupts().set(vSlave, ((sflags & dif) != 0 && (en & dien) != 0) || apIrq);
  }

  @Override
  public String name() {
    return p.name();
  }

  @Override
  public void reset() {
    abortMaster();
    m.scheduler().cancel(slaveNext);
    release();
    state = UNKNOWN;
    sflags = 0;
    sdataV = 0;
    rx = 0;
    routePins();
    publish();
    slavePublish();
  }
}
