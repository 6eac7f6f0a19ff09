package dev.avrkit.codegen.project;

import dev.avrkit.image.ElfFile;
import java.nio.file.Path;

/**
 * Flash and RAM use of a firmware ELF against the limits of its chip (or board: a bootloader
 * leaves less flash). Flash holds the code, read-only data and the initial values of {@code
 * .data}; RAM holds {@code .data} and {@code .bss} (the stack comes on top). Immutable.
 *
 * @param elf the firmware
 * @param flashUsed bytes of flash the image occupies
 * @param flashLimit bytes of flash available
 * @param ramUsed bytes of RAM taken by static data
 * @param ramLimit bytes of RAM on the chip
 */
public record SizeReport(Path elf, long flashUsed, long flashLimit, long ramUsed, long ramLimit) {

  /** AVR ELF addresses: flash below 0x800000, RAM (data space) from 0x800000, EEPROM from 0x810000. */
  private static final long DATA = 0x800000L;

  private static final long EEPROM = 0x810000L;

  /** Measures {@code elf}. */
  public static SizeReport of(Path elf, long flashLimit, long ramLimit) {
    ElfFile f = ElfFile.read(elf);
    long flash = 0;
    long ram = 0;
    for (ElfFile.Section s : f.sections()) {
      if (!s.isAlloc() || s.size() == 0) continue;
      long a = s.address();
      if (a < DATA) {
        if (s.hasBytes()) flash += s.size();
      } else if (a < EEPROM) {
        ram += s.size();
        if (s.hasBytes()) flash += s.size(); // initial values of .data live in flash
      }
    }
    return new SizeReport(elf, flash, flashLimit, ram, ramLimit);
  }

  /** True when code and static data fit the chip. */
  public boolean fits() {
    return flashUsed <= flashLimit && ramUsed <= ramLimit;
  }

  /** "blinky.elf: flash 582 B of 49152 B (1.2 %), RAM 1 B of 6144 B (0.0 %)". */
  public String line() {
    return String.format(java.util.Locale.ROOT, "%s: flash %d B of %d B (%.1f %%), RAM %d B of %d B (%.1f %%)",
        elf.getFileName(), flashUsed, flashLimit, 100.0 * flashUsed / flashLimit, ramUsed, ramLimit,
        100.0 * ramUsed / ramLimit);
  }

  /** Why it does not fit, one line; empty when it fits. */
  public String problem() {
    if (flashUsed > flashLimit) {
      return elf.getFileName() + " does not fit: it needs " + flashUsed + " B of flash, " + (flashUsed - flashLimit)
          + " B more than the " + flashLimit + " B available; build with --release, drop core::fmt "
          + "(format!/write!/{:?}) and panics with messages, or pick a larger chip";
    }
    if (ramUsed > ramLimit) {
      return elf.getFileName() + " does not fit: its static data needs " + ramUsed + " B of RAM, " + (ramUsed - ramLimit)
          + " B more than the " + ramLimit + " B the chip has; make large tables `static` constants or smaller";
    }
    return "";
  }
}
