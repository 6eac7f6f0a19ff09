package dev.avrkit.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A generated crate: file contents by path relative to the crate folder ({@code Cargo.toml},
 * {@code src/lib.rs}, ...). Immutable.
 *
 * @param name the package name ({@code avr-atmega4809})
 * @param device the device name
 * @param files relative path to content
 * @param registerAddresses "INSTANCE.PATH" of each register reachable as a struct field (model
 *     paths: "PORTE.DIRSET", "TCA0.SINGLE.CTRLA", "PORTA.PIN3CTRL") to a Rust constant expression
 *     for its address in this crate's layout (uses {@code core::mem::offset_of!}, Rust 1.77+);
 *     for checking the layout against other sources
 * @param fieldMasks "MODULE.REGISTER.FIELD" to the mask the crate's field accessors use
 */
public record GeneratedCrate(
    String name, String device, Map<String, String> files, Map<String, String> registerAddresses,
    Map<String, Long> fieldMasks) {
  public GeneratedCrate {
    files = Map.copyOf(files);
    registerAddresses = Map.copyOf(registerAddresses);
    fieldMasks = Map.copyOf(fieldMasks);
  }

  /** The Rust name of the crate ({@code avr_atmega4809}). */
  public String rustName() {
    return name.replace('-', '_');
  }

  /**
   * Writes the crate into {@code dir} (created if needed; existing generated files are replaced)
   * and formats it with {@code rustfmt} when one is on the PATH.
   *
   * @return true when rustfmt formatted the sources
   */
  public boolean writeTo(Path dir) throws IOException {
    return writeTo(dir, true);
  }

  /**
   * Writes the crate into {@code dir}; formats it with rustfmt when {@code format} is set and
   * rustfmt is installed.
   *
   * @return true when rustfmt formatted the sources
   */
  public boolean writeTo(Path dir, boolean format) throws IOException {
    for (var e : files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
    }
    return format && rustfmt(dir);
  }

  /** Runs rustfmt over the crate's sources; false when rustfmt is not installed. */
  static boolean rustfmt(Path dir) throws IOException {
    var exe = AvrToolchain.onPath("rustfmt");
    if (exe.isEmpty()) return false;
    List<String> cmd = new ArrayList<>(List.of(exe.get(), "--edition", "2021"));
    try (var s = Files.walk(dir.resolve("src"))) {
      s.filter(p -> p.toString().endsWith(".rs")).forEach(p -> cmd.add(p.toString()));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("rustfmt failed on " + dir + ":\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return true;
  }
}
