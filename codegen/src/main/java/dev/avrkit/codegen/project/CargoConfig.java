package dev.avrkit.codegen.project;

import dev.avrkit.codegen.AvrToolchain;
import dev.avrkit.codegen.LinkerArgs;
import dev.avrkit.codegen.TargetSpec;
import dev.avrkit.device.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a project that depend on the Rust toolchain, so that plain {@code cargo build} and
 * {@code cargo run} work in it: {@code .cargo/config.toml}, {@code rust-toolchain.toml} and, for a
 * distribution's rustc, the target JSON.
 *
 * <ul>
 *   <li>rustup nightly: the built-in {@code avr-none} target with {@code -C target-cpu}, {@code
 *       build-std = ["core"]} and a {@code rust-toolchain.toml} asking for nightly + rust-src.
 *   <li>A distribution's rustc + rust-src (Debian's 1.63): the target JSON in {@code .cargo/}, {@code
 *       build.rustc} pinned to that rustc, {@code --sysroot} of the cached {@code core} build ({@link
 *       AvrToolchain#buildSysroot}), {@code RUSTC_BOOTSTRAP=1} through {@code [env]}, and a {@code
 *       rust-toolchain.toml} with {@code path = "/usr"} so that rustup's {@code cargo} proxy (when it
 *       is first on PATH) runs the distribution's cargo and rustc too.
 * </ul>
 *
 * Both end with the runner {@code avrkit run --board B} (or {@code --device D}).
 */
final class CargoConfig {
  private CargoConfig() {}

  static final String CONFIG = ".cargo/config.toml";
  static final String TOOLCHAIN_FILE = "rust-toolchain.toml";

  /** What a project's config was written for, read back from {@code .cargo/config.toml}. */
  record Written(ProjectBuild.ToolchainChoice kind, Optional<Path> rustc, Optional<Path> sysroot) {}

