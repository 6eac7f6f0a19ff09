package dev.avrkit.codegen.project;

import dev.avrkit.codegen.AvrToolchain;
import dev.avrkit.codegen.LinkerArgs;
import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.board.Board;
import dev.avrkit.device.board.Boards;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a project with cargo ({@code avrkit build}) and measures each firmware.
 *
 * <ul>
 *   <li>With a rustup nightly that has {@code avr-none} and rust-src: {@code cargo +nightly build}
 *       in the project; its {@code .cargo/config.toml} does the rest (target-cpu, build-std).
 *   <li>With a distribution's rustc + rust-src (Debian's 1.63): avrkit builds {@code core} for the
 *       chip's core into a cached sysroot ({@link AvrToolchain#buildSysroot}), then runs that
 *       toolchain's cargo offline with the target JSON, {@code --sysroot} and the link arguments.
 *       Cargo runs outside the project folder so that the nightly settings of the project's
 *       {@code .cargo/config.toml} (build-std) do not apply.
 * </ul>
 */
public final class ProjectBuild {
  private ProjectBuild() {}

  /** Which Rust toolchain to use. */
  public enum ToolchainChoice {
    /** The best one found: nightly with avr-none, else the distribution's rustc. */
    AUTO,
    /** rustup's nightly with the built-in avr-none target. */
    NIGHTLY,
    /** The distribution's rustc + rust-src (Debian/Ubuntu /usr/bin/rustc) with a target JSON. */
    SYSTEM
  }

  /**
   * Build options.
   *
   * @param release the release profile instead of dev
   * @param example build only this example (null: the binary and every example)
   * @param toolchain which toolchain
   * @param sysrootCache where {@code core} builds are cached
   */
  public record Options(boolean release, String example, ToolchainChoice toolchain, Path sysrootCache) {
    /** Defaults: dev profile, everything, best toolchain, the user's cache. */
    public static Options defaults() {
      return new Options(false, null, ToolchainChoice.AUTO, AvrToolchain.defaultCache());
    }
  }

  /**
   * A finished build.
   *
   * @param toolchain the toolchain's description ("rustc 1.63.0 (Debian) with target JSON avr-avrxmega3")
   * @param sizes one report per firmware ELF, the binary first
   */
  public record Result(String toolchain, List<SizeReport> sizes) {
    public Result {
      sizes = List.copyOf(sizes);
    }

    /** The ELF of the binary (when {@code example} is null) or of the example. */
    public Path firmware() {
      return sizes.get(0).elf();
    }
  }

  /** Picks the toolchain; an {@link AvrkitException} saying what to install when there is none. */
  public static AvrToolchain toolchain(ToolchainChoice c) {
    List<AvrToolchain> all = AvrToolchain.detectAll();
    Optional<AvrToolchain> t = switch (c) {
      case AUTO -> all.stream().findFirst();
      case NIGHTLY -> all.stream().filter(x -> x.kind() == AvrToolchain.Kind.BUILTIN_AVR_NONE).findFirst();
      case SYSTEM -> all.stream().filter(x -> x.kind() == AvrToolchain.Kind.TARGET_JSON).findFirst();
    };
    return t.orElseThrow(() -> new AvrkitException("no Rust toolchain that can build for AVR"
        + (c == ToolchainChoice.AUTO ? "" : " of the kind asked for (" + c.name().toLowerCase(Locale.ROOT) + ")")
        + ": " + String.join("; ", AvrToolchain.problems().isEmpty()
            ? List.of("install rustc + rust-src (Debian/Ubuntu: sudo apt-get install rustc cargo rust-src gcc-avr avr-libc) "
                + "or a rustup nightly (rustup toolchain install nightly --component rust-src)")
            : AvrToolchain.problems())
        + "; `avrkit doctor` checks everything"));
  }

