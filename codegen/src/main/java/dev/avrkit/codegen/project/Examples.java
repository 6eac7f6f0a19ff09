package dev.avrkit.codegen.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog of examples every new project gets, kept as resources in
 * {@code src/main/resources/dev/avrkit/codegen/examples/}:
 *
 * <pre>
 * NAME.rs            the program (blink: src/main.rs; the others: examples/NAME.rs)
 * NAME.diagram.json  its circuit (circuits/main/ or circuits/NAME/), board pins by Arduino name
 * NAME*.test.yaml    its scenarios (those listed in {@link #CATALOG})
 * </pre>
 *
 * Placeholders {@code {{KEY}}} are filled from the project's values ({@link Templates#exampleValues});
 * an example whose program needs a value the project lacks (no HAL, no console, no PWM pin...)
 * is left out. Board pins in a diagram ({@code "board:D13"}, {@code "board:GND"}) are written as
 * the board part names them ({@link #boardPin}).
 */
final class Examples {
  /** One example: its name and the file names of its resources besides NAME.rs and NAME.diagram.json. */
  record Example(String name, List<String> scenarios, List<String> extraFiles) {
    /** Where the program goes in the project. */
    String target() {
      return name.equals(MAIN) ? "src/main.rs" : "examples/" + name + ".rs";
    }

    /** The folder under circuits/ (the package's binary is "main"). */
    String circuitDir() {
      return name.equals(MAIN) ? "main" : name;
    }
  }

  /** The example that is the package's binary (src/main.rs). */
  static final String MAIN = "blink";

  /** Every example, in the order projects list them. */
  static final List<Example> CATALOG = List.of(
      new Example("blink", List.of("blink.test.yaml"), List.of()),
      new Example("hello", List.of("hello.test.yaml"), List.of()),
      new Example("millis", List.of("millis.test.yaml"), List.of()),
      new Example("serial", List.of("serial.test.yaml"), List.of()),
      new Example("button", List.of("button.test.yaml"), List.of()),
      new Example("pwm", List.of("pwm.test.yaml"), List.of()),
      new Example("adc", List.of("adc.test.yaml"), List.of()),
      new Example("i2c-scan", List.of("i2c-scan.test.yaml"), List.of()),
      new Example("i2c-rtc", List.of("i2c-rtc.test.yaml"), List.of()),
      new Example("spi", List.of("spi.test.yaml"), List.of()),
      new Example("eeprom", List.of("eeprom.test.yaml"), List.of()),
      new Example("oled", List.of("oled.test.yaml"), List.of("oled.png")),
      new Example("watchdog", List.of("watchdog.test.yaml"), List.of()),
      new Example("sleep", List.of("sleep.test.yaml"), List.of()));

  private static final Pattern KEY = Pattern.compile("\\{\\{([A-Z0-9_]+)}}");
  private static final Pattern BOARD_PIN = Pattern.compile("\"board:([A-Za-z0-9.]+)\"");

  private Examples() {}

  static String resource(String file) {
    try (InputStream in = Examples.class.getResourceAsStream("/dev/avrkit/codegen/examples/" + file)) {
      if (in == null) throw new IllegalStateException("missing example resource " + file);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The placeholders a text uses. */
  static Set<String> keys(String text) {
    Set<String> k = new LinkedHashSet<>();
    Matcher m = KEY.matcher(text);
    while (m.find()) k.add(m.group(1));
    return k;
  }

  /** {@code text} with every placeholder filled; a missing value is a bug in the catalog. */
  static String fill(String text, Map<String, String> values, String file) {
    Matcher m = KEY.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) throw new IllegalStateException(file + ": no value for {{" + m.group(1) + "}}");
      m.appendReplacement(b, Matcher.quoteReplacement(v));
    }
    m.appendTail(b);
    return b.toString();
  }

  /**
   * A board pin as the board part names it: Wokwi's Arduino boards number the digital pins
   * ("13") and have several GND pins ("GND.1"); the Nano Every part uses the silkscreen ("D13", "GND").
   */
  static String boardPin(String boardPart, String pin) {
    boolean wokwi = boardPart.startsWith("wokwi-");
    if (!wokwi) return pin;
    if (pin.matches("D\\d+")) return pin.substring(1);
    if (pin.equals("GND")) return "GND.1";
    return pin;
  }

  /**
   * The files of every example the project can have: program, and with {@code BOARD_PART} among
   * the values, its circuit and scenarios. A program the values cannot fill is replaced by its
   * entry in {@code fallbacks} (a version without the HAL), else left out.
   */
  static Map<String, String> files(Map<String, String> values, Map<String, String> fallbacks) {
    Map<String, String> f = new LinkedHashMap<>();
    for (Example e : CATALOG) {
      String rs = resource(e.name() + ".rs");
      if (values.keySet().containsAll(keys(rs))) f.put(e.target(), fill(rs, values, e.name() + ".rs"));
      else if (fallbacks.containsKey(e.name())) f.put(e.target(), fallbacks.get(e.name()));
      else continue;
      String part = values.get("BOARD_PART");
      if (part == null) continue;
      String dir = "circuits/" + e.circuitDir() + "/";
      String diagram = fill(resource(e.name() + ".diagram.json"), values, e.name() + ".diagram.json");
      Matcher m = BOARD_PIN.matcher(diagram);
      StringBuilder b = new StringBuilder();
      while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement("\"board:" + boardPin(part, m.group(1)) + "\""));
      m.appendTail(b);
      f.put(dir + "diagram.json", b.toString());
      for (String s : e.scenarios()) f.put(dir + s, fill(resource(s), values, s));
    }
    return f;
  }

  /**
   * The files besides programs, circuits and scenarios (a PNG a scenario compares with), as bytes,
   * for the examples {@link #files} gives a circuit.
   */
  static Map<String, byte[]> binaryFiles(Map<String, String> values) {
    Map<String, byte[]> f = new LinkedHashMap<>();
    if (!values.containsKey("BOARD_PART")) return f;
    for (Example e : CATALOG) {
      if (!values.keySet().containsAll(keys(resource(e.name() + ".rs"))) && !e.name().equals(MAIN)) continue;
      for (String x : e.extraFiles()) f.put("circuits/" + e.circuitDir() + "/" + x, bytes(x));
    }
    return f;
  }

  private static byte[] bytes(String file) {
    try (InputStream in = Examples.class.getResourceAsStream("/dev/avrkit/codegen/examples/" + file)) {
      if (in == null) throw new IllegalStateException("missing example resource " + file);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the examples in {@code files} (examples/NAME.rs). */
  static List<String> names(Map<String, String> files) {
    List<String> n = new ArrayList<>();
    for (String k : files.keySet()) {
      if (k.startsWith("examples/") && k.endsWith(".rs")) n.add(k.substring("examples/".length(), k.length() - 3));
    }
    return n;
  }
}
