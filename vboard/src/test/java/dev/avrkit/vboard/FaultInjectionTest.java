package dev.avrkit.vboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded faults on the virtual link, with avrdude as the host: a programmer may fail, but when it
 * reports success the memory must hold the image; after the fault a clean run succeeds.
 */
class FaultInjectionTest {
  @TempDir Path dir;
  private final List<String> events = new CopyOnWriteArrayList<>();

  @Test
  void unplugMidTransferThenRecover() throws Exception {
    byte[] image = Avrdude.randomImage(99, 4096);
    Files.write(dir.resolve("img.bin"), image);
    Faults unplug = Faults.parse("seed=5,unplug=2500:300");
    try (VirtualBoard b =
        VirtualBoard.start(
            "serialupdi:atmega4809",
            Catalogs.get(),
            VirtualBoard.Options.at(dir.resolve("port")).withFaults(unplug).withLog(events::add))) {
      String port = b.port().toString();
      // avrdude 7.1 does not give up on a hung-up port (it spins); 8 s is ample for 4 KiB
      var r =
          Avrdude.run(dir, 8, "-c", "serialupdi", "-p", "m4809", "-P", port, "-b", "115200",
              "-e", "-U", "flash:w:img.bin:r");
      assertThat(r.exit()).as(r.output()).isNotZero();
      assertThat(r.output()).doesNotContain("bytes of flash verified");
      assertThat(events).contains("unplugged (fault injection)");
      assertThat(Arrays.copyOf(b.memory("flash"), image.length)).isNotEqualTo(image);
      Thread.sleep(600);
      assertThat(events).anyMatch(e -> e.startsWith("plugged in again"));
      assertThat(Files.isSymbolicLink(b.port())).isTrue();
      var again =
          Avrdude.run(dir, 60, "-c", "serialupdi", "-p", "m4809", "-P", port, "-b", "115200",
              "-e", "-U", "flash:w:img.bin:r");
      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(Arrays.copyOf(b.memory("flash"), image.length)).isEqualTo(image);
    }
  }

  @Test
  void corruptedAndDroppedBytesNeverGiveSilentlyWrongContents() throws Exception {
    byte[] image = Avrdude.randomImage(77, 2048);
    Files.write(dir.resolve("img.bin"), image);
    Faults noisy = Faults.parse("seed=11,corrupt=0.002,drop=0.001");
    try (VirtualBoard b =
        VirtualBoard.start(
            "nano-every",
            Catalogs.get(),
            VirtualBoard.Options.at(dir.resolve("port")).withFaults(noisy).withLog(events::add))) {
      Avrdude.touch(b.port());
      // the board polls the port's settings: wait until it has seen the touch (as a user waits
      // for the board to re-enumerate) so that avrdude talks to the bridge, not to the firmware
      for (int i = 0; i < 100 && events.stream().noneMatch(e -> e.startsWith("1200-baud touch")); i++) {
        Thread.sleep(50);
      }
      assertThat(events).as("the board saw the 1200-baud touch").anyMatch(e -> e.startsWith("1200-baud touch"));
      var r =
          Avrdude.run(dir, 90, "-c", "jtag2updi", "-p", "m4809", "-P", b.port().toString(), "-b",
              "115200", "-e", "-U", "flash:w:img.bin:r");
      assertThat(b.faultsInjected()).as("faults injected; avrdude said:\n%s\nboard: %s", r.output(), events)
          .isPositive();
      if (r.exit() == 0) {
        assertThat(r.output()).contains("2048 bytes of flash verified");
        assertThat(Arrays.copyOf(b.memory("flash"), image.length)).isEqualTo(image);
      } else {
        assertThat(r.output()).containsIgnoringCase("error");
      }
    }
  }
}
