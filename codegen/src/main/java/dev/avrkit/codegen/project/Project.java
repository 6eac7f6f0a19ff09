package dev.avrkit.codegen.project;

import dev.avrkit.device.AvrkitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An avrkit firmware project on disk: a Cargo package whose {@code Cargo.toml} names the device
 * (and board) under {@code [package.metadata.avrkit]}. Immutable.
 *
 * @param dir the project folder (holds {@code Cargo.toml})
 * @param name the package name (also the name of the blink binary)
 * @param device the device name
 * @param board the board name, if the project is for a board
 */
public record Project(Path dir, String name, String device, Optional<String> board) {

  /** Reads the project in {@code dir} or the nearest parent folder with an avrkit Cargo.toml. */
  public static Project find(Path start) {
    Path d = start.toAbsolutePath().normalize();
    for (Path p = d; p != null; p = p.getParent()) {
      Path toml = p.resolve("Cargo.toml");
      if (Files.isRegularFile(toml)) {
        try {
          String s = Files.readString(toml);
          if (s.contains("[package.metadata.avrkit]")) return parse(p, s);
        } catch (IOException e) {
          throw new AvrkitException(toml + ": cannot read (" + e.getMessage() + ")");
        }
      }
    }
    throw new AvrkitException("no avrkit project in " + d + " or its parents (no Cargo.toml with "
        + "[package.metadata.avrkit]); create one with: avrkit new DIR --board nano-every");
  }

  static Project parse(Path dir, String toml) {
    String pkg = section(toml, "package");
    String meta = section(toml, "package.metadata.avrkit");
    String name = value(pkg, "name").orElseThrow(() -> new AvrkitException(dir.resolve("Cargo.toml") + ": no package name"));
    String device = value(meta, "device").orElseThrow(() -> new AvrkitException(dir.resolve("Cargo.toml")
        + ": [package.metadata.avrkit] has no device = \"...\"; add the chip name, e.g. device = \"ATmega4809\""));
    return new Project(dir, name, device, value(meta, "board"));
  }

  private static String section(String toml, String name) {
    Matcher m = Pattern.compile("(?m)^\\[" + Pattern.quote(name) + "\\]\\s*$").matcher(toml);
    if (!m.find()) return "";
    int start = m.end();
    Matcher n = Pattern.compile("(?m)^\\[").matcher(toml);
    int end = n.find(start) ? n.start() : toml.length();
    return toml.substring(start, end);
  }

  private static Optional<String> value(String section, String key) {
    Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=\\s*\"([^\"]*)\"").matcher(section);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
