package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacSvdCommandTest {
  @TempDir Path tmp;

  @Test
  void pacWritesCrateDeviceSpecsAndLinkerArgs() throws Exception {
    Path out = tmp.resolve("pac");
    CliRun r = CliRun.run(tmp, "pac", "atmega4809", "--packs", CliRun.packs().toString(), "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote crate avr-atmega4809 for ATmega4809").contains("rustc flags: --target avr-none -C target-cpu=atmega4809");
    assertThat(Files.readString(out.resolve("Cargo.toml"))).contains("name = \"avr-atmega4809\"");
    assertThat(Files.readString(out.resolve("src/lib.rs"))).contains("pub struct Peripherals");
    // avr-gcc 5.4 does not know the ATmega4809: the device-specs file links it as avrxmega3
    assertThat(Files.readString(out.resolve("avr-gcc/device-specs/specs-atmega4809")))
        .contains("*self_spec:\n\t%<mmcu=* -mmcu=avrxmega3 %<no-pie");
    assertThat(Files.readString(out.resolve("link-args.txt"))).startsWith("-B" + out.toAbsolutePath().resolve("avr-gcc"));
    assertThat(Files.readString(out.resolve("link-args.txt"))).contains("-Wl,--defsym=__DATA_REGION_ORIGIN__=0x802800");
  }

  @Test
  void svdWritesDerivedPeripherals() throws Exception {
    Path out = tmp.resolve("m4809.svd");
    CliRun r = CliRun.run(tmp, "svd", "ATmega4809", "--packs", CliRun.packs().toString(), "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String svd = Files.readString(out);
    assertThat(svd).contains("<name>PORTE</name>").contains("derivedFrom=\"PORTA\"").contains("<baseAddress>0x0480</baseAddress>");
  }

  @Test
  void unknownDeviceIsAUserError() {
    CliRun r = CliRun.run(tmp, "pac", "atmega4810", "--packs", CliRun.packs().toString(), "--out", tmp.resolve("x").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: ").doesNotContain("Exception");
  }

  @Test
  void helpDescribesTheCommands() {
    assertThat(CliRun.run(tmp, "pac", "--help").out()).contains("--out").contains("Generate a no_std Rust crate");
    assertThat(CliRun.run(tmp, "svd", "--help").out()).contains("CMSIS-SVD");
  }
}
