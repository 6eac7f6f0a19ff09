package dev.avrkit.vboard;

import dev.avrkit.device.Architecture;
import dev.avrkit.device.AvrkitException;
import dev.avrkit.device.Device;
import dev.avrkit.device.Fuse;
import dev.avrkit.device.MemoryMap;
import dev.avrkit.device.MemorySegment;
import java.util.Comparator;

/**
 * The memory facts a virtual chip needs, taken from the device model. Data-space addresses are
 * those of AVR8X parts (UPDI); on classic parts (STK500 bootloader) only sizes, page sizes, fuse
 * defaults and the signature are used.
 *
 * @param name device name, e.g. ATmega4809
 * @param updi whether the part is an AVR8X (UPDI) part
 * @param signature the three signature bytes
 * @param flashSize flash size in bytes
 * @param flashPage flash page size in bytes
 * @param flashData where UPDI sees flash (AVR8X: 0x4000/0x8000 in data space on NVM version 0,
 *     0x800000 on version 2), else 0
 * @param eepromSize EEPROM size in bytes
 * @param eepromPage EEPROM page size in bytes (the part of the page buffer an EEPROM write uses)
 * @param eepromData where EEPROM sits in data space (AVR8X), else 0
 * @param fuseData where fuse 0 sits in data space (AVR8X), else 0
 * @param fuseDefaults factory values of fuse 0..n-1 (0xFF where the model has none)
 * @param lockData where the lock byte sits in data space (AVR8X), else 0
 * @param lockDefault the unlocked value of the lock byte (0xC5 on AVR8X version 0, the 32-bit
 *     key 0x5CC5C55C on version 2, 0xFF on classic)
 * @param userRowData where the user row sits in data space (AVR8X), else 0
 * @param userRowSize user row size in bytes
 * @param sigrowData where SIGROW sits in data space (AVR8X), else 0
 * @param nvmctrlData base of NVMCTRL in data space (AVR8X), else 0
 * @param nvmVersion UPDI NVM controller version (0 = megaAVR 0 / tinyAVR, 2 = AVR Dx)
 * @param sibFamily family part of the UPDI System Information Block ("megaAVR", "tinyAVR")
 * @param fuseIndex the model's fuse names (upper case) and their index (0..n-1)
 */
