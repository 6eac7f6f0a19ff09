package dev.avrkit.vboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avrkit.device.AvrkitException;
import org.junit.jupiter.api.Test;

class ChipLayoutTest {

  @Test
  void atmega4809FromTheModel() {
    ChipLayout l = Catalogs.layout("atmega4809");
    assertThat(l.updi()).isTrue();
    assertThat(l.signature()).containsExactly(0x1E, 0x96, 0x51);
    assertThat(l.flashSize()).isEqualTo(48 * 1024);
    assertThat(l.flashPage()).isEqualTo(128);
    assertThat(l.flashData()).isEqualTo(0x4000);
    assertThat(l.eepromData()).isEqualTo(0x1400);
    assertThat(l.eepromSize()).isEqualTo(256);
    assertThat(l.fuseData()).isEqualTo(0x1280);
    assertThat(l.lockData()).isEqualTo(0x128A);
    assertThat(l.lockDefault()).isEqualTo(0xC5);
    assertThat(l.userRowData()).isEqualTo(0x1300);
    assertThat(l.userRowSize()).isEqualTo(64);
    assertThat(l.sigrowData()).isEqualTo(0x1100);
    assertThat(l.nvmctrlData()).isEqualTo(0x1000);
    assertThat(l.nvmVersion()).isZero();
    assertThat(l.fuseDefaults()).hasSizeGreaterThanOrEqualTo(9);
    // the data sheet's fuse map: OSCCFG at FUSE+2, SYSCFG0 at +5, BOOTEND at +8
    assertThat(l.fuseIndex()).containsEntry("OSCCFG", 2).containsEntry("SYSCFG0", 5).containsEntry("BOOTEND", 8);
    assertThat(l.sib()).hasSize(32).startsWith("megaAVR P:0D:1-3M2");
  }

  @Test
  void tinyAndClassicParts() {
    ChipLayout t = Catalogs.layout("attiny3217");
    assertThat(t.signature()).containsExactly(0x1E, 0x95, 0x22);
    assertThat(t.flashData()).isEqualTo(0x8000);
    assertThat(t.sib()).startsWith("tinyAVR P:0");
    ChipLayout u = Catalogs.layout("atmega328p");
    assertThat(u.updi()).isFalse();
    assertThat(u.signature()).containsExactly(0x1E, 0x95, 0x0F);
    assertThat(u.flashSize()).isEqualTo(32 * 1024);
    assertThat(u.eepromSize()).isEqualTo(1024);
  }

  @Test
  void avrDxIsAVersion2TargetWith24BitFlash() {
    ChipLayout dx = Catalogs.layout("avr128da48");
    assertThat(dx.nvmVersion()).isEqualTo(2);
    assertThat(dx.flashData()).isEqualTo(0x800000);
    assertThat(dx.flashSize()).isEqualTo(128 * 1024);
    assertThat(dx.nvmctrlData()).isEqualTo(0x1000);
    assertThat(dx.lockData()).isEqualTo(0x1040);
    assertThat(dx.lockDefault()).isEqualTo(0x5CC5C55C);
    assertThat(dx.sib()).hasSize(32).startsWith("    AVR P:2");
    Nvm0Chip chip = new Nvm0Chip(dx, System::nanoTime);
    assertThat(chip.locked()).isFalse();
  }

  @Test
  void xmegaIsRefused() {
    assertThatThrownBy(() -> Catalogs.layout("atxmega128a1"))
        .isInstanceOf(AvrkitException.class);
  }
}
