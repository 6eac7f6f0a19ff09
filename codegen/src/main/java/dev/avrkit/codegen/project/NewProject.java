package dev.avrkit.codegen.project;

import dev.avrkit.codegen.AvrToolchain;
import dev.avrkit.codegen.GeneratedCrate;
import dev.avrkit.codegen.PacGenerator;
import dev.avrkit.device.AvrkitException;
import java.io.IOException;
import java.io.PrintStream;
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
 * rust-toolchain.toml   which toolchain rustup's cargo runs: path = the checked rustc's prefix
 * .cargo/config.toml    for the toolchain found (see {@link CargoConfig}): avr-none + target-cpu,
 *                       the cached sysroot, link arguments, runner = avrkit
 * src/board.rs          board support: clock set-up, LED, console, delay (library "board")
 * src/main.rs           blinks the LED at 1 Hz
 * examples/hello.rs     prints a line on the console
 * examples/millis.rs    keeps time with a timer interrupt
 * pac/                  the generated register crate and start-up runtime
 * hal/                  the generated HAL: pins, delays, serial, time, PWM (see HalGenerator)
 * </pre>
 *
 * Plain {@code cargo build} and {@code cargo run} then work in the project. {@link #configure}
 * writes the toolchain's files again for an existing project ({@code avrkit new --config-only}).
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
   * @param config the toolchain the cargo config is written for
   */
  public record Created(
      Path dir, String name, List<String> files, List<String> examples, String helloLine, Config config) {
    public Created {
      files = List.copyOf(files);
      examples = List.copyOf(examples);
    }
  }

  /**
   * The toolchain files written ({@code .cargo/config.toml}, {@code rust-toolchain.toml}, target JSON).
   *
   * @param toolchain what they are written for, e.g. "rustc 1.96.0 (...) (/usr/bin/rustc), target
   *     avr-none -C target-cpu=atmega4809, core built from rust-src in ..."
   * @param files the files written, relative to the project folder
   * @param warning empty, or a note (LLVM does not know the chip: built for its core's family)
   */
  public record Config(String toolchain, List<String> files, String warning) {
    public Config {
      files = List.copyOf(files);
    }
  }

  /**
   * Writes a new project into {@code dir}, which must not exist or be empty. The package name is
   * the folder's name made into a legal crate name. The cargo config is written for the toolchain
   * {@code choice} picks; its {@code core} is built into the cached sysroot in {@code sysrootCache}
   * first (about 20 s the first time per instruction set). No usable toolchain: an {@link
   * AvrkitException} naming the minimum version and the fix, and nothing is written.
   *
   * @param log progress lines ("avrkit: building core for ...") go here
   */
  public static Created create(Path dir, ProjectTarget target, ProjectBuild.ToolchainChoice choice, Path sysrootCache,
      PrintStream log) throws IOException {
    return create(dir, target, choice, sysrootCache, log, false);
  }

  /**
   * The same; with {@code embeddedHal} ({@code avrkit new --embedded-hal}) the HAL gets the
   * optional dependencies embedded-hal 1.0 and embedded-io 0.6 with its {@code embedded-hal}
   * feature, and the project turns the feature on. A target without HAL: an {@link
   * AvrkitException}, nothing written.
   */
  public static Created create(Path dir, ProjectTarget target, ProjectBuild.ToolchainChoice choice, Path sysrootCache,
      PrintStream log, boolean embeddedHal) throws IOException {
    if (embeddedHal && !dev.avrkit.codegen.hal.HalGenerator.supports(target.device(), target.clockHz())) {
      throw new AvrkitException("--embedded-hal: the " + target.title() + " gets no HAL (avrkit generates one for AVR8X "
          + "and classic AVR parts at a whole number of MHz, 4 MHz or more); leave out --embedded-hal");
    }
    if (Files.exists(dir) && !(Files.isDirectory(dir) && isEmpty(dir))) {
      throw new AvrkitException(dir + " already exists and is not an empty folder; choose a new folder name "
          + "(avrkit new never overwrites files)");
    }
    String name = packageName(dir);
    Templates tpl = new Templates(name, target, embeddedHal);
    Map<String, String> files = tpl.files();
    // the toolchain first: without one, nothing is written
    Plan plan = plan(target.device(), target.board().map(b -> b.name()), choice, sysrootCache, log);
    boolean existed = Files.exists(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new AvrkitException("cannot create the folder " + dir + " (" + reason(e)
          + "); check the path and that you may write there", e);
    }
    try {
      write(dir, files);
      for (var e : tpl.binaryFiles().entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
      write(dir, plan.files());
      GeneratedCrate pac = PacGenerator.generate(target.device());
      pac.writeTo(dir.resolve("pac"));
      if (tpl.hal()) {
        write(dir.resolve("hal"), dev.avrkit.codegen.hal.HalGenerator.generate(target.device(),
            target.board().map(b -> b.name()), target.clockHz(), embeddedHal));
      }
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
    written.addAll(tpl.binaryFiles().keySet());
    written.addAll(plan.files().keySet());
    written.add("pac/");
    if (tpl.hal()) written.add("hal/");
    return new Created(dir, name, written, Templates.exampleNames(files),
        target.console().isPresent() ? tpl.helloLine() : "", plan.config());
  }

  /**
   * Writes the toolchain files of an existing project again ({@code avrkit new --config-only}), for
   * the toolchain {@code choice} picks now: after installing or changing a Rust toolchain, or when
   * the sysroot cache was cleared. Overwrites {@code .cargo/config.toml} and {@code
   * rust-toolchain.toml}; removes a target JSON in {@code .cargo/} left by an older avrkit.
   *
   * @param d the project's device ({@link Project#device()})
   */
  public static Config configure(Project p, dev.avrkit.device.Device d, ProjectBuild.ToolchainChoice choice,
      Path sysrootCache, PrintStream log) throws IOException {
    Plan plan = plan(d, p.board(), choice, sysrootCache, log);
    Path cargoDir = p.dir().resolve(".cargo");
    if (Files.isDirectory(cargoDir)) {
      try (var s = Files.list(cargoDir)) {
        for (Path f : s.toList()) {
          String n = f.getFileName().toString();
          if (n.startsWith("avr-") && n.endsWith(".json")) Files.delete(f);
        }
      }
    }
    try {
      write(p.dir(), plan.files());
    } catch (IOException e) {
      throw new AvrkitException("could not write " + CargoConfig.CONFIG + " in " + p.dir() + " (" + reason(e)
          + "); check that you may write there", e);
    }
    return plan.config();
  }

  private record Plan(Config config, Map<String, String> files) {}

  /** Picks the toolchain, builds its sysroot (core) when it is not cached, and makes its files. */
  private static Plan plan(dev.avrkit.device.Device d, java.util.Optional<String> board, ProjectBuild.ToolchainChoice c,
      Path cache, PrintStream log) throws IOException {
    AvrToolchain tc = ProjectBuild.toolchain(c);
    if (!tc.sysrootCached(d, cache)) {
      log.println("avrkit: building core for the " + d.name() + " with " + tc.version() + " from " + tc.coreSource()
          + " into " + cache + " (once per instruction set, about 20 s)");
    }
    Path sysroot = tc.buildSysroot(d, cache);
    Map<String, String> f = CargoConfig.files(d, board, tc, sysroot);
    String cpu = tc.targetCpu(d);
    String note = tc.knowsDevice(d) ? ""
        : "the LLVM of " + tc.version() + " does not know the " + d.name() + " as a target-cpu: the project is built for its core's "
            + "family (-C target-cpu=" + cpu + ", the same instructions); a newer rustc may know the chip by name";
    return new Plan(new Config(tc.describe() + ", target " + AvrToolchain.TARGET + " -C target-cpu=" + cpu
        + ", core built from rust-src in " + sysroot, List.copyOf(f.keySet()), note), f);
  }

  private static void write(Path dir, Map<String, String> files) throws IOException {
    for (var e : files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
    }
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
