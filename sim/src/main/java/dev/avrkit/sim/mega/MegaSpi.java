package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.device.Signal;
import dev.avrkit.sim.ClassicInterruptController;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;
import dev.avrkit.sim.bus.SpiBus;
import dev.avrkit.sim.bus.SpiDevice;

/**
 * The classic SPI (module SPI: SPCR, SPSR, SPDR) on the machine's {@link SpiBus} of the same name.
 *
 * <p>Master (SPE and MSTR): writing SPDR shifts the byte out at {@code f_CPU / (4, 16, 64, 128)}
 * (halved with SPI2X): eight SCK periods, with SCK and MOSI changing on the pins (through the
 * port's output override, so only while their DDR bits make them outputs, as on the chip) at
 * every half period in the mode CPOL/CPHA select. When the eighth bit is done the bus exchanges
 * the byte (bits reversed around it with DORD = LSB first), SPDR reads what came in on MISO and
 * SPIF is set. A write to SPDR during a transfer sets WCOL and is ignored. SPIF (and WCOL) clear
 * when SPSR was read with SPIF set and SPDR is then accessed, or when the interrupt is taken. If
 * SS is an input and reads low while MSTR is set, MSTR clears and SPIF is set (multi-master), as
 * the data sheet says.
 *
 * <p>Slave (SPE, MSTR clear): the SPI is an {@link SpiDevice} on the bus, selected while its SS
 * pin reads low; every byte a master exchanges returns what the firmware last wrote to SPDR and
 * sets SPIF with the received byte in SPDR.
 */
final class MegaSpi implements SimPeripheral, SpiDevice {
  private static final int[] DIV = {4, 16, 64, 128};

  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final SpiBus wire;
  private final int spcr, spsr, spdr;
  private final int spie, spe, dord, mstr, cpol, cpha, sprMask, spif, wcol, spi2x;
  private final int vector;
  private final String[] pad = new String[4]; // SS, MOSI, MISO, SCK
  private MegaPort sckPort, mosiPort, ssPort;
  private int sckBit = -1, mosiBit = -1, ssBit = -1;

  private boolean busy;
  private int step;
  private int out;
  private int received;
  private int txSlave;
  private boolean flagSeen;

  private final Scheduler.Event edge =
      new Scheduler.Event() {
        @Override
        protected void fire(long when) {
          advance(when);
        }
      };

