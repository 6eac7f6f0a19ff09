package dev.avrkit.device;

import java.util.List;

/** An address space ({@code <address-space>}: prog, data, eeprom, fuses, lockbits, signatures...). */
public record AddressSpace(String id, String name, long start, long size, List<MemorySegment> segments) {
  public AddressSpace { segments = List.copyOf(segments); }
}
