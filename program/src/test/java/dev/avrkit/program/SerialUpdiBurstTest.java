package dev.avrkit.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.image.MemoryContent;
import dev.avrkit.image.Region;
import dev.avrkit.vboard.VirtualBoard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SerialUPDI flash bursts on a virtual ATmega4809 (NVM controller P:0): pages stream without a
 * status round trip each, the line kept busy for the data sheet's page write time. On a chip
 * with typical timing no byte is lost; on a chip whose NVM is twice as slow the page-buffer
 * stores of a burst stall the UPDI and bytes are lost (the virtual chip does what the real one
 * does), the burst's status read fails, and the pipeline writes those pages again one by one:
 * the flash still equals the image.
 */
@Timeout(120)
class SerialUpdiBurstTest {
  @TempDir Path dir;
  static DeviceCatalog catalog;

  @BeforeAll
  static void catalog() { catalog = DeviceCatalog.fromEnvironment(); }

  private static FirmwareImage image(int n, long seed) {
    byte[] f = new byte[n];
    new Random(seed).nextBytes(f);
    Arrays.fill(f, 2048, 2048 + 256, (byte) 0xFF); // two blank pages inside a burst
    return FirmwareImage.of("random-" + seed + ".bin", Map.of(Region.FLASH, MemoryContent.of(0, f)),
        Optional.empty());
  }

  /** Flashes through the same pipeline as `avrkit flash`; returns the pipeline's notes. */
  private static List<String> flash(VirtualBoard b, FirmwareImage img) {
    Device d = catalog.device("ATmega4809");
    Connection c = Connection.resolve(Optional.empty(), Optional.of(d),
        Optional.of(ProgrammerKind.parse("serialupdi")), Optional.of(b.port().toString()), 0);
    List<String> notes = Collections.synchronizedList(new ArrayList<>());
    Progress p = new Progress() {
      @Override public void begin(String task, long total) {}
      @Override public void advance(long bytes) {}
      @Override public void end() {}
      @Override public void note(String line) { notes.add(line); }
    };
    new FlashPipeline(d, c.effectiveTarget(), c.open(), p).run(FlashPipeline.Plan.of(img));
    return notes;
  }

  private static void assertHolds(VirtualBoard b, FirmwareImage img) {
    int n = (int) img.flash().end();
    assertThat(Arrays.copyOf(b.memory("flash"), n)).isEqualTo(img.flash().toArray(0, n, (byte) 0));
    assertThat(b.memory("flash")[n]).isEqualTo((byte) 0xFF);
  }

  @Test
  void typicalChipTakesBurstsWithoutLosingAByte() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (VirtualBoard b = VirtualBoard.start("serialupdi:ATmega4809", catalog,
        VirtualBoard.Options.at(dir.resolve("typical")).withLog(log::add))) {
      FirmwareImage img = image(5000, 1);
      List<String> notes = flash(b, img);
      assertHolds(b, img);
      assertThat(log).noneMatch(l -> l.contains("bytes lost"));
      assertThat(notes).noneMatch(l -> l.contains("link error"));
      b.checkHealthy();
    }
  }

  @Test
  void slowChipLosesBytesAndThePipelineWritesPageByPage() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (VirtualBoard b = VirtualBoard.start("serialupdi:ATmega4809", catalog,
        VirtualBoard.Options.at(dir.resolve("slow")).withNvmSlowdown(2).withLog(log::add))) {
      FirmwareImage img = image(5000, 2);
      List<String> notes = flash(b, img);
      assertHolds(b, img);
      assertThat(log).anyMatch(l -> l.contains("bytes lost"));
      assertThat(notes).anyMatch(l -> l.contains("writing them one at a time"));
      b.checkHealthy();
    }
  }
}
