package dev.avrkit.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A board the simulator knows: its device, CPU clock and the fuses its usual bootloader or
 * upload sets. A small fixed table for now (nano-every, uno).
 */
public record Board(String name, String device, long clockHz, Map<String, Integer> fuses, String description) {
  public Board {
    fuses = Map.copyOf(fuses);
  }

  private static final List<Board> ALL =
      List.of(
          new Board(
              "nano-every",
              "ATmega4809",
              16_000_000,
              Map.of("OSCCFG", 0x01, "SYSCFG0", 0xC9, "BOOTEND", 0x00),
              "Arduino Nano Every (ATmega4809, 16 MHz)"),
          new Board(
              "uno",
              "ATmega328P",
              16_000_000,
              Map.of("LOW", 0xFF, "HIGH", 0xDE, "EXTENDED", 0xFD),
              "Arduino Uno (ATmega328P, 16 MHz crystal)"));

  public static List<Board> all() {
    return ALL;
  }

  /** A board by name, case-insensitive. */
  public static Optional<Board> find(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(b -> b.name.equals(n)).findFirst();
  }
}