  /**
   * Builds the project and checks that each firmware fits.
   *
   * @param log cargo's messages and avrkit's progress lines go here
   */
  public static Result build(Project p, Device d, Options o, PrintStream log) throws IOException {
    AvrToolchain tc = toolchain(o.toolchain());
    List<String> cmd = new ArrayList<>();
    ProcessBuilder pb;
    String desc;
    if (tc.kind() == AvrToolchain.Kind.BUILTIN_AVR_NONE) {
      cmd.addAll(List.of("rustup", "run", "nightly", "cargo", "build"));
      pb = new ProcessBuilder().directory(p.dir().toFile());
      desc = tc.version() + " with the built-in avr-none target (-C target-cpu=" + d.name().toLowerCase(Locale.ROOT) + ")";
    } else {
      log.println("avrkit: core for " + d.name() + " from " + tc.coreSource() + " (cached in " + o.sysrootCache() + ")");
      Path sysroot = tc.buildSysroot(d, o.sysrootCache());
      List<String> target = tc.targetFlags(d, sysroot);
      Path cargo = cargoFor(tc);
      cmd.addAll(List.of(cargo.toString(), "build", "--offline", "--manifest-path", p.dir().resolve("Cargo.toml").toString()));
      cmd.addAll(target);
      pb = new ProcessBuilder().directory(sysroot.toFile());
      List<String> flags = new ArrayList<>(List.of("--sysroot", sysroot.toString()));
      flags.addAll(LinkerArgs.of(d).rustcFlags());
      flags.add("-Clink-arg=-lc");
      pb.environment().put("RUSTFLAGS", String.join(" ", flags));
      pb.environment().put("RUSTC", tc.rustc());
      pb.environment().put("RUSTC_BOOTSTRAP", "1");
      pb.environment().remove("CARGO_BUILD_TARGET");
      desc = tc.version() + " with target JSON " + target.get(1).replaceAll(".*/", "") + " and core built from rust-src";
    }
    if (o.release()) cmd.add("--release");
    if (o.example() != null) {
      cmd.addAll(List.of("--example", o.example()));
    } else {
      cmd.addAll(List.of("--bins", "--examples"));
    }
    cmd.add("--message-format=json-render-diagnostics");
    pb.command(cmd).redirectErrorStream(false);
    log.println("avrkit: building " + p.name() + " for the " + d.name() + " with " + desc);
    Process proc = pb.start();
    Thread err = pump(proc.getErrorStream(), log);
    List<Path> elfs = new ArrayList<>();
    Pattern exe = Pattern.compile("\"executable\":\"([^\"]+)\"");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        Matcher m = exe.matcher(line);
        if (m.find()) elfs.add(Path.of(m.group(1).replace("\\\\", "\\")));
      }
    }
    int rc;
    try {
      rc = proc.waitFor();
      err.join();
    } catch (InterruptedException e) {
      proc.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (rc != 0) {
      throw new AvrkitException("cargo build failed for " + p.name() + " (exit " + rc + "); the compiler's messages are above");
    }
    if (elfs.isEmpty()) throw new AvrkitException("cargo built nothing for " + p.name() + " (no binary or example)");
    // the binary first, then the examples in name order
    elfs.sort((a, b) -> {
      boolean ea = a.getParent().getFileName().toString().equals("examples");
      boolean eb = b.getParent().getFileName().toString().equals("examples");
      return ea != eb ? (ea ? 1 : -1) : a.getFileName().compareTo(b.getFileName());
    });
    long flashLimit = d.memory().flashSize();
    Optional<Board> board = p.board().flatMap(Boards::find);
    if (board.isPresent() && board.get().upload().maxFlash() > 0) flashLimit = board.get().upload().maxFlash();
    List<SizeReport> sizes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path e : elfs) {
      SizeReport s = SizeReport.of(e, flashLimit, d.memory().ramSize());
      sizes.add(s);
      log.println("avrkit: " + s.line());
      if (!s.fits()) problems.add(s.problem());
    }
    if (!problems.isEmpty()) throw new AvrkitException(String.join("\n", problems));
    return new Result(desc, sizes);
  }

  /** The cargo next to the toolchain's rustc ({@code /usr/bin/cargo} for Debian's). */
  static Path cargoFor(AvrToolchain tc) {
    Path rustc = Path.of(tc.rustc());
    Path cargo = rustc.resolveSibling("cargo");
    if (!Files.isExecutable(cargo)) {
      throw new AvrkitException("no cargo next to " + rustc + "; install it (Debian/Ubuntu: sudo apt-get install cargo)");
    }
    return cargo;
  }

  private static Thread pump(InputStream in, PrintStream out) {
    Thread t = new Thread(() -> {
      try {
        in.transferTo(out);
      } catch (IOException e) {
        // the process ended
      }
      out.flush();
    }, "cargo-stderr");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
