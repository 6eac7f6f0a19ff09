package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.codegen.AvrToolchain;
import dev.avrkit.codegen.LinkerArgs;
import dev.avrkit.codegen.PacGenerator;
import dev.avrkit.codegen.hal.HalGenerator;
import dev.avrkit.device.Device;
import dev.avrkit.device.board.Board;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds firmware against the generated register crate and HAL with Debian's rustc 1.96 and its
 * built-in {@code avr-none} target, calling rustc directly (no cargo, no project): core from
 * rust-src into the sysroot cache in cli/target that the project tests share ({@link
 * AvrToolchain#buildSysroot}), the register crate and the HAL as rlibs, then the firmware linked by
 * avr-gcc with avrkit's link arguments ({@link AvrToolchain#linkArgs}: the device-specs file lets
 * avr-gcc 5.4 link rustc's {@code -mmcu=<chip>} for the core's architecture). With {@code embeddedHal}, the HAL is generated as
 * {@code avrkit new --embedded-hal} generates it and built with its {@code embedded-hal} feature
 * as cargo would build it (the cfg, the trait crates' sources from {@code ../shared/rust-crates} as
 * {@code embedded_hal} and {@code embedded_io}), offline; {@code EmbeddedHalTest} builds that
 * feature through cargo.
 */
final class HalBuild {
  static final String RUSTC = "/usr/bin/rustc";

  final AvrToolchain tc;
  final Device device;
  final Board board;
  final Path dir;
  final Path sysroot;
  final Map<String, Path> libs = new java.util.LinkedHashMap<>();

  private HalBuild(AvrToolchain tc, Device device, Board board, Path dir, Path sysroot) {
    this.tc = tc;
    this.device = device;
    this.board = board;
    this.dir = dir;
    this.sysroot = sysroot;
  }

  private static final Map<String, HalBuild> SHARED = new java.util.HashMap<>();

  /**
   * The register crate and the HAL (with its embedded-hal feature) of a board, built once per test
   * JVM for every test class that builds firmware against them, in cli/target/hal-build/BOARD.
   */
  static synchronized HalBuild shared(String boardName) throws Exception {
    HalBuild h = SHARED.get(boardName);
    if (h == null) {
      Board b = dev.avrkit.device.board.Boards.named(boardName);
      Device d = dev.avrkit.device.DeviceCatalog.fromEnvironment().device(b.device());
      Path dir = ProjectCommandsTest.cache().getParent().resolve("hal-build").resolve(boardName);
      if (Files.exists(dir)) {
        try (var w = Files.walk(dir)) {
          for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
      }
      h = of(d, b, dir, true);
      SHARED.put(boardName, h);
    }
    return h;
  }

  /** Generates and compiles the register crate and the HAL for a board into {@code dir}. */
  static HalBuild of(Device d, Board b, Path dir, boolean embeddedHal) throws Exception {
    AvrToolchain tc = AvrToolchain.system().orElseThrow(() -> new AssertionError(
        "Debian's rustc 1.96 with rust-src and avr-gcc needed: " + AvrToolchain.problems()));
    HalBuild h = new HalBuild(tc, d, b, dir, tc.buildSysroot(d, ProjectCommandsTest.cache().resolve("rust-sysroot")));
    var pac = PacGenerator.generate(d);
    pac.writeTo(dir.resolve("pac"), false);
    var files = HalGenerator.generate(d, Optional.of(b.name()), b.clockHz(), embeddedHal);
    // what cargo would do with the generated Cargo.toml: the optional dependencies the feature turns on
    String toml = files.get("Cargo.toml");
    java.util.regex.Matcher fm = java.util.regex.Pattern.compile("(?m)^embedded-hal = \\[(.*)]$").matcher(toml);
    List<String> optional = new ArrayList<>();
    if (fm.find()) {
      for (String dep : fm.group(1).split(",")) optional.add(dep.trim().replaceAll("^\"dep:|\"$", ""));
    }
    assertThat(optional).as("the embedded-hal feature's dependencies in\n%s", toml)
        .isEqualTo(embeddedHal ? List.of("embedded-hal", "embedded-io") : List.of());
    for (var e : files.entrySet()) {
      Path f = dir.resolve("hal").resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue());
    }
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    h.lib("pac", pac.rustName(), dir.resolve("pac/src/lib.rs"), List.of(), Map.of());
    // the cfgs checked as cargo checks them (a misspelt feature name in the HAL is then an error)
    List<String> extra = new ArrayList<>(List.of("-Dwarnings", "--check-cfg", "cfg(feature, values(\"embedded-hal\"))"));
    Map<String, String> deps = new java.util.LinkedHashMap<>(Map.of("pac", "pac"));
    Path crates = Path.of(System.getProperty("avrkit.repo", ".")).resolve("../shared/rust-crates").toAbsolutePath().normalize();
    for (String dep : optional) {
      // the version the Cargo.toml asks for, from ../shared/rust-crates (embedded-hal-1.0.0 for "1.0")
      String version = toml.replaceAll("(?s).*\n" + dep + " = \\{ version = \"([^\"]+)\".*", "$1");
      Path src;
      try (var dirs = Files.list(crates)) {
        src = dirs.filter(p -> p.getFileName().toString().startsWith(dep + "-" + version + ".")).findFirst()
            .orElseThrow(() -> new AssertionError(dep + " " + version + " is not in " + crates)).resolve("src/lib.rs");
      }
      String name = dep.replace('-', '_');
      h.lib(name, name, src, List.of("--cap-lints", "allow"), Map.of());
      deps.put(name, name);
    }
    if (!optional.isEmpty()) extra.addAll(List.of("--cfg", "feature=\"embedded-hal\""));
    h.lib("hal", HalGenerator.crateName(d).replace('-', '_'), dir.resolve("hal/src/lib.rs"), extra, deps);
    return h;
  }

  /** A simulated chip of this build's board: its clock and fuses, {@code console} on its USARTs if not null. */
  dev.avrkit.sim.Machine machine(dev.avrkit.sim.UartConsole console) {
    dev.avrkit.sim.Machine.Builder mb = dev.avrkit.sim.Machine.builder(device).clockHz(board.clockHz());
    if (console != null) mb.console(console);
    board.fuses().forEach(mb::fuse);
    return mb.build();
  }

  /** Compiles a library crate; {@code deps} maps the name it uses to a library built before. */
  void lib(String key, String crate, Path src, List<String> extra, Map<String, String> deps) throws Exception {
    Path out = dir.resolve("out/lib" + crate + ".rlib");
    List<String> c = new ArrayList<>(List.of(RUSTC, "--edition", "2021", "--crate-name", crate, "--crate-type", "rlib"));
    c.addAll(target());
    for (var e : deps.entrySet()) c.addAll(List.of("--extern", e.getKey() + "=" + libs.get(e.getValue())));
    c.addAll(List.of("-L", dir.resolve("out").toString()));
    c.addAll(extra);
    c.addAll(List.of(src.toString(), "-o", out.toString()));
    run(dir, c);
    libs.put(key, out);
  }

  /** Compiles and links {@code main} (using {@code hal}, and the trait crates when built) into an ELF. */
  Path firmware(String name, String main) throws Exception {
    Path src = dir.resolve(name + ".rs");
    Files.writeString(src, main);
    Path elf = dir.resolve("out/" + name + ".elf");
    List<String> c = new ArrayList<>(List.of(RUSTC, "--edition", "2021", "--crate-type", "bin"));
    c.addAll(target());
    c.add("-Clinker=" + tc.avrGcc());
    for (String k : List.of("hal", "embedded_hal", "embedded_io")) {
      if (libs.containsKey(k)) c.addAll(List.of("--extern", k + "=" + libs.get(k)));
    }
    c.addAll(List.of("-L", dir.resolve("out").toString(), "-Dwarnings"));
    for (String a : tc.linkArgs(device, sysroot)) c.add("-Clink-arg=" + a);
    c.addAll(List.of(src.toString(), "-o", elf.toString()));
    run(dir, c);
    return elf;
  }

  private List<String> target() {
    List<String> t = new ArrayList<>(tc.targetFlags(device));
    t.addAll(List.of("--sysroot", sysroot.toString(), "-Copt-level=s", "-Cpanic=abort"));
    t.addAll(LinkerArgs.COMPILER_FLAGS);
    return t;
  }

  static void run(Path dir, List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("RUSTC_BOOTSTRAP", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    assertThat(rc).as("%s\n%s", String.join(" ", cmd), out).isZero();
    assertThat(out).as("warnings of %s", String.join(" ", cmd)).doesNotContain("warning:");
  }
}
