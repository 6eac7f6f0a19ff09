package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.codegen.AvrToolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** avrkit new / build / run / doctor through the command line: user mistakes and a bare device. */
class ProjectCommandsTest {
  @TempDir Path tmp;

  /** The same sysroot cache as {@link ProjectFlowTest}: the ATtiny3217 shares the 4809's core. */
  static Path cache() {
    return Path.of(System.getProperty("avrkit.repo", ".")).resolve("cli/target/test-cache").toAbsolutePath();
  }

  @Test
  void newRefusesAFolderWithFiles() throws Exception {
    Path dir = tmp.resolve("x");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("keep.txt"), "mine");
    CliRun r = CliRun.run(cache(), "new", dir.toString(), "--board", "nano-every");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("already exists and is not an empty folder").doesNotContain("Exception");
    assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("mine");
  }

  @Test
  void unknownBoardAndBadLedAreUserErrors() {
    CliRun r = CliRun.run(cache(), "new", tmp.resolve("a").toString(), "--board", "mega");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown board 'mega'", "nano-every, uno, nano");
    CliRun l = CliRun.run(cache(), "new", tmp.resolve("b").toString(), "--device", "ATtiny3217", "--led", "X9");
    assertThat(l.exit()).isEqualTo(2);
    assertThat(l.err()).contains("--led X9");
    assertThat(tmp.resolve("b")).doesNotExist();
    // the ATtiny10's PORTB has PB0-PB3 only (DDRB's mask in the model)
    CliRun p5 = CliRun.run(cache(), "new", tmp.resolve("c").toString(), "--device", "ATtiny10", "--led", "PB5");
    assertThat(p5.exit()).isEqualTo(2);
    assertThat(p5.err()).contains("ATtiny10's PORTB has no pin 5", "--led PB0");
    assertThat(tmp.resolve("c")).doesNotExist();
  }

  @Test
  void buildOutsideAProjectSaysHowToMakeOne() {
    CliRun r = CliRun.run(cache(), "build", tmp.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no avrkit project", "avrkit new DIR --board nano-every");
  }

  @Test
  void doctorFindsTheInstalledToolsAndFailsForAnUnknownDevice() {
    CliRun ok = CliRun.run(cache(), "doctor");
    assertThat(ok.out()).contains("avr-gcc 5.4", "avr-gcc does not know -mmcu=atmega4809", "rust-src", "device packs:");
    assertThat(ok.exit()).as(ok.out()).isZero();
    CliRun bad = CliRun.run(cache(), "doctor", "--device", "ATmega9999");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("FAIL  device packs:", "fix, Debian/Ubuntu:", "fix, macOS (Homebrew):", "fix, Windows:");
  }

  /**
   * --device for a part without a board: default LED and the USART0 default route. Asked for rustup's
   * nightly when it cannot build (none installed, or one without rust-src as on these machines),
   * avrkit new says why and writes nothing; with the toolchain found (Debian's rustc 1.96) it
   * builds and runs; --config-only writes the cargo config again (and drops an old target JSON).
   */
  @Test
  void bareDeviceProjectBuildsAndRuns() throws Exception {
    Path dir = tmp.resolve("tiny");
    boolean hasNightly = AvrToolchain.detectAll().stream().anyMatch(t -> t.kind() == AvrToolchain.Kind.RUSTUP_NIGHTLY);
    if (!hasNightly) {
      CliRun n = CliRun.run(cache(), "new", dir.toString(), "--device", "ATtiny3217", "--toolchain", "nightly");
      assertThat(n.exit()).isEqualTo(2);
      assertThat(n.err()).contains("no Rust toolchain that can build for AVR of the kind asked for (nightly)",
          "rustc " + AvrToolchain.MIN_VERSION + " or newer", "rustup toolchain install nightly --component rust-src")
          .doesNotContain("Exception");
      assertThat(dir).doesNotExist();
    }
    CliRun n = CliRun.run(cache(), "new", dir.toString(), "--device", "ATtiny3217", "--toolchain", "system");
    assertThat(n.exit()).as(n.err()).isZero();
    String board = Files.readString(dir.resolve("src/board.rs"));
    assertThat(board).contains("pub const F_CPU: u32 = 20000000;", "dp.PORTB.dirset.write(|w| w.pin5().set_bit());",
        "USART0 to PB2 (TX) / PB3 (RX)");
    String config = Files.readString(dir.resolve(".cargo/config.toml"));
    assertThat(config).contains("runner = \"avrkit run --device ATtiny3217\"", "target = \"avr-none\"",
        "target-cpu=attiny3217", "link-arg=-lc", "--sysroot", "rustc = \"/usr/bin/rustc\"").doesNotContain("build-std");
    assertThat(Files.readString(dir.resolve("rust-toolchain.toml"))).contains("path = \"/usr\"");

    // --config-only: the board or device comes from Cargo.toml
    CliRun both = CliRun.run(cache(), "new", dir.toString(), "--config-only", "--device", "ATtiny3217");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--config-only takes the board or device from the project's Cargo.toml");
    Files.writeString(dir.resolve(".cargo/avr-avrxmega3.json"), "{}"); // what avrkit wrote for rustc 1.63
    Files.writeString(dir.resolve(".cargo/config.toml"), "# broken\n");
    CliRun c = CliRun.run(cache(), "new", dir.toString(), "--config-only");
    assertThat(c.exit()).as(c.err()).isZero();
    assertThat(c.out()).contains("wrote the cargo config of tiny in", "for rustc 1.96", "target-cpu=attiny3217");
    assertThat(Files.readString(dir.resolve(".cargo/config.toml"))).isEqualTo(config);
    assertThat(dir.resolve(".cargo/avr-avrxmega3.json")).doesNotExist();
    assertThat(Files.readString(dir.resolve("src/board.rs"))).isEqualTo(board);

    CliRun b = CliRun.run(cache(), "build", dir.toString(), "--example", "hello");
    assertThat(b.exit()).as(b.err()).isZero();
    assertThat(b.err()).contains("hello.elf: flash ");
    Path elf = Path.of(b.out().trim());
    assertThat(elf).isRegularFile();
    CliRun run = CliRun.run(cache(), "run", elf.toString(), "--device", "ATtiny3217", "--fast");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("Hello from the ATtiny3217!\r\n");
  }
}
