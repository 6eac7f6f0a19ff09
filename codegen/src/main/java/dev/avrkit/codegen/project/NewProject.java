package dev.avrkit.codegen.project;

import dev.avrkit.codegen.GeneratedCrate;
import dev.avrkit.codegen.PacGenerator;
import dev.avrkit.device.AvrkitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates a new firmware project ({@code avrkit new}): a Cargo package that builds with no
 * further edits, for a board or a bare device.
 *
 * <pre>
 * Cargo.toml            size-friendly profiles, the register crate as path dependency "pac"
 * rust-toolchain.toml   nightly + rust-src for rustup users
 * .cargo/config.toml    target avr-none + target-cpu, link arguments, build-std, runner = avrkit
 * src/board.rs          board support: clock set-up, LED, console, delay (library "board")
 * src/main.rs           blinks the LED at 1 Hz
 * examples/hello.rs     prints a line on the console
 * examples/millis.rs    keeps time with a timer interrupt
 * pac/                  the generated register crate and start-up runtime
 * </pre>
 */
public final class NewProject {
  private NewProject() {}

  /**
   * What was created.
   *
   * @param dir the project folder
   * @param name the package name
   * @param files the files written, relative to {@code dir} (the register crate as {@code pac/})
   * @param examples the example names
   * @param helloLine the line {@code examples/hello.rs} prints (empty when there is no console)
   */
  public record Created(Path dir, String name, List<String> files, List<String> examples, String helloLine) {
    public Created {
      files = List.copyOf(files);
      examples = List.copyOf(examples);
    }
  }

  /**
   * Writes a new project into {@code dir}, which must not exist or be empty. The package name is
   * the folder's name made into a legal crate name.
   */
  public static Created create(Path dir, ProjectTarget target) throws IOException {
    if (Files.exists(dir) && !(Files.isDirectory(dir) && isEmpty(dir))) {
      throw new AvrkitException(dir + " already exists and is not an empty folder; choose a new folder name "
          + "(avrkit new never overwrites files)");
    }
    String name = packageName(dir);
    Templates tpl = new Templates(name, target);
    Map<String, String> files = tpl.files();
    Path tmp = null;
    Files.createDirectories(dir);
    try {
      for (var e : files.entrySet()) {
        Path f = dir.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
      }
      GeneratedCrate pac = PacGenerator.generate(target.device());
      pac.writeTo(dir.resolve("pac"));
    } catch (IOException | RuntimeException e) {
      throw new IOException("could not finish the project in " + dir + " (" + e.getMessage()
          + "); it is incomplete: delete the folder and run avrkit new again", e);
    }
    List<String> written = new ArrayList<>(files.keySet());
    written.add("pac/");
    return new Created(dir, name, written, Templates.exampleNames(files),
        target.console().isPresent() ? tpl.helloLine() : "");
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** The crate name for a folder: lower case, '-' for anything else, not starting with a digit. */
  static String packageName(Path dir) {
    Path f = dir.toAbsolutePath().normalize().getFileName();
    String n = (f == null ? "firmware" : f.toString()).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-")
        .replaceAll("^-+|-+$", "");
    if (n.isEmpty()) n = "firmware";
    if (Character.isDigit(n.charAt(0))) n = "fw-" + n;
    if (List.of("core", "std", "alloc", "board", "pac", "test", "proc-macro").contains(n)) n = n + "-firmware";
    return n;
  }
}
