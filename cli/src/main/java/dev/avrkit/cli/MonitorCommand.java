package dev.avrkit.cli;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import dev.avrkit.program.LinkException;
import dev.avrkit.program.SerialPorts;
import dev.avrkit.program.SerialTransport;
import dev.avrkit.program.Transport;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code avrkit monitor}: the board's serial console. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description =
        "Shows what the board prints on its USB serial port (and sends what you type). " +
        "Opening the port raises DTR, which resets the Nano Every, Uno and Nano: the output starts " +
        "from the firmware's reset, so nothing printed at start-up is missed.")
public final class MonitorCommand implements Callable<Integer> {

  @Option(names = "--board", paramLabel = "BOARD", description = "nano-every, uno or nano (default nano-every)")
  String board = "nano-every";

  @Option(names = {"-P", "--port"}, paramLabel = "PORT", description = "serial port (default: found by the board's USB ID)")
  String port;

  @Option(names = "--baud", paramLabel = "N", description = "baud rate (default: the board's console rate)")
  int baud;

  @Option(names = "--seconds", paramLabel = "S", description = "stop after S seconds (default: until Ctrl-C)")
  Double seconds;

  @Override
  public Integer call() {
    Board b = Boards.named(board);
    String p = port != null ? port : SerialPorts.find(b);
    return monitor(p, baud > 0 ? baud : b.console().baud(), b.resetOnOpen(), seconds, System.out, System.err);
  }

  /** Copies the port's bytes to {@code out} (and stdin to the port) until Ctrl-C or {@code seconds}. */
  static int monitor(String port, int baud, boolean resets, Double seconds, PrintStream out, PrintStream err) {
    Transport t;
    try {
      t = SerialTransport.open(port, baud);
    } catch (RuntimeException e) {
      throw new AvrkitException("cannot open " + port + " (" + e.getMessage() + "); check `avrkit doctor` for permissions");
    }
    err.println("avrkit: console on " + port + " at " + baud + " baud" + (resets ? " (opening it reset the board)" : "")
        + "; Ctrl-C ends");
    Thread input = new Thread(() -> {
      try {
        int c;
        while ((c = System.in.read()) >= 0) t.write((byte) c);
      } catch (Exception e) {
        // stdin closed or port gone
      }
    }, "monitor-input");
    input.setDaemon(true);
    input.start();
    long end = seconds == null ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds * 1e9);
    try {
      t.setDtr(true);
      while (System.nanoTime() < end) {
        try {
          byte[] b = t.read(1, 100);
          out.write(b[0]);
          if (b[0] == '\n') out.flush();
        } catch (LinkException e) {
          out.flush(); // nothing within 100 ms
        }
      }
    } finally {
      out.flush();
      t.close();
    }
    return 0;
  }
}
