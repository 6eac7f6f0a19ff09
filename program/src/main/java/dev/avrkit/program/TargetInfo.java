package dev.avrkit.program;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.MemorySegment;
import dev.avrkit.image.Region;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What a programmer needs to know of a chip, taken from the device model: memory sizes, page
 * sizes, where each memory sits in data space (UPDI parts), the NVM controller and its version.
 * Immutable. Build it with {@link #of(Device)}.
 *
 * @param flashDataBase where flash starts in the address space UPDI uses (0x4000 on megaAVR 0,
 *     0x800000 on AVR Dx; 0 on classic parts)
 * @param flashMappedSize how much of flash the data space maps (0x8000 on AVR Dx, all of it on
 *     the ATmega4809; 0 on classic parts)
 * @param nvmVersion the NVM controller version ({@code P:n} of the SIB): 0 megaAVR 0 / tinyAVR,
 *     2 AVR DA/DB/DD, 3+ newer; -1 on classic parts
 */
public record TargetInfo(
    String name,
    byte[] signature,
    Architecture architecture,
    long flashSize,
    int flashPageSize,
    long flashDataBase,
    long flashMappedSize,
    long eepromSize,
    int eepromPageSize,
    long eepromAddress,
    long fuseAddress,
    int fuseCount,
    long lockAddress,
    int lockSize,
    long userRowAddress,
    int userRowSize,
    long sigrowAddress,
    long nvmctrlAddress,
    int nvmVersion) {

  public TargetInfo {
    signature = signature.clone();
  }

  @Override
  public byte[] signature() { return signature.clone(); }

  /** The signature as "1E 96 51". */
  public String signatureText() { return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(signature); }

  /**
   * Whether the chip has this memory for a UPDI programmer to read and write: flash, EEPROM,
   * fuses, lock, signature, and the user row when there is one (not {@link Region#DATA}).
   */
  public boolean hasMemory(Region m) {
    return switch (m) {
      case FLASH, EEPROM, FUSES, LOCK, SIGNATURE -> true;
      case USERROW -> userRowSize > 0;
      case DATA -> false;
    };
  }

  /**
   * Where a memory starts in the data space of a UPDI part (flash mapped at its data base,
   * EEPROM, fuses, lock, user row, signature row); 0 for {@link Region#DATA}.
   */
  public long dataAddress(Region m) {
    return switch (m) {
      case FLASH -> flashDataBase;
      case EEPROM -> eepromAddress;
      case FUSES -> fuseAddress;
      case LOCK -> lockAddress;
      case USERROW -> userRowAddress;
      case SIGNATURE -> sigrowAddress;
      case DATA -> 0;
    };
  }

  /** Whether the chip is programmed over UPDI (AVR8X parts). */
  public boolean isUpdi() { return architecture == Architecture.AVR8X; }

  /** The facts of one device from the model. */
  public static TargetInfo of(Device d) {
    var mem = d.memory();
    Optional<MemorySegment> fuses = dataSegment(d, "FUSES");
    Optional<MemorySegment> lock = dataSegment(d, "LOCKBITS");
    Optional<MemorySegment> user = dataSegment(d, "USER_SIGNATURES");
    Optional<MemorySegment> sig = dataSegment(d, "SIGNATURES");
    Optional<MemorySegment> mapped = dataSegment(d, "MAPPED_PROGMEM");
    long progOffset = d.property("UPDI_INTERFACE", "PROGMEM_OFFSET").map(Long::decode)
        .orElse(mapped.map(MemorySegment::start).orElse(0L));
    boolean updi = d.architecture() == Architecture.AVR8X;
    long nvm = d.peripheral("NVMCTRL").map(p -> p.baseAddress()).orElse(0x1000L);
    int fuseCount = (int) d.fuses().stream().filter(f -> !f.lockBits()).count();
    if (fuses.isPresent()) fuseCount = (int) Math.max(fuseCount, fuses.get().size());
    int version = !updi ? -1 : progOffset >= 0x800000L ? 2 : 0;
    return new TargetInfo(
        d.name(),
        d.signature(),
        d.architecture(),
        mem.flashSize(),
        mem.flashPageSize(),
        updi ? progOffset : 0,
        mapped.map(MemorySegment::size).orElse(0L),
        mem.eepromSize(),
        Math.max(1, mem.eepromPageSize()),
        mem.eepromDataAddress().orElse(0L),
        fuses.map(MemorySegment::start).orElse(0L),
        fuseCount,
        lock.map(MemorySegment::start).orElse(0L),
        lock.map(s -> (int) s.size()).orElse(d.fuses().stream().anyMatch(f -> f.lockBits()) ? 1 : 0),
        user.map(MemorySegment::start).orElse(0L),
        user.map(s -> (int) s.size()).orElse(0),
        sig.map(MemorySegment::start).orElse(0L),
        nvm,
        version);
  }

  private static Optional<MemorySegment> dataSegment(Device d, String name) {
    return d.segments().stream()
        .filter(s -> s.name().equalsIgnoreCase(name))
        .filter(s -> s.addressSpace().equals("data") || d.architecture() != Architecture.AVR8X)
        .findFirst();
  }

  /** Checks a read signature against the model's; {@link AvrkitException} when they differ. */
  public void checkSignature(byte[] read, String port) {
    if (!Arrays.equals(read, signature)) {
      String got = HexFormat.ofDelimiter(" ").withUpperCase().formatHex(read);
      String hint = Arrays.equals(read, new byte[] {0, 0, 0})
          || Arrays.equals(read, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF})
          ? "no chip answers properly: check wiring and power"
          : "a different chip is connected: pass its name with --device";
      throw new AvrkitException(String.format(
          "%s: the chip's signature is %s but %s has %s; %s", port, got, name, signatureText(), hint));
    }
  }
}
