package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.PinListener;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;
import dev.avrkit.sim.bus.SpiBus;
import dev.avrkit.sim.bus.SpiDevice;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * SPI of the AVR8X parts on the instance's {@link SpiBus}, master and slave, normal and buffered
 * mode (CTRLB.BUFEN).
 *
 * <p>Master: a byte written to DATA shifts out in 8 SCK periods of CTRLA.PRESC's divisor (4, 16,
 * 64, 128; halved with CLK2X); SCK and MOSI toggle on the route's pins (PORTMUX; visible while
 * the program made them outputs, as on the chip) in the CTRLB.MODE the bus is told
 * ({@link SpiBus#setMode}), and the byte goes to {@link SpiBus#transfer} in wire order when its
 * last bit ends (DORD = LSB first reverses it both ways). Normal mode: IF when a byte is done,
 * WRCOL for a write during a transfer; IF and WRCOL are cleared by reading INTFLAGS while set
 * and then accessing DATA (the CPU taking the vector does not clear IF here). Buffered mode: a
 * one-byte transmit buffer before the shift register (DREIF while it is empty, TXCIF when both
 * are empty, write 1 to clear), a two-byte receive FIFO (RXCIF while it holds data, BUFOVF when a
 * byte arrives to a full FIFO). A master whose SS pin is an input driven low (SSD = 0) becomes a
 * slave (MASTER cleared, IF set), as on the chip.
 *
 * <p>Slave: an {@link SpiDevice} on the bus, selected while the route's SS pin is low; it answers
 * with the byte written to DATA (BUFWR = 0 in buffered mode: the buffered byte is used from the
 * next transfer, the first answer is a dummy 0xFF... of the old shift register) and receives
 * the master's byte with the same flags as the master.
 */
final class Spi implements SimPeripheral {
  private final Machine m;
  private final DataBus bus;
  private final Peripheral p;
  private final SpiBus spi;
  private final int ctrla, ctrlb, intctrl, intflags, data;
  private final int enable, master, clk2x, dord, presc, bufen, bufwr, ssd, mode;
  private final int fIf, fWrcol, fRxc, fTxc, fDre, fSs, fBufovf;
  private final int eIe, eRxc, eTxc, eDre, eSs;
  private final int[] prescOf;
  private final int vector;

  private int flags;
  private boolean armedClear; // INTFLAGS was read with IF/WRCOL set
  private boolean busy;
  private int shift = 0xFF, rxData;
  private int txBuf = -1; // buffered mode: pending byte or -1
  private final ArrayDeque<Integer> rx = new ArrayDeque<>();
  private String sckPad, mosiPad, misoPad, ssPad;
  private int bitIndex;
  private long byteStart;

  private final Scheduler.Event edge = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      nextEdge(when);
    }
  };

  Spi(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.p = p;
    this.spi = m.spiBus(p.name());
    ctrla = Regs8x.at(p, 0, "CTRLA");
    ctrlb = Regs8x.at(p, 1, "CTRLB");
    intctrl = Regs8x.at(p, 2, "INTCTRL");
    intflags = Regs8x.at(p, 3, "INTFLAGS");
    data = Regs8x.at(p, 4, "DATA");
    enable = Fields.mask(p, "CTRLA", "ENABLE");
    master = Fields.mask(p, "CTRLA", "MASTER");
    clk2x = Fields.mask(p, "CTRLA", "CLK2X");
    dord = Fields.mask(p, "CTRLA", "DORD");
    presc = Fields.mask(p, "CTRLA", "PRESC");
    bufen = Fields.mask(p, "CTRLB", "BUFEN");
    bufwr = Fields.mask(p, "CTRLB", "BUFWR");
    ssd = Fields.mask(p, "CTRLB", "SSD");
    mode = Fields.mask(p, "CTRLB", "MODE");
    fIf = Fields.mask(p, "INTFLAGS", "IF");
    fWrcol = Fields.mask(p, "INTFLAGS", "WRCOL");
    fRxc = Fields.mask(p, "INTFLAGS", "RXCIF");
    fTxc = Fields.mask(p, "INTFLAGS", "TXCIF");
    fDre = Fields.mask(p, "INTFLAGS", "DREIF");
    fSs = Fields.mask(p, "INTFLAGS", "SSIF");
    fBufovf = Fields.mask(p, "INTFLAGS", "BUFOVF");
    eIe = Fields.mask(p, "INTCTRL", "IE");
    eRxc = Fields.mask(p, "INTCTRL", "RXCIE");
    eTxc = Fields.mask(p, "INTCTRL", "TXCIE");
    eDre = Fields.mask(p, "INTCTRL", "DREIE");
    eSs = Fields.mask(p, "INTCTRL", "SSIE");
    prescOf = Fields.numbers(p, "CTRLA", "PRESC", "DIV");
    vector = Regs8x.vector(m, p, "INT");

    bus.onWrite(ctrla, (a, v) -> {
      boolean was = enabled();
      bus.set(a, v);
      if (!enabled() || was != enabled()) abort();
      route();
      publish();
    });
    bus.onWrite(ctrlb, (a, v) -> {
      bus.set(a, v);
      spi.setMode(Fields.get(mode, v));
      publish();
    });
    Regs8x.storeThen(bus, intctrl, this::publish);
    bus.onRead(intflags, a -> {
      if (!buffered() && (flags & (fIf | fWrcol)) != 0) armedClear = true;
      return shown();
    });
    bus.onWrite(intflags, (a, v) -> {
      if (buffered()) flags &= ~(v & (fTxc | fSs | fBufovf));
      publish();
    });
    bus.onRead(data, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        clearOnAccess();
        if (buffered()) {
          Integer b = rx.poll();
          if (rx.isEmpty()) flags &= ~fRxc;
          publish();
          return b == null ? rxData : (rxData = b);
        }
        return rxData;
      }

      @Override
      public int peek(int a) {
        return buffered() ? (rx.isEmpty() ? rxData : rx.peek()) : rxData;
      }
    });
    bus.onWrite(data, (a, v) -> write(v & 0xFF));
    spi.attach(new Slave());
  }

  private boolean enabled() {
    return (bus.get(ctrla) & enable) != 0;
  }

  private boolean isMaster() {
    return (bus.get(ctrla) & master) != 0;
  }

  private boolean buffered() {
    return (bus.get(ctrlb) & bufen) != 0;
  }

  private int shown() {
    if (buffered()) return (flags & (fRxc | fTxc | fSs | fBufovf)) | (txBuf < 0 ? fDre : 0);
    return flags & (fIf | fWrcol);
  }

  private void clearOnAccess() {
    if (armedClear) {
      flags &= ~(fIf | fWrcol);
      armedClear = false;
      publish();
    }
  }

  /** CPU cycles per SCK period. */
  private int period() {
    int v = Fields.get(presc, bus.get(ctrla));
    int div = v < prescOf.length && prescOf[v] > 0 ? prescOf[v] : 4;
    return (bus.get(ctrla) & clk2x) != 0 ? Math.max(2, div / 2) : div;
  }

  private void route() {
    Map<String, String> pads = Route.pads(m, p);
    for (String old : new String[] {sckPad, mosiPad}) {
      if (old != null) override(old, -1);
    }
    sckPad = pads.get("SCK");
    mosiPad = pads.get("MOSI");
    misoPad = pads.get("MISO");
    ssPad = pads.get("SS");
    spi.setPins(sckPad == null ? "" : sckPad, mosiPad == null ? "" : mosiPad, misoPad == null ? "" : misoPad);
    spi.setMode(Fields.get(mode, bus.get(ctrlb)));
    if (enabled() && isMaster()) idleLines();
  }

  private void override(String pad, int level) {
    Port port = Fields.port(m, pad);
    if (port != null) port.override(Fields.bit(pad), level);
  }

  private int cpol() {
    return (Fields.get(mode, bus.get(ctrlb)) >> 1) & 1;
  }

  private boolean cpha() {
    return (Fields.get(mode, bus.get(ctrlb)) & 1) != 0;
  }

  private void idleLines() {
    if (sckPad != null) override(sckPad, cpol());
  }

  private int ssLevel() {
    if (ssPad == null) return 1;
    return m.pins().find(ssPad).map(x -> x.level()).orElse(1);
  }

  private void write(int v) {
    clearOnAccess();
    if (!enabled()) return;
    if (buffered()) {
      if (txBuf >= 0) {
        publish();
        return; // buffer full: the byte is lost
      }
      if ((bus.get(ctrlb) & bufwr) != 0 || (isMaster() && !busy)) {
        if (!busy) {
          shift = v;
          if (isMaster()) startMaster();
        } else {
          txBuf = v;
        }
      } else {
        txBuf = v;
      }
      flags &= ~fTxc;
      publish();
      return;
    }
    if (busy) {
      flags |= fWrcol;
      publish();
      return;
    }
    shift = v;
    if (isMaster()) startMaster();
    publish();
  }

  private void startMaster() {
    if ((bus.get(ctrlb) & ssd) == 0 && ssPad != null) {
      var pin = m.pins().find(ssPad);
      if (pin.isPresent() && !pin.get().isOutput() && pin.get().level() == 0) {
        bus.set(ctrla, bus.get(ctrla) & ~master); // another master selected us
        flags |= buffered() ? fSs : fIf;
        idleLinesOff();
        return;
      }
    }
    busy = true;
    bitIndex = 0;
    byteStart = m.scheduler().now();
    int first = wireBit(shift, 0);
    if (mosiPad != null) override(mosiPad, first);
    int half = period() / 2;
    if (cpha()) {
      m.scheduler().schedule(edge, byteStart); // leading edge at once
    } else {
      m.scheduler().schedule(edge, byteStart + half);
    }
  }

  private void idleLinesOff() {
    if (sckPad != null) override(sckPad, -1);
    if (mosiPad != null) override(mosiPad, -1);
  }

  private int wireBit(int v, int i) {
    return (bus.get(ctrla) & dord) != 0 ? (v >> i) & 1 : (v >> (7 - i)) & 1;
  }

  /** Edge 2i is bit i's leading SCK edge, 2i+1 its trailing one; the byte ends at 8 periods. */
  private void nextEdge(long when) {
    int per = period(), half = per / 2;
    int e = bitIndex;
    boolean leading = (e & 1) == 0;
    if (sckPad != null) override(sckPad, leading ? 1 - cpol() : cpol());
    int bit = e / 2;
    if (!leading && bit < 7 && mosiPad != null && !cpha()) override(mosiPad, wireBit(shift, bit + 1));
    if (leading && cpha() && mosiPad != null) override(mosiPad, wireBit(shift, bit));
    bitIndex++;
    if (bitIndex < 16) {
      m.scheduler().schedule(edge, when + (leading ? per - half : half));
      return;
    }
    m.scheduler().schedule(finish, cpha() ? when + (per - half) : when);
  }

  private final Scheduler.Event finish = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      int out = shift;
      boolean lsb = (bus.get(ctrla) & dord) != 0;
      int miso = spi.transfer(lsb ? reverse(out) : out);
      received(lsb ? reverse(miso) : miso);
      busy = false;
      if (buffered() && txBuf >= 0 && isMaster() && enabled()) {
        shift = txBuf;
        txBuf = -1;
        startMaster();
      } else if (buffered() && txBuf < 0) {
        flags |= fTxc;
      }
      publish();
    }
  };

  private static int reverse(int v) {
    return Integer.reverse(v) >>> 24;
  }

  private void received(int v) {
    if (buffered()) {
      if (rx.size() >= 2) {
        flags |= fBufovf;
        rx.pollLast();
      }
      rx.add(v & 0xFF);
      flags |= fRxc;
    } else {
      rxData = v & 0xFF;
      flags |= fIf;
    }
  }

  private void abort() {
    m.scheduler().cancel(edge);
    m.scheduler().cancel(finish);
    busy = false;
    txBuf = -1;
    rx.clear();
    idleLinesOff();
  }

  private void publish() {
    int shownFlags = shown();
    bus.set(intflags, shownFlags);
    int en = bus.get(intctrl);
    boolean irq;
    if (buffered()) {
      irq = (shownFlags & fRxc) != 0 && (en & eRxc) != 0
          || (shownFlags & fTxc) != 0 && (en & eTxc) != 0
          || (shownFlags & fDre) != 0 && (en & eDre) != 0
          || (shownFlags & fSs) != 0 && (en & eSs) != 0;
    } else {
      irq = (shownFlags & fIf) != 0 && (en & eIe) != 0;
    }
    m.interrupts().set(vector, irq && enabled());
  }

  /** The chip's SPI in slave mode as a device on its own bus. */
  private final class Slave implements SpiDevice {
    @Override
    public boolean selected() {
      return enabled() && !isMaster() && ssLevel() == 0;
    }

    @Override
    public int transfer(int mosi) {
      boolean lsb = (bus.get(ctrla) & dord) != 0;
      int answer = shift;
      received(lsb ? reverse(mosi) : mosi);
      shift = 0xFF;
      if (buffered()) {
        if (txBuf >= 0) {
          shift = txBuf;
          txBuf = -1;
        } else {
          flags |= fTxc;
        }
      }
      publish();
      return lsb ? reverse(answer) : answer;
    }
  }

  @Override
  public String name() {
    return p.name();
  }

  @Override
  public void reset() {
    abort();
    flags = 0;
    armedClear = false;
    shift = 0xFF;
    rxData = 0;
    route();
    publish();
  }
}