public record ChipLayout(
    String name,
    boolean updi,
    byte[] signature,
    int flashSize,
    int flashPage,
    int flashData,
    int eepromSize,
    int eepromPage,
    int eepromData,
    int fuseData,
    byte[] fuseDefaults,
    int lockData,
    int lockDefault,
    int userRowData,
    int userRowSize,
    int sigrowData,
    int nvmctrlData,
    int nvmVersion,
    String sibFamily,
    java.util.Map<String, Integer> fuseIndex) {

  public ChipLayout {
    signature = signature.clone();
    fuseDefaults = fuseDefaults.clone();
    fuseIndex = java.util.Map.copyOf(fuseIndex);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public byte[] fuseDefaults() {
    return fuseDefaults.clone();
  }

  /**
   * The layout of a device from the model. Throws {@link AvrkitException} for parts this virtual
   * hardware cannot stand in for (UPDI parts whose NVM controller is not version 0, XMEGA, AVRrc).
   */
  public static ChipLayout of(Device d) {
    MemoryMap m = d.memory();
    boolean updi = d.architecture() == Architecture.AVR8X;
    if (!updi && d.architecture() != Architecture.AVR8) {
      throw new AvrkitException(
          d.name() + " is an " + d.architecture().coreName()
              + " part; virtual boards simulate UPDI (AVR8X) and classic bootloader parts only");
    }
    int fuseCount =
        d.fuses().stream().filter(f -> !f.lockBits()).mapToInt(f -> f.index() + 1).max().orElse(0);
    byte[] defaults = new byte[Math.max(fuseCount, 0)];
    java.util.Arrays.fill(defaults, (byte) 0xFF);
    for (Fuse f : d.fuses()) {
      if (!f.lockBits() && f.index() >= 0 && f.index() < defaults.length) {
        defaults[f.index()] = (byte) (long) f.defaultValue().orElse(0xFFL);
      }
    }
    int fuseData = 0;
    int lockData = 0;
    int lockDefault = updi ? 0xC5 : 0xFF;
    int userRow = 0;
    int userRowSize = 0;
    int sigrow = 0;
    int nvmctrl = 0;
    int nvmVersion = -1;
    int flashData = m.flashMappedAt().map(Long::intValue).orElse(0);
    if (updi) {
      fuseData = (int) seg(d, "FUSES").start();
      MemorySegment lock = seg(d, "LOCKBITS");
      lockData = (int) lock.start();
      lockDefault =
          d.fuses().stream()
              .filter(Fuse::lockBits)
              .map(f -> f.defaultValue().orElse(0xC5L))
              .findFirst()
              .orElse(0xC5L)
              .intValue();
      MemorySegment ur = seg(d, "USER_SIGNATURES");
      userRow = (int) ur.start();
      userRowSize = (int) ur.size();
      sigrow = (int) seg(d, "SIGNATURES").start();
      nvmctrl =
          (int)
              d.peripheral("NVMCTRL")
                  .orElseThrow(() -> new AvrkitException(d.name() + ": the model has no NVMCTRL"))
                  .baseAddress();
      // UPDI_INTERFACE.PROGMEM_OFFSET: 16-bit (0x4000/0x8000) on NVMCTRL version 0 parts,
      // 0x800000 (24-bit UPDI addresses) on AVR Dx/Ex (version 2 and later).
      long progmemOffset =
          d.property("UPDI_INTERFACE", "PROGMEM_OFFSET").map(Long::decode).orElse(0L);
      nvmVersion = progmemOffset > 0 && progmemOffset < 0x10000 ? 0 : 2;
      if (nvmVersion == 2) {
        // UPDI reaches all of flash at PROGMEM_OFFSET (24-bit addresses); the 32 KiB data-space
        // window (MAPPED_PROGMEM) only shows one FLMAP section of it
        flashData = (int) progmemOffset;
        lockDefault = 0x5CC5C55C; // LOCK.KEY NOLOCK
      }
    }
    String family =
        d.name().toUpperCase().startsWith("ATTINY")
            ? "tinyAVR"
            : d.name().toUpperCase().startsWith("ATMEGA") ? "megaAVR" : "AVR";
    return new ChipLayout(
        d.name(),
        updi,
        d.signature(),
        (int) m.flashSize(),
        m.flashPageSize(),
        flashData,
        (int) m.eepromSize(),
        Math.max(m.eepromPageSize(), 1),
        m.eepromDataAddress().map(Long::intValue).orElse(0),
        fuseData,
        defaults,
        lockData,
        lockDefault,
        userRow,
        userRowSize,
        sigrow,
        nvmctrl,
        nvmVersion,
        family,
        fuseIndex(d));
  }

  private static java.util.Map<String, Integer> fuseIndex(Device d) {
    java.util.Map<String, Integer> m = new java.util.HashMap<>();
    for (Fuse f : d.fuses()) {
      if (!f.lockBits() && f.index() >= 0) m.put(f.name().toUpperCase(java.util.Locale.ROOT), f.index());
    }
    return m;
  }

  private static MemorySegment seg(Device d, String name) {
    return d.segments().stream()
        .filter(s -> s.name().equalsIgnoreCase(name) && s.addressSpace().equals("data"))
        .min(Comparator.comparingLong(MemorySegment::start))
        .orElseThrow(
            () -> new AvrkitException(d.name() + ": the model has no data-space " + name + " segment"));
  }

  /**
   * The 32-character UPDI System Information Block of this part; the family right-aligned in its
   * 7 characters ("    AVR" on AVR Dx, as avrdude.conf's family_id has it).
   */
  public String sib() {
    String fam = String.format("%7.7s", sibFamily);
    String s = fam + " P:" + nvmVersion + "D:1-3M2 (01.59B20.0)";
    return (s + " ".repeat(32)).substring(0, 32);
  }
}
