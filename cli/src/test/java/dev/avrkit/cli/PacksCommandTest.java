package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** avrkit packs install/list against a pack server on the loopback interface. */
class PacksCommandTest {
  @TempDir Path cache;

  @Test
  void installFromAMirrorThenList() throws Exception {
    try (PackMirror m = PackMirror.atmegaDfp()) {
      String mirror = m.url();
      CliRun empty = CliRun.run(cache, "packs", "list");
      assertThat(empty.out()).startsWith("no packs installed in " + cache.resolve("packs"));
      CliRun r = CliRun.run(cache, "packs", "install", "ATmega4809", "--mirror", mirror);
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.err()).contains("downloading ATmega_DFP 8.1.2: 100%");
      assertThat(r.out()).isEqualTo("installed ATmega_DFP 8.1.2 (1 device files) in " + cache.resolve("packs/ATmega_DFP-8.1.2") + "\n");
      CliRun l = CliRun.run(cache, "packs", "list");
      assertThat(l.out()).containsPattern("ATmega_DFP +8\\.1\\.2 +1  " + java.util.regex.Pattern.quote(cache.resolve("packs/ATmega_DFP-8.1.2").toString()));
      CliRun bad = CliRun.run(cache, "packs", "install", "pdp11", "--mirror", mirror);
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("error: no pack for 'pdp11'");
    }
  }
}
