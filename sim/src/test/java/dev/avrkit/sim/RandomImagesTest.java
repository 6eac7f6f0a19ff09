package dev.avrkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.Fuse;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.image.IntelHex;
import dev.avrkit.image.MemoryContent;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzz test: thousands of random images (raw binary and Intel HEX files, random bytes and
 * random legal instructions) with random fuses on both cores (AVRe+: ATmega328P, ATmega2560 with
 * its 3-byte PC; AVRxt: ATmega4809 with 48 KiB of flash, AVR128DA48) and random console input.
 * Each must end in a clean stop (any {@link StopReason}) or, while loading, a user error
 * ({@link AvrkitException}); anything else is an internal error and fails with the seed and case.
 */
class RandomImagesTest {
  private static final long SEED = 0x5EED_11L;
  private static final int IMAGES = 2000;
  private static final long MAX_CYCLES = 20_000;
  private static final int MACHINES_PER_DEVICE = 8;
  private static final List<String> DEVICES = List.of("ATmega328P", "ATmega4809", "ATmega2560", "AVR128DA48");

  @Test
  void randomImagesAlwaysStopCleanly() throws Exception {
    Random rnd = new Random(SEED);
    Map<StopReason, Integer> seen = new EnumMap<>(StopReason.class);
    int loadErrors = 0;
    // a few machines per device, each with its own random fuses; every case loads into one
    List<Machine> machines = new java.util.ArrayList<>();
    List<String> fuseText = new java.util.ArrayList<>();
    for (String name : DEVICES) {
      Device d = Tools.device(name);
      for (int k = 0; k < MACHINES_PER_DEVICE; k++) {
        Machine.Builder b = Machine.builder(d).console(randomInput(rnd.nextLong()));
        StringBuilder fuses = new StringBuilder(name);
        for (Fuse f : d.fuses()) {
          if (f.lockBits() || rnd.nextBoolean()) continue;
          int v = rnd.nextInt(256);
          b.fuse(f.name(), v);
          fuses.append(String.format(" %s=0x%02X", f.name(), v));
        }
        b.watchdogStops(rnd.nextBoolean());
        machines.add(b.build());
        fuseText.add(fuses.toString());
      }
    }
    for (int i = 0; i < IMAGES; i++) {
      int which = rnd.nextInt(machines.size());
      Machine m = machines.get(which);
      boolean hex = rnd.nextInt(3) == 0;
      String what = "seed 0x" + Long.toHexString(SEED) + " case " + i + " (" + fuseText.get(which) + ", " + (hex ? "HEX" : "raw") + ")";
      try {
        Arrays.fill(m.flash(), (byte) 0xFF); // erased before each image
        m.flashWritten(0, m.flash().length);
        byte[] code = program(rnd, m);
        String name = "case" + i + (hex ? ".hex" : ".bin");
        FirmwareImage image;
        try { // what FirmwareImage.load does with such a file, without the disk
          image = hex
              ? FirmwareImage.fromHex(IntelHex.parse(hexText(rnd, code, m.flash().length), name), name)
              : FirmwareImage.ofFlash(name, MemoryContent.of(0, code));
          m.load(image);
        } catch (AvrkitException e) {
          loadErrors++;
          continue;
        }
        RunResult r = m.run(MAX_CYCLES);
        assertThat(r.reason()).as(what).isNotNull();
        seen.merge(r.reason(), 1, Integer::sum);
      } catch (AvrkitException e) {
        fail(what + ": a user error while running: " + e.getMessage(), e);
      } catch (RuntimeException | AssertionError e) {
        fail(what + ": internal error " + e, e);
      }
    }
    // the cases reach the interesting ends, not just the first illegal opcode
    assertThat(seen).containsKeys(StopReason.ILLEGAL_OPCODE, StopReason.PC_OUT_OF_FLASH, StopReason.STACK,
        StopReason.CYCLE_LIMIT);
    assertThat(loadErrors).as("HEX files that do not fit or are corrupt").isBetween(1, IMAGES / 3);
  }

  /** Random bytes, or random instructions the core has (so runs go on longer), or a mix. */
  private static byte[] program(Random rnd, Machine m) {
    int flashBytes = m.flash().length;
    int words = 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : 2048);
    int kind = rnd.nextInt(3);
    byte[] out = new byte[words * 2];
    for (int w = 0; w < words; w++) {
      int v = rnd.nextInt(0x10000);
      if (kind > 0) {
        while (m.cpu().decode(v, rnd.nextInt(0x10000)) == Op.ILLEGAL || (kind == 2 && (v & 0xF000) >= 0xC000 && rnd.nextInt(4) > 0)) {
          v = rnd.nextInt(0x10000);
        }
      }
      out[2 * w] = (byte) v;
      out[2 * w + 1] = (byte) (v >> 8);
    }
    if (rnd.nextInt(8) == 0 && out.length < flashBytes) { // sometimes odd-sized
      out = Arrays.copyOf(out, out.length - 1);
    }
    return out;
  }

  /** The code as Intel HEX, at 0 or at a random address (maybe beyond flash), maybe corrupted. */
  private static String hexText(Random rnd, byte[] code, int flashBytes) {
    long at = rnd.nextInt(4) == 0 ? rnd.nextInt(flashBytes + 0x1000) & ~1 : 0;
    String text = IntelHex.format(MemoryContent.of(at, code));
    if (rnd.nextInt(10) == 0) {
      char[] c = text.toCharArray();
      int p = rnd.nextInt(c.length);
      c[p] = "0123456789ABCDEF:x\n"
          .charAt(rnd.nextInt(19));
      text = new String(c);
    }
    return text;
  }

  /** A console that swallows output and offers random bytes now and then. */
  private static UartConsole randomInput(long seed) {
    Random rnd = new Random(seed);
    return new UartConsole() {
      @Override
      public void transmit(String uart, int b) {}

      @Override
      public int receive(String uart) {
        int k = rnd.nextInt(4);
        return k == 0 ? rnd.nextInt(256) : k == 1 ? EOF : -1;
      }
    };
  }
}
