package dev.avrkit.device;

import java.util.Optional;

/**
 * The memory facts tools ask for most, derived from a device's address spaces. Addresses are in
 * the space each names; {@code flashMappedAt} is where flash appears in data space on AVR8X
 * (0x4000 on the ATmega4809), {@code eepromDataAddress} where EEPROM appears in data space (0x1400
 * on the 4809), both empty on classic parts.
 */
public record MemoryMap(
    long flashSize,
    int flashPageSize,
    long ramStart,
    long ramSize,
    long eepromSize,
    int eepromPageSize,
    Optional<Long> eepromDataAddress,
    Optional<Long> flashMappedAt,
    long ioSize) {

  static MemoryMap of(Device d) {
    MemorySegment flash =
        d.segments().stream()
            .filter(s -> s.type().equals("flash") && !s.addressSpace().equals("data"))
            .filter(s -> s.name().equalsIgnoreCase("FLASH") || s.name().equalsIgnoreCase("PROGMEM") || s.name().startsWith("APP"))
            .findFirst()
            .orElseGet(() -> d.segments().stream().filter(s -> s.type().equals("flash") && !s.addressSpace().equals("data")).findFirst().orElse(null));
    long flashSize = 0;
    int flashPage = 0;
    if (flash != null) {
      // Some devices split flash into APP/BOOT segments: the prog address space's size is the whole.
      flashSize =
          d.addressSpaces().stream()
              .filter(a -> a.id().equals("prog"))
              .mapToLong(AddressSpace::size)
              .findFirst()
              .orElse(flash.size());
      flashPage = flash.pageSize().orElse(0);
    }
    MemorySegment ram =
        d.segments().stream()
            .filter(s -> s.type().equals("ram") && s.addressSpace().equals("data") && s.external().isEmpty())
            .filter(s -> s.name().equalsIgnoreCase("IRAM") || s.name().equalsIgnoreCase("INTERNAL_SRAM"))
            .findFirst()
            .orElseGet(() -> d.segments().stream().filter(s -> s.type().equals("ram") && s.addressSpace().equals("data")).findFirst().orElse(null));
    // EEPROM: its own space on classic parts, data space on AVR8X, both on XMEGA (EEPROM in the
    // eeprom space with the page size, MAPPED_EEPROM in data space without it)
    MemorySegment eeprom =
        d.segments().stream().filter(s -> s.type().equals("eeprom") && s.name().equalsIgnoreCase("EEPROM")).findFirst()
            .orElseGet(() -> d.segments().stream().filter(s -> s.type().equals("eeprom")).findFirst().orElse(null));
    Optional<Long> eepromData =
        d.segments().stream().filter(s -> s.type().equals("eeprom") && s.addressSpace().equals("data"))
            .map(MemorySegment::start).findFirst();
    Optional<Long> mapped =
        d.segments().stream()
            .filter(s -> s.addressSpace().equals("data") && s.name().equalsIgnoreCase("MAPPED_PROGMEM"))
            .map(MemorySegment::start)
            .findFirst();
    long io =
        d.segments().stream()
            .filter(s -> s.type().equals("io") && s.addressSpace().equals("data"))
            .mapToLong(MemorySegment::end)
            .max()
            .orElse(0);
    return new MemoryMap(
        flashSize,
        flashPage,
        ram == null ? 0 : ram.start(),
        ram == null ? 0 : ram.size(),
        eeprom == null ? 0 : eeprom.size(),
        eeprom == null ? 0 : eeprom.pageSize().orElse(0),
        eepromData,
        mapped,
        io);
  }
}
