package dev.avrkit.codegen.hal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A board's header as the HAL names it: Arduino pin names to port pins, and which of them have
 * PWM from which timer output. Read from the board data file ({@code <board>.header}, {@code
 * <board>.pwm} in {@code dev/avrkit/boards/boards.properties}).
 *
 * @param header Arduino name (upper case, "D13") to port pin, in the file's order
 * @param pwm Arduino name to timer instance and output ("TCA0", "WO2")
 */
record BoardPins(Map<String, Model.PinRef> header, Map<String, Pwm> pwm) {
  private static final String RESOURCE = "/dev/avrkit/boards/boards.properties";

  /** One PWM output: a timer instance and its waveform output's name in the model's signals. */
  record Pwm(String timer, String output) {}

  /** The header of a board, empty when the data file has none for it. */
  static Optional<BoardPins> of(String board) {
    Properties p = new Properties();
    try (InputStream in = BoardPins.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String h = p.getProperty(board + ".header");
    if (h == null || h.isBlank()) return Optional.empty();
    Map<String, Model.PinRef> header = new LinkedHashMap<>();
    for (String e : h.split(",")) {
      String[] kv = e.trim().split("=");
      if (kv.length != 2) throw new IllegalArgumentException(RESOURCE + ": " + board + ".header: bad entry '" + e + "' (NAME=PIN)");
      header.put(kv[0].trim().toUpperCase(Locale.ROOT), Model.PinRef.parse(kv[1]));
    }
    Map<String, Pwm> pwm = new LinkedHashMap<>();
    String w = p.getProperty(board + ".pwm", "");
    for (String e : w.split(",")) {
      if (e.isBlank()) continue;
      String[] kv = e.trim().split("[=:]");
      if (kv.length != 3 || !header.containsKey(kv[0].trim().toUpperCase(Locale.ROOT))) {
        throw new IllegalArgumentException(RESOURCE + ": " + board + ".pwm: bad entry '" + e + "' (NAME=TIMER:OUTPUT, NAME on the header)");
      }
      pwm.put(kv[0].trim().toUpperCase(Locale.ROOT), new Pwm(kv[1].trim(), kv[2].trim()));
    }
    return Optional.of(new BoardPins(header, pwm));
  }
}
