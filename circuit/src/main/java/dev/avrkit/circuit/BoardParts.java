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
 * The board parts a diagram may use: the avrkit board each one is and what each header pin is.
 * The header comes from the board data file ({@code <board>.header}); this module's {@code
 * boards.properties} adds Wokwi's spelling, the rails, pins not simulated and board-level joins.
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
    Properties p = properties(BoardParts.class, "boards.properties");
    Properties shared = properties(dev.avrkit.device.board.Boards.class, "/dev/avrkit/boards/boards.properties");
    Map<String, Board> out = new LinkedHashMap<>();
    for (String type : p.getProperty("types").split(",")) {
      String boardName = p.getProperty(type + ".board");
      dev.avrkit.device.board.Board b = dev.avrkit.device.board.Boards.named(boardName);
      boolean numbers = Boolean.parseBoolean(p.getProperty(type + ".numbers"));
      Map<String, String> pins = new LinkedHashMap<>();
      for (String kv : shared.getProperty(boardName + ".header").split(",")) {
        String[] nv = kv.trim().split("=");
        if (nv[0].startsWith("USB_")) continue;
        String name = numbers && nv[0].matches("D\\d+") ? nv[0].substring(1) : nv[0];
        pins.put(name, nv[1]);
      }
      for (String kv : p.getProperty(type + ".pins").trim().split("\\s+")) {
        int eq = kv.indexOf('=');
        String name = kv.substring(0, eq), what = kv.substring(eq + 1);
        if (what.startsWith("+")) pins.put(name, pins.get(name) + what);
        else pins.put(name, what);
      }
      out.put(type, new Board(type, boardName, b.device(), pins));
    }
    return out;
  }

  private static Properties properties(Class<?> near, String name) {
    Properties p = new Properties();
    try (InputStream in = near.getResourceAsStream(name)) {
      if (in == null) throw new IOException("missing resource " + name);
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  public static Optional<Board> find(String type) {
    return Optional.ofNullable(BOARDS.get(type));
  }

  public static List<String> types() {
    return new ArrayList<>(BOARDS.keySet());
  }
}
