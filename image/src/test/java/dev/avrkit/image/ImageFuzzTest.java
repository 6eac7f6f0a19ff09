package dev.avrkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.avrkit.device.AvrkitException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzz of the firmware readers: real avr-gcc ELF files and their Intel HEX (objcopy) with
 * bytes flipped, runs cut out, the file cut short or grown. Every mutant is read through {@link
 * FirmwareImage#load} as {@code flash}, {@code run} and {@code sim} read a file, and the symbols are
 * asked as the test runner asks them: each must give an image or an {@link AvrkitException} whose
 * first line names the file, never another exception.
 */
class ImageFuzzTest {
  @TempDir static Path dir;
  static byte[] elf;
  static byte[] hex;

  @BeforeAll
  static void build() throws Exception {
    Path e = Tools.avrGcc(dir, "atmega328p", ElfFileTest.CLASSIC);
    elf = Files.readAllBytes(e);
    Path h = dir.resolve("whole.hex");
    Tools.run(dir, "avr-objcopy", "-O", "ihex", e.toString(), h.toString());
    hex = Files.readAllBytes(h);
  }

  static byte[] mutate(byte[] base, Random r) {
    byte[] b = base.clone();
    switch (r.nextInt(5)) {
      case 0 -> { // flip a few bytes, mostly in the headers where the offsets and sizes are
        for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
          int at = r.nextBoolean() ? r.nextInt(Math.min(b.length, 256)) : r.nextInt(b.length);
          b[at] = (byte) r.nextInt(256);
        }
      }
      case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // cut short
      case 2 -> { // a run cut out
        int from = r.nextInt(b.length), len = Math.min(b.length - from, 1 + r.nextInt(64));
        byte[] c = new byte[b.length - len];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(b, from + len, c, from, b.length - from - len);
        b = c;
      }
      case 3 -> { // grown with junk
        byte[] c = Arrays.copyOf(b, b.length + 1 + r.nextInt(300));
        for (int i = b.length; i < c.length; i++) c[i] = (byte) r.nextInt(256);
        b = c;
      }
      default -> { // a 32-bit field somewhere set to an extreme value
        int at = r.nextInt(Math.max(1, Math.min(b.length, 128) - 4));
        int v = switch (r.nextInt(4)) {
          case 0 -> 0xFFFFFFFF;
          case 1 -> 0x7FFFFFFF;
          case 2 -> 0x80000000;
          default -> r.nextInt();
        };
        for (int k = 0; k < 4; k++) b[at + k] = (byte) (v >>> (8 * k));
      }
    }
    return b;
  }

  static int[] fuzz(byte[] base, String name, long seed, int rounds) throws Exception {
    Random r = new Random(seed);
    int ok = 0, refused = 0;
    for (int i = 0; i < rounds; i++) {
      byte[] m = mutate(base, r);
      Path f = dir.resolve(name);
      Files.write(f, m);
      try {
        FirmwareImage img = FirmwareImage.load(f);
        img.memories();
        if (ElfFile.isElf(m)) ElfFile.parse(m, f.toString()).symbols();
        ok++;
      } catch (AvrkitException e) {
        String first = e.getMessage().lines().findFirst().orElse("");
        assertThat(first).as("seed %d round %d", seed, i).contains(name);
        refused++;
      } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
        fail("seed " + seed + " round " + i + ": " + name + " mutant gave " + e, e);
      }
    }
    return new int[] {ok, refused};
  }

  @Test
  void elfMutantsGiveAnImageOrAClearError() throws Exception {
    int[] n = fuzz(elf, "fw.elf", 41, 1000);
    assertThat(n[1]).as("most damaged ELF files are refused").isGreaterThan(100);
    assertThat(n[0] + n[1]).isEqualTo(1000);
  }

  @Test
  void hexMutantsGiveAnImageOrAClearError() throws Exception {
    int[] n = fuzz(hex, "fw.hex", 43, 1000);
    assertThat(n[1]).as("a changed HEX byte breaks its checksum").isGreaterThan(300);
    String text = new String(hex, StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith(":");
  }
}
