package dev.avrkit.sim.mega;

import dev.avrkit.device.Peripheral;
import dev.avrkit.sim.ClassicInterruptController;
import dev.avrkit.sim.DataBus;
import dev.avrkit.sim.InterruptController;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.Scheduler;
import dev.avrkit.sim.SimPeripheral;
import dev.avrkit.sim.UartConsole;
import dev.avrkit.sim.UartReceiveBuffer;
import dev.avrkit.sim.UartReceiver;

/**
 * Classic USART in asynchronous mode: UDRn (2-byte receive FIFO plus the receive shift register
 * as a third level, transmit buffer + shift register), UCSRnA/B/C, UBRRn. A received frame that
 * finds the FIFO full waits in the shift register; only when the next frame's start bit comes
 * while it still waits is it lost (data overrun): DOR is buffered with the frame after the loss
 * and reads as set while that frame is the next one in UDRn, as the datasheet describes. A byte takes (1 start + data + parity + stop bits) x (16 or 8 with
 * U2X) x (UBRR + 1) cycles; the console gets it when its stop bit ends. Received bytes come from
 * the console, at most one per frame time while the receiver is on. Interrupts RX, UDRE, TX.
 */
final class MegaUsart implements SimPeripheral {
  private static final int RXC = 0x80, TXC = 0x40, UDRE = 0x20, DOR = 0x08, U2X = 0x02;
  private static final int RXCIE = 0x80, TXCIE = 0x40, UDRIE = 0x20, RXEN = 0x10, TXEN = 0x08;

  private final Machine m;
  private final DataBus bus;
  private final String name;
  private final int udr, ucsra, ucsrb, ucsrc, ubrrl, ubrrh;
  private final int vRx, vUdre, vTx;
  private final InterruptController irq;
  private final UartConsole console;

  private int txBuffer = -1;
  private int txShift = -1;
  private final UartReceiveBuffer rx = new UartReceiveBuffer();
  private final UartReceiver receiver;

  private final Scheduler.Event txDone =
      new Scheduler.Event() {
        @Override
        protected void fire(long when) {
          console.transmit(name, txShift);
          txShift = -1;
          if (txBuffer >= 0) {
            startShift(txBuffer, when);
            txBuffer = -1;
            setA(bus.get(ucsra) | UDRE);
          } else {
            setA(bus.get(ucsra) | TXC);
          }
        }
      };

  MegaUsart(Machine m, Peripheral p) {
    this.m = m;
    this.bus = m.bus();
    this.name = p.name();
    this.console = m.console();
    this.irq = m.interrupts();
    String n = Regs.suffix(p);
    this.udr = Regs.require(p, "UDR" + n, "UDR");
    this.ucsra = Regs.require(p, "UCSR" + n + "A", "UCSRA");
    this.ucsrb = Regs.require(p, "UCSR" + n + "B", "UCSRB");
    this.ucsrc = Regs.find(p, "UCSR" + n + "C", "UCSRC");
    int ubrr = Regs.find(p, "UBRR" + n, "UBRR");
    if (ubrr >= 0) {
      ubrrl = ubrr;
      ubrrh = ubrr + 1;
    } else {
      ubrrl = Regs.require(p, "UBRR" + n + "L", "UBRRL");
      ubrrh = Regs.require(p, "UBRR" + n + "H", "UBRRH");
    }
    this.vRx = vector(m, p.name(), "RX");
    this.vUdre = vector(m, p.name(), "UDRE");
    this.vTx = vector(m, p.name(), "TX");
    m.addTransmitter(() -> txShift >= 0);
    receiver = new UartReceiver(m, name, () -> (bus.get(ucsrb) & RXEN) != 0, this::frameCycles, this::received);
    if (vTx >= 0 && irq instanceof ClassicInterruptController c) {
      c.onTaken(vTx, v -> setA(bus.get(ucsra) & ~TXC));
    }
    bus.onRead(udr, new DataBus.ReadHook() {
      @Override
      public int read(int a) {
        return popRx();
      }

      @Override
      public int peek(int a) {
        return rx.peek();
      }
    });
    bus.onWrite(udr, (a, v) -> writeUdr(v));
    bus.onWrite(ucsra, (a, v) -> {
      int old = bus.get(a);
      int nv = (old & (RXC | UDRE | 0x1C)) | (v & 0x03) | (old & TXC & ~v);
      setA(nv);
    });
    bus.onWrite(ucsrb, (a, v) -> {
      int old = bus.get(a);
      bus.set(a, v);
      receiver.enable((old & RXEN) != 0, (v & RXEN) != 0);
      if ((v & RXEN) == 0) {
        rx.clear();
        setA(bus.get(ucsra) & ~(RXC | DOR));
      }
      updateIrq();
    });
  }

  private static int vector(Machine m, String inst, String what) {
    int v = m.vector(inst + "_" + what);
    if (v < 0) v = m.vector("USART_" + what);
    if (v < 0 && what.equals("RX")) v = m.vector(inst + "_RXC");
    if (v < 0 && what.equals("TX")) v = m.vector(inst + "_TXC");
    return v;
  }

  /** A frame's stop bit ended (its start bit came one frame time ago). */
  private void received(int b) {
    rx.received(b);
    rxFlags();
  }

  private int popRx() {
    int b = rx.pop();
    rxFlags();
    return b;
  }

  /** RXC and DOR of the next frame in UDRn. */
  private void rxFlags() {
    int a = bus.get(ucsra) & ~(RXC | DOR);
    if (rx.ready()) a |= RXC | (rx.overrun() ? DOR : 0);
    setA(a);
  }

  private void writeUdr(int v) {
    if ((bus.get(ucsrb) & TXEN) == 0) return;
    if (txShift < 0) {
      startShift(v, m.scheduler().now());
      setA(bus.get(ucsra) | UDRE);
    } else if (txBuffer < 0) {
      txBuffer = v;
      setA(bus.get(ucsra) & ~UDRE);
    }
    // a write while UDRE is clear is lost, as on the chip
  }

  private void startShift(int v, long at) {
    txShift = v & 0xFF;
    m.scheduler().schedule(txDone, at + frameCycles());
  }

  /** Cycles of one frame: start + data + parity + stop bits times the bit time. */
  long frameCycles() {
    int ubrr = (bus.get(ubrrl) | bus.get(ubrrh) << 8) & 0x0FFF;
    int perBit = ((bus.get(ucsra) & U2X) != 0 ? 8 : 16) * (ubrr + 1);
    int c = ucsrc >= 0 ? bus.get(ucsrc) : 0x06;
    int dataBits = 5 + ((c >> 1) & 3) + ((bus.get(ucsrb) & 0x04) != 0 ? 4 : 0);
    if (dataBits > 9) dataBits = 9;
    int parity = (c & 0x20) != 0 ? 1 : 0;
    int stop = (c & 0x08) != 0 ? 2 : 1;
    return (long) perBit * (1 + dataBits + parity + stop);
  }

  private void setA(int v) {
    bus.set(ucsra, v);
    updateIrq();
  }

  private void updateIrq() {
    int a = bus.get(ucsra), b = bus.get(ucsrb);
    irq.set(vRx, (a & RXC) != 0 && (b & RXCIE) != 0);
    irq.set(vUdre, (a & UDRE) != 0 && (b & UDRIE) != 0);
    irq.set(vTx, (a & TXC) != 0 && (b & TXCIE) != 0);
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
    bus.set(ucsra, UDRE);
    updateIrq();
  }
}
