package dev.avrkit.program;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.Fuse;
import dev.avrkit.device.board.Board;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach one chip: device, protocol, port, baud, and the board's extras (touch, default
 * fuses, bootloader size). Resolves what the user left out (the port from the board's USB ID,
 * the baud from the board or protocol) and opens the programmer. Board facts come from the board
 * data file ({@link dev.avrkit.device.board.Boards}).
 *
 * @param board the board, when one was named
 */
public record Connection(
    Device device, TargetInfo target, ProgrammerKind kind, String port, int baud,
    boolean touch1200, Optional<Board> board) {

  /**
   * Resolves the user's choices: {@code --board} or {@code --device} + {@code --programmer},
   * {@code --port} (found by USB ID when empty), {@code --baud} (0 = default).
   */
  public static Connection resolve(Optional<Board> board, Optional<Device> device,
      Optional<ProgrammerKind> kind, Optional<String> port, int baud) {
    if (board.isEmpty() && device.isEmpty()) {
      throw new AvrkitException("say which chip: --board (nano-every, uno, nano) or --device NAME "
          + "with --programmer (jtag2updi, serialupdi, arduino)");
    }
    Device d = device.orElseThrow(() -> new AvrkitException("no device model for the board"));
    if (board.isPresent() && !board.get().device().equalsIgnoreCase(d.name())) {
      throw new AvrkitException("--board " + board.get().name() + " has an " + board.get().device()
          + ", not an " + d.name() + "; drop --device or --board");
    }
    ProgrammerKind k = kind.orElse(board.map(Connection::programmer).orElse(null));
    if (k == null) {
      throw new AvrkitException("say how to reach the " + d.name() + ": --programmer jtag2updi, "
          + "serialupdi or arduino (or --board)");
    }
    String p = port.orElseGet(() -> {
      if (board.isEmpty()) {
        throw new AvrkitException("name the serial port with --port (see `avrkit ports`)");
      }
      return SerialPorts.find(board.get());
    });
    int b = baud > 0 ? baud
        : board.filter(x -> programmer(x) == k).map(x -> x.upload().baud()).orElse(k.defaultBaud());
    boolean touch = board.map(x -> x.upload().touch1200()).orElse(false) && k == ProgrammerKind.JTAG2UPDI;
    return new Connection(d, TargetInfo.of(d), k, p, b, touch, board);
  }

  /** The target, its flash limited by the board's bootloader. */
  public TargetInfo effectiveTarget() {
    long max = board.map(x -> x.upload().maxFlash()).orElse(0L);
    if (max <= 0 || max >= target.flashSize()) return target;
    TargetInfo t = target;
    return new TargetInfo(t.name(), t.signature(), t.architecture(), max, t.flashPageSize(),
        t.flashDataBase(), t.flashMappedSize(), t.eepromSize(), t.eepromPageSize(), t.eepromAddress(),
        t.fuseAddress(), t.fuseCount(), t.lockAddress(), t.lockSize(), t.userRowAddress(),
        t.userRowSize(), t.sigrowAddress(), t.nvmctrlAddress(), t.nvmVersion());
  }

  /** The protocol a board uploads with ({@code upload.protocol} in the board data). */
  static ProgrammerKind programmer(Board board) {
    return ProgrammerKind.parse(board.upload().protocol());
  }

  /**
   * The fuse values the board wants with every upload, by fuse index (the board data names them;
   * {@link Device#fuse(String)} resolves the names). Empty without a board, and for an STK500v1
   * bootloader, which cannot write fuses (the Uno's fuses are set at the factory).
   */
  public Map<Integer, Integer> boardFuses() {
    if (board.isEmpty() || kind == ProgrammerKind.ARDUINO) return Map.of();
    Map<Integer, Integer> out = new LinkedHashMap<>();
    board.get().fuses().forEach((name, value) -> {
      Fuse f = device.fuse(name).orElseThrow(() -> new AvrkitException("board data for "
          + board.get().name() + " names fuse " + name + ", but the " + device.name()
          + " has no such fuse; fix dev/avrkit/boards/boards.properties"));
      out.put(f.index(), value);
    });
    return Map.copyOf(out);
  }

  /**
   * The programmer for this connection. Nothing happens on the port yet: it is opened (after the
   * 1200-baud touch when the board needs one) when the programmer first uses it, in
   * {@link Programmer#connect()}.
   */
  public Programmer open() {
    TargetInfo t = effectiveTarget();
    return switch (kind) {
      case JTAG2UPDI -> new Jtag2UpdiProgrammer(lazy(Jtag2UpdiProgrammer.INITIAL_BAUD,
          Transport.Parity.NONE, 1), t, baud);
      case SERIALUPDI -> new UpdiProgrammer(new UpdiLink(lazy(baud, Transport.Parity.EVEN, 2), baud), t);
      case ARDUINO -> new Stk500Programmer(lazy(baud, Transport.Parity.NONE, 1), t);
    };
  }

  private Transport lazy(int initialBaud, Transport.Parity parity, int stopBits) {
    return new LazyTransport(port, initialBaud, () -> {
      if (touch1200) SerialPorts.touch1200(port, 300);
      return SerialTransport.open(port, initialBaud, parity, stopBits);
    });
  }

  /** "nano-every (ATmega4809) via jtag2updi on /dev/ttyACM0 at 115200 baud". */
  public String describe() {
    return board.map(b -> b.name() + " (" + device.name() + ")").orElse(device.name()) + " via "
        + kind.cliName() + " on " + port + " at " + baud + " baud";
  }
}
