package dev.avrkit.image;

import java.util.Optional;

/**
 * The memories of an AVR image, placed in one 32-bit address space the way avr-gcc's linker
 * scripts and avrdude's {@code :e} format do: flash below 0x800000, data (RAM) at 0x800000,
 * EEPROM at 0x810000, fuses at 0x820000, lock bits at 0x830000, signature at 0x840000 and the
 * user row / user signature at 0x850000.
 */
public enum Region {
  FLASH("flash", 0x000000L, 0x800000L),
  DATA("data", 0x800000L, 0x10000L),
  EEPROM("eeprom", 0x810000L, 0x10000L),
  FUSES("fuses", 0x820000L, 0x10000L),
  LOCK("lock", 0x830000L, 0x10000L),
  SIGNATURE("signature", 0x840000L, 0x10000L),
  USERROW("userrow", 0x850000L, 0x10000L);

  private final String memoryName;
  private final long base;
  private final long size;

  Region(String memoryName, long base, long size) {
    this.memoryName = memoryName;
    this.base = base;
    this.size = size;
  }

  /** avrdude-style memory name: flash, eeprom, fuses, lock, signature, userrow, data. */
  public String memoryName() { return memoryName; }

  /** Where the region starts in the ELF/HEX address space. */
  public long base() { return base; }

  /** How many addresses the region spans in that address space. */
  public long size() { return size; }

  /** The region holding an ELF load address or HEX address, empty when none does. */
  public static Optional<Region> of(long address) {
    for (Region r : values()) {
      if (address >= r.base && address < r.base + r.size) return Optional.of(r);
    }
    return Optional.empty();
  }

  /** By memory name (also "usersig", "fuse", "lockbits"), case-insensitive. */
  public static Optional<Region> ofName(String n) {
    String k = n.trim().toLowerCase();
    return switch (k) {
      case "flash" -> Optional.of(FLASH);
      case "eeprom" -> Optional.of(EEPROM);
      case "fuse", "fuses" -> Optional.of(FUSES);
      case "lock", "lockbits", "lockbit" -> Optional.of(LOCK);
      case "signature", "sig" -> Optional.of(SIGNATURE);
      case "userrow", "usersig", "user_signatures" -> Optional.of(USERROW);
      case "data", "ram" -> Optional.of(DATA);
      default -> Optional.empty();
    };
  }
}
