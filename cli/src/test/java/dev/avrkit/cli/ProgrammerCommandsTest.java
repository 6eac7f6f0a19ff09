package dev.avrkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avrkit.device.DeviceCatalog;
import dev.avrkit.vboard.VirtualBoard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The programming commands (flash, read, fuses, erase) through the command line against a virtual
 * SerialUPDI ATtiny817 on a pseudo-terminal: what they print and what the chip holds afterwards.
 */
class ProgrammerCommandsTest {
  @TempDir Path dir;

  @Test
  void flashReadFusesEraseOnAVirtualSerialUpdiChip() throws Exception {
    DeviceCatalog catalog = DeviceCatalog.of(List.of(CliRun.packs()));
    byte[] fw = new byte[3000];
    new Random(7).nextBytes(fw);
    Path bin = Files.write(dir.resolve("fw.bin"), fw);
    try (VirtualBoard b =
        VirtualBoard.start("serialupdi:ATtiny817", catalog, VirtualBoard.Options.at(dir.resolve("port")))) {
      Thread.sleep(300);
      String[] target = {"-d", "attiny817", "-c", "serialupdi", "-P", b.port().toString(), "--packs", CliRun.packs().toString()};

      CliRun flash = CliRun.run(dir.resolve("cache"), concat(new String[] {"flash", bin.toString()}, target));
      assertThat(flash.exit()).as(flash.err()).isZero();
      assertThat(Arrays.copyOf(b.memory("flash"), fw.length)).isEqualTo(fw);

      Path out = dir.resolve("back.bin");
      CliRun read = CliRun.run(dir.resolve("cache"), concat(new String[] {"read", "flash", "--out", out.toString()}, target));
      assertThat(read.exit()).as(read.err()).isZero();
      assertThat(Arrays.copyOf(Files.readAllBytes(out), fw.length)).isEqualTo(fw);

      CliRun write = CliRun.run(dir.resolve("cache"), concat(new String[] {"fuses", "write", "OSCCFG=0x01"}, target));
      assertThat(write.exit()).as(write.err()).isZero();
      CliRun show = CliRun.run(dir.resolve("cache"), concat(new String[] {"fuses", "show"}, target));
      assertThat(show.exit()).as(show.err()).isZero();
      assertThat(show.out()).containsPattern("OSCCFG.*0x01").contains("16MHZ");

      CliRun erase = CliRun.run(dir.resolve("cache"), concat(new String[] {"erase"}, target));
      assertThat(erase.exit()).as(erase.err()).isZero();
      byte[] after = b.memory("flash");
      for (int i = 0; i < fw.length; i++) assertThat(after[i]).as("flash[%d] after erase", i).isEqualTo((byte) 0xFF);
    }
  }

  /** The lock of an AVR Dx is a 32-bit KEY: shown, refused and written as four bytes. */
  @Test
  void avrDxLockKeyIsFourBytes() throws Exception {
    DeviceCatalog catalog = DeviceCatalog.of(List.of(CliRun.packs()));
    try (VirtualBoard b =
        VirtualBoard.start("serialupdi:AVR128DA48", catalog, VirtualBoard.Options.at(dir.resolve("dx")))) {
      Thread.sleep(300);
      String[] target = {"-d", "avr128da48", "-c", "serialupdi", "-P", b.port().toString(), "--packs", CliRun.packs().toString()};
      CliRun show = CliRun.run(dir.resolve("cache"), concat(new String[] {"fuses", "show"}, target));
      assertThat(show.exit()).as(show.err()).isZero();
      assertThat(show.out()).containsPattern("lock +KEY += 0x5CC5C55C +KEY=NOLOCK");

      CliRun refused = CliRun.run(dir.resolve("cache"), concat(new String[] {"fuses", "write", "KEY=0xA33A3AA3"}, target));
      assertThat(refused.exit()).isEqualTo(2);
      assertThat(refused.err()).contains("locks the chip").contains("--force");

      CliRun lock = CliRun.run(dir.resolve("cache"), concat(new String[] {"fuses", "write", "KEY=0xA33A3AA3", "--force"}, target));
      assertThat(lock.exit()).as(lock.err()).isZero();
      assertThat(lock.out()).contains("KEY = 0xA33A3AA3 (was 0x5CC5C55C), verified");
      byte[] key = b.memory("lock");
      assertThat(Arrays.copyOf(key, 4)).containsExactly(0xA3, 0x3A, 0x3A, 0xA3);
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
