package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicesCommandTest {
  @TempDir Path cache;

  CliRun run(String... args) {
    String[] a = new String[args.length + 1];
    a[0] = args[0];
    a[1] = "--packs=" + CliRun.packs();
    System.arraycopy(args, 1, a, 2, args.length - 1);
    return CliRun.run(cache, a);
  }

  @Test
  void listsAllDevicesAndWritesTheIndex() {
    CliRun r = run("devices");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("(?m)^ATmega4809 +AVR MEGA +AVRxt +48K +6K +256 +UPDI +ATmega_DFP 2.3.126$");
    assertThat(r.out()).containsPattern("(?m)^ATmega328P +megaAVR +AVRe\\+ +32K +2K +1K +ISP,HVPP,debugWIRE +ATmega_DFP 2.3.126$");
    assertThat(r.out()).containsPattern("(?m)^30[0-9] devices$");
    assertThat(cache.resolve("index").toFile().list()).hasSize(1);
    // a second run answers from the index: same output
    assertThat(run("devices").out()).isEqualTo(r.out());
  }

  /** A damaged index (cut short at a line, cut mid-line, garbage, empty) is rebuilt, never fatal or believed. */
  @Test
  void aDamagedIndexIsRebuilt() throws Exception {
    CliRun r = run("devices");
    assertThat(r.exit()).as(r.err()).isZero();
    Path index;
    try (var s = java.nio.file.Files.list(cache.resolve("index"))) {
      index = s.filter(p -> p.toString().endsWith(".tsv")).findFirst().orElseThrow();
    }
    String good = java.nio.file.Files.readString(index);
    int half = good.indexOf('\n', good.length() / 2) + 1;
    for (String bad : java.util.List.of(good.substring(0, half), good.substring(0, half + 10), "x\ty\n",
        good.replaceFirst("\tAVR8X\t", "\tPDP11\t"), "")) {
      java.nio.file.Files.writeString(index, bad);
      CliRun again = run("devices");
      assertThat(again.exit()).as(again.err()).isZero();
      assertThat(again.out()).isEqualTo(r.out());
      assertThat(java.nio.file.Files.readString(index)).isEqualTo(good);
    }
  }

  @Test
  void familyFilterAndJson() {
    CliRun r = run("devices", "--family", "AVRxt", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("[").contains("\"name\": \"ATmega4809\"").contains("\"flashSize\": 49152")
        .doesNotContain("\"name\": \"ATmega328P\"");
    CliRun bad = run("devices", "--family", "pdp11");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).startsWith("error: no device of family 'pdp11'").doesNotContain("Exception");
  }

  @Test
  void missingPackFolderIsAUserError() {
    CliRun r = CliRun.run(cache, "devices", "--packs", cache.resolve("nope").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("does not exist").contains("error: no device packs found");
  }
}
