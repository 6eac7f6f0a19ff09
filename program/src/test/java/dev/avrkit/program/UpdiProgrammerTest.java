package dev.avrkit.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.image.AvrArch;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.image.MemoryContent;
import dev.avrkit.image.Region;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SerialUPDI (link, application, NVM v0) and the pipeline against an in-process 4809 UPDI peer. */
class UpdiProgrammerTest {
  static final Device M4809 = Devices.get("ATmega4809");
  static final TargetInfo T4809 = TargetInfo.of(M4809);

  static FirmwareImage image(int flashBytes, long seed, AvrArch arch) {
    byte[] f = new byte[flashBytes];
    new Random(seed).nextBytes(f);
    return FirmwareImage.of("test.elf", Map.of(
        Region.FLASH, MemoryContent.of(0, f),
        Region.EEPROM, MemoryContent.of(3, new byte[] {1, 2, 3, 4, 5})),
        Optional.ofNullable(arch));
  }

  static FlashPipeline.Result flash(FakeUpdiChip chip, PeerTransport t, FlashPipeline.Plan plan) {
    UpdiProgrammer p = new UpdiProgrammer(new UpdiLink(t, 115200), T4809);
    return new FlashPipeline(M4809, T4809, p, Progress.silent()).run(plan);
  }

  @Test
  void targetInfoFromModel() {
    assertThat(T4809.flashSize()).isEqualTo(0xC000);
    assertThat(T4809.flashPageSize()).isEqualTo(128);
    assertThat(T4809.flashDataBase()).isEqualTo(0x4000);
    assertThat(T4809.eepromAddress()).isEqualTo(0x1400);
    assertThat(T4809.fuseAddress()).isEqualTo(0x1280);
    assertThat(T4809.lockAddress()).isEqualTo(0x128A);
    assertThat(T4809.userRowAddress()).isEqualTo(0x1300);
    assertThat(T4809.sigrowAddress()).isEqualTo(0x1100);
    assertThat(T4809.nvmctrlAddress()).isEqualTo(0x1000);
    assertThat(T4809.nvmVersion()).isZero();
    assertThat(T4809.signatureText()).isEqualTo("1E 96 51");
    TargetInfo da = Devices.target("AVR128DA48");
    assertThat(da.nvmVersion()).isEqualTo(2);
    assertThat(da.flashDataBase()).isEqualTo(0x800000);
    assertThat(ArchitectureCheck.expected(T4809)).isEqualTo(AvrArch.AVRXMEGA3);
    assertThat(ArchitectureCheck.expected(da)).isEqualTo(AvrArch.AVRXMEGA4);
    assertThat(ArchitectureCheck.expected(Devices.target("ATmega328P"))).isEqualTo(AvrArch.AVR5);
    assertThat(ArchitectureCheck.expected(Devices.target("ATmega2560"))).isEqualTo(AvrArch.AVR6);
  }

  @Test
  void flashesAndVerifies() {
    FakeUpdiChip chip = new FakeUpdiChip();
    PeerTransport t = new PeerTransport(chip);
    FirmwareImage img = image(10_000, 1, AvrArch.AVRXMEGA3);
    FlashPipeline.Plan plan = new FlashPipeline.Plan(img, true, Map.of(2, 0x01, 5, 0xC9, 8, 0x00),
        Optional.empty(), false);
    FlashPipeline.Result r = flash(chip, t, plan);
    byte[] want = img.flash().toArray(0, 10_000, (byte) 0);
    assertThat(Arrays.copyOfRange(chip.data, 0x4000, 0x4000 + 10_000)).isEqualTo(want);
    assertThat(chip.data[0x4000 + 10_000]).isEqualTo((byte) 0xFF);
    assertThat(Arrays.copyOfRange(chip.data, 0x1403, 0x1408)).containsExactly(1, 2, 3, 4, 5);
    assertThat(chip.data[0x1282]).isEqualTo((byte) 0x01);
    assertThat(chip.data[0x1288]).isEqualTo((byte) 0x00);
    assertThat(r.lines()).anyMatch(l -> l.startsWith("flash: 10000 bytes verified"));
    assertThat(r.lines()).contains("fuse2 = 0x01 written and verified");
    assertThat(chip.pageWrites).isEqualTo(79 + 1); // 79 flash pages + 1 EEPROM page
  }

