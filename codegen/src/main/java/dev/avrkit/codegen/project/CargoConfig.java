package dev.avrkit.codegen.project;

import dev.avrkit.codegen.AvrToolchain;
import dev.avrkit.codegen.LinkerArgs;
import dev.avrkit.device.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a project that depend on the Rust toolchain, so that plain {@code cargo build} and
 * {@code cargo run} work in it, offline: {@code .cargo/config.toml} and {@code rust-toolchain.toml}.
 * They are the same for every toolchain avrkit uses ({@link AvrToolchain}): the built-in {@code
 * avr-none} target with {@code -C target-cpu}, {@code build.rustc} pinned to the rustc that was
 * checked, {@code --sysroot} of the {@code core} avrkit built from its rust-src ({@link
 * AvrToolchain#buildSysroot}), the avr-gcc link arguments, {@code RUSTC_BOOTSTRAP=1} through
 * {@code [env]} (the runtime's {@code asm!} and interrupt ABI are unstable on the AVR), the runner
 * {@code avrkit run --board B}, and a {@code rust-toolchain.toml} whose {@code path} is that
 * rustc's own prefix, so that rustup's {@code cargo} proxy (when it is first on PATH) runs the
 * same toolchain instead of rustup's default.
 */
final class CargoConfig {
  private CargoConfig() {}

  static final String CONFIG = ".cargo/config.toml";
  static final String TOOLCHAIN_FILE = "rust-toolchain.toml";

  /** What a project's config was written for, read back from {@code .cargo/config.toml}. */
  record Written(Path rustc, Optional<Path> sysroot) {}

  /** The files for the toolchain {@code tc} whose {@code core} for the device is in {@code sysroot}. */
  static Map<String, String> files(Device d, Optional<String> board, AvrToolchain tc, Path sysroot) {
    Path rustc = Path.of(tc.rustc()).toAbsolutePath();
    Path prefix = tc.rustSysroot();
    String cpu = tc.targetCpu(d);
    Map<String, String> f = new LinkedHashMap<>();
    f.put(TOOLCHAIN_FILE, """
        # rustup users: cargo and rustc of this project come from %s (%s,
        # with rust-src), the toolchain .cargo/config.toml is written for, not from rustup's default.
        # Without rustup this file is not read (cargo is then %s/bin/cargo, or give that path).
        [toolchain]
        path = "%s"
        """.formatted(prefix, tc.version(), prefix, toml(prefix.toString())));
    StringBuilder s = new StringBuilder();
    s.append("# Cargo settings for ").append(tc.version()).append(" (").append(rustc).append(") with rust-src,\n");
    s.append("# written by avrkit new. That toolchain ships no core for the AVR: avrkit built one from its\n");
    s.append("# rust-src into the sysroot below (a cache shared by every project for this instruction set), so\n");
    s.append("# that `cargo build` and `cargo run` work offline. After changing toolchains (or clearing the\n");
    s.append("# cache) write this file again with: avrkit new --config-only .   (avrkit build rebuilds a missing sysroot)\n");
    s.append("# A RUSTFLAGS environment variable would replace the rustflags below: leave it unset.\n");
    s.append("[build]\n");
    s.append("target = \"").append(AvrToolchain.TARGET).append("\"\n");
    s.append("# the rustc that built the sysroot's core (another rustc cannot load it)\n");
    s.append("rustc = \"").append(toml(rustc.toString())).append("\"\n\n");
    s.append("[target.").append(AvrToolchain.TARGET).append("]\nrustflags = [\n");
    if (tc.knowsDevice(d)) {
      s.append("    \"-C\", \"target-cpu=").append(cpu).append("\",\n");
    } else {
      s.append("    # LLVM does not know the ").append(d.name()).append(": code for its core's family\n");
      s.append("    \"-C\", \"target-cpu=").append(cpu).append("\",\n");
    }
    s.append("    \"--sysroot\", \"").append(toml(sysroot.toAbsolutePath().toString())).append("\",\n");
    // cargo test builds with the target's default panic strategy (it ignores the profiles' panic)
    s.append("    # also for cargo test (which ignores the profiles' panic setting): no unwinding on the AVR\n");
    s.append("    \"-C\", \"panic=abort\",\n");
    if (!LinkerArgs.compilerFlags(d).isEmpty()) {
      s.append("    # no source file names in panic locations: on this chip they would take RAM\n");
    }
    for (String x : LinkerArgs.compilerFlags(d)) s.append("    \"").append(toml(x)).append("\",\n");
    s.append("    # link with avr-gcc: the device-specs file in the sysroot's avr-gcc folder makes it link\n");
    s.append("    # -mmcu=").append(cpu).append(" for the core's architecture (avr-gcc 5.4 does not know every chip);\n");
    s.append("    # no avr-libc start-up files (the runtime in `pac` has its own), but its library routines (-lc)\n");
    for (String a : tc.linkArgs(d, sysroot.toAbsolutePath())) {
      s.append("    \"-C\", \"link-arg=").append(toml(a)).append("\",\n");
    }
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
      return Optional.of(new Written(Path.of(untoml(rustc.group(1))),
          sysroot.find() ? Optional.of(Path.of(untoml(sysroot.group(1)))) : Optional.empty()));
    }
    return Optional.empty();
  }
}
