package dev.avrkit.circuit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The board parts a diagram may use, from {@code boards.properties} (one data file): the avrkit
 * board each one is and what each header pin is (chip pin, rail, or not simulated).
 */
public final class BoardParts {
  /** One board part type. {@code pins}: header name to "PB5", "PF2+PA2", "GND", "VCC" or "NC". */
  public record Board(String type, String boardName, String device, Map<String, String> pins) {
    /** The header pin name as the data file spells it, accepting "D13" for "13" and back; null if none. */
    public String canonicalPin(String pin) {
      if (pins.containsKey(pin)) return pin;
      if (pin.startsWith("D") && pins.containsKey(pin.substring(1))) return pin.substring(1);
      if (!pin.isEmpty() && Character.isDigit(pin.charAt(0)) && pins.containsKey("D" + pin)) return "D" + pin;
      if (pin.equals("GND") && pins.containsKey("GND.1")) return "GND.1";
      return null;
    }

    /** "13" for "PB5" (the first header pin on that chip pin), else the chip pin itself. */
    public String headerName(String chipPin) {
      for (Map.Entry<String, String> e : pins.entrySet()) {
        for (String c : e.getValue().split("\\+")) if (c.equals(chipPin)) return e.getKey();
      }
      return chipPin;
    }
  }

  private static final Map<String, Board> BOARDS = load();

  private BoardParts() {}

  private static Map<String, Board> load() {
    Properties p = new Properties();
    try (InputStream in = BoardParts.class.getResourceAsStream("boards.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Board> out = new LinkedHashMap<>();
    for (String type : p.getProperty("types").split(",")) {
      String boardName = p.getProperty(type + ".board");
      dev.avrkit.device.board.Board b = dev.avrkit.device.board.Boards.named(boardName);
      Map<String, String> pins = new LinkedHashMap<>();
      for (String kv : p.getProperty(type + ".pins").trim().split("\\s+")) {
        int eq = kv.indexOf('=');
        pins.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      out.put(type, new Board(type, boardName, b.device(), pins));
    }
    return out;
  }

  public static Optional<Board> find(String type) {
    return Optional.ofNullable(BOARDS.get(type));
  }

  public static List<String> types() {
    return new ArrayList<>(BOARDS.keySet());
  }
}
