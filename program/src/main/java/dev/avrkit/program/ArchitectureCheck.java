package dev.avrkit.program;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.AvrkitException;
import dev.avrkit.image.AvrArch;
import dev.avrkit.image.FirmwareImage;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Does an image's instruction-set architecture (ELF {@code e_flags}: avr5, avrxmega3...) suit a
 * chip? Refuses the classic mistake of an ATmega328P build ({@code avr5}) for the ATmega4809
 * ({@code avrxmega3}) before anything touches the chip.
 */
public final class ArchitectureCheck {
  private ArchitectureCheck() {}

  private static final Set<AvrArch> XMEGA = EnumSet.range(AvrArch.AVRXMEGA1, AvrArch.AVRXMEGA7);
  private static final Set<AvrArch> CLASSIC = EnumSet.range(AvrArch.AVR1, AvrArch.AVR6);
  private static final Set<AvrArch> MUL = EnumSet.of(AvrArch.AVR4, AvrArch.AVR5, AvrArch.AVR51, AvrArch.AVR6);

  /** The architecture avr-gcc uses for the chip ({@code -mmcu=<chip>} would give this). */
  public static AvrArch expected(TargetInfo t) {
    long flash = t.flashSize();
    return switch (t.architecture()) {
      case AVR8L -> AvrArch.AVRTINY;
      case AVR8X, AVR8_XMEGA -> flash > 128 * 1024 ? AvrArch.AVRXMEGA6
          : t.architecture() == Architecture.AVR8X && t.flashMappedSize() >= flash ? AvrArch.AVRXMEGA3
          : flash <= 64 * 1024 ? AvrArch.AVRXMEGA2 : AvrArch.AVRXMEGA4;
      case AVR8 -> flash > 128 * 1024 ? AvrArch.AVR6 : flash > 64 * 1024 ? AvrArch.AVR51
          : isMega(t) ? (flash <= 8 * 1024 ? AvrArch.AVR4 : AvrArch.AVR5) : AvrArch.AVR25;
    };
  }

  private static boolean isMega(TargetInfo t) {
    String n = t.name().toUpperCase();
    return n.startsWith("ATMEGA") || n.startsWith("AT90");
  }

  /** Why the image does not suit the chip, or empty when it does (or its architecture is unknown). */
  public static Optional<String> problem(Optional<AvrArch> image, TargetInfo t) {
    if (image.isEmpty()) return Optional.empty();
    AvrArch a = image.get();
    AvrArch want = expected(t);
    boolean ok = switch (t.architecture()) {
      case AVR8L -> a == AvrArch.AVRTINY;
      case AVR8X, AVR8_XMEGA -> XMEGA.contains(a)
          && (t.flashSize() > 128 * 1024) == (a == AvrArch.AVRXMEGA6 || a == AvrArch.AVRXMEGA7)
          && (a != AvrArch.AVRXMEGA3 || t.architecture() != Architecture.AVR8X
              || t.flashMappedSize() >= t.flashSize());
      case AVR8 -> CLASSIC.contains(a)
          && (t.flashSize() > 128 * 1024) == (a == AvrArch.AVR6)
          && (a != AvrArch.AVR51 || t.flashSize() > 64 * 1024)
          && (!MUL.contains(a) || isMega(t));
    };
    if (ok) return Optional.empty();
    return Optional.of(String.format(
        "the image was built for %s (%s) but the %s is an %s part that needs %s code; rebuild it "
            + "for the %s (target cpu %s)",
        a.gccName(), describe(a), t.name(), t.architecture().coreName(), want.gccName(), t.name(),
        t.name().toLowerCase()));
  }

  /** Throws {@link AvrkitException} when the image does not suit the chip. */
  public static void check(FirmwareImage image, TargetInfo t) {
    problem(image.architecture(), t).ifPresent(p -> {
      throw new AvrkitException(image.source() + ": " + p);
    });
  }

  private static String describe(AvrArch a) {
    return switch (a) {
      case AVR5 -> "classic AVR with up to 64 KiB flash such as the ATmega328P";
      case AVR6 -> "classic AVR with more than 128 KiB flash such as the ATmega2560";
      case AVR51 -> "classic AVR with 128 KiB flash such as the ATmega1284P";
      case AVR2, AVR25 -> "classic ATtiny";
      case AVRTINY -> "reduced-core ATtiny such as the ATtiny10";
      case AVRXMEGA3 -> "AVRxt with all flash in data space such as the ATmega4809";
      case AVRXMEGA2, AVRXMEGA4 -> "XMEGA/AVRxt such as the AVR Dx or ATxmega";
      default -> "AVR";
    };
  }
}
