package dev.avrkit.vboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeAndEngineTest {
  @TempDir Path dir;

  /** A new Nano Every has the fuses boards.properties says Arduino ships, where the model puts them. */
  @Test
  void nanoEveryStartsWithTheBoardsFuses() throws Exception {
    try (VirtualBoard b =
        VirtualBoard.start("nano-every", Catalogs.get(), VirtualBoard.Options.at(dir.resolve("f")))) {
      byte[] fuses = b.memory("fuses");
      var d = Catalogs.get().device("ATmega4809");
      var wanted = dev.avrkit.device.board.Boards.named("nano-every").fuses();
      assertThat(wanted).containsKeys("OSCCFG", "SYSCFG0", "BOOTEND");
      wanted.forEach((name, value) -> {
        int i = d.fuses().stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst().orElseThrow().index();
        assertThat(fuses[i] & 0xFF).as(name).isEqualTo(value);
      });
      assertThat(fuses[2]).isEqualTo((byte) 0x01); // OSCCFG: 16 MHz
      assertThat(fuses[5]).isEqualTo((byte) 0xC9); // SYSCFG0
    }
  }

  static final byte[] SIGN_ON = HexFormat.of().parseHex("1b000001000000 0e01f397".replace(" ", ""));

  @Test
  void crcIsMcrf4xx() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(Jtag2.crc(check, 0, check.length)).isEqualTo(0x6F91);
    // avrdude's sign-on frame as the field notes record it ends in F3 97
    assertThat(Jtag2.frame(0, new byte[] {1})).isEqualTo(SIGN_ON);
  }

  private static byte[] exchange(Path port, byte[] request, int waitMs) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(port.toFile(), "rw");
        var in = new java.io.FileInputStream(f.getFD())) {
      f.write(request);
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      PortReads.readFor(in, got, waitMs);
      return got.toByteArray();
    }
  }

  @Test
  void bridgeAnswersOnlyAfterThe1200BaudTouch() throws Exception {
    try (VirtualBoard b =
        VirtualBoard.start("nano-every", Catalogs.get(), VirtualBoard.Options.at(dir.resolve("p")))) {
      assertThat(exchange(b.port(), SIGN_ON, 400)).isEmpty();
      assertThat(b.mode()).isEqualTo("running firmware");
      Avrdude.touch(b.port());
      assertThat(b.mode()).isEqualTo("bridge (jtag2updi)");
      byte[] reply = exchange(b.port(), SIGN_ON, 400);
      assertThat(reply.length).isGreaterThan(12);
      assertThat(Arrays.copyOf(reply, 3)).containsExactly(0x1B, 0x00, 0x00);
      assertThat(reply[8] & 0xFF).isEqualTo(Jtag2.RSP_SIGN_ON);
      assertThat(reply[15]).isEqualTo((byte) 0x07); // S_MCU firmware 6.07 like MuxTO
      assertThat(reply[16]).isEqualTo((byte) 0x06);
      int crc = Jtag2.crc(reply, 0, reply.length - 2);
      assertThat((reply[reply.length - 2] & 0xFF) | (reply[reply.length - 1] & 0xFF) << 8)
          .isEqualTo(crc);
      // a frame with a broken CRC is ignored
      byte[] bad = SIGN_ON.clone();
      bad[bad.length - 1] ^= 1;
      assertThat(exchange(b.port(), bad, 300)).isEmpty();
    }
  }

  private static void stty(Path port, String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("stty", "-F", port.toString()));
    cmd.addAll(java.util.List.of(args));
    assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor()).isZero();
  }

  @Test
  void serialUpdiEchoesAndADoubleBreakResynchronises() throws Exception {
    try (VirtualBoard b =
        VirtualBoard.start(
            "serialupdi:atmega4809", Catalogs.get(), VirtualBoard.Options.at(dir.resolve("p")))) {
      Path port = b.port();
      stty(port, "115200", "cs8", "cstopb", "raw");
      // LDCS STATUSA: echo of both bytes, then UPDI revision 1
      assertThat(exchange(port, new byte[] {0x55, (byte) 0x80}, 300))
          .containsExactly(0x55, 0x80, 0x10);
      // leave the UPDI in the middle of a 256-byte ST: a new LDCS is taken as data (acked)
      exchange(port, new byte[] {0x55, (byte) 0xA0, (byte) 0xFF, 0x55, 0x64, 1, 2}, 300);
      assertThat(exchange(port, new byte[] {0x55, (byte) 0x80}, 300))
          .containsExactly(0x55, 0x40, 0x80, 0x40);
      // double break: 0x00 twice at 300 baud, then the link answers again
      stty(port, "300");
      exchange(port, new byte[] {0, 0}, 300);
      stty(port, "115200");
      assertThat(exchange(port, new byte[] {0x55, (byte) 0x80}, 300))
          .containsExactly(0x55, 0x80, 0x10);
    }
  }

  private static byte[] feed(UpdiEngine e, int... bytes) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int b : bytes) out.writeBytes(e.receive(b));
    return out.toByteArray();
  }

  private static int[] key(String k) {
    int[] r = new int[10];
    r[0] = 0x55;
    r[1] = 0xE0;
    for (int i = 0; i < 8; i++) r[2 + i] = k.charAt(7 - i);
    return r;
  }

  @Test
  void updiKeysProgrammingModeAndNvmCommands() {
    ChipLayout l = Catalogs.layout("atmega4809");
    Nvm0Chip chip = new Nvm0Chip(l, System::nanoTime);
    UpdiEngine e = new UpdiEngine(chip);
    // SIB names NVM version 0
    assertThat(new String(feed(e, 0x55, 0xE6), StandardCharsets.US_ASCII)).startsWith("megaAVR P:0");
    // bytes before SYNCH are ignored
    assertThat(feed(e, 0x00, 0x12, 0x55, 0x80)).containsExactly(0x10);
    // without the key, page writes do nothing
    assertThat(feed(e, 0x55, 0x44, 0x00, 0x40, 0x12)).containsExactly(0x40, 0x40);
    assertThat(chip.flash[0]).isEqualTo((byte) 0xFF);
    feed(e, key("NVMProg "));
    assertThat(feed(e, 0x55, 0x87)).containsExactly(0x10);
    feed(e, 0x55, 0xC8, 0x59, 0x55, 0xC8, 0x00);
    assertThat(feed(e, 0x55, 0x8B)[0] & 0x08).isEqualTo(0x08);
    // ST ptr 0x4080, REPEAT 4, ST *ptr++ 4 bytes (acked each), then NVMCTRL.CTRLA = WP
    assertThat(feed(e, 0x55, 0x69, 0x80, 0x40)).containsExactly(0x40);
    feed(e, 0x55, 0xA0, 0x03);
    assertThat(feed(e, 0x55, 0x64, 1, 2, 3, 4)).containsExactly(0x40, 0x40, 0x40, 0x40);
    feed(e, 0x55, 0x44, 0x00, 0x10, 0x01);
    assertThat(Arrays.copyOfRange(chip.flash, 0x80, 0x85)).containsExactly(1, 2, 3, 4, 0xFF);
    // LDS and LD with REPEAT read it back through the mapped flash
    assertThat(feed(e, 0x55, 0x04, 0x81, 0x40)).containsExactly(2);
    feed(e, 0x55, 0x69, 0x80, 0x40, 0x55, 0xA0, 0x02);
    assertThat(feed(e, 0x55, 0x24)).containsExactly(1, 2, 3);
    // fuse write: ADDR, DATA, WFU
    feed(e, 0x55, 0x44, 0x08, 0x10, 0x82, 0x55, 0x44, 0x09, 0x10, 0x12);
    feed(e, 0x55, 0x44, 0x06, 0x10, 0x01, 0x55, 0x44, 0x00, 0x10, 0x07);
    assertThat(chip.snapshot("fuses")[2]).isEqualTo((byte) 0x01);
    // lock the chip: memory reads as 0, NVMProg no longer enters programming mode
    feed(e, 0x55, 0x44, 0x08, 0x10, 0x8A, 0x55, 0x44, 0x06, 0x10, 0x00);
    feed(e, 0x55, 0x44, 0x00, 0x10, 0x07);
    feed(e, 0x55, 0xC8, 0x59, 0x55, 0xC8, 0x00);
    assertThat(feed(e, 0x55, 0x8B)[0] & 0x09).isEqualTo(0x01);
    assertThat(feed(e, 0x55, 0x04, 0x80, 0x40)).containsExactly(0);
    // chip erase by key unlocks and erases
    feed(e, key("NVMErase"));
    feed(e, 0x55, 0xC8, 0x59, 0x55, 0xC8, 0x00);
    assertThat(chip.locked()).isFalse();
    assertThat(chip.flash[0x80]).isEqualTo((byte) 0xFF);
  }

  @Test
  void faultSpecParsing() {
    Faults f = Faults.parse("7,drop=0.01,delay=0.1:20,unplug=5000:300");
    assertThat(f.seed()).isEqualTo(7);
    assertThat(f.drop()).isEqualTo(0.01);
    assertThat(f.delayMs()).isEqualTo(20);
    assertThat(f.unplugAfter()).isEqualTo(5000);
    assertThat(f.unplugMs()).isEqualTo(300);
    assertThat(Faults.parse(f.toString())).isEqualTo(f);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Faults.parse("drop=2"))
        .hasMessageContaining("between 0 and 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Faults.parse("flood=1"))
        .hasMessageContaining("bad fault spec 'flood=1'");
  }
}
