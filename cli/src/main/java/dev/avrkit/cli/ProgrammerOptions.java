package dev.avrkit.cli;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import dev.avrkit.program.Connection;
import dev.avrkit.program.ProgrammerKind;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every programming command shares: which chip, which protocol, which port. */
public final class ProgrammerOptions {
  @Mixin DevicesCommand.PackOptions packOptions;

  @Option(names = {"-b", "--board"}, paramLabel = "BOARD",
      description = "The board: nano-every (jtag2updi after the 1200-baud touch), uno (optiboot, "
          + "115200), nano (old bootloader, 57600). Sets device, programmer, baud and the port "
          + "(found by USB ID).")
  String board;

  @Option(names = {"-d", "--device"}, paramLabel = "DEVICE",
      description = "The chip (atmega4809, attiny817, avr128da48...), with --programmer.")
  String device;

  @Option(names = {"-c", "--programmer"}, paramLabel = "KIND",
      description = "jtag2updi, serialupdi or arduino (STK500v1 bootloader).")
  String programmer;

  @Option(names = {"-P", "--port"}, paramLabel = "PORT",
      description = "Serial port (/dev/ttyACM0, COM3, a pty path); default: the board's, by USB ID.")
  String port;

  @Option(names = "--baud", paramLabel = "N",
      description = "Baud rate; default: the board's, else 115200.")
  int baud;

  /** Resolves the options into a connection (finds the port, loads the device model). */
  public Connection connection() {
    Optional<Board> b = Optional.ofNullable(board).map(Boards::named);
    String devName = device != null ? device : b.map(Board::device).orElse(null);
    Optional<Device> d = Optional.empty();
    if (devName != null) {
      DeviceCatalog cat = packOptions.catalog();
      d = Optional.of(cat.device(devName));
    }
    return Connection.resolve(b, d, Optional.ofNullable(programmer).map(ProgrammerKind::parse),
        Optional.ofNullable(port), baud);
  }
}