  @Test
  void refusesAvr5ImageBeforeTouchingTheChip() {
    FakeUpdiChip chip = new FakeUpdiChip();
    PeerTransport t = new PeerTransport(chip).unplugAfter(0);
    assertThatThrownBy(() -> flash(chip, t, FlashPipeline.Plan.of(image(100, 2, AvrArch.AVR5))))
        .isInstanceOf(AvrkitException.class)
        .hasMessageStartingWith("test.elf: the image was built for avr5")
        .hasMessageContaining("ATmega4809 is an AVRxt part that needs avrxmega3 code");
  }

  @Test
  void refusesTooBigImage() {
    FakeUpdiChip chip = new FakeUpdiChip();
    PeerTransport t = new PeerTransport(chip).unplugAfter(0);
    assertThatThrownBy(() -> flash(chip, t, FlashPipeline.Plan.of(image(0xC001, 2, null))))
        .hasMessageContaining("ends at 0xC001").hasMessageContaining("49152 bytes of flash");
  }

  @Test
  void refusesDangerousFusesAndLockWithoutForce() {
    FakeUpdiChip chip = new FakeUpdiChip();
    PeerTransport t = new PeerTransport(chip).unplugAfter(0);
    var gpio = new FlashPipeline.Plan(image(10, 3, null), true, Map.of(5, 0xC1), Optional.empty(), false);
    assertThatThrownBy(() -> flash(chip, t, gpio))
        .hasMessageStartingWith("refusing to write: SYSCFG0=0xC1 sets RSTPINCFG to GPIO")
        .hasMessageEndingWith("Pass --force if you really mean it");
    var lock = new FlashPipeline.Plan(image(10, 3, null), true, Map.of(), Optional.of(0x00), false);
    assertThatThrownBy(() -> flash(chip, t, lock)).hasMessageContaining("LOCKBIT=0x00 locks the chip");
    // tinyAVR: UPDI pin as GPIO needs a 12 V programmer to undo
    Device t817 = Devices.get("ATtiny817");
    var rule = FuseRules.fuseDanger(t817, t817.fuse("SYSCFG0").orElseThrow(), 0xF0);
    assertThat(rule).hasValueSatisfying(s -> assertThat(s).contains("12 V"));
    assertThat(FuseRules.fuseDanger(t817, t817.fuse("SYSCFG0").orElseThrow(), 0xF6)).isEmpty();
  }

  @Test
  void forcedLockIsWrittenAndErasedByKey() {
    FakeUpdiChip chip = new FakeUpdiChip();
    var lock = new FlashPipeline.Plan(image(300, 4, null), true, Map.of(), Optional.of(0x00), true);
    flash(chip, new PeerTransport(chip), lock);
    assertThat(chip.locked()).isTrue();
    // a locked chip refuses programming mode: the message says how to unlock
    UpdiProgrammer p = new UpdiProgrammer(new UpdiLink(new PeerTransport(chip), 115200), T4809);
    assertThatThrownBy(p::connect).hasMessageContaining("locked").hasMessageContaining("avrkit erase");
    // flashing again erases by key first, which unlocks
    flash(chip, new PeerTransport(chip), FlashPipeline.Plan.of(image(300, 5, null)));
    assertThat(chip.locked()).isFalse();
  }

  @Test
  void unplugMidWriteSaysWhatWasWritten() {
    FakeUpdiChip chip = new FakeUpdiChip();
    PeerTransport t = new PeerTransport(chip).unplugAfter(3000);
    assertThatThrownBy(() -> flash(chip, t, FlashPipeline.Plan.of(image(10_000, 6, null))))
        .isInstanceOf(LinkException.class)
        .hasMessageStartingWith("flashing stopped: the link failed while writing flash at 0x")
        .hasMessageContaining("done before the failure: chip erased")
        .hasMessageContaining("written (")
        .hasMessageContaining("does not hold the complete image");
  }

  @Test
  void faultyLineNeverReportsSuccessWithWrongContents() {
    int ok = 0;
    int failed = 0;
    for (long seed = 0; seed < 30; seed++) {
      FakeUpdiChip chip = new FakeUpdiChip();
      PeerTransport t = new PeerTransport(chip).faults(seed, 0.0005, 0.0005);
      FirmwareImage img = image(4000, seed, null);
      try {
        flash(chip, t, FlashPipeline.Plan.of(img));
        assertThat(Arrays.copyOfRange(chip.data, 0x4000, 0x4000 + 4000))
            .as("seed %d reported success", seed).isEqualTo(img.flash().toArray(0, 4000, (byte) 0));
        ok++;
      } catch (AvrkitException e) {
        assertThat(e.getMessage()).containsAnyOf("flashing stopped", "verify FAILED", "no UPDI answer");
        failed++;
      }
    }
    assertThat(ok).isGreaterThan(0);
    assertThat(ok + failed).isEqualTo(30);
  }
}
