package dev.avrkit.sim;

/**
 * The receive side that every AVR USART shares: a two-frame FIFO plus the receive shift
 * register. A frame that arrives while the FIFO is full waits in the shift register; if another
 * frame's start bit comes while one still waits there, the waiting one is lost and the new frame
 * carries the overrun flag (DOR on classic parts, BUFOVF on AVR8X) into the FIFO.
 */
public final class UartReceiveBuffer {
  private final int[] fifo = new int[2];
  private final boolean[] overrun = new boolean[2];
  private int count;
  private int shift = -1; // a complete frame waiting in the receive shift register
  private boolean shiftOverrun;

  /** A frame's stop bit ended (its start bit came one frame time ago). */
  public void received(int b) {
    if (count < 2) { // the shift register is always empty while the FIFO has room
      fifo[count] = b;
      overrun[count++] = false;
    } else {
      shiftOverrun = shift >= 0;
      shift = b;
    }
  }

  /** Takes the oldest frame (0 when empty); a frame waiting in the shift register moves up. */
  public int pop() {
    if (count == 0) return 0;
    int b = fifo[0];
    fifo[0] = fifo[1];
    overrun[0] = overrun[1];
    count--;
    if (shift >= 0) {
      fifo[count] = shift;
      overrun[count++] = shiftOverrun;
      shift = -1;
    }
    return b;
  }

  /** True when a frame is ready to be read. */
  public boolean ready() { return count > 0; }

  /** The oldest frame without taking it (0 when empty). */
  public int peek() { return count > 0 ? fifo[0] : 0; }

  /** Whether the oldest frame came after a lost one. */
  public boolean overrun() { return count > 0 && overrun[0]; }

  /** Empties FIFO and shift register (receiver disabled, reset). */
  public void clear() {
    count = 0;
    shift = -1;
  }
}
