package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.board.Board;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Makes a new project build with Debian's rustc 1.96 and the built-in {@code avr-none} target
 * when the project's cargo config is not yet written for it (until avrkit new writes that config
 * itself): a sysroot with {@code core} built from rust-src for the board's CPU (cached in
 * cli/target), and a linker wrapper that drops rustc's {@code -mmcu=<chip>}, which avr-gcc 5.4 does
 * not know (avrkit's link arguments give the architecture).
 */
final class HalToolchain {
  private HalToolchain() {}

  static void configure(Path dir, Board b) throws Exception {
    Path cfg = dir.resolve(".cargo/config.toml");
    String c = Files.readString(cfg);
    if (c.contains("avr-none") && c.contains("--sysroot")) return; // avrkit new wrote a working config
    String cpu = b.device().toLowerCase(Locale.ROOT);
    Path root = ProjectCommandsTest.cache().resolve("hal-sysroot").resolve(cpu);
    Path lib = root.resolve("lib/rustlib/avr-none/lib");
    if (!Files.exists(root.resolve("complete"))) {
      Files.createDirectories(lib);
      Path src = Path.of("/usr/lib/rustlib/src/rust/library/core");
      String ed = Files.readString(src.resolve("Cargo.toml")).replaceAll("(?s).*?\\nedition\\s*=\\s*\"(\\d+)\".*", "$1");
      run(root, "/usr/bin/rustc", "--edition", ed, "--crate-name", "core", "--crate-type", "rlib", "--target", "avr-none",
          "-Ctarget-cpu=" + cpu, "-Copt-level=s", "-Cpanic=abort", "-Cdebuginfo=0", "-Zforce-unstable-if-unmarked", "--cap-lints",
          "allow", src.resolve("src/lib.rs").toString(), "-o", lib.resolve("libcore.rlib").toString());
      Path cb = root.resolve("cb.rs");
      Files.writeString(cb, "#![feature(compiler_builtins)]\n#![compiler_builtins]\n#![no_std]\n#![allow(internal_features)]\n");
      run(root, "/usr/bin/rustc", "--edition", "2021", "--crate-name", "compiler_builtins", "--crate-type", "rlib", "--target",
          "avr-none", "-Ctarget-cpu=" + cpu, "--sysroot", root.toString(), "-Copt-level=s", "-Cpanic=abort",
          "-Zforce-unstable-if-unmarked", cb.toString(), "-o", lib.resolve("libcompiler_builtins.rlib").toString());
      Files.writeString(root.resolve("complete"), "");
    }
    Path cc = root.resolve("avr-cc");
    Files.writeString(cc, """
        #!/bin/bash
        a=()
        for x in "$@"; do case "$x" in -mmcu=at*) ;; *) a+=("$x");; esac; done
        exec avr-gcc "${a[@]}"
        """);
    assertThat(cc.toFile().setExecutable(true)).isTrue();
    c = c.replaceAll("(?s)\\n\\[unstable\\].*", "\n");
    c = c.replace("\"-C\", \"target-cpu=" + cpu + "\",", "\"-C\", \"target-cpu=" + cpu + "\", \"-C\", \"linker=" + cc
        + "\", \"--sysroot\", \"" + root + "\",");
    c += "[env]\nRUSTC_BOOTSTRAP = \"1\"\n";
    Files.writeString(cfg, c);
    Files.deleteIfExists(dir.resolve("rust-toolchain.toml"));
  }

  private static void run(Path dir, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("RUSTC_BOOTSTRAP", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }
}
