package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Signal;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;
import dev.avrkit.sim.bus.I2cBus;
import dev.avrkit.sim.bus.I2cDevice;

/**
 * The classic two-wire interface (module TWI: TWBR, TWSR, TWAR, TWDR, TWCR, TWAMR) on the
 * machine's {@link I2cBus} of the same name.
 *
 * <p>Master: the firmware clears TWINT with TWSTA, TWSTO or neither, and the bus operation runs on
 * the simulated wire at the data sheet's SCL frequency, {@code f_CPU / (16 + 2 * TWBR *
 * 4^TWPS)}: one bit time T per START or STOP, nine per byte (eight data bits and the
 * acknowledge). SCL (and SDA for everything the master sends) changes level at every half bit on
 * the pins named by the model's SDA/SCL signals, so a VCD shows the clock. The bus sees the
 * address or data byte when its eighth bit is done (the ninth clock carries the answer); TWINT
 * and the status code follow at the end of the ninth clock, and the master then holds SCL low
 * until TWINT is cleared, as on the chip. A device holding SCL low stretches the clock (the
 * master waits); a device holding SDA low keeps a START waiting (bus busy) and makes the master
 * lose arbitration on the first 1 bit it sends (status 0x38). A STOP in the middle of a byte
 * ({@link I2cBus#misplacedStop}) is a bus error: status 0x00 with TWINT, the lines released; the
 * firmware recovers by writing TWSTO with TWINT, which resets the TWI without a STOP on the bus.
 *
 * <p>Slave: with TWEN and TWEA set, the TWI answers on the bus as an {@link I2cDevice} for TWAR's
 * address (bits TWAMR masks are ignored in the comparison) and, with TWGCE, the general call;
 * every byte sets TWINT with the slave status codes. The external master calls it at the moments
 * the bus events happen; the data a master reads is TWDR as the firmware loaded it.
 */
final class MegaTwi implements SimPeripheral, I2cDevice {
  // status codes (data sheet, "Transmission Modes")
  private static final int START = 0x08, REP_START = 0x10, ARB_LOST = 0x38;
  private static final int MT_SLA_ACK = 0x18, MT_SLA_NACK = 0x20, MT_DATA_ACK = 0x28, MT_DATA_NACK = 0x30;
  private static final int MR_SLA_ACK = 0x40, MR_SLA_NACK = 0x48, MR_DATA_ACK = 0x50, MR_DATA_NACK = 0x58;
  private static final int SR_SLA_ACK = 0x60, SR_GCALL_ACK = 0x70, SR_DATA_ACK = 0x80, SR_DATA_NACK = 0x88;
  private static final int SR_GCALL_DATA_ACK = 0x90, SR_GCALL_DATA_NACK = 0x98, SR_STOP = 0xA0;
  private static final int ST_SLA_ACK = 0xA8, ST_DATA_ACK = 0xB8, ST_DATA_NACK = 0xC0, ST_LAST_DATA = 0xC8;
  private static final int NO_STATE = 0xF8, BUS_ERROR = 0x00;

  private enum Op { NONE, START, BYTE_OUT, BYTE_IN, STOP, STOP_START }

  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final I2cBus wire;
  private final int twbr, twsr, twar, twdr, twcr, twamr;
  private final int twint, twea, twsta, twsto, twwc, twen, twie, twpsMask, twsMask, twgce;
  private final int vector;
  private final String sdaPort, sclPort;
  private final int sdaBit, sclBit;

  private MegaPort sdaPp, sclPp;
  private Op op = Op.NONE;
  private int step;
  private int shift;
  private boolean ownsBus, readMode, addressPhase;
  private int status = NO_STATE;
  private boolean lastAck;
  /** Slave: addressed (0 none, 1 own address, 2 general call) and direction. */
  private int slaveAddressed;
  private boolean slaveTransmit;

  private final Scheduler.Event wireStep =
      new Scheduler.Event() {
        @Override
        protected void fire(long when) {
          advance(when);
        }
      };

