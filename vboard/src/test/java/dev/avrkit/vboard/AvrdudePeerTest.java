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
 * Debian's avrdude 7.1 programs, reads back and verifies each virtual board; afterwards the
 * board's memories equal the image byte for byte.
 */
class AvrdudePeerTest {
  @TempDir Path dir;

  private final List<String> events = new CopyOnWriteArrayList<>();

  private VirtualBoard start(String board) throws Exception {
    return VirtualBoard.start(
        board, Catalogs.get(), VirtualBoard.Options.at(dir.resolve("port")).withLog(events::add));
  }

  private static void assertImage(byte[] memory, byte[] image) {
    assertThat(Arrays.copyOf(memory, image.length)).isEqualTo(image);
    for (int i = image.length; i < memory.length; i++) {
      assertThat(memory[i]).as("erased byte at 0x%X", i).isEqualTo((byte) 0xFF);
    }
  }

  @Test
  void nanoEveryThroughTheJtag2updiBridge() throws Exception {
    byte[] image = Avrdude.randomImage(4809, 4000);
    Files.write(dir.resolve("img.bin"), image);
    try (VirtualBoard b = start("nano-every")) {
      b.loadFlash(Avrdude.randomImage(1, 8192), 0); // old firmware: the erase must remove it
      Path port = b.port();
      Avrdude.touch(port);
      assertThat(b.mode()).isEqualTo("bridge (jtag2updi)");
      var r =
          Avrdude.run(dir, 60, "-c", "jtag2updi", "-p", "m4809", "-P", port.toString(), "-b",
              "115200", "-e", "-U", "flash:w:img.bin:r", "-U", "fuse2:w:0x01:m", "-U",
              "fuse5:w:0xC9:m", "-U", "fuse8:w:0x00:m", "-U", "eeprom:w:0x12,0x34,0x56:m");
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).contains("4000 bytes of flash verified");
      assertImage(b.memory("flash"), image);
      byte[] fuses = b.memory("fuses");
      assertThat(fuses[2]).isEqualTo((byte) 0x01);
      assertThat(fuses[5]).isEqualTo((byte) 0xC9);
      assertThat(fuses[8]).isEqualTo((byte) 0x00);
      assertThat(Arrays.copyOf(b.memory("eeprom"), 4)).containsExactly(0x12, 0x34, 0x56, 0xFF);
      // 32 pages of 128 bytes through a 230400-baud UPDI with an ack per byte: the bridge, not
      // the host, sets the pace (about 84 ms of wire time per page)
      assertThat(r.millis()).isGreaterThan(32 * 84);
      // a second session reads everything back into a file
      Thread.sleep(700);
      assertThat(b.mode()).isEqualTo("running firmware");
      Avrdude.touch(port);
      var read =
          Avrdude.run(dir, 60, "-c", "jtag2updi", "-p", "m4809", "-P", port.toString(), "-b",
              "115200", "-U", "flash:r:back.bin:r", "-U", "signature:r:sig.bin:r");
      assertThat(read.exit()).as(read.output()).isZero();
      byte[] back = Files.readAllBytes(dir.resolve("back.bin"));
      assertThat(Arrays.copyOf(back, image.length)).isEqualTo(image);
      assertThat(Files.readAllBytes(dir.resolve("sig.bin"))).containsExactly(0x1E, 0x96, 0x51);
    }
    assertThat(events).contains("1200-baud touch: bridge mode (jtag2updi), target UPDI at 230400 baud");
  }

  /**
   * A jtag2updi bridge reporting firmware 7.00: avrdude sends CMND_SET_XMEGA_PARAMS instead of
   * the device descriptor and memory-relative addresses (flash byte X at X, not 0x4000 + X).
   */
  @Test
  void nanoEveryBridgeWithFirmware7() throws Exception {
    byte[] image = Avrdude.randomImage(700, 3000);
    Files.write(dir.resolve("img.bin"), image);
    try (VirtualBoard b = VirtualBoard.start("nano-every", Catalogs.get(),
        VirtualBoard.Options.at(dir.resolve("port")).withLog(events::add).withBridgeFirmware(7, 0))) {
      b.loadFlash(Avrdude.randomImage(1, 8192), 0); // old firmware: the erase must remove it
      Path port = b.port();
      Avrdude.touch(port);
      var r =
          Avrdude.run(dir, 60, "-c", "jtag2updi", "-p", "m4809", "-P", port.toString(), "-b",
              "115200", "-v", "-v", "-e", "-U", "flash:w:img.bin:r", "-U", "fuse5:w:0xC9:m", "-U",
              "fuse8:w:0x02:m", "-U", "eeprom:w:0x12,0x34,0x56:m", "-U", "userrow:w:0x41,0x42:m",
              "-U", "lock:r:lock.bin:r");
      String all = r.output() + "\n" + String.join("\n", events);
      assertThat(r.exit()).as(all).isZero();
      assertThat(r.output()).contains("firmware version:              7.00")
          .contains("3000 bytes of flash verified");
      assertThat(events).anyMatch(e -> e.startsWith("jtag2updi: XMEGA parameters: flash page 128"));
      assertThat(events).noneMatch(e -> e.contains("answered"));
      assertImage(b.memory("flash"), image);
      byte[] fuses = b.memory("fuses");
      assertThat(fuses[5]).isEqualTo((byte) 0xC9);
      assertThat(fuses[8]).isEqualTo((byte) 0x02);
      assertThat(Arrays.copyOf(b.memory("eeprom"), 4)).containsExactly(0x12, 0x34, 0x56, 0xFF);
      assertThat(Arrays.copyOf(b.memory("userrow"), 3)).containsExactly(0x41, 0x42, 0xFF);
      assertThat(Files.readAllBytes(dir.resolve("lock.bin"))).containsExactly(0xC5);
      // a second session reads flash, EEPROM and the signature back
      Thread.sleep(700);
      Avrdude.touch(port);
      var read =
          Avrdude.run(dir, 60, "-c", "jtag2updi", "-p", "m4809", "-P", port.toString(), "-b",
              "115200", "-U", "flash:r:back.bin:r", "-U", "eeprom:r:ee.bin:r", "-U",
              "fuses:r:fuses.bin:r", "-U", "signature:r:sig.bin:r");
      assertThat(read.exit()).as(read.output() + "\n" + String.join("\n", events)).isZero();
      assertThat(Arrays.copyOf(Files.readAllBytes(dir.resolve("back.bin")), image.length))
          .isEqualTo(image);
      assertThat(Files.readAllBytes(dir.resolve("ee.bin"))).isEqualTo(b.memory("eeprom"));
      assertThat(Files.readAllBytes(dir.resolve("fuses.bin")))
          .isEqualTo(Arrays.copyOf(b.memory("fuses"), 9));
      assertThat(Files.readAllBytes(dir.resolve("sig.bin"))).containsExactly(0x1E, 0x96, 0x51);
    }
  }

  @Test
  void serialUpdiTiny3217() throws Exception {
    byte[] image = Avrdude.randomImage(3217, 3000);
    Files.write(dir.resolve("img.bin"), image);
    try (VirtualBoard b = start("serialupdi:attiny3217")) {
      String port = b.port().toString();
      var r =
          Avrdude.run(dir, 60, "-c", "serialupdi", "-p", "t3217", "-P", port, "-b", "115200",
              "-e", "-U", "flash:w:img.bin:r", "-U", "fuse2:w:0x01:m", "-U",
              "userrow:w:0x41,0x42:m");
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).contains("3000 bytes of flash verified");
      assertImage(b.memory("flash"), image);
      assertThat(b.memory("fuses")[2]).isEqualTo((byte) 0x01);
      assertThat(Arrays.copyOf(b.memory("userrow"), 3)).containsExactly(0x41, 0x42, 0xFF);
      var read =
          Avrdude.run(dir, 60, "-c", "serialupdi", "-p", "t3217", "-P", port, "-b", "115200",
              "-U", "flash:r:back.bin:r");
      assertThat(read.exit()).as(read.output()).isZero();
      assertThat(Arrays.copyOf(Files.readAllBytes(dir.resolve("back.bin")), image.length))
          .isEqualTo(image);
    }
  }

  /** NVM controller version 2 (AVR Dx): 24-bit addresses, flash at 0x800000, no page buffer. */
  @Test
  void serialUpdiAvr128da48() throws Exception {
    byte[] image = Avrdude.randomImage(128, 5000); // more than one 512-byte page, odd tail
    Files.write(dir.resolve("img.bin"), image);
    try (VirtualBoard b = start("serialupdi:avr128da48")) {
      b.loadFlash(Avrdude.randomImage(4, 8192), 0); // old firmware: the erase must remove it
      String port = b.port().toString();
      var r =
          Avrdude.run(dir, 60, "-c", "serialupdi", "-p", "avr128da48", "-P", port, "-b", "115200",
              "-e", "-U", "flash:w:img.bin:r", "-U", "eeprom:w:0x11,0x22,0x33:m", "-U",
              "fuse5:w:0xC9:m");
      assertThat(r.exit()).as(r.output() + "\n" + String.join("\n", events)).isZero();
      assertThat(r.output()).contains("5000 bytes of flash verified");
      byte[] flash = b.memory("flash");
      assertImage(flash, image);
      assertThat(flash[6000]).isEqualTo((byte) 0xFF);
      assertThat(Arrays.copyOf(b.memory("eeprom"), 4)).containsExactly(0x11, 0x22, 0x33, 0xFF);
      assertThat(b.memory("fuses")[5]).isEqualTo((byte) 0xC9);
      // the whole 128 KiB come back: at 460800 baud that is about 3.5 s of wire time
      var read =
          Avrdude.run(dir, 60, "-c", "serialupdi", "-p", "avr128da48", "-P", port, "-b", "460800",
              "-U", "flash:r:back.bin:r");
      assertThat(read.exit()).as(read.output()).isZero();
      assertThat(Arrays.copyOf(Files.readAllBytes(dir.resolve("back.bin")), image.length))
          .isEqualTo(image);
    }
  }

  @Test
  void serialUpdiLockedChipIsRecoveredByChipErase() throws Exception {
    try (VirtualBoard b = start("serialupdi:atmega4809")) {
      String port = b.port().toString();
      b.loadFlash(Avrdude.randomImage(2, 256), 0);
      var lock =
          Avrdude.run(dir, 60, "-c", "serialupdi", "-p", "m4809", "-P", port, "-b", "115200",
              "-U", "lock:w:0x00:m");
      assertThat(b.memory("lock")).containsExactly(0x00);
      assertThat(lock.output()).contains("lock");
      byte[] image = Avrdude.randomImage(3, 512);
      Files.write(dir.resolve("img.bin"), image);
      var r =
          Avrdude.run(dir, 60, "-c", "serialupdi", "-p", "m4809", "-P", port, "-b", "115200",
              "-e", "-U", "flash:w:img.bin:r");
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(b.memory("lock")).containsExactly(0xC5);
      assertImage(b.memory("flash"), image);
    }
  }

  @Test
  void unoOptiboot() throws Exception {
    byte[] image = Avrdude.randomImage(328, 5000);
    Files.write(dir.resolve("img.bin"), image);
    try (VirtualBoard b = start("uno")) {
      String port = b.port().toString();
      var r =
          Avrdude.run(dir, 60, "-c", "arduino", "-p", "m328p", "-P", port, "-b", "115200", "-U",
              "flash:w:img.bin:r", "-U", "eeprom:w:0x07,0x08:m");
      assertThat(r.exit()).as(r.output() + "\n" + String.join("\n", events)).isZero();
      assertThat(r.output()).contains("5000 bytes of flash verified");
      assertImage(b.memory("flash"), image);
      assertThat(Arrays.copyOf(b.memory("eeprom"), 3)).containsExactly(0x07, 0x08, 0xFF);
      var read =
          Avrdude.run(dir, 60, "-c", "arduino", "-p", "m328p", "-P", port, "-b", "115200", "-U",
              "flash:r:back.bin:r");
      assertThat(read.exit()).as(read.output()).isZero();
      assertThat(Arrays.copyOf(Files.readAllBytes(dir.resolve("back.bin")), image.length))
          .isEqualTo(image);
    }
  }
}
