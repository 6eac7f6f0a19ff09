package dev.avrkit.cli;

import dev.avrkit.device.board.Board;
import dev.avrkit.program.SerialPorts;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code avrkit ports}: serial ports, their USB IDs and the board each looks like. */
@Command(
    name = "ports",
    mixinStandardHelpOptions = true,
    description = "List serial ports with their USB VID:PID and the board they look like "
        + "(2341:0058 = Arduino Nano Every).")
public final class PortsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    var ports = SerialPorts.list();
    if (ports.isEmpty()) {
      System.out.println("no serial ports found (plug a board in; virtual boards: avrkit board serve)");
      return 0;
    }
    System.out.printf("%-22s %-10s %-12s %s%n", "PORT", "USB ID", "BOARD", "DESCRIPTION");
    for (var p : ports) {
      System.out.printf("%-22s %-10s %-12s %s%n", p.path(), p.usbId(),
          p.board().map(Board::name).orElse("-"), p.description());
    }
    return 0;
  }
}
