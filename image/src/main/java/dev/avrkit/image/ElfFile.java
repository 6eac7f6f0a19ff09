package dev.avrkit.image;

import dev.avrkit.device.AvrkitException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An ELF32 little-endian file as avr-gcc / avr-ld / rustc write them for AVR ({@code e_machine}
 * 83): header, sections, program headers (segments) and symbols. Immutable. Read one with
 * {@link #read(Path)} or {@link #parse(byte[], String)}.
 */
public final class ElfFile {
  /** ELF machine number of AVR. */
  public static final int EM_AVR = 83;
  /** The pre-standard AVR machine number some old tools wrote. */
  public static final int EM_AVR_OLD = 0x1059;

  public static final int PT_LOAD = 1;
  public static final int SHT_PROGBITS = 1;
  public static final int SHT_SYMTAB = 2;
  public static final int SHT_NOBITS = 8;
  public static final long SHF_ALLOC = 0x2;

  /** A section header with its name (the bytes are read through {@link ElfFile#sectionData}). */
  public record Section(
      int index, String name, int type, long flags, long address, long offset, long size, int link) {
    public boolean isAlloc() { return (flags & SHF_ALLOC) != 0; }

    /** Whether the file holds bytes for it (not NOBITS, not empty). */
    public boolean hasBytes() { return type != SHT_NOBITS && size > 0; }
  }

  /** A program header: {@code paddr} is the load address (LMA), {@code vaddr} the run address. */
  public record Segment(
      int type, long offset, long vaddr, long paddr, long fileSize, long memSize, int flags) {}

  /** A symbol-table entry; {@code type} is STT_* (0 none, 1 object, 2 func, 3 section, 4 file). */
  public record Symbol(String name, long value, long size, int type, int binding, int sectionIndex) {
    public boolean isFunction() { return type == 2; }

    public boolean isObject() { return type == 1; }

    public boolean isGlobal() { return binding == 1 || binding == 2; }
  }

  private final String name;
  private final byte[] data;
  private final int type;
  private final int machine;
  private final int flags;
  private final long entry;
  private final List<Section> sections;
  private final List<Segment> segments;
  private final List<Symbol> symbols;

  private ElfFile(
      String name,
      byte[] data,
      int type,
      int machine,
      int flags,
      long entry,
      List<Section> sections,
      List<Segment> segments,
      List<Symbol> symbols) {
    this.name = name;
    this.data = data;
    this.type = type;
    this.machine = machine;
    this.flags = flags;
    this.entry = entry;
    this.sections = List.copyOf(sections);
    this.segments = List.copyOf(segments);
    this.symbols = List.copyOf(symbols);
  }

  /** Reads and checks an AVR ELF file; {@link AvrkitException} when missing or not AVR ELF. */
  public static ElfFile read(Path file) {
    return parse(FirmwareImage.readBytes(file), file.toString());
  }

  /** Whether bytes start with the ELF magic. */
  public static boolean isElf(byte[] bytes) {
    return bytes.length >= 4
        && bytes[0] == 0x7F && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
  }

  /** Parses ELF bytes; {@code name} names the source in error messages. */
  public static ElfFile parse(byte[] bytes, String name) {
    if (!isElf(bytes)) throw new AvrkitException(name + ": not an ELF file (no ELF magic)");
    if (bytes.length < 52) throw new AvrkitException(name + ": truncated ELF header");
    if (bytes[4] != 1) {
      throw new AvrkitException(
          name + ": a 64-bit ELF file, not an AVR program (AVR ELF files are 32-bit); "
              + "build it for an AVR target");
    }
    if (bytes[5] != 1) {
      throw new AvrkitException(name + ": big-endian ELF file, not an AVR program");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int eType = u16(b, 16);
    int eMachine = u16(b, 18);
    if (eMachine != EM_AVR && eMachine != EM_AVR_OLD) {
      throw new AvrkitException(
          name + ": ELF file for machine " + eMachine + " (" + machineName(eMachine)
              + "), not AVR (83); build it with avr-gcc or an AVR Rust target");
    }
    long eEntry = u32(b, 24);
    long phoff = u32(b, 28);
    long shoff = u32(b, 32);
    int eFlags = (int) u32(b, 36);
    int phentsize = u16(b, 42);
    int phnum = u16(b, 44);
    int shentsize = u16(b, 46);
    int shnum = u16(b, 48);
    int shstrndx = u16(b, 50);
    try {
      List<Segment> segs = new ArrayList<>();
      for (int i = 0; i < phnum; i++) {
        int o = checkedOffset(phoff + (long) i * phentsize, 32, bytes.length);
        segs.add(new Segment(
            (int) u32(b, o), u32(b, o + 4), u32(b, o + 8), u32(b, o + 12), u32(b, o + 16),
            u32(b, o + 20), (int) u32(b, o + 24)));
      }
      int[] nameOff = new int[shnum];
      List<Section> raw = new ArrayList<>();
      for (int i = 0; i < shnum; i++) {
        int o = checkedOffset(shoff + (long) i * shentsize, 40, bytes.length);
        nameOff[i] = (int) u32(b, o);
        raw.add(new Section(
            i, "", (int) u32(b, o + 4), u32(b, o + 8), u32(b, o + 12), u32(b, o + 16),
            u32(b, o + 20), (int) u32(b, o + 24)));
      }
      List<Section> secs = new ArrayList<>();
      Section strtab = shstrndx < raw.size() ? raw.get(shstrndx) : null;
      for (Section s : raw) {
        String n = strtab == null ? "" : cstring(bytes, strtab.offset() + nameOff[s.index()]);
        Section named =
            new Section(s.index(), n, s.type(), s.flags(), s.address(), s.offset(), s.size(), s.link());
        if (named.type() != SHT_NOBITS) checkedOffset(named.offset(), named.size(), bytes.length);
        secs.add(named);
      }
      List<Symbol> syms = new ArrayList<>();
      for (Section s : secs) {
        if (s.type() != SHT_SYMTAB || s.link() >= secs.size()) continue;
        Section str = secs.get(s.link());
        for (long o = s.offset() + 16; o + 16 <= s.offset() + s.size(); o += 16) {
          int at = (int) o;
          int info = bytes[at + 12] & 0xFF;
          syms.add(new Symbol(
              cstring(bytes, str.offset() + u32(b, at)), u32(b, at + 4), u32(b, at + 8),
              info & 0xF, info >> 4, u16(b, at + 14)));
        }
      }
      return new ElfFile(name, bytes, eType, eMachine, eFlags, eEntry, secs, segs, syms);
    } catch (IndexOutOfBoundsException e) {
      throw new AvrkitException(name + ": truncated or corrupt ELF file (" + e.getMessage() + ")");
    }
  }

  private static int checkedOffset(long off, long len, int total) {
    if (off < 0 || len < 0 || off + len > total) {
      throw new IndexOutOfBoundsException(
          "bytes " + off + ".." + (off + len) + " beyond the file's " + total);
    }
    return (int) off;
  }

  private static int u16(ByteBuffer b, int o) { return b.getShort(o) & 0xFFFF; }

  private static long u32(ByteBuffer b, int o) { return b.getInt(o) & 0xFFFFFFFFL; }

  private static String cstring(byte[] d, long off) {
    int s = (int) off;
    int e = s;
    while (e < d.length && d[e] != 0) e++;
    return new String(d, s, e - s, StandardCharsets.ISO_8859_1);
  }

  private static String machineName(int m) {
    return switch (m) {
      case 3 -> "x86";
      case 40 -> "ARM";
      case 62 -> "x86-64";
      case 183 -> "AArch64";
      case 243 -> "RISC-V";
      case 0 -> "none";
      default -> "unknown";
    };
  }

  /** Where the file came from (path or a name given to {@link #parse}). */
  public String name() { return name; }

  /** ELF type: 1 relocatable, 2 executable. */
  public int type() { return type; }

  public int machine() { return machine; }

  /** The raw {@code e_flags}. */
  public int flags() { return flags; }

  /** The architecture from {@code e_flags}, empty when the flags name none. */
  public Optional<AvrArch> architecture() { return AvrArch.ofElfFlags(flags); }

  public long entry() { return entry; }

  public List<Section> sections() { return sections; }

  public List<Segment> segments() { return segments; }

  public List<Symbol> symbols() { return symbols; }

  public Optional<Section> section(String n) {
    return sections.stream().filter(s -> s.name().equals(n)).findFirst();
  }

  /** First symbol of that name. */
  public Optional<Symbol> symbol(String n) {
    return symbols.stream().filter(s -> s.name().equals(n)).findFirst();
  }

  /** A copy of a section's bytes (empty for NOBITS). */
  public byte[] sectionData(Section s) {
    if (!s.hasBytes()) return new byte[0];
    return Arrays.copyOfRange(data, (int) s.offset(), (int) (s.offset() + s.size()));
  }

  /**
   * The loadable bytes placed by load address as avrdude's {@code :e} does: every PT_LOAD segment
   * with file bytes, filled from the allocated PROGBITS sections that lie in it, at
   * {@code paddr + (section offset - segment offset)}. Files without program headers (relocatable
   * objects) place their allocated sections at their addresses.
   */
  public MemoryContent loadableContent() {
    MemoryContent.Builder out = MemoryContent.builder();
    List<Segment> loads = segments.stream().filter(s -> s.type() == PT_LOAD && s.fileSize() > 0).toList();
    for (Section s : sections) {
      if (!s.isAlloc() || !s.hasBytes()) continue;
      long at = -1;
      if (loads.isEmpty()) {
        at = s.address();
      } else {
        for (Segment p : loads) {
          if (s.offset() >= p.offset() && s.offset() + s.size() <= p.offset() + p.fileSize()) {
            at = p.paddr() + (s.offset() - p.offset());
            break;
          }
        }
      }
      if (at < 0) continue;
      var conflict = out.put(at, sectionData(s));
      if (conflict.isPresent()) {
        throw new AvrkitException(String.format(
            "%s: section %s overlaps other loadable bytes at load address 0x%X; check the "
                + "linker script", name, s.name(), conflict.getAsLong()));
      }
    }
    return out.build();
  }
}
