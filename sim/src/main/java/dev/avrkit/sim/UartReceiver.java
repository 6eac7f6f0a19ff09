package dev.avrkit.sim;

import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The console side of a USART receiver, shared by the classic and AVR8X USARTs: while the
 * receiver is enabled it asks the machine's console for a byte once per frame time and hands
 * what came to the USART; at the console's end of input it stops asking until reset. The frames
 * themselves wait in the USART's {@link UartReceiveBuffer}.
 */
public final class UartReceiver {
  private final Machine m;
  private final String uart;
  private final BooleanSupplier enabled;
  private final LongSupplier frameCycles;
  private final IntConsumer received;
  private boolean eof;

  private final Scheduler.Event poll = new Scheduler.Event() {
    @Override
    protected void fire(long when) {
      if (!enabled.getAsBoolean()) return;
      int b = m.console().receive(uart);
      if (b == UartConsole.EOF) {
        eof = true;
        return;
      }
      if (b >= 0) received.accept(b & 0xFF);
      m.scheduler().schedule(this, when + frameCycles.getAsLong());
    }
  };

  /**
   * {@code uart} names the USART for the console, {@code enabled} tells whether RXEN is set,
   * {@code frameCycles} gives the current frame time and {@code received} takes each byte at the
   * end of its stop bit.
   */
  public UartReceiver(Machine m, String uart, BooleanSupplier enabled, LongSupplier frameCycles, IntConsumer received) {
    this.m = m;
    this.uart = uart;
    this.enabled = enabled;
    this.frameCycles = frameCycles;
    this.received = received;
  }

  /** RXEN was written: {@code was} its old state, {@code on} the new one (off stops polling). */
  public void enable(boolean was, boolean on) {
    if (on && !was && !eof) m.scheduler().scheduleIn(poll, frameCycles.getAsLong());
    if (!on) m.scheduler().cancel(poll);
  }

  /** Device reset: the console may be asked again. */
  public void reset() {
    eof = false;
  }
}
