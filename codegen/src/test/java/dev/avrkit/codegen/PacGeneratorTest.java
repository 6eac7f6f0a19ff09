package dev.avrkit.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the generated crate contains, how fast it is generated, and the derived core facts. */
class PacGeneratorTest {

  @Test
  void atmega4809CrateHasTheApiTheIssueAsksFor() throws Exception {
    Device d = TestSupport.catalog().device("ATmega4809");
    PacGenerator.generate(d); // warm up
    long t0 = System.nanoTime();
    GeneratedCrate c = PacGenerator.generate(d);
    long t1 = System.nanoTime();
    String lib = c.files().get("src/lib.rs");
    assertThat(c.name()).isEqualTo("avr-atmega4809");
    assertThat(lib).contains("pub fn take() -> Option<Self>")
        .contains("pub PORTE: PORTE,")
        .contains("pub const PTR: *const port::RegisterBlock = 0x0480 as *const _;")
        .contains("pub dirset: DIRSET,")
        .contains("pub fn pin2(&mut self) -> crate::generic::BitWriter<'_, DIRSET_SPEC, 0x4>")
        .contains("pub pinctrl: [PINCTRL; 8],")
        .contains("pub fn single(&self) -> &single::RegisterBlock")
        .contains("pub fn split(&self) -> &split::RegisterBlock")
        .contains("TCA0_LUNF = 7,")
        .contains("pub const TCA0_OVF: Interrupt = Interrupt::TCA0_LUNF;")
        .contains("pub mod ccp")
        .contains("macro_rules! entry")
        .contains("macro_rules! interrupt");
    // every port instance shares one register block type
    assertThat(lib.split("pub mod port \\{", -1)).hasSize(2);
    assertThat(c.files().get("src/generic.rs")).contains("pub const HIGH_BYTE_FIRST: bool = false;");
    assertThat(c.files().get("src/runtime.rs")).contains("pub const VECTOR_COUNT: usize = 40;")
        .contains("pub const RAMEND: u16 = 0x3fff;");
    assertThat(c.registerAddresses()).containsKey("TCA0.SINGLE.CTRLA").containsKey("PORTE.PIN2CTRL");

    Path dir = TestSupport.work("pac-4809");
    long t2 = System.nanoTime();
    boolean formatted = c.writeTo(dir);
    long t3 = System.nanoTime();
    var r = TestSupport.run(dir, List.of(TestSupport.cargo(), "check", "--offline", "--message-format", "short"),
        Map.of("CARGO_TARGET_DIR", dir.resolve("target").toString()), 600);
    long t4 = System.nanoTime();
    System.out.printf("[codegen] ATmega4809 crate: generated in %.0f ms (%d lines), written%s in %.0f ms, host cargo check in %.1f s%n",
        (t1 - t0) / 1e6, lib.lines().count(), formatted ? " + rustfmt" : "", (t3 - t2) / 1e6, (t4 - t3) / 1e9);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).doesNotContain("warning");
    if (formatted) {
      var f = TestSupport.run(dir, List.of("rustfmt", "--check", "--edition", "2021", "src/lib.rs"), Map.of(), 120);
      assertThat(f.exit()).as(f.output()).isZero();
    }
  }

  @Test
  void classicCoreWritesHighByteFirstAndHasNoCcp() {
    GeneratedCrate c = PacGenerator.generate(TestSupport.catalog().device("ATmega328P"));
    assertThat(c.files().get("src/generic.rs")).contains("pub const HIGH_BYTE_FIRST: bool = true;");
    assertThat(c.files().get("src/lib.rs")).doesNotContain("pub mod ccp").contains("pub PORTB: PORTB,");
    assertThat(c.files().get("src/runtime.rs")).contains("pub const VECTOR_COUNT: usize = 26;");
  }

  @Test
  void identifiersAreLegal() {
    assertThat(RustNames.snake("IN")).isEqualTo("in_");
    assertThat(RustNames.snake("async")).isEqualTo("async_");
    assertThat(RustNames.upper("10BIT")).isEqualTo("_10BIT");
    assertThat(RustNames.upper("0V55")).isEqualTo("_0V55");
    assertThat(RustNames.snake("PIN0CTRL")).isEqualTo("pin0ctrl");
    assertThat(RustNames.upper("A-B c")).isEqualTo("A_B_C");
  }

  /** The core architecture derived from the model agrees with avr-gcc's for every device it knows. */
  @Test
  void coreArchitectureMatchesAvrGcc() throws Exception {
    var cat = TestSupport.catalog();
    Path dir = TestSupport.work("multilib");
    List<String> wrong = new ArrayList<>();
    int known = 0;
    for (var s : cat.devices()) {
      var r = TestSupport.run(dir, List.of("avr-gcc", "-mmcu=" + s.name().toLowerCase(Locale.ROOT), "-print-multi-directory"),
          Map.of(), 30);
      if (r.exit() != 0 || r.output().isBlank()) continue;
      String dirName = r.output().trim().split("/")[0];
      if (dirName.equals("tiny-stack")) dirName = "avr2";
      if (dirName.equals(".")) continue;
      known++;
      String ours = AvrCore.of(cat.device(s.name())).gccArch();
      // avr-gcc 5.4 puts the tinyAVR 0/1/2 and megaAVR 0 parts into avrxmega3 like we do; tiny
      // classic parts into avr25/avr35, and so on
      if (!ours.equals(dirName)) wrong.add(s.name() + ": avr-gcc " + dirName + ", avrkit " + ours);
    }
    System.out.printf("[codegen] core architecture checked against avr-gcc for %d devices%n", known);
    assertThat(known).isGreaterThan(150);
    assertThat(wrong).isEmpty();
  }
}