  MegaTwi(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    twbr = Regs.require(p, "TWBR");
    twsr = Regs.require(p, "TWSR");
    twar = Regs.require(p, "TWAR");
    twdr = Regs.require(p, "TWDR");
    twcr = Regs.require(p, "TWCR");
    twamr = Regs.find(p, "TWAMR");
    twint = Regs.mask(p, "TWCR", "TWINT");
    twea = Regs.mask(p, "TWCR", "TWEA");
    twsta = Regs.mask(p, "TWCR", "TWSTA");
    twsto = Regs.mask(p, "TWCR", "TWSTO");
    twwc = Regs.mask(p, "TWCR", "TWWC");
    twen = Regs.mask(p, "TWCR", "TWEN");
    twie = Regs.mask(p, "TWCR", "TWIE");
    twpsMask = Regs.mask(p, "TWSR", "TWPS");
    twsMask = Regs.mask(p, "TWSR", "TWS");
    twgce = Regs.maskOrZero(p, "TWAR", "TWGCE");
    vector = m.vector("TWI");
    String sda = null, scl = null;
    for (Signal s : p.signals()) {
      if (s.group().equals("SDA")) sda = s.pad();
      if (s.group().equals("SCL")) scl = s.pad();
    }
    wire = m.i2cBus(p.name());
    wire.setPins(sda == null ? "" : sda, scl == null ? "" : scl);
    wire.attach(this);
    wire.onMisplacedStop(this::busError);
    sdaPort = sda == null ? null : "PORT" + sda.charAt(1);
    sdaBit = sda == null ? -1 : sda.charAt(2) - '0';
    sclPort = scl == null ? null : "PORT" + scl.charAt(1);
    sclBit = scl == null ? -1 : scl.charAt(2) - '0';

    m.addTransmitter(() -> op != Op.NONE); // a byte or STOP under way finishes when the program ends
    bus.onWrite(twcr, (a, v) -> writeControl(v));
    bus.onWrite(twsr, (a, v) -> bus.set(a, (bus.get(a) & ~twpsMask) | (v & twpsMask)));
    bus.onRead(twsr, a -> (status & twsMask) | (bus.get(a) & twpsMask));
    bus.onWrite(twdr, (a, v) -> {
      if ((bus.get(twcr) & twint) != 0 || (bus.get(twcr) & twen) == 0) {
        bus.set(a, v);
        bus.set(twcr, bus.get(twcr) & ~twwc);
      } else bus.set(twcr, bus.get(twcr) | twwc);
    });
  }

  /** One bit time in CPU cycles: 16 + 2 * TWBR * 4^TWPS. */
  private long bitCycles() {
    int ps = (bus.get(twsr) & twpsMask) >> Integer.numberOfTrailingZeros(twpsMask);
    return 16 + 2L * bus.get(twbr) * (1L << (2 * ps));
  }

  private void writeControl(int v) {
    int old = bus.get(twcr);
    boolean enable = (v & twen) != 0;
    int keepInt = old & twint;
    if ((v & twint) != 0) keepInt = 0; // writing one clears TWINT
    bus.set(twcr, (v & ~(twint | twwc)) | keepInt | (old & twwc)); // TWWC is read-only
    if (!enable) {
      if ((old & twen) != 0) disable();
      updateIrq();
      return;
    }
    if ((old & twen) == 0) pins(1, 1);
    if ((v & twint) != 0) act(v);
    updateIrq();
  }

  /** TWINT was cleared: start what TWSTA/TWSTO/the state ask for. */
  private void act(int v) {
    boolean sta = (v & twsta) != 0, sto = (v & twsto) != 0;
    if (op == Op.STOP && sta) op = Op.STOP_START; // a START waits for the STOP to finish
    if (op != Op.NONE) return;
    long now = m.scheduler().now();
    if (slaveAddressed != 0) {
      // slave: clearing TWINT releases the clock; TWEA says whether the next byte is acknowledged
      if (sto) slaveAddressed = 0;
      return;
    }
    if (sto && ownsBus) begin(sta ? Op.STOP_START : Op.STOP, now);
    else if (sto) {
      // not on the bus: STOP only resets the TWI (recovers from a bus error)
      bus.set(twcr, bus.get(twcr) & ~twsto);
      status = NO_STATE;
      if (sta) begin(Op.START, now);
    } else if (sta) begin(Op.START, now);
    else if (ownsBus && addressPhase) {
      shift = bus.get(twdr);
      readMode = (shift & 1) != 0;
      begin(Op.BYTE_OUT, now);
    } else if (ownsBus && readMode) begin(Op.BYTE_IN, now);
    else if (ownsBus) {
      shift = bus.get(twdr);
      begin(Op.BYTE_OUT, now);
    }
  }

  private void begin(Op o, long now) {
    op = o;
    step = 0;
    m.scheduler().schedule(wireStep, now + half());
    if (o == Op.BYTE_OUT || o == Op.BYTE_IN) {
      // first bit: SCL low (it already is), SDA takes the bit
      pins(o == Op.BYTE_OUT ? shift >> 7 & 1 : 1, 0);
    }
  }

