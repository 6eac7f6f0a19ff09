package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh machine, as a new user has it: avrkit run as its own process with no AVRKIT_PACKS and an
 * empty cache. A command that needs a device installs its pack from the pack server (here a local
 * mirror on 127.0.0.1 holding a pack made from ../shared/atdf) on first use; offline it says which
 * pack, where from and the way round. And {@code avrkit doctor} with a toolchain that cannot build:
 * a rustc without rust-src, a rustc without avr-none, no avr-gcc: exit 1 with the fix.
 */
class FirstRunTest {
  @TempDir Path tmp;

  record Proc(int exit, String out, String err) {}

  /** avrkit as its own process: this build's classes, the given cache and environment. */
  Proc avrkit(Path cache, Map<String, String> env, String... args) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Davrkit.cacheDir=" + cache, "-cp", cp, "dev.avrkit.cli.Main"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("AVRKIT_PACKS");
    pb.environment().remove("AVRKIT_PACKS_DEFAULT");
    pb.environment().remove("AVRKIT_RUSTC");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("avrkit " + String.join(" ", args) + " did not finish in 300 s");
    }
    return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void aDeviceCommandInstallsThePackOnFirstUse() throws Exception {
    try (PackMirror m = PackMirror.atmegaDfp()) {
      String mirror = m.url();
      Path cache = tmp.resolve("cache");
      Map<String, String> env = Map.of("AVRKIT_PACK_MIRROR", mirror);
      Proc first = avrkit(cache, env, "info", "ATmega4809");
      assertThat(first.exit()).as(first.err()).isZero();
      Path folder = cache.resolve("packs/ATmega_DFP-8.1.2");
      assertThat(first.err()).contains("avrkit: no pack read describes the ATmega4809: installing ATmega_DFP 8.1.2 from " + mirror,
          "downloading ATmega_DFP 8.1.2 [####################] 100% of ",
          "avrkit: installed ATmega_DFP 8.1.2 (1 device files) in " + folder);
      assertThat(first.out()).contains("ATmega4809");
      assertThat(folder.resolve("atdf/ATmega4809.atdf")).isRegularFile();
      int fetched = m.requests();
      assertThat(fetched).isEqualTo(2); // the index and the pack

      // the second time the pack is there: no server, no install line
      Proc again = avrkit(cache, env, "info", "ATmega4809");
      assertThat(again.exit()).as(again.err()).isZero();
      assertThat(again.err()).doesNotContain("installing");
      assertThat(again.out()).isEqualTo(first.out());
      // a name of a pack that is installed (a typo) is an unknown device, without asking the server
      Proc typo = avrkit(cache, env, "info", "ATmega4808x");
      assertThat(typo.exit()).isEqualTo(2);
      assertThat(typo.err()).startsWith("error: unknown device 'ATmega4808x'").contains("did you mean ATmega4809");
      assertThat(m.requests()).isEqualTo(fetched);
    }
  }

  @Test
  void offlineTheErrorNamesThePackItsServerAndTheWayRound() throws Exception {
    Proc r = avrkit(tmp.resolve("cache"), Map.of("AVRKIT_PACK_MIRROR", "http://127.0.0.1:9/packs/"),
        "new", tmp.resolve("blinky").toString(), "--board", "nano-every");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: unknown device 'ATmega4809': it is described by Microchip's ATmega_DFP pack")
        .contains("installing it from http://127.0.0.1:9/packs/ failed", "avrkit packs install ATmega_DFP",
            "--packs PATH or AVRKIT_PACKS=PATH")
        .doesNotContain("Exception", "\tat ");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(tmp.resolve("blinky")).doesNotExist();
  }

  /** rustup's stable rustc (as on these machines): a real rustc with avr-none, without rust-src. */
  @Test
  void doctorFailsWithAFixForARustcWithoutRustSrc() throws Exception {
    Path stable = Path.of(System.getProperty("user.home"), ".rustup/toolchains/stable-x86_64-unknown-linux-gnu");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(stable.resolve("bin/rustc"))
        && !Files.exists(stable.resolve("lib/rustlib/src/rust/library/core")), "rustup's stable without rust-src");
    Proc d = avrkit(ProjectCommandsTest.cache(), Map.of("AVRKIT_RUSTC", stable.resolve("bin/rustc").toString(),
        "AVRKIT_PACKS", CliRun.packs().toString()), "doctor", "--board", "nano-every");
    assertThat(d.exit()).as(d.out()).isEqualTo(1);
    assertThat(d.out()).contains("FAIL  rustc 1.", "has no rust-src (" + stable.resolve("lib/rustlib/src/rust/library/core"),
        "rustup component add rust-src --toolchain stable-x86_64-unknown-linux-gnu",
        "fix, Debian/Ubuntu:    Debian 12: sudo apt-get install rustc-web cargo-web rust-web-src",
        "fix, macOS (Homebrew): ", "fix, Windows:          ", "avrkit doctor: some checks failed")
        .doesNotContain("avrkit doctor: ready");
  }

  /**
   * A rustc without avr-none: Debian 12's default rustc 1.63 is not on this machine (rustc-web
   * replaced it), so a script stands in for it, answering --version and --print like rustc 1.63.
   */
  @Test
  void doctorFailsWithAFixForARustcWithoutAvrNone() throws Exception {
    Path rustc = tmp.resolve("old/bin/rustc");
    Files.createDirectories(rustc.getParent());
    Files.writeString(rustc, """
        #!/bin/sh
        case "$*" in
          --version) echo "rustc 1.63.0" ;;
          "--print target-list") printf 'avr-unknown-gnu-atmega328\\nx86_64-unknown-linux-gnu\\n' ;;
          "--print sysroot") echo /usr ;;
          *) echo "error: unknown target avr-none" >&2; exit 1 ;;
        esac
        """);
    assertThat(rustc.toFile().setExecutable(true)).isTrue();
    Proc d = avrkit(ProjectCommandsTest.cache(), Map.of("AVRKIT_RUSTC", rustc.toString(),
        "AVRKIT_PACKS", CliRun.packs().toString()), "doctor");
    assertThat(d.exit()).as(d.out()).isEqualTo(1);
    assertThat(d.out()).contains("FAIL  rustc 1.63.0 (" + rustc + ") has no avr-none target: avrkit needs rustc 1.87 or newer",
        "rustup toolchain install nightly --component rust-src", "avrkit doctor: some checks failed");
    // avrkit new names the same minimum and fix, and writes nothing
    Proc n = avrkit(ProjectCommandsTest.cache(), Map.of("AVRKIT_RUSTC", rustc.toString(),
        "AVRKIT_PACKS", CliRun.packs().toString()), "new", tmp.resolve("p").toString(), "--board", "uno");
    assertThat(n.exit()).isEqualTo(2);
    assertThat(n.err()).contains("error: no Rust toolchain that can build for AVR", "rustc 1.87 or newer",
        "sudo apt-get install rustc-web cargo-web rust-web-src").doesNotContain("Exception");
    assertThat(tmp.resolve("p")).doesNotExist();
  }

  @Test
  void doctorFailsWithAFixWithoutAvrGcc() throws Exception {
    Path empty = tmp.resolve("empty-bin");
    Files.createDirectories(empty);
    Proc d = avrkit(ProjectCommandsTest.cache(), Map.of("PATH", empty.toString(),
        "AVRKIT_PACKS", CliRun.packs().toString()), "doctor");
    assertThat(d.exit()).as(d.out()).isEqualTo(1);
    assertThat(d.out()).contains("FAIL  avr-gcc not found on PATH", "fix, Debian/Ubuntu:    sudo apt-get install gcc-avr avr-libc",
        "avrkit doctor: some checks failed");
  }
}
