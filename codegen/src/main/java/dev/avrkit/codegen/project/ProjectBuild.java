package dev.avrkit.codegen.project;

import dev.avrkit.codegen.AvrToolchain;
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
 * Builds a project with cargo ({@code avrkit build}) and measures each firmware. It runs cargo in
 * the project folder, the same as {@code cargo build} there, with the toolchain the project's
 * {@code .cargo/config.toml} is written for ({@link NewProject#configure}): the cargo next to the
 * config's {@code build.rustc}; first the config's sysroot is checked, and built again when the
 * cache was cleared ({@link AvrToolchain#buildSysroot}).
 *
 * A config for a toolchain that is not installed (any more) is a user error that says to run
 * {@code avrkit new --config-only}. {@code RUSTFLAGS}, {@code CARGO_ENCODED_RUSTFLAGS}, {@code
 * CARGO_BUILD_TARGET}, {@code CARGO_BUILD_RUSTC} and {@code RUSTC} are removed from cargo's
 * environment: they would override the config.
 */
public final class ProjectBuild {
  private ProjectBuild() {}

  /** Which Rust toolchain a project's cargo config is written for ({@code avrkit new --toolchain}). */
  public enum ToolchainChoice {
    /** The best one found: {@code $AVRKIT_RUSTC}, else rustup's nightly, else the distribution's rustc. */
    AUTO,
    /** rustup's nightly (with rust-src). */
    NIGHTLY,
    /** The distribution's rustc + rust-src ({@code /usr/bin/rustc}, Debian 12's rustc-web) or {@code $AVRKIT_RUSTC}. */
    SYSTEM
  }

  /**
   * Build options.
   *
   * @param release the release profile instead of dev
   * @param example build only this example (null: the binary and every example)
   */
  public record Options(boolean release, String example) {
    /** Defaults: dev profile, everything. */
    public static Options defaults() {
      return new Options(false, null);
    }
  }

  /**
   * A finished build.
   *
   * @param toolchain the toolchain's description ("rustc 1.96.0 (...), target avr-none -C target-cpu=atmega4809, core built from rust-src")
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

  /**
   * Picks the toolchain; an {@link AvrkitException} saying what is missing (the minimum version,
   * rust-src, avr-gcc) and how to install it when there is none.
   */
  public static AvrToolchain toolchain(ToolchainChoice c) {
    List<AvrToolchain> all = AvrToolchain.detectAll();
    Optional<AvrToolchain> t = switch (c) {
      case AUTO -> all.stream().findFirst();
      case NIGHTLY -> all.stream().filter(x -> x.kind() == AvrToolchain.Kind.RUSTUP_NIGHTLY).findFirst();
      case SYSTEM -> all.stream().filter(x -> x.kind() == AvrToolchain.Kind.SYSTEM).findFirst();
    };
    if (t.isPresent()) return t.get();
    List<String> why = new ArrayList<>();
    for (AvrToolchain.Probe p : AvrToolchain.probeAll()) {
      boolean asked = c == ToolchainChoice.AUTO
          || (c == ToolchainChoice.NIGHTLY) == (p.kind() == AvrToolchain.Kind.RUSTUP_NIGHTLY);
      if (asked && !p.problem().isEmpty()) why.add(p.problem());
    }
    for (String p : AvrToolchain.problems()) if (!why.contains(p)) why.add(p);
    if (why.isEmpty()) why.add(c == ToolchainChoice.NIGHTLY ? "rustup is not installed" : "no rustc found");
    throw none(c, why);
  }

  private static AvrkitException none(ToolchainChoice c, List<String> why) {
    return new AvrkitException("no Rust toolchain that can build for AVR"
        + (c == ToolchainChoice.AUTO ? "" : " of the kind asked for (" + c.name().toLowerCase(Locale.ROOT) + ")")
        + " (avrkit needs rustc " + AvrToolchain.MIN_VERSION + " or newer with the avr-none target, its rust-src, and avr-gcc): "
        + String.join("; ", why)
        + ". Debian 12: sudo apt-get install rustc-web cargo-web rust-web-src gcc-avr avr-libc; any OS with rustup: "
        + "rustup toolchain install nightly --component rust-src; then `avrkit doctor` checks everything");
  }

  /**
   * Builds the project and checks that each firmware fits.
   *
   * @param log cargo's messages and avrkit's progress lines go here
   */
  public static Result build(Project p, Device d, Options o, PrintStream log) throws IOException {
    String again = "; write it for the toolchain found with: avrkit new --config-only " + p.dir();
    CargoConfig.Written cfg = CargoConfig.read(p.dir()).orElseThrow(() -> new AvrkitException(
        p.dir().resolve(CargoConfig.CONFIG) + " is missing or not avrkit's (no build.rustc)" + again));
    List<String> cmd = new ArrayList<>();
    ProcessBuilder pb = new ProcessBuilder().directory(p.dir().toFile());
    Path rustc = cfg.rustc();
    AvrToolchain tc = AvrToolchain.detectAll().stream().filter(x -> Path.of(x.rustc()).equals(rustc)).findFirst()
        .orElseThrow(() -> new AvrkitException(p.dir().resolve(CargoConfig.CONFIG) + " is written for " + rustc
            + ", which is not installed with the avr-none target and rust-src (or avr-gcc is missing)" + again));
    Path sysroot = cfg.sysroot().orElseThrow(() -> new AvrkitException(p.dir().resolve(CargoConfig.CONFIG)
        + " has no --sysroot in its rustflags" + again));
    if (!tc.sysrootCached(d, sysroot.getParent())) {
      log.println("avrkit: building core for the " + d.name() + " from " + tc.coreSource() + " into "
          + sysroot.getParent() + " (once per instruction set, about 20 s)");
    }
    Path built = tc.buildSysroot(d, sysroot.getParent());
    if (!built.equals(sysroot)) {
      throw new AvrkitException(p.dir().resolve(CargoConfig.CONFIG) + " names the sysroot " + sysroot + ", but "
          + tc.version() + " needs " + built + " (the rustc changed or the project is for another chip)" + again);
    }
    cmd.addAll(List.of(cargoFor(tc).toString(), "build"));
    String desc = tc.version() + ", target " + AvrToolchain.TARGET + " -C target-cpu=" + tc.targetCpu(d)
        + ", core built from rust-src";
    for (String v : List.of("RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "CARGO_BUILD_TARGET", "CARGO_BUILD_RUSTC", "RUSTC")) {
      pb.environment().remove(v);
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
    Path cargo = tc.cargo();
    if (!Files.isExecutable(cargo)) {
      throw new AvrkitException("no cargo next to " + tc.rustc() + "; install it (Debian 12: sudo apt-get install cargo-web; "
          + "rustup: rustup component add cargo --toolchain nightly)");
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