  /** The files for rustup nightly, relative path to content. */
  static Map<String, String> nightly(Device d, Optional<String> board) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put(TOOLCHAIN_FILE, """
        # rustup: a nightly with the avr-none target's sources (core is built for the AVR).
        # Written by avrkit new for rustup nightly; for a distribution's rustc + rust-src (Debian's
        # 1.63) write this file and .cargo/config.toml again with: avrkit new --config-only .
        [toolchain]
        channel = "nightly"
        components = ["rust-src"]
        profile = "minimal"
        """);
    StringBuilder s = new StringBuilder();
    s.append("# For rustup nightly: the built-in avr-none target, with this chip as target-cpu.\n");
    s.append("# Written by avrkit new; for another toolchain write it again with: avrkit new --config-only .\n");
    s.append("[build]\ntarget = \"avr-none\"\n\n");
    s.append("[target.avr-none]\nrustflags = [\n");
    s.append("    \"-C\", \"target-cpu=").append(d.name().toLowerCase(Locale.ROOT)).append("\",\n");
    linkArgs(s, d);
    s.append("]\n\n");
    s.append("# `cargo run`: flash the board when it is connected, else run on the simulated board\n");
    s.append("# (avrkit must be on PATH).\n");
    s.append("[target.'cfg(target_arch = \"avr\")']\n").append(runner(d, board)).append("\n");
    s.append("[unstable]\nbuild-std = [\"core\"]\n");
    f.put(CONFIG, s.toString());
    return f;
  }

  /**
   * The files for a distribution's rustc ({@code tc}, kind {@link AvrToolchain.Kind#TARGET_JSON})
   * whose {@code core} for the device is in {@code sysroot}.
   */
  static Map<String, String> system(Device d, Optional<String> board, AvrToolchain tc, Path sysroot) {
    TargetSpec spec = TargetSpec.of(d);
    Path rustc = Path.of(tc.rustc()).toAbsolutePath();
    Path prefix = rustc.getParent().getParent();
    Map<String, String> f = new LinkedHashMap<>();
    f.put(TOOLCHAIN_FILE, """
        # rustup users: cargo and rustc of this project come from %s (%s + rust-src), the
        # toolchain .cargo/config.toml is written for, not from rustup's own toolchains. Without
        # rustup this file is not read (cargo is then %s/bin/cargo, or give that path).
        [toolchain]
        path = "%s"
        """.formatted(prefix, tc.version(), prefix, toml(prefix.toString())));
    f.put(".cargo/" + spec.fileName(), spec.json());
    StringBuilder s = new StringBuilder();
    s.append("# Cargo settings for ").append(tc.version()).append(" (").append(rustc).append(") with rust-src,\n");
    s.append("# written by avrkit new. That toolchain has no core for the AVR: avrkit built one from rust-src\n");
    s.append("# into the sysroot below (a cache shared by every project for this instruction set), so that\n");
    s.append("# `cargo build` and `cargo run` work offline. After changing toolchains (or clearing the cache)\n");
    s.append("# write this file again with: avrkit new --config-only .   (avrkit build rebuilds a missing sysroot)\n");
    s.append("# A RUSTFLAGS environment variable would replace the rustflags below: leave it unset.\n");
    s.append("[build]\n");
    s.append("# the target JSON for the ").append(d.name()).append("'s core (").append(spec.llvmCpu())
        .append("); rustc names the target after the file\n");
    s.append("target = \".cargo/").append(spec.fileName()).append("\"\n");
    s.append("# the rustc that built the sysroot's core (another rustc cannot load it)\n");
    s.append("rustc = \"").append(toml(rustc.toString())).append("\"\n\n");
    s.append("[target.'cfg(target_arch = \"avr\")']\nrustflags = [\n");
    s.append("    \"--sysroot\", \"").append(toml(sysroot.toAbsolutePath().toString())).append("\",\n");
    linkArgs(s, d);
    s.append("]\n");
    s.append("# `cargo run`: flash the board when it is connected, else run on the simulated board\n");
    s.append("# (avrkit must be on PATH).\n");
    s.append(runner(d, board)).append("\n");
    s.append("[env]\n");
    s.append("# a stable rustc takes core's and the runtime's unstable features (asm and interrupts on the\n");
    s.append("# AVR) only with this; cargo sets it for every rustc it runs\n");
    s.append("RUSTC_BOOTSTRAP = \"1\"\n");
    f.put(CONFIG, s.toString());
    return f;
  }

  private static void linkArgs(StringBuilder s, Device d) {
    // cargo test builds with the target's default panic strategy (it ignores the profiles' panic)
    s.append("    # also for cargo test (which ignores the profiles' panic setting): no unwinding on the AVR\n");
    s.append("    \"-C\", \"panic=abort\",\n");
    if (!LinkerArgs.compilerFlags(d).isEmpty()) {
      s.append("    # no source file names in panic locations: on this chip they would take RAM\n");
    }
    for (String f : LinkerArgs.compilerFlags(d)) s.append("    \"").append(toml(f)).append("\",\n");
    s.append("    # link with avr-gcc without avr-libc's start-up files (the runtime in `pac` has its own),\n");
    s.append("    # but with its library routines (-lc)\n");
    for (String a : LinkerArgs.of(d).args()) s.append("    \"-C\", \"link-arg=").append(toml(a)).append("\",\n");
  }

  private static String runner(Device d, Optional<String> board) {
    return "runner = \"avrkit run " + board.map(b -> "--board " + b).orElse("--device " + d.name()) + "\"\n";
  }

  private static String toml(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String untoml(String s) {
    return s.replace("\\\"", "\"").replace("\\\\", "\\");
  }

  /** What the project's {@code .cargo/config.toml} is written for; empty when there is none or it is not avrkit's. */
  static Optional<Written> read(Path projectDir) throws IOException {
    Path f = projectDir.resolve(CONFIG);
    if (!Files.isRegularFile(f)) return Optional.empty();
    String s = Files.readString(f);
    Matcher rustc = Pattern.compile("(?m)^\\s*rustc\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(s);
    Matcher sysroot = Pattern.compile("\"--sysroot\"\\s*,\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(s);
    if (rustc.find()) {
      return Optional.of(new Written(ProjectBuild.ToolchainChoice.SYSTEM, Optional.of(Path.of(untoml(rustc.group(1)))),
          sysroot.find() ? Optional.of(Path.of(untoml(sysroot.group(1)))) : Optional.empty()));
    }
    if (Pattern.compile("(?m)^\\s*build-std\\s*=").matcher(s).find()) {
      return Optional.of(new Written(ProjectBuild.ToolchainChoice.NIGHTLY, Optional.empty(), Optional.empty()));
    }
    return Optional.empty();
  }
}
