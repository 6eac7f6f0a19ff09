package dev.avrkit.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where simulated USARTs send their bytes and take received bytes from. {@code uart} is the
 * instance name ("USART0", "USART3"). A byte is transmitted when its stop bit ends (the byte
 * time follows the baud rate and frame format the firmware set).
 */
public interface UartConsole {

  /** End of input: {@link #receive} never has anything again. */
  int EOF = -2;

  /** The firmware transmitted a byte. */
  void transmit(String uart, int b);

  /** The next byte for the firmware's receiver, -1 when none is ready now, or {@link #EOF}. */
  int receive(String uart);

  /** Called when the simulation stops (flush output). */
  default void flush() {}

  /** A console that discards output and never receives. */
  static UartConsole none() {
    return new UartConsole() {
      @Override
      public void transmit(String uart, int b) {}

      @Override
      public int receive(String uart) {
        return EOF;
      }
    };
  }

  /**
   * Output of every USART to {@code out}; input from {@code in} (null: none). Input is read by a
   * daemon thread so a terminal never blocks the simulation; bytes arrive as they come.
   */
  static UartConsole of(OutputStream out, InputStream in) {
    ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
    boolean[] eof = {in == null};
    if (in != null) {
      Thread t =
          new Thread(
              () -> {
                try {
                  int b;
                  while ((b = in.read()) >= 0) queue.add(b);
                } catch (IOException e) {
                  // treat as end of input
                }
                eof[0] = true;
              },
              "avrkit-uart-input");
      t.setDaemon(true);
      t.start();
    }
    return new UartConsole() {
      @Override
      public void transmit(String uart, int b) {
        try {
          out.write(b);
          if (b == '\n') out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public int receive(String uart) {
        Integer b = queue.poll();
        if (b != null) return b;
        return eof[0] && queue.isEmpty() ? EOF : -1;
      }

      @Override
      public void flush() {
        try {
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
