package dev.avrkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avrkit.device.AvrkitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ELF reading and placement, checked against avr-gcc builds and binutils-avr as the oracle. */
class ElfFileTest {
  static final String CLASSIC = """
      #include <avr/io.h>
      #include <avr/eeprom.h>
      #include <avr/fuse.h>
      #include <avr/lock.h>
      FUSES = { .low = 0xF7, .high = 0xDE, .extended = 0xFD };
      LOCKBITS = 0xFC;
      uint8_t EEMEM ee[5] = {1, 2, 3, 4, 5};
      volatile uint8_t table[9] = {9, 8, 7, 6, 5, 4, 3, 2, 1};
      int counter;
      int main(void) { for (;;) { PORTB = table[PORTD & 7]; counter++; } }
      """;

  /** Built like an ATmega4809 program (avr-libc 2.0 has no 4809 headers; see FIELD-NOTES). */
  static final String XMEGA3 = """
      typedef unsigned char uint8_t;
      __attribute__((section(".fuse"), used))
      const uint8_t fuses[9] = {0x00, 0x00, 0x01, 0x00, 0x00, 0xF6, 0x07, 0x00, 0x00};
      __attribute__((section(".eeprom"), used)) uint8_t ee[3] = {0xA1, 0xA2, 0xA3};
      const char msg[] = "hello from avrxmega3";
      volatile const char *p = msg;
      int main(void) { for (;;) { *(volatile uint8_t *) 0x0004 = *p++; } }
      """;

  @TempDir static Path dir;
  static Path classic;
  static Path xmega3;

  @BeforeAll
  static void build() throws Exception {
    classic = Tools.avrGcc(dir, "atmega328p", CLASSIC);
    xmega3 = Tools.avrGcc(dir, "avrxmega3", XMEGA3, "-nostartfiles",
        "-Wl,--defsym=__DATA_REGION_ORIGIN__=0x802800", "-Wl,--defsym=__DATA_REGION_LENGTH__=0x1800",
        "-Wl,--defsym=__TEXT_REGION_LENGTH__=0xC000", "-Wl,--defsym=__RODATA_PM_OFFSET__=0x4000");
  }

  @Test
  void headerAndArchitectureMatchReadelf() throws Exception {
    for (Path elf : new Path[] {classic, xmega3}) {
      ElfFile f = ElfFile.read(elf);
      String h = Tools.run(dir, "avr-readelf", "-h", elf.toString());
      Matcher m = Pattern.compile("Flags:\\s+0x([0-9a-f]+), avr:(\\d+)").matcher(h);
      assertThat(m.find()).as(h).isTrue();
      assertThat(f.flags()).isEqualTo(Integer.parseInt(m.group(1), 16));
      assertThat(f.architecture()).isPresent();
      assertThat(f.architecture().get().mach()).isEqualTo(Integer.parseInt(m.group(2)));
      assertThat(f.machine()).isEqualTo(ElfFile.EM_AVR);
      assertThat(f.type()).isEqualTo(2);
    }
    assertThat(ElfFile.read(classic).architecture()).contains(AvrArch.AVR5);
    assertThat(ElfFile.read(xmega3).architecture()).contains(AvrArch.AVRXMEGA3);
  }

  @Test
  void sectionsAndSegmentsMatchObjdump() throws Exception {
    ElfFile f = ElfFile.read(classic);
    String h = Tools.run(dir, "avr-objdump", "-h", classic.toString());
    Matcher m = Pattern.compile(
        "\\s*\\d+ (\\S+)\\s+([0-9a-f]{8})\\s+([0-9a-f]{8})\\s+([0-9a-f]{8})\\s+([0-9a-f]{8})").matcher(h);
    int n = 0;
    while (m.find()) {
      ElfFile.Section s = f.section(m.group(1)).orElseThrow();
      assertThat(s.size()).as(s.name()).isEqualTo(Long.parseLong(m.group(2), 16));
      assertThat(s.address()).as(s.name()).isEqualTo(Long.parseLong(m.group(3), 16));
      assertThat(s.offset()).as(s.name()).isEqualTo(Long.parseLong(m.group(5), 16));
      n++;
    }
    assertThat(n).isGreaterThan(5);
    String l = Tools.run(dir, "avr-readelf", "-l", "-W", classic.toString());
    long loads = l.lines().filter(x -> x.trim().startsWith("LOAD")).count();
    assertThat(f.segments().stream().filter(s -> s.type() == ElfFile.PT_LOAD).count()).isEqualTo(loads);
  }

