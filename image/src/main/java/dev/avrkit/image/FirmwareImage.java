package dev.avrkit.image;

import dev.avrkit.device.AvrkitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What goes into a chip: the contents of each memory ({@link Region}), addressed from the start of
 * that memory (flash byte 0, EEPROM byte 0, fuse 0...), plus the architecture the code was built
 * for when the source says (ELF). Immutable.
 *
 * <p>Entry points: {@link #load(Path)} (format by content: ELF magic, Intel HEX, else raw binary),
 * {@link #fromElf}, {@link #fromHex}, {@link #ofFlash}.
 */
public final class FirmwareImage {
  /** How a file is read. */
  public enum Format {
    ELF, IHEX, RAW;

    /** avrdude's format letters: e, i, r (and "auto" = null). */
    public static Optional<Format> ofAvrdude(String letter) {
      return switch (letter.trim().toLowerCase()) {
        case "e", "elf" -> Optional.of(ELF);
        case "i", "ihex", "hex" -> Optional.of(IHEX);
        case "r", "raw", "bin" -> Optional.of(RAW);
        default -> Optional.empty();
      };
    }
  }

  private final String source;
  private final Map<Region, MemoryContent> memories;
  private final Optional<AvrArch> architecture;

  private FirmwareImage(String source, Map<Region, MemoryContent> memories, Optional<AvrArch> arch) {
    this.source = source;
    EnumMap<Region, MemoryContent> m = new EnumMap<>(Region.class);
    memories.forEach((r, c) -> { if (!c.isEmpty()) m.put(r, c); });
    this.memories = java.util.Collections.unmodifiableMap(m);
    this.architecture = arch;
  }

  /** Only flash contents, from a raw binary or anything else already placed. */
  public static FirmwareImage ofFlash(String source, MemoryContent flash) {
    return new FirmwareImage(source, Map.of(Region.FLASH, flash), Optional.empty());
  }

  /** Contents of several memories, each addressed from the memory's start. */
  public static FirmwareImage of(String source, Map<Region, MemoryContent> memories, Optional<AvrArch> arch) {
    return new FirmwareImage(source, memories, arch);
  }

  /** Reads a file, choosing the format from its content. */
  public static FirmwareImage load(Path file) {
    return load(file, null);
  }

  /** Reads a file in a given format (null = by content). */
  public static FirmwareImage load(Path file, Format format) {
    byte[] bytes = readBytes(file);
    Format f = format != null ? format : detect(bytes, file);
    String lower = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (format == null && f == Format.RAW && lower.endsWith(".elf")) {
      throw new AvrkitException(file + ": named .elf but not an ELF file (no ELF magic at its start); "
          + "give the ELF that cargo or avr-gcc built (target/avr-.../*.elf), a .hex or a .bin file");
    }
    return switch (f) {
      case ELF -> fromElf(ElfFile.parse(bytes, file.toString()));
      case IHEX -> fromHex(IntelHex.parse(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1), file.toString()), file.toString());
      case RAW -> ofFlash(file.toString(), MemoryContent.of(0, bytes));
    };
  }

  /** A file's bytes; {@link AvrkitException} naming the file when it is missing or unreadable. */
  static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new AvrkitException(file + ": no such file");
    } catch (IOException e) {
      throw new AvrkitException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** The format a file's bytes look like: ELF magic, HEX when it starts with ':', else raw. */
  public static Format detect(byte[] bytes, Path file) {
    if (ElfFile.isElf(bytes)) return Format.ELF;
    int i = 0;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) i++;
    if (i < bytes.length && bytes[i] == ':') return Format.IHEX;
    String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase();
    if (n.endsWith(".hex") || n.endsWith(".ihex")) return Format.IHEX;
    return Format.RAW;
  }

  /** Places an ELF file's loadable bytes into memories by load address (avrdude's {@code :e}). */
  public static FirmwareImage fromElf(ElfFile elf) {
    return new FirmwareImage(elf.name(), split(elf.loadableContent(), elf.name()), elf.architecture());
  }

  /**
   * Splits HEX contents into memories by address the same way (addresses from 0x810000 are
   * EEPROM etc.), so {@code avr-objcopy -O ihex} output of a whole ELF file keeps its EEPROM.
   */
  public static FirmwareImage fromHex(MemoryContent hex, String source) {
    return new FirmwareImage(source, split(hex, source), Optional.empty());
  }

  private static Map<Region, MemoryContent> split(MemoryContent all, String source) {
    Map<Region, MemoryContent> out = new EnumMap<>(Region.class);
    for (MemoryContent.Chunk c : all.chunks()) {
      if (Region.of(c.address()).isEmpty() || Region.of(c.end() - 1).isEmpty()) {
        throw new AvrkitException(String.format(
            "%s: bytes at 0x%X..0x%X lie outside every AVR memory (flash below 0x800000, "
                + "EEPROM 0x810000, fuses 0x820000, lock 0x830000, signature 0x840000, "
                + "user row 0x850000)", source, c.address(), c.end() - 1));
      }
    }
    for (Region r : Region.values()) {
      MemoryContent part = all.slice(r.base(), r.base() + r.size()).shifted(-r.base());
      if (!part.isEmpty()) out.put(r, part);
    }
    return out;
  }

  /** Where the image came from. */
  public String source() { return source; }

  /** The architecture the code was built for, when known (ELF files). */
  public Optional<AvrArch> architecture() { return architecture; }

  /** Every memory with contents. */
  public Map<Region, MemoryContent> memories() { return memories; }

  /** Contents of one memory (empty when the image has none for it). */
  public MemoryContent memory(Region r) { return memories.getOrDefault(r, MemoryContent.empty()); }

  /** Flash contents, addressed from flash byte 0. */
  public MemoryContent flash() { return memory(Region.FLASH); }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("FirmwareImage[" + source);
    architecture.ifPresent(a -> sb.append(", ").append(a));
    memories.forEach((r, c) -> sb.append(", ").append(r.memoryName()).append(' ').append(c.byteCount()).append(" B"));
    return sb.append(']').toString();
  }
}
