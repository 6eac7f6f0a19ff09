package dev.avrkit.codegen.hal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.codegen.AvrToolchain;
import dev.avrkit.codegen.LinkerArgs;
import dev.avrkit.codegen.PacGenerator;
import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HAL generated for one part of each family the generator supports compiles for that part
 * with the real rustc ({@code avr-none}, {@code -C target-cpu}) and {@code -D warnings}, with and
 * without its embedded-hal feature (the trait crates from {@code ../shared/rust-crates}). The
 * board tests build the Nano Every's and the Uno's HAL end to end; this catches what only other
 * parts' models generate (tinyAVR 2's ADC, AVR Dx's 12-bit ADC and routes, the 8-pin tinyAVR 0,
 * ATmega2560's many ports, the ATmega32U4's USB-era timers).
 */
class HalPartsBuildTest {
  static AvrToolchain tc;
  static Path work;
  static DeviceCatalog cat;
  static final Map<Path, Path[]> TRAITS = new java.util.HashMap<>();

  @BeforeAll
  static void toolchain() throws Exception {
    tc = AvrToolchain.system().orElseThrow(() -> new AssertionError(
        "a rustc with avr-none + rust-src (Debian 12: rustc-web, rust-web-src) + avr-gcc needed: " + AvrToolchain.problems()));
    work = Path.of("target", "test-work", "hal-parts").toAbsolutePath();
    Files.createDirectories(work);
    cat = DeviceCatalog.fromEnvironment();
  }

  static void rustc(Path dir, List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("RUSTC_BOOTSTRAP", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s\n%s", String.join(" ", cmd), out).isZero();
    assertThat(out).as("warnings of %s", String.join(" ", cmd)).doesNotContain("warning:");
  }

  static Path lib(Device d, Path sysroot, Path dir, String crate, Path src, List<String> extra, Map<String, Path> deps)
      throws Exception {
    Path out = dir.resolve("out/lib" + crate + ".rlib");
    List<String> c = new ArrayList<>(tc.rustcCommand());
    c.addAll(List.of("--edition", "2021", "--crate-name", crate, "--crate-type", "rlib"));
    c.addAll(tc.targetFlags(d));
    c.addAll(List.of("--sysroot", sysroot.toString(), "-Copt-level=s", "-Cpanic=abort"));
    c.addAll(LinkerArgs.COMPILER_FLAGS);
    for (var e : deps.entrySet()) c.addAll(List.of("--extern", e.getKey() + "=" + e.getValue()));
    c.addAll(List.of("-L", dir.resolve("out").toString()));
    c.addAll(extra);
    c.addAll(List.of(src.toString(), "-o", out.toString()));
    rustc(dir, c);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  // instruction sets whose core AvrBuildTest builds anyway (avrxmega3/4, avr5, avr6): a core is
  // the slow part of a build here
  @ValueSource(strings = {"ATtiny1627", "ATtiny402", "AVR128DA48", "ATmega2560", "ATmega32U4"})
  void halCompilesWithoutWarnings(String name) throws Exception {
    Device d = cat.device(name);
    assertThat(HalGenerator.supports(d, 16_000_000)).as("%s gets a HAL at 16 MHz", name).isTrue();
    Path dir = work.resolve(name);
    Files.createDirectories(dir.resolve("out"));
    Path sysroot = tc.buildSysroot(d, work.resolveSibling("sysroots")); // shared with AvrBuildTest
    var pac = PacGenerator.generate(d);
    pac.writeTo(dir.resolve("pac"), false);
    Path pacLib = lib(d, sysroot, dir, pac.rustName(), dir.resolve("pac/src/lib.rs"), List.of("-Dwarnings"), Map.of());
    Path crates = Path.of(System.getProperty("avrkit.repo", "..")).resolve("../shared/rust-crates").toAbsolutePath()
        .normalize();
    // the trait crates once per instruction set (they do not depend on the chip)
    Path[] traits = TRAITS.get(sysroot);
    if (traits == null) {
      Path tdir = work.resolve("traits-" + sysroot.getFileName());
      Files.createDirectories(tdir.resolve("out"));
      traits = new Path[] {
        lib(d, sysroot, tdir, "embedded_hal", crates.resolve("embedded-hal-1.0.0/src/lib.rs"),
            List.of("--cap-lints", "allow"), Map.of()),
        lib(d, sysroot, tdir, "embedded_io", crates.resolve("embedded-io-0.6.1/src/lib.rs"),
            List.of("--cap-lints", "allow"), Map.of())};
      TRAITS.put(sysroot, traits);
    }
    Path eh = traits[0];
    Path eio = traits[1];
    for (boolean feature : new boolean[] {false, true}) {
      Map<String, String> files = HalGenerator.generate(d, Optional.empty(), 16_000_000, feature);
      Path hal = dir.resolve(feature ? "hal-eh" : "hal");
      for (var e : files.entrySet()) {
        Path f = hal.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue());
      }
      List<String> extra = new ArrayList<>(List.of("-Dwarnings"));
      Map<String, Path> deps = new java.util.LinkedHashMap<>(Map.of("pac", pacLib));
      if (feature) {
        extra.addAll(List.of("--cfg", "feature=\"embedded-hal\""));
        deps.put("embedded_hal", eh);
        deps.put("embedded_io", eio);
      } else {
        extra.addAll(List.of("--check-cfg", "cfg(feature, values(\"embedded-hal\"))"));
      }
      lib(d, sysroot, dir, HalGenerator.crateName(d).replace('-', '_') + (feature ? "_eh" : ""),
          hal.resolve("src/lib.rs"), extra, deps);
    }
  }
}
