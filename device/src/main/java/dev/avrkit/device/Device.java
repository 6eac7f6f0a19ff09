package dev.avrkit.device;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One AVR device as its ATDF file describes it, cleaned up (see FIELD-NOTES): the single model
 * that codegen, the simulator and the programmer read. Immutable.
 *
 * <p>{@code propertyGroups} keeps every {@code <property-group>} (SIGNATURES, UPDI_INTERFACE,
 * OCD, ...) as name to (property name to value) for facts without a typed accessor.
 */
public record Device(
    String name,
    String family,
    Architecture architecture,
    Optional<String> series,
    PackInfo pack,
    List<AddressSpace> addressSpaces,
    List<Module> modules,
    List<Peripheral> peripherals,
    List<Interrupt> interrupts,
    List<Fuse> fuses,
    List<Pinout> pinouts,
    List<String> programmingInterfaces,
    Map<String, Map<String, String>> propertyGroups,
    List<String> warnings) {

  public Device {
    addressSpaces = List.copyOf(addressSpaces);
    modules = List.copyOf(modules);
    peripherals = List.copyOf(peripherals);
    interrupts = List.copyOf(interrupts);
    fuses = List.copyOf(fuses);
    pinouts = List.copyOf(pinouts);
    programmingInterfaces = List.copyOf(programmingInterfaces);
    propertyGroups = Map.copyOf(propertyGroups);
    warnings = List.copyOf(warnings);
  }

  /** Peripheral instance by name (case-insensitive). */
  public Optional<Peripheral> peripheral(String n) {
    return peripherals.stream().filter(p -> p.name().equalsIgnoreCase(n)).findFirst();
  }

  public Optional<Module> module(String n) {
    return modules.stream().filter(m -> m.name().equalsIgnoreCase(n)).findFirst();
  }

  /** All memory segments of all address spaces. */
  public List<MemorySegment> segments() {
    return addressSpaces.stream().flatMap(a -> a.segments().stream()).toList();
  }

  /** First segment of that name (FLASH, IRAM, EEPROM, MAPPED_PROGMEM...), case-insensitive. */
  public Optional<MemorySegment> segment(String n) {
    return segments().stream().filter(s -> s.name().equalsIgnoreCase(n)).findFirst();
  }

  /** Number of interrupt vectors (highest index + 1). */
  public int vectorCount() {
    return interrupts.stream().mapToInt(Interrupt::index).max().orElse(0) + 1;
  }

  public Optional<String> property(String group, String name) {
    Map<String, String> g = propertyGroups.get(group);
    return g == null ? Optional.empty() : Optional.ofNullable(g.get(name));
  }

  /** Signature bytes (SIGNATURE0..2), e.g. 1E 96 51 for the ATmega4809. */
  public byte[] signature() {
    byte[] s = new byte[3];
    for (int i = 0; i < 3; i++) {
      s[i] = (byte) Long.decode(property("SIGNATURES", "SIGNATURE" + i).orElse("0")).longValue();
    }
    return s;
  }

  /** Fuse by name (OSCCFG, SYSCFG0, LOW, HIGH, EXTENDED...) or "fuseN", case-insensitive. */
  public Optional<Fuse> fuse(String n) {
    return fuses.stream()
        .filter(f -> f.name().equalsIgnoreCase(n) || ("fuse" + f.index()).equalsIgnoreCase(n))
        .findFirst();
  }

  /** The commonly needed memory facts, derived from the address spaces. */
  public MemoryMap memory() { return MemoryMap.of(this); }
}
