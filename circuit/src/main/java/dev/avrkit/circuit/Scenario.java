package dev.avrkit.circuit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Wokwi automation scenario (YAML): a name, {@code version: 1} and steps. Every key is checked
 * (an unknown one is an error at its line:column); paths in screenshot steps are relative to the
 * scenario file.
 */
public record Scenario(Path file, String name, List<Step> steps) {

  /** One step; {@code at} is where it was written, {@code label} its optional name. */
  public sealed interface Step permits Delay, WaitSerial, WriteSerial, ExpectPin, SetControl, TakeScreenshot {
    Tree at();

    String label();

    /** "expect-pin led1:A = 1" for reports. */
    String describe();
  }

  public record Delay(Tree at, String label, double seconds, String written) implements Step {
    public String describe() {
      return "delay " + written;
    }
  }

  public record WaitSerial(Tree at, String label, String text) implements Step {
    public String describe() {
      return "wait-serial \"" + text + "\"";
    }
  }

  public record WriteSerial(Tree at, String label, byte[] bytes) implements Step {
    public String describe() {
      return "write-serial (" + bytes.length + " bytes)";
    }
  }

  public record ExpectPin(Tree at, String label, String part, String pin, int value) implements Step {
    public String describe() {
      return "expect-pin " + part + ":" + pin + " = " + value;
    }
  }

  public record SetControl(Tree at, String label, String part, String control, double value) implements Step {
    public String describe() {
      return "set-control " + part + " " + control + " = " + Circuit.fmt(value);
    }
  }

  public record TakeScreenshot(Tree at, String label, String part, Path saveTo, Path compareWith) implements Step {
    public String describe() {
      return "take-screenshot " + part;
    }
  }

  private static final Set<String> TOP = Set.of("name", "version", "author", "description", "steps");
  static final List<String> KINDS = List.of("delay", "wait-serial", "write-serial", "expect-pin", "set-control", "take-screenshot");

  public static Scenario read(Path file) {
    return of(file, Tree.yaml(file));
  }

  static Scenario of(Path file, Tree root) {
    Map<String, Tree> top = root.map("the scenario", TOP);
    Tree name = top.get("name");
    if (name == null) throw root.error("the scenario has no \"name\"");
    Tree version = top.get("version");
    if (version == null) throw root.error("the scenario has no \"version\" (write version: 1)");
    if (version.number("\"version\"") != 1) throw version.error("\"version\" must be 1");
    if (top.containsKey("author")) top.get("author").text("\"author\"");
    if (top.containsKey("description")) top.get("description").text("\"description\"");
    Tree stepsT = top.get("steps");
    if (stepsT == null) throw root.error("the scenario has no \"steps\" list");
    Path dir = file.toAbsolutePath().getParent();
    List<Step> steps = new ArrayList<>();
    for (Tree s : stepsT.list("\"steps\"")) steps.add(step(s, dir));
    return new Scenario(file, name.text("\"name\""), steps);
  }

  private static Step step(Tree s, Path dir) {
    Set<String> allowed = new java.util.LinkedHashSet<>(KINDS);
    allowed.add("name");
    Map<String, Tree> m = s.map("a step", allowed);
    String label = m.containsKey("name") ? m.get("name").text("a step's \"name\"") : "";
    List<String> kinds = m.keySet().stream().filter(k -> !k.equals("name")).toList();
    if (kinds.size() != 1) {
      throw s.error("a step has exactly one of " + String.join(", ", KINDS) + (kinds.isEmpty() ? "" : "; this one has " + String.join(", ", kinds)));
    }
    String kind = kinds.get(0);
    Tree v = m.get(kind);
    return switch (kind) {
      case "delay" -> {
        String w = v.text("delay");
        yield new Delay(v, label, duration(v, w), w);
      }
      case "wait-serial" -> new WaitSerial(v, label, v.text("wait-serial"));
      case "write-serial" -> {
        if (v.isList()) {
          List<Tree> l = v.list("write-serial");
          byte[] b = new byte[l.size()];
          for (int i = 0; i < b.length; i++) {
            double x = l.get(i).number("a write-serial byte");
            if (x != Math.rint(x) || x < 0 || x > 255) throw l.get(i).error("a write-serial byte must be 0..255, not " + l.get(i).describe());
            b[i] = (byte) x;
          }
          yield new WriteSerial(v, label, b);
        }
        yield new WriteSerial(v, label, v.text("write-serial").getBytes(StandardCharsets.UTF_8));
      }
      case "expect-pin" -> {
        Map<String, Tree> a = v.map("expect-pin", Set.of("part-id", "pin", "value", "expected"));
        String part = need(v, a, "part-id", "expect-pin").text("\"part-id\"");
        String pin = need(v, a, "pin", "expect-pin").text("\"pin\"");
        if (a.containsKey("value") && a.containsKey("expected")) throw v.error("expect-pin takes \"value\" or \"expected\", not both");
        Tree val = a.containsKey("value") ? a.get("value") : a.get("expected");
        if (val == null) throw v.error("expect-pin needs \"value\" (0 or 1)");
        double x = val.number("expect-pin \"value\"");
        if (x != 0 && x != 1) throw val.error("expect-pin \"value\" must be 0 or 1, not " + val.describe());
        yield new ExpectPin(v, label, part, pin, (int) x);
      }
      case "set-control" -> {
        Map<String, Tree> a = v.map("set-control", Set.of("part-id", "control", "value"));
        yield new SetControl(v, label, need(v, a, "part-id", "set-control").text("\"part-id\""),
            need(v, a, "control", "set-control").text("\"control\""), need(v, a, "value", "set-control").number("set-control \"value\""));
      }
      case "take-screenshot" -> {
        Map<String, Tree> a = v.map("take-screenshot", Set.of("part-id", "save-to", "compare-with"));
        String part = need(v, a, "part-id", "take-screenshot").text("\"part-id\"");
        if (!a.containsKey("save-to") && !a.containsKey("compare-with")) throw v.error("take-screenshot needs \"save-to\" and/or \"compare-with\"");
        Path save = a.containsKey("save-to") ? dir.resolve(a.get("save-to").string("\"save-to\"")) : null;
        Path cmp = a.containsKey("compare-with") ? dir.resolve(a.get("compare-with").string("\"compare-with\"")) : null;
        yield new TakeScreenshot(v, label, part, save, cmp);
      }
      default -> throw v.error("unknown step " + kind);
    };
  }

  private static Tree need(Tree at, Map<String, Tree> m, String key, String step) {
    Tree t = m.get(key);
    if (t == null) throw at.error(step + " needs \"" + key + "\"");
    return t;
  }

  /** "500ms", "2s", "1.5s", "100us", "1m": units are required, as in Wokwi. */
  static double duration(Tree at, String w) {
    java.util.regex.Matcher mt = java.util.regex.Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(us|ms|s|m)\\s*").matcher(w);
    if (!mt.matches()) throw at.error("duration \"" + w + "\" needs a number and a unit: us, ms, s or m (e.g. 500ms, 2s)");
    double v = Double.parseDouble(mt.group(1));
    double s = switch (mt.group(2)) {
      case "us" -> v / 1e6;
      case "ms" -> v / 1e3;
      case "m" -> v * 60;
      default -> v;
    };
    if (s > 24 * 3600) throw at.error("duration \"" + w + "\" is longer than a day of simulated time");
    return s;
  }
}
