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
   * --device for a part without a board: default LED and the USART0 default route. Made first with
   * the config for rustup nightly (not installed here: avrkit build says how to switch), then
   * switched to Debian's rustc with {@code new --config-only}, built and run.
   */
  @Test
  void bareDeviceProjectBuildsAndRuns() throws Exception {
    Path dir = tmp.resolve("tiny");
    CliRun n = CliRun.run(cache(), "new", dir.toString(), "--device", "ATtiny3217", "--toolchain", "nightly");
    assertThat(n.exit()).as(n.err()).isZero();
    String board = Files.readString(dir.resolve("src/board.rs"));
    assertThat(board).contains("pub const F_CPU: u32 = 20000000;", "dp.PORTB.dirset.write(|w| w.pin5().set_bit());",
        "USART0 to PB2 (TX) / PB3 (RX)");
    String nightly = Files.readString(dir.resolve(".cargo/config.toml"));
    assertThat(nightly).contains("runner = \"avrkit run --device ATtiny3217\"", "target = \"avr-none\"",
        "target-cpu=attiny3217", "link-arg=-lc", "build-std = [\"core\"]").doesNotContain("--sysroot", "rustc =");
    assertThat(Files.readString(dir.resolve("rust-toolchain.toml"))).contains("channel = \"nightly\"");
    boolean hasNightly = AvrToolchain.detectAll().stream().anyMatch(t -> t.kind() == AvrToolchain.Kind.BUILTIN_AVR_NONE);
    if (!hasNightly) {
      assertThat(n.out()).contains("note: no rustup nightly with the avr-none target");
      CliRun bad = CliRun.run(cache(), "build", dir.toString());
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("written for rustup nightly, which is not installed", "avrkit new --config-only");
    }

    // --config-only: the board or device comes from Cargo.toml
    CliRun both = CliRun.run(cache(), "new", dir.toString(), "--config-only", "--device", "ATtiny3217");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--config-only takes the board or device from the project's Cargo.toml");
    CliRun c = CliRun.run(cache(), "new", dir.toString(), "--config-only", "--toolchain", "system");
    assertThat(c.exit()).as(c.err()).isZero();
    assertThat(c.out()).contains("wrote the cargo config of tiny in", "for rustc 1.63", ".cargo/avr-avrxmega3.json");
    assertThat(Files.readString(dir.resolve(".cargo/config.toml"))).contains("runner = \"avrkit run --device ATtiny3217\"",
        "rustc = \"/usr/bin/rustc\"", "--sysroot").doesNotContain("build-std");
    assertThat(Files.readString(dir.resolve("rust-toolchain.toml"))).contains("path = \"/usr\"");
    assertThat(Files.readString(dir.resolve("src/board.rs"))).isEqualTo(board);

    CliRun b = CliRun.run(cache(), "build", dir.toString(), "--example", "hello");
    assertThat(b.exit()).as(b.err()).isZero();
    assertThat(b.err()).contains("hello.elf: flash ");
    Path elf = Path.of(b.out().trim());
    assertThat(elf).isRegularFile();
    CliRun run = CliRun.run(cache(), "run", elf.toString(), "--device", "ATtiny3217", "--fast");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("Hello from the ATtiny3217!\r\n");

    // back to nightly: the target JSON goes
    CliRun back = CliRun.run(cache(), "new", dir.toString(), "--config-only", "--toolchain", "nightly");
    assertThat(back.exit()).as(back.err()).isZero();
    assertThat(dir.resolve(".cargo/avr-avrxmega3.json")).doesNotExist();
    assertThat(Files.readString(dir.resolve(".cargo/config.toml"))).isEqualTo(nightly);
  }
}