  MegaSpi(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    spcr = Regs.require(p, "SPCR", "SPCR" + Regs.suffix(p));
    spsr = Regs.require(p, "SPSR", "SPSR" + Regs.suffix(p));
    spdr = Regs.require(p, "SPDR", "SPDR" + Regs.suffix(p));
    String c = p.register("SPCR").isPresent() ? "SPCR" : "SPCR" + Regs.suffix(p);
    String s = p.register("SPSR").isPresent() ? "SPSR" : "SPSR" + Regs.suffix(p);
    spie = maskOf(p, c, "SPIE");
    spe = maskOf(p, c, "SPE");
    dord = maskOf(p, c, "DORD");
    mstr = maskOf(p, c, "MSTR");
    cpol = maskOf(p, c, "CPOL");
    cpha = maskOf(p, c, "CPHA");
    sprMask = maskOf(p, c, "SPR");
    spif = maskOf(p, s, "SPIF");
    wcol = maskOf(p, s, "WCOL");
    spi2x = maskOf(p, s, "SPI2X");
    vector = spiVector(m, p.name());
    String[] groups = {"SS", "MOSI", "MISO", "SCK"};
    for (Signal sig : p.signals()) {
      for (int i = 0; i < 4; i++) if (sig.group().equals(groups[i])) pad[i] = sig.pad();
    }
    wire = m.spiBus(p.name());
    wire.setPins(pad[3] == null ? "" : pad[3], pad[1] == null ? "" : pad[1], pad[2] == null ? "" : pad[2]);
    wire.attach(this);
    if (vector >= 0 && m.interrupts() instanceof ClassicInterruptController ic) {
      ic.onTaken(vector, v -> { bus.set(spsr, bus.get(spsr) & ~(spif | wcol)); updateIrq(); });
    }
    m.addTransmitter(() -> busy);
    bus.onWrite(spcr, (a, v) -> {
      int old = bus.get(a);
      bus.set(a, v);
      wire.setMode(((v & cpol) != 0 ? 2 : 0) | ((v & cpha) != 0 ? 1 : 0));
      if ((v & spe) == 0 || (v & mstr) == 0) abort();
      if (((old ^ v) & (cpol | spe | mstr)) != 0) idleClock();
      updateIrq();
    });
    bus.onWrite(spsr, (a, v) -> bus.set(a, (bus.get(a) & ~spi2x) | (v & spi2x)));
    bus.onRead(spsr, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        int v = bus.get(a);
        flagSeen = (v & spif) != 0;
        return v;
      }

      @Override
      public int peek(int a) {
        return bus.get(a);
      }
    });
    bus.onRead(spdr, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        clearOnAccess();
        return received;
      }

      @Override
      public int peek(int a) {
        return received;
      }
    });
    bus.onWrite(spdr, (a, v) -> writeData(v));
  }

  private static int maskOf(Peripheral p, String reg, String field) {
    return Regs.mask(p, reg, field);
  }

  private static int spiVector(Machine m, String inst) {
    int v = m.vector(inst + "_STC");
    return v >= 0 ? v : m.vector("SPI_STC");
  }

  private void clearOnAccess() {
    if (flagSeen) {
      bus.set(spsr, bus.get(spsr) & ~(spif | wcol));
      flagSeen = false;
      updateIrq();
    }
  }

  private boolean master() {
    int c = bus.get(spcr);
    return (c & spe) != 0 && (c & mstr) != 0;
  }

  private void writeData(int v) {
    clearOnAccess();
    if (!master()) {
      txSlave = v & 0xFF;
      return;
    }
    if (busy) {
      bus.set(spsr, bus.get(spsr) | wcol);
      return;
    }
    if (ssLow()) { // another master selects us: fall back to slave
      bus.set(spcr, bus.get(spcr) & ~mstr);
      bus.set(spsr, bus.get(spsr) | spif);
      updateIrq();
      return;
    }
    busy = true;
    out = v & 0xFF;
    step = 0;
    // CPHA = 0: the first bit is on MOSI before the first (leading) edge
    mosi(bitAt(0));
    m.scheduler().schedule(edge, m.scheduler().now() + half());
  }

  /** The bit sent in position {@code i} on the wire (0 = first). */
  private int bitAt(int i) {
    return (bus.get(spcr) & dord) != 0 ? out >> i & 1 : out >> (7 - i) & 1;
  }

  private long half() {
    int c = bus.get(spcr);
    int div = DIV[(c & sprMask) >> Integer.numberOfTrailingZeros(sprMask)];
    if ((bus.get(spsr) & spi2x) != 0) div /= 2;
    return div / 2;
  }

  /** Half SCK periods: even steps end with the leading edge, odd ones with the trailing edge. */
  private void advance(long when) {
    int c = bus.get(spcr);
    int idle = (c & cpol) != 0 ? 1 : 0;
    boolean phase = (c & cpha) != 0;
    int bit = step / 2;
    if (step % 2 == 0) {
      sck(idle ^ 1); // leading edge
      if (phase) mosi(bitAt(bit)); // CPHA = 1: data changes on the leading edge
    } else {
      sck(idle); // trailing edge
      if (bit == 7) {
        finish();
        return;
      }
      if (!phase) mosi(bitAt(bit + 1));
    }
    step++;
    m.scheduler().schedule(edge, when + half());
  }

  private void finish() {
    busy = false;
    boolean lsb = (bus.get(spcr) & dord) != 0;
    int wireOut = lsb ? reverse(out) : out;
    int in = wire.transfer(wireOut);
    received = lsb ? reverse(in) : in;
    bus.set(spsr, bus.get(spsr) | spif);
    updateIrq();
  }

  private static int reverse(int b) {
    return Integer.reverse(b) >>> 24;
  }

  private void abort() {
    if (busy) {
      busy = false;
      m.scheduler().cancel(edge);
    }
  }

  private void idleClock() {
    if (master()) sck((bus.get(spcr) & cpol) != 0 ? 1 : 0);
    else release();
  }

  private void sck(int level) {
    ports();
    if (sckPort != null) sckPort.override(sckBit, level);
  }

  private void mosi(int level) {
    ports();
    if (mosiPort != null) mosiPort.override(mosiBit, level);
  }

  private void release() {
    ports();
    if (sckPort != null) sckPort.override(sckBit, -1);
    if (mosiPort != null) mosiPort.override(mosiBit, -1);
  }

  private boolean ssLow() {
    ports();
    return ssPort != null && !ssPort.isOutput(ssBit) && ssPort.level(ssBit) == 0;
  }

  private void ports() {
    if (sckBit >= 0 || pad[3] == null) return;
    sckPort = port(pad[3]);
    sckBit = pad[3].charAt(2) - '0';
    if (pad[1] != null) {
      mosiPort = port(pad[1]);
      mosiBit = pad[1].charAt(2) - '0';
    }
    if (pad[0] != null) {
      ssPort = port(pad[0]);
      ssBit = pad[0].charAt(2) - '0';
    }
  }

  private MegaPort port(String padName) {
    return m.peripheral("PORT" + padName.charAt(1)).filter(MegaPort.class::isInstance).map(MegaPort.class::cast).orElse(null);
  }

  // ------------------------------------------------------------------ slave (SpiDevice)

  @Override
  public boolean selected() {
    int c = bus.get(spcr);
    if ((c & spe) == 0 || (c & mstr) != 0) return false;
    ports();
    return ssPort != null && ssPort.level(ssBit) == 0;
  }

  @Override
  public int transfer(int mosiByte) {
    boolean lsb = (bus.get(spcr) & dord) != 0;
    int answer = lsb ? reverse(txSlave) : txSlave;
    received = lsb ? reverse(mosiByte) : mosiByte & 0xFF;
    bus.set(spsr, bus.get(spsr) | spif);
    updateIrq();
    return answer;
  }

  private void updateIrq() {
    m.interrupts().set(vector, (bus.get(spsr) & spif) != 0 && (bus.get(spcr) & spie) != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    abort();
    received = 0;
    txSlave = 0;
    flagSeen = false;
    release();
    updateIrq();
  }
}
