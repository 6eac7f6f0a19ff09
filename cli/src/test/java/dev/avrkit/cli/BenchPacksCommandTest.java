package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPacksCommandTest {
  @TempDir Path cache;

  @Test
  void readsEveryFileAndPrintsTheTime() {
    Path pack = CliRun.packs().resolve("ATmega_DFP-megaAVR0-schema4.5");
    CliRun r = CliRun.run(cache, "bench", "packs", "--packs", pack.toString(), "--rounds", "2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("round 1 \\(cold\\): 8 devices, \\d+ registers, 0 problems in \\d+\\.\\d\\d s \\(goal < 3 s: (met|missed)\\)")
        .contains("round 2 (warm): 8 devices");
  }
}