  @Test
  void symbolsMatchNm() throws Exception {
    ElfFile f = ElfFile.read(classic);
    String nm = Tools.run(dir, "avr-nm", classic.toString());
    int checked = 0;
    for (String line : nm.lines().toList()) {
      String[] p = line.trim().split("\\s+");
      if (p.length != 3) continue;
      String name = p[2];
      if (!name.equals("main") && !name.equals("table") && !name.equals("counter") && !name.equals("ee")) continue;
      assertThat(f.symbol(name)).as(name).isPresent();
      assertThat(f.symbol(name).get().value()).as(name).isEqualTo(Long.parseLong(p[0], 16));
      checked++;
    }
    assertThat(checked).isEqualTo(4);
    assertThat(f.symbol("main").get().isFunction()).isTrue();
    assertThat(f.symbol("table").get().isObject()).isTrue();
    assertThat(f.symbol("table").get().size()).isEqualTo(9);
  }

  @Test
  void placesMemoriesLikeObjcopy() throws Exception {
    for (Path elf : new Path[] {classic, xmega3}) {
      FirmwareImage img = FirmwareImage.load(elf);
      byte[] flash = Tools.objcopyBinary(dir, elf, ".text", ".data", ".rodata");
      assertThat(img.flash().lowest()).isZero();
      assertThat(img.flash().toArray(0, img.flash().end(), (byte) 0xFF)).isEqualTo(flash);
      assertThat(img.memory(Region.EEPROM).toArray(0, img.memory(Region.EEPROM).end(), (byte) 0xFF))
          .isEqualTo(Tools.objcopyBinary(dir, elf, ".eeprom"));
      assertThat(img.memory(Region.FUSES).toArray(0, img.memory(Region.FUSES).end(), (byte) 0xFF))
          .isEqualTo(Tools.objcopyBinary(dir, elf, ".fuse"));
      assertThat(img.memory(Region.DATA).isEmpty()).isTrue();
    }
    FirmwareImage c = FirmwareImage.load(classic);
    assertThat(c.memory(Region.FUSES).toArray(0, 3, (byte) 0)).containsExactly(0xF7, 0xDE, 0xFD);
    assertThat(c.memory(Region.LOCK).get(0)).isEqualTo(0xFC);
    assertThat(c.memory(Region.EEPROM).toArray(0, 5, (byte) 0)).containsExactly(1, 2, 3, 4, 5);
    FirmwareImage x = FirmwareImage.load(xmega3);
    assertThat(x.memory(Region.FUSES).get(2)).isEqualTo(0x01);
    assertThat(x.memory(Region.FUSES).get(5)).isEqualTo(0xF6);
    assertThat(x.architecture()).contains(AvrArch.AVRXMEGA3);
  }

  @Test
  void hexOfWholeElfGivesSameMemories() throws Exception {
    for (Path elf : new Path[] {classic, xmega3}) {
      Path hex = dir.resolve(elf.getFileName() + ".hex");
      Tools.run(dir, "avr-objcopy", "-O", "ihex", "-R", ".comment", "-R", ".note.gnu.avr.deviceinfo",
          elf.toString(), hex.toString());
      FirmwareImage fromHex = FirmwareImage.load(hex);
      FirmwareImage fromElf = FirmwareImage.load(elf);
      assertThat(fromHex.memories()).isEqualTo(fromElf.memories());
      assertThat(fromHex.architecture()).isEmpty();
    }
  }

  @Test
  void refusesNonAvrElf() throws Exception {
    Path ls = Path.of("/bin/ls");
    assertThatThrownBy(() -> ElfFile.read(ls))
        .isInstanceOf(AvrkitException.class)
        .hasMessageContaining("/bin/ls")
        .hasMessageContaining("not an AVR program");
    byte[] elf32 = Files.readAllBytes(classic);
    elf32[18] = 40; // e_machine ARM
    assertThatThrownBy(() -> ElfFile.parse(elf32, "arm.elf"))
        .isInstanceOf(AvrkitException.class)
        .hasMessageStartingWith("arm.elf: ELF file for machine 40 (ARM), not AVR");
  }

  @Test
  void refusesTruncatedElf() throws Exception {
    byte[] all = Files.readAllBytes(classic);
    byte[] cut = java.util.Arrays.copyOf(all, 300);
    assertThatThrownBy(() -> ElfFile.parse(cut, "cut.elf"))
        .isInstanceOf(AvrkitException.class)
        .hasMessageStartingWith("cut.elf: truncated or corrupt ELF file");
  }

  @Test
  void rawBinaryIsFlashFromZero() throws Exception {
    Path bin = dir.resolve("fw.bin");
    Files.write(bin, new byte[] {1, 2, 3});
    FirmwareImage img = FirmwareImage.load(bin);
    assertThat(img.memories()).containsOnlyKeys(Region.FLASH);
    assertThat(img.flash().toArray(0, 3, (byte) 0)).containsExactly(1, 2, 3);
  }
}
