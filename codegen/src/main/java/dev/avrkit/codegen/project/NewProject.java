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
    boolean existed = Files.exists(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new AvrkitException("cannot create the folder " + dir + " (" + reason(e)
          + "); check the path and that you may write there", e);
    }
    try {
      for (var e : files.entrySet()) {
        Path f = dir.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
      }
      GeneratedCrate pac = PacGenerator.generate(target.device());
      pac.writeTo(dir.resolve("pac"));
    } catch (IOException | RuntimeException e) {
      // the folder was empty or new: everything in it is ours, so take it away again
      boolean cleaned = removeContents(dir, !existed);
      String what = "could not write the project in " + dir + " (" + (e instanceof IOException io
          ? reason(io) : e.getMessage()) + "); " + (cleaned ? "nothing was left behind"
          : "it is incomplete: delete the folder and run avrkit new again");
      if (e instanceof IOException || e instanceof AvrkitException) throw new AvrkitException(what, e);
      throw new IllegalStateException(what, e);
    }
    List<String> written = new ArrayList<>(files.keySet());
    written.add("pac/");
    return new Created(dir, name, written, Templates.exampleNames(files),
        target.console().isPresent() ? tpl.helloLine() : "");
  }

  /** An I/O failure in words: which file and why (the JDK's messages are often just the path). */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException n) return "no such folder: " + parentOf(n.getFile());
    if (e instanceof java.nio.file.AccessDeniedException a) return "permission denied: " + a.getFile();
    if (e instanceof java.nio.file.FileSystemException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static String parentOf(String file) {
    Path p = file == null ? null : Path.of(file).getParent();
    return p == null ? String.valueOf(file) : p.toString();
  }

  /** Deletes what is in {@code dir} (and {@code dir} itself when asked); false if that fails. */
  private static boolean removeContents(Path dir, boolean andDir) {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (andDir || !p.equals(dir)) Files.deleteIfExists(p);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
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
