package dev.avrkit.device;

import java.util.Optional;

/**
 * A memory segment of an address space ({@code <memory-segment>}): FLASH, IRAM, EEPROM,
 * MAPPED_PROGMEM, FUSES, LOCKBITS, SIGNATURES, USER_SIGNATURES, IO, PROD_SIGNATURES, ...
 * {@code type} is ATDF's type ("flash", "ram", "eeprom", "io", "fuses", "lockbits", "signatures",
 * "user_signatures", "other"), {@code addressSpace} the id of the space holding it.
 */
public record MemorySegment(
    String name,
    String type,
    String addressSpace,
    long start,
    long size,
    Optional<Integer> pageSize,
    Access access,
    boolean executable,
    Optional<String> external) {
  public long end() { return start + size; }

  public boolean contains(long address) { return address >= start && address < end(); }
}