  private long half() {
    return Math.max(1, bitCycles() / 2);
  }

  /** One half bit of the current operation. */
  private void advance(long when) {
    long h = half();
    switch (op) {
      case START -> {
        // step 0: SDA released (SCL may still be low after a byte); 1: SCL released;
        // 2: SDA falls while SCL is high (START); 3: SCL low, done
        if (step == 0) {
          if (wire.sdaHeldLow() || wire.sclHeldLow()) { // bus busy: wait for it
            m.scheduler().schedule(wireStep, when + h);
            return;
          }
          pins(1, sclLevel());
        } else if (step == 1) pins(1, 1);
        else if (step == 2) pins(0, 1);
        else {
          pins(0, 0);
          done(ownsBus ? REP_START : START);
          ownsBus = true;
          addressPhase = true;
          return;
        }
      }
      case STOP, STOP_START -> {
        // step 0: SDA low (SCL still low after a byte); 1: SCL released; 2: SDA rises (STOP)
        if (step == 0) pins(0, sclLevel());
        else if (step == 1) {
          if (wire.sclHeldLow()) {
            m.scheduler().schedule(wireStep, when + h);
            return;
          }
          pins(0, 1);
        } else {
          pins(1, 1);
          wire.stop();
          ownsBus = false;
          addressPhase = false;
          bus.set(twcr, bus.get(twcr) & ~twsto);
          status = NO_STATE;
          if (op == Op.STOP_START) {
            op = Op.NONE;
            begin(Op.START, when);
          } else op = Op.NONE;
          return;
        }
      }
      case BYTE_OUT, BYTE_IN -> {
        int bit = step / 2;
        boolean rising = step % 2 == 0;
        if (rising) {
          if (wire.sclHeldLow()) { // clock stretching
            m.scheduler().schedule(wireStep, when + h);
            return;
          }
          if (op == Op.BYTE_OUT && bit < 8 && (shift >> (7 - bit) & 1) != 0 && wire.sdaHeldLow()) {
            arbitrationLost();
            return;
          }
          setScl(1);
        } else {
          if (bit == 7) {
            lastAck = transfer(); // eight bits done: the bus sees the byte
            if (op == Op.NONE) return; // the device broke the frame (bus error)
          }
          if (bit == 8) {
            setScl(0);
            finishByte();
            return;
          }
          int next = bit + 1;
          int sda = next < 8 ? (op == Op.BYTE_OUT ? shift >> (7 - next) & 1 : 1) : ackLevel();
          pins(sda, 0);
        }
      }
      default -> {
        return;
      }
    }
    step++;
    m.scheduler().schedule(wireStep, when + h);
  }

  /** The ninth bit on SDA: the slave's answer (writes) or the master's TWEA (reads). */
  private int ackLevel() {
    return lastAck ? 0 : 1;
  }

  private boolean transfer() {
    if (op == Op.BYTE_OUT && addressPhase) return wire.start(shift >> 1, (shift & 1) != 0);
    if (op == Op.BYTE_OUT) return wire.write(shift);
    boolean ack = (bus.get(twcr) & twea) != 0;
    int v = wire.read(ack);
    bus.set(twdr, v);
    return ack;
  }

  private void finishByte() {
    int s;
    if (op == Op.BYTE_OUT && addressPhase) {
      s = readMode ? (lastAck ? MR_SLA_ACK : MR_SLA_NACK) : (lastAck ? MT_SLA_ACK : MT_SLA_NACK);
      addressPhase = false;
    } else if (op == Op.BYTE_OUT) s = lastAck ? MT_DATA_ACK : MT_DATA_NACK;
    else s = lastAck ? MR_DATA_ACK : MR_DATA_NACK;
    done(s);
  }

  private void arbitrationLost() {
    op = Op.NONE;
    ownsBus = false;
    addressPhase = false;
    pins(1, 1);
    status = ARB_LOST;
    setInt();
  }

  /** A STOP inside an address or data byte (or its acknowledge): status 0x00, the bus released. */
  private void busError() {
    if (op != Op.BYTE_OUT && op != Op.BYTE_IN) return;
    m.scheduler().cancel(wireStep);
    op = Op.NONE;
    ownsBus = false;
    addressPhase = false;
    pins(1, 1);
    status = BUS_ERROR;
    setInt();
  }

