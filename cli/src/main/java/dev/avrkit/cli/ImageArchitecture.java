package dev.avrkit.cli;

import dev.avrkit.device.Device;
import dev.avrkit.image.FirmwareImage;
import dev.avrkit.program.ArchitectureCheck;
import dev.avrkit.program.TargetInfo;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code avrkit sim} and {@code avrkit run} refuse an image built for another architecture (an
 * avr5 ELF for the ATmega4809) with the check and message of {@code avrkit flash}, unless --force.
 */
final class ImageArchitecture {
  private ImageArchitecture() {}

  /** Throws the user error of {@link ArchitectureCheck} when the firmware does not suit the device. */
  static void check(Path firmware, Device device, boolean force) {
    if (force || firmware == null || !Files.isRegularFile(firmware)) return;
    ArchitectureCheck.check(FirmwareImage.load(firmware), TargetInfo.of(device));
  }
}
