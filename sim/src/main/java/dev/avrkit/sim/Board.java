package dev.avrkit.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A board the simulator knows: its device, CPU clock and the fuses its usual bootloader or
 * upload sets, as the board data file gives them (see {@link dev.avrkit.device.board.Boards}).
 */
public record Board(String name, String device, long clockHz, Map<String, Integer> fuses, String description) {
  public Board {
    fuses = Map.copyOf(fuses);
  }

  /** From avrkit's board data file (dev.avrkit.device.board.Boards): nano-every, uno, nano. */
  private static final List<Board> ALL =
      dev.avrkit.device.board.Boards.all().stream()
          .map(b -> new Board(b.name(), b.device(), b.clockHz(), b.fuses(), b.description()))
          .toList();

  public static List<Board> all() {
    return ALL;
  }

  /** A board by name, case-insensitive. */
  public static Optional<Board> find(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(b -> b.name.equals(n)).findFirst();
  }
}