  private void done(int s) {
    op = Op.NONE;
    status = s;
    setInt();
  }

  private void setInt() {
    bus.set(twcr, bus.get(twcr) | twint);
    updateIrq();
  }

  private void setScl(int level) {
    port(sclPort, false);
    if (sclPp != null) sclPp.takeOver(sclBit, level);
  }

  private int sclLevel() {
    port(sclPort, false);
    return sclPp == null ? 1 : sclPp.level(sclBit) == 0 ? 0 : 1;
  }

  /** Drives the open-drain lines (1 = released to the pull-up). */
  private void pins(int sda, int scl) {
    port(sdaPort, true);
    port(sclPort, false);
    if (sdaPp != null) sdaPp.takeOver(sdaBit, sda);
    if (sclPp != null) sclPp.takeOver(sclBit, scl);
  }

  private void port(String n, boolean sda) {
    if (n == null || (sda ? sdaPp : sclPp) != null) return;
    MegaPort pp = m.peripheral(n).filter(MegaPort.class::isInstance).map(MegaPort.class::cast).orElse(null);
    if (sda) sdaPp = pp;
    else sclPp = pp;
  }

  private void disable() {
    m.scheduler().cancel(wireStep);
    op = Op.NONE;
    if (ownsBus) wire.stop();
    ownsBus = false;
    addressPhase = false;
    slaveAddressed = 0;
    status = NO_STATE;
    bus.set(twcr, bus.get(twcr) & ~(twint | twsta | twsto));
    if (sdaPp != null) sdaPp.takeOver(sdaBit, -1);
    if (sclPp != null) sclPp.takeOver(sclBit, -1);
  }

  // ------------------------------------------------------------------ slave (I2cDevice)

  private boolean slaveReady() {
    int c = bus.get(twcr);
    return (c & twen) != 0 && (c & twea) != 0 && !ownsBus && op == Op.NONE;
  }

  @Override
  public boolean start(int address, boolean read) {
    if (slaveAddressed != 0 && !ownsBus) slaveStatus(SR_STOP); // repeated START while addressed
    slaveAddressed = 0;
    if (!slaveReady()) return false;
    int ar = bus.get(twar);
    int mask = twamr >= 0 ? bus.get(twamr) >> 1 : 0;
    boolean own = ((address ^ (ar >> 1)) & ~mask & 0x7F) == 0;
    boolean general = address == 0 && !read && (ar & twgce) != 0;
    if (!own && !general) return false;
    slaveAddressed = own ? 1 : 2;
    slaveTransmit = read;
    slaveStatus(read ? ST_SLA_ACK : own ? SR_SLA_ACK : SR_GCALL_ACK);
    return true;
  }

  @Override
  public boolean write(int data) {
    if (slaveAddressed == 0 || slaveTransmit) return false;
    boolean ack = (bus.get(twcr) & twea) != 0;
    bus.set(twdr, data & 0xFF);
    slaveStatus(slaveAddressed == 1 ? (ack ? SR_DATA_ACK : SR_DATA_NACK) : (ack ? SR_GCALL_DATA_ACK : SR_GCALL_DATA_NACK));
    if (!ack) slaveAddressed = 0; // after a NACK the slave is no longer addressed
    return ack;
  }

  @Override
  public int read(boolean ack) {
    if (slaveAddressed == 0 || !slaveTransmit) return 0xFF;
    int v = bus.get(twdr);
    boolean more = (bus.get(twcr) & twea) != 0;
    slaveStatus(!ack ? ST_DATA_NACK : more ? ST_DATA_ACK : ST_LAST_DATA);
    if (!ack || !more) slaveAddressed = 0; // 0xC0/0xC8: back to not addressed
    return v;
  }

  @Override
  public void stop() {
    if (slaveAddressed != 0 && !ownsBus) {
      slaveAddressed = 0;
      slaveStatus(SR_STOP);
    }
  }

  private void slaveStatus(int s) {
    status = s;
    setInt();
  }

  private void updateIrq() {
    int c = bus.get(twcr);
    m.interrupts().set(vector, (c & twint) != 0 && (c & twie) != 0 && (c & twen) != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    m.scheduler().cancel(wireStep);
    op = Op.NONE;
    ownsBus = addressPhase = readMode = false;
    slaveAddressed = 0;
    status = NO_STATE;
    if (sdaPp != null) sdaPp.takeOver(sdaBit, -1);
    if (sclPp != null) sclPp.takeOver(sclBit, -1);
    updateIrq();
  }
}
