package dev.avrkit.sim.avr8x;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptController;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;
import dev.avrkit.sim.UartConsole;
import dev.avrkit.sim.UartReceiveBuffer;
import dev.avrkit.sim.UartReceiver;

/**
 * AVR8X USART, asynchronous mode. Bit time = S x BAUD / 64 peripheral-clock cycles (S = 16, or 8
 * with CTRLB.RXMODE = CLK2X); a frame is start + CTRLC.CHSIZE data bits + parity + 1 or 2 stop
 * bits, and the console gets each byte when its stop bit ends. TXDATAL goes to the shift register
 * at once when it is idle, else waits in the one-byte buffer (DREIF clear until it moves).
 * Received bytes come from the console at most one per frame time into a two-byte FIFO, with the
 * receive shift register as a third level; reading RXDATAL pops it. A frame that finds the FIFO
 * full waits in the shift register and is lost only when the next start bit comes while it still
 * waits (buffer overflow): RXDATAH.BUFOVF is buffered with the frame after the loss. STATUS: RXCIF 7, TXCIF 6 (write 1 to clear), DREIF 5. Interrupts
 * RXC, DRE and TXC when enabled in CTRLA (bits 7, 5, 6).
 */
final class Usart implements SimPeripheral {
  private static final int RXCIF = 0x80, TXCIF = 0x40, DREIF = 0x20;
  private static final int RXCIE = 0x80, TXCIE = 0x40, DREIE = 0x20;
  private static final int RXEN = 0x80, TXEN = 0x40;

  private final Machine m;
  private final DataBus bus;
  private final InterruptController irq;
  private final UartConsole console;
  private final String name;
  private final int rxdatal, rxdatah, txdatal, txdatah, status, ctrla, ctrlb, ctrlc, baud;
  private final int vRxc, vDre, vTxc;
  private int txBuffer = -1;
  private int txShift = -1;
  private final UartReceiveBuffer rx = new UartReceiveBuffer();
  private final UartReceiver receiver;
  private int statusV;

  private final Scheduler.Event txDone = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      console.transmit(name, txShift);
      txShift = -1;
      if (txBuffer >= 0) {
        int b = txBuffer;
        txBuffer = -1;
        startShift(b, when);
        statusV |= DREIF;
      } else {
        statusV |= TXCIF;
      }
      publish();
    }
  };

  Usart(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.irq = m.interrupts();
    this.console = m.console();
    this.name = p.name();
    rxdatal = Regs8x.at(p, 0, "RXDATAL");
    rxdatah = Regs8x.at(p, 1, "RXDATAH");
    txdatal = Regs8x.at(p, 2, "TXDATAL");
    txdatah = Regs8x.at(p, 3, "TXDATAH");
    status = Regs8x.at(p, 4, "STATUS");
    ctrla = Regs8x.at(p, 5, "CTRLA");
    ctrlb = Regs8x.at(p, 6, "CTRLB");
    ctrlc = Regs8x.at(p, 7, "CTRLC");
    baud = Regs8x.at(p, 8, "BAUD");
    vRxc = Regs8x.vector(m, p, "RXC");
    vDre = Regs8x.vector(m, p, "DRE");
    vTxc = Regs8x.vector(m, p, "TXC");
    m.addTransmitter(() -> txShift >= 0);
    receiver = new UartReceiver(m, name, () -> (bus.get(ctrlb) & RXEN) != 0, this::frameCycles, this::received);
    bus.onRead(rxdatal, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        return pop();
      }

      @Override
      public int peek(int a) {
        return rx.peek();
      }
    });
    bus.onRead(rxdatah, a -> rx.ready() ? 0x80 | (rx.overrun() ? 0x40 : 0) : 0);
    bus.onWrite(rxdatal, (a, v) -> {});
    bus.onWrite(rxdatah, (a, v) -> {});
    bus.onWrite(txdatal, (a, v) -> writeTx(v));
    bus.onRead(status, a -> statusV | (rx.ready() ? RXCIF : 0));
    bus.onWrite(status, (a, v) -> {
      statusV &= ~(v & (TXCIF | 0x18)); // TXCIF, RXSIF, ISFIF: write 1 to clear
      publish();
    });
    Regs8x.storeThen(bus, ctrla, this::publish);
    bus.onWrite(ctrlb, (a, v) -> {
      int old = bus.get(a);
      bus.set(a, v);
      receiver.enable((old & RXEN) != 0, (v & RXEN) != 0);
      if ((v & RXEN) == 0) rx.clear();
      publish();
    });
  }

  /** A frame's stop bit ended (its start bit came one frame time ago). */
  private void received(int b) {
    rx.received(b);
    publish();
  }

  private int pop() {
    int b = rx.pop();
    publish();
    return b;
  }

  private void writeTx(int v) {
    bus.set(txdatal, v);
    if ((bus.get(ctrlb) & TXEN) == 0) return;
    if (txShift < 0) {
      startShift(v, m.scheduler().now());
    } else if (txBuffer < 0) {
      txBuffer = v;
      statusV &= ~DREIF;
    }
    // a write while DREIF is clear is lost, as on the chip
    publish();
  }

  private void startShift(int v, long at) {
    txShift = v & 0xFF;
    m.scheduler().schedule(txDone, at + frameCycles());
  }

  /** Peripheral-clock cycles of one frame with the current BAUD, RXMODE and CTRLC. */
  long frameCycles() {
    int b = bus.get(baud) | bus.get(baud + 1) << 8;
    if (b < 64) b = 64;
    int s = ((bus.get(ctrlb) >> 1) & 3) == 1 ? 8 : 16;
    int c = bus.get(ctrlc);
    int chsize = c & 7;
    int data = chsize <= 3 ? 5 + chsize : 9;
    int parity = ((c >> 4) & 3) >= 2 ? 1 : 0;
    int stop = (c & 0x08) != 0 ? 2 : 1;
    long bits = 1 + data + parity + stop;
    return Math.max(1, (bits * s * b + 63) / 64);
  }

  private void publish() {
    int st = statusV | (rx.ready() ? RXCIF : 0);
    bus.set(status, st);
    int a = bus.get(ctrla);
    irq.set(vRxc, (st & RXCIF) != 0 && (a & RXCIE) != 0);
    irq.set(vDre, (st & DREIF) != 0 && (a & DREIE) != 0);
    irq.set(vTxc, (st & TXCIF) != 0 && (a & TXCIE) != 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    txBuffer = txShift = -1;
    rx.clear();
    receiver.reset();
    statusV = DREIF;
    publish();
  }
}
